// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <chainstate/blockindex.h>
#include <chainstate/blocktreedb.h>
#include <crypto/random.h>
#include <storage/dbwrapper.h>
#include <test/util/db.h>
#include <test/util/print.h>

#include <boost/test/unit_test.hpp>

using namespace chainstate;
using namespace test;

namespace {

constexpr uint32_t REGTEST_BITS = 0x207fffff;

CBlockHeader MakeHeader(const uint256& prev, uint32_t nonce, uint32_t time, uint32_t bits = REGTEST_BITS)
{
    CBlockHeader h;
    h.version = 1;
    h.prev_block = prev;
    h.time = time;
    h.bits = bits;
    h.nonce = nonce;
    return h;
}

/** Builds a chain of `length` blocks on `from` (nullptr: a new genesis) in `map`. */
std::vector<BlockIndex*> BuildChain(BlockMap& map, BlockIndex* from, int length, uint32_t salt)
{
    std::vector<BlockIndex*> out;
    BlockIndex* prev = from;
    for (int i = 0; i < length; ++i) {
        const uint32_t time = 1'700'000'000 + static_cast<uint32_t>((prev ? prev->height + 1 : 0) * 60);
        BlockIndex* index = AddToBlockMap(map, MakeHeader(prev ? prev->hash : uint256{}, salt * 1'000'000 + i, time));
        BOOST_REQUIRE(index->prev == prev);
        out.push_back(index);
        prev = index;
    }
    return out;
}

const BlockIndex* NaiveAncestor(const BlockIndex* index, int height)
{
    while (index && index->height > height) index = index->prev;
    return index && index->height == height ? index : nullptr;
}

} // namespace

BOOST_AUTO_TEST_SUITE(blockindex_tests)

BOOST_AUTO_TEST_CASE(ancestors_skip_pointers_and_work)
{
    BlockMap map;
    auto main = BuildChain(map, nullptr, 2000, 1);
    auto fork = BuildChain(map, main[1200], 500, 2); // heights 1201..1700
    BOOST_CHECK_EQUAL(main.back()->height, 1999);
    BOOST_CHECK_EQUAL(fork.back()->height, 1700);
    BOOST_CHECK(main.back()->chain_work == consensus::arith_uint256{2 * 2000});
    BOOST_CHECK(fork.back()->chain_work == consensus::arith_uint256{2 * 1701});
    BOOST_CHECK_EQUAL(main[5]->time_max, main[5]->time);

    FastRandomContext rng{2};
    for (int i = 0; i < 5000; ++i) {
        const BlockIndex* from = rng.RandRange(2) ? main[rng.RandRange(main.size())] : fork[rng.RandRange(fork.size())];
        const int h = static_cast<int>(rng.RandRange(from->height + 1));
        BOOST_REQUIRE(from->GetAncestor(h) == NaiveAncestor(from, h));
    }
    BOOST_CHECK(main.back()->GetAncestor(2000) == nullptr);
    BOOST_CHECK(main.back()->GetAncestor(-1) == nullptr);
    BOOST_CHECK(main.back()->GetAncestor(1999) == main.back());
    // Skip pointers point strictly back.
    for (const BlockIndex* b : main) {
        if (b->height >= 2) BOOST_REQUIRE(b->skip && b->skip->height < b->height);
    }

    BOOST_CHECK(LastCommonAncestor(main.back(), fork.back()) == main[1200]);
    BOOST_CHECK(LastCommonAncestor(fork[3], main[50]) == main[50]);

    // Adding a known header returns the same entry.
    BOOST_CHECK(AddToBlockMap(map, main[10]->GetBlockHeader()) == main[10]);
    BOOST_CHECK_EQUAL(main[10]->GetBlockHeader().GetHash(), main[10]->hash);
}

BOOST_AUTO_TEST_CASE(chain_fork_next_locator)
{
    BlockMap map;
    auto main = BuildChain(map, nullptr, 1000, 1);
    auto fork = BuildChain(map, main[600], 100, 2);
    Chain chain;
    BOOST_CHECK(chain.Tip() == nullptr);
    BOOST_CHECK_EQUAL(chain.Height(), -1);
    BOOST_CHECK(chain.GetLocator().empty());
    chain.SetTip(main.back());
    BOOST_CHECK_EQUAL(chain.Height(), 999);
    BOOST_CHECK(chain.Genesis() == main[0]);
    BOOST_CHECK(chain[500] == main[500]);
    BOOST_CHECK(chain[1000] == nullptr);
    BOOST_CHECK(chain.Contains(main[700]));
    BOOST_CHECK(!chain.Contains(fork[0]));
    BOOST_CHECK(chain.Next(main[700]) == main[701]);
    BOOST_CHECK(chain.Next(main.back()) == nullptr);
    BOOST_CHECK(chain.Next(fork[0]) == nullptr);
    BOOST_CHECK(chain.FindFork(fork.back()) == main[600]);
    BOOST_CHECK(chain.FindFork(main[300]) == main[300]);

    // Reorg to the fork: the shared part stays, the rest is replaced.
    chain.SetTip(fork.back());
    BOOST_CHECK_EQUAL(chain.Height(), 700);
    BOOST_CHECK(chain.Contains(main[600]));
    BOOST_CHECK(!chain.Contains(main[601]));
    BOOST_CHECK(chain.Contains(fork[50]));
    BOOST_CHECK(chain.FindFork(main.back()) == main[600]);
    // A block above the tip on the other branch.
    BOOST_CHECK(chain.FindFork(main[900]) == main[600]);

    // Locator: tip first, genesis last, 11 single steps then doubling, heights strictly down.
    const std::vector<uint256> locator = chain.GetLocator();
    BOOST_REQUIRE(locator.size() > 11);
    BOOST_CHECK_EQUAL(locator.front(), fork.back()->hash);
    BOOST_CHECK_EQUAL(locator.back(), main[0]->hash);
    std::vector<int> heights;
    for (const uint256& h : locator) heights.push_back(map.at(h).height);
    for (size_t i = 1; i < heights.size(); ++i) BOOST_CHECK_LT(heights[i], heights[i - 1]);
    for (size_t i = 1; i <= 11; ++i) BOOST_CHECK_EQUAL(heights[i], heights[0] - static_cast<int>(i));
    BOOST_CHECK_EQUAL(heights[12], heights[11] - 2);
    BOOST_CHECK_EQUAL(heights[13], heights[12] - 4);
    BOOST_CHECK_EQUAL(heights[14], heights[13] - 8);
    BOOST_CHECK_LT(locator.size(), 30u);
    // Every locator entry is on the chain.
    for (const uint256& h : locator) BOOST_CHECK(chain.Contains(&map.at(h)));

    // FindEarliestAtLeast: first block with time_max >= t.
    const int64_t t = main[250]->time;
    BOOST_CHECK(chain.FindEarliestAtLeast(t, 0) == main[250]);
    BOOST_CHECK(chain.FindEarliestAtLeast(t, 300) == main[300]);
    BOOST_CHECK(chain.FindEarliestAtLeast(int64_t{1} << 40, 0) == nullptr);

    chain.SetTip(nullptr);
    BOOST_CHECK(chain.Tip() == nullptr);
}

BOOST_AUTO_TEST_CASE(validity_levels)
{
    BlockIndex index;
    BOOST_CHECK(!index.IsValid(BLOCK_VALID_HEADER));
    BOOST_CHECK(index.RaiseValidity(BLOCK_VALID_TREE));
    BOOST_CHECK(index.IsValid(BLOCK_VALID_TREE));
    BOOST_CHECK(!index.IsValid(BLOCK_VALID_TRANSACTIONS));
    BOOST_CHECK(!index.RaiseValidity(BLOCK_VALID_HEADER)); // never lowers
    BOOST_CHECK(index.RaiseValidity(BLOCK_VALID_SCRIPTS));
    index.status |= BLOCK_HAVE_DATA;
    BOOST_CHECK(index.IsValid(BLOCK_VALID_SCRIPTS));
    index.status |= BLOCK_FAILED_CHILD;
    BOOST_CHECK(!index.IsValid(BLOCK_VALID_HEADER));
    BOOST_CHECK(!index.RaiseValidity(BLOCK_VALID_SCRIPTS));
    BOOST_CHECK(index.status & BLOCK_HAVE_DATA);
}

BOOST_AUTO_TEST_CASE(median_time_past)
{
    BlockMap map;
    auto chain = BuildChain(map, nullptr, 20, 1);
    // Times rise by 60 s per block: the median of 11 is the 6th newest.
    BOOST_CHECK_EQUAL(chain[15]->GetMedianTimePast(), chain[10]->GetBlockTime());
    BOOST_CHECK_EQUAL(chain[0]->GetMedianTimePast(), chain[0]->GetBlockTime());
    BOOST_CHECK_EQUAL(chain[2]->GetMedianTimePast(), chain[1]->GetBlockTime());
}

BOOST_AUTO_TEST_CASE(block_tree_db_round_trip)
{
    auto db = MemDb("block index", BLOCK_TREE_SCHEMA_VERSION);
    BlockTreeDB tree{*db};
    BlockMap map;
    auto main = BuildChain(map, nullptr, 300, 1);
    auto fork = BuildChain(map, main[100], 50, 2);
    FastRandomContext rng{3};
    for (auto& [hash, index] : map) {
        index.RaiseValidity(index.height % 2 ? BLOCK_VALID_TREE : BLOCK_VALID_SCRIPTS);
        if (index.height < 250) {
            index.status |= BLOCK_HAVE_DATA;
            index.data_pos = {static_cast<int32_t>(index.height / 100), static_cast<uint32_t>(rng.RandRange(1 << 27))};
            index.tx_count = 1 + static_cast<uint32_t>(rng.RandRange(3000));
        }
        if (index.height < 200) {
            index.status |= BLOCK_HAVE_UNDO;
            index.undo_pos = {static_cast<int32_t>(index.height / 150), static_cast<uint32_t>(rng.RandRange(1 << 27))};
        }
        if (index.height == 333) index.status |= BLOCK_FAILED_VALID;
    }
    BlockFileInfo info0, info1;
    info0.AddBlock(5, 1000);
    info0.AddBlock(3, 900);
    info0.size = 123456;
    info0.undo_size = 7890;
    info1.AddBlock(7, 2000);
    BOOST_CHECK_EQUAL(info0.blocks, 2u);
    BOOST_CHECK_EQUAL(info0.height_first, 3u);
    BOOST_CHECK_EQUAL(info0.height_last, 5u);
    BOOST_CHECK_EQUAL(info0.time_first, 900u);

    std::vector<const BlockIndex*> entries;
    for (const auto& [hash, index] : map) entries.push_back(&index);
    BOOST_REQUIRE(tree.WriteBatchSync({{0, &info0}, {1, &info1}}, LastFiles{1, 0}, entries).ok());

    BlockMap loaded;
    BOOST_REQUIRE(tree.LoadBlockIndex(loaded).ok());
    BOOST_REQUIRE_EQUAL(loaded.size(), map.size());
    for (const auto& [hash, orig] : map) {
        const BlockIndex& got = loaded.at(hash);
        BOOST_CHECK_EQUAL(got.hash, orig.hash);
        BOOST_CHECK_EQUAL(got.height, orig.height);
        BOOST_CHECK_EQUAL(got.status, orig.status);
        BOOST_CHECK(got.chain_work == orig.chain_work);
        BOOST_CHECK(got.data_pos == orig.data_pos);
        BOOST_CHECK(got.undo_pos == orig.undo_pos);
        BOOST_CHECK_EQUAL(got.tx_count, orig.tx_count);
        BOOST_CHECK_EQUAL(got.time_max, orig.time_max);
        BOOST_CHECK(got.GetBlockHeader() == orig.GetBlockHeader());
        BOOST_CHECK_EQUAL(got.prev ? got.prev->hash : uint256{}, orig.prev ? orig.prev->hash : uint256{});
        if (got.height > 0) BOOST_CHECK(got.GetAncestor(got.height / 2)->hash == orig.GetAncestor(orig.height / 2)->hash);
    }
    // chain_tx accumulates while every ancestor has data.
    const BlockIndex& b10 = loaded.at(main[10]->hash);
    uint64_t sum = 0;
    for (int h = 0; h <= 10; ++h) sum += main[h]->tx_count;
    BOOST_CHECK_EQUAL(b10.chain_tx, sum);
    BOOST_CHECK_EQUAL(loaded.at(main[260]->hash).chain_tx, 0u);

    BOOST_CHECK(*tree.ReadBlockFileInfo(0) == info0);
    BOOST_CHECK(*tree.ReadBlockFileInfo(1) == info1);
    BOOST_CHECK(tree.ReadBlockFileInfo(2).status().IsNotFound());
    BOOST_CHECK(*tree.ReadLastFiles() == (LastFiles{1, 0}));

    BOOST_CHECK(!*tree.IsReindexing());
    BOOST_REQUIRE(tree.WriteReindexing(true).ok());
    BOOST_CHECK(*tree.IsReindexing());
    BOOST_REQUIRE(tree.WriteReindexing(false).ok());
    BOOST_CHECK(!*tree.IsReindexing());
    BOOST_CHECK(tree.ReadFlag("txindex").status().IsNotFound());
    BOOST_REQUIRE(tree.WriteFlag("txindex", true).ok());
    BOOST_CHECK(*tree.ReadFlag("txindex"));
    BOOST_REQUIRE(tree.WriteFlag("txindex", false).ok());
    BOOST_CHECK(!*tree.ReadFlag("txindex"));

    // Loading needs an empty map.
    BOOST_CHECK(tree.LoadBlockIndex(loaded).IsInvalidArgument());
}

BOOST_AUTO_TEST_CASE(block_tree_db_detects_inconsistency)
{
    {
        // An entry whose parent is missing.
        auto db = MemDb("block index", BLOCK_TREE_SCHEMA_VERSION);
        BlockTreeDB tree{*db};
        BlockMap map;
        auto chain = BuildChain(map, nullptr, 5, 1);
        BOOST_REQUIRE(tree.WriteBatchSync({}, LastFiles{}, {chain[0], chain[1], chain[3], chain[4]}).ok());
        BlockMap loaded;
        storage::Status s = tree.LoadBlockIndex(loaded);
        BOOST_CHECK(s.IsCorruption());
        BOOST_CHECK(s.message().find("missing") != std::string::npos);
    }
    {
        // An entry stored under another block's hash.
        auto db = MemDb("block index", BLOCK_TREE_SCHEMA_VERSION);
        BlockTreeDB tree{*db};
        BlockMap map;
        auto chain = BuildChain(map, nullptr, 3, 1);
        BOOST_REQUIRE(tree.WriteBatchSync({}, LastFiles{}, {chain[0], chain[1], chain[2]}).ok());
        BOOST_REQUIRE(db->Write(DB_BLOCK_INDEX, chain[1]->hash.span(), Encode(DiskBlockIndex{*chain[2]})).ok());
        BlockMap loaded;
        BOOST_CHECK(tree.LoadBlockIndex(loaded).IsCorruption());
    }
    {
        // A wrong stored height, and an undecodable record.
        auto db = MemDb("block index", BLOCK_TREE_SCHEMA_VERSION);
        BlockTreeDB tree{*db};
        BlockMap map;
        auto chain = BuildChain(map, nullptr, 3, 1);
        chain[2]->height = 7;
        BOOST_REQUIRE(tree.WriteBatchSync({}, LastFiles{}, {chain[0], chain[1], chain[2]}).ok());
        BlockMap loaded;
        BOOST_CHECK(tree.LoadBlockIndex(loaded).IsCorruption());
        const std::vector<uint8_t> garbage{0xff};
        BOOST_REQUIRE(db->Write(DB_BLOCK_INDEX, chain[0]->hash.span(), garbage).ok());
        BlockMap loaded2;
        BOOST_CHECK(tree.LoadBlockIndex(loaded2).IsCorruption());
    }
}

BOOST_AUTO_TEST_CASE(disk_block_index_encoding)
{
    BlockMap map;
    auto chain = BuildChain(map, nullptr, 2, 1);
    BlockIndex& b = *chain[1];
    b.status = BLOCK_VALID_SCRIPTS | BLOCK_HAVE_DATA;
    b.data_pos = {3, 1000};
    b.undo_pos = {9, 9}; // not stored without HAVE_UNDO
    b.tx_count = 5;
    const std::vector<uint8_t> enc = Encode(DiskBlockIndex{b});
    // height 1, status, tx count, file 3, pos 1000 (2 bytes), header
    BOOST_CHECK_EQUAL(enc.size(), 1u + 1u + 1u + 1u + 2u + CBlockHeader::SERIALIZED_SIZE);
    auto back = DecodeFull<DiskBlockIndex>(enc);
    BOOST_REQUIRE(back);
    BOOST_CHECK(back->data_pos == b.data_pos);
    BOOST_CHECK(back->undo_pos.IsNull());
    BOOST_CHECK(back->header == b.GetBlockHeader());
    BOOST_CHECK(!DecodeFull<DiskBlockIndex>(std::span{enc}.first(enc.size() - 1)));
}

BOOST_AUTO_TEST_SUITE_END()
