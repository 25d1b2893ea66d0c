// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_MINING_MINER_H
#define DOTS_MINING_MINER_H

/**
 * Proof-of-work search, generatetoaddress, and the -gen CPU miner. Templates come from
 * mining/block_assembler.h (with mempool transactions when a mempool is given); nonces are
 * searched with the SHA-256 midstate of the header (mining/header_hasher.h), two compressions
 * per nonce.
 *
 * Thread-safety: the free functions take the chain lock through ChainstateManager as needed;
 * Miner runs its own threads and stops them in Stop() or its destructor.
 */

#include <mining/block_assembler.h>
#include <primitives/block.h>
#include <util/result.h>
#include <validation/chainstate_manager.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace mempool {
class Mempool;
}

namespace mining {

/**
 * Searches nonces from block.nonce upwards until the header meets its target, `max_tries` runs
 * out (decremented per hash) or `interrupt` returns true (polled every 4096 hashes). Returns true
 * with a solved block. When the 32-bit nonce space is exhausted returns false with max_tries left
 * (the caller changes the extra nonce or time and retries).
 */
bool SolveBlock(CBlock& block, const consensus::ConsensusParams& params, uint64_t& max_tries,
                const std::function<bool()>& interrupt);

/**
 * Mines `nblocks` blocks on the tip paying to `payout` (generatetoaddress), each with the best
 * transactions of `mempool` (none if null). Each solved block goes through ProcessNewBlock.
 * Returns the hashes of the blocks mined (fewer if max_tries ran out or `interrupt` fired).
 * Errors: a mined block was rejected (a bug) or a disk error.
 */
util::Result<std::vector<uint256>> GenerateBlocks(validation::ChainstateManager& chainman, const OutputLock& payout,
                                                  int nblocks, uint64_t max_tries, const std::function<bool()>& interrupt,
                                                  mempool::Mempool* mempool = nullptr);

/**
 * A CPU miner (-gen): `threads` threads mine on the tip until Stop(), each on its own template
 * (its own extra nonce) with the mempool's best transactions, renewed when the tip changes or,
 * every few seconds, when the mempool changed.
 */
class Miner
{
public:
    /** `interrupt` (may be empty) stops the threads like Stop() (a shutdown in progress: blocks
     * would no longer connect). */
    Miner(validation::ChainstateManager& chainman, mempool::Mempool* mempool, OutputLock payout, int threads,
          std::function<bool()> interrupt = {});
    /** Stops and joins the threads. */
    ~Miner();
    Miner(const Miner&) = delete;
    Miner& operator=(const Miner&) = delete;
    /** Asks the threads to stop and waits for them (returns within one hash batch). */
    void Stop();
    uint64_t BlocksFound() const { return m_found.load(); }
    int Threads() const { return m_thread_count; }
    /** Hashes per second over all threads, measured over the last few seconds. */
    double HashRate() const;

private:
    void Run(int thread_id);

    validation::ChainstateManager& m_chainman;
    mempool::Mempool* const m_mempool;
    const OutputLock m_payout;
    const int m_thread_count;
    const std::function<bool()> m_interrupt;
    std::atomic<bool> m_stop{false};
    std::atomic<uint64_t> m_found{0};
    std::atomic<uint64_t> m_hashes{0};
    /** (steady-clock microseconds, m_hashes) at the start of the current rate window, and of
     * the window before it: HashRate spans at least one full window. */
    mutable Mutex m_rate_mutex;
    mutable int64_t m_window_start_us GUARDED_BY(m_rate_mutex){0};
    mutable uint64_t m_window_start_hashes GUARDED_BY(m_rate_mutex){0};
    mutable double m_last_rate GUARDED_BY(m_rate_mutex){0};
    std::vector<std::thread> m_threads;
};

} // namespace mining

#endif // DOTS_MINING_MINER_H
