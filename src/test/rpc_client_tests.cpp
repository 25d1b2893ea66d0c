// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <node/context.h>
#include <node/rpc/register.h>
#include <rpc/client.h>
#include <rpc/server.h>

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>
#include <vector>

BOOST_AUTO_TEST_SUITE(rpc_client_tests)

BOOST_AUTO_TEST_CASE(parse_non_rfc_json_value)
{
    BOOST_CHECK_EQUAL(rpc::ParseNonRFCJSONValue("5")->getValStr(), "5");
    BOOST_CHECK(rpc::ParseNonRFCJSONValue("5")->isNum());
    BOOST_CHECK(rpc::ParseNonRFCJSONValue("-1.5")->isNum());
    BOOST_CHECK(rpc::ParseNonRFCJSONValue("true")->isTrue());
    BOOST_CHECK(rpc::ParseNonRFCJSONValue("false")->isFalse());
    BOOST_CHECK(rpc::ParseNonRFCJSONValue("null")->isNull());
    BOOST_CHECK_EQUAL(rpc::ParseNonRFCJSONValue("\"text\"")->get_str(), "text");
    BOOST_CHECK_EQUAL(rpc::ParseNonRFCJSONValue("[1,2]")->size(), 2U);
    BOOST_CHECK(rpc::ParseNonRFCJSONValue("{\"a\":1}")->isObject());
    BOOST_CHECK(rpc::ParseNonRFCJSONValue(" [] ")->isArray());

    for (const char* bad : {"", "text", "1 2", "[1", "1,2", "{", "\"unterminated", "tru", "[1],[2]"}) {
        const auto r = rpc::ParseNonRFCJSONValue(bad);
        BOOST_CHECK_MESSAGE(!r, "accepted invalid JSON: " << bad);
        if (!r) BOOST_CHECK_EQUAL(r.error(), std::string{"Error parsing JSON: "} + bad);
    }
}

// dots-cli's table is generated from the server's declarations at build time; this checks the
// generated table against them: every non-string parameter of every method dotsd declares (served
// or not) is in it under its position and name, and it has nothing else.
BOOST_AUTO_TEST_CASE(table_matches_server_declarations)
{
    node::NodeContext node; // nothing runs: the declarations only
    rpc::RPCTable table{0};
    node::RegisterRPCCommands(table, node);
    std::set<std::string> methods;
    size_t json_params = 0;
    for (const rpc::RPCMethod* method : table.Declarations()) {
        methods.insert(method->name);
        for (size_t i = 0; i < method->args.size(); ++i) {
            const rpc::RPCArg& arg = method->args[i];
            json_params += arg.IsJSON();
            BOOST_CHECK_MESSAGE(rpc::RPCParamIsJSON(method->name, static_cast<int>(i)) == arg.IsJSON(), method->name << " position " << i);
            BOOST_CHECK_MESSAGE(rpc::RPCParamIsJSON(method->name, std::string_view{arg.name}) == arg.IsJSON(), method->name << " " << arg.name);
        }
    }
    for (const rpc::RPCConvertParam& entry : rpc::RPCConvertTable()) {
        BOOST_CHECK_MESSAGE(methods.contains(std::string{entry.method}), "dots-cli converts params of " << entry.method << ", which dotsd does not have");
    }
    BOOST_CHECK_EQUAL(rpc::RPCConvertTable().size(), json_params);
    // The router's methods are declared without a running router (-siplisten=0), so the client knows them.
    BOOST_CHECK(methods.contains("setsipcredential"));
    BOOST_CHECK(table.Find("setsipcredential") == nullptr);
    BOOST_CHECK(table.Find("getsipinfo") != nullptr);
}

BOOST_AUTO_TEST_CASE(table_lookup)
{
    BOOST_CHECK(rpc::RPCParamIsJSON("logging", 0));
    BOOST_CHECK(rpc::RPCParamIsJSON("logging", 1));
    BOOST_CHECK(!rpc::RPCParamIsJSON("logging", 2));
    BOOST_CHECK(rpc::RPCParamIsJSON("logging", std::string_view{"include"}));
    BOOST_CHECK(rpc::RPCParamIsJSON("getblockhash", 0));
    BOOST_CHECK(!rpc::RPCParamIsJSON("help", 0));
    BOOST_CHECK(!rpc::RPCParamIsJSON("help", std::string_view{"command"}));
    BOOST_CHECK(!rpc::RPCParamIsJSON("nosuchmethod", 0));
}

BOOST_AUTO_TEST_CASE(convert_positional)
{
    const auto logging = rpc::RPCConvertValues("logging", {"[\"sip\"]", "[]"});
    BOOST_REQUIRE(logging);
    BOOST_CHECK_EQUAL(logging->write(), "[[\"sip\"],[]]");

    const auto height = rpc::RPCConvertValues("getblockhash", {"5"});
    BOOST_REQUIRE(height);
    BOOST_CHECK_EQUAL(height->write(), "[5]");

    // Parameters outside the table are strings, even when they look like JSON.
    const auto help = rpc::RPCConvertValues("help", {"[1]"});
    BOOST_REQUIRE(help);
    BOOST_CHECK_EQUAL(help->write(), "[\"[1]\"]");
    const auto unknown = rpc::RPCConvertValues("nosuchmethod", {"5", "true"});
    BOOST_REQUIRE(unknown);
    BOOST_CHECK_EQUAL(unknown->write(), "[\"5\",\"true\"]");

    const auto bad = rpc::RPCConvertValues("getblockhash", {"five"});
    BOOST_REQUIRE(!bad);
    BOOST_CHECK_EQUAL(bad.error(), "Error parsing JSON: five");

    const auto none = rpc::RPCConvertValues("uptime", {});
    BOOST_REQUIRE(none);
    BOOST_CHECK_EQUAL(none->write(), "[]");
}

BOOST_AUTO_TEST_CASE(convert_named)
{
    const auto logging = rpc::RPCConvertNamedValues("logging", {"exclude=[\"rpc\"]", "include=[]"});
    BOOST_REQUIRE(logging);
    BOOST_CHECK_EQUAL(logging->write(), "{\"exclude\":[\"rpc\"],\"include\":[]}");

    // Only the first '=' separates name and value; string values are passed through.
    const auto help = rpc::RPCConvertNamedValues("help", {"command=a=b"});
    BOOST_REQUIRE(help);
    BOOST_CHECK_EQUAL(help->write(), "{\"command\":\"a=b\"}");
    const auto empty_value = rpc::RPCConvertNamedValues("help", {"command="});
    BOOST_REQUIRE(empty_value);
    BOOST_CHECK_EQUAL(empty_value->write(), "{\"command\":\"\"}");

    BOOST_CHECK(!rpc::RPCConvertNamedValues("help", {"uptime"}));
    BOOST_CHECK(!rpc::RPCConvertNamedValues("help", {"=x"}));
    BOOST_CHECK(!rpc::RPCConvertNamedValues("help", {"command=a", "command=b"}));
    const auto bad = rpc::RPCConvertNamedValues("logging", {"include=notjson"});
    BOOST_REQUIRE(!bad);
    BOOST_CHECK_EQUAL(bad.error(), "Error parsing JSON: notjson");
}

BOOST_AUTO_TEST_SUITE_END()
