// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <consensus/params.h>
#include <consensus/subsidy.h>
#include <primitives/amount.h>

#include <boost/test/unit_test.hpp>

#include <bit>
#include <cstdint>

BOOST_AUTO_TEST_SUITE(consensus_subsidy_tests)

BOOST_AUTO_TEST_CASE(main_schedule)
{
    const consensus::ConsensusParams& p = consensus::GetConsensusParams("main");
    BOOST_CHECK_EQUAL(p.initial_subsidy, 5 * COIN);
    BOOST_CHECK_EQUAL(p.subsidy_halving_interval, 2'100'000);
    const int32_t interval = p.subsidy_halving_interval;
    BOOST_CHECK_EQUAL(GetBlockSubsidy(0, p), 5 * COIN);
    BOOST_CHECK_EQUAL(GetBlockSubsidy(1, p), 5 * COIN);
    BOOST_CHECK_EQUAL(GetBlockSubsidy(interval - 1, p), 5 * COIN);
    BOOST_CHECK_EQUAL(GetBlockSubsidy(interval, p), 5 * COIN / 2);
    BOOST_CHECK_EQUAL(GetBlockSubsidy(2 * interval, p), 5 * COIN / 4);
    BOOST_CHECK_EQUAL(GetBlockSubsidy(3 * interval, p), 62'500'000);
    // 5e8 units halve to zero after 29 halvings (2^28 <= 5e8 < 2^29).
    BOOST_CHECK_EQUAL(GetBlockSubsidy(28 * interval, p), 1);
    BOOST_CHECK_EQUAL(GetBlockSubsidy(29 * interval, p), 0);
    BOOST_CHECK_EQUAL(GetBlockSubsidy(63 * interval, p), 0);
    BOOST_CHECK_EQUAL(GetBlockSubsidy(INT32_MAX, p), 0);
    // Never increases.
    CAmount last = GetBlockSubsidy(0, p);
    for (int era = 0; era < 70 && int64_t{era} * interval <= INT32_MAX; ++era) {
        const CAmount s = GetBlockSubsidy(era * interval, p);
        BOOST_CHECK_LE(s, last);
        BOOST_CHECK(MoneyRange(s));
        last = s;
    }
}

BOOST_AUTO_TEST_CASE(shift_past_63_halvings_is_zero)
{
    // With a short interval the 64th halving is reachable; the shift must not be undefined.
    consensus::ConsensusParams p = consensus::GetConsensusParams("regtest");
    p.initial_subsidy = MAX_MONEY;
    const int32_t interval = p.subsidy_halving_interval;
    BOOST_CHECK_EQUAL(GetBlockSubsidy(63 * interval, p), MAX_MONEY >> 63);
    BOOST_CHECK_EQUAL(GetBlockSubsidy(64 * interval, p), 0);
    BOOST_CHECK_EQUAL(GetBlockSubsidy(1000 * interval, p), 0);
}

BOOST_AUTO_TEST_CASE(supply_cap_below_max_money)
{
    // sum_k floor(n / 2^k) = 2n - popcount(n): an independent closed form for the cap.
    const consensus::ConsensusParams& main = consensus::GetConsensusParams("main");
    const uint64_t n = static_cast<uint64_t>(main.initial_subsidy);
    const CAmount expected = main.subsidy_halving_interval * static_cast<CAmount>(2 * n - std::popcount(n));
    BOOST_CHECK_EQUAL(GetTotalSupplyCap(main), expected);
    BOOST_CHECK_EQUAL(expected, 2'099'999'972'700'000); // 20,999,999.727 DOTS
    BOOST_CHECK_LT(GetTotalSupplyCap(main), MAX_MONEY);
    for (const char* chain : {"main", "test", "regtest"}) {
        BOOST_CHECK_LE(GetTotalSupplyCap(consensus::GetConsensusParams(chain)), MAX_MONEY);
    }
}

BOOST_AUTO_TEST_CASE(supply_cap_matches_block_by_block_sum)
{
    // Regtest's schedule is short enough to add up every block.
    const consensus::ConsensusParams& p = consensus::GetConsensusParams("regtest");
    CAmount total = 0;
    for (int32_t h = 0; h < 64 * p.subsidy_halving_interval + 10; ++h) total += GetBlockSubsidy(h, p);
    BOOST_CHECK_EQUAL(GetTotalSupplyCap(p), total);
    BOOST_CHECK_EQUAL(total, p.subsidy_halving_interval * static_cast<CAmount>(2 * 500'000'000 - std::popcount(500'000'000u)));
}

BOOST_AUTO_TEST_CASE(supply_cap_reports_overflowing_parameters)
{
    consensus::ConsensusParams p = consensus::GetConsensusParams("main");
    p.initial_subsidy = MAX_MONEY;
    BOOST_CHECK_GT(GetTotalSupplyCap(p), MAX_MONEY);
    p.subsidy_halving_interval = INT32_MAX;
    BOOST_CHECK_EQUAL(GetTotalSupplyCap(p), INT64_MAX); // would overflow int64: saturates
}

BOOST_AUTO_TEST_CASE(call_reward_pool)
{
    const consensus::ConsensusParams& p = consensus::GetConsensusParams("main");
    BOOST_CHECK_EQUAL(p.call_reward_share_bps, 2000u);
    BOOST_CHECK_EQUAL(GetAvailabilityPool(0, p), 1 * COIN); // 20 % of 5 DOTS
    BOOST_CHECK_EQUAL(GetAvailabilityPool(p.subsidy_halving_interval, p), COIN / 2);
    BOOST_CHECK_EQUAL(GetAvailabilityPool(29 * p.subsidy_halving_interval, p), 0);
    // Rounds down: 20 % of 1 unit is 0.
    BOOST_CHECK_EQUAL(GetAvailabilityPool(28 * p.subsidy_halving_interval, p), 0);
    for (int era = 0; era < 30; ++era) {
        const int32_t h = era * p.subsidy_halving_interval;
        BOOST_CHECK_LE(GetAvailabilityPool(h, p), GetBlockSubsidy(h, p));
    }
}

BOOST_AUTO_TEST_CASE(money_range)
{
    BOOST_CHECK(MoneyRange(0));
    BOOST_CHECK(MoneyRange(1));
    BOOST_CHECK(MoneyRange(MAX_MONEY));
    BOOST_CHECK(!MoneyRange(-1));
    BOOST_CHECK(!MoneyRange(MAX_MONEY + 1));
    BOOST_CHECK(!MoneyRange(INT64_MIN));
    BOOST_CHECK(!MoneyRange(INT64_MAX));
}

BOOST_AUTO_TEST_SUITE_END()
