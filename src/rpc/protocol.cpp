// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <rpc/protocol.h>

namespace rpc {

UniValue JSONRPCRequestObj(const std::string& method, const UniValue& params, const UniValue& id)
{
    UniValue request(UniValue::VOBJ);
    request.pushKV("method", method);
    request.pushKV("params", params);
    request.pushKV("id", id);
    return request;
}

UniValue JSONRPCError(int code, const std::string& message)
{
    UniValue error(UniValue::VOBJ);
    error.pushKV("code", code);
    error.pushKV("message", message);
    return error;
}

UniValue JSONRPCReplyObj(UniValue result, UniValue error, UniValue id, JSONRPCVersion version)
{
    UniValue reply(UniValue::VOBJ);
    if (version == JSONRPCVersion::V2) {
        reply.pushKV("jsonrpc", "2.0");
        if (error.isNull()) {
            reply.pushKV("result", result);
        } else {
            reply.pushKV("error", error);
        }
    } else {
        reply.pushKV("result", error.isNull() ? result : NullUniValue);
        reply.pushKV("error", error);
    }
    reply.pushKV("id", id);
    return reply;
}

} // namespace rpc
