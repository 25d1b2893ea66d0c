// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/parser/nameaddr.h>

#include <sip/parser/chars.h>
#include <sip/parser/limits.h>

namespace sip {

std::string_view NameAddr::Tag() const
{
    const auto tag = params.Find("tag");
    return tag ? tag->value : std::string_view{};
}

std::optional<NameAddr> ParseNameAddr(std::string_view text)
{
    NameAddr out;
    text = chars::TrimLws(text);
    if (text.empty()) return std::nullopt;
    size_t pos = 0;
    size_t laquot = std::string_view::npos;
    if (text[0] == '"') {
        const auto end = chars::ScanQuotedString(text, 0);
        if (!end) return std::nullopt;
        out.display_name = text.substr(0, *end);
        pos = chars::SkipLws(text, *end);
        if (pos >= text.size() || text[pos] != '<') return std::nullopt;
        laquot = pos;
    } else {
        // Either *(token LWS) "<" or an addr-spec. Scan tokens separated by LWS.
        size_t p = 0;
        size_t last_token_end = 0;
        while (p < text.size()) {
            const size_t len = chars::SpanOf(text, p, chars::TOKEN);
            p += len;
            if (len) last_token_end = p;
            const size_t q = chars::SkipLws(text, p);
            if (q < text.size() && text[q] == '<') {
                laquot = q;
                break;
            }
            if (q == p || q >= text.size()) break; // not LWS-separated tokens: addr-spec
            p = q;
        }
        if (laquot != std::string_view::npos) {
            out.display_name = text.substr(0, last_token_end);
            // Everything before "<" must have been tokens and LWS.
            for (size_t i = 0; i < laquot; ++i) {
                if (!chars::IsToken(text[i]) && !chars::IsLws(text[i])) return std::nullopt;
            }
        }
    }
    std::string_view params_text;
    if (laquot != std::string_view::npos) {
        const size_t raquot = text.find('>', laquot + 1);
        if (raquot == std::string_view::npos) return std::nullopt;
        const auto uri = ParseUri(text.substr(laquot + 1, raquot - laquot - 1));
        if (!uri) return std::nullopt;
        out.uri = *uri;
        out.bracketed = true;
        params_text = text.substr(raquot + 1);
    } else {
        // addr-spec: the URI ends at LWS or ";" and may not contain "?" or "," (RFC 3261 20).
        size_t end = 0;
        while (end < text.size() && text[end] != ';' && !chars::IsLws(text[end])) ++end;
        const std::string_view uri_text = text.substr(0, end);
        if (uri_text.find_first_of("?,<>\"") != std::string_view::npos) return std::nullopt;
        const auto uri = ParseUri(uri_text);
        if (!uri) return std::nullopt;
        out.uri = *uri;
        // Reparse as if bracketless: sip params belong to the header, not the URI.
        params_text = text.substr(end);
    }
    const auto params = HeaderParams::Parse(params_text);
    if (!params) return std::nullopt;
    out.params = *params;
    return out;
}

std::optional<uint16_t> ParseQValue(std::string_view text)
{
    // qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
    if (text.empty() || text.size() > 5) return std::nullopt;
    if (text[0] != '0' && text[0] != '1') return std::nullopt;
    uint32_t value = static_cast<uint32_t>(text[0] - '0') * 1000;
    if (text.size() > 1) {
        if (text[1] != '.') return std::nullopt;
        uint32_t scale = 100;
        for (size_t i = 2; i < text.size(); ++i) {
            if (!chars::IsDigit(text[i])) return std::nullopt;
            value += static_cast<uint32_t>(text[i] - '0') * scale;
            scale /= 10;
        }
    }
    if (value > 1000) return std::nullopt;
    return static_cast<uint16_t>(value);
}

std::optional<Contact> ParseContact(std::string_view text)
{
    Contact out;
    text = chars::TrimLws(text);
    if (text == "*") {
        out.star = true;
        return out;
    }
    auto addr = ParseNameAddr(text);
    if (!addr) return std::nullopt;
    out.address = *addr;
    if (const auto e = out.address.params.Find("expires")) {
        const auto value = chars::ParseDecimal(e->value, MAX_DELTA_SECONDS);
        if (!value) return std::nullopt;
        out.expires = static_cast<uint32_t>(*value);
    }
    if (const auto q = out.address.params.Find("q")) {
        out.q_milli = ParseQValue(q->value);
        if (!out.q_milli) return std::nullopt;
    }
    return out;
}

} // namespace sip
