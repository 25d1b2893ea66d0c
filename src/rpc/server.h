// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_RPC_SERVER_H
#define DOTS_RPC_SERVER_H

/**
 * RPCTable: the RPC methods the node serves and the dispatcher that checks a call against its
 * declaration and runs its handler; also `help`.
 */

#include <rpc/method.h>
#include <util/sync.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rpc {

/**
 * The table of RPC methods and the JSON-RPC dispatcher. Layers register their methods at init
 * (node/rpc/register.cpp), before the HTTP server starts; after that the table is read-only and
 * Execute may run on many worker threads at once.
 */
class RPCTable
{
public:
    explicit RPCTable(int rpc_port) : m_rpc_port{rpc_port} {}

    /**
     * Adds a method. `served` false declares a method of a subsystem this process does not run
     * (-siplisten=0, later -disablewallet): calls answer RPC_METHOD_NOT_FOUND and help omits it,
     * but Declarations() lists it, so that dots-cli's table (generated from it) covers it.
     * Registering a name twice or a declaration RPCDeclarationError rejects is a programming
     * error: it aborts, naming the problem.
     */
    void Register(RPCMethod method, bool served = true);

    /**
     * Runs one request: looks the method up, checks its arguments (CheckRPCParams), calls the
     * handler and turns anything it throws into RPC_MISC_ERROR. Errors: RPC_METHOD_NOT_FOUND
     * (also for a method not served), RPC_IN_WARMUP while warming up, and whatever the argument
     * check or handler reports.
     */
    RPCResponse Execute(const JSONRPCRequest& request) const;

    /** `help` output: all methods by category, or one method's full help. */
    RPCResponse Help(const std::optional<std::string>& method) const;

    /** Names of the served methods, sorted. */
    std::vector<std::string> ListMethods() const;
    /** A served method, or nullptr. */
    const RPCMethod* Find(const std::string& name) const;
    /** Every registered method, served or not, sorted by name. */
    std::vector<const RPCMethod*> Declarations() const;
    int RPCPort() const { return m_rpc_port; }

    /** While warming up every call except help/stop/uptime answers RPC_IN_WARMUP with `status`. */
    void SetWarmupStatus(const std::string& status) LOCKS_EXCLUDED(m_warmup_mutex);
    void SetWarmupFinished() LOCKS_EXCLUDED(m_warmup_mutex);

private:
    struct Entry {
        RPCMethod method;
        bool served;
    };
    std::map<std::string, Entry> m_methods;
    int m_rpc_port;
    mutable Mutex m_warmup_mutex;
    bool m_in_warmup GUARDED_BY(m_warmup_mutex){true};
    std::string m_warmup_status GUARDED_BY(m_warmup_mutex){"RPC server started"};
};

/** What the HTTP layer sends back for one JSON-RPC POST body. */
struct JSONRPCHTTPReply {
    int http_status;
    std::string body; //!< empty for 204
};

/**
 * Handles one HTTP body of JSON-RPC: a single request or a batch. Pure function of its inputs
 * (apart from the handlers it calls), so it is unit-tested without HTTP. Never throws.
 * Status codes follow Bitcoin Core: 1.0-style errors give 404 (method not found), 400 (invalid
 * request) or 500; JSON-RPC 2.0 replies and batches are 200; 2.0 notifications 204.
 */
JSONRPCHTTPReply HandleJSONRPCBody(const RPCTable& table, const std::string& body, const std::string& uri,
                                   const std::string& user, const std::string& peer);

} // namespace rpc

#endif // DOTS_RPC_SERVER_H
