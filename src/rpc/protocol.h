// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_RPC_PROTOCOL_H
#define DOTS_RPC_PROTOCOL_H

/**
 * JSON-RPC wire vocabulary shared by the server and dots-cli: HTTP status codes, Bitcoin Core's
 * RPC error codes, the protocol versions and the request, reply and error objects.
 */

#include <string>

#include <univalue.h>

namespace rpc {

/** HTTP status codes the RPC server uses (the same as Bitcoin Core's). */
enum HTTPStatusCode {
    HTTP_OK = 200,
    HTTP_NO_CONTENT = 204,
    HTTP_BAD_REQUEST = 400,
    HTTP_UNAUTHORIZED = 401,
    HTTP_FORBIDDEN = 403,
    HTTP_NOT_FOUND = 404,
    HTTP_BAD_METHOD = 405,
    HTTP_PAYLOAD_TOO_LARGE = 413,
    HTTP_INTERNAL_SERVER_ERROR = 500,
    HTTP_SERVICE_UNAVAILABLE = 503,
};

/** JSON-RPC error codes. Values and names follow Bitcoin Core so its client libraries work. */
enum RPCErrorCode {
    // Standard JSON-RPC 2.0 errors
    RPC_INVALID_REQUEST = -32600,
    RPC_METHOD_NOT_FOUND = -32601,
    RPC_INVALID_PARAMS = -32602,
    RPC_INTERNAL_ERROR = -32603,
    RPC_PARSE_ERROR = -32700,

    // General application errors
    RPC_MISC_ERROR = -1,
    RPC_TYPE_ERROR = -3,
    RPC_INVALID_ADDRESS_OR_KEY = -5,
    RPC_OUT_OF_MEMORY = -7,
    RPC_INVALID_PARAMETER = -8,
    RPC_DATABASE_ERROR = -20,
    RPC_DESERIALIZATION_ERROR = -22,
    RPC_VERIFY_ERROR = -25,
    RPC_VERIFY_REJECTED = -26,
    RPC_VERIFY_ALREADY_IN_CHAIN = -27,
    RPC_IN_WARMUP = -28,
    RPC_METHOD_DEPRECATED = -32,

    // P2P client errors
    RPC_CLIENT_NOT_CONNECTED = -9,
    RPC_CLIENT_IN_INITIAL_DOWNLOAD = -10,
    RPC_CLIENT_NODE_ALREADY_ADDED = -23,
    RPC_CLIENT_NODE_NOT_ADDED = -24,
    RPC_CLIENT_NODE_NOT_CONNECTED = -29,
    RPC_CLIENT_INVALID_IP_OR_SUBNET = -30,
    RPC_CLIENT_P2P_DISABLED = -31,

    // Wallet errors
    RPC_WALLET_ERROR = -4,
    RPC_WALLET_INSUFFICIENT_FUNDS = -6,
    RPC_WALLET_INVALID_LABEL_NAME = -11,
    RPC_WALLET_KEYPOOL_RAN_OUT = -12,
    RPC_WALLET_UNLOCK_NEEDED = -13,
    RPC_WALLET_PASSPHRASE_INCORRECT = -14,
    RPC_WALLET_WRONG_ENC_STATE = -15,
    RPC_WALLET_ENCRYPTION_FAILED = -16,
    RPC_WALLET_ALREADY_UNLOCKED = -17,
    RPC_WALLET_NOT_FOUND = -18,
    RPC_WALLET_NOT_SPECIFIED = -19,
    RPC_WALLET_ALREADY_LOADED = -35,
};

/** Which JSON-RPC dialect a request used; it decides the reply shape and HTTP status. */
enum class JSONRPCVersion {
    V1_LEGACY, //!< Bitcoin Core's 1.0-style: "result" and "error" both present, errors give HTTP 404/500
    V2,        //!< JSON-RPC 2.0: only one of "result"/"error", always HTTP 200, notifications get 204
};

/** {"method": m, "params": p, "id": id} as a client sends it. */
UniValue JSONRPCRequestObj(const std::string& method, const UniValue& params, const UniValue& id);

/** {"code": code, "message": message}. */
UniValue JSONRPCError(int code, const std::string& message);

/**
 * A reply object. For V1_LEGACY both "result" and "error" are present (one null); for V2 only the
 * relevant one, plus "jsonrpc": "2.0". `error` must be null on success.
 */
UniValue JSONRPCReplyObj(UniValue result, UniValue error, UniValue id, JSONRPCVersion version);

/** Cookie authentication user name (as Bitcoin Core's "__cookie__"). */
inline constexpr const char* COOKIEAUTH_USER = "__cookie__";

} // namespace rpc

#endif // DOTS_RPC_PROTOCOL_H
