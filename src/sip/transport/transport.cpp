// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/transport/transport.h>

namespace sip {

std::string_view SendStatusName(SendStatus status)
{
    switch (status) {
    case SendStatus::OK: return "ok";
    case SendStatus::NO_ROUTE: return "no route";
    case SendStatus::TOO_LARGE: return "too large";
    case SendStatus::CONNECT_FAILED: return "connect failed";
    case SendStatus::ERROR: return "send error";
    }
    return "unknown";
}

uint16_t DefaultPort(Transport protocol)
{
    return (protocol == Transport::TLS || protocol == Transport::WSS) ? 5061 : 5060;
}

uint16_t ListenPorts::For(Transport protocol) const
{
    switch (protocol) {
    case Transport::TLS: return tls != 0 ? tls : sip;
    case Transport::WS: return ws != 0 ? ws : sip;
    case Transport::WSS: return wss != 0 ? wss : sip;
    default: return sip;
    }
}

Destination ResponseDestination(const Via& top_via, const Peer& from)
{
    Destination to;
    to.protocol = from.protocol;
    to.address = from.remote.Normalized();
    to.local = from.local;
    if (IsReliable(from.protocol)) {
        to.connection_id = from.connection_id;
        to.address.SetPort(top_via.port.value_or(DefaultPort(from.protocol)));
    } else if (!top_via.has_rport) {
        to.address.SetPort(top_via.port.value_or(DefaultPort(from.protocol)));
    }
    return to;
}

} // namespace sip
