// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Block templates, coinbase construction, nonce search and generate.

#include <consensus/registry_payload.h>
#include <consensus/subsidy.h>
#include <consensus/tx_check.h>
#include <mining/header_hasher.h>
#include <test/util/chain.h>
#include <test/util/mempool.h>

#include <boost/test/unit_test.hpp>

using namespace test;

BOOST_AUTO_TEST_SUITE(mining_tests)

BOOST_AUTO_TEST_CASE(coinbase_payload_commits_to_height)
{
    for (int32_t height : {0, 1, 252, 253, 65535, 65536, 1'000'000}) {
        CMutableTransaction cb;
        cb.kind = TxKind::COINBASE;
        cb.payload = mining::CoinbasePayload(height, 0xdeadbeef);
        cb.vout.push_back(CTxOut{1, {}});
        BOOST_CHECK_EQUAL(consensus::GetCoinbaseHeight(CTransaction{cb}).value_or(-1), height);
        BOOST_CHECK(cb.payload.size() <= consensus::MAX_COINBASE_PAYLOAD_SIZE);
    }
}

BOOST_AUTO_TEST_CASE(template_and_generate)
{
    TestChain chain;
    auto tmpl = mining::CreateNewBlock(*chain.chainman, chain.lock);
    BOOST_REQUIRE(tmpl);
    BOOST_CHECK_EQUAL(tmpl->height, 1);
    BOOST_CHECK_EQUAL(tmpl->coinbase_value, GetBlockSubsidy(1, chain.params) - GetAvailabilityPool(1, chain.params));
    BOOST_CHECK_EQUAL(tmpl->block.prev_block, chain.params.genesis_hash);
    BOOST_CHECK(tmpl->block.time >= tmpl->min_time);

    auto hashes = mining::GenerateBlocks(*chain.chainman, chain.lock, 5, 1'000'000, {});
    BOOST_REQUIRE(hashes);
    BOOST_CHECK_EQUAL(hashes->size(), 5u);
    BOOST_CHECK_EQUAL(chain.Height(), 5);
    BOOST_CHECK(hashes->back() == chain.TipHash());

    // max_tries bounds the work: against a hard target the search gives up after exactly
    // max_tries hashes.
    CBlock hard = chain.Template();
    hard.bits = 0x1d00ffff;
    uint64_t tries = 1000;
    BOOST_CHECK(!mining::SolveBlock(hard, chain.params, tries, {}));
    BOOST_CHECK_EQUAL(tries, 0u);
    BOOST_CHECK_EQUAL(hard.nonce, 1000u);

    // An interrupt stops at once.
    auto none = mining::GenerateBlocks(*chain.chainman, chain.lock, 10, 1'000'000, [] { return true; });
    BOOST_REQUIRE(none);
    BOOST_CHECK(none->empty());
}

BOOST_AUTO_TEST_CASE(template_collects_fees_and_rejects_bad_txs)
{
    TestChain chain;
    std::vector<CBlock> blocks;
    for (int i = 0; i < 101; ++i) blocks.push_back(chain.Mine());
    CTransactionRef tx = Spend(*blocks[0].vtx[0], 0, chain.key, chain.lock, 12345, chain.params.genesis_hash);
    auto tmpl = mining::CreateNewBlock(*chain.chainman, chain.lock, {tx});
    BOOST_REQUIRE(tmpl);
    BOOST_CHECK_EQUAL(tmpl->fees, 12345);
    BOOST_CHECK_EQUAL(tmpl->coinbase_value, GetBlockSubsidy(102, chain.params) - GetAvailabilityPool(102, chain.params) + 12345);
    BOOST_CHECK_EQUAL(*tmpl->block.vtx[0]->GetValueOut(), tmpl->coinbase_value);

    // An immature spend makes the template fail with its reason.
    CTransactionRef young = Spend(*blocks[100].vtx[0], 0, chain.key, chain.lock, 1, chain.params.genesis_hash);
    auto bad = mining::CreateNewBlock(*chain.chainman, chain.lock, {young});
    BOOST_REQUIRE(!bad);
    BOOST_CHECK(bad.error().find("bad-txns-premature-spend-of-coinbase") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(miner_thread_finds_blocks_and_stops)
{
    TestChain chain;
    {
        mining::Miner miner{*chain.chainman, nullptr, chain.lock, 2};
        for (int i = 0; i < 500 && chain.Height() < 3; ++i) std::this_thread::sleep_for(std::chrono::milliseconds{10});
        miner.Stop();
        BOOST_CHECK(miner.BlocksFound() >= 3);
    }
    BOOST_CHECK(chain.Height() >= 3);
}

BOOST_AUTO_TEST_CASE(header_hasher_matches_block_hash)
{
    TestChain chain;
    CBlock block = chain.Template();
    mining::HeaderHasher hasher{block};
    for (uint32_t nonce : {0u, 1u, 0x12345678u, 0xffffffffu}) {
        block.nonce = nonce;
        BOOST_CHECK(hasher.Hash(nonce) == block.GetHash());
    }
    // Search finds exactly what a plain loop finds.
    CBlock copy = block;
    chain.Solve(copy);
    uint64_t hashes = 0;
    const auto target = consensus::DeriveTarget(block.bits, chain.params.pow_limit);
    BOOST_REQUIRE(target);
    const auto found = hasher.Search(0, uint64_t{copy.nonce} + 1, ArithToUint256(*target), hashes);
    BOOST_REQUIRE(found);
    BOOST_CHECK_EQUAL(*found, copy.nonce);
    BOOST_CHECK_EQUAL(hashes, uint64_t{copy.nonce} + 1);
    // Nothing below an impossible target, and the count is exact.
    const auto none = hasher.Search(100, 500, uint256{}, hashes);
    BOOST_CHECK(!none);
    BOOST_CHECK_EQUAL(hashes, 500u);
}

BOOST_AUTO_TEST_CASE(template_takes_mempool_packages_by_fee_rate)
{
    MempoolTestChain t;
    t.MineBlocks(105);
    const uint256& genesis = t.Params().genesis_hash;
    // A low-fee parent with a high-fee child (the package pays well), a middling transaction,
    // and one below -blockmintxfee (prioritised to zero).
    CTransactionRef parent = Spend(t.Coinbase(0), 0, t.chain.key, t.chain.lock, 1'000, genesis);
    CTransactionRef child = Spend(*parent, 0, t.chain.key, t.chain.lock, 200'000, genesis);
    CTransactionRef middle = Spend(t.Coinbase(1), 0, t.chain.key, t.chain.lock, 20'000, genesis);
    CTransactionRef cheap = Spend(t.Coinbase(2), 0, t.chain.key, t.chain.lock, 1'000, genesis);
    for (const auto& tx : {parent, child, middle, cheap}) BOOST_REQUIRE(t.Accept(tx).IsValid());
    t.Pool().PrioritiseTransaction(cheap->GetTxid(), -1'000);

    auto tmpl = mining::CreateNewBlock(*t.chain.chainman, t.chain.lock, t.mempool.get());
    BOOST_REQUIRE_MESSAGE(tmpl, (tmpl ? std::string{} : tmpl.error()));
    const auto& vtx = tmpl->block.vtx;
    BOOST_REQUIRE_EQUAL(vtx.size(), 4u);
    BOOST_CHECK(vtx[1]->GetTxid() == parent->GetTxid());
    BOOST_CHECK(vtx[2]->GetTxid() == child->GetTxid());
    BOOST_CHECK(vtx[3]->GetTxid() == middle->GetTxid());
    BOOST_CHECK_EQUAL(tmpl->fees, 1'000 + 200'000 + 20'000);
    BOOST_CHECK_EQUAL(tmpl->coinbase_value,
                      GetBlockSubsidy(tmpl->height, t.Params()) - GetAvailabilityPool(tmpl->height, t.Params()) + tmpl->fees);
    BOOST_CHECK_EQUAL(tmpl->tx_fees[1], 200'000);

    // Mined: the pool keeps only the cheap one.
    auto hashes = mining::GenerateBlocks(*t.chain.chainman, t.chain.lock, 1, 1'000'000, {}, t.mempool.get());
    BOOST_REQUIRE(hashes && hashes->size() == 1);
    BOOST_CHECK_EQUAL(t.Pool().Size(), 1u);
    BOOST_CHECK(t.Pool().Exists(cheap->GetTxid()));
}

BOOST_AUTO_TEST_CASE(coinbase_is_the_same_with_and_without_registry_transactions)
{
    // doc/registry.md "Miners": subsidy - availability pool + fees whatever the block holds, so
    // including a registry statement pays the miner its fee and nothing else.
    MempoolTestChain t;
    t.MineBlocks(102);
    const uint256& genesis = t.Params().genesis_hash;
    auto empty = mining::CreateNewBlock(*t.chain.chainman, t.chain.lock, t.mempool.get());
    BOOST_REQUIRE_MESSAGE(empty, (empty ? std::string{} : empty.error()));
    BOOST_CHECK_EQUAL(empty->block.vtx.size(), 1u);
    const CAmount base = GetBlockSubsidy(empty->height, t.Params()) - GetAvailabilityPool(empty->height, t.Params());
    BOOST_CHECK(GetAvailabilityPool(empty->height, t.Params()) > 0);
    BOOST_CHECK_EQUAL(empty->coinbase_value, base);

    const uint256 commitment{std::array<uint8_t, 32>{0x42}};
    CTransactionRef commit = Spend(t.Coinbase(0), 0, t.chain.key, t.chain.lock, 30'000, genesis, 1, TxKind::HANDLE_COMMIT,
                                       consensus::EncodePayload(consensus::Payload{consensus::HandleCommit{commitment}}));
    BOOST_REQUIRE(t.Accept(commit).IsValid());
    auto with = mining::CreateNewBlock(*t.chain.chainman, t.chain.lock, t.mempool.get());
    BOOST_REQUIRE_MESSAGE(with, (with ? std::string{} : with.error()));
    BOOST_REQUIRE_EQUAL(with->block.vtx.size(), 2u);
    BOOST_CHECK(with->block.vtx[1]->GetTxid() == commit->GetTxid());
    BOOST_CHECK_EQUAL(with->fees, 30'000);
    BOOST_CHECK_EQUAL(with->coinbase_value, base + with->fees);
}

BOOST_AUTO_TEST_CASE(template_skips_what_no_longer_connects)
{
    MempoolTestChain t;
    t.MineBlocks(103);
    const uint256& genesis = t.Params().genesis_hash;
    CTransactionRef tx = Spend(t.Coinbase(0), 0, t.chain.key, t.chain.lock, 50'000, genesis);
    CTransactionRef other = Spend(t.Coinbase(1), 0, t.chain.key, t.chain.lock, 50'000, genesis);
    BOOST_REQUIRE(t.Accept(tx).IsValid());
    BOOST_REQUIRE(t.Accept(other).IsValid());
    // A block spends the same coin while the mempool has not heard of it yet: the template
    // must leave the stale spend out instead of failing.
    t.signals.UnregisterListener(*t.mempool);
    CKey key2 = CKey::Generate();
    t.chain.Mine({Spend(t.Coinbase(0), 0, t.chain.key, OutputLock::ForKeyHash(key2.GetXOnlyPubKey()), 60'000, genesis)});
    auto tmpl = mining::CreateNewBlock(*t.chain.chainman, t.chain.lock, t.mempool.get());
    BOOST_REQUIRE_MESSAGE(tmpl, (tmpl ? std::string{} : tmpl.error()));
    BOOST_REQUIRE_EQUAL(tmpl->block.vtx.size(), 2u);
    BOOST_CHECK(tmpl->block.vtx[1]->GetTxid() == other->GetTxid());
    t.signals.RegisterListener(*t.mempool);
}

BOOST_AUTO_TEST_CASE(template_respects_the_size_limit)
{
    MempoolTestChain t;
    t.MineBlocks(130);
    const uint256& genesis = t.Params().genesis_hash;
    std::vector<CTransactionRef> txs;
    for (int i = 0; i < 25; ++i) {
        CTransactionRef tx = Spend(t.Coinbase(i), 0, t.chain.key, t.chain.lock, 10'000 + i, genesis, 10);
        BOOST_REQUIRE(t.Accept(tx).IsValid());
        txs.push_back(tx);
    }
    mining::AssemblerOptions options;
    options.max_block_size = mining::COINBASE_RESERVED_SIZE + 5 * static_cast<uint32_t>(txs[0]->GetTotalSize()) + 10;
    auto tmpl = mining::CreateNewBlock(*t.chain.chainman, t.chain.lock, t.mempool.get(), options);
    BOOST_REQUIRE(tmpl);
    BOOST_CHECK_EQUAL(tmpl->block.vtx.size(), 6u); // coinbase + the 5 best-paying
    BOOST_CHECK(tmpl->block.vtx[1]->GetTxid() == txs.back()->GetTxid());
}

BOOST_AUTO_TEST_SUITE_END()
