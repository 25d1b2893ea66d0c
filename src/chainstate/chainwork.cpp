// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <chainstate/chainwork.h>

#include <cassert>
#include <cstring>

namespace chainstate {

ChainWork ChainWork::FromUint256(const uint256& v)
{
    ChainWork w;
    for (int i = 0; i < 4; ++i) w.m_limb[i] = v.GetUint64(i);
    return w;
}

uint256 ChainWork::ToUint256() const
{
    std::array<uint8_t, 32> bytes;
    for (int i = 0; i < 4; ++i) std::memcpy(bytes.data() + 8 * i, &m_limb[i], 8);
    return uint256{bytes};
}

ChainWork ChainWork::FromCompact(uint32_t compact, bool* negative, bool* overflow)
{
    const unsigned size = compact >> 24;
    uint32_t word = compact & 0x007fffff;
    ChainWork r;
    if (size <= 3) {
        word >>= 8 * (3 - size);
        r = ChainWork{word};
    } else {
        r = ChainWork{word};
        r <<= 8 * (size - 3);
    }
    if (negative) *negative = word != 0 && (compact & 0x00800000) != 0;
    if (overflow) {
        *overflow = word != 0 && ((size > 34) || (word > 0xff && size > 33) || (word > 0xffff && size > 32));
    }
    return r;
}

unsigned ChainWork::Bits() const
{
    for (int i = 3; i >= 0; --i) {
        if (m_limb[i]) return 64 * static_cast<unsigned>(i) + 64 - static_cast<unsigned>(__builtin_clzll(m_limb[i]));
    }
    return 0;
}

ChainWork& ChainWork::operator+=(const ChainWork& b)
{
    unsigned __int128 carry = 0;
    for (int i = 0; i < 4; ++i) {
        unsigned __int128 n = carry + m_limb[i] + b.m_limb[i];
        m_limb[i] = static_cast<uint64_t>(n);
        carry = n >> 64;
    }
    return *this;
}

ChainWork& ChainWork::operator-=(const ChainWork& b)
{
    uint64_t borrow = 0;
    for (int i = 0; i < 4; ++i) {
        const uint64_t a = m_limb[i];
        const uint64_t d = a - b.m_limb[i] - borrow;
        borrow = (a < b.m_limb[i] || (a == b.m_limb[i] && borrow)) ? 1 : 0;
        m_limb[i] = d;
    }
    return *this;
}

ChainWork& ChainWork::operator<<=(unsigned shift)
{
    if (shift >= 256) return *this = ChainWork{};
    const unsigned k = shift / 64, s = shift % 64;
    std::array<uint64_t, 4> out{};
    for (int i = 3; i >= static_cast<int>(k); --i) {
        out[i] = m_limb[i - k] << s;
        if (s && i - static_cast<int>(k) - 1 >= 0) out[i] |= m_limb[i - k - 1] >> (64 - s);
    }
    m_limb = out;
    return *this;
}

ChainWork& ChainWork::operator>>=(unsigned shift)
{
    if (shift >= 256) return *this = ChainWork{};
    const unsigned k = shift / 64, s = shift % 64;
    std::array<uint64_t, 4> out{};
    for (unsigned i = 0; i + k < 4; ++i) {
        out[i] = m_limb[i + k] >> s;
        if (s && i + k + 1 < 4) out[i] |= m_limb[i + k + 1] << (64 - s);
    }
    m_limb = out;
    return *this;
}

ChainWork& ChainWork::operator/=(const ChainWork& b)
{
    assert(!b.IsZero());
    ChainWork div = b;
    ChainWork num = *this;
    ChainWork quotient;
    const unsigned num_bits = num.Bits();
    const unsigned div_bits = div.Bits();
    if (div_bits > num_bits) return *this = ChainWork{};
    unsigned shift = num_bits - div_bits;
    div <<= shift;
    while (true) {
        if (num >= div) {
            num -= div;
            quotient.m_limb[shift / 64] |= uint64_t{1} << (shift % 64);
        }
        if (shift == 0) break;
        div >>= 1;
        --shift;
    }
    return *this = quotient;
}

ChainWork ChainWork::operator~() const
{
    ChainWork r;
    for (int i = 0; i < 4; ++i) r.m_limb[i] = ~m_limb[i];
    return r;
}

ChainWork GetBlockProof(uint32_t bits)
{
    bool negative = false, overflow = false;
    const ChainWork target = ChainWork::FromCompact(bits, &negative, &overflow);
    if (negative || overflow || target.IsZero()) return ChainWork{};
    // 2^256 / (target + 1) == ~target / (target + 1) + 1, which fits in 256 bits.
    return (~target / (target + ChainWork{1})) + ChainWork{1};
}

} // namespace chainstate
