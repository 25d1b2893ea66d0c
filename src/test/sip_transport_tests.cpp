// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// SIP transport over real sockets on 127.0.0.1 (UDP and TCP), plus the socket-free inbound
// rules (received/rport stamp, malformed-request answers, rate limiter).

#include <sip/parser/builder.h>
#include <sip/parser/message.h>
#include <sip/transport/event_transport.h>
#include <sip/transport/inbound.h>
#include <sip/transport/rate_limiter.h>
#include <test/util/sip.h>
#include <test/util/sip_transport.h>

#include <boost/test/unit_test.hpp>

#include <event2/event.h>

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <functional>
#include <memory>
#include <netinet/in.h>
#include <optional>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>
#include <vector>

using namespace sip;
using test::Options;
using test::TransportFixture;

namespace {

size_t Count(const std::string& haystack, std::string_view needle)
{
    size_t n = 0;
    for (size_t pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
    return n;
}

/** Waits (at most 2 s) for one datagram on `client` and returns the address it came from. */
SockAddr ReplySource(int client)
{
    timeval wait{2, 0};
    setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof(wait));
    char buf[512];
    sockaddr_storage from{};
    socklen_t from_len = sizeof(from);
    BOOST_REQUIRE_MESSAGE(recvfrom(client, buf, sizeof(buf), 0, reinterpret_cast<sockaddr*>(&from), &from_len) > 0,
                          "no reply within 2 s");
    return *SockAddr::FromSockaddr(reinterpret_cast<sockaddr*>(&from), from_len);
}

/** Answers every request from inside OnMessage, as the transaction layer does (100 Trying, a
 *  forwarded request): what it sends while the transport handles a batch of datagrams is
 *  queued and leaves together. `also_to`, when set, gets a copy of each answer first. */
class AnsweringSink final : public TransportSink
{
public:
    void OnMessage(SipMessage&& message, const Peer& from) override
    {
        ++received;
        if (also_to) BOOST_CHECK(transport->Send(*also_to, "SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n") == SendStatus::OK);
        const Destination to = ResponseDestination(*message.TopVia(), from);
        BOOST_CHECK(transport->Send(to, BuildResponse(message, 200, "OK")) == SendStatus::OK);
    }
    void OnTransportError(const Destination& to) override { errors.push_back(to); }
    EventTransport* transport{nullptr};
    std::optional<Destination> also_to;
    size_t received{0};
    std::vector<Destination> errors;
};

/** Reads datagrams from `client` (at most 2 s) until `n` came; returns each with its source. */
std::vector<std::pair<std::string, SockAddr>> ReadReplies(TransportFixture& f, int client, size_t n)
{
    std::vector<std::pair<std::string, SockAddr>> out;
    f.RunUntil([&] {
        char buf[2048];
        for (;;) {
            sockaddr_storage ss{};
            socklen_t len = sizeof(ss);
            const ssize_t got = recvfrom(client, buf, sizeof(buf), MSG_DONTWAIT, reinterpret_cast<sockaddr*>(&ss), &len);
            if (got <= 0) break;
            out.emplace_back(std::string(buf, static_cast<size_t>(got)), *SockAddr::FromSockaddr(reinterpret_cast<sockaddr*>(&ss), len));
        }
        return out.size() >= n;
    });
    return out;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(sip_transport_tests, TransportFixture)

BOOST_AUTO_TEST_CASE(udp_batch_reads_and_answers_with_one_call_each)
{
    // Datagrams waiting together are read with one recvmmsg (fewer than the batch came, so
    // the socket is known to be empty without another read), and the answers the sink sends
    // while handling them leave with one sendmmsg, each from the address its request reached
    // (a wildcard socket).
    AnsweringSink answering;
    EventTransportConfig config;
    config.listen.push_back({Transport::UDP, *SockAddr::FromIp("0.0.0.0", 0)});
    transport = std::make_unique<EventTransport>(base.get(), answering, config);
    answering.transport = transport.get();
    BOOST_REQUIRE(transport->Start());
    const uint16_t port = transport->BoundAddresses()[0].address.Port();
    const int client = UdpClient();
    const std::vector<std::string> reached{"127.0.0.2", "127.0.0.3", "127.0.0.1", "127.0.0.2", "127.0.0.3"};
    for (size_t i = 0; i < reached.size(); ++i) {
        const SockAddr to = *SockAddr::FromIp(reached[i], port);
        const std::string req = Options("z9hG4bKbatch" + std::to_string(i));
        BOOST_REQUIRE(sendto(client, req.data(), req.size(), 0, to.Raw(), to.RawLen()) == static_cast<ssize_t>(req.size()));
    }
    const auto replies = ReadReplies(*this, client, reached.size());
    BOOST_REQUIRE_EQUAL(replies.size(), reached.size());
    for (size_t i = 0; i < replies.size(); ++i) { // in order, each from where its request went
        BOOST_CHECK(replies[i].first.rfind("SIP/2.0 200 OK\r\n", 0) == 0);
        BOOST_CHECK(replies[i].first.find("z9hG4bKbatch" + std::to_string(i)) != std::string::npos);
        BOOST_CHECK_MESSAGE(replies[i].second == *SockAddr::FromIp(reached[i], port), replies[i].second.ToString());
    }
    const TransportStatsSnapshot stats = transport->Stats().Snapshot();
    BOOST_CHECK_EQUAL(stats.messages_in, 5U);
    BOOST_CHECK_EQUAL(stats.messages_out, 5U);
    BOOST_CHECK_EQUAL(stats.udp_receive_calls, 1U);
    BOOST_CHECK_EQUAL(stats.udp_send_calls, 1U);
    BOOST_CHECK_EQUAL(stats.send_errors, 0U);
}

BOOST_AUTO_TEST_CASE(udp_batch_limits_and_send_failures)
{
    // 20 datagrams waiting, 8 per read: reads of 8, 8 and 4 (the short one ends it), each
    // batch's answers flushed before the next read. An answer the kernel refuses (a broadcast
    // address without SO_BROADCAST) was already accepted by Send: it is reported through
    // OnTransportError and the answers after it in the same sendmmsg still leave.
    AnsweringSink answering;
    EventTransportConfig config;
    config.listen.push_back({Transport::UDP, *SockAddr::FromIp("127.0.0.1", 0)});
    config.udp_batch = 8;
    transport = std::make_unique<EventTransport>(base.get(), answering, config);
    answering.transport = transport.get();
    BOOST_REQUIRE(transport->Start());
    const SockAddr server = transport->BoundAddresses()[0].address;
    const int client = UdpClient();
    for (int i = 0; i < 20; ++i) {
        const std::string req = Options("z9hG4bKlim" + std::to_string(i));
        BOOST_REQUIRE(sendto(client, req.data(), req.size(), 0, server.Raw(), server.RawLen()) == static_cast<ssize_t>(req.size()));
    }
    BOOST_CHECK_EQUAL(ReadReplies(*this, client, 20).size(), 20U);
    TransportStatsSnapshot stats = transport->Stats().Snapshot();
    BOOST_CHECK_EQUAL(stats.udp_receive_calls, 3U);
    BOOST_CHECK_EQUAL(stats.udp_send_calls, 3U);
    BOOST_CHECK_EQUAL(stats.messages_out, 20U);

    const Destination broadcast{Transport::UDP, *SockAddr::FromIp("255.255.255.255", 5060)};
    answering.also_to = broadcast;
    const std::string req = Options("z9hG4bKbcast");
    BOOST_REQUIRE(sendto(client, req.data(), req.size(), 0, server.Raw(), server.RawLen()) == static_cast<ssize_t>(req.size()));
    const auto replies = ReadReplies(*this, client, 1);
    BOOST_REQUIRE_EQUAL(replies.size(), 1U);
    BOOST_CHECK(replies[0].first.find("z9hG4bKbcast") != std::string::npos);
    BOOST_REQUIRE_EQUAL(answering.errors.size(), 1U);
    BOOST_CHECK(answering.errors[0].address == broadcast.address);
    stats = transport->Stats().Snapshot();
    BOOST_CHECK_EQUAL(stats.send_errors, 1U);
    BOOST_CHECK_EQUAL(stats.messages_out, 21U);
    BOOST_CHECK_EQUAL(stats.udp_send_calls, 5U); // the refused one ends a call, the rest go in another

    // Outside a batch the same failure is the result of Send itself, and a datagram larger
    // than UDP can carry is refused before any system call.
    BOOST_CHECK(transport->Send(broadcast, "OPTIONS sip:x SIP/2.0\r\n\r\n") == SendStatus::ERROR);
    BOOST_CHECK(transport->Send(Destination{Transport::UDP, LocalOf(client)}, std::string(65508, 'x')) == SendStatus::TOO_LARGE);
    BOOST_CHECK_EQUAL(answering.errors.size(), 1U);
    BOOST_CHECK_EQUAL(transport->Stats().Snapshot().send_errors, 3U);
}


BOOST_AUTO_TEST_CASE(ip_string_formats_every_octet_width)
{
    // IpString writes IPv4 itself (not inet_ntop): compare with inet_ntop over octet widths.
    for (const char* ip : {"0.0.0.0", "127.0.0.1", "10.0.100.9", "192.168.1.254", "255.255.255.255", "1.20.255.0"}) {
        BOOST_CHECK_EQUAL(SockAddr::FromIp(ip, 5060)->IpString(), ip);
    }
    for (uint32_t i = 0; i < 100000; ++i) {
        const uint32_t raw = i * 2654435761U; // spread over the whole space
        in_addr a{htonl(raw)};
        char expected[INET_ADDRSTRLEN];
        BOOST_REQUIRE(inet_ntop(AF_INET, &a, expected, sizeof(expected)) != nullptr);
        const auto addr = SockAddr::FromIp(expected, 1);
        BOOST_REQUIRE(addr);
        if (addr->IpString() != expected) BOOST_FAIL(addr->IpString() + " != " + expected);
    }
    BOOST_CHECK_EQUAL(SockAddr::FromIp("2001:db8::1", 5060)->IpString(), "2001:db8::1");
}

BOOST_AUTO_TEST_CASE(udp_receive_stamp_and_send)
{
    Start();
    const int client = UdpClient();
    SendUdp(client, Options("z9hG4bKu1"));
    BOOST_REQUIRE(RunUntil([&] { return sink.messages.size() == 1; }));
    SipMessage msg = test::ParseSip(sink.messages[0]);
    const SockAddr client_addr = LocalOf(client);
    // The bytes arrive as sent; the received/rport stamp is applied when the node writes the
    // Via (see stamp_received_rules), from the source the sink was given.
    BOOST_CHECK(msg.TopVia()->received.empty());
    BOOST_REQUIRE(StampReceived(msg, sink.peers[0].remote));
    // rport gets its value in place, received is appended (RFC 3581 4).
    BOOST_CHECK_EQUAL(TopViaValue(msg), "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKu1;rport=" +
                                            std::to_string(client_addr.Port()) + ";received=127.0.0.1");
    BOOST_CHECK_EQUAL(msg.StampedRport().value_or(0), client_addr.Port());
    BOOST_CHECK(sink.peers[0].protocol == Transport::UDP);
    BOOST_CHECK(sink.peers[0].remote == client_addr);

    // Response destination per RFC 3581: the source port because rport was asked for.
    const Destination to = ResponseDestination(*msg.TopVia(), sink.peers[0]);
    BOOST_CHECK(to.address == client_addr);
    const std::string reply = "SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n";
    BOOST_CHECK(transport->Send(to, reply) == SendStatus::OK);
    const std::string got = Collect(client, [&](const std::string& s, bool) { return s.size() >= reply.size(); });
    BOOST_CHECK_EQUAL(got, reply);
    const TransportStatsSnapshot stats = transport->Stats().Snapshot();
    BOOST_CHECK_EQUAL(stats.messages_in, 1U);
    BOOST_CHECK_EQUAL(stats.messages_out, 1U);
    BOOST_CHECK_EQUAL(stats.bytes_out, reply.size());
}

BOOST_AUTO_TEST_CASE(udp_reply_leaves_by_the_socket_the_request_came_in_on)
{
    // A multi-homed node (two addresses): the response to a request sent to the second one
    // comes from the second one, or the client's NAT and the client itself would drop it.
    EventTransportConfig config;
    config.listen.push_back({Transport::UDP, *SockAddr::FromIp("127.0.0.1", 0)});
    config.listen.push_back({Transport::UDP, *SockAddr::FromIp("127.0.0.2", 0)});
    Start(config);
    const SockAddr second = transport->BoundAddresses()[1].address;
    const int client = UdpClient();
    const std::string req = Options("z9hG4bKmh1");
    BOOST_REQUIRE(sendto(client, req.data(), req.size(), 0, second.Raw(), second.RawLen()) == static_cast<ssize_t>(req.size()));
    BOOST_REQUIRE(RunUntil([&] { return sink.messages.size() == 1; }));
    BOOST_CHECK(sink.peers[0].local == second);
    const SipMessage msg = test::ParseSip(sink.messages[0]);
    const Destination to = ResponseDestination(*msg.TopVia(), sink.peers[0]);
    BOOST_CHECK(to.local == second);
    BOOST_REQUIRE(transport->Send(to, "SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n") == SendStatus::OK);
    BOOST_CHECK(ReplySource(client) == second);
}

BOOST_AUTO_TEST_CASE(udp_wildcard_socket_replies_from_the_address_the_request_reached)
{
    // dotsd's default listener is 0.0.0.0: left to itself the kernel would answer a request
    // sent to 127.0.0.2 from 127.0.0.1 (its route to the client); the reply must come from
    // 127.0.0.2, the address the client sent to.
    EventTransportConfig config;
    config.listen.push_back({Transport::UDP, *SockAddr::FromIp("0.0.0.0", 0)});
    Start(config);
    const uint16_t port = transport->BoundAddresses()[0].address.Port();
    const int client = UdpClient();
    for (const char* ip : {"127.0.0.2", "127.0.0.1", "127.0.0.3"}) {
        const SockAddr reached = *SockAddr::FromIp(ip, port);
        const std::string req = Options(std::string{"z9hG4bKwc"} + ip);
        const size_t before = sink.messages.size();
        BOOST_REQUIRE(sendto(client, req.data(), req.size(), 0, reached.Raw(), reached.RawLen()) == static_cast<ssize_t>(req.size()));
        BOOST_REQUIRE(RunUntil([&] { return sink.messages.size() == before + 1; }));
        BOOST_CHECK_MESSAGE(sink.peers.back().local == reached, sink.peers.back().local.ToString() + " != " + reached.ToString());
        const SipMessage msg = *ParseDatagram(sink.messages.back()).message;
        BOOST_REQUIRE(transport->Send(ResponseDestination(*msg.TopVia(), sink.peers.back()),
                                      "SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n") == SendStatus::OK);
        const SockAddr source = ReplySource(client);
        BOOST_CHECK_MESSAGE(source == reached, "reply came from " + source.ToString() + ", request went to " + reached.ToString());
    }
    // A message the node originates (no request to answer) still goes out: any source address.
    Destination fresh{Transport::UDP, LocalOf(client)};
    BOOST_REQUIRE(transport->Send(fresh, "OPTIONS sip:x SIP/2.0\r\nContent-Length: 0\r\n\r\n") == SendStatus::OK);
    BOOST_CHECK(ReplySource(client).Port() == port);
}

BOOST_AUTO_TEST_CASE(ipv6_udp_and_tcp_listeners)
{
    // Skipped (with a message) where the host has no IPv6 loopback.
    const int probe = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    const SockAddr loop6 = *SockAddr::FromIp("::1", 0);
    const bool have_v6 = probe >= 0 && bind(probe, loop6.Raw(), loop6.RawLen()) == 0;
    if (probe >= 0) close(probe);
    if (!have_v6) {
        BOOST_TEST_MESSAGE("no IPv6 loopback: skipped");
        return;
    }
    EventTransportConfig config;
    config.listen.push_back({Transport::UDP, loop6});
    config.listen.push_back({Transport::TCP, loop6});
    config.listen.push_back({Transport::UDP, *SockAddr::FromIp("127.0.0.1", 0)});
    Start(config);
    const SockAddr udp6 = transport->BoundAddresses().at(0).address;
    BOOST_CHECK(udp6.IsV6());
    const int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    BOOST_REQUIRE(fd >= 0);
    fds.push_back(fd);
    const std::string req = Options("z9hG4bKv6", "[::1]:5060", "UDP", "");
    BOOST_REQUIRE_EQUAL(sendto(fd, req.data(), req.size(), 0, udp6.Raw(), udp6.RawLen()), static_cast<ssize_t>(req.size()));
    BOOST_REQUIRE(RunUntil([&] { return sink.messages.size() == 1; }));
    BOOST_CHECK(sink.peers[0].remote.IsV6());
    BOOST_CHECK_EQUAL(sink.peers[0].remote.IpString(), "::1");
    // Same IP as the sent-by: no received parameter needed.
    BOOST_CHECK(sink.messages[0].find("received=") == std::string::npos);
    BOOST_CHECK_EQUAL(sink.peers[0].remote.ToString().substr(0, 5), "[::1]");
}

BOOST_AUTO_TEST_CASE(udp_ipv6_wildcard_socket_learns_the_address_reached)
{
    const int probe = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    const SockAddr loop6 = *SockAddr::FromIp("::1", 0);
    const bool have_v6 = probe >= 0 && bind(probe, loop6.Raw(), loop6.RawLen()) == 0;
    if (probe >= 0) close(probe);
    if (!have_v6) {
        BOOST_TEST_MESSAGE("no IPv6 loopback: skipped");
        return;
    }
    EventTransportConfig config;
    config.listen.push_back({Transport::UDP, *SockAddr::FromIp("::", 0)});
    Start(config);
    const SockAddr reached = *SockAddr::FromIp("::1", transport->BoundAddresses()[0].address.Port());
    const int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    BOOST_REQUIRE(fd >= 0);
    fds.push_back(fd);
    const std::string req = Options("z9hG4bKv6wc", "[::1]:5060");
    BOOST_REQUIRE_EQUAL(sendto(fd, req.data(), req.size(), 0, reached.Raw(), reached.RawLen()), static_cast<ssize_t>(req.size()));
    BOOST_REQUIRE(RunUntil([&] { return sink.messages.size() == 1; }));
    BOOST_CHECK_MESSAGE(sink.peers[0].local == reached, sink.peers[0].local.ToString());
    const SipMessage msg = *ParseDatagram(sink.messages[0]).message;
    BOOST_REQUIRE(transport->Send(ResponseDestination(*msg.TopVia(), sink.peers[0]),
                                  "SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n") == SendStatus::OK);
    BOOST_CHECK(ReplySource(fd) == reached);
}

BOOST_AUTO_TEST_CASE(udp_malformed_request_answered_response_dropped)
{
    Start();
    const int client = UdpClient();
    SendUdp(client, Options("z9hG4bKu2", "127.0.0.1:5060", "UDP", ";rport", "Max-Forwards: 70\r\n")); // duplicate
    std::string got = Collect(client, [](const std::string& s, bool) { return !s.empty(); });
    BOOST_CHECK(got.rfind("SIP/2.0 400 ", 0) == 0);
    BOOST_CHECK(got.find("z9hG4bKu2") != std::string::npos);

    std::string bad_version = Options("z9hG4bKu3");
    bad_version.replace(bad_version.find("SIP/2.0\r\n"), 7, "SIP/3.0");
    SendUdp(client, bad_version);
    got = Collect(client, [](const std::string& s, bool) { return !s.empty(); });
    BOOST_CHECK(got.rfind("SIP/2.0 505 ", 0) == 0);

    // A malformed response and an ACK with a bad header get nothing back.
    SendUdp(client, "SIP/2.0 200 OK\r\nVia: garbage\r\nContent-Length: 0\r\n\r\n");
    std::string ack = Options("z9hG4bKu4", "127.0.0.1:5060", "UDP", "", "Max-Forwards: 1\r\n");
    ack.replace(0, 7, "ACK");
    ack.replace(ack.find("1 OPTIONS"), 9, "1 ACK");
    SendUdp(client, ack);
    got = Collect(client, [](const std::string& s, bool) { return !s.empty(); }, nullptr, 300);
    BOOST_CHECK(got.empty());
    BOOST_CHECK(sink.messages.empty());
    const TransportStatsSnapshot stats = transport->Stats().Snapshot();
    BOOST_CHECK_EQUAL(stats.parse_errors, 4U);
    BOOST_CHECK_EQUAL(stats.error_responses, 2U);
}

BOOST_AUTO_TEST_CASE(tcp_two_messages_in_one_segment_and_reply_on_connection)
{
    Start();
    const int client = TcpClient();
    SendTcp(client, Options("z9hG4bKt1", "127.0.0.1:5060", "TCP") + Options("z9hG4bKt2", "127.0.0.1:5060", "TCP"));
    BOOST_REQUIRE(RunUntil([&] { return sink.messages.size() == 2; }));
    BOOST_CHECK(sink.messages[0].find("z9hG4bKt1") != std::string::npos);
    BOOST_CHECK(sink.messages[1].find("z9hG4bKt2") != std::string::npos);
    BOOST_CHECK(sink.peers[0].connection_id != 0);
    BOOST_CHECK_EQUAL(sink.peers[0].connection_id, sink.peers[1].connection_id);
    BOOST_CHECK_EQUAL(transport->ConnectionCount(), 1U);

    // A response goes back over the connection the request came on (RFC 3261 18.2.2).
    SipMessage msg = *ParseStreamMessage(sink.messages[0]).message;
    const Destination to = ResponseDestination(*msg.TopVia(), sink.peers[0]);
    BOOST_CHECK_EQUAL(to.connection_id, sink.peers[0].connection_id);
    const std::string reply = "SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n";
    BOOST_CHECK(transport->Send(to, reply) == SendStatus::OK);
    const std::string got = Collect(client, [&](const std::string& s, bool) { return s.size() >= reply.size(); });
    BOOST_CHECK_EQUAL(got, reply);
    BOOST_CHECK_EQUAL(transport->ConnectionCount(), 1U);
}

BOOST_AUTO_TEST_CASE(tcp_many_pipelined_messages)
{
    Start();
    const int client = TcpClient();
    std::string burst;
    for (int i = 0; i < 300; ++i) burst += Options("z9hG4bKpipe" + std::to_string(i), "127.0.0.1:5060", "TCP");
    BOOST_REQUIRE_GT(burst.size(), 65536U); // more than one read's worth
    SendTcp(client, burst);
    BOOST_REQUIRE(RunUntil([&] { return sink.messages.size() == 300; }, 5000));
    BOOST_CHECK(sink.messages[299].find("z9hG4bKpipe299;") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(tcp_message_split_across_segments)
{
    Start();
    const int client = TcpClient();
    const std::string msg = Options("z9hG4bKt3", "127.0.0.1:5060", "TCP");
    SendTcp(client, msg.substr(0, 40));
    RunFor(50);
    SendTcp(client, msg.substr(40, 60));
    RunFor(50);
    BOOST_CHECK(sink.messages.empty());
    SendTcp(client, msg.substr(100) + "\r\n\r\n"); // plus an RFC 5626 keepalive ping
    BOOST_REQUIRE(RunUntil([&] { return sink.messages.size() == 1; }));
    BOOST_CHECK(sink.messages[0].find("z9hG4bKt3") != std::string::npos);
    const std::string pong = Collect(client, [](const std::string& s, bool) { return s.size() >= 2; });
    BOOST_CHECK_EQUAL(pong, "\r\n");
}

BOOST_AUTO_TEST_CASE(tcp_framing_error_answers_and_closes)
{
    Start();
    const int client = TcpClient();
    std::string bad = Options("z9hG4bKt4", "127.0.0.1:5060", "TCP");
    bad.replace(bad.find("Content-Length: 0"), 17, "Content-Length: x");
    SendTcp(client, bad);
    bool eof = false;
    const std::string got = Collect(client, [](const std::string&, bool e) { return e; }, &eof);
    BOOST_CHECK(eof);
    BOOST_CHECK(got.rfind("SIP/2.0 400 ", 0) == 0);
    BOOST_CHECK(sink.messages.empty());
    BOOST_CHECK(RunUntil([&] { return transport->ConnectionCount() == 0; }));
}

BOOST_AUTO_TEST_CASE(tcp_idle_timeout_and_connection_limit)
{
    EventTransportConfig config;
    config.listen.push_back({Transport::TCP, *SockAddr::FromIp("127.0.0.1", 0)});
    config.idle_timeout_ms = 200;
    config.max_connections = 1;
    Start(config);
    const int first = TcpClient();
    BOOST_REQUIRE(RunUntil([&] { return transport->ConnectionCount() == 1; }));
    const int second = TcpClient(); // over the limit: accepted by the kernel, closed by us
    bool eof = false;
    Collect(second, [](const std::string&, bool e) { return e; }, &eof, 1000);
    BOOST_CHECK(eof);
    BOOST_CHECK_EQUAL(transport->Stats().Snapshot().connections_rejected, 1U);
    // The first connection goes after 200 ms without traffic.
    const auto t0 = std::chrono::steady_clock::now();
    eof = false;
    Collect(first, [](const std::string&, bool e) { return e; }, &eof, 2000);
    const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    BOOST_CHECK(eof);
    BOOST_CHECK(waited >= 100);
    BOOST_CHECK_EQUAL(transport->ConnectionCount(), 0U);
}

BOOST_AUTO_TEST_CASE(tcp_outgoing_connection_is_reused)
{
    Start();
    // A peer that listens: our requests open one connection to it and reuse it.
    const int server = Socket(SOCK_STREAM);
    SockAddr any = *SockAddr::FromIp("127.0.0.1", 0);
    BOOST_REQUIRE(bind(server, any.Raw(), any.RawLen()) == 0 && listen(server, 4) == 0);
    const Destination to{Transport::TCP, LocalOf(server), 0};
    const std::string req = Options("z9hG4bKo1", "127.0.0.1:5060", "TCP");
    BOOST_CHECK(transport->Send(to, req) == SendStatus::OK);
    BOOST_CHECK(transport->Send(to, req) == SendStatus::OK);
    BOOST_CHECK_EQUAL(transport->ConnectionCount(), 1U);
    RunFor(50);
    const int accepted = accept(server, nullptr, nullptr);
    BOOST_REQUIRE(accepted >= 0);
    fds.push_back(accepted);
    const std::string got = Collect(accepted, [&](const std::string& s, bool) { return s.size() >= 2 * req.size(); });
    BOOST_CHECK_EQUAL(got, req + req);
    // A response from the peer on that connection reaches the sink.
    SendTcp(accepted, "SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bKo1\r\nFrom: <sip:a@b>;tag=1\r\n"
                      "To: <sip:c@d>;tag=2\r\nCall-ID: x@y\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
    BOOST_REQUIRE(RunUntil([&] { return sink.messages.size() == 1; }));
    BOOST_CHECK_EQUAL(transport->Stats().Snapshot().connections_opened, 1U);

    // A refused connection is a transport error.
    const int closed = Socket(SOCK_STREAM);
    BOOST_REQUIRE(bind(closed, any.Raw(), any.RawLen()) == 0);
    const Destination nowhere{Transport::TCP, LocalOf(closed), 0}; // bound, not listening
    BOOST_CHECK(transport->Send(nowhere, req) == SendStatus::OK);
    BOOST_CHECK(RunUntil([&] { return !sink.errors.empty(); }));
    BOOST_REQUIRE_EQUAL(sink.errors.size(), 1U);
    BOOST_CHECK(sink.errors[0].address == nowhere.address);
}

BOOST_AUTO_TEST_CASE(rate_limit_answers_503_once_then_drops)
{
    EventTransportConfig config;
    config.listen.push_back({Transport::UDP, *SockAddr::FromIp("127.0.0.1", 0)});
    config.rate_limit.rate_per_second = 1;
    config.rate_limit.burst = 2;
    config.retry_after_seconds = 7;
    Start(config);
    const int client = UdpClient();
    for (int i = 0; i < 6; ++i) SendUdp(client, Options("z9hG4bKr" + std::to_string(i)));
    BOOST_REQUIRE(RunUntil([&] { return transport->Stats().Snapshot().messages_in == 6; }));
    const std::string got = Collect(client, [](const std::string& s, bool) { return !s.empty(); }, nullptr, 300);
    BOOST_CHECK_EQUAL(sink.messages.size(), 2U);
    BOOST_CHECK_EQUAL(Count(got, "SIP/2.0 503 "), 1U);
    BOOST_CHECK(got.find("Retry-After: 7\r\n") != std::string::npos);
    BOOST_CHECK_EQUAL(transport->Stats().Snapshot().rate_limited, 4U);
}

BOOST_AUTO_TEST_CASE(rate_limiter_refills_and_logs_once_per_interval)
{
    RateLimitConfig config;
    config.rate_per_second = 10;
    config.burst = 2;
    config.log_interval_ms = 1000;
    RateLimiter limiter{config};
    const SockAddr a = *SockAddr::FromIp("192.0.2.1", 5060);
    const SockAddr a_other_port = *SockAddr::FromIp("192.0.2.1", 6000);
    const SockAddr b = *SockAddr::FromIp("2001:db8::1", 5060);
    BOOST_CHECK(limiter.Check(a, 0).verdict == RateLimiter::Verdict::ALLOW);
    BOOST_CHECK(limiter.Check(a_other_port, 0).verdict == RateLimiter::Verdict::ALLOW); // same IP, same bucket
    const auto first = limiter.Check(a, 0);
    BOOST_CHECK(first.verdict == RateLimiter::Verdict::REJECT);
    BOOST_CHECK(first.log);
    const auto second = limiter.Check(a, 10);
    BOOST_CHECK(second.verdict == RateLimiter::Verdict::DROP);
    BOOST_CHECK(!second.log);
    BOOST_CHECK(limiter.Check(b, 10).verdict == RateLimiter::Verdict::ALLOW); // other source unaffected
    BOOST_CHECK(limiter.Check(a, 110).verdict == RateLimiter::Verdict::ALLOW); // one token per 100 ms
    const auto again = limiter.Check(a, 110);
    BOOST_CHECK(again.verdict == RateLimiter::Verdict::REJECT); // new episode: 503 again
    BOOST_CHECK(!again.log);                                    // but logged 110 ms ago
    BOOST_CHECK(limiter.Check(a, 1200).verdict == RateLimiter::Verdict::ALLOW);
    BOOST_CHECK(limiter.Check(a, 1200).verdict == RateLimiter::Verdict::ALLOW);
    BOOST_CHECK(limiter.Check(a, 1200).log); // a new interval
    BOOST_CHECK_EQUAL(limiter.TrackedSources(), 2U);
}

BOOST_AUTO_TEST_CASE(trusted_sources_are_not_limited)
{
    // The default budget (200/s, burst 400) answers 503 to one source above it; a trunk in a
    // trusted subnet sends 10,000 in the same millisecond and keeps no bucket.
    RateLimitConfig config;
    config.trusted = {*IpSubnet::Parse("198.51.100.0/24"), *IpSubnet::Parse("2001:db8:5::7")};
    RateLimiter limiter{config};
    const SockAddr trunk = *SockAddr::FromIp("198.51.100.77", 5060);
    const SockAddr mapped = *SockAddr::FromIp("::ffff:198.51.100.8", 5060);
    const SockAddr node6 = *SockAddr::FromIp("2001:db8:5::7", 5060);
    for (int i = 0; i < 10000; ++i) {
        BOOST_REQUIRE(limiter.Check(trunk, 0).verdict == RateLimiter::Verdict::ALLOW);
        BOOST_REQUIRE(limiter.Check(mapped, 0).verdict == RateLimiter::Verdict::ALLOW);
        BOOST_REQUIRE(limiter.Check(node6, 0).verdict == RateLimiter::Verdict::ALLOW);
    }
    BOOST_CHECK_EQUAL(limiter.TrackedSources(), 0U);
    const SockAddr phone = *SockAddr::FromIp("198.51.101.1", 5060);
    int allowed = 0;
    RateLimiter::Verdict last = RateLimiter::Verdict::ALLOW;
    for (int ms = 0; ms < 1000; ++ms) {
        for (int i = 0; i < 3; ++i) { // 3,000 messages in one second
            last = limiter.Check(phone, ms).verdict;
            allowed += last == RateLimiter::Verdict::ALLOW;
        }
    }
    BOOST_CHECK(last == RateLimiter::Verdict::DROP);
    BOOST_CHECK_GE(allowed, 590); // the burst of 400 plus 200 per second
    BOOST_CHECK_LE(allowed, 602);
}

BOOST_AUTO_TEST_CASE(ip_subnets)
{
    const IpSubnet v4 = *IpSubnet::Parse("192.0.2.77/24");
    BOOST_CHECK_EQUAL(v4.ToString(), "192.0.2.0/24");
    BOOST_CHECK(v4.Contains(*SockAddr::FromIp("192.0.2.1", 1)));
    BOOST_CHECK(v4.Contains(*SockAddr::FromIp("::ffff:192.0.2.200", 1)));
    BOOST_CHECK(!v4.Contains(*SockAddr::FromIp("192.0.3.1", 1)));
    BOOST_CHECK(!v4.Contains(*SockAddr::FromIp("2001:db8::1", 1)));
    const IpSubnet odd = *IpSubnet::Parse("10.1.2.3/13");
    BOOST_CHECK_EQUAL(odd.ToString(), "10.0.0.0/13");
    BOOST_CHECK(odd.Contains(*SockAddr::FromIp("10.7.255.255", 1)));
    BOOST_CHECK(!odd.Contains(*SockAddr::FromIp("10.8.0.0", 1)));
    const IpSubnet v6 = *IpSubnet::Parse("[2001:db8::]/32");
    BOOST_CHECK(v6.Contains(*SockAddr::FromIp("2001:db8:ffff::1", 1)));
    BOOST_CHECK(!v6.Contains(*SockAddr::FromIp("2001:db9::1", 1)));
    BOOST_CHECK_EQUAL(IpSubnet::Parse("::1")->prefix, 128);
    BOOST_CHECK_EQUAL(IpSubnet::Parse("0.0.0.0/0")->ToString(), "0.0.0.0/0");
    BOOST_CHECK(IpSubnet::Parse("0.0.0.0/0")->Contains(*SockAddr::FromIp("203.0.113.9", 1)));
    for (const char* bad : {"", "host.example", "192.0.2.1/33", "2001:db8::/129", "192.0.2.1/", "192.0.2.1/x", "192.0.2.1/-1"}) {
        BOOST_CHECK_MESSAGE(!IpSubnet::Parse(bad), bad);
    }
}

BOOST_AUTO_TEST_CASE(stamp_received_rules)
{
    const SockAddr src = *SockAddr::FromIp("203.0.113.5", 40123);
    auto stamped = [&](std::string_view via_host, std::string_view params) -> std::optional<std::string> {
        SipMessage m = test::ParseSip(Options("z9hG4bKst", via_host, "UDP", params));
        if (!StampReceived(m, src)) return std::nullopt;
        // The stamp is a lump: the message stays as received, the builders apply it.
        BOOST_CHECK(m.Raw().find(";received=203.0.113.5") == std::string::npos);
        return BuildResponse(m, 200, "OK");
    };
    // Same IP, no rport: unchanged.
    BOOST_CHECK(!stamped("203.0.113.5:5060", ""));
    // Other IP: received added.
    auto a = stamped("10.0.0.1:5060", "");
    BOOST_REQUIRE(a);
    BOOST_CHECK(a->find("Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKst;received=203.0.113.5\r\n") != std::string::npos);
    // Host name: received added.
    BOOST_CHECK(stamped("pc.example.com", "")->find(";received=203.0.113.5") != std::string::npos);
    // rport: value filled, received always added (RFC 3581 4).
    auto b = stamped("203.0.113.5:5060", ";rport;foo=bar");
    BOOST_REQUIRE(b);
    BOOST_CHECK(b->find(";branch=z9hG4bKst;rport=40123;foo=bar;received=203.0.113.5\r\n") != std::string::npos);
    // A stale received is replaced.
    auto c = stamped("10.0.0.1", ";received=10.9.9.9");
    BOOST_REQUIRE(c);
    BOOST_CHECK(c->find(";received=203.0.113.5\r\n") != std::string::npos);
    BOOST_CHECK(c->find("10.9.9.9") == std::string::npos);
    // Both edits, received before rport in the text.
    auto e = stamped("10.0.0.1", ";received=10.9.9.9;rport");
    BOOST_REQUIRE(e);
    BOOST_CHECK(e->find(";branch=z9hG4bKst;received=203.0.113.5;rport=40123\r\n") != std::string::npos);
    // Only the top Via is touched.
    SipMessage two = test::ParseSip("OPTIONS sip:x@y SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1, SIP/2.0/UDP 10.0.0.2;branch=z9hG4bK2;rport\r\n"
                                    "From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: q\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
    BOOST_REQUIRE(StampReceived(two, src));
    const std::string d = BuildResponse(two, 200, "OK");
    BOOST_CHECK(d.find("branch=z9hG4bK1;received=203.0.113.5, SIP/2.0/UDP 10.0.0.2;branch=z9hG4bK2;rport\r\n") != std::string::npos);
    // Forwarding applies it to what becomes the second Via.
    ForwardEdits edits;
    edits.via = "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKnode";
    const std::string fwd = BuildForwardedRequest(two, edits);
    BOOST_CHECK(fwd.find("\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKnode\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1;received=203.0.113.5, SIP/2.0/UDP 10.0.0.2") != std::string::npos);
    const SipMessage f = test::ParseSip(fwd);
    BOOST_CHECK_EQUAL(f.Vias()->at(1).received, "203.0.113.5");
}

BOOST_AUTO_TEST_CASE(process_inbound_outcomes)
{
    const SockAddr src = *SockAddr::FromIp("203.0.113.5", 40123);
    InboundResult ok = ProcessInbound(ParseDatagram(Options("z9hG4bKp1")), src);
    BOOST_REQUIRE(ok.message);
    BOOST_CHECK_EQUAL(ok.message->StampedReceived(), "203.0.113.5");
    BOOST_CHECK(TopViaValue(*ok.message).find(";received=203.0.113.5") != std::string::npos);
    BOOST_CHECK(ok.reply.empty());
    InboundResult keepalive = ProcessInbound(ParseDatagram(std::string_view{"\r\n\r\n"}), src);
    BOOST_CHECK(!keepalive.message && keepalive.reply.empty());
    InboundResult missing_cseq = ProcessInbound(
        ParseDatagram(std::string_view{"OPTIONS sip:x@y SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\nContent-Length: 0\r\n\r\n"}), src);
    BOOST_CHECK(!missing_cseq.message);
    BOOST_CHECK(missing_cseq.reply.empty()); // cannot be addressed: dropped
    InboundResult bad_uri = ProcessInbound(ParseDatagram(Options("z9hG4bKp2").replace(8, 18, "http://node/x")), src);
    BOOST_CHECK(bad_uri.reply.rfind("SIP/2.0 416 ", 0) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
