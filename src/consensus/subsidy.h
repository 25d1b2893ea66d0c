// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CONSENSUS_SUBSIDY_H
#define DOTS_CONSENSUS_SUBSIDY_H

/**
 * The issuance schedule: a block at height h creates
 *   initial_subsidy >> (h / subsidy_halving_interval)
 * new units (zero from the 64th halving on), as in Bitcoin. A fixed share of each block's
 * subsidy is its availability pool (doc/registry.md): never paid by the coinbase, created only
 * as pool shares credited to nodes that answered their probers. The rest goes to the miner. Fees
 * come on top and are not part of the schedule. Pure functions, thread-safe.
 */

#include <consensus/params.h>
#include <primitives/amount.h>

#include <cstdint>

namespace consensus {

/** New units created by the block at `height` (>= 0; negative heights are a programmer error). */
CAmount GetBlockSubsidy(int32_t height, const ConsensusParams& params);

/**
 * The part of GetBlockSubsidy(height) reserved for availability rewards:
 * subsidy * call_reward_share_bps / 10,000, rounded down. The coinbase may pay the miner at most
 * subsidy - this + fees, whatever the block contains.
 */
CAmount GetAvailabilityPool(int32_t height, const ConsensusParams& params);

/**
 * The availability pool of probe epoch `epoch` (>= 0): the sum of GetAvailabilityPool over the
 * heights [epoch * probe_epoch, (epoch + 1) * probe_epoch), computed per halving era. Heights past
 * INT32_MAX contribute nothing.
 */
CAmount GetEpochPool(uint32_t epoch, const ConsensusParams& params);

/**
 * Sum of the subsidies of all blocks at heights 0 .. up to the end of the schedule: the most
 * units that can ever exist (the genesis output, which is unspendable, included). Computed
 * in closed form per halving era. Must be <= MAX_MONEY (tests assert it for every chain).
 */
CAmount GetTotalSupplyCap(const ConsensusParams& params);

} // namespace consensus

#endif // DOTS_CONSENSUS_SUBSIDY_H
