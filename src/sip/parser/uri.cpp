// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/parser/uri.h>

#include <sip/parser/chars.h>
#include <util/netaddress.h>

#include <array>

namespace sip {
namespace {

int HexValue(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/** True if every byte is in `allowed` or part of a valid %HH escape; empty is allowed. */
bool CharsOrEscapes(std::string_view s, uint16_t allowed)
{
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%') {
            if (i + 2 >= s.size()) return false;
            if (HexValue(s[i + 1]) < 0 || HexValue(s[i + 2]) < 0) return false;
            i += 2;
            continue;
        }
        if (!chars::Is(s[i], allowed)) return false;
    }
    return true;
}

// Hostname byte classes: 0 invalid, 1 letter or digit, 2 "-", 3 ".".
constexpr std::array<uint8_t, 256> MakeHostClass()
{
    std::array<uint8_t, 256> t{};
    for (int c = 0; c < 256; ++c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) t[c] = 1;
    }
    t['-'] = 2;
    t['.'] = 3;
    return t;
}
constexpr std::array<uint8_t, 256> HOST_CLASS = MakeHostClass();

bool IsHostname(std::string_view s)
{
    // hostname = *( domainlabel "." ) toplabel [ "." ]; labels of alphanum and "-", not
    // starting or ending with "-"; the top label starts with a letter. One pass.
    if (s.empty() || s.size() > 255) return false;
    if (s.back() == '.') s.remove_suffix(1);
    if (s.empty()) return false;
    size_t label_start = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        const uint8_t k = HOST_CLASS[static_cast<unsigned char>(s[i])];
        if (k == 1) continue;
        if (k == 0 || i == label_start) return false; // bad byte, or a label starting with "-"/"."
        if (k == 3) {
            if (s[i - 1] == '-') return false;
            label_start = i + 1;
        }
    }
    return label_start < s.size() && s.back() != '-' && chars::IsAlpha(s[label_start]);
}

bool ValidUriParams(std::string_view params)
{
    // *( ";" pname [ "=" pvalue ] ); pname/pvalue = 1*paramchar
    size_t start = 0;
    while (true) {
        size_t end = params.find(';', start);
        if (end == std::string_view::npos) end = params.size();
        const std::string_view p = params.substr(start, end - start);
        const size_t eq = p.find('=');
        const std::string_view name = p.substr(0, eq);
        if (name.empty() || !CharsOrEscapes(name, chars::UNRESERVED | chars::PARAM_UNRESERVED)) return false;
        if (eq != std::string_view::npos) {
            const std::string_view value = p.substr(eq + 1);
            if (value.empty() || !CharsOrEscapes(value, chars::UNRESERVED | chars::PARAM_UNRESERVED)) return false;
        }
        if (end == params.size()) return true;
        start = end + 1;
    }
}

bool ValidUriHeaders(std::string_view headers)
{
    // hname "=" hvalue *( "&" hname "=" hvalue ); hvalue may be empty
    size_t start = 0;
    while (true) {
        size_t end = headers.find('&', start);
        if (end == std::string_view::npos) end = headers.size();
        const std::string_view h = headers.substr(start, end - start);
        const size_t eq = h.find('=');
        if (eq == std::string_view::npos || eq == 0) return false;
        if (!CharsOrEscapes(h.substr(0, eq), chars::UNRESERVED | chars::HNV_UNRESERVED)) return false;
        if (!CharsOrEscapes(h.substr(eq + 1), chars::UNRESERVED | chars::HNV_UNRESERVED)) return false;
        if (end == headers.size()) return true;
        start = end + 1;
    }
}

bool ParseSipUri(Uri& uri)
{
    std::string_view rest = uri.opaque;
    // Split off headers, then params: neither "?" nor ";" may appear unescaped in host/port,
    // but both may appear in the userinfo, which ends at the (only) "@".
    const size_t at = rest.find('@');
    size_t host_start = 0;
    if (at != std::string_view::npos) {
        const std::string_view userinfo = rest.substr(0, at);
        const size_t colon = userinfo.find(':');
        uri.user = userinfo.substr(0, colon);
        if (uri.user.empty()) return false;
        if (!CharsOrEscapes(uri.user, chars::UNRESERVED | chars::USER_UNRESERVED)) return false;
        if (colon != std::string_view::npos) {
            uri.password = userinfo.substr(colon + 1);
            uri.has_password = true;
            if (!CharsOrEscapes(uri.password, chars::UNRESERVED | chars::PASSWORD)) return false;
        }
        host_start = at + 1;
    }
    std::string_view hostport = rest.substr(host_start);
    const size_t q = hostport.find('?');
    if (q != std::string_view::npos) {
        uri.headers = hostport.substr(q + 1);
        if (!ValidUriHeaders(uri.headers)) return false;
        hostport = hostport.substr(0, q);
    }
    const size_t semi = hostport.find(';');
    if (semi != std::string_view::npos) {
        uri.params = hostport.substr(semi + 1);
        if (!ValidUriParams(uri.params)) return false;
        hostport = hostport.substr(0, semi);
    }
    size_t port_colon;
    if (!hostport.empty() && hostport.front() == '[') {
        const size_t close = hostport.find(']');
        if (close == std::string_view::npos) return false;
        port_colon = close + 1;
        if (port_colon < hostport.size() && hostport[port_colon] != ':') return false;
    } else {
        port_colon = hostport.find(':');
    }
    if (port_colon != std::string_view::npos && port_colon < hostport.size()) {
        const auto port = chars::ParseDecimal(hostport.substr(port_colon + 1), 65535);
        if (!port) return false;
        uri.port = static_cast<uint16_t>(*port);
        hostport = hostport.substr(0, port_colon);
    }
    return ParseHost(hostport, uri.host, uri.host_type);
}

bool ParseTelUri(Uri& uri)
{
    // telephone-subscriber *( ";" par ): the number is visual separators, digits, "+", "*",
    // "#" and hex digits for local numbers; parameters use the uri-parameter charset.
    std::string_view rest = uri.opaque;
    const size_t semi = rest.find(';');
    uri.user = rest.substr(0, semi);
    if (uri.user.empty()) return false;
    for (size_t i = 0; i < uri.user.size(); ++i) {
        const char c = uri.user[i];
        const bool ok = chars::Is(c, chars::HEX) || c == '-' || c == '.' || c == '(' || c == ')' ||
                        c == '*' || c == '#' || (c == '+' && i == 0);
        if (!ok) return false;
    }
    if (semi != std::string_view::npos) {
        uri.params = rest.substr(semi + 1);
        if (!ValidUriParams(uri.params)) return false;
    }
    return true;
}

} // namespace

bool ParseHost(std::string_view text, std::string_view& host, HostType& type)
{
    if (text.empty()) return false;
    if (text.front() == '[') {
        if (text.size() < 3 || text.back() != ']') return false;
        host = text.substr(1, text.size() - 2);
        type = HostType::IPV6;
        return ParseIPv6(host).has_value();
    }
    host = text;
    if (chars::IsDigit(text.back()) && ParseIPv4(text)) {
        type = HostType::IPV4;
        return true;
    }
    type = HostType::HOSTNAME;
    return IsHostname(text);
}

std::optional<Uri> ParseUri(std::string_view text)
{
    Uri uri;
    uri.text = text;
    const size_t colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0 || !chars::IsAlpha(text[0])) return std::nullopt;
    uri.scheme_text = text.substr(0, colon);
    for (char c : uri.scheme_text) {
        if (!chars::Is(c, chars::ALPHA | chars::DIGIT) && c != '+' && c != '-' && c != '.') return std::nullopt;
    }
    uri.opaque = text.substr(colon + 1);
    if (uri.opaque.empty()) return std::nullopt;
    if (chars::EqualsNoCase(uri.scheme_text, "sip")) {
        uri.scheme = UriScheme::SIP;
        if (!ParseSipUri(uri)) return std::nullopt;
    } else if (chars::EqualsNoCase(uri.scheme_text, "sips")) {
        uri.scheme = UriScheme::SIPS;
        if (!ParseSipUri(uri)) return std::nullopt;
    } else if (chars::EqualsNoCase(uri.scheme_text, "tel")) {
        uri.scheme = UriScheme::TEL;
        if (!ParseTelUri(uri)) return std::nullopt;
    } else {
        uri.scheme = UriScheme::OTHER;
        // absoluteURI: hier-part / opaque-part of uric characters (reserved, unreserved, escaped).
        if (!CharsOrEscapes(uri.opaque, chars::UNRESERVED | chars::RESERVED)) return std::nullopt;
    }
    return uri;
}

std::optional<std::string_view> Uri::Param(std::string_view name) const
{
    if (params.empty()) return std::nullopt;
    size_t start = 0;
    while (true) {
        size_t end = params.find(';', start);
        if (end == std::string_view::npos) end = params.size();
        const std::string_view p = params.substr(start, end - start);
        const size_t eq = p.find('=');
        const std::string_view pname = p.substr(0, eq);
        bool match;
        if (pname.find('%') == std::string_view::npos) {
            match = chars::EqualsNoCase(pname, name);
        } else {
            const auto unescaped = Unescape(pname);
            match = unescaped && chars::EqualsNoCase(*unescaped, name);
        }
        if (match) return eq == std::string_view::npos ? std::string_view{} : p.substr(eq + 1);
        if (end == params.size()) return std::nullopt;
        start = end + 1;
    }
}

bool HasValidEscapes(std::string_view text)
{
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') continue;
        if (i + 2 >= text.size() || HexValue(text[i + 1]) < 0 || HexValue(text[i + 2]) < 0) return false;
        i += 2;
    }
    return true;
}

std::optional<std::string> Unescape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out.push_back(text[i]);
            continue;
        }
        if (i + 2 >= text.size()) return std::nullopt;
        const int hi = HexValue(text[i + 1]);
        const int lo = HexValue(text[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
    }
    return out;
}

} // namespace sip
