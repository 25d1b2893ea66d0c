// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_PARSER_VIA_H
#define DOTS_SIP_PARSER_VIA_H

/**
 * The Via header: transports, the via-parm parser (sent-by, branch, received, rport, maddr) and
 * the RFC 3261 branch cookie.
 */

#include <sip/parser/params.h>
#include <sip/parser/uri.h>

#include <cstdint>
#include <optional>
#include <string_view>

namespace sip {

enum class Transport : uint8_t { UDP, TCP, TLS, SCTP, WS, WSS, OTHER };

/** Maps "UDP", "tcp", "WSS" ... to Transport (case-insensitive); OTHER for anything else. */
Transport TransportFromToken(std::string_view token);
/** Upper-case name ("UDP"), "" for OTHER. Static storage. */
std::string_view TransportName(Transport transport);

/** RFC 3261 branch magic cookie. */
inline constexpr std::string_view BRANCH_MAGIC_COOKIE = "z9hG4bK";

/** One via-parm. Views point into the parsed text. */
struct Via {
    std::string_view protocol_name;    // "SIP"
    std::string_view protocol_version; // "2.0"
    std::string_view transport_text;   // as written, e.g. "UDP", "UNKNOWN"
    Transport transport{Transport::OTHER};
    std::string_view host;             // sent-by host, without [] for IPv6
    HostType host_type{HostType::NONE};
    std::optional<uint16_t> port;      // sent-by port
    HeaderParams params;               // all via-params, raw
    std::string_view branch;           // "" when absent
    std::string_view received;         // "" when absent (validated as IPv4/IPv6 if present)
    std::string_view maddr;            // "" when absent
    bool has_rport{false};             // ";rport" with or without a value (RFC 3581)
    std::optional<uint16_t> rport;     // its value when given
    std::optional<uint8_t> ttl;        // 0..255
    std::string_view text;             // the whole via-parm as written

    /** True if the branch starts with the magic cookie and has something after it
     *  (RFC 4475 3.2.1 badbranch: a bare "z9hG4bK" is not an RFC 3261 transaction id). */
    bool HasRfc3261Branch() const
    {
        return branch.size() > BRANCH_MAGIC_COOKIE.size() && branch.substr(0, BRANCH_MAGIC_COOKIE.size()) == BRANCH_MAGIC_COOKIE;
    }
};

/**
 * Parses one via-parm: `sent-protocol LWS sent-by *( SEMI via-params )` with LWS allowed
 * around "/" and ":" (RFC 3261 25.1). Only protocol SIP/2.0 is accepted. Returns nullopt on any
 * syntax error, a bad host or port, an out-of-range ttl/rport or a received that is not an IP.
 */
std::optional<Via> ParseVia(std::string_view text);

} // namespace sip

#endif // DOTS_SIP_PARSER_VIA_H
