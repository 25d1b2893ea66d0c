// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NET_ADDRESS_H
#define DOTS_NET_ADDRESS_H

/**
 * Peer addresses of the P2P network: NetAddr (an IPv4, IPv6 or Tor v3 onion address) and
 * Service (a NetAddr with a port), with what the address manager, eviction and bans need to
 * know about them: whether an address is routable on the public internet, its network group
 * (the /16 of an IPv4 address, the /32 of an IPv6 address, 4 bits of an onion key), and the
 * BIP155 network ids used on the wire (`addrv2`).
 *
 * Numeric IP text is parsed by util/netaddress.h (the one IP parser); this file adds onion
 * names and the P2P view. Value types, thread-compatible.
 */

#include <util/netaddress.h>

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct sockaddr;
struct sockaddr_storage;

namespace net {

/** The networks a peer can be on. Values are internal; see Bip155Id for the wire ids. */
enum class Network : uint8_t {
    IPV4 = 0,
    IPV6 = 1,
    ONION = 2, //!< Tor v3 hidden service (32-byte ed25519 key)
};
inline constexpr size_t NETWORK_COUNT = 3;

/** "ipv4", "ipv6", "onion" (the names of -onlynet and getnetworkinfo). */
std::string_view NetworkName(Network net);
/** Parses a -onlynet name (case-insensitive; "tor" means onion). */
std::optional<Network> ParseNetworkName(std::string_view name);

/** BIP155 network ids. */
enum class Bip155Id : uint8_t { IPV4 = 1, IPV6 = 2, TORV2 = 3, TORV3 = 4, I2P = 5, CJDNS = 6 };

class NetAddr
{
public:
    /** 0.0.0.0 (invalid; a placeholder, e.g. "address unknown"). */
    NetAddr() = default;
    explicit NetAddr(const IPAddress& ip);

    /** A numeric IPv4/IPv6 address or a v3 "<56 base32 chars>.onion" name; nullopt otherwise. */
    static std::optional<NetAddr> Parse(std::string_view text);
    /** A v3 onion address from its 32-byte public key. */
    static NetAddr FromOnionKey(std::span<const uint8_t, 32> key);
    /**
     * From a BIP155 (network id, bytes) pair. nullopt for networks we do not support (TORv2,
     * I2P, CJDNS: the caller skips them) and for a length that does not match the network.
     */
    static std::optional<NetAddr> FromBip155(uint8_t network_id, std::span<const uint8_t> bytes);

    Network GetNetwork() const { return m_net; }
    bool IsIPv4() const { return m_net == Network::IPV4; }
    bool IsIPv6() const { return m_net == Network::IPV6; }
    bool IsOnion() const { return m_net == Network::ONION; }
    /** The IP address (nullopt for onion). */
    std::optional<IPAddress> ToIP() const;
    /** The address bytes: 4, 16 or 32 of them. */
    std::span<const uint8_t> Bytes() const;
    uint8_t Bip155NetworkId() const;

    /** Loopback (127/8, ::1) or the unspecified 0.0.0.0/8. */
    bool IsLocal() const;
    /** Not a placeholder: not unspecified, not the IPv4 broadcast, not documentation ranges. */
    bool IsValid() const;
    /** Valid and reachable from the public internet (no private, link-local, shared, test or local ranges). */
    bool IsRoutable() const;
    /** RFC1918, RFC6598, RFC4193 and link-local ranges: valid on a LAN, not on the internet. */
    bool IsPrivate() const;

    /**
     * The network group: addresses in one group are assumed to be controlled by one party
     * (one /16 for IPv4, /32 for IPv6, the first 4 bits of an onion key; all local and all
     * unroutable addresses each form one group). Starts with the network so groups of
     * different networks never collide.
     */
    std::vector<uint8_t> GetGroup() const;

    /** "1.2.3.4", "2001:db8::1", "<base32>.onion". */
    std::string ToString() const;

    friend bool operator==(const NetAddr& a, const NetAddr& b) { return a.m_net == b.m_net && a.m_bytes == b.m_bytes; }
    friend auto operator<=>(const NetAddr& a, const NetAddr& b)
    {
        if (a.m_net != b.m_net) return a.m_net <=> b.m_net;
        return a.m_bytes <=> b.m_bytes;
    }

private:
    Network m_net{Network::IPV4};
    std::array<uint8_t, 32> m_bytes{}; //!< IPv4 uses 4, IPv6 16, onion 32 bytes; the rest is zero
};

/** A NetAddr with a TCP port. */
class Service : public NetAddr
{
public:
    Service() = default;
    Service(const NetAddr& addr, uint16_t port) : NetAddr{addr}, m_port{port} {}

    /**
     * Parses "ip", "ip:port", "[v6]:port", "name.onion[:port]" with `default_port` when the port
     * is absent. Numeric only (no name lookup): see resolve.h for host names.
     */
    static std::optional<Service> Parse(std::string_view text, uint16_t default_port);
    /** From a socket address (AF_INET/AF_INET6); nullopt for another family. */
    static std::optional<Service> FromSockAddr(const sockaddr* sa, size_t len);
    /** Fills `out` for connect()/bind(); returns its length, 0 for an onion address. */
    size_t ToSockAddr(sockaddr_storage& out) const;

    uint16_t GetPort() const { return m_port; }
    /** "1.2.3.4:7333", "[2001:db8::1]:7333", "<base32>.onion:7333". */
    std::string ToStringAddrPort() const;

    friend bool operator==(const Service& a, const Service& b)
    {
        return static_cast<const NetAddr&>(a) == static_cast<const NetAddr&>(b) && a.m_port == b.m_port;
    }
    friend auto operator<=>(const Service& a, const Service& b)
    {
        if (auto c = static_cast<const NetAddr&>(a) <=> static_cast<const NetAddr&>(b); c != 0) return c;
        return a.m_port <=> b.m_port;
    }

private:
    uint16_t m_port{0};
};

/** Whether `net` is IPv4 or IPv6 and `subnet` matches `addr` (bans and -whitelist). */
bool SubnetMatches(const Subnet& subnet, const NetAddr& addr);

} // namespace net

#endif // DOTS_NET_ADDRESS_H
