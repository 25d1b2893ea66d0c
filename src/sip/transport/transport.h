// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_TRANSPORT_TRANSPORT_H
#define DOTS_SIP_TRANSPORT_TRANSPORT_H

// The SIP transport layer's public interface (RFC 3261 section 18). The transaction layer
// talks to the network only through SipTransport (to send) and TransportSink (to receive), so
// it is tested with a fake transport and new transports (TLS, WebSocket per RFC 7118) slot in
// as further implementations without any change above this layer:
//  - a TLS transport is a stream transport like TCP: same framing, same connection table, its
//    own protocol value (Transport::TLS) in Destination/Peer;
//  - a WebSocket transport delivers one SIP message per WebSocket message (datagram framing,
//    ParseDatagram) but is reliable and connection-oriented: responses must go back over the
//    connection the request came on (connection_id), and IsReliable() is true.
//
// Threading: every SipTransport implementation here runs on the single SIP event-loop thread;
// Send() and the sink callbacks are called on that thread only. Statistics are atomics and
// may be read from any thread (TransportStats::Snapshot).

#include <sip/parser/message.h>
#include <sip/parser/via.h>
#include <sip/transport/address.h>

#include <cstdint>
#include <string_view>

namespace sip {

/** True for transports that retransmit themselves (TCP, TLS, SCTP, WS, WSS): RFC 3261 17
 *  timers A, E and G are not used and timers D, I, J, K are zero over them. */
inline bool IsReliable(Transport t) { return t != Transport::UDP; }

/** Identifies a connection of a stream transport; 0 means "none" (datagram, or unknown). */
using ConnectionId = uint64_t;

/**
 * Where a message goes. For stream transports the transport first tries `connection_id` (RFC
 * 3261 18.2.2: a response goes back over the connection its request came on), then any open
 * connection to `address` (connection reuse as in RFC 5923), and only then opens a new one.
 */
struct Destination {
    Transport protocol{Transport::UDP};
    SockAddr address;
    ConnectionId connection_id{0};
    /** UDP: the local address to send from, i.e. the socket a request arrived on, so that its
     *  responses leave by it on a multi-homed host (RFC 3261 18.2.2). Unset: any socket of
     *  the address family. */
    SockAddr local{};
};

/** Where a message came from. `local` is the listening address it arrived on. */
struct Peer {
    Transport protocol{Transport::UDP};
    SockAddr remote;
    SockAddr local;
    ConnectionId connection_id{0};
};

enum class SendStatus : uint8_t {
    OK,             // handed to the kernel or queued on a connection being opened
    NO_ROUTE,       // no socket/listener for this protocol and address family
    TOO_LARGE,      // over MAX_MESSAGE_SIZE, or a UDP datagram over the configured limit
    CONNECT_FAILED, // a new connection could not be started (limit reached, socket error)
    ERROR,          // the kernel refused the send, or the connection's output queue is full
};

/** Human-readable name of a SendStatus for log lines. Static storage. */
std::string_view SendStatusName(SendStatus status);

/** 5061 for TLS/WSS... per RFC 3261 19.1.2 (sips) and 5060 for everything else. */
uint16_t DefaultPort(Transport protocol);

/**
 * The ports a node listens on, per transport (0: not listening). Via sent-by and
 * Record-Route name the port of the transport a message leaves or arrives on; a URI or Via
 * naming any of them names this node. Implicitly built from the UDP/TCP port alone.
 */
struct ListenPorts {
    uint16_t sip{5060}; //!< UDP and TCP
    uint16_t tls{0};
    uint16_t ws{0};
    uint16_t wss{0};

    ListenPorts(uint16_t sip_port = 5060) : sip{sip_port} {}
    /** The port for a transport; the SIP port for UDP, TCP and anything unknown. */
    uint16_t For(Transport protocol) const;
    /** True if `port` is one of ours (0 never is). */
    bool Contains(uint16_t port) const { return port != 0 && (port == sip || port == tls || port == ws || port == wss); }
};

/**
 * Where responses to a request go (RFC 3261 18.2.2 with RFC 3581): over a reliable transport
 * the connection it came on, falling back to the source IP and the sent-by port; over UDP the
 * source IP (the "received" address) and the source port when the client asked for rport,
 * else the sent-by port (default 5060). `top_via` is the request's top Via.
 */
Destination ResponseDestination(const Via& top_via, const Peer& from);

/**
 * Sends serialized SIP messages. Implementations: EventTransport (UDP/TCP over libevent),
 * and test fakes. Not thread-safe: call on the SIP thread.
 */
class SipTransport
{
public:
    virtual ~SipTransport() = default;

    /**
     * Sends `bytes` (one complete SIP message) to `to`. The bytes are copied (or written)
     * before returning. A returned error is final for this message; a connection that fails
     * later (connect refused, reset with data still queued) is reported through
     * TransportSink::OnTransportError with the same Destination address and protocol. So is a
     * UDP datagram sent while the sink handles received datagrams (EventTransport queues those
     * and writes them together when the batch is handled) that the kernel then refuses.
     */
    [[nodiscard]] virtual SendStatus Send(const Destination& to, std::string_view bytes) = 0;
};

/**
 * Receives what the transport read. Parsing, size limits, malformed-request answers (400,
 * 505, ...), rate limiting and the RFC 3581 received/rport stamp are done before the sink
 * sees a message: every message passed here is a request or response whose Validate() was OK.
 */
class TransportSink
{
public:
    virtual ~TransportSink() = default;

    /** One valid message. The sink takes ownership. */
    virtual void OnMessage(SipMessage&& message, const Peer& from) = 0;

    /** A connection failed or closed with messages still queued for `to`; messages sent on it
     *  may be lost (RFC 3261 17.1.4 / 17.2.4 transport error). */
    virtual void OnTransportError(const Destination& to) = 0;
};

} // namespace sip

#endif // DOTS_SIP_TRANSPORT_TRANSPORT_H
