// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_PARSER_CSEQ_H
#define DOTS_SIP_PARSER_CSEQ_H

/**
 * Parsers of small SIP header values: CSeq, Max-Forwards, delta-seconds, Content-Length and
 * Call-ID.
 */

#include <sip/parser/method.h>

#include <cstdint>
#include <optional>
#include <string_view>

namespace sip {

struct CSeq {
    uint32_t number{0};   // 0 .. MAX_CSEQ (2**31-1)
    SipMethod method{SipMethod::EXTENSION};
    std::string_view method_text; // the method token as written
};

/** Parses `1*DIGIT LWS Method`. Rejects numbers above 2**31-1 and a missing/invalid method. */
std::optional<CSeq> ParseCSeq(std::string_view value);

/** Max-Forwards: 1*DIGIT, 0..255 (leading zeros allowed: "0068" is 68). */
std::optional<uint32_t> ParseMaxForwards(std::string_view value);

/** delta-seconds (Expires, Min-Expires, Retry-After's number): 0 .. 2**32-1. */
std::optional<uint32_t> ParseDeltaSeconds(std::string_view value);

/** Content-Length: 1*DIGIT, at most MAX_MESSAGE_SIZE (anything larger cannot be valid). */
std::optional<uint32_t> ParseContentLength(std::string_view value);

/** True if value is a valid Call-ID: word [ "@" word ]. */
bool IsValidCallId(std::string_view value);

} // namespace sip

#endif // DOTS_SIP_PARSER_CSEQ_H
