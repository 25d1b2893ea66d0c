// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Parses the input as a UDP datagram and as stream data, then touches every accessor and lazy
// parser of the message and runs the builders on it. Every view handed out is read byte by
// byte so the sanitizers see any view that points outside the message buffer.

#include <sip/parser/auth.h>
#include <sip/parser/builder.h>
#include <sip/parser/framing.h>
#include <sip/parser/limits.h>
#include <sip/parser/message.h>
#include <test/fuzz/fuzz.h>

#include <cassert>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>
#include <algorithm>

namespace {

void TouchUri(const sip::Uri& uri)
{
    Touch(uri.text);
    Touch(uri.scheme_text);
    Touch(uri.user);
    Touch(uri.password);
    Touch(uri.host);
    Touch(uri.params);
    Touch(uri.headers);
    Touch(uri.opaque);
    if (auto p = uri.Param("lr")) Touch(*p);
    if (auto p = uri.Param("transport")) Touch(*p);
    if (auto u = sip::Unescape(uri.user)) Touch(*u);
}

void TouchParams(const sip::HeaderParams& params)
{
    Touch(params.Text());
    size_t pos = 0;
    sip::Param p;
    while (params.Next(pos, p)) {
        Touch(p.name);
        Touch(p.value);
    }
}

void TouchNameAddr(const sip::NameAddr& a)
{
    Touch(a.display_name);
    Touch(a.DisplayName());
    TouchUri(a.uri);
    TouchParams(a.params);
    Touch(a.Tag());
}

void TouchVia(const sip::Via& v)
{
    Touch(v.protocol_name);
    Touch(v.protocol_version);
    Touch(v.transport_text);
    Touch(sip::TransportName(v.transport));
    Touch(v.host);
    Touch(v.branch);
    Touch(v.received);
    Touch(v.maddr);
    Touch(v.text);
    TouchParams(v.params);
    g_fuzz_sink = v.HasRfc3261Branch();
}

void TouchMessage(const sip::SipMessage& m)
{
    using sip::HeaderType;
    Touch(m.Raw());
    Touch(m.StartLine());
    Touch(m.MethodText());
    Touch(m.RequestUriText());
    Touch(m.Version());
    Touch(m.ReasonPhrase());
    Touch(m.Body());
    Touch(sip::MethodName(m.Method()));
    assert(m.HeaderSectionEnd() <= m.Raw().size());
    assert(m.Headers().size() <= sip::MAX_HEADER_COUNT);
    for (const sip::HeaderField& f : m.Headers()) {
        Touch(f.name);
        Touch(f.value);
        Touch(f.line);
        Touch(sip::HeaderName(f.type));
        assert(m.FindHeader(f.type) != nullptr);
        assert(m.FindHeader(f.name) != nullptr);
    }
    if (const sip::Uri* u = m.RequestUri()) TouchUri(*u);
    if (const sip::Via* v = m.TopVia()) TouchVia(*v);
    if (const sip::NameAddr* a = m.From()) TouchNameAddr(*a);
    if (const sip::NameAddr* a = m.To()) TouchNameAddr(*a);
    Touch(m.CallId());
    if (const sip::CSeq* c = m.CSeqHeader()) Touch(c->method_text);
    g_fuzz_sink = static_cast<uint8_t>(m.MaxForwards().value_or(0));
    g_fuzz_sink = static_cast<uint8_t>(m.Expires().value_or(0));
    g_fuzz_sink = static_cast<uint8_t>(m.ContentLength().value_or(0));
    if (const sip::NameAddr* a = m.TopRoute()) TouchNameAddr(*a);
    Touch(m.ContentType());
    if (auto vias = m.Vias()) {
        assert(vias->size() <= sip::MAX_VIA_COUNT);
        for (const auto& v : *vias) TouchVia(v);
    }
    if (auto contacts = m.Contacts()) {
        for (const auto& c : *contacts) {
            if (!c.star) TouchNameAddr(c.address);
        }
    }
    for (HeaderType t : {HeaderType::ROUTE, HeaderType::RECORD_ROUTE, HeaderType::PATH}) {
        if (auto list = m.NameAddrs(t)) {
            for (const auto& a : *list) TouchNameAddr(a);
        }
    }
    for (HeaderType t : {HeaderType::REQUIRE, HeaderType::PROXY_REQUIRE, HeaderType::SUPPORTED,
                         HeaderType::UNSUPPORTED, HeaderType::ALLOW, HeaderType::ALLOW_EVENTS}) {
        if (auto list = m.Tokens(t)) {
            for (auto token : *list) Touch(token);
        }
    }
    for (HeaderType t : {HeaderType::AUTHORIZATION, HeaderType::PROXY_AUTHORIZATION,
                         HeaderType::WWW_AUTHENTICATE, HeaderType::PROXY_AUTHENTICATE}) {
        if (auto list = m.AuthHeaders(t)) {
            for (const auto& a : *list) {
                Touch(a.scheme);
                Touch(a.params);
                if (auto c = sip::ParseDigestCredentials(a)) Touch(c->username), Touch(c->nc);
                if (auto c = sip::ParseDigestChallenge(a)) Touch(c->realm), Touch(c->nonce);
            }
        }
    }
    if (auto e = m.EventHeader()) {
        Touch(e->package);
        Touch(e->id);
    }
    const sip::ParseError v = m.Validate();
    Touch(sip::ParseErrorReason(v));
    g_fuzz_sink = static_cast<uint8_t>(sip::ParseErrorStatus(v));

    // Builders must produce something that parses again when the input validated. They add
    // header fields (a forwarded request up to 4: Via, Record-Route, and Max-Forwards and
    // Content-Length when missing; a response its Content-Length), so a message near the field
    // limit may build one past it, as one near the size limit may build one too large: the next
    // hop refuses it (513), and that is the only failure allowed.
    const bool near_field_limit = m.Headers().size() + 4 > sip::MAX_HEADER_COUNT;
    const auto reparses = [near_field_limit](const sip::ParseResult& r) {
        return r.ok() || (near_field_limit && r.error == sip::ParseError::TOO_MANY_HEADERS);
    };
    if (v == sip::ParseError::OK) {
        if (m.IsRequest()) {
            const std::string resp = sip::BuildResponse(m, 400, "Bad Request", "fuzztag");
            if (resp.size() <= sip::MAX_MESSAGE_SIZE) {
                sip::ParseResult r = sip::ParseStreamMessage(resp);
                assert(reparses(r));
            }
            sip::ForwardEdits edits;
            const std::string via = sip::FormatVia(sip::Transport::TCP, "192.0.2.1", 5060, "z9hG4bKfuzz", true);
            edits.via = via;
            edits.record_route = "<sip:192.0.2.1;lr>";
            edits.remove_top_route = true;
            const std::string fwd = sip::BuildForwardedRequest(m, edits);
            if (fwd.size() <= sip::MAX_MESSAGE_SIZE) {
                sip::ParseResult f = sip::ParseStreamMessage(fwd);
                assert(reparses(f));
                assert(!f.ok() || (f.message->TopVia() && f.message->TopVia()->branch == "z9hG4bKfuzz"));
            }
        } else if (auto up = sip::BuildUpstreamResponse(m)) {
            Touch(*up);
        }
    }
}

} // namespace

FUZZ_TARGET(sip_message)
{
    const std::string_view data{reinterpret_cast<const char*>(buffer.data()), buffer.size()};
    sip::ParseResult r = sip::ParseDatagram(buffer);
    if (r.message) {
        assert(r.message->Raw().size() <= data.size());
        TouchMessage(*r.message);
    }
    // Stream path: frame everything in the buffer.
    std::vector<std::pair<sip::FrameStatus, size_t>> frames;
    std::string_view rest = data;
    for (int i = 0; i < 16 && !rest.empty(); ++i) {
        const sip::FrameResult f = sip::FrameStreamMessage(rest);
        if (f.status == sip::FrameStatus::NEED_MORE || f.status == sip::FrameStatus::ERROR) break;
        assert(f.length > 0 && f.length <= rest.size());
        frames.emplace_back(f.status, f.length);
        if (f.status == sip::FrameStatus::MESSAGE) {
            sip::ParseResult s = sip::ParseStreamMessage(rest.substr(0, f.length));
            if (s.message) TouchMessage(*s.message);
        }
        rest.remove_prefix(f.length);
    }
    // A StreamFramer fed the same bytes in small reads must find the same frames.
    sip::StreamFramer framer;
    size_t consumed = 0;
    size_t found = 0;
    bool stop = false;
    for (size_t end = 0; end < data.size() && !stop && found < frames.size();) {
        end = std::min(data.size(), end + 7);
        while (found < frames.size()) {
            const sip::FrameResult f = framer.Next(data.substr(consumed, end - consumed));
            if (f.status == sip::FrameStatus::NEED_MORE) break;
            if (f.status == sip::FrameStatus::ERROR) {
                stop = true;
                break;
            }
            assert(f.status == frames[found].first && f.length == frames[found].second);
            consumed += f.length;
            ++found;
        }
    }
    assert(found == frames.size());
}
