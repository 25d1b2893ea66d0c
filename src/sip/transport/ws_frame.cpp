// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/transport/ws_frame.h>

#include <algorithm>

namespace sip {
namespace {

WsEvent Error(uint16_t code, const char* why)
{
    WsEvent ev;
    ev.kind = WsEvent::Kind::ERROR;
    ev.code = code;
    ev.payload = why;
    return ev;
}

bool KnownOpcode(uint8_t op)
{
    return op <= 0x2 || (op >= 0x8 && op <= 0xA);
}

/** RFC 6455 7.4: codes a peer may send in a close frame. */
bool ValidCloseCode(uint16_t code)
{
    if (code >= 3000 && code <= 4999) return true;
    return code >= 1000 && code <= 1014 && code != 1004 && code != 1005 && code != 1006;
}

void AppendLength(std::string& out, uint8_t first, size_t len)
{
    out.push_back(static_cast<char>(first));
    if (len < 126) {
        out.push_back(static_cast<char>(len));
    } else if (len <= 0xFFFF) {
        out.push_back(static_cast<char>(126));
        out.push_back(static_cast<char>(len >> 8));
        out.push_back(static_cast<char>(len & 0xFF));
    } else {
        out.push_back(static_cast<char>(127));
        for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((static_cast<uint64_t>(len) >> shift) & 0xFF));
    }
}

} // namespace

WsEvent WsReader::Next(std::span<const uint8_t> in)
{
    WsEvent need;
    if (in.size() < 2) return need;
    const bool fin = (in[0] & 0x80) != 0;
    if ((in[0] & 0x70) != 0) return Error(WS_CLOSE_PROTOCOL_ERROR, "reserved bits set");
    const uint8_t op = in[0] & 0x0F;
    if (!KnownOpcode(op)) return Error(WS_CLOSE_PROTOCOL_ERROR, "unknown opcode");
    if ((in[1] & 0x80) == 0) return Error(WS_CLOSE_PROTOCOL_ERROR, "unmasked client frame");
    uint64_t len = in[1] & 0x7F;
    size_t pos = 2;
    if (len == 126) {
        if (in.size() < 4) return need;
        len = (static_cast<uint64_t>(in[2]) << 8) | in[3];
        pos = 4;
    } else if (len == 127) {
        if (in.size() < 10) return need;
        len = 0;
        for (size_t i = 2; i < 10; ++i) len = (len << 8) | in[i];
        if (len >> 63) return Error(WS_CLOSE_PROTOCOL_ERROR, "bad frame length");
        pos = 10;
    }
    const bool control = op >= 0x8;
    if (control) {
        if (!fin) return Error(WS_CLOSE_PROTOCOL_ERROR, "fragmented control frame");
        if (len > WS_MAX_CONTROL_PAYLOAD) return Error(WS_CLOSE_PROTOCOL_ERROR, "control frame too long");
    } else {
        const bool continuation = op == static_cast<uint8_t>(WsOpcode::CONTINUATION);
        if (continuation && !m_in_message) return Error(WS_CLOSE_PROTOCOL_ERROR, "continuation outside a message");
        if (!continuation && m_in_message) return Error(WS_CLOSE_PROTOCOL_ERROR, "new message inside a fragmented one");
        const size_t so_far = m_in_message ? m_message.size() : 0;
        if (len > m_max_message - std::min(so_far, m_max_message)) return Error(WS_CLOSE_TOO_BIG, "message too large");
    }
    if (in.size() < pos + 4) return need;
    const uint8_t* mask = in.data() + pos;
    pos += 4;
    if (in.size() - pos < len) return need;

    std::string payload(static_cast<size_t>(len), '\0');
    for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(in[pos + i] ^ mask[i & 3]);

    WsEvent ev;
    ev.consumed = pos + static_cast<size_t>(len);
    switch (static_cast<WsOpcode>(op)) {
    case WsOpcode::PING:
        ev.kind = WsEvent::Kind::PING;
        ev.payload = std::move(payload);
        return ev;
    case WsOpcode::PONG:
        ev.kind = WsEvent::Kind::PONG;
        return ev;
    case WsOpcode::CLOSE: {
        if (payload.size() == 1) return Error(WS_CLOSE_PROTOCOL_ERROR, "close frame with a 1-byte payload");
        ev.kind = WsEvent::Kind::CLOSE;
        ev.code = WS_CLOSE_NO_STATUS;
        if (payload.size() >= 2) {
            ev.code = static_cast<uint16_t>((static_cast<uint8_t>(payload[0]) << 8) | static_cast<uint8_t>(payload[1]));
            if (!ValidCloseCode(ev.code)) return Error(WS_CLOSE_PROTOCOL_ERROR, "invalid close code");
            ev.payload = payload.substr(2);
        }
        return ev;
    }
    case WsOpcode::TEXT:
    case WsOpcode::BINARY:
        m_message_opcode = static_cast<WsOpcode>(op);
        [[fallthrough]];
    case WsOpcode::CONTINUATION:
        break;
    }
    if (!fin) {
        m_message += payload;
        m_in_message = true;
        ev.kind = WsEvent::Kind::FRAGMENT;
        return ev;
    }
    ev.kind = WsEvent::Kind::MESSAGE;
    ev.opcode = m_message_opcode;
    if (m_in_message) {
        m_message += payload;
        ev.payload = std::move(m_message);
        m_message = std::string{};
        m_in_message = false;
    } else {
        ev.payload = std::move(payload);
    }
    return ev;
}

std::string EncodeWsFrame(WsOpcode opcode, std::string_view payload)
{
    if (static_cast<uint8_t>(opcode) >= 0x8 && payload.size() > WS_MAX_CONTROL_PAYLOAD) payload = payload.substr(0, WS_MAX_CONTROL_PAYLOAD);
    std::string out;
    out.reserve(payload.size() + 10);
    AppendLength(out, static_cast<uint8_t>(0x80 | static_cast<uint8_t>(opcode)), payload.size());
    out.append(payload);
    return out;
}

std::string EncodeWsClose(uint16_t code, std::string_view reason)
{
    std::string payload;
    payload.push_back(static_cast<char>(code >> 8));
    payload.push_back(static_cast<char>(code & 0xFF));
    payload.append(reason.substr(0, WS_MAX_CONTROL_PAYLOAD - 2));
    return EncodeWsFrame(WsOpcode::CLOSE, payload);
}

} // namespace sip
