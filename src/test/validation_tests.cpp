// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// ChainstateManager: connect/disconnect round trips, every invalid-block class with its reject
// reason, reorganisations, invalidate/reconsider, restart, interrupted flush recovery, reindex.

#include <consensus/subsidy.h>
#include <storage/env.h>
#include <test/util/chain.h>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <ostream>

using namespace test;

namespace {
/** The POSIX Env, counting the reads of block files (blkNNNNN.dat). */
class BlockReadCountingEnv final : public storage::Env
{
public:
    std::atomic<int> block_reads{0};

    class CountingFile final : public storage::RandomAccessFile
    {
    public:
        CountingFile(std::unique_ptr<storage::RandomAccessFile> base, std::atomic<int>& reads)
            : m_base{std::move(base)}, m_reads{reads} {}
        storage::StatusOr<size_t> Read(uint64_t offset, std::span<uint8_t> out) const override
        {
            ++m_reads;
            return m_base->Read(offset, out);
        }
        storage::StatusOr<uint64_t> Size() const override { return m_base->Size(); }
        const std::filesystem::path& Path() const override { return m_base->Path(); }

    private:
        std::unique_ptr<storage::RandomAccessFile> m_base;
        std::atomic<int>& m_reads;
    };

    using Path = std::filesystem::path;
    template <typename T> using StatusOr = storage::StatusOr<T>;
    StatusOr<std::unique_ptr<storage::WritableFile>> NewWritableFile(const Path& p) override { return m_base.NewWritableFile(p); }
    StatusOr<std::unique_ptr<storage::WritableFile>> NewAppendableFile(const Path& p) override { return m_base.NewAppendableFile(p); }
    StatusOr<std::unique_ptr<storage::RandomAccessFile>> NewRandomAccessFile(const Path& p) override
    {
        auto file = m_base.NewRandomAccessFile(p);
        if (!file.ok() || !p.filename().string().starts_with("blk")) return file;
        return std::unique_ptr<storage::RandomAccessFile>{std::make_unique<CountingFile>(std::move(*file), block_reads)};
    }
    bool FileExists(const Path& p) override { return m_base.FileExists(p); }
    StatusOr<uint64_t> GetFileSize(const Path& p) override { return m_base.GetFileSize(p); }
    StatusOr<std::vector<std::string>> GetChildren(const Path& d) override { return m_base.GetChildren(d); }
    storage::Status CreateDir(const Path& d) override { return m_base.CreateDir(d); }
    storage::Status RemoveFile(const Path& p) override { return m_base.RemoveFile(p); }
    storage::Status RemoveDir(const Path& d) override { return m_base.RemoveDir(d); }
    storage::Status RenameFile(const Path& a, const Path& b) override { return m_base.RenameFile(a, b); }
    storage::Status TruncateFile(const Path& p, uint64_t n) override { return m_base.TruncateFile(p, n); }
    storage::Status SyncDir(const Path& d) override { return m_base.SyncDir(d); }
    StatusOr<std::unique_ptr<storage::FileLock>> LockFile(const Path& p) override { return m_base.LockFile(p); }

private:
    storage::Env& m_base{storage::DefaultEnv()};
};

/** A chain with 101 blocks: the first coinbase is mature. */
struct MatureChain : TestChain {
    std::vector<CBlock> blocks;
    MatureChain()
    {
        for (int i = 0; i < 101; ++i) blocks.push_back(Mine());
    }
    const CTransaction& Coinbase(int height) const { return *blocks.at(height - 1).vtx[0]; }
    CTransactionRef SpendCoinbase(int height, CAmount fee = 1000)
    {
        return Spend(Coinbase(height), 0, key, lock, fee, params.genesis_hash);
    }
};
} // namespace

BOOST_AUTO_TEST_SUITE(validation_tests)

BOOST_AUTO_TEST_CASE(genesis_and_mining)
{
    TestChain chain;
    BOOST_CHECK_EQUAL(chain.Height(), 0);
    BOOST_CHECK_EQUAL(chain.TipHash(), chain.params.genesis_hash);
    for (int i = 0; i < 5; ++i) chain.Mine();
    BOOST_CHECK_EQUAL(chain.Height(), 5);
    const auto stats = chain.Stats();
    BOOST_CHECK_EQUAL(stats.txouts, 5u);
    BOOST_CHECK_EQUAL(stats.total_amount, 5 * (GetBlockSubsidy(1, chain.params) - GetAvailabilityPool(1, chain.params)));
}

BOOST_AUTO_TEST_CASE(connect_disconnect_roundtrip)
{
    MatureChain chain;
    const auto before = chain.Stats();
    // A block with a chain of spends: a coinbase spend and a spend of that spend.
    CTransactionRef tx1 = chain.SpendCoinbase(1, 5000);
    CTransactionRef tx2 = Spend(*tx1, 0, chain.key, chain.lock, 5000, chain.params.genesis_hash, 3);
    const CBlock block = chain.Mine({tx1, tx2});
    const auto after = chain.Stats();
    BOOST_CHECK(before.hash_serialized != after.hash_serialized);
    // Coinbase pays subsidy - availability pool + fees.
    BOOST_CHECK_EQUAL(*block.vtx[0]->GetValueOut(), GetBlockSubsidy(102, chain.params) - GetAvailabilityPool(102, chain.params) + 10000);

    consensus::BlockValidationState state;
    BOOST_REQUIRE(chain.chainman->InvalidateBlock(block.GetHash(), state));
    BOOST_CHECK_EQUAL(chain.Height(), 101);
    const auto undone = chain.Stats();
    BOOST_CHECK_EQUAL(undone.hash_serialized, before.hash_serialized);
    BOOST_CHECK_EQUAL(undone.txouts, before.txouts);
    BOOST_CHECK_EQUAL(undone.total_amount, before.total_amount);

    BOOST_REQUIRE(chain.chainman->ReconsiderBlock(block.GetHash(), state));
    BOOST_CHECK_EQUAL(chain.Height(), 102);
    BOOST_CHECK_EQUAL(chain.Stats().hash_serialized, after.hash_serialized);
    BOOST_CHECK(chain.chainman->VerifyDB(4, 0));
}

BOOST_AUTO_TEST_CASE(reject_header_classes)
{
    MatureChain chain;
    {
        CBlock block = chain.Template();
        block.nonce = 0;
        while (CheckProofOfWork(block.GetHash(), block.bits, chain.params)) ++block.nonce;
        BOOST_CHECK_EQUAL(chain.Submit(block), "high-hash");
    }
    {
        CBlock block = chain.Template();
        block.bits = 0x200fffff; // harder than regtest's fixed bits: valid PoW, wrong bits
        chain.Solve(block);
        BOOST_CHECK_EQUAL(chain.Submit(block), "bad-diffbits");
    }
    {
        CBlock block = chain.Template();
        int64_t mtp;
        {
            LOCK(chain.chainman->GetMutex());
            mtp = chain.chainman->ActiveTip()->GetMedianTimePast();
        }
        block.time = static_cast<uint32_t>(mtp);
        chain.Solve(block);
        BOOST_CHECK_EQUAL(chain.Submit(block), "time-too-old");
    }
    {
        CBlock block = chain.Template();
        block.time = static_cast<uint32_t>(chain.now + chain.params.max_future_block_time + 1);
        chain.Solve(block);
        BOOST_CHECK_EQUAL(chain.Submit(block), "time-too-new");
    }
    {
        CBlock block = chain.Template();
        block.prev_block = uint256::ONE;
        chain.Solve(block);
        BOOST_CHECK_EQUAL(chain.Submit(block), "prev-blk-not-found");
    }
    BOOST_CHECK_EQUAL(chain.Height(), 101);
}

BOOST_AUTO_TEST_CASE(reject_block_classes)
{
    MatureChain chain;
    const uint256 genesis = chain.params.genesis_hash;
    {
        CBlock block = chain.Template();
        block.merkle_root = uint256::ONE;
        chain.Solve(block);
        BOOST_CHECK_EQUAL(chain.Submit(block), "bad-txnmrklroot");
    }
    {
        // Duplicate transaction in the CVE-2012-2459 shape: the last tx repeated, so the
        // merkle root equals that of the block without the copy.
        CTransactionRef tx = chain.SpendCoinbase(1);
        CTransactionRef tx2 = chain.SpendCoinbase(2);
        CBlock block = chain.Template({tx, tx2});
        block.vtx.push_back(tx2);
        chain.FixMerkleAndSolve(block);
        BOOST_CHECK_EQUAL(chain.Submit(block), "bad-txns-duplicate");
    }
    {
        // Double spend inside a block: two different transactions spend the same coin.
        CTransactionRef a = chain.SpendCoinbase(1, 1000);
        CTransactionRef b = chain.SpendCoinbase(1, 2000);
        CBlock block = chain.Template({a});
        block.vtx.push_back(b);
        chain.FixMerkleAndSolve(block);
        BOOST_CHECK_EQUAL(chain.Submit(block), "bad-txns-inputs-missingorspent");
    }
    {
        // Spend of a coin that does not exist.
        CMutableTransaction fake;
        fake.kind = TxKind::TRANSFER;
        fake.vout.push_back(CTxOut{COIN, chain.lock});
        const CTransaction missing{fake};
        CTransactionRef tx = Spend(missing, 0, chain.key, chain.lock, 1000, genesis);
        CBlock block = chain.Template();
        block.vtx.push_back(tx);
        chain.FixMerkleAndSolve(block);
        BOOST_CHECK_EQUAL(chain.Submit(block), "bad-txns-inputs-missingorspent");
    }
    {
        // Immature coinbase: the coinbase of block 100 has 1 confirmation at height 102.
        CTransactionRef tx = Spend(chain.Coinbase(100), 0, chain.key, chain.lock, 1000, genesis);
        CBlock block = chain.Template();
        block.vtx.push_back(tx);
        chain.FixMerkleAndSolve(block);
        BOOST_CHECK_EQUAL(chain.Submit(block), "bad-txns-premature-spend-of-coinbase");
    }
    {
        // Bad signature: one bit of the signature flipped.
        CMutableTransaction tx{};
        const CTransaction& prev = chain.Coinbase(1);
        tx.kind = TxKind::TRANSFER;
        tx.vin.push_back(CTxIn{COutPoint{prev.GetTxid(), 0}, SEQUENCE_FINAL, {}});
        tx.vout.push_back(CTxOut{prev.vout[0].value - 1000, chain.lock});
        SignTx(tx, {prev.vout[0]}, chain.key, genesis);
        tx.vin[0].witness[1][5] ^= 1;
        CBlock block = chain.Template();
        block.vtx.push_back(MakeTransactionRef(tx));
        chain.FixMerkleAndSolve(block);
        BOOST_CHECK_EQUAL(chain.Submit(block), "bad-txns-sig");
        // Signed by another key: the key does not match the key hash.
        CKey other = CKey::Generate();
        SignTx(tx, {prev.vout[0]}, other, genesis);
        block.vtx[1] = MakeTransactionRef(tx);
        chain.FixMerkleAndSolve(block);
        BOOST_CHECK_EQUAL(chain.Submit(block), "bad-txns-keyhash");
        // A signature for another network (wrong genesis in the sighash).
        SignTx(tx, {prev.vout[0]}, chain.key, consensus::GetConsensusParams("main").genesis_hash);
        block.vtx[1] = MakeTransactionRef(tx);
        chain.FixMerkleAndSolve(block);
        BOOST_CHECK_EQUAL(chain.Submit(block), "bad-txns-sig");
    }
    {
        // Coinbase pays one unit more than subsidy + fees.
        CTransactionRef tx = chain.SpendCoinbase(2, 3000);
        CBlock block = chain.Template({tx});
        CMutableTransaction cb;
        cb.kind = TxKind::COINBASE;
        cb.payload = block.vtx[0]->payload;
        cb.vout.push_back(CTxOut{block.vtx[0]->vout[0].value + 1, chain.lock});
        block.vtx[0] = MakeTransactionRef(cb);
        chain.FixMerkleAndSolve(block);
        BOOST_CHECK_EQUAL(chain.Submit(block), "bad-cb-amount");
    }
    {
        // Coinbase that commits to the wrong height.
        CBlock block = chain.Template();
        CMutableTransaction cb;
        cb.kind = TxKind::COINBASE;
        cb.payload = mining::CoinbasePayload(5, 0);
        cb.vout = block.vtx[0]->vout;
        block.vtx[0] = MakeTransactionRef(cb);
        chain.FixMerkleAndSolve(block);
        BOOST_CHECK_EQUAL(chain.Submit(block), "bad-cb-height");
    }
    BOOST_CHECK_EQUAL(chain.Height(), 101);
    // After all that the chain still extends normally, and a known-invalid block is refused fast.
    chain.Mine({chain.SpendCoinbase(1)});
    BOOST_CHECK_EQUAL(chain.Height(), 102);
}

BOOST_AUTO_TEST_CASE(reorg_to_most_work_and_back)
{
    MatureChain chain;
    const uint256 fork_point = chain.TipHash();
    const auto stats_fork = chain.Stats();
    // Branch A: 2 blocks spending a coinbase.
    const CBlock a1 = chain.Mine({chain.SpendCoinbase(1)});
    const CBlock a2 = chain.Mine();
    const auto stats_a = chain.Stats();
    // Invalidate A and build branch B with 3 blocks (more work).
    consensus::BlockValidationState state;
    BOOST_REQUIRE(chain.chainman->InvalidateBlock(a1.GetHash(), state));
    BOOST_CHECK_EQUAL(chain.TipHash(), fork_point);
    BOOST_CHECK_EQUAL(chain.Stats().hash_serialized, stats_fork.hash_serialized);
    chain.Mine({chain.SpendCoinbase(2)});
    chain.Mine();
    const CBlock b3 = chain.Mine();
    // Reconsidering A does not switch: B has more work.
    BOOST_REQUIRE(chain.chainman->ReconsiderBlock(a1.GetHash(), state));
    BOOST_CHECK_EQUAL(chain.TipHash(), b3.GetHash());
    {
        LOCK(chain.chainman->GetMutex());
        const auto tips = chain.chainman->GetChainTips();
        BOOST_REQUIRE_EQUAL(tips.size(), 2u);
        BOOST_CHECK_EQUAL(tips[0].status, "active");
        BOOST_CHECK_EQUAL(tips[1].status, "valid-fork");
        BOOST_CHECK_EQUAL(tips[1].branchlen, 2);
    }
    // Invalidate B: back to A exactly.
    uint256 b1;
    {
        LOCK(chain.chainman->GetMutex());
        b1 = chain.chainman->ActiveTip()->GetAncestor(102)->hash;
    }
    BOOST_REQUIRE(chain.chainman->InvalidateBlock(b1, state));
    BOOST_CHECK_EQUAL(chain.TipHash(), a2.GetHash());
    BOOST_CHECK_EQUAL(chain.Stats().hash_serialized, stats_a.hash_serialized);
    BOOST_CHECK(chain.chainman->VerifyDB(4, 0));
}

BOOST_AUTO_TEST_CASE(accepted_block_is_not_read_back)
{
    BlockReadCountingEnv env;
    TestChain chain;
    chain.Open([&](validation::ChainstateOptions& o) { o.env = &env; });
    // A block just accepted travels to ConnectTip in memory.
    for (int i = 0; i < 3; ++i) chain.Mine();
    const CBlock a1 = chain.Mine();
    BOOST_CHECK_EQUAL(env.block_reads.load(), 0);
    // Disconnecting reads the block (for its transactions); new blocks of branch B are not read.
    consensus::BlockValidationState state;
    BOOST_REQUIRE(chain.chainman->InvalidateBlock(a1.GetHash(), state));
    const int disconnect_reads = env.block_reads.load();
    BOOST_CHECK_GT(disconnect_reads, 0);
    const CBlock b1 = chain.Mine();
    chain.Mine();
    BOOST_REQUIRE(chain.chainman->ReconsiderBlock(a1.GetHash(), state)); // less work: no switch
    BOOST_CHECK_EQUAL(env.block_reads.load(), disconnect_reads);
    // Back to branch A: b2 and b1 are read to be disconnected, and a1, a block of another branch
    // stored earlier, to be connected.
    BOOST_REQUIRE(chain.chainman->InvalidateBlock(b1.GetHash(), state));
    BOOST_CHECK_EQUAL(chain.TipHash(), a1.GetHash());
    const int reorg_reads = env.block_reads.load();
    BOOST_CHECK_EQUAL(reorg_reads, 4 * disconnect_reads);
    chain.Mine();
    BOOST_CHECK_EQUAL(env.block_reads.load(), reorg_reads);
    BOOST_CHECK_EQUAL(chain.Height(), 5);
}

BOOST_AUTO_TEST_CASE(list_walks_do_not_flush)
{
    MatureChain chain;
    chain.Mine({chain.SpendCoinbase(1)});
    auto db_best = [&] {
        LOCK(chain.chainman->GetMutex());
        return chain.chainman->CoinsDB().GetBestBlock();
    };
    {
        // Stand-ins for a block's registry changes, in the cache only.
        LOCK(chain.chainman->GetMutex());
        chain.chainman->CoinsTip().PutRecord("~test1", "a");
        chain.chainman->CoinsTip().PutRecord("~test2", "b");
    }
    auto all_records = [&] {
        std::vector<std::pair<std::string, std::string>> out;
        BOOST_REQUIRE(chain.chainman->ListRegistryRecords("~test", "", [&](const std::string& k, const std::string& v) {
            out.emplace_back(k, v);
            return true;
        }).ok());
        return out;
    };
    // The blocks since start-up are in the cache only (the periodic flush is an hour away).
    const uint256 flushed = db_best();
    BOOST_REQUIRE(flushed != chain.TipHash());
    const auto stats = chain.Stats();
    const auto records = all_records();
    BOOST_CHECK(records == (std::vector<std::pair<std::string, std::string>>{{"~test1", "a"}, {"~test2", "b"}}));
    BOOST_CHECK_EQUAL(stats.best_block, chain.TipHash());
    BOOST_CHECK_EQUAL(db_best(), flushed);
    // The walks showed what a flushed database shows.
    BOOST_REQUIRE(chain.chainman->Flush(validation::FlushMode::ALWAYS).ok());
    BOOST_CHECK_EQUAL(db_best(), chain.TipHash());
    BOOST_CHECK_EQUAL(chain.Stats().hash_serialized, stats.hash_serialized);
    BOOST_CHECK(all_records() == records);
}

BOOST_AUTO_TEST_CASE(reorg_away_from_invalid_branch)
{
    MatureChain chain;
    const uint256 tip = chain.TipHash();
    // A competing branch whose second block is invalid (bad signature) but has more work:
    // stored, fails to connect, and the node goes back to its valid chain.
    consensus::BlockValidationState state;
    BOOST_REQUIRE(chain.chainman->InvalidateBlock(tip, state));
    const CBlock b1 = chain.Mine();
    CBlock b2 = chain.Template();
    CTransactionRef bad = chain.SpendCoinbase(1);
    CMutableTransaction m{};
    m.kind = bad->kind;
    m.vin = bad->vin;
    m.vout = bad->vout;
    m.vin[0].witness[1][0] ^= 1;
    b2.vtx.push_back(MakeTransactionRef(m));
    chain.FixMerkleAndSolve(b2);
    BOOST_CHECK_EQUAL(chain.Submit(b2), "bad-txns-sig");
    BOOST_CHECK_EQUAL(chain.TipHash(), b1.GetHash());
    // The old tip comes back and wins the tie? No: equal work, first seen (b1) stays.
    BOOST_REQUIRE(chain.chainman->ReconsiderBlock(tip, state));
    BOOST_CHECK_EQUAL(chain.Height(), 101);
    {
        LOCK(chain.chainman->GetMutex());
        const auto* idx = chain.chainman->LookupBlockIndex(b2.GetHash());
        BOOST_REQUIRE(idx);
        BOOST_CHECK(idx->status & chainstate::BLOCK_FAILED_VALID);
    }
}

BOOST_AUTO_TEST_CASE(restart_keeps_tip_and_utxo)
{
    MatureChain chain;
    chain.Mine({chain.SpendCoinbase(1)});
    const uint256 tip = chain.TipHash();
    const auto stats = chain.Stats();
    chain.Open();
    BOOST_CHECK_EQUAL(chain.TipHash(), tip);
    BOOST_CHECK_EQUAL(chain.Stats().hash_serialized, stats.hash_serialized);
    // -reindex-chainstate and -reindex rebuild the same state.
    chain.Open([](validation::ChainstateOptions& o) { o.reindex_chainstate = true; });
    BOOST_CHECK_EQUAL(chain.TipHash(), tip);
    BOOST_CHECK_EQUAL(chain.Stats().hash_serialized, stats.hash_serialized);
    chain.Open([](validation::ChainstateOptions& o) { o.reindex = true; });
    BOOST_CHECK_EQUAL(chain.TipHash(), tip);
    BOOST_CHECK_EQUAL(chain.Stats().hash_serialized, stats.hash_serialized);
    BOOST_CHECK(chain.chainman->VerifyDB(4, 0));
}

BOOST_AUTO_TEST_CASE(interrupted_flush_is_replayed)
{
    MatureChain chain;
    chain.Mine({chain.SpendCoinbase(1)});
    (void)chain.Stats(); // flushed at height 102
    for (int i = 0; i < 10; ++i) chain.Mine({chain.SpendCoinbase(2 + i)});
    const uint256 tip = chain.TipHash();
    {
        LOCK(chain.chainman->GetMutex());
        chain.chainman->CoinsDB().SetBatchSize(200);
        chain.chainman->CoinsDB().SetCrashAfterBatchesForTesting(2);
    }
    BOOST_CHECK(!chain.chainman->Flush(validation::FlushMode::ALWAYS).ok());
    {
        LOCK(chain.chainman->GetMutex());
        BOOST_CHECK(!chain.chainman->CoinsDB().GetHeadBlocks().empty());
    }
    chain.Open(); // replays the head blocks
    BOOST_CHECK_EQUAL(chain.TipHash(), tip);
    const auto replayed = chain.Stats();
    chain.Open([](validation::ChainstateOptions& o) { o.reindex_chainstate = true; });
    BOOST_CHECK_EQUAL(chain.Stats().hash_serialized, replayed.hash_serialized);
    BOOST_CHECK(chain.chainman->VerifyDB(4, 0));
}

BOOST_AUTO_TEST_CASE(parallel_signature_checks)
{
    TestChain chain{/*script_threads=*/3};
    std::vector<CBlock> blocks;
    for (int i = 0; i < 101; ++i) blocks.push_back(chain.Mine());
    // Fan one coinbase out to 50 outputs, then spend them all in one block.
    CTransactionRef fan = Spend(*blocks[0].vtx[0], 0, chain.key, chain.lock, 10000, chain.params.genesis_hash, 50);
    chain.Mine({fan});
    std::vector<CTransactionRef> spends;
    for (uint32_t n = 0; n < 50; ++n) spends.push_back(Spend(*fan, n, chain.key, chain.lock, 100, chain.params.genesis_hash));
    CTransactionRef broken = spends[37];
    CMutableTransaction m{};
    m.kind = broken->kind;
    m.vin = broken->vin;
    m.vout = broken->vout;
    m.vin[0].witness[1][10] ^= 0x40;
    std::vector<CTransactionRef> with_bad = spends;
    with_bad[37] = MakeTransactionRef(m);
    CBlock bad = chain.Template();
    for (const auto& tx : with_bad) bad.vtx.push_back(tx);
    chain.FixMerkleAndSolve(bad);
    BOOST_CHECK_EQUAL(chain.Submit(bad), "bad-txns-sig");
    chain.Mine(spends);
    BOOST_CHECK_EQUAL(chain.Height(), 103);
}

BOOST_AUTO_TEST_SUITE_END()
