// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CONSENSUS_BLOCK_CHECK_H
#define DOTS_CONSENSUS_BLOCK_CHECK_H

/**
 * Block rules that need no UTXO set: the context-free checks (a header or block alone) and
 * the contextual checks that need only a few facts about the parent (PrevBlockInfo), so that
 * consensus never depends on storage or the block index. Spending rules (inputs exist,
 * signatures, fees, coinbase value) are validation's. All functions are pure and thread-safe.
 *
 * Each returns true on success; on failure false with `state` INVALID, a result kind and a
 * reject reason:
 *
 *   reason              result                  checked by
 *   high-hash           BLOCK_INVALID_HEADER    CheckBlockHeader
 *   bad-txnmrklroot     BLOCK_MUTATED           CheckBlock
 *   bad-txns-duplicate  BLOCK_MUTATED           CheckBlock (CVE-2012-2459 merkle mutation)
 *   bad-blk-length      BLOCK_CONSENSUS         CheckBlock (no transactions, or too large)
 *   bad-cb-missing      BLOCK_CONSENSUS         CheckBlock (first transaction not a coinbase)
 *   bad-cb-multiple     BLOCK_CONSENSUS         CheckBlock (a later transaction is a coinbase)
 *   bad-blk-sigchecks   BLOCK_CONSENSUS         CheckBlock (too many signature checks)
 *   bad-txns-*, bad-cb-*  BLOCK_CONSENSUS       CheckBlock (a transaction fails CheckTransaction;
 *                                               the debug message names it)
 *   bad-diffbits        BLOCK_INVALID_HEADER    ContextualCheckBlockHeader (bits != ASERT's)
 *   time-too-old        BLOCK_INVALID_HEADER    ContextualCheckBlockHeader (time <= MTP)
 *   time-too-new        BLOCK_TIME_FUTURE       ContextualCheckBlockHeader (may be retried later)
 *   bad-version         BLOCK_INVALID_HEADER    ContextualCheckBlockHeader
 *   bad-cb-height       BLOCK_CONSENSUS         ContextualCheckBlock
 *   bad-txns-nonfinal   BLOCK_CONSENSUS         ContextualCheckBlock
 */

#include <consensus/params.h>
#include <consensus/pow.h>
#include <consensus/validation_state.h>
#include <primitives/block.h>

#include <cstdint>
#include <span>

namespace consensus {

/** The header's proof of work (hash <= target from bits, bits within range). */
[[nodiscard]] bool CheckBlockHeader(const CBlockHeader& header, const ConsensusParams& params,
                                    BlockValidationState& state, bool check_pow = true);

/**
 * Everything checkable from the block alone: the header (if check_pow), the merkle root and
 * its mutation guard (if check_merkle_root; miners building a template skip it), the
 * transaction count and serialized size, the coinbase position, the signature-check budget
 * and CheckTransaction on every transaction. Cost: one pass over the block, no signature
 * verification.
 */
[[nodiscard]] bool CheckBlock(const CBlock& block, const ConsensusParams& params, BlockValidationState& state,
                              bool check_pow = true, bool check_merkle_root = true);

/**
 * Header rules given its parent: bits must equal GetNextWorkRequired(prev), time must be
 * above prev.median_time_past and at most `now` + params.max_future_block_time (`now` is the
 * node's clock in UNIX seconds), version at least params.min_block_version.
 */
[[nodiscard]] bool ContextualCheckBlockHeader(const CBlockHeader& header, const PrevBlockInfo& prev, int64_t now,
                                              const ConsensusParams& params, BlockValidationState& state);

/**
 * Block rules given its parent: the coinbase payload starts with the block height
 * (prev.height + 1, canonical CompactSize), which makes every coinbase txid unique; every
 * transaction is final at that height and at prev.median_time_past (BIP113).
 */
[[nodiscard]] bool ContextualCheckBlock(const CBlock& block, const PrevBlockInfo& prev, const ConsensusParams& params,
                                        BlockValidationState& state);

/**
 * Median of `times`: the timestamps of the last params.median_time_span blocks (fewer near
 * genesis), in any order. `times` must not be empty (assert).
 */
int64_t GetMedianTimePast(std::span<const int64_t> times);

} // namespace consensus

#endif // DOTS_CONSENSUS_BLOCK_CHECK_H
