// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_PRIMITIVES_AMOUNT_H
#define DOTS_PRIMITIVES_AMOUNT_H

/**
 * Amounts: CAmount in units, COIN, MAX_MONEY and the MoneyRange check that every output and sum
 * goes through.
 */

#include <cstdint>

/** An amount in units; 1 DOTS = COIN units. Signed so that differences are representable. */
using CAmount = int64_t;

/** Units per DOTS. */
inline constexpr CAmount COIN = 100'000'000;

/**
 * No amount larger than this (in units) is valid. It is a sanity bound used by MoneyRange
 * checks on every output and on sums; it must be at least the total supply that the consensus
 * subsidy schedule can ever create (consensus/ asserts that). 21 million DOTS.
 */
inline constexpr CAmount MAX_MONEY = 21'000'000 * COIN;

/** True iff 0 <= value <= MAX_MONEY. */
constexpr bool MoneyRange(CAmount value) { return value >= 0 && value <= MAX_MONEY; }

#endif // DOTS_PRIMITIVES_AMOUNT_H
