// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/transport/address.h>

#include <util/netaddress.h>
#include <util/strencodings.h>

#include <arpa/inet.h>
#include <net/if.h>

#include <cstring>
#include <functional>

namespace sip {
namespace {
/** The scope id of an IPv6 zone: a number as written, or the index of the interface it names. */
std::optional<uint32_t> ScopeId(std::string_view zone)
{
    if (const auto number = ParseUInt64(zone)) {
        if (*number > UINT32_MAX) return std::nullopt;
        return static_cast<uint32_t>(*number);
    }
    char name[IF_NAMESIZE];
    if (zone.size() >= sizeof(name)) return std::nullopt;
    std::memcpy(name, zone.data(), zone.size());
    name[zone.size()] = '\0';
    const unsigned index = if_nametoindex(name);
    if (index == 0) return std::nullopt;
    return index;
}
} // namespace

std::optional<SockAddr> SockAddr::FromIp(std::string_view ip, uint16_t port)
{
    const auto literal = IPLiteral::Parse(ip);
    if (!literal || literal->port) return std::nullopt; // the port comes apart
    SockAddr out;
    if (!literal->is_v6) {
        auto* v4 = reinterpret_cast<sockaddr_in*>(&out.m_storage);
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        std::memcpy(&v4->sin_addr, literal->bytes.data(), 4);
        return out;
    }
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&out.m_storage);
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    std::memcpy(&v6->sin6_addr, literal->bytes.data(), 16);
    if (!literal->zone.empty()) {
        const auto scope = ScopeId(literal->zone);
        if (!scope) return std::nullopt;
        v6->sin6_scope_id = *scope;
    }
    return out;
}

std::optional<SockAddr> SockAddr::FromSockaddr(const sockaddr* sa, socklen_t len)
{
    if (!sa) return std::nullopt;
    SockAddr out;
    if (sa->sa_family == AF_INET && len >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
        std::memcpy(&out.m_storage, sa, sizeof(sockaddr_in));
        return out;
    }
    if (sa->sa_family == AF_INET6 && len >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
        std::memcpy(&out.m_storage, sa, sizeof(sockaddr_in6));
        auto* v6 = reinterpret_cast<sockaddr_in6*>(&out.m_storage);
        v6->sin6_flowinfo = 0; // not part of the identity of a peer
        return out;
    }
    return std::nullopt;
}

uint16_t SockAddr::Port() const
{
    if (m_storage.sin6_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(&m_storage)->sin_port);
    if (m_storage.sin6_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6*>(&m_storage)->sin6_port);
    return 0;
}

void SockAddr::SetPort(uint16_t port)
{
    if (m_storage.sin6_family == AF_INET) reinterpret_cast<sockaddr_in*>(&m_storage)->sin_port = htons(port);
    if (m_storage.sin6_family == AF_INET6) reinterpret_cast<sockaddr_in6*>(&m_storage)->sin6_port = htons(port);
}

SockAddr SockAddr::Normalized() const
{
    if (!IsV6()) return *this;
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&m_storage);
    if (!IN6_IS_ADDR_V4MAPPED(&v6->sin6_addr)) return *this;
    SockAddr out;
    auto* v4 = reinterpret_cast<sockaddr_in*>(&out.m_storage);
    v4->sin_family = AF_INET;
    v4->sin_port = v6->sin6_port;
    std::memcpy(&v4->sin_addr, v6->sin6_addr.s6_addr + 12, 4);
    return out;
}

std::string SockAddr::IpString() const
{
    if (m_storage.sin6_family == AF_INET) {
        // Dotted decimal formatted here rather than by inet_ntop, whose sprintf showed in the
        // profile of every request (the received= stamp).
        const uint32_t ip = ntohl(reinterpret_cast<const sockaddr_in*>(&m_storage)->sin_addr.s_addr);
        std::string out;
        out.reserve(15);
        for (int shift = 24; shift >= 0; shift -= 8) {
            const unsigned octet = (ip >> shift) & 0xFF;
            if (octet >= 100) out.push_back(static_cast<char>('0' + octet / 100));
            if (octet >= 10) out.push_back(static_cast<char>('0' + octet / 10 % 10));
            out.push_back(static_cast<char>('0' + octet % 10));
            if (shift != 0) out.push_back('.');
        }
        return out;
    }
    char text[INET6_ADDRSTRLEN] = {0};
    if (m_storage.sin6_family == AF_INET6) {
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&m_storage)->sin6_addr, text, sizeof(text));
    }
    return text;
}

std::string SockAddr::ToString() const
{
    if (!IsSet()) return {};
    std::string out;
    if (IsV6()) {
        out = "[" + IpString() + "]";
    } else {
        out = IpString();
    }
    out += ':';
    out += std::to_string(Port());
    return out;
}

bool SockAddr::SameIp(const SockAddr& other) const
{
    if (m_storage.sin6_family != other.m_storage.sin6_family) return false;
    if (m_storage.sin6_family == AF_INET) {
        return reinterpret_cast<const sockaddr_in*>(&m_storage)->sin_addr.s_addr ==
               reinterpret_cast<const sockaddr_in*>(&other.m_storage)->sin_addr.s_addr;
    }
    if (m_storage.sin6_family == AF_INET6) {
        return std::memcmp(&reinterpret_cast<const sockaddr_in6*>(&m_storage)->sin6_addr,
                           &reinterpret_cast<const sockaddr_in6*>(&other.m_storage)->sin6_addr, 16) == 0;
    }
    return true;
}

bool SockAddr::operator==(const SockAddr& other) const
{
    return SameIp(other) && Port() == other.Port();
}

size_t SockAddr::IpHash() const
{
    uint64_t h = 1469598103934665603ULL; // FNV-1a over the address bytes
    auto mix = [&](const void* p, size_t n) {
        const auto* b = static_cast<const uint8_t*>(p);
        for (size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ULL;
    };
    if (m_storage.sin6_family == AF_INET) {
        mix(&reinterpret_cast<const sockaddr_in*>(&m_storage)->sin_addr, 4);
    } else if (m_storage.sin6_family == AF_INET6) {
        mix(&reinterpret_cast<const sockaddr_in6*>(&m_storage)->sin6_addr, 16);
    }
    return static_cast<size_t>(h);
}

size_t SockAddr::Hash() const
{
    return IpHash() ^ (static_cast<size_t>(Port()) * 0x9E3779B97F4A7C15ULL);
}

namespace {
/** The address bytes (4 or 16) of a normalized address. */
std::string_view AddressBytes(const SockAddr& a)
{
    if (a.Family() == AF_INET) {
        const auto* v4 = reinterpret_cast<const sockaddr_in*>(a.Raw());
        return {reinterpret_cast<const char*>(&v4->sin_addr), 4};
    }
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(a.Raw());
    return {reinterpret_cast<const char*>(&v6->sin6_addr), 16};
}

bool PrefixEqual(std::string_view a, std::string_view b, unsigned bits)
{
    const unsigned whole = bits / 8;
    if (std::memcmp(a.data(), b.data(), whole) != 0) return false;
    if (bits % 8 == 0) return true;
    const unsigned char mask = static_cast<unsigned char>(0xFF << (8 - bits % 8));
    return (static_cast<unsigned char>(a[whole]) & mask) == (static_cast<unsigned char>(b[whole]) & mask);
}
} // namespace

std::optional<IpSubnet> IpSubnet::Parse(std::string_view text)
{
    const size_t slash = text.find('/');
    auto addr = SockAddr::FromIp(text.substr(0, slash), 0);
    if (!addr) return std::nullopt;
    IpSubnet out;
    out.network = addr->Normalized();
    const unsigned max_bits = out.network.IsV6() ? 128 : 32;
    unsigned bits = max_bits;
    if (slash != std::string_view::npos) {
        const std::string_view digits = text.substr(slash + 1);
        if (digits.empty() || digits.size() > 3) return std::nullopt;
        bits = 0;
        for (char c : digits) {
            if (c < '0' || c > '9') return std::nullopt;
            bits = bits * 10 + static_cast<unsigned>(c - '0');
        }
        if (bits > max_bits) return std::nullopt;
    }
    out.prefix = static_cast<uint8_t>(bits);
    // Clear the host bits so ToString shows the network.
    std::string_view bytes = AddressBytes(out.network);
    char* raw = const_cast<char*>(bytes.data());
    for (unsigned i = 0; i < bytes.size(); ++i) {
        const unsigned keep = bits >= 8 * (i + 1) ? 8 : (bits > 8 * i ? bits - 8 * i : 0);
        raw[i] = static_cast<char>(static_cast<unsigned char>(raw[i]) & static_cast<unsigned char>(0xFF00 >> keep));
    }
    return out;
}

bool IpSubnet::Contains(const SockAddr& address) const
{
    const SockAddr a = address.Normalized();
    if (a.Family() != network.Family()) return false;
    return PrefixEqual(AddressBytes(a), AddressBytes(network), prefix);
}

std::string IpSubnet::ToString() const
{
    return network.IpString() + "/" + std::to_string(prefix);
}

} // namespace sip
