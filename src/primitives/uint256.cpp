// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <primitives/uint256.h>

#include <crypto/random.h>
#include <crypto/siphash.h>

#include <bit>

static_assert(std::endian::native == std::endian::little, "uint256::GetUint64 and serialization assume little-endian");

const uint256 uint256::ZERO{};
const uint256 uint256::ONE{std::array<uint8_t, 32>{1}};

namespace {
int HexValue(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
} // namespace

std::optional<uint256> uint256::FromHex(std::string_view hex)
{
    if (hex.size() != 2 * SIZE) return std::nullopt;
    uint256 out;
    for (size_t i = 0; i < SIZE; ++i) {
        const int hi = HexValue(hex[2 * i]);
        const int lo = HexValue(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out.m_data[SIZE - 1 - i] = static_cast<uint8_t>((hi << 4) | lo);
    }
    return out;
}

std::string uint256::GetHex() const
{
    static constexpr char DIGITS[] = "0123456789abcdef";
    std::string s(2 * SIZE, '0');
    for (size_t i = 0; i < SIZE; ++i) {
        const uint8_t b = m_data[SIZE - 1 - i];
        s[2 * i] = DIGITS[b >> 4];
        s[2 * i + 1] = DIGITS[b & 15];
    }
    return s;
}

bool uint256::IsNull() const
{
    for (const uint8_t b : m_data) {
        if (b != 0) return false;
    }
    return true;
}

SaltedUint256Hasher::SaltedUint256Hasher() : m_k0{GetRandUint64()}, m_k1{GetRandUint64()} {}

size_t SaltedUint256Hasher::operator()(const uint256& v) const
{
    return static_cast<size_t>(SipHash32Bytes(m_k0, m_k1, v.span()));
}
