// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <consensus/subsidy.h>

#include <algorithm>
#include <cassert>
#include <cstdint>

namespace consensus {

namespace {
/** After this many halvings the subsidy is zero (a shift by >= 64 would be undefined). */
constexpr int MAX_HALVINGS = 64;
} // namespace

CAmount GetBlockSubsidy(int32_t height, const ConsensusParams& params)
{
    assert(height >= 0 && params.subsidy_halving_interval > 0);
    const int halvings = height / params.subsidy_halving_interval;
    if (halvings >= MAX_HALVINGS) return 0;
    return params.initial_subsidy >> halvings;
}

CAmount GetAvailabilityPool(int32_t height, const ConsensusParams& params)
{
    assert(params.call_reward_share_bps <= 10'000);
    const CAmount subsidy = GetBlockSubsidy(height, params);
    // subsidy <= MAX_MONEY < 2^51 and bps <= 10^4 < 2^14: the product fits in int64.
    return subsidy * static_cast<CAmount>(params.call_reward_share_bps) / 10'000;
}

CAmount GetEpochPool(uint32_t epoch, const ConsensusParams& params)
{
    const int64_t length = params.registry.probe_epoch;
    assert(length > 0 && params.subsidy_halving_interval > 0);
    int64_t height = int64_t{epoch} * length;
    const int64_t end = std::min<int64_t>(height + length, int64_t{INT32_MAX} + 1);
    CAmount total = 0;
    while (height < end) {
        // Every block of one halving era has the same pool.
        const int64_t era_end = std::min<int64_t>(end, (height / params.subsidy_halving_interval + 1) * params.subsidy_halving_interval);
        // A pool is < 2^51 / 10^4 * 10^4 and an epoch is far below 2^12 blocks on every chain:
        // the sum fits in int64 (probe_epoch <= INT32_MAX keeps it below 2^83 in general, so
        // guard anyway).
        const CAmount pool = GetAvailabilityPool(static_cast<int32_t>(height), params);
        if (pool > 0 && (era_end - height) > (INT64_MAX - total) / pool) return INT64_MAX;
        total += (era_end - height) * pool;
        height = era_end;
    }
    return total;
}

CAmount GetTotalSupplyCap(const ConsensusParams& params)
{
    assert(params.subsidy_halving_interval > 0 && params.initial_subsidy >= 0);
    // Heights are int32: eras past INT32_MAX are never reached.
    constexpr int64_t LAST_HEIGHT = INT32_MAX;
    CAmount total = 0;
    for (int era = 0; era < MAX_HALVINGS; ++era) {
        const int64_t first = int64_t{era} * params.subsidy_halving_interval;
        if (first > LAST_HEIGHT) break;
        const int64_t blocks = std::min<int64_t>(params.subsidy_halving_interval, LAST_HEIGHT - first + 1);
        const CAmount per_block = params.initial_subsidy >> era;
        if (per_block == 0) break;
        // Guard the sum: a parameter set that could overflow is reported as above MAX_MONEY.
        if (per_block > (INT64_MAX - total) / blocks) return INT64_MAX;
        total += per_block * blocks;
    }
    return total;
}

} // namespace consensus
