// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <wallet/db.h>

#include <util/format.h>

#include <algorithm>
#include <cstring>
#include <fstream>

#include <sqlite3.h>

namespace wallet {

namespace {
constexpr const char* SQL_READ = "SELECT value FROM main WHERE key = ?";
constexpr const char* SQL_WRITE = "INSERT OR REPLACE INTO main (key, value) VALUES (?, ?)";
constexpr const char* SQL_ERASE = "DELETE FROM main WHERE key = ?";
constexpr const char* SQL_CURSOR = "SELECT key, value FROM main WHERE key >= ? ORDER BY key";

bool BindBlob(sqlite3_stmt* stmt, int index, std::span<const uint8_t> bytes)
{
    // An empty span may have a null data pointer, which SQLite would bind as NULL.
    static const uint8_t empty = 0;
    const void* data = bytes.empty() ? &empty : bytes.data();
    return sqlite3_bind_blob(stmt, index, data, static_cast<int>(bytes.size()), SQLITE_STATIC) == SQLITE_OK;
}

std::span<const uint8_t> ColumnBlob(sqlite3_stmt* stmt, int column)
{
    const auto* data = static_cast<const uint8_t*>(sqlite3_column_blob(stmt, column));
    const int size = sqlite3_column_bytes(stmt, column);
    if (data == nullptr || size <= 0) return {};
    return {data, static_cast<size_t>(size)};
}

/** Resets a statement and clears its bindings when it goes out of scope. */
struct StatementReset {
    sqlite3_stmt* stmt;
    ~StatementReset()
    {
        sqlite3_clear_bindings(stmt);
        sqlite3_reset(stmt);
    }
};
} // namespace

bool IsSQLiteFile(const std::filesystem::path& path)
{
    std::ifstream file{path, std::ios::binary};
    char magic[16] = {};
    if (!file.read(magic, sizeof(magic))) return false;
    return std::memcmp(magic, "SQLite format 3", 16) == 0;
}

util::Result<std::unique_ptr<WalletDatabase>> WalletDatabase::Open(const std::filesystem::path& path, bool create)
{
    std::error_code ec;
    if (!create && !std::filesystem::exists(path, ec)) {
        return util::Error{StrFormat("Wallet file %s does not exist", path.c_str())};
    }
    if (std::filesystem::exists(path, ec) && !IsSQLiteFile(path) && std::filesystem::file_size(path, ec) > 0) {
        return util::Error{StrFormat("Wallet file %s is not an SQLite database (not a DOTS wallet)", path.c_str())};
    }
    sqlite3* db = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close(db);
        return util::Error{StrFormat("Cannot open wallet file %s: %s", path.c_str(), message.c_str())};
    }
    std::unique_ptr<WalletDatabase> database{new WalletDatabase(path, db)};
    {
        LOCK(database->m_mutex);
        if (auto res = database->Setup(create); !res) return util::Error{res.error()};
    }
    return database;
}

WalletDatabase::~WalletDatabase()
{
    LOCK(m_mutex);
    if (m_in_txn) (void)Exec("ROLLBACK");
    for (sqlite3_stmt* stmt : {m_read, m_write, m_erase, m_cursor}) sqlite3_finalize(stmt);
    sqlite3_close(m_db);
}

util::Error WalletDatabase::SqlError(const std::string& what) const
{
    return util::Error{StrFormat("Wallet database %s: %s failed: %s", m_path.c_str(), what.c_str(), sqlite3_errmsg(m_db))};
}

util::Result<void> WalletDatabase::Exec(const char* sql)
{
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return SqlError(sql);
    return {};
}

util::Result<sqlite3_stmt*> WalletDatabase::Prepare(const char* sql)
{
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(m_db, sql, -1, &stmt, nullptr) != SQLITE_OK) return SqlError(sql);
    return stmt;
}

util::Result<void> WalletDatabase::Setup(bool create)
{
    sqlite3_busy_timeout(m_db, 0);
    auto locked = [&] {
        AssertLockHeld(m_mutex); // the lambdas here run inside Setup, under its lock
        return util::Error{StrFormat("Cannot obtain a lock on wallet file %s: it is probably in use by another dotsd (or loaded already): %s",
                                     m_path.c_str(), sqlite3_errmsg(m_db))};
    };
    for (const char* pragma : {"PRAGMA locking_mode = EXCLUSIVE", "PRAGMA synchronous = FULL",
                               "PRAGMA secure_delete = ON", "PRAGMA journal_mode = DELETE"}) {
        if (auto res = Exec(pragma); !res) {
            const int code = sqlite3_errcode(m_db);
            if (code == SQLITE_BUSY || code == SQLITE_LOCKED) return locked();
            return res;
        }
    }
    // Take the exclusive lock now, so that a second user fails at open rather than later.
    if (sqlite3_exec(m_db, "BEGIN EXCLUSIVE TRANSACTION", nullptr, nullptr, nullptr) != SQLITE_OK) return locked();
    if (auto res = Exec("COMMIT"); !res) return res;

    auto read_int = [&](const char* sql) -> util::Result<int64_t> {
        AssertLockHeld(m_mutex);
        auto stmt = Prepare(sql);
        if (!stmt) return util::Error{stmt.error()};
        int64_t value = 0;
        if (sqlite3_step(*stmt) == SQLITE_ROW) value = sqlite3_column_int64(*stmt, 0);
        sqlite3_finalize(*stmt);
        return value;
    };
    auto app_id = read_int("PRAGMA application_id");
    if (!app_id) return util::Error{app_id.error()};
    auto tables = read_int("SELECT count(*) FROM sqlite_master WHERE type = 'table'");
    if (!tables) return util::Error{tables.error()};
    if (*tables == 0) {
        if (!create) return util::Error{StrFormat("Wallet file %s is empty (not a DOTS wallet)", m_path.c_str())};
        const std::string init = StrFormat("PRAGMA application_id = %d", WALLET_APPLICATION_ID);
        if (auto res = Exec(init.c_str()); !res) return res;
        const std::string version = StrFormat("PRAGMA user_version = %d", WALLET_SCHEMA_VERSION);
        if (auto res = Exec(version.c_str()); !res) return res;
        if (auto res = Exec("CREATE TABLE main (key BLOB PRIMARY KEY NOT NULL, value BLOB NOT NULL)"); !res) return res;
    } else {
        if (*app_id != WALLET_APPLICATION_ID) {
            return util::Error{StrFormat("Wallet file %s is an SQLite database of another application (not a DOTS wallet)", m_path.c_str())};
        }
        auto version = read_int("PRAGMA user_version");
        if (!version) return util::Error{version.error()};
        if (*version > WALLET_SCHEMA_VERSION) {
            return util::Error{StrFormat("Wallet file %s needs a newer version of dotsd (schema %lld, this version reads %d)",
                                         m_path.c_str(), (long long)*version, WALLET_SCHEMA_VERSION)};
        }
    }
    for (auto [stmt, sql] : {std::pair{&m_read, SQL_READ}, {&m_write, SQL_WRITE}, {&m_erase, SQL_ERASE}, {&m_cursor, SQL_CURSOR}}) {
        auto prepared = Prepare(sql);
        if (!prepared) return util::Error{prepared.error()};
        *stmt = *prepared;
    }
    return {};
}

util::Result<std::optional<Bytes>> WalletDatabase::Read(std::span<const uint8_t> key)
{
    LOCK(m_mutex);
    StatementReset reset{m_read};
    if (!BindBlob(m_read, 1, key)) return SqlError("bind");
    const int rc = sqlite3_step(m_read);
    if (rc == SQLITE_DONE) return std::optional<Bytes>{};
    if (rc != SQLITE_ROW) return SqlError("read");
    const auto value = ColumnBlob(m_read, 0);
    return std::optional<Bytes>{Bytes(value.begin(), value.end())};
}

util::Result<void> WalletDatabase::Write(std::span<const uint8_t> key, std::span<const uint8_t> value)
{
    LOCK(m_mutex);
    StatementReset reset{m_write};
    if (!BindBlob(m_write, 1, key) || !BindBlob(m_write, 2, value)) return SqlError("bind");
    if (sqlite3_step(m_write) != SQLITE_DONE) return SqlError("write");
    return {};
}

util::Result<void> WalletDatabase::Erase(std::span<const uint8_t> key)
{
    LOCK(m_mutex);
    StatementReset reset{m_erase};
    if (!BindBlob(m_erase, 1, key)) return SqlError("bind");
    if (sqlite3_step(m_erase) != SQLITE_DONE) return SqlError("erase");
    return {};
}

util::Result<void> WalletDatabase::ForEach(std::span<const uint8_t> prefix,
                                           const std::function<bool(std::span<const uint8_t>, std::span<const uint8_t>)>& fn)
{
    LOCK(m_mutex);
    StatementReset reset{m_cursor};
    if (!BindBlob(m_cursor, 1, prefix)) return SqlError("bind");
    while (true) {
        const int rc = sqlite3_step(m_cursor);
        if (rc == SQLITE_DONE) return {};
        if (rc != SQLITE_ROW) return SqlError("cursor");
        const auto key = ColumnBlob(m_cursor, 0);
        if (key.size() < prefix.size() || !std::equal(prefix.begin(), prefix.end(), key.begin())) return {};
        if (!fn(key, ColumnBlob(m_cursor, 1))) return {};
    }
}

util::Result<void> WalletDatabase::Begin()
{
    LOCK(m_mutex);
    if (m_in_txn) return util::Error{"Wallet database: a transaction is already open"};
    if (auto res = Exec("BEGIN TRANSACTION"); !res) return res;
    m_in_txn = true;
    return {};
}

util::Result<void> WalletDatabase::Commit()
{
    LOCK(m_mutex);
    if (!m_in_txn) return util::Error{"Wallet database: commit without a transaction"};
    if (auto res = Exec("COMMIT"); !res) {
        (void)Exec("ROLLBACK");
        m_in_txn = false;
        return res;
    }
    m_in_txn = false;
    return {};
}

void WalletDatabase::Abort()
{
    LOCK(m_mutex);
    if (!m_in_txn) return;
    (void)Exec("ROLLBACK");
    m_in_txn = false;
}

bool WalletDatabase::InTransaction() const
{
    LOCK(m_mutex);
    return m_in_txn;
}

util::Result<void> WalletDatabase::Backup(const std::filesystem::path& dest)
{
    std::error_code ec;
    if (std::filesystem::equivalent(dest, m_path, ec)) {
        return util::Error{"Error: Wallet backup destination is the wallet file itself"};
    }
    const std::filesystem::path tmp = dest.string() + ".tmp";
    std::filesystem::remove(tmp, ec);
    sqlite3* out = nullptr;
    if (sqlite3_open_v2(tmp.c_str(), &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
        std::string message = out ? sqlite3_errmsg(out) : "out of memory";
        sqlite3_close(out);
        return util::Error{StrFormat("Error: Cannot write wallet backup %s: %s", dest.c_str(), message.c_str())};
    }
    std::string error;
    {
        LOCK(m_mutex);
        sqlite3_backup* backup = sqlite3_backup_init(out, "main", m_db, "main");
        if (backup == nullptr) {
            error = sqlite3_errmsg(out);
        } else {
            const int rc = sqlite3_backup_step(backup, -1);
            sqlite3_backup_finish(backup);
            if (rc != SQLITE_DONE) error = sqlite3_errstr(rc);
        }
    }
    // The copy is written with synchronous=FULL before it replaces an older backup.
    if (error.empty() && sqlite3_exec(out, "PRAGMA synchronous = FULL; VACUUM", nullptr, nullptr, nullptr) != SQLITE_OK) {
        error = sqlite3_errmsg(out);
    }
    sqlite3_close(out);
    if (error.empty()) std::filesystem::rename(tmp, dest, ec);
    if (!error.empty() || ec) {
        std::filesystem::remove(tmp, ec);
        return util::Error{StrFormat("Error: Cannot write wallet backup %s: %s", dest.c_str(),
                                     error.empty() ? ec.message().c_str() : error.c_str())};
    }
    return {};
}

util::Result<void> WalletDatabase::Vacuum()
{
    LOCK(m_mutex);
    if (m_in_txn) return util::Error{"Wallet database: VACUUM inside a transaction"};
    return Exec("VACUUM");
}

} // namespace wallet
