// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The voucher agent (node/voucher_agent.h) on a regtest chain with two wallets, each holding one
// registered node: as originating node, call seconds reported in several pieces become one
// cumulative voucher of their sum, signed at most once per -voucherinterval and continued from the
// wallet's signed total (also by a new agent: a restart); a rate change within an epoch signed
// only when the voucher keeps its worth; an epoch change signs the old epoch's
// last seconds at once; the outbox gives each voucher once, the newest per pair and epoch; a locked
// wallet keeps the seconds until it is unlocked; seconds reported while no node key can sign wait
// for one. As terminating node, a received voucher is kept by the wallet holding its terminating
// node (200), and refused when malformed (400), not for one of our nodes (404) or badly signed
// (403); a late, lower voucher is answered 200 and not stored; the verdict comes from the worker
// thread, or 503 at once when the queue is full. Nonces: T answers each stream's vouchers with one
// random nonce of its own (or the one the stream already carries, after T restarted), O signs the
// stream's later vouchers with the nonce T answered. The two-node exchange over SIP is the SIP
// router's functional test.

#include <node/voucher_agent.h>

#include <interfaces/chain.h>
#include <primitives/address.h>
#include <test/util/chain.h>
#include <test/util/files.h>
#include <test/util/registry.h>
#include <util/args.h>
#include <util/sync.h>
#include <validation/notifications.h>
#include <wallet/context.h>
#include <wallet/registry_statements.h>
#include <wallet/wallet.h>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using interfaces::CallSeconds;
using interfaces::OutgoingVoucher;
using interfaces::VoucherVerdict;
using wallet::SignedVoucher;

namespace {

constexpr CAmount RATE = 600; // units per minute: 10 per second
constexpr int64_t T0 = 1'900'000'000;

/** A regtest chain (no mempool) whose notifications reach a started wallet context. */
struct AgentSetup {
    validation::ValidationSignals signals;
    test::TestChain chain;
    std::unique_ptr<interfaces::Chain> iface;
    std::vector<CBlock> blocks;
    size_t next_coinbase{0};
    test::TempDir dir{"voucher_agent"};
    wallet::WalletContext context{[this] {
        wallet::WalletContextOptions o;
        o.wallet_dir = dir.path() / "wallets";
        o.settings_file = dir.path() / "settings.json";
        o.wallet.keypool_size = 5;
        o.wallet.registry_lookahead = 2;
        o.wallet.fallback_fee_per_kb = 1000;
        return o;
    }()};

    AgentSetup()
    {
        chain.Open([this](validation::ChainstateOptions& o) { o.signals = &signals; });
        iface = interfaces::MakeChain(*chain.chainman, signals, nullptr, ADDRESS_HRP_REGTEST, [] { return false; });
        for (int i = 0; i < 110; ++i) blocks.push_back(chain.Mine());
        BOOST_REQUIRE(context.Start(*iface));
    }
    ~AgentSetup()
    {
        context.Stop();
        signals.Stop();
    }

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
    uint32_t Epoch() { return static_cast<uint32_t>((chain.Height() + 1) / chain.params.registry.settle_epoch); }

    std::shared_ptr<wallet::Wallet> MakeWallet(const std::string& name)
    {
        std::vector<std::string> warnings;
        auto created = context.CreateWallet(name, {}, std::nullopt, warnings);
        if (const auto* failure = std::get_if<wallet::WalletFailure>(&created)) BOOST_FAIL(failure->message);
        auto w = std::get<std::shared_ptr<wallet::Wallet>>(created);
        // A coin of its own, confirmed.
        auto key = w->GetNewKey(wallet::KeyBranch::RECEIVE);
        if (const auto* failure = std::get_if<wallet::WalletFailure>(&key)) BOOST_FAIL(failure->message);
        const CTransaction& coinbase = *blocks.at(next_coinbase++).vtx[0];
        Mine({test::Spend(coinbase, 0, chain.key, OutputLock::ForKeyHash(std::get<0>(key).first), 10'000, chain.params.genesis_hash)});
        return w;
    }
    /** Registers a node of `w` at `rate` and mines it; returns its key. */
    consensus::Key RegisterNode(wallet::Wallet& w, CAmount rate)
    {
        wallet::Wallet::NodeFields fields;
        fields.endpoints = test::TestEndpoints();
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
};

/** Two wallets with a registered node each: `orig` is the lower key (the originating node the
 *  agent picks), `term` the other (rate RATE). */
struct TwoNodes : AgentSetup {
    std::shared_ptr<wallet::Wallet> orig_wallet, term_wallet;
    consensus::Key orig{}, term{};

    TwoNodes()
    {
        auto a = MakeWallet("a");
        auto b = MakeWallet("b");
        const consensus::Key ka = RegisterNode(*a, RATE);
        const consensus::Key kb = RegisterNode(*b, RATE);
        if (ka < kb) {
            orig_wallet = a, term_wallet = b, orig = ka, term = kb;
        } else {
            orig_wallet = b, term_wallet = a, orig = kb, term = ka;
        }
    }

    /** The stored voucher of (orig, term, epoch) in `w`, if any. */
    static std::optional<SignedVoucher> Stored(const wallet::Wallet& w, const consensus::Key& o, const consensus::Key& t, uint32_t epoch)
    {
        for (const SignedVoucher& v : w.ListVouchers()) {
            if (v.orig == o && v.term == t && v.entry.epoch == epoch) return v;
        }
        return std::nullopt;
    }
    /** A voucher the originating wallet signs itself (signvoucher); `reverse`: the other wallet
     *  signs for the other direction (term -> orig). */
    SignedVoucher SignDirect(uint64_t seconds, std::optional<uint256> term_nonce = std::nullopt, bool reverse = false)
    {
        wallet::Wallet::VoucherRequest request;
        request.orig = XOnlyPubKey{std::span<const uint8_t, 32>{reverse ? term : orig}};
        request.term = reverse ? orig : term;
        request.epoch = Epoch();
        request.seconds = seconds;
        request.rate = RATE;
        request.term_nonce = term_nonce;
        auto signed_voucher = (reverse ? term_wallet : orig_wallet)->SignVoucher(request);
        if (const auto* failure = std::get_if<wallet::WalletFailure>(&signed_voucher)) BOOST_FAIL(failure->message);
        return std::get<SignedVoucher>(signed_voucher);
    }
};

SignedVoucher Decode(const OutgoingVoucher& v)
{
    auto decoded = wallet::DecodeVoucher(std::span{reinterpret_cast<const uint8_t*>(v.bytes.data()), v.bytes.size()});
    BOOST_REQUIRE_MESSAGE(bool(decoded), (decoded ? std::string{} : decoded.error()));
    return *decoded;
}

std::string Bytes(const SignedVoucher& v)
{
    const std::vector<uint8_t> bytes = wallet::EncodeVoucher(v);
    return {bytes.begin(), bytes.end()};
}

/** The verdicts a callback received and the threads they came from. */
struct Verdicts {
    Mutex mutex;
    std::vector<std::pair<VoucherVerdict, std::thread::id>> got GUARDED_BY(mutex);

    interfaces::VoucherVerdictCallback Callback()
    {
        return [this](VoucherVerdict v) {
            LOCK(mutex);
            got.emplace_back(std::move(v), std::this_thread::get_id());
        };
    }
    size_t Count()
    {
        LOCK(mutex);
        return got.size();
    }
    VoucherVerdict At(size_t i)
    {
        LOCK(mutex);
        return got.at(i).first;
    }
};

/** The verdict on `bytes`, served by a round of the agent. */
VoucherVerdict Verdict(node::VoucherAgent& agent, const std::string& bytes, int64_t now = T0)
{
    Verdicts verdicts;
    agent.Receive(bytes, "udp:127.0.0.1:5070", verdicts.Callback());
    BOOST_CHECK_EQUAL(verdicts.Count(), 0U); // not on the caller's thread
    agent.RunOnce(now);
    BOOST_REQUIRE_EQUAL(verdicts.Count(), 1U);
    return verdicts.At(0);
}

} // namespace

BOOST_AUTO_TEST_SUITE(voucher_agent_tests)

BOOST_AUTO_TEST_CASE(options)
{
    ArgsManager args;
    node::AddVoucherArgs(args);
    BOOST_CHECK_EQUAL(node::GetVoucherAgentOptions(args)->interval, 60);
    const std::vector<std::pair<std::string, bool>> cases{{"1", true}, {"3600", true}, {"0", false}, {"3601", false}, {"-5", false}};
    for (const auto& [value, ok] : cases) {
        ArgsManager a;
        node::AddVoucherArgs(a);
        const std::string arg = "-voucherinterval=" + value;
        const char* argv[] = {"dotsd", arg.c_str()};
        BOOST_REQUIRE(a.ParseParameters(2, argv));
        const auto options = node::GetVoucherAgentOptions(a);
        BOOST_CHECK_EQUAL(bool(options), ok);
        if (options) BOOST_CHECK_EQUAL(options->interval, std::stoll(value));
        if (!options) BOOST_CHECK_EQUAL(options.error(), "-voucherinterval must be between 1 and 3600 seconds");
    }
}

BOOST_AUTO_TEST_CASE(no_originating_node_without_a_registered_node)
{
    AgentSetup setup;
    // The remote node: registered by a wallet this node then unloads.
    consensus::Key term{};
    {
        auto other = setup.MakeWallet("other");
        term = setup.RegisterNode(*other, RATE);
        other.reset(); // unloadwallet waits for the last reference
        std::vector<std::string> warnings;
        BOOST_REQUIRE(std::holds_alternative<bool>(setup.context.UnloadWallet("other", std::nullopt, warnings)));
    }
    auto w = setup.MakeWallet("solo");
    node::VoucherAgent agent{setup.context, {}};
    BOOST_CHECK(!agent.OriginatingNode()); // before the first round
    agent.AddCallSeconds({term, RATE, 30});
    agent.RunOnce(T0);
    BOOST_CHECK(!agent.OriginatingNode()); // a wallet without a node key
    BOOST_CHECK(agent.TakeVouchers().empty());
    // The seconds wait for a node key: once one is registered they are signed.
    const consensus::Key ours = setup.RegisterNode(*w, 0);
    agent.AddCallSeconds({term, RATE, 15});
    agent.RunOnce(T0 + 1);
    BOOST_REQUIRE(agent.OriginatingNode());
    BOOST_CHECK(*agent.OriginatingNode() == ours);
    const auto out = agent.TakeVouchers();
    BOOST_REQUIRE_EQUAL(out.size(), 1U);
    BOOST_CHECK(out[0].term == term);
    const SignedVoucher v = Decode(out[0]);
    BOOST_CHECK(v.orig == ours);
    BOOST_CHECK_EQUAL(v.entry.seconds, 45U);
}

BOOST_AUTO_TEST_CASE(seconds_become_one_cumulative_voucher_per_interval)
{
    TwoNodes setup;
    node::VoucherAgent agent{setup.context, {}};
    agent.RunOnce(T0);
    BOOST_REQUIRE(agent.OriginatingNode());
    BOOST_CHECK(*agent.OriginatingNode() == setup.orig);
    const uint32_t epoch = setup.Epoch();
    // Three reports before a round: one voucher of their sum.
    agent.AddCallSeconds({setup.term, RATE, 60});
    agent.AddCallSeconds({setup.term, RATE, 45});
    agent.AddCallSeconds({setup.term, RATE, 15});
    agent.RunOnce(T0 + 1);
    auto out = agent.TakeVouchers();
    BOOST_REQUIRE_EQUAL(out.size(), 1U);
    BOOST_CHECK(out[0].term == setup.term);
    BOOST_CHECK_EQUAL(out[0].bytes.size(), wallet::VOUCHER_SIZE);
    SignedVoucher first = Decode(out[0]);
    BOOST_CHECK(first.orig == setup.orig);
    BOOST_CHECK_EQUAL(first.entry.epoch, epoch);
    BOOST_CHECK_EQUAL(first.entry.seconds, 120U);
    BOOST_CHECK_EQUAL(first.entry.rate, RATE);
    BOOST_CHECK(wallet::VerifyVoucher(first, setup.chain.params.genesis_hash));
    BOOST_CHECK(agent.TakeVouchers().empty()); // each once
    // The wallet recorded it as the pair's highest.
    BOOST_CHECK(TwoNodes::Stored(*setup.orig_wallet, setup.orig, setup.term, epoch) == first);

    // Within the interval: nothing signed; once it passed, the total continues.
    agent.AddCallSeconds({setup.term, RATE, 30});
    agent.RunOnce(T0 + 30);
    BOOST_CHECK(agent.TakeVouchers().empty());
    agent.AddCallSeconds({setup.term, RATE, 10});
    agent.RunOnce(T0 + 61);
    out = agent.TakeVouchers();
    BOOST_REQUIRE_EQUAL(out.size(), 1U);
    const SignedVoucher second = Decode(out[0]);
    BOOST_CHECK_EQUAL(second.entry.seconds, 160U);
    BOOST_CHECK(second.entry.orig_nonce == first.entry.orig_nonce); // the epoch's stream

    // A restart (a new agent) continues from the wallet's signed total.
    node::VoucherAgent restarted{setup.context, {}};
    restarted.RunOnce(T0 + 62);
    restarted.AddCallSeconds({setup.term, RATE, 5});
    restarted.RunOnce(T0 + 63);
    out = restarted.TakeVouchers();
    BOOST_REQUIRE_EQUAL(out.size(), 1U);
    BOOST_CHECK_EQUAL(Decode(out[0]).entry.seconds, 165U);
}

BOOST_AUTO_TEST_CASE(the_newest_voucher_of_a_pair_replaces_an_unsent_one)
{
    TwoNodes setup;
    node::VoucherAgent agent{setup.context, {1}}; // -voucherinterval=1
    agent.RunOnce(T0);
    agent.AddCallSeconds({setup.term, RATE, 20});
    agent.RunOnce(T0 + 1);
    agent.AddCallSeconds({setup.term, RATE, 20});
    agent.RunOnce(T0 + 2);
    agent.AddCallSeconds({setup.term, RATE, 20});
    agent.RunOnce(T0 + 3);
    const auto out = agent.TakeVouchers();
    BOOST_REQUIRE_EQUAL(out.size(), 1U);
    BOOST_CHECK_EQUAL(Decode(out[0]).entry.seconds, 60U);
    BOOST_CHECK(agent.TakeVouchers().empty());
}

BOOST_AUTO_TEST_CASE(an_epoch_change_signs_the_old_epochs_seconds_at_once)
{
    TwoNodes setup;
    node::VoucherAgent agent{setup.context, {}};
    agent.RunOnce(T0);
    const uint32_t epoch = setup.Epoch();
    agent.AddCallSeconds({setup.term, RATE, 50});
    agent.RunOnce(T0 + 1);
    BOOST_REQUIRE_EQUAL(agent.TakeVouchers().size(), 1U);
    // Reported within the interval, then the epoch ends: signed at once, in the old epoch.
    agent.AddCallSeconds({setup.term, RATE, 25});
    agent.RunOnce(T0 + 2);
    BOOST_CHECK(agent.TakeVouchers().empty());
    setup.NextEpoch();
    agent.RunOnce(T0 + 3);
    auto out = agent.TakeVouchers();
    BOOST_REQUIRE_EQUAL(out.size(), 1U);
    const SignedVoucher last = Decode(out[0]);
    BOOST_CHECK_EQUAL(last.entry.epoch, epoch);
    BOOST_CHECK_EQUAL(last.entry.seconds, 75U);
    // Seconds reported now count in the new epoch: a fresh stream.
    agent.AddCallSeconds({setup.term, RATE, 7});
    agent.RunOnce(T0 + 4);
    out = agent.TakeVouchers();
    BOOST_REQUIRE_EQUAL(out.size(), 1U);
    const SignedVoucher next = Decode(out[0]);
    BOOST_CHECK_EQUAL(next.entry.epoch, epoch + 1);
    BOOST_CHECK_EQUAL(next.entry.seconds, 7U);
    BOOST_CHECK(next.entry.orig_nonce != last.entry.orig_nonce);
}

BOOST_AUTO_TEST_CASE(a_rate_change_within_an_epoch_is_signed_only_if_the_wallet_accepts_it)
{
    TwoNodes setup;
    node::VoucherAgent agent{setup.context, {1}};
    agent.RunOnce(T0);
    agent.AddCallSeconds({setup.term, RATE, 120}); // worth 1200
    agent.RunOnce(T0 + 1);
    BOOST_REQUIRE_EQUAL(agent.TakeVouchers().size(), 1U);
    // A lower rate would make the cumulative voucher worth less (130 s at 300: 650): the old rate stays.
    agent.AddCallSeconds({setup.term, RATE / 2, 10});
    agent.RunOnce(T0 + 2);
    auto out = agent.TakeVouchers();
    BOOST_REQUIRE_EQUAL(out.size(), 1U);
    SignedVoucher v = Decode(out[0]);
    BOOST_CHECK_EQUAL(v.entry.seconds, 130U);
    BOOST_CHECK_EQUAL(v.entry.rate, RATE);
    // A higher one is accepted (140 s at 1200: 2800).
    agent.AddCallSeconds({setup.term, 2 * RATE, 10});
    agent.RunOnce(T0 + 3);
    out = agent.TakeVouchers();
    BOOST_REQUIRE_EQUAL(out.size(), 1U);
    v = Decode(out[0]);
    BOOST_CHECK_EQUAL(v.entry.seconds, 140U);
    BOOST_CHECK_EQUAL(v.entry.rate, 2 * RATE);
}

BOOST_AUTO_TEST_CASE(a_locked_wallet_keeps_the_seconds_until_unlocked)
{
    TwoNodes setup;
    const wallet::SecureString passphrase{"voucher pass"};
    BOOST_REQUIRE(std::holds_alternative<bool>(setup.orig_wallet->EncryptWallet(passphrase)));
    setup.orig_wallet->Lock();
    BOOST_REQUIRE(setup.orig_wallet->IsLocked());
    node::VoucherAgent agent{setup.context, {1}};
    agent.RunOnce(T0);
    BOOST_REQUIRE(agent.OriginatingNode()); // a locked wallet's node still originates
    agent.AddCallSeconds({setup.term, RATE, 40});
    agent.RunOnce(T0 + 1);
    agent.AddCallSeconds({setup.term, RATE, 2});
    agent.RunOnce(T0 + 5);
    BOOST_CHECK(agent.TakeVouchers().empty());
    BOOST_REQUIRE(std::holds_alternative<bool>(setup.orig_wallet->Unlock(passphrase, T0 + 3600)));
    agent.RunOnce(T0 + 6);
    const auto out = agent.TakeVouchers();
    BOOST_REQUIRE_EQUAL(out.size(), 1U);
    BOOST_CHECK_EQUAL(Decode(out[0]).entry.seconds, 42U);
}

BOOST_AUTO_TEST_CASE(received_vouchers)
{
    TwoNodes setup;
    node::VoucherAgent agent{setup.context, {}};
    const uint32_t epoch = setup.Epoch();
    // Signed by the originating wallet's node for the other wallet's node: kept there.
    const SignedVoucher low = setup.SignDirect(120);
    const SignedVoucher high = setup.SignDirect(240);
    VoucherVerdict v = Verdict(agent, Bytes(high));
    BOOST_CHECK_EQUAL(v.code, 200);
    BOOST_CHECK_EQUAL(v.reason, "OK");
    BOOST_CHECK(TwoNodes::Stored(*setup.term_wallet, setup.orig, setup.term, epoch) == high);
    // The same again: 200, unchanged. A late lower one: 200, not stored.
    BOOST_CHECK_EQUAL(Verdict(agent, Bytes(high)).code, 200);
    v = Verdict(agent, Bytes(low));
    BOOST_CHECK_EQUAL(v.code, 200);
    BOOST_CHECK(TwoNodes::Stored(*setup.term_wallet, setup.orig, setup.term, epoch) == high);

    // Malformed bytes.
    v = Verdict(agent, "not a voucher");
    BOOST_CHECK_EQUAL(v.code, 400);
    BOOST_CHECK_EQUAL(v.reason, "Malformed Voucher");
    v = Verdict(agent, Bytes(high).substr(1));
    BOOST_CHECK_EQUAL(v.code, 400);
    // For a node no loaded wallet holds.
    const test::TestKey o{31}, t{32};
    v = Verdict(agent, Bytes(SignedVoucher{o.pub, t.pub, test::Voucher(o, t, epoch, 60, RATE)}));
    BOOST_CHECK_EQUAL(v.code, 404);
    BOOST_CHECK_EQUAL(v.reason, "Not Our Node");
    // A bad signature: refused with the wallet's reason, nothing stored.
    SignedVoucher forged = setup.SignDirect(300);
    forged.entry.seconds = 3000;
    v = Verdict(agent, Bytes(forged));
    BOOST_CHECK_EQUAL(v.code, 403);
    BOOST_CHECK_MESSAGE(v.reason.starts_with("Invalid voucher: the signature is not node"), v.reason);
    BOOST_CHECK(TwoNodes::Stored(*setup.term_wallet, setup.orig, setup.term, epoch) == high);
    // Signed by a node that is not registered (for our node): 403.
    v = Verdict(agent, Bytes(SignedVoucher{o.pub, setup.term, [&] {
                                               consensus::VoucherEntry e;
                                               e.epoch = epoch;
                                               e.seconds = 60;
                                               e.rate = RATE;
                                               e.orig_sig = o.Sign(consensus::VoucherMessage(o.pub, setup.term, e, setup.chain.params.genesis_hash));
                                               return e;
                                           }()}));
    BOOST_CHECK_EQUAL(v.code, 403);
    BOOST_CHECK_MESSAGE(v.reason.ends_with("is not registered"), v.reason);
}

BOOST_AUTO_TEST_CASE(received_vouchers_are_answered_by_the_worker)
{
    TwoNodes setup;
    const std::string bytes = Bytes(setup.SignDirect(60));
    Verdicts verdicts;
    {
        node::VoucherAgent agent{setup.context, {}};
        // Before Start(): queued, not answered; a full queue is refused at once.
        for (size_t i = 0; i < node::VoucherAgent::MAX_RECEIVED; ++i) agent.Receive(bytes, "udp:127.0.0.1:5070", verdicts.Callback());
        BOOST_CHECK_EQUAL(verdicts.Count(), 0U);
        agent.Receive(bytes, "udp:127.0.0.1:5070", verdicts.Callback());
        BOOST_REQUIRE_EQUAL(verdicts.Count(), 1U);
        BOOST_CHECK_EQUAL(verdicts.At(0).code, 503);
        BOOST_CHECK_EQUAL(verdicts.At(0).reason, "Busy");
        agent.Start();
        for (int i = 0; i < 1000 && verdicts.Count() < node::VoucherAgent::MAX_RECEIVED + 1; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds{10});
        }
        BOOST_REQUIRE_EQUAL(verdicts.Count(), node::VoucherAgent::MAX_RECEIVED + 1);
        agent.Stop();
        // After Stop(): refused at once.
        agent.Receive(bytes, "udp:127.0.0.1:5070", verdicts.Callback());
        BOOST_REQUIRE_EQUAL(verdicts.Count(), node::VoucherAgent::MAX_RECEIVED + 2);
    }
    LOCK(verdicts.mutex);
    const auto caller = std::this_thread::get_id();
    for (size_t i = 1; i <= node::VoucherAgent::MAX_RECEIVED; ++i) {
        BOOST_CHECK_EQUAL(verdicts.got[i].first.code, 200);
        BOOST_CHECK(verdicts.got[i].second != caller);
    }
    BOOST_CHECK_EQUAL(verdicts.got.back().first.code, 503);
}

BOOST_AUTO_TEST_CASE(the_terminating_node_answers_one_nonce_per_stream)
{
    TwoNodes setup;
    const auto nonce_of = [](const VoucherVerdict& v) {
        BOOST_REQUIRE_EQUAL(v.code, 200);
        BOOST_REQUIRE(v.term_nonce);
        return uint256{*v.term_nonce};
    };
    uint256 first;
    {
        node::VoucherAgent agent{setup.context, {}};
        // The stream's first voucher (no nonce of T's yet): a random, non-zero nonce.
        first = nonce_of(Verdict(agent, Bytes(setup.SignDirect(60))));
        BOOST_CHECK(!first.IsNull());
        // The same stream: the same nonce, also for a late, lower voucher.
        BOOST_CHECK(nonce_of(Verdict(agent, Bytes(setup.SignDirect(120)))) == first);
        const SignedVoucher late = setup.SignDirect(180);
        BOOST_CHECK(nonce_of(Verdict(agent, Bytes(setup.SignDirect(240)))) == first);
        BOOST_CHECK(nonce_of(Verdict(agent, Bytes(late))) == first);
        // Another pair (the other direction, kept by the other wallet): another nonce.
        const uint256 reverse = nonce_of(Verdict(agent, Bytes(setup.SignDirect(60, std::nullopt, true))));
        BOOST_CHECK(!reverse.IsNull());
        BOOST_CHECK(reverse != first);
        // A refusal carries none.
        const VoucherVerdict refused = Verdict(agent, "not a voucher");
        BOOST_CHECK_EQUAL(refused.code, 400);
        BOOST_CHECK(!refused.term_nonce);
        // The same pair in the next epoch: another nonce.
        setup.NextEpoch();
        const uint256 next = nonce_of(Verdict(agent, Bytes(setup.SignDirect(60))));
        BOOST_CHECK(!next.IsNull());
        BOOST_CHECK(next != first);
        BOOST_CHECK(next != reverse);
        BOOST_CHECK(nonce_of(Verdict(agent, Bytes(setup.SignDirect(90)))) == next);
    }
    // T restarted (a new agent, no nonces in memory): a stream whose voucher already carries a
    // nonce keeps it; one without gets a new random one.
    node::VoucherAgent restarted{setup.context, {}};
    const uint256 carried{std::array<uint8_t, 32>{7, 7, 7}};
    BOOST_CHECK(nonce_of(Verdict(restarted, Bytes(setup.SignDirect(120, carried)))) == carried);
    BOOST_CHECK(nonce_of(Verdict(restarted, Bytes(setup.SignDirect(150)))) == carried); // the wallet keeps the stream's nonce
    const uint256 fresh = nonce_of(Verdict(restarted, Bytes(setup.SignDirect(120, std::nullopt, true))));
    BOOST_CHECK(!fresh.IsNull());
    BOOST_CHECK(fresh != carried);
}

BOOST_AUTO_TEST_CASE(the_originating_node_signs_with_the_terminating_nonce)
{
    TwoNodes setup;
    const uint32_t epoch = setup.Epoch();
    node::VoucherAgent agent{setup.context, {1}};
    agent.RunOnce(T0);
    agent.AddCallSeconds({setup.term, RATE, 60});
    agent.RunOnce(T0 + 1);
    auto out = agent.TakeVouchers();
    BOOST_REQUIRE_EQUAL(out.size(), 1U);
    const SignedVoucher first = Decode(out[0]);
    BOOST_CHECK(first.entry.term_nonce.IsNull()); // T has not answered yet
    BOOST_CHECK(!first.entry.orig_nonce.IsNull());
    // T answers: the router hands the nonce over with the voucher's bytes (bytes that are no
    // voucher are ignored).
    const std::array<uint8_t, 32> nonce{1, 2, 3, 4, 5, 6, 7, 8, 9};
    agent.TermNonce("not a voucher", std::array<uint8_t, 32>{9, 9});
    agent.TermNonce(out[0].bytes, nonce);
    agent.AddCallSeconds({setup.term, RATE, 30});
    agent.RunOnce(T0 + 2);
    out = agent.TakeVouchers();
    BOOST_REQUIRE_EQUAL(out.size(), 1U);
    const SignedVoucher second = Decode(out[0]);
    BOOST_CHECK_EQUAL(second.entry.seconds, 90U);
    BOOST_CHECK(second.entry.term_nonce == uint256{nonce});
    BOOST_CHECK(second.entry.orig_nonce == first.entry.orig_nonce); // O's stays the epoch's
    // T (the other wallet of this context) keeps it and answers with the stream's nonce: the same.
    const VoucherVerdict v = Verdict(agent, out[0].bytes, T0 + 3);
    BOOST_REQUIRE_EQUAL(v.code, 200);
    BOOST_CHECK(v.term_nonce == nonce);
    BOOST_CHECK(TwoNodes::Stored(*setup.term_wallet, setup.orig, setup.term, epoch)->entry.term_nonce == uint256{nonce});
    // O restarted: the wallet's stored voucher carries the nonce, later vouchers keep it.
    node::VoucherAgent restarted{setup.context, {1}};
    restarted.RunOnce(T0 + 10);
    restarted.AddCallSeconds({setup.term, RATE, 30});
    restarted.RunOnce(T0 + 11);
    out = restarted.TakeVouchers();
    BOOST_REQUIRE_EQUAL(out.size(), 1U);
    BOOST_CHECK_EQUAL(Decode(out[0]).entry.seconds, 120U);
    BOOST_CHECK(Decode(out[0]).entry.term_nonce == uint256{nonce});
}

BOOST_AUTO_TEST_CASE(a_full_report_queue_merges_instead_of_dropping)
{
    TwoNodes setup;
    node::VoucherAgent agent{setup.context, {}};
    agent.RunOnce(T0);
    for (size_t i = 0; i < 3 * node::VoucherAgent::MAX_QUEUED; ++i) agent.AddCallSeconds({setup.term, RATE, 2});
    agent.RunOnce(T0 + 1);
    const auto out = agent.TakeVouchers();
    BOOST_REQUIRE_EQUAL(out.size(), 1U);
    BOOST_CHECK_EQUAL(Decode(out[0]).entry.seconds, 6 * node::VoucherAgent::MAX_QUEUED);
}

BOOST_AUTO_TEST_SUITE_END()
