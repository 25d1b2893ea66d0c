// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <net/address.h>

#include <util/strencodings.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <sys/socket.h>

#include <cstring>

namespace net {

namespace {
constexpr std::string_view BASE32_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
constexpr std::string_view ONION_SUFFIX = ".onion";
constexpr uint8_t TORV3_VERSION = 3;

size_t AddressLength(Network net)
{
    switch (net) {
    case Network::IPV4: return 4;
    case Network::IPV6: return 16;
    case Network::ONION: return 32;
    }
    return 0;
}

std::string EncodeBase32(std::span<const uint8_t> data)
{
    std::string out;
    uint32_t acc = 0;
    int bits = 0;
    for (uint8_t byte : data) {
        acc = (acc << 8) | byte;
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            out += BASE32_ALPHABET[(acc >> bits) & 31];
        }
    }
    if (bits > 0) out += BASE32_ALPHABET[(acc << (5 - bits)) & 31];
    return out;
}

std::optional<std::vector<uint8_t>> DecodeBase32(std::string_view text)
{
    std::vector<uint8_t> out;
    uint32_t acc = 0;
    int bits = 0;
    for (char c : text) {
        const size_t value = BASE32_ALPHABET.find(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
        if (value == std::string_view::npos) return std::nullopt;
        acc = (acc << 5) | static_cast<uint32_t>(value);
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<uint8_t>(acc >> bits));
        }
    }
    return out;
}

/** The 2-byte checksum of a v3 onion address: SHA3-256(".onion checksum" | key | version). */
std::array<uint8_t, 2> OnionChecksum(std::span<const uint8_t, 32> key)
{
    static constexpr std::string_view PREFIX = ".onion checksum";
    std::array<uint8_t, 32> digest{};
    unsigned int len = 0;
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha3_256(), nullptr);
    EVP_DigestUpdate(ctx, PREFIX.data(), PREFIX.size());
    EVP_DigestUpdate(ctx, key.data(), key.size());
    EVP_DigestUpdate(ctx, &TORV3_VERSION, 1);
    EVP_DigestFinal_ex(ctx, digest.data(), &len);
    EVP_MD_CTX_free(ctx);
    return {digest[0], digest[1]};
}

bool InRange4(const std::array<uint8_t, 32>& b, uint8_t a0, uint8_t a1_min, uint8_t a1_max)
{
    return b[0] == a0 && b[1] >= a1_min && b[1] <= a1_max;
}
} // namespace

std::string_view NetworkName(Network net)
{
    switch (net) {
    case Network::IPV4: return "ipv4";
    case Network::IPV6: return "ipv6";
    case Network::ONION: return "onion";
    }
    return "unknown";
}

std::optional<Network> ParseNetworkName(std::string_view name)
{
    const std::string lower = ToLower(name);
    if (lower == "ipv4") return Network::IPV4;
    if (lower == "ipv6") return Network::IPV6;
    if (lower == "onion" || lower == "tor") return Network::ONION;
    return std::nullopt;
}

NetAddr::NetAddr(const IPAddress& ip)
{
    m_net = ip.is_v6 ? Network::IPV6 : Network::IPV4;
    std::memcpy(m_bytes.data(), ip.bytes.data(), ip.is_v6 ? 16 : 4);
}

NetAddr NetAddr::FromOnionKey(std::span<const uint8_t, 32> key)
{
    NetAddr addr;
    addr.m_net = Network::ONION;
    std::memcpy(addr.m_bytes.data(), key.data(), 32);
    return addr;
}

std::optional<NetAddr> NetAddr::Parse(std::string_view text)
{
    if (text.size() > ONION_SUFFIX.size() &&
        ToLower(text.substr(text.size() - ONION_SUFFIX.size())) == ONION_SUFFIX) {
        const auto decoded = DecodeBase32(text.substr(0, text.size() - ONION_SUFFIX.size()));
        // pubkey (32) | checksum (2) | version (1), 56 base32 characters.
        if (!decoded || decoded->size() != 35 || text.size() != 56 + ONION_SUFFIX.size()) return std::nullopt;
        std::span<const uint8_t, 32> key{decoded->data(), 32};
        const auto checksum = OnionChecksum(key);
        if ((*decoded)[32] != checksum[0] || (*decoded)[33] != checksum[1] || (*decoded)[34] != TORV3_VERSION) {
            return std::nullopt;
        }
        return FromOnionKey(key);
    }
    const auto ip = IPAddress::Parse(text);
    if (!ip) return std::nullopt;
    return NetAddr{*ip};
}

std::optional<NetAddr> NetAddr::FromBip155(uint8_t network_id, std::span<const uint8_t> bytes)
{
    switch (static_cast<Bip155Id>(network_id)) {
    case Bip155Id::IPV4:
        if (bytes.size() != 4) return std::nullopt;
        {
            IPAddress ip;
            std::memcpy(ip.bytes.data(), bytes.data(), 4);
            return NetAddr{ip};
        }
    case Bip155Id::IPV6:
        if (bytes.size() != 16) return std::nullopt;
        {
            static constexpr uint8_t V4_MAPPED[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
            // BIP155: an IPv4-mapped or embedded address in an IPV6 entry is invalid.
            if (std::memcmp(bytes.data(), V4_MAPPED, 12) == 0) return std::nullopt;
            IPAddress ip;
            ip.is_v6 = true;
            std::memcpy(ip.bytes.data(), bytes.data(), 16);
            return NetAddr{ip};
        }
    case Bip155Id::TORV3:
        if (bytes.size() != 32) return std::nullopt;
        return FromOnionKey(std::span<const uint8_t, 32>{bytes.data(), 32});
    case Bip155Id::TORV2:
    case Bip155Id::I2P:
    case Bip155Id::CJDNS:
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<IPAddress> NetAddr::ToIP() const
{
    if (m_net == Network::ONION) return std::nullopt;
    IPAddress ip;
    ip.is_v6 = m_net == Network::IPV6;
    std::memcpy(ip.bytes.data(), m_bytes.data(), ip.is_v6 ? 16 : 4);
    return ip;
}

std::span<const uint8_t> NetAddr::Bytes() const
{
    return std::span<const uint8_t>{m_bytes.data(), AddressLength(m_net)};
}

uint8_t NetAddr::Bip155NetworkId() const
{
    switch (m_net) {
    case Network::IPV4: return static_cast<uint8_t>(Bip155Id::IPV4);
    case Network::IPV6: return static_cast<uint8_t>(Bip155Id::IPV6);
    case Network::ONION: return static_cast<uint8_t>(Bip155Id::TORV3);
    }
    return 0;
}

bool NetAddr::IsLocal() const
{
    if (m_net == Network::IPV4) return m_bytes[0] == 127 || m_bytes[0] == 0;
    if (m_net == Network::IPV6) {
        static constexpr std::array<uint8_t, 16> LOOPBACK{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        return std::memcmp(m_bytes.data(), LOOPBACK.data(), 16) == 0;
    }
    return false;
}

bool NetAddr::IsValid() const
{
    if (m_net == Network::ONION) return true;
    if (m_net == Network::IPV4) {
        const uint32_t v = (uint32_t{m_bytes[0]} << 24) | (uint32_t{m_bytes[1]} << 16) | (uint32_t{m_bytes[2]} << 8) | m_bytes[3];
        if (v == 0 || v == 0xffffffff) return false;  // unspecified, broadcast
        return true;
    }
    static constexpr std::array<uint8_t, 16> ZERO{};
    if (std::memcmp(m_bytes.data(), ZERO.data(), 16) == 0) return false;
    // RFC3849 documentation prefix 2001:db8::/32.
    if (m_bytes[0] == 0x20 && m_bytes[1] == 0x01 && m_bytes[2] == 0x0d && m_bytes[3] == 0xb8) return false;
    return true;
}

bool NetAddr::IsPrivate() const
{
    const auto& b = m_bytes;
    if (m_net == Network::IPV4) {
        return b[0] == 10 || (b[0] == 192 && b[1] == 168) || InRange4(b, 172, 16, 31) || // RFC1918
               InRange4(b, 100, 64, 127) ||                                                // RFC6598
               (b[0] == 169 && b[1] == 254);                                               // RFC3927
    }
    if (m_net == Network::IPV6) {
        return (b[0] & 0xfe) == 0xfc ||                   // RFC4193 unique local
               (b[0] == 0xfe && (b[1] & 0xc0) == 0x80);   // RFC4862 link-local fe80::/10
    }
    return false;
}

bool NetAddr::IsRoutable() const
{
    if (!IsValid() || IsLocal() || IsPrivate()) return false;
    const auto& b = m_bytes;
    if (m_net == Network::IPV4) {
        if (InRange4(b, 198, 18, 19)) return false;                            // RFC2544 benchmarking
        if ((b[0] == 192 && b[1] == 0 && b[2] == 2) || (b[0] == 198 && b[1] == 51 && b[2] == 100) ||
            (b[0] == 203 && b[1] == 0 && b[2] == 113)) return false;           // RFC5737 documentation
        if (b[0] >= 224) return false;                                         // multicast, reserved
    }
    if (m_net == Network::IPV6) {
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && (b[3] & 0xe0) == 0x00 && (b[3] & 0x30) != 0) {
            return false; // RFC4843 ORCHID 2001:10::/28, RFC7343 ORCHIDv2 2001:20::/28
        }
        if (b[0] == 0xff) return false; // multicast
    }
    return true;
}

std::vector<uint8_t> NetAddr::GetGroup() const
{
    std::vector<uint8_t> group;
    if (IsLocal()) {
        group.push_back(0xfe); // all local addresses: one group
        return group;
    }
    if (!IsRoutable() && m_net != Network::ONION) {
        group.push_back(0xff); // all other unroutable addresses: one group
        return group;
    }
    group.push_back(static_cast<uint8_t>(m_net));
    switch (m_net) {
    case Network::IPV4:
        group.insert(group.end(), m_bytes.begin(), m_bytes.begin() + 2); // /16
        break;
    case Network::IPV6:
        // Hurricane Electric (2001:470::/36) hands out /48s freely: group it by /36.
        if (m_bytes[0] == 0x20 && m_bytes[1] == 0x01 && m_bytes[2] == 0x04 && m_bytes[3] == 0x70) {
            group.insert(group.end(), m_bytes.begin(), m_bytes.begin() + 4);
            group.push_back(m_bytes[4] & 0xf0);
        } else {
            group.insert(group.end(), m_bytes.begin(), m_bytes.begin() + 4); // /32
        }
        break;
    case Network::ONION:
        group.push_back(m_bytes[0] & 0xf0); // 4 bits: onion keys are free to make
        break;
    }
    return group;
}

std::string NetAddr::ToString() const
{
    if (m_net == Network::ONION) {
        std::array<uint8_t, 35> raw{};
        std::memcpy(raw.data(), m_bytes.data(), 32);
        const auto checksum = OnionChecksum(std::span<const uint8_t, 32>{m_bytes.data(), 32});
        raw[32] = checksum[0];
        raw[33] = checksum[1];
        raw[34] = TORV3_VERSION;
        return EncodeBase32(raw) + std::string{ONION_SUFFIX};
    }
    return ToIP()->ToString();
}

std::optional<Service> Service::Parse(std::string_view text, uint16_t default_port)
{
    const auto host_port = SplitHostPort(text, default_port);
    if (!host_port) return std::nullopt;
    const auto addr = NetAddr::Parse(host_port->first);
    if (!addr) return std::nullopt;
    return Service{*addr, host_port->second};
}

std::optional<Service> Service::FromSockAddr(const sockaddr* sa, size_t len)
{
    if (sa->sa_family == AF_INET && len >= sizeof(sockaddr_in)) {
        const auto* in = reinterpret_cast<const sockaddr_in*>(sa);
        IPAddress ip;
        std::memcpy(ip.bytes.data(), &in->sin_addr, 4);
        return Service{NetAddr{ip}, ntohs(in->sin_port)};
    }
    if (sa->sa_family == AF_INET6 && len >= sizeof(sockaddr_in6)) {
        const auto* in6 = reinterpret_cast<const sockaddr_in6*>(sa);
        char text[INET6_ADDRSTRLEN] = {};
        inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof(text));
        const auto ip = IPAddress::Parse(text); // folds IPv4-mapped addresses to IPv4
        if (!ip) return std::nullopt;
        return Service{NetAddr{*ip}, ntohs(in6->sin6_port)};
    }
    return std::nullopt;
}

size_t Service::ToSockAddr(sockaddr_storage& out) const
{
    std::memset(&out, 0, sizeof(out));
    if (IsIPv4()) {
        auto* in = reinterpret_cast<sockaddr_in*>(&out);
        in->sin_family = AF_INET;
        in->sin_port = htons(m_port);
        std::memcpy(&in->sin_addr, Bytes().data(), 4);
        return sizeof(sockaddr_in);
    }
    if (IsIPv6()) {
        auto* in6 = reinterpret_cast<sockaddr_in6*>(&out);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(m_port);
        std::memcpy(&in6->sin6_addr, Bytes().data(), 16);
        return sizeof(sockaddr_in6);
    }
    return 0;
}

std::string Service::ToStringAddrPort() const
{
    if (IsIPv6()) return "[" + ToString() + "]:" + std::to_string(m_port);
    return ToString() + ":" + std::to_string(m_port);
}

bool SubnetMatches(const Subnet& subnet, const NetAddr& addr)
{
    const auto ip = addr.ToIP();
    return ip && subnet.Match(*ip);
}

} // namespace net
