// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <rpc/httpserver.h>

#include <rpc/protocol.h>
#include <util/format.h>
#include <util/logging.h>
#include <util/sync.h>

#include <condition_variable>
#include <deque>
#include <thread>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/thread.h>

namespace rpc {

namespace {

/** Bounded FIFO of work items served by a fixed set of threads. */
class WorkQueue
{
public:
    explicit WorkQueue(size_t max_depth) : m_max_depth{max_depth} {}

    /** Returns false (and drops the item) when the queue is full or stopped. */
    bool Enqueue(std::function<void()> item)
    {
        {
            LOCK(m_mutex);
            if (!m_running || m_queue.size() >= m_max_depth) return false;
            m_queue.push_back(std::move(item));
        }
        m_cond.notify_one();
        return true;
    }

    /** Worker loop: runs items until Interrupt and the queue is empty. */
    void Run()
    {
        while (true) {
            std::function<void()> item;
            {
                UniqueLock lock{m_mutex};
                m_cond.wait(lock.native(), [&]() EXCLUSIVE_LOCKS_REQUIRED(m_mutex) { return !m_running || !m_queue.empty(); });
                if (m_queue.empty()) return; // stopped and drained
                item = std::move(m_queue.front());
                m_queue.pop_front();
            }
            item();
        }
    }

    void Interrupt()
    {
        {
            LOCK(m_mutex);
            m_running = false;
        }
        m_cond.notify_all();
    }

private:
    Mutex m_mutex;
    std::condition_variable m_cond;
    std::deque<std::function<void()>> m_queue GUARDED_BY(m_mutex);
    bool m_running GUARDED_BY(m_mutex){true};
    const size_t m_max_depth;
};

struct PathHandler {
    std::string prefix;
    bool exact_match;
    HTTPHandler handler;
};

std::string PeerString(evhttp_request* req, std::string* ip_out)
{
    evhttp_connection* conn = evhttp_request_get_connection(req);
    if (!conn) return "";
    char* address = nullptr;
    uint16_t port = 0;
    evhttp_connection_get_peer(conn, &address, &port);
    const std::string ip = address ? address : "";
    if (ip_out) *ip_out = ip;
    if (ip.find(':') != std::string::npos) return "[" + ip + "]:" + std::to_string(port);
    return ip + ":" + std::to_string(port);
}

} // namespace

struct HTTPServer::Impl {
    Options options;
    event_base* base{nullptr};
    evhttp* http{nullptr};
    std::vector<evhttp_bound_socket*> bound;
    std::vector<std::string> bound_names;
    std::vector<PathHandler> handlers; // written before Start only
    std::unique_ptr<WorkQueue> queue;
    std::thread event_thread;
    std::vector<std::thread> workers;
    bool started{false};
    bool stopped{false};

    bool ClientAllowed(const std::string& ip) const
    {
        const auto address = IPAddress::Parse(ip);
        if (!address) return false;
        if (address->IsLoopback()) return true;
        for (const Subnet& subnet : options.allow) {
            if (subnet.Match(*address)) return true;
        }
        return false;
    }

    static void RequestCallback(evhttp_request* req, void* arg) { static_cast<Impl*>(arg)->OnRequest(req); }

    void OnRequest(evhttp_request* req)
    {
        // Keep libevent from freeing the request if the client disconnects while a worker still
        // holds it (libevent < 2.1.9 bug); reading is re-enabled when the reply is sent.
        if (evhttp_connection* conn = evhttp_request_get_connection(req)) {
            bufferevent_disable(evhttp_connection_get_bufferevent(conn), EV_READ);
        }
        std::string ip;
        std::string peer = PeerString(req, &ip);
        auto request = std::make_unique<HTTPRequest>(req, base, peer);
        if (!ClientAllowed(ip)) {
            LogDebug(BCLog::HTTP, "HTTP request from %s rejected: not in -rpcallowip", peer.c_str());
            request->WriteReply(HTTP_FORBIDDEN);
            return;
        }
        if (request->GetMethod() == HTTPRequest::Method::OTHER) {
            request->WriteReply(HTTP_BAD_METHOD);
            return;
        }
        const std::string uri = request->GetURI();
        const std::string path = uri.substr(0, uri.find('?'));
        const PathHandler* best = nullptr;
        for (const PathHandler& h : handlers) {
            const bool match = h.exact_match ? path == h.prefix : path.starts_with(h.prefix);
            if (match && (!best || h.prefix.size() > best->prefix.size())) best = &h;
        }
        if (!best) {
            request->WriteReply(HTTP_NOT_FOUND);
            return;
        }
        LogDebug(BCLog::HTTP, "Received a %s request for %s from %s", evhttp_request_get_command(req) == EVHTTP_REQ_POST ? "POST" : "GET",
                 path.c_str(), peer.c_str());
        // std::function needs a copyable callable, so the request travels as a shared_ptr.
        auto shared = std::make_shared<std::unique_ptr<HTTPRequest>>(std::move(request));
        HTTPHandler handler = best->handler;
        if (!queue->Enqueue([shared, handler]() { handler(std::move(*shared)); })) {
            LogWarning("Request rejected because http work queue depth exceeded, it can be increased with the -rpcworkqueue= setting");
            (*shared)->WriteReply(HTTP_SERVICE_UNAVAILABLE, "Work queue depth exceeded");
        }
    }
};

HTTPServer::HTTPServer(std::unique_ptr<Impl> impl) : m_impl{std::move(impl)} {}

util::Result<std::unique_ptr<HTTPServer>> HTTPServer::Create(const Options& options)
{
    static const int threads_ready = evthread_use_pthreads(); // before any event_base
    if (threads_ready != 0) return util::Error{"libevent has no pthreads support"};
    auto impl = std::make_unique<Impl>();
    impl->options = options;
    impl->base = event_base_new();
    if (!impl->base) return util::Error{"Unable to create the libevent event base"};
    impl->http = evhttp_new(impl->base);
    if (!impl->http) return util::Error{"Unable to create the libevent HTTP server"};
    evhttp_set_timeout(impl->http, options.timeout_seconds);
    evhttp_set_max_headers_size(impl->http, options.max_headers_bytes);
    evhttp_set_max_body_size(impl->http, options.max_body_bytes);
    evhttp_set_allowed_methods(impl->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_HEAD | EVHTTP_REQ_PUT |
                                               EVHTTP_REQ_DELETE | EVHTTP_REQ_OPTIONS | EVHTTP_REQ_PATCH);
    evhttp_set_gencb(impl->http, &Impl::RequestCallback, impl.get());

    for (const auto& [host, port] : options.bind) {
        evhttp_bound_socket* socket = evhttp_bind_socket_with_handle(impl->http, host.c_str(), port);
        if (socket) {
            impl->bound.push_back(socket);
            impl->bound_names.push_back((host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port));
            LogInfo("Binding RPC on address %s port %u", host.c_str(), unsigned{port});
        } else {
            LogWarning("Binding RPC on address %s port %u failed.", host.c_str(), unsigned{port});
        }
    }
    if (impl->bound.empty()) {
        return util::Error{"Unable to bind any endpoint for RPC server (is another dotsd using the port? see -rpcport and -rpcbind)"};
    }
    impl->queue = std::make_unique<WorkQueue>(static_cast<size_t>(std::max(1, options.work_queue_depth)));
    return std::unique_ptr<HTTPServer>{new HTTPServer{std::move(impl)}};
}

HTTPServer::~HTTPServer()
{
    Interrupt();
    Stop();
    if (m_impl->http) evhttp_free(m_impl->http);
    if (m_impl->base) event_base_free(m_impl->base);
}

void HTTPServer::RegisterHandler(const std::string& prefix, bool exact_match, HTTPHandler handler)
{
    m_impl->handlers.push_back({prefix, exact_match, std::move(handler)});
}

void HTTPServer::Start()
{
    if (m_impl->started) return;
    m_impl->started = true;
    m_impl->event_thread = std::thread{[base = m_impl->base]() {
        SetThreadName("dots-http");
        // Keep running while idle: after Interrupt() removes the listeners, queued replies
        // (such as the one to "stop") must still be sent before Stop() ends the loop.
        event_base_loop(base, EVLOOP_NO_EXIT_ON_EMPTY);
    }};
    for (int i = 0; i < std::max(1, m_impl->options.worker_threads); ++i) {
        m_impl->workers.emplace_back([queue = m_impl->queue.get(), i]() {
            SetThreadName(StrFormat("dots-httpworker.%d", i).c_str());
            queue->Run();
        });
    }
}

void HTTPServer::Interrupt()
{
    if (!m_impl->http) return;
    // Stop accepting; connections already open are served until Stop.
    for (evhttp_bound_socket* socket : m_impl->bound) evhttp_del_accept_socket(m_impl->http, socket);
    m_impl->bound.clear();
    if (m_impl->queue) m_impl->queue->Interrupt();
}

void HTTPServer::Stop()
{
    if (m_impl->stopped) return;
    m_impl->stopped = true;
    for (auto& worker : m_impl->workers) worker.join();
    m_impl->workers.clear();
    if (m_impl->event_thread.joinable()) {
        // Give the loop a moment to flush queued replies, then make it exit.
        timeval tv{0, 100 * 1000};
        event_base_loopexit(m_impl->base, &tv);
        m_impl->event_thread.join();
    }
}

std::vector<std::string> HTTPServer::BoundAddresses() const
{
    return m_impl->bound_names;
}

// ---- HTTPRequest ----

HTTPRequest::HTTPRequest(evhttp_request* req, event_base* base, std::string peer)
    : m_req{req}, m_base{base}, m_peer{std::move(peer)}
{
}

HTTPRequest::~HTTPRequest()
{
    if (!m_replied) WriteReply(HTTP_INTERNAL_SERVER_ERROR, "Unhandled request");
}

HTTPRequest::Method HTTPRequest::GetMethod() const
{
    switch (evhttp_request_get_command(m_req)) {
    case EVHTTP_REQ_GET: return Method::GET;
    case EVHTTP_REQ_POST: return Method::POST;
    case EVHTTP_REQ_HEAD: return Method::HEAD;
    case EVHTTP_REQ_PUT: return Method::PUT;
    default: return Method::OTHER;
    }
}

std::string HTTPRequest::GetURI() const
{
    const char* uri = evhttp_request_get_uri(m_req);
    return uri ? uri : "";
}

std::optional<std::string> HTTPRequest::GetHeader(const std::string& name) const
{
    const char* value = evhttp_find_header(evhttp_request_get_input_headers(m_req), name.c_str());
    if (!value) return std::nullopt;
    return std::string{value};
}

std::optional<IPAddress> HTTPRequest::PeerAddress() const
{
    const size_t colon = m_peer.rfind(':');
    return IPAddress::Parse(m_peer.substr(0, colon));
}

std::string HTTPRequest::ReadBody()
{
    evbuffer* buf = evhttp_request_get_input_buffer(m_req);
    if (!buf) return {};
    const size_t size = evbuffer_get_length(buf);
    std::string body(size, '\0');
    if (size > 0) evbuffer_remove(buf, body.data(), size);
    return body;
}

void HTTPRequest::WriteHeader(const std::string& name, const std::string& value)
{
    evhttp_add_header(evhttp_request_get_output_headers(m_req), name.c_str(), value.c_str());
}

namespace {
struct PendingReply {
    evhttp_request* req;
    int status;
    evbuffer* body;
};

void SendReplyOnLoop(evutil_socket_t, short, void* arg)
{
    std::unique_ptr<PendingReply> reply{static_cast<PendingReply*>(arg)};
    evhttp_send_reply(reply->req, reply->status, nullptr, reply->body);
    evbuffer_free(reply->body);
    // Re-enable reading so libevent notices the next request or the client closing.
    if (evhttp_connection* conn = evhttp_request_get_connection(reply->req)) {
        bufferevent_enable(evhttp_connection_get_bufferevent(conn), EV_READ | EV_WRITE);
    }
}
} // namespace

void HTTPRequest::WriteReply(int status, const std::string& body)
{
    if (m_replied) return;
    m_replied = true;
    evbuffer* buf = evbuffer_new();
    if (!body.empty()) evbuffer_add(buf, body.data(), body.size());
    auto* pending = new PendingReply{m_req, status, buf};
    // evhttp is not thread-safe per request: the send must happen on the event loop thread.
    if (event_base_once(m_base, -1, EV_TIMEOUT, SendReplyOnLoop, pending, nullptr) != 0) {
        evbuffer_free(buf);
        delete pending;
    }
}

} // namespace rpc
