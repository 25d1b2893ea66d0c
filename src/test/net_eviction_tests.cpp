// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Inbound eviction: which peers are protected and which one goes.

#include <net/eviction.h>

#include <boost/test/unit_test.hpp>

#include <algorithm>

using namespace net;

namespace {
/** `n` candidates: ids 0..n-1, distinct groups, ordinary values. */
std::vector<EvictionCandidate> Candidates(int n)
{
    std::vector<EvictionCandidate> out;
    for (int i = 0; i < n; ++i) {
        EvictionCandidate c;
        c.id = i;
        c.connected_time = 1000 + i;  // higher id: younger
        c.min_ping_us = 100'000;
        c.keyed_netgroup = 1000 + static_cast<uint64_t>(i);
        c.relay_txs = true;
        out.push_back(c);
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(net_eviction_tests)

BOOST_AUTO_TEST_CASE(few_peers_are_all_protected)
{
    BOOST_CHECK(!SelectNodeToEvict(Candidates(4)));
    BOOST_CHECK(!SelectNodeToEvict({}));
}

BOOST_AUTO_TEST_CASE(low_latency_recent_blocks_and_transactions_are_protected)
{
    auto c = Candidates(60);
    // The attacker's peers are the youngest and share a group; three honest peers are young
    // too but useful: the fastest ping, the latest transaction, the latest block.
    for (int i = 30; i < 60; ++i) c[i].keyed_netgroup = 7;
    c[57].min_ping_us = 1;
    c[58].last_tx_time = 5000;
    c[59].last_block_time = 5000;
    for (int round = 0; round < 30; ++round) {
        const auto victim = SelectNodeToEvict(c);
        BOOST_REQUIRE(victim);
        BOOST_CHECK(*victim != 57 && *victim != 58 && *victim != 59);
        const auto it = std::find_if(c.begin(), c.end(), [&](const auto& x) { return x.id == *victim; });
        BOOST_CHECK_EQUAL(it->keyed_netgroup, 7u); // from the crowded group
        c.erase(it);
        if (c.size() < 40) break;
    }
}

BOOST_AUTO_TEST_CASE(youngest_of_the_largest_group_goes)
{
    auto c = Candidates(40);
    for (int i = 0; i < 40; ++i) c[i].min_ping_us = 100'000 + i; // no ping ties
    // Without a crowded group the youngest unprotected peer goes.
    BOOST_CHECK_EQUAL(*SelectNodeToEvict(c), 35);
    // Five young peers share a group: its youngest goes, even when older than others.
    for (int i = 29; i < 34; ++i) c[i].keyed_netgroup = 99;
    BOOST_CHECK_EQUAL(*SelectNodeToEvict(c), 33);
}

BOOST_AUTO_TEST_CASE(discouraged_go_first)
{
    auto c = Candidates(40);
    for (int i = 0; i < 40; ++i) c[i].min_ping_us = 100'000 + i;
    c[28].prefer_evict = true; // not the youngest, but discouraged
    BOOST_CHECK_EQUAL(*SelectNodeToEvict(c), 28);
    // Protection still wins over discouragement: a discouraged peer with the best ping stays.
    c[28].prefer_evict = false;
    c[2].prefer_evict = true;
    BOOST_CHECK_EQUAL(*SelectNodeToEvict(c), 35);
}

BOOST_AUTO_TEST_CASE(onion_and_local_peers_keep_a_share)
{
    // Ten young, slow peers in one group: local ones (e.g. inbound through a Tor daemon) keep
    // a reserved share of the uptime protection; the same peers on clearnet do not.
    auto survivors = [](bool local) {
        auto c = Candidates(40);
        for (int i = 30; i < 40; ++i) {
            c[i].is_local = local;
            c[i].min_ping_us = 900'000;
            c[i].keyed_netgroup = 5;
        }
        for (int round = 0; round < 10; ++round) {
            const auto victim = SelectNodeToEvict(c);
            BOOST_REQUIRE(victim);
            c.erase(std::find_if(c.begin(), c.end(), [&](const auto& x) { return x.id == *victim; }));
        }
        return std::count_if(c.begin(), c.end(), [](const auto& x) { return x.keyed_netgroup == 5; });
    };
    BOOST_CHECK_EQUAL(survivors(false), 0);
    BOOST_CHECK_GE(survivors(true), 2);
}

BOOST_AUTO_TEST_SUITE_END()
