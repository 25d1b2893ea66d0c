// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CHAINSTATE_CHAINWORK_H
#define DOTS_CHAINSTATE_CHAINWORK_H

/**
 * A small unsigned 256-bit integer for accumulated proof of work (the block index's chain
 * work) and the compact difficulty encoding ("bits") it is computed from.
 *
 * Local to chainstate/ because consensus/ had no arithmetic type when this was written; if
 * consensus gains an arith_uint256, this can become an alias. Value type; thread-compatible.
 */

#include <primitives/uint256.h>

#include <array>
#include <compare>
#include <cstdint>
#include <string>

namespace chainstate {

class ChainWork
{
public:
    constexpr ChainWork() : m_limb{} {}
    constexpr explicit ChainWork(uint64_t v) : m_limb{v, 0, 0, 0} {}

    /** Interprets the 32 stored bytes of a uint256 (a hash) as a little-endian number. */
    static ChainWork FromUint256(const uint256& v);
    /** The 32 little-endian bytes (GetHex() of the result shows the number in hex). */
    uint256 ToUint256() const;
    /** Big-endian hex without leading zeros trimmed (64 digits), like Bitcoin's "chainwork". */
    std::string GetHex() const { return ToUint256().GetHex(); }

    /**
     * Decodes compact "bits" (Bitcoin's nBits) into a target. Sets *negative / *overflow when the
     * encoding is negative or does not fit in 256 bits (the result is then meaningless).
     */
    static ChainWork FromCompact(uint32_t compact, bool* negative = nullptr, bool* overflow = nullptr);

    bool IsZero() const { return (m_limb[0] | m_limb[1] | m_limb[2] | m_limb[3]) == 0; }
    /** Lowest 64 bits. */
    uint64_t Low64() const { return m_limb[0]; }
    /** Position of the highest set bit plus one (0 for zero). */
    unsigned Bits() const;

    ChainWork& operator+=(const ChainWork& b);
    ChainWork& operator-=(const ChainWork& b);
    ChainWork& operator<<=(unsigned shift);
    ChainWork& operator>>=(unsigned shift);
    /** Long division; division by zero is a programmer error (asserts). */
    ChainWork& operator/=(const ChainWork& b);
    ChainWork operator~() const;

    friend ChainWork operator+(ChainWork a, const ChainWork& b) { return a += b; }
    friend ChainWork operator-(ChainWork a, const ChainWork& b) { return a -= b; }
    friend ChainWork operator/(ChainWork a, const ChainWork& b) { return a /= b; }
    friend bool operator==(const ChainWork&, const ChainWork&) = default;
    friend std::strong_ordering operator<=>(const ChainWork& a, const ChainWork& b)
    {
        for (int i = 3; i >= 0; --i) {
            if (a.m_limb[i] != b.m_limb[i]) return a.m_limb[i] <=> b.m_limb[i];
        }
        return std::strong_ordering::equal;
    }

private:
    std::array<uint64_t, 4> m_limb; //!< little-endian limbs
};

/**
 * The expected number of hashes to find a block at difficulty `bits`: 2^256 / (target + 1).
 * Zero for an invalid encoding (negative, overflowing or zero target), so such a header adds
 * no work.
 */
ChainWork GetBlockProof(uint32_t bits);

} // namespace chainstate

#endif // DOTS_CHAINSTATE_CHAINWORK_H
