// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_RPC_HTTPSERVER_H
#define DOTS_RPC_HTTPSERVER_H

/**
 * The RPC server's HTTP layer on libevent: HTTPServer (listeners, allow list, work queue, worker
 * threads) and HTTPRequest, one request as a handler sees it.
 */

#include <util/netaddress.h>
#include <util/result.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

struct event_base;
struct evhttp_request;

namespace rpc {

/**
 * One HTTP request handed to a handler on a worker thread. The handler must call WriteReply
 * exactly once; if it is destroyed without a reply, a 500 is sent so the client never hangs.
 * Not thread-safe: owned by one worker at a time.
 */
class HTTPRequest
{
public:
    enum class Method { GET, POST, HEAD, PUT, OTHER };

    HTTPRequest(evhttp_request* req, struct event_base* base, std::string peer);
    ~HTTPRequest();
    HTTPRequest(const HTTPRequest&) = delete;
    HTTPRequest& operator=(const HTTPRequest&) = delete;

    Method GetMethod() const;
    std::string GetURI() const;
    /** Header value, or nullopt if absent. */
    std::optional<std::string> GetHeader(const std::string& name) const;
    /** Drains the request body (call once). */
    std::string ReadBody();
    /** Client address as "ip:port". */
    const std::string& Peer() const { return m_peer; }
    /** Client IP as parsed, or nullopt if libevent gave an unparsable address. */
    std::optional<IPAddress> PeerAddress() const;

    void WriteHeader(const std::string& name, const std::string& value);
    /** Queues the reply on the event loop thread. Safe to call from any thread, once. */
    void WriteReply(int status, const std::string& body = "");

private:
    evhttp_request* m_req;
    struct event_base* m_base;
    std::string m_peer;
    std::string m_peer_ip;
    bool m_replied{false};
};

/** Handles requests whose path starts with the registered prefix. Runs on a worker thread. */
using HTTPHandler = std::function<void(std::unique_ptr<HTTPRequest> request)>;

/**
 * An HTTP/1.1 server on libevent: one event-loop thread that accepts and parses, a bounded work
 * queue, and worker threads that run handlers. Requests from addresses outside the allow list
 * get 403; past the queue bound, 503. Bodies over the limit get 413 from libevent.
 * Lifecycle: Create → RegisterHandler... → Start → Interrupt → Stop. Thread-safe after Start.
 */
class HTTPServer
{
public:
    struct Options {
        std::vector<std::pair<std::string, uint16_t>> bind; //!< addresses to listen on
        std::vector<Subnet> allow;                           //!< besides loopback, which is always allowed
        int worker_threads{4};
        int work_queue_depth{16};
        int timeout_seconds{30};
        size_t max_body_bytes{32 * 1024 * 1024};
        size_t max_headers_bytes{8192};
    };

    /** Binds the listeners. Errors when no address could be bound (each failure is logged). */
    static util::Result<std::unique_ptr<HTTPServer>> Create(const Options& options);
    ~HTTPServer();

    /** Prefix match ("/" handles everything not matched by a longer prefix) or exact match. */
    void RegisterHandler(const std::string& prefix, bool exact_match, HTTPHandler handler);
    /** Starts the event loop and worker threads. */
    void Start();
    /** Stops accepting new connections and new work; in-flight requests still finish. */
    void Interrupt();
    /** Waits for workers to drain and the event loop to exit. Idempotent. */
    void Stop();

    /** The addresses actually bound, "ip:port". */
    std::vector<std::string> BoundAddresses() const;

    struct Impl;

private:
    explicit HTTPServer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace rpc

#endif // DOTS_RPC_HTTPSERVER_H
