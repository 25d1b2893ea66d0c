// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_RPC_REQUEST_H
#define DOTS_RPC_REQUEST_H

/**
 * One JSON-RPC call as the dispatcher sees it: JSONRPCRequest, RPCError, parsing a request object
 * and the wallet name of a "/wallet/<name>" URI.
 */

#include <rpc/protocol.h>

#include <optional>
#include <string>
#include <string_view>

#include <univalue.h>

namespace rpc {

/** An error with a JSON-RPC code, as returned to the client in the "error" object. */
struct RPCError {
    int code;
    std::string message;
};

/** One parsed JSON-RPC call. */
struct JSONRPCRequest {
    UniValue id;                  //!< null for 1.0 requests without id
    std::string method;
    UniValue params{UniValue::VARR}; //!< positional array, or an object of named parameters
    JSONRPCVersion version{JSONRPCVersion::V1_LEGACY};
    bool is_notification{false}; //!< JSON-RPC 2.0 request without "id": no reply is sent
    std::string uri{"/"};         //!< HTTP path, e.g. "/wallet/<name>" for wallet calls
    std::string auth_user;        //!< authenticated user name, for logs
    std::string peer;             //!< client address, for logs
};

/**
 * Parses one request object. On error, `id`/`version` of the partially parsed request are still
 * filled in `out` where available so the error reply carries them.
 * Errors: RPC_INVALID_REQUEST for a non-object, bad "jsonrpc", missing or non-string method,
 * params that are neither array, object nor null.
 */
std::optional<RPCError> ParseJSONRPCRequest(const UniValue& value, JSONRPCRequest& out);

/**
 * The wallet a request addresses, as Bitcoin Core's GetWalletNameFromJSONRPCRequest: the
 * percent-decoded rest of a "/wallet/<name>" URI (possibly empty: the default wallet);
 * nullopt for any other URI ("/").
 */
std::optional<std::string> WalletNameFromURI(std::string_view uri);

} // namespace rpc

#endif // DOTS_RPC_REQUEST_H
