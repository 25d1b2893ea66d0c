// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <util/args.h>
#include <util/netaddress.h>
#include <util/strencodings.h>
#include <util/time.h>

#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_SUITE(util_tests)

BOOST_AUTO_TEST_CASE(hex_round_trip)
{
    const std::vector<uint8_t> bytes{0x00, 0x01, 0xab, 0xff};
    BOOST_CHECK_EQUAL(HexStr(bytes), "0001abff");
    BOOST_CHECK(*TryParseHex("0001ABff") == bytes);
    BOOST_CHECK(!TryParseHex("abc"));
    BOOST_CHECK(!TryParseHex("zz"));
    BOOST_CHECK(!TryParseHex(" 00"));
}

BOOST_AUTO_TEST_CASE(parse_integers)
{
    BOOST_CHECK_EQUAL(*ParseInt64("-42"), -42);
    BOOST_CHECK_EQUAL(*ParseInt64("+42"), 42);
    BOOST_CHECK_EQUAL(*ParseInt64("9223372036854775807"), INT64_MAX);
    BOOST_CHECK(!ParseInt64("9223372036854775808"));
    BOOST_CHECK(!ParseInt64(""));
    BOOST_CHECK(!ParseInt64("1 "));
    BOOST_CHECK(!ParseInt64("++1"));
    BOOST_CHECK(!ParseInt64("0x10"));
    BOOST_CHECK(!ParseUInt64("-1"));
    BOOST_CHECK_EQUAL(*ParseUInt64("18446744073709551615"), UINT64_MAX);
}

BOOST_AUTO_TEST_CASE(base64_vectors)
{
    // RFC 4648 section 10.
    const std::pair<const char*, const char*> vectors[] = {
        {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
    for (const auto& [plain, encoded] : vectors) {
        const std::string p{plain};
        BOOST_CHECK_EQUAL(EncodeBase64(std::span{reinterpret_cast<const uint8_t*>(p.data()), p.size()}), encoded);
        const auto decoded = DecodeBase64(encoded);
        BOOST_REQUIRE(decoded);
        BOOST_CHECK_EQUAL(std::string(decoded->begin(), decoded->end()), p);
    }
    BOOST_CHECK(!DecodeBase64("Zg="));
    BOOST_CHECK(!DecodeBase64("Z=g="));
    BOOST_CHECK(!DecodeBase64("Zm9v!A=="));
}

BOOST_AUTO_TEST_CASE(timing_resistant_equal)
{
    BOOST_CHECK(TimingResistantEqual("", ""));
    BOOST_CHECK(!TimingResistantEqual("a", ""));
    BOOST_CHECK(!TimingResistantEqual("", "a"));
    BOOST_CHECK(TimingResistantEqual("abc", "abc"));
    BOOST_CHECK(!TimingResistantEqual("abc", "abcd"));
    BOOST_CHECK(!TimingResistantEqual("abcd", "abc"));
}

namespace {
void AddTestArgs(ArgsManager& args)
{
    args.AddArg("-flag", "", ALLOW_BOOL, OptionsCategory::OPTIONS);
    args.AddArg("-num=<n>", "", ALLOW_INT, OptionsCategory::OPTIONS);
    args.AddArg("-name=<s>", "", ALLOW_STRING, OptionsCategory::OPTIONS);
    args.AddArg("-list=<s>", "", ALLOW_STRING | ALLOW_LIST, OptionsCategory::OPTIONS);
    args.AddArg("-port=<n>", "", ALLOW_INT | NETWORK_ONLY, OptionsCategory::OPTIONS);
    args.AddArg("-regtest", "", ALLOW_BOOL, OptionsCategory::CHAINPARAMS);
    args.AddArg("-testnet", "", ALLOW_BOOL, OptionsCategory::CHAINPARAMS);
    args.AddArg("-chain=<c>", "", ALLOW_STRING, OptionsCategory::CHAINPARAMS);
}

util::Result<void> Parse(ArgsManager& args, std::vector<const char*> argv)
{
    argv.insert(argv.begin(), "dotsd");
    return args.ParseParameters(static_cast<int>(argv.size()), argv.data());
}
} // namespace

BOOST_AUTO_TEST_CASE(args_command_line)
{
    ArgsManager args;
    AddTestArgs(args);
    BOOST_REQUIRE(Parse(args, {"-flag", "--num=5", "-name=x", "-list=a", "-list=b"}));
    BOOST_CHECK(args.GetBoolArg("-flag", false));
    BOOST_CHECK_EQUAL(args.GetIntArg("-num", 0), 5);
    BOOST_CHECK_EQUAL(args.GetArg("-name", ""), "x");
    BOOST_CHECK(args.GetArgs("-list") == (std::vector<std::string>{"a", "b"}));
    BOOST_CHECK(!args.IsArgSet("-port"));

    BOOST_REQUIRE(Parse(args, {"-flag", "-noflag"}));
    BOOST_CHECK(!args.GetBoolArg("-flag", true));
    BOOST_CHECK(args.IsArgNegated("-flag"));
    BOOST_REQUIRE(Parse(args, {"-noflag=0"}));
    BOOST_CHECK(args.GetBoolArg("-flag", false));
    BOOST_REQUIRE(Parse(args, {"-list=a", "-nolist", "-list=c"}));
    BOOST_CHECK(args.GetArgs("-list") == std::vector<std::string>{"c"});
}

BOOST_AUTO_TEST_CASE(args_rejects_bad_input)
{
    ArgsManager args;
    AddTestArgs(args);
    auto unknown = Parse(args, {"-nosuchoption"});
    BOOST_REQUIRE(!unknown);
    BOOST_CHECK(unknown.error().find("Invalid parameter -nosuchoption") != std::string::npos);
    BOOST_CHECK(!Parse(args, {"-num=abc"}));
    BOOST_CHECK(!Parse(args, {"-num"}));
    BOOST_CHECK(!Parse(args, {"-flag=yes"}));
    BOOST_CHECK(!Parse(args, {"-name"}));
    BOOST_CHECK(!Parse(args, {"-noflag=2"}));
    BOOST_CHECK(!args.ReadConfigString("bogus=1\n", "test.conf"));
    BOOST_CHECK(!args.ReadConfigString("flag\n", "test.conf"));
    BOOST_CHECK(!args.ReadConfigString("[nosuchchain]\n", "test.conf"));
    BOOST_CHECK(!args.ReadConfigString("[regtest\n", "test.conf"));
    auto bad_value = args.ReadConfigString("\n\nnum=x\n", "test.conf");
    BOOST_REQUIRE(!bad_value);
    BOOST_CHECK(bad_value.error().find("line 3") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(args_config_unknown_keys)
{
    ArgsManager args;
    AddTestArgs(args);
    BOOST_REQUIRE(Parse(args, {}));
    const std::string conf = "num=4\nserveronly=1\nnoserveronly=1\n[regtest]\nalsounknown=x\n";
    BOOST_CHECK(!args.ReadConfigString(conf, "x.conf"));
    BOOST_REQUIRE(args.ReadConfigString(conf, "x.conf", UnknownConfigKeys::IGNORE));
    BOOST_CHECK_EQUAL(args.GetIntArg("-num", 0), 4);
    // Ignoring unknown keys never relaxes the checks on known ones.
    BOOST_CHECK(!args.ReadConfigString("num=x\n", "x.conf", UnknownConfigKeys::IGNORE));
}

BOOST_AUTO_TEST_CASE(args_config_precedence)
{
    ArgsManager args;
    AddTestArgs(args);
    BOOST_REQUIRE(Parse(args, {"-name=cli"}));
    BOOST_REQUIRE(args.ReadConfigString("name=top\nnum=1\nport=100\nlist=t\n# comment\n[regtest]\nnum=2\nport=200\nlist=r\n", "x.conf"));
    args.SelectConfigNetwork("regtest");
    BOOST_CHECK_EQUAL(args.GetArg("-name", ""), "cli");   // command line beats config
    BOOST_CHECK_EQUAL(args.GetIntArg("-num", 0), 2);      // section beats top level
    BOOST_CHECK_EQUAL(args.GetIntArg("-port", 0), 200);
    BOOST_CHECK(args.GetArgs("-list") == (std::vector<std::string>{"r", "t"}));

    args.SelectConfigNetwork("test");
    BOOST_CHECK_EQUAL(args.GetIntArg("-num", 0), 1);
    BOOST_CHECK(!args.IsArgSet("-port")); // network-only option: top level applies to main only
    args.SelectConfigNetwork("main");
    BOOST_CHECK_EQUAL(args.GetIntArg("-port", 0), 100);
}

BOOST_AUTO_TEST_CASE(args_chain_selection)
{
    ArgsManager args;
    AddTestArgs(args);
    BOOST_REQUIRE(Parse(args, {}));
    BOOST_CHECK_EQUAL(*args.GetChainName(), "main");
    BOOST_REQUIRE(Parse(args, {"-regtest"}));
    BOOST_CHECK_EQUAL(*args.GetChainName(), "regtest");
    BOOST_REQUIRE(Parse(args, {"-chain=test"}));
    BOOST_CHECK_EQUAL(*args.GetChainName(), "test");
    BOOST_REQUIRE(Parse(args, {"-regtest", "-testnet"}));
    BOOST_CHECK(!args.GetChainName());
    BOOST_REQUIRE(Parse(args, {"-chain=bogus"}));
    BOOST_CHECK(!args.GetChainName());
    // regtest=1 at the top level of the config file selects the chain too.
    ArgsManager from_config;
    AddTestArgs(from_config);
    BOOST_REQUIRE(Parse(from_config, {}));
    BOOST_REQUIRE(from_config.ReadConfigString("regtest=1\n", "x.conf"));
    BOOST_CHECK_EQUAL(*from_config.GetChainName(), "regtest");
}

BOOST_AUTO_TEST_CASE(subnets)
{
    const auto net = Subnet::Parse("10.1.0.0/16");
    BOOST_REQUIRE(net);
    BOOST_CHECK(net->Match(*IPAddress::Parse("10.1.200.3")));
    BOOST_CHECK(!net->Match(*IPAddress::Parse("10.2.0.1")));
    BOOST_CHECK(!net->Match(*IPAddress::Parse("::1")));
    const auto mask = Subnet::Parse("192.168.1.0/255.255.255.0");
    BOOST_REQUIRE(mask);
    BOOST_CHECK_EQUAL(mask->ToString(), "192.168.1.0/24");
    BOOST_CHECK(!Subnet::Parse("192.168.1.0/255.0.255.0")); // non-contiguous mask
    BOOST_CHECK(!Subnet::Parse("192.168.1.0/33"));
    BOOST_CHECK(!Subnet::Parse("not-an-ip"));
    const auto v6 = Subnet::Parse("fe80::/10");
    BOOST_REQUIRE(v6);
    BOOST_CHECK(v6->Match(*IPAddress::Parse("fe80::1")));
    BOOST_CHECK(IPAddress::Parse("::ffff:127.0.0.1")->IsLoopback()); // v4-mapped stored as v4
    BOOST_CHECK(Subnet::Parse("1.2.3.4")->Match(*IPAddress::Parse("1.2.3.4")));
}

BOOST_AUTO_TEST_CASE(ip_parser_ipv4)
{
    using V4 = std::array<uint8_t, 4>;
    BOOST_CHECK(ParseIPv4("192.0.2.1") == (V4{192, 0, 2, 1}));
    BOOST_CHECK(ParseIPv4("0.0.0.0") == (V4{0, 0, 0, 0}));
    BOOST_CHECK(ParseIPv4("255.255.255.255") == (V4{255, 255, 255, 255}));
    BOOST_CHECK(ParseIPv4("010.001.0.9") == (V4{10, 1, 0, 9})); // decimal, never octal
    for (const char* junk : {"", "1", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.256", "1..2.3", ".1.2.3",
                             "1.2.3.", "1.2.3.4 ", " 1.2.3.4", "0001.2.3.4", "1.2.3.-4", "a.b.c.d",
                             "1.2.3.4/8", "1.2.3.4:80", "0x1.2.3.4", "4294967296.1.1.1"}) {
        BOOST_CHECK_MESSAGE(!ParseIPv4(junk), junk);
    }
}

BOOST_AUTO_TEST_CASE(ip_parser_ipv6)
{
    using V6 = std::array<uint8_t, 16>;
    BOOST_CHECK(ParseIPv6("::") == V6{});
    BOOST_CHECK(ParseIPv6("::1") == (V6{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
    BOOST_CHECK(ParseIPv6("1::") == (V6{0, 1}));
    BOOST_CHECK(ParseIPv6("2001:DB8::a:B") == (V6{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0a, 0, 0x0b}));
    BOOST_CHECK(ParseIPv6("1:2:3:4:5:6:7:8") == (V6{0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8}));
    BOOST_CHECK(ParseIPv6("1:2:3:4:5:6:7::") == (V6{0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0}));
    BOOST_CHECK(ParseIPv6("::2:3:4:5:6:7:8") == (V6{0, 0, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8}));
    BOOST_CHECK(ParseIPv6("::ffff:192.0.2.1") == (V6{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1}));
    BOOST_CHECK(ParseIPv6("1:2:3:4:5:6:1.2.3.4") == (V6{0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 1, 2, 3, 4}));
    BOOST_CHECK(ParseIPv6("0000:0:0:0:0:0:0:ffff") == (V6{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}));
    for (const char* junk : {"", ":", ":::", "1", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::",
                             "1::2::3", "12345::", ":1::", "1:", ":1", "1:2:3:4:5:6:7::8", "g::1", "::1 ",
                             "[::1]", "fe80::1%eth0", "::1.2.3", "::1.2.3.4:5", "1:2:3:4:5:6:7:1.2.3.4",
                             "::256.0.0.1", "1.2.3.4", "::ffff:1.2.3.4.5",
                             "1111:2222:3333:4444:5555:6666:7777:8888:9999:0000:1111"}) {
        BOOST_CHECK_MESSAGE(!ParseIPv6(junk), junk);
    }
}

BOOST_AUTO_TEST_CASE(ip_parser_literal)
{
    const auto v4 = IPLiteral::Parse("192.0.2.1:5060");
    BOOST_REQUIRE(v4);
    BOOST_CHECK(!v4->is_v6 && v4->bytes[0] == 192 && v4->bytes[3] == 1 && v4->port == 5060 && v4->zone.empty());
    BOOST_CHECK(!IPLiteral::Parse("192.0.2.1")->port);
    BOOST_CHECK_EQUAL(*IPLiteral::Parse("192.0.2.1:0")->port, 0);
    BOOST_CHECK_EQUAL(*IPLiteral::Parse("192.0.2.1:65535")->port, 65535);

    const auto bracketed = IPLiteral::Parse("[2001:db8::1]:5061");
    BOOST_REQUIRE(bracketed);
    BOOST_CHECK(bracketed->is_v6 && bracketed->bytes[1] == 0x01 && bracketed->bytes[15] == 1);
    BOOST_CHECK_EQUAL(*bracketed->port, 5061);
    BOOST_CHECK(IPLiteral::Parse("[::1]") && !IPLiteral::Parse("[::1]")->port);
    BOOST_CHECK(IPLiteral::Parse("::1") && IPLiteral::Parse("::1")->is_v6);

    // Zones (scopes): RFC 4007 text form bare or in brackets, RFC 6874's "%25" in brackets.
    BOOST_CHECK_EQUAL(IPLiteral::Parse("fe80::1%eth0")->zone, "eth0");
    BOOST_CHECK_EQUAL(IPLiteral::Parse("[fe80::1%eth0]:5060")->zone, "eth0");
    BOOST_CHECK_EQUAL(IPLiteral::Parse("[fe80::1%25eth0]")->zone, "eth0");
    BOOST_CHECK_EQUAL(IPLiteral::Parse("[fe80::1%253]")->zone, "3");
    BOOST_CHECK_EQUAL(IPLiteral::Parse("fe80::1%3")->zone, "3");
    BOOST_CHECK_EQUAL(IPLiteral::Parse("fe80::1%25")->zone, "25"); // bare: no URI escaping
    BOOST_CHECK(IPLiteral::Parse("[::ffff:1.2.3.4]")->is_v6);     // mapped stays as written

    for (const char* junk : {"", "[", "[]", "[::1", "::1]", "[::1]:", "[::1]5060", "[::1]:65536", "[::1]:-1",
                             "[1.2.3.4]", "1.2.3.4:", "1.2.3.4:65536", "1.2.3.4:123456", "1.2.3.4:80:80",
                             "::1:5060x", "fe80::1%", "fe80::1%eth 0", "fe80::1%eth/0", "1.2.3.4%eth0",
                             "[fe80::1%]", "localhost", "localhost:80", "example.com", "1.2.3.4 :80",
                             "[::1]:5060 ", "2001:db8::1:5060:x"}) {
        BOOST_CHECK_MESSAGE(!IPLiteral::Parse(junk), junk);
    }
    BOOST_CHECK(!IPLiteral::Parse("fe80::1%" + std::string(65, 'a')));
    BOOST_CHECK(IPLiteral::Parse("fe80::1%" + std::string(64, 'a')));

    // IPAddress takes neither a port nor a zone, and keeps its IPv4-mapped rule.
    BOOST_CHECK(IPAddress::Parse("[::1]"));
    BOOST_CHECK(!IPAddress::Parse("127.0.0.1:80"));
    BOOST_CHECK(!IPAddress::Parse("[::1]:80"));
    BOOST_CHECK(!IPAddress::Parse("fe80::1%eth0"));
    BOOST_CHECK_EQUAL(IPAddress::Parse("::FFFF:10.0.0.1")->ToString(), "10.0.0.1");
    BOOST_CHECK_EQUAL(IPAddress::Parse("2001:DB8:0:0:0:0:0:1")->ToString(), "2001:db8::1");
}

BOOST_AUTO_TEST_CASE(split_host_port)
{
    BOOST_CHECK(SplitHostPort("127.0.0.1:80", 1) == std::make_pair(std::string{"127.0.0.1"}, uint16_t{80}));
    BOOST_CHECK(SplitHostPort("127.0.0.1", 1) == std::make_pair(std::string{"127.0.0.1"}, uint16_t{1}));
    BOOST_CHECK(SplitHostPort("[::1]:5060", 1) == std::make_pair(std::string{"::1"}, uint16_t{5060}));
    BOOST_CHECK(SplitHostPort("::1", 7) == std::make_pair(std::string{"::1"}, uint16_t{7}));
    BOOST_CHECK(!SplitHostPort("127.0.0.1:0", 1));
    BOOST_CHECK(!SplitHostPort("127.0.0.1:65536", 1));
    BOOST_CHECK(!SplitHostPort("127.0.0.1:", 1));
    BOOST_CHECK(!SplitHostPort("[::1", 1));
}

BOOST_AUTO_TEST_CASE(mocktime)
{
    BOOST_REQUIRE_EQUAL(GetMockTime(), 0);
    const int64_t before = GetTime();
    BOOST_CHECK_GT(before, 1'700'000'000); // the system clock

    SetMockTime(1'800'000'000);
    BOOST_CHECK_EQUAL(GetMockTime(), 1'800'000'000);
    BOOST_CHECK_EQUAL(GetTime(), 1'800'000'000);
    BOOST_CHECK_EQUAL(GetTimeMicros(), int64_t{1'800'000'000} * 1'000'000);
    // Mock time stands still: timers that compare against it fire only when it is moved.
    BOOST_CHECK_EQUAL(GetTime(), 1'800'000'000);
    SetMockTime(1'800'000'060);
    BOOST_CHECK_EQUAL(GetTime(), 1'800'000'060);
    // The monotonic clock (durations, uptime) is never mocked.
    BOOST_CHECK_LT(GetMonotonicSeconds(), 1'800'000'000);

    SetMockTime(0);
    BOOST_CHECK_EQUAL(GetMockTime(), 0);
    BOOST_CHECK_GE(GetTime(), before);
    BOOST_CHECK_LT(GetTime(), before + 3600);
    const int64_t micros = GetTimeMicros();
    BOOST_CHECK_GE(micros, before * 1'000'000);
}

BOOST_AUTO_TEST_SUITE_END()
