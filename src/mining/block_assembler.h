// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_MINING_BLOCK_ASSEMBLER_H
#define DOTS_MINING_BLOCK_ASSEMBLER_H

/**
 * Block templates (Bitcoin Core's BlockAssembler). A template builds on the active tip: a
 * coinbase (kind COINBASE, payload = canonical CompactSize(height) || 8-byte extra nonce)
 * paying subsidy - availability pool + fees to the miner's lock (the same whatever registry
 * transactions the block holds: doc/registry.md), then transactions, the ASERT bits of the next block and time =
 * max(median-time-past + 1, now).
 *
 * From the mempool, transactions are taken by package: the entry with the best ancestor fee
 * rate (its own rate or its package's with unconfirmed ancestors, whichever is lower) goes in
 * with the ancestors the block does not hold yet, while the block stays within its size
 * (minus room for the header and coinbase) and signature-check limits and the package pays at
 * least -blockmintxfee; what the chosen packages pay for their descendants is taken off those
 * descendants' packages (Core's modified entries). Each package is checked against the block
 * so far (mining/block_builder.h), so transactions the pool has not yet dropped after a block
 * and registry statements that conflict across keys are left out, not made into a bad block.
 * Every template passes ChainstateManager::TestBlockValidity before it is returned.
 *
 * Thread-safety: the functions take the chain lock and the pool's lock as needed.
 */

#include <mempool/feerate.h>
#include <primitives/block.h>
#include <primitives/transaction.h>
#include <util/result.h>
#include <validation/chainstate_manager.h>

#include <cstdint>
#include <vector>

namespace mempool {
class Mempool;
}

namespace mining {

/** -blockmintxfee: the lowest package fee rate a template takes (units per kvB). */
inline constexpr CAmount DEFAULT_BLOCK_MIN_TX_FEE = 1'000;
/** Bytes kept free for the header, the transaction count and the coinbase. */
inline constexpr uint32_t COINBASE_RESERVED_SIZE = 1'000;

struct BlockTemplate {
    CBlock block;
    int32_t height{0};
    CAmount fees{0};
    CAmount coinbase_value{0};      //!< the miner's part: subsidy - availability pool + fees
    int64_t min_time{0};            //!< median-time-past of the tip + 1
    /** Per transaction after the coinbase: its fee and signature checks (getblocktemplate). */
    std::vector<CAmount> tx_fees;
    std::vector<uint32_t> tx_sigchecks;
    /** The pool's change number when the template was made (getblocktemplate longpollid). */
    uint64_t mempool_sequence{0};
};

struct AssemblerOptions {
    mempool::FeeRate block_min_fee_rate{DEFAULT_BLOCK_MIN_TX_FEE};
    /** Limit on the block's serialized size; 0: the consensus limit. */
    uint32_t max_block_size{0};
};

/** The coinbase payload for `height` with `extra_nonce`. */
std::vector<uint8_t> CoinbasePayload(int32_t height, uint64_t extra_nonce);

/** Rewrites the coinbase payload with `extra_nonce` and recomputes the merkle root. */
void SetExtraNonce(CBlock& block, int32_t height, uint64_t extra_nonce);

/**
 * A checked template on the current tip paying to `payout` with the best packages of
 * `mempool` (none if null). Errors: no tip, or the template failed its final check (a bug;
 * the message says why).
 */
util::Result<BlockTemplate> CreateNewBlock(validation::ChainstateManager& chainman, const OutputLock& payout,
                                           const mempool::Mempool* mempool, const AssemblerOptions& options = {});

/**
 * A checked template with exactly `txs`, in order (generateblock). Errors: the transactions do
 * not connect (their reject reason), or the node has no tip.
 */
util::Result<BlockTemplate> CreateNewBlock(validation::ChainstateManager& chainman, const OutputLock& payout,
                                           const std::vector<CTransactionRef>& txs = {});

} // namespace mining

#endif // DOTS_MINING_BLOCK_ASSEMBLER_H
