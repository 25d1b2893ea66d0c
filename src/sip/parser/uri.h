// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_PARSER_URI_H
#define DOTS_SIP_PARSER_URI_H

/**
 * SIP, SIPS and TEL URIs (RFC 3261 19.1, RFC 3966): a zero-copy parser into views of the text,
 * host classification, and %HH unescaping. On the hot path of every message.
 */

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sip {

enum class UriScheme : uint8_t {
    SIP,
    SIPS,
    TEL,
    OTHER, // any other absoluteURI (http:, isbn:, soap.beep:, ...): only `opaque` is set
};

enum class HostType : uint8_t {
    NONE,     // no host (tel: and OTHER URIs)
    HOSTNAME, // a domain name
    IPV4,
    IPV6,     // `host` holds the address without its brackets
};

/**
 * A parsed URI. All views point into the text given to ParseUri (for a SipMessage, its
 * buffer: valid as long as the message lives). Escaped (%HH) parts are kept as written; use
 * Unescape() to compare or print them.
 */
struct Uri {
    UriScheme scheme{UriScheme::OTHER};
    std::string_view text;        // the whole URI
    std::string_view scheme_text; // as written, e.g. "SIP"
    std::string_view user;        // sip/sips userinfo user part; tel: the subscriber number
    std::string_view password;    // sip/sips only
    bool has_password{false};
    std::string_view host;        // without [] for IPv6
    HostType host_type{HostType::NONE};
    std::optional<uint16_t> port;
    std::string_view params;      // raw uri-parameters after the first ";" (without it)
    std::string_view headers;     // raw headers after "?" (without it)
    std::string_view opaque;      // everything after "scheme:" (all schemes)

    bool IsSip() const { return scheme == UriScheme::SIP || scheme == UriScheme::SIPS; }

    /**
     * Looks up a uri-parameter by name, comparing case-insensitively after unescaping (so
     * ";%6C%72" is found as "lr"). Returns its value as written ("" when it has none), or
     * nullopt when absent. Allocates only when the parameter names contain escapes.
     */
    std::optional<std::string_view> Param(std::string_view name) const;
    bool HasParam(std::string_view name) const { return Param(name).has_value(); }
};

/**
 * Parses a URI: sip:/sips: fully (RFC 3261 19.1: user, password, host as hostname, IPv4 or
 * [IPv6], port 0-65535, uri-parameters, headers, with %HH escapes validated and allowed only
 * where the grammar allows them), tel: (RFC 3966: subscriber number and parameters), and any
 * other scheme as an opaque absoluteURI. Input must be the bare URI (no "<>", no LWS).
 * Returns nullopt on any syntax error. Pure, thread-safe, no allocation.
 */
std::optional<Uri> ParseUri(std::string_view text);

/**
 * Decodes %HH escapes. Returns nullopt if a "%" is not followed by two hex digits. The result
 * may contain any byte, NUL included (RFC 4475 escnull).
 */
std::optional<std::string> Unescape(std::string_view text);

/** True if every "%" in text starts a valid %HH escape. */
bool HasValidEscapes(std::string_view text);

/** Parses a host (hostname, IPv4 or [IPv6]); sets host/type. Returns false when invalid. */
bool ParseHost(std::string_view text, std::string_view& host, HostType& type);

} // namespace sip

#endif // DOTS_SIP_PARSER_URI_H
