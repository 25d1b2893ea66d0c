// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Splitting a message: start line, header lines (with folding), body framing. Values are not
// parsed here; see message_access.cpp.

#include <sip/parser/message.h>

#include <sip/parser/chars.h>
#include <sip/parser/limits.h>

#include <cstring>

namespace sip {

namespace {
constexpr uint16_t NO_HEADER = 0xFFFF;

enum class Framing { DATAGRAM, STREAM };

/** "SIP/" 1*DIGIT "." 1*DIGIT */
bool IsVersionSyntax(std::string_view v)
{
    if (!chars::StartsWithNoCase(v, "SIP/")) return false;
    v.remove_prefix(4);
    const size_t major = chars::SpanOf(v, 0, chars::DIGIT);
    if (major == 0 || major >= v.size() || v[major] != '.') return false;
    const size_t minor = chars::SpanOf(v, major + 1, chars::DIGIT);
    return minor > 0 && major + 1 + minor == v.size();
}

ParseError CheckVersion(std::string_view v)
{
    if (chars::EqualsNoCase(v, "SIP/2.0")) return ParseError::OK;
    return IsVersionSyntax(v) ? ParseError::BAD_VERSION : ParseError::BAD_START_LINE;
}
} // namespace

struct MessageParser {
    static ParseError ParseStartLine(SipMessage& m, std::string_view line);
    static ParseError SplitHeaders(SipMessage& m, size_t pos, Framing framing);
    static ParseError FrameBody(SipMessage& m, size_t available, Framing framing);
    static ParseResult Parse(std::string_view bytes, Framing framing);
};

ParseError MessageParser::ParseStartLine(SipMessage& m, std::string_view line)
{
    m.m_start_line = line;
    if (line.size() > MAX_START_LINE_LENGTH) return ParseError::HEADER_LINE_TOO_LONG;
    if (chars::StartsWithNoCase(line, "SIP/")) {
        // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase
        m.m_is_request = false;
        const size_t sp = line.find(' ');
        m.m_version = line.substr(0, sp);
        if (const ParseError e = CheckVersion(m.m_version); e != ParseError::OK) return e;
        if (sp == std::string_view::npos) return ParseError::BAD_STATUS_CODE;
        const std::string_view rest = line.substr(sp + 1);
        const size_t digits = chars::SpanOf(rest, 0, chars::DIGIT);
        if (digits != 3 || (rest.size() > 3 && rest[3] != ' ')) return ParseError::BAD_STATUS_CODE;
        const uint16_t code = static_cast<uint16_t>((rest[0] - '0') * 100 + (rest[1] - '0') * 10 + (rest[2] - '0'));
        if (code < 100 || code > 699) return ParseError::BAD_STATUS_CODE;
        m.m_status = code;
        // An empty reason phrase is valid (RFC 4475 noreason); tolerate a missing SP too.
        m.m_reason = rest.size() > 4 ? rest.substr(4) : std::string_view{};
        for (char c : m.m_reason) {
            if (c == '\r' || c == '\n') return ParseError::BAD_START_LINE;
        }
        return ParseError::OK;
    }
    // Request-Line = Method SP Request-URI SP SIP-Version
    m.m_is_request = true;
    const size_t sp1 = line.find(' ');
    if (sp1 == std::string_view::npos) return ParseError::BAD_START_LINE;
    m.m_method_text = line.substr(0, sp1);
    if (!chars::IsTokenString(m.m_method_text)) return ParseError::BAD_START_LINE;
    m.m_method = MethodFromToken(m.m_method_text);
    const size_t sp2 = line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || sp2 == sp1 + 1) return ParseError::BAD_START_LINE;
    m.m_ruri_text = line.substr(sp1 + 1, sp2 - sp1 - 1);
    m.m_version = line.substr(sp2 + 1);
    return CheckVersion(m.m_version);
}

ParseError MessageParser::SplitHeaders(SipMessage& m, size_t pos, Framing framing)
{
    const char* const buf = m.m_buf.get();
    const size_t size = m.m_size;
    m.m_first.fill(NO_HEADER);
    m.m_count.fill(0);
    m.m_headers.reserve(24);
    while (true) {
        if (pos >= size) {
            // A datagram may end right after the last header line (RFC 4475 baddn).
            if (framing == Framing::DATAGRAM && pos == size) {
                m.m_header_end = size;
                return ParseError::OK;
            }
            return ParseError::MISSING_HEADER_TERMINATOR;
        }
        if (buf[pos] == '\r' && pos + 1 < size && buf[pos + 1] == '\n') {
            m.m_header_end = pos + 2;
            return ParseError::OK;
        }
        if (buf[pos] == '\n') {
            m.m_header_end = pos + 1;
            return ParseError::OK;
        }
        const size_t line_start = pos;
        // header name: token, then optional SP/HT, then ":"
        size_t p = pos;
        while (p < size && chars::IsToken(buf[p])) ++p;
        if (p == pos) return ParseError::BAD_HEADER_LINE; // also a continuation line with no header
        const std::string_view name{buf + pos, p - pos};
        while (p < size && (buf[p] == ' ' || buf[p] == '\t')) ++p;
        if (p >= size || buf[p] != ':') return ParseError::BAD_HEADER_LINE;
        const size_t value_start = p + 1;
        // Find the end of the field: a LF not followed by SP/HT.
        size_t eol = value_start;
        while (true) {
            const void* nl = std::memchr(buf + eol, '\n', size - eol);
            if (!nl) return ParseError::MISSING_HEADER_TERMINATOR;
            eol = static_cast<size_t>(static_cast<const char*>(nl) - buf);
            if (eol + 1 < size && (buf[eol + 1] == ' ' || buf[eol + 1] == '\t')) {
                ++eol;
                continue;
            }
            break;
        }
        size_t line_end = eol;
        if (line_end > line_start && buf[line_end - 1] == '\r') --line_end;
        if (line_end - line_start > MAX_HEADER_LINE_LENGTH) return ParseError::HEADER_LINE_TOO_LONG;
        if (m.m_headers.size() >= MAX_HEADER_COUNT) return ParseError::TOO_MANY_HEADERS;
        HeaderField field;
        field.name = name;
        field.type = LookupHeaderName(name);
        field.value = chars::TrimLws(std::string_view{buf + value_start, line_end - value_start});
        field.line = std::string_view{buf + line_start, line_end - line_start};
        const size_t t = static_cast<size_t>(field.type);
        if (m.m_first[t] == NO_HEADER) m.m_first[t] = static_cast<uint16_t>(m.m_headers.size());
        ++m.m_count[t];
        m.m_headers.push_back(field);
        pos = eol + 1;
    }
}

ParseError MessageParser::FrameBody(SipMessage& m, size_t available, Framing framing)
{
    const char* const buf = m.m_buf.get();
    const size_t cl_count = m.m_count[static_cast<size_t>(HeaderType::CONTENT_LENGTH)];
    const size_t left = available - m.m_header_end;
    size_t body_len = left;
    if (cl_count == 0) {
        if (framing == Framing::STREAM) return ParseError::MISSING_CONTENT_LENGTH;
    } else {
        if (cl_count > 1) return ParseError::MULTIPLE_CONTENT_LENGTH;
        const HeaderField& f = m.m_headers[m.m_first[static_cast<size_t>(HeaderType::CONTENT_LENGTH)]];
        if (f.value.find(',') != std::string_view::npos) return ParseError::MULTIPLE_CONTENT_LENGTH;
        const auto cl = ParseContentLength(f.value);
        if (!cl) return ParseError::BAD_CONTENT_LENGTH;
        if (*cl > left) return ParseError::BODY_TRUNCATED;
        body_len = *cl;
    }
    m.m_body = std::string_view{buf + m.m_header_end, body_len};
    m.m_size = m.m_header_end + body_len;
    return ParseError::OK;
}

ParseResult MessageParser::Parse(std::string_view bytes, Framing framing)
{
    ParseResult result;
    // RFC 3261 7.5: ignore CRLFs before the start line (keepalives).
    size_t skip = 0;
    while (skip < bytes.size() && (bytes[skip] == '\r' || bytes[skip] == '\n')) ++skip;
    bytes.remove_prefix(skip);
    if (bytes.empty()) {
        result.error = ParseError::KEEPALIVE;
        return result;
    }
    if (bytes.size() > MAX_MESSAGE_SIZE) {
        result.error = ParseError::MESSAGE_TOO_LARGE;
        return result;
    }
    // Built in place in the result: a SipMessage is large (its lazy caches), moves cost.
    SipMessage& m = result.message.emplace(SipMessage::Key{});
    m.m_buf = std::make_unique_for_overwrite<char[]>(bytes.size());
    std::memcpy(m.m_buf.get(), bytes.data(), bytes.size());
    m.m_size = bytes.size();
    const std::string_view all{m.m_buf.get(), m.m_size};
    const size_t nl = all.find('\n');
    if (nl == std::string_view::npos) {
        result.error = ParseError::BAD_START_LINE;
        result.message.reset();
        return result;
    }
    const size_t line_end = (nl > 0 && all[nl - 1] == '\r') ? nl - 1 : nl;
    const ParseError start_error = ParseStartLine(m, all.substr(0, line_end));
    if (start_error == ParseError::HEADER_LINE_TOO_LONG || start_error == ParseError::BAD_STATUS_CODE) {
        result.error = start_error;
        result.message.reset();
        return result;
    }
    if (const ParseError e = SplitHeaders(m, nl + 1, framing); e != ParseError::OK) {
        result.error = start_error != ParseError::OK ? start_error : e;
        result.message.reset();
        return result;
    }
    const ParseError body_error = FrameBody(m, bytes.size(), framing);
    result.error = start_error != ParseError::OK ? start_error : body_error;
    if (body_error != ParseError::OK) m.m_body = {};
    m.m_parse_error = result.error;
    return result;
}

ParseResult ParseDatagram(std::span<const uint8_t> datagram)
{
    return ParseDatagram(std::string_view{reinterpret_cast<const char*>(datagram.data()), datagram.size()});
}

ParseResult ParseDatagram(std::string_view datagram)
{
    return MessageParser::Parse(datagram, Framing::DATAGRAM);
}

ParseResult ParseStreamMessage(std::span<const uint8_t> bytes)
{
    return ParseStreamMessage(std::string_view{reinterpret_cast<const char*>(bytes.data()), bytes.size()});
}

ParseResult ParseStreamMessage(std::string_view bytes)
{
    return MessageParser::Parse(bytes, Framing::STREAM);
}

} // namespace sip
