// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Control RPCs: help, stop, uptime, logging, and the hidden regtest-only setmocktime.

#include <node/rpc/register.h>

#include <node/context.h>
#include <node/shutdown.h>
#include <rpc/server.h>
#include <util/chaintype.h>
#include <util/logging.h>
#include <util/time.h>

namespace node {

namespace {
rpc::RPCResponse UpdateLogging(const UniValue& names, bool enable)
{
    for (size_t i = 0; i < names.size(); ++i) {
        if (!names[i].isStr()) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "logging categories must be strings"};
        const std::string& name = names[i].get_str();
        const bool ok = enable ? LogInstance().EnableCategory(name) : LogInstance().DisableCategory(name);
        if (!ok) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "unknown logging category " + name};
    }
    return UniValue{};
}

rpc::RPCMethod help(const rpc::RPCTable& table)
{
    return {
        .name = "help",
        .category = "control",
        .description = "List all commands, or get help for a specified command.",
        .args = {{"command", rpc::RPCArg::Type::STR, rpc::RPCArg::DefaultHint{"all commands"}, "The command to get help on"}},
        .result = "\"text\"    (string) The help text",
        .examples = {"", R"("getnetworkinfo")"},
        .handler = [&table](const rpc::RPCArgs& args) -> rpc::RPCResponse { return table.Help(args.MaybeArg<std::string>("command")); },
    };
}

rpc::RPCMethod stop()
{
    return {
        .name = "stop",
        .category = "control",
        .description = "Request a graceful shutdown of DOTS server.",
        .args = {},
        .result = "\"str\"    (string) A string with the content 'DOTS server stopping'",
        .examples = {},
        .handler = [](const rpc::RPCArgs&) -> rpc::RPCResponse {
            // The reply is queued before the main thread begins tearing down the HTTP server.
            ShutdownSignal::Request();
            return UniValue{"DOTS server stopping"};
        },
    };
}

rpc::RPCMethod uptime()
{
    return {
        .name = "uptime",
        .category = "control",
        .description = "Returns the total uptime of the server.",
        .args = {},
        .result = "n    (numeric) The number of seconds that the server has been running",
        .examples = {},
        .handler = [](const rpc::RPCArgs&) -> rpc::RPCResponse { return UniValue{GetUptime()}; },
    };
}

rpc::RPCMethod logging()
{
    return {
        .name = "logging",
        .category = "control",
        .description =
            "Gets and sets the logging configuration.\n"
            "When called without an argument, returns the list of categories with status that are currently being debug logged or not.\n"
            "When called with arguments, adds or removes categories from debug logging and return the lists above.\n"
            "The arguments are evaluated in order \"include\", \"exclude\".\n"
            "If an item is both included and excluded, it will thus end up being excluded.\n"
            "The valid logging categories are: net, rpc, http, sip, mempool, validation, zmq, db, bench, reindex, wallet, mining, registry, config\n"
            "In addition, the following are available as category names with special meanings:\n"
            "  - \"all\",  \"1\" : represent all logging categories.",
        .args = {{"include", rpc::RPCArg::Type::ARR, rpc::RPCArg::Optional::OMITTED, "The categories to add to debug logging"},
                 {"exclude", rpc::RPCArg::Type::ARR, rpc::RPCArg::Optional::OMITTED, "The categories to remove from debug logging"}},
        .result = "{                   (json object) keys are the logging categories, and values indicates its status\n"
                  "  \"category\" : true|false,  (boolean) if being debug logged or not. false:inactive, true:active\n"
                  "  ...\n"
                  "}",
        .examples = {R"(["all"], ["http"])"},
        .handler = [](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            if (const auto include = args.MaybeArg<UniValue>("include")) {
                if (auto res = UpdateLogging(*include, true); res.IsError()) return res;
            }
            if (const auto exclude = args.MaybeArg<UniValue>("exclude")) {
                if (auto res = UpdateLogging(*exclude, false); res.IsError()) return res;
            }
            UniValue result{UniValue::VOBJ};
            for (const auto& [name, enabled] : LogInstance().CategoryStates()) result.pushKV(name, enabled);
            return result;
        },
    };
}

rpc::RPCMethod setmocktime(const NodeContext& node)
{
    return {
        .name = "setmocktime",
        .category = "hidden",
        .description = "Set the local time to given timestamp (-regtest only)\n"
                       "The clock then stands still until set again: P2P timeouts, trickle timers and block times follow it.",
        .args = {{"timestamp", rpc::RPCArg::Type::NUM, rpc::RPCArg::Optional::NO,
                  "UNIX seconds timestamp; pass 0 to go back to using the system time."}},
        .result = "null    (json null)",
        .examples = {},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            if (!node.chain || node.chain->name != "regtest") {
                return rpc::RPCError{rpc::RPC_MISC_ERROR, "setmocktime is for regression testing (-regtest mode) only"};
            }
            const int64_t time = args.Arg<int64_t>("timestamp");
            if (time < 0) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Mocktime cannot be negative: " + std::to_string(time) + "."};
            SetMockTime(time);
            return UniValue{};
        },
    };
}
} // namespace

void RegisterControlRPCCommands(rpc::RPCTable& table, const NodeContext& node)
{
    table.Register(help(table));
    for (const auto method : {stop, uptime, logging}) table.Register(method());
    table.Register(setmocktime(node));
}

} // namespace node
