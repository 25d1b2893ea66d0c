// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_RPC_UTIL_H
#define DOTS_RPC_UTIL_H

#include <rpc/request.h>

#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <univalue.h>

/** What a handler returns: a result value or an error with a code. Never throws across RPC. */
class [[nodiscard]] RPCResponse
{
public:
    RPCResponse(UniValue result) : m_value{std::move(result)} {}
    RPCResponse(RPCError error) : m_value{std::move(error)} {}

    bool IsError() const { return std::holds_alternative<RPCError>(m_value); }
    const UniValue& Result() const { return std::get<UniValue>(m_value); }
    const RPCError& Error() const { return std::get<RPCError>(m_value); }

private:
    std::variant<UniValue, RPCError> m_value;
};

/** The JSON type an argument must have. */
enum class RPCArgType {
    STR,
    STR_HEX, //!< a string of hex digits (checked)
    NUM,     //!< an integer
    AMOUNT,  //!< a number of coins (string or number)
    BOOL,
    OBJ,
    ARR,
    ANY,
};

/** One argument of a method, used for type checks, named-argument mapping and help. */
struct RPCArg {
    std::string name;
    RPCArgType type;
    bool optional;
    std::string default_hint; //!< shown as "default=..." for optional arguments; "" if none
    std::string description;
};

/**
 * A method of the RPC table. Arguments are checked against `args` before the handler runs, so the
 * handler sees params as a positional array with nulls for omitted optional arguments.
 */
struct RPCMethod {
    std::string category; //!< "control", "network", "blockchain", "sip", ...
    std::string name;
    std::string description;
    std::vector<RPCArg> args;
    std::string result;                //!< help text for the result
    std::vector<std::string> examples; //!< argument strings, e.g. "\"sip\"", shown for dots-cli and curl
    std::function<RPCResponse(const JSONRPCRequest& request)> handler;
};

/** "name ( \"optional\" )" usage line. */
std::string RPCUsageLine(const RPCMethod& method);
/** Full help text for `help <method>`. `rpc_port` fills the curl example. */
std::string RPCHelpText(const RPCMethod& method, int rpc_port);

/**
 * Maps named parameters to positions and checks count and types against the method's table.
 * On success returns positional params (array, missing optional arguments as null).
 * Errors: RPC_INVALID_PARAMETER for unknown or duplicate names, RPC_MISC_ERROR with the help text
 * for a wrong number of arguments (as Bitcoin Core does), RPC_TYPE_ERROR for a wrong type.
 */
std::variant<UniValue, RPCError> CheckRPCParams(const RPCMethod& method, const UniValue& params, int rpc_port);

/** Reads an optional argument: the default if null. Handlers call these after CheckRPCParams. */
int64_t ParamInt(const UniValue& params, size_t index, int64_t default_value);
std::string ParamStr(const UniValue& params, size_t index, const std::string& default_value);
bool ParamBool(const UniValue& params, size_t index, bool default_value);

#endif // DOTS_RPC_UTIL_H
