// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_TRANSPORT_EVENT_TRANSPORT_H
#define DOTS_SIP_TRANSPORT_EVENT_TRANSPORT_H

/**
 * The SIP transport on libevent: UDP, TCP, TLS and WebSocket listeners and connections, framing,
 * limits, timeouts and the per-source rate limit, delivering parsed messages to a sink.
 */

#include <sip/parser/framing.h>
#include <sip/transport/rate_limiter.h>
#include <sip/transport/stats.h>
#include <sip/transport/transport.h>
#include <sip/transport/udp_batch.h>
#include <sip/transport/ws_session.h>
#include <util/result.h>

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

struct bufferevent;
struct event;
struct event_base;
struct evconnlistener;

namespace sip {

class TlsContext;
class WebFiles;

struct ListenAddress {
    Transport protocol{Transport::UDP}; // UDP, TCP, TLS, WS or WSS
    SockAddr address;                   // port 0 lets the kernel choose (tests)
};

struct EventTransportConfig {
    std::vector<ListenAddress> listen;
    /** Open TCP connections (both directions) at most; more incoming ones are closed at once. */
    size_t max_connections{4096};
    /** Connections accepted from one IP address at most (TCP, TLS, WS and WSS together). */
    size_t max_connections_per_ip{256};
    /** Certificate and key for the TLS and WSS listeners and for outgoing TLS; null: no TLS. */
    std::shared_ptr<const TlsContext> tls;
    /** A TLS handshake or WebSocket upgrade that has not finished by then is closed. */
    int64_t handshake_timeout_ms{10000};
    /** A WebSocket connection silent this long gets a ping; silent as long again, it closes. */
    int64_t ws_ping_interval_ms{30000};
    /** The browser phone, served on the WS and WSS ports under /phone/; null: none. */
    std::shared_ptr<const WebFiles> www;
    /** A connection with nothing read for this long is closed. */
    int64_t idle_timeout_ms{300000};
    /** Bytes queued for writing on one connection before sends to it fail (slow reader). */
    size_t max_output_queue{4 * 1024 * 1024};
    /** Datagrams read per readiness callback before yielding to other events. */
    int udp_reads_per_event{64};
    /** Datagrams read per system call (recvmmsg); each has a MAX_MESSAGE_SIZE buffer. */
    int udp_batch{16};
    RateLimitConfig rate_limit;
    /** Retry-After in the 503 answer to a rate-limited request. */
    uint32_t retry_after_seconds{5};
};

/**
 * UDP, TCP, TLS and WebSocket SIP transport on a libevent event_base (RFC 3261 18, RFC 7118):
 * listeners on every configured address (IPv4 and IPv6; IPv6 sockets are v6-only), a
 * connection table with reuse (by connection, by peer address and by RFC 5923 alias),
 * Content-Length framing on TCP/TLS and one message per WebSocket message on WS/WSS (with the
 * HTTP upgrade and the browser phone's files on the same port, ws_connection.cpp), idle and
 * handshake timeouts, total and per-IP connection limits, a per-source token-bucket rate
 * limit, malformed-request answers and the received/rport stamp (see inbound.h).
 *
 * Threading: everything, including the sink's callbacks, runs on the thread that runs
 * `base`'s loop; construct, Start and destroy it there or before the loop runs. Stats() may
 * be read from any thread.
 */
class EventTransport final : public SipTransport
{
public:
    /** `base` and `sink` must outlive this object. Nothing is opened until Start(). */
    EventTransport(event_base* base, TransportSink& sink, EventTransportConfig config);
    ~EventTransport() override;
    EventTransport(const EventTransport&) = delete;
    EventTransport& operator=(const EventTransport&) = delete;

    /** Opens every listener. On failure nothing stays open and the error names the address. */
    [[nodiscard]] util::Result<void> Start();

    [[nodiscard]] SendStatus Send(const Destination& to, std::string_view bytes) override;

    /** The addresses actually bound (with kernel-chosen ports), in config order. */
    std::vector<ListenAddress> BoundAddresses() const;
    /** Open TCP connections now. */
    size_t ConnectionCount() const { return m_connections.size(); }
    /** Closes a connection now (queued output is discarded). False if unknown. */
    bool CloseConnection(ConnectionId id);

    const TransportStats& Stats() const { return m_stats; }

    /** One stream connection (tcp_connection.cpp): TCP, TLS, WS or WSS. */
    struct Connection {
        ConnectionId id{0};
        Transport protocol{Transport::TCP};
        bufferevent* bev{nullptr};
        SockAddr remote;
        SockAddr local;
        bool outgoing{false};
        bool connected{false};
        bool closing{false}; // read side shut; freed once the output drained
        /** TLS handshake done and (WS/WSS) upgraded: the handshake timeout no longer applies. */
        bool ready{false};
        EventTransport* owner{nullptr};
        StreamFramer framer; // remembers how far the unconsumed input was already scanned
        std::vector<SockAddr> aliases; // RFC 5923 sent-by addresses that reuse this connection
        std::unique_ptr<WsSession> ws; // WS/WSS only
    };

private:
    struct UdpSocket {
        int fd{-1};
        SockAddr local;
        /** Bound to 0.0.0.0 or :: with IP_PKTINFO/IPV6_RECVPKTINFO on: each datagram's Peer has the
         *  address it reached, and replies to it leave from that address (udp_pktinfo.h). */
        bool wildcard{false};
        event* ev{nullptr};
        EventTransport* owner{nullptr};
    };
    struct TcpListener {
        evconnlistener* listener{nullptr};
        SockAddr local;
        Transport protocol{Transport::TCP};
        EventTransport* owner{nullptr};
    };
    /** Connections by peer: the protocol and the peer's address (or an alias of it). */
    struct RemoteKey {
        Transport protocol;
        SockAddr address;
        bool operator==(const RemoteKey& o) const { return protocol == o.protocol && address == o.address; }
    };
    struct RemoteKeyHash {
        size_t operator()(const RemoteKey& k) const { return k.address.Hash() ^ (static_cast<size_t>(k.protocol) << 1); }
    };

    static void OnUdpReadable(int fd, short what, void* arg);
    static void OnAccept(evconnlistener* listener, int fd, sockaddr* sa, int len, void* arg);
    util::Result<void> OpenUdp(const SockAddr& address);
    util::Result<void> OpenTcp(const SockAddr& address, Transport protocol);
    void CloseAll();
    void ReadDatagrams(UdpSocket& socket);
    SendStatus SendUdp(const Destination& to, std::string_view bytes);

    // tcp_connection.cpp
    SendStatus SendTcp(const Destination& to, std::string_view bytes);
    Connection* FindConnection(const Destination& to);
    Connection* AddConnection(int fd, const SockAddr& remote, const SockAddr& local, bool outgoing,
                              Transport protocol = Transport::TCP);
    void RemoveConnection(Connection& conn, bool report_error);
    void ReadStream(Connection& conn);
    bool HandleFrame(Connection& conn);
    void CloseAfterFlush(Connection& conn);
    static void OnConnRead(bufferevent* bev, void* arg);
    static void OnConnWrite(bufferevent* bev, void* arg);
    static void OnConnEvent(bufferevent* bev, short what, void* arg);

    // tls_stream.cpp: TLS sessions, limits, readiness, RFC 5923 aliases
    static SockAddr IpKey(const SockAddr& address); // the IP with port 0, for m_per_ip
    bufferevent* NewStreamBufferevent(int fd, Transport protocol, bool outgoing);
    bool AcceptAllowed(const SockAddr& remote, Transport protocol);
    void ForgetConnection(const Connection& conn);
    void SetReadTimeout(Connection& conn, int64_t ms);
    void MarkReady(Connection& conn);
    void NoteAlias(const SipMessage& request, const Peer& from);
    std::string StreamErrorText(const Connection& conn, short what) const;

    // ws_connection.cpp: HTTP upgrade, the phone's files and WebSocket frames on WS/WSS
    void ReadWebSocket(Connection& conn);
    bool HandleHttpRequest(Connection& conn);
    bool HandleWsFrame(Connection& conn);
    void WsIdle(Connection& conn);
    void WsClose(Connection& conn, uint16_t code, std::string_view reason);
    SendStatus SendWebSocket(const Destination& to, std::string_view bytes);

    /** UDP sends queued while a batch of datagrams is handled (SendUdp) leave together. */
    void FlushUdp();

    /** Rate limit, parse result handling, reply or delivery; shared by UDP and TCP. */
    void Deliver(ParseResult&& parsed, const Peer& from);
    /** Sends a reply generated by the transport itself (error or 503) back to `from`. */
    void Reply(const SipMessage& request, const Peer& from, std::string_view bytes);
    int64_t NowMs() const;

    event_base* m_base;
    TransportSink& m_sink;
    EventTransportConfig m_config;
    RateLimiter m_rate_limiter;
    TransportStats m_stats;
    std::vector<std::unique_ptr<UdpSocket>> m_udp;
    std::vector<std::unique_ptr<TcpListener>> m_tcp;
    std::vector<ListenAddress> m_bound;
    std::unordered_map<ConnectionId, std::unique_ptr<Connection>> m_connections;
    std::unordered_map<RemoteKey, ConnectionId, RemoteKeyHash> m_by_remote;
    std::unordered_map<SockAddr, size_t, SockAddrHash> m_per_ip; // accepted connections by IP (port 0)
    ConnectionId m_next_connection_id{1};
    UdpReceiver m_udp_in;
    /** UDP datagrams sent while m_udp_batching (the sink handling what ReadDatagrams read). */
    UdpSendQueue m_udp_out;
    std::vector<UdpSendQueue::Failure> m_udp_failed;
    bool m_udp_batching{false};
};

} // namespace sip

#endif // DOTS_SIP_TRANSPORT_EVENT_TRANSPORT_H
