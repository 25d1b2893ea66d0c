// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <node/rpc_register.h>

#include <node/shutdown.h>
#include <rpc/server.h>
#include <util/logging.h>
#include <util/time.h>

namespace {
RPCResponse UpdateLogging(const UniValue& names, bool enable)
{
    for (size_t i = 0; i < names.size(); ++i) {
        if (!names[i].isStr()) return RPCError{RPC_INVALID_PARAMETER, "logging categories must be strings"};
        const std::string& name = names[i].get_str();
        const bool ok = enable ? LogInstance().EnableCategory(name) : LogInstance().DisableCategory(name);
        if (!ok) return RPCError{RPC_INVALID_PARAMETER, "unknown logging category " + name};
    }
    return UniValue{};
}
} // namespace

void RegisterControlRPCCommands(RPCTable& table)
{
    const RPCTable* self = &table;
    table.Register({
        "control", "help",
        "List all commands, or get help for a specified command.",
        {{"command", RPCArgType::STR, true, "all commands", "The command to get help on"}},
        "\"text\"    (string) The help text",
        {"", "\"getnetworkinfo\""},
        [self](const JSONRPCRequest& request) -> RPCResponse {
            const UniValue& command = request.params[0];
            return self->Help(command.isNull() ? std::nullopt : std::optional<std::string>{command.get_str()});
        },
    });
    table.Register({
        "control", "stop",
        "Request a graceful shutdown of DOTS server.",
        {},
        "\"str\"    (string) A string with the content 'DOTS server stopping'",
        {},
        [](const JSONRPCRequest&) -> RPCResponse {
            // The reply is queued before the main thread begins tearing down the HTTP server.
            ShutdownSignal::Request();
            return UniValue{"DOTS server stopping"};
        },
    });
    table.Register({
        "control", "uptime",
        "Returns the total uptime of the server.",
        {},
        "n    (numeric) The number of seconds that the server has been running",
        {},
        [](const JSONRPCRequest&) -> RPCResponse { return UniValue{GetUptime()}; },
    });
    table.Register({
        "control", "logging",
        "Gets and sets the logging configuration.\n"
        "When called without an argument, returns the list of categories with status that are currently being debug logged or not.\n"
        "When called with arguments, adds or removes categories from debug logging and return the lists above.\n"
        "The arguments are evaluated in order \"include\", \"exclude\".\n"
        "If an item is both included and excluded, it will thus end up being excluded.\n"
        "The valid logging categories are: net, rpc, http, sip, mempool, validation, zmq, db, bench, reindex, wallet, mining, registry, config\n"
        "In addition, the following are available as category names with special meanings:\n"
        "  - \"all\",  \"1\" : represent all logging categories.",
        {{"include", RPCArgType::ARR, true, "", "The categories to add to debug logging"},
         {"exclude", RPCArgType::ARR, true, "", "The categories to remove from debug logging"}},
        "{                   (json object) keys are the logging categories, and values indicates its status\n"
        "  \"category\" : true|false,  (boolean) if being debug logged or not. false:inactive, true:active\n"
        "  ...\n"
        "}",
        {"\"[\\\"all\\\"]\" \"[\\\"http\\\"]\""},
        [](const JSONRPCRequest& request) -> RPCResponse {
            if (request.params[0].isArray()) {
                if (auto res = UpdateLogging(request.params[0], true); res.IsError()) return res;
            }
            if (request.params[1].isArray()) {
                if (auto res = UpdateLogging(request.params[1], false); res.IsError()) return res;
            }
            UniValue result{UniValue::VOBJ};
            for (const auto& [name, enabled] : LogInstance().CategoryStates()) result.pushKV(name, enabled);
            return result;
        },
    });
}
