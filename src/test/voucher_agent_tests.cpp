// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The voucher agent (node/voucher_agent.h) on a regtest chain with two wallets, each holding one
// registered node; the agent serves both sides (messages are delivered to itself, T's answers
// handed back, as two nodes' SIP routers do). As originating node: a stream opens with an opener
// and T's nonce, then call seconds reported in several pieces become one cumulative voucher of
// their sum with the root of the calls' receipts, signed at most once per -voucherinterval (at
// once when many calls changed) and continued from the wallet's signed total and receipts (also by
// a new agent: a restart); a rate change within an epoch signed only when the voucher keeps its
// worth; an epoch change signs the old epoch's last seconds at once and opens the next; the outbox
// gives each message once, in order; a locked wallet keeps the seconds until
// it is unlocked; seconds reported while no node key can sign wait for one; receipts lost in a
// message travel in the next, and a base T does not know makes O send them again. As terminating
// node: an opener is answered with T's nonce; a received voucher is kept with its receipts by the
// wallet holding its terminating node (200), and refused when malformed (400), not for one of our
// nodes (404), badly signed, without or with another nonce than T's, or with receipts that do not
// match (403); a late, lower voucher is answered 200 with T's receipts base and not stored; the
// verdict comes from the worker thread, or 503 at once when the queue is full. The two-node
// exchange over SIP is the SIP router's functional test.

#include <node/voucher_agent.h>

#include <test/util/registry.h>
#include <test/util/wallet.h>
#include <util/args.h>
#include <util/sync.h>
#include <wallet/context.h>
#include <wallet/registry_statements.h>
#include <wallet/voucher_receipts.h>
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

/** The shared wallet fixture (a regtest chain, no mempool, and a started wallet context). */
using AgentSetup = test::WalletChainSetup;

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
    /** A voucher the originating wallet signs itself (as signvoucher, with one receipt: call
     *  `call` holding all the seconds); `reverse`: the other wallet signs for the other direction
     *  (term -> orig). `term_nonce` as SignVoucher's (std::nullopt: the previous voucher's). */
    SignedVoucher SignDirect(uint64_t seconds, std::optional<uint256> term_nonce = std::nullopt, bool reverse = false,
                             const std::string& call = "call-1@test")
    {
        wallet::Wallet::VoucherRequest request;
        request.orig = XOnlyPubKey{std::span<const uint8_t, 32>{reverse ? term : orig}};
        request.term = reverse ? orig : term;
        request.epoch = Epoch();
        request.seconds = seconds;
        request.rate = RATE;
        request.term_nonce = term_nonce;
        request.receipts = std::vector<wallet::CallReceipt>{{wallet::CallReceiptId(call), seconds}};
        auto signed_voucher = (reverse ? term_wallet : orig_wallet)->SignVoucher(request);
        if (const auto* failure = std::get_if<wallet::WalletFailure>(&signed_voucher)) BOOST_FAIL(failure->message);
        return std::get<SignedVoucher>(signed_voucher);
    }
    /** The message of `voucher` with all the receipts its signer keeps (base 0). */
    wallet::VoucherMessage Whole(const SignedVoucher& voucher) const
    {
        const wallet::Wallet& signer = voucher.orig == orig ? *orig_wallet : *term_wallet;
        return {voucher, 0, signer.ListReceipts({voucher.orig, voucher.term, voucher.entry.epoch})};
    }
    /** An opener of the originating wallet (`reverse`: of the other one) for the current epoch. */
    SignedVoucher Opener(bool reverse = false)
    {
        auto opener = (reverse ? term_wallet : orig_wallet)->SignOpener(XOnlyPubKey{std::span<const uint8_t, 32>{reverse ? term : orig}},
                                                                      reverse ? orig : term, Epoch(), RATE);
        if (const auto* failure = std::get_if<wallet::WalletFailure>(&opener)) BOOST_FAIL(failure->message);
        return std::get<SignedVoucher>(opener);
    }
    /** The receipts `w` keeps for this pair's stream of `epoch`. */
    std::vector<wallet::CallReceipt> Receipts(const wallet::Wallet& w, uint32_t epoch) const { return w.ListReceipts({orig, term, epoch}); }
};

wallet::VoucherMessage Decode(const std::string& bytes)
{
    auto decoded = wallet::DecodeVoucherMessage(std::span{reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
    BOOST_REQUIRE_MESSAGE(bool(decoded), (decoded ? std::string{} : decoded.error()));
    return *decoded;
}

std::string Bytes(const wallet::VoucherMessage& message)
{
    const std::vector<uint8_t> bytes = wallet::EncodeVoucherMessage(message);
    return {bytes.begin(), bytes.end()};
}
std::string Bytes(const SignedVoucher& opener) { return Bytes(wallet::VoucherMessage{opener, 0, {}}); }

/** Call `call`'s receipt of `seconds`. */
wallet::CallReceipt Receipt(const std::string& call, uint64_t seconds) { return {wallet::CallReceiptId(call), seconds}; }
/** Receipts sorted by call, as messages and wallets list them. */
std::vector<wallet::CallReceipt> Sorted(std::vector<wallet::CallReceipt> receipts)
{
    std::sort(receipts.begin(), receipts.end(), [](const auto& a, const auto& b) { return a.call < b.call; });
    return receipts;
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

/** T's nonce in a 200. */
uint256 NonceOf(const VoucherVerdict& v)
{
    BOOST_REQUIRE_EQUAL(v.code, 200);
    BOOST_REQUIRE(v.answer.term_nonce);
    return uint256{*v.answer.term_nonce};
}

using Exchanged = std::vector<std::pair<wallet::VoucherMessage, VoucherVerdict>>;

/** Delivers the messages in the agent's outbox to the agent itself (T is the context's other
 *  wallet) and hands T's 200s back, as the SIP routers of two nodes do. */
Exchanged Exchange(node::VoucherAgent& agent, int64_t now)
{
    Exchanged out;
    for (const OutgoingVoucher& o : agent.TakeVouchers()) {
        const VoucherVerdict v = Verdict(agent, o.bytes, now);
        if (v.code == 200) agent.VoucherAnswered(o.bytes, v.answer);
        out.emplace_back(Decode(o.bytes), v);
    }
    return out;
}

/** A round of the agent at `now`, then exchanges and rounds until nothing is left to send (at
 *  most 4): what went out, in order, with T's verdicts. */
Exchanged Run(node::VoucherAgent& agent, int64_t now)
{
    Exchanged out;
    agent.RunOnce(now);
    for (int i = 0; i < 4; ++i) {
        Exchanged sent = Exchange(agent, now);
        if (sent.empty()) break;
        out.insert(out.end(), sent.begin(), sent.end());
        agent.RunOnce(now);
    }
    return out;
}

/** Checks that `m` is an opener T answered with a nonce; returns the nonce. */
uint256 CheckOpened(const std::pair<wallet::VoucherMessage, VoucherVerdict>& m)
{
    BOOST_CHECK_EQUAL(m.first.voucher.entry.seconds, 0U);
    BOOST_CHECK(m.first.receipts.empty());
    BOOST_CHECK(m.first.voucher.entry.term_nonce.IsNull());
    return NonceOf(m.second);
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
    agent.AddCallSeconds({term, RATE, 30, "c1"});
    agent.RunOnce(T0);
    BOOST_CHECK(!agent.OriginatingNode()); // a wallet without a node key
    BOOST_CHECK(agent.TakeVouchers().empty());
    // The seconds wait for a node key: once one is registered, an opener asks T for its nonce.
    const consensus::Key ours = setup.RegisterNode(*w, 0);
    agent.AddCallSeconds({term, RATE, 15, "c2"});
    agent.RunOnce(T0 + 1);
    BOOST_REQUIRE(agent.OriginatingNode());
    BOOST_CHECK(*agent.OriginatingNode() == ours);
    auto out = agent.TakeVouchers();
    BOOST_REQUIRE_EQUAL(out.size(), 1U);
    BOOST_CHECK(out[0].term == term);
    const wallet::VoucherMessage opener = Decode(out[0].bytes);
    BOOST_CHECK_EQUAL(out[0].epoch, opener.voucher.entry.epoch);
    BOOST_CHECK(opener.voucher.orig == ours);
    BOOST_CHECK_EQUAL(opener.voucher.entry.seconds, 0U);
    BOOST_CHECK(wallet::VerifyVoucher(opener.voucher, setup.chain.params.genesis_hash));
    // T does not answer: no voucher of seconds; the opener goes again once the interval passed.
    agent.RunOnce(T0 + 60);
    BOOST_CHECK(agent.TakeVouchers().empty());
    agent.RunOnce(T0 + 61);
    out = agent.TakeVouchers();
    BOOST_REQUIRE_EQUAL(out.size(), 1U);
    BOOST_CHECK_EQUAL(Decode(out[0].bytes).voucher.entry.seconds, 0U);
    // T's answer (its 200 to the opener) brings the nonce: the seconds are signed with it.
    const std::array<uint8_t, 32> nonce{4, 5, 6};
    agent.VoucherAnswered("not a message", {std::array<uint8_t, 32>{9, 9}, std::nullopt}); // ignored
    agent.VoucherAnswered(out[0].bytes, {nonce, std::nullopt});
    agent.RunOnce(T0 + 62);
    out = agent.TakeVouchers();
    BOOST_REQUIRE_EQUAL(out.size(), 1U);
    const wallet::VoucherMessage m = Decode(out[0].bytes);
    BOOST_CHECK(m.voucher.orig == ours);
    BOOST_CHECK_EQUAL(m.voucher.entry.seconds, 45U);
    BOOST_CHECK(m.voucher.entry.term_nonce == uint256{nonce});
    BOOST_CHECK_EQUAL(m.base, 0U);
    BOOST_CHECK(m.receipts == Sorted({Receipt("c1", 30), Receipt("c2", 15)}));
    BOOST_CHECK(m.voucher.entry.receipts_root == wallet::ReceiptsRoot(m.receipts));
}

BOOST_AUTO_TEST_CASE(seconds_become_one_cumulative_voucher_per_interval)
{
    TwoNodes setup;
    node::VoucherAgent agent{setup.context, {}};
    agent.RunOnce(T0);
    BOOST_REQUIRE(agent.OriginatingNode());
    BOOST_CHECK(*agent.OriginatingNode() == setup.orig);
    const uint32_t epoch = setup.Epoch();
    // Three reports of two calls before a round: the stream's opener, T's nonce, then one voucher
    // of their sum, signed with T's nonce and the root of the calls' receipts, all sent (base 0).
    agent.AddCallSeconds({setup.term, RATE, 60, "c1"});
    agent.AddCallSeconds({setup.term, RATE, 45, "c2"});
    agent.AddCallSeconds({setup.term, RATE, 15, "c1"});
    auto run = Run(agent, T0 + 1);
    BOOST_REQUIRE_EQUAL(run.size(), 2U);
    const uint256 nonce = CheckOpened(run[0]);
    const auto& [message, verdict] = run[1];
    const SignedVoucher first = message.voucher;
    BOOST_CHECK(first.orig == setup.orig);
    BOOST_CHECK_EQUAL(first.entry.epoch, epoch);
    BOOST_CHECK_EQUAL(first.entry.seconds, 120U);
    BOOST_CHECK_EQUAL(first.entry.rate, RATE);
    BOOST_CHECK(first.entry.term_nonce == nonce);
    BOOST_CHECK(wallet::VerifyVoucher(first, setup.chain.params.genesis_hash));
    BOOST_CHECK_EQUAL(message.base, 0U);
    BOOST_CHECK(message.receipts == Sorted({Receipt("c1", 75), Receipt("c2", 45)}));
    BOOST_CHECK(first.entry.receipts_root == wallet::ReceiptsRoot(message.receipts));
    BOOST_CHECK_EQUAL(verdict.code, 200);
    BOOST_CHECK(NonceOf(verdict) == nonce);
    BOOST_CHECK(!verdict.answer.receipts_base); // T's receipts are this voucher's
    BOOST_CHECK(agent.TakeVouchers().empty()); // each once
    // Both wallets keep the voucher and the same receipts.
    BOOST_CHECK(TwoNodes::Stored(*setup.orig_wallet, setup.orig, setup.term, epoch) == first);
    BOOST_CHECK(TwoNodes::Stored(*setup.term_wallet, setup.orig, setup.term, epoch) == first);
    BOOST_CHECK(setup.Receipts(*setup.orig_wallet, epoch) == message.receipts);
    BOOST_CHECK(setup.Receipts(*setup.term_wallet, epoch) == message.receipts);

    // Within the interval: nothing signed; once it passed, the total continues and the message
    // carries only the receipts changed since the previous voucher (its base).
    agent.AddCallSeconds({setup.term, RATE, 30, "c2"});
    BOOST_CHECK(Run(agent, T0 + 30).empty());
    agent.AddCallSeconds({setup.term, RATE, 10, "c3"});
    run = Run(agent, T0 + 61);
    BOOST_REQUIRE_EQUAL(run.size(), 1U);
    const SignedVoucher second = run[0].first.voucher;
    BOOST_CHECK_EQUAL(second.entry.seconds, 160U);
    BOOST_CHECK(second.entry.orig_nonce == first.entry.orig_nonce); // the epoch's stream
    BOOST_CHECK(second.entry.term_nonce == nonce);
    BOOST_CHECK_EQUAL(run[0].first.base, 120U);
    BOOST_CHECK(run[0].first.receipts == Sorted({Receipt("c2", 75), Receipt("c3", 10)}));
    const auto all = Sorted({Receipt("c1", 75), Receipt("c2", 75), Receipt("c3", 10)});
    BOOST_CHECK(second.entry.receipts_root == wallet::ReceiptsRoot(all));
    BOOST_CHECK_EQUAL(run[0].second.code, 200);
    BOOST_CHECK(!run[0].second.answer.receipts_base);
    BOOST_CHECK(setup.Receipts(*setup.orig_wallet, epoch) == all);
    BOOST_CHECK(setup.Receipts(*setup.term_wallet, epoch) == all);

    // A restart (a new agent) continues from the wallet's signed total, receipts and T's nonce
    // (no opener).
    node::VoucherAgent restarted{setup.context, {}};
    restarted.RunOnce(T0 + 62);
    restarted.AddCallSeconds({setup.term, RATE, 5, "c1"});
    run = Run(restarted, T0 + 63);
    BOOST_REQUIRE_EQUAL(run.size(), 1U);
    BOOST_CHECK_EQUAL(run[0].first.voucher.entry.seconds, 165U);
    BOOST_CHECK(run[0].first.voucher.entry.term_nonce == nonce);
    BOOST_CHECK_EQUAL(run[0].first.base, 160U);
    BOOST_CHECK(run[0].first.receipts == std::vector<wallet::CallReceipt>{Receipt("c1", 80)});
    BOOST_CHECK_EQUAL(run[0].second.code, 200);
    BOOST_CHECK(!run[0].second.answer.receipts_base);
    BOOST_CHECK(setup.Receipts(*setup.term_wallet, epoch) == Sorted({Receipt("c1", 80), Receipt("c2", 75), Receipt("c3", 10)}));
}

BOOST_AUTO_TEST_CASE(many_changed_calls_make_the_voucher_due_at_once)
{
    TwoNodes setup;
    node::VoucherAgent agent{setup.context, {}};
    agent.RunOnce(T0);
    agent.AddCallSeconds({setup.term, RATE, 60, "first"});
    BOOST_REQUIRE_EQUAL(Run(agent, T0 + 1).size(), 2U);
    // Within the interval, fewer than EARLY_SIGN_CALLS changed calls wait; that many are signed.
    for (size_t i = 1; i < node::VoucherAgent::EARLY_SIGN_CALLS; ++i) agent.AddCallSeconds({setup.term, RATE, 6, "call-" + std::to_string(i)});
    BOOST_CHECK(Run(agent, T0 + 2).empty());
    agent.AddCallSeconds({setup.term, RATE, 6, "call-last"});
    const auto run = Run(agent, T0 + 3);
    BOOST_REQUIRE_EQUAL(run.size(), 1U);
    BOOST_CHECK_EQUAL(run[0].first.voucher.entry.seconds, 60 + 6 * node::VoucherAgent::EARLY_SIGN_CALLS);
    BOOST_CHECK_EQUAL(run[0].first.receipts.size(), node::VoucherAgent::EARLY_SIGN_CALLS);
    BOOST_CHECK_EQUAL(run[0].second.code, 200);
    BOOST_CHECK_EQUAL(setup.Receipts(*setup.term_wallet, setup.Epoch()).size(), node::VoucherAgent::EARLY_SIGN_CALLS + 1);

    // A sweep reporting more calls than a voucher takes: EARLY_SIGN_CALLS calls per voucher, one
    // voucher a round while that many wait; the rest wait for the interval.
    constexpr size_t E = node::VoucherAgent::EARLY_SIGN_CALLS;
    for (size_t i = 0; i < 2 * E + 10; ++i) agent.AddCallSeconds({setup.term, RATE, 1, "many-" + std::to_string(i)});
    auto many = Run(agent, T0 + 4);
    BOOST_REQUIRE_EQUAL(many.size(), 2U);
    for (const auto& [message, verdict] : many) {
        BOOST_CHECK_EQUAL(message.receipts.size(), E);
        BOOST_CHECK_EQUAL(verdict.code, 200);
        BOOST_CHECK(!verdict.answer.receipts_base);
    }
    BOOST_CHECK(Run(agent, T0 + 5).empty());
    many = Run(agent, T0 + 4 + 60);
    BOOST_REQUIRE_EQUAL(many.size(), 1U);
    BOOST_CHECK_EQUAL(many[0].first.receipts.size(), 10U);
    BOOST_CHECK_EQUAL(many[0].first.voucher.entry.seconds, 60 + 6 * E + 2 * E + 10);
    BOOST_CHECK(setup.Receipts(*setup.term_wallet, setup.Epoch()) == setup.Receipts(*setup.orig_wallet, setup.Epoch()));
}

BOOST_AUTO_TEST_CASE(receipts_follow_lost_and_late_messages)
{
    TwoNodes setup;
    node::VoucherAgent agent{setup.context, {1}};
    const uint32_t epoch = setup.Epoch();
    agent.RunOnce(T0);
    agent.AddCallSeconds({setup.term, RATE, 60, "c1"});
    BOOST_REQUIRE_EQUAL(Run(agent, T0 + 1).size(), 2U);
    // A message that never reaches T: the next one continues from it (base 90), which T does not
    // hold. T keeps that voucher without its receipts (it pays all the same) and names its base
    // (60); O sends the voucher again at once with the receipts changed since then.
    agent.AddCallSeconds({setup.term, RATE, 30, "c2"});
    agent.RunOnce(T0 + 2);
    auto out = agent.TakeVouchers();
    BOOST_REQUIRE_EQUAL(out.size(), 1U);
    const std::string lost = out[0].bytes;
    BOOST_CHECK_EQUAL(Decode(lost).base, 60U);
    agent.AddCallSeconds({setup.term, RATE, 10, "c3"});
    auto run = Run(agent, T0 + 3);
    BOOST_REQUIRE_EQUAL(run.size(), 2U);
    BOOST_CHECK_EQUAL(run[0].first.voucher.entry.seconds, 100U);
    BOOST_CHECK_EQUAL(run[0].first.base, 90U);
    BOOST_CHECK(run[0].first.receipts == std::vector<wallet::CallReceipt>{Receipt("c3", 10)});
    BOOST_CHECK_EQUAL(run[0].second.code, 200);
    BOOST_CHECK(run[0].second.answer.receipts_base == 60U);
    BOOST_CHECK(run[1].first.voucher == run[0].first.voucher);
    BOOST_CHECK_EQUAL(run[1].first.base, 60U);
    BOOST_CHECK(run[1].first.receipts == Sorted({Receipt("c2", 30), Receipt("c3", 10)}));
    BOOST_CHECK_EQUAL(run[1].second.code, 200);
    BOOST_CHECK(!run[1].second.answer.receipts_base);
    const auto all = Sorted({Receipt("c1", 60), Receipt("c2", 30), Receipt("c3", 10)});
    BOOST_CHECK(setup.Receipts(*setup.term_wallet, epoch) == all);
    // The lost one arrives late: not higher; T's 200 names its base (100), which is our latest
    // voucher's: nothing is sent again.
    const VoucherVerdict late = Verdict(agent, lost, T0 + 4);
    BOOST_CHECK_EQUAL(late.code, 200);
    BOOST_CHECK(late.answer.receipts_base == 100U);
    agent.VoucherAnswered(lost, late.answer);
    BOOST_CHECK(Run(agent, T0 + 5).empty());
    BOOST_CHECK(setup.Receipts(*setup.term_wallet, epoch) == all);

    // A message whose base T does not know (here: forged from the latest voucher): T keeps the
    // voucher without its receipts and names its base; O sends the latest voucher again with the
    // receipts changed since that base (once), and T's receipts are complete again.
    agent.AddCallSeconds({setup.term, RATE, 20, "c4"});
    agent.RunOnce(T0 + 6);
    out = agent.TakeVouchers();
    BOOST_REQUIRE_EQUAL(out.size(), 1U);
    wallet::VoucherMessage skewed = Decode(out[0].bytes);
    BOOST_CHECK_EQUAL(skewed.base, 100U);
    skewed.base = 60;
    const std::string skewed_bytes = Bytes(skewed);
    const VoucherVerdict kept = Verdict(agent, skewed_bytes, T0 + 7);
    BOOST_CHECK_EQUAL(kept.code, 200);
    BOOST_CHECK(kept.answer.receipts_base == 100U);
    BOOST_CHECK(TwoNodes::Stored(*setup.term_wallet, setup.orig, setup.term, epoch) == skewed.voucher); // it pays all the same
    BOOST_CHECK(setup.Receipts(*setup.term_wallet, epoch) == all);
    agent.VoucherAnswered(skewed_bytes, kept.answer);
    agent.RunOnce(T0 + 8);
    run = Exchange(agent, T0 + 8);
    BOOST_REQUIRE_EQUAL(run.size(), 1U);
    BOOST_CHECK(run[0].first.voucher == skewed.voucher);
    BOOST_CHECK_EQUAL(run[0].first.base, 100U);
    BOOST_CHECK(run[0].first.receipts == std::vector<wallet::CallReceipt>{Receipt("c4", 20)});
    BOOST_CHECK_EQUAL(run[0].second.code, 200);
    BOOST_CHECK(!run[0].second.answer.receipts_base);
    BOOST_CHECK(setup.Receipts(*setup.term_wallet, epoch) == setup.Receipts(*setup.orig_wallet, epoch));
    BOOST_CHECK_EQUAL(setup.Receipts(*setup.term_wallet, epoch).size(), 4U);
    // The same answer again sends nothing more (once per base).
    agent.VoucherAnswered(skewed_bytes, kept.answer);
    agent.RunOnce(T0 + 9);
    BOOST_CHECK(agent.TakeVouchers().empty());
}

BOOST_AUTO_TEST_CASE(unsent_messages_wait_in_order)
{
    TwoNodes setup;
    node::VoucherAgent agent{setup.context, {1}}; // -voucherinterval=1
    agent.RunOnce(T0);
    agent.AddCallSeconds({setup.term, RATE, 20, "c1"});
    BOOST_REQUIRE_EQUAL(Run(agent, T0 + 1).size(), 2U);
    agent.AddCallSeconds({setup.term, RATE, 20, "c1"});
    agent.RunOnce(T0 + 2);
    agent.AddCallSeconds({setup.term, RATE, 20, "c2"});
    agent.RunOnce(T0 + 3);
    // Each continues from the one before (another base: the newer does not replace the older).
    const auto out = agent.TakeVouchers();
    BOOST_REQUIRE_EQUAL(out.size(), 2U);
    const wallet::VoucherMessage m1 = Decode(out[0].bytes), m2 = Decode(out[1].bytes);
    BOOST_CHECK_EQUAL(m1.voucher.entry.seconds, 40U);
    BOOST_CHECK_EQUAL(m1.base, 20U);
    BOOST_CHECK(m1.receipts == std::vector<wallet::CallReceipt>{Receipt("c1", 40)});
    BOOST_CHECK_EQUAL(m2.voucher.entry.seconds, 60U);
    BOOST_CHECK_EQUAL(m2.base, 40U);
    BOOST_CHECK(m2.receipts == std::vector<wallet::CallReceipt>{Receipt("c2", 20)});
    BOOST_CHECK(agent.TakeVouchers().empty());
    // Delivered in order, T's receipts are complete after each.
    for (const OutgoingVoucher& o : out) {
        const VoucherVerdict v = Verdict(agent, o.bytes, T0 + 4);
        BOOST_CHECK_EQUAL(v.code, 200);
        BOOST_CHECK(!v.answer.receipts_base);
    }
    BOOST_CHECK(setup.Receipts(*setup.term_wallet, setup.Epoch()) == Sorted({Receipt("c1", 40), Receipt("c2", 20)}));
}

BOOST_AUTO_TEST_CASE(an_epoch_change_signs_the_old_epochs_seconds_at_once)
{
    TwoNodes setup;
    node::VoucherAgent agent{setup.context, {}};
    agent.RunOnce(T0);
    const uint32_t epoch = setup.Epoch();
    agent.AddCallSeconds({setup.term, RATE, 50, "c1"});
    BOOST_REQUIRE_EQUAL(Run(agent, T0 + 1).size(), 2U);
    // Reported within the interval, then the epoch ends: signed at once, in the old epoch.
    agent.AddCallSeconds({setup.term, RATE, 25, "c2"});
    BOOST_CHECK(Run(agent, T0 + 2).empty());
    setup.NextEpoch();
    agent.RunOnce(T0 + 3);
    auto out = agent.TakeVouchers();
    BOOST_REQUIRE_EQUAL(out.size(), 1U);
    const wallet::VoucherMessage last = Decode(out[0].bytes);
    BOOST_CHECK_EQUAL(last.voucher.entry.epoch, epoch);
    BOOST_CHECK_EQUAL(last.voucher.entry.seconds, 75U);
    // Its message never reaches T: it is sent again once the interval passed, until T answers.
    agent.RunOnce(T0 + 62);
    BOOST_CHECK(agent.TakeVouchers().empty());
    auto run = Run(agent, T0 + 63);
    BOOST_REQUIRE_EQUAL(run.size(), 1U);
    BOOST_CHECK(run[0].first == last);
    BOOST_CHECK_EQUAL(run[0].second.code, 200);
    BOOST_CHECK(!run[0].second.answer.receipts_base);
    BOOST_CHECK(setup.Receipts(*setup.term_wallet, epoch) == Sorted({Receipt("c1", 50), Receipt("c2", 25)}));
    BOOST_CHECK(Run(agent, T0 + 200).empty()); // acknowledged: nothing more
    // Seconds reported now count in the new epoch: a fresh stream, opened again (T's nonce is per
    // epoch), with receipts of its own.
    agent.AddCallSeconds({setup.term, RATE, 7, "c1"});
    run = Run(agent, T0 + 201);
    BOOST_REQUIRE_EQUAL(run.size(), 2U);
    const uint256 nonce = CheckOpened(run[0]);
    BOOST_CHECK(nonce != last.voucher.entry.term_nonce);
    const SignedVoucher next = run[1].first.voucher;
    BOOST_CHECK_EQUAL(next.entry.epoch, epoch + 1);
    BOOST_CHECK_EQUAL(next.entry.seconds, 7U);
    BOOST_CHECK(next.entry.term_nonce == nonce);
    BOOST_CHECK(next.entry.orig_nonce != last.voucher.entry.orig_nonce);
    BOOST_CHECK(run[1].first.receipts == std::vector<wallet::CallReceipt>{Receipt("c1", 7)});
}

BOOST_AUTO_TEST_CASE(a_rate_change_within_an_epoch_is_signed_only_if_the_wallet_accepts_it)
{
    TwoNodes setup;
    node::VoucherAgent agent{setup.context, {1}};
    agent.RunOnce(T0);
    agent.AddCallSeconds({setup.term, RATE, 120, "c1"}); // worth 1200
    BOOST_REQUIRE_EQUAL(Run(agent, T0 + 1).size(), 2U);
    // A lower rate would make the cumulative voucher worth less (130 s at 300: 650): the old rate stays.
    agent.AddCallSeconds({setup.term, RATE / 2, 10, "c2"});
    auto run = Run(agent, T0 + 2);
    BOOST_REQUIRE_EQUAL(run.size(), 1U);
    BOOST_CHECK_EQUAL(run[0].first.voucher.entry.seconds, 130U);
    BOOST_CHECK_EQUAL(run[0].first.voucher.entry.rate, RATE);
    BOOST_CHECK_EQUAL(run[0].second.code, 200);
    // A higher one is accepted (140 s at 1200: 2800).
    agent.AddCallSeconds({setup.term, 2 * RATE, 10, "c3"});
    run = Run(agent, T0 + 3);
    BOOST_REQUIRE_EQUAL(run.size(), 1U);
    BOOST_CHECK_EQUAL(run[0].first.voucher.entry.seconds, 140U);
    BOOST_CHECK_EQUAL(run[0].first.voucher.entry.rate, 2 * RATE);
    BOOST_CHECK_EQUAL(run[0].second.code, 200);
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
    agent.AddCallSeconds({setup.term, RATE, 40, "c1"});
    BOOST_CHECK(Run(agent, T0 + 1).empty()); // not even an opener
    agent.AddCallSeconds({setup.term, RATE, 2, "c1"});
    BOOST_CHECK(Run(agent, T0 + 5).empty());
    BOOST_REQUIRE(std::holds_alternative<bool>(setup.orig_wallet->Unlock(passphrase, T0 + 3600)));
    const auto run = Run(agent, T0 + 6);
    BOOST_REQUIRE_EQUAL(run.size(), 2U);
    CheckOpened(run[0]);
    BOOST_CHECK_EQUAL(run[1].first.voucher.entry.seconds, 42U);
    BOOST_CHECK_EQUAL(run[1].second.code, 200);
}

BOOST_AUTO_TEST_CASE(received_vouchers)
{
    TwoNodes setup;
    node::VoucherAgent agent{setup.context, {}};
    const uint32_t epoch = setup.Epoch();
    // An opener: answered with T's nonce, nothing stored.
    const uint256 nonce = NonceOf(Verdict(agent, Bytes(setup.Opener())));
    BOOST_CHECK(!TwoNodes::Stored(*setup.term_wallet, setup.orig, setup.term, epoch));
    // Signed by the originating wallet's node for the other wallet's node, with T's nonce: kept
    // there, with its receipts.
    const SignedVoucher low = setup.SignDirect(120, nonce);
    const wallet::VoucherMessage low_message = setup.Whole(low);
    const SignedVoucher high = setup.SignDirect(240);
    const wallet::VoucherMessage high_message = setup.Whole(high);
    VoucherVerdict v = Verdict(agent, Bytes(high_message));
    BOOST_CHECK_EQUAL(v.code, 200);
    BOOST_CHECK_EQUAL(v.reason, "OK");
    BOOST_CHECK(NonceOf(v) == nonce);
    BOOST_CHECK(!v.answer.receipts_base);
    BOOST_CHECK(TwoNodes::Stored(*setup.term_wallet, setup.orig, setup.term, epoch) == high);
    BOOST_CHECK(setup.Receipts(*setup.term_wallet, epoch) == std::vector<wallet::CallReceipt>{Receipt("call-1@test", 240)});
    // The same again: 200, unchanged. A late lower one: 200, not stored; T names its base.
    v = Verdict(agent, Bytes(high_message));
    BOOST_CHECK_EQUAL(v.code, 200);
    BOOST_CHECK(!v.answer.receipts_base);
    v = Verdict(agent, Bytes(low_message));
    BOOST_CHECK_EQUAL(v.code, 200);
    BOOST_CHECK(v.answer.receipts_base == 240U);
    BOOST_CHECK(TwoNodes::Stored(*setup.term_wallet, setup.orig, setup.term, epoch) == high);

    // Malformed bytes.
    v = Verdict(agent, "not a voucher");
    BOOST_CHECK_EQUAL(v.code, 400);
    BOOST_CHECK_EQUAL(v.reason, "Malformed Voucher");
    BOOST_CHECK(!v.answer.term_nonce);
    v = Verdict(agent, Bytes(high_message).substr(1));
    BOOST_CHECK_EQUAL(v.code, 400);
    // For a node no loaded wallet holds.
    const test::TestKey o{31}, t{32};
    v = Verdict(agent, Bytes(wallet::VoucherMessage{SignedVoucher{o.pub, t.pub, test::Voucher(o, t, epoch, 60, RATE)}, 0, {}}));
    BOOST_CHECK_EQUAL(v.code, 404);
    BOOST_CHECK_EQUAL(v.reason, "Not Our Node");
    // A bad signature: refused with the wallet's reason, nothing stored.
    SignedVoucher forged = setup.SignDirect(300);
    forged.entry.seconds = 3000;
    v = Verdict(agent, Bytes(wallet::VoucherMessage{forged, 0, {Receipt("call-1@test", 3000)}}));
    BOOST_CHECK_EQUAL(v.code, 403);
    BOOST_CHECK_MESSAGE(v.reason.starts_with("Invalid voucher: the signature is not node"), v.reason);
    BOOST_CHECK(TwoNodes::Stored(*setup.term_wallet, setup.orig, setup.term, epoch) == high);
    // Without T's nonce, or with another one: refused.
    v = Verdict(agent, Bytes(setup.Whole(setup.SignDirect(360, uint256{}))));
    BOOST_CHECK_EQUAL(v.code, 403);
    BOOST_CHECK_EQUAL(v.reason, "Voucher Without Our Nonce (send an opener first)");
    v = Verdict(agent, Bytes(setup.Whole(setup.SignDirect(420, uint256{std::array<uint8_t, 32>{5, 5}}))));
    BOOST_CHECK_EQUAL(v.code, 403);
    BOOST_CHECK_EQUAL(v.reason, "Voucher With Another Nonce Than Ours");
    BOOST_CHECK(TwoNodes::Stored(*setup.term_wallet, setup.orig, setup.term, epoch) == high);
    // Receipts that do not sum to the voucher's seconds: refused, nothing stored.
    const SignedVoucher good = setup.SignDirect(480, nonce);
    v = Verdict(agent, Bytes(wallet::VoucherMessage{good, 0, {Receipt("call-1@test", 470)}}));
    BOOST_CHECK_EQUAL(v.code, 403);
    BOOST_CHECK_MESSAGE(v.reason.starts_with("the receipts do not match the voucher"), v.reason);
    BOOST_CHECK(TwoNodes::Stored(*setup.term_wallet, setup.orig, setup.term, epoch) == high);
    BOOST_CHECK_EQUAL(Verdict(agent, Bytes(setup.Whole(good))).code, 200);
    // Signed by a node that is not registered (for our node): 403.
    v = Verdict(agent, Bytes(wallet::VoucherMessage{SignedVoucher{o.pub, setup.term, [&] {
                                                        consensus::VoucherEntry e;
                                                        e.epoch = epoch;
                                                        e.seconds = 60;
                                                        e.rate = RATE;
                                                        e.term_nonce = std::get<uint256>(setup.term_wallet->TermNonce({o.pub, setup.term, epoch}));
                                                        e.orig_sig = o.Sign(consensus::VoucherMessage(o.pub, setup.term, e, setup.chain.params.genesis_hash));
                                                        return e;
                                                    }()},
                                                    0, {}}));
    BOOST_CHECK_EQUAL(v.code, 403);
    BOOST_CHECK_MESSAGE(v.reason.ends_with("is not registered"), v.reason);
}

BOOST_AUTO_TEST_CASE(received_vouchers_are_answered_by_the_worker)
{
    TwoNodes setup;
    const std::string bytes = Bytes(setup.Opener());
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
    uint256 first;
    {
        node::VoucherAgent agent{setup.context, {}};
        // The stream's opener: a random, non-zero nonce.
        first = NonceOf(Verdict(agent, Bytes(setup.Opener())));
        BOOST_CHECK(!first.IsNull());
        // The same stream: the same nonce, for another opener and the vouchers, also a late, lower one.
        BOOST_CHECK(NonceOf(Verdict(agent, Bytes(setup.Opener()))) == first);
        BOOST_CHECK(NonceOf(Verdict(agent, Bytes(setup.Whole(setup.SignDirect(60, first))))) == first);
        const wallet::VoucherMessage late = setup.Whole(setup.SignDirect(180));
        BOOST_CHECK(NonceOf(Verdict(agent, Bytes(setup.Whole(setup.SignDirect(240))))) == first);
        BOOST_CHECK(NonceOf(Verdict(agent, Bytes(late))) == first);
        // Another pair (the other direction, kept by the other wallet): another nonce.
        const uint256 reverse = NonceOf(Verdict(agent, Bytes(setup.Opener(true))));
        BOOST_CHECK(!reverse.IsNull());
        BOOST_CHECK(reverse != first);
        // A refusal carries none.
        const VoucherVerdict refused = Verdict(agent, "not a voucher");
        BOOST_CHECK_EQUAL(refused.code, 400);
        BOOST_CHECK(!refused.answer.term_nonce);
        // The same pair in the next epoch: another nonce.
        setup.NextEpoch();
        const uint256 next = NonceOf(Verdict(agent, Bytes(setup.Opener())));
        BOOST_CHECK(!next.IsNull());
        BOOST_CHECK(next != first);
        BOOST_CHECK(next != reverse);
    }
    // T restarted (a new agent, and its wallet reloaded): the wallet derives the same nonce for
    // each stream. A voucher carrying another one, even signed by O, is refused.
    setup.term_wallet = setup.Reload(setup.term_wallet);
    node::VoucherAgent restarted{setup.context, {}};
    const uint256 current = NonceOf(Verdict(restarted, Bytes(setup.Opener())));
    BOOST_CHECK(!current.IsNull());
    const uint256 chosen{std::array<uint8_t, 32>{6, 6, 6}};
    const VoucherVerdict refused = Verdict(restarted, Bytes(setup.Whole(setup.SignDirect(300, chosen))));
    BOOST_CHECK_EQUAL(refused.code, 403);
    BOOST_CHECK_EQUAL(refused.reason, "Voucher With Another Nonce Than Ours");
    BOOST_CHECK(NonceOf(Verdict(restarted, Bytes(setup.Whole(setup.SignDirect(330, current))))) == current);
}

BOOST_AUTO_TEST_CASE(the_terminating_nonce_survives_a_restart)
{
    TwoNodes setup;
    uint256 before;
    {
        node::VoucherAgent agent{setup.context, {}};
        before = NonceOf(Verdict(agent, Bytes(setup.Opener())));
    }
    setup.term_wallet = setup.Reload(setup.term_wallet);
    node::VoucherAgent restarted{setup.context, {}};
    BOOST_CHECK(NonceOf(Verdict(restarted, Bytes(setup.Opener()))) == before);
    auto derived = setup.term_wallet->TermNonce({setup.orig, setup.term, setup.Epoch()});
    BOOST_REQUIRE(std::holds_alternative<uint256>(derived));
    BOOST_CHECK(std::get<uint256>(derived) == before);
    // Only for a node of the wallet.
    auto other = setup.orig_wallet->TermNonce({setup.orig, setup.term, setup.Epoch()});
    BOOST_REQUIRE(std::holds_alternative<wallet::WalletFailure>(other));
    BOOST_CHECK(std::get<wallet::WalletFailure>(other).code == wallet::WalletError::GENERIC);
}

BOOST_AUTO_TEST_CASE(seconds_signed_without_receipts_get_a_receipt_of_their_own)
{
    TwoNodes setup;
    node::VoucherAgent agent{setup.context, {1}};
    agent.RunOnce(T0);
    const uint32_t epoch = setup.Epoch();
    agent.AddCallSeconds({setup.term, RATE, 60, "c1"});
    BOOST_REQUIRE_EQUAL(Run(agent, T0 + 1).size(), 2U);
    // The operator signs a higher voucher by hand (signvoucher: no receipts).
    wallet::Wallet::VoucherRequest request;
    request.orig = XOnlyPubKey{std::span<const uint8_t, 32>{setup.orig}};
    request.term = setup.term;
    request.epoch = epoch;
    request.seconds = 90;
    request.rate = RATE;
    BOOST_REQUIRE(std::holds_alternative<SignedVoucher>(setup.orig_wallet->SignVoucher(request)));
    // The agent's next voucher is refused once (below the wallet's), then continues from the
    // wallet's 90 s with the 30 s signed by hand as one receipt of their own.
    agent.AddCallSeconds({setup.term, RATE, 10, "c2"});
    BOOST_CHECK(Run(agent, T0 + 3).empty());
    const auto run = Run(agent, T0 + 4);
    BOOST_REQUIRE_EQUAL(run.size(), 2U); // T lacked the hand-signed voucher: sent again from T's base
    const wallet::CallReceipt unattributed = Receipt("DOTS/unattributed", 30);
    BOOST_CHECK_EQUAL(run[0].first.voucher.entry.seconds, 100U);
    BOOST_CHECK_EQUAL(run[0].first.base, 90U);
    BOOST_CHECK(run[0].second.answer.receipts_base == 60U);
    BOOST_CHECK(run[1].first.voucher == run[0].first.voucher);
    BOOST_CHECK_EQUAL(run[1].first.base, 60U);
    BOOST_CHECK_EQUAL(run[1].second.code, 200);
    BOOST_CHECK(!run[1].second.answer.receipts_base);
    const auto all = Sorted({Receipt("c1", 60), Receipt("c2", 10), unattributed});
    BOOST_CHECK(setup.Receipts(*setup.orig_wallet, epoch) == all);
    BOOST_CHECK(setup.Receipts(*setup.term_wallet, epoch) == all);
}

BOOST_AUTO_TEST_CASE(reports_wait_summed_per_call)
{
    TwoNodes setup;
    node::VoucherAgent agent{setup.context, {}};
    agent.RunOnce(T0);
    constexpr uint64_t REPORTS = 3000;
    for (uint64_t i = 0; i < REPORTS; ++i) agent.AddCallSeconds({setup.term, RATE, 2, i % 2 ? "c1" : "c2"});
    const auto run = Run(agent, T0 + 1);
    BOOST_REQUIRE_EQUAL(run.size(), 2U);
    BOOST_CHECK_EQUAL(run[1].first.voucher.entry.seconds, 2 * REPORTS);
    BOOST_CHECK(run[1].first.receipts == Sorted({Receipt("c1", REPORTS), Receipt("c2", REPORTS)}));
}

BOOST_AUTO_TEST_SUITE_END()
