// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The wallet's hot paths (issue 13): coin selection among 1,000 coins, building and signing a
// 100-input transaction (selection, change, fee, 100 BIP340 signatures; CreateTransaction then
// CancelTransaction), and rescanning 10,000 blocks (read, ownership of every output and input,
// registry names), and listing and spending among 5,000 coins with 20,000 more spent (what every
// sendtoaddress does first: Wallet::AvailableCoins). Each runs a real Wallet on a regtest chain
// in a temporary directory.

#include <interfaces/chain.h>
#include <test/util/chain.h>
#include <crypto/random.h>
#include <primitives/address.h>
#include <validation/notifications.h>
#include <wallet/coinselection.h>
#include <wallet/wallet.h>

#include <benchmark/benchmark.h>

#include <algorithm>

using namespace test;

namespace {

/** A chain whose notifications reach one wallet; its first coins pay the wallet. */
struct WalletChain {
    validation::ValidationSignals signals;
    TestChain chain;
    std::unique_ptr<interfaces::Chain> iface;
    std::shared_ptr<wallet::Wallet> wallet;
    OutputLock wallet_lock;
    XOnlyPubKey wallet_key;

    WalletChain()
    {
        chain.Open([this](validation::ChainstateOptions& o) { o.signals = &signals; });
        iface = interfaces::MakeChain(*chain.chainman, signals, nullptr, ADDRESS_HRP_REGTEST, [] { return false; });
        wallet::WalletOptions options;
        options.keypool_size = 10;
        auto created = wallet::Wallet::Create("bench", chain.dir.path() / "wallet.dat", *iface, options, {});
        if (!created) throw std::runtime_error(created.error());
        wallet = std::move(*created);
        if (auto res = wallet->AttachChain(std::nullopt); !res) throw std::runtime_error(res.error());
        const auto key = wallet->GetNewKey(wallet::KeyBranch::RECEIVE);
        wallet_key = std::get<0>(key).first;
        wallet_lock = OutputLock::ForKeyHash(wallet_key);
    }
    ~WalletChain()
    {
        if (wallet) wallet->DetachChain();
    }

    /** Mines 101 blocks and a fan-out of the first coinbase into `coins` wallet outputs, confirmed. */
    void FundWallet(int coins)
    {
        std::vector<CBlock> blocks;
        for (int i = 0; i < 101; ++i) blocks.push_back(chain.Mine());
        chain.Mine({Spend(*blocks[0].vtx[0], 0, chain.key, wallet_lock, 100'000, chain.params.genesis_hash, coins)});
        wallet->BlockUntilSyncedToCurrentChain();
    }
};

void WalletCoinSelection1000(benchmark::State& state)
{
    FastRandomContext rng{/*seed=*/1};
    std::vector<wallet::SelectionCoin> coins(1000);
    for (uint32_t i = 0; i < coins.size(); ++i) {
        coins[i].outpoint = COutPoint{uint256{}, i};
        coins[i].value = 10'000 + static_cast<CAmount>(rng.RandRange(10'000'000));
        coins[i].input_fee = 100;
        coins[i].effective_value = coins[i].value - coins[i].input_fee;
    }
    wallet::SelectionParams params;
    params.target = 250'000'000;
    params.cost_of_change = 300;
    params.min_change = 10'000;
    for (auto _ : state) {
        auto result = wallet::ChooseSelection(coins, params, rng);
        if (!result) {
            state.SkipWithError("no selection");
            break;
        }
        benchmark::DoNotOptimize(result);
    }
}

void WalletSign100Inputs(benchmark::State& state)
{
    static WalletChain setup;
    static const bool funded = (setup.FundWallet(100), true);
    (void)funded;
    const CAmount total = setup.wallet->GetBalances().trusted;
    if (total <= 1'000'000) {
        state.SkipWithError("the wallet did not see its coins");
        return;
    }
    wallet::TxRequest request;
    request.recipients.push_back({OutputLock::ForKeyHash(setup.chain.key.GetXOnlyPubKey()), total - 1'000'000, false});
    wallet::FeeOptions fee;
    fee.fee_rate_per_kb = 1000;
    for (auto _ : state) {
        auto created = setup.wallet->CreateTransaction(request, fee);
        if (auto* failure = std::get_if<wallet::WalletFailure>(&created)) {
            state.SkipWithError(failure->message.c_str());
            break;
        }
        const auto& tx = std::get<wallet::CreatedTx>(created);
        if (tx.tx->vin.size() != 100) {
            state.SkipWithError("not 100 inputs");
            break;
        }
        setup.wallet->CancelTransaction(tx);
    }
}

/** Peer of WalletSign100Inputs: the 100 sighashes and BIP340 signatures alone (test SignTx). */
void WalletSign100InputsSignaturesOnly(benchmark::State& state)
{
    const CKey key = CKey::Generate();
    const OutputLock lock = OutputLock::ForKeyHash(key.GetXOnlyPubKey());
    CMutableTransaction tx;
    std::vector<CTxOut> spent;
    for (uint32_t i = 0; i < 100; ++i) {
        tx.vin.push_back(CTxIn{COutPoint{uint256{}, i}, SEQUENCE_FINAL, {}});
        spent.push_back(CTxOut{100'000, lock});
    }
    tx.vout.push_back(CTxOut{9'000'000, lock});
    for (auto _ : state) {
        SignTx(tx, spent, key, uint256{});
        benchmark::DoNotOptimize(tx.vin.back().witness);
    }
}

/** 10,000 blocks, one in 100 paying the wallet (set up once, shared by the rescan and its peer). */
WalletChain& RescanChain()
{
    static WalletChain setup;
    static const bool mined = [] {
        // One block in 100 pays the wallet, the rest pay elsewhere.
        const OutputLock other = setup.chain.lock;
        for (int i = 0; i < 10'000; ++i) {
            setup.chain.lock = i % 100 == 0 ? setup.wallet_lock : other;
            setup.chain.Mine();
        }
        setup.chain.lock = other;
        setup.wallet->BlockUntilSyncedToCurrentChain();
        return true;
    }();
    (void)mined;
    return setup;
}

void WalletRescan10000(benchmark::State& state)
{
    WalletChain& setup = RescanChain();
    const wallet::Balances balances = setup.wallet->GetBalances();
    if (balances.trusted + balances.immature == 0) {
        state.SkipWithError("the wallet did not see its coinbases");
        return;
    }
    for (auto _ : state) {
        auto res = setup.wallet->Rescan(0, std::nullopt);
        if (!res) {
            state.SkipWithError(res.error().c_str());
            break;
        }
    }
    state.SetItemsProcessed(state.iterations() * 10'000);
}

/** Peer of WalletRescan10000: reading the 10,000 blocks through the chain interface alone. */
void WalletRescan10000ReadOnly(benchmark::State& state)
{
    WalletChain& setup = RescanChain();
    for (auto _ : state) {
        for (int32_t height = 0; height <= 10'000; ++height) benchmark::DoNotOptimize(setup.iface->ReadBlock(height));
    }
    state.SetItemsProcessed(state.iterations() * 10'000);
}

/**
 * A wallet with 5,000 coins, each paid by its own transaction, and a history of 20,000 more coins
 * that its key spent (25,000 payments and 20,000 spends: 45,000 wallet transactions). Set up once.
 */
WalletChain& CoinsChain()
{
    static WalletChain setup;
    static const bool built = [] {
        TestChain& chain = setup.chain;
        const uint256& genesis = chain.params.genesis_hash;
        std::vector<CBlock> blocks;
        for (int i = 0; i < 125; ++i) blocks.push_back(chain.Mine());
        // 25 coinbases fanned out into 1,000 outputs each, then one payment to the wallet per output.
        std::vector<CTransactionRef> fans;
        for (int i = 0; i < 25; ++i) fans.push_back(Spend(*blocks[i].vtx[0], 0, chain.key, chain.lock, 100'000, genesis, 1000));
        for (size_t i = 0; i < fans.size(); i += 10) { // blocks under the size limit
            chain.Mine(std::vector<CTransactionRef>(fans.begin() + i, fans.begin() + std::min(i + 10, fans.size())));
        }
        std::vector<CTransactionRef> payments;
        for (const CTransactionRef& fan : fans) {
            for (uint32_t n = 0; n < fan->vout.size(); ++n) payments.push_back(Spend(*fan, n, chain.key, setup.wallet_lock, 1'000, genesis));
        }
        for (size_t i = 0; i < payments.size(); i += 1000) {
            chain.Mine(std::vector<CTransactionRef>(payments.begin() + i, payments.begin() + i + 1000));
        }
        // The wallet's key spends the first 20,000 (the wallet learns of them from the blocks).
        const CKey wallet_secret = std::get<CKey>(setup.wallet->GetSecret(setup.wallet_key));
        for (size_t i = 0; i < 20'000; i += 1000) {
            std::vector<CTransactionRef> spends;
            for (size_t j = i; j < i + 1000; ++j) spends.push_back(Spend(*payments[j], 0, wallet_secret, chain.lock, 1'000, genesis));
            chain.Mine(spends);
        }
        setup.wallet->BlockUntilSyncedToCurrentChain();
        return true;
    }();
    (void)built;
    return setup;
}

/** Every spendable coin among the 5,000 (what sendtoaddress and listunspent start with). */
void WalletAvailableCoins5000(benchmark::State& state)
{
    WalletChain& setup = CoinsChain();
    for (auto _ : state) {
        const auto coins = setup.wallet->AvailableCoins(1, INT32_MAX, /*include_unsafe=*/false);
        if (coins.size() != 5000) {
            state.SkipWithError("not 5,000 coins");
            break;
        }
        benchmark::DoNotOptimize(coins);
    }
}

/** getbalances among the same coins. */
void WalletGetBalances5000(benchmark::State& state)
{
    WalletChain& setup = CoinsChain();
    for (auto _ : state) {
        const wallet::Balances balances = setup.wallet->GetBalances();
        if (balances.trusted <= 0) {
            state.SkipWithError("no balance");
            break;
        }
        benchmark::DoNotOptimize(balances);
    }
}

/** sendtoaddress's work before the commit among the same coins: a change key, the coins, coin
 * selection (BnB, knapsack, SRD over 5,000), change, fee and signatures; then CancelTransaction. */
void WalletCreateTransaction5000(benchmark::State& state)
{
    WalletChain& setup = CoinsChain();
    wallet::TxRequest request;
    request.recipients.push_back({setup.chain.lock, 50'000'000, false});
    wallet::FeeOptions fee;
    fee.fee_rate_per_kb = 1000;
    for (auto _ : state) {
        auto created = setup.wallet->CreateTransaction(request, fee);
        if (auto* failure = std::get_if<wallet::WalletFailure>(&created)) {
            state.SkipWithError(failure->message.c_str());
            break;
        }
        setup.wallet->CancelTransaction(std::get<wallet::CreatedTx>(created));
    }
}

} // namespace

BENCHMARK(WalletAvailableCoins5000)->Unit(benchmark::kMicrosecond);
BENCHMARK(WalletGetBalances5000)->Unit(benchmark::kMicrosecond);
BENCHMARK(WalletCreateTransaction5000)->Unit(benchmark::kMillisecond);
BENCHMARK(WalletCoinSelection1000)->Unit(benchmark::kMicrosecond);
BENCHMARK(WalletSign100Inputs)->Unit(benchmark::kMillisecond);
BENCHMARK(WalletSign100InputsSignaturesOnly)->Unit(benchmark::kMillisecond);
BENCHMARK(WalletRescan10000)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(WalletRescan10000ReadOnly)->Unit(benchmark::kMillisecond)->Iterations(3);
