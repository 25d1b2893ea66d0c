// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The TLS, WS and WSS transports over real sockets on 127.0.0.1: handshakes, responses over the
// request's connection, RFC 5923 aliases, outgoing TLS, refused old TLS versions, handshake
// timeouts and the per-IP limit; the WebSocket upgrade, SIP messages in frames both ways,
// ping/pong, the close handshake, size bounds and the phone's pages.

#include <sip/transport/event_transport.h>
#include <sip/transport/inbound.h>
#include <sip/transport/web_files.h>
#include <test/util/files.h>
#include <test/util/sip.h>
#include <test/util/sip_transport.h>
#include <test/util/websocket.h>

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <string>

using namespace sip;
using test::MaskedWsFrame;
using test::Options;
using test::TlsClient;
using test::TransportFixture;

namespace {

const SockAddr LOOPBACK = *SockAddr::FromIp("127.0.0.1", 0);

EventTransportConfig SecureConfig()
{
    EventTransportConfig config;
    config.listen = {{Transport::UDP, LOOPBACK}, {Transport::TCP, LOOPBACK}, {Transport::TLS, LOOPBACK},
                     {Transport::WS, LOOPBACK}, {Transport::WSS, LOOPBACK}};
    config.tls = test::TestTlsContext();
    return config;
}

bool HasHttpHead(const std::string& s, bool) { return s.find("\r\n\r\n") != std::string::npos; }

/** Decodes the server's (unmasked) frames at the front of `s`: (opcode, payload) pairs. */
std::vector<std::pair<int, std::string>> ServerFrames(const std::string& s)
{
    std::vector<std::pair<int, std::string>> out;
    size_t pos = 0;
    while (s.size() - pos >= 2) {
        const int op = static_cast<uint8_t>(s[pos]) & 0x0F;
        size_t len = static_cast<uint8_t>(s[pos + 1]) & 0x7F;
        size_t head = 2;
        if (len == 126) {
            if (s.size() - pos < 4) break;
            len = (static_cast<uint8_t>(s[pos + 2]) << 8) | static_cast<uint8_t>(s[pos + 3]);
            head = 4;
        }
        if (s.size() - pos < head + len) break;
        out.emplace_back(op, s.substr(pos + head, len));
        pos += head + len;
    }
    return out;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(sip_transport_secure_tests, TransportFixture)

BOOST_AUTO_TEST_CASE(tls_request_answered_over_its_connection)
{
    Start(SecureConfig());
    TlsClient client{*this, Bound(Transport::TLS)};
    BOOST_REQUIRE(client.Handshake());
    client.Write(Options("z9hG4bKt1", "127.0.0.1:5999", "TLS", ";rport"));
    BOOST_REQUIRE(RunUntil([&] { return sink.messages.size() == 1; }));
    const Peer& from = sink.peers[0];
    BOOST_CHECK(from.protocol == Transport::TLS);
    BOOST_CHECK(from.connection_id != 0);
    BOOST_CHECK(from.local == Bound(Transport::TLS));
    SipMessage msg = test::ParseSip(sink.messages[0]);
    const Destination to = ResponseDestination(*msg.TopVia(), from);
    BOOST_CHECK(to.connection_id == from.connection_id);
    const std::string reply = "SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n";
    BOOST_CHECK(transport->Send(to, reply) == SendStatus::OK);
    BOOST_CHECK_EQUAL(client.Read([&](const std::string& s, bool) { return s.size() >= reply.size(); }), reply);
    // The same peer reached by address only (no connection id): still this connection.
    BOOST_CHECK(transport->Send(Destination{Transport::TLS, from.remote, 0}, reply) == SendStatus::OK);
    BOOST_CHECK_EQUAL(client.Read([&](const std::string& s, bool) { return s.size() >= reply.size(); }), reply);
    BOOST_CHECK_EQUAL(transport->ConnectionCount(), 1U);
    // A UDP or TCP destination never picks the TLS connection.
    BOOST_CHECK(transport->Send(Destination{Transport::TCP, from.remote, from.connection_id}, reply) == SendStatus::OK);
    BOOST_CHECK_EQUAL(transport->ConnectionCount(), 2U); // a new (failing) TCP connection, not the TLS one
}

BOOST_AUTO_TEST_CASE(tls_alias_rfc5923)
{
    Start(SecureConfig());
    TlsClient client{*this, Bound(Transport::TLS)};
    BOOST_REQUIRE(client.Handshake());
    // ";alias" for the client's own IP: requests to its sent-by address reuse the connection.
    client.Write(Options("z9hG4bKa1", "127.0.0.1:5998", "TLS", ";alias"));
    // An alias for another host's address is ignored.
    client.Write(Options("z9hG4bKa2", "192.0.2.9:5061", "TLS", ";alias"));
    BOOST_REQUIRE(RunUntil([&] { return sink.messages.size() == 2; }));
    const std::string request = Options("z9hG4bKsrv");
    BOOST_CHECK(transport->Send(Destination{Transport::TLS, *SockAddr::FromIp("127.0.0.1", 5998), 0}, request) == SendStatus::OK);
    BOOST_CHECK_EQUAL(client.Read([&](const std::string& s, bool) { return s.size() >= request.size(); }), request);
    BOOST_CHECK_EQUAL(transport->ConnectionCount(), 1U);
    BOOST_CHECK(transport->Send(Destination{Transport::TLS, *SockAddr::FromIp("192.0.2.9", 5061), 0}, request) == SendStatus::OK);
    BOOST_CHECK_EQUAL(transport->ConnectionCount(), 2U); // a new outgoing connection, not the client's
}

BOOST_AUTO_TEST_CASE(tls_outgoing_connection_to_another_node)
{
    Start(SecureConfig());
    TransportFixture other; // another node, on its own event loop: both loops are driven here
    other.Start(SecureConfig());
    const SockAddr to = other.Bound(Transport::TLS);
    BOOST_CHECK(transport->Send(Destination{Transport::TLS, to, 0}, Options("z9hG4bKo1", "127.0.0.1:5061", "TLS", "")) == SendStatus::OK);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (other.sink.messages.empty() && std::chrono::steady_clock::now() < deadline) {
        RunFor(5);
        other.RunFor(5);
    }
    BOOST_REQUIRE_EQUAL(other.sink.messages.size(), 1U);
    BOOST_CHECK(other.sink.peers[0].protocol == Transport::TLS);
    BOOST_CHECK(sink.errors.empty());
}

BOOST_AUTO_TEST_CASE(tls_refuses_tls11_and_plain_text)
{
    Start(SecureConfig());
    TlsClient old{*this, Bound(Transport::TLS), TLS1_1_VERSION};
    BOOST_CHECK(!old.Handshake());
    // SIP in clear text on the TLS port: the handshake fails and the connection goes.
    const int fd = TcpClient(Transport::TLS);
    SendTcp(fd, Options("z9hG4bKp1"));
    bool eof = false;
    Collect(fd, [](const std::string&, bool e) { return e; }, &eof);
    BOOST_CHECK(eof);
    BOOST_CHECK(sink.messages.empty());
    BOOST_CHECK(RunUntil([&] { return transport->ConnectionCount() == 0; }));
}

BOOST_AUTO_TEST_CASE(handshake_timeout_and_per_ip_limit)
{
    EventTransportConfig config = SecureConfig();
    config.handshake_timeout_ms = 150;
    config.max_connections_per_ip = 2;
    Start(config);
    // Silent connections to the TLS and WS ports are closed once the handshake time is up.
    const int tls = TcpClient(Transport::TLS);
    const int ws = TcpClient(Transport::WS);
    bool eof = false;
    Collect(tls, [](const std::string&, bool e) { return e; }, &eof, 1500);
    BOOST_CHECK(eof);
    Collect(ws, [](const std::string&, bool e) { return e; }, &eof, 1500);
    BOOST_CHECK(eof);
    BOOST_CHECK(RunUntil([&] { return transport->ConnectionCount() == 0; }));
    // Two connections from 127.0.0.1 at most, whatever the transport; the third is refused.
    const int a = TcpClient(Transport::TCP);
    const int b = TcpClient(Transport::WS);
    BOOST_CHECK(RunUntil([&] { return transport->ConnectionCount() == 2; }));
    const int c = TcpClient(Transport::TCP);
    Collect(c, [](const std::string&, bool e) { return e; }, &eof, 1000);
    BOOST_CHECK(eof);
    BOOST_CHECK_EQUAL(transport->Stats().Snapshot().connections_rejected, 1U);
    close(a);
    BOOST_CHECK(RunUntil([&] { return transport->ConnectionCount() == 1; }));
    TcpClient(Transport::TCP); // room again
    BOOST_CHECK(RunUntil([&] { return transport->ConnectionCount() == 2; }));
    (void)b;
}

BOOST_AUTO_TEST_CASE(websocket_sip_both_ways_ping_and_close)
{
    Start(SecureConfig());
    const int fd = TcpClient(Transport::WS);
    SendTcp(fd, test::WsUpgradeRequest());
    const std::string head = Collect(fd, HasHttpHead);
    BOOST_REQUIRE(head.rfind("HTTP/1.1 101 Switching Protocols\r\n", 0) == 0);
    BOOST_CHECK(head.find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n") != std::string::npos);

    // One SIP message per WebSocket message, in two fragments (no Content-Length needed).
    std::string sip = Options("z9hG4bKw1", "abc.invalid", "WSS", "");
    sip.erase(sip.find("Content-Length: 0\r\n"), 19);
    SendTcp(fd, MaskedWsFrame(0x01, sip.substr(0, 50)) + MaskedWsFrame(0x80, sip.substr(50)));
    BOOST_REQUIRE(RunUntil([&] { return sink.messages.size() == 1; }));
    const Peer from = sink.peers[0];
    BOOST_CHECK(from.protocol == Transport::WS);
    BOOST_CHECK(from.connection_id != 0);
    // The delivered bytes are as sent; the node writes received=127.0.0.1 into the top Via
    // when it answers or forwards (a stamp the builders apply, see inbound.h).
    SipMessage delivered = test::ParseSip(sink.messages[0]);
    BOOST_CHECK(StampReceived(delivered, from.remote) && delivered.StampedReceived() == "127.0.0.1");

    // The node's message goes out as one text frame on that connection.
    const std::string reply = "SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n";
    BOOST_CHECK(transport->Send(Destination{Transport::WS, from.remote, from.connection_id}, reply) == SendStatus::OK);
    auto frames = ServerFrames(Collect(fd, [&](const std::string& s, bool) { return s.size() >= reply.size() + 2; }));
    BOOST_REQUIRE_EQUAL(frames.size(), 1U);
    BOOST_CHECK_EQUAL(frames[0].first, 0x1);
    BOOST_CHECK_EQUAL(frames[0].second, reply);

    // Ping -> pong with the same payload.
    SendTcp(fd, MaskedWsFrame(0x89, "are you there"));
    frames = ServerFrames(Collect(fd, [](const std::string& s, bool) { return s.size() >= 15; }));
    BOOST_REQUIRE_EQUAL(frames.size(), 1U);
    BOOST_CHECK_EQUAL(frames[0].first, 0xA);
    BOOST_CHECK_EQUAL(frames[0].second, "are you there");

    // Close handshake: the code is echoed, then the connection goes; nothing reaches it after.
    SendTcp(fd, MaskedWsFrame(0x88, std::string{"\x03\xE8", 2}));
    bool eof = false;
    frames = ServerFrames(Collect(fd, [](const std::string&, bool e) { return e; }, &eof));
    BOOST_CHECK(eof);
    BOOST_REQUIRE_EQUAL(frames.size(), 1U);
    BOOST_CHECK_EQUAL(frames[0].first, 0x8);
    BOOST_CHECK_EQUAL(frames[0].second, std::string("\x03\xE8", 2));
    BOOST_CHECK(RunUntil([&] { return transport->ConnectionCount() == 0; }));
    BOOST_CHECK(transport->Send(Destination{Transport::WS, from.remote, from.connection_id}, reply) == SendStatus::NO_ROUTE);
}

BOOST_AUTO_TEST_CASE(websocket_bounds_and_protocol_errors)
{
    Start(SecureConfig());
    // A message over the SIP size bound: close 1009 before its payload arrives.
    const int big = TcpClient(Transport::WS);
    SendTcp(big, test::WsUpgradeRequest());
    Collect(big, HasHttpHead);
    SendTcp(big, MaskedWsFrame(0x81, std::string(MAX_MESSAGE_SIZE + 1, 'x')).substr(0, 14));
    bool eof = false;
    auto frames = ServerFrames(Collect(big, [](const std::string&, bool e) { return e; }, &eof));
    BOOST_CHECK(eof);
    BOOST_REQUIRE(!frames.empty());
    BOOST_CHECK_EQUAL(frames.back().first, 0x8);
    BOOST_CHECK_EQUAL(frames.back().second.substr(0, 2), std::string("\x03\xF1", 2)); // 1009

    // An unmasked frame: 1002.
    const int unmasked = TcpClient(Transport::WS);
    SendTcp(unmasked, test::WsUpgradeRequest());
    Collect(unmasked, HasHttpHead);
    SendTcp(unmasked, std::string("\x81\x02hi", 4));
    frames = ServerFrames(Collect(unmasked, [](const std::string&, bool e) { return e; }, &eof));
    BOOST_REQUIRE(!frames.empty());
    BOOST_CHECK_EQUAL(frames.back().second.substr(0, 2), std::string("\x03\xEA", 2)); // 1002

    // A garbage SIP message inside a valid frame is a SIP matter: the connection stays.
    const int garbage = TcpClient(Transport::WS);
    SendTcp(garbage, test::WsUpgradeRequest());
    Collect(garbage, HasHttpHead);
    SendTcp(garbage, MaskedWsFrame(0x81, "hello, not SIP"));
    RunFor(50);
    BOOST_CHECK(sink.messages.empty());
    BOOST_CHECK_EQUAL(transport->ConnectionCount(), 1U);
}

BOOST_AUTO_TEST_CASE(websocket_idle_ping_then_close)
{
    EventTransportConfig config = SecureConfig();
    config.ws_ping_interval_ms = 100;
    Start(config);
    const int fd = TcpClient(Transport::WS);
    SendTcp(fd, test::WsUpgradeRequest());
    Collect(fd, HasHttpHead);
    // Silent client: a ping after one interval, the connection closed after the next.
    bool eof = false;
    const std::string got = Collect(fd, [](const std::string&, bool e) { return e; }, &eof, 2000);
    BOOST_CHECK(eof);
    const auto frames = ServerFrames(got);
    BOOST_REQUIRE(!frames.empty());
    BOOST_CHECK_EQUAL(frames[0].first, 0x9);
}

BOOST_AUTO_TEST_CASE(websocket_port_serves_the_phone)
{
    test::TempDir dir{"www_port"};
    std::ofstream{dir.path() / "index.html"} << "<title>DOTS phone</title>";
    auto files = WebFiles::Load(dir.path());
    std::filesystem::remove_all(dir.path()); // served from memory from now on
    BOOST_REQUIRE(files);
    EventTransportConfig config = SecureConfig();
    config.www = std::make_shared<const WebFiles>(std::move(*files));
    Start(config);

    // Two requests on one keep-alive connection, then a refused upgrade closes it.
    const int fd = TcpClient(Transport::WS);
    SendTcp(fd, "GET /phone HTTP/1.1\r\nHost: x\r\n\r\nGET /phone/ HTTP/1.1\r\nHost: x\r\n\r\n");
    const std::string pages = Collect(fd, [](const std::string& s, bool) { return s.find("</title>") != std::string::npos; });
    BOOST_CHECK(pages.rfind("HTTP/1.1 301 Moved Permanently\r\n", 0) == 0);
    BOOST_CHECK(pages.find("Location: /phone/\r\n") != std::string::npos);
    BOOST_CHECK(pages.find("HTTP/1.1 200 OK\r\n") != std::string::npos);
    BOOST_CHECK(pages.find("Content-Type: text/html; charset=utf-8\r\n") != std::string::npos);
    BOOST_CHECK(pages.find("X-Content-Type-Options: nosniff\r\n") != std::string::npos);
    SendTcp(fd, test::WsUpgradeRequest("/", "chat"));
    bool eof = false;
    const std::string refused = Collect(fd, [](const std::string&, bool e) { return e; }, &eof);
    BOOST_CHECK(eof);
    BOOST_CHECK(refused.rfind("HTTP/1.1 400 Bad Request\r\n", 0) == 0);

    // Over HTTPS (the WSS port): 404 for anything else, with the reason.
    TlsClient tls{*this, Bound(Transport::WSS)};
    BOOST_REQUIRE(tls.Handshake());
    tls.Write("GET /phone/missing.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const std::string missing = tls.Read([](const std::string&, bool e) { return e; });
    BOOST_CHECK(missing.rfind("HTTP/1.1 404 Not Found\r\n", 0) == 0);
    BOOST_CHECK(missing.find("no such file") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(secure_websocket_carries_sip)
{
    Start(SecureConfig());
    TlsClient client{*this, Bound(Transport::WSS)};
    BOOST_REQUIRE(client.Handshake());
    client.Write(test::WsUpgradeRequest());
    BOOST_REQUIRE(client.Read(HasHttpHead).rfind("HTTP/1.1 101 ", 0) == 0);
    client.Write(MaskedWsFrame(0x81, Options("z9hG4bKs1", "abc.invalid", "WSS", "")));
    BOOST_REQUIRE(RunUntil([&] { return sink.messages.size() == 1; }));
    BOOST_CHECK(sink.peers[0].protocol == Transport::WSS);
    BOOST_CHECK(transport->Send(Destination{Transport::WSS, sink.peers[0].remote, sink.peers[0].connection_id}, "SIP/2.0 200 OK\r\n\r\n") ==
                SendStatus::OK);
    const auto frames = ServerFrames(client.Read([](const std::string& s, bool) { return s.size() >= 20; }));
    BOOST_REQUIRE_EQUAL(frames.size(), 1U);
    BOOST_CHECK_EQUAL(frames[0].second, "SIP/2.0 200 OK\r\n\r\n");
    // No such connection: a browser cannot be called back.
    BOOST_CHECK(transport->Send(Destination{Transport::WSS, *SockAddr::FromIp("127.0.0.1", 9), 0}, "x") == SendStatus::NO_ROUTE);
}

BOOST_AUTO_TEST_SUITE_END()
