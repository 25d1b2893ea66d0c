// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_TRANSPORT_ADDRESS_H
#define DOTS_SIP_TRANSPORT_ADDRESS_H

/**
 * IP addresses as the SIP transport uses them: SockAddr, a compact socket address usable as a
 * hash key, and IpSubnet for -siptrustedsource.
 */

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sip {

/**
 * An IPv4 or IPv6 socket address (IP + port), small and trivially copyable, usable as a hash
 * key. Unset (family AF_UNSPEC) by default. IPv4-mapped IPv6 addresses from dual-stack sockets
 * are kept as they come from the kernel; Normalized() turns them into IPv4.
 */
class SockAddr
{
public:
    SockAddr() = default;

    /** Parses a numeric IP ("192.0.2.1", "::1", "[::1]", "fe80::1%eth0") with util's IPLiteral,
     *  and a port; an IPv6 zone becomes the scope id (a number, or the index of the interface it
     *  names). Returns nullopt for anything that is not a numeric address, for text that carries
     *  its own port, and for a zone naming no interface. No name lookups. */
    static std::optional<SockAddr> FromIp(std::string_view ip, uint16_t port);
    /** From a kernel address (AF_INET or AF_INET6); nullopt for other families or short len. */
    static std::optional<SockAddr> FromSockaddr(const sockaddr* sa, socklen_t len);

    bool IsSet() const { return m_storage.sin6_family == AF_INET || m_storage.sin6_family == AF_INET6; }
    bool IsV6() const { return m_storage.sin6_family == AF_INET6; }
    int Family() const { return m_storage.sin6_family; }
    uint16_t Port() const;
    void SetPort(uint16_t port);
    /** ::ffff:a.b.c.d becomes a.b.c.d; anything else is returned unchanged. */
    SockAddr Normalized() const;

    const sockaddr* Raw() const { return reinterpret_cast<const sockaddr*>(&m_storage); }
    socklen_t RawLen() const { return IsV6() ? sizeof(sockaddr_in6) : sizeof(sockaddr_in); }

    /** The IP without brackets ("192.0.2.1", "2001:db8::1"), "" when unset. */
    std::string IpString() const;
    /** "192.0.2.1:5060" or "[2001:db8::1]:5060" (for logs and Via sent-by), "" when unset. */
    std::string ToString() const;
    /** Same IP (port ignored). */
    bool SameIp(const SockAddr& other) const;

    bool operator==(const SockAddr& other) const;
    size_t Hash() const;
    /** Hash of the IP only (for per-source limits). */
    size_t IpHash() const;

private:
    // Large enough for both families (a sockaddr_storage is 128 bytes: too much in every
    // transaction, dialog and binding).
    sockaddr_in6 m_storage{};
};

/** An IP network: "192.0.2.0/24", "2001:db8::/32", or one address ("192.0.2.7" is /32,
 *  "::1" is /128). IPv4-mapped IPv6 sources match IPv4 networks. */
struct IpSubnet {
    SockAddr network; //!< the address with its host bits cleared, port 0
    uint8_t prefix{0};

    /** Parses "ip[/prefix]" (numeric, no name lookups; IPv6 with or without brackets).
     *  nullopt for anything else or a prefix longer than the address. */
    static std::optional<IpSubnet> Parse(std::string_view text);
    bool Contains(const SockAddr& address) const;
    /** "192.0.2.0/24". */
    std::string ToString() const;
};

struct SockAddrHash {
    size_t operator()(const SockAddr& a) const { return a.Hash(); }
};

} // namespace sip

#endif // DOTS_SIP_TRANSPORT_ADDRESS_H
