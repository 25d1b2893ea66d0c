// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The socket-free parts of SIP over WebSocket (RFC 6455 framing, the HTTP upgrade, the phone's
// files) and of RFC 5626 flow tokens. The transport over real sockets is in
// sip_transport_tests.cpp.

#include <sip/transport/flow_token.h>
#include <sip/transport/http_upgrade.h>
#include <sip/transport/web_files.h>
#include <sip/transport/ws_frame.h>
#include <test/util/files.h>
#include <test/util/websocket.h>

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <vector>

using namespace sip;

namespace {

using test::MaskedWsFrame;

std::span<const uint8_t> Bytes(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

/** Feeds `input` to a reader until it needs more, returning every event. */
std::vector<WsEvent> ReadAll(WsReader& reader, std::string input)
{
    std::vector<WsEvent> out;
    for (;;) {
        WsEvent ev = reader.Next(Bytes(input));
        if (ev.kind == WsEvent::Kind::NEED_MORE) break;
        input.erase(0, ev.consumed);
        const bool error = ev.kind == WsEvent::Kind::ERROR;
        out.push_back(std::move(ev));
        if (error) break;
    }
    return out;
}

HttpRequest ParseOk(std::string_view text)
{
    HttpParseResult r = ParseHttpRequest(text);
    BOOST_REQUIRE(r.status == HttpParseResult::Status::OK);
    return r.request;
}

const std::string UPGRADE = test::WsUpgradeRequest("/ws");

} // namespace

BOOST_AUTO_TEST_SUITE(sip_ws_tests)

BOOST_AUTO_TEST_CASE(frames_masked_text_binary_and_lengths)
{
    WsReader reader{65536};
    auto events = ReadAll(reader, MaskedWsFrame(0x81, "REGISTER sip:x SIP/2.0") + MaskedWsFrame(0x82, std::string(300, 'b')) +
                                      MaskedWsFrame(0x81, "tiny", 8));
    BOOST_REQUIRE_EQUAL(events.size(), 3U);
    BOOST_CHECK(events[0].kind == WsEvent::Kind::MESSAGE && events[0].opcode == WsOpcode::TEXT);
    BOOST_CHECK_EQUAL(events[0].payload, "REGISTER sip:x SIP/2.0");
    BOOST_CHECK(events[1].opcode == WsOpcode::BINARY);
    BOOST_CHECK_EQUAL(events[1].payload, std::string(300, 'b'));
    BOOST_CHECK_EQUAL(events[2].payload, "tiny"); // non-minimal length encoding is accepted
}

BOOST_AUTO_TEST_CASE(frames_arrive_byte_by_byte)
{
    WsReader reader{65536};
    const std::string frame = MaskedWsFrame(0x81, std::string(200, 'x'));
    for (size_t i = 0; i < frame.size(); ++i) {
        BOOST_CHECK(reader.Next(Bytes(frame.substr(0, i))).kind == WsEvent::Kind::NEED_MORE);
    }
    const WsEvent ev = reader.Next(Bytes(frame));
    BOOST_CHECK(ev.kind == WsEvent::Kind::MESSAGE);
    BOOST_CHECK_EQUAL(ev.consumed, frame.size());
}

BOOST_AUTO_TEST_CASE(fragments_with_interleaved_ping)
{
    WsReader reader{65536};
    auto events = ReadAll(reader, MaskedWsFrame(0x01, "INVITE ") + MaskedWsFrame(0x89, "p1") + MaskedWsFrame(0x00, "sip:bob ") +
                                      MaskedWsFrame(0x80, "SIP/2.0"));
    BOOST_REQUIRE_EQUAL(events.size(), 4U);
    BOOST_CHECK(events[0].kind == WsEvent::Kind::FRAGMENT);
    BOOST_CHECK(events[1].kind == WsEvent::Kind::PING);
    BOOST_CHECK_EQUAL(events[1].payload, "p1");
    BOOST_CHECK(events[2].kind == WsEvent::Kind::FRAGMENT);
    BOOST_CHECK(events[3].kind == WsEvent::Kind::MESSAGE && events[3].opcode == WsOpcode::TEXT);
    BOOST_CHECK_EQUAL(events[3].payload, "INVITE sip:bob SIP/2.0");
}

BOOST_AUTO_TEST_CASE(protocol_errors_close_1002)
{
    const std::vector<std::pair<std::string, std::string>> cases{
        {"unmasked", std::string{"\x81\x02hi", 4}},
        {"reserved bits", MaskedWsFrame(0xC1, "x")},
        {"unknown opcode", MaskedWsFrame(0x83, "x")},
        {"fragmented ping", MaskedWsFrame(0x09, "x")},
        {"long control frame", MaskedWsFrame(0x89, std::string(126, 'p'))},
        {"stray continuation", MaskedWsFrame(0x80, "x")},
        {"new message inside fragments", MaskedWsFrame(0x01, "a") + MaskedWsFrame(0x81, "b")},
        {"1-byte close", MaskedWsFrame(0x88, "x")},
        {"close code 1005", MaskedWsFrame(0x88, std::string{"\x03\xED", 2})},
        {"close code 999", MaskedWsFrame(0x88, std::string{"\x03\xE7", 2})},
    };
    for (const auto& [name, input] : cases) {
        BOOST_TEST_CONTEXT(name)
        {
            WsReader reader{65536};
            auto events = ReadAll(reader, input);
            BOOST_REQUIRE(!events.empty());
            BOOST_CHECK(events.back().kind == WsEvent::Kind::ERROR);
            BOOST_CHECK_EQUAL(events.back().code, WS_CLOSE_PROTOCOL_ERROR);
        }
    }
}

BOOST_AUTO_TEST_CASE(size_bounds_close_1009_before_reading_the_payload)
{
    WsReader reader{1000};
    // Only the header of a 64 KiB frame: refused at once, without waiting for its payload.
    const std::string header = MaskedWsFrame(0x81, std::string(65536, 'x')).substr(0, 14);
    WsEvent ev = reader.Next(Bytes(header));
    BOOST_CHECK(ev.kind == WsEvent::Kind::ERROR);
    BOOST_CHECK_EQUAL(ev.code, WS_CLOSE_TOO_BIG);
    // Fragments adding up past the bound.
    WsReader fragments{1000};
    auto events = ReadAll(fragments, MaskedWsFrame(0x01, std::string(600, 'a')) + MaskedWsFrame(0x80, std::string(600, 'b')));
    BOOST_REQUIRE_EQUAL(events.size(), 2U);
    BOOST_CHECK(events[1].kind == WsEvent::Kind::ERROR && events[1].code == WS_CLOSE_TOO_BIG);
    // Exactly at the bound is fine; the 63-bit length limit holds.
    WsReader exact{1000};
    BOOST_CHECK(ReadAll(exact, MaskedWsFrame(0x82, std::string(1000, 'c'))).at(0).kind == WsEvent::Kind::MESSAGE);
    WsReader huge{1000};
    BOOST_CHECK(huge.Next(Bytes(std::string{"\x81\xFF\x80\x00\x00\x00\x00\x00\x00\x00", 10})).code == WS_CLOSE_PROTOCOL_ERROR);
}

BOOST_AUTO_TEST_CASE(close_pong_and_encoding)
{
    WsReader reader{65536};
    auto events = ReadAll(reader, MaskedWsFrame(0x8A, "") + MaskedWsFrame(0x88, std::string{"\x03\xE8" "bye", 5}) + MaskedWsFrame(0x88, ""));
    BOOST_REQUIRE_EQUAL(events.size(), 3U);
    BOOST_CHECK(events[0].kind == WsEvent::Kind::PONG);
    BOOST_CHECK(events[1].kind == WsEvent::Kind::CLOSE && events[1].code == WS_CLOSE_NORMAL && events[1].payload == "bye");
    BOOST_CHECK(events[2].kind == WsEvent::Kind::CLOSE && events[2].code == WS_CLOSE_NO_STATUS);

    BOOST_CHECK_EQUAL(EncodeWsFrame(WsOpcode::TEXT, "hi"), std::string("\x81\x02hi", 4));
    const std::string mid = EncodeWsFrame(WsOpcode::BINARY, std::string(300, 'z'));
    BOOST_CHECK_EQUAL(mid.substr(0, 4), std::string("\x82\x7E\x01\x2C", 4));
    const std::string big = EncodeWsFrame(WsOpcode::TEXT, std::string(70000, 'z'));
    BOOST_CHECK_EQUAL(big.substr(0, 10), std::string("\x81\x7F\x00\x00\x00\x00\x00\x01\x11\x70", 10));
    BOOST_CHECK_EQUAL(EncodeWsClose(1000, "ok"), std::string("\x88\x04\x03\xE8ok", 6));
    BOOST_CHECK_EQUAL(EncodeWsClose(1002, std::string(300, 'r')).size(), 2U + 125U);
}

BOOST_AUTO_TEST_CASE(http_request_heads)
{
    const HttpRequest req = ParseOk("GET /phone/index.html?x=1 HTTP/1.1\r\nHost: a\r\nConnection: close\r\nX-Empty:\r\n\r\nrest");
    BOOST_CHECK_EQUAL(req.method, "GET");
    BOOST_CHECK_EQUAL(req.Path(), "/phone/index.html");
    BOOST_CHECK_EQUAL(req.length, std::string_view{"GET /phone/index.html?x=1 HTTP/1.1\r\nHost: a\r\nConnection: close\r\nX-Empty:\r\n\r\n"}.size());
    BOOST_CHECK(!req.KeepAlive());
    BOOST_CHECK(req.Header("x-empty") == std::optional<std::string_view>{""});
    BOOST_CHECK(ParseOk("GET / HTTP/1.1\nHost: a\n\n").KeepAlive()); // bare LF
    BOOST_CHECK(!ParseOk("GET / HTTP/1.0\r\n\r\n").KeepAlive());

    BOOST_CHECK(ParseHttpRequest("GET / HTTP/1.1\r\nHost: a\r\n").status == HttpParseResult::Status::NEED_MORE);
    const std::vector<std::pair<std::string, int>> bad{
        {"GET  / HTTP/1.1\r\n\r\n", 400},
        {"GET http://x/ HTTP/1.1\r\n\r\n", 400},
        {"GET / HTTP/2.0\r\n\r\n", 505},
        {"GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nBad Name: a\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nX: a\x01\r\n\r\n", 400},
        {"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", 413},
        {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 501},
        {"GET / HTTP/1.1\r\n" + std::string(MAX_HTTP_REQUEST_HEAD, 'a'), 431},
    };
    for (const auto& [text, status] : bad) {
        BOOST_TEST_CONTEXT(text.substr(0, 40))
        {
            const HttpParseResult r = ParseHttpRequest(text);
            BOOST_CHECK(r.status == HttpParseResult::Status::ERROR);
            BOOST_CHECK_EQUAL(r.error_status, status);
        }
    }
    std::string many = "GET / HTTP/1.1\r\n";
    for (size_t i = 0; i <= MAX_HTTP_HEADERS; ++i) many += "X" + std::to_string(i) + ": y\r\n";
    BOOST_CHECK_EQUAL(ParseHttpRequest(many + "\r\n").error_status, 431);
}

BOOST_AUTO_TEST_CASE(websocket_upgrade_rfc6455_and_rfc7118)
{
    // RFC 6455 1.3's example key and answer.
    BOOST_CHECK_EQUAL(WebSocketAccept("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    const HttpRequest req = ParseOk(UPGRADE);
    BOOST_CHECK(IsWebSocketUpgrade(req));
    const WebSocketUpgrade ok = AnswerWebSocketUpgrade(req);
    BOOST_CHECK_EQUAL(ok.status, 101);
    BOOST_CHECK(ok.response.find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n") != std::string::npos);
    BOOST_CHECK(ok.response.find("Sec-WebSocket-Protocol: sip\r\n") != std::string::npos);
    BOOST_CHECK(ok.response.size() > 4 && ok.response.substr(ok.response.size() - 4) == "\r\n\r\n");

    auto answer = [](std::string text) { return AnswerWebSocketUpgrade(ParseOk(text)); };
    auto replace = [](std::string text, const std::string& from, const std::string& to) {
        text.replace(text.find(from), from.size(), to);
        return text;
    };
    BOOST_CHECK_EQUAL(answer(replace(UPGRADE, "Sec-WebSocket-Protocol: sip", "Sec-WebSocket-Protocol: chat, superchat")).status, 400);
    BOOST_CHECK_EQUAL(answer(replace(UPGRADE, "Sec-WebSocket-Protocol: sip", "Sec-WebSocket-Protocol: xmpp, SIP")).status, 101);
    const WebSocketUpgrade old = answer(replace(UPGRADE, "Version: 13", "Version: 8"));
    BOOST_CHECK_EQUAL(old.status, 426);
    BOOST_CHECK(old.response.find("Sec-WebSocket-Version: 13\r\n") != std::string::npos);
    BOOST_CHECK_EQUAL(answer(replace(UPGRADE, "dGhlIHNhbXBsZSBub25jZQ==", "c2hvcnQ=")).status, 400);
    BOOST_CHECK_EQUAL(answer(replace(UPGRADE, "keep-alive, Upgrade", "keep-alive")).status, 400);
    BOOST_CHECK_EQUAL(answer(replace(UPGRADE, "Host: node.example:8443\r\n", "")).status, 400);
    BOOST_CHECK_EQUAL(answer(replace(UPGRADE, "GET", "PUT")).status, 400);
}

BOOST_AUTO_TEST_CASE(web_files_only_plain_names)
{
    const test::TempDir tmp{"www"};
    const std::filesystem::path& dir = tmp.path();
    std::filesystem::create_directories(dir / "sub");
    auto write = [&](const std::string& name, const std::string& text) { std::ofstream{dir / name} << text; };
    write("index.html", "<html>phone</html>");
    write("phone.js", "console.log(1)");
    write(".hidden.js", "secret");
    write("notes.exe", "binary");
    write("sub/inner.js", "inner");
    auto files = WebFiles::Load(dir);
    BOOST_REQUIRE(files);
    BOOST_CHECK_EQUAL(files->Count(), 2U);
    BOOST_REQUIRE(files->Find("/phone/"));
    BOOST_CHECK_EQUAL(files->Find("/phone/")->body, "<html>phone</html>");
    BOOST_CHECK_EQUAL(files->Find("/phone/phone.js")->content_type, "text/javascript; charset=utf-8");
    for (const char* path : {"/phone/.hidden.js", "/phone/notes.exe", "/phone/sub/inner.js", "/phone/../index.html", "/index.html",
                             "/phone", "/phone/%2e%2e"}) {
        BOOST_CHECK_MESSAGE(!files->Find(path), path);
    }
    BOOST_CHECK(!WebFiles::Load(dir / "missing"));
}

BOOST_AUTO_TEST_CASE(flow_tokens_round_trip_and_refuse_forgeries)
{
    const FlowTokens tokens;
    const Destination v4{Transport::WSS, *SockAddr::FromIp("198.51.100.7", 40123), 987654321};
    const Destination v6{Transport::TLS, *SockAddr::FromIp("2001:db8::7", 5061), 3};
    for (const Destination& flow : {v4, v6}) {
        const std::string token = tokens.Encode(flow);
        BOOST_CHECK_EQUAL(token.size(), flow.address.IsV6() ? 50U : 34U);
        BOOST_CHECK(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos);
        const auto back = tokens.Decode(token);
        BOOST_REQUIRE(back);
        BOOST_CHECK(back->protocol == flow.protocol);
        BOOST_CHECK(back->address == flow.address);
        BOOST_CHECK_EQUAL(back->connection_id, flow.connection_id);
        // Another process's key, or any edited character: no flow.
        BOOST_CHECK(!FlowTokens{}.Decode(token));
        for (size_t i = 0; i < token.size(); ++i) {
            std::string edited = token;
            edited[i] = edited[i] == 'A' ? 'B' : 'A';
            BOOST_CHECK(!tokens.Decode(edited));
        }
    }
    BOOST_CHECK(!tokens.Decode(""));
    BOOST_CHECK(!tokens.Decode("alice"));
    BOOST_CHECK(!tokens.Decode(std::string(200, 'A')));
}

BOOST_AUTO_TEST_SUITE_END()
