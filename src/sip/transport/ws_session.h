// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_TRANSPORT_WS_SESSION_H
#define DOTS_SIP_TRANSPORT_WS_SESSION_H

// The per-connection state of a WS/WSS connection (EventTransport, ws_connection.cpp): it
// starts as HTTP (the phone's pages, or the upgrade request), becomes a WebSocket carrying SIP
// after a valid upgrade, and ends with the close handshake.

#include <sip/parser/limits.h>
#include <sip/transport/ws_frame.h>

#include <cstdint>

namespace sip {

/** HTTP requests answered on one connection before it is closed (page loads reuse it). */
inline constexpr uint32_t MAX_HTTP_REQUESTS_PER_CONNECTION = 100;

struct WsSession {
    enum class Phase : uint8_t {
        HTTP,    //!< reading HTTP requests: pages, or the upgrade
        OPEN,    //!< WebSocket open: SIP messages both ways
        CLOSING, //!< a close frame was sent; the connection goes once it is flushed
    };
    Phase phase{Phase::HTTP};
    WsReader reader{MAX_MESSAGE_SIZE};
    bool ping_outstanding{false}; //!< a ping went out and nothing has been read since
    uint32_t http_requests{0};
};

} // namespace sip

#endif // DOTS_SIP_TRANSPORT_WS_SESSION_H
