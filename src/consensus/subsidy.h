// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CONSENSUS_SUBSIDY_H
#define DOTS_CONSENSUS_SUBSIDY_H

/**
 * The issuance schedule: a block at height h creates
 *   initial_subsidy >> (h / subsidy_halving_interval)
 * new units (zero from the 64th halving on), as in Bitcoin. A fixed share of each block's
 * subsidy is its call-reward pool (see doc/registry.md); the rest goes to the miner. Fees
 * come on top and are not part of the schedule. Pure functions, thread-safe.
 */

#include <consensus/params.h>
#include <primitives/amount.h>

#include <cstdint>

/** New units created by the block at `height` (>= 0; negative heights are a programmer error). */
CAmount GetBlockSubsidy(int32_t height, const ConsensusParams& params);

/**
 * The part of GetBlockSubsidy(height) reserved for the call records of that block:
 * subsidy * call_reward_share_bps / 10,000, rounded down. The miner's part is the rest.
 */
CAmount GetCallRewardPool(int32_t height, const ConsensusParams& params);

/**
 * Sum of the subsidies of all blocks at heights 0 .. up to the end of the schedule: the most
 * units that can ever exist (the genesis output, which is unspendable, included). Computed
 * in closed form per halving era. Must be <= MAX_MONEY (tests assert it for every chain).
 */
CAmount GetTotalSupplyCap(const ConsensusParams& params);

#endif // DOTS_CONSENSUS_SUBSIDY_H
