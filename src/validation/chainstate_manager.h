// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_VALIDATION_CHAINSTATE_MANAGER_H
#define DOTS_VALIDATION_CHAINSTATE_MANAGER_H

/**
 * ChainstateManager: the node's view of the block chain. It owns the block index database, the
 * block/undo files (BlockManager), the chainstate database with its coins cache, and the optional
 * transaction index, and it is the only writer of all of them.
 *
 *   ProcessNewBlock  header checks against the parent (PoW, ASERT bits, MTP, future time) and
 *                    context-free block checks; stores the block; then ActivateBestChain.
 *   ActivateBestChain  moves the active chain to the valid tip with the most cumulative work:
 *                    disconnects to the fork point (exactly, with undo data) and connects the new
 *                    branch; a block that fails is marked FAILED_VALID, its descendants
 *                    FAILED_CHILD, and the best remaining valid chain is activated instead.
 *   Flush            crash-safe order: blk+rev files fsynced, block index batch (synced), then the
 *                    coins batch carrying the best block (chainstate/coinsdb.h head-blocks
 *                    protocol when it does not fit one batch).
 *   Open             loads everything, writes genesis on first start, repairs an interrupted
 *                    multi-batch flush (replays the blocks between the two head blocks) and
 *                    reconnects blocks the index knows beyond the chainstate tip, so that a
 *                    kill -9 at any moment restarts to a consistent tip with no manual step.
 *
 * Reject reasons of the spending rules (ConnectBlock), on top of consensus/block_check.h:
 *   bad-txns-inputs-missingorspent      an input is not in the UTXO set
 *   bad-txns-premature-spend-of-coinbase  a coinbase output younger than coinbase_maturity
 *   bad-txns-inputvalues-outofrange     input values outside MoneyRange
 *   bad-txns-in-belowout                outputs worth more than the inputs
 *   bad-txns-fee-outofrange             the fees of the block leave MoneyRange
 *   bad-txns-BIP30                      a node withdrawal without inputs repeats one whose outputs
 *                                       are unspent
 *   bad-txns-witness                    witness stack of the wrong shape for the lock type
 *   bad-txns-keyhash                    revealed key does not hash to the KEY_HASH program
 *   bad-txns-sig                        BIP340 signature does not verify over the sighash
 *   bad-txns-registry-underpaid         inputs (+ a node withdrawal's amount) do not cover outputs +
 *                                       burned fee / node bond / deposit
 *   bad-handle-*, bad-node-*, bad-binding-*, bad-deposit-*, bad-settle-*, bad-release-*,
 *   bad-withdraw-*, bad-probe-*, bad-registry-*
 *                                       registry rules (doc/registry.md, consensus/registry_rules.h)
 *   bad-cb-amount                       coinbase pays more than subsidy - availability pool + fees
 *   bad-prevblk / prev-blk-not-found    parent invalid / unknown
 *   duplicate-invalid                   the block is already known to be invalid
 *
 * Notifications: ConnectTip and DisconnectTip queue BlockConnected / BlockDisconnected (with the
 * block and its registry record diff), and each activation that moved the tip queues one
 * UpdatedBlockTip, on ChainstateOptions::signals, under the chain lock so that their order is
 * the chain's; they are delivered outside it (validation/notifications.h).
 *
 * Thread-safety: one mutex (GetMutex(), Bitcoin Core's cs_main) guards the block index, the
 * active chain, the coins cache and the files. Public mutating methods take it themselves
 * (LOCKS_EXCLUDED); accessors that return references into guarded state require the caller to
 * hold it.
 */

#include <chainstate/blockindex.h>
#include <chainstate/blockstorage.h>
#include <chainstate/blocktreedb.h>
#include <chainstate/coins.h>
#include <chainstate/coinsdb.h>
#include <chainstate/txindex.h>
#include <chainstate/undo.h>
#include <consensus/params.h>
#include <consensus/pow.h>
#include <consensus/registry_state.h>
#include <consensus/validation_state.h>
#include <primitives/block.h>
#include <storage/dbwrapper.h>
#include <storage/env.h>
#include <util/result.h>
#include <util/sync.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

namespace chainstate {
struct RecordDiff;
} // namespace chainstate

namespace validation {

class CheckQueue;
class ValidationSignals;

/** Default -dbcache in MiB, and its bounds (as Bitcoin Core). */
constexpr int64_t DEFAULT_DB_CACHE_MB = 450;
constexpr int64_t MIN_DB_CACHE_MB = 4;
/** Default -checklevel / -checkblocks for the start-up VerifyDB. */
constexpr int DEFAULT_CHECKLEVEL = 3;
constexpr int DEFAULT_CHECKBLOCKS = 6;
/** Seconds between periodic flushes of the coins cache (Bitcoin Core: about an hour). */
constexpr int64_t DEFAULT_FLUSH_INTERVAL = 60 * 60;
/** During initial block download, new blocks are made durable at most this often (seconds). */
constexpr int64_t IBD_INDEX_FLUSH_INTERVAL = 1;

struct ChainstateOptions {
    const consensus::ConsensusParams* params{nullptr};
    /** <datadir>/<net>: holds blocks/, blocks/index, chainstate, indexes/txindex. */
    std::filesystem::path datadir;
    /** Total -dbcache bytes; split between the block index, chainstate DB, txindex and coins. */
    size_t cache_bytes{static_cast<size_t>(DEFAULT_DB_CACHE_MB) << 20};
    bool reindex{false};             //!< wipe index + chainstate, rebuild from blk files
    bool reindex_chainstate{false};  //!< wipe the chainstate, reconnect the indexed blocks
    bool txindex{false};
    bool memory_only{false};         //!< databases in memory (tests, benchmarks)
    /** Signature-check threads besides the validating one (-par - 1); 0 checks inline. */
    int script_threads{0};
    /** Bytes per chainstate write batch (-dbbatchsize); bounds memory of a flush. */
    size_t db_batch_size{16 << 20};
    int64_t flush_interval{DEFAULT_FLUSH_INTERVAL};
    /** Tests only (-testkillregistryflush): SIGKILL after this partial batch of registry records
     * of a flush (CoinsViewDB::SetKillAtRegistryBatchForTesting). */
    std::optional<size_t> kill_at_registry_batch;
    /** The node's clock in UNIX seconds (tests override it). Empty: util/time GetTime(). */
    std::function<int64_t()> clock;
    /** Polled during long loops (reindex, verifydb, replay); true = stop. */
    std::function<bool()> interrupt;
    /** Progress for RPC warmup ("Loading block index…"). May be empty. */
    std::function<void(const std::string&)> on_progress;
    /** File access for the flat files (nullptr: storage::DefaultEnv()). */
    storage::Env* env{nullptr};
    /** Where block and tip notifications go (validation/notifications.h); not owned, must
     * outlive the manager. nullptr: nobody listens. */
    ValidationSignals* signals{nullptr};
};

/** What the coinbase of a block may pay (see ConnectBlock): subsidy - pool + fees, whatever
 * registry transactions the block holds (doc/registry.md). */
struct CoinbaseRequirements {
    CAmount fees{0};  //!< of the block's transactions, burned fees, bonds and deposits excluded
    CAmount pool{0};  //!< the availability pool of the height (GetAvailabilityPool), never the miner's
};

/** One entry of getchaintips. */
struct ChainTip {
    const chainstate::BlockIndex* index;
    int branchlen;
    std::string status; //!< active, valid-fork, valid-headers, headers-only, invalid
};

/** What a flush should do. */
enum class FlushMode {
    IF_NEEDED, //!< only if the coins cache exceeds its budget
    PERIODIC,  //!< also if flush_interval passed since the last flush
    ALWAYS,    //!< now (shutdown, RPC, tests)
};

class ChainstateManager
{
public:
    /**
     * Opens (or creates) the databases and files under options.datadir and brings the chain to a
     * consistent tip (see file comment). Errors are messages for the user: a corrupted or
     * truncated block file names the file and suggests -reindex.
     */
    static util::Result<std::unique_ptr<ChainstateManager>> Open(ChainstateOptions options);
    /** Flushes (FlushMode::ALWAYS) and closes. */
    ~ChainstateManager();
    ChainstateManager(const ChainstateManager&) = delete;
    ChainstateManager& operator=(const ChainstateManager&) = delete;

    Mutex& GetMutex() const LOCK_RETURNED(m_cs) { return m_cs; }
    const consensus::ConsensusParams& Params() const { return *m_options.params; }
    int64_t Now() const;

    /**
     * Accepts a block from a miner, RPC or (later) a peer: checks it, stores it and activates the
     * best chain. Returns false with `state` INVALID if the block itself was rejected before it
     * was stored (its reject reason), or ERROR on a disk failure. `new_block` is set to whether
     * the block was new (false for a duplicate). If the block was stored but failed while being
     * connected, returns true and fills `connect_state` (if given) with that failure.
     * The block travels on to ConnectTip (and to the BlockConnected notification) as this
     * shared pointer: it is not read back from disk.
     */
    bool ProcessNewBlock(const std::shared_ptr<const CBlock>& block, consensus::BlockValidationState& state,
                         bool* new_block = nullptr, consensus::BlockValidationState* connect_state = nullptr) LOCKS_EXCLUDED(m_cs);
    /** The same for a block the caller keeps; its transactions are shared, not copied. */
    bool ProcessNewBlock(const CBlock& block, consensus::BlockValidationState& state, bool* new_block = nullptr,
                         consensus::BlockValidationState* connect_state = nullptr) LOCKS_EXCLUDED(m_cs);

    /**
     * Accepts block headers from a peer into the block index (Bitcoin Core's
     * ProcessNewBlockHeaders): each must connect to a known, valid header and pass the header
     * checks (proof of work, ASERT bits, median time past, future limit). Stops at the first
     * failure (state INVALID with its reject reason). `last` (may be null) receives the index
     * of the last header accepted, or of an already known one. The caller (the P2P layer) is
     * responsible for not feeding low-work header chains (headers presync).
     */
    bool ProcessNewBlockHeaders(std::span<const CBlockHeader> headers, consensus::BlockValidationState& state,
                                const chainstate::BlockIndex** last = nullptr) LOCKS_EXCLUDED(m_cs);

    /** Moves the active chain to the best valid tip. False on a disk error (state ERROR). */
    bool ActivateBestChain(consensus::BlockValidationState& state) LOCKS_EXCLUDED(m_cs);

    /** Marks `hash` and its descendants invalid and activates the best remaining chain. */
    bool InvalidateBlock(const uint256& hash, consensus::BlockValidationState& state) LOCKS_EXCLUDED(m_cs);
    /** Clears the failure flags of `hash`, its ancestors and descendants; re-activates. */
    bool ReconsiderBlock(const uint256& hash, consensus::BlockValidationState& state) LOCKS_EXCLUDED(m_cs);

    /**
     * Checks that `block` would connect on top of the current tip (header rules, context-free and
     * contextual block rules, spending and registry rules) without storing anything.
     * check_pow=false for templates. Fills `coinbase` with the block's fees and availability
     * pool if given; check_coinbase=false skips the coinbase amount check (the miner's first
     * pass, before it knows the fees).
     */
    bool TestBlockValidity(const CBlock& block, consensus::BlockValidationState& state, bool check_pow, bool check_merkle,
                           CoinbaseRequirements* coinbase = nullptr, bool check_coinbase = true) LOCKS_EXCLUDED(m_cs);

    /** Flushes per `mode`. A failure means the node must shut down. */
    storage::Status Flush(FlushMode mode) LOCKS_EXCLUDED(m_cs);

    /**
     * Bitcoin Core's VerifyDB over the last `nblocks` blocks (0 = all): level 0 reads the blocks,
     * 1 runs CheckBlock, 2 reads and checks their undo data, 3 disconnects them in memory and
     * checks the result is consistent, 4 reconnects them. Returns an error message on failure.
     */
    util::Result<void> VerifyDB(int level, int nblocks) LOCKS_EXCLUDED(m_cs);

    /** The PrevBlockInfo for a block on top of `prev` (its height, time, bits and MTP). */
    static consensus::PrevBlockInfo GetPrevInfo(const chainstate::BlockIndex& prev);

    // ---- Read access; the caller holds GetMutex(). ----
    const chainstate::Chain& ActiveChain() const EXCLUSIVE_LOCKS_REQUIRED(m_cs) { return m_chain; }
    chainstate::BlockIndex* ActiveTip() const EXCLUSIVE_LOCKS_REQUIRED(m_cs) { return m_chain.Tip(); }
    chainstate::BlockIndex* LookupBlockIndex(const uint256& hash) const EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    /** The header with the most work we know (getblockchaininfo "headers"). */
    const chainstate::BlockIndex* BestHeader() const EXCLUSIVE_LOCKS_REQUIRED(m_cs) { return m_best_header; }
    chainstate::BlockManager& BlockMan() const EXCLUSIVE_LOCKS_REQUIRED(m_cs) { return *m_blockman; }
    chainstate::CoinsViewCache& CoinsTip() EXCLUSIVE_LOCKS_REQUIRED(m_cs) { return *m_coins_tip; }
    chainstate::CoinsViewDB& CoinsDB() EXCLUSIVE_LOCKS_REQUIRED(m_cs) { return *m_coins_db; }
    /** The transaction index, or nullptr without -txindex. */
    const chainstate::TxIndex* TxIndex() const { return m_txindex.get(); }
    std::vector<ChainTip> GetChainTips() const EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    /** Whether the node is still catching up (tip older than a day, as Bitcoin Core). */
    bool IsInitialBlockDownload() const EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    /** Reads a block of the index (requires HAVE_DATA). */
    storage::StatusOr<CBlock> ReadBlock(const chainstate::BlockIndex& index) const EXCLUSIVE_LOCKS_REQUIRED(m_cs);

    /**
     * Runs `fn` under the chain lock with a read-only view of the registry records at the
     * active tip and the tip's height (-1 without a tip). `fn` must not call back into the
     * ChainstateManager. The read RPCs use this for point lookups, which the coins cache keeps
     * warm. It takes the chain lock, which a block connection holds for up to a few hundred
     * milliseconds: the SIP router must read a snapshot of its own instead (routing issue).
     */
    void ReadRegistry(const std::function<void(const consensus::RecordStore& store, int32_t tip_height)>& fn)
        LOCKS_EXCLUDED(m_cs);

    /**
     * Calls `fn(key, value)` for the registry records whose key starts with `prefix`, in key
     * order, from `start` (empty: the first), until `fn` returns false, as of the active tip
     * when called: the cache's unflushed records merged over a database snapshot
     * (chainstate/merged_cursor.h), taken under the chain lock. Nothing is flushed, and `fn`
     * runs after the lock is released (it may call ReadRegistry). For the list RPCs.
     * Errors: the database iteration's.
     */
    storage::Status ListRegistryRecords(const std::string& prefix, const std::string& start,
                                        const std::function<bool(const std::string& key, const std::string& value)>& fn)
        LOCKS_EXCLUDED(m_cs);

    /**
     * UTXO set statistics at the active tip (gettxoutsetinfo). Like ListRegistryRecords it walks
     * the coins cache merged over a database snapshot: the chain lock is held only to take
     * that snapshot (a copy of the coins changed since the last flush), not for the walk, and
     * nothing is flushed. Errors: the database, or an interrupt (shutdown) during the walk.
     */
    storage::StatusOr<chainstate::CoinsStats> GetCoinsStats() LOCKS_EXCLUDED(m_cs);

    /** For tests: state after Open. */
    size_t CandidateCount() const EXCLUSIVE_LOCKS_REQUIRED(m_cs) { return m_candidates.size(); }

private:
    explicit ChainstateManager(ChainstateOptions options);

    struct CandidateOrder {
        bool operator()(const chainstate::BlockIndex* a, const chainstate::BlockIndex* b) const;
    };
    enum class DisconnectResult { OK, UNCLEAN, FAILED };

    // load.cpp
    util::Result<void> Load() LOCKS_EXCLUDED(m_cs);
    util::Result<void> OpenDatabases();
    util::Result<void> LoadBlockIndexLocked() EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    util::Result<void> LoadGenesis() EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    util::Result<void> Reindex() LOCKS_EXCLUDED(m_cs);
    util::Result<void> ReplayBlocks() EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    util::Result<void> LoadChainTip() EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    util::Result<void> SyncTxIndex() EXCLUSIVE_LOCKS_REQUIRED(m_cs);

    // flush.cpp
    storage::Status FlushLocked(FlushMode mode) EXCLUSIVE_LOCKS_REQUIRED(m_cs);

    // accept.cpp
    bool AcceptBlockHeader(const CBlockHeader& header, consensus::BlockValidationState& state, chainstate::BlockIndex** out)
        EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    bool AcceptBlock(const CBlock& block, consensus::BlockValidationState& state, bool* new_block,
                     std::optional<storage::FlatFilePos> known_pos) EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    void ReceivedBlockTransactions(const CBlock& block, chainstate::BlockIndex& index) EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    void TryAddCandidate(chainstate::BlockIndex* index) EXCLUSIVE_LOCKS_REQUIRED(m_cs);

    // connect.cpp
    /**
     * Applies `block` (whose index is `index`) to `view`, which must be at its parent: the steps
     * spends, registry, coinbase and signatures (connect.cpp). False with `state` INVALID (a
     * reject reason above) or ERROR (disk). `coinbase` receives the fees and the availability
     * pool; check_coinbase=false skips the coinbase step. With just_check the block's undo
     * data is not written and `view` is left for the caller to discard. `changes` receives the
     * block's registry record diff (what its undo data holds).
     */
    bool ConnectBlock(const CBlock& block, consensus::BlockValidationState& state, chainstate::BlockIndex* index,
                      chainstate::CoinsViewCache& view, bool just_check, CoinbaseRequirements* coinbase = nullptr,
                      bool check_coinbase = true, chainstate::RecordDiff* changes = nullptr) EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    /** Adds the registry's record `diff` to `undo` as its REGISTRY section and appends it to a rev
     * file, unless the block has undo data already (reconnected after a reorg). */
    bool WriteBlockUndo(chainstate::BlockUndo& undo, const chainstate::RecordDiff& diff, chainstate::BlockIndex& index,
                        consensus::BlockValidationState& state) EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    /** Undoes `block` (at `index`, the tip of `view`) with its undo data; `changes` receives the
     * registry record diff it undid. */
    DisconnectResult DisconnectBlock(const CBlock& block, const chainstate::BlockIndex& index,
                                     chainstate::CoinsViewCache& view, chainstate::RecordDiff* changes = nullptr)
        EXCLUSIVE_LOCKS_REQUIRED(m_cs);

    // chain.cpp
    /**
     * Connects and disconnects blocks until the best valid chain is active. `new_block` (may be
     * null) is a block just accepted: ConnectTip uses it instead of reading it back, and its
     * connection result goes to `new_block_state` (if given).
     */
    bool ActivateBestChainLocked(consensus::BlockValidationState& state, const std::shared_ptr<const CBlock>& new_block,
                                 consensus::BlockValidationState* new_block_state) EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    chainstate::BlockIndex* FindMostWorkChain() EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    /** Connects `index` on top of the tip; `block` is its block if the caller has it (else it is
     * read from disk). */
    bool ConnectTip(chainstate::BlockIndex* index, std::shared_ptr<const CBlock> block, consensus::BlockValidationState& state)
        EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    bool DisconnectTip(consensus::BlockValidationState& state) EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    void InvalidBlockFound(chainstate::BlockIndex* index, const consensus::BlockValidationState& state)
        EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    void InvalidChainFound(chainstate::BlockIndex* index) EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    void RebuildCandidates() EXCLUSIVE_LOCKS_REQUIRED(m_cs);
    /** Queues UpdatedBlockTip if the tip differs from the last one notified. */
    void NotifyTipChanged() EXCLUSIVE_LOCKS_REQUIRED(m_cs);

    ChainstateOptions m_options;
    mutable Mutex m_cs;

    std::unique_ptr<storage::DbWrapper> m_block_tree_dbw;
    std::unique_ptr<chainstate::BlockTreeDB> m_block_tree;
    std::unique_ptr<chainstate::BlockManager> m_blockman;
    std::unique_ptr<storage::DbWrapper> m_coins_dbw;
    std::unique_ptr<chainstate::CoinsViewDB> m_coins_db;
    std::unique_ptr<chainstate::CoinsViewCache> m_coins_tip;
    std::unique_ptr<storage::DbWrapper> m_txindex_dbw;
    std::unique_ptr<chainstate::TxIndex> m_txindex;
    std::unique_ptr<CheckQueue> m_check_queue;

    chainstate::Chain m_chain GUARDED_BY(m_cs);
    std::set<chainstate::BlockIndex*, CandidateOrder> m_candidates GUARDED_BY(m_cs);
    /** Blocks with data whose parent has no data yet: parent -> children. */
    std::multimap<chainstate::BlockIndex*, chainstate::BlockIndex*> m_blocks_unlinked GUARDED_BY(m_cs);
    chainstate::BlockIndex* m_best_header GUARDED_BY(m_cs){nullptr};
    chainstate::BlockIndex* m_best_invalid GUARDED_BY(m_cs){nullptr};
    /** The tip of the last UpdatedBlockTip notification (nullptr before the first). */
    const chainstate::BlockIndex* m_notified_tip GUARDED_BY(m_cs){nullptr};
    int32_t m_sequence_id GUARDED_BY(m_cs){1};
    size_t m_coins_cache_limit{0};
    int64_t m_last_flush GUARDED_BY(m_cs){0};
    //! Monotonic seconds of the last block-index flush when the tip moved (ActivateBestChain).
    int64_t m_last_index_flush GUARDED_BY(m_cs){0};
    /** Set when a flush failed: nothing more may be written (the node shuts down). */
    bool m_fatal GUARDED_BY(m_cs){false};
};

/** Number of bytes each part of -dbcache gets. */
struct CacheSizes {
    size_t block_tree;
    size_t coins_db;
    size_t txindex;
    size_t coins;
};
CacheSizes CalculateCacheSizes(size_t total, bool txindex);

} // namespace validation

#endif // DOTS_VALIDATION_CHAINSTATE_MANAGER_H
