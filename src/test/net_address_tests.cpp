// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Peer addresses: parsing, onion names, routability, network groups, socket addresses.

#include <net/address.h>

#include <boost/test/unit_test.hpp>

#include <netinet/in.h>
#include <sys/socket.h>

using namespace net;

namespace {
NetAddr A(std::string_view text)
{
    const auto addr = NetAddr::Parse(text);
    BOOST_REQUIRE_MESSAGE(addr, text);
    return *addr;
}
} // namespace

BOOST_AUTO_TEST_SUITE(net_address_tests)

BOOST_AUTO_TEST_CASE(parse_and_print)
{
    BOOST_CHECK_EQUAL(A("1.2.3.4").ToString(), "1.2.3.4");
    BOOST_CHECK(A("1.2.3.4").IsIPv4());
    BOOST_CHECK(A("::ffff:1.2.3.4").IsIPv4()); // mapped addresses are IPv4
    BOOST_CHECK_EQUAL(A("2001:db8::1").ToString(), "2001:db8::1");
    BOOST_CHECK(!NetAddr::Parse("1.2.3"));
    BOOST_CHECK(!NetAddr::Parse("example.com"));
    BOOST_CHECK_EQUAL(Service::Parse("[2001:4860::8888]:7333", 1)->ToStringAddrPort(), "[2001:4860::8888]:7333");
    BOOST_CHECK_EQUAL(Service::Parse("8.8.8.8", 17444)->GetPort(), 17444);
    BOOST_CHECK(!Service::Parse("8.8.8.8:0", 1));
    BOOST_CHECK(!Service::Parse("8.8.8.8:70000", 1));
}

BOOST_AUTO_TEST_CASE(onion_v3)
{
    // The Tor Project's own v3 address: the checksum and version must verify.
    const std::string name = "2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion";
    const NetAddr onion = A(name);
    BOOST_CHECK(onion.IsOnion());
    BOOST_CHECK_EQUAL(onion.ToString(), name);
    BOOST_CHECK(onion.IsRoutable());
    BOOST_CHECK_EQUAL(onion.Bytes().size(), 32u);
    std::string broken = name;
    broken[5] = broken[5] == 'a' ? 'b' : 'a';
    BOOST_CHECK(!NetAddr::Parse(broken)); // checksum mismatch
    BOOST_CHECK(!NetAddr::Parse("abcdef.onion"));
    const auto back = NetAddr::FromBip155(static_cast<uint8_t>(Bip155Id::TORV3), onion.Bytes());
    BOOST_REQUIRE(back);
    BOOST_CHECK(*back == onion);
    sockaddr_storage storage;
    BOOST_CHECK_EQUAL(Service(onion, 7333).ToSockAddr(storage), 0u); // only through a proxy
}

BOOST_AUTO_TEST_CASE(routability)
{
    for (const char* local : {"127.0.0.1", "127.5.5.5", "::1", "0.0.0.0"}) BOOST_CHECK_MESSAGE(A(local).IsLocal(), local);
    for (const char* priv : {"10.1.2.3", "192.168.1.1", "172.16.0.1", "172.31.255.1", "100.64.0.1", "169.254.1.1", "fc00::1", "fe80::1"}) {
        BOOST_CHECK_MESSAGE(A(priv).IsPrivate() && !A(priv).IsRoutable(), priv);
    }
    for (const char* bogus : {"198.18.0.1", "192.0.2.1", "203.0.113.5", "224.0.0.1", "2001:10::1"}) {
        BOOST_CHECK_MESSAGE(!A(bogus).IsRoutable(), bogus);
    }
    for (const char* pub : {"8.8.8.8", "172.32.0.1", "2001:4860::8888"}) BOOST_CHECK_MESSAGE(A(pub).IsRoutable(), pub);
    BOOST_CHECK(!A("2001:db8::1").IsValid()); // documentation prefix
    BOOST_CHECK(!A("255.255.255.255").IsValid());
}

BOOST_AUTO_TEST_CASE(network_groups)
{
    BOOST_CHECK(A("8.8.1.1").GetGroup() == A("8.8.200.3").GetGroup());       // same /16
    BOOST_CHECK(A("8.8.1.1").GetGroup() != A("8.9.1.1").GetGroup());
    BOOST_CHECK(A("2001:4860:1::1").GetGroup() == A("2001:4860:ffff::2").GetGroup()); // same /32
    BOOST_CHECK(A("2001:4860::1").GetGroup() != A("2001:4861::1").GetGroup());
    BOOST_CHECK(A("2001:470:1000::1").GetGroup() != A("2001:470:2000::1").GetGroup()); // HE: /36
    BOOST_CHECK(A("127.0.0.1").GetGroup() == A("::1").GetGroup());           // all local: one group
    BOOST_CHECK(A("10.0.0.1").GetGroup() == A("192.168.0.1").GetGroup());    // all unroutable: one group
    BOOST_CHECK(A("10.0.0.1").GetGroup() != A("127.0.0.1").GetGroup());
    // An IPv4 group never equals an IPv6 one with the same leading bytes.
    BOOST_CHECK(A("32.1.0.0").GetGroup() != A("2001::1").GetGroup());
}

BOOST_AUTO_TEST_CASE(socket_addresses)
{
    for (const char* text : {"1.2.3.4:7333", "[2001:4860::1]:17444"}) {
        const Service service = *Service::Parse(text, 0);
        sockaddr_storage storage;
        const size_t len = service.ToSockAddr(storage);
        BOOST_REQUIRE(len > 0);
        const auto back = Service::FromSockAddr(reinterpret_cast<sockaddr*>(&storage), len);
        BOOST_REQUIRE(back);
        BOOST_CHECK(*back == service);
    }
    // An IPv4-mapped IPv6 socket address (a dual-stack accept) comes back as IPv4.
    sockaddr_in6 mapped{};
    mapped.sin6_family = AF_INET6;
    mapped.sin6_port = htons(5);
    const uint8_t raw[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 9, 8, 7, 6};
    std::memcpy(&mapped.sin6_addr, raw, 16);
    const auto svc = Service::FromSockAddr(reinterpret_cast<sockaddr*>(&mapped), sizeof(mapped));
    BOOST_REQUIRE(svc);
    BOOST_CHECK_EQUAL(svc->ToStringAddrPort(), "9.8.7.6:5");
}

BOOST_AUTO_TEST_CASE(subnets)
{
    const Subnet net = *Subnet::Parse("10.1.0.0/16");
    BOOST_CHECK(SubnetMatches(net, A("10.1.9.9")));
    BOOST_CHECK(!SubnetMatches(net, A("10.2.0.1")));
    BOOST_CHECK(!SubnetMatches(net, A("2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion")));
}

BOOST_AUTO_TEST_SUITE_END()
