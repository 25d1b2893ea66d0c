// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <rpc/httprpc.h>

#include <rpc/auth.h>
#include <rpc/httpserver.h>
#include <rpc/protocol.h>
#include <rpc/server.h>
#include <util/logging.h>

#include <chrono>
#include <thread>

namespace rpc {

namespace {
void HandleJSONRPC(std::unique_ptr<HTTPRequest> req, const RPCTable& table, const RPCAuthenticator& auth)
{
    if (req->GetMethod() != HTTPRequest::Method::POST) {
        req->WriteReply(HTTP_BAD_METHOD, "JSONRPC server handles only POST requests");
        return;
    }
    const std::optional<std::string> header = req->GetHeader("authorization");
    const std::optional<std::string> user = header ? auth.Check(*header) : std::nullopt;
    if (!user) {
        if (header) {
            LogWarning("ThreadRPCServer incorrect password attempt from %s", req->Peer().c_str());
            // Slow down password guessing; this runs on a worker thread, not the event loop.
            std::this_thread::sleep_for(std::chrono::milliseconds{250});
        }
        req->WriteHeader("WWW-Authenticate", "Basic realm=\"jsonrpc\"");
        req->WriteReply(HTTP_UNAUTHORIZED);
        return;
    }
    const std::string body = req->ReadBody();
    const JSONRPCHTTPReply reply = HandleJSONRPCBody(table, body, req->GetURI(), *user, req->Peer());
    if (!reply.body.empty()) req->WriteHeader("Content-Type", "application/json");
    req->WriteReply(reply.http_status, reply.body);
}
} // namespace

void RegisterJSONRPCHandlers(HTTPServer& server, const RPCTable& table, const RPCAuthenticator& auth)
{
    auto handler = [&table, &auth](std::unique_ptr<HTTPRequest> req) { HandleJSONRPC(std::move(req), table, auth); };
    server.RegisterHandler("/", /*exact_match=*/true, handler);
    server.RegisterHandler("/wallet/", /*exact_match=*/false, handler);
}

} // namespace rpc
