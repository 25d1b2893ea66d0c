// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_PARSER_METHOD_H
#define DOTS_SIP_PARSER_METHOD_H

/**
 * SIP request methods: SipMethod, the token-to-enum mapping (case-sensitive, RFC 3261 7.1) and
 * back.
 */

#include <cstdint>
#include <string_view>

namespace sip {

/** Request methods. Anything else is EXTENSION and keeps its token text. */
enum class SipMethod : uint8_t {
    EXTENSION = 0,
    INVITE,
    ACK,
    BYE,
    CANCEL,
    REGISTER,
    OPTIONS,
    PRACK,
    SUBSCRIBE,
    NOTIFY,
    PUBLISH,
    INFO,
    REFER,
    MESSAGE,
    UPDATE,
};

/**
 * Maps a method token to its enum. Methods are case-sensitive (RFC 3261 7.1): "invite" and
 * "RE%47IST%45R" are EXTENSION methods. Does not check that `token` is a valid token.
 */
SipMethod MethodFromToken(std::string_view token);

/** Canonical name ("INVITE"), or "" for EXTENSION. Static storage. */
std::string_view MethodName(SipMethod method);

} // namespace sip

#endif // DOTS_SIP_PARSER_METHOD_H
