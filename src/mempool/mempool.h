// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_MEMPOOL_MEMPOOL_H
#define DOTS_MEMPOOL_MEMPOOL_H

/**
 * Mempool: the node's mempool as the rest of the node uses it. It owns the pool
 * (mempool/txmempool.h), the kept-aside registry statements (mempool/aside_store.h) and the fee
 * estimator, validates transactions before they enter (AcceptTransaction: consensus rules
 * against the chain's coins plus the pool's outputs, policy, package limits, replacement and
 * the registry's first-seen rule; doc/mempool.md), follows the chain as a listener of the
 * validation notifications (blocks connected and disconnected, the tip moved), and saves and
 * loads mempool.dat.
 *
 * For P2P (net/): AcceptTransaction answers accepted / rejected with a reason / missing inputs
 * (an orphan: TX_MISSING_INPUTS, keep it and retry when a parent arrives); Get looks a
 * transaction up by txid or wtxid; GetForBlock also finds kept-aside statements (block
 * reconstruction); RelayInfos lists what the `mempool` message announces; GetMinRelayFeeRate
 * is what `feefilter` sends. Rejections with TX_CONFLICT (including registry state rules, which
 * depend on the chain a peer sees) and TX_MEMPOOL_POLICY are never a peer's fault.
 *
 * Locking: AcceptTransaction and the chain listener take the chain lock, then the pool's;
 * never call them holding either. Thread-safe.
 */

#include <consensus/validation_state.h>
#include <mempool/aside_store.h>
#include <mempool/fee_estimator.h>
#include <mempool/registry_check.h>
#include <mempool/txmempool.h>
#include <util/result.h>
#include <util/sync.h>
#include <util/time.h>
#include <validation/chainstate_manager.h>
#include <validation/notifications.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace mempool {

struct AcceptOptions {
    /** Validate only (testmempoolaccept): nothing changes. */
    bool test_accept{false};
    /** Reorg re-adds and mempool.dat loads: no fee floors, no trimming, no fee tracking. */
    bool bypass_limits{false};
    /** The entry time to keep (mempool.dat); default now. */
    std::optional<int64_t> accept_time;
    /** Reject with "max-fee-exceeded" above this fee rate (sendrawtransaction's maxfeerate). */
    std::optional<FeeRate> max_fee_rate;
};

struct AcceptResult {
    consensus::TxValidationState state;
    /** Inputs - outputs - registry locked value (valid results only). */
    CAmount base_fee{0};
    /** Policy size (valid results only). */
    int64_t size{0};
    /** Transactions this one replaced (in the pool: removed). */
    std::vector<uint256> replaced;
    /** A valid registry statement refused by the first-seen rule and kept aside. */
    bool kept_aside{false};
    bool IsValid() const { return state.IsValid(); }
};

/** What the P2P `mempool` message and inventory relay need of an entry. */
struct RelayInfo {
    uint256 txid;
    uint256 wtxid;
    FeeRate feerate; //!< modified fee per policy size
    int64_t time{0};
};

class Mempool : public validation::ValidationInterface
{
public:
    /** `chainman` and `options.signals` must outlive this object; Register() separately. */
    Mempool(validation::ChainstateManager& chainman, MempoolOptions options);
    ~Mempool() override;
    Mempool(const Mempool&) = delete;
    Mempool& operator=(const Mempool&) = delete;

    TxMempool& Pool() { return *m_pool; }
    const TxMempool& Pool() const { return *m_pool; }
    AsideStore& Aside() { return m_aside; }
    FeeEstimator& Estimator() { return m_estimator; }
    validation::ChainstateManager& Chainman() { return m_chainman; }

    /**
     * Validates `tx` and, unless options.test_accept, adds it (replacing what it may replace,
     * trimming the pool to -maxmempool afterwards). First makes sure the pool has applied
     * every block the chain has (waits for the notification queue; not from a notification
     * callback). The result's state says why not; see the class comment for P2P.
     */
    AcceptResult AcceptTransaction(const CTransactionRef& tx, const AcceptOptions& options = {});

    /**
     * testmempoolaccept of several transactions: each is checked as if the ones before it in
     * `txs` were in the pool (children may follow their parents). Nothing changes. Results in
     * order; after the first failure the rest are not checked (std::nullopt).
     */
    std::vector<std::optional<AcceptResult>> TestAcceptPackage(const std::vector<CTransactionRef>& txs,
                                                               std::optional<FeeRate> max_fee_rate);

    // ---- For P2P ----
    CTransactionRef Get(const uint256& id, bool by_wtxid = false) const { return m_pool->Get(id, by_wtxid); }
    /** A transaction of the pool or kept aside, by txid: what a block may contain. */
    CTransactionRef GetForBlock(const uint256& txid) const;
    std::vector<RelayInfo> RelayInfos() const;
    /** max(-minrelaytxfee, the pool's rolling floor): what a peer's feefilter should get. */
    FeeRate GetMinRelayFeeRate() const;

    // ---- Persistence (mempool.dat) ----
    struct LoadStats {
        size_t accepted{0};
        size_t failed{0};
        size_t expired{0};
        size_t already_there{0};
    };
    /**
     * Loads `path` (entries keep their times and prioritisations) and marks the pool loaded,
     * also when the file is missing or damaged (the error says why). `interrupt` (polled per
     * transaction) stops early without marking it loaded, so a shutdown during the load does not
     * overwrite the file with part of it.
     */
    util::Result<LoadStats> Load(const std::filesystem::path& path, const std::function<bool()>& interrupt = {});
    /** Load's work on the file's payload (after magic and checksum; the fuzz target feeds it
     * directly). `name` names the source in messages. */
    util::Result<LoadStats> LoadPayload(std::span<const uint8_t> payload, const std::string& name,
                                        const std::function<bool()>& interrupt = {});
    /** Writes the pool and the prioritisations to `path` atomically. */
    util::Result<void> Dump(const std::filesystem::path& path) const;
    bool IsLoaded() const { return m_loaded.load(); }
    void SetLoaded() { m_loaded = true; }

    // ---- validation::ValidationInterface ----
    void BlockConnected(const std::shared_ptr<const CBlock>& block, const chainstate::BlockIndex& index,
                        const chainstate::RecordDiff& changes) override;
    void BlockDisconnected(const std::shared_ptr<const CBlock>& block, const chainstate::BlockIndex& index,
                           const chainstate::RecordDiff& changes) override;
    void UpdatedBlockTip(const chainstate::BlockIndex& new_tip, const chainstate::BlockIndex* fork,
                         bool initial_download) override;
    /** Wake WaitForUpdate (the pool's own changes, delivered in order after they happened). */
    void TransactionAddedToMempool(const CTransactionRef& tx, uint64_t mempool_sequence) override;
    void TransactionRemovedFromMempool(const CTransactionRef& tx, validation::MempoolRemovalReason reason,
                                       uint64_t mempool_sequence) override;

    /**
     * Blocks until `done()` holds or `until` passes; returns done()'s last value. `done` is
     * checked at once and again after each tip the pool applied (UpdatedBlockTip, after its
     * re-adds and sweeps) and each transaction it added or removed, not on a timer. `done` runs
     * without this class's locks (it may take the chain's and the pool's). For getblocktemplate's
     * long polling (Bitcoin Core's g_best_block_cv); callers bound `until` to notice a shutdown.
     */
    bool WaitForUpdate(const std::function<bool()>& done, SteadyClock::time_point until) LOCKS_EXCLUDED(m_update_mutex);

    /** How many registry statements the pool checked again because a connected block changed
     * a record their check read (tests: only those are checked again). */
    uint64_t RegistryRecheckCount() const;

    /** The tip whose blocks the pool has applied (tests). */
    uint256 SyncedTip() const;
    /**
     * Waits (bounded) until the pool applied every block the chain has, so a template or a
     * test sees the pool after the last block. Not from a notification callback, nor holding
     * the chain lock. Returns false if it still lags (a block arrived meanwhile).
     */
    bool SyncWithChain() { return WaitForChainSync(); }

    /** One validation in progress (accept.cpp). */
    struct Work;

private:
    /** Validation under both locks; accept.cpp. */
    AcceptResult AcceptLocked(const CTransactionRef& tx, const AcceptOptions& options,
                              chainstate::CoinsView* extra_coins = nullptr)
        EXCLUSIVE_LOCKS_REQUIRED(m_chainman.GetMutex(), m_pool->GetMutex());
    /** accept.cpp steps that need the members: registry rules and keys, then the addition. */
    bool CheckRegistryState(Work& w) EXCLUSIVE_LOCKS_REQUIRED(m_chainman.GetMutex(), m_pool->GetMutex());
    bool CheckRegistryKeys(Work& w) EXCLUSIVE_LOCKS_REQUIRED(m_pool->GetMutex());
    void Finalize(Work& w) EXCLUSIVE_LOCKS_REQUIRED(m_chainman.GetMutex(), m_pool->GetMutex());
    /** Waits until the pool applied the chain's tip (bounded); false if it still lags. */
    bool WaitForChainSync();
    /** After a reorg: drops entries whose inputs, maturity, finality or registry state no
     * longer hold (reason REORG). chain_sync.cpp */
    void RemoveForReorgLocked() EXCLUSIVE_LOCKS_REQUIRED(m_chainman.GetMutex(), m_pool->GetMutex());
    /**
     * After blocks connected on the tip the pool had: checks again the registry statements that
     * read a record the blocks changed (m_changed_records) or the next block's BeginBlock writes,
     * and removes those no longer valid with their descendants (reason CONFLICT). chain_sync.cpp
     */
    void RemoveForBlockRecordsLocked() EXCLUSIVE_LOCKS_REQUIRED(m_chainman.GetMutex(), m_pool->GetMutex());
    /** Runs the registry check of `entry` again at the tip; if it passes, refreshes its registry
     * reads and validity bound; otherwise `state` says why. chain_sync.cpp */
    bool RecheckRegistryLocked(const MempoolEntry& entry, consensus::TxValidationState& state)
        EXCLUSIVE_LOCKS_REQUIRED(m_chainman.GetMutex(), m_pool->GetMutex());
    /** Stale statements leave; kept-aside ones are retried or dropped. chain_sync.cpp */
    void SweepRegistryLocked() EXCLUSIVE_LOCKS_REQUIRED(m_chainman.GetMutex(), m_pool->GetMutex());
    /** UpdatedBlockTip's work: re-adds, reorg checks, sweeps, then m_synced_tip. chain_sync.cpp */
    void ApplyTip(const chainstate::BlockIndex& new_tip, const chainstate::BlockIndex* fork, bool initial_download);
    /** Counts an update and wakes WaitForUpdate. Holding no other lock. */
    void NotifyUpdate() LOCKS_EXCLUDED(m_update_mutex);
    /** Expiry and -maxmempool after changes; returns nothing. */
    void LimitSizeLocked() EXCLUSIVE_LOCKS_REQUIRED(m_chainman.GetMutex(), m_pool->GetMutex());

    validation::ChainstateManager& m_chainman;
    FeeEstimator m_estimator;
    std::unique_ptr<TxMempool> m_pool;
    AsideStore m_aside;
    NextBlockRegistry m_registry_check GUARDED_BY(m_pool->GetMutex());
    /** The tip of the last UpdatedBlockTip the pool applied (after its re-adds and sweeps). */
    uint256 m_synced_tip GUARDED_BY(m_pool->GetMutex());
    /** Transactions of disconnected blocks, waiting for the reorg to finish (UpdatedBlockTip). */
    std::vector<CTransactionRef> m_disconnected GUARDED_BY(m_pool->GetMutex());
    bool m_reorg_pending GUARDED_BY(m_pool->GetMutex()){false};
    /** Record keys connected blocks changed since the pool last applied a tip. */
    std::vector<std::string> m_changed_records GUARDED_BY(m_pool->GetMutex());
    uint64_t m_registry_rechecks GUARDED_BY(m_pool->GetMutex()){0};
    std::atomic<bool> m_loaded{false};
    /** Tips applied plus transactions added and removed so far: WaitForUpdate waits for a change. */
    Mutex m_update_mutex;
    std::condition_variable m_update_cv;
    uint64_t m_updates GUARDED_BY(m_update_mutex){0};
};

} // namespace mempool

#endif // DOTS_MEMPOOL_MEMPOOL_H
