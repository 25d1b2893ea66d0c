// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/parser/auth.h>

#include <sip/parser/chars.h>
#include <sip/parser/list.h>

namespace sip {
namespace {

struct AuthParam {
    std::string_view name;
    std::string_view value;
};

std::optional<AuthParam> SplitAuthParam(std::string_view item)
{
    const size_t name_len = chars::SpanOf(item, 0, chars::TOKEN);
    if (name_len == 0) return std::nullopt;
    size_t pos = chars::SkipLws(item, name_len);
    if (pos >= item.size() || item[pos] != '=') return std::nullopt;
    pos = chars::SkipLws(item, pos + 1);
    const std::string_view value = item.substr(pos);
    if (value.empty()) return std::nullopt;
    if (value.front() == '"') {
        const auto end = chars::ScanQuotedString(value, 0);
        if (!end || *end != value.size()) return std::nullopt;
    } else if (!chars::IsTokenString(value)) {
        return std::nullopt;
    }
    return AuthParam{item.substr(0, name_len), value};
}

std::string_view StripQuotes(std::string_view v)
{
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') return v.substr(1, v.size() - 2);
    return v;
}

} // namespace

bool AuthHeader::IsDigest() const { return chars::EqualsNoCase(scheme, "Digest"); }

std::optional<std::string_view> AuthHeader::Param(std::string_view name) const
{
    ListSplitter split{params};
    std::string_view item;
    while (split.Next(item)) {
        const auto p = SplitAuthParam(item);
        if (p && chars::EqualsNoCase(p->name, name)) return p->value;
    }
    return std::nullopt;
}

std::optional<AuthHeader> ParseAuthHeader(std::string_view value)
{
    value = chars::TrimLws(value);
    const size_t len = chars::SpanOf(value, 0, chars::TOKEN);
    if (len == 0) return std::nullopt;
    AuthHeader out;
    out.scheme = value.substr(0, len);
    if (len < value.size() && !chars::IsLws(value[len])) return std::nullopt;
    out.params = chars::TrimLws(value.substr(len));
    if (out.params.empty()) return std::nullopt;
    ListSplitter split{out.params};
    std::string_view item;
    std::string_view seen[32];
    size_t count = 0;
    while (split.Next(item)) {
        const auto p = SplitAuthParam(item);
        if (!p || count == 32) return std::nullopt;
        for (size_t i = 0; i < count; ++i) {
            if (chars::EqualsNoCase(seen[i], p->name)) return std::nullopt;
        }
        seen[count++] = p->name;
    }
    if (split.Failed()) return std::nullopt;
    return out;
}

namespace {
/** Calls f(name, value) once per auth-param; values keep their quotes. */
template <typename F>
void ForEachAuthParam(std::string_view params, F&& f)
{
    ListSplitter split{params};
    std::string_view item;
    while (split.Next(item)) {
        if (const auto p = SplitAuthParam(item)) f(p->name, p->value);
    }
}
} // namespace

std::optional<DigestCredentials> ParseDigestCredentials(const AuthHeader& header)
{
    if (!header.IsDigest()) return std::nullopt;
    DigestCredentials c;
    bool have_realm = false;
    ForEachAuthParam(header.params, [&](std::string_view name, std::string_view value) {
        const std::string_view v = StripQuotes(value);
        if (chars::EqualsNoCase(name, "username")) c.username = v;
        else if (chars::EqualsNoCase(name, "realm")) c.realm = v, have_realm = true;
        else if (chars::EqualsNoCase(name, "nonce")) c.nonce = v;
        else if (chars::EqualsNoCase(name, "uri")) c.uri = v;
        else if (chars::EqualsNoCase(name, "response")) c.response = v;
        else if (chars::EqualsNoCase(name, "algorithm")) c.algorithm = v;
        else if (chars::EqualsNoCase(name, "cnonce")) c.cnonce = v;
        else if (chars::EqualsNoCase(name, "opaque")) c.opaque = v;
        else if (chars::EqualsNoCase(name, "qop")) c.qop = v;
        else if (chars::EqualsNoCase(name, "nc")) c.nc = v;
    });
    if (c.username.empty() || c.nonce.empty() || c.uri.empty() || c.response.empty() || !have_realm) return std::nullopt;
    if (!c.qop.empty()) {
        if (c.cnonce.empty() || c.nc.size() != 8) return std::nullopt;
        for (char ch : c.nc) {
            if (!chars::Is(ch, chars::HEX)) return std::nullopt;
        }
    }
    return c;
}

std::optional<DigestChallenge> ParseDigestChallenge(const AuthHeader& header)
{
    if (!header.IsDigest()) return std::nullopt;
    DigestChallenge c;
    bool have_realm = false;
    ForEachAuthParam(header.params, [&](std::string_view name, std::string_view value) {
        const std::string_view v = StripQuotes(value);
        if (chars::EqualsNoCase(name, "realm")) c.realm = v, have_realm = true;
        else if (chars::EqualsNoCase(name, "domain")) c.domain = v;
        else if (chars::EqualsNoCase(name, "nonce")) c.nonce = v;
        else if (chars::EqualsNoCase(name, "opaque")) c.opaque = v;
        else if (chars::EqualsNoCase(name, "algorithm")) c.algorithm = v;
        else if (chars::EqualsNoCase(name, "qop")) c.qop = v;
        else if (chars::EqualsNoCase(name, "stale")) c.stale = chars::EqualsNoCase(v, "true");
    });
    if (!have_realm || c.nonce.empty()) return std::nullopt;
    return c;
}

} // namespace sip
