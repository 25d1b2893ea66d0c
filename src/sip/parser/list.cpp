// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/parser/list.h>

#include <sip/parser/chars.h>
#include <sip/parser/limits.h>

#include <array>

namespace sip {
namespace {
// Bytes that need a decision while splitting; everything else is skipped in a tight loop.
constexpr std::array<bool, 256> MakeSpecial()
{
    std::array<bool, 256> t{};
    t['"'] = t['<'] = t['>'] = t[','] = true;
    return t;
}
constexpr std::array<bool, 256> SPECIAL = MakeSpecial();
} // namespace

bool ListSplitter::Next(std::string_view& item)
{
    if (m_done || m_failed) return false;
    const size_t start = m_pos;
    {
        // Fast path: no quote or "<" before the next comma (memchr is vectorised).
        const std::string_view rest = m_value.substr(start);
        const size_t comma = rest.find(',');
        const std::string_view segment = rest.substr(0, comma);
        if (segment.find('"') == std::string_view::npos && segment.find('<') == std::string_view::npos &&
            segment.find('>') == std::string_view::npos) {
            item = chars::TrimLws(segment);
            if (comma == std::string_view::npos) {
                m_done = true;
            } else {
                m_pos = start + comma + 1;
            }
            if (item.empty()) {
                m_failed = true;
                return false;
            }
            return true;
        }
    }
    size_t pos = m_pos;
    bool in_angle = false;
    while (pos < m_value.size()) {
        if (!SPECIAL[static_cast<unsigned char>(m_value[pos])]) {
            ++pos;
            continue;
        }
        const char c = m_value[pos];
        if (c == '"') {
            const auto end = chars::ScanQuotedString(m_value, pos);
            if (!end) {
                m_failed = true;
                return false;
            }
            pos = *end;
            continue;
        }
        if (c == '<') {
            in_angle = true;
        } else if (c == '>') {
            in_angle = false;
        } else if (c == ',' && !in_angle) {
            break;
        }
        ++pos;
    }
    if (in_angle) {
        m_failed = true;
        return false;
    }
    item = chars::TrimLws(m_value.substr(start, pos - start));
    if (pos >= m_value.size()) {
        m_done = true;
    } else {
        m_pos = pos + 1;
    }
    if (item.empty()) {
        m_failed = true;
        return false;
    }
    return true;
}

std::optional<std::vector<std::string_view>> ParseTokenList(std::string_view value)
{
    std::vector<std::string_view> out;
    if (chars::TrimLws(value).empty()) return out;
    ListSplitter split{value};
    std::string_view item;
    while (split.Next(item)) {
        if (!chars::IsTokenString(item) || out.size() >= MAX_LIST_VALUES) return std::nullopt;
        out.push_back(item);
    }
    if (split.Failed()) return std::nullopt;
    return out;
}

std::optional<Event> ParseEvent(std::string_view value)
{
    value = chars::TrimLws(value);
    const size_t len = chars::SpanOf(value, 0, chars::TOKEN);
    if (len == 0) return std::nullopt;
    Event out;
    out.package = value.substr(0, len);
    const auto params = HeaderParams::Parse(value.substr(len));
    if (!params) return std::nullopt;
    out.params = *params;
    if (const auto id = out.params.Find("id")) out.id = id->value;
    return out;
}

} // namespace sip
