// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The mempool: acceptance and its reject reasons, package limits, replacement, removal for
// blocks and conflicts, reorg re-adds, eviction at -maxmempool with the rolling fee floor, the
// memory an entry's registry reads take counted in the pool's usage, the fee estimator fed only
// while the chain is current,
// expiry, mempool.dat, the registry first-seen rule with its kept-aside store, and the update
// signal getblocktemplate's long polling sleeps on.

#include <consensus/registry_payload.h>
#include <mempool/policy.h>
#include <test/util/mempool.h>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

using mempool::AcceptResult;

using namespace test;

namespace {
constexpr CAmount FEE = 10'000;

void CheckRejected(const AcceptResult& result, const std::string& reason, consensus::TxValidationResult kind)
{
    BOOST_CHECK_MESSAGE(!result.IsValid(), "accepted, expected " + reason);
    BOOST_CHECK_EQUAL(result.state.GetRejectReason(), reason);
    BOOST_CHECK(result.state.GetResult() == kind);
}

void CheckConsistent(MempoolTestChain& t)
{
    const std::string problem = t.Pool().CheckConsistency();
    BOOST_CHECK_MESSAGE(problem.empty(), problem);
}

/** A handle commitment statement (the simplest registry kind) funded by `prev`:0. */
CTransactionRef MakeCommit(const CTransaction& prev, const CKey& key, const OutputLock& to, CAmount fee,
                           const uint256& genesis, const uint256& commitment)
{
    return Spend(prev, 0, key, to, fee, genesis, 1, TxKind::HANDLE_COMMIT,
                     consensus::EncodePayload(consensus::Payload{consensus::HandleCommit{commitment}}));
}
} // namespace

BOOST_AUTO_TEST_SUITE(mempool_tests)

BOOST_AUTO_TEST_CASE(accept_and_reject_reasons)
{
    MempoolTestChain t;
    t.MineBlocks(102);
    const uint256& genesis = t.Params().genesis_hash;
    CTransactionRef tx = Spend(t.Coinbase(0), 0, t.chain.key, t.chain.lock, FEE, genesis, 2);
    AcceptResult ok = t.Accept(tx);
    BOOST_REQUIRE_MESSAGE(ok.IsValid(), ok.state.ToString());
    BOOST_CHECK_EQUAL(ok.base_fee, FEE);
    BOOST_CHECK_EQUAL(ok.size, static_cast<int64_t>(tx->GetTotalSize()));
    BOOST_CHECK(t.Pool().Exists(tx->GetTxid()));
    BOOST_CHECK(t.Pool().ExistsWtxid(tx->GetWtxid()));
    BOOST_CHECK_EQUAL(t.Pool().Size(), 1u);
    BOOST_CHECK_EQUAL(t.Pool().TotalFee(), FEE);

    CheckRejected(t.Accept(tx), "txn-already-in-mempool", consensus::TxValidationResult::TX_CONFLICT);
    // The same transaction with another (still valid) signature: same txid, other wtxid.
    CMutableTransaction resigned = MutableCopy(*tx);
    SignTx(resigned, {t.Coinbase(0).vout[0]}, t.chain.key, genesis);
    if (resigned.GetWtxid() != tx->GetWtxid()) {
        CheckRejected(t.Accept(MakeTransactionRef(resigned)), "txn-same-nonwitness-data-in-mempool",
                      consensus::TxValidationResult::TX_CONFLICT);
    }

    // A child of the unconfirmed transaction spends a pool output.
    CTransactionRef child = Spend(*tx, 1, t.chain.key, t.chain.lock, FEE, genesis);
    BOOST_REQUIRE(t.Accept(child).IsValid());
    auto info = t.Pool().Info(child->GetTxid());
    BOOST_REQUIRE(info);
    BOOST_CHECK_EQUAL(info->ancestor_count, 2u);
    BOOST_CHECK(info->depends == std::vector<uint256>{tx->GetTxid()});
    BOOST_CHECK_EQUAL(t.Pool().Info(tx->GetTxid())->descendant_count, 2u);

    // Unknown input: an orphan for P2P.
    CMutableTransaction orphan_parent = MutableCopy(*tx);
    orphan_parent.locktime = 7;
    CTransactionRef orphan = Spend(CTransaction{orphan_parent}, 0, t.chain.key, t.chain.lock, FEE, genesis);
    CheckRejected(t.Accept(orphan), "bad-txns-inputs-missingorspent", consensus::TxValidationResult::TX_MISSING_INPUTS);
    // Immature coinbase (block 101's coinbase at next height 103 has depth 2).
    CheckRejected(t.Accept(Spend(t.Coinbase(101), 0, t.chain.key, t.chain.lock, FEE, genesis)),
                  "bad-txns-premature-spend-of-coinbase", consensus::TxValidationResult::TX_PREMATURE_SPEND);
    // Fee below the minimum relay fee.
    CheckRejected(t.Accept(Spend(t.Coinbase(1), 0, t.chain.key, t.chain.lock, 10, genesis)), "min relay fee not met",
                  consensus::TxValidationResult::TX_MEMPOOL_POLICY);
    // Dust output.
    {
        CMutableTransaction dust;
        dust.vin.push_back(CTxIn{COutPoint{t.Coinbase(1).GetTxid(), 0}, SEQUENCE_FINAL, {}});
        dust.vout.push_back(CTxOut{t.Coinbase(1).vout[0].value - FEE - 100, t.chain.lock});
        dust.vout.push_back(CTxOut{100, t.chain.lock});
        SignTx(dust, {t.Coinbase(1).vout[0]}, t.chain.key, genesis);
        CheckRejected(t.Accept(MakeTransactionRef(dust)), "dust", consensus::TxValidationResult::TX_NOT_STANDARD);
    }
    // A bad signature.
    {
        CMutableTransaction bad = MutableCopy(*Spend(t.Coinbase(1), 0, t.chain.key, t.chain.lock, FEE, genesis));
        bad.vin[0].witness[1][5] ^= 1;
        CheckRejected(t.Accept(MakeTransactionRef(bad)), "bad-txns-sig", consensus::TxValidationResult::TX_CONSENSUS);
    }
    // A coinbase.
    CheckRejected(t.Accept(t.blocks[5].vtx[0]), "coinbase", consensus::TxValidationResult::TX_CONSENSUS);
    // Non-final: a height lock time in the future with a non-final sequence.
    {
        CMutableTransaction late;
        late.vin.push_back(CTxIn{COutPoint{t.Coinbase(1).GetTxid(), 0}, 0, {}});
        late.vout.push_back(CTxOut{t.Coinbase(1).vout[0].value - FEE, t.chain.lock});
        late.locktime = 1000;
        SignTx(late, {t.Coinbase(1).vout[0]}, t.chain.key, genesis);
        CheckRejected(t.Accept(MakeTransactionRef(late)), "non-final", consensus::TxValidationResult::TX_PREMATURE_SPEND);
    }
    // Test accept changes nothing, and max-fee-exceeded.
    CTransactionRef other = Spend(t.Coinbase(2), 0, t.chain.key, t.chain.lock, FEE, genesis);
    mempool::AcceptOptions test;
    test.test_accept = true;
    BOOST_CHECK(t.Accept(other, test).IsValid());
    BOOST_CHECK(!t.Pool().Exists(other->GetTxid()));
    test.max_fee_rate = mempool::FeeRate{1'000};
    CheckRejected(t.Accept(other, test), "max-fee-exceeded", consensus::TxValidationResult::TX_MEMPOOL_POLICY);
    CheckConsistent(t);
}

BOOST_AUTO_TEST_CASE(package_limits)
{
    MempoolTestChain t;
    t.MineBlocks(101);
    const uint256& genesis = t.Params().genesis_hash;
    CTransactionRef tx = Spend(t.Coinbase(0), 0, t.chain.key, t.chain.lock, FEE, genesis);
    for (int i = 1; i < mempool::DEFAULT_ANCESTOR_LIMIT; ++i) {
        BOOST_REQUIRE(t.Accept(tx).IsValid());
        tx = Spend(*tx, 0, t.chain.key, t.chain.lock, FEE, genesis);
    }
    BOOST_REQUIRE(t.Accept(tx).IsValid()); // the 25th
    CheckRejected(t.Accept(Spend(*tx, 0, t.chain.key, t.chain.lock, FEE, genesis)), "too-long-mempool-chain",
                  consensus::TxValidationResult::TX_MEMPOOL_POLICY);
    BOOST_CHECK_EQUAL(t.Pool().Size(), 25u);
    CheckConsistent(t);
}

BOOST_AUTO_TEST_CASE(replacement_by_fee)
{
    MempoolTestChain t;
    t.MineBlocks(101);
    const uint256& genesis = t.Params().genesis_hash;
    CKey other_key = CKey::Generate();
    const OutputLock other = OutputLock::ForKeyHash(other_key.GetXOnlyPubKey());
    CTransactionRef first = Spend(t.Coinbase(0), 0, t.chain.key, t.chain.lock, FEE, genesis);
    BOOST_REQUIRE(t.Accept(first).IsValid());
    CTransactionRef child = Spend(*first, 0, t.chain.key, t.chain.lock, FEE, genesis);
    BOOST_REQUIRE(t.Accept(child).IsValid());

    // Same fee: not enough.
    CheckRejected(t.Accept(Spend(t.Coinbase(0), 0, t.chain.key, other, FEE, genesis)), "insufficient fee",
                  consensus::TxValidationResult::TX_MEMPOOL_POLICY);
    // Higher rate but less than the two it evicts.
    CheckRejected(t.Accept(Spend(t.Coinbase(0), 0, t.chain.key, other, FEE + 5000, genesis)), "insufficient fee",
                  consensus::TxValidationResult::TX_MEMPOOL_POLICY);
    // Pays for both plus its own relay: replaces both.
    CTransactionRef replacement = Spend(t.Coinbase(0), 0, t.chain.key, other, 2 * FEE + 1000, genesis);
    AcceptResult result = t.Accept(replacement);
    BOOST_REQUIRE_MESSAGE(result.IsValid(), result.state.ToString());
    BOOST_CHECK_EQUAL(result.replaced.size(), 2u);
    BOOST_CHECK(!t.Pool().Exists(first->GetTxid()));
    BOOST_CHECK(!t.Pool().Exists(child->GetTxid()));
    BOOST_CHECK_EQUAL(t.Pool().Size(), 1u);

    // A replacement may not add an unconfirmed input.
    CTransactionRef unrelated = Spend(t.Coinbase(1), 0, t.chain.key, t.chain.lock, FEE, genesis);
    BOOST_REQUIRE(t.Accept(unrelated).IsValid());
    CMutableTransaction adds;
    adds.vin.push_back(CTxIn{COutPoint{t.Coinbase(0).GetTxid(), 0}, SEQUENCE_FINAL, {}});
    adds.vin.push_back(CTxIn{COutPoint{unrelated->GetTxid(), 0}, SEQUENCE_FINAL, {}});
    adds.vout.push_back(CTxOut{t.Coinbase(0).vout[0].value + unrelated->vout[0].value - 10 * FEE, t.chain.lock});
    SignTx(adds, {t.Coinbase(0).vout[0], unrelated->vout[0]}, t.chain.key, genesis);
    CheckRejected(t.Accept(MakeTransactionRef(adds)), "replacement-adds-unconfirmed", consensus::TxValidationResult::TX_MEMPOOL_POLICY);
    CheckConsistent(t);
}

BOOST_AUTO_TEST_CASE(block_removes_included_and_conflicting)
{
    MempoolTestChain t;
    t.MineBlocks(102);
    const uint256& genesis = t.Params().genesis_hash;
    CTransactionRef parent = Spend(t.Coinbase(0), 0, t.chain.key, t.chain.lock, FEE, genesis);
    CTransactionRef child = Spend(*parent, 0, t.chain.key, t.chain.lock, FEE, genesis);
    CTransactionRef spent_elsewhere = Spend(t.Coinbase(1), 0, t.chain.key, t.chain.lock, FEE, genesis);
    CTransactionRef spender_child = Spend(*spent_elsewhere, 0, t.chain.key, t.chain.lock, FEE, genesis);
    for (const auto& tx : {parent, child, spent_elsewhere, spender_child}) BOOST_REQUIRE(t.Accept(tx).IsValid());
    // The block includes the parent and another spend of coinbase 1.
    CKey other = CKey::Generate();
    CTransactionRef double_spend =
        Spend(t.Coinbase(1), 0, t.chain.key, OutputLock::ForKeyHash(other.GetXOnlyPubKey()), 2 * FEE, genesis);
    t.MineWith({parent, double_spend});
    BOOST_CHECK(!t.Pool().Exists(parent->GetTxid()));
    BOOST_CHECK(t.Pool().Exists(child->GetTxid())); // now spends a confirmed coin
    BOOST_CHECK(!t.Pool().Exists(spent_elsewhere->GetTxid()));
    BOOST_CHECK(!t.Pool().Exists(spender_child->GetTxid()));
    BOOST_CHECK_EQUAL(t.Pool().Info(child->GetTxid())->ancestor_count, 1u);
    BOOST_CHECK(t.mempool->SyncedTip() == t.chain.TipHash());
    CheckConsistent(t);
}

BOOST_AUTO_TEST_CASE(reorg_readds_transactions)
{
    MempoolTestChain t;
    t.MineBlocks(101);
    const uint256& genesis = t.Params().genesis_hash;
    CTransactionRef parent = Spend(t.Coinbase(0), 0, t.chain.key, t.chain.lock, FEE, genesis);
    const CBlock block = t.MineWith({parent});
    CTransactionRef child = Spend(*parent, 0, t.chain.key, t.chain.lock, FEE, genesis);
    BOOST_REQUIRE(t.Accept(child).IsValid());
    BOOST_CHECK_EQUAL(t.Pool().Size(), 1u);

    consensus::BlockValidationState state;
    BOOST_REQUIRE(t.chain.chainman->InvalidateBlock(block.GetHash(), state));
    t.signals.SyncWithQueue();
    // The parent is back, under its child that stayed.
    BOOST_CHECK(t.Pool().Exists(parent->GetTxid()));
    BOOST_CHECK(t.Pool().Exists(child->GetTxid()));
    BOOST_CHECK_EQUAL(t.Pool().Info(child->GetTxid())->ancestor_count, 2u);
    BOOST_CHECK_EQUAL(t.Pool().Info(parent->GetTxid())->descendant_count, 2u);
    CheckConsistent(t);

    // A reorg that makes a spent coinbase immature removes its spender (reason reorg).
    consensus::BlockValidationState state2;
    BOOST_REQUIRE(t.chain.chainman->InvalidateBlock(t.blocks[1].GetHash(), state2));
    t.signals.SyncWithQueue();
    BOOST_CHECK(!t.Pool().Exists(parent->GetTxid()));
    BOOST_CHECK(!t.Pool().Exists(child->GetTxid()));
    CheckConsistent(t);
}

BOOST_AUTO_TEST_CASE(eviction_and_rolling_fee)
{
    // Room for a handful of transactions only.
    MempoolTestChain t{[](mempool::MempoolOptions& o) { o.max_size_bytes = 6'000; }};
    t.MineBlocks(120);
    const uint256& genesis = t.Params().genesis_hash;
    std::vector<CTransactionRef> txs;
    for (int i = 0; i < 12; ++i) {
        CTransactionRef tx = Spend(t.Coinbase(i), 0, t.chain.key, t.chain.lock, FEE + i * 1000, genesis);
        t.Accept(tx);
        txs.push_back(tx);
    }
    BOOST_CHECK(t.Pool().DynamicMemoryUsage() <= 6'000u);
    BOOST_CHECK(t.Pool().Size() < 12u);
    // The best-paying ones stayed.
    BOOST_CHECK(t.Pool().Exists(txs.back()->GetTxid()));
    BOOST_CHECK(!t.Pool().Exists(txs.front()->GetTxid()));
    // The floor rose above what was evicted.
    const mempool::FeeRate floor = t.Pool().GetMinFee();
    BOOST_CHECK(floor > mempool::FeeRate(FEE, static_cast<int64_t>(txs.front()->GetTotalSize())));
    CheckRejected(t.Accept(Spend(t.Coinbase(15), 0, t.chain.key, t.chain.lock, FEE, genesis)), "mempool min fee not met",
                  consensus::TxValidationResult::TX_MEMPOOL_POLICY);
    CheckConsistent(t);
}

BOOST_AUTO_TEST_CASE(registry_reads_count_in_memory_usage)
{
    MempoolTestChain t;
    t.MineBlocks(101);
    const CTransactionRef tx = Spend(t.Coinbase(0), 0, t.chain.key, t.chain.lock, FEE, t.Params().genesis_hash);
    // Record keys as a registry check lists them (a settlement reads about a dozen), each too
    // long to live inside its string object.
    std::vector<std::string> reads;
    for (char c = 'a'; c < 'a' + 16; ++c) reads.emplace_back(64, c);
    // At least: the vector's buffer and each key's own buffer with its terminator.
    size_t reads_heap = reads.size() * sizeof(std::string);
    for (const std::string& key : reads) reads_heap += key.size() + 1;

    // An entry's usage counts its reads.
    const auto make_entry = [&] { return mempool::MempoolEntry{tx, FEE, 0, 101, 1, 1, false, std::nullopt}; };
    const mempool::MempoolEntry bare = make_entry();
    const mempool::MempoolEntry with_reads = make_entry();
    with_reads.SetRegistryReads(reads);
    BOOST_CHECK_GE(with_reads.DynamicMemoryUsage(), bare.DynamicMemoryUsage() + reads_heap);

    // So does the pool's (-maxmempool), on top of its index of them (at least a copy of each key
    // per reader), also when a recheck replaces the reads; removal gives it all back.
    mempool::TxMempool pool{mempool::MempoolOptions{}};
    const size_t empty = pool.DynamicMemoryUsage();
    {
        LOCK(pool.GetMutex());
        pool.AddUncheckedLocked(make_entry(), {});
        const size_t without_reads = pool.DynamicMemoryUsageLocked();
        const mempool::MempoolEntry& entry = *pool.FindLocked(tx->GetTxid());
        pool.SetRegistryReadsLocked(entry, reads);
        size_t index_min = 0;
        for (const std::string& key : reads) index_min += key.size() + sizeof(std::string);
        BOOST_CHECK_GE(pool.DynamicMemoryUsageLocked(), without_reads + reads_heap + index_min);
        pool.SetRegistryReadsLocked(entry, {reads.at(0), reads.at(1)});
        BOOST_CHECK_LT(pool.DynamicMemoryUsageLocked(), without_reads + reads_heap);
        BOOST_CHECK_GT(pool.DynamicMemoryUsageLocked(), without_reads);
    }
    const std::string problem = pool.CheckConsistency(); // the pool's total follows the entry's
    BOOST_CHECK_MESSAGE(problem.empty(), problem);
    {
        LOCK(pool.GetMutex());
        pool.RemoveRecursiveLocked(*pool.FindLocked(tx->GetTxid()), mempool::RemovalReason::EXPIRY);
    }
    BOOST_CHECK_EQUAL(pool.DynamicMemoryUsage(), empty);
}

BOOST_AUTO_TEST_CASE(fee_estimation_only_while_current)
{
    MempoolTestChain t;
    t.MineBlocks(102);
    const uint256& genesis = t.Params().genesis_hash;
    // More transactions of one fee rate than the estimator needs for a decision (SUFFICIENT_TXS).
    constexpr int N = 60;
    BOOST_REQUIRE(N > mempool::FeeEstimator::SUFFICIENT_TXS);
    // Two coinbases split into N coins each, mined directly (the estimator never sees them).
    const CTransactionRef split_a = Spend(t.Coinbase(0), 0, t.chain.key, t.chain.lock, FEE, genesis, N);
    const CTransactionRef split_b = Spend(t.Coinbase(1), 0, t.chain.key, t.chain.lock, FEE, genesis, N);
    t.MineWith({split_a, split_b});
    // N spends of `split` at one fee rate enter the pool; the next block mines them all.
    const auto round = [&](const CTransactionRef& split) {
        std::vector<CTransactionRef> txs;
        for (uint32_t n = 0; n < N; ++n) {
            txs.push_back(Spend(*split, n, t.chain.key, t.chain.lock, FEE, genesis));
            BOOST_REQUIRE(t.Accept(txs.back()).IsValid());
        }
        t.MineWith(txs);
    };
    // The tip is more than 3 hours old (initial block download starts at a day): the node is
    // catching up, and what enters does not feed the estimator.
    t.chain.now += 3 * 60 * 60 + 1;
    round(split_a);
    BOOST_CHECK(!t.mempool->Estimator().EstimateSmartFee(1, false));
    // That block made the chain current again: the same round feeds it.
    round(split_b);
    BOOST_CHECK(t.mempool->Estimator().EstimateSmartFee(1, false));
    CheckConsistent(t);
}

BOOST_AUTO_TEST_CASE(expiry)
{
    MempoolTestChain t{[](mempool::MempoolOptions& o) { o.expiry_seconds = 3600; }};
    t.MineBlocks(102);
    const uint256& genesis = t.Params().genesis_hash;
    CTransactionRef old_tx = Spend(t.Coinbase(0), 0, t.chain.key, t.chain.lock, FEE, genesis);
    BOOST_REQUIRE(t.Accept(old_tx).IsValid());
    t.chain.now += 3601;
    CTransactionRef new_tx = Spend(t.Coinbase(1), 0, t.chain.key, t.chain.lock, FEE, genesis);
    BOOST_REQUIRE(t.Accept(new_tx).IsValid()); // acceptance expires what is older than an hour
    BOOST_CHECK(!t.Pool().Exists(old_tx->GetTxid()));
    BOOST_CHECK(t.Pool().Exists(new_tx->GetTxid()));
}

BOOST_AUTO_TEST_CASE(persistence)
{
    TempDir dir{"mempool_dat"};
    const auto path = dir.path() / "mempool.dat";
    MempoolTestChain t;
    t.MineBlocks(103);
    const uint256& genesis = t.Params().genesis_hash;
    CTransactionRef a = Spend(t.Coinbase(0), 0, t.chain.key, t.chain.lock, FEE, genesis);
    CTransactionRef b = Spend(*a, 0, t.chain.key, t.chain.lock, FEE, genesis);
    CTransactionRef c = Spend(t.Coinbase(1), 0, t.chain.key, t.chain.lock, FEE, genesis);
    for (const auto& tx : {a, b, c}) BOOST_REQUIRE(t.Accept(tx).IsValid());
    t.Pool().PrioritiseTransaction(c->GetTxid(), 5000);
    t.Pool().PrioritiseTransaction(uint256{std::array<uint8_t, 32>{1}}, 777);
    BOOST_REQUIRE(bool(t.mempool->Dump(path)));
    const auto time_a = t.Pool().Info(a->GetTxid())->time;

    t.Pool().Clear();
    t.chain.now += 100;
    auto stats = t.mempool->Load(path);
    BOOST_REQUIRE_MESSAGE(bool(stats), (stats ? std::string{} : stats.error()));
    BOOST_CHECK_EQUAL(stats->accepted, 3u);
    BOOST_CHECK(t.Pool().Exists(b->GetTxid()));
    BOOST_CHECK_EQUAL(t.Pool().Info(a->GetTxid())->time, time_a);
    BOOST_CHECK_EQUAL(t.Pool().Info(c->GetTxid())->modified_fee, FEE + 5000);
    BOOST_CHECK(t.mempool->IsLoaded());
    CheckConsistent(t);

    // A damaged file is refused as a whole.
    auto bytes = ReadWholeFile(path);
    bytes[bytes.size() / 2] ^= 0x40;
    std::ofstream{path, std::ios::binary}.write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    auto damaged = t.mempool->Load(path);
    BOOST_REQUIRE(!damaged);
    BOOST_CHECK(damaged.error().find("checksum") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(registry_first_seen)
{
    MempoolTestChain t;
    t.MineBlocks(103);
    const uint256& genesis = t.Params().genesis_hash;
    CKey other_key = CKey::Generate();
    const uint256 commitment{std::array<uint8_t, 32>{7, 7, 7}};
    // Coinbase 2 goes to another key, whose commitment then conflicts with ours.
    CTransactionRef fund_other =
        Spend(t.Coinbase(2), 0, t.chain.key, OutputLock::ForKeyHash(other_key.GetXOnlyPubKey()), FEE, genesis);
    t.MineWith({fund_other});

    CTransactionRef first = MakeCommit(t.Coinbase(0), t.chain.key, t.chain.lock, FEE, genesis, commitment);
    BOOST_REQUIRE(t.Accept(first).IsValid());
    // Another payer's statement with the same key: refused, kept aside.
    CTransactionRef rival = MakeCommit(*fund_other, other_key, t.chain.lock, 5 * FEE, genesis, commitment);
    AcceptResult result = t.Accept(rival);
    CheckRejected(result, "txn-registry-conflict", consensus::TxValidationResult::TX_CONFLICT);
    BOOST_CHECK(result.kept_aside);
    BOOST_CHECK(t.mempool->Aside().Get(rival->GetTxid()) != nullptr);
    BOOST_CHECK(t.mempool->GetForBlock(rival->GetTxid()) != nullptr);
    // The same payer may replace its own with a higher fee (and other coins).
    CTransactionRef own_low = MakeCommit(t.Coinbase(1), t.chain.key, t.chain.lock, FEE, genesis, commitment);
    CheckRejected(t.Accept(own_low), "txn-registry-conflict", consensus::TxValidationResult::TX_CONFLICT);
    CTransactionRef own_high = MakeCommit(t.Coinbase(1), t.chain.key, t.chain.lock, 3 * FEE, genesis, commitment);
    result = t.Accept(own_high);
    BOOST_REQUIRE_MESSAGE(result.IsValid(), result.state.ToString());
    BOOST_CHECK(result.replaced == std::vector<uint256>{first->GetTxid()});

    // A block confirms the rival: ours leaves at once (conflict) and the rival leaves the store.
    t.MineWith({rival});
    BOOST_CHECK(!t.Pool().Exists(own_high->GetTxid()));
    BOOST_CHECK(t.mempool->Aside().Get(rival->GetTxid()) == nullptr);
    CheckConsistent(t);

    // After a reorg that drops that block, the rival is back in the pool, first.
    consensus::BlockValidationState state;
    BOOST_REQUIRE(t.chain.chainman->InvalidateBlock(t.blocks.back().GetHash(), state));
    t.signals.SyncWithQueue();
    BOOST_CHECK(t.Pool().Exists(rival->GetTxid()));
    CheckConsistent(t);
}

BOOST_AUTO_TEST_CASE(wait_for_update)
{
    MempoolTestChain t;
    t.MineBlocks(101);
    const uint256 tip = t.mempool->SyncedTip();
    std::atomic<int> checks{0};
    // Nothing happens: the condition is looked at when the wait starts and when it ends, not on a timer.
    const auto never = [&] { ++checks; return false; };
    BOOST_CHECK(!t.mempool->WaitForUpdate(never, SteadyClock::now() + std::chrono::milliseconds{300}));
    BOOST_CHECK_EQUAL(checks.load(), 2);

    // A block wakes a waiter on the tip at once (its deadline is far: only the signal ends it).
    checks = 0;
    const auto new_tip = [&] { ++checks; return t.mempool->SyncedTip() != tip; };
    auto tip_waiter = std::async(std::launch::async, [&] { return t.mempool->WaitForUpdate(new_tip, SteadyClock::now() + std::chrono::seconds{60}); });
    // Mine once the waiter looked (it read the update count before): only the signal can end its wait.
    for (int i = 0; i < 1000 && checks.load() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds{10});
    BOOST_REQUIRE_EQUAL(checks.load(), 1);
    t.MineBlocks(1);
    BOOST_REQUIRE_MESSAGE(tip_waiter.wait_for(std::chrono::seconds{30}) == std::future_status::ready, "the block did not wake the waiter");
    BOOST_CHECK(tip_waiter.get());
    BOOST_CHECK_LE(checks.load(), 3); // at the start, then after the block's tip (and its coinbase's notifications)

    // So does a transaction entering the pool.
    const uint64_t sequence = t.Pool().GetSequence();
    const auto pool_changed = [&] { return t.Pool().GetSequence() != sequence; };
    auto pool_waiter = std::async(std::launch::async, [&] { return t.mempool->WaitForUpdate(pool_changed, SteadyClock::now() + std::chrono::seconds{60}); });
    BOOST_REQUIRE(t.Accept(Spend(t.Coinbase(0), 0, t.chain.key, t.chain.lock, FEE, t.Params().genesis_hash)).IsValid());
    BOOST_REQUIRE_MESSAGE(pool_waiter.wait_for(std::chrono::seconds{30}) == std::future_status::ready, "the transaction did not wake the waiter");
    BOOST_CHECK(pool_waiter.get());
}

BOOST_AUTO_TEST_SUITE_END()
