// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The chainstate side of the registry (chainstate/registry_store.h): the per-block record diff
// (recording, encoding, applying it backward and forward) and registry records through the
// coins cache and the chainstate database.

#include <chainstate/coins.h>
#include <chainstate/coinsdb.h>
#include <chainstate/registry_store.h>
#include <consensus/params.h>
#include <consensus/registry_payload.h>
#include <consensus/registry_rules.h>
#include <consensus/registry_state.h>
#include <crypto/key.h>
#include <interfaces/gateway_index.h>

#include <storage/dbwrapper.h>
#include <test/util/db.h>
#include <test/util/registry.h>

#include <boost/test/unit_test.hpp>

#include <cstring>
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using namespace chainstate;
using namespace test;

namespace {

/** A base view with no coins and a map of registry records (applies DIRTY records on write). */
class MapRecordView final : public CoinsView
{
public:
    std::map<std::string, std::string> records;
    uint256 best;
    size_t writes{0};

    std::optional<Coin> GetCoin(const COutPoint&) const override { return std::nullopt; }
    uint256 GetBestBlock() const override { return best; }
    std::optional<std::string> GetRecord(const std::string& key) const override
    {
        auto it = records.find(key);
        if (it == records.end()) return std::nullopt;
        return it->second;
    }
    storage::Status BatchWrite(CoinsMap&, RecordMap& map, const uint256& best_block, bool) override
    {
        ++writes;
        for (const auto& [key, entry] : map) {
            if (!(entry.flags & COINS_DIRTY)) continue;
            if (entry.value) {
                records[key] = *entry.value;
            } else {
                records.erase(key);
            }
        }
        if (!best_block.IsNull()) best = best_block;
        return storage::Status::OK();
    }
};

uint256 Hash(uint8_t b)
{
    std::array<uint8_t, 32> bytes{};
    bytes.fill(b);
    return uint256{bytes};
}

std::optional<std::string> S(const char* s) { return std::string{s}; }
const std::optional<std::string> NONE;

std::vector<std::pair<std::string, std::string>> AllRecords(const CoinsViewDB& view, const std::string& prefix = "",
                                                            const std::string& start = "")
{
    std::vector<std::pair<std::string, std::string>> out;
    const storage::Status s = view.ForEachRecord(prefix, start, [&](const std::string& k, const std::string& v) {
        out.emplace_back(k, v);
        return true;
    });
    BOOST_CHECK_MESSAGE(s.ok(), s.ToString());
    return out;
}

RecordDiff SampleDiff()
{
    RecordDiff diff;
    diff.changes.push_back(RecordChange{"ha", S("1"), S("22")});
    diff.changes.push_back(RecordChange{"hb", NONE, S("x")});
    diff.changes.push_back(RecordChange{"hc", S("gone"), NONE});
    diff.changes.push_back(RecordChange{"hd", NONE, NONE});
    diff.changes.push_back(RecordChange{std::string("k\0\x01", 3), S(""), S(std::string(300, '\xff').c_str())});
    return diff;
}

} // namespace

BOOST_AUTO_TEST_SUITE(registry_store_tests)

BOOST_AUTO_TEST_CASE(diff_recording_first_before_last_after)
{
    MapRecordView base;
    base.records = {{"a", "1"}, {"b", "2"}, {"e", "5"}};
    CoinsViewCache parent{&base};
    CoinsViewCache view{&parent};
    DiffRecordingStore store{view};

    BOOST_CHECK(store.Get("a") == S("1"));
    BOOST_CHECK(store.Get("zz") == NONE);
    store.Put("a", S("3"));
    store.Put("a", S("4"));
    store.Put("c", S("5"));
    store.Put("b", NONE);
    store.Put("d", S("6"));
    store.Put("d", NONE);
    store.Put("e", S("7"));
    store.Put("e", S("5")); // back to the original value: still listed
    store.Put("a", S("8"));
    // Reads go through to the view and see the writes.
    BOOST_CHECK(store.Get("a") == S("8"));
    BOOST_CHECK(store.Get("b") == NONE);
    BOOST_CHECK(view.GetRecord("c") == S("5"));
    // Nothing reached the parent yet.
    BOOST_CHECK(parent.GetRecord("a") == S("1"));

    RecordDiff diff = store.TakeDiff();
    const std::vector<RecordChange> expected{
        {"a", S("1"), S("8")}, {"c", NONE, S("5")}, {"b", S("2"), NONE}, {"d", NONE, NONE}, {"e", S("5"), S("5")},
    };
    BOOST_CHECK(diff.changes == expected);
    BOOST_CHECK(RecordDiffMatches(diff, view, /*forward=*/true));
    BOOST_CHECK(!RecordDiffMatches(diff, view, /*forward=*/false));

    // After TakeDiff a new diff starts from the current values.
    BOOST_CHECK(store.TakeDiff().changes.empty());
    store.Put("a", S("9"));
    RecordDiff next = store.TakeDiff();
    BOOST_CHECK(next.changes == (std::vector<RecordChange>{{"a", S("8"), S("9")}}));
}

BOOST_AUTO_TEST_CASE(diff_encode_decode)
{
    for (const RecordDiff& diff : {RecordDiff{}, SampleDiff()}) {
        const std::vector<uint8_t> bytes = diff.Encode();
        auto decoded = RecordDiff::Decode(bytes);
        BOOST_REQUIRE(decoded);
        BOOST_CHECK(*decoded == diff);
        // Every truncation fails.
        for (size_t len = 0; len < bytes.size(); ++len) {
            BOOST_CHECK_MESSAGE(!RecordDiff::Decode(std::span{bytes.data(), len}), "truncated to " << len);
        }
        // Trailing bytes fail.
        std::vector<uint8_t> trailing = bytes;
        trailing.push_back(0);
        BOOST_CHECK(!RecordDiff::Decode(trailing));
    }
    // Encoding of the empty diff is one CompactSize zero.
    BOOST_CHECK(RecordDiff{}.Encode() == std::vector<uint8_t>{0});

    // An option byte other than 0 or 1 fails.
    RecordDiff one;
    one.changes.push_back(RecordChange{"k", NONE, NONE});
    std::vector<uint8_t> bytes = one.Encode();
    BOOST_REQUIRE_EQUAL(bytes.size(), 5u); // n=1, len=1, 'k', 0, 0
    BOOST_CHECK(RecordDiff::Decode(bytes));
    bytes[3] = 2;
    BOOST_CHECK(!RecordDiff::Decode(bytes));
    bytes[3] = 0;
    bytes[4] = 0xff;
    BOOST_CHECK(!RecordDiff::Decode(bytes));
    // A count larger than the data fails (without allocating for it).
    std::vector<uint8_t> huge{0xfe, 0xff, 0xff, 0xff, 0x7f};
    BOOST_CHECK(!RecordDiff::Decode(huge));
}

BOOST_AUTO_TEST_CASE(apply_record_diff_backward_and_forward)
{
    MapRecordView base;
    base.records = {{"ha", "1"}, {"hc", "gone"}, {"hz", "untouched"}, {std::string("k\0\x01", 3), ""}};
    CoinsViewCache view{&base};
    const RecordDiff diff = SampleDiff();

    BOOST_CHECK(RecordDiffMatches(diff, view, /*forward=*/false));
    ApplyRecordDiff(diff, view, /*forward=*/true);
    BOOST_CHECK(RecordDiffMatches(diff, view, true));
    BOOST_CHECK(view.GetRecord("ha") == S("22"));
    BOOST_CHECK(view.GetRecord("hc") == NONE);
    BOOST_CHECK(view.GetRecord("hz") == S("untouched"));
    // Idempotent.
    ApplyRecordDiff(diff, view, true);
    BOOST_CHECK(RecordDiffMatches(diff, view, true));

    ApplyRecordDiff(diff, view, /*forward=*/false);
    BOOST_CHECK(RecordDiffMatches(diff, view, false));
    ApplyRecordDiff(diff, view, false);
    BOOST_CHECK(RecordDiffMatches(diff, view, false));
    view.SetBestBlock(Hash(1));
    BOOST_REQUIRE(view.Flush().ok());
    // Exactly the original records.
    BOOST_CHECK(base.records == (std::map<std::string, std::string>{
                                    {"ha", "1"}, {"hc", "gone"}, {"hz", "untouched"}, {std::string("k\0\x01", 3), ""}}));
}

BOOST_AUTO_TEST_CASE(block_connector_diff_round_trip)
{
    // Registry blocks recorded through DiffRecordingStore over a coins cache, as validation does,
    // across a seed (the frozen set), an agenda height (a bond credit, a settlement-key erasure) and
    // an epoch erasure; undone block by block to nothing, and redone to the same state.
    using namespace consensus;
    using test::TestKey;
    MapRecordView base;
    CoinsViewCache view{&base};
    std::map<int32_t, uint256> hashes{{0, test::FakeBlockHash(0)}};

    const auto connect = [&](int32_t height, const std::vector<CTransaction>& txs) {
        DiffRecordingStore store{view};
        consensus::BlockContext ctx;
        ctx.height = height;
        ctx.params = &test::RegtestParams();
        ctx.ancestor_hash = [&](int32_t h) -> std::optional<uint256> { return hashes.at(h); };
        consensus::BlockConnector conn{store, ctx};
        conn.BeginBlock();
        for (const CTransaction& tx : txs) {
            consensus::TxValidationState state;
            BOOST_REQUIRE_MESSAGE(conn.ApplyTransaction(tx, state), state.GetRejectReason());
        }
        conn.EndBlock();
        hashes[height] = test::FakeBlockHash(height);
        return store.TakeDiff();
    };
    const auto all_records = [&] {
        view.SetBestBlock(Hash(1));
        BOOST_REQUIRE(view.Flush().ok());
        return base.records;
    };
    // The gateway index over the node records, as the RPC builds it.
    const TestKey a{0x21}, b{0x22}, c{0x23};
    const auto gateways = [&] {
        std::vector<NodeRecord> records;
        for (const TestKey* k : {&a, &b, &c}) {
            if (auto r = consensus::ReadNode(chainstate::ViewRecordStore{view}, k->pub)) records.push_back(std::move(*r));
        }
        return interfaces::GatewayIndex::Build(records);
    };

    std::vector<RecordDiff> diffs;
    std::vector<std::map<std::string, std::string>> states{all_records()};
    for (int32_t h = 1; h <= 70; ++h) {
        std::vector<CTransaction> txs;
        if (h == 1) {
            for (const TestKey* k : {&a, &b, &c}) txs.push_back(test::RegistryTx(test::NodeStmt(*k, 1, NodeOp::REGISTER, COIN, 0, {"+44"})));
        }
        if (h == 2) txs.push_back(test::RegistryTx(consensus::Deposit{a.pub, b.pub, 1000}));
        if (h == 3) txs.push_back(test::RegistryTx(test::SettlementOf(a, b, {test::Voucher(a, b, 0, 120, 60)})));
        if (h == 5) txs.push_back(test::RegistryTx(test::NodeStmt(c, 2, NodeOp::DEREGISTER, 0)));
        diffs.push_back(connect(h, txs));
        states.push_back(all_records());
        // The undo section survives its encoding.
        auto decoded = RecordDiff::Decode(diffs.back().Encode());
        BOOST_REQUIRE(decoded);
        BOOST_CHECK(*decoded == diffs.back());
    }
    BOOST_CHECK(consensus::ReadNode(chainstate::ViewRecordStore{view}, c.pub)->prefixes == std::vector<std::string>{"+44"});
    BOOST_CHECK_EQUAL(gateways().LookupNumber("+4412345").size(), 2u); // c is inactive
    BOOST_CHECK_EQUAL(consensus::ReadBalance(chainstate::ViewRecordStore{view}, c.pub), COIN); // credited at 55
    BOOST_CHECK_EQUAL(consensus::ReadBalance(chainstate::ViewRecordStore{view}, b.pub), 120);
    // Settlement keys, receipts of epoch 1 and the epoch-1 frozen set are gone; epoch 2's and 3's sets stay.
    const auto& last = states.back();
    BOOST_CHECK(std::none_of(last.begin(), last.end(), [](const auto& kv) { return kv.first[0] == consensus::TABLE_SETTLEMENT; }));
    BOOST_CHECK(!last.count(FrozenHeaderKey(1)));
    BOOST_CHECK(last.count(FrozenHeaderKey(2)) && last.count(FrozenHeaderKey(3)));
    // No index records in the consensus state.
    BOOST_CHECK(std::none_of(last.begin(), last.end(), [](const auto& kv) { return kv.first[0] == 'o' || kv.first[0] == 'x'; }));

    // Undo block by block: each state exactly as before the block; then redo (twice: idempotent).
    for (size_t i = diffs.size(); i-- > 0;) {
        BOOST_CHECK(RecordDiffMatches(diffs[i], view, /*forward=*/true));
        ApplyRecordDiff(diffs[i], view, /*forward=*/false);
        BOOST_REQUIRE_MESSAGE(all_records() == states[i], "state before block " << i + 1);
    }
    BOOST_CHECK(base.records.empty());
    for (size_t i = 0; i < diffs.size(); ++i) {
        ApplyRecordDiff(diffs[i], view, /*forward=*/true);
        ApplyRecordDiff(diffs[i], view, /*forward=*/true);
        BOOST_REQUIRE_MESSAGE(all_records() == states[i + 1], "state after block " << i + 1);
    }
}

BOOST_AUTO_TEST_CASE(cache_and_database_records)
{
    auto db = MemDb("chainstate", CHAINSTATE_SCHEMA_VERSION);
    CoinsViewDB dbview{*db};
    {
        CoinsViewCache cache{&dbview};
        BOOST_CHECK(cache.GetRecord("ha") == NONE); // a cached miss
        cache.PutRecord("ha", S("1"));
        cache.PutRecord("hb", S("2"));
        cache.PutRecord("hc", S("3"));
        cache.PutRecord("hc", NONE); // created and erased before any flush
        BOOST_CHECK(cache.GetRecord("ha") == S("1"));
        BOOST_CHECK(cache.GetRecord("hc") == NONE);
        BOOST_CHECK(dbview.GetRecord("ha") == NONE);
        // A flush needs a best block.
        BOOST_CHECK(!cache.Flush().ok());
        cache.SetBestBlock(Hash(1));
        BOOST_REQUIRE(cache.Flush().ok());
        BOOST_CHECK_EQUAL(cache.GetRecordCacheSize(), 0u);
        BOOST_CHECK(dbview.GetRecord("ha") == S("1"));
        BOOST_CHECK(dbview.GetRecord("hb") == S("2"));
        BOOST_CHECK(dbview.GetRecord("hc") == NONE);
        BOOST_CHECK(dbview.GetBestBlock() == Hash(1));
        // Read back through the (now empty) cache.
        BOOST_CHECK(cache.GetRecord("hb") == S("2"));
    }
    {
        // Sync writes but keeps the records cached.
        CoinsViewCache cache{&dbview};
        cache.SetBestBlock(Hash(2));
        cache.PutRecord("ha", NONE);
        cache.PutRecord("hb", S("22"));
        cache.PutRecord("hd", S("4"));
        BOOST_REQUIRE(cache.Sync().ok());
        BOOST_CHECK_EQUAL(cache.GetRecordCacheSize(), 3u);
        BOOST_CHECK(dbview.GetRecord("ha") == NONE);
        BOOST_CHECK(dbview.GetRecord("hb") == S("22"));
        BOOST_CHECK(dbview.GetRecord("hd") == S("4"));
        BOOST_CHECK(cache.GetRecord("ha") == NONE);
        BOOST_CHECK(cache.GetRecord("hb") == S("22"));
        // The synced entries are clean: a later flush writes only new changes.
        cache.PutRecord("he", S("5"));
        BOOST_REQUIRE(cache.Sync().ok());
        BOOST_CHECK(dbview.GetRecord("he") == S("5"));
        BOOST_CHECK(dbview.GetRecord("hb") == S("22"));
        // Changed behind the cache's back (as by another writer), then a sync of the cache
        // does not write its clean copy back.
        {
            CoinsViewCache other{&dbview};
            other.SetBestBlock(Hash(3));
            other.PutRecord("hb", S("other"));
            BOOST_REQUIRE(other.Flush().ok());
        }
        cache.SetBestBlock(Hash(3));
        BOOST_REQUIRE(cache.Sync().ok());
        BOOST_CHECK(dbview.GetRecord("hb") == S("other"));
    }
    {
        // Nested caches: a child's flush reaches its parent only; erasures propagate.
        CoinsViewCache parent{&dbview};
        parent.SetBestBlock(Hash(4));
        {
            CoinsViewCache child{&parent};
            BOOST_CHECK(child.GetRecord("hd") == S("4"));
            child.PutRecord("hd", NONE);
            child.PutRecord("hf", S("6"));
            child.SetBestBlock(Hash(4));
            BOOST_REQUIRE(child.Flush().ok());
        }
        BOOST_CHECK(parent.GetRecord("hd") == NONE);
        BOOST_CHECK(parent.GetRecord("hf") == S("6"));
        BOOST_CHECK(dbview.GetRecord("hd") == S("4"));
        BOOST_CHECK(dbview.GetRecord("hf") == NONE);
        BOOST_REQUIRE(parent.Flush().ok());
        BOOST_CHECK(dbview.GetRecord("hd") == NONE);
        BOOST_CHECK(dbview.GetRecord("hf") == S("6"));
    }
    const auto all = AllRecords(dbview);
    const std::vector<std::pair<std::string, std::string>> expected{
        {"hb", "other"}, {"he", "5"}, {"hf", "6"}};
    BOOST_CHECK(all == expected);
}

BOOST_AUTO_TEST_CASE(database_for_each_record)
{
    auto db = MemDb("chainstate", CHAINSTATE_SCHEMA_VERSION);
    CoinsViewDB dbview{*db};
    CoinsViewCache cache{&dbview};
    cache.SetBestBlock(Hash(1));
    const std::map<std::string, std::string> records{
        {"halice", "A"}, {"hbob", "B"}, {"hcarol", "C"}, {"hdave", "D"}, {"n\x01", "N1"},
        {"x+44", "P44"}, {"x+4420", "P4420"}, {"x+45", "P45"}, {"\xff", "last"}};
    for (const auto& [k, v] : records) cache.PutRecord(k, v);
    // A coin beside the records is not visited.
    const Coin coin{CTxOut{5, OutputLock{}}, 1, false};
    cache.AddCoin(COutPoint{Hash(7), 0}, coin, false);
    BOOST_REQUIRE(cache.Flush().ok());

    // No prefix: every record, in key order.
    const auto all = AllRecords(dbview);
    BOOST_CHECK(all == (std::vector<std::pair<std::string, std::string>>{records.begin(), records.end()}));

    BOOST_CHECK(AllRecords(dbview, "h") == (std::vector<std::pair<std::string, std::string>>{
                                                {"halice", "A"}, {"hbob", "B"}, {"hcarol", "C"}, {"hdave", "D"}}));
    // From a start key (inclusive), and from one between keys.
    BOOST_CHECK(AllRecords(dbview, "h", "hbob") == (std::vector<std::pair<std::string, std::string>>{
                                                       {"hbob", "B"}, {"hcarol", "C"}, {"hdave", "D"}}));
    BOOST_CHECK(AllRecords(dbview, "h", "hbz") == (std::vector<std::pair<std::string, std::string>>{
                                                      {"hcarol", "C"}, {"hdave", "D"}}));
    BOOST_CHECK(AllRecords(dbview, "h", "hzzz").empty());
    // A prefix that is itself a key, and keys extending it.
    BOOST_CHECK(AllRecords(dbview, "x+44") == (std::vector<std::pair<std::string, std::string>>{
                                                   {"x+44", "P44"}, {"x+4420", "P4420"}}));
    BOOST_CHECK(AllRecords(dbview, "c").empty());
    BOOST_CHECK(AllRecords(dbview, "\xff") == (std::vector<std::pair<std::string, std::string>>{{"\xff", "last"}}));

    // Stopping early.
    std::vector<std::string> seen;
    BOOST_CHECK(dbview.ForEachRecord("h", "", [&](const std::string& k, const std::string&) {
                    seen.push_back(k);
                    return seen.size() < 2;
                }).ok());
    BOOST_CHECK(seen == (std::vector<std::string>{"halice", "hbob"}));

    // Erased records disappear from the iteration.
    CoinsViewCache cache2{&dbview};
    cache2.SetBestBlock(Hash(2));
    cache2.PutRecord("hbob", std::nullopt);
    BOOST_REQUIRE(cache2.Flush().ok());
    BOOST_CHECK(AllRecords(dbview, "h") == (std::vector<std::pair<std::string, std::string>>{
                                                {"halice", "A"}, {"hcarol", "C"}, {"hdave", "D"}}));
}

BOOST_AUTO_TEST_SUITE_END()
