// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <util/args.h>
#include <util/netaddress.h>
#include <util/strencodings.h>

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

BOOST_AUTO_TEST_SUITE_END()
