// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// ConnectionManager's event loop ("dots-net"): listening, accepting, reading into the receive
// queues, write accounting, inactivity timeouts and closing connections. Everything here
// except ThreadEventLoop's caller and Wake-ups runs on the loop thread.

#include <net/connman.h>

#include <net/eviction.h>
#include <util/format.h>
#include <util/logging.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace net {

ConnectionManager::Listener::~Listener()
{
    if (listener) evconnlistener_free(listener);
}

util::Result<void> ConnectionManager::BindOne(const Service& addr, uint32_t permissions)
{
    sockaddr_storage storage;
    const size_t len = addr.ToSockAddr(storage);
    if (len == 0) return util::Error{"Cannot bind to " + addr.ToStringAddrPort()};
    const int fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
    if (fd < 0) return util::Error{StrFormat("Cannot create a socket for %s: %s", addr.ToStringAddrPort().c_str(), std::strerror(errno))};
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (addr.IsIPv6()) ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
    if (::bind(fd, reinterpret_cast<sockaddr*>(&storage), static_cast<socklen_t>(len)) != 0) {
        const int err = errno;
        CloseSocket(fd);
        if (err == EADDRINUSE) {
            return util::Error{StrFormat("Unable to bind to %s on this computer. DOTS is probably already running.",
                                         addr.ToStringAddrPort().c_str())};
        }
        return util::Error{StrFormat("Unable to bind to %s on this computer (bind returned error %s)",
                                     addr.ToStringAddrPort().c_str(), std::strerror(err))};
    }
    if (::listen(fd, SOMAXCONN) != 0) {
        const int err = errno;
        CloseSocket(fd);
        return util::Error{StrFormat("Cannot listen on %s: %s", addr.ToStringAddrPort().c_str(), std::strerror(err))};
    }
    sockaddr_storage bound_storage;
    socklen_t bound_len = sizeof(bound_storage);
    Service bound = addr;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&bound_storage), &bound_len) == 0) {
        if (auto actual = Service::FromSockAddr(reinterpret_cast<sockaddr*>(&bound_storage), bound_len)) bound = *actual;
    }
    auto listener = std::make_unique<Listener>();
    listener->owner = this;
    listener->addr = bound;
    listener->permissions = permissions;
    listener->listener = evconnlistener_new(m_base, AcceptCallback, listener.get(), LEV_OPT_CLOSE_ON_FREE, -1, fd);
    if (!listener->listener) {
        CloseSocket(fd);
        return util::Error{"Cannot listen on " + addr.ToStringAddrPort()};
    }
    LogInfo("Bound to %s", bound.ToStringAddrPort().c_str());
    m_bound.push_back(bound);
    m_listeners.push_back(std::move(listener));
    return {};
}

util::Result<void> ConnectionManager::BindListeners()
{
    m_timer = event_new(m_base, -1, EV_PERSIST, TimerCallback, this);
    m_wakeup = event_new(m_base, -1, EV_PERSIST, WakeupCallback, this);
    timeval one_second{1, 0};
    evtimer_add(m_timer, &one_second);
    for (const WhiteBindEntry& entry : m_options.whitebinds) {
        if (auto res = BindOne(entry.addr, entry.permissions); !res) return res;
    }
    if (!m_options.listen) return {};
    if (!m_options.binds.empty()) {
        for (const Service& addr : m_options.binds) {
            if (auto res = BindOne(addr, PF_NONE); !res) return res;
        }
        return {};
    }
    if (!m_options.whitebinds.empty()) return {};
    // Default: every interface, IPv6 and IPv4; one of them is enough.
    std::string errors;
    for (const char* any : {"::", "0.0.0.0"}) {
        const Service addr{*NetAddr::Parse(any), m_options.default_port};
        if (auto res = BindOne(addr, PF_NONE); !res) {
            LogWarning("%s", res.error().c_str());
            errors += res.error() + " ";
        }
    }
    if (m_bound.empty()) return util::Error{"Failed to listen on any port. Use -listen=0 if you want this. " + errors};
    return {};
}

void ConnectionManager::AcceptCallback(evconnlistener*, int fd, sockaddr* sa, int len, void* arg)
{
    auto* listener = static_cast<Listener*>(arg);
    const auto peer = Service::FromSockAddr(sa, static_cast<size_t>(len));
    if (!peer) {
        CloseSocket(fd);
        return;
    }
    listener->owner->OnAccept(fd, *peer, listener->addr, listener->permissions);
}

void ConnectionManager::OnAccept(int fd, const Service& peer, const Service& local, uint32_t bind_permissions)
{
    const uint32_t permissions = PermissionsFor(peer, local) | bind_permissions;
    const bool noban = permissions & PF_NOBAN;
    auto drop = [&](const char* why) {
        LogDebug(BCLog::NET, "connection from %s dropped (%s)", peer.ToStringAddrPort().c_str(), why);
        CloseSocket(fd);
    };
    if (!m_network_active || m_interrupt) return drop("not accepting P2P connections");
    if (!noban && m_banman.IsBanned(peer)) return drop("banned");
    const bool discouraged = !noban && m_banman.IsDiscouraged(peer);
    const int inbound = static_cast<int>(GetNodeCount(ConnectionDirection::INBOUND));
    if (discouraged && inbound + 1 >= m_max_inbound) return drop("discouraged");
    if (inbound >= m_max_inbound && !AttemptToEvictConnection()) return drop("inbound slots full and no peer to evict");

    // Our end of the connection, as the peer addressed it.
    sockaddr_storage storage;
    socklen_t storage_len = sizeof(storage);
    Service bind = local;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&storage), &storage_len) == 0) {
        if (auto actual = Service::FromSockAddr(reinterpret_cast<sockaddr*>(&storage), storage_len)) bind = *actual;
    }
    auto node = CreateNode(peer, bind, ConnectionType::INBOUND, "", permissions);
    node->prefer_evict = discouraged;
    LogDebug(BCLog::NET, "connection from %s accepted, peer=%lld", peer.ToStringAddrPort().c_str(), static_cast<long long>(node->id));
    AttachSocket(fd, node);
}

bool ConnectionManager::AttemptToEvictConnection()
{
    std::vector<EvictionCandidate> candidates;
    for (const auto& node : GetNodes()) {
        if (!node->IsInbound() || node->HasPermission(PF_NOBAN) || node->disconnect) continue;
        candidates.push_back(EvictionCandidate{
            node->id, node->connected_time, node->min_ping_us, node->last_block_time, node->last_tx_time,
            node->relays_txs, node->keyed_netgroup, node->prefer_evict, node->addr.IsLocal(), node->addr.GetNetwork()});
    }
    const auto victim = SelectNodeToEvict(std::move(candidates));
    if (!victim) return false;
    if (const auto node = FindNode(*victim)) {
        LogDebug(BCLog::NET, "selected peer=%lld (%s) for eviction to make room", static_cast<long long>(*victim),
                 node->addr.ToStringAddrPort().c_str());
        node->disconnect = true;
        return true;
    }
    return false;
}

void ConnectionManager::AttachSocket(int fd, const std::shared_ptr<Node>& node)
{
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    evutil_make_socket_nonblocking(fd);
    bufferevent* bev = bufferevent_socket_new(
        m_base, fd, BEV_OPT_CLOSE_ON_FREE | BEV_OPT_THREADSAFE | BEV_OPT_DEFER_CALLBACKS | BEV_OPT_UNLOCK_CALLBACKS);
    if (!bev) {
        CloseSocket(fd);
        LOCK(m_nodes_mutex);
        m_closed_nodes.push_back(node);
        return;
    }
    auto conn = std::make_unique<Connection>();
    conn->owner = this;
    conn->node = node;
    bufferevent_setcb(bev, ReadCallback, WriteCallback, EventCallback, conn.get());
    // The write callback fires once the output drained to half the limit: time to resume sending.
    bufferevent_setwatermark(bev, EV_WRITE, m_options.max_send_buffer / 2, 0);
    evbuffer_add_cb(bufferevent_get_output(bev), OutputCallback, conn.get());
    bufferevent_enable(bev, EV_READ | EV_WRITE);
    {
        LOCK(node->m_send_mutex);
        node->bev = bev;
    }
    m_connections[node->id] = std::move(conn);
    {
        LOCK(m_nodes_mutex);
        m_nodes.push_back(node);
        m_new_nodes.push_back(node);
    }
    WakeMessageHandler();
}

void ConnectionManager::ReadCallback(bufferevent* bev, void* arg)
{
    auto* conn = static_cast<Connection*>(arg);
    conn->owner->OnReadable(*conn, bev);
}

void ConnectionManager::OnReadable(Connection& conn, bufferevent* bev)
{
    Node& node = *conn.node;
    evbuffer* input = bufferevent_get_input(bev);
    const size_t available = evbuffer_get_length(input);
    if (available == 0) return;
    node.bytes_recv += available;
    m_total_bytes_recv += available;
    node.last_recv = Now();
    bool got_message = false;
    // Everything libevent read is framed now (at most one read's worth beyond the limit), so
    // nothing is left in the input buffer while reading is paused.
    while (evbuffer_get_length(input) > 0 && !node.disconnect) {
        evbuffer_iovec chunk;
        if (evbuffer_peek(input, -1, nullptr, &chunk, 1) < 1) break;
        const size_t used = node.reader.Feed({static_cast<const uint8_t*>(chunk.iov_base), chunk.iov_len});
        evbuffer_drain(input, used);
        if (node.reader.Failed()) {
            LogInfo("Disconnecting peer=%lld addr=%s: %s", static_cast<long long>(node.id),
                    node.addr.ToStringAddrPort().c_str(), node.reader.Error().c_str());
            node.disconnect = true;
            break;
        }
        if (node.reader.Complete()) {
            NetMessage msg = node.reader.Take();
            node.RecordReceived(msg.type, msg.wire_size);
            const size_t queued = node.PushReceived(std::move(msg));
            got_message = true;
            if (queued > m_options.max_receive_buffer && !node.pause_recv) {
                bufferevent_disable(bev, EV_READ);
                node.pause_recv = true;
            }
        }
    }
    if (got_message) WakeMessageHandler();
    if (node.disconnect) event_active(m_wakeup, EV_READ, 0);
}

void ConnectionManager::WriteCallback(bufferevent* bev, void* arg)
{
    auto* conn = static_cast<Connection*>(arg);
    Node& node = *conn->node;
    if (node.pause_send && evbuffer_get_length(bufferevent_get_output(bev)) <= conn->owner->m_options.max_send_buffer) {
        node.pause_send = false;
        conn->owner->WakeMessageHandler();
    }
}

void ConnectionManager::OutputCallback(evbuffer*, const evbuffer_cb_info* info, void* arg)
{
    if (info->n_deleted == 0) return;
    auto* conn = static_cast<Connection*>(arg);
    conn->node->bytes_sent += info->n_deleted;
    conn->node->last_send = conn->owner->Now();
    conn->owner->m_total_bytes_sent += info->n_deleted;
}

void ConnectionManager::EventCallback(bufferevent*, short what, void* arg)
{
    auto* conn = static_cast<Connection*>(arg);
    Node& node = *conn->node;
    if (what & BEV_EVENT_EOF) {
        LogDebug(BCLog::NET, "peer=%lld closed the connection", static_cast<long long>(node.id));
    } else if (what & BEV_EVENT_ERROR) {
        LogDebug(BCLog::NET, "socket error on peer=%lld: %s", static_cast<long long>(node.id),
                 evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
    } else {
        return;
    }
    node.disconnect = true;
    event_active(conn->owner->m_wakeup, EV_READ, 0);
}

void ConnectionManager::TimerCallback(int, short, void* arg)
{
    static_cast<ConnectionManager*>(arg)->OnTimer();
}

void ConnectionManager::WakeupCallback(int, short, void* arg)
{
    auto* self = static_cast<ConnectionManager*>(arg);
    if (self->m_interrupt) {
        event_base_loopbreak(self->m_base);
        return;
    }
    std::vector<PendingSocket> pending;
    {
        LOCK(self->m_nodes_mutex);
        pending.swap(self->m_pending);
    }
    for (PendingSocket& p : pending) self->AttachSocket(p.fd, p.node);
    self->CloseDisconnected();
}

void ConnectionManager::OnTimer()
{
    if (m_interrupt) {
        event_base_loopbreak(m_base);
        return;
    }
    const int64_t now = Now();
    for (const auto& node : GetNodes()) InactivityCheck(*node, now);
    CloseDisconnected();
}

void ConnectionManager::InactivityCheck(Node& node, int64_t now)
{
    if (node.disconnect || now < node.connected_time + m_options.peer_connect_timeout) return;
    std::string reason;
    if (node.last_recv == 0 || node.last_send == 0) {
        reason = StrFormat("socket no message in first %lld seconds", static_cast<long long>(m_options.peer_connect_timeout));
    } else if (now - node.last_send > TIMEOUT_INTERVAL) {
        reason = "socket sending timeout";
    } else if (now - node.last_recv > TIMEOUT_INTERVAL) {
        reason = "socket receive timeout";
    } else if (!node.successfully_connected) {
        reason = "version handshake timeout";
    } else {
        return;
    }
    LogDebug(BCLog::NET, "%s, disconnecting peer=%lld", reason.c_str(), static_cast<long long>(node.id));
    node.disconnect = true;
}

void ConnectionManager::CloseDisconnected()
{
    std::vector<std::shared_ptr<Node>> closing;
    {
        LOCK(m_nodes_mutex);
        for (auto it = m_nodes.begin(); it != m_nodes.end();) {
            if ((*it)->disconnect) {
                closing.push_back(*it);
                m_closed_nodes.push_back(*it);
                it = m_nodes.erase(it);
            } else {
                ++it;
            }
        }
    }
    if (closing.empty()) return;
    const int64_t now = Now();
    for (const auto& node : closing) {
        {
            LOCK(node->m_send_mutex);
            if (node->bev) {
                const auto it = m_connections.find(node->id);
                if (it != m_connections.end()) evbuffer_remove_cb(bufferevent_get_output(node->bev), OutputCallback, it->second.get());
                bufferevent_free(node->bev);
            }
            node->bev = nullptr;
        }
        m_connections.erase(node->id);
        if (node->IsOutboundOrBlockRelay() && node->successfully_connected) m_addrman.Connected(node->addr, now);
        LogDebug(BCLog::NET, "disconnected peer=%lld (%s)", static_cast<long long>(node->id), node->addr.ToStringAddrPort().c_str());
    }
    WakeMessageHandler();
    m_sleep_cv.notify_all(); // a free slot for the outbound threads
}

void ConnectionManager::ThreadEventLoop()
{
    SetThreadName("dots-net");
    while (!m_interrupt) {
        event_base_loop(m_base, EVLOOP_NO_EXIT_ON_EMPTY);
    }
}

} // namespace net
