// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <chainstate/blockstorage.h>
#include <chainstate/blocktreedb.h>
#include <chainstate/coinsdb.h>
#include <chainstate/replay.h>
#include <chainstate/txindex.h>
#include <chainstate/undo.h>
#include <crypto/random.h>
#include <storage/dbwrapper.h>
#include <storage/fault_env.h>
#include <storage/flatfile.h>
#include <test/util/db.h>
#include <test/util/files.h>
#include <test/util/print.h>
#include <test/util/random.h>
#include <util/format.h>

#include <boost/test/unit_test.hpp>

#include <filesystem>

using namespace chainstate;
using namespace test;

namespace {

constexpr storage::NetworkMagic TEST_MAGIC{0xfa, 0xbf, 0xb5, 0xda};

CTransactionRef RandomTx(FastRandomContext& rng, bool coinbase)
{
    CMutableTransaction mtx;
    mtx.kind = coinbase ? TxKind::COINBASE : TxKind::TRANSFER;
    if (coinbase) {
        mtx.payload = {0x01, static_cast<uint8_t>(rng.RandRange(256))};
    } else {
        for (uint64_t i = 0, n = 1 + rng.RandRange(3); i < n; ++i) {
            CTxIn in;
            in.prevout = COutPoint{RandomHash(rng), static_cast<uint32_t>(rng.RandRange(5))};
            in.witness.push_back(std::vector<uint8_t>(64, static_cast<uint8_t>(i)));
            mtx.vin.push_back(in);
        }
    }
    for (uint64_t i = 0, n = 1 + rng.RandRange(3); i < n; ++i) {
        CTxOut out;
        out.value = static_cast<CAmount>(1 + rng.RandRange(COIN));
        rng.FillBytes(out.lock.program);
        mtx.vout.push_back(out);
    }
    return MakeTransactionRef(std::move(mtx));
}

CBlock RandomBlock(FastRandomContext& rng, const uint256& prev, uint32_t time)
{
    CBlock block;
    block.version = 1;
    block.prev_block = prev;
    block.time = time;
    block.bits = 0x207fffff;
    block.nonce = static_cast<uint32_t>(rng.Rand64());
    block.vtx.push_back(RandomTx(rng, true));
    for (uint64_t i = 0, n = rng.RandRange(5); i < n; ++i) block.vtx.push_back(RandomTx(rng, false));
    return block;
}

BlockUndo UndoFor(FastRandomContext& rng, const CBlock& block)
{
    BlockUndo undo;
    for (size_t i = 1; i < block.vtx.size(); ++i) {
        TxUndo tx;
        for (size_t j = 0; j < block.vtx[i]->vin.size(); ++j) {
            CTxOut out;
            out.value = static_cast<CAmount>(rng.RandRange(MAX_MONEY));
            rng.FillBytes(out.lock.program);
            tx.prevout.emplace_back(out, static_cast<uint32_t>(rng.RandRange(100000)), rng.RandRange(2) == 0);
        }
        undo.vtxundo.push_back(std::move(tx));
    }
    return undo;
}

BlockManagerOptions SmallFiles(const std::filesystem::path& dir, storage::Env* env = nullptr)
{
    BlockManagerOptions options;
    options.blocks_dir = dir;
    options.magic = TEST_MAGIC;
    options.max_block_file_size = 8192; // a handful of blocks per file
    options.block_chunk_size = 4096;
    options.max_undo_file_size = 8192;
    options.undo_chunk_size = 4096;
    options.env = env;
    return options;
}

struct Written {
    CBlock block;
    BlockUndo undo;
};

/** Appends `n` blocks (with undo data) on top of `prev` (nullptr: genesis). */
std::vector<Written> WriteChain(FastRandomContext& rng, BlockManager& bm, const BlockIndex* prev, int n)
{
    std::vector<Written> out;
    uint256 prev_hash = prev ? prev->hash : uint256{};
    uint32_t time = prev ? prev->time + 60 : 1'700'000'000;
    for (int i = 0; i < n; ++i) {
        Written w{RandomBlock(rng, prev_hash, time), {}};
        w.undo = UndoFor(rng, w.block);
        BlockIndex* index = bm.AddToBlockIndex(w.block);
        BOOST_REQUIRE(bm.WriteBlock(w.block, *index).ok());
        BOOST_REQUIRE(bm.WriteUndo(w.undo, *index).ok());
        index->RaiseValidity(BLOCK_VALID_SCRIPTS);
        prev_hash = index->hash;
        time += 60;
        out.push_back(std::move(w));
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(blockstorage_tests)

BOOST_AUTO_TEST_CASE(undo_round_trip_and_sections)
{
    FastRandomContext rng{1};
    const CBlock block = RandomBlock(rng, uint256{}, 1);
    BlockUndo undo = UndoFor(rng, block);
    undo.vtxundo.push_back(TxUndo{}); // an empty one encodes too
    const std::vector<uint8_t> coins_only = Encode(undo);
    auto back = DecodeBlockUndo(coins_only);
    BOOST_REQUIRE(back);
    BOOST_CHECK(*back == undo);

    // Sections append after the coins part, which stays byte-identical.
    undo.SetSection(static_cast<uint16_t>(UndoSectionType::REGISTRY), {1, 2, 3});
    undo.SetSection(900, {9, 9}); // a type this version does not know
    undo.SetSection(5, {});
    const std::vector<uint8_t> with_sections = Encode(undo);
    BOOST_CHECK(std::equal(coins_only.begin(), coins_only.end() - 1, with_sections.begin()));
    back = DecodeBlockUndo(with_sections);
    BOOST_REQUIRE(back);
    BOOST_CHECK(*back == undo);
    BOOST_REQUIRE(back->GetSection(900));
    BOOST_CHECK(*back->GetSection(900) == (std::vector<uint8_t>{9, 9}));
    BOOST_CHECK(back->GetSection(2) == nullptr);
    BOOST_CHECK_EQUAL(back->Sections().front().type, 1); // kept sorted
    undo.SetSection(900, {7});
    BOOST_CHECK_EQUAL(undo.Sections().size(), 3u);
    BOOST_CHECK(Encode(*DecodeBlockUndo(Encode(undo))) == Encode(undo)); // unknown data written back

    // Strictness: unknown version, duplicate/unsorted sections, truncation, trailing bytes.
    std::vector<uint8_t> bad = with_sections;
    bad[0] = 2;
    BOOST_CHECK(!DecodeBlockUndo(bad));
    BlockUndo two;
    two.SetSection(1, {});
    two.SetSection(2, {});
    std::vector<uint8_t> enc = Encode(two); // 01 00 02 | 01 00 00 | 02 00 00
    BOOST_REQUIRE_EQUAL(enc.size(), 9u);
    enc[6] = 0x01; // second section type 2 -> 1: duplicate
    BOOST_CHECK(!DecodeBlockUndo(enc));
    BOOST_CHECK(!DecodeBlockUndo(std::span{with_sections}.first(with_sections.size() - 1)));
    std::vector<uint8_t> trailing = with_sections;
    trailing.push_back(0);
    BOOST_CHECK(!DecodeBlockUndo(trailing));
    // A count claiming more coins than the bytes could hold fails without a huge allocation.
    const std::vector<uint8_t> huge{0x01, 0x01, 0xfe, 0xff, 0xff, 0xff, 0x00};
    BOOST_CHECK(!DecodeBlockUndo(huge));
}

BOOST_AUTO_TEST_CASE(write_read_across_files_and_reopen)
{
    TempDir dir{"blocks"};
    FastRandomContext rng{2};
    auto db = MemDb("index", BLOCK_TREE_SCHEMA_VERSION);
    BlockTreeDB tree{*db};
    std::vector<Written> chain;
    storage::FlatFilePos next_pos;
    {
        auto bm = RequireOk(BlockManager::Open(SmallFiles(dir.path()), tree));
        chain = WriteChain(rng, *bm, nullptr, 40);
        BOOST_CHECK_GT(bm->GetLastFiles().block_file, 2); // rolled over several times
        BOOST_CHECK_GT(bm->GetLastFiles().undo_file, 0);
        BOOST_CHECK(bm->HasDirty());
        BOOST_REQUIRE(bm->FlushIndex().ok());
        BOOST_CHECK(!bm->HasDirty());
        next_pos = bm->BlockStore().WritePos();
    }
    auto bm = RequireOk(BlockManager::Open(SmallFiles(dir.path()), tree));
    BOOST_REQUIRE_EQUAL(bm->Index().size(), chain.size());
    BOOST_CHECK(bm->BlockStore().WritePos() == next_pos);
    uint32_t blocks_in_files = 0;
    uint64_t on_disk = 0;
    for (int32_t f = 0; f <= bm->GetLastFiles().block_file; ++f) {
        const BlockFileInfo info = bm->GetFileInfo(f);
        blocks_in_files += info.blocks;
        BOOST_CHECK_LE(info.height_first, info.height_last);
        BOOST_CHECK_EQUAL(info.size, std::filesystem::file_size(bm->BlockStore().FileName(f)));
        on_disk += std::filesystem::file_size(bm->BlockStore().FileName(f));
    }
    for (int32_t f = 0; f <= bm->GetLastFiles().undo_file; ++f) {
        on_disk += std::filesystem::file_size(bm->UndoStore().FileName(f));
    }
    BOOST_CHECK_EQUAL(blocks_in_files, chain.size());
    BOOST_CHECK_EQUAL(bm->CalculateCurrentUsage(), on_disk);

    const BlockIndex* tip = nullptr;
    for (size_t h = 0; h < chain.size(); ++h) {
        const BlockIndex* index = bm->LookupBlockIndex(chain[h].block.GetHash());
        BOOST_REQUIRE(index);
        BOOST_CHECK_EQUAL(index->height, static_cast<int>(h));
        BOOST_CHECK(index->status & BLOCK_HAVE_DATA);
        BOOST_CHECK(index->status & BLOCK_HAVE_UNDO);
        BOOST_CHECK(index->IsValid(BLOCK_VALID_SCRIPTS));
        BOOST_CHECK_EQUAL(index->tx_count, chain[h].block.vtx.size());
        auto block = bm->ReadBlock(*index);
        BOOST_REQUIRE_MESSAGE(block.ok(), block.status().ToString());
        BOOST_CHECK(Encode(*block) == Encode(chain[h].block));
        auto undo = bm->ReadUndo(*index);
        BOOST_REQUIRE_MESSAGE(undo.ok(), undo.status().ToString());
        BOOST_CHECK(*undo == chain[h].undo);
        tip = index;
    }
    // Writing resumes where the index says: right after the last record of the last file, which
    // has room for the next block (with this seed; a block that did not fit would start the next file).
    auto more = WriteChain(rng, *bm, tip, 1);
    BOOST_REQUIRE_LE(next_pos.pos + storage::FLATFILE_RECORD_OVERHEAD + Encode(more[0].block).size(),
                     SmallFiles(dir.path()).max_block_file_size);
    const BlockIndex* added = bm->LookupBlockIndex(more[0].block.GetHash());
    BOOST_CHECK_EQUAL(added->data_pos.ToString(), next_pos.ToString());
    BOOST_CHECK(bm->ReadBlock(*added).ok());
}

BOOST_AUTO_TEST_CASE(read_detects_wrong_and_damaged_data)
{
    TempDir dir{"blocks"};
    FastRandomContext rng{3};
    auto db = MemDb("index", BLOCK_TREE_SCHEMA_VERSION);
    BlockTreeDB tree{*db};
    BlockManagerOptions options = SmallFiles(dir.path());
    options.max_block_file_size = 1 << 20;
    auto bm = RequireOk(BlockManager::Open(options, tree));
    auto chain = WriteChain(rng, *bm, nullptr, 3);
    BOOST_REQUIRE(bm->FlushIndex().ok());
    BlockIndex* a = bm->LookupBlockIndex(chain[0].block.GetHash());
    BlockIndex* b = bm->LookupBlockIndex(chain[1].block.GetHash());
    BlockIndex* c = bm->LookupBlockIndex(chain[2].block.GetHash());

    // An index entry pointing at another block's record or undo data.
    BlockIndex wrong = *a;
    wrong.data_pos = b->data_pos;
    wrong.undo_pos = b->undo_pos;
    auto read = bm->ReadBlock(wrong);
    BOOST_CHECK(read.status().IsCorruption());
    BOOST_CHECK(read.status().message().find("the index expects") != std::string::npos);
    auto undo = bm->ReadUndo(wrong);
    BOOST_CHECK(undo.status().IsCorruption());
    BOOST_CHECK(undo.status().message().find("checksum") != std::string::npos);

    // No data flag: NotFound, not a read of a random position.
    BlockIndex headers_only = *a;
    headers_only.status &= ~(BLOCK_HAVE_DATA | BLOCK_HAVE_UNDO);
    BOOST_CHECK(bm->ReadBlock(headers_only).status().IsNotFound());
    BOOST_CHECK(bm->ReadUndo(headers_only).status().IsNotFound());

    // Bit rot inside block b's record and inside c's undo record.
    FlipByte(bm->BlockStore().FileName(b->data_pos.file), b->data_pos.pos + 8 + 40);
    auto damaged = bm->ReadBlock(*b);
    BOOST_CHECK(damaged.status().IsCorruption());
    BOOST_CHECK(damaged.status().message().find("blk00000.dat") != std::string::npos);
    BOOST_CHECK(bm->ReadBlock(*a).ok());
    FlipByte(bm->UndoStore().FileName(c->undo_pos.file), c->undo_pos.pos + 9);
    BOOST_CHECK(bm->ReadUndo(*c).status().IsCorruption());
    BOOST_CHECK(bm->ReadUndo(*a).ok());

    // A pruned/missing file.
    BlockIndex gone = *a;
    gone.data_pos.file = 42;
    BOOST_CHECK(!bm->ReadBlock(gone).ok());
}

BOOST_AUTO_TEST_CASE(reindex_scan_stops_cleanly_at_damage)
{
    TempDir dir{"blocks"};
    FastRandomContext rng{4};
    auto db = MemDb("index", BLOCK_TREE_SCHEMA_VERSION);
    BlockTreeDB tree{*db};
    std::vector<Written> chain;
    std::vector<storage::FlatFilePos> positions;
    int32_t last_file = 0;
    {
        auto bm = RequireOk(BlockManager::Open(SmallFiles(dir.path()), tree));
        chain = WriteChain(rng, *bm, nullptr, 30);
        // One intact record that is not a block (e.g. from a buggy writer) in the last file.
        const std::vector<uint8_t> junk{1, 2, 3, 4, 5};
        BOOST_REQUIRE(bm->BlockStore().Append(junk).ok());
        BOOST_REQUIRE(bm->FlushIndex().ok());
        for (const Written& w : chain) positions.push_back(bm->LookupBlockIndex(w.block.GetHash())->data_pos);
        last_file = bm->GetLastFiles().block_file;
    }
    BOOST_REQUIRE_GE(last_file, 2);

    auto scan_all = [&](BlockManager& bm) {
        std::vector<uint256> seen;
        auto stats = bm.ScanBlockFiles([&](storage::FlatFilePos pos, const CBlock& block) {
            seen.push_back(block.GetHash());
            BOOST_CHECK(bm.ReadBlockAt(pos).ok());
            return true;
        });
        BOOST_REQUIRE_MESSAGE(stats.ok(), stats.status().ToString());
        return std::pair{*stats, seen};
    };

    {
        // Intact files: every block, in file order (which is the write order here).
        auto bm = RequireOk(BlockManager::Open(SmallFiles(dir.path()), tree, /*reindex=*/true));
        auto [stats, seen] = scan_all(*bm);
        BOOST_CHECK_EQUAL(stats.files, last_file + 1);
        BOOST_CHECK_EQUAL(stats.blocks, chain.size());
        BOOST_CHECK_EQUAL(stats.bad_records, 1u);
        BOOST_CHECK_EQUAL(stats.damaged_files, 0u);
        BOOST_REQUIRE_EQUAL(seen.size(), chain.size());
        for (size_t i = 0; i < seen.size(); ++i) BOOST_CHECK_EQUAL(seen[i], chain[i].block.GetHash());

        // The visitor can stop the scan.
        int visited = 0;
        auto stopped = bm->ScanBlockFiles([&](storage::FlatFilePos, const CBlock&) { return ++visited < 5; });
        BOOST_REQUIRE(stopped.ok());
        BOOST_CHECK(stopped->interrupted);
        BOOST_CHECK_EQUAL(visited, 5);
    }

    // Damage in the middle of file 0 (a block's payload) and a torn tail of the last file: the
    // scan skips the rest of file 0, continues with file 1, and stops at the torn record.
    const storage::FlatFilePos mid = positions[1];
    BOOST_REQUIRE_EQUAL(mid.file, 0);
    const std::filesystem::path file0 = dir.path() / "blk00000.dat";
    const std::filesystem::path last = dir.path() / StrFormat("blk%05d.dat", last_file);
    FlipByte(file0, mid.pos + 8 + 20);
    size_t blocks_in_file0 = 0, blocks_in_last = 0;
    for (const auto& p : positions) {
        blocks_in_file0 += p.file == 0;
        blocks_in_last += p.file == last_file;
    }
    std::filesystem::resize_file(last, std::filesystem::file_size(last) - 3); // tears the junk record
    {
        auto bm = RequireOk(BlockManager::Open(SmallFiles(dir.path()), tree, /*reindex=*/true));
        auto [stats, seen] = scan_all(*bm);
        BOOST_CHECK_EQUAL(stats.damaged_files, 2u);
        BOOST_CHECK_EQUAL(stats.bad_records, 0u);
        // File 0 yields only the block before the damage.
        BOOST_CHECK_EQUAL(stats.blocks, chain.size() - (blocks_in_file0 - 1));
        BOOST_CHECK_EQUAL(seen.front(), chain[0].block.GetHash());
        BOOST_CHECK_EQUAL(seen[1], chain[blocks_in_file0].block.GetHash());
        BOOST_CHECK_EQUAL(seen.back(), chain.back().block.GetHash());
        (void)blocks_in_last;
    }
    // A torn block record (not just the junk after it) at the end.
    std::filesystem::resize_file(last, positions.back().pos + 30);
    {
        auto bm = RequireOk(BlockManager::Open(SmallFiles(dir.path()), tree, /*reindex=*/true));
        auto [stats, seen] = scan_all(*bm);
        BOOST_CHECK_EQUAL(seen.back(), chain[chain.size() - 2].block.GetHash());
        // The store resumes after the last intact record, overwriting the torn one.
        BOOST_CHECK(bm->BlockStore().WritePos() == positions.back());
    }
}

/**
 * A power loss after some blocks were written but before FlushIndex: the index (written only by
 * FlushIndex) knows the synced blocks only, reads of those work, and new writes go where the
 * index says the files end, overwriting the lost tail.
 */
BOOST_AUTO_TEST_CASE(power_loss_before_flush_index)
{
    TempDir dir{"blocks"};
    storage::FaultInjectionEnv env{storage::DefaultEnv()};
    FastRandomContext rng{5};
    auto db = MemDb("index", BLOCK_TREE_SCHEMA_VERSION);
    BlockTreeDB tree{*db};
    std::vector<Written> durable;
    {
        auto bm = RequireOk(BlockManager::Open(SmallFiles(dir.path(), &env), tree));
        durable = WriteChain(rng, *bm, nullptr, 12);
        BOOST_REQUIRE(bm->FlushIndex().ok());
        const BlockIndex* tip = bm->LookupBlockIndex(durable.back().block.GetHash());
        WriteChain(rng, *bm, tip, 6); // appended, never flushed
    }
    BOOST_REQUIRE(env.SimulateCrash(/*keep_unsynced_bytes=*/50).ok());
    auto bm = RequireOk(BlockManager::Open(SmallFiles(dir.path(), &env), tree));
    BOOST_CHECK_EQUAL(bm->Index().size(), durable.size());
    for (const Written& w : durable) {
        const BlockIndex* index = bm->LookupBlockIndex(w.block.GetHash());
        BOOST_REQUIRE(index);
        BOOST_REQUIRE(bm->ReadBlock(*index).ok());
        BOOST_REQUIRE(bm->ReadUndo(*index).ok());
    }
    const BlockIndex* tip = bm->LookupBlockIndex(durable.back().block.GetHash());
    auto again = WriteChain(rng, *bm, tip, 6);
    BOOST_REQUIRE(bm->FlushIndex().ok());
    for (const Written& w : again) {
        const BlockIndex* index = bm->LookupBlockIndex(w.block.GetHash());
        BOOST_REQUIRE(bm->ReadBlock(*index).ok());
        BOOST_REQUIRE(bm->ReadUndo(*index).ok());
    }
}

/** If the block files cannot be synced, the index must not be written (it would point at data
 * that may be lost). */
BOOST_AUTO_TEST_CASE(failed_sync_keeps_index_unwritten)
{
    TempDir dir{"blocks"};
    storage::FaultInjectionEnv env{storage::DefaultEnv()};
    FastRandomContext rng{6};
    auto db = MemDb("index", BLOCK_TREE_SCHEMA_VERSION);
    BlockTreeDB tree{*db};
    auto bm = RequireOk(BlockManager::Open(SmallFiles(dir.path(), &env), tree));
    auto chain = WriteChain(rng, *bm, nullptr, 3);
    env.SetSyncFailure(true);
    BOOST_CHECK(!bm->FlushIndex().ok());
    BOOST_CHECK(bm->HasDirty());
    BOOST_CHECK(tree.ReadLastFiles().status().IsNotFound());
    BlockMap loaded;
    BOOST_REQUIRE(tree.LoadBlockIndex(loaded).ok());
    BOOST_CHECK(loaded.empty());
}

BOOST_AUTO_TEST_CASE(tx_index)
{
    TempDir dir{"blocks"};
    FastRandomContext rng{7};
    auto db = MemDb("index", BLOCK_TREE_SCHEMA_VERSION);
    auto txdb = MemDb("txindex", TXINDEX_SCHEMA_VERSION);
    BlockTreeDB tree{*db};
    TxIndex txindex{*txdb};
    auto bm = RequireOk(BlockManager::Open(SmallFiles(dir.path()), tree));
    BOOST_CHECK(txindex.GetBestBlock()->IsNull());
    auto chain = WriteChain(rng, *bm, nullptr, 10);
    for (const Written& w : chain) {
        BOOST_REQUIRE(txindex.WriteBlock(w.block, *bm->LookupBlockIndex(w.block.GetHash())).ok());
    }
    BOOST_CHECK_EQUAL(*txindex.GetBestBlock(), chain.back().block.GetHash());
    for (const Written& w : chain) {
        for (const CTransactionRef& tx : w.block.vtx) {
            auto got = txindex.ReadTransaction(*bm, tx->GetTxid());
            BOOST_REQUIRE_MESSAGE(got.ok(), got.status().ToString());
            BOOST_CHECK(got->tx->GetWtxid() == tx->GetWtxid());
            BOOST_CHECK_EQUAL(got->block_hash, w.block.GetHash());
        }
    }
    BOOST_CHECK(txindex.FindTx(RandomHash(rng)).status().IsNotFound());
    BOOST_CHECK(txindex.ReadTransaction(*bm, RandomHash(rng)).status().IsNotFound());

    // An entry pointing at the wrong place is detected, not returned as another transaction.
    const uint256 txid = chain[3].block.vtx[0]->GetTxid();
    auto loc = txindex.FindTx(txid);
    BOOST_REQUIRE(loc.ok());
    ByteWriter bad;
    WriteVarInt(bad, static_cast<uint64_t>(loc->block_pos.file));
    WriteVarInt(bad, loc->block_pos.pos);
    WriteVarInt(bad, loc->tx_offset + 1);
    BOOST_REQUIRE(txdb->Write(DB_TXINDEX, txid.span(), bad.buffer()).ok());
    BOOST_CHECK(txindex.ReadTransaction(*bm, txid).status().IsCorruption());

    // Indexing a block whose data is not stored is refused.
    BlockIndex no_data;
    BOOST_CHECK(txindex.WriteBlock(chain[0].block, no_data).IsInvalidArgument());
}

namespace {
/** A block on `prev` that spends coins of `view` (from `pool`), with an in-block chain, connected
 * to `view` (its undo data returned). */
Written ConnectSpendingBlock(FastRandomContext& rng, CoinsViewCache& view, std::vector<COutPoint>& pool,
                             const uint256& prev, uint32_t time, int height)
{
    Written w;
    w.block.version = 1;
    w.block.prev_block = prev;
    w.block.time = time;
    w.block.bits = 0x207fffff;
    w.block.nonce = static_cast<uint32_t>(rng.Rand64());
    CMutableTransaction cb;
    cb.kind = TxKind::COINBASE;
    cb.payload = {static_cast<uint8_t>(height), static_cast<uint8_t>(rng.Rand64()), static_cast<uint8_t>(rng.Rand64())};
    for (int i = 0; i < 3; ++i) cb.vout.push_back(CTxOut{static_cast<CAmount>(1 + rng.RandRange(COIN)), {}});
    w.block.vtx.push_back(MakeTransactionRef(std::move(cb)));
    std::vector<COutPoint> usable;
    for (const COutPoint& op : pool) {
        if (view.HaveCoin(op)) usable.push_back(op);
    }
    std::optional<COutPoint> in_block;
    for (int t = 0; t < 3 && !usable.empty(); ++t) {
        CMutableTransaction tx;
        const size_t pick = rng.RandRange(usable.size());
        tx.vin.push_back(CTxIn{usable[pick], SEQUENCE_FINAL, {}});
        usable.erase(usable.begin() + static_cast<long>(pick));
        if (in_block) {
            tx.vin.push_back(CTxIn{*in_block, SEQUENCE_FINAL, {}}); // spends an output of this block
            in_block.reset();
        }
        for (int i = 0; i < 2; ++i) tx.vout.push_back(CTxOut{static_cast<CAmount>(1 + rng.RandRange(COIN)), {}});
        auto ref = MakeTransactionRef(std::move(tx));
        if (t == 0) in_block = COutPoint{ref->GetTxid(), 1};
        w.block.vtx.push_back(ref);
    }
    for (size_t i = 0; i < w.block.vtx.size(); ++i) {
        const CTransaction& tx = *w.block.vtx[i];
        TxUndo txundo;
        BOOST_REQUIRE(UpdateCoins(tx, view, height, i ? &txundo : nullptr));
        if (i) w.undo.vtxundo.push_back(std::move(txundo));
        for (uint32_t n = 0; n < tx.vout.size(); ++n) pool.push_back(COutPoint{tx.GetTxid(), n});
    }
    return w;
}
} // namespace

/**
 * The start-up repair: the chainstate was flushing a reorg (tip A on one branch to tip B on
 * another) in several batches when it "crashed". ReplayBlocks must disconnect from A to the fork
 * with the undo data, re-apply the blocks to B, and end with exactly the UTXO set of B.
 */
BOOST_AUTO_TEST_CASE(replay_finishes_interrupted_reorg_flush)
{
    TempDir dir{"blocks"};
    FastRandomContext rng{8};
    auto index_db = MemDb("index", BLOCK_TREE_SCHEMA_VERSION);
    auto coins_db = MemDb("chainstate", CHAINSTATE_SCHEMA_VERSION);
    BlockTreeDB tree{*index_db};
    auto bm = RequireOk(BlockManager::Open(SmallFiles(dir.path()), tree));
    CoinsViewDB view{*coins_db, /*batch_size=*/1200};
    CoinsViewCache cache{&view};
    std::vector<COutPoint> pool;

    auto connect = [&](const BlockIndex* prev, int count) {
        std::vector<BlockIndex*> out;
        for (int i = 0; i < count; ++i) {
            const int height = prev ? prev->height + 1 : 0;
            Written w = ConnectSpendingBlock(rng, cache, pool, prev ? prev->hash : uint256{},
                                             prev ? prev->time + 60 : 1'700'000'000, height);
            BlockIndex* index = bm->AddToBlockIndex(w.block);
            BOOST_REQUIRE(bm->WriteBlock(w.block, *index).ok());
            BOOST_REQUIRE(bm->WriteUndo(w.undo, *index).ok());
            cache.SetBestBlock(index->hash);
            out.push_back(index);
            prev = index;
        }
        return out;
    };
    auto branch1 = connect(nullptr, 6);         // heights 0..5: tip A
    BOOST_REQUIRE(bm->FlushIndex().ok());
    BOOST_REQUIRE(cache.Flush().ok());
    const uint256 tip_a = branch1.back()->hash;

    // Reorg: disconnect 5 and 4, connect 4'..7'.
    for (int h = 5; h >= 4; --h) {
        auto block = bm->ReadBlock(*branch1[h]);
        auto undo = bm->ReadUndo(*branch1[h]);
        BOOST_REQUIRE(block.ok() && undo.ok());
        BOOST_CHECK(DisconnectBlockCoins(*block, *undo, cache) == DisconnectResult::OK);
    }
    auto branch2 = connect(branch1[3], 4);
    const uint256 tip_b = branch2.back()->hash;
    BOOST_REQUIRE(bm->FlushIndex().ok()); // block data and undo before the chainstate
    view.SetCrashAfterBatchesForTesting(2);
    cache.SetBestBlock(tip_b);
    BOOST_REQUIRE(cache.Flush().IsIOError());
    view.SetCrashAfterBatchesForTesting(std::nullopt);
    const std::vector<uint256> heads = view.GetHeadBlocks();
    BOOST_REQUIRE_EQUAL(heads.size(), 2u);
    BOOST_CHECK(heads[0] == tip_b && heads[1] == tip_a);

    // The reference: B's UTXO set built from scratch in another database.
    auto ref_db = MemDb("reference", CHAINSTATE_SCHEMA_VERSION);
    CoinsViewDB ref_view{*ref_db};
    {
        CoinsViewCache ref_cache{&ref_view};
        for (int h = 0; h <= branch2.back()->height; ++h) {
            auto block = bm->ReadBlock(*branch2.back()->GetAncestor(h));
            BOOST_REQUIRE(block.ok());
            for (const auto& tx : block->vtx) BOOST_REQUIRE(UpdateCoins(*tx, ref_cache, h, nullptr));
        }
        ref_cache.SetBestBlock(tip_b);
        BOOST_REQUIRE(ref_cache.Flush().ok());
    }

    auto before = ComputeCoinsStats(view);
    auto expected = ComputeCoinsStats(ref_view);
    BOOST_REQUIRE(before.ok() && expected.ok());
    BOOST_CHECK(before->hash_serialized != expected->hash_serialized); // really half-written

    BOOST_REQUIRE(ReplayBlocks(view, *bm).ok());
    BOOST_CHECK_EQUAL(view.GetBestBlock(), tip_b);
    BOOST_CHECK(view.GetHeadBlocks().empty());
    auto after = ComputeCoinsStats(view);
    BOOST_REQUIRE(after.ok());
    BOOST_CHECK_EQUAL(after->hash_serialized, expected->hash_serialized);
    BOOST_CHECK_EQUAL(after->txouts, expected->txouts);
    BOOST_CHECK_EQUAL(after->total_amount, expected->total_amount);
    // Nothing to do the second time.
    BOOST_CHECK(ReplayBlocks(view, *bm).ok());
}

BOOST_AUTO_TEST_CASE(disconnect_rejects_mismatched_undo)
{
    FastRandomContext rng{9};
    auto db = MemDb("chainstate", CHAINSTATE_SCHEMA_VERSION);
    CoinsViewDB view{*db};
    CoinsViewCache cache{&view};
    std::vector<COutPoint> pool;
    Written a = ConnectSpendingBlock(rng, cache, pool, uint256{}, 1, 0);
    Written b = ConnectSpendingBlock(rng, cache, pool, a.block.GetHash(), 2, 1);
    BOOST_REQUIRE_GT(b.block.vtx.size(), 1u);
    BlockUndo short_undo = b.undo;
    short_undo.vtxundo.pop_back();
    BOOST_CHECK(DisconnectBlockCoins(b.block, short_undo, cache) == DisconnectResult::FAILED);
    BlockUndo wrong_inputs = b.undo;
    wrong_inputs.vtxundo[0].prevout.clear();
    BOOST_CHECK(DisconnectBlockCoins(b.block, wrong_inputs, cache) == DisconnectResult::FAILED);
    BOOST_CHECK(DisconnectBlockCoins(b.block, b.undo, cache) == DisconnectResult::OK);
    // Disconnecting twice: the outputs are gone and the inputs already there: unclean.
    BOOST_CHECK(DisconnectBlockCoins(b.block, b.undo, cache) == DisconnectResult::UNCLEAN);
}

BOOST_AUTO_TEST_SUITE_END()
