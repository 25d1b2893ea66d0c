// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Block templates, coinbase construction, nonce search and generate.

#include <consensus/subsidy.h>
#include <consensus/tx_check.h>
#include <test/validation_test_util.h>

#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_SUITE(mining_tests)

BOOST_AUTO_TEST_CASE(coinbase_payload_commits_to_height)
{
    for (int32_t height : {0, 1, 252, 253, 65535, 65536, 1'000'000}) {
        CMutableTransaction cb;
        cb.kind = TxKind::COINBASE;
        cb.payload = mining::CoinbasePayload(height, 0xdeadbeef);
        cb.vout.push_back(CTxOut{1, {}});
        BOOST_CHECK_EQUAL(GetCoinbaseHeight(CTransaction{cb}).value_or(-1), height);
        BOOST_CHECK(cb.payload.size() <= MAX_COINBASE_PAYLOAD_SIZE);
    }
}

BOOST_AUTO_TEST_CASE(template_and_generate)
{
    TestChain chain;
    auto tmpl = mining::CreateNewBlock(*chain.chainman, chain.lock);
    BOOST_REQUIRE(tmpl);
    BOOST_CHECK_EQUAL(tmpl->height, 1);
    BOOST_CHECK_EQUAL(tmpl->coinbase_value, GetBlockSubsidy(1, chain.params));
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
    BOOST_CHECK_EQUAL(tmpl->coinbase_value, GetBlockSubsidy(102, chain.params) + 12345);
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
        mining::Miner miner{*chain.chainman, chain.lock, 2};
        for (int i = 0; i < 500 && chain.Height() < 3; ++i) std::this_thread::sleep_for(std::chrono::milliseconds{10});
        miner.Stop();
        BOOST_CHECK(miner.BlocksFound() >= 3);
    }
    BOOST_CHECK(chain.Height() >= 3);
}

BOOST_AUTO_TEST_SUITE_END()
