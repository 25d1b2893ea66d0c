// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_MINING_MINER_H
#define DOTS_MINING_MINER_H

/**
 * Block templates and proof-of-work search.
 *
 * A template builds on the active tip: a coinbase (kind COINBASE, payload = canonical
 * CompactSize(height) || 8-byte extra nonce, as consensus requires) paying first the registry
 * payouts due (call earnings, returned bonds) and then subsidy - claimed call rewards + fees to
 * the given lock, then the given transactions (already ordered so that parents come first), the
 * ASERT bits for the next block and time = max(median-time-past + 1, now). Templates are checked
 * with ChainstateManager::TestBlockValidity before they are returned.
 *
 * Thread-safety: the free functions take the chain lock through ChainstateManager as needed;
 * Miner runs its own threads and stops them in Stop() or its destructor.
 */

#include <primitives/block.h>
#include <primitives/transaction.h>
#include <util/result.h>
#include <validation/chainstate_manager.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <thread>
#include <vector>

namespace mining {

struct BlockTemplate {
    CBlock block;
    int32_t height{0};
    CAmount fees{0};
    CAmount coinbase_value{0};      //!< the miner's part: subsidy - claimed call rewards + fees
    std::vector<CTxOut> payouts;    //!< registry payouts the coinbase starts with
    int64_t min_time{0}; //!< median-time-past of the tip + 1
};

/** The coinbase payload for `height` with `extra_nonce`. */
std::vector<uint8_t> CoinbasePayload(int32_t height, uint64_t extra_nonce);

/**
 * A checked template on the current tip paying to `payout`, including `txs` in order.
 * Errors: the transactions do not connect (their reject reason), or the node has no tip.
 */
util::Result<BlockTemplate> CreateNewBlock(validation::ChainstateManager& chainman, const OutputLock& payout,
                                           const std::vector<CTransactionRef>& txs = {});

/** Rewrites the coinbase payload with `extra_nonce` and recomputes the merkle root. */
void SetExtraNonce(CBlock& block, int32_t height, uint64_t extra_nonce);

/**
 * Searches nonces from block.nonce upwards until the header meets its target, `max_tries` runs
 * out (decremented per hash) or `interrupt` returns true (polled every 4096 hashes). Returns true
 * with a solved block. When the 32-bit nonce space is exhausted returns false with max_tries left
 * (the caller changes the extra nonce or time and retries).
 */
bool SolveBlock(CBlock& block, const ConsensusParams& params, uint64_t& max_tries,
                const std::function<bool()>& interrupt);

/**
 * Mines `nblocks` blocks on the tip paying to `payout` (generatetoaddress). Each solved block goes
 * through ProcessNewBlock. Returns the hashes of the blocks mined (fewer if max_tries ran out or
 * `interrupt` fired). Errors: a mined block was rejected (a bug) or a disk error.
 */
util::Result<std::vector<uint256>> GenerateBlocks(validation::ChainstateManager& chainman, const OutputLock& payout,
                                                  int nblocks, uint64_t max_tries, const std::function<bool()>& interrupt);

/** A CPU miner (-gen): `threads` threads mine on the tip until Stop(). */
class Miner
{
public:
    Miner(validation::ChainstateManager& chainman, OutputLock payout, int threads);
    /** Stops and joins the threads. */
    ~Miner();
    Miner(const Miner&) = delete;
    Miner& operator=(const Miner&) = delete;
    /** Asks the threads to stop and waits for them (returns within one hash batch). */
    void Stop();
    uint64_t BlocksFound() const { return m_found.load(); }

private:
    void Run(int thread_id);

    validation::ChainstateManager& m_chainman;
    const OutputLock m_payout;
    std::atomic<bool> m_stop{false};
    std::atomic<uint64_t> m_found{0};
    std::vector<std::thread> m_threads;
};

} // namespace mining

#endif // DOTS_MINING_MINER_H
