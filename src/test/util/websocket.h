// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_TEST_UTIL_WEBSOCKET_H
#define DOTS_TEST_UTIL_WEBSOCKET_H

// What a WebSocket client sends, for tests of the server side (sip/transport/ws_*): masked
// frames (RFC 6455 5.3) and the opening handshake of a SIP client (RFC 7118).

#include <cstdint>
#include <string>
#include <string_view>

namespace test {

/**
 * One client frame: `first_byte` (FIN, RSV and opcode, e.g. 0x81 for a final text frame), the
 * mask bit and length (7-bit, 16-bit or 64-bit form, the shortest unless `len_bytes` is 2 or
 * 8), a fixed mask and the masked payload.
 */
inline std::string MaskedWsFrame(uint8_t first_byte, std::string_view payload, int len_bytes = 0)
{
    std::string f;
    f.push_back(static_cast<char>(first_byte));
    const size_t n = payload.size();
    if (len_bytes == 8 || (len_bytes == 0 && n > 0xFFFF)) {
        f.push_back(static_cast<char>(0x80 | 127));
        for (int s = 56; s >= 0; s -= 8) f.push_back(static_cast<char>((static_cast<uint64_t>(n) >> s) & 0xFF));
    } else if (len_bytes == 2 || (len_bytes == 0 && n >= 126)) {
        f.push_back(static_cast<char>(0x80 | 126));
        f.push_back(static_cast<char>(n >> 8));
        f.push_back(static_cast<char>(n & 0xFF));
    } else {
        f.push_back(static_cast<char>(0x80 | n));
    }
    const char mask[4] = {0x12, 0x34, 0x56, 0x78};
    f.append(mask, 4);
    for (size_t i = 0; i < n; ++i) f.push_back(static_cast<char>(payload[i] ^ mask[i & 3]));
    return f;
}

/** A SIP client's upgrade request (RFC 6455 1.3's example key), with `protocol` offered. */
inline std::string WsUpgradeRequest(std::string_view path = "/", std::string_view protocol = "sip")
{
    return "GET " + std::string{path} + " HTTP/1.1\r\nHost: node.example:8443\r\nUpgrade: websocket\r\n"
           "Connection: keep-alive, Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
           "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: " + std::string{protocol} +
           "\r\nOrigin: https://node.example:8443\r\n\r\n";
}

} // namespace test

#endif // DOTS_TEST_UTIL_WEBSOCKET_H
