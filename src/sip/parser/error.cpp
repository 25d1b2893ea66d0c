// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/parser/error.h>

namespace sip {

std::string_view ParseErrorReason(ParseError error)
{
    switch (error) {
    case ParseError::OK: return "OK";
    case ParseError::KEEPALIVE: return "Keepalive";
    case ParseError::MESSAGE_TOO_LARGE: return "Message Too Large";
    case ParseError::TOO_MANY_HEADERS: return "Too Many Header Fields";
    case ParseError::HEADER_LINE_TOO_LONG: return "Header Field Too Long";
    case ParseError::BAD_START_LINE: return "Bad Request Line";
    case ParseError::BAD_VERSION: return "Version Not Supported";
    case ParseError::BAD_STATUS_CODE: return "Bad Status Code";
    case ParseError::BAD_REQUEST_URI: return "Bad Request-URI";
    case ParseError::UNSUPPORTED_URI_SCHEME: return "Unsupported URI Scheme";
    case ParseError::BAD_HEADER_LINE: return "Malformed Header Field";
    case ParseError::MISSING_HEADER_TERMINATOR: return "Header Fields Not Terminated";
    case ParseError::BAD_CONTENT_LENGTH: return "Bad Content-Length";
    case ParseError::MULTIPLE_CONTENT_LENGTH: return "Multiple Content-Length Values";
    case ParseError::BODY_TRUNCATED: return "Content-Length Larger Than Message";
    case ParseError::MISSING_CONTENT_LENGTH: return "Missing Content-Length";
    case ParseError::BAD_VIA: return "Bad Via";
    case ParseError::TOO_MANY_VIAS: return "Too Many Via Values";
    case ParseError::BAD_FROM: return "Bad From";
    case ParseError::BAD_TO: return "Bad To";
    case ParseError::BAD_CALL_ID: return "Bad Call-ID";
    case ParseError::BAD_CSEQ: return "Bad CSeq";
    case ParseError::CSEQ_METHOD_MISMATCH: return "CSeq Method Mismatch";
    case ParseError::BAD_MAX_FORWARDS: return "Bad Max-Forwards";
    case ParseError::BAD_ROUTE: return "Bad Route";
    case ParseError::MISSING_VIA: return "Missing Via";
    case ParseError::MISSING_FROM: return "Missing From";
    case ParseError::MISSING_TO: return "Missing To";
    case ParseError::MISSING_CALL_ID: return "Missing Call-ID";
    case ParseError::MISSING_CSEQ: return "Missing CSeq";
    case ParseError::DUPLICATE_HEADER: return "Multiple Values In Single-Value Header";
    }
    return "Bad Request";
}

int ParseErrorStatus(ParseError error)
{
    switch (error) {
    case ParseError::OK:
    case ParseError::KEEPALIVE:
    case ParseError::BAD_STATUS_CODE:
        return 0;
    case ParseError::MESSAGE_TOO_LARGE:
    case ParseError::TOO_MANY_HEADERS:
    case ParseError::HEADER_LINE_TOO_LONG:
        return 513;
    case ParseError::BAD_VERSION:
        return 505;
    case ParseError::UNSUPPORTED_URI_SCHEME:
        return 416;
    default:
        return 400;
    }
}

} // namespace sip
