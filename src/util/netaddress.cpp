// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <util/netaddress.h>

#include <util/strencodings.h>

#include <arpa/inet.h>
#include <cstring>

std::optional<IPAddress> IPAddress::Parse(std::string_view text)
{
    if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
    const std::string str{text};
    IPAddress addr;
    in_addr v4{};
    if (inet_pton(AF_INET, str.c_str(), &v4) == 1) {
        std::memcpy(addr.bytes.data(), &v4, 4);
        return addr;
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, str.c_str(), &v6) == 1) {
        static constexpr uint8_t V4_MAPPED[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (std::memcmp(&v6, V4_MAPPED, sizeof(V4_MAPPED)) == 0) {
            std::memcpy(addr.bytes.data(), reinterpret_cast<const uint8_t*>(&v6) + 12, 4);
            return addr;
        }
        addr.is_v6 = true;
        std::memcpy(addr.bytes.data(), &v6, 16);
        return addr;
    }
    return std::nullopt;
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
