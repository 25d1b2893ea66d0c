// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The wallet's hot paths (issue 13): coin selection among 1,000 coins, building and signing a
// 100-input transaction (selection, change, fee, 100 BIP340 signatures; CreateTransaction then
// CancelTransaction), and rescanning 10,000 blocks (read, ownership of every output and input,
// registry names). Each runs a real Wallet on a regtest chain in a temporary directory.

#include <interfaces/chain.h>
#include <test/util/chain.h>
#include <crypto/random.h>
#include <primitives/address.h>
#include <validation/notifications.h>
#include <wallet/coinselection.h>
#include <wallet/wallet.h>

#include <benchmark/benchmark.h>

using namespace test;

namespace {

/** A chain whose notifications reach one wallet; its first coins pay the wallet. */
struct WalletChain {
    validation::ValidationSignals signals;
    TestChain chain;
    std::unique_ptr<interfaces::Chain> iface;
    std::shared_ptr<wallet::Wallet> wallet;
    OutputLock wallet_lock;

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
        wallet_lock = OutputLock::ForKeyHash(std::get<0>(key).first);
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

} // namespace

BENCHMARK(WalletCoinSelection1000)->Unit(benchmark::kMicrosecond);
BENCHMARK(WalletSign100Inputs)->Unit(benchmark::kMillisecond);
BENCHMARK(WalletSign100InputsSignaturesOnly)->Unit(benchmark::kMillisecond);
BENCHMARK(WalletRescan10000)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(WalletRescan10000ReadOnly)->Unit(benchmark::kMillisecond)->Iterations(3);
