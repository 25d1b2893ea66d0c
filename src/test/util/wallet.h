// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_TEST_UTIL_WALLET_H
#define DOTS_TEST_UTIL_WALLET_H

// The wallet fixture: a regtest chain (TestChain, no mempool) whose notifications reach a started
// WalletContext, with helpers to create funded wallets, register their nodes, mine, move to the
// next settlement epoch and reload a wallet (what a restart of dotsd does to it). For tests of
// the wallet's registry side (vouchers, receipts) and of the node agents that use it.

#include <interfaces/chain.h>
#include <primitives/address.h>
#include <test/util/chain.h>
#include <test/util/files.h>
#include <test/util/registry.h>
#include <validation/notifications.h>
#include <wallet/context.h>
#include <wallet/registry_statements.h>
#include <wallet/wallet.h>

#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace test {

/** A regtest chain of 110 blocks and a started wallet context over it (wallets in a TempDir). */
struct WalletChainSetup {
    validation::ValidationSignals signals;
    TestChain chain;
    std::unique_ptr<interfaces::Chain> iface;
    std::vector<CBlock> blocks;
    size_t next_coinbase{0};
    TempDir dir{"wallet_chain"};
    wallet::WalletContext context{[this] {
        wallet::WalletContextOptions o;
        o.wallet_dir = dir.path() / "wallets";
        o.settings_file = dir.path() / "settings.json";
        o.wallet.keypool_size = 5;
        o.wallet.registry_lookahead = 2;
        o.wallet.fallback_fee_per_kb = 1000;
        return o;
    }()};

    WalletChainSetup()
    {
        chain.Open([this](validation::ChainstateOptions& o) { o.signals = &signals; });
        iface = interfaces::MakeChain(*chain.chainman, signals, nullptr, ADDRESS_HRP_REGTEST, [] { return false; });
        for (int i = 0; i < 110; ++i) blocks.push_back(chain.Mine());
        BOOST_REQUIRE(context.Start(*iface));
    }
    ~WalletChainSetup()
    {
        context.Stop();
        signals.Stop();
    }

    /** Waits until every loaded wallet has seen the tip. */
    void Sync()
    {
        signals.SyncWithQueue();
        for (const auto& w : context.GetWallets()) w->BlockUntilSyncedToCurrentChain();
    }
    void Mine(const std::vector<CTransactionRef>& txs = {})
    {
        blocks.push_back(chain.Mine(txs));
        Sync();
    }
    /** Mines until the next block is in a later settlement epoch. */
    void NextEpoch()
    {
        const auto& p = chain.params.registry;
        const int32_t epoch = (chain.Height() + 1) / p.settle_epoch;
        while ((chain.Height() + 1) / p.settle_epoch == epoch) Mine();
    }
    /** The settlement epoch of the next block. */
    uint32_t Epoch() { return static_cast<uint32_t>((chain.Height() + 1) / chain.params.registry.settle_epoch); }

    /** A new wallet `name` with a confirmed coin of its own (a mature coinbase's output). */
    std::shared_ptr<wallet::Wallet> MakeWallet(const std::string& name)
    {
        std::vector<std::string> warnings;
        auto created = context.CreateWallet(name, {}, std::nullopt, warnings);
        if (const auto* failure = std::get_if<wallet::WalletFailure>(&created)) BOOST_FAIL(failure->message);
        auto w = std::get<std::shared_ptr<wallet::Wallet>>(created);
        auto key = w->GetNewKey(wallet::KeyBranch::RECEIVE);
        if (const auto* failure = std::get_if<wallet::WalletFailure>(&key)) BOOST_FAIL(failure->message);
        const CTransaction& coinbase = *blocks.at(next_coinbase++).vtx[0];
        Mine({Spend(coinbase, 0, chain.key, OutputLock::ForKeyHash(std::get<0>(key).first), 10'000, chain.params.genesis_hash)});
        return w;
    }
    /** Registers a node of `w` at `rate` and mines it; returns its key. */
    consensus::Key RegisterNode(wallet::Wallet& w, CAmount rate)
    {
        wallet::Wallet::NodeFields fields;
        fields.endpoints = TestEndpoints();
        fields.rate = rate;
        wallet::FeeOptions fee;
        fee.fee_rate_per_kb = 1000;
        auto registered = w.RegisterNode(fields, chain.params.registry.min_node_bond, fee);
        if (const auto* failure = std::get_if<wallet::WalletFailure>(&registered)) BOOST_FAIL(failure->message);
        const auto& [txid, node] = std::get<std::pair<uint256, XOnlyPubKey>>(registered);
        const auto wtx = w.GetWalletTx(txid);
        BOOST_REQUIRE(wtx);
        Mine({wtx->tx});
        return wallet::ToRegistryKey(node);
    }
    /** unloadwallet then loadwallet of `w` (reset here): what a restart of dotsd does to it. */
    std::shared_ptr<wallet::Wallet> Reload(std::shared_ptr<wallet::Wallet>& w)
    {
        const std::string name = w->Name();
        w.reset();
        std::vector<std::string> warnings;
        BOOST_REQUIRE(std::holds_alternative<bool>(context.UnloadWallet(name, std::nullopt, warnings)));
        auto loaded = context.LoadWallet(name, std::nullopt, warnings);
        if (const auto* failure = std::get_if<wallet::WalletFailure>(&loaded)) BOOST_FAIL(failure->message);
        return std::get<std::shared_ptr<wallet::Wallet>>(loaded);
    }
};

} // namespace test

#endif // DOTS_TEST_UTIL_WALLET_H
