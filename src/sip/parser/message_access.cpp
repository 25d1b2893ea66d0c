// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Lazy accessors of SipMessage: each header value is parsed on first use and cached.

#include <sip/parser/message.h>

#include <sip/parser/chars.h>
#include <sip/parser/limits.h>

#include <algorithm>
#include <cstring>

namespace sip {

namespace {
constexpr uint16_t NO_HEADER = 0xFFFF;
} // namespace

const HeaderField* SipMessage::FindHeader(HeaderType type) const
{
    const uint16_t i = m_first[static_cast<size_t>(type)];
    return i == NO_HEADER ? nullptr : &m_headers[i];
}

const HeaderField* SipMessage::FindHeader(std::string_view name) const
{
    const HeaderType type = LookupHeaderName(name);
    if (type != HeaderType::OTHER) return FindHeader(type);
    for (const HeaderField& f : m_headers) {
        if (f.type == HeaderType::OTHER && chars::EqualsNoCase(f.name, name)) return &f;
    }
    return nullptr;
}

template <typename F>
bool SipMessage::ForEachValue(HeaderType type, F&& f) const
{
    const uint16_t first = m_first[static_cast<size_t>(type)];
    if (first == NO_HEADER) return true;
    for (size_t i = first; i < m_headers.size(); ++i) {
        if (m_headers[i].type != type) continue;
        ListSplitter split{m_headers[i].value};
        std::string_view item;
        while (split.Next(item)) {
            if (!f(item)) return false;
        }
        if (split.Failed()) return false;
    }
    return true;
}

namespace {
/** First comma-separated value of a header line. */
std::optional<std::string_view> FirstValue(const HeaderField* field)
{
    if (!field) return std::nullopt;
    ListSplitter split{field->value};
    std::string_view item;
    if (!split.Next(item)) return std::nullopt;
    return item;
}
} // namespace

const Uri* SipMessage::RequestUri() const
{
    if (!m_ruri.parsed) {
        m_ruri.value = m_is_request ? ParseUri(m_ruri_text) : std::nullopt;
        m_ruri.parsed = true;
    }
    return m_ruri.value ? &*m_ruri.value : nullptr;
}

const Via* SipMessage::TopVia() const
{
    if (!m_top_via.parsed) {
        const auto item = FirstValue(FindHeader(HeaderType::VIA));
        m_top_via.value = item ? ParseVia(*item) : std::nullopt;
        m_top_via.parsed = true;
    }
    return m_top_via.value ? &*m_top_via.value : nullptr;
}

const NameAddr* SipMessage::From() const
{
    if (!m_from.parsed) {
        const HeaderField* f = FindHeader(HeaderType::FROM);
        m_from.value = f ? ParseNameAddr(f->value) : std::nullopt;
        m_from.parsed = true;
    }
    return m_from.value ? &*m_from.value : nullptr;
}

const NameAddr* SipMessage::To() const
{
    if (!m_to.parsed) {
        const HeaderField* f = FindHeader(HeaderType::TO);
        m_to.value = f ? ParseNameAddr(f->value) : std::nullopt;
        m_to.parsed = true;
    }
    return m_to.value ? &*m_to.value : nullptr;
}

std::string_view SipMessage::CallId() const
{
    const HeaderField* f = FindHeader(HeaderType::CALL_ID);
    return f ? f->value : std::string_view{};
}

const CSeq* SipMessage::CSeqHeader() const
{
    if (!m_cseq.parsed) {
        const HeaderField* f = FindHeader(HeaderType::CSEQ);
        m_cseq.value = f ? ParseCSeq(f->value) : std::nullopt;
        m_cseq.parsed = true;
    }
    return m_cseq.value ? &*m_cseq.value : nullptr;
}

std::optional<uint32_t> SipMessage::MaxForwards() const
{
    const HeaderField* f = FindHeader(HeaderType::MAX_FORWARDS);
    return f ? ParseMaxForwards(f->value) : std::nullopt;
}

std::optional<uint32_t> SipMessage::Expires() const
{
    const HeaderField* f = FindHeader(HeaderType::EXPIRES);
    return f ? ParseDeltaSeconds(f->value) : std::nullopt;
}

std::optional<uint32_t> SipMessage::ContentLength() const
{
    const HeaderField* f = FindHeader(HeaderType::CONTENT_LENGTH);
    return f ? ParseContentLength(f->value) : std::nullopt;
}

std::string_view SipMessage::ContentType() const
{
    const HeaderField* f = FindHeader(HeaderType::CONTENT_TYPE);
    return f ? f->value : std::string_view{};
}

const NameAddr* SipMessage::TopRoute() const
{
    if (!m_top_route.parsed) {
        const auto item = FirstValue(FindHeader(HeaderType::ROUTE));
        m_top_route.value = item ? ParseNameAddr(*item) : std::nullopt;
        m_top_route.parsed = true;
    }
    return m_top_route.value ? &*m_top_route.value : nullptr;
}

std::optional<std::vector<Via>> SipMessage::Vias() const
{
    std::vector<Via> out;
    const bool ok = ForEachValue(HeaderType::VIA, [&](std::string_view item) {
        if (out.size() >= MAX_VIA_COUNT) return false;
        auto via = ParseVia(item);
        if (!via) return false;
        out.push_back(*via);
        return true;
    });
    if (!ok) return std::nullopt;
    return out;
}

std::optional<std::vector<Contact>> SipMessage::Contacts() const
{
    std::vector<Contact> out;
    const bool ok = ForEachValue(HeaderType::CONTACT, [&](std::string_view item) {
        if (out.size() >= MAX_LIST_VALUES) return false;
        auto contact = ParseContact(item);
        if (!contact) return false;
        out.push_back(*contact);
        return true;
    });
    if (!ok) return std::nullopt;
    // "*" is only valid alone (RFC 3261 10.2.2).
    for (const Contact& c : out) {
        if (c.star && out.size() != 1) return std::nullopt;
    }
    return out;
}

std::optional<std::vector<NameAddr>> SipMessage::NameAddrs(HeaderType type) const
{
    std::vector<NameAddr> out;
    const bool ok = ForEachValue(type, [&](std::string_view item) {
        if (out.size() >= MAX_LIST_VALUES) return false;
        auto addr = ParseNameAddr(item);
        if (!addr) return false;
        out.push_back(*addr);
        return true;
    });
    if (!ok) return std::nullopt;
    return out;
}

std::optional<std::vector<std::string_view>> SipMessage::Tokens(HeaderType type) const
{
    std::vector<std::string_view> out;
    const uint16_t first = m_first[static_cast<size_t>(type)];
    if (first == NO_HEADER) return out;
    for (size_t i = first; i < m_headers.size(); ++i) {
        if (m_headers[i].type != type) continue;
        // An empty line adds nothing: RFC 3261 25 allows `Supported:` and `Allow:` with no
        // value (baresip sends one), and an empty Require asks for nothing.
        const auto tokens = ParseTokenList(m_headers[i].value);
        if (!tokens || out.size() + tokens->size() > MAX_LIST_VALUES) return std::nullopt;
        out.insert(out.end(), tokens->begin(), tokens->end());
    }
    return out;
}

std::optional<std::vector<AuthHeader>> SipMessage::AuthHeaders(HeaderType type) const
{
    std::vector<AuthHeader> out;
    for (const HeaderField& f : m_headers) {
        if (f.type != type) continue;
        auto auth = ParseAuthHeader(f.value);
        if (!auth) return std::nullopt;
        out.push_back(*auth);
    }
    return out;
}

std::optional<Event> SipMessage::EventHeader() const
{
    const HeaderField* f = FindHeader(HeaderType::EVENT);
    return f ? ParseEvent(f->value) : std::nullopt;
}

void SipMessage::StampTopVia(std::string_view received, std::optional<uint16_t> rport)
{
    const size_t n = std::min(received.size(), sizeof(m_stamp_received));
    std::memcpy(m_stamp_received, received.data(), n);
    m_stamp_received_len = static_cast<uint8_t>(n);
    m_stamp_rport = rport;
}

ParseError SipMessage::Validate() const
{
    if (m_parse_error != ParseError::OK) return m_parse_error;
    // Via first: without it no response can be sent.
    if (CountHeaders(HeaderType::VIA) == 0) return ParseError::MISSING_VIA;
    size_t via_count = 0;
    bool via_ok = ForEachValue(HeaderType::VIA, [&](std::string_view item) {
        if (++via_count > MAX_VIA_COUNT) return false;
        return ParseVia(item).has_value();
    });
    if (via_count > MAX_VIA_COUNT) return ParseError::TOO_MANY_VIAS;
    if (!via_ok || !TopVia()) return ParseError::BAD_VIA;

    if (m_is_request) {
        const Uri* uri = RequestUri();
        if (!uri) return ParseError::BAD_REQUEST_URI;
        if (uri->scheme == UriScheme::OTHER) return ParseError::UNSUPPORTED_URI_SCHEME;
        if (!uri->headers.empty()) return ParseError::BAD_REQUEST_URI; // RFC 3261 19.1.1
    }

    struct Single {
        HeaderType type;
        ParseError missing;
    };
    constexpr Single REQUIRED[] = {
        {HeaderType::FROM, ParseError::MISSING_FROM},
        {HeaderType::TO, ParseError::MISSING_TO},
        {HeaderType::CALL_ID, ParseError::MISSING_CALL_ID},
        {HeaderType::CSEQ, ParseError::MISSING_CSEQ},
    };
    for (const Single& s : REQUIRED) {
        const size_t n = CountHeaders(s.type);
        if (n == 0) return s.missing;
        if (n > 1) return ParseError::DUPLICATE_HEADER;
    }
    if (!From()) return ParseError::BAD_FROM;
    if (!To()) return ParseError::BAD_TO;
    if (!IsValidCallId(CallId())) return ParseError::BAD_CALL_ID;
    const CSeq* cseq = CSeqHeader();
    if (!cseq) return ParseError::BAD_CSEQ;
    if (m_is_request && cseq->method_text != m_method_text) return ParseError::CSEQ_METHOD_MISMATCH;

    if (!m_is_request) return ParseError::OK;
    // Requests: what the proxy forwards with (RFC 3261 16.3 step 1, 16.4, 16.6).
    if (CountHeaders(HeaderType::MAX_FORWARDS) > 1) return ParseError::DUPLICATE_HEADER;
    if (FindHeader(HeaderType::MAX_FORWARDS) && !MaxForwards()) return ParseError::BAD_MAX_FORWARDS;
    if (!NameAddrs(HeaderType::ROUTE)) return ParseError::BAD_ROUTE;
    return ParseError::OK;
}

} // namespace sip
