// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_MEMPOOL_RBF_H
#define DOTS_MEMPOOL_RBF_H

/**
 * Replacement of mempool transactions (Bitcoin Core's policy/rbf.h, BIP125 rules 2-6 with full
 * RBF by default): a transaction that spends a coin some pool transaction spends may replace it
 * and its descendants if it pays more, in total and in rate, and does not bring new
 * unconfirmed inputs. The same fee rules apply when a registry statement replaces one of its
 * signer's (mempool/registry_conflicts.h). Pure checks over the pool; the caller holds its lock.
 */

#include <consensus/validation_state.h>
#include <mempool/feerate.h>
#include <mempool/txmempool.h>

namespace mempool {

/** At most this many transactions (direct conflicts and their descendants) are replaced. */
inline constexpr size_t MAX_REPLACEMENT_CANDIDATES = 100;

/**
 * Adds `direct` and all their descendants to `evict`. False with `state` "too many potential
 * replacements" (TX_MEMPOOL_POLICY) past MAX_REPLACEMENT_CANDIDATES.
 */
bool CollectEvictions(const TxMempool& pool, const EntrySet& direct, EntrySet& evict, consensus::TxValidationState& state)
    EXCLUSIVE_LOCKS_REQUIRED(pool.GetMutex());

/**
 * Whether the replaced transactions signal BIP125 (a sequence below 0xfffffffe in one of them
 * or an unconfirmed ancestor). Only consulted without full RBF.
 */
bool SignalsReplacement(const TxMempool& pool, const EntrySet& direct) EXCLUSIVE_LOCKS_REQUIRED(pool.GetMutex());

/**
 * The rules a replacement `tx` (with `modified_fee` over `size` policy bytes and in-pool
 * `ancestors`) must meet to evict `evict`, whose direct conflicts are `direct`. False with
 * `state` INVALID / TX_MEMPOOL_POLICY and one of:
 *   bad-txns-spends-conflicting-tx  tx spends an output of what it would replace
 *   replacement-adds-unconfirmed    an unconfirmed input none of the replaced spent
 *   insufficient fee                a fee rate not above each direct conflict's, less total fee
 *                                   than the evicted, or not enough more to pay its own relay
 *                                   at `incremental` (the debug message says which)
 */
bool CheckReplacement(const TxMempool& pool, const CTransaction& tx, CAmount modified_fee, int64_t size,
                      const EntrySet& ancestors, const EntrySet& direct, const EntrySet& evict, const FeeRate& incremental,
                      consensus::TxValidationState& state) EXCLUSIVE_LOCKS_REQUIRED(pool.GetMutex());

/** Sum of the modified fees of `entries`. */
CAmount ModifiedFees(const EntrySet& entries);

} // namespace mempool

#endif // DOTS_MEMPOOL_RBF_H
