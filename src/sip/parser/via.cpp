// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/parser/via.h>

#include <sip/parser/chars.h>

namespace sip {

Transport TransportFromToken(std::string_view token)
{
    if (chars::EqualsNoCase(token, "UDP")) return Transport::UDP;
    if (chars::EqualsNoCase(token, "TCP")) return Transport::TCP;
    if (chars::EqualsNoCase(token, "TLS")) return Transport::TLS;
    if (chars::EqualsNoCase(token, "SCTP")) return Transport::SCTP;
    if (chars::EqualsNoCase(token, "WS")) return Transport::WS;
    if (chars::EqualsNoCase(token, "WSS")) return Transport::WSS;
    return Transport::OTHER;
}

std::string_view TransportName(Transport transport)
{
    switch (transport) {
    case Transport::UDP: return "UDP";
    case Transport::TCP: return "TCP";
    case Transport::TLS: return "TLS";
    case Transport::SCTP: return "SCTP";
    case Transport::WS: return "WS";
    case Transport::WSS: return "WSS";
    case Transport::OTHER: return "";
    }
    return "";
}

namespace {

/** Reads a token at text[pos] after LWS; returns "" if none. */
std::string_view ReadToken(std::string_view text, size_t& pos)
{
    pos = chars::SkipLws(text, pos);
    const size_t len = chars::SpanOf(text, pos, chars::TOKEN);
    const std::string_view token = text.substr(pos, len);
    pos += len;
    return token;
}

bool Expect(std::string_view text, size_t& pos, char c)
{
    pos = chars::SkipLws(text, pos);
    if (pos >= text.size() || text[pos] != c) return false;
    ++pos;
    return true;
}

/** Lexes (and so validates) the via-params once, picking out the ones a proxy uses. */
bool ApplyParams(Via& via, std::string_view text)
{
    size_t pos = 0;
    Param p;
    while (true) {
        const int r = LexHeaderParam(text, pos, p);
        if (r < 0) return false;
        if (r == 0) break;
        if (chars::EqualsNoCase(p.name, "branch")) {
            if (!p.has_value || p.value.front() == '"') return false;
            via.branch = p.value;
        } else if (chars::EqualsNoCase(p.name, "received")) {
            std::string_view host;
            HostType type;
            if (!p.has_value || !ParseHost(p.value, host, type)) return false;
            if (type == HostType::HOSTNAME) return false;
            via.received = host;
        } else if (chars::EqualsNoCase(p.name, "rport")) {
            via.has_rport = true;
            if (p.has_value) {
                const auto port = chars::ParseDecimal(p.value, 65535);
                if (!port) return false;
                via.rport = static_cast<uint16_t>(*port);
            }
        } else if (chars::EqualsNoCase(p.name, "ttl")) {
            const auto ttl = p.has_value ? chars::ParseDecimal(p.value, 255) : std::nullopt;
            if (!ttl) return false;
            via.ttl = static_cast<uint8_t>(*ttl);
        } else if (chars::EqualsNoCase(p.name, "maddr")) {
            std::string_view host;
            HostType type;
            if (!p.has_value || !ParseHost(p.value, host, type)) return false;
            via.maddr = host;
        }
    }
    return true;
}

} // namespace

std::optional<Via> ParseVia(std::string_view text)
{
    Via via;
    text = chars::TrimLws(text);
    via.text = text;
    size_t pos = 0;
    via.protocol_name = ReadToken(text, pos);
    if (!chars::EqualsNoCase(via.protocol_name, "SIP")) return std::nullopt;
    if (!Expect(text, pos, '/')) return std::nullopt;
    via.protocol_version = ReadToken(text, pos);
    if (via.protocol_version != "2.0") return std::nullopt;
    if (!Expect(text, pos, '/')) return std::nullopt;
    via.transport_text = ReadToken(text, pos);
    if (via.transport_text.empty()) return std::nullopt;
    via.transport = TransportFromToken(via.transport_text);
    // LWS is mandatory between sent-protocol and sent-by.
    if (pos >= text.size() || !chars::IsLws(text[pos])) return std::nullopt;
    pos = chars::SkipLws(text, pos);
    // sent-by = host [ COLON port ]
    size_t host_end;
    if (pos < text.size() && text[pos] == '[') {
        host_end = text.find(']', pos);
        if (host_end == std::string_view::npos) return std::nullopt;
        ++host_end;
    } else {
        host_end = pos;
        while (host_end < text.size() && (chars::Is(text[host_end], chars::ALPHA | chars::DIGIT) ||
                                          text[host_end] == '.' || text[host_end] == '-')) {
            ++host_end;
        }
    }
    if (!ParseHost(text.substr(pos, host_end - pos), via.host, via.host_type)) return std::nullopt;
    pos = host_end;
    const size_t after_host = chars::SkipLws(text, pos);
    if (after_host < text.size() && text[after_host] == ':') {
        pos = chars::SkipLws(text, after_host + 1);
        const size_t len = chars::SpanOf(text, pos, chars::DIGIT);
        const auto port = chars::ParseDecimal(text.substr(pos, len), 65535);
        if (!port) return std::nullopt;
        via.port = static_cast<uint16_t>(*port);
        pos += len;
    }
    if (!ApplyParams(via, text.substr(pos))) return std::nullopt;
    via.params = HeaderParams::FromValidated(text.substr(pos));
    return via;
}

} // namespace sip
