// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CHAINSTATE_COINSDB_H
#define DOTS_CHAINSTATE_COINSDB_H

/**
 * CoinsViewDB: the UTXO set in the chainstate LevelDB (storage::DbWrapper), and UTXO set
 * statistics for gettxoutsetinfo.
 *
 * Records (prefix byte, key -> value):
 *   'C' txid:32 varint(n)         -> Coin (compact, see coins.h)
 *   'B' (empty)                   -> best block hash: the chainstate is the state after it
 *   'H' (empty)                   -> head blocks marker: new_tip:32 old_tip:32, present only
 *                                    while a flush that spans several batches is in progress
 *   'R' registry key              -> registry record (consensus/registry_state.h)
 *
 * Crash safety (see chainstate/README.md): a flush is one atomic LevelDB batch holding the coin
 * changes AND the new best block whenever it fits in `batch_size` bytes. A larger flush writes,
 * in order: (1) a batch that erases 'B' and writes 'H' = (new, old) together with the first
 * coins, (2) bounded coin batches, (3) a last synced batch that erases 'H' and writes 'B' = new.
 * The LevelDB log is ordered, so after a crash the database holds a prefix of these batches:
 * either the old state with 'B' = old, or 'H' present and no 'B', meaning "somewhere between old
 * and new": GetHeadBlocks() returns {new, old} and validation replays the blocks from the fork
 * point (coin writes are idempotent: adding a block's outputs or erasing its inputs twice is
 * harmless; registry records are restored from the before/after values in the undo data, which
 * is idempotent too, see chainstate/registry_store.h). Until repaired, GetBestBlock() returns zero, so nothing trusts a half-flushed view.
 */

#include <chainstate/coins.h>
#include <chainstate/merged_cursor.h>
#include <storage/dbwrapper.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace chainstate {

/** Prefix bytes of the chainstate database (registry records will use others). */
constexpr uint8_t DB_COIN = 'C';
constexpr uint8_t DB_BEST_BLOCK = 'B';
constexpr uint8_t DB_HEAD_BLOCKS = 'H';
constexpr uint8_t DB_RECORD = 'R';

/** Chainstate schema version for DbOptions::schema_version. */
constexpr uint32_t CHAINSTATE_SCHEMA_VERSION = 1;

/** The database key of a coin: txid then varint(n). */
std::vector<uint8_t> CoinKey(const COutPoint& outpoint);

/**
 * Called when a read fails (I/O error, corruption, undecodable record). It must not return
 * normally: the default logs the error and aborts the process. A node installs one that logs,
 * tells the user ("Error reading from database, shutting down") and aborts; tests install one
 * that throws. If a handler returns, the process aborts anyway: a view that could not read a
 * coin must never answer "no such coin".
 */
using ReadErrorHandler = std::function<void(const storage::Status&)>;

class CoinsViewDB final : public CoinsView
{
public:
    /**
     * `db` is not owned and must outlive the view. `batch_size` bounds the bytes of one write
     * batch during a flush (Bitcoin Core's -dbbatchsize, 16 MiB by default).
     */
    explicit CoinsViewDB(storage::DbWrapper& db, size_t batch_size = 16 << 20);

    void SetReadErrorHandler(ReadErrorHandler handler) { m_on_read_error = std::move(handler); }
    /** For tests: bound batch sizes to force multi-batch flushes. */
    void SetBatchSize(size_t batch_size) { m_batch_size = batch_size; }
    /**
     * For tests: make BatchWrite stop with an IOError after writing `n` partial batches, leaving
     * the database exactly as a crash at that moment would (nullopt: never).
     */
    void SetCrashAfterBatchesForTesting(std::optional<size_t> n) { m_crash_after_batches = n; }
    /**
     * For functional tests (-testkillregistryflush): the process kills itself (SIGKILL, as kill
     * -9 would) right after writing the `n`-th partial batch of registry records of a flush,
     * so that a test can crash the node inside the registry part of a flush (nullopt: never).
     */
    void SetKillAtRegistryBatchForTesting(std::optional<size_t> n) { m_kill_at_registry_batch = n; }

    // CoinsView
    std::optional<Coin> GetCoin(const COutPoint& outpoint) const override;
    bool HaveCoin(const COutPoint& outpoint) const override;
    /** The best block, or zero if none is recorded (new database, or a flush was interrupted:
     * see GetHeadBlocks). */
    uint256 GetBestBlock() const override;
    std::optional<std::string> GetRecord(const std::string& key) const override;
    /**
     * Writes the DIRTY entries of `coins` and `records` and `best_block` as described in the
     * file comment.
     * `coins` is left as it was (the cache clears it after success), whatever `erase` says.
     * The last batch is synced (durable on return). Errors: the first write error (IOError,
     * Corruption); the database may then hold a partial flush with the head-blocks marker set,
     * which the next start detects.
     */
    storage::Status BatchWrite(CoinsMap& coins, RecordMap& records, const uint256& best_block, bool erase) override;
    /** A cursor over the coins of the database alone (a snapshot, in outpoint key order). */
    std::unique_ptr<CoinsViewCursor> Cursor() const override;

    /**
     * A cursor over the coins as `cache` sees them: its unflushed changes merged over a snapshot
     * of this database (chainstate/merged_cursor.h), in key order, at the cache's best block.
     * `cache` must be a cache directly on this view; the caller holds the lock that guards it
     * while this runs, and may release it before using the cursor. Copies the changed coins.
     */
    std::unique_ptr<CoinsViewCursor> CursorWithChanges(const CoinsViewCache& cache) const;

    /**
     * A cursor over the registry records whose key starts with `prefix`, from `start` (a full
     * key; empty: the first), as `cache` sees them (nullptr: the database alone); see
     * CursorWithChanges for the snapshot and locking rules. Copies the changed records of the
     * range.
     */
    std::unique_ptr<MergedCursor> RecordCursor(const CoinsViewCache* cache, const std::string& prefix,
                                               const std::string& start) const;
    size_t EstimateSize() const override;

    /**
     * The head-blocks marker: empty if the last flush completed, else {new_tip, old_tip} of the
     * interrupted flush (old_tip zero if the database was empty before it).
     */
    std::vector<uint256> GetHeadBlocks() const;

    /**
     * Sets the best block and erases the head-blocks marker in one synced batch; used by the
     * start-up replay after it rewrote the coins of an interrupted flush, and by tests.
     */
    [[nodiscard]] storage::Status WriteBestBlock(const uint256& best_block);

    /**
     * Calls `fn(key, value)` for the registry records whose key starts with `prefix`, in key
     * order, from `start` (a full key >= prefix; empty: the first), until `fn` returns false.
     * Reads the database only (RecordCursor merges a cache). Errors: the iteration's status.
     */
    storage::Status ForEachRecord(const std::string& prefix, const std::string& start,
                                  const std::function<bool(const std::string&, const std::string&)>& fn) const;

    storage::DbWrapper& Db() { return m_db; }

private:
    [[noreturn]] void ReadError(const storage::Status& status) const;

    storage::DbWrapper& m_db;
    size_t m_batch_size;
    ReadErrorHandler m_on_read_error;
    std::optional<size_t> m_crash_after_batches;
    std::optional<size_t> m_kill_at_registry_batch;
};

/** UTXO set statistics, as gettxoutsetinfo reports them. */
struct CoinsStats {
    uint256 best_block;
    uint64_t transactions{0};   //!< distinct txids with at least one unspent output
    uint64_t txouts{0};         //!< unspent outputs
    CAmount total_amount{0};    //!< sum of their values (MoneyRange-checked while summing)
    uint64_t bogosize{0};       //!< Bitcoin-like size estimate independent of the database format
    uint64_t disk_size{0};      //!< estimated database bytes
    /** Tagged SHA-256 ("DOTS/utxoset") over every (outpoint, height*2+coinbase, txout) in outpoint
     * order: two nodes with the same UTXO set get the same hash, whatever their cache state. */
    uint256 hash_serialized;
};

/**
 * Walks the whole UTXO set through `cursor` (CoinsViewDB::Cursor or CursorWithChanges), with
 * `disk_size` the database's estimated size. `interrupt` is polled every 100 coins; when it
 * returns true the walk stops with an IOError ("interrupted"). Errors: the database failed or a
 * record does not decode (Corruption), the amounts overflow (Corruption).
 */
storage::StatusOr<CoinsStats> ComputeCoinsStats(CoinsViewCursor& cursor, uint64_t disk_size,
                                                const std::function<bool()>& interrupt = {});
/** The same over `view`'s own cursor (a CoinsViewDB); InvalidArgument if it has none (a cache). */
storage::StatusOr<CoinsStats> ComputeCoinsStats(const CoinsView& view,
                                                const std::function<bool()>& interrupt = {});

} // namespace chainstate

#endif // DOTS_CHAINSTATE_COINSDB_H
