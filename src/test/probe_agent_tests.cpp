// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The probe agent's target-side check (node/probe_agent.h CheckProbeChallenge, doc/registry.md
// "Probing protocol", "Target"): every refusal with its status and reason (no draw loaded, a
// boundary epoch, a stale or future epoch, a target that is not ours, a prober not drawn for the
// target, a signature by another key, over another epoch, target or network), the order of the
// checks, and an accepted challenge with its draw position, a repeat flagged so that nothing is
// written again. The answer-later hook (interfaces::ProbeTarget): a challenge handed over by the
// SIP thread is answered on the agent's worker thread, waits for the worker before Start(), is
// refused at once when MAX_QUEUED wait or after Stop(), and one left waiting at Stop() is
// answered. The prober's endpoint choice (sip:, sips:/transport=tls, DNS names; WebSocket
// skipped) and the resolver that looks the names up off the SIP and probe threads (cache per
// epoch, failures retried, pending lookups timed out). What the agent does with the verdict (sign, store, answer) is played over real SIP in
// test/functional/feature_registry_probe_target.py.

#include <node/probe_agent.h>

#include <consensus/registry_probe.h>
#include <test/util/files.h>
#include <test/util/registry.h>
#include <wallet/context.h>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using node::CheckProbeChallenge;
using node::ProbeCheck;
using node::ProbeTargetView;
using test::RegtestGenesis;
using test::TestHash;
using test::TestKey;

namespace {

constexpr uint32_t EPOCH = 40;

struct Fixture {
    const TestKey ours{1}, second{2}, drawn0{10}, drawn1{11}, drawn2{12}, outsider{20};
    std::map<consensus::Key, ProbeTargetView> targets;

    Fixture()
    {
        targets[ours.pub].probers = {drawn0.pub, drawn1.pub, drawn2.pub};
        targets[second.pub].probers = {drawn2.pub, ours.pub};
    }

    /** The challenge `signer` signs for (target, prober, epoch) under `genesis`. */
    static interfaces::ProbeChallenge Challenge(const TestKey& target, const TestKey& prober, uint32_t epoch, const TestKey& signer,
                                                uint32_t signed_epoch, const uint256& genesis = RegtestGenesis(),
                                                const consensus::Key* signed_target = nullptr)
    {
        interfaces::ProbeChallenge c;
        c.epoch = epoch;
        c.target = target.pub;
        c.prober = prober.pub;
        c.sig = signer.Sign(consensus::ProbeChallengeMessage(signed_target ? *signed_target : target.pub, prober.pub, signed_epoch, genesis));
        return c;
    }
    static interfaces::ProbeChallenge Valid(const TestKey& target, const TestKey& prober, uint32_t epoch = EPOCH)
    {
        return Challenge(target, prober, epoch, prober, epoch);
    }

    ProbeCheck Check(const interfaces::ProbeChallenge& c, uint32_t epoch = EPOCH) const
    {
        return CheckProbeChallenge(c, epoch, RegtestGenesis(), targets);
    }
};

void CheckRefused(const ProbeCheck& check, uint16_t code, const std::string& reason)
{
    BOOST_CHECK_EQUAL(check.verdict.code, code);
    BOOST_CHECK_EQUAL(check.verdict.reason, reason);
    BOOST_CHECK(!check.verdict.answer);
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(probe_agent_tests, Fixture)

BOOST_AUTO_TEST_CASE(accepts_a_drawn_prober_at_its_position)
{
    for (const auto& [prober, index] : {std::pair{&drawn0, 0}, std::pair{&drawn1, 1}, std::pair{&drawn2, 2}}) {
        const ProbeCheck check = Check(Valid(ours, *prober));
        BOOST_CHECK_EQUAL(check.verdict.code, 200);
        BOOST_CHECK_EQUAL(check.verdict.reason, "OK");
        BOOST_CHECK(!check.verdict.answer); // the caller signs
        BOOST_CHECK_EQUAL(int{check.index}, index);
        BOOST_CHECK(!check.repeat);
    }
    // Our other key, whose draw names our first key.
    const ProbeCheck check = Check(Valid(second, ours));
    BOOST_CHECK_EQUAL(check.verdict.code, 200);
    BOOST_CHECK_EQUAL(int{check.index}, 1);
}

BOOST_AUTO_TEST_CASE(a_repeat_is_flagged)
{
    targets[ours.pub].kept = 1U << 1;
    const ProbeCheck again = Check(Valid(ours, drawn1));
    BOOST_CHECK_EQUAL(again.verdict.code, 200);
    BOOST_CHECK_EQUAL(int{again.index}, 1);
    BOOST_CHECK(again.repeat);
    // Only that position: the others are new receipts.
    BOOST_CHECK(!Check(Valid(ours, drawn0)).repeat);
    BOOST_CHECK(!Check(Valid(ours, drawn2)).repeat);
    // A repeat is checked like any challenge first: a bad signature is refused, not answered.
    auto forged = Valid(ours, drawn1);
    forged.sig[5] ^= 1;
    CheckRefused(Check(forged), 403, "Forbidden (bad probe signature)");
}

BOOST_AUTO_TEST_CASE(no_draw_loaded)
{
    CheckRefused(CheckProbeChallenge(Valid(ours, drawn0), 0, RegtestGenesis(), targets), 503,
                 "Service Unavailable (probe epoch not known yet)");
}

BOOST_AUTO_TEST_CASE(stale_future_and_boundary_epochs)
{
    // A challenge of the epoch before or after ours is a boundary race: 503, the prober retries.
    CheckRefused(Check(Valid(ours, drawn0, EPOCH - 1)), 503, "Service Unavailable (probe epoch changing)");
    CheckRefused(Check(Valid(ours, drawn0, EPOCH + 1)), 503, "Service Unavailable (probe epoch changing)");
    // Anything further, replayed from an old epoch or made for a future one: 403, whatever else it holds.
    for (const uint32_t epoch : {uint32_t{0}, EPOCH - 2, EPOCH + 2, EPOCH - 30, uint32_t{0xffffffff}}) {
        CheckRefused(Check(Valid(ours, drawn0, epoch)), 403, "Forbidden (probe epoch " + std::to_string(epoch) + " is not current)");
        CheckRefused(Check(Valid(outsider, outsider, epoch)), 403, "Forbidden (probe epoch " + std::to_string(epoch) + " is not current)");
    }
    // Our view of epoch 0 (the chain's first epoch has no draw) is "not known yet", not stale.
    CheckRefused(CheckProbeChallenge(Valid(ours, drawn0, 1), 0, RegtestGenesis(), targets), 503,
                 "Service Unavailable (probe epoch not known yet)");
}

BOOST_AUTO_TEST_CASE(target_not_ours)
{
    CheckRefused(Check(Valid(drawn0, drawn1)), 404, "Not Found (not a probe target of this node)");
    CheckRefused(Check(Valid(outsider, ours)), 404, "Not Found (not a probe target of this node)");
}

BOOST_AUTO_TEST_CASE(prober_not_drawn)
{
    // Signed correctly by its own key, but not drawn for this target in this epoch.
    CheckRefused(Check(Valid(ours, outsider)), 403, "Forbidden (not a drawn prober of this target)");
    // Drawn for our other key, not for this one.
    CheckRefused(Check(Valid(second, drawn0)), 403, "Forbidden (not a drawn prober of this target)");
    // The target is never its own prober.
    CheckRefused(Check(Valid(ours, ours)), 403, "Forbidden (not a drawn prober of this target)");
}

BOOST_AUTO_TEST_CASE(bad_signatures)
{
    // Another key signs for a drawn prober (an outsider passing itself off as drawn).
    CheckRefused(Check(Challenge(ours, drawn0, EPOCH, outsider, EPOCH)), 403, "Forbidden (bad probe signature)");
    // Another drawn prober's signature.
    CheckRefused(Check(Challenge(ours, drawn0, EPOCH, drawn1, EPOCH)), 403, "Forbidden (bad probe signature)");
    // The prober's own signature, over another epoch (a replay relabelled), another target or another network.
    CheckRefused(Check(Challenge(ours, drawn0, EPOCH, drawn0, EPOCH - 1)), 403, "Forbidden (bad probe signature)");
    CheckRefused(Check(Challenge(ours, drawn2, EPOCH, drawn2, EPOCH, RegtestGenesis(), &second.pub)), 403, "Forbidden (bad probe signature)");
    CheckRefused(Check(Challenge(ours, drawn0, EPOCH, drawn0, EPOCH, TestHash(7))), 403, "Forbidden (bad probe signature)");
    // A zero signature and a flipped bit.
    auto zero = Valid(ours, drawn0);
    zero.sig.fill(0);
    CheckRefused(Check(zero), 403, "Forbidden (bad probe signature)");
    auto flipped = Valid(ours, drawn0);
    flipped.sig[63] ^= 0x80;
    CheckRefused(Check(flipped), 403, "Forbidden (bad probe signature)");
}

BOOST_AUTO_TEST_CASE(checks_run_in_the_documented_order)
{
    // Epoch before target: a stale challenge for a foreign target is about its epoch.
    CheckRefused(Check(Challenge(outsider, outsider, EPOCH - 5, outsider, 0)), 403, "Forbidden (probe epoch 35 is not current)");
    // Target before prober: a foreign target is 404 even with an undrawn prober and a bad signature.
    CheckRefused(Check(Challenge(outsider, outsider, EPOCH, ours, 0)), 404, "Not Found (not a probe target of this node)");
    // Prober before signature: an undrawn prober with a bad signature is "not drawn".
    CheckRefused(Check(Challenge(ours, outsider, EPOCH, drawn0, 0)), 403, "Forbidden (not a drawn prober of this target)");
}

namespace {

/** A wallet context that is never started (no chain: the agent has no draw loaded). */
struct IdleWallets {
    test::TempDir dir{"probe_agent_hook"};
    wallet::WalletContext context{[this] {
        wallet::WalletContextOptions o;
        o.wallet_dir = dir.path() / "wallets";
        o.settings_file = dir.path() / "settings.json";
        return o;
    }()};
};

/** The verdicts a callback received and the threads it ran on. */
struct Verdicts {
    Mutex mutex;
    std::vector<std::pair<interfaces::ProbeVerdict, std::thread::id>> got GUARDED_BY(mutex);

    interfaces::ProbeAnswerCallback Callback()
    {
        return [this](interfaces::ProbeVerdict v) {
            LOCK(mutex);
            got.emplace_back(std::move(v), std::this_thread::get_id());
        };
    }
    size_t Count()
    {
        LOCK(mutex);
        return got.size();
    }
    /** Waits until `n` verdicts came, 10 s at most. */
    bool WaitFor(size_t n)
    {
        for (int i = 0; i < 1000 && Count() < n; ++i) std::this_thread::sleep_for(std::chrono::milliseconds{10});
        return Count() >= n;
    }
};

} // namespace

BOOST_AUTO_TEST_CASE(answered_later_on_the_worker_thread)
{
    IdleWallets wallets;
    Verdicts verdicts;
    const auto challenge = Valid(ours, drawn0);
    {
        node::ProbeAgent agent{wallets.context, {}};
        // Before Start(): handed over, not answered on the SIP thread.
        for (size_t i = 0; i < node::ProbeAgent::MAX_QUEUED; ++i) agent.Answer(challenge, "udp:192.0.2.9:5060", verdicts.Callback());
        BOOST_CHECK_EQUAL(verdicts.Count(), 0U);
        // A full queue refuses at once, on the caller's thread.
        agent.Answer(challenge, "udp:192.0.2.9:5060", verdicts.Callback());
        {
            LOCK(verdicts.mutex);
            BOOST_REQUIRE_EQUAL(verdicts.got.size(), 1U);
            BOOST_CHECK_EQUAL(verdicts.got[0].first.code, 503);
            BOOST_CHECK_EQUAL(verdicts.got[0].first.reason, "Service Unavailable (too many probes waiting)");
            BOOST_CHECK(verdicts.got[0].second == std::this_thread::get_id());
            verdicts.got.clear();
        }
        // The worker answers every queued challenge: without a chain no draw is loaded, so 503.
        agent.Start();
        BOOST_REQUIRE(verdicts.WaitFor(node::ProbeAgent::MAX_QUEUED));
        {
            LOCK(verdicts.mutex);
            BOOST_CHECK_EQUAL(verdicts.got.size(), node::ProbeAgent::MAX_QUEUED);
            for (const auto& [v, thread] : verdicts.got) {
                BOOST_CHECK_EQUAL(v.code, 503);
                BOOST_CHECK_EQUAL(v.reason, "Service Unavailable (probe epoch not known yet)");
                BOOST_CHECK(!v.answer);
                BOOST_CHECK(thread != std::this_thread::get_id());
            }
            verdicts.got.clear();
        }
        // One more while running: answered by the worker too.
        agent.Answer(challenge, "udp:192.0.2.9:5060", verdicts.Callback());
        BOOST_REQUIRE(verdicts.WaitFor(1));
        agent.Stop();
        // After Stop(): refused at once.
        agent.Answer(challenge, "udp:192.0.2.9:5060", verdicts.Callback());
        LOCK(verdicts.mutex);
        BOOST_REQUIRE_EQUAL(verdicts.got.size(), 2U);
        BOOST_CHECK(verdicts.got[0].second != std::this_thread::get_id());
        BOOST_CHECK_EQUAL(verdicts.got[1].first.reason, "Service Unavailable (shutting down)");
        BOOST_CHECK(verdicts.got[1].second == std::this_thread::get_id());
        verdicts.got.clear();
    }
    // A challenge still waiting when the agent stops is answered, not dropped.
    {
        node::ProbeAgent agent{wallets.context, {}};
        agent.Answer(challenge, "udp:192.0.2.9:5060", verdicts.Callback());
        BOOST_CHECK_EQUAL(verdicts.Count(), 0U);
    }
    LOCK(verdicts.mutex);
    BOOST_REQUIRE_EQUAL(verdicts.got.size(), 1U);
    BOOST_CHECK_EQUAL(verdicts.got[0].first.code, 503);
    BOOST_CHECK_EQUAL(verdicts.got[0].first.reason, "Service Unavailable (shutting down)");
}

BOOST_AUTO_TEST_CASE(endpoint_choice)
{
    // The first endpoint the prober can reach, in the registered order; WebSocket ones are skipped.
    const auto plan = [](std::vector<std::string> endpoints) {
        consensus::NodeRecord record;
        record.endpoints = std::move(endpoints);
        return node::ProbeEndpoint(record);
    };
    auto p = plan({"sip:192.0.2.1:5070;transport=ws", "sip:192.0.2.1:5071;transport=wss", "sip:192.0.2.1:5060;transport=udp"});
    BOOST_REQUIRE(p);
    BOOST_CHECK_EQUAL(p->request_uri, "sip:192.0.2.1:5060;transport=udp");
    BOOST_CHECK_EQUAL(p->lookup, "");
    // A DNS name: probed, the name looked up first.
    p = plan({"sip:localhost:5070", "sip:192.0.2.1"});
    BOOST_REQUIRE(p);
    BOOST_CHECK_EQUAL(p->request_uri, "sip:localhost:5070");
    BOOST_CHECK_EQUAL(p->lookup, "localhost");
    // TLS: sips: and transport=tls.
    p = plan({"sips:192.0.2.1:5061;transport=tls"});
    BOOST_REQUIRE(p);
    BOOST_CHECK_EQUAL(p->request_uri, "sips:192.0.2.1:5061;transport=tls");
    BOOST_CHECK_EQUAL(p->lookup, "");
    p = plan({"sips:node.example.org"});
    BOOST_REQUIRE(p);
    BOOST_CHECK_EQUAL(p->lookup, "node.example.org");
    p = plan({"sip:[2001:db8::1];transport=tcp"});
    BOOST_REQUIRE(p);
    BOOST_CHECK_EQUAL(p->lookup, "");
    // Nothing the prober reaches: WebSocket only, sips: over UDP, another scheme, malformed.
    BOOST_CHECK(!plan({}));
    BOOST_CHECK(!plan({"sip:192.0.2.1;transport=ws", "sips:192.0.2.1;transport=wss", "sips:192.0.2.1;transport=udp", "tel:+15551234", "sip:"}));
}

BOOST_AUTO_TEST_CASE(lookup_probe_host)
{
    // Numeric hosts and /etc/hosts' localhost: no DNS traffic. IPv4 is preferred.
    auto a = node::LookupProbeHost("127.0.0.1");
    BOOST_REQUIRE(a);
    BOOST_CHECK_EQUAL(*a, "127.0.0.1");
    a = node::LookupProbeHost("::1");
    BOOST_REQUIRE(a);
    BOOST_CHECK_EQUAL(*a, "::1");
    a = node::LookupProbeHost("localhost");
    BOOST_REQUIRE_MESSAGE(a, (a ? std::string{} : a.error()));
    BOOST_CHECK_EQUAL(*a, "127.0.0.1");
    BOOST_CHECK(!node::LookupProbeHost(""));
}

BOOST_AUTO_TEST_CASE(resolver_caches_and_retries)
{
    std::map<std::string, int> calls;
    node::ProbeResolver resolver{[&](const std::string& name) -> util::Result<std::string> {
        ++calls[name];
        if (name == "bad.example") return util::Error{"Name or service not known"};
        return "192.0.2." + std::to_string(calls[name]);
    }};
    // The first Get queues the name: pending, no lookup on the caller's thread.
    BOOST_CHECK(!resolver.Get("a.example", 100));
    BOOST_CHECK(!resolver.Get("bad.example", 100));
    BOOST_CHECK(!resolver.Get("a.example", 101)); // queued once
    BOOST_CHECK(calls.empty());
    BOOST_CHECK_EQUAL(resolver.RunQueued(), 2U);
    BOOST_CHECK_EQUAL(resolver.RunQueued(), 0U);
    auto a = resolver.Get("a.example", 102);
    BOOST_REQUIRE(a && *a);
    BOOST_CHECK_EQUAL(**a, "192.0.2.1");
    // Cached: not looked up again within the epoch.
    a = resolver.Get("a.example", 5000);
    BOOST_REQUIRE(a && *a);
    BOOST_CHECK_EQUAL(**a, "192.0.2.1");
    BOOST_CHECK_EQUAL(calls["a.example"], 1);
    // A failure is reported, and looked up again RETRY seconds after it was first reported.
    auto bad = resolver.Get("bad.example", 200);
    BOOST_REQUIRE(bad && !*bad);
    BOOST_CHECK_EQUAL(bad->error(), "Name or service not known");
    bad = resolver.Get("bad.example", 200 + node::ProbeResolver::RETRY - 1);
    BOOST_CHECK(bad && !*bad);
    BOOST_CHECK_EQUAL(resolver.RunQueued(), 0U);
    BOOST_CHECK(!resolver.Get("bad.example", 200 + node::ProbeResolver::RETRY)); // queued again
    BOOST_CHECK_EQUAL(resolver.RunQueued(), 1U);
    BOOST_CHECK_EQUAL(calls["bad.example"], 2);
    // A lookup pending longer than TIMEOUT is reported as failed.
    BOOST_CHECK(!resolver.Get("slow.example", 300));
    BOOST_CHECK(!resolver.Get("slow.example", 300 + node::ProbeResolver::TIMEOUT - 1));
    auto slow = resolver.Get("slow.example", 300 + node::ProbeResolver::TIMEOUT);
    BOOST_REQUIRE(slow && !*slow);
    BOOST_CHECK_EQUAL(slow->error(), "no answer within 10 s");
    // Clear (a new epoch): looked up again; a lookup queued before is dropped.
    resolver.Clear();
    BOOST_CHECK_EQUAL(resolver.RunQueued(), 0U);
    BOOST_CHECK(!resolver.Get("a.example", 6000));
    BOOST_CHECK_EQUAL(resolver.RunQueued(), 1U);
    a = resolver.Get("a.example", 6001);
    BOOST_REQUIRE(a && *a);
    BOOST_CHECK_EQUAL(**a, "192.0.2.2");
}

BOOST_AUTO_TEST_CASE(resolver_thread)
{
    std::atomic<std::thread::id> looked_up_on{};
    node::ProbeResolver resolver{[&](const std::string&) -> util::Result<std::string> {
        looked_up_on = std::this_thread::get_id();
        return std::string{"127.0.0.1"};
    }};
    resolver.Start();
    BOOST_CHECK(!resolver.Get("localhost", 1));
    std::optional<util::Result<std::string>> got;
    for (int i = 0; i < 500 && !got; ++i) { // at most 5 s
        got = resolver.Get("localhost", 2);
        if (!got) std::this_thread::sleep_for(std::chrono::milliseconds{10});
    }
    BOOST_REQUIRE(got && *got);
    BOOST_CHECK_EQUAL(**got, "127.0.0.1");
    BOOST_CHECK(looked_up_on.load() != std::this_thread::get_id());
    resolver.Stop();
    resolver.Stop(); // idempotent
}

BOOST_AUTO_TEST_SUITE_END()
