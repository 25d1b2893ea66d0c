// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <consensus/arith_uint256.h>

#include <cstdlib>
#include <cstring>

namespace consensus {

arith_uint256 arith_uint256::FromUint256(const uint256& hash)
{
    arith_uint256 r;
    for (int i = 0; i < LIMBS; ++i) {
        uint64_t v = 0;
        for (int b = 7; b >= 0; --b) v = (v << 8) | hash.data()[8 * i + b];
        r.m_limb[i] = v;
    }
    return r;
}

uint256 arith_uint256::ToUint256() const
{
    std::array<uint8_t, 32> bytes;
    for (int i = 0; i < LIMBS; ++i) {
        for (int b = 0; b < 8; ++b) bytes[8 * i + b] = static_cast<uint8_t>(m_limb[i] >> (8 * b));
    }
    return uint256{bytes};
}

bool arith_uint256::SetHex(std::string_view hex)
{
    if (hex.empty() || hex.size() > 64) return false;
    arith_uint256 r;
    for (char c : hex) {
        unsigned digit;
        if (c >= '0' && c <= '9') {
            digit = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            digit = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            digit = c - 'A' + 10;
        } else {
            return false;
        }
        r <<= 4;
        r.m_limb[0] |= digit;
    }
    *this = r;
    return true;
}

std::string arith_uint256::GetHex() const
{
    static constexpr char DIGITS[] = "0123456789abcdef";
    std::string out(64, '0');
    for (int i = 0; i < 64; ++i) {
        const int nibble = 63 - i; // most significant first
        out[i] = DIGITS[(m_limb[nibble / 16] >> (4 * (nibble % 16))) & 0xf];
    }
    return out;
}

arith_uint256& arith_uint256::SetCompact(uint32_t compact, bool* negative, bool* overflow)
{
    const unsigned size = compact >> 24;
    uint32_t word = compact & 0x007fffff;
    if (size <= 3) {
        word >>= 8 * (3 - size);
        *this = word;
    } else {
        *this = word;
        *this <<= 8 * (size - 3);
    }
    if (negative) *negative = word != 0 && (compact & 0x00800000) != 0;
    if (overflow) {
        *overflow = word != 0 && (size > 34 || (word > 0xff && size > 33) || (word > 0xffff && size > 32));
    }
    return *this;
}

uint32_t arith_uint256::GetCompact(bool negative) const
{
    unsigned size = (Bits() + 7) / 8;
    uint32_t compact;
    if (size <= 3) {
        compact = static_cast<uint32_t>(GetLow64() << (8 * (3 - size)));
    } else {
        compact = static_cast<uint32_t>((*this >> (8 * (size - 3))).GetLow64());
    }
    // The mantissa is signed: if its top bit would be set, use one more byte of exponent.
    if (compact & 0x00800000) {
        compact >>= 8;
        ++size;
    }
    compact |= size << 24;
    if (negative && (compact & 0x007fffff) != 0) compact |= 0x00800000;
    return compact;
}

unsigned arith_uint256::Bits() const
{
    for (int i = LIMBS - 1; i >= 0; --i) {
        if (m_limb[i] != 0) return 64 * i + 64 - static_cast<unsigned>(__builtin_clzll(m_limb[i]));
    }
    return 0;
}

arith_uint256 arith_uint256::operator~() const
{
    arith_uint256 r;
    for (int i = 0; i < LIMBS; ++i) r.m_limb[i] = ~m_limb[i];
    return r;
}

arith_uint256& arith_uint256::operator+=(const arith_uint256& b)
{
    unsigned __int128 carry = 0;
    for (int i = 0; i < LIMBS; ++i) {
        carry += static_cast<unsigned __int128>(m_limb[i]) + b.m_limb[i];
        m_limb[i] = static_cast<uint64_t>(carry);
        carry >>= 64;
    }
    return *this;
}

arith_uint256& arith_uint256::operator-=(const arith_uint256& b)
{
    uint64_t borrow = 0;
    for (int i = 0; i < LIMBS; ++i) {
        const uint64_t a = m_limb[i];
        const uint64_t d = a - b.m_limb[i] - borrow;
        borrow = (a < b.m_limb[i]) || (a - b.m_limb[i] < borrow) ? 1 : 0;
        m_limb[i] = d;
    }
    return *this;
}

arith_uint256& arith_uint256::operator*=(uint64_t b)
{
    unsigned __int128 carry = 0;
    for (int i = 0; i < LIMBS; ++i) {
        carry += static_cast<unsigned __int128>(m_limb[i]) * b;
        m_limb[i] = static_cast<uint64_t>(carry);
        carry >>= 64;
    }
    return *this;
}

arith_uint256& arith_uint256::operator*=(const arith_uint256& b)
{
    arith_uint256 r;
    for (int i = 0; i < LIMBS; ++i) {
        unsigned __int128 carry = 0;
        for (int j = 0; i + j < LIMBS; ++j) {
            carry += static_cast<unsigned __int128>(m_limb[i]) * b.m_limb[j] + r.m_limb[i + j];
            r.m_limb[i + j] = static_cast<uint64_t>(carry);
            carry >>= 64;
        }
    }
    *this = r;
    return *this;
}

arith_uint256& arith_uint256::operator/=(const arith_uint256& b)
{
    if (b.IsZero()) std::abort(); // programmer error: callers never divide by zero
    arith_uint256 num = *this;
    arith_uint256 div = b;
    *this = 0;
    const unsigned num_bits = num.Bits();
    const unsigned div_bits = div.Bits();
    if (div_bits > num_bits) return *this;
    int shift = static_cast<int>(num_bits - div_bits);
    div <<= shift;
    // Schoolbook binary long division: at most 256 subtract-and-shift steps.
    for (; shift >= 0; --shift) {
        if (num >= div) {
            num -= div;
            m_limb[shift / 64] |= uint64_t{1} << (shift % 64);
        }
        div >>= 1;
    }
    return *this;
}

arith_uint256& arith_uint256::operator<<=(unsigned shift)
{
    if (shift >= 256) return *this = 0;
    const unsigned limbs = shift / 64;
    const unsigned bits = shift % 64;
    for (int i = LIMBS - 1; i >= 0; --i) {
        uint64_t v = 0;
        const int src = i - static_cast<int>(limbs);
        if (src >= 0) {
            v = m_limb[src] << bits;
            if (bits != 0 && src >= 1) v |= m_limb[src - 1] >> (64 - bits);
        }
        m_limb[i] = v;
    }
    return *this;
}

arith_uint256& arith_uint256::operator>>=(unsigned shift)
{
    if (shift >= 256) return *this = 0;
    const unsigned limbs = shift / 64;
    const unsigned bits = shift % 64;
    for (int i = 0; i < LIMBS; ++i) {
        uint64_t v = 0;
        const unsigned src = i + limbs;
        if (src < LIMBS) {
            v = m_limb[src] >> bits;
            if (bits != 0 && src + 1 < LIMBS) v |= m_limb[src + 1] << (64 - bits);
        }
        m_limb[i] = v;
    }
    return *this;
}

} // namespace consensus
