// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_PARSER_LIMITS_H
#define DOTS_SIP_PARSER_LIMITS_H

/**
 * The parser's size limits (message, header count and length, Via count, list values) and the
 * numeric bounds RFC 3261 sets (CSeq, Max-Forwards, delta-seconds).
 */

#include <cstddef>
#include <cstdint>

namespace sip {

/** Largest message (start line, headers and body) accepted on any transport. A UDP datagram
 *  cannot be larger; a TCP peer that announces more is cut off (framing error). */
inline constexpr size_t MAX_MESSAGE_SIZE = 65536;
/** Most header lines (continuation lines do not count) in one message. */
inline constexpr size_t MAX_HEADER_COUNT = 256;
/** Longest header field, name and continuation lines included, without the final CRLF. */
inline constexpr size_t MAX_HEADER_LINE_LENGTH = 8192;
/** Longest start line (request line or status line) without its CRLF. */
inline constexpr size_t MAX_START_LINE_LENGTH = 8192;
/** Most Via values in one message. Max-Forwards starts at 70, so no sane path is longer. */
inline constexpr size_t MAX_VIA_COUNT = 70;
/** Most comma-separated values parsed from the lines of one multi-valued header type. */
inline constexpr size_t MAX_LIST_VALUES = 128;
/** Largest CSeq sequence number (RFC 3261 8.1.1.5: less than 2**31). */
inline constexpr uint32_t MAX_CSEQ = 2147483647U;
/** Largest Max-Forwards value (RFC 3261 20.22: 0-255). */
inline constexpr uint32_t MAX_MAX_FORWARDS = 255;
/** Largest delta-seconds (Expires, expires=, Retry-After): RFC 3261 allows up to 2**32-1. */
inline constexpr uint32_t MAX_DELTA_SECONDS = 4294967295U;

} // namespace sip

#endif // DOTS_SIP_PARSER_LIMITS_H
