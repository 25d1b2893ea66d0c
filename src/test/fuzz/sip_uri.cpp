// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Runs every standalone header-value parser on the input: URI, name-addr, Contact, Via, CSeq,
// scalars, auth, token lists, Event, header parameters and header names.

#include <sip/parser/auth.h>
#include <sip/parser/cseq.h>
#include <sip/parser/header_name.h>
#include <sip/parser/list.h>
#include <sip/parser/nameaddr.h>
#include <sip/parser/uri.h>
#include <sip/parser/via.h>
#include <test/fuzz/fuzz.h>

#include <cassert>
#include <cstdint>
#include <string_view>

namespace {

void TouchUri(const sip::Uri& u, std::string_view input)
{
    for (std::string_view part : {u.text, u.scheme_text, u.user, u.password, u.host, u.params, u.headers, u.opaque}) {
        Touch(part);
        // Every view lies inside the input.
        assert(part.empty() || (part.data() >= input.data() && part.data() + part.size() <= input.data() + input.size()));
    }
    if (auto p = u.Param("maddr")) Touch(*p);
    if (auto p = u.Param("lr")) Touch(*p);
}

} // namespace

FUZZ_TARGET(sip_uri)
{
    const std::string_view data{reinterpret_cast<const char*>(buffer.data()), buffer.size()};
    if (auto uri = sip::ParseUri(data)) {
        TouchUri(*uri, data);
        if (auto user = sip::Unescape(uri->user)) Touch(*user);
    }
    if (auto u = sip::Unescape(data)) {
        assert(u->size() <= data.size());
        assert(sip::HasValidEscapes(data));
    } else {
        assert(!sip::HasValidEscapes(data));
    }
    if (auto a = sip::ParseNameAddr(data)) {
        TouchUri(a->uri, data);
        Touch(a->DisplayName());
        Touch(a->Tag());
    }
    if (auto c = sip::ParseContact(data); c && !c->star) TouchUri(c->address.uri, data);
    if (auto v = sip::ParseVia(data)) {
        Touch(v->host);
        Touch(v->branch);
        Touch(v->received);
        Touch(v->maddr);
    }
    if (auto c = sip::ParseCSeq(data)) {
        assert(c->number <= 2147483647U);
        Touch(c->method_text);
    }
    g_fuzz_sink = static_cast<uint8_t>(sip::ParseMaxForwards(data).value_or(0));
    g_fuzz_sink = static_cast<uint8_t>(sip::ParseDeltaSeconds(data).value_or(0));
    g_fuzz_sink = static_cast<uint8_t>(sip::ParseContentLength(data).value_or(0));
    g_fuzz_sink = sip::IsValidCallId(data);
    if (auto a = sip::ParseAuthHeader(data)) {
        Touch(a->scheme);
        if (auto c = sip::ParseDigestCredentials(*a)) Touch(c->response);
        if (auto c = sip::ParseDigestChallenge(*a)) Touch(c->nonce);
    }
    if (auto list = sip::ParseTokenList(data)) {
        for (auto t : *list) Touch(t);
    }
    if (auto e = sip::ParseEvent(data)) Touch(e->id);
    if (auto params = sip::HeaderParams::Parse(data)) {
        size_t pos = 0;
        sip::Param p;
        while (params->Next(pos, p)) Touch(p.value);
        if (auto tag = params->Find("tag")) Touch(tag->value);
    }
    g_fuzz_sink = static_cast<uint8_t>(sip::LookupHeaderName(data));
    if (auto q = sip::ParseQValue(data)) assert(*q <= 1000);
}
