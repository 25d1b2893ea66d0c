// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_PARSER_FRAMING_H
#define DOTS_SIP_PARSER_FRAMING_H

/**
 * Message framing on stream transports (TCP, TLS): where one SIP message ends in the bytes read so
 * far, by Content-Length, and RFC 5626 keepalives.
 */

#include <sip/parser/error.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace sip {

enum class FrameStatus : uint8_t {
    NEED_MORE,      // no complete message yet: read more bytes and call again
    MESSAGE,        // the first `length` bytes are one complete message
    KEEPALIVE_PING, // the first `length` (4) bytes are an RFC 5626 CRLFCRLF ping: answer CRLF
    KEEPALIVE,      // the first `length` bytes are stray CRLFs (a pong, RFC 3261 7.5): discard
    ERROR,          // unframeable: send 400/513 if possible, then close the connection
};

struct FrameResult {
    FrameStatus status{FrameStatus::NEED_MORE};
    /** Bytes to consume from the front of the buffer (MESSAGE, KEEPALIVE*). */
    size_t length{0};
    /** Why, for ERROR: MESSAGE_TOO_LARGE, MISSING_CONTENT_LENGTH, BAD_CONTENT_LENGTH,
     *  MULTIPLE_CONTENT_LENGTH, BAD_HEADER_LINE. */
    ParseError error{ParseError::OK};
};

/**
 * Content-Length framing for stream transports (TCP, TLS). `received` is everything read on
 * the connection and not yet consumed. Looks only at the header section (never the body), so
 * calling it again after each read is cheap until the headers are complete. A ping split over
 * reads ("\r\n" then "\r\n") waits for more data rather than guessing. Pure and thread-safe.
 */
FrameResult FrameStreamMessage(std::span<const uint8_t> received);
FrameResult FrameStreamMessage(std::string_view received);

/**
 * FrameStreamMessage() for one connection, remembering its progress between calls: how far it
 * has searched for the end of the headers and, once known, the message length. A peer that
 * trickles a 64 KiB message one byte per read then costs O(n) work instead of O(n^2).
 *
 * Contract: `received` is always the connection's unconsumed bytes, only ever appended to
 * between calls; after a result other than NEED_MORE the caller consumes `length` bytes (none
 * for ERROR, after which the connection is closed). Not thread-safe: one per connection.
 */
class StreamFramer
{
public:
    FrameResult Next(std::string_view received);
    FrameResult Next(std::span<const uint8_t> received)
    {
        return Next(std::string_view{reinterpret_cast<const char*>(received.data()), received.size()});
    }

private:
    size_t m_searched{0};   // bytes already known not to hold the end of the headers
    size_t m_total{0};      // full message length once the headers were framed, else 0
};

} // namespace sip

#endif // DOTS_SIP_PARSER_FRAMING_H
