// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CHAINSTATE_COINS_H
#define DOTS_CHAINSTATE_COINS_H

/**
 * The UTXO set: Coin, the CoinsView interface, and CoinsViewCache, the in-memory layer with
 * Bitcoin Core's DIRTY/FRESH flags that validation stacks on CoinsViewDB (chainstate/coinsdb.h)
 * and on itself (a per-block scratch cache flushed into the tip cache when the block connects).
 *
 * Errors: reads never fail visibly. A view that cannot read its store (I/O error, corruption)
 * does not return "not found" (that would be a wrong view): CoinsViewDB hands the error to its
 * read-error handler, which by default logs and aborts the process (see coinsdb.h). Writes
 * (BatchWrite, Flush) return a storage::Status; after a failed flush the node must shut down.
 *
 * Thread-safety: none of these classes lock; validation holds its chain lock around all use.
 */

#include <chainstate/compressor.h>
#include <primitives/amount.h>
#include <primitives/transaction.h>
#include <primitives/uint256.h>
#include <serialize.h>
#include <storage/status.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

namespace chainstate {

/**
 * An unspent output with the height of the block that created it and whether that was a
 * coinbase (for maturity). A default-constructed or Clear()ed coin is "spent" (value -1:
 * consensus never admits a negative output, so no unspent coin can look like that).
 *
 * Compact serialization (disk only): varint(height * 2 + coinbase) varint(CompressAmount(value))
 * lock_type:u8 program:32. A 1-DOTS output at height 100000 takes 37 bytes (3 + 1 + 33).
 */
class Coin
{
public:
    static constexpr CAmount SPENT_VALUE = -1;

    CTxOut out{SPENT_VALUE, {}};
    uint32_t height{0};
    bool coinbase{false};

    Coin() = default;
    Coin(CTxOut out_in, uint32_t height_in, bool coinbase_in)
        : out{std::move(out_in)}, height{height_in}, coinbase{coinbase_in} {}

    bool IsSpent() const { return out.value == SPENT_VALUE; }
    bool IsCoinBase() const { return coinbase; }
    void Clear() { *this = Coin{}; }

    /** Heap memory owned (none: the lock program is inline). For cache accounting. */
    size_t DynamicMemoryUsage() const { return 0; }

    friend bool operator==(const Coin&, const Coin&) = default;

    template <typename W> void Serialize(W& w) const;
    /** Decodes a coin; a spent coin (negative value) or a height >= 2^31 is INVALID_VALUE. */
    static std::optional<Coin> Unserialize(ByteReader& r);
};

/** One UTXO set entry during iteration. */
struct CoinEntry {
    COutPoint outpoint;
    Coin coin;
};

/**
 * Iterates the coins of a view in outpoint order on a snapshot. Not thread-safe. Obtained from
 * CoinsView::Cursor(); must not outlive the view.
 */
class CoinsViewCursor
{
public:
    explicit CoinsViewCursor(const uint256& best_block) : m_best_block{best_block} {}
    virtual ~CoinsViewCursor() = default;

    /** True while positioned on a coin. */
    virtual bool Valid() const = 0;
    virtual void Next() = 0;
    /** The current entry; requires Valid(). A record that does not decode is a corruption:
     * std::nullopt, and status() says so. */
    virtual std::optional<CoinEntry> Get() const = 0;
    /** OK, or why the iteration ended early. Check after the loop. */
    virtual storage::Status status() const = 0;
    /** Best block of the snapshot the cursor iterates. */
    const uint256& GetBestBlock() const { return m_best_block; }

private:
    uint256 m_best_block;
};

/** Flags of a cache entry. */
enum CoinsCacheFlags : uint8_t {
    /** The entry differs from the parent view (must be written on flush). */
    COINS_DIRTY = 1 << 0,
    /** The parent view does not have this coin unspent (or does not have it at all), so if it is
     * spent before a flush it can simply be forgotten instead of written as an erase. */
    COINS_FRESH = 1 << 1,
};

struct CoinsCacheEntry {
    Coin coin;
    uint8_t flags{0};

    CoinsCacheEntry() = default;
    explicit CoinsCacheEntry(Coin c) : coin{std::move(c)} {}
};

/**
 * Hash for outpoints in cache maps: a per-process random salt mixed with the txid's first
 * 8 bytes and n, so a peer cannot fill one hash bucket with chosen txids (txids are hashes, but
 * a miner can grind them).
 */
class SaltedOutpointHasher
{
public:
    SaltedOutpointHasher();
    size_t operator()(const COutPoint& o) const
    {
        uint64_t x = (o.txid.GetUint64(0) ^ m_k0) + (o.txid.GetUint64(1) ^ m_k1) * 0x9e3779b97f4a7c15ULL;
        x ^= (x >> 29) + o.n;
        x *= 0xbf58476d1ce4e5b9ULL;
        x ^= x >> 32;
        return static_cast<size_t>(x);
    }

private:
    uint64_t m_k0, m_k1;
};

using CoinsMap = std::unordered_map<COutPoint, CoinsCacheEntry, SaltedOutpointHasher>;

/**
 * A cached registry record (consensus/registry_state.h): the value, or std::nullopt for "no such
 * key" (cached too, so that repeated misses do not reach the database). Only COINS_DIRTY is used.
 */
struct RecordCacheEntry {
    std::optional<std::string> value;
    uint8_t flags{0};
};

/** Salted SipHash of record keys: handles are chosen by users, so an unsalted hash could be
 * attacked with colliding names. */
class SaltedStringHasher
{
public:
    SaltedStringHasher();
    size_t operator()(const std::string& key) const;

private:
    uint64_t m_k0, m_k1;
};

using RecordMap = std::unordered_map<std::string, RecordCacheEntry, SaltedStringHasher>;

/** Abstract view of the UTXO set. */
class CoinsView
{
public:
    virtual ~CoinsView() = default;

    /** The unspent coin at `outpoint`, or std::nullopt if there is none (spent or never made). */
    virtual std::optional<Coin> GetCoin(const COutPoint& outpoint) const = 0;
    /** Whether an unspent coin exists at `outpoint`. */
    virtual bool HaveCoin(const COutPoint& outpoint) const { return GetCoin(outpoint).has_value(); }
    /** The block this view represents the state after; zero if unknown/empty. */
    virtual uint256 GetBestBlock() const = 0;
    /** The registry record at `key`, or std::nullopt if there is none. */
    virtual std::optional<std::string> GetRecord(const std::string& key) const { return std::nullopt; }
    /**
     * Applies the DIRTY entries of `coins` and `records` (a child cache's maps) and sets the
     * best block, all as one change. With `erase`, entries may be moved out of the maps (the
     * caller clears them afterwards). Returns a non-OK Status if the change could not be stored;
     * the view is then in an unspecified state that the node must not keep using (shut down,
     * recover at restart).
     */
    virtual storage::Status BatchWrite(CoinsMap& coins, RecordMap& records, const uint256& best_block, bool erase) = 0;
    /** A cursor over all coins, or nullptr if this view does not support iteration. */
    virtual std::unique_ptr<CoinsViewCursor> Cursor() const { return nullptr; }
    /** Estimated on-disk size of the view, 0 if not applicable. */
    virtual size_t EstimateSize() const { return 0; }
};

/** A view that forwards everything to another (replaceable) view. */
class CoinsViewBacked : public CoinsView
{
public:
    /** `base` is not owned and must outlive this view (or be replaced by SetBackend first). */
    explicit CoinsViewBacked(CoinsView* base) : m_base{base} {}
    void SetBackend(CoinsView& base) { m_base = &base; }

    std::optional<Coin> GetCoin(const COutPoint& outpoint) const override { return m_base->GetCoin(outpoint); }
    bool HaveCoin(const COutPoint& outpoint) const override { return m_base->HaveCoin(outpoint); }
    uint256 GetBestBlock() const override { return m_base->GetBestBlock(); }
    std::optional<std::string> GetRecord(const std::string& key) const override { return m_base->GetRecord(key); }
    storage::Status BatchWrite(CoinsMap& coins, RecordMap& records, const uint256& best_block, bool erase) override
    {
        return m_base->BatchWrite(coins, records, best_block, erase);
    }
    std::unique_ptr<CoinsViewCursor> Cursor() const override { return m_base->Cursor(); }
    size_t EstimateSize() const override { return m_base->EstimateSize(); }

protected:
    CoinsView* m_base;
};

/**
 * An in-memory cache over a backing view. Entries are fetched from the base on first access
 * and kept; changes are kept as DIRTY entries until Flush()/Sync() writes them to the base.
 *
 * FRESH optimisation: a coin created in this cache whose outpoint the base does not have
 * unspent is FRESH; spending it before a flush just drops the entry, so the short-lived coins
 * of a busy chain never reach the database.
 */
class CoinsViewCache : public CoinsViewBacked
{
public:
    /** `base` is not owned and must outlive the cache. */
    explicit CoinsViewCache(CoinsView* base);
    CoinsViewCache(const CoinsViewCache&) = delete;
    CoinsViewCache& operator=(const CoinsViewCache&) = delete;

    // CoinsView
    std::optional<Coin> GetCoin(const COutPoint& outpoint) const override;
    bool HaveCoin(const COutPoint& outpoint) const override;
    uint256 GetBestBlock() const override;
    std::optional<std::string> GetRecord(const std::string& key) const override;
    storage::Status BatchWrite(CoinsMap& coins, RecordMap& records, const uint256& best_block, bool erase) override;
    /** A cache alone cannot be iterated: CoinsViewDB::Cursor(cache) merges it with its database. */
    std::unique_ptr<CoinsViewCursor> Cursor() const override { return nullptr; }

    void SetBestBlock(const uint256& best_block) { m_best_block = best_block; }

    /** Whether the coin is in this cache already (unspent), without fetching from the base. */
    bool HaveCoinInCache(const COutPoint& outpoint) const;

    /**
     * A reference to the coin at `outpoint` (a spent coin if there is none). The reference is
     * valid until the next non-const call on this cache. Fetches from the base if needed.
     */
    const Coin& AccessCoin(const COutPoint& outpoint) const;

    /**
     * Adds a coin. `possible_overwrite` must be true when an unspent coin may already exist at
     * `outpoint` (re-adding coins during disconnect/replay); otherwise overwriting an unspent coin
     * is a caller bug and aborts (consensus keeps txids unique, so it cannot come from input).
     */
    void AddCoin(const COutPoint& outpoint, Coin coin, bool possible_overwrite);

    /**
     * Spends the coin at `outpoint` and returns it (for the block's undo data); std::nullopt if
     * there was no unspent coin (the caller treats that as a missing input).
     */
    std::optional<Coin> SpendCoin(const COutPoint& outpoint);

    /**
     * Writes all changes to the base view and empties the cache. On failure the cache keeps its
     * entries, but the base may have applied part of the change (see BatchWrite).
     */
    [[nodiscard]] storage::Status Flush();

    /**
     * Writes all changes to the base view but keeps the unspent coins cached (now clean), for
     * periodic flushes that should not cost the warm cache.
     */
    [[nodiscard]] storage::Status Sync();

    /** The registry record at `key` (fetched into the cache if needed), or nullptr; valid until
     * the next non-const call on this cache. */
    const std::string* AccessRecord(const std::string& key) const;
    /** Sets (or with std::nullopt erases) the registry record at `key`. */
    void PutRecord(const std::string& key, std::optional<std::string> value);
    /** Number of cached registry records (present, absent and erased). */
    size_t GetRecordCacheSize() const { return m_records.size(); }

    /**
     * Calls `fn` for every coin change not yet written to the base (each DIRTY entry): the new
     * coin, or a spent coin for an erase. Unordered. For cursors that merge the cache with the
     * database (chainstate/merged_cursor.h).
     */
    void ForEachChangedCoin(const std::function<void(const COutPoint&, const Coin&)>& fn) const;
    /** The same for the registry records whose key starts with `prefix` (std::nullopt: erased). */
    void ForEachChangedRecord(const std::string& prefix,
                              const std::function<void(const std::string&, const std::optional<std::string>&)>& fn) const;

    /** Drops the entry if it is clean (not DIRTY/FRESH): frees memory after a failed tx. */
    void Uncache(const COutPoint& outpoint);

    /** Number of entries (coins, spent markers) in the cache. */
    size_t GetCacheSize() const { return m_coins.size(); }
    /** Estimated heap bytes used by the cache, for -dbcache bounding. */
    size_t DynamicMemoryUsage() const;
    /** Number of DIRTY entries (what a flush would write). */
    size_t GetDirtyCount() const;

    /** Whether all inputs of `tx` are unspent in this view (coinbase: true). */
    bool HaveInputs(const CTransaction& tx) const;

    /** Sum of the values of the coins `tx` spends; requires HaveInputs(tx). */
    CAmount GetValueIn(const CTransaction& tx) const;

    /** For tests: the flags of an entry, nullopt if absent. */
    std::optional<uint8_t> GetEntryFlags(const COutPoint& outpoint) const;

    /** Asserts the internal accounting (usage counter) is consistent. For tests/debugging. */
    void SanityCheck() const;

private:
    CoinsMap::iterator FetchCoin(const COutPoint& outpoint) const;

    mutable uint256 m_best_block;
    mutable CoinsMap m_coins;
    /** Heap usage of the coins themselves (the map's own memory is computed on demand). */
    mutable size_t m_cached_coins_usage{0};
    mutable RecordMap m_records;
    /** Heap usage of the record keys and values. */
    mutable size_t m_cached_records_usage{0};
};

// ---- template definitions ----

template <typename W>
void Coin::Serialize(W& w) const
{
    WriteVarInt(w, uint64_t{height} * 2 + (coinbase ? 1 : 0));
    WriteVarInt(w, CompressAmount(static_cast<uint64_t>(out.value)));
    out.lock.Serialize(w);
}

} // namespace chainstate

#endif // DOTS_CHAINSTATE_COINS_H
