// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_MEMPOOL_TXMEMPOOL_H
#define DOTS_MEMPOOL_TXMEMPOOL_H

/**
 * TxMempool: the transactions this node has validated and would mine or relay (Bitcoin Core's
 * CTxMemPool). It stores entries (mempool/entry.h) indexed by txid, wtxid, descendant score
 * (eviction: lowest first), entry time (expiry) and ancestor score (mining: highest first),
 * the parent/child links between them, which entry spends each outpoint, which entry
 * holds each registry conflict key, and which entries' registry checks read each chainstate
 * record (so a block's record changes find the statements to check again).
 *
 * The pool does not validate: mempool/accept.h decides what enters (under the chain lock and
 * then this pool's lock, always in that order), mempool/chain_sync.h applies blocks. Every
 * change is numbered (GetSequence, the ZMQ "sequence" topic) and, with a ValidationSignals,
 * notified as TransactionAddedToMempool / TransactionRemovedFromMempool (not for removals
 * because a block included the transaction: BlockConnected says that, as in Bitcoin Core).
 *
 * Thread-safety: one mutex (GetMutex()). Methods named *Locked and the accessors marked
 * EXCLUSIVE_LOCKS_REQUIRED need it held; the others take it. Entry pointers and references
 * stay valid while the lock is held and the entry is in the pool.
 */

#include <mempool/entry.h>
#include <mempool/feerate.h>
#include <mempool/policy.h>
#include <primitives/transaction.h>
#include <primitives/uint256.h>
#include <util/result.h>
#include <util/sync.h>
#include <validation/notifications.h>

#include <boost/multi_index/hashed_index.hpp>
#include <boost/multi_index/identity.hpp>
#include <boost/multi_index/ordered_index.hpp>
#include <boost/multi_index_container.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace mempool {

class FeeEstimator;

using RemovalReason = validation::MempoolRemovalReason;

/** Height of the coins mempool transactions create, in the mempool's coins view. */
inline constexpr uint32_t MEMPOOL_HEIGHT = 0x7FFFFFFF;

inline constexpr int64_t DEFAULT_MAX_MEMPOOL_SIZE_MB = 300;
inline constexpr int64_t DEFAULT_MEMPOOL_EXPIRY_HOURS = 336;
inline constexpr int64_t DEFAULT_ANCESTOR_LIMIT = 25;
inline constexpr int64_t DEFAULT_ANCESTOR_SIZE_LIMIT_KVB = 101;
inline constexpr int64_t DEFAULT_DESCENDANT_LIMIT = 25;
inline constexpr int64_t DEFAULT_DESCENDANT_SIZE_LIMIT_KVB = 101;
/** Half-life of the rolling minimum fee after an eviction (Bitcoin Core: 12 hours). */
inline constexpr int64_t ROLLING_FEE_HALFLIFE = 60 * 60 * 12;

/** Package limits (-limitancestorcount ... -limitdescendantsize), sizes in bytes. */
struct MempoolLimits {
    int64_t ancestor_count{DEFAULT_ANCESTOR_LIMIT};
    int64_t ancestor_size{DEFAULT_ANCESTOR_SIZE_LIMIT_KVB * 1000};
    int64_t descendant_count{DEFAULT_DESCENDANT_LIMIT};
    int64_t descendant_size{DEFAULT_DESCENDANT_SIZE_LIMIT_KVB * 1000};
};

struct MempoolOptions {
    int64_t max_size_bytes{DEFAULT_MAX_MEMPOOL_SIZE_MB * 1'000'000};
    int64_t expiry_seconds{DEFAULT_MEMPOOL_EXPIRY_HOURS * 60 * 60};
    MempoolLimits limits;
    FeeRate min_relay_fee{DEFAULT_MIN_RELAY_TX_FEE};
    FeeRate incremental_relay_fee{DEFAULT_INCREMENTAL_RELAY_FEE};
    FeeRate dust_relay_fee{DUST_RELAY_TX_FEE};
    /** -acceptnonstdtxn=0 (regtest may relax it). */
    bool require_standard{true};
    /** Replacement of ordinary spends without opt-in signalling (Bitcoin Core 28's default). */
    bool full_rbf{true};
    /** Kept-aside registry statements (first-seen losers): count and bytes. */
    size_t max_aside_count{1'000};
    size_t max_aside_bytes{5'000'000};
    /** Notifications (not owned; may be null). */
    validation::ValidationSignals* signals{nullptr};
    /** Told about entries and blocks (not owned; may be null). */
    FeeEstimator* estimator{nullptr};
    /** The node's clock, UNIX seconds (tests override it). Empty: GetTime(). */
    std::function<int64_t()> clock;
};

/** A copy of what RPCs show about an entry (getmempoolentry). */
struct EntryInfo {
    CTransactionRef tx;
    CAmount fee{0};
    CAmount modified_fee{0};
    int64_t size{0};        //!< policy size ("vsize")
    int64_t total_size{0};
    int64_t time{0};
    int32_t height{0};
    uint32_t sigchecks{0};
    uint64_t ancestor_count{0};
    int64_t ancestor_size{0};
    CAmount ancestor_fees{0};
    uint64_t descendant_count{0};
    int64_t descendant_size{0};
    CAmount descendant_fees{0};
    std::vector<uint256> depends;  //!< in-pool parents
    std::vector<uint256> spent_by; //!< in-pool children
    bool bip125_replaceable{false};
};

namespace detail {
struct ByTxid {};
struct ByWtxid {};
struct ByDescendantScore {};
struct ByEntryTime {};
struct ByAncestorScore {};

struct TxidOf {
    using result_type = uint256;
    const uint256& operator()(const MempoolEntry& e) const { return e.GetTxid(); }
};
struct WtxidOf {
    using result_type = uint256;
    const uint256& operator()(const MempoolEntry& e) const { return e.GetWtxid(); }
};
/** Lowest first: max(own fee rate, fee rate with descendants); ties: newer first. */
struct DescendantScoreLess {
    bool operator()(const MempoolEntry& a, const MempoolEntry& b) const;
};
struct EntryTimeLess {
    bool operator()(const MempoolEntry& a, const MempoolEntry& b) const;
};
/** Highest first: min(own fee rate, fee rate with ancestors); ties: by txid. */
struct AncestorScoreGreater {
    bool operator()(const MempoolEntry& a, const MempoolEntry& b) const;
};

using Container = boost::multi_index_container<
    MempoolEntry,
    boost::multi_index::indexed_by<
        boost::multi_index::hashed_unique<boost::multi_index::tag<ByTxid>, TxidOf, SaltedUint256Hasher>,
        boost::multi_index::hashed_unique<boost::multi_index::tag<ByWtxid>, WtxidOf, SaltedUint256Hasher>,
        boost::multi_index::ordered_non_unique<boost::multi_index::tag<ByDescendantScore>,
                                               boost::multi_index::identity<MempoolEntry>, DescendantScoreLess>,
        boost::multi_index::ordered_non_unique<boost::multi_index::tag<ByEntryTime>,
                                               boost::multi_index::identity<MempoolEntry>, EntryTimeLess>,
        boost::multi_index::ordered_non_unique<boost::multi_index::tag<ByAncestorScore>,
                                               boost::multi_index::identity<MempoolEntry>, AncestorScoreGreater>>>;
} // namespace detail

/** Compares fee a / size a with fee b / size b exactly. */
int CompareFeeRates(CAmount fee_a, int64_t size_a, CAmount fee_b, int64_t size_b);

class TxMempool
{
public:
    explicit TxMempool(MempoolOptions options);
    TxMempool(const TxMempool&) = delete;
    TxMempool& operator=(const TxMempool&) = delete;

    Mutex& GetMutex() const LOCK_RETURNED(m_cs) { return m_cs; }
    const MempoolOptions& Options() const { return m_options; }
    int64_t Now() const;

    // ---- Queries; each takes the lock. ----
    size_t Size() const LOCKS_EXCLUDED(m_cs);
    /** Sum of the entries' policy sizes ("bytes" of getmempoolinfo). */
    int64_t TotalTxSize() const LOCKS_EXCLUDED(m_cs);
    CAmount TotalFee() const LOCKS_EXCLUDED(m_cs);
    /** Memory the pool accounts for; -maxmempool bounds it. */
    size_t DynamicMemoryUsage() const LOCKS_EXCLUDED(m_cs);
    /** The number of the last change (add or remove). */
    uint64_t GetSequence() const LOCKS_EXCLUDED(m_cs);
    bool Exists(const uint256& txid) const LOCKS_EXCLUDED(m_cs);
    bool ExistsWtxid(const uint256& wtxid) const LOCKS_EXCLUDED(m_cs);
    /** The transaction with `txid` (or, with by_wtxid, that wtxid), or nullptr. */
    CTransactionRef Get(const uint256& id, bool by_wtxid = false) const LOCKS_EXCLUDED(m_cs);
    std::optional<EntryInfo> Info(const uint256& txid) const LOCKS_EXCLUDED(m_cs);
    /** Every entry, in ancestor-score order (the order a miner would take them). */
    std::vector<EntryInfo> InfoAll() const LOCKS_EXCLUDED(m_cs);
    /** txids of the in-pool ancestors / descendants of `txid` (itself excluded); std::nullopt
     * if it is not in the pool. */
    std::optional<std::vector<uint256>> AncestorTxids(const uint256& txid) const LOCKS_EXCLUDED(m_cs);
    std::optional<std::vector<uint256>> DescendantTxids(const uint256& txid) const LOCKS_EXCLUDED(m_cs);
    /**
     * The fee rate a new transaction must pay: the minimum relay fee, or higher after the pool
     * evicted by fee rate (the rolling floor, decaying with ROLLING_FEE_HALFLIFE, faster when
     * the pool is well below its limit).
     */
    FeeRate GetMinFee() const LOCKS_EXCLUDED(m_cs);

    /** prioritisetransaction: adds `delta` to the modified fee of `txid` (now or when it enters). */
    void PrioritiseTransaction(const uint256& txid, CAmount delta) LOCKS_EXCLUDED(m_cs);
    /** The deltas set by PrioritiseTransaction, including for transactions not in the pool. */
    std::map<uint256, CAmount> GetDeltas() const LOCKS_EXCLUDED(m_cs);

    // ---- Under the lock: what acceptance, chain sync and block assembly use. ----
    const MempoolEntry* FindLocked(const uint256& txid) const EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    const MempoolEntry* FindWtxidLocked(const uint256& wtxid) const EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    /** The entry spending `outpoint`, or nullptr. */
    const MempoolEntry* GetSpenderLocked(const COutPoint& outpoint) const EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    /** The entry holding registry conflict key `key`, or nullptr. */
    const MempoolEntry* GetKeyHolderLocked(const std::string& key) const EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    /** The entries whose registry reads (MempoolEntry::GetRegistryReads) include one of `keys`. */
    EntrySet GetRegistryReadersLocked(const std::vector<std::string>& keys) const EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    /** Replaces the registry reads of `entry` (in the pool), after its registry check ran again. */
    void SetRegistryReadsLocked(const MempoolEntry& entry, std::vector<std::string> reads) EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    CAmount GetDeltaLocked(const uint256& txid) const EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    FeeRate GetMinFeeLocked() const EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    size_t DynamicMemoryUsageLocked() const EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    size_t SizeLocked() const EXCLUSIVE_LOCKS_REQUIRED(m_cs) { return m_map.size(); }
    uint64_t GetSequenceLocked() const EXCLUSIVE_LOCKS_REQUIRED(m_cs) { return m_sequence; }

    /**
     * The in-pool ancestors of a transaction spending `tx`'s inputs, if adding it (with
     * `size` policy bytes) keeps every package within `limits`. Error: the limit that would be
     * exceeded (reject reason "too-long-mempool-chain").
     */
    util::Result<EntrySet> CalculateAncestorsLocked(const CTransaction& tx, int64_t size, const MempoolLimits& limits) const
        EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    /** `entry` and all its in-pool descendants. */
    EntrySet CalculateDescendantsLocked(const MempoolEntry& entry) const EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    /** All ancestors of `entry` in the pool (itself excluded), from the links. */
    EntrySet GetAncestorsLocked(const MempoolEntry& entry) const EXCLUSIVE_LOCKS_REQUIRED(m_cs);

    /**
     * Adds `entry` whose in-pool ancestors are `ancestors` (CalculateAncestorsLocked): links
     * it to its parents, adds it to its ancestors' descendant totals, indexes its spends and
     * registry keys, applies a pending prioritisation, and notifies. Any in-pool transaction
     * that already spends one of its outputs (a transaction re-added after its block was
     * disconnected) becomes its child. The caller checked everything (conflicts removed).
     * With `track_fee` the fee estimator follows it (not for reorg re-adds and loads).
     */
    void AddUncheckedLocked(MempoolEntry entry, const EntrySet& ancestors, bool track_fee = false)
        EXCLUSIVE_LOCKS_REQUIRED(m_cs);

    /** Removes `entries` (which must include all their descendants) for `reason`. */
    void RemoveStagedLocked(const EntrySet& entries, RemovalReason reason) EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    /** Removes `entry` and its descendants. */
    void RemoveRecursiveLocked(const MempoolEntry& entry, RemovalReason reason) EXCLUSIVE_LOCKS_REQUIRED(m_cs);

    /**
     * A block at `height` was connected: removes the transactions it includes (reason BLOCK;
     * their in-pool children stay, now spending confirmed coins) and then everything that
     * conflicts with it: spends of the same coins or registry statements with a conflict key
     * of the block's (reason CONFLICT), except those the rules let follow the block's statement
     * of that key (MayFollowConfirmed), which the caller checks again against the new tip.
     * Returns the removed conflicting transactions.
     */
    std::vector<CTransactionRef> RemoveForBlockLocked(const std::vector<CTransactionRef>& vtx, int32_t height)
        EXCLUSIVE_LOCKS_REQUIRED(m_cs);

    /** Removes entries that entered before `cutoff` (UNIX seconds) with their descendants
     * (reason EXPIRY). Returns how many were removed. */
    size_t ExpireLocked(int64_t cutoff) EXCLUSIVE_LOCKS_REQUIRED(m_cs);

    /**
     * Evicts the packages with the lowest descendant score until the pool's memory is at most
     * `limit` bytes (reason SIZELIMIT) and raises the rolling minimum fee above what was evicted.
     * Returns the outpoints the evicted transactions spent that no pool transaction creates (so
     * the caller can uncache them from the coins cache).
     */
    std::vector<COutPoint> TrimToSizeLocked(size_t limit) EXCLUSIVE_LOCKS_REQUIRED(m_cs);

    /** Calls `fn` for every entry in ancestor-score order (best first) until it returns false. */
    void ForEachByAncestorScoreLocked(const std::function<bool(const MempoolEntry&)>& fn) const
        EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    /** Calls `fn` for every entry in no particular order. */
    void ForEachLocked(const std::function<void(const MempoolEntry&)>& fn) const EXCLUSIVE_LOCKS_REQUIRED(m_cs);

    /** Tells the rolling minimum fee that a block arrived (it decays only after one). */
    void NoteBlockLocked() EXCLUSIVE_LOCKS_REQUIRED(m_cs) { m_block_since_bump = true; }

    /** Removes everything, prioritisations included (tests). Not notified. */
    void Clear() LOCKS_EXCLUDED(m_cs);

    /** Checks the internal consistency of links, totals and indexes (tests; O(n * depth)).
     * Returns "" or what is wrong. */
    std::string CheckConsistency() const LOCKS_EXCLUDED(m_cs);

private:
    using txiter = detail::Container::index<detail::ByTxid>::type::const_iterator;

    txiter IterOf(const MempoolEntry& entry) const EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    /** Removes one entry (its links to parents/children must be cleared by the caller). */
    void RemoveUncheckedLocked(txiter it, RemovalReason reason) EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    /** Recomputes the ancestor totals of `entry` from the links. */
    void RecomputeAncestorStateLocked(const MempoolEntry& entry) EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    /** Recomputes the descendant totals of `entry` from the links. */
    void RecomputeDescendantStateLocked(const MempoolEntry& entry) EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    /** Links `entry` under in-pool spenders of its outputs and fixes the totals around it. */
    void AdoptChildrenLocked(const MempoolEntry& entry) EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    void TrackPackageRemovedLocked(const FeeRate& rate) EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    /** Adds `entry` to / removes it from m_registry_reads under each of its registry reads. */
    void IndexRegistryReadsLocked(const MempoolEntry& entry) EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    void UnindexRegistryReadsLocked(const MempoolEntry& entry) EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    EntryInfo MakeInfo(const MempoolEntry& entry) const EXCLUSIVE_LOCKS_REQUIRED(m_cs);

    const MempoolOptions m_options;
    mutable Mutex m_cs;
    detail::Container m_map GUARDED_BY(m_cs);
    std::unordered_map<COutPoint, const MempoolEntry*, SaltedOutpointHasher> m_next_tx GUARDED_BY(m_cs);
    std::unordered_map<std::string, const MempoolEntry*> m_registry_keys GUARDED_BY(m_cs);
    /** Record key -> the entries whose registry check read it. */
    std::unordered_map<std::string, EntrySet> m_registry_reads GUARDED_BY(m_cs);
    /** Memory m_registry_reads accounts for. */
    size_t m_registry_reads_usage GUARDED_BY(m_cs){0};
    std::map<uint256, CAmount> m_deltas GUARDED_BY(m_cs);
    int64_t m_total_tx_size GUARDED_BY(m_cs){0};
    CAmount m_total_fee GUARDED_BY(m_cs){0};
    size_t m_cached_usage GUARDED_BY(m_cs){0};
    uint64_t m_sequence GUARDED_BY(m_cs){0};
    /** Rolling minimum fee (units per kvB, fractional while it decays). */
    mutable double m_rolling_min_fee GUARDED_BY(m_cs){0};
    mutable int64_t m_last_rolling_update GUARDED_BY(m_cs){0};
    /** Set after an eviction; the floor only starts to decay once a block arrived. */
    mutable bool m_block_since_bump GUARDED_BY(m_cs){false};
};

} // namespace mempool

#endif // DOTS_MEMPOOL_TXMEMPOOL_H
