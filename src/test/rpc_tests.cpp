// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <rpc/auth.h>
#include <rpc/server.h>
#include <util/strencodings.h>

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace {
void AddTestMethods(RPCTable& table)
{
    table.Register({"test", "echo", "Returns its arguments.",
                    {{"text", RPCArgType::STR, false, "", "Some text"},
                     {"count", RPCArgType::NUM, true, "1", "A number"},
                     {"flag", RPCArgType::BOOL, true, "false", "A flag"}},
                    "", {"\"hi\" 2"},
                    [](const JSONRPCRequest& req) -> RPCResponse {
                        UniValue out{UniValue::VARR};
                        out.push_back(req.params[0]);
                        out.push_back(ParamInt(req.params, 1, 1));
                        out.push_back(ParamBool(req.params, 2, false));
                        return out;
                    }});
    table.Register({"test", "fail", "Always fails.", {}, "", {},
                    [](const JSONRPCRequest&) -> RPCResponse { return RPCError{RPC_INVALID_PARAMETER, "nope"}; }});
    table.Register({"test", "throws", "Throws.", {}, "", {},
                    [](const JSONRPCRequest&) -> RPCResponse { throw std::runtime_error("boom"); }});
    table.SetWarmupFinished();
}

UniValue Body(const JSONRPCHTTPReply& reply)
{
    UniValue v;
    BOOST_REQUIRE(v.read(reply.body));
    return v;
}
} // namespace

BOOST_AUTO_TEST_SUITE(rpc_tests)

BOOST_AUTO_TEST_CASE(jsonrpc_v1_shapes_and_status)
{
    RPCTable table{17443};
    AddTestMethods(table);
    auto ok = HandleJSONRPCBody(table, R"({"method":"echo","params":["hi",3],"id":7})", "/", "u", "p");
    BOOST_CHECK_EQUAL(ok.http_status, 200);
    UniValue v = Body(ok);
    BOOST_CHECK_EQUAL(v["result"].write(), R"(["hi",3,false])");
    BOOST_CHECK(v["error"].isNull());
    BOOST_CHECK(v.exists("error")); // 1.0 replies carry both keys
    BOOST_CHECK_EQUAL(v["id"].get_int(), 7);

    auto missing = HandleJSONRPCBody(table, R"({"method":"nosuch","id":1})", "/", "u", "p");
    BOOST_CHECK_EQUAL(missing.http_status, 404);
    BOOST_CHECK_EQUAL(Body(missing)["error"]["code"].get_int(), RPC_METHOD_NOT_FOUND);

    auto failed = HandleJSONRPCBody(table, R"({"method":"fail","id":1})", "/", "u", "p");
    BOOST_CHECK_EQUAL(failed.http_status, 500);
    BOOST_CHECK_EQUAL(Body(failed)["error"]["code"].get_int(), RPC_INVALID_PARAMETER);
    BOOST_CHECK_EQUAL(Body(failed)["error"]["message"].get_str(), "nope");

    auto thrown = HandleJSONRPCBody(table, R"({"method":"throws","id":1})", "/", "u", "p");
    BOOST_CHECK_EQUAL(Body(thrown)["error"]["code"].get_int(), RPC_MISC_ERROR);
    BOOST_CHECK_EQUAL(Body(thrown)["error"]["message"].get_str(), "boom");
}

BOOST_AUTO_TEST_CASE(jsonrpc_v2_shapes_and_notifications)
{
    RPCTable table{17443};
    AddTestMethods(table);
    auto ok = HandleJSONRPCBody(table, R"({"jsonrpc":"2.0","method":"echo","params":["x"],"id":"a"})", "/", "u", "p");
    BOOST_CHECK_EQUAL(ok.http_status, 200);
    UniValue v = Body(ok);
    BOOST_CHECK_EQUAL(v["jsonrpc"].get_str(), "2.0");
    BOOST_CHECK(!v.exists("error"));
    auto err = HandleJSONRPCBody(table, R"({"jsonrpc":"2.0","method":"nosuch","id":"a"})", "/", "u", "p");
    BOOST_CHECK_EQUAL(err.http_status, 200);
    BOOST_CHECK(!Body(err).exists("result"));
    auto notification = HandleJSONRPCBody(table, R"({"jsonrpc":"2.0","method":"echo","params":["x"]})", "/", "u", "p");
    BOOST_CHECK_EQUAL(notification.http_status, 204);
    BOOST_CHECK(notification.body.empty());
    auto bad_version = HandleJSONRPCBody(table, R"({"jsonrpc":"3.0","method":"echo","id":1})", "/", "u", "p");
    BOOST_CHECK_EQUAL(Body(bad_version)["error"]["code"].get_int(), RPC_INVALID_REQUEST);
}

BOOST_AUTO_TEST_CASE(jsonrpc_batches_and_parse_errors)
{
    RPCTable table{17443};
    AddTestMethods(table);
    auto batch = HandleJSONRPCBody(table,
        R"([{"method":"echo","params":["a"],"id":1},{"method":"nosuch","id":2},5,{"jsonrpc":"2.0","method":"echo","params":["n"]}])",
        "/", "u", "p");
    BOOST_CHECK_EQUAL(batch.http_status, 200);
    UniValue v = Body(batch);
    BOOST_REQUIRE_EQUAL(v.size(), 3U); // the notification gets no entry
    BOOST_CHECK(v[0]["error"].isNull());
    BOOST_CHECK_EQUAL(v[1]["error"]["code"].get_int(), RPC_METHOD_NOT_FOUND);
    BOOST_CHECK_EQUAL(v[2]["error"]["code"].get_int(), RPC_INVALID_REQUEST);

    auto parse = HandleJSONRPCBody(table, "{not json", "/", "u", "p");
    BOOST_CHECK_EQUAL(parse.http_status, 500);
    BOOST_CHECK_EQUAL(Body(parse)["error"]["code"].get_int(), RPC_PARSE_ERROR);
    auto scalar = HandleJSONRPCBody(table, "42", "/", "u", "p");
    BOOST_CHECK_EQUAL(Body(scalar)["error"]["code"].get_int(), RPC_PARSE_ERROR);
    auto empty = HandleJSONRPCBody(table, "[]", "/", "u", "p");
    BOOST_CHECK_EQUAL(Body(empty)["error"]["code"].get_int(), RPC_INVALID_REQUEST);
    auto no_method = HandleJSONRPCBody(table, R"({"id":1})", "/", "u", "p");
    BOOST_CHECK_EQUAL(no_method.http_status, 400);
    auto bad_params = HandleJSONRPCBody(table, R"({"method":"echo","params":"x","id":1})", "/", "u", "p");
    BOOST_CHECK_EQUAL(Body(bad_params)["error"]["code"].get_int(), RPC_INVALID_REQUEST);
}

BOOST_AUTO_TEST_CASE(argument_checks)
{
    RPCTable table{17443};
    AddTestMethods(table);
    const RPCMethod& echo = *table.Find("echo");
    auto too_few = CheckRPCParams(echo, UniValue{UniValue::VARR}, 1);
    BOOST_REQUIRE(std::holds_alternative<RPCError>(too_few));
    BOOST_CHECK_EQUAL(std::get<RPCError>(too_few).code, RPC_MISC_ERROR);
    BOOST_CHECK(std::get<RPCError>(too_few).message.starts_with("echo \"text\" ( count flag )"));

    UniValue many{UniValue::VARR};
    for (int i = 0; i < 4; ++i) many.push_back("x");
    BOOST_CHECK(std::holds_alternative<RPCError>(CheckRPCParams(echo, many, 1)));

    UniValue wrong_type{UniValue::VARR};
    wrong_type.push_back("x");
    wrong_type.push_back("3");
    auto type_err = CheckRPCParams(echo, wrong_type, 1);
    BOOST_REQUIRE(std::holds_alternative<RPCError>(type_err));
    BOOST_CHECK_EQUAL(std::get<RPCError>(type_err).code, RPC_TYPE_ERROR);

    UniValue named{UniValue::VOBJ};
    named.pushKV("flag", true);
    named.pushKV("text", "t");
    auto mapped = CheckRPCParams(echo, named, 1);
    BOOST_REQUIRE(std::holds_alternative<UniValue>(mapped));
    BOOST_CHECK_EQUAL(std::get<UniValue>(mapped).write(), R"(["t",null,true])");

    UniValue unknown{UniValue::VOBJ};
    unknown.pushKV("text", "t");
    unknown.pushKV("bogus", 1);
    auto unknown_err = CheckRPCParams(echo, unknown, 1);
    BOOST_REQUIRE(std::holds_alternative<RPCError>(unknown_err));
    BOOST_CHECK_EQUAL(std::get<RPCError>(unknown_err).message, "Unknown named parameter bogus");

    UniValue fractional{UniValue::VARR};
    fractional.push_back("x");
    fractional.push_back(1.5);
    BOOST_CHECK(std::holds_alternative<RPCError>(CheckRPCParams(echo, fractional, 1)));
}

BOOST_AUTO_TEST_CASE(warmup_blocks_calls)
{
    RPCTable table{1};
    table.Register({"test", "x", "", {}, "", {}, [](const JSONRPCRequest&) -> RPCResponse { return UniValue{1}; }});
    table.SetWarmupStatus("Loading block index...");
    JSONRPCRequest req;
    req.method = "x";
    RPCResponse during = table.Execute(req);
    BOOST_REQUIRE(during.IsError());
    BOOST_CHECK_EQUAL(during.Error().code, RPC_IN_WARMUP);
    BOOST_CHECK_EQUAL(during.Error().message, "Loading block index...");
    table.SetWarmupFinished();
    BOOST_CHECK(!table.Execute(req).IsError());
}

BOOST_AUTO_TEST_CASE(authentication)
{
    const std::filesystem::path cookie = std::filesystem::temp_directory_path() / ("dots_rpc_tests_cookie_" + std::to_string(::getpid()));
    RPCAuthenticator::Options options;
    options.rpc_user = "bob";
    options.rpc_password = "hunter2";
    // Generated with share/rpcauth/rpcauth.py: salt cb77f0957de88ff388cf817ddbc7273, password secret-pw.
    options.rpcauth = {"alice:cb77f0957de88ff388cf817ddbc7273$HMAC"};
    BOOST_CHECK(!RPCAuthenticator::Create(options)); // malformed hash
    options.rpcauth = {"alice:cb77f0957de88ff388cf817ddbc7273$" "378a8a8ff4b93dc88eced1d803bb7a2c57d3c8ede1c500dd6776e29eaf69e5de"};
    options.cookie_file = cookie;
    auto auth = RPCAuthenticator::Create(options);
    BOOST_REQUIRE(auth);
    auto basic = [](const std::string& user_password) {
        return "Basic " + EncodeBase64(std::span{reinterpret_cast<const uint8_t*>(user_password.data()), user_password.size()});
    };
    BOOST_CHECK_EQUAL(*auth->Check(basic("bob:hunter2")), "bob");
    BOOST_CHECK(!auth->Check(basic("bob:hunter3")));
    BOOST_CHECK_EQUAL(*auth->Check(basic("alice:secret-pw")), "alice");
    BOOST_CHECK(!auth->Check(basic("alice:secret-px")));
    BOOST_CHECK(!auth->Check(basic("mallory:secret-pw")));
    BOOST_CHECK(!auth->Check("Bearer abc"));
    BOOST_CHECK(!auth->Check("Basic !!!"));

    std::ifstream in{cookie};
    std::string cookie_text;
    std::getline(in, cookie_text);
    BOOST_CHECK(cookie_text.starts_with("__cookie__:"));
    BOOST_CHECK_EQUAL(cookie_text.size(), 11U + 64U);
    BOOST_CHECK_EQUAL(*auth->Check(basic(cookie_text)), "__cookie__");
    BOOST_CHECK((std::filesystem::status(cookie).permissions() & std::filesystem::perms::others_read) == std::filesystem::perms::none);
    auth->DeleteCookie();
    BOOST_CHECK(!std::filesystem::exists(cookie));

    RPCAuthenticator::Options half;
    half.rpc_user = "bob";
    BOOST_CHECK(!RPCAuthenticator::Create(half));
}

BOOST_AUTO_TEST_SUITE_END()
