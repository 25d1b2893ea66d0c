// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// What EventTransport adds to a plain TCP connection for TLS (RFC 3261 26, RFC 5630) and for
// WebSockets: the OpenSSL bufferevent, the handshake timeout and readiness, the per-IP limit,
// and RFC 5923 connection aliases.

#include <sip/transport/event_transport.h>

#include <sip/transport/tls_context.h>
#include <util/format.h>
#include <util/logging.h>

#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <cstring>
#include <unistd.h>

namespace sip {

namespace {
/** Aliases kept per connection: a client names one sent-by address, a few at most. */
constexpr size_t MAX_ALIASES_PER_CONNECTION = 4;
} // namespace

SockAddr EventTransport::IpKey(const SockAddr& address)
{
    SockAddr key = address.Normalized();
    key.SetPort(0);
    return key;
}

bufferevent* EventTransport::NewStreamBufferevent(int fd, Transport protocol, bool outgoing)
{
    if (protocol != Transport::TLS && protocol != Transport::WSS) return bufferevent_socket_new(m_base, fd, BEV_OPT_CLOSE_ON_FREE);
    if (!m_config.tls) return nullptr;
    SSL* ssl = outgoing ? m_config.tls->NewClientSession() : m_config.tls->NewServerSession();
    if (!ssl) return nullptr;
    bufferevent* bev = bufferevent_openssl_socket_new(m_base, fd, ssl, outgoing ? BUFFEREVENT_SSL_CONNECTING : BUFFEREVENT_SSL_ACCEPTING,
                                                      BEV_OPT_CLOSE_ON_FREE);
    if (!bev) {
        SSL_free(ssl);
        return nullptr;
    }
    // Many phones drop the TCP connection without a TLS close_notify: that is an ordinary
    // close, not an error (no truncation attack matters for SIP, whose messages are framed).
    bufferevent_openssl_set_allow_dirty_shutdown(bev, 1);
    return bev;
}

bool EventTransport::AcceptAllowed(const SockAddr& remote, Transport /*protocol*/)
{
    if (m_config.max_connections_per_ip == 0) return true;
    const auto it = m_per_ip.find(IpKey(remote));
    return it == m_per_ip.end() || it->second < m_config.max_connections_per_ip;
}

void EventTransport::ForgetConnection(const Connection& conn)
{
    auto drop = [&](const SockAddr& address) {
        auto it = m_by_remote.find(RemoteKey{conn.protocol, address});
        if (it != m_by_remote.end() && it->second == conn.id) m_by_remote.erase(it);
    };
    drop(conn.remote);
    for (const SockAddr& alias : conn.aliases) drop(alias);
    if (!conn.outgoing) {
        auto it = m_per_ip.find(IpKey(conn.remote));
        if (it != m_per_ip.end() && --it->second == 0) m_per_ip.erase(it);
    }
}

void EventTransport::SetReadTimeout(Connection& conn, int64_t ms)
{
    const timeval tv{static_cast<time_t>(ms / 1000), static_cast<suseconds_t>((ms % 1000) * 1000)};
    bufferevent_set_timeouts(conn.bev, &tv, nullptr);
}

void EventTransport::MarkReady(Connection& conn)
{
    conn.ready = true;
    SetReadTimeout(conn, conn.ws ? m_config.ws_ping_interval_ms : m_config.idle_timeout_ms);
}

std::string EventTransport::StreamErrorText(const Connection& conn, short what) const
{
    if (conn.outgoing && !conn.connected) {
        if (conn.protocol != Transport::TLS) return "failed to connect";
    } else if (what & BEV_EVENT_EOF) {
        return "closed by peer";
    }
    if (conn.protocol == Transport::TLS || conn.protocol == Transport::WSS) {
        // A failed handshake (a TLS 1.0 client, a client that distrusts our certificate) is
        // what an operator most needs to see: name OpenSSL's reason.
        if (const unsigned long err = bufferevent_get_openssl_error(conn.bev); err != 0) {
            char buf[256];
            ERR_error_string_n(err, buf, sizeof(buf));
            return StrFormat("TLS error%s: %s", conn.ready ? "" : " in the handshake", buf);
        }
        if (!conn.ready) return "failed in the TLS handshake";
    }
    const int err = EVUTIL_SOCKET_ERROR();
    return err != 0 ? StrFormat("failed: %s", std::strerror(err)) : std::string{"failed"};
}

void EventTransport::NoteAlias(const SipMessage& request, const Peer& from)
{
    // RFC 5923: a client that puts ";alias" in its Via asks us to send requests for its
    // sent-by address over this connection. Only its own IP may be aliased (another host's
    // address would let it capture that host's traffic); the port may differ (its listener).
    if (from.protocol != Transport::TCP && from.protocol != Transport::TLS) return;
    const Via* via = request.TopVia();
    if (!via || !via->params.Has("alias") || (via->host_type != HostType::IPV4 && via->host_type != HostType::IPV6)) return;
    const auto sent_by = SockAddr::FromIp(via->host, via->port.value_or(DefaultPort(from.protocol)));
    if (!sent_by || !sent_by->Normalized().SameIp(from.remote.Normalized())) return;
    const SockAddr alias = sent_by->Normalized();
    auto it = m_connections.find(from.connection_id);
    if (it == m_connections.end() || alias == it->second->remote) return;
    Connection& conn = *it->second;
    if (std::find(conn.aliases.begin(), conn.aliases.end(), alias) == conn.aliases.end()) {
        if (conn.aliases.size() >= MAX_ALIASES_PER_CONNECTION) return;
        conn.aliases.push_back(alias);
        LogDebug(BCLog::SIP, "sip: %s connection %llu from %s is also used for %s (alias)\n", std::string{TransportName(conn.protocol)}.c_str(),
                 (unsigned long long)conn.id, conn.remote.ToString().c_str(), alias.ToString().c_str());
    }
    m_by_remote[RemoteKey{conn.protocol, alias}] = conn.id;
}

} // namespace sip
