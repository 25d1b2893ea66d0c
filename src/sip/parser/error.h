// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_PARSER_ERROR_H
#define DOTS_SIP_PARSER_ERROR_H

/**
 * Why a SIP message was rejected (ParseError), and the status code and reason phrase a server
 * answers a malformed request with.
 */

#include <cstdint>
#include <string_view>

namespace sip {

/**
 * Why a message (or one of its header values) was rejected. Each value maps to the response
 * a server sends for a malformed *request* (ParseErrorStatus) with a reason phrase
 * (ParseErrorReason). A malformed *response* is always dropped silently (RFC 3261 18.1.2);
 * so are values whose status is 0.
 */
enum class ParseError : uint8_t {
    OK = 0,
    KEEPALIVE,                // only CRLF bytes (a keepalive): not an error, nothing to answer
    MESSAGE_TOO_LARGE,        // over MAX_MESSAGE_SIZE                       -> 513
    TOO_MANY_HEADERS,         // over MAX_HEADER_COUNT                       -> 513
    HEADER_LINE_TOO_LONG,     // over MAX_HEADER_LINE_LENGTH / start line    -> 513
    BAD_START_LINE,           // not "Method SP URI SP SIP/x.y" / status line -> 400
    BAD_VERSION,              // well-formed SIP/x.y other than 2.0          -> 505
    BAD_STATUS_CODE,          // status code not 100-699                     -> drop
    BAD_REQUEST_URI,          // syntax error in the Request-URI             -> 400
    UNSUPPORTED_URI_SCHEME,   // Request-URI scheme not sip/sips/tel         -> 416
    BAD_HEADER_LINE,          // no colon, bad header name, stray continuation -> 400
    MISSING_HEADER_TERMINATOR, // headers not closed by an empty line        -> 400
    BAD_CONTENT_LENGTH,       // not 1*DIGIT or over the limit               -> 400
    MULTIPLE_CONTENT_LENGTH,  // more than one Content-Length value          -> 400
    BODY_TRUNCATED,           // Content-Length larger than the datagram     -> 400
    MISSING_CONTENT_LENGTH,   // stream message without Content-Length       -> 400
    BAD_VIA,                  //                                             -> 400
    TOO_MANY_VIAS,            // over MAX_VIA_COUNT                          -> 400
    BAD_FROM,
    BAD_TO,
    BAD_CALL_ID,
    BAD_CSEQ,
    CSEQ_METHOD_MISMATCH,     // CSeq method differs from the request method -> 400
    BAD_MAX_FORWARDS,
    BAD_ROUTE,
    MISSING_VIA,
    MISSING_FROM,
    MISSING_TO,
    MISSING_CALL_ID,
    MISSING_CSEQ,
    DUPLICATE_HEADER,         // single-value header given more than once    -> 400
};

/** Reason phrase for the response to a request rejected with `error`, e.g. "Bad Via".
 *  Never empty; static storage; thread-safe. */
std::string_view ParseErrorReason(ParseError error);

/** SIP status code to answer a malformed request with (400, 416, 505, 513), or 0 when
 *  the message must be dropped without an answer (KEEPALIVE, BAD_STATUS_CODE, OK). */
int ParseErrorStatus(ParseError error);

} // namespace sip

#endif // DOTS_SIP_PARSER_ERROR_H
