// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_PARSER_HEADER_NAME_H
#define DOTS_SIP_PARSER_HEADER_NAME_H

/**
 * Header names the parser knows: HeaderType, lookup of a full or compact name in any case, and
 * the canonical name of each type.
 */

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sip {

/** Header fields the parser knows by name. Any other name is OTHER and keeps its text. */
enum class HeaderType : uint8_t {
    OTHER = 0,
    VIA,
    FROM,
    TO,
    CALL_ID,
    CSEQ,
    CONTACT,
    MAX_FORWARDS,
    CONTENT_LENGTH,
    CONTENT_TYPE,
    CONTENT_ENCODING,
    ROUTE,
    RECORD_ROUTE,
    PATH,
    EXPIRES,
    MIN_EXPIRES,
    AUTHORIZATION,
    PROXY_AUTHORIZATION,
    WWW_AUTHENTICATE,
    PROXY_AUTHENTICATE,
    AUTHENTICATION_INFO,
    REQUIRE,
    PROXY_REQUIRE,
    SUPPORTED,
    UNSUPPORTED,
    ALLOW,
    ALLOW_EVENTS,
    EVENT,
    SUBSCRIPTION_STATE,
    SUBJECT,
    REFER_TO,
    REFERRED_BY,
    SESSION_EXPIRES,
    MIN_SE,
    IDENTITY,
    IDENTITY_INFO,
    ACCEPT,
    ACCEPT_ENCODING,
    ACCEPT_LANGUAGE,
    ACCEPT_CONTACT,
    REJECT_CONTACT,
    REQUEST_DISPOSITION,
    USER_AGENT,
    SERVER,
    DATE,
    RETRY_AFTER,
    WARNING,
    RSEQ,
    RACK,
    PRIVACY,
    P_ASSERTED_IDENTITY,
    P_PREFERRED_IDENTITY,
    REASON,
    TIMESTAMP,
    ORGANIZATION,
    CONTENT_DISPOSITION,
    MIME_VERSION,
    COUNT_ // number of values; not a header
};

inline constexpr size_t HEADER_TYPE_COUNT = static_cast<size_t>(HeaderType::COUNT_);

/**
 * Maps a header name (full or compact form, any case: "Call-ID", "call-id", "i") to its type.
 * Returns OTHER for names it does not know. O(1), no allocation, thread-safe.
 */
HeaderType LookupHeaderName(std::string_view name);

/** Canonical full name ("Call-ID"), or "" for OTHER. Static storage. */
std::string_view HeaderName(HeaderType type);

} // namespace sip

#endif // DOTS_SIP_PARSER_HEADER_NAME_H
