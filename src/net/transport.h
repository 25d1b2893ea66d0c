// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NET_TRANSPORT_H
#define DOTS_NET_TRANSPORT_H

/**
 * Message framing of a P2P connection (net/protocol.h has the header layout): MessageReader
 * cuts a byte stream into messages, checking the magic, the type's characters, the length
 * limit and the checksum; it never buffers more than one message (at most
 * MAX_PROTOCOL_MESSAGE_LENGTH bytes), and a bad frame ends the stream: the connection must be
 * closed, since nothing after it can be trusted to be aligned. Thread-compatible.
 */

#include <net/protocol.h>

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace net {

/** One received message. */
struct NetMessage {
    std::string type;
    std::vector<uint8_t> payload;
    /** Header and payload bytes on the wire. */
    size_t wire_size{0};
};

class MessageReader
{
public:
    explicit MessageReader(const std::array<uint8_t, MESSAGE_START_SIZE>& magic,
                           uint32_t max_payload = MAX_PROTOCOL_MESSAGE_LENGTH)
        : m_magic{magic}, m_max_payload{max_payload} {}

    /**
     * Consumes bytes from the front of `in`, up to the end of the current message, and returns
     * how many it took. Once Complete() or Failed() it consumes nothing: Take() the message
     * first. Feeding a failed reader is harmless.
     */
    size_t Feed(std::span<const uint8_t> in);

    /** A whole message with a good checksum is ready for Take(). */
    bool Complete() const { return m_state == State::COMPLETE; }
    /** The stream is broken; Error() says why ("wrong magic", "oversized message ..."...). */
    bool Failed() const { return m_state == State::FAILED; }
    const std::string& Error() const { return m_error; }
    /** The ready message; the reader starts on the next one. Requires Complete(). */
    NetMessage Take();
    /** Bytes buffered for the message in progress (receive-buffer accounting). */
    size_t BufferedBytes() const { return m_header_pos + m_payload.size(); }

private:
    enum class State { HEADER, PAYLOAD, COMPLETE, FAILED };
    void OnHeaderComplete();
    void OnPayloadComplete();

    std::array<uint8_t, MESSAGE_START_SIZE> m_magic;
    uint32_t m_max_payload;
    State m_state{State::HEADER};
    std::array<uint8_t, HEADER_SIZE> m_header_bytes{};
    size_t m_header_pos{0};
    MessageHeader m_header;
    std::vector<uint8_t> m_payload;
    size_t m_payload_pos{0};
    std::string m_error;
};

/** The 24-byte header followed by the payload, ready for the socket. */
std::vector<uint8_t> SerializeMessage(const std::array<uint8_t, MESSAGE_START_SIZE>& magic, std::string_view type,
                                      std::span<const uint8_t> payload);

} // namespace net

#endif // DOTS_NET_TRANSPORT_H
