// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The address manager: bucketing by network group (an attacker's range cannot fill the table),
// selection and retry backoff, the tried table with test-before-evict, getaddr samples and
// peers.dat persistence.

#include <net/addrman.h>
#include <test/util/files.h>

#include <boost/test/unit_test.hpp>

#include <fstream>

using namespace test;
using namespace net;

namespace {
const std::array<uint8_t, 4> MAGIC{0xfa, 0xd0, 0x75, 0xf3};
constexpr int64_t NOW = 1'800'000'000;

Service S(const std::string& text)
{
    return *Service::Parse(text, 7333);
}

AddrEntry E(const std::string& text, int64_t time = NOW - 60)
{
    return AddrEntry{static_cast<uint32_t>(time), NODE_NETWORK, S(text)};
}

std::string Ip(int a, int b, int c, int d)
{
    return std::to_string(a) + "." + std::to_string(b) + "." + std::to_string(c) + "." + std::to_string(d);
}
} // namespace

BOOST_AUTO_TEST_SUITE(net_addrman_tests)

BOOST_AUTO_TEST_CASE(add_select_good)
{
    AddrMan addrman{/*allow_local=*/false, /*deterministic=*/true};
    BOOST_CHECK(!addrman.Select(false, {}, NOW));
    BOOST_CHECK(addrman.Add({E("8.8.8.8")}, *NetAddr::Parse("1.1.1.1"), 0, NOW));
    BOOST_CHECK(!addrman.Add({E("8.8.8.8")}, *NetAddr::Parse("1.1.1.1"), 0, NOW)); // known
    BOOST_CHECK(!addrman.Add({E("10.0.0.1"), E("127.0.0.1")}, *NetAddr::Parse("1.1.1.1"), 0, NOW)); // not routable
    BOOST_CHECK_EQUAL(addrman.Size(), 1u);
    BOOST_CHECK_EQUAL(addrman.Size(std::nullopt, true), 1u);
    const auto selected = addrman.Select(false, {}, NOW);
    BOOST_REQUIRE(selected);
    BOOST_CHECK(selected->addr == S("8.8.8.8"));
    addrman.Good(S("8.8.8.8"), NOW);
    BOOST_CHECK_EQUAL(addrman.Size(std::nullopt, false), 1u);
    BOOST_CHECK(!addrman.Select(/*new_only=*/true, {}, NOW)); // feelers only try new addresses
    BOOST_CHECK(addrman.Select(false, {Network::IPV4}, NOW));
    BOOST_CHECK(!addrman.Select(false, {Network::IPV6}, NOW));
    BOOST_CHECK_EQUAL(addrman.CheckConsistency(), "");
}

BOOST_AUTO_TEST_CASE(allow_local_on_regtest)
{
    AddrMan addrman{/*allow_local=*/true, /*deterministic=*/true};
    BOOST_CHECK(addrman.Add({E("127.0.0.1:17444"), E("127.0.0.1:17445"), E("192.168.1.5")}, *NetAddr::Parse("127.0.0.1"), 0, NOW));
    BOOST_CHECK_EQUAL(addrman.Size(), 3u);
    BOOST_CHECK(!addrman.Add({E("0.0.0.0")}, *NetAddr::Parse("127.0.0.1"), 0, NOW));
}

BOOST_AUTO_TEST_CASE(one_source_group_cannot_fill_the_table)
{
    // 20,000 addresses from 200 /16s, all announced by peers of one /16: they land in at most
    // 64 new buckets of 64 slots.
    AddrMan addrman{false, true};
    const NetAddr source = *NetAddr::Parse("5.5.5.5");
    std::vector<AddrEntry> batch;
    for (int g = 0; g < 200; ++g) {
        for (int i = 0; i < 100; ++i) batch.push_back(E(Ip(20 + g / 100, g % 100, i / 10, i % 10 + 1)));
    }
    addrman.Add(batch, source, 0, NOW);
    BOOST_CHECK_LE(addrman.Size(), 64u * 64u);
    // Addresses of one /16 announced by many sources reach at most 8 new buckets each time
    // they are heard of; a single /16 cannot take over either.
    AddrMan second{false, true};
    for (int s = 0; s < 100; ++s) {
        std::vector<AddrEntry> same_group;
        for (int i = 0; i < 100; ++i) same_group.push_back(E(Ip(66, 66, s, i + 1)));
        second.Add(same_group, *NetAddr::Parse(Ip(30 + s, 1, 1, 1)), 0, NOW);
    }
    BOOST_CHECK_LE(second.Size(), 10'000u);
    BOOST_CHECK_EQUAL(addrman.CheckConsistency(), "");
    BOOST_CHECK_EQUAL(second.CheckConsistency(), "");
}

BOOST_AUTO_TEST_CASE(retry_backoff)
{
    AddrMan addrman{false, true};
    addrman.Add({E("8.8.8.8"), E("9.9.9.9")}, *NetAddr::Parse("1.1.1.1"), 0, NOW);
    addrman.Good(S("1.1.1.1"), NOW); // not known: no effect, but sets the "last good" time
    // 8.8.8.8 failed 5 times just now: 9.9.9.9 is picked far more often.
    for (int i = 0; i < 5; ++i) addrman.Attempt(S("8.8.8.8"), true, NOW + i);
    int picked_failed = 0;
    for (int i = 0; i < 200; ++i) picked_failed += addrman.Select(false, {}, NOW + 10)->addr == S("8.8.8.8") ? 1 : 0;
    BOOST_CHECK_LT(picked_failed, 20);
    // A never-working address tried 3 times and a month-old one are terrible: not sampled.
    AddrMan dead{false, true};
    dead.Add({E("7.7.7.7"), E("6.6.6.6", NOW - 40 * 24 * 3600)}, *NetAddr::Parse("1.1.1.1"), 0, NOW);
    // A failure counts once per period with a working connection (else our own outage would
    // count against every address): a success elsewhere between the attempts.
    for (int i = 0; i < 3; ++i) {
        dead.Good(S("1.1.1.1"), NOW - 1000 + 2 * i);
        dead.Attempt(S("7.7.7.7"), true, NOW - 999 + 2 * i);
    }
    BOOST_CHECK(dead.GetAddr(0, 0, std::nullopt, NOW).empty());
}

BOOST_AUTO_TEST_CASE(tried_collisions_keep_working_entries)
{
    AddrMan addrman{false, true};
    const NetAddr source = *NetAddr::Parse("1.1.1.1");
    // Fill tried slots until a collision is recorded instead of an eviction.
    bool collided = false;
    for (int i = 1; i < 3000 && !collided; ++i) {
        const std::string ip = Ip(40 + i / 250, i % 250, 1, 1);
        addrman.Add({E(ip)}, source, 0, NOW);
        const size_t tried_before = addrman.Size(std::nullopt, false);
        addrman.Good(S(ip), NOW);
        if (addrman.Size(std::nullopt, false) == tried_before) {
            collided = true;
            // The entry it would evict worked just now: it stays, the newcomer stays new.
            const auto old = addrman.SelectTriedCollision(NOW);
            BOOST_REQUIRE(old);
            addrman.ResolveCollisions(NOW + 60);
            BOOST_CHECK_EQUAL(addrman.Size(std::nullopt, false), tried_before);
        }
    }
    BOOST_CHECK(collided);
    BOOST_CHECK_EQUAL(addrman.CheckConsistency(), "");
}

BOOST_AUTO_TEST_CASE(getaddr_sample)
{
    AddrMan addrman{false, true};
    std::vector<AddrEntry> batch;
    for (int i = 0; i < 1000; ++i) batch.push_back(E(Ip(50 + i / 200, i % 200, 3, 4)));
    addrman.Add(batch, *NetAddr::Parse("1.1.1.1"), 0, NOW);
    const size_t total = addrman.Size();
    BOOST_CHECK_EQUAL(addrman.GetAddr(0, 0, std::nullopt, NOW).size(), total);
    BOOST_CHECK_EQUAL(addrman.GetAddr(0, 23, std::nullopt, NOW).size(), total * 23 / 100);
    BOOST_CHECK_EQUAL(addrman.GetAddr(10, 23, std::nullopt, NOW).size(), 10u);
    BOOST_CHECK(addrman.GetAddr(0, 0, Network::IPV6, NOW).empty());
}

BOOST_AUTO_TEST_CASE(persistence)
{
    TempDir dir{"addrman"};
    const auto path = dir.path() / "peers.dat";
    AddrMan addrman{false, false};
    std::vector<AddrEntry> batch;
    for (int i = 0; i < 300; ++i) batch.push_back(E(Ip(60 + i / 100, i % 100, 5, 6)));
    addrman.Add(batch, *NetAddr::Parse("2.2.2.2"), 0, NOW);
    addrman.Good(S(Ip(60, 0, 5, 6)), NOW);
    addrman.Attempt(S(Ip(60, 1, 5, 6)), true, NOW);
    BOOST_REQUIRE(addrman.Write(path, MAGIC));

    AddrMan loaded{false, false};
    BOOST_REQUIRE(loaded.Read(path, MAGIC));
    BOOST_CHECK_EQUAL(loaded.Size(), addrman.Size());
    BOOST_CHECK_EQUAL(loaded.Size(std::nullopt, false), 1u);
    BOOST_CHECK_EQUAL(loaded.CheckConsistency(), "");
    // Same key: serializing again gives the same entries.
    BOOST_CHECK_EQUAL(loaded.Serialize(MAGIC).size(), addrman.Serialize(MAGIC).size());

    // Another chain's file, a flipped byte, a truncated file: errors, empty table.
    AddrMan other{false, false};
    BOOST_CHECK(!other.Read(path, {0xfd, 0xd0, 0x75, 0xe1}));
    BOOST_CHECK_EQUAL(other.Size(), 0u);
    auto bytes = addrman.Serialize(MAGIC);
    bytes[100] ^= 1;
    BOOST_CHECK(!other.Deserialize(bytes, MAGIC));
    BOOST_CHECK(!other.Deserialize(std::span<const uint8_t>{bytes}.first(50), MAGIC));
    BOOST_CHECK_EQUAL(other.Size(), 0u);
    // A missing file is no error.
    BOOST_CHECK(other.Read(dir.path() / "missing.dat", MAGIC));
}

BOOST_AUTO_TEST_CASE(random_operations_stay_consistent)
{
    AddrMan addrman{false, true};
    FastRandomContext rng{7};
    for (int round = 0; round < 3000; ++round) {
        const std::string ip = Ip(70 + static_cast<int>(rng.RandRange(20)), static_cast<int>(rng.RandRange(4)),
                                  static_cast<int>(rng.RandRange(4)), 1 + static_cast<int>(rng.RandRange(8)));
        switch (rng.RandRange(4)) {
        case 0: addrman.Add({E(ip, NOW - static_cast<int64_t>(rng.RandRange(100'000)))}, *NetAddr::Parse(Ip(9, static_cast<int>(rng.RandRange(50)), 1, 1)), 3600, NOW); break;
        case 1: addrman.Good(S(ip), NOW); break;
        case 2: addrman.Attempt(S(ip), true, NOW); break;
        case 3: addrman.ResolveCollisions(NOW + static_cast<int64_t>(rng.RandRange(100'000))); break;
        }
    }
    BOOST_CHECK_EQUAL(addrman.CheckConsistency(), "");
}

BOOST_AUTO_TEST_SUITE_END()
