// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <storage/dbwrapper.h>
#include <storage/env.h>
#include <storage/fault_env.h>
#include <test/util/db.h>
#include <test/util/files.h>

#include <boost/test/unit_test.hpp>

#include <leveldb/db.h>

#include <algorithm>
#include <cstring>

using namespace storage;
using namespace test;

namespace {

constexpr uint8_t PREFIX_A = 'a';
constexpr uint8_t PREFIX_B = 'b';
constexpr uint8_t PREFIX_C = 'c';

std::vector<uint8_t> Bytes(std::string_view s) { return {s.begin(), s.end()}; }

/** 4-byte big-endian key, so byte order equals numeric order. */
std::vector<uint8_t> NumKey(uint32_t n) { return {uint8_t(n >> 24), uint8_t(n >> 16), uint8_t(n >> 8), uint8_t(n)}; }

DbOptions TestOptions(const std::filesystem::path& path, uint32_t version = 1)
{
    DbOptions options = DiskDbOptions(path, "test", version);
    options.cache_bytes = 2 << 20;
    return options;
}

bool Contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

/** A batch of `n` records for "block" `height` plus the best-block marker, like a chainstate flush. */
Status WriteBlockBatch(DbWrapper& db, uint32_t height, uint32_t n, bool sync)
{
    DbBatch batch{db};
    for (uint32_t i = 0; i < n; ++i) batch.Write(PREFIX_A, NumKey(height * 100000 + i), PatternBytes(60, uint8_t(height)));
    batch.Write(PREFIX_B, Bytes("best"), NumKey(height));
    return db.WriteBatch(batch, sync);
}

/** Checks that exactly the batches of heights 1..best are present, each complete. */
void CheckBlocks(const DbWrapper& db, uint32_t best, uint32_t n)
{
    BOOST_CHECK(RequireOk(db.Read(PREFIX_B, Bytes("best"))) == NumKey(best));
    auto it = db.NewIterator(PREFIX_A);
    uint32_t count = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next(), ++count) {
        const auto key = it->Key();
        const uint32_t k = (uint32_t{key[0]} << 24) | (uint32_t{key[1]} << 16) | (uint32_t{key[2]} << 8) | key[3];
        BOOST_CHECK_LE(k / 100000, best);
        BOOST_CHECK(it->Value() == PatternBytes(60, uint8_t(k / 100000)));
    }
    BOOST_CHECK_MESSAGE(it->status().ok(), it->status().ToString());
    BOOST_CHECK_EQUAL(count, best * n);
}

void CheckReadWriteErase(DbWrapper& db)
{
    const auto key = Bytes("key");
    BOOST_CHECK(db.Read(PREFIX_A, key).status().IsNotFound());
    BOOST_CHECK(!*db.Exists(PREFIX_A, key));
    BOOST_CHECK(*db.IsEmpty());
    BOOST_CHECK(db.Write(PREFIX_A, key, Bytes("value one")).ok());
    BOOST_CHECK(RequireOk(db.Read(PREFIX_A, key)) == Bytes("value one"));
    BOOST_CHECK(*db.Exists(PREFIX_A, key));
    BOOST_CHECK(!*db.IsEmpty());
    // The same key bytes under another prefix are another record.
    BOOST_CHECK(db.Read(PREFIX_B, key).status().IsNotFound());
    BOOST_CHECK(db.Write(PREFIX_A, key, Bytes("value two"), /*sync=*/true).ok());
    BOOST_CHECK(RequireOk(db.Read(PREFIX_A, key)) == Bytes("value two"));
    // Empty keys and values are fine.
    BOOST_CHECK(db.Write(PREFIX_B, {}, {}).ok());
    BOOST_CHECK(RequireOk(db.Read(PREFIX_B, {})).empty());
    BOOST_CHECK(db.Erase(PREFIX_A, key).ok());
    BOOST_CHECK(db.Read(PREFIX_A, key).status().IsNotFound());
    BOOST_CHECK(db.Erase(PREFIX_A, key).ok()); // erasing a missing key is fine
}

} // namespace

BOOST_AUTO_TEST_SUITE(dbwrapper_tests)

BOOST_AUTO_TEST_CASE(read_write_erase_on_disk_and_in_memory)
{
    TempDir dir{"db"};
    for (const bool obfuscate : {true, false}) {
        auto options = TestOptions(dir.path() / (obfuscate ? "obf" : "plain"));
        options.obfuscate = obfuscate;
        auto db = RequireOk(DbWrapper::Open(options));
        CheckReadWriteErase(*db);
    }
    auto options = TestOptions(dir.path() / "mem");
    options.memory_only = true;
    auto db = RequireOk(DbWrapper::Open(options));
    CheckReadWriteErase(*db);
    BOOST_CHECK(!std::filesystem::exists(dir.path() / "mem"));
}

BOOST_AUTO_TEST_CASE(values_survive_reopen)
{
    TempDir dir{"db"};
    const auto options = TestOptions(dir.path() / "db");
    std::array<uint8_t, DB_OBFUSCATION_KEY_SIZE> key{};
    {
        auto db = RequireOk(DbWrapper::Open(options));
        key = db->ObfuscationKey();
        BOOST_CHECK(std::any_of(key.begin(), key.end(), [](uint8_t b) { return b != 0; }));
        for (uint32_t i = 0; i < 1000; ++i) BOOST_CHECK(db->Write(PREFIX_A, NumKey(i), PatternBytes(i % 64, uint8_t(i))).ok());
    }
    auto db = RequireOk(DbWrapper::Open(options));
    BOOST_CHECK(db->ObfuscationKey() == key); // the key is kept, not regenerated
    BOOST_CHECK_EQUAL(db->SchemaVersion(), 1U);
    for (uint32_t i = 0; i < 1000; ++i) BOOST_CHECK(RequireOk(db->Read(PREFIX_A, NumKey(i))) == PatternBytes(i % 64, uint8_t(i)));
}

BOOST_AUTO_TEST_CASE(batch_is_atomic_and_ordered)
{
    TempDir dir{"db"};
    auto db = RequireOk(DbWrapper::Open(TestOptions(dir.path() / "db")));
    BOOST_CHECK(db->Write(PREFIX_A, Bytes("old"), Bytes("to be erased")).ok());

    DbBatch batch{*db};
    batch.Write(PREFIX_A, Bytes("x"), Bytes("first"));
    batch.Write(PREFIX_A, Bytes("x"), Bytes("second")); // a later write of the same key wins
    batch.Write(PREFIX_B, Bytes("y"), Bytes("why"));
    batch.Erase(PREFIX_A, Bytes("old"));
    batch.Write(PREFIX_C, Bytes("tmp"), Bytes("gone"));
    batch.Erase(PREFIX_C, Bytes("tmp"));
    BOOST_CHECK_EQUAL(batch.Count(), 6U);
    BOOST_CHECK_GT(batch.ApproximateSize(), 0U);

    // Nothing is visible before the commit.
    BOOST_CHECK(db->Read(PREFIX_A, Bytes("x")).status().IsNotFound());
    BOOST_CHECK(RequireOk(db->Read(PREFIX_A, Bytes("old"))) == Bytes("to be erased"));

    BOOST_CHECK(db->WriteBatch(batch, /*sync=*/true).ok());
    BOOST_CHECK(RequireOk(db->Read(PREFIX_A, Bytes("x"))) == Bytes("second"));
    BOOST_CHECK(RequireOk(db->Read(PREFIX_B, Bytes("y"))) == Bytes("why"));
    BOOST_CHECK(db->Read(PREFIX_A, Bytes("old")).status().IsNotFound());
    BOOST_CHECK(db->Read(PREFIX_C, Bytes("tmp")).status().IsNotFound());

    batch.Clear();
    BOOST_CHECK_EQUAL(batch.Count(), 0U);
    BOOST_CHECK(db->WriteBatch(batch, false).ok()); // an empty batch is a no-op
}

BOOST_AUTO_TEST_CASE(reopen_after_process_crash_sees_whole_batches)
{
    // A copy of the directory of a live database is exactly what a killed dotsd leaves behind:
    // LevelDB hands each batch to the OS before Write returns. Every batch must be all or nothing
    // in the copy and every acknowledged one must be there.
    TempDir dir{"db"};
    const auto live = dir.path() / "live";
    const auto crashed = dir.path() / "crashed";
    auto db = RequireOk(DbWrapper::Open(TestOptions(live)));
    for (uint32_t b = 0; b < 20; ++b) {
        DbBatch batch{*db};
        for (uint32_t i = 0; i < 100; ++i) batch.Write(PREFIX_A, NumKey(b * 100 + i), PatternBytes(40, uint8_t(b)));
        batch.Write(PREFIX_B, Bytes("best"), NumKey(b)); // the marker travels with its batch
        BOOST_CHECK(db->WriteBatch(batch, /*sync=*/b % 2 == 0).ok());
    }
    std::filesystem::create_directories(crashed);
    for (const auto& entry : std::filesystem::directory_iterator{live}) {
        if (entry.path().filename() == "LOCK") continue;
        std::filesystem::copy_file(entry.path(), crashed / entry.path().filename());
    }
    auto recovered = RequireOk(DbWrapper::Open(TestOptions(crashed)));
    BOOST_CHECK(RequireOk(recovered->Read(PREFIX_B, Bytes("best"))) == NumKey(19));
    auto it = recovered->NewIterator(PREFIX_A);
    uint32_t n = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next(), ++n) {
        BOOST_CHECK(std::vector<uint8_t>(it->Key().begin(), it->Key().end()) == NumKey(n));
        BOOST_CHECK(it->Value() == PatternBytes(40, uint8_t(n / 100)));
    }
    BOOST_CHECK(it->status().ok());
    BOOST_CHECK_EQUAL(n, 2000U);
}

BOOST_AUTO_TEST_CASE(power_loss_drops_unsynced_batches_whole)
{
    TempDir dir{"db"};
    FaultInjectionEnv env{DefaultEnv()};
    auto options = TestOptions(dir.path() / "db");
    options.env = &env;
    for (const uint64_t torn_bytes : {uint64_t{0}, uint64_t{100}, uint64_t{5000}}) {
        {
            auto db = RequireOk(DbWrapper::Open(options));
            if (torn_bytes == 0) {
                BOOST_CHECK(WriteBlockBatch(*db, 1, 200, /*sync=*/false).ok());
                BOOST_CHECK(WriteBlockBatch(*db, 2, 200, /*sync=*/true).ok()); // makes 1 durable too
            }
            BOOST_CHECK(WriteBlockBatch(*db, 3, 200, /*sync=*/false).ok());
            BOOST_CHECK(RequireOk(db->Read(PREFIX_B, Bytes("best"))) == NumKey(3));
        }
        // Power loss: only what was synced survives; `torn_bytes` of the unsynced log tail remain.
        BOOST_CHECK(env.SimulateCrash(torn_bytes).ok());
        auto db = RequireOk(DbWrapper::Open(options));
        CheckBlocks(*db, 2, 200);
    }
}

BOOST_AUTO_TEST_CASE(full_disk_fails_the_write_and_keeps_earlier_data)
{
    TempDir dir{"db"};
    FaultInjectionEnv env{DefaultEnv()};
    auto options = TestOptions(dir.path() / "db");
    options.env = &env;
    {
        auto db = RequireOk(DbWrapper::Open(options));
        BOOST_CHECK(WriteBlockBatch(*db, 1, 100, true).ok());
        env.SetSpaceLimit(500); // the next batch's log record only partly fits
        const Status s = WriteBlockBatch(*db, 2, 100, true);
        BOOST_CHECK(s.IsIOError());
        BOOST_CHECK_MESSAGE(Contains(s.message(), "No space left on device") && Contains(s.message(), "test database"), s.ToString());
        CheckBlocks(*db, 1, 100); // reads still work
    }
    env.SetSpaceLimit(std::nullopt);
    BOOST_CHECK(env.SimulateCrash().ok());
    auto db = RequireOk(DbWrapper::Open(options));
    CheckBlocks(*db, 1, 100);
    BOOST_CHECK(WriteBlockBatch(*db, 2, 100, true).ok());
    CheckBlocks(*db, 2, 100);
}

BOOST_AUTO_TEST_CASE(failed_fsync_is_reported)
{
    TempDir dir{"db"};
    FaultInjectionEnv env{DefaultEnv()};
    auto options = TestOptions(dir.path() / "db");
    options.env = &env;
    {
        auto db = RequireOk(DbWrapper::Open(options));
        BOOST_CHECK(WriteBlockBatch(*db, 1, 10, true).ok());
        env.SetSyncFailure(true);
        BOOST_CHECK(WriteBlockBatch(*db, 2, 10, true).IsIOError());
        env.SetSyncFailure(false);
    }
    BOOST_CHECK(env.SimulateCrash().ok());
    auto db = RequireOk(DbWrapper::Open(options));
    CheckBlocks(*db, 1, 10);
}

BOOST_AUTO_TEST_CASE(prefix_iteration)
{
    TempDir dir{"db"};
    auto db = RequireOk(DbWrapper::Open(TestOptions(dir.path() / "db")));
    DbBatch batch{*db};
    for (uint32_t i = 0; i < 50; ++i) {
        batch.Write(PREFIX_A, NumKey(i), Bytes("a"));
        batch.Write(PREFIX_B, NumKey(i * 2), PatternBytes(10, uint8_t(i)));
        batch.Write(PREFIX_C, NumKey(i), Bytes("c"));
    }
    BOOST_CHECK(db->WriteBatch(batch, false).ok());

    auto it = db->NewIterator(PREFIX_B);
    std::vector<uint32_t> seen;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
        const auto key = it->Key();
        BOOST_REQUIRE_EQUAL(key.size(), 4U); // the prefix byte is not part of Key()
        const uint32_t n = (uint32_t{key[0]} << 24) | (uint32_t{key[1]} << 16) | (uint32_t{key[2]} << 8) | key[3];
        BOOST_CHECK(it->Value() == PatternBytes(10, uint8_t(n / 2)));
        seen.push_back(n);
    }
    BOOST_CHECK(it->status().ok());
    BOOST_REQUIRE_EQUAL(seen.size(), 50U);
    for (uint32_t i = 0; i < 50; ++i) BOOST_CHECK_EQUAL(seen[i], i * 2);

    // Seek lands on the first key >= the target, within the prefix only.
    it->Seek(NumKey(31));
    BOOST_REQUIRE(it->Valid());
    BOOST_CHECK(std::vector<uint8_t>(it->Key().begin(), it->Key().end()) == NumKey(32));
    it->Seek(NumKey(1000));
    BOOST_CHECK(!it->Valid()); // past the last 'b' key: does not run into 'c'

    // An iterator sees the snapshot of its creation.
    auto snapshot = db->NewIterator(PREFIX_C);
    BOOST_CHECK(db->Write(PREFIX_C, NumKey(1000), Bytes("later")).ok());
    size_t count = 0;
    for (snapshot->SeekToFirst(); snapshot->Valid(); snapshot->Next()) ++count;
    BOOST_CHECK_EQUAL(count, 50U);

    // An empty prefix.
    auto none = db->NewIterator('z');
    none->SeekToFirst();
    BOOST_CHECK(!none->Valid());
}

BOOST_AUTO_TEST_CASE(schema_version_mismatch_is_refused)
{
    TempDir dir{"db"};
    const auto path = dir.path() / "db";
    {
        auto db = RequireOk(DbWrapper::Open(TestOptions(path, /*version=*/3)));
        BOOST_CHECK(db->Write(PREFIX_A, Bytes("k"), Bytes("v")).ok());
    }
    auto newer = DbWrapper::Open(TestOptions(path, /*version=*/4));
    BOOST_REQUIRE(!newer.ok());
    BOOST_CHECK(newer.status().IsInvalidArgument());
    const std::string msg = newer.status().message();
    BOOST_CHECK_MESSAGE(Contains(msg, "schema version 3") && Contains(msg, "uses 4") && Contains(msg, path.string()), msg);
    // The refused open changed nothing: the right version still opens and reads.
    auto db = RequireOk(DbWrapper::Open(TestOptions(path, 3)));
    BOOST_CHECK(RequireOk(db->Read(PREFIX_A, Bytes("k"))) == Bytes("v"));
    BOOST_CHECK(DbWrapper::Open(TestOptions(path, 0)).status().IsInvalidArgument());
}

BOOST_AUTO_TEST_CASE(foreign_leveldb_is_refused_and_wipe_clears)
{
    TempDir dir{"db"};
    const auto path = dir.path() / "foreign";
    {
        leveldb::Options options;
        options.create_if_missing = true;
        leveldb::DB* raw = nullptr;
        BOOST_REQUIRE(leveldb::DB::Open(options, path.string(), &raw).ok());
        std::unique_ptr<leveldb::DB> foreign{raw};
        BOOST_REQUIRE(foreign->Put(leveldb::WriteOptions{}, "Bsomething", "else").ok());
    }
    auto refused = DbWrapper::Open(TestOptions(path));
    BOOST_CHECK(refused.status().IsInvalidArgument());
    BOOST_CHECK_MESSAGE(Contains(refused.status().message(), "no DOTS schema version"), refused.status().ToString());

    auto options = TestOptions(path);
    options.wipe = true;
    auto db = RequireOk(DbWrapper::Open(options));
    BOOST_CHECK(*db->IsEmpty());
    BOOST_CHECK_EQUAL(db->SchemaVersion(), 1U);
}

BOOST_AUTO_TEST_CASE(values_are_obfuscated_on_disk)
{
    TempDir dir{"db"};
    const auto path = dir.path() / "db";
    const auto plain = Bytes("a chain-chosen byte pattern, e.g. a virus signature");
    std::array<uint8_t, DB_OBFUSCATION_KEY_SIZE> key{};
    {
        auto db = RequireOk(DbWrapper::Open(TestOptions(path)));
        key = db->ObfuscationKey();
        BOOST_CHECK(db->Write(PREFIX_A, Bytes("k"), plain).ok());
    }
    leveldb::DB* raw = nullptr;
    BOOST_REQUIRE(leveldb::DB::Open(leveldb::Options{}, path.string(), &raw).ok());
    std::unique_ptr<leveldb::DB> ldb{raw};
    std::string stored;
    BOOST_REQUIRE(ldb->Get(leveldb::ReadOptions{}, "ak", &stored).ok());
    BOOST_REQUIRE_EQUAL(stored.size(), plain.size());
    BOOST_CHECK(std::vector<uint8_t>(stored.begin(), stored.end()) != plain);
    for (size_t i = 0; i < plain.size(); ++i) {
        BOOST_CHECK_EQUAL(uint8_t(stored[i]), uint8_t(plain[i] ^ key[i % key.size()]));
    }
}

BOOST_AUTO_TEST_CASE(second_open_of_same_directory_fails)
{
    TempDir dir{"db"};
    auto db = RequireOk(DbWrapper::Open(TestOptions(dir.path() / "db")));
    auto second = DbWrapper::Open(TestOptions(dir.path() / "db"));
    BOOST_CHECK(second.status().IsIOError());
    BOOST_CHECK_MESSAGE(Contains(second.status().message(), "test database"), second.status().ToString());
}

BOOST_AUTO_TEST_CASE(corruption_is_reported)
{
    TempDir dir{"db"};
    const auto path = dir.path() / "db";
    {
        auto options = TestOptions(path);
        auto db = RequireOk(DbWrapper::Open(options));
        DbBatch batch{*db};
        for (uint32_t i = 0; i < 20000; ++i) batch.Write(PREFIX_A, NumKey(i), PatternBytes(100, uint8_t(i)));
        BOOST_CHECK(db->WriteBatch(batch, true).ok());
        db->CompactPrefix(PREFIX_A); // move everything into table files
    }
    // Damage the data blocks of every table file (simulated bit rot).
    size_t tables = 0;
    for (const auto& entry : std::filesystem::directory_iterator{path}) {
        if (entry.path().extension() != ".ldb") continue;
        const auto size = std::filesystem::file_size(entry.path());
        for (uint64_t off = size / 8; off < size / 2; off += 4096) FlipByte(entry.path(), off, 0x5a);
        ++tables;
    }
    BOOST_REQUIRE_GT(tables, 0U);

    auto db = DbWrapper::Open(TestOptions(path));
    Status found;
    if (!db.ok()) {
        found = db.status();
    } else {
        auto it = (*db)->NewIterator(PREFIX_A);
        for (it->SeekToFirst(); it->Valid(); it->Next()) {}
        found = it->status();
        if (found.ok()) {
            for (uint32_t i = 0; i < 20000 && found.ok(); ++i) found = (*db)->Read(PREFIX_A, NumKey(i)).status();
        }
    }
    BOOST_CHECK_MESSAGE(found.IsCorruption(), found.ToString());
    BOOST_CHECK_MESSAGE(Contains(found.message(), "test database") && Contains(found.message(), "damaged"), found.ToString());
}

BOOST_AUTO_TEST_CASE(estimated_size_tracks_prefixes)
{
    TempDir dir{"db"};
    auto db = RequireOk(DbWrapper::Open(TestOptions(dir.path() / "db")));
    DbBatch batch{*db};
    for (uint32_t i = 0; i < 10000; ++i) batch.Write(PREFIX_B, NumKey(i), PatternBytes(100, uint8_t(i)));
    batch.Write(PREFIX_A, Bytes("small"), Bytes("x"));
    BOOST_CHECK(db->WriteBatch(batch, false).ok());
    db->CompactPrefix(PREFIX_A);
    db->CompactPrefix(PREFIX_B); // sizes are estimated from table files
    const uint64_t b = db->EstimatePrefixSize(PREFIX_B);
    const uint64_t a = db->EstimatePrefixSize(PREFIX_A);
    BOOST_CHECK_MESSAGE(b > 500000 && b < 3000000, b);
    BOOST_CHECK_MESSAGE(a < 100000, a);
    const uint64_t half = db->EstimateSize(PREFIX_B, NumKey(0), NumKey(5000));
    BOOST_CHECK_MESSAGE(half > b / 4 && half < b, half);
    BOOST_CHECK_EQUAL(db->EstimatePrefixSize('z'), 0U);
}

BOOST_AUTO_TEST_SUITE_END()
