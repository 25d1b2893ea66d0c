// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <consensus/pow.h>

#include <algorithm>
#include <cassert>
#include <cstdlib>

namespace consensus {

static_assert((int64_t{-1} >> 1) == int64_t{-1}, "ASERT needs arithmetic right shifts (guaranteed by C++20)");

std::optional<arith_uint256> DeriveTarget(uint32_t bits, const uint256& pow_limit)
{
    bool negative = false;
    bool overflow = false;
    arith_uint256 target;
    target.SetCompact(bits, &negative, &overflow);
    if (negative || overflow || target.IsZero() || target > UintToArith256(pow_limit)) return std::nullopt;
    return target;
}

bool CheckProofOfWork(const uint256& hash, uint32_t bits, const ConsensusParams& params)
{
    const auto target = DeriveTarget(bits, params.pow_limit);
    if (!target) return false;
    return UintToArith256(hash) <= *target;
}

arith_uint256 GetBlockProof(uint32_t bits)
{
    bool negative = false;
    bool overflow = false;
    arith_uint256 target;
    target.SetCompact(bits, &negative, &overflow);
    if (negative || overflow || target.IsZero()) return 0;
    // 2^256 / (target + 1) does not fit in 256 bits, but it equals
    // (2^256 - target - 1) / (target + 1) + 1 = ~target / (target + 1) + 1.
    return (~target / (target + 1)) + 1;
}

arith_uint256 CalculateAsertTarget(const arith_uint256& ref_target, int64_t spacing, int64_t time_diff,
                                   int64_t height_diff, const arith_uint256& pow_limit, int64_t half_life)
{
    assert(!ref_target.IsZero() && ref_target <= pow_limit);
    assert(pow_limit.Bits() <= 239);
    assert(height_diff >= 0 && half_life > 0);
    assert(std::llabs(time_diff - spacing * height_diff) < (int64_t{1} << 47));

    // The exponent in 16.16 fixed point. C++ division truncates toward zero (as specified).
    const int64_t exponent = ((time_diff - spacing * (height_diff + 1)) * 65536) / half_life;

    // Split into an integer part (floor, via the arithmetic shift) and a fraction in [0, 1).
    int64_t shifts = exponent >> 16;
    const auto frac = static_cast<uint16_t>(exponent);
    assert(exponent == shifts * 65536 + frac);

    // 65536 * 2^frac ~= 65536 + (a*f + b*f^2 + c*f^3 + 2^47) >> 48 for f = frac / 65536, with
    // the aserti3-2d constants; max error 0.013 %. The sum stays below 2^64 for every frac.
    const uint64_t f = frac;
    const uint32_t factor = 65536 + static_cast<uint32_t>(
        (195766423245049ULL * f + 971821376ULL * f * f + 5127ULL * f * f * f + (1ULL << 47)) >> 48);
    arith_uint256 next = ref_target * factor; // < 2^239 * 2^17: no overflow

    // Multiply by 2^shifts / 65536.
    shifts -= 16;
    if (shifts <= 0) {
        next >>= static_cast<unsigned>(std::min<int64_t>(-shifts, 256));
    } else if (shifts >= 256 || ((next << static_cast<unsigned>(shifts)) >> static_cast<unsigned>(shifts)) != next) {
        next = pow_limit; // the true value is >= 2^256, so above the limit anyway
    } else {
        next <<= static_cast<unsigned>(shifts);
    }

    if (next.IsZero()) return 1; // zero is no valid target; 1 is the hardest one
    if (next > pow_limit) return pow_limit;
    return next;
}

uint32_t GetNextWorkRequired(const PrevBlockInfo& prev, const ConsensusParams& params)
{
    const AsertAnchor& anchor = params.asert_anchor;
    if (params.pow_no_retargeting) return anchor.bits;
    assert(prev.height >= anchor.height);

    arith_uint256 anchor_target;
    anchor_target.SetCompact(anchor.bits);
    const int64_t anchor_parent_time = anchor.time - params.pow_target_spacing;
    const arith_uint256 next = CalculateAsertTarget(anchor_target, params.pow_target_spacing,
                                                    prev.time - anchor_parent_time, prev.height - anchor.height,
                                                    UintToArith256(params.pow_limit), params.asert_half_life);
    return next.GetCompact();
}

} // namespace consensus
