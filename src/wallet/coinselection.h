// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_WALLET_COINSELECTION_H
#define DOTS_WALLET_COINSELECTION_H

/**
 * Coin selection, after Bitcoin Core (wallet/coinselection.cpp): which coins pay for a
 * transaction. Every coin is valued at its *effective value*, its amount minus the fee its input
 * costs at the transaction's fee rate, so a coin that costs more to spend than it is worth is
 * never chosen. (When the recipients pay the fee, subtractfeefromamount, the caller values each
 * coin at its whole amount instead, as Bitcoin Core's GetSelectionAmount.)
 *
 *   BnB        Branch and Bound: an input set whose effective value lands in
 *              [target, target + cost_of_change], so no change output is needed (cheapest and
 *              most private).
 *   Knapsack   the smallest single coin that covers target + min_change, else coins largest
 *              first until they do: few inputs, with change.
 *   SRD        Single Random Draw: coins in random order until target + min_change is covered.
 *
 * ChooseSelection runs all three and keeps the result with the least waste (the excess given
 * to fees without change, or the cost of creating and later spending the change). Pure apart
 * from the random generator it is given; thread-compatible.
 */

#include <primitives/amount.h>
#include <primitives/transaction.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

class FastRandomContext;

namespace wallet {

struct SelectionCoin {
    COutPoint outpoint;
    CAmount value{0};
    CAmount input_fee{0};       //!< fee of spending it at the transaction's fee rate
    /** What the coin counts for: value - input_fee, or its whole value when the recipients pay
     * the fee (subtractfeefromamount: the inputs' fees come out of the amounts sent). */
    CAmount effective_value{0};
};

struct SelectionParams {
    /** What the inputs' effective value must cover: outputs, registry value, the non-input fee. */
    CAmount target{0};
    /** Fee of a change output plus of spending it later: BnB's window above the target. */
    CAmount cost_of_change{0};
    /** Smallest change worth creating (dust threshold plus the change output's fee). */
    CAmount min_change{0};
    /** At most this many inputs (the transaction size limit). */
    size_t max_inputs{1000};
};

struct SelectionResult {
    std::vector<size_t> chosen;  //!< indices into the coins given
    CAmount value{0};            //!< sum of their amounts
    CAmount effective_value{0};  //!< sum of their effective values
    CAmount waste{0};
    std::string algorithm;       //!< "bnb", "knapsack" or "srd"
};

std::optional<SelectionResult> SelectCoinsBnB(const std::vector<SelectionCoin>& coins, const SelectionParams& params);
std::optional<SelectionResult> SelectCoinsKnapsack(const std::vector<SelectionCoin>& coins, const SelectionParams& params);
std::optional<SelectionResult> SelectCoinsSRD(const std::vector<SelectionCoin>& coins, const SelectionParams& params,
                                              FastRandomContext& rng);

/** The least-waste result of the three, or std::nullopt if the coins cannot cover the target. */
std::optional<SelectionResult> ChooseSelection(const std::vector<SelectionCoin>& coins, const SelectionParams& params,
                                               FastRandomContext& rng);

} // namespace wallet

#endif // DOTS_WALLET_COINSELECTION_H
