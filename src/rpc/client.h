// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_RPC_CLIENT_H
#define DOTS_RPC_CLIENT_H

/**
 * Client-side conversion of command-line arguments into JSON-RPC params, used by dots-cli.
 *
 * The command line gives every argument as text. A table lists which parameters of which
 * methods are JSON values (numbers, booleans, amounts, arrays, objects); those are parsed as
 * JSON, every other argument is sent as a JSON string unchanged. Nobody writes that table: the
 * build generates it (rpc/client_table.cpp, by the program dots-rpc-table) from the server's
 * method declarations (rpc/method.h), every method dotsd can serve, and a unit test checks it
 * against them.
 *
 * All functions are pure and thread-safe (the table is immutable).
 */

#include <util/result.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <univalue.h>

namespace rpc {

/** One non-string parameter of a method: its position (0-based) and name. */
struct RPCConvertParam {
    std::string_view method;
    int index;
    std::string_view name;
};

/** The generated table, sorted by method and position. */
std::span<const RPCConvertParam> RPCConvertTable();

/**
 * Parse one argument as a JSON value (any type, including bare numbers, true/false/null and
 * quoted strings). Returns the value, or an error "Error parsing JSON: <text>".
 */
util::Result<UniValue> ParseNonRFCJSONValue(std::string_view text);

/**
 * Whether parameter `index` (0-based position) of `method` is a JSON (non-string) parameter.
 */
bool RPCParamIsJSON(std::string_view method, int index);

/**
 * Whether the parameter called `name` of `method` is a JSON (non-string) parameter.
 */
bool RPCParamIsJSON(std::string_view method, std::string_view name);

/**
 * Convert positional arguments for `method` into a JSON array of params.
 * Returns an error when an argument that the table marks as JSON is not valid JSON.
 */
util::Result<UniValue> RPCConvertValues(std::string_view method, const std::vector<std::string>& args);

/**
 * Convert "name=value" arguments for `method` into a JSON object of named params.
 * Returns an error for an argument without '=', an empty name, a name given twice, or a
 * JSON parameter whose value is not valid JSON.
 */
util::Result<UniValue> RPCConvertNamedValues(std::string_view method, const std::vector<std::string>& args);

} // namespace rpc

#endif // DOTS_RPC_CLIENT_H
