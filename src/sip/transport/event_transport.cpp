// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/transport/event_transport.h>

#include <sip/parser/limits.h>
#include <sip/transport/inbound.h>
#include <sip/transport/udp_batch.h>
#include <sip/transport/udp_pktinfo.h>
#include <util/format.h>
#include <util/logging.h>

#include <event2/event.h>
#include <event2/listener.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace sip {

EventTransport::EventTransport(event_base* base, TransportSink& sink, EventTransportConfig config)
    : m_base{base}, m_sink{sink}, m_config{std::move(config)}, m_rate_limiter{m_config.rate_limit},
      m_udp_in{static_cast<size_t>(std::max(1, m_config.udp_batch)), MAX_MESSAGE_SIZE + 1}
{
}

EventTransport::~EventTransport()
{
    CloseAll();
}

int64_t EventTransport::NowMs() const
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

util::Result<void> EventTransport::Start()
{
    for (const ListenAddress& l : m_config.listen) {
        const bool secure = l.protocol == Transport::TLS || l.protocol == Transport::WSS;
        util::Result<void> r = l.protocol == Transport::UDP ? OpenUdp(l.address)
                               : secure && !m_config.tls    ? util::Result<void>{util::Error{"no TLS certificate"}}
                               : l.protocol != Transport::SCTP && l.protocol != Transport::OTHER
                                   ? OpenTcp(l.address, l.protocol)
                                   : util::Result<void>{util::Error{"unsupported transport"}};
        if (!r) {
            CloseAll();
            return util::Error{StrFormat("sip: cannot listen on %s %s: %s", std::string{TransportName(l.protocol)}.c_str(),
                                         l.address.ToString().c_str(), r.error().c_str())};
        }
    }
    for (const ListenAddress& b : m_bound) {
        LogInfo("sip: listening on %s %s\n", std::string{TransportName(b.protocol)}.c_str(), b.address.ToString().c_str());
    }
    return {};
}

static SockAddr LocalAddressOf(int fd)
{
    sockaddr_storage ss{};
    socklen_t len = sizeof(ss);
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return {};
    return SockAddr::FromSockaddr(reinterpret_cast<sockaddr*>(&ss), len).value_or(SockAddr{});
}

util::Result<void> EventTransport::OpenUdp(const SockAddr& address)
{
    int fd = socket(address.Family(), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP);
    if (fd < 0) return util::Error{std::strerror(errno)};
    const int one = 1;
    if (address.IsV6()) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    const int rcvbuf = 4 * 1024 * 1024;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)); // best effort
    if (bind(fd, address.Raw(), address.RawLen()) != 0) {
        const int err = errno;
        close(fd);
        return util::Error{std::strerror(err)};
    }
    auto sock = std::make_unique<UdpSocket>();
    sock->fd = fd;
    sock->local = LocalAddressOf(fd);
    sock->owner = this;
    if (IsWildcardAddress(sock->local)) {
        sock->wildcard = EnableDestinationInfo(fd, sock->local.Family());
        if (!sock->wildcard) {
            LogInfo("sip: %s cannot learn datagrams' destination addresses (%s): on a multi-homed host replies may "
                    "leave from another address\n", sock->local.ToString().c_str(), std::strerror(errno));
        }
    }
    sock->ev = event_new(m_base, fd, EV_READ | EV_PERSIST, &EventTransport::OnUdpReadable, sock.get());
    if (!sock->ev || event_add(sock->ev, nullptr) != 0) {
        if (sock->ev) event_free(sock->ev);
        close(fd);
        return util::Error{"event_add failed"};
    }
    m_bound.push_back({Transport::UDP, sock->local});
    m_udp.push_back(std::move(sock));
    return {};
}

util::Result<void> EventTransport::OpenTcp(const SockAddr& address, Transport protocol)
{
    int fd = socket(address.Family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
    if (fd < 0) return util::Error{std::strerror(errno)};
    const int one = 1;
    if (address.IsV6()) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, address.Raw(), address.RawLen()) != 0 || listen(fd, 1024) != 0) {
        const int err = errno;
        close(fd);
        return util::Error{std::strerror(err)};
    }
    auto l = std::make_unique<TcpListener>();
    l->owner = this;
    l->protocol = protocol;
    l->local = LocalAddressOf(fd);
    l->listener = evconnlistener_new(m_base, &EventTransport::OnAccept, l.get(), LEV_OPT_CLOSE_ON_FREE, -1, fd);
    if (!l->listener) {
        close(fd);
        return util::Error{"evconnlistener_new failed"};
    }
    m_bound.push_back({protocol, l->local});
    m_tcp.push_back(std::move(l));
    return {};
}

void EventTransport::CloseAll()
{
    while (!m_connections.empty()) RemoveConnection(*m_connections.begin()->second, /*report_error=*/false);
    for (auto& s : m_udp) {
        event_free(s->ev);
        close(s->fd);
    }
    m_udp.clear();
    for (auto& l : m_tcp) evconnlistener_free(l->listener);
    m_tcp.clear();
    m_bound.clear();
}

std::vector<ListenAddress> EventTransport::BoundAddresses() const
{
    return m_bound;
}

void EventTransport::OnUdpReadable(int /*fd*/, short /*what*/, void* arg)
{
    auto* sock = static_cast<UdpSocket*>(arg);
    sock->owner->ReadDatagrams(*sock);
}

void EventTransport::ReadDatagrams(UdpSocket& socket)
{
    // One recvmmsg reads every datagram waiting (up to the batch); fewer than asked means the
    // socket is empty, so no further read is made to find that out. What the sink sends while
    // it handles a batch (a 100 Trying and the forwarded INVITE, a response going upstream)
    // is queued and leaves with one sendmmsg when the batch is done.
    int budget = m_config.udp_reads_per_event;
    while (budget > 0) {
        const size_t want = std::min(static_cast<size_t>(budget), m_udp_in.Slots());
        const int got = m_udp_in.Receive(socket.fd, socket.wildcard, want);
        TransportStats::Add(m_stats.udp_receive_calls);
        if (got < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                LogDebug(BCLog::SIP, "sip: udp recvmmsg on %s failed: %s\n", socket.local.ToString().c_str(), std::strerror(errno));
            }
            return;
        }
        m_udp_batching = true;
        for (int i = 0; i < got; ++i) {
            const UdpReceiver::Datagram d = m_udp_in.Get(static_cast<size_t>(i), socket.local.Port());
            if (!d.remote) continue;
            TransportStats::Add(m_stats.bytes_in, d.length);
            if (d.length > MAX_MESSAGE_SIZE) {
                TransportStats::Add(m_stats.parse_errors);
                LogDebug(BCLog::SIP, "sip: dropped %zu-byte datagram from %s: too large\n", d.length, d.remote->ToString().c_str());
                continue;
            }
            const Peer from{Transport::UDP, *d.remote, d.local.value_or(socket.local), 0};
            Deliver(ParseDatagram(d.bytes), from);
        }
        m_udp_batching = false;
        FlushUdp();
        budget -= got;
        if (static_cast<size_t>(got) < want) return;
    }
}

void EventTransport::FlushUdp()
{
    // A failure reported here may make the sink send again (a 503 upstream for a failed
    // branch): those sends are made at once, or queued and flushed by this loop.
    while (!m_udp_out.Empty()) {
        m_udp_failed.clear();
        const UdpSendQueue::FlushResult r = m_udp_out.Flush(m_udp_failed);
        TransportStats::Add(m_stats.udp_send_calls, r.calls);
        TransportStats::Add(m_stats.messages_out, r.sent);
        TransportStats::Add(m_stats.bytes_out, r.bytes_sent);
        if (m_udp_failed.empty()) continue;
        const std::vector<UdpSendQueue::Failure> failed = std::move(m_udp_failed); // SendUdp reuses m_udp_failed
        m_udp_failed.clear();
        for (const UdpSendQueue::Failure& f : failed) {
            TransportStats::Add(m_stats.send_errors);
            LogDebug(BCLog::SIP, "sip: send of %zu bytes to %s over UDP failed: %s\n", f.bytes, f.to.address.ToString().c_str(),
                     std::strerror(f.error));
            // Send() said OK when it queued the datagram: report the failure as a stream
            // transport reports a connection lost with data queued (RFC 3261 17.1.4).
            m_sink.OnTransportError(f.to);
        }
    }
}

void EventTransport::Deliver(ParseResult&& parsed, const Peer& from)
{
    if (parsed.error == ParseError::KEEPALIVE) return;
    TransportStats::Add(m_stats.messages_in);
    const RateLimiter::Decision decision = m_rate_limiter.Check(from.remote, NowMs());
    if (decision.verdict != RateLimiter::Verdict::ALLOW) {
        TransportStats::Add(m_stats.rate_limited);
        if (decision.log) {
            LogInfo("sip: rate limit exceeded by %s, %s\n", from.remote.ToString().c_str(),
                    decision.verdict == RateLimiter::Verdict::REJECT ? "answering 503 then dropping" : "dropping");
        }
        if (decision.verdict == RateLimiter::Verdict::REJECT && parsed.message && parsed.message->IsRequest() &&
            CanAnswer(*parsed.message)) {
            Reply(*parsed.message, from, BuildRateLimitReply(*parsed.message, m_config.retry_after_seconds));
        }
        return;
    }
    const bool was_request = parsed.message && parsed.message->IsRequest();
    InboundResult in = ProcessInbound(std::move(parsed), from.remote);
    if (in.message) {
        if (from.connection_id != 0 && in.message->IsRequest()) NoteAlias(*in.message, from);
        m_sink.OnMessage(std::move(*in.message), from);
        return;
    }
    TransportStats::Add(m_stats.parse_errors);
    LogDebug(BCLog::SIP, "sip: malformed %s from %s (%s): %s\n", was_request ? "request" : "message",
             from.remote.ToString().c_str(), std::string{TransportName(from.protocol)}.c_str(),
             in.reply.empty() ? "dropped" : StrFormat("answered %d", ParseErrorStatus(in.error)).c_str());
    if (!in.reply.empty()) {
        // ProcessInbound consumed the message; answer where the datagram/connection came from.
        Destination to{from.protocol, from.remote, from.connection_id, from.local};
        TransportStats::Add(m_stats.error_responses);
        if (Send(to, in.reply) != SendStatus::OK) {
            LogDebug(BCLog::SIP, "sip: could not answer malformed request from %s\n", from.remote.ToString().c_str());
        }
    }
}

void EventTransport::Reply(const SipMessage& request, const Peer& from, std::string_view bytes)
{
    const Via* via = request.TopVia();
    Destination to = via ? ResponseDestination(*via, from) : Destination{from.protocol, from.remote, from.connection_id};
    TransportStats::Add(m_stats.error_responses);
    if (Send(to, bytes) != SendStatus::OK) {
        LogDebug(BCLog::SIP, "sip: could not answer %s\n", from.remote.ToString().c_str());
    }
}

SendStatus EventTransport::Send(const Destination& to, std::string_view bytes)
{
    SendStatus status = SendStatus::NO_ROUTE;
    if (bytes.size() > MAX_MESSAGE_SIZE) {
        status = SendStatus::TOO_LARGE;
    } else if (to.protocol == Transport::UDP) {
        status = SendUdp(to, bytes);
        if (status == SendStatus::OK) return status; // counted when it leaves (SendUdp, FlushUdp)
    } else if (to.protocol == Transport::TCP || to.protocol == Transport::TLS) {
        status = SendTcp(to, bytes);
    } else if (to.protocol == Transport::WS || to.protocol == Transport::WSS) {
        status = SendWebSocket(to, bytes);
    }
    if (status == SendStatus::OK) {
        TransportStats::Add(m_stats.messages_out);
        TransportStats::Add(m_stats.bytes_out, bytes.size());
    } else {
        TransportStats::Add(m_stats.send_errors);
        LogDebug(BCLog::SIP, "sip: send to %s over %s failed: %s\n", to.address.ToString().c_str(),
                 std::string{TransportName(to.protocol)}.c_str(), std::string{SendStatusName(status)}.c_str());
    }
    return status;
}

SendStatus EventTransport::SendUdp(const Destination& to, std::string_view bytes)
{
    const SockAddr dest = to.address.Normalized();
    // The socket the request came in on (multi-homed hosts), else the first of the family. A
    // wildcard socket that received it sends from the address the request reached.
    const UdpSocket* socket = nullptr;
    bool choose_source = false;
    for (const auto& s : m_udp) {
        if (s->local.Family() != dest.Family()) continue;
        if (!socket) socket = s.get();
        if (!to.local.IsSet()) break;
        if (s->local == to.local) {
            socket = s.get();
            choose_source = false;
            break;
        }
        if (s->wildcard && s->local.Port() == to.local.Port() && !choose_source) {
            socket = s.get();
            choose_source = true; // keep looking for a socket bound to that very address
        }
    }
    if (!socket) return SendStatus::NO_ROUTE;
    // The largest UDP payload (65,535 less the IP and UDP headers; IPv6 has no IP header
    // counted in its payload length): refuse at once rather than fail in the queue.
    if (bytes.size() > (dest.IsV6() ? 65527U : 65507U)) return SendStatus::TOO_LARGE;
    m_udp_out.Add(socket->fd, dest, choose_source ? to.local : SockAddr{}, bytes, to);
    if (m_udp_batching) return SendStatus::OK; // leaves with the batch (FlushUdp)
    // Outside a batch (timers, RPC, a stream's message): send now and report the result.
    m_udp_failed.clear();
    const UdpSendQueue::FlushResult r = m_udp_out.Flush(m_udp_failed);
    TransportStats::Add(m_stats.udp_send_calls, r.calls);
    if (r.sent == 1) {
        TransportStats::Add(m_stats.messages_out);
        TransportStats::Add(m_stats.bytes_out, r.bytes_sent);
        return SendStatus::OK;
    }
    return !m_udp_failed.empty() && m_udp_failed.front().error == EMSGSIZE ? SendStatus::TOO_LARGE : SendStatus::ERROR;
}

} // namespace sip
