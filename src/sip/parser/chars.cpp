// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/parser/chars.h>

namespace sip::chars {

std::optional<size_t> ScanQuotedString(std::string_view s, size_t pos)
{
    if (pos >= s.size() || s[pos] != '"') return std::nullopt;
    ++pos;
    while (pos < s.size()) {
        const char c = s[pos];
        if (c == '"') return pos + 1;
        if (c == '\\') {
            if (pos + 1 >= s.size()) return std::nullopt;
            const char q = s[pos + 1];
            // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)
            if (q == '\r' || q == '\n' || static_cast<unsigned char>(q) > 0x7F) return std::nullopt;
            pos += 2;
            continue;
        }
        if (c == '\r' || c == '\n') {
            // Only a folded line (CRLF followed by SP/HT) may appear inside the value.
            size_t next = pos + 1;
            if (c == '\r' && next < s.size() && s[next] == '\n') ++next;
            if (next >= s.size() || (s[next] != ' ' && s[next] != '\t')) return std::nullopt;
            pos = next;
            continue;
        }
        const unsigned char u = static_cast<unsigned char>(c);
        if (u < 0x20 && c != '\t') return std::nullopt; // controls are only allowed quoted
        if (u == 0x7F) return std::nullopt;
        ++pos;
    }
    return std::nullopt;
}

std::optional<uint64_t> ParseDecimal(std::string_view s, uint64_t max)
{
    // max <= 2**60, so value (<= max) * 10 + 9 cannot wrap: checking after each digit is exact
    // and needs no division.
    if (s.empty() || max > (uint64_t{1} << 60)) return std::nullopt;
    uint64_t value = 0;
    for (char c : s) {
        if (!IsDigit(c)) return std::nullopt;
        value = value * 10 + static_cast<uint64_t>(c - '0');
        if (value > max) return std::nullopt;
    }
    return value;
}

} // namespace sip::chars
