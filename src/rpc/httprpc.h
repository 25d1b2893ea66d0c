// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_RPC_HTTPRPC_H
#define DOTS_RPC_HTTPRPC_H

/**
 * The JSON-RPC endpoint of the HTTP server: POST "/" and "/wallet/<name>", authenticated and handed
 * to the RPC table.
 */

namespace rpc {

class HTTPServer;
class RPCAuthenticator;
class RPCTable;

/**
 * Serves JSON-RPC on POST "/" and "/wallet/<name>": checks HTTP basic auth (401 with a
 * WWW-Authenticate header on failure, after a short delay against brute force), then hands the
 * body to HandleJSONRPCBody. `table` and `auth` must outlive the server.
 */
void RegisterJSONRPCHandlers(HTTPServer& server, const RPCTable& table, const RPCAuthenticator& auth);

} // namespace rpc

#endif // DOTS_RPC_HTTPRPC_H
