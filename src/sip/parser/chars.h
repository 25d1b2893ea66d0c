// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_PARSER_CHARS_H
#define DOTS_SIP_PARSER_CHARS_H

// Character classes of the RFC 3261 grammar and small lexing helpers shared by the header
// parsers. Internal to src/sip/parser; everything here is pure and thread-safe.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace sip::chars {

enum : uint16_t {
    ALPHA = 1 << 0,
    DIGIT = 1 << 1,
    HEX = 1 << 2,
    TOKEN = 1 << 3,           // token
    UNRESERVED = 1 << 4,      // alphanum / mark
    USER_UNRESERVED = 1 << 5, // & = + $ , ; ? /
    PASSWORD = 1 << 6,        // & = + $ ,
    PARAM_UNRESERVED = 1 << 7, // [ ] / : & + $
    HNV_UNRESERVED = 1 << 8,  // [ ] / ? : + $
    WORD = 1 << 9,            // word (Call-ID)
    RESERVED = 1 << 10,       // ; / ? : @ & = + $ ,
};

constexpr std::array<uint16_t, 256> MakeTable()
{
    std::array<uint16_t, 256> t{};
    auto add = [&](std::string_view set, uint16_t flag) {
        for (char c : set) t[static_cast<unsigned char>(c)] |= flag;
    };
    for (int c = 'a'; c <= 'z'; ++c) t[c] |= ALPHA;
    for (int c = 'A'; c <= 'Z'; ++c) t[c] |= ALPHA;
    for (int c = '0'; c <= '9'; ++c) t[c] |= DIGIT | HEX;
    add("abcdefABCDEF", HEX);
    for (int c = 0; c < 256; ++c) {
        if (t[c] & (ALPHA | DIGIT)) t[c] |= TOKEN | UNRESERVED | WORD;
    }
    add("-.!%*_+`'~", TOKEN);
    add("-_.!~*'()", UNRESERVED);
    add("&=+$,;?/", USER_UNRESERVED);
    add("&=+$,", PASSWORD);
    add("[]/:&+$", PARAM_UNRESERVED);
    add("[]/?:+$", HNV_UNRESERVED);
    add("-.!%*_+`'~()<>:\\\"/[]?{}", WORD);
    add(";/?:@&=+$,", RESERVED);
    return t;
}

inline constexpr std::array<uint16_t, 256> TABLE = MakeTable();

inline bool Is(char c, uint16_t flags) { return (TABLE[static_cast<unsigned char>(c)] & flags) != 0; }
constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsAlpha(char c) { return Is(c, ALPHA); }
inline bool IsToken(char c) { return Is(c, TOKEN); }
/** Space, tab, and the CR/LF of a folded line (the header splitter guarantees a CRLF inside a
 *  value is always followed by SP or HT, so treating it as white space is exact). */
inline bool IsLws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
constexpr char ToLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

/** Case-insensitive ASCII equality. */
inline bool EqualsNoCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (ToLower(a[i]) != ToLower(b[i])) return false;
    }
    return true;
}

inline bool StartsWithNoCase(std::string_view s, std::string_view prefix)
{
    return s.size() >= prefix.size() && EqualsNoCase(s.substr(0, prefix.size()), prefix);
}

/** True if s is non-empty and every byte has one of `flags`. */
inline bool AllOf(std::string_view s, uint16_t flags)
{
    if (s.empty()) return false;
    for (char c : s) {
        if (!Is(c, flags)) return false;
    }
    return true;
}

inline bool IsTokenString(std::string_view s) { return AllOf(s, TOKEN); }

inline size_t SkipLws(std::string_view s, size_t pos)
{
    while (pos < s.size() && IsLws(s[pos])) ++pos;
    return pos;
}

inline std::string_view TrimLws(std::string_view s)
{
    size_t b = 0, e = s.size();
    while (b < e && IsLws(s[b])) ++b;
    while (e > b && IsLws(s[e - 1])) --e;
    return s.substr(b, e - b);
}

/** Length of the run of bytes with `flags` starting at pos. */
inline size_t SpanOf(std::string_view s, size_t pos, uint16_t flags)
{
    size_t end = pos;
    while (end < s.size() && Is(s[end], flags)) ++end;
    return end - pos;
}

/**
 * Validates a quoted-string starting at s[pos] == '"' (qdtext, UTF-8 and quoted-pair; a folded
 * line inside counts as LWS). Returns the index just past the closing quote, or nullopt if the
 * string is unterminated or holds a bare CR/LF or a quoted CR/LF.
 */
std::optional<size_t> ScanQuotedString(std::string_view s, size_t pos);

/**
 * Parses 1*DIGIT (leading zeros allowed, no sign, no LWS) not larger than max (itself at most
 * 2**60). Returns nullopt for an empty string, a non-digit or a value above max.
 */
std::optional<uint64_t> ParseDecimal(std::string_view s, uint64_t max);

} // namespace sip::chars

#endif // DOTS_SIP_PARSER_CHARS_H
