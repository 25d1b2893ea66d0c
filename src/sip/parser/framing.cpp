// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/parser/framing.h>

#include <sip/parser/chars.h>
#include <sip/parser/cseq.h>
#include <sip/parser/header_name.h>
#include <sip/parser/limits.h>

#include <cstring>

namespace sip {
namespace {

FrameResult Error(ParseError e) { return FrameResult{FrameStatus::ERROR, 0, e}; }

/** Offset just past the empty line ending the headers, or npos. Accepts CRLF and LF. */
size_t FindHeaderEnd(std::string_view s)
{
    size_t pos = 0;
    while (true) {
        const size_t nl = s.find('\n', pos);
        if (nl == std::string_view::npos) return std::string_view::npos;
        if (nl + 1 < s.size() && s[nl + 1] == '\n') return nl + 2;
        if (nl + 2 < s.size() && s[nl + 1] == '\r' && s[nl + 2] == '\n') return nl + 3;
        pos = nl + 1;
    }
}

} // namespace

FrameResult FrameStreamMessage(std::string_view received)
{
    // Keepalives before a message (RFC 5626 4.4.1, RFC 3261 7.5).
    if (!received.empty() && (received[0] == '\r' || received[0] == '\n')) {
        if (received.size() >= 4 && received.substr(0, 4) == "\r\n\r\n") return {FrameStatus::KEEPALIVE_PING, 4, ParseError::OK};
        size_t n = 0;
        while (n < received.size() && (received[n] == '\r' || received[n] == '\n')) ++n;
        if (n == received.size() && received.substr(0, n) == std::string_view{"\r\n\r\n"}.substr(0, n)) {
            return {FrameStatus::NEED_MORE, 0, ParseError::OK}; // maybe the start of a ping
        }
        if (received.substr(0, 2) == "\r\n") return {FrameStatus::KEEPALIVE, 2, ParseError::OK};
        return {FrameStatus::KEEPALIVE, 1, ParseError::OK};
    }
    const std::string_view window = received.substr(0, MAX_MESSAGE_SIZE);
    const size_t header_end = FindHeaderEnd(window);
    if (header_end == std::string_view::npos) {
        if (received.size() >= MAX_MESSAGE_SIZE) return Error(ParseError::MESSAGE_TOO_LARGE);
        return {FrameStatus::NEED_MORE, 0, ParseError::OK};
    }
    // Find Content-Length among the header lines (skip the start line).
    const std::string_view headers = window.substr(0, header_end);
    size_t pos = headers.find('\n') + 1;
    std::optional<uint32_t> content_length;
    while (pos < headers.size()) {
        size_t eol = headers.find('\n', pos);
        while (eol + 1 < headers.size() && (headers[eol + 1] == ' ' || headers[eol + 1] == '\t')) {
            eol = headers.find('\n', eol + 1);
        }
        std::string_view line = headers.substr(pos, eol - pos);
        pos = eol + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) break;
        const size_t name_len = chars::SpanOf(line, 0, chars::TOKEN);
        if (name_len == 0) return Error(ParseError::BAD_HEADER_LINE);
        if (LookupHeaderName(line.substr(0, name_len)) != HeaderType::CONTENT_LENGTH) continue;
        const size_t colon = line.find(':', name_len);
        if (colon == std::string_view::npos || !chars::TrimLws(line.substr(name_len, colon - name_len)).empty()) {
            return Error(ParseError::BAD_HEADER_LINE);
        }
        if (content_length) return Error(ParseError::MULTIPLE_CONTENT_LENGTH);
        content_length = ParseContentLength(line.substr(colon + 1));
        if (!content_length) return Error(ParseError::BAD_CONTENT_LENGTH);
    }
    if (!content_length) return Error(ParseError::MISSING_CONTENT_LENGTH);
    const size_t total = header_end + *content_length;
    if (total > MAX_MESSAGE_SIZE) return Error(ParseError::MESSAGE_TOO_LARGE);
    if (received.size() < total) return {FrameStatus::NEED_MORE, 0, ParseError::OK};
    return {FrameStatus::MESSAGE, total, ParseError::OK};
}

FrameResult FrameStreamMessage(std::span<const uint8_t> received)
{
    return FrameStreamMessage(std::string_view{reinterpret_cast<const char*>(received.data()), received.size()});
}

} // namespace sip
