// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// MergedCursor (chainstate/merged_cursor.h) and the cursors CoinsViewDB builds with it: a cache's
// unflushed changes over a database snapshot, in key order — cache only, database only, entries
// overridden and erased by the cache, prefix and start bounds, the snapshot, and the coins and
// registry cursors against a flushed database.

#include <chainstate/coins.h>
#include <chainstate/coinsdb.h>
#include <chainstate/merged_cursor.h>
#include <crypto/random.h>
#include <storage/dbwrapper.h>

#include <boost/test/unit_test.hpp>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using namespace chainstate;

namespace {

using Entries = std::vector<std::pair<std::string, std::string>>;

std::span<const uint8_t> Bytes(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

/** An in-memory chainstate database and a cache on it. */
struct CursorFixture {
    std::unique_ptr<storage::DbWrapper> db;
    std::unique_ptr<CoinsViewDB> view;

    CursorFixture()
    {
        storage::DbOptions options;
        options.path = options.name = "chainstate";
        options.memory_only = true;
        options.schema_version = CHAINSTATE_SCHEMA_VERSION;
        auto opened = storage::DbWrapper::Open(options);
        BOOST_REQUIRE_MESSAGE(opened.ok(), opened.status().ToString());
        db = std::move(*opened);
        view = std::make_unique<CoinsViewDB>(*db);
    }

    void Put(const std::string& key, const std::string& value)
    {
        BOOST_REQUIRE(db->Write(DB_RECORD, Bytes(key), Bytes(value)).ok());
    }

    /** What a MergedCursor over the records shows with `changes`, `prefix` and `start`. */
    Entries Walk(std::vector<KeyChange> changes, const std::string& prefix = "", const std::string& start = "")
    {
        MergedCursor cursor{std::move(changes), db->NewIterator(DB_RECORD), prefix, start};
        return Drain(cursor);
    }

    static Entries Drain(MergedCursor& cursor)
    {
        Entries out;
        for (; cursor.Valid(); cursor.Next()) out.emplace_back(cursor.Key(), cursor.Value());
        BOOST_CHECK(cursor.status().ok());
        return out;
    }
};

KeyChange Set(const std::string& key, const std::string& value) { return KeyChange{key, value}; }
KeyChange Erase(const std::string& key) { return KeyChange{key, std::nullopt}; }

/** A distinct coin for `i`. */
Coin TestCoin(uint32_t i)
{
    CTxOut out;
    out.value = 1000 + i;
    out.lock.type = LockType::KEY_HASH;
    out.lock.program.fill(static_cast<uint8_t>(i));
    return Coin{out, i, i % 3 == 0};
}

uint256 Txid(uint8_t b)
{
    std::array<uint8_t, 32> bytes{};
    bytes.fill(b);
    return uint256{bytes};
}

std::map<COutPoint, Coin> WalkCoins(CoinsViewCursor& cursor, std::vector<COutPoint>* order = nullptr)
{
    std::map<COutPoint, Coin> out;
    for (; cursor.Valid(); cursor.Next()) {
        auto entry = cursor.Get();
        BOOST_REQUIRE(entry);
        if (order) order->push_back(entry->outpoint);
        out.emplace(entry->outpoint, entry->coin);
    }
    BOOST_CHECK(cursor.status().ok());
    return out;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(merged_cursor_tests, CursorFixture)

BOOST_AUTO_TEST_CASE(database_only)
{
    Put("b", "2");
    Put("a", "1");
    Put("c", "3");
    BOOST_CHECK(Walk({}) == (Entries{{"a", "1"}, {"b", "2"}, {"c", "3"}}));
    BOOST_CHECK(Walk({}, "", "b") == (Entries{{"b", "2"}, {"c", "3"}}));
    BOOST_CHECK(Walk({}, "d").empty());
}

BOOST_AUTO_TEST_CASE(cache_only)
{
    // Changes arrive unordered (a hash map's order) and come out in key order; erases of keys
    // the database does not have show nothing.
    BOOST_CHECK(Walk({Set("c", "3"), Set("a", "1"), Erase("x"), Set("b", "2")}) ==
                (Entries{{"a", "1"}, {"b", "2"}, {"c", "3"}}));
    BOOST_CHECK(Walk({Erase("a")}).empty());
    BOOST_CHECK(Walk({}).empty());
}

BOOST_AUTO_TEST_CASE(overridden_and_erased)
{
    for (const char* k : {"b", "d", "f", "h"}) Put(k, std::string{"db-"} + k);
    const Entries got = Walk({
        Set("a", "new-a"),   // before every database key
        Set("b", "cache-b"), // overrides
        Erase("d"),          // hides
        Set("e", "new-e"),   // between database keys
        Erase("g"),          // erases a key the database never had
        Erase("h"),          // hides the last database key
        Set("i", "new-i"),   // after every database key
    });
    BOOST_CHECK(got == (Entries{{"a", "new-a"}, {"b", "cache-b"}, {"e", "new-e"}, {"f", "db-f"}, {"i", "new-i"}}));
    // Hiding every database entry leaves nothing.
    BOOST_CHECK(Walk({Erase("b"), Erase("d"), Erase("f"), Erase("h")}).empty());
}

BOOST_AUTO_TEST_CASE(prefix_and_start_bounds)
{
    // Keys just outside the prefix "h" on both sides, in both sources, and bytes >= 0x80, which
    // sort after 0x7f (bytewise, unsigned).
    for (const std::string k : {"g", "gz", "h", "h\x7f", "hb", "i", "i0"}) Put(k, "db");
    const std::vector<KeyChange> changes{Set("g\xff", "c"), Set("h\x01", "c"), Set("h\xff", "c"), Erase("hb"),
                                         Set("ha", "c"), Set("h\x80", "c"), Set("ia", "c"), Set(std::string("h\0", 2), "c")};
    auto keys = [](const Entries& entries) {
        std::vector<std::string> out;
        for (const auto& [k, v] : entries) out.push_back(k);
        return out;
    };
    BOOST_CHECK(keys(Walk(changes, "h")) ==
                (std::vector<std::string>{"h", std::string("h\0", 2), "h\x01", "ha", "h\x7f", "h\x80", "h\xff"}));
    // From a start inside the range; a start before the prefix means the prefix.
    BOOST_CHECK(keys(Walk(changes, "h", "h\x7f")) == (std::vector<std::string>{"h\x7f", "h\x80", "h\xff"}));
    BOOST_CHECK(keys(Walk(changes, "h", "a")).size() == 7u);
    // A start past the range, and a prefix nothing has.
    BOOST_CHECK(Walk(changes, "h", "i").empty());
    BOOST_CHECK(Walk(changes, "j").empty());
    // Without a prefix, everything in order.
    // Without a prefix, everything: 7 database keys and 7 new ones, less "hb" which is erased.
    BOOST_CHECK_EQUAL(Walk(changes).size(), 13u);
}

BOOST_AUTO_TEST_CASE(snapshot_of_the_database)
{
    Put("a", "1");
    Put("c", "3");
    MergedCursor cursor{{Set("b", "2")}, db->NewIterator(DB_RECORD)};
    // Written after the cursor was made (a flush while an RPC walks): not seen.
    Put("a", "changed");
    Put("bb", "new");
    BOOST_CHECK(Drain(cursor) == (Entries{{"a", "1"}, {"b", "2"}, {"c", "3"}}));
}

BOOST_AUTO_TEST_CASE(random_against_a_model)
{
    FastRandomContext rng{42};
    const std::string alphabet{"ab\x7f\x80"};
    auto random_key = [&] {
        std::string k;
        for (uint64_t n = 1 + rng.RandRange(3); n > 0; --n) k += alphabet[rng.RandRange(alphabet.size())];
        return k;
    };
    for (int round = 0; round < 200; ++round) {
        CursorFixture f;
        std::map<std::string, std::string> model;
        for (int i = 0; i < 20; ++i) {
            const std::string k = random_key();
            f.Put(k, "db" + std::to_string(i));
            model[k] = "db" + std::to_string(i);
        }
        std::map<std::string, std::optional<std::string>> change_map;
        for (int i = 0; i < 15; ++i) {
            change_map[random_key()] = rng.RandRange(3) == 0 ? std::nullopt : std::optional<std::string>{"c" + std::to_string(i)};
        }
        std::vector<KeyChange> changes;
        for (const auto& [k, v] : change_map) {
            changes.push_back(KeyChange{k, v});
            if (v) {
                model[k] = *v;
            } else {
                model.erase(k);
            }
        }
        std::reverse(changes.begin(), changes.end());
        const std::string prefix = rng.RandRange(2) ? random_key().substr(0, 1) : "";
        const std::string start = rng.RandRange(2) ? random_key() : "";
        Entries expected;
        for (const auto& [k, v] : model) {
            if (k.starts_with(prefix) && k >= start) expected.emplace_back(k, v);
        }
        BOOST_REQUIRE(f.Walk(changes, prefix, start) == expected);
    }
}

BOOST_AUTO_TEST_CASE(coins_cursor_with_changes)
{
    CoinsViewCache cache{view.get()};
    // Flushed coins, including output indexes whose varint keys change length (127/128,
    // 16511/16512), so the merge order must be the database's byte order.
    const std::vector<uint32_t> indexes{0, 1, 127, 128, 300, 16511, 16512};
    for (uint8_t t = 1; t <= 4; ++t) {
        for (uint32_t n : indexes) cache.AddCoin(COutPoint{Txid(t), n}, TestCoin(t * 100 + n % 100), false);
    }
    cache.SetBestBlock(Txid(0xb1));
    BOOST_REQUIRE(cache.Flush().ok());
    // Unflushed: spend some flushed coins, add new ones between them, overwrite none.
    for (uint32_t n : {1u, 128u, 16512u}) BOOST_REQUIRE(cache.SpendCoin(COutPoint{Txid(2), n}));
    for (uint32_t n : {2u, 129u, 16513u}) cache.AddCoin(COutPoint{Txid(2), n}, TestCoin(900 + n % 100), false);
    cache.AddCoin(COutPoint{Txid(9), 5}, TestCoin(77), false);
    cache.AddCoin(COutPoint{Txid(0), 5}, TestCoin(78), false);
    // A coin created and spent in the cache (FRESH) never shows.
    cache.AddCoin(COutPoint{Txid(5), 0}, TestCoin(79), false);
    BOOST_REQUIRE(cache.SpendCoin(COutPoint{Txid(5), 0}));
    cache.SetBestBlock(Txid(0xb2));

    auto merged = view->CursorWithChanges(cache);
    BOOST_CHECK(merged->GetBestBlock() == Txid(0xb2));
    std::vector<COutPoint> merged_order;
    const auto merged_coins = WalkCoins(*merged, &merged_order);
    BOOST_CHECK_EQUAL(merged_coins.size(), 4 * indexes.size() + 2);
    BOOST_CHECK(!merged_coins.count(COutPoint{Txid(2), 128}));
    BOOST_CHECK(merged_coins.at(COutPoint{Txid(2), 16513}) == TestCoin(900 + 16513 % 100));
    // The database alone still has the flushed state.
    BOOST_CHECK(view->Cursor()->GetBestBlock() == Txid(0xb1));
    BOOST_CHECK_EQUAL(WalkCoins(*view->Cursor()).size(), 4 * indexes.size());

    // Statistics over the merged cursor equal those of the flushed database, and the walk order
    // is the database's.
    auto merged_stats = ComputeCoinsStats(*view->CursorWithChanges(cache), 0);
    BOOST_REQUIRE(merged_stats.ok());
    BOOST_REQUIRE(cache.Flush().ok());
    auto flushed_stats = ComputeCoinsStats(*view);
    BOOST_REQUIRE(flushed_stats.ok());
    BOOST_CHECK(merged_stats->hash_serialized == flushed_stats->hash_serialized);
    BOOST_CHECK_EQUAL(merged_stats->txouts, flushed_stats->txouts);
    BOOST_CHECK_EQUAL(merged_stats->transactions, flushed_stats->transactions);
    BOOST_CHECK_EQUAL(merged_stats->total_amount, flushed_stats->total_amount);
    BOOST_CHECK(merged_stats->best_block == flushed_stats->best_block);
    std::vector<COutPoint> flushed_order;
    BOOST_CHECK(WalkCoins(*view->Cursor(), &flushed_order) == merged_coins);
    BOOST_CHECK(flushed_order == merged_order);
}

BOOST_AUTO_TEST_CASE(record_cursor_with_changes)
{
    CoinsViewCache cache{view.get()};
    cache.PutRecord("ha", "1");
    cache.PutRecord("hb", "2");
    cache.PutRecord("hc", "3");
    cache.PutRecord("n1", "node");
    cache.SetBestBlock(Txid(0xb1));
    BOOST_REQUIRE(cache.Sync().ok()); // records stay cached, now clean
    cache.PutRecord("hb", std::nullopt);
    cache.PutRecord("hd", "4");
    cache.PutRecord("ha", "1'");
    BOOST_CHECK(cache.GetRecord("hc") == std::optional<std::string>{"3"}); // a clean cached read
    cache.PutRecord("n2", "other table");

    auto merged = view->RecordCursor(&cache, "h", "");
    BOOST_CHECK(Drain(*merged) == (Entries{{"ha", "1'"}, {"hc", "3"}, {"hd", "4"}}));
    auto from = view->RecordCursor(&cache, "h", "hc");
    BOOST_CHECK(Drain(*from) == (Entries{{"hc", "3"}, {"hd", "4"}}));
    auto db_only = view->RecordCursor(nullptr, "h", "");
    BOOST_CHECK(Drain(*db_only) == (Entries{{"ha", "1"}, {"hb", "2"}, {"hc", "3"}}));
    // After a flush the database alone shows what the merged cursor showed.
    BOOST_REQUIRE(cache.Flush().ok());
    auto flushed = view->RecordCursor(nullptr, "h", "");
    BOOST_CHECK(Drain(*flushed) == (Entries{{"ha", "1'"}, {"hc", "3"}, {"hd", "4"}}));
}

BOOST_AUTO_TEST_SUITE_END()
