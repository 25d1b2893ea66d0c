// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// What the registry names (consensus/registry_names.h): handle classes (names need a letter,
// E.164 numbers are recognised but not registrable), fees, SIP endpoints, domains, gateway
// prefixes (1-6 digits) and routing targets.

#include <consensus/params.h>
#include <consensus/registry_names.h>

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

using namespace consensus;

BOOST_AUTO_TEST_SUITE(registry_names_tests)

BOOST_AUTO_TEST_CASE(classify_handle)
{
    const std::vector<std::pair<std::string, HandleClass>> cases{
        {"abc", HandleClass::NAME},
        {"alice", HandleClass::NAME},
        {"a.b", HandleClass::NAME},
        {"a-b_c.d", HandleClass::NAME},
        {"0ab", HandleClass::NAME},
        {"1x1", HandleClass::NAME},
        {"007", HandleClass::INVALID},     // no letter: could be mistaken for a national number
        {"1.2-3", HandleClass::INVALID},
        {std::string(32, 'z'), HandleClass::NAME},
        {"+1234567", HandleClass::E164},
        {"+4915112345678", HandleClass::E164},
        {"+123456789012345", HandleClass::E164}, // 15 digits
        {"", HandleClass::INVALID},
        {"ab", HandleClass::INVALID},                  // 2 chars
        {std::string(33, 'z'), HandleClass::INVALID}, // 33 chars
        {"Alice", HandleClass::INVALID},
        {"alicE", HandleClass::INVALID},
        {"a..b", HandleClass::INVALID},
        {"a.-b", HandleClass::INVALID},
        {"a_-b", HandleClass::INVALID},
        {"ab-", HandleClass::INVALID},
        {"ab.", HandleClass::INVALID},
        {"ab_", HandleClass::INVALID},
        {"-ab", HandleClass::INVALID},
        {".ab", HandleClass::INVALID},
        {"_ab", HandleClass::INVALID},
        {"al ce", HandleClass::INVALID},
        {"al@ce", HandleClass::INVALID},
        {"al+ce", HandleClass::INVALID},
        {std::string("ab\0c", 4), HandleClass::INVALID},
        {"+0123456", HandleClass::INVALID},          // leading 0
        {"+123456", HandleClass::INVALID},           // 6 digits
        {"+1234567890123456", HandleClass::INVALID}, // 16 digits
        {"+", HandleClass::INVALID},
        {"++1234567", HandleClass::INVALID},
        {"+12345a7", HandleClass::INVALID},
        {"+1234 567", HandleClass::INVALID},
        {"1234567", HandleClass::INVALID}, // digits without '+' are neither a name nor a number
    };
    for (const auto& [handle, expected] : cases) {
        BOOST_CHECK_MESSAGE(ClassifyHandle(handle) == expected, "handle '" << handle << "'");
    }
}

BOOST_AUTO_TEST_CASE(handle_fee)
{
    const RegistryParams main_params = GetConsensusParams("main").registry;
    const RegistryParams& regtest = GetConsensusParams("regtest").registry;
    for (const RegistryParams* p : {&main_params, &regtest}) {
        BOOST_CHECK(HandleFee("abc", *p) == p->fee_name3);
        BOOST_CHECK(HandleFee("abcd", *p) == p->fee_name4);
        BOOST_CHECK(HandleFee("abcde", *p) == p->fee_name5to7);
        BOOST_CHECK(HandleFee("abcdefg", *p) == p->fee_name5to7);
        BOOST_CHECK(HandleFee("abcdefgh", *p) == p->fee_name8plus);
        BOOST_CHECK(HandleFee(std::string(32, 'a'), *p) == p->fee_name8plus);
        // Numbers are not registrable (no attestation yet): no fee.
        BOOST_CHECK(!HandleFee("+1234567", *p));
        BOOST_CHECK(!HandleFee("+123456789012345", *p));
        BOOST_CHECK(!HandleFee("12345", *p));
        BOOST_CHECK(!HandleFee("ab", *p));
        BOOST_CHECK(!HandleFee("+123456", *p));
        BOOST_CHECK(!HandleFee("ABC", *p));
    }
    // The table of doc/registry.md.
    BOOST_CHECK(HandleFee("abc", main_params) == 100 * COIN);
    BOOST_CHECK(HandleFee("abcd", main_params) == 10 * COIN);
    BOOST_CHECK(HandleFee("abcde", main_params) == COIN);
    BOOST_CHECK(HandleFee("abcdefgh", main_params) == COIN / 10);
}

BOOST_AUTO_TEST_CASE(endpoints)
{
    const std::vector<std::string> good{
        "sip:example.org;transport=udp",
        "sips:example.org;transport=tls",
        "sip:gw.example.org:5060;transport=tcp",
        "sip:gw.example.org:1;transport=ws",
        "sip:gw.example.org:65535;transport=wss",
        "sip:localhost;transport=udp",
        "sip:a-b.c0;transport=udp",
        "sip:192.0.2.1;transport=udp",
        "sip:0.0.0.0:5060;transport=udp",
        "sip:255.255.255.255;transport=udp",
        "sip:[2001:db8::1];transport=udp",
        "sip:[::1]:5061;transport=tls",
        "sip:[::ffff:192.0.2.1];transport=udp",
        "sip:[1:2:3:4:5:6:7:8];transport=udp",
        "sip:[1:2:3:4:5:6:7::];transport=udp",
        "sip:[::];transport=udp",
        "sip:host.example.com1;transport=udp",   // a TLD with a digit but not all digits
        "sip:" + std::string(63, 'a') + ".org;transport=udp",
    };
    const std::vector<std::string> bad{
        "",
        "sip:example.org",                       // no transport
        "sip:example.org;transport=",            // empty transport
        "sip:example.org;transport=sctp",        // unknown transport
        "sip:example.org;transport=UDP",         // upper case
        "sip:example.org;transport=udp;lr",      // anything more
        "sip:example.org;lr;transport=udp",
        "sip:example.org;transport=udp;transport=udp",
        "SIP:example.org;transport=udp",         // upper-case scheme
        "sip:Example.org;transport=udp",         // upper-case host
        "tel:example.org;transport=udp",
        "sip:;transport=udp",                    // no host
        "sip:alice@example.org;transport=udp",   // user part
        "sip:example.org.;transport=udp",        // trailing dot
        "sip:.example.org;transport=udp",
        "sip:example..org;transport=udp",
        "sip:-example.org;transport=udp",
        "sip:example-.org;transport=udp",
        "sip:ex_ample.org;transport=udp",
        "sip:" + std::string(64, 'a') + ".org;transport=udp", // label of 64
        "sip:example.org:;transport=udp",        // empty port
        "sip:example.org:0;transport=udp",
        "sip:example.org:05060;transport=udp",   // leading zero
        "sip:example.org:65536;transport=udp",
        "sip:example.org:999999;transport=udp",
        "sip:example.org:50a;transport=udp",
        "sip:example.org:5060:5060;transport=udp",
        "sip:[2001:db8::1;transport=udp",        // unclosed bracket
        "sip:[];transport=udp",
        "sip:[:];transport=udp",                 // too short
        "sip:[2001:DB8::1];transport=udp",       // upper-case hex
        "sip:[2001:db8::g];transport=udp",
        "sip:[1234];transport=udp",              // no colons
        "sip:[2001:db8::1]5060;transport=udp",
        "sip:[2001:db8::1]:;transport=udp",
        "sip:[2001:db8::1]:0;transport=udp",
        "sip:[" + std::string(40, ':') + "];transport=udp", // 40 chars
        "sip:2001:db8::1;transport=udp",         // unbracketed IPv6
        "sip:999.1.1.1;transport=udp",           // all-digit labels: neither a name nor an IPv4
        "sip:01.2.3.4;transport=udp",
        "sip:1.2.3;transport=udp",
        "sip:1.2.3.4.5;transport=udp",
        "sip:[:::::::];transport=udp",           // more than one "::"
        "sip:[1::2::3];transport=udp",
        "sip:[1:2:3:4:5:6:7:8:9];transport=udp", // nine groups
        "sip:[1:2:3:4:5:6:7];transport=udp",     // seven groups without "::"
        "sip:[1:2:3:4:5:6:7:8::];transport=udp", // eight groups and "::"
        "sip:[12345::1];transport=udp",          // five hex digits
        "sip:[::1.2.3.4.5];transport=udp",
        "sip:[1.2.3.4::1];transport=udp",        // IPv4 part not last
        "sip: example.org;transport=udp",
        "sip:example.org ;transport=udp",
    };
    for (const auto& e : good) BOOST_CHECK_MESSAGE(IsValidEndpoint(e), "expected valid: " << e);
    for (const auto& e : bad) BOOST_CHECK_MESSAGE(!IsValidEndpoint(e), "expected invalid: " << e);

    // Length: at most 255 bytes.
    const std::string head = "sip:";
    const std::string tail = ".org;transport=udp";
    std::string host;
    while (head.size() + host.size() + tail.size() < 255) host += host.size() % 64 == 63 ? '.' : 'a';
    BOOST_REQUIRE_EQUAL((head + host + tail).size(), 255u);
    BOOST_CHECK(IsValidEndpoint(head + host + tail));
    BOOST_CHECK(!IsValidEndpoint(head + host + "a" + tail));
}

BOOST_AUTO_TEST_CASE(domains_and_prefixes)
{
    const std::vector<std::string> good_domains{"example.org", "a.b", "x-1.example.co", "1.2.3.a4", std::string(63, 'a') + ".b"};
    for (const auto& d : good_domains) {
        BOOST_CHECK_MESSAGE(IsValidDomain(d), "expected valid: " << d);
    }
    const std::vector<std::string> bad_domains{"", "localhost", ".", "a.", ".a", "a..b", "1.2.3.4", "example.123", "Example.org", "-a.b", "a-.b",
                                               "a_b.c", "a.b:5060", "a b.c", std::string(64, 'a') + ".b"};
    for (const auto& d : bad_domains) {
        BOOST_CHECK_MESSAGE(!IsValidDomain(d), "expected invalid: " << d);
    }
    // 253 bytes valid, 254 not.
    std::string d;
    while (d.size() < 253) d += d.size() % 64 == 63 ? '.' : 'a';
    BOOST_REQUIRE_EQUAL(d.size(), 253u);
    BOOST_CHECK(IsValidDomain(d));
    BOOST_CHECK(!IsValidDomain(d + "a"));

    // Gateway prefixes: 1-6 digits (a longer one would be an exact-number claim).
    for (const std::string_view p : {"+1", "+0", "+49", "+4930", "+123456"}) {
        BOOST_CHECK_MESSAGE(IsValidPrefix(p), "expected valid: " << p);
    }
    for (const std::string_view p : {"", "+", "1", "49", "+1234567", "+123456789012345", "++1", "+1a", "+ 1", "+1-2", "-1"}) {
        BOOST_CHECK_MESSAGE(!IsValidPrefix(p), "expected invalid: " << p);
    }
    // Routing targets (getgateway): "+" and 1-15 digits.
    for (const std::string_view n : {"+1", "+442071234567", "+123456789012345"}) BOOST_CHECK(IsValidNumberTarget(n));
    for (const std::string_view n : {"", "+", "44", "+1234567890123456", "+44 20"}) BOOST_CHECK(!IsValidNumberTarget(n));
}

BOOST_AUTO_TEST_SUITE_END()
