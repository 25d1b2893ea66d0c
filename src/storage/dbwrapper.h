// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_STORAGE_DBWRAPPER_H
#define DOTS_STORAGE_DBWRAPPER_H

/**
 * A small wrapper over LevelDB for the block index and the chainstate.
 *
 * Key layout: every key is one prefix byte followed by the caller's serialized key, so each
 * record type (coins, block index entries, handles, nodes, the best-block marker, ...) owns a
 * prefix and can be iterated alone. Prefix 0x00 is reserved for the wrapper's own records: the
 * schema version (checked at open: a database written by an incompatible version is refused
 * with a clear error instead of being misread) and the obfuscation key.
 *
 * Values are opaque bytes: serialization of chain types belongs to src/primitives, so this
 * layer does not depend on it. Values are XORed with a random 8-byte key stored in the database
 * (like Bitcoin Core), so that byte patterns from the chain (which anyone can choose) never sit
 * on disk in the clear and trip anti-virus scanners; it is not encryption.
 *
 * Integrity: LevelDB's paranoid checks are on and every read verifies block checksums; damage is
 * returned as Status::Corruption naming the database and what LevelDB found.
 *
 * Thread-safety: DbWrapper is thread-safe (LevelDB serializes writers). A DbBatch and a
 * DbIterator are for one thread at a time; both must be destroyed before their DbWrapper.
 */

#include <storage/status.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace leveldb {
class DB;
class Iterator;
class WriteBatch;
} // namespace leveldb

namespace storage {

class Env;

/** The prefix reserved for the wrapper's records; callers use 0x01..0xff. */
constexpr uint8_t DB_RESERVED_PREFIX = 0x00;
/** Obfuscation key length, as in Bitcoin Core. */
constexpr size_t DB_OBFUSCATION_KEY_SIZE = 8;

struct DbOptions {
    /** Directory of the database (created if missing). Also its name in messages. */
    std::filesystem::path path;
    /** Human name for messages and logs, e.g. "chainstate" or "block index". */
    std::string name{"database"};
    /**
     * This database's share of -dbcache, in bytes. Split like Bitcoin Core: half goes to
     * LevelDB's block cache, a quarter to the write buffer (LevelDB may hold two at once).
     */
    size_t cache_bytes{8 << 20};
    /** LevelDB's table-file descriptor budget (Bitcoin Core uses 64 to leave room for peers). */
    int max_open_files{64};
    /**
     * Version of the key/value layout the caller expects; stored on creation and compared at
     * every open. Must be nonzero. Bump it whenever the meaning of stored records changes.
     */
    uint32_t schema_version{1};
    /** Obfuscate values of a newly created database (an existing one keeps what it has). */
    bool obfuscate{true};
    /** Destroy any existing data first (for -reindex / -reindex-chainstate). */
    bool wipe{false};
    /** Keep everything in memory (tests, benchmarks); `path` only names it. */
    bool memory_only{false};
    /**
     * File access for LevelDB. nullptr (the default) uses LevelDB's own POSIX Env, which reads
     * tables through mmap. Any other Env (not owned, must outlive the DbWrapper) gets every file
     * call, e.g. a FaultInjectionEnv in crash tests. Ignored when memory_only.
     */
    Env* env{nullptr};
};

class DbWrapper;

/**
 * A set of writes and erases applied atomically by DbWrapper::WriteBatch: after a crash either
 * all of them are visible or none. Operations apply in order (a later Write of the same key
 * wins). Not thread-safe. Holds a reference to its DbWrapper, which must outlive it.
 */
class DbBatch
{
public:
    explicit DbBatch(const DbWrapper& db);
    ~DbBatch();
    DbBatch(const DbBatch&) = delete;
    DbBatch& operator=(const DbBatch&) = delete;

    /** Queues key (prefix, key) = value. `prefix` must not be DB_RESERVED_PREFIX (asserts). */
    void Write(uint8_t prefix, std::span<const uint8_t> key, std::span<const uint8_t> value);
    /** Queues removal of (prefix, key); erasing a missing key is not an error. */
    void Erase(uint8_t prefix, std::span<const uint8_t> key);
    /** Empties the batch. */
    void Clear();
    /** Bytes the batch would write; callers flush large state in bounded batches with it. */
    size_t ApproximateSize() const;
    /** Number of queued operations. */
    size_t Count() const { return m_count; }

private:
    friend class DbWrapper;
    const DbWrapper& m_db;
    std::unique_ptr<leveldb::WriteBatch> m_batch;
    std::vector<uint8_t> m_scratch; //!< reused buffer for key and obfuscated value
    size_t m_count{0};
};

/**
 * Iterates the keys of one prefix in byte order, on a consistent snapshot taken at creation.
 * Not thread-safe; must be destroyed before the DbWrapper.
 */
class DbIterator
{
public:
    ~DbIterator();
    DbIterator(const DbIterator&) = delete;
    DbIterator& operator=(const DbIterator&) = delete;

    /** Positions at the first key of the prefix. */
    void SeekToFirst();
    /** Positions at the first key of the prefix that is >= `key`. */
    void Seek(std::span<const uint8_t> key);
    /** True while positioned on a key of this iterator's prefix. */
    bool Valid() const;
    /** Moves to the next key. Requires Valid(). */
    void Next();
    /** The current key without the prefix byte. Requires Valid(); valid until the next move. */
    std::span<const uint8_t> Key() const;
    /** The current value, de-obfuscated (a copy). Requires Valid(). */
    std::vector<uint8_t> Value() const;
    /** OK, or the error (e.g. Corruption) that ended the iteration early. Check after the loop. */
    Status status() const;

private:
    friend class DbWrapper;
    DbIterator(const DbWrapper& db, uint8_t prefix, std::unique_ptr<leveldb::Iterator> it);

    const DbWrapper& m_db;
    const uint8_t m_prefix;
    std::unique_ptr<leveldb::Iterator> m_it;
};

class DbWrapper
{
public:
    /**
     * Opens (or creates) the database. Errors: IOError (cannot create, lock held by another
     * dotsd), Corruption (LevelDB found damage at open), InvalidArgument (schema version differs
     * from options.schema_version, or the directory holds a LevelDB database that has no DOTS
     * schema record).
     */
    static StatusOr<std::unique_ptr<DbWrapper>> Open(const DbOptions& options);
    ~DbWrapper();
    DbWrapper(const DbWrapper&) = delete;
    DbWrapper& operator=(const DbWrapper&) = delete;

    /** The value of (prefix, key), de-obfuscated. NotFound if absent. */
    StatusOr<std::vector<uint8_t>> Read(uint8_t prefix, std::span<const uint8_t> key) const;
    /** Whether (prefix, key) exists. */
    StatusOr<bool> Exists(uint8_t prefix, std::span<const uint8_t> key) const;

    /**
     * Applies the batch atomically. With sync=true the call returns only after the batch is
     * durable (LevelDB fsyncs its log); with sync=false it survives a process crash but a power
     * loss may drop it, and a later sync=true write makes it durable too (the log is ordered).
     * The batch is left unchanged (Clear() it to reuse).
     */
    Status WriteBatch(const DbBatch& batch, bool sync);
    /** One-record conveniences over WriteBatch. */
    Status Write(uint8_t prefix, std::span<const uint8_t> key, std::span<const uint8_t> value, bool sync = false);
    Status Erase(uint8_t prefix, std::span<const uint8_t> key, bool sync = false);

    /** A new iterator over `prefix` (not DB_RESERVED_PREFIX). Owned by the caller. */
    std::unique_ptr<DbIterator> NewIterator(uint8_t prefix) const;

    /** Approximate on-disk bytes used by keys (prefix, begin) <= k < (prefix, end). */
    uint64_t EstimateSize(uint8_t prefix, std::span<const uint8_t> begin, std::span<const uint8_t> end) const;
    /** Approximate on-disk bytes used by all keys of `prefix`. */
    uint64_t EstimatePrefixSize(uint8_t prefix) const;
    /** True if no caller record exists (the wrapper's own records do not count). */
    StatusOr<bool> IsEmpty() const;
    /** Compacts the whole key range of `prefix` (slow; for after a large erase). */
    void CompactPrefix(uint8_t prefix);

    uint32_t SchemaVersion() const { return m_schema_version; }
    /** The XOR key applied to values; all zero when the database is not obfuscated. */
    const std::array<uint8_t, DB_OBFUSCATION_KEY_SIZE>& ObfuscationKey() const { return m_obfuscation_key; }
    const DbOptions& Options() const { return m_options; }

private:
    friend class DbBatch;
    friend class DbIterator;
    struct Impl;

    explicit DbWrapper(DbOptions options);
    Status Init();
    void Obfuscate(std::span<uint8_t> value) const;

    const DbOptions m_options;
    std::unique_ptr<Impl> m_impl;
    std::array<uint8_t, DB_OBFUSCATION_KEY_SIZE> m_obfuscation_key{};
    bool m_obfuscated{false};
    uint32_t m_schema_version{0};
};

} // namespace storage

#endif // DOTS_STORAGE_DBWRAPPER_H
