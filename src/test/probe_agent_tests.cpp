// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The probe agent's target-side check (node/probe_agent.h CheckProbeChallenge, doc/registry.md
// "Probing protocol", "Target"): every refusal with its status and reason (no draw loaded, a
// boundary epoch, a stale or future epoch, a target that is not ours, a prober not drawn for the
// target, a signature by another key, over another epoch, target or network), the order of the
// checks, and an accepted challenge with its draw position, a repeat flagged so that nothing is
// written again. What the agent does with the verdict (sign, store, answer) is played over real
// SIP in test/functional/feature_registry_probe_target.py.

#include <node/probe_agent.h>

#include <consensus/registry_probe.h>
#include <test/util/registry.h>

#include <boost/test/unit_test.hpp>

#include <map>
#include <string>

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

BOOST_AUTO_TEST_SUITE_END()
