// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/parser/framing.h>

#include <sip/parser/chars.h>
#include <sip/parser/cseq.h>
#include <sip/parser/header_name.h>
#include <sip/parser/limits.h>

#include <algorithm>

namespace sip {
namespace {

FrameResult Error(ParseError e) { return FrameResult{FrameStatus::ERROR, 0, e}; }
FrameResult NeedMore() { return FrameResult{FrameStatus::NEED_MORE, 0, ParseError::OK}; }

/** Offset just past the empty line ending the headers, or npos. Accepts CRLF and LF. Starts
 *  at `from`, which must not be inside an empty line that began before it. */
size_t FindHeaderEnd(std::string_view s, size_t from)
{
    size_t pos = from;
    while (true) {
        const size_t nl = s.find('\n', pos);
        if (nl == std::string_view::npos) return std::string_view::npos;
        if (nl + 1 < s.size() && s[nl + 1] == '\n') return nl + 2;
        if (nl + 2 < s.size() && s[nl + 1] == '\r' && s[nl + 2] == '\n') return nl + 3;
        pos = nl + 1;
    }
}

/** Keepalive CRLFs at the front of a stream (RFC 5626 4.4.1, RFC 3261 7.5). */
FrameResult FrameKeepalive(std::string_view received)
{
    if (received.size() >= 4 && received.substr(0, 4) == "\r\n\r\n") return {FrameStatus::KEEPALIVE_PING, 4, ParseError::OK};
    size_t n = 0;
    while (n < received.size() && (received[n] == '\r' || received[n] == '\n')) ++n;
    if (n == received.size() && received.substr(0, n) == std::string_view{"\r\n\r\n"}.substr(0, n)) {
        return NeedMore(); // maybe the start of a ping
    }
    if (received.substr(0, 2) == "\r\n") return {FrameStatus::KEEPALIVE, 2, ParseError::OK};
    return {FrameStatus::KEEPALIVE, 1, ParseError::OK};
}

/**
 * Frames a message whose header section ends at header_end: finds its single Content-Length.
 * Returns the message's total length, or an ERROR result.
 */
FrameResult FrameHeaders(std::string_view headers)
{
    size_t pos = headers.find('\n') + 1; // skip the start line
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
    const size_t total = headers.size() + *content_length;
    if (total > MAX_MESSAGE_SIZE) return Error(ParseError::MESSAGE_TOO_LARGE);
    return {FrameStatus::MESSAGE, total, ParseError::OK};
}

} // namespace

FrameResult FrameStreamMessage(std::string_view received)
{
    if (!received.empty() && (received[0] == '\r' || received[0] == '\n')) return FrameKeepalive(received);
    const std::string_view window = received.substr(0, MAX_MESSAGE_SIZE);
    const size_t header_end = FindHeaderEnd(window, 0);
    if (header_end == std::string_view::npos) {
        if (received.size() >= MAX_MESSAGE_SIZE) return Error(ParseError::MESSAGE_TOO_LARGE);
        return NeedMore();
    }
    const FrameResult r = FrameHeaders(window.substr(0, header_end));
    if (r.status == FrameStatus::MESSAGE && received.size() < r.length) return NeedMore();
    return r;
}

FrameResult FrameStreamMessage(std::span<const uint8_t> received)
{
    return FrameStreamMessage(std::string_view{reinterpret_cast<const char*>(received.data()), received.size()});
}

FrameResult StreamFramer::Next(std::string_view received)
{
    if (m_total == 0) {
        if (!received.empty() && (received[0] == '\r' || received[0] == '\n')) return FrameKeepalive(received);
        const std::string_view window = received.substr(0, MAX_MESSAGE_SIZE);
        // Back up 2 bytes so an empty line split across reads is still seen whole.
        const size_t header_end = FindHeaderEnd(window, m_searched > 2 ? m_searched - 2 : 0);
        if (header_end == std::string_view::npos) {
            if (received.size() >= MAX_MESSAGE_SIZE) {
                m_searched = 0;
                return Error(ParseError::MESSAGE_TOO_LARGE);
            }
            m_searched = window.size();
            return NeedMore();
        }
        m_searched = 0;
        const FrameResult r = FrameHeaders(window.substr(0, header_end));
        if (r.status != FrameStatus::MESSAGE) return r;
        m_total = r.length;
    }
    if (received.size() < m_total) return NeedMore();
    const FrameResult done{FrameStatus::MESSAGE, m_total, ParseError::OK};
    m_total = 0;
    return done;
}

} // namespace sip
