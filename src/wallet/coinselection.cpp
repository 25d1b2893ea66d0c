// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <wallet/coinselection.h>

#include <crypto/random.h>

#include <algorithm>
#include <numeric>

namespace wallet {

namespace {
constexpr size_t BNB_MAX_TRIES = 100'000;

/** Coins with a positive effective value, by index, largest effective value first. */
std::vector<size_t> UsableByValue(const std::vector<SelectionCoin>& coins)
{
    std::vector<size_t> order;
    for (size_t i = 0; i < coins.size(); ++i) {
        if (coins[i].effective_value > 0) order.push_back(i);
    }
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        if (coins[a].effective_value != coins[b].effective_value) return coins[a].effective_value > coins[b].effective_value;
        return coins[a].outpoint < coins[b].outpoint;
    });
    return order;
}

SelectionResult MakeResult(const std::vector<SelectionCoin>& coins, std::vector<size_t> chosen, const SelectionParams& params,
                           const char* algorithm)
{
    SelectionResult out;
    out.chosen = std::move(chosen);
    for (const size_t i : out.chosen) {
        out.value += coins[i].value;
        out.effective_value += coins[i].effective_value;
    }
    const CAmount excess = out.effective_value - params.target;
    // With change the cost is the change's; without, the excess goes to the fee.
    out.waste = excess >= params.min_change ? params.cost_of_change : excess;
    out.algorithm = algorithm;
    return out;
}

/** Adds coins in `order` until target + min_change is covered (or exactly target is hit). */
std::optional<SelectionResult> Accumulate(const std::vector<SelectionCoin>& coins, const std::vector<size_t>& order,
                                          const SelectionParams& params, const char* algorithm)
{
    std::vector<size_t> chosen;
    CAmount sum = 0;
    for (const size_t i : order) {
        if (chosen.size() >= params.max_inputs) break;
        chosen.push_back(i);
        sum += coins[i].effective_value;
        if (sum == params.target || sum >= params.target + params.min_change) {
            return MakeResult(coins, std::move(chosen), params, algorithm);
        }
    }
    // The last resort: everything we have, if that at least covers the target (the rest is fee).
    if (sum >= params.target && !chosen.empty()) return MakeResult(coins, std::move(chosen), params, algorithm);
    return std::nullopt;
}
} // namespace

std::optional<SelectionResult> SelectCoinsBnB(const std::vector<SelectionCoin>& coins, const SelectionParams& params)
{
    // Depth-first search over "include / exclude" decisions, largest coins first (Bitcoin
    // Core's SelectCoinsBnB without its duplicate-value shortcut).
    const std::vector<size_t> order = UsableByValue(coins);
    CAmount available = 0;
    for (const size_t i : order) available += coins[i].effective_value;
    if (available < params.target) return std::nullopt;
    const CAmount upper = params.target + params.cost_of_change;
    std::vector<size_t> selection; // positions in `order`
    std::vector<size_t> best;
    CAmount best_excess = upper - params.target + 1;
    CAmount value = 0;
    size_t pos = 0;
    for (size_t tries = 0; tries < BNB_MAX_TRIES; ++tries, ++pos) {
        bool backtrack = false;
        if (value + available < params.target || value > upper || selection.size() > params.max_inputs) {
            backtrack = true;
        } else if (value >= params.target) {
            if (value - params.target < best_excess) {
                best_excess = value - params.target;
                best = selection;
                if (best_excess == 0) break;
            }
            backtrack = true;
        }
        if (backtrack) {
            if (selection.empty()) break; // every branch was explored
            // The coins skipped after the last included one become available again.
            for (--pos; pos > selection.back(); --pos) available += coins[order[pos]].effective_value;
            // Exclude the last included coin and go on from the next one.
            value -= coins[order[pos]].effective_value;
            selection.pop_back();
        } else {
            available -= coins[order[pos]].effective_value;
            selection.push_back(pos);
            value += coins[order[pos]].effective_value;
        }
    }
    if (best.empty()) return std::nullopt;
    std::vector<size_t> chosen;
    for (const size_t p : best) chosen.push_back(order[p]);
    SelectionResult out = MakeResult(coins, std::move(chosen), params, "bnb");
    out.waste = out.effective_value - params.target; // changeless by construction
    return out;
}

std::optional<SelectionResult> SelectCoinsKnapsack(const std::vector<SelectionCoin>& coins, const SelectionParams& params)
{
    const std::vector<size_t> order = UsableByValue(coins);
    // The smallest single coin that covers everything with change.
    std::optional<size_t> single;
    for (const size_t i : order) {
        if (coins[i].effective_value >= params.target + params.min_change) single = i;
    }
    if (single) return MakeResult(coins, {*single}, params, "knapsack");
    return Accumulate(coins, order, params, "knapsack");
}

std::optional<SelectionResult> SelectCoinsSRD(const std::vector<SelectionCoin>& coins, const SelectionParams& params,
                                              FastRandomContext& rng)
{
    std::vector<size_t> order = UsableByValue(coins);
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.RandRange(i)]);
    return Accumulate(coins, order, params, "srd");
}

std::optional<SelectionResult> ChooseSelection(const std::vector<SelectionCoin>& coins, const SelectionParams& params,
                                               FastRandomContext& rng)
{
    std::optional<SelectionResult> best;
    for (auto result : {SelectCoinsBnB(coins, params), SelectCoinsKnapsack(coins, params), SelectCoinsSRD(coins, params, rng)}) {
        if (!result) continue;
        // Less waste wins; on a tie, fewer inputs.
        if (!best || result->waste < best->waste ||
            (result->waste == best->waste && result->chosen.size() < best->chosen.size())) {
            best = std::move(result);
        }
    }
    return best;
}

} // namespace wallet
