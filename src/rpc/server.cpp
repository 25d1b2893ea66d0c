// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <rpc/server.h>

#include <rpc/help.h>
#include <util/logging.h>

#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <set>

namespace rpc {

void RPCTable::Register(RPCMethod method, bool served)
{
    if (const auto error = RPCDeclarationError(method)) {
        // A programming error found at startup (and by the unit tests): say which, then stop.
        std::fprintf(stderr, "Invalid RPC method declaration: %s\n", error->c_str());
        LogError("Invalid RPC method declaration: %s", error->c_str());
        std::abort();
    }
    const std::string name = method.name;
    const bool inserted = m_methods.emplace(name, Entry{std::move(method), served}).second;
    assert(inserted);
}

const RPCMethod* RPCTable::Find(const std::string& name) const
{
    const auto it = m_methods.find(name);
    return it == m_methods.end() || !it->second.served ? nullptr : &it->second.method;
}

std::vector<std::string> RPCTable::ListMethods() const
{
    std::vector<std::string> out;
    for (const auto& [name, entry] : m_methods) {
        if (entry.served) out.push_back(name);
    }
    return out;
}

std::vector<const RPCMethod*> RPCTable::Declarations() const
{
    std::vector<const RPCMethod*> out;
    for (const auto& [name, entry] : m_methods) out.push_back(&entry.method);
    return out;
}

void RPCTable::SetWarmupStatus(const std::string& status)
{
    LOCK(m_warmup_mutex);
    m_warmup_status = status;
}

void RPCTable::SetWarmupFinished()
{
    LOCK(m_warmup_mutex);
    m_in_warmup = false;
}

RPCResponse RPCTable::Help(const std::optional<std::string>& name) const
{
    if (name) {
        const RPCMethod* method = Find(*name);
        if (!method) return UniValue{"help: unknown command: " + *name};
        return UniValue{RPCHelpText(*method, m_rpc_port)};
    }
    // Group by category; categories in first-seen order of a stable sort by name.
    std::map<std::string, std::vector<const RPCMethod*>> by_category;
    for (const auto& [method_name, entry] : m_methods) {
        // As Bitcoin Core: "hidden" methods (test-only, e.g. setmocktime) are served but not listed.
        if (entry.served && entry.method.category != "hidden") by_category[entry.method.category].push_back(&entry.method);
    }
    std::string out;
    for (const auto& [category, methods] : by_category) {
        if (!out.empty()) out += "\n";
        std::string title = category;
        if (!title.empty()) title[0] = static_cast<char>(title[0] - ('a' <= title[0] && title[0] <= 'z' ? 'a' - 'A' : 0));
        out += "== " + title + " ==\n";
        for (const RPCMethod* method : methods) out += RPCUsageLine(*method) + "\n";
    }
    if (!out.empty() && out.back() == '\n') out.pop_back();
    return UniValue{out};
}

RPCResponse RPCTable::Execute(const JSONRPCRequest& request) const
{
    {
        LOCK(m_warmup_mutex);
        static const std::set<std::string> allowed_in_warmup{"help", "stop", "uptime", "getnetworkinfo", "logging"};
        if (m_in_warmup && !allowed_in_warmup.contains(request.method)) return RPCError{RPC_IN_WARMUP, m_warmup_status};
    }
    const RPCMethod* method = Find(request.method);
    if (!method) return RPCError{RPC_METHOD_NOT_FOUND, "Method not found"};

    auto checked = CheckRPCParams(*method, request.params, m_rpc_port);
    if (auto* error = std::get_if<RPCError>(&checked)) return *error;

    const RPCArgs args{*method, std::move(std::get<UniValue>(checked)), request};
    LogDebug(BCLog::RPC, "ThreadRPCServer method=%s user=%s peer=%s", request.method.c_str(), request.auth_user.c_str(),
             request.peer.c_str());
    // Handlers report errors through RPCResponse; anything thrown (RPCInternalBug included) is
    // still caught here so that no exception ever reaches the HTTP layer.
    try {
        return method->handler(args);
    } catch (const std::exception& e) {
        return RPCError{RPC_MISC_ERROR, e.what()};
    } catch (...) {
        return RPCError{RPC_MISC_ERROR, "unknown error"};
    }
}

namespace {
/** Runs one element of a request (or batch); returns the reply object, or null for a notification. */
UniValue ExecuteOne(const RPCTable& table, const UniValue& value, const std::string& uri, const std::string& user,
                    const std::string& peer, int* http_status)
{
    JSONRPCRequest request;
    request.uri = uri;
    request.auth_user = user;
    request.peer = peer;
    UniValue result;
    UniValue error;
    if (auto parse_error = ParseJSONRPCRequest(value, request)) {
        error = JSONRPCError(parse_error->code, parse_error->message);
        if (http_status) *http_status = request.version == JSONRPCVersion::V2 ? HTTP_OK : HTTP_BAD_REQUEST;
        // An invalid request is answered even without an id (JSON-RPC 2.0 section 5).
        return JSONRPCReplyObj(NullUniValue, error, request.id, request.version);
    }
    const RPCResponse response = table.Execute(request);
    if (response.IsError()) {
        error = JSONRPCError(response.Error().code, response.Error().message);
        if (http_status && request.version == JSONRPCVersion::V1_LEGACY) {
            *http_status = response.Error().code == RPC_METHOD_NOT_FOUND ? HTTP_NOT_FOUND : HTTP_INTERNAL_SERVER_ERROR;
        }
    } else {
        result = response.Result();
    }
    if (request.is_notification) return NullUniValue;
    return JSONRPCReplyObj(result, error, request.id, request.version);
}
} // namespace

JSONRPCHTTPReply HandleJSONRPCBody(const RPCTable& table, const std::string& body, const std::string& uri,
                                   const std::string& user, const std::string& peer)
{
    try {
        UniValue value;
        if (!value.read(body)) {
            UniValue reply = JSONRPCReplyObj(NullUniValue, JSONRPCError(RPC_PARSE_ERROR, "Parse error"), NullUniValue,
                                             JSONRPCVersion::V1_LEGACY);
            return {HTTP_INTERNAL_SERVER_ERROR, reply.write() + "\n"};
        }
        if (value.isObject()) {
            int status = HTTP_OK;
            UniValue reply = ExecuteOne(table, value, uri, user, peer, &status);
            if (reply.isNull()) return {HTTP_NO_CONTENT, ""};
            return {status, reply.write() + "\n"};
        }
        if (value.isArray()) {
            if (value.empty()) {
                UniValue reply = JSONRPCReplyObj(NullUniValue, JSONRPCError(RPC_INVALID_REQUEST, "Empty batch"), NullUniValue,
                                                 JSONRPCVersion::V2);
                return {HTTP_OK, reply.write() + "\n"};
            }
            UniValue replies{UniValue::VARR};
            for (size_t i = 0; i < value.size(); ++i) {
                UniValue reply = ExecuteOne(table, value[i], uri, user, peer, nullptr);
                if (!reply.isNull()) replies.push_back(reply);
            }
            if (replies.empty()) return {HTTP_NO_CONTENT, ""};
            return {HTTP_OK, replies.write() + "\n"};
        }
        UniValue reply = JSONRPCReplyObj(NullUniValue, JSONRPCError(RPC_PARSE_ERROR, "Top-level object parse error"),
                                         NullUniValue, JSONRPCVersion::V1_LEGACY);
        return {HTTP_INTERNAL_SERVER_ERROR, reply.write() + "\n"};
    } catch (const std::exception& e) {
        UniValue reply = JSONRPCReplyObj(NullUniValue, JSONRPCError(RPC_INTERNAL_ERROR, e.what()), NullUniValue,
                                         JSONRPCVersion::V1_LEGACY);
        return {HTTP_INTERNAL_SERVER_ERROR, reply.write() + "\n"};
    }
}

} // namespace rpc
