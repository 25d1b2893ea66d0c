// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_MEMPOOL_FEE_ESTIMATOR_H
#define DOTS_MEMPOOL_FEE_ESTIMATOR_H

/**
 * Fee estimation from what this node saw confirm (Bitcoin Core's CBlockPolicyEstimator, one
 * horizon): every transaction that enters the mempool with no unconfirmed parent is tracked
 * in a fee-rate bucket (geometric, 5% apart); when a block includes it, the number of blocks
 * it waited is recorded; when it leaves otherwise after waiting, that counts as a failure.
 * All counts decay by DECAY per block, so the estimate follows the recent past (half-life
 * about 350 blocks, under 6 hours at one-minute blocks). The decay is applied lazily: the
 * tables hold counts in the units of the last fold, and one running factor
 * (DECAY ^ blocks since the fold) turns them into decayed counts when they are read, so a
 * block costs O(transactions it confirms) instead of rescaling 2 x MAX_TARGET rows; every
 * `fold_interval` blocks the factor is multiplied into the tables (one eager pass) so that
 * it never underflows. The counts are those of decaying every count every block up to
 * floating-point rounding, and so are the estimates (fee_estimator_tests compare the two
 * bookkeepings over thousands of blocks).
 *
 * EstimateFee(target, threshold) is the lowest fee rate whose buckets, from the highest down,
 * saw at least `threshold` of their transactions confirm within `target` blocks (counting
 * those still waiting longer than that as failures), reported as the median fee rate of the
 * last group of buckets that passed. estimatesmartfee uses threshold 0.85 (economical) or
 * 0.95 (conservative) and, when a target has too little data, the next longer one.
 *
 * State persists in fee_estimates.dat (Write/Read). Thread-safe (own lock; the mempool calls
 * it under its own lock, so the order is mempool -> estimator).
 */

#include <mempool/feerate.h>
#include <primitives/uint256.h>
#include <util/result.h>
#include <util/sync.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace mempool {

class MempoolEntry;

class FeeEstimator
{
public:
    static constexpr int MAX_TARGET = 1008;
    static constexpr double DECAY = 0.998;
    /** Decayed transactions per bucket group needed for a decision (Core: 0.1 per block). */
    static constexpr double SUFFICIENT_TXS = 0.1 / (1 - DECAY);
    /** Blocks between two folds of the running decay factor into the tables (DECAY^10,000 is
     * about 2e-9: far from underflow, and a fold costs 1/10,000 of decaying every block). */
    static constexpr int FOLD_INTERVAL = 10'000;

    /** `fold_interval` (>= 1): blocks between folds; 1 decays every count every block (the
     * eager bookkeeping, for tests comparing the two). */
    explicit FeeEstimator(int fold_interval = FOLD_INTERVAL);

    /** A transaction entered the mempool when the tip was at `entry.GetHeight()`. Only
     * transactions without in-pool parents are tracked (a child's rate says nothing alone); the
     * mempool does not pass those re-added after a reorg or loaded from mempool.dat. */
    void ProcessTransaction(const MempoolEntry& entry) LOCKS_EXCLUDED(m_mutex);
    /** A transaction left the mempool other than by a block. */
    void RemoveTransaction(const uint256& txid) LOCKS_EXCLUDED(m_mutex);
    /** A block at `height` was connected; `mined` are the pool entries it included. Decays
     * the counts once per new height (a reorg's repeated heights do not decay twice). */
    void ProcessBlock(int32_t height, const std::vector<const MempoolEntry*>& mined) LOCKS_EXCLUDED(m_mutex);

    struct Estimate {
        FeeRate feerate;
        int blocks{0}; //!< the target the estimate is for (>= the one asked)
    };
    /** The estimate for `target` (1..MAX_TARGET) or the next target that has one. */
    std::optional<Estimate> EstimateSmartFee(int target, bool conservative) const LOCKS_EXCLUDED(m_mutex);
    /** The raw estimate at exactly `target` with `threshold`, or std::nullopt. */
    std::optional<FeeRate> EstimateFee(int target, double threshold) const LOCKS_EXCLUDED(m_mutex);
    /** The highest target with data (estimatesmartfee's answer is capped by it). */
    int MaxUsableTarget() const LOCKS_EXCLUDED(m_mutex);

    /** Saves / loads the decayed counts (not the transactions in flight). */
    util::Result<void> Write(const std::filesystem::path& path) const LOCKS_EXCLUDED(m_mutex);
    util::Result<void> Read(const std::filesystem::path& path) LOCKS_EXCLUDED(m_mutex);
    /** Read's work on the file's payload (after magic and checksum); all or nothing. `name`
     * names the source in messages. */
    util::Result<void> ReadPayload(std::span<const uint8_t> payload, const std::string& name) LOCKS_EXCLUDED(m_mutex);

private:
    struct Tracked {
        int32_t height;
        size_t bucket;
    };
    size_t BucketOf(CAmount per_kb) const;
    /** One block's decay: advances the running factor, folding it in every m_fold_interval. */
    void DecayLocked() EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    std::optional<FeeRate> EstimateLocked(int target, double threshold) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);

    mutable Mutex m_mutex;
    std::vector<double> m_bounds; //!< upper bound (units/kvB) of each bucket, ascending
    const int m_fold_interval;
    /** Decays since the last fold and DECAY to that power: a table value times m_scale is the
     * decayed count (so a new count adds 1 / m_scale). */
    int m_decays GUARDED_BY(m_mutex){0};
    double m_scale GUARDED_BY(m_mutex){1.0};
    /** The tables, in units of the last fold (times m_scale: decayed counts).
     * m_confirmed[d][b]: decayed count confirmed after exactly d + 1 blocks (the last row:
     * MAX_TARGET or more). */
    std::vector<std::vector<double>> m_confirmed GUARDED_BY(m_mutex);
    /** m_failed[d][b]: decayed count that left unconfirmed after waiting d + 1 blocks. */
    std::vector<std::vector<double>> m_failed GUARDED_BY(m_mutex);
    std::vector<double> m_total GUARDED_BY(m_mutex);       //!< decayed count tracked per bucket
    std::vector<double> m_fee_sum GUARDED_BY(m_mutex);     //!< decayed sum of fee rates per bucket
    std::unordered_map<uint256, Tracked, SaltedUint256Hasher> m_in_flight GUARDED_BY(m_mutex);
    int32_t m_best_height GUARDED_BY(m_mutex){-1};
};

} // namespace mempool

#endif // DOTS_MEMPOOL_FEE_ESTIMATOR_H
