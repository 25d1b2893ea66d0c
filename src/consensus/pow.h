// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CONSENSUS_POW_H
#define DOTS_CONSENSUS_POW_H

/**
 * Proof of work: compact targets, the PoW check, chain work, and the difficulty adjustment.
 *
 * Difficulty adjustment is ASERT, the "aserti3-2d" algorithm of Bitcoin Cash (2020): each
 * block's target is the anchor block's target times 2^((lag) / half_life), where lag is how
 * many seconds the parent block's timestamp is behind the ideal schedule
 * anchor_time + (height - anchor_height) * spacing (negative when ahead). It is computed per
 * block in integer-only fixed point (16 fractional bits, a cubic approximation of 2^x within
 * 0.013 %), so every node gets the same bits. Because the target depends only on the anchor
 * and the parent's own timestamp, there is no window to game: a timestamp in the past makes
 * the next block harder, one in the future (bounded by the future-time rule) makes only the
 * next block slightly easier (2^(600 s / 6 h) = +1.9 % at most) and is undone by the following
 * honest timestamp, while median-time-past stops timestamps from going backwards.
 *
 * All functions are pure and thread-safe; none touches storage or a block index.
 */

#include <consensus/arith_uint256.h>
#include <consensus/params.h>
#include <primitives/uint256.h>

#include <cstdint>
#include <optional>

namespace consensus {

/** What the rules for a new block need to know about its parent (the current tip). */
struct PrevBlockInfo {
    int32_t height{0};            //!< the parent's height; the new block has height + 1
    int64_t time{0};              //!< the parent's header timestamp
    uint32_t bits{0};             //!< the parent's compact target
    int64_t median_time_past{0};  //!< median timestamp of the parent and up to 10 of its ancestors
};

/**
 * Decodes `bits` into a target and checks its range. Returns std::nullopt if the encoding is
 * negative, zero, overflows 256 bits, or exceeds `pow_limit`.
 */
std::optional<arith_uint256> DeriveTarget(uint32_t bits, const uint256& pow_limit);

/**
 * True iff `bits` is a valid target for these params (see DeriveTarget) and `hash`, read as a
 * number, does not exceed it.
 */
[[nodiscard]] bool CheckProofOfWork(const uint256& hash, uint32_t bits, const ConsensusParams& params);

/**
 * Expected number of hashes to find a block with this target: 2^256 / (target + 1). Chain
 * selection sums it (cumulative work). Returns 0 for bits that are negative, zero or
 * overflowing (such a header never passes CheckProofOfWork anyway).
 */
arith_uint256 GetBlockProof(uint32_t bits);

/**
 * The aserti3-2d target, exactly as specified for Bitcoin Cash:
 *   target = ref_target * 2^((time_diff - spacing * (height_diff + 1)) / half_life)
 * where time_diff is the parent's time minus the anchor's PARENT's time and height_diff the
 * parent's height minus the anchor's height. Clamped to [1, pow_limit].
 *
 * Preconditions (programmer errors, assert): 0 < ref_target <= pow_limit; pow_limit < 2^239
 * (so ref_target * 2^17 fits); height_diff >= 0; half_life > 0; |time_diff - spacing *
 * height_diff| < 2^47.
 */
arith_uint256 CalculateAsertTarget(const arith_uint256& ref_target, int64_t spacing, int64_t time_diff,
                                   int64_t height_diff, const arith_uint256& pow_limit, int64_t half_life);

/**
 * The bits a block on top of `prev` must carry. ASERT from params.asert_anchor (whose parent
 * time is taken as anchor.time - spacing, so a chain exactly on schedule keeps the anchor's
 * target); on chains with pow_no_retargeting (regtest) always the anchor's bits.
 * `prev.height` must be >= the anchor height (assert).
 */
uint32_t GetNextWorkRequired(const PrevBlockInfo& prev, const ConsensusParams& params);

} // namespace consensus

#endif // DOTS_CONSENSUS_POW_H
