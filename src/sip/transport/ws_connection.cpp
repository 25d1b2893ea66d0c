// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The WS and WSS half of EventTransport (RFC 7118): a connection starts as HTTP/1.1, where
// the browser phone's files are served under /phone/ and a valid upgrade request for the
// "sip" subprotocol switches it to WebSocket; then every WebSocket message is one SIP
// message, in both directions. Pings keep idle connections (a registered browser) alive.

#include <sip/transport/event_transport.h>

#include <sip/parser/limits.h>
#include <sip/transport/http_upgrade.h>
#include <sip/transport/web_files.h>
#include <util/format.h>
#include <util/logging.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include <algorithm>

namespace sip {
namespace {

std::string_view HttpReason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 301: return "Moved Permanently";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Content Too Large";
    case 426: return "Upgrade Required";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    case 505: return "HTTP Version Not Supported";
    }
    return "Error";
}

/** The answer to an ordinary (not upgrade) request on a WebSocket port. */
std::string AnswerPage(const HttpRequest& req, const WebFiles* www, bool& keep_alive)
{
    keep_alive = req.KeepAlive();
    const bool head = req.method == "HEAD";
    const std::string_view text = "text/plain; charset=utf-8";
    if (req.method != "GET" && !head) {
        return BuildHttpResponse(405, HttpReason(405), text, "only GET and HEAD are served here\n", keep_alive, "Allow: GET, HEAD\r\n", head);
    }
    const std::string_view path = req.Path();
    if (path == "/phone") {
        return BuildHttpResponse(301, HttpReason(301), text, "/phone/\n", keep_alive, "Location: /phone/\r\n", head);
    }
    if (const WebFiles::File* file = www ? www->Find(path) : nullptr) {
        return BuildHttpResponse(200, "OK", file->content_type, file->body, keep_alive, {}, head);
    }
    const bool phone = path.substr(0, PHONE_URL_PREFIX.size()) == PHONE_URL_PREFIX;
    const std::string_view body = !phone ? "This is a SIP over WebSocket port (RFC 7118, subprotocol \"sip\"). The browser phone is at /phone/\n"
                                  : (www && !www->Empty()) ? "no such file\n"
                                                           : "the browser phone is not installed on this node (see -sipwwwdir)\n";
    return BuildHttpResponse(404, HttpReason(404), text, body, keep_alive, {}, head);
}

} // namespace

void EventTransport::ReadWebSocket(Connection& conn)
{
    // As ReadStream: each step consumes bytes or stops; a step may free the connection.
    const ConnectionId id = conn.id;
    for (;;) {
        auto it = m_connections.find(id);
        if (it == m_connections.end() || it->second->closing) return;
        Connection& c = *it->second;
        c.ws->ping_outstanding = false;
        if (!(c.ws->phase == WsSession::Phase::HTTP ? HandleHttpRequest(c) : HandleWsFrame(c))) return;
    }
}

bool EventTransport::HandleHttpRequest(Connection& conn)
{
    evbuffer* input = bufferevent_get_input(conn.bev);
    const size_t available = evbuffer_get_length(input);
    if (available == 0) return false;
    const size_t window = std::min(available, MAX_HTTP_REQUEST_HEAD);
    const auto* data = reinterpret_cast<const char*>(evbuffer_pullup(input, static_cast<ev_ssize_t>(window)));
    if (!data) return false;
    const HttpParseResult parsed = ParseHttpRequest(std::string_view{data, window});
    const std::string name{TransportName(conn.protocol)};
    if (parsed.status == HttpParseResult::Status::NEED_MORE) return false;
    if (parsed.status == HttpParseResult::Status::ERROR) {
        LogDebug(BCLog::SIP, "sip: bad HTTP request on %s connection %llu from %s: %s (%d)\n", name.c_str(), (unsigned long long)conn.id,
                 conn.remote.ToString().c_str(), std::string{parsed.error}.c_str(), parsed.error_status);
        const std::string reply = BuildHttpResponse(parsed.error_status, HttpReason(parsed.error_status), "text/plain; charset=utf-8",
                                                    std::string{parsed.error} + "\n", false);
        bufferevent_write(conn.bev, reply.data(), reply.size());
        evbuffer_drain(input, available);
        CloseAfterFlush(conn);
        return false;
    }
    const HttpRequest& req = parsed.request;
    bool keep_alive = false;
    bool upgraded = false;
    std::string reply;
    if (IsWebSocketUpgrade(req)) {
        WebSocketUpgrade up = AnswerWebSocketUpgrade(req);
        upgraded = up.status == 101;
        reply = std::move(up.response);
        if (!upgraded) {
            LogDebug(BCLog::SIP, "sip: refused WebSocket upgrade on %s connection %llu from %s (%d)\n", name.c_str(),
                     (unsigned long long)conn.id, conn.remote.ToString().c_str(), up.status);
        }
    } else {
        reply = AnswerPage(req, m_config.www.get(), keep_alive);
        LogDebug(BCLog::SIP, "sip: HTTP %s %s from %s\n", std::string{req.method}.c_str(), std::string{req.Path()}.c_str(),
                 conn.remote.ToString().c_str());
    }
    evbuffer_drain(input, req.length); // `req` points into the drained bytes: not used below
    bufferevent_write(conn.bev, reply.data(), reply.size());
    if (upgraded) {
        conn.ws->phase = WsSession::Phase::OPEN;
        MarkReady(conn);
        LogDebug(BCLog::SIP, "sip: %s connection %llu from %s upgraded to SIP over WebSocket\n", name.c_str(),
                 (unsigned long long)conn.id, conn.remote.ToString().c_str());
        return true;
    }
    if (!keep_alive || ++conn.ws->http_requests >= MAX_HTTP_REQUESTS_PER_CONNECTION) {
        evbuffer_drain(input, evbuffer_get_length(input));
        CloseAfterFlush(conn);
        return false;
    }
    return true;
}

bool EventTransport::HandleWsFrame(Connection& conn)
{
    evbuffer* input = bufferevent_get_input(conn.bev);
    const size_t available = evbuffer_get_length(input);
    if (available == 0) return false;
    const size_t window = std::min(available, conn.ws->reader.MaxFrameBytes());
    const uint8_t* data = evbuffer_pullup(input, static_cast<ev_ssize_t>(window));
    if (!data) return false;
    WsEvent ev = conn.ws->reader.Next(std::span<const uint8_t>{data, window});
    if (ev.consumed > window) return false; // cannot happen with a correct reader; never over-read
    if (ev.kind != WsEvent::Kind::NEED_MORE && ev.kind != WsEvent::Kind::ERROR) {
        evbuffer_drain(input, ev.consumed);
        TransportStats::Add(m_stats.bytes_in, ev.consumed);
    }
    switch (ev.kind) {
    case WsEvent::Kind::NEED_MORE:
        return false;
    case WsEvent::Kind::FRAGMENT:
    case WsEvent::Kind::PONG:
        return true;
    case WsEvent::Kind::PING: {
        const std::string pong = EncodeWsFrame(WsOpcode::PONG, ev.payload);
        bufferevent_write(conn.bev, pong.data(), pong.size());
        return true;
    }
    case WsEvent::Kind::MESSAGE: {
        const Peer from{conn.protocol, conn.remote, conn.local, conn.id};
        Deliver(ParseDatagram(std::string_view{ev.payload}), from); // may close `conn`
        return true;
    }
    case WsEvent::Kind::CLOSE:
        LogDebug(BCLog::SIP, "sip: %s connection %llu from %s closed by the peer (code %u)\n", std::string{TransportName(conn.protocol)}.c_str(),
                 (unsigned long long)conn.id, conn.remote.ToString().c_str(), (unsigned)ev.code);
        WsClose(conn, ev.code == WS_CLOSE_NO_STATUS ? WS_CLOSE_NORMAL : ev.code, {});
        return false;
    case WsEvent::Kind::ERROR:
        TransportStats::Add(m_stats.parse_errors);
        LogDebug(BCLog::SIP, "sip: WebSocket error on %s connection %llu from %s: %s, closing (%u)\n",
                 std::string{TransportName(conn.protocol)}.c_str(), (unsigned long long)conn.id, conn.remote.ToString().c_str(),
                 ev.payload.c_str(), (unsigned)ev.code);
        WsClose(conn, ev.code, ev.payload);
        return false;
    }
    return false;
}

void EventTransport::WsClose(Connection& conn, uint16_t code, std::string_view reason)
{
    if (conn.closing) return;
    conn.ws->phase = WsSession::Phase::CLOSING;
    const std::string frame = EncodeWsClose(code, reason);
    bufferevent_write(conn.bev, frame.data(), frame.size());
    evbuffer* input = bufferevent_get_input(conn.bev);
    evbuffer_drain(input, evbuffer_get_length(input));
    CloseAfterFlush(conn); // may free `conn`
}

void EventTransport::WsIdle(Connection& conn)
{
    // libevent disabled reading when the timeout fired: a ping, then wait as long again.
    if (conn.ws->ping_outstanding) {
        LogDebug(BCLog::SIP, "sip: %s connection %llu with %s answered no ping, closing\n", std::string{TransportName(conn.protocol)}.c_str(),
                 (unsigned long long)conn.id, conn.remote.ToString().c_str());
        RemoveConnection(conn, /*report_error=*/false);
        return;
    }
    conn.ws->ping_outstanding = true;
    const std::string ping = EncodeWsFrame(WsOpcode::PING, {});
    bufferevent_write(conn.bev, ping.data(), ping.size());
    bufferevent_enable(conn.bev, EV_READ);
}

SendStatus EventTransport::SendWebSocket(const Destination& to, std::string_view bytes)
{
    // A browser cannot be connected to: only its own open WebSocket reaches it (RFC 7118 5).
    Connection* conn = FindConnection(to);
    if (!conn || !conn->ws || conn->ws->phase != WsSession::Phase::OPEN) return SendStatus::NO_ROUTE;
    evbuffer* output = bufferevent_get_output(conn->bev);
    if (evbuffer_get_length(output) + bytes.size() + 10 > m_config.max_output_queue) return SendStatus::ERROR;
    const std::string frame = EncodeWsFrame(WsOpcode::TEXT, bytes);
    if (bufferevent_write(conn->bev, frame.data(), frame.size()) != 0) return SendStatus::ERROR;
    return SendStatus::OK;
}

} // namespace sip
