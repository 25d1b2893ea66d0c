// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_TRANSPORT_WS_FRAME_H
#define DOTS_SIP_TRANSPORT_WS_FRAME_H

// WebSocket framing (RFC 6455 section 5) for the server side of SIP over WebSocket (RFC
// 7118): reading the frames a client sends (masked, possibly fragmented, with pings and a
// close handshake interleaved) into whole messages, with bounds on frame and message size,
// and writing the server's frames. Pure code, no sockets: the transport feeds it the bytes it
// read. One SIP message travels in one WebSocket message (RFC 7118 section 5).

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace sip {

enum class WsOpcode : uint8_t {
    CONTINUATION = 0x0,
    TEXT = 0x1,
    BINARY = 0x2,
    CLOSE = 0x8,
    PING = 0x9,
    PONG = 0xA,
};

/** Close status codes used here (RFC 6455 7.4.1). */
inline constexpr uint16_t WS_CLOSE_NORMAL = 1000;
inline constexpr uint16_t WS_CLOSE_GOING_AWAY = 1001;
inline constexpr uint16_t WS_CLOSE_PROTOCOL_ERROR = 1002;
inline constexpr uint16_t WS_CLOSE_NO_STATUS = 1005; //!< never sent: "the close frame had no code"
inline constexpr uint16_t WS_CLOSE_TOO_BIG = 1009;

/** Longest payload of a control frame (RFC 6455 5.5). */
inline constexpr size_t WS_MAX_CONTROL_PAYLOAD = 125;

/** What one call to WsReader::Next found at the front of the unconsumed bytes. */
struct WsEvent {
    enum class Kind : uint8_t {
        NEED_MORE, //!< no complete frame yet: read more and call again (nothing consumed)
        MESSAGE,   //!< `payload` is a whole data message (text or binary)
        FRAGMENT,  //!< a non-final data frame was stored: call again
        PING,      //!< answer with a PONG carrying `payload`
        PONG,      //!< nothing to do (the peer is alive)
        CLOSE,     //!< the peer starts or answers the close handshake with `code`
        ERROR,     //!< protocol violation or size bound: close with `code`, then drop the connection
    };
    Kind kind{Kind::NEED_MORE};
    /** Bytes to drop from the front of the input (0 for NEED_MORE and ERROR). */
    size_t consumed{0};
    /** MESSAGE, PING: the unmasked payload. CLOSE: the reason text. ERROR: what was wrong. */
    std::string payload;
    /** MESSAGE: TEXT or BINARY. */
    WsOpcode opcode{WsOpcode::TEXT};
    /** CLOSE: the peer's status code (WS_CLOSE_NO_STATUS when it sent none). ERROR: the code
     *  to close with (WS_CLOSE_PROTOCOL_ERROR or WS_CLOSE_TOO_BIG). */
    uint16_t code{0};
};

/**
 * Reads client-to-server frames of one connection. Enforces RFC 6455: every frame masked, no
 * RSV bits (no extension is negotiated), known opcodes only, control frames final and at most
 * 125 bytes, continuation frames only inside a fragmented message, a close code in a valid
 * range. A data frame longer than `max_message`, or a fragmented message growing past it, is
 * an ERROR with WS_CLOSE_TOO_BIG before its payload is read. Text payloads are not checked
 * for UTF-8: the SIP parser judges the bytes. Not thread-safe: one per connection.
 */
class WsReader
{
public:
    explicit WsReader(size_t max_message) : m_max_message{max_message} {}

    /** Looks at `input` (the connection's unconsumed bytes) and returns the next event. The
     *  caller drops `consumed` bytes before calling again. After ERROR, stop reading. */
    WsEvent Next(std::span<const uint8_t> input);

    /** The most bytes Next() may need to see at once: one frame header and payload. */
    size_t MaxFrameBytes() const { return m_max_message + 14; }

private:
    size_t m_max_message;
    bool m_in_message{false}; //!< a fragmented data message is being assembled
    WsOpcode m_message_opcode{WsOpcode::TEXT};
    std::string m_message;
};

/** One unmasked server-to-client frame with FIN set. Control payloads beyond 125 bytes are
 *  cut to 125. */
std::string EncodeWsFrame(WsOpcode opcode, std::string_view payload);

/** A close frame with `code` and a reason (cut so the payload stays within 125 bytes). */
std::string EncodeWsClose(uint16_t code, std::string_view reason = {});

} // namespace sip

#endif // DOTS_SIP_TRANSPORT_WS_FRAME_H
