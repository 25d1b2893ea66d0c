// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/transport/http_upgrade.h>

#include <sip/parser/chars.h>
#include <util/strencodings.h>

#include <openssl/evp.h>

#include <charconv>
#include <string_view>

namespace sip {
using chars::EqualsNoCase;

namespace {

constexpr std::string_view WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

bool IsTchar(char c)
{
    return chars::IsAlpha(c) || chars::IsDigit(c) || std::string_view{"!#$%&'*+-.^_`|~"}.find(c) != std::string_view::npos;
}

bool IsToken(std::string_view s)
{
    if (s.empty()) return false;
    for (char c : s) {
        if (!IsTchar(c)) return false;
    }
    return true;
}

/** Field value characters: VCHAR, SP, HTAB and obs-text; no controls. */
bool IsFieldValue(std::string_view s)
{
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 ? c != '\t' : u == 0x7F) return false;
    }
    return true;
}

std::string_view TrimOws(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

HttpParseResult Fail(int status, std::string_view why)
{
    HttpParseResult r;
    r.status = HttpParseResult::Status::ERROR;
    r.error_status = status;
    r.error = why;
    return r;
}

/** Splits the next line off `rest` (LF or CRLF ends it). False when no line end is left. */
bool NextLine(std::string_view& rest, std::string_view& line)
{
    const size_t lf = rest.find('\n');
    if (lf == std::string_view::npos) return false;
    line = rest.substr(0, lf);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    rest.remove_prefix(lf + 1);
    return true;
}

bool ParseRequestLine(std::string_view line, HttpRequest& req, HttpParseResult& error)
{
    const size_t sp1 = line.find(' ');
    const size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
        error = Fail(400, "malformed request line");
        return false;
    }
    req.method = line.substr(0, sp1);
    req.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    req.version = line.substr(sp2 + 1);
    if (!IsToken(req.method)) {
        error = Fail(400, "malformed method");
        return false;
    }
    if (req.target.empty() || req.target.front() != '/') {
        error = Fail(400, "request target must be an absolute path");
        return false;
    }
    for (char c : req.target) {
        if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7F) {
            error = Fail(400, "malformed request target");
            return false;
        }
    }
    if (req.version.size() != 8 || req.version.substr(0, 5) != "HTTP/" || !chars::IsDigit(req.version[5]) ||
        req.version[6] != '.' || !chars::IsDigit(req.version[7])) {
        error = Fail(400, "malformed HTTP version");
        return false;
    }
    if (req.version[5] != '1') {
        error = Fail(505, "HTTP version not supported");
        return false;
    }
    return true;
}

} // namespace

std::optional<std::string_view> HttpRequest::Header(std::string_view name) const
{
    for (const auto& [n, v] : headers) {
        if (EqualsNoCase(n, name)) return v;
    }
    return std::nullopt;
}

bool HttpRequest::HasToken(std::string_view name, std::string_view token) const
{
    for (const auto& [n, v] : headers) {
        if (!EqualsNoCase(n, name)) continue;
        std::string_view rest = v;
        while (!rest.empty()) {
            const size_t comma = rest.find(',');
            if (EqualsNoCase(TrimOws(rest.substr(0, comma)), token)) return true;
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
    return false;
}

std::string_view HttpRequest::Path() const
{
    return target.substr(0, target.find('?'));
}

bool HttpRequest::KeepAlive() const
{
    if (HasToken("Connection", "close")) return false;
    return version == "HTTP/1.1" || HasToken("Connection", "keep-alive");
}

HttpParseResult ParseHttpRequest(std::string_view input)
{
    // The head ends at the first empty line; look only within the size bound.
    const std::string_view window = input.substr(0, MAX_HTTP_REQUEST_HEAD);
    size_t end = std::string_view::npos;
    for (size_t pos = window.find('\n'); pos != std::string_view::npos; pos = window.find('\n', pos + 1)) {
        if (pos + 1 < window.size() && window[pos + 1] == '\n') {
            end = pos + 2;
            break;
        }
        if (pos + 2 < window.size() && window[pos + 1] == '\r' && window[pos + 2] == '\n') {
            end = pos + 3;
            break;
        }
    }
    if (end == std::string_view::npos) {
        if (input.size() >= MAX_HTTP_REQUEST_HEAD) return Fail(431, "request head too large");
        return {};
    }

    HttpParseResult result;
    HttpRequest& req = result.request;
    req.length = end;
    std::string_view rest = input.substr(0, end);
    std::string_view line;
    if (!NextLine(rest, line) || !ParseRequestLine(line, req, result)) {
        return result.status == HttpParseResult::Status::ERROR ? result : Fail(400, "malformed request line");
    }
    while (NextLine(rest, line) && !line.empty()) {
        if (line.front() == ' ' || line.front() == '\t') return Fail(400, "obsolete line folding");
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos || !IsToken(line.substr(0, colon))) return Fail(400, "malformed header");
        const std::string_view value = TrimOws(line.substr(colon + 1));
        if (!IsFieldValue(value)) return Fail(400, "malformed header value");
        if (req.headers.size() >= MAX_HTTP_HEADERS) return Fail(431, "too many headers");
        req.headers.emplace_back(line.substr(0, colon), value);
    }
    if (req.Header("Transfer-Encoding")) return Fail(501, "request bodies are not supported");
    if (const auto cl = req.Header("Content-Length")) {
        uint64_t n = 0;
        const auto [p, ec] = std::from_chars(cl->data(), cl->data() + cl->size(), n);
        if (ec != std::errc{} || p != cl->data() + cl->size()) return Fail(400, "malformed Content-Length");
        if (n != 0) return Fail(413, "request bodies are not accepted");
    }
    result.status = HttpParseResult::Status::OK;
    return result;
}

bool IsWebSocketUpgrade(const HttpRequest& request)
{
    return request.HasToken("Upgrade", "websocket");
}

std::string WebSocketAccept(std::string_view client_key)
{
    const std::string input = std::string{client_key} + std::string{WEBSOCKET_GUID};
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(input.data(), input.size(), digest, &len, EVP_sha1(), nullptr) != 1) return {};
    return EncodeBase64(std::span<const uint8_t>{digest, len});
}

WebSocketUpgrade AnswerWebSocketUpgrade(const HttpRequest& request)
{
    WebSocketUpgrade out;
    auto refuse = [&](int status, std::string_view reason, std::string_view why, std::string_view extra = {}) {
        out.status = status;
        out.response = BuildHttpResponse(status, reason, "text/plain; charset=utf-8", std::string{why} + "\n", false, extra);
        return out;
    };
    if (request.method != "GET" || request.version != "HTTP/1.1") {
        return refuse(400, "Bad Request", "a WebSocket handshake is a GET over HTTP/1.1");
    }
    if (!request.Header("Host")) return refuse(400, "Bad Request", "missing Host");
    if (!request.HasToken("Connection", "upgrade")) return refuse(400, "Bad Request", "missing Connection: Upgrade");
    if (request.Header("Sec-WebSocket-Version") != std::optional<std::string_view>{"13"}) {
        return refuse(426, "Upgrade Required", "only WebSocket version 13 is supported", "Sec-WebSocket-Version: 13\r\n");
    }
    const auto key = request.Header("Sec-WebSocket-Key");
    const auto decoded = key ? DecodeBase64(*key) : std::nullopt;
    if (!decoded || decoded->size() != 16) return refuse(400, "Bad Request", "missing or malformed Sec-WebSocket-Key");
    if (!request.HasToken("Sec-WebSocket-Protocol", "sip")) {
        return refuse(400, "Bad Request", "this port speaks SIP over WebSocket (RFC 7118): offer the \"sip\" subprotocol");
    }
    out.status = 101;
    out.response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   "Sec-WebSocket-Accept: " + WebSocketAccept(*key) + "\r\nSec-WebSocket-Protocol: sip\r\n\r\n";
    return out;
}

std::string BuildHttpResponse(int status, std::string_view reason, std::string_view content_type, std::string_view body,
                              bool keep_alive, std::string_view extra_headers, bool head_only)
{
    std::string out;
    out.reserve(256 + extra_headers.size() + (head_only ? 0 : body.size()));
    out += "HTTP/1.1 " + std::to_string(status) + " ";
    out += reason;
    out += "\r\nServer: dotsd\r\nContent-Type: ";
    out += content_type;
    out += "\r\nContent-Length: " + std::to_string(body.size());
    out += keep_alive ? "\r\nConnection: keep-alive" : "\r\nConnection: close";
    out += "\r\nX-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\nCache-Control: no-cache\r\n";
    out += extra_headers;
    out += "\r\n";
    if (!head_only) out += body;
    return out;
}

} // namespace sip
