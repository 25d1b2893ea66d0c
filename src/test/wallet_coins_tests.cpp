// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The wallet's coin index (wallet.h, m_unspent): AvailableCoins and GetBalances read the outputs
// it keeps instead of walking every wallet transaction. Through sends, confirmation, a reorg,
// abandonment, a conflicting spend and a reload, the coins must be exactly those a walk of every
// transaction finds; an output paying a key the wallet derives only later becomes a coin then.

#include <interfaces/chain.h>
#include <primitives/address.h>
#include <test/util/chain.h>
#include <validation/notifications.h>
#include <wallet/wallet.h>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>

using namespace wallet;

namespace {

/** A regtest chain (no mempool) whose notifications reach the wallets made on it. */
struct CoinsSetup {
    validation::ValidationSignals signals;
    test::TestChain chain;
    std::unique_ptr<interfaces::Chain> iface;
    std::vector<CBlock> blocks;

    CoinsSetup()
    {
        chain.Open([this](validation::ChainstateOptions& o) { o.signals = &signals; });
        iface = interfaces::MakeChain(*chain.chainman, signals, nullptr, ADDRESS_HRP_REGTEST, [] { return false; });
        for (int i = 0; i < 101; ++i) blocks.push_back(chain.Mine());
    }

    std::shared_ptr<Wallet> Make(const std::string& name, uint32_t keypool, const SecureString& mnemonic = {})
    {
        WalletOptions options;
        options.keypool_size = keypool;
        options.registry_lookahead = 2;
        options.fallback_fee_per_kb = 1000;
        CreateOptions create;
        create.mnemonic = mnemonic;
        auto created = Wallet::Create(name, chain.dir.path() / (name + ".dat"), *iface, options, create);
        if (!created) BOOST_FAIL(created.error());
        BOOST_REQUIRE(created.value()->AttachChain(std::nullopt));
        return std::move(*created);
    }

    CBlock Mine(Wallet& wallet, const std::vector<CTransactionRef>& txs = {})
    {
        CBlock block = chain.Mine(txs);
        wallet.BlockUntilSyncedToCurrentChain();
        return block;
    }
};

OutputLock NewLock(Wallet& wallet)
{
    auto key = wallet.GetNewKey(KeyBranch::RECEIVE);
    if (const auto* failure = std::get_if<WalletFailure>(&key)) BOOST_FAIL(failure->message);
    return OutputLock::ForKeyHash(std::get<0>(key).first);
}

/** The coins as the wallet found them before the index: every output of every transaction. */
std::set<COutPoint> WalkEveryTransaction(const Wallet& wallet)
{
    const auto [txs, tip] = wallet.ListWalletTxs();
    const auto locked = wallet.ListLockedCoins();
    std::set<COutPoint> out;
    for (const WalletTx& wtx : txs) {
        const int32_t depth = wtx.Depth(tip);
        if (depth < 0 || wtx.IsAbandoned() || wtx.held) continue;
        if (wtx.IsCoinBase() && depth <= 100) continue;
        for (uint32_t n = 0; n < wtx.tx->vout.size(); ++n) {
            const COutPoint outpoint{wtx.GetTxid(), n};
            if (!wallet.GetKeyForLock(wtx.tx->vout[n].lock) || wallet.IsSpent(outpoint)) continue;
            if (std::find(locked.begin(), locked.end(), outpoint) != locked.end()) continue;
            out.insert(outpoint);
        }
    }
    return out;
}

std::set<COutPoint> Indexed(const Wallet& wallet)
{
    std::set<COutPoint> out;
    for (const WalletCoin& coin : wallet.AvailableCoins(0, INT32_MAX, /*include_unsafe=*/true)) out.insert(coin.outpoint);
    return out;
}

/** The coins (all of them) are those of the walk; the balance is what the trusted ones are worth
 * (no mempool here: trusted means confirmed; no coin locked). */
void CheckIndex(const Wallet& wallet, size_t expected)
{
    const std::set<COutPoint> indexed = Indexed(wallet);
    BOOST_CHECK(indexed == WalkEveryTransaction(wallet));
    BOOST_CHECK_EQUAL(indexed.size(), expected);
    CAmount trusted = 0;
    for (const WalletCoin& coin : wallet.AvailableCoins(0, INT32_MAX, /*include_unsafe=*/false)) trusted += coin.txout.value;
    BOOST_CHECK_EQUAL(wallet.GetBalances().trusted, trusted);
}

CreatedTx Send(Wallet& wallet, const OutputLock& to, CAmount amount)
{
    TxRequest request;
    request.recipients.push_back({to, amount, false});
    FeeOptions fee;
    fee.fee_rate_per_kb = 1000;
    auto created = wallet.CreateTransaction(request, fee);
    if (const auto* failure = std::get_if<WalletFailure>(&created)) BOOST_FAIL(failure->message);
    auto committed = wallet.CommitTransaction(std::get<CreatedTx>(created), "", "", /*held=*/false);
    BOOST_REQUIRE(std::holds_alternative<uint256>(committed));
    return std::get<CreatedTx>(created);
}

} // namespace

BOOST_AUTO_TEST_SUITE(wallet_coins_tests)

BOOST_AUTO_TEST_CASE(the_index_is_a_walk_of_every_transaction)
{
    CoinsSetup setup;
    auto wallet = setup.Make("w", 10);
    const uint256& genesis = setup.chain.params.genesis_hash;
    const OutputLock mine = NewLock(*wallet);
    // Ten coins of `v`, confirmed.
    const CTransaction& coinbase = *setup.blocks[0].vtx[0];
    setup.Mine(*wallet, {test::Spend(coinbase, 0, setup.chain.key, mine, 10'000, genesis, 10)});
    const CAmount v = (coinbase.vout[0].value - 10'000) / 10;
    CheckIndex(*wallet, 10);

    // A send (no mempool here: unconfirmed and not in a pool) spends 3 coins and adds change.
    const CreatedTx sent = Send(*wallet, setup.chain.lock, 5 * v / 2);
    BOOST_REQUIRE_EQUAL(sent.tx->vin.size(), 3U);
    CheckIndex(*wallet, 10 - sent.tx->vin.size() + 1);
    const size_t after_send = Indexed(*wallet).size();

    // Confirmed, then its block leaves the chain: unconfirmed again, the coins stay spent.
    const CBlock block = setup.Mine(*wallet, {sent.tx});
    CheckIndex(*wallet, after_send);
    consensus::BlockValidationState state;
    BOOST_REQUIRE(setup.chain.chainman->InvalidateBlock(block.GetHash(), state));
    wallet->BlockUntilSyncedToCurrentChain();
    CheckIndex(*wallet, after_send);

    // Abandoned: its inputs are coins again, its change is not.
    BOOST_REQUIRE(std::holds_alternative<bool>(wallet->AbandonTransaction(sent.tx->GetTxid())));
    CheckIndex(*wallet, 10);

    // The block comes back: the send is confirmed (no longer abandoned), its inputs spent again.
    BOOST_REQUIRE(setup.chain.chainman->ReconsiderBlock(block.GetHash(), state));
    wallet->BlockUntilSyncedToCurrentChain();
    CheckIndex(*wallet, after_send);

    // A second send, then a block spends one of its inputs elsewhere (the same key, signed outside
    // the wallet): the send is conflicted, its other inputs are coins again, its change is gone.
    const CreatedTx second = Send(*wallet, setup.chain.lock, 7 * v / 2);
    BOOST_REQUIRE_GE(second.tx->vin.size(), 2U);
    CheckIndex(*wallet, after_send - second.tx->vin.size() + 1);
    const auto key = wallet->GetKeyForLock(second.spent[0].lock);
    BOOST_REQUIRE(key);
    const CKey secret = std::get<CKey>(wallet->GetSecret(key->first));
    CMutableTransaction rival;
    rival.vin.push_back(CTxIn{second.tx->vin[0].prevout, SEQUENCE_FINAL, {}});
    rival.vout.push_back(CTxOut{second.spent[0].value - 10'000, setup.chain.lock});
    test::SignTx(rival, {second.spent[0]}, secret, genesis);
    setup.Mine(*wallet, {MakeTransactionRef(std::move(rival))});
    BOOST_CHECK_EQUAL(TxStateName(wallet->GetWalletTx(second.tx->GetTxid())->state), "conflicted");
    CheckIndex(*wallet, after_send - 1);

    // lockunspent hides a coin; a reload rebuilds the same index.
    const COutPoint some = *Indexed(*wallet).begin();
    BOOST_REQUIRE(wallet->LockCoin(some, true));
    BOOST_CHECK(Indexed(*wallet) == WalkEveryTransaction(*wallet));
    BOOST_CHECK_EQUAL(Indexed(*wallet).size(), after_send - 2);
    BOOST_REQUIRE(wallet->LockCoin(some, false));
    const std::set<COutPoint> before = Indexed(*wallet);
    wallet->DetachChain();
    wallet.reset();
    WalletOptions options;
    options.keypool_size = 10;
    auto loaded = Wallet::Load("w", setup.chain.dir.path() / "w.dat", *setup.iface, options);
    BOOST_REQUIRE(loaded);
    wallet = std::move(*loaded);
    BOOST_REQUIRE(wallet->AttachChain(std::nullopt));
    BOOST_CHECK(Indexed(*wallet) == before);
    CheckIndex(*wallet, before.size());
    wallet->DetachChain();
}

BOOST_AUTO_TEST_CASE(an_output_to_a_key_derived_later_becomes_a_coin)
{
    CoinsSetup setup;
    auto wallet = setup.Make("small", 3);
    const auto words = wallet->GetMnemonic();
    BOOST_REQUIRE(std::holds_alternative<SecureString>(words));
    // The same seed with a longer look-ahead knows the receive key at index 9 already.
    auto twin = setup.Make("twin", 20, std::get<SecureString>(words));
    OutputLock far;
    for (int i = 0; i < 10; ++i) far = NewLock(*twin);
    BOOST_REQUIRE(!wallet->GetKeyForLock(far));

    // One transaction pays the wallet's first key and the far one: the wallet keeps it for the
    // first output; the second pays no key it has derived.
    const OutputLock first = NewLock(*wallet);
    const CTransaction& coinbase = *setup.blocks[0].vtx[0];
    CMutableTransaction tx;
    tx.vin.push_back(CTxIn{COutPoint{coinbase.GetTxid(), 0}, SEQUENCE_FINAL, {}});
    tx.vout.push_back(CTxOut{COIN, first});
    tx.vout.push_back(CTxOut{2 * COIN, far});
    test::SignTx(tx, {coinbase.vout[0]}, setup.chain.key, setup.chain.params.genesis_hash);
    const CTransactionRef paid = MakeTransactionRef(std::move(tx));
    setup.Mine(*wallet, {paid});
    BOOST_CHECK(Indexed(*wallet) == (std::set<COutPoint>{{paid->GetTxid(), 0}}));
    BOOST_CHECK_EQUAL(wallet->GetBalances().trusted, COIN);

    // Handing out keys moves the look-ahead past index 9: the second output is a coin now.
    for (int i = 0; i < 8; ++i) NewLock(*wallet);
    BOOST_REQUIRE(wallet->GetKeyForLock(far));
    BOOST_CHECK(Indexed(*wallet) == (std::set<COutPoint>{{paid->GetTxid(), 0}, {paid->GetTxid(), 1}}));
    BOOST_CHECK(Indexed(*wallet) == WalkEveryTransaction(*wallet));
    BOOST_CHECK_EQUAL(wallet->GetBalances().trusted, 3 * COIN);
    wallet->DetachChain();
    twin->DetachChain();
}

BOOST_AUTO_TEST_SUITE_END()
