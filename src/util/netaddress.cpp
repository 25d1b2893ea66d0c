// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <util/netaddress.h>

#include <util/strencodings.h>

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace {

int HexDigit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool IsZoneChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

constexpr size_t MAX_ZONE_SIZE = 64;

/** An IPv6 address with an optional "%zone" (or "%25zone" when `in_brackets`) into `out`. */
bool ParseIPv6WithZone(std::string_view text, bool in_brackets, IPLiteral& out)
{
    const size_t percent = text.find('%');
    if (percent != std::string_view::npos) {
        std::string_view zone = text.substr(percent + 1);
        // RFC 6874: inside a URI's brackets the "%" itself is escaped as "%25".
        if (in_brackets && zone.size() > 2 && zone.starts_with("25")) zone.remove_prefix(2);
        if (zone.empty() || zone.size() > MAX_ZONE_SIZE) return false;
        for (char c : zone) {
            if (!IsZoneChar(c)) return false;
        }
        out.zone = zone;
        text = text.substr(0, percent);
    }
    const auto bytes = ParseIPv6(text);
    if (!bytes) return false;
    out.is_v6 = true;
    out.bytes = *bytes;
    return true;
}

/** A decimal port of 1-5 digits, 0-65535. */
std::optional<uint16_t> ParsePort(std::string_view text)
{
    if (text.empty() || text.size() > 5) return std::nullopt;
    uint32_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<uint32_t>(c - '0');
    }
    if (value > 65535) return std::nullopt;
    return static_cast<uint16_t>(value);
}

} // namespace

std::optional<std::array<uint8_t, 4>> ParseIPv4(std::string_view text)
{
    std::array<uint8_t, 4> out{};
    size_t part = 0;
    unsigned value = 0;
    unsigned digits = 0;
    for (char c : text) {
        if (c >= '0' && c <= '9') {
            value = value * 10 + static_cast<unsigned>(c - '0');
            if (++digits > 3 || value > 255) return std::nullopt;
        } else if (c == '.' && digits != 0 && part < 3) {
            out[part++] = static_cast<uint8_t>(value);
            value = 0;
            digits = 0;
        } else {
            return std::nullopt;
        }
    }
    if (digits == 0 || part != 3) return std::nullopt;
    out[3] = static_cast<uint8_t>(value);
    return out;
}

std::optional<std::array<uint8_t, 16>> ParseIPv6(std::string_view text)
{
    // The longest text form is 45 bytes ("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255").
    if (text.size() < 2 || text.size() > 45) return std::nullopt;
    std::array<uint8_t, 16> out{};
    int groups = 0; // 16-bit groups written to out, in order, ignoring the gap
    int gap = -1;   // the group index where "::" stands, -1 without one
    size_t i = 0;
    if (text[0] == ':') {
        if (text[1] != ':') return std::nullopt;
        gap = 0;
        i = 2;
    }
    while (i < text.size()) {
        const size_t start = i;
        unsigned value = 0;
        while (i < text.size() && i - start < 5) {
            const int digit = HexDigit(text[i]);
            if (digit < 0) break;
            value = value * 16 + static_cast<unsigned>(digit);
            ++i;
        }
        if (i < text.size() && text[i] == '.') {
            // A dotted IPv4 address ends the text and is worth two groups.
            const auto v4 = ParseIPv4(text.substr(start));
            if (!v4 || groups > 6) return std::nullopt;
            std::copy(v4->begin(), v4->end(), out.begin() + 2 * groups);
            groups += 2;
            break;
        }
        if (i == start || i - start > 4 || groups == 8) return std::nullopt;
        out[2 * groups] = static_cast<uint8_t>(value >> 8);
        out[2 * groups + 1] = static_cast<uint8_t>(value & 0xff);
        ++groups;
        if (i == text.size()) break;
        if (text[i] != ':' || i + 1 == text.size()) return std::nullopt; // a stray byte or a trailing ":"
        ++i;
        if (text[i] == ':') {
            if (gap >= 0) return std::nullopt; // a second "::"
            gap = groups;
            ++i;
        }
    }
    if (gap < 0) {
        if (groups != 8) return std::nullopt;
        return out;
    }
    if (groups > 7) return std::nullopt; // "::" stands for at least one group
    // Move the groups after the gap to the end; the gap becomes zeros.
    const int tail = groups - gap;
    std::copy_backward(out.begin() + 2 * gap, out.begin() + 2 * groups, out.end());
    std::fill(out.begin() + 2 * gap, out.end() - 2 * tail, 0);
    return out;
}

std::optional<IPLiteral> IPLiteral::Parse(std::string_view text)
{
    IPLiteral out;
    if (!text.empty() && text.front() == '[') {
        const size_t close = text.find(']');
        if (close == std::string_view::npos || !ParseIPv6WithZone(text.substr(1, close - 1), true, out)) {
            return std::nullopt;
        }
        const std::string_view rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':' || !(out.port = ParsePort(rest.substr(1)))) return std::nullopt;
        }
        return out;
    }
    const size_t colon = text.find(':');
    if (colon != std::string_view::npos && text.find(':', colon + 1) != std::string_view::npos) {
        // Two colons or more without brackets: a bare IPv6 address, which takes no port.
        if (!ParseIPv6WithZone(text, false, out)) return std::nullopt;
        return out;
    }
    const auto v4 = ParseIPv4(text.substr(0, colon));
    if (!v4) return std::nullopt;
    std::copy(v4->begin(), v4->end(), out.bytes.begin());
    if (colon != std::string_view::npos && !(out.port = ParsePort(text.substr(colon + 1)))) return std::nullopt;
    return out;
}

std::optional<IPAddress> IPAddress::Parse(std::string_view text)
{
    const auto literal = IPLiteral::Parse(text);
    if (!literal || literal->port || !literal->zone.empty()) return std::nullopt;
    IPAddress addr;
    static constexpr uint8_t V4_MAPPED[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (literal->is_v6 && std::memcmp(literal->bytes.data(), V4_MAPPED, sizeof(V4_MAPPED)) == 0) {
        std::copy(literal->bytes.begin() + 12, literal->bytes.end(), addr.bytes.begin());
        return addr;
    }
    addr.is_v6 = literal->is_v6;
    addr.bytes = literal->bytes;
    return addr;
}

std::string IPAddress::ToString() const
{
    char buf[INET6_ADDRSTRLEN] = {};
    inet_ntop(is_v6 ? AF_INET6 : AF_INET, bytes.data(), buf, sizeof(buf));
    return buf;
}

bool IPAddress::IsLoopback() const
{
    if (!is_v6) return bytes[0] == 127;
    static constexpr std::array<uint8_t, 16> V6_LOOPBACK{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    return bytes == V6_LOOPBACK;
}

std::optional<Subnet> Subnet::Parse(std::string_view text)
{
    const size_t slash = text.find('/');
    const auto network = IPAddress::Parse(text.substr(0, slash));
    if (!network) return std::nullopt;
    const int max_bits = network->is_v6 ? 128 : 32;
    int prefix = max_bits;
    Subnet subnet;
    subnet.network = *network;
    if (slash != std::string_view::npos) {
        const std::string_view suffix = text.substr(slash + 1);
        if (const auto bits = ParseUInt64(suffix)) {
            if (*bits > static_cast<uint64_t>(max_bits)) return std::nullopt;
            prefix = static_cast<int>(*bits);
        } else {
            // Netmask form: must be the same family and a contiguous run of ones.
            const auto mask = IPAddress::Parse(suffix);
            if (!mask || mask->is_v6 != network->is_v6) return std::nullopt;
            prefix = 0;
            bool seen_zero = false;
            for (int i = 0; i < max_bits; ++i) {
                const bool bit = mask->bytes[i / 8] & (0x80 >> (i % 8));
                if (bit && seen_zero) return std::nullopt;
                if (bit) ++prefix; else seen_zero = true;
            }
        }
    }
    for (int i = 0; i < prefix; ++i) subnet.mask[i / 8] |= static_cast<uint8_t>(0x80 >> (i % 8));
    for (size_t i = 0; i < 16; ++i) subnet.network.bytes[i] &= subnet.mask[i];
    return subnet;
}

bool Subnet::Match(const IPAddress& address) const
{
    if (address.is_v6 != network.is_v6) return false;
    for (size_t i = 0; i < 16; ++i) {
        if ((address.bytes[i] & mask[i]) != network.bytes[i]) return false;
    }
    return true;
}

std::string Subnet::ToString() const
{
    int prefix = 0;
    for (uint8_t byte : mask) prefix += __builtin_popcount(byte);
    return network.ToString() + "/" + std::to_string(prefix);
}

std::optional<std::pair<std::string, uint16_t>> SplitHostPort(std::string_view text, uint16_t default_port)
{
    std::string_view host = text;
    std::string_view port_text;
    if (!text.empty() && text.front() == '[') {
        const size_t close = text.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        host = text.substr(1, close - 1);
        const std::string_view rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') return std::nullopt;
            port_text = rest.substr(1);
        }
    } else {
        const size_t colon = text.rfind(':');
        // More than one colon without brackets is a bare IPv6 address.
        if (colon != std::string_view::npos && text.find(':') == colon) {
            host = text.substr(0, colon);
            port_text = text.substr(colon + 1);
        }
    }
    uint16_t port = default_port;
    if (!port_text.empty() || (text.size() && text.back() == ':')) {
        const auto value = ParseUInt64(port_text);
        if (!value || *value == 0 || *value > 65535) return std::nullopt;
        port = static_cast<uint16_t>(*value);
    }
    if (host.empty()) return std::nullopt;
    return std::make_pair(std::string{host}, port);
}
