// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CONSENSUS_ARITH_UINT256_H
#define DOTS_CONSENSUS_ARITH_UINT256_H

/**
 * arith_uint256: an unsigned 256-bit integer for proof-of-work arithmetic (targets, chain work,
 * difficulty adjustment). uint256 (primitives/) is an opaque hash; this is a number.
 *
 * Conversion follows Bitcoin: a hash's 32 stored bytes are read as a LITTLE-endian number, so
 * the hash that displays as "0000000000...ab" is numerically small. Arithmetic is modulo
 * 2^256 (wraps) like unsigned integers; callers that must not wrap check bounds first.
 * Value type, thread-compatible, no allocation.
 */

#include <primitives/uint256.h>

#include <array>
#include <compare>
#include <cstdint>
#include <string>

namespace consensus {

class arith_uint256
{
public:
    static constexpr int LIMBS = 4;

    constexpr arith_uint256() : m_limb{} {}
    constexpr arith_uint256(uint64_t v) : m_limb{v, 0, 0, 0} {} // NOLINT: implicit like an integer

    /** 2^256 - 1. */
    static constexpr arith_uint256 Max()
    {
        arith_uint256 r;
        for (auto& l : r.m_limb) l = ~uint64_t{0};
        return r;
    }

    /** The number whose little-endian bytes are the stored bytes of `hash`. */
    static arith_uint256 FromUint256(const uint256& hash);
    /** Inverse of FromUint256. */
    uint256 ToUint256() const;
    /**
     * Parses 1..64 hex digits, most significant first (display order, no "0x"). Returns false
     * (leaving *this unchanged) on any other input. For tests and parameters.
     */
    bool SetHex(std::string_view hex);
    /** 64 lower-case hex digits, most significant first. */
    std::string GetHex() const;

    /**
     * Bitcoin's compact "bits" encoding: an 8-bit base-256 exponent and a 23-bit mantissa with
     * a sign bit (0x00800000). Decodes `compact` into *this. If non-null, `negative` is set
     * when the sign bit is set on a non-zero mantissa, and `overflow` when the value does not
     * fit in 256 bits (*this is then the truncated value and must not be used).
     */
    arith_uint256& SetCompact(uint32_t compact, bool* negative = nullptr, bool* overflow = nullptr);
    /**
     * The compact encoding of *this (rounded down to 23 bits of mantissa), with the sign bit
     * set if `negative` and the value is non-zero. GetCompact(SetCompact(x)) is the canonical
     * form of x.
     */
    uint32_t GetCompact(bool negative = false) const;

    /** Position of the highest set bit plus one (0 for zero). */
    unsigned Bits() const;
    uint64_t GetLow64() const { return m_limb[0]; }
    bool IsZero() const { return (m_limb[0] | m_limb[1] | m_limb[2] | m_limb[3]) == 0; }

    arith_uint256 operator~() const;
    arith_uint256& operator+=(const arith_uint256& b);
    arith_uint256& operator-=(const arith_uint256& b);
    /** Multiplication modulo 2^256. */
    arith_uint256& operator*=(uint64_t b);
    arith_uint256& operator*=(const arith_uint256& b);
    /** Floor division. Division by zero is a programmer error (aborts). */
    arith_uint256& operator/=(const arith_uint256& b);
    arith_uint256& operator<<=(unsigned shift);
    arith_uint256& operator>>=(unsigned shift);
    arith_uint256& operator++() { return *this += 1; }

    friend arith_uint256 operator+(arith_uint256 a, const arith_uint256& b) { return a += b; }
    friend arith_uint256 operator-(arith_uint256 a, const arith_uint256& b) { return a -= b; }
    friend arith_uint256 operator*(arith_uint256 a, uint64_t b) { return a *= b; }
    friend arith_uint256 operator*(arith_uint256 a, const arith_uint256& b) { return a *= b; }
    friend arith_uint256 operator/(arith_uint256 a, const arith_uint256& b) { return a /= b; }
    friend arith_uint256 operator<<(arith_uint256 a, unsigned s) { return a <<= s; }
    friend arith_uint256 operator>>(arith_uint256 a, unsigned s) { return a >>= s; }

    friend bool operator==(const arith_uint256&, const arith_uint256&) = default;
    friend std::strong_ordering operator<=>(const arith_uint256& a, const arith_uint256& b)
    {
        for (int i = LIMBS - 1; i >= 0; --i) {
            if (a.m_limb[i] != b.m_limb[i]) return a.m_limb[i] <=> b.m_limb[i];
        }
        return std::strong_ordering::equal;
    }

private:
    std::array<uint64_t, LIMBS> m_limb; //!< little-endian limbs
};

inline arith_uint256 UintToArith256(const uint256& v) { return arith_uint256::FromUint256(v); }
inline uint256 ArithToUint256(const arith_uint256& v) { return v.ToUint256(); }

} // namespace consensus

#endif // DOTS_CONSENSUS_ARITH_UINT256_H
