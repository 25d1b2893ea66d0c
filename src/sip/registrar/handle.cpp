// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/registrar/handle.h>

#include <sip/parser/uri.h>

namespace sip {
namespace {
bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsE164(std::string_view s)
{
    if (s.size() < 8 || s.size() > 16 || s[0] != '+') return false;
    for (size_t i = 1; i < s.size(); ++i) {
        if (!IsDigit(s[i])) return false;
    }
    return true;
}

bool IsName(std::string_view s)
{
    if (s.size() < 3 || s.size() > 32 || !IsLowerAlnum(s[0])) return false;
    for (size_t i = 1; i < s.size(); ++i) {
        const char c = s[i];
        if (!IsLowerAlnum(c) && c != '.' && c != '_' && c != '-') return false;
    }
    return true;
}
} // namespace

bool IsCanonicalHandle(std::string_view handle) { return IsName(handle) || IsE164(handle); }

std::optional<std::string> CanonicalizeHandle(std::string_view user)
{
    // A handle is at most 32 bytes; an escaped form is at most three times that.
    if (user.empty() || user.size() > 3 * 32) return std::nullopt;
    std::optional<std::string> unescaped = Unescape(user);
    if (!unescaped) return std::nullopt;
    std::string& s = *unescaped;
    if (!s.empty() && s[0] != '+') {
        for (char& c : s) {
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        }
    }
    if (!IsCanonicalHandle(s)) return std::nullopt;
    return unescaped;
}

} // namespace sip
