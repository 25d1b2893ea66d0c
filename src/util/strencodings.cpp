// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <util/strencodings.h>

#include <charconv>
#include <limits>

namespace {
constexpr char HEX_DIGITS[] = "0123456789abcdef";
constexpr char BASE64_CHARS[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int HexDigitValue(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int Base64Value(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

bool IsSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}
} // namespace

std::string HexStr(std::span<const uint8_t> bytes)
{
    std::string out(bytes.size() * 2, '\0');
    for (size_t i = 0; i < bytes.size(); ++i) {
        out[2 * i] = HEX_DIGITS[bytes[i] >> 4];
        out[2 * i + 1] = HEX_DIGITS[bytes[i] & 0xf];
    }
    return out;
}

std::optional<std::vector<uint8_t>> TryParseHex(std::string_view hex)
{
    if (hex.size() % 2 != 0) return std::nullopt;
    std::vector<uint8_t> out;
    out.reserve(hex.size() / 2);
    for (size_t i = 0; i < hex.size(); i += 2) {
        const int hi = HexDigitValue(hex[i]);
        const int lo = HexDigitValue(hex[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out.push_back(static_cast<uint8_t>((hi << 4) | lo));
    }
    return out;
}

std::optional<int64_t> ParseInt64(std::string_view s)
{
    if (s.empty()) return std::nullopt;
    if (s[0] == '+') s.remove_prefix(1); // from_chars rejects '+'
    if (s.empty() || s[0] == '+') return std::nullopt;
    int64_t value{0};
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || ptr != s.data() + s.size()) return std::nullopt;
    return value;
}

std::optional<uint64_t> ParseUInt64(std::string_view s)
{
    if (s.empty() || s[0] == '-' || s[0] == '+') return std::nullopt;
    uint64_t value{0};
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || ptr != s.data() + s.size()) return std::nullopt;
    return value;
}

std::string_view TrimView(std::string_view s)
{
    while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
    while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
    return s;
}

std::string ToLower(std::string_view s)
{
    std::string out{s};
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::vector<std::string_view> SplitView(std::string_view s, char sep)
{
    std::vector<std::string_view> out;
    size_t start = 0;
    while (true) {
        const size_t pos = s.find(sep, start);
        if (pos == std::string_view::npos) {
            out.push_back(s.substr(start));
            return out;
        }
        out.push_back(s.substr(start, pos - start));
        start = pos + 1;
    }
}

std::string EncodeBase64(std::span<const uint8_t> bytes)
{
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const uint32_t v = (uint32_t{bytes[i]} << 16) | (uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
        out += BASE64_CHARS[(v >> 18) & 63];
        out += BASE64_CHARS[(v >> 12) & 63];
        out += BASE64_CHARS[(v >> 6) & 63];
        out += BASE64_CHARS[v & 63];
    }
    const size_t rest = bytes.size() - i;
    if (rest > 0) {
        uint32_t v = uint32_t{bytes[i]} << 16;
        if (rest == 2) v |= uint32_t{bytes[i + 1]} << 8;
        out += BASE64_CHARS[(v >> 18) & 63];
        out += BASE64_CHARS[(v >> 12) & 63];
        out += rest == 2 ? BASE64_CHARS[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::optional<std::vector<uint8_t>> DecodeBase64(std::string_view s)
{
    if (s.size() % 4 != 0) return std::nullopt;
    std::vector<uint8_t> out;
    out.reserve(s.size() / 4 * 3);
    for (size_t i = 0; i < s.size(); i += 4) {
        const bool last = i + 4 == s.size();
        int vals[4];
        int padding = 0;
        for (int j = 0; j < 4; ++j) {
            const char c = s[i + j];
            if (c == '=' && last && j >= 2) {
                vals[j] = 0;
                ++padding;
                continue;
            }
            if (padding > 0) return std::nullopt; // data after '='
            vals[j] = Base64Value(c);
            if (vals[j] < 0) return std::nullopt;
        }
        const uint32_t v = (uint32_t(vals[0]) << 18) | (uint32_t(vals[1]) << 12) | (uint32_t(vals[2]) << 6) | uint32_t(vals[3]);
        out.push_back(static_cast<uint8_t>(v >> 16));
        if (padding < 2) out.push_back(static_cast<uint8_t>(v >> 8));
        if (padding < 1) out.push_back(static_cast<uint8_t>(v));
    }
    return out;
}

bool TimingResistantEqual(std::string_view a, std::string_view b)
{
    if (b.empty()) return a.empty();
    size_t accumulator = a.size() ^ b.size();
    for (size_t i = 0; i < a.size(); ++i) accumulator |= size_t(a[i] ^ b[i % b.size()]);
    return accumulator == 0;
}
