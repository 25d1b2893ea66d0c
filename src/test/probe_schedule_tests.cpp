// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The prober's schedule (node/probe_schedule.h): first attempts spread over the jitter, retries
// after a doubling backoff up to its cap, giving up after max_attempts, answered probes never
// sent again, outcomes of a replaced schedule ignored, and plans added during an epoch (a wallet
// unlocked) leaving the held ones as they were; a due probe that is not ready (its endpoint's
// name not looked up yet) waiting.

#include <node/probe_schedule.h>

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using node::ProbePlan;
using node::ProbeSchedule;
using node::ProbeScheduleOptions;

namespace {

std::vector<ProbePlan> Plans(size_t n)
{
    std::vector<ProbePlan> plans;
    for (size_t i = 0; i < n; ++i) {
        ProbePlan p;
        p.request_uri = "sip:192.0.2." + std::to_string(i + 1) + ";transport=udp";
        p.challenge.epoch = 5;
        p.challenge.target[0] = static_cast<uint8_t>(i);
        plans.push_back(p);
    }
    return plans;
}

} // namespace

BOOST_AUTO_TEST_SUITE(probe_schedule_tests)

BOOST_AUTO_TEST_CASE(due_waits_for_ready)
{
    ProbeSchedule s;
    ProbeScheduleOptions o;
    o.jitter = 0;
    s.Reset(5, Plans(3), 1000, o, [](uint64_t) { return 0; });
    // Plan 1's endpoint name is not looked up yet: it stays waiting, the others go.
    const auto not_second = [](const ProbePlan& p) { return p.request_uri != "sip:192.0.2.2;transport=udp"; };
    auto due = s.Due(1000, 10, not_second);
    BOOST_REQUIRE_EQUAL(due.size(), 2U);
    BOOST_CHECK_EQUAL(due[0].request_uri, "sip:192.0.2.1;transport=udp");
    BOOST_CHECK_EQUAL(due[1].request_uri, "sip:192.0.2.3;transport=udp");
    BOOST_CHECK(s.Entries()[1].state == ProbeSchedule::State::WAITING);
    BOOST_CHECK_EQUAL(s.Entries()[1].attempts, 0);
    due = s.Due(1001, 10, [](const ProbePlan&) { return true; });
    BOOST_REQUIRE_EQUAL(due.size(), 1U);
    BOOST_CHECK_EQUAL(due[0].request_uri, "sip:192.0.2.2;transport=udp");
    BOOST_CHECK_EQUAL(due[0].address, "");
}

BOOST_AUTO_TEST_CASE(first_attempts_spread_over_the_jitter)
{
    ProbeSchedule s;
    ProbeScheduleOptions o;
    o.jitter = 100;
    uint64_t next = 0;
    // "random" returns 0, 10, 20, ... : plan i is due at 1000 + 10 i.
    s.Reset(5, Plans(5), 1000, o, [&](uint64_t n) { BOOST_CHECK_EQUAL(n, 100U); return (next++ * 10) % n; });
    BOOST_CHECK_EQUAL(s.Epoch(), 5U);
    BOOST_CHECK_EQUAL(s.Due(999, 10).size(), 0U);
    auto due = s.Due(1015, 10);
    BOOST_REQUIRE_EQUAL(due.size(), 2U);
    BOOST_CHECK_EQUAL(due[0].request_uri, "sip:192.0.2.1;transport=udp");
    BOOST_CHECK_EQUAL(due[1].request_uri, "sip:192.0.2.2;transport=udp");
    BOOST_CHECK_EQUAL(s.Due(1015, 10).size(), 0U); // in flight now
    // `max` bounds one call; the rest come later.
    due = s.Due(2000, 2);
    BOOST_CHECK_EQUAL(due.size(), 2U);
    BOOST_CHECK_EQUAL(s.Due(2000, 10).size(), 1U);
    BOOST_CHECK_EQUAL(s.Count(ProbeSchedule::State::IN_FLIGHT), 5U);
    for (const auto& e : s.Entries()) BOOST_CHECK_EQUAL(e.attempts, 1);
}

BOOST_AUTO_TEST_CASE(backoff_doubles_to_its_cap_then_gives_up)
{
    ProbeSchedule s;
    ProbeScheduleOptions o;
    o.jitter = 0;
    o.retry_base = 10;
    o.retry_max = 50;
    o.max_attempts = 5;
    s.Reset(5, Plans(1), 1000, o, [](uint64_t) -> uint64_t { BOOST_FAIL("no jitter asked for"); return 0; });
    int64_t now = 1000;
    std::vector<int64_t> waits;
    for (int attempt = 1; attempt <= 5; ++attempt) {
        auto due = s.Due(now, 10);
        BOOST_REQUIRE_EQUAL(due.size(), 1U);
        BOOST_CHECK(due[0].challenge.epoch == 5);
        const ProbeSchedule::Entry* e = s.Done(due[0].id, false, now);
        BOOST_REQUIRE(e);
        BOOST_CHECK_EQUAL(e->attempts, attempt);
        if (e->state == ProbeSchedule::State::GAVE_UP) break;
        BOOST_CHECK(e->state == ProbeSchedule::State::WAITING);
        waits.push_back(e->next - now);
        BOOST_CHECK_EQUAL(s.Due(e->next - 1, 10).size(), 0U);
        now = e->next;
    }
    BOOST_CHECK(waits == (std::vector<int64_t>{10, 20, 40, 50}));
    BOOST_CHECK_EQUAL(s.Count(ProbeSchedule::State::GAVE_UP), 1U);
    BOOST_CHECK_EQUAL(s.Due(now + 100000, 10).size(), 0U);
}

BOOST_AUTO_TEST_CASE(answered_and_stale_outcomes)
{
    ProbeSchedule s;
    ProbeScheduleOptions o;
    o.jitter = 0;
    s.Reset(5, Plans(2), 1000, o, [](uint64_t) -> uint64_t { return 0; });
    auto due = s.Due(1000, 10);
    BOOST_REQUIRE_EQUAL(due.size(), 2U);
    BOOST_CHECK(due[0].id != due[1].id);
    BOOST_REQUIRE(s.InFlight(due[0].id));
    const ProbeSchedule::Entry* e = s.Done(due[0].id, true, 1001);
    BOOST_REQUIRE(e);
    BOOST_CHECK(e->state == ProbeSchedule::State::ANSWERED);
    BOOST_CHECK(!s.Done(due[0].id, false, 1002)); // not in flight any more
    BOOST_CHECK(!s.InFlight(due[0].id));
    BOOST_CHECK_EQUAL(s.Due(999999, 10).size(), 0U); // answered: never again; the other is in flight

    // A new epoch: the old schedule's outcome is ignored, the new plans are due.
    s.Reset(6, Plans(3), 2000, o, [](uint64_t) -> uint64_t { return 0; });
    BOOST_CHECK(!s.Done(due[1].id, true, 2000));
    BOOST_CHECK_EQUAL(s.Count(ProbeSchedule::State::WAITING), 3U);
    BOOST_CHECK_EQUAL(s.Due(2000, 10).size(), 3U);
    BOOST_CHECK(!s.Done(uint64_t{1} << 40, true, 2000));
}

BOOST_AUTO_TEST_CASE(add_keeps_what_the_schedule_holds)
{
    ProbeSchedule s;
    ProbeScheduleOptions o;
    o.jitter = 50;
    s.Reset(5, Plans(2), 1000, o, [](uint64_t) -> uint64_t { return 0; });
    auto due = s.Due(1000, 10);
    BOOST_REQUIRE_EQUAL(due.size(), 2U);
    BOOST_REQUIRE(s.Done(due[0].id, true, 1001));  // answered
    BOOST_REQUIRE(s.Done(due[1].id, false, 1001)); // waiting for its retry at 1011
    // The same two plans and a third: only the third is added, due after the jitter's draw.
    BOOST_CHECK_EQUAL(s.Add(Plans(3), 2000, [](uint64_t n) { BOOST_CHECK_EQUAL(n, 50U); return uint64_t{7}; }), 1U);
    BOOST_REQUIRE_EQUAL(s.Entries().size(), 3U);
    BOOST_CHECK(s.Entries()[0].state == ProbeSchedule::State::ANSWERED);
    BOOST_CHECK(s.Entries()[1].state == ProbeSchedule::State::WAITING);
    BOOST_CHECK_EQUAL(s.Entries()[1].attempts, 1);
    BOOST_CHECK_EQUAL(s.Entries()[2].next, 2007);
    BOOST_CHECK_EQUAL(s.Epoch(), 5U);
    // Task ids stay valid: the retry goes out with the generation it had.
    due = s.Due(2006, 10);
    BOOST_REQUIRE_EQUAL(due.size(), 1U);
    BOOST_CHECK_EQUAL(due[0].request_uri, "sip:192.0.2.2;transport=udp");
    due = s.Due(2007, 10);
    BOOST_REQUIRE_EQUAL(due.size(), 1U);
    BOOST_CHECK_EQUAL(due[0].request_uri, "sip:192.0.2.3;transport=udp");
    BOOST_CHECK(s.Done(due[0].id, true, 2008));
    BOOST_CHECK_EQUAL(s.Add(Plans(3), 3000, [](uint64_t) -> uint64_t { return 0; }), 0U);
}

BOOST_AUTO_TEST_SUITE_END()
