// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_TRANSPORT_HTTP_UPGRADE_H
#define DOTS_SIP_TRANSPORT_HTTP_UPGRADE_H

// The HTTP/1.1 side of the SIP WebSocket port: reading a client's request head (RFC 9112,
// GET only, bounded), deciding whether it is a valid WebSocket opening handshake for the
// "sip" subprotocol (RFC 6455 4.2, RFC 7118 4), and writing the answers (101 Switching
// Protocols, or a plain response for the pages served beside it). Pure code, no sockets.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sip {

/** Largest request head (request line and headers) accepted. */
inline constexpr size_t MAX_HTTP_REQUEST_HEAD = 8192;
/** Most header lines in a request head. */
inline constexpr size_t MAX_HTTP_HEADERS = 64;

/** A parsed request head. Views point into the bytes given to ParseHttpRequest. */
struct HttpRequest {
    std::string_view method;
    std::string_view target;  //!< origin-form, e.g. "/phone/index.html?x=1"
    std::string_view version; //!< "HTTP/1.1"
    std::vector<std::pair<std::string_view, std::string_view>> headers; //!< name, trimmed value
    /** Bytes of the head, the final empty line included. */
    size_t length{0};

    /** The first header with this name (case-insensitive), nullopt if absent. */
    std::optional<std::string_view> Header(std::string_view name) const;
    /** True if any header `name` holds `token` in its comma-separated list (case-insensitive),
     *  e.g. HasToken("Connection", "upgrade"). */
    bool HasToken(std::string_view name, std::string_view token) const;
    /** The target without its query ("?..."). */
    std::string_view Path() const;
    /** HTTP/1.1 without "Connection: close", so the connection stays open after the answer. */
    bool KeepAlive() const;
};

struct HttpParseResult {
    enum class Status : unsigned char { NEED_MORE, OK, ERROR };
    Status status{Status::NEED_MORE};
    HttpRequest request; //!< OK only
    /** ERROR: the HTTP status to answer with (400, 413, 431, 501, 505) and why. */
    int error_status{0};
    std::string_view error;
};

/**
 * Parses one request head from the front of `input` (the connection's unconsumed bytes).
 * NEED_MORE until the empty line arrives; ERROR when the head exceeds MAX_HTTP_REQUEST_HEAD
 * (431) or MAX_HTTP_HEADERS (431), the request line or a header is malformed (400), the
 * version is not HTTP/1.x (505), or the request announces a body (413: only GET and HEAD are
 * served, and they carry none). Obsolete line folding is refused (400), as RFC 9112 5.2
 * allows. Pure, no allocation beyond the header list.
 */
HttpParseResult ParseHttpRequest(std::string_view input);

/** What to answer a request that asks for a WebSocket upgrade. */
struct WebSocketUpgrade {
    /** 101 when the handshake is valid, else the error status (400, 426). */
    int status{400};
    /** The complete response to write (status line, headers, empty line, short body). */
    std::string response;
};

/** True if the request asks to switch protocols at all ("Upgrade: websocket"). */
bool IsWebSocketUpgrade(const HttpRequest& request);

/**
 * Checks a WebSocket opening handshake for SIP (RFC 6455 4.2.1, RFC 7118 4): GET, HTTP/1.1,
 * Host, "Connection: Upgrade", "Upgrade: websocket", Sec-WebSocket-Version 13 (else 426 with
 * the supported version), a Sec-WebSocket-Key of 16 base64 bytes, and "sip" among the
 * offered Sec-WebSocket-Protocol values (else 400: a client that does not speak SIP has
 * nothing to say here). Any path is accepted. The Origin is not restricted: registering still
 * needs Digest credentials.
 */
WebSocketUpgrade AnswerWebSocketUpgrade(const HttpRequest& request);

/** base64(SHA-1(key + RFC 6455 GUID)): the Sec-WebSocket-Accept value for a client key. */
std::string WebSocketAccept(std::string_view client_key);

/**
 * A complete HTTP/1.1 response: status line, Date-less fixed headers (Server, Content-Type,
 * Content-Length, Connection, X-Content-Type-Options: nosniff, X-Frame-Options: DENY,
 * Cache-Control: no-cache), `extra_headers` (complete lines with CRLF), the empty line and,
 * unless `head_only`, `body`.
 */
std::string BuildHttpResponse(int status, std::string_view reason, std::string_view content_type, std::string_view body,
                              bool keep_alive, std::string_view extra_headers = {}, bool head_only = false);

} // namespace sip

#endif // DOTS_SIP_TRANSPORT_HTTP_UPGRADE_H
