// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <crypto/bech32.h>

#include <array>

namespace bech32 {
namespace {

constexpr std::string_view CHARSET{"qpzry9x8gf2tvdw0s3jn54khce6mua7l"};

constexpr uint32_t EncodingConstant(Encoding encoding)
{
    return encoding == Encoding::BECH32 ? 1u : 0x2bc830a3u;
}

/** Reverse CHARSET lookup, -1 for characters outside it (both cases accepted). */
constexpr std::array<int8_t, 128> MakeReverseCharset()
{
    std::array<int8_t, 128> rev{};
    for (auto& v : rev) v = -1;
    for (size_t i = 0; i < CHARSET.size(); ++i) {
        const char c = CHARSET[i];
        rev[static_cast<uint8_t>(c)] = static_cast<int8_t>(i);
        if (c >= 'a' && c <= 'z') rev[static_cast<uint8_t>(c - 'a' + 'A')] = static_cast<int8_t>(i);
    }
    return rev;
}
constexpr std::array<int8_t, 128> REVERSE_CHARSET{MakeReverseCharset()};

/** BCH checksum over GF(32) with the BIP173 generator; see BIP173 "Checksum". */
uint32_t PolyMod(std::span<const uint8_t> values, uint32_t chk = 1)
{
    constexpr uint32_t GEN[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    for (const uint8_t v : values) {
        const uint32_t top = chk >> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ v;
        for (int i = 0; i < 5; ++i) {
            if ((top >> i) & 1) chk ^= GEN[i];
        }
    }
    return chk;
}

std::vector<uint8_t> ExpandHrp(std::string_view hrp)
{
    std::vector<uint8_t> ret;
    ret.reserve(hrp.size() * 2 + 1);
    for (const char c : hrp) ret.push_back(static_cast<uint8_t>(c) >> 5);
    ret.push_back(0);
    for (const char c : hrp) ret.push_back(static_cast<uint8_t>(c) & 31);
    return ret;
}

uint32_t Checksum(std::string_view hrp, std::span<const uint8_t> values)
{
    uint32_t chk = PolyMod(ExpandHrp(hrp));
    return PolyMod(values, chk);
}

char ToLowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

} // namespace

std::string_view ErrorString(Error err)
{
    switch (err) {
    case Error::OK: return "ok";
    case Error::TOO_LONG: return "bech32 string too long";
    case Error::INVALID_CHARACTER: return "invalid bech32 character";
    case Error::MIXED_CASE: return "bech32 string has mixed case";
    case Error::NO_SEPARATOR: return "missing bech32 separator '1'";
    case Error::EMPTY_HRP: return "empty bech32 human-readable part";
    case Error::TOO_SHORT_CHECKSUM: return "bech32 checksum too short";
    case Error::INVALID_CHECKSUM: return "invalid bech32 checksum";
    }
    return "unknown bech32 error";
}

std::optional<std::string> Encode(Encoding encoding, std::string_view hrp, std::span<const uint8_t> values)
{
    if (hrp.empty() || hrp.size() + 1 + values.size() + CHECKSUM_SIZE > MAX_LENGTH) return std::nullopt;
    for (const char c : hrp) {
        if (c < 33 || c > 126 || (c >= 'A' && c <= 'Z')) return std::nullopt;
    }
    for (const uint8_t v : values) {
        if (v >= 32) return std::nullopt;
    }

    std::vector<uint8_t> enc(ExpandHrp(hrp));
    enc.insert(enc.end(), values.begin(), values.end());
    enc.insert(enc.end(), CHECKSUM_SIZE, 0);
    const uint32_t mod = PolyMod(enc) ^ EncodingConstant(encoding);

    std::string ret;
    ret.reserve(hrp.size() + 1 + values.size() + CHECKSUM_SIZE);
    ret.append(hrp);
    ret.push_back('1');
    for (const uint8_t v : values) ret.push_back(CHARSET[v]);
    for (size_t i = 0; i < CHECKSUM_SIZE; ++i) ret.push_back(CHARSET[(mod >> (5 * (5 - i))) & 31]);
    return ret;
}

DecodeResult Decode(std::string_view str)
{
    DecodeResult res;
    auto fail = [&res](Error e) {
        res = DecodeResult{};
        res.error = e;
        return res;
    };

    if (str.size() > MAX_LENGTH) return fail(Error::TOO_LONG);
    bool lower = false, upper = false;
    for (const char c : str) {
        if (c < 33 || c > 126) return fail(Error::INVALID_CHARACTER);
        if (c >= 'a' && c <= 'z') lower = true;
        if (c >= 'A' && c <= 'Z') upper = true;
    }
    if (lower && upper) return fail(Error::MIXED_CASE);

    const size_t pos = str.rfind('1');
    if (pos == std::string_view::npos) return fail(Error::NO_SEPARATOR);
    if (pos == 0) return fail(Error::EMPTY_HRP);
    if (str.size() - pos - 1 < CHECKSUM_SIZE) return fail(Error::TOO_SHORT_CHECKSUM);

    std::vector<uint8_t> values;
    values.reserve(str.size() - pos - 1);
    for (size_t i = pos + 1; i < str.size(); ++i) {
        const int8_t v = REVERSE_CHARSET[static_cast<uint8_t>(str[i])];
        if (v < 0) return fail(Error::INVALID_CHARACTER);
        values.push_back(static_cast<uint8_t>(v));
    }

    std::string hrp;
    hrp.reserve(pos);
    for (size_t i = 0; i < pos; ++i) hrp.push_back(ToLowerAscii(str[i]));

    const uint32_t chk = Checksum(hrp, values);
    if (chk == EncodingConstant(Encoding::BECH32)) {
        res.encoding = Encoding::BECH32;
    } else if (chk == EncodingConstant(Encoding::BECH32M)) {
        res.encoding = Encoding::BECH32M;
    } else {
        return fail(Error::INVALID_CHECKSUM);
    }
    values.resize(values.size() - CHECKSUM_SIZE);
    res.hrp = std::move(hrp);
    res.data = std::move(values);
    return res;
}

} // namespace bech32
