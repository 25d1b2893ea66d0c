// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The stream half of EventTransport: the connection table (TCP, TLS, WS, WSS), SIP stream
// framing on TCP and TLS, and connection reuse.

#include <sip/transport/event_transport.h>

#include <sip/parser/builder.h>
#include <sip/parser/framing.h>
#include <sip/parser/limits.h>
#include <sip/transport/inbound.h>
#include <util/format.h>
#include <util/logging.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace sip {

void EventTransport::OnAccept(evconnlistener* /*listener*/, int fd, sockaddr* sa, int len, void* arg)
{
    auto* l = static_cast<TcpListener*>(arg);
    EventTransport& self = *l->owner;
    auto remote = SockAddr::FromSockaddr(sa, static_cast<socklen_t>(len));
    const char* refused = !remote                                                     ? "bad address"
                          : self.m_connections.size() >= self.m_config.max_connections ? "connection limit reached"
                          : !self.AcceptAllowed(*remote, l->protocol)                  ? "per-IP connection limit reached"
                                                                                       : nullptr;
    const std::string name{TransportName(l->protocol)};
    if (refused) {
        TransportStats::Add(self.m_stats.connections_rejected);
        LogDebug(BCLog::SIP, "sip: refused %s connection from %s: %s\n", name.c_str(), remote ? remote->ToString().c_str() : "?", refused);
        close(fd);
        return;
    }
    TransportStats::Add(self.m_stats.connections_accepted);
    Connection* conn = self.AddConnection(fd, *remote, l->local, /*outgoing=*/false, l->protocol);
    if (conn) LogDebug(BCLog::SIP, "sip: %s connection %llu from %s\n", name.c_str(), (unsigned long long)conn->id, remote->ToString().c_str());
}

EventTransport::Connection* EventTransport::AddConnection(int fd, const SockAddr& remote, const SockAddr& local, bool outgoing,
                                                          Transport protocol)
{
    bufferevent* bev = NewStreamBufferevent(fd, protocol, outgoing);
    if (!bev) {
        if (fd >= 0) close(fd);
        return nullptr;
    }
    auto conn = std::make_unique<Connection>();
    conn->id = m_next_connection_id++;
    conn->protocol = protocol;
    conn->ready = protocol == Transport::TCP; // TLS: after the handshake; WS/WSS: after the upgrade
    if (protocol == Transport::WS || protocol == Transport::WSS) conn->ws = std::make_unique<WsSession>();
    conn->bev = bev;
    conn->remote = remote.Normalized();
    conn->local = local;
    conn->outgoing = outgoing;
    conn->connected = !outgoing;
    conn->owner = this;
    bufferevent_setcb(bev, &EventTransport::OnConnRead, &EventTransport::OnConnWrite, &EventTransport::OnConnEvent, conn.get());
    SetReadTimeout(*conn, conn->ready ? m_config.idle_timeout_ms : m_config.handshake_timeout_ms);
    bufferevent_enable(bev, EV_READ | EV_WRITE);
    if (fd >= 0) {
        const int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
    Connection* raw = conn.get();
    m_by_remote[RemoteKey{protocol, raw->remote}] = raw->id; // the newest connection to a peer wins
    if (!outgoing) ++m_per_ip[IpKey(raw->remote)];
    m_connections.emplace(raw->id, std::move(conn));
    m_stats.connections_current.store(m_connections.size(), std::memory_order_relaxed);
    return raw;
}

void EventTransport::RemoveConnection(Connection& conn, bool report_error)
{
    const bool had_output = conn.bev && evbuffer_get_length(bufferevent_get_output(conn.bev)) > 0;
    const Destination dest{conn.protocol, conn.remote, conn.id};
    ForgetConnection(conn);
    if (conn.bev) bufferevent_free(conn.bev);
    m_connections.erase(conn.id); // destroys conn
    TransportStats::Add(m_stats.connections_closed);
    m_stats.connections_current.store(m_connections.size(), std::memory_order_relaxed);
    if (report_error && had_output) m_sink.OnTransportError(dest);
}

bool EventTransport::CloseConnection(ConnectionId id)
{
    auto it = m_connections.find(id);
    if (it == m_connections.end()) return false;
    RemoveConnection(*it->second, /*report_error=*/false);
    return true;
}

void EventTransport::OnConnRead(bufferevent* /*bev*/, void* arg)
{
    auto* conn = static_cast<Connection*>(arg);
    conn->owner->ReadStream(*conn);
}

void EventTransport::OnConnWrite(bufferevent* /*bev*/, void* arg)
{
    auto* conn = static_cast<Connection*>(arg);
    // Called when the output buffer drained: a closing connection can go now.
    if (conn->closing) conn->owner->RemoveConnection(*conn, /*report_error=*/false);
}

void EventTransport::OnConnEvent(bufferevent* /*bev*/, short what, void* arg)
{
    auto* conn = static_cast<Connection*>(arg);
    EventTransport& self = *conn->owner;
    const std::string name{TransportName(conn->protocol)};
    if (what & BEV_EVENT_CONNECTED) {
        // TCP: connected; TLS and WSS (accepted or opened): the handshake is done.
        conn->connected = true;
        if (conn->protocol == Transport::TLS) self.MarkReady(*conn);
        LogDebug(BCLog::SIP, "sip: %s connection %llu with %s established\n", name.c_str(), (unsigned long long)conn->id,
                 conn->remote.ToString().c_str());
        return;
    }
    if (what & BEV_EVENT_TIMEOUT) {
        if (conn->ready && conn->ws) return self.WsIdle(*conn);
        LogDebug(BCLog::SIP, "sip: %s connection %llu with %s %s, closing\n", name.c_str(), (unsigned long long)conn->id,
                 conn->remote.ToString().c_str(), conn->ready ? "idle" : "did not finish its handshake in time");
        self.RemoveConnection(*conn, /*report_error=*/false);
        return;
    }
    // EOF or error. A connect that failed, or a close with data still queued, is a transport
    // error for whatever was sent on it.
    const bool failed_connect = conn->outgoing && !conn->connected;
    LogDebug(BCLog::SIP, "sip: %s connection %llu with %s %s\n", name.c_str(), (unsigned long long)conn->id,
             conn->remote.ToString().c_str(), self.StreamErrorText(*conn, what).c_str());
    if (failed_connect) {
        const Destination dest{conn->protocol, conn->remote, conn->id};
        self.RemoveConnection(*conn, /*report_error=*/false);
        self.m_sink.OnTransportError(dest);
        return;
    }
    self.RemoveConnection(*conn, /*report_error=*/true);
}

void EventTransport::CloseAfterFlush(Connection& conn)
{
    conn.closing = true;
    bufferevent_disable(conn.bev, EV_READ);
    if (evbuffer_get_length(bufferevent_get_output(conn.bev)) == 0) RemoveConnection(conn, /*report_error=*/false);
}

void EventTransport::ReadStream(Connection& conn)
{
    // Frames are handled one by one until the buffer needs more bytes. Every frame handled
    // drains at least one byte, so this ends within the bytes libevent just read. HandleFrame
    // may delete `conn` (the user closed it, or a framing error), so the id is re-checked.
    if (conn.ws) return ReadWebSocket(conn);
    const ConnectionId id = conn.id;
    for (;;) {
        auto it = m_connections.find(id);
        if (it == m_connections.end() || it->second->closing) return;
        if (!HandleFrame(*it->second)) return;
    }
}

bool EventTransport::HandleFrame(Connection& conn)
{
    evbuffer* input = bufferevent_get_input(conn.bev);
    const size_t available = evbuffer_get_length(input);
    if (available == 0) return false;
    const size_t window = std::min(available, MAX_MESSAGE_SIZE + 1);
    const uint8_t* data = evbuffer_pullup(input, static_cast<ev_ssize_t>(window));
    if (!data) return false;
    // The per-connection framer scans only bytes it has not seen, so a peer trickling a large
    // header one byte per read costs linear, not quadratic, work.
    const FrameResult frame = conn.framer.Next(std::span<const uint8_t>{data, window});
    if (frame.status != FrameStatus::NEED_MORE && frame.status != FrameStatus::ERROR &&
        (frame.length == 0 || frame.length > window)) {
        return false; // cannot happen with a correct framer; never spin or over-read
    }
    switch (frame.status) {
    case FrameStatus::NEED_MORE:
        return false;
    case FrameStatus::KEEPALIVE_PING:
        evbuffer_drain(input, frame.length);
        bufferevent_write(conn.bev, "\r\n", 2); // RFC 5626 4.4.1 pong
        return true;
    case FrameStatus::KEEPALIVE:
        evbuffer_drain(input, frame.length);
        return true;
    case FrameStatus::MESSAGE: {
        TransportStats::Add(m_stats.bytes_in, frame.length);
        ParseResult parsed = ParseStreamMessage(std::span<const uint8_t>{data, frame.length});
        evbuffer_drain(input, frame.length);
        const Peer from{conn.protocol, conn.remote, conn.local, conn.id};
        Deliver(std::move(parsed), from); // may close `conn`
        return true;
    }
    case FrameStatus::ERROR: {
        TransportStats::Add(m_stats.parse_errors);
        TransportStats::Add(m_stats.bytes_in, window);
        // Answer if the bytes so far still show a request we can address, then close: the
        // stream cannot be resynchronised.
        ParseResult parsed = ParseDatagram(std::span<const uint8_t>{data, std::min(window, MAX_MESSAGE_SIZE)});
        const int status = ParseErrorStatus(frame.error) != 0 ? ParseErrorStatus(frame.error) : 400;
        const bool answer = parsed.message && parsed.message->IsRequest() && CanAnswer(*parsed.message);
        LogDebug(BCLog::SIP, "sip: framing error (%s) on %s connection %llu from %s, %s\n",
                 std::string{ParseErrorReason(frame.error)}.c_str(), std::string{TransportName(conn.protocol)}.c_str(),
                 (unsigned long long)conn.id, conn.remote.ToString().c_str(),
                 answer ? StrFormat("answering %d and closing", status).c_str() : "closing");
        if (answer) {
            const std::string reply = BuildResponse(*parsed.message, static_cast<uint16_t>(status), ParseErrorReason(frame.error));
            TransportStats::Add(m_stats.error_responses);
            if (bufferevent_write(conn.bev, reply.data(), reply.size()) == 0) {
                TransportStats::Add(m_stats.messages_out);
                TransportStats::Add(m_stats.bytes_out, reply.size());
            }
        }
        evbuffer_drain(input, available);
        CloseAfterFlush(conn);
        return false;
    }
    }
    return false;
}

EventTransport::Connection* EventTransport::FindConnection(const Destination& to)
{
    if (to.connection_id != 0) {
        auto it = m_connections.find(to.connection_id);
        if (it != m_connections.end() && !it->second->closing && it->second->protocol == to.protocol) return it->second.get();
    }
    if (to.address.IsSet()) {
        auto it = m_by_remote.find(RemoteKey{to.protocol, to.address.Normalized()});
        if (it != m_by_remote.end()) {
            auto c = m_connections.find(it->second);
            if (c != m_connections.end() && !c->second->closing) return c->second.get();
        }
    }
    return nullptr;
}

SendStatus EventTransport::SendTcp(const Destination& to, std::string_view bytes)
{
    Connection* conn = FindConnection(to);
    if (!conn) {
        if (!to.address.IsSet() || (to.protocol == Transport::TLS && !m_config.tls)) return SendStatus::NO_ROUTE;
        if (m_connections.size() >= m_config.max_connections) return SendStatus::CONNECT_FAILED;
        const SockAddr dest = to.address.Normalized();
        conn = AddConnection(-1, dest, SockAddr{}, /*outgoing=*/true, to.protocol);
        if (!conn) return SendStatus::CONNECT_FAILED;
        if (bufferevent_socket_connect(conn->bev, dest.Raw(), static_cast<int>(dest.RawLen())) != 0) {
            RemoveConnection(*conn, /*report_error=*/false);
            return SendStatus::CONNECT_FAILED;
        }
        TransportStats::Add(m_stats.connections_opened);
        LogDebug(BCLog::SIP, "sip: opening %s connection %llu to %s\n", std::string{TransportName(to.protocol)}.c_str(),
                 (unsigned long long)conn->id, dest.ToString().c_str());
    }
    evbuffer* output = bufferevent_get_output(conn->bev);
    if (evbuffer_get_length(output) + bytes.size() > m_config.max_output_queue) return SendStatus::ERROR;
    if (bufferevent_write(conn->bev, bytes.data(), bytes.size()) != 0) return SendStatus::ERROR;
    return SendStatus::OK;
}

} // namespace sip
