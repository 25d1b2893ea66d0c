// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Coin selection (wallet/coinselection.h): BnB finds change-free sets and gives up when there is
// none, knapsack takes the smallest sufficient coin, coins worth less than their input fee are
// never chosen, the input limit holds, and ChooseSelection keeps the least waste.

#include <crypto/random.h>
#include <wallet/coinselection.h>

#include <boost/test/unit_test.hpp>

#include <numeric>

using namespace wallet;

namespace {
/** Coins with these effective values (input fee 100 each). */
std::vector<SelectionCoin> Coins(const std::vector<CAmount>& effective_values)
{
    std::vector<SelectionCoin> coins;
    for (uint32_t i = 0; i < effective_values.size(); ++i) {
        SelectionCoin c;
        c.outpoint = COutPoint{uint256{}, i};
        c.input_fee = 100;
        c.effective_value = effective_values[i];
        c.value = c.effective_value + c.input_fee;
        coins.push_back(c);
    }
    return coins;
}

CAmount Sum(const std::vector<SelectionCoin>& coins, const SelectionResult& r)
{
    return std::accumulate(r.chosen.begin(), r.chosen.end(), CAmount{0},
                           [&](CAmount s, size_t i) { return s + coins[i].effective_value; });
}

SelectionParams Params(CAmount target, CAmount cost_of_change, CAmount min_change)
{
    SelectionParams p;
    p.target = target;
    p.cost_of_change = cost_of_change;
    p.min_change = min_change;
    return p;
}
} // namespace

BOOST_AUTO_TEST_SUITE(wallet_coinselection_tests)

BOOST_AUTO_TEST_CASE(bnb_finds_a_changeless_set_or_none)
{
    const auto coins = Coins({5000, 4000, 3000, 2000, 1000});
    const auto exact = SelectCoinsBnB(coins, Params(7000, 0, 1000));
    BOOST_REQUIRE(exact);
    BOOST_CHECK_EQUAL(Sum(coins, *exact), 7000);
    BOOST_CHECK_EQUAL(exact->effective_value, 7000);
    BOOST_CHECK_EQUAL(exact->waste, 0);
    BOOST_CHECK_EQUAL(exact->algorithm, "bnb");
    // 7,050 has no subset within [7,050, 7,100]: no changeless solution.
    BOOST_CHECK(!SelectCoinsBnB(coins, Params(7050, 50, 1000)));
    // More than everything: none.
    BOOST_CHECK(!SelectCoinsBnB(coins, Params(16000, 1000, 1000)));
    // A window lets it overshoot by at most cost_of_change.
    const auto window = SelectCoinsBnB(coins, Params(6900, 200, 1000));
    BOOST_REQUIRE(window);
    BOOST_CHECK(Sum(coins, *window) >= 6900 && Sum(coins, *window) <= 7100);
}

BOOST_AUTO_TEST_CASE(bnb_search_is_bounded)
{
    // 1,000 equal odd coins and an even target out of reach of any subset's window: the search
    // stops at its try limit and reports none instead of exploring 2^1000 branches.
    const auto coins = Coins(std::vector<CAmount>(1000, 1001));
    BOOST_CHECK(!SelectCoinsBnB(coins, Params(500'000, 0, 1000)));
}

BOOST_AUTO_TEST_CASE(knapsack_prefers_the_smallest_sufficient_coin)
{
    const auto coins = Coins({10000, 6000, 3000, 500});
    const auto r = SelectCoinsKnapsack(coins, Params(2000, 300, 500));
    BOOST_REQUIRE(r);
    BOOST_REQUIRE_EQUAL(r->chosen.size(), 1U);
    BOOST_CHECK_EQUAL(coins[r->chosen[0]].effective_value, 3000);
    BOOST_CHECK_EQUAL(r->waste, 300); // with change: the change's cost
    // No single coin suffices: largest first until covered.
    const auto many = SelectCoinsKnapsack(coins, Params(15000, 300, 500));
    BOOST_REQUIRE(many);
    BOOST_CHECK(Sum(coins, *many) >= 15500);
}

BOOST_AUTO_TEST_CASE(uneconomic_coins_and_the_input_limit)
{
    FastRandomContext rng{7};
    // A coin that costs more to spend than it is worth is never chosen, even when it would help.
    const auto coins = Coins({4000, -50, 0});
    const auto r = ChooseSelection(coins, Params(4000, 100, 500), rng);
    BOOST_REQUIRE(r);
    for (const size_t i : r->chosen) BOOST_CHECK(coins[i].effective_value > 0);
    BOOST_CHECK(!ChooseSelection(coins, Params(4001, 0, 500), rng));
    // Ten coins of 1,000 cover 5,000 only with five inputs.
    const auto small = Coins(std::vector<CAmount>(10, 1000));
    SelectionParams limited = Params(5000, 100, 500);
    limited.max_inputs = 4;
    BOOST_CHECK(!ChooseSelection(small, limited, rng));
    limited.max_inputs = 5;
    const auto five = ChooseSelection(small, limited, rng);
    BOOST_REQUIRE(five);
    BOOST_CHECK_EQUAL(five->chosen.size(), 5U);
}

BOOST_AUTO_TEST_CASE(choose_keeps_the_least_waste)
{
    FastRandomContext rng{11};
    // 3,000 + 1,000 hits 4,000 exactly (waste 0); every set with change wastes 300.
    const auto coins = Coins({9000, 3000, 1000});
    const auto r = ChooseSelection(coins, Params(4000, 300, 500), rng);
    BOOST_REQUIRE(r);
    BOOST_CHECK_EQUAL(r->algorithm, "bnb");
    BOOST_CHECK_EQUAL(r->waste, 0);
    // No exact set: the change-making result, whose waste is the change's cost.
    const auto change = ChooseSelection(coins, Params(2000, 300, 500), rng);
    BOOST_REQUIRE(change);
    BOOST_CHECK(Sum(coins, *change) >= 2500);
    BOOST_CHECK_EQUAL(change->waste, 300);
}

BOOST_AUTO_TEST_SUITE_END()
