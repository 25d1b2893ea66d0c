// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/parser/params.h>

#include <sip/parser/chars.h>

#include <string>

namespace sip {

int LexHeaderParam(std::string_view text, size_t& pos, Param& out)
{
    size_t p = chars::SkipLws(text, pos);
    if (p >= text.size()) {
        pos = p;
        return 0;
    }
    if (text[p] != ';') return -1;
    p = chars::SkipLws(text, p + 1);
    const size_t name_len = chars::SpanOf(text, p, chars::TOKEN);
    if (name_len == 0) return -1;
    out.name = text.substr(p, name_len);
    out.value = {};
    out.has_value = false;
    p += name_len;
    const size_t after_name = p;
    p = chars::SkipLws(text, p);
    if (p < text.size() && text[p] == '=') {
        p = chars::SkipLws(text, p + 1);
        if (p >= text.size()) return -1;
        size_t end;
        if (text[p] == '"') {
            const auto q = chars::ScanQuotedString(text, p);
            if (!q) return -1;
            end = *q;
        } else if (text[p] == '[') {
            end = text.find(']', p);
            if (end == std::string_view::npos) return -1;
            for (size_t i = p + 1; i < end; ++i) {
                const char c = text[i];
                if (!chars::Is(c, chars::HEX) && c != ':' && c != '.') return -1;
            }
            ++end;
        } else {
            end = p + chars::SpanOf(text, p, chars::TOKEN);
            if (end == p) return -1;
        }
        out.value = text.substr(p, end - p);
        out.has_value = true;
        pos = end;
        return 1;
    }
    pos = after_name;
    return 1;
}

std::optional<HeaderParams> HeaderParams::Parse(std::string_view text)
{
    HeaderParams params{text};
    size_t pos = 0;
    Param p;
    while (true) {
        const int r = LexHeaderParam(text, pos, p);
        if (r < 0) return std::nullopt;
        if (r == 0) break;
    }
    return params;
}

bool HeaderParams::Next(size_t& pos, Param& out) const
{
    return LexHeaderParam(m_text, pos, out) > 0;
}

std::optional<Param> HeaderParams::Find(std::string_view name) const
{
    size_t pos = 0;
    Param p;
    while (Next(pos, p)) {
        if (chars::EqualsNoCase(p.name, name)) return p;
    }
    return std::nullopt;
}

std::string UnquoteValue(std::string_view value)
{
    if (value.size() < 2 || value.front() != '"' || value.back() != '"') return std::string{value};
    std::string out;
    out.reserve(value.size() - 2);
    for (size_t i = 1; i + 1 < value.size(); ++i) {
        if (value[i] == '\\' && i + 2 < value.size()) ++i;
        out.push_back(value[i]);
    }
    return out;
}

} // namespace sip
