// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The argument machinery of RPC methods: defaults, typed access, named arguments, the checks
// and their Bitcoin Core error messages, amounts, help text and declaration checks.

#include <rpc/amount.h>
#include <rpc/help.h>
#include <rpc/method.h>

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

namespace {
UniValue Json(const std::string& text)
{
    UniValue v;
    BOOST_REQUIRE_MESSAGE(v.read(text), text);
    return v;
}

/** A method whose handler returns what `read` makes of its arguments. */
rpc::RPCMethod Method(std::vector<rpc::RPCArg> args, std::function<UniValue(const rpc::RPCArgs&)> read = {})
{
    return {.name = "demo", .category = "test", .description = "Demonstrates arguments.", .args = std::move(args),
            .result = "", .examples = {},
            .handler = [read](const rpc::RPCArgs& a) -> rpc::RPCResponse { return read ? read(a) : UniValue{}; }};
}

/** The positional params CheckRPCParams makes of `params` (JSON), or the error. */
std::variant<UniValue, rpc::RPCError> Check(const rpc::RPCMethod& method, const std::string& params)
{
    return CheckRPCParams(method, Json(params), 17443);
}

rpc::RPCError CheckError(const rpc::RPCMethod& method, const std::string& params)
{
    auto checked = Check(method, params);
    BOOST_REQUIRE_MESSAGE(std::holds_alternative<rpc::RPCError>(checked), params << " was accepted");
    return std::get<rpc::RPCError>(checked);
}

/** Runs the handler on `params` as the dispatcher would. */
rpc::RPCResponse Call(const rpc::RPCMethod& method, const std::string& params, const std::string& uri = "/")
{
    auto checked = Check(method, params);
    if (auto* error = std::get_if<rpc::RPCError>(&checked)) return *error;
    rpc::JSONRPCRequest request;
    request.uri = uri;
    const rpc::RPCArgs args{method, std::get<UniValue>(checked), request};
    return method.handler(args);
}

const std::vector<rpc::RPCArg> ECHO_ARGS{
    {"text", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "Some text"},
    {"count", rpc::RPCArg::Type::NUM, rpc::RPCArg::Default{7}, "A number"},
    {"flag", rpc::RPCArg::Type::BOOL, rpc::RPCArg::Default{false}, "A flag"},
    {"note", rpc::RPCArg::Type::STR, rpc::RPCArg::DefaultHint{"the tip"}, "A string worked out by the handler"},
};

UniValue ReadEcho(const rpc::RPCArgs& args)
{
    UniValue out{UniValue::VARR};
    out.push_back(args.Arg<std::string>("text"));
    out.push_back(args.Arg<int64_t>("count"));
    out.push_back(args.Arg<bool>("flag"));
    const auto note = args.MaybeArg<std::string>("note");
    out.push_back(note ? UniValue{*note} : UniValue{});
    return out;
}
} // namespace

BOOST_AUTO_TEST_SUITE(rpc_args_tests)

BOOST_AUTO_TEST_CASE(defaults_and_typed_access)
{
    const rpc::RPCMethod echo = Method(ECHO_ARGS, ReadEcho);
    BOOST_CHECK_EQUAL(Call(echo, R"(["a"])").Result().write(), R"(["a",7,false,null])");
    BOOST_CHECK_EQUAL(Call(echo, R"(["a",2,true,"n"])").Result().write(), R"(["a",2,true,"n"])");
    // An explicit null takes the default, as an omitted argument does.
    BOOST_CHECK_EQUAL(Call(echo, R"(["a",null,null,null])").Result().write(), R"(["a",7,false,null])");
    BOOST_CHECK_EQUAL(Call(echo, R"({"text":"a","flag":true})").Result().write(), R"(["a",7,true,null])");
}

BOOST_AUTO_TEST_CASE(named_arguments)
{
    const rpc::RPCMethod echo = Method(ECHO_ARGS);
    // Holes between named arguments become null; omitted trailing ones are left out, then padded.
    BOOST_CHECK_EQUAL(std::get<UniValue>(Check(echo, R"({"flag":true,"text":"t"})")).write(), R"(["t",null,true,null])");

    const rpc::RPCError unknown = CheckError(echo, R"({"text":"t","bogus":1})");
    BOOST_CHECK_EQUAL(unknown.code, rpc::RPC_INVALID_PARAMETER);
    BOOST_CHECK_EQUAL(unknown.message, "Unknown named parameter bogus");
    const rpc::RPCError twice = CheckError(echo, R"({"text":"t","text":"u"})");
    BOOST_CHECK_EQUAL(twice.code, rpc::RPC_INVALID_PARAMETER);
    BOOST_CHECK_EQUAL(twice.message, "Parameter text specified multiple times");
    // A required argument left out in front of a named one is null: a type error, as in Bitcoin Core.
    const rpc::RPCError hole = CheckError(echo, R"({"count":1})");
    BOOST_CHECK_EQUAL(hole.code, rpc::RPC_TYPE_ERROR);
    BOOST_CHECK_EQUAL(hole.message, "Wrong type passed:\n{\n    \"Position 1 (text)\": \"JSON value of type null is not of expected type string\"\n}");
}

BOOST_AUTO_TEST_CASE(argument_count_gives_help)
{
    const rpc::RPCMethod echo = Method(ECHO_ARGS);
    for (const char* params : {"[]", R"(["a",1,true,"n","extra"])", "{}"}) {
        const rpc::RPCError error = CheckError(echo, params);
        BOOST_CHECK_EQUAL(error.code, rpc::RPC_MISC_ERROR);
        BOOST_CHECK_EQUAL(error.message, RPCHelpText(echo, 17443));
    }
    const rpc::RPCMethod none = Method({});
    BOOST_CHECK(std::holds_alternative<UniValue>(Check(none, "[]")));
    BOOST_CHECK_EQUAL(CheckError(none, "[1]").code, rpc::RPC_MISC_ERROR);
}

BOOST_AUTO_TEST_CASE(type_errors_list_every_position)
{
    const rpc::RPCMethod echo = Method(ECHO_ARGS);
    const rpc::RPCError error = CheckError(echo, R"([1,"2",1])");
    BOOST_CHECK_EQUAL(error.code, rpc::RPC_TYPE_ERROR);
    BOOST_CHECK_EQUAL(error.message, "Wrong type passed:\n{\n"
                                     "    \"Position 1 (text)\": \"JSON value of type number is not of expected type string\",\n"
                                     "    \"Position 2 (count)\": \"JSON value of type string is not of expected type number\",\n"
                                     "    \"Position 3 (flag)\": \"JSON value of type number is not of expected type bool\"\n}");

    const rpc::RPCMethod all = Method({{"o", rpc::RPCArg::Type::OBJ, rpc::RPCArg::Optional::OMITTED, ""},
                                  {"a", rpc::RPCArg::Type::ARR, rpc::RPCArg::Optional::OMITTED, ""},
                                  {"v", rpc::RPCArg::Type::NUM_OR_BOOL, rpc::RPCArg::Optional::OMITTED, ""}});
    BOOST_CHECK(std::holds_alternative<UniValue>(Check(all, R"([{}, [], true])")));
    BOOST_CHECK(std::holds_alternative<UniValue>(Check(all, R"([null, null, 2])")));
    BOOST_CHECK_EQUAL(CheckError(all, R"([[], {}, "1"])").message,
                      "Wrong type passed:\n{\n"
                      "    \"Position 1 (o)\": \"JSON value of type array is not of expected type object\",\n"
                      "    \"Position 2 (a)\": \"JSON value of type object is not of expected type array\",\n"
                      "    \"Position 3 (v)\": \"JSON value of type string is not of expected type number\"\n}");
}

BOOST_AUTO_TEST_CASE(integers_hex_and_bool_or_number)
{
    const rpc::RPCMethod echo = Method(ECHO_ARGS);
    for (const char* bad : {R"(["a",1.5])", R"(["a",1e3])", R"(["a",9223372036854775808])"}) {
        const rpc::RPCError error = CheckError(echo, bad);
        BOOST_CHECK_EQUAL(error.code, rpc::RPC_TYPE_ERROR);
        BOOST_CHECK_EQUAL(error.message, "JSON integer out of range");
    }
    BOOST_CHECK(std::holds_alternative<UniValue>(Check(echo, R"(["a",-9223372036854775808])")));

    const rpc::RPCMethod hex = Method({{"data", rpc::RPCArg::Type::STR_HEX, rpc::RPCArg::Optional::NO, ""}},
                                 [](const rpc::RPCArgs& args) { return UniValue{args.Arg<std::string>("data")}; });
    BOOST_CHECK_EQUAL(Call(hex, R"(["00ff"])").Result().get_str(), "00ff");
    const rpc::RPCError bad_hex = CheckError(hex, R"(["0g"])");
    BOOST_CHECK_EQUAL(bad_hex.code, rpc::RPC_INVALID_PARAMETER);
    BOOST_CHECK_EQUAL(bad_hex.message, "data must be hexadecimal string (not '0g')");

    const rpc::RPCMethod verbosity = Method({{"verbosity", rpc::RPCArg::Type::NUM_OR_BOOL, rpc::RPCArg::Default{1}, ""}}, [](const rpc::RPCArgs& args) {
        UniValue out{UniValue::VARR};
        out.push_back(args.Arg<int64_t>("verbosity"));
        out.push_back(args.Arg<bool>("verbosity"));
        return out;
    });
    BOOST_CHECK_EQUAL(Call(verbosity, "[]").Result().write(), "[1,true]");
    BOOST_CHECK_EQUAL(Call(verbosity, "[false]").Result().write(), "[0,false]");
    BOOST_CHECK_EQUAL(Call(verbosity, "[true]").Result().write(), "[1,true]");
    BOOST_CHECK_EQUAL(Call(verbosity, "[2]").Result().write(), "[2,true]");
    BOOST_CHECK_EQUAL(Call(verbosity, "[0]").Result().write(), "[0,false]");
}

BOOST_AUTO_TEST_CASE(amounts)
{
    const rpc::RPCMethod pay = Method({{"amount", rpc::RPCArg::Type::AMOUNT, rpc::RPCArg::Optional::NO, ""}},
                                 [](const rpc::RPCArgs& args) { return UniValue{args.Arg<int64_t>("amount")}; });
    const std::vector<std::pair<std::string, int64_t>> good{
        {"[1]", COIN}, {R"(["1"])", COIN}, {"[0.1]", 10'000'000}, {R"(["0.00000001"])", 1}, {"[1e-8]", 1},
        {"[1E+2]", 100 * COIN}, {"[0]", 0}, {"[0.10000000]", 10'000'000}, {"[21000000]", MAX_MONEY},
        {R"(["20999999.99999999"])", MAX_MONEY - 1}, {"[-0]", 0}, {"[0.000000010000]", 1}};
    for (const auto& [params, units] : good) {
        const rpc::RPCResponse r = Call(pay, params);
        BOOST_REQUIRE_MESSAGE(!r.IsError(), params << ": " << (r.IsError() ? r.Error().message : ""));
        BOOST_CHECK_EQUAL(r.Result().get_int64(), units);
    }
    const std::vector<std::pair<std::string, std::string>> bad{
        {"[true]", "Amount is not a number or string"}, {"[[1]]", "Amount is not a number or string"},
        {"[0.000000001]", "Invalid amount"}, {R"(["1.0.0"])", "Invalid amount"}, {R"(["abc"])", "Invalid amount"},
        {R"([""])", "Invalid amount"}, {R"([" 1"])", "Invalid amount"}, {R"(["01"])", "Invalid amount"},
        {R"(["1."])", "Invalid amount"}, {R"([".5"])", "Invalid amount"}, {R"(["1e"])", "Invalid amount"},
        {R"(["+1"])", "Invalid amount"}, {"[1e30]", "Invalid amount"}, {R"(["1e99999"])", "Invalid amount"},
        {"[-1]", "Amount out of range"}, {"[-0.00000001]", "Amount out of range"},
        {"[21000000.00000001]", "Amount out of range"}, {"[9999999999]", "Amount out of range"}, {"[99999999999]", "Invalid amount"}};
    for (const auto& [params, message] : bad) {
        const rpc::RPCError error = CheckError(pay, params);
        BOOST_CHECK_EQUAL(error.code, rpc::RPC_TYPE_ERROR);
        BOOST_CHECK_MESSAGE(error.message == message, params << ": " << error.message);
    }
    BOOST_CHECK_EQUAL(rpc::ValueFromAmount(1).write(), "0.00000001");
    BOOST_CHECK_EQUAL(rpc::ValueFromAmount(-COIN - 5).write(), "-1.00000005");
    BOOST_CHECK_EQUAL(rpc::ValueFromAmount(MAX_MONEY).write(), "21000000.00000000");
}

BOOST_AUTO_TEST_CASE(misuse_is_an_internal_bug)
{
    auto call = [](std::function<UniValue(const rpc::RPCArgs&)> read) {
        return Call(Method(ECHO_ARGS, std::move(read)), R"(["a"])").Result();
    };
    BOOST_CHECK_THROW(call([](const rpc::RPCArgs& a) { return UniValue{a.Arg<std::string>("nosuch")}; }), rpc::RPCInternalBug);
    BOOST_CHECK_THROW(call([](const rpc::RPCArgs& a) { return UniValue{a.Arg<std::string>("note")}; }), rpc::RPCInternalBug); // no default: MaybeArg
    BOOST_CHECK_THROW(call([](const rpc::RPCArgs& a) { return UniValue{*a.MaybeArg<int64_t>("count")}; }), rpc::RPCInternalBug); // has a default: Arg
    BOOST_CHECK_THROW(call([](const rpc::RPCArgs& a) { return UniValue{*a.MaybeArg<std::string>("text")}; }), rpc::RPCInternalBug); // required: Arg
    BOOST_CHECK_THROW(call([](const rpc::RPCArgs& a) { return UniValue{a.Arg<int64_t>("text")}; }), rpc::RPCInternalBug); // a string as a number
    BOOST_CHECK_THROW(call([](const rpc::RPCArgs& a) { return UniValue{a.Arg<bool>("count")}; }), rpc::RPCInternalBug);
    BOOST_CHECK_EQUAL(call([](const rpc::RPCArgs& a) { return a.Arg<UniValue>("count"); }).write(), "7");
}

BOOST_AUTO_TEST_CASE(wallet_name_from_uri)
{
    BOOST_CHECK(!rpc::WalletNameFromURI("/"));
    BOOST_CHECK(!rpc::WalletNameFromURI("/wallet"));
    BOOST_CHECK_EQUAL(*rpc::WalletNameFromURI("/wallet/"), "");
    BOOST_CHECK_EQUAL(*rpc::WalletNameFromURI("/wallet/main"), "main");
    BOOST_CHECK_EQUAL(*rpc::WalletNameFromURI("/wallet/my%20wallet%2Fx"), "my wallet/x");
    const rpc::RPCMethod method = Method({}, [](const rpc::RPCArgs& args) {
        const auto name = args.WalletName();
        return name ? UniValue{*name} : UniValue{};
    });
    BOOST_CHECK_EQUAL(Call(method, "[]", "/wallet/w1").Result().get_str(), "w1");
    BOOST_CHECK(Call(method, "[]", "/").Result().isNull());
}

BOOST_AUTO_TEST_CASE(help_text)
{
    rpc::RPCMethod echo = Method(ECHO_ARGS);
    echo.examples = {R"("hi")", R"("two words", 2, true)"};
    BOOST_CHECK_EQUAL(RPCUsageLine(echo), R"(demo "text" ( count flag "note" ))");
    const std::string help = RPCHelpText(echo, 17443);
    BOOST_CHECK_EQUAL(help,
                      "demo \"text\" ( count flag \"note\" )\n\n"
                      "Demonstrates arguments.\n\n"
                      "Arguments:\n"
                      "1. text    (string, required) Some text\n"
                      "2. count    (numeric, optional, default=7) A number\n"
                      "3. flag    (boolean, optional, default=false) A flag\n"
                      "4. note    (string, optional, default=the tip) A string worked out by the handler\n\n"
                      "Result:\nnull    (json null)\n\n"
                      "Examples:\n"
                      "> dots-cli demo \"hi\"\n"
                      "> dots-cli demo \"two words\" 2 true\n"
                      "> curl --user myusername --data-binary '{\"jsonrpc\": \"2.0\", \"id\": \"curltest\", \"method\": \"demo\", "
                      "\"params\": [\"hi\"]}' -H 'content-type: application/json' http://127.0.0.1:17443/\n"
                      "> curl --user myusername --data-binary '{\"jsonrpc\": \"2.0\", \"id\": \"curltest\", \"method\": \"demo\", "
                      "\"params\": [\"two words\", 2, true]}' -H 'content-type: application/json' http://127.0.0.1:17443/\n");

    const rpc::RPCMethod json = Method({{"list", rpc::RPCArg::Type::ARR, rpc::RPCArg::Optional::NO, ""},
                                   {"options", rpc::RPCArg::Type::OBJ, rpc::RPCArg::Default{UniValue{UniValue::VOBJ}}, ""},
                                   {"label", rpc::RPCArg::Type::STR, rpc::RPCArg::Default{""}, ""}});
    BOOST_CHECK_EQUAL(RPCExampleCliArgs(json, R"(["a", "b c"], {"x": 1}, "")"), R"('["a","b c"]' '{"x":1}' "")");
    BOOST_CHECK(RPCHelpText(json, 1).find("2. options    (json object, optional, default={}) \n") != std::string::npos);
    BOOST_CHECK(RPCHelpText(json, 1).find("3. label    (string, optional, default=\"\") \n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(declaration_checks)
{
    const auto error = [](rpc::RPCMethod method) { return RPCDeclarationError(method).value_or(""); };
    BOOST_CHECK_EQUAL(error(Method(ECHO_ARGS)), "");
    rpc::RPCMethod m = Method({});
    m.name = "getBlock";
    BOOST_CHECK_EQUAL(error(m), "method name \"getBlock\" is not [a-z0-9_]+");
    BOOST_CHECK_EQUAL(error(Method({{"a", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, ""}, {"a", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, ""}})),
                      "demo argument a: declared twice");
    BOOST_CHECK_EQUAL(error(Method({{"a", rpc::RPCArg::Type::STR, rpc::RPCArg::Default{""}, ""}, {"b", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, ""}})),
                      "demo argument b: required after an optional argument");
    BOOST_CHECK_EQUAL(error(Method({{"n", rpc::RPCArg::Type::NUM, rpc::RPCArg::Default{"1"}, ""}})),
                      "demo argument n: default: JSON value of type string is not of expected type number");
    BOOST_CHECK_EQUAL(error(Method({{"n", rpc::RPCArg::Type::AMOUNT, rpc::RPCArg::Default{-1}, ""}})), "demo argument n: default: Amount out of range");
    BOOST_CHECK_EQUAL(error(Method({{"n", rpc::RPCArg::Type::NUM, rpc::RPCArg::Default{UniValue{}}, ""}})),
                      "demo argument n: null default (use Optional::OMITTED)");
    m = Method(ECHO_ARGS);
    m.examples = {R"("ok", 1)", "not json"};
    BOOST_CHECK_EQUAL(error(m), "demo example (not json): not JSON");
    m.examples = {R"(1)"};
    BOOST_CHECK_EQUAL(error(m), "demo example (1): Wrong type passed: {     \"Position 1 (text)\": \"JSON value of type number is not of expected type string\" }");
    m.examples = {""};
    BOOST_CHECK_EQUAL(error(m), "demo example (): wrong number of arguments");
    m.examples = {R"("<placeholder>")"};
    BOOST_CHECK_EQUAL(error(m), "");
    m.handler = nullptr;
    BOOST_CHECK_EQUAL(error(m), "demo: no handler");
}

BOOST_AUTO_TEST_SUITE_END()
