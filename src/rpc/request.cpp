// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <rpc/request.h>

#include <cstdlib>

#include <event2/http.h>

namespace rpc {

std::optional<RPCError> ParseJSONRPCRequest(const UniValue& value, JSONRPCRequest& out)
{
    if (!value.isObject()) return RPCError{RPC_INVALID_REQUEST, "Invalid Request object"};

    const UniValue& jsonrpc = find_value(value, "jsonrpc");
    if (!jsonrpc.isNull()) {
        if (!jsonrpc.isStr()) return RPCError{RPC_INVALID_REQUEST, "jsonrpc field must be a string"};
        if (jsonrpc.get_str() == "2.0") {
            out.version = JSONRPCVersion::V2;
        } else if (jsonrpc.get_str() != "1.0") {
            return RPCError{RPC_INVALID_REQUEST, "JSON-RPC version not supported"};
        }
    }
    if (value.exists("id")) {
        out.id = find_value(value, "id");
    } else if (out.version == JSONRPCVersion::V2) {
        out.is_notification = true;
    }

    const UniValue& method = find_value(value, "method");
    if (method.isNull()) return RPCError{RPC_INVALID_REQUEST, "Missing method"};
    if (!method.isStr()) return RPCError{RPC_INVALID_REQUEST, "Method must be a string"};
    out.method = method.get_str();

    const UniValue& params = find_value(value, "params");
    if (params.isArray() || params.isObject()) {
        out.params = params;
    } else if (params.isNull()) {
        out.params = UniValue{UniValue::VARR};
    } else {
        return RPCError{RPC_INVALID_REQUEST, "Params must be an array or object"};
    }
    return std::nullopt;
}

std::optional<std::string> WalletNameFromURI(std::string_view uri)
{
    constexpr std::string_view WALLET_ENDPOINT_BASE{"/wallet/"};
    if (!uri.starts_with(WALLET_ENDPOINT_BASE)) return std::nullopt;
    const std::string encoded{uri.substr(WALLET_ENDPOINT_BASE.size())};
    size_t size = 0;
    char* decoded = evhttp_uridecode(encoded.c_str(), /*decode_plus=*/0, &size);
    if (decoded == nullptr) return std::nullopt;
    std::string name{decoded, size};
    std::free(decoded);
    return name;
}

} // namespace rpc
