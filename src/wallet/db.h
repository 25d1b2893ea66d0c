// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_WALLET_DB_H
#define DOTS_WALLET_DB_H

/**
 * The wallet file: one SQLite database (`wallets/<name>/wallet.dat`) holding a single key/value
 * table, as Bitcoin Core's SQLite wallets do. Keys and values are opaque byte strings; the typed
 * records live in wallet/walletdb.h.
 *
 * Durability: the database uses a rollback journal with `synchronous=FULL`, so a transaction is
 * either wholly on disk or absent after a crash or kill -9 (SQLite replays the journal on the
 * next open). `secure_delete` zeroes deleted content, so secrets replaced by their encrypted form
 * do not linger in free pages. The file is opened with `locking_mode=EXCLUSIVE`: a second process
 * (or a second load in this one) gets a clear error instead of sharing it.
 *
 * The file carries an application id (so a random SQLite file is not taken for a wallet) and a
 * schema version (user_version).
 *
 * Thread-safety: every method takes the database's own mutex, so one object may be used from
 * several threads; a transaction begun by one thread must be committed by the same caller (the
 * wallet holds its own lock across Begin..Commit).
 */

#include <util/result.h>
#include <util/sync.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace wallet {

using Bytes = std::vector<uint8_t>;

/** "DOTW" big-endian: identifies a DOTS wallet file. */
inline constexpr int32_t WALLET_APPLICATION_ID = 0x444f5457;
/** Schema version this code writes and reads (PRAGMA user_version). */
inline constexpr int32_t WALLET_SCHEMA_VERSION = 1;

class WalletDatabase
{
public:
    /**
     * Opens (create=true: creates if missing) the database at `path`. Errors name the file: not a
     * wallet (wrong application id), a newer schema, locked by another process, not readable.
     */
    static util::Result<std::unique_ptr<WalletDatabase>> Open(const std::filesystem::path& path, bool create);
    ~WalletDatabase();
    WalletDatabase(const WalletDatabase&) = delete;
    WalletDatabase& operator=(const WalletDatabase&) = delete;

    const std::filesystem::path& Path() const { return m_path; }

    /** The value of `key`, std::nullopt if absent. Errors: the SQLite message. */
    util::Result<std::optional<Bytes>> Read(std::span<const uint8_t> key) LOCKS_EXCLUDED(m_mutex);
    /** Inserts or replaces `key`. */
    util::Result<void> Write(std::span<const uint8_t> key, std::span<const uint8_t> value) LOCKS_EXCLUDED(m_mutex);
    /** Removes `key` (absent is not an error). */
    util::Result<void> Erase(std::span<const uint8_t> key) LOCKS_EXCLUDED(m_mutex);
    /**
     * Calls `fn(key, value)` for every record whose key starts with `prefix`, in key order, until
     * it returns false. `fn` must not call back into this database.
     */
    util::Result<void> ForEach(std::span<const uint8_t> prefix,
                               const std::function<bool(std::span<const uint8_t>, std::span<const uint8_t>)>& fn)
        LOCKS_EXCLUDED(m_mutex);

    /**
     * Atomic groups of writes: Begin, any writes, then Commit (all or nothing on disk) or Abort
     * (none). Nested Begin is an error. Without Begin every write is its own transaction.
     */
    util::Result<void> Begin() LOCKS_EXCLUDED(m_mutex);
    util::Result<void> Commit() LOCKS_EXCLUDED(m_mutex);
    void Abort() LOCKS_EXCLUDED(m_mutex);
    bool InTransaction() const LOCKS_EXCLUDED(m_mutex);

    /**
     * Copies the database, consistently, to `dest` (SQLite online backup), which must not be
     * this file. The copy is a complete wallet file. Errors: the destination cannot be written.
     */
    util::Result<void> Backup(const std::filesystem::path& dest) LOCKS_EXCLUDED(m_mutex);

    /** Rewrites the file without free pages (after replacing secrets by ciphertext). */
    util::Result<void> Vacuum() LOCKS_EXCLUDED(m_mutex);

private:
    WalletDatabase(std::filesystem::path path, sqlite3* db) : m_path{std::move(path)}, m_db{db} {}
    util::Result<void> Setup(bool create) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    util::Result<void> Exec(const char* sql) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    util::Result<sqlite3_stmt*> Prepare(const char* sql) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    util::Error SqlError(const std::string& what) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);

    const std::filesystem::path m_path;
    mutable Mutex m_mutex;
    sqlite3* m_db GUARDED_BY(m_mutex);
    bool m_in_txn GUARDED_BY(m_mutex){false};
    sqlite3_stmt* m_read GUARDED_BY(m_mutex){nullptr};
    sqlite3_stmt* m_write GUARDED_BY(m_mutex){nullptr};
    sqlite3_stmt* m_erase GUARDED_BY(m_mutex){nullptr};
    sqlite3_stmt* m_cursor GUARDED_BY(m_mutex){nullptr};
};

/** Whether `path` starts like an SQLite database (the 16-byte header string). */
bool IsSQLiteFile(const std::filesystem::path& path);

} // namespace wallet

#endif // DOTS_WALLET_DB_H
