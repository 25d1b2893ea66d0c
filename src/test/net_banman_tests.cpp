// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Bans (setban, -bantime, banlist.json) and discouragement (misbehaviour).

#include <net/banman.h>
#include <test/util/files.h>

#include <boost/test/unit_test.hpp>

#include <fstream>

using namespace test;
using namespace net;

namespace {
NetAddr A(const char* text)
{
    return *NetAddr::Parse(text);
}
} // namespace

BOOST_AUTO_TEST_SUITE(net_banman_tests)

BOOST_AUTO_TEST_CASE(ban_expire_persist)
{
    TempDir dir{"banman"};
    const auto path = dir.path() / "banlist.json";
    int64_t now = 1'800'000'000;
    {
        BanMan banman{path, 3600, [&] { return now; }};
        BOOST_REQUIRE(banman.Load()); // no file yet
        banman.Ban(*Subnet::Parse("1.2.3.0/24"), 0, false);                 // -bantime
        banman.Ban(*Subnet::Parse("2001:db8::/32"), now + 100, /*absolute=*/true);
        BOOST_CHECK(banman.IsBanned(A("1.2.3.200")));
        BOOST_CHECK(!banman.IsBanned(A("1.2.4.1")));
        BOOST_CHECK(banman.IsSubnetBanned(*Subnet::Parse("1.2.3.0/24")));
        BOOST_CHECK(!banman.IsSubnetBanned(*Subnet::Parse("1.2.3.4")));
        BOOST_REQUIRE_EQUAL(banman.GetBanned().size(), 2u);
        BOOST_CHECK_EQUAL(banman.GetBanned()[0].banned_until - banman.GetBanned()[0].created, 3600);
    }
    now += 200; // the absolute ban expired
    BanMan reloaded{path, 3600, [&] { return now; }};
    BOOST_REQUIRE(reloaded.Load());
    BOOST_REQUIRE_EQUAL(reloaded.GetBanned().size(), 1u);
    BOOST_CHECK_EQUAL(reloaded.GetBanned()[0].subnet.ToString(), "1.2.3.0/24");
    BOOST_CHECK(reloaded.Unban(*Subnet::Parse("1.2.3.0/24")));
    BOOST_CHECK(!reloaded.Unban(*Subnet::Parse("1.2.3.0/24")));
    BOOST_CHECK(!reloaded.IsBanned(A("1.2.3.1")));
    now += 3600;
    BOOST_CHECK(reloaded.GetBanned().empty());

    // A corrupt file is reported, not silently taken as "no bans".
    std::ofstream{path} << "{not json";
    BanMan broken{path, 3600, [&] { return now; }};
    BOOST_CHECK(!broken.Load());
}

BOOST_AUTO_TEST_CASE(discouragement)
{
    int64_t now = 1'800'000'000;
    BanMan banman{{}, 3600, [&] { return now; }};
    banman.Discourage(A("9.9.9.9"));
    BOOST_CHECK(banman.IsDiscouraged(A("9.9.9.9")));
    BOOST_CHECK(!banman.IsDiscouraged(A("9.9.9.8")));
    BOOST_CHECK(!banman.IsBanned(A("9.9.9.9"))); // discouraged is not banned
    now += DISCOURAGEMENT_TIME + 1;
    BOOST_CHECK(!banman.IsDiscouraged(A("9.9.9.9")));
    // Bounded: the oldest discouragements go first.
    for (uint32_t i = 0; i < DISCOURAGED_MAX + 10; ++i) {
        IPAddress ip;
        ip.bytes = {static_cast<uint8_t>(11 + (i >> 16)), static_cast<uint8_t>(i >> 8), static_cast<uint8_t>(i), 1};
        banman.Discourage(NetAddr{ip});
    }
    BOOST_CHECK(!banman.IsDiscouraged(A("11.0.0.1")));
    BOOST_CHECK(banman.IsDiscouraged(A("11.0.20.1")));
    banman.ClearDiscouraged();
    BOOST_CHECK(!banman.IsDiscouraged(A("11.0.20.1")));
}

BOOST_AUTO_TEST_SUITE_END()
