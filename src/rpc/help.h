// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_RPC_HELP_H
#define DOTS_RPC_HELP_H

// Help text generated from a method's declaration, in Bitcoin Core's layout: the usage line,
// the description, numbered arguments with type, required/optional and default, the result and
// the examples as dots-cli command lines and curl calls. Pure functions.

#include <string>

namespace rpc { struct RPCMethod; }

namespace rpc {

/** The usage line, e.g. `getblock "blockhash" ( verbosity )`: strings quoted, optional ones in ( ). */
std::string RPCUsageLine(const RPCMethod& method);

/** Full help for `help <method>` and for a call with a wrong number of arguments. `rpc_port`
 *  fills the curl examples. */
std::string RPCHelpText(const RPCMethod& method, int rpc_port);

/**
 * One example (JSON params without brackets, see RPCMethod::examples) as dots-cli arguments:
 * strings of string arguments in double quotes, other values as JSON, in single quotes where
 * the shell needs them. The text unchanged if it is not valid JSON.
 */
std::string RPCExampleCliArgs(const RPCMethod& method, const std::string& example);

} // namespace rpc

#endif // DOTS_RPC_HELP_H
