// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/transport/flow_token.h>

#include <crypto/hmac_sha256.h>
#include <crypto/random.h>
#include <util/strencodings.h>

#include <arpa/inet.h>
#include <cstring>
#include <vector>

namespace sip {
namespace {

// Layout: flags (bit 7: IPv6; bits 0-6: Transport) | connection id (8, big endian) |
// port (2) | IP (4 or 16) | MAC (10 bytes of HMAC-SHA256 over everything before it).
constexpr size_t MAC_SIZE = 10;

std::vector<uint8_t> Body(const Destination& flow)
{
    std::vector<uint8_t> out;
    const SockAddr addr = flow.address.Normalized();
    out.push_back(static_cast<uint8_t>((addr.IsV6() ? 0x80 : 0) | static_cast<uint8_t>(flow.protocol)));
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(flow.connection_id >> shift));
    out.push_back(static_cast<uint8_t>(addr.Port() >> 8));
    out.push_back(static_cast<uint8_t>(addr.Port() & 0xFF));
    if (addr.IsV6()) {
        const auto* sa = reinterpret_cast<const sockaddr_in6*>(addr.Raw());
        out.insert(out.end(), sa->sin6_addr.s6_addr, sa->sin6_addr.s6_addr + 16);
    } else {
        const auto* sa = reinterpret_cast<const sockaddr_in*>(addr.Raw());
        const auto* ip = reinterpret_cast<const uint8_t*>(&sa->sin_addr.s_addr);
        out.insert(out.end(), ip, ip + 4);
    }
    return out;
}

std::array<uint8_t, CHMAC_SHA256::OUTPUT_SIZE> Mac(const std::array<uint8_t, 32>& key, std::span<const uint8_t> body)
{
    std::array<uint8_t, CHMAC_SHA256::OUTPUT_SIZE> mac;
    CHMAC_SHA256{key}.Write(body).Finalize(mac);
    return mac;
}

std::string ToBase64Url(std::span<const uint8_t> bytes)
{
    std::string s = EncodeBase64(bytes);
    while (!s.empty() && s.back() == '=') s.pop_back();
    for (char& c : s) c = c == '+' ? '-' : c == '/' ? '_' : c;
    return s;
}

std::optional<std::vector<uint8_t>> FromBase64Url(std::string_view text)
{
    std::string s{text};
    for (char& c : s) {
        if (c == '+' || c == '/' || c == '=') return std::nullopt;
        c = c == '-' ? '+' : c == '_' ? '/' : c;
    }
    while (s.size() % 4 != 0) s.push_back('=');
    return DecodeBase64(s);
}

} // namespace

FlowTokens::FlowTokens()
{
    GetStrongRandBytes(m_key);
}

std::string FlowTokens::Encode(const Destination& flow) const
{
    std::vector<uint8_t> token = Body(flow);
    const auto mac = Mac(m_key, token);
    token.insert(token.end(), mac.begin(), mac.begin() + MAC_SIZE);
    return ToBase64Url(token);
}

std::optional<Destination> FlowTokens::Decode(std::string_view text) const
{
    if (text.size() > 64) return std::nullopt;
    const auto token = FromBase64Url(text);
    // Only the canonical spelling: unused low bits of the last character must be zero.
    if (!token || token->empty() || ToBase64Url(*token) != text) return std::nullopt;
    const bool v6 = ((*token)[0] & 0x80) != 0;
    const size_t body_size = 1 + 8 + 2 + (v6 ? 16 : 4);
    if (token->size() != body_size + MAC_SIZE) return std::nullopt;
    const std::span<const uint8_t> body{token->data(), body_size};
    const auto mac = Mac(m_key, body);
    const std::string_view expected{reinterpret_cast<const char*>(mac.data()), MAC_SIZE};
    const std::string_view given{reinterpret_cast<const char*>(token->data() + body_size), MAC_SIZE};
    if (!TimingResistantEqual(expected, given)) return std::nullopt;

    const uint8_t protocol = (*token)[0] & 0x7F;
    if (protocol > static_cast<uint8_t>(Transport::WSS)) return std::nullopt;
    Destination flow;
    flow.protocol = static_cast<Transport>(protocol);
    for (size_t i = 1; i < 9; ++i) flow.connection_id = (flow.connection_id << 8) | (*token)[i];
    const uint16_t port = static_cast<uint16_t>(((*token)[9] << 8) | (*token)[10]);
    char ip[INET6_ADDRSTRLEN];
    if (!inet_ntop(v6 ? AF_INET6 : AF_INET, token->data() + 11, ip, sizeof(ip))) return std::nullopt;
    const auto addr = SockAddr::FromIp(ip, port);
    if (!addr) return std::nullopt;
    flow.address = *addr;
    return flow;
}

} // namespace sip
