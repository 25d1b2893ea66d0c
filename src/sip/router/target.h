// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_ROUTER_TARGET_H
#define DOTS_SIP_ROUTER_TARGET_H

// Where the proxy sends a request: the next hop of a registered contact or of a dialog
// endpoint. DOTS never resolves names on the SIP thread, so a hop is always an IP literal or
// the flow the peer itself opened (its source address and connection).

#include <sip/parser/uri.h>
#include <sip/registrar/location.h>
#include <sip/transport/transport.h>

#include <optional>
#include <string>
#include <string_view>

namespace sip {

/**
 * The next hop for a registered binding. Stream transports (TCP, TLS, WS) go back over the
 * registering flow (the connection id); the address is the Contact's when it names the
 * source's IP on the same transport and the binding is no RFC 5626 flow (no reg-id, not
 * WebSocket), so a phone that listens is reached by a new connection once the flow is gone,
 * else the flow's source address. Over UDP the Contact's
 * IP:port is used when it is an IP literal and the client is not behind NAT (the registrar
 * set behind_nat when the Contact differed from the packet source); otherwise the source
 * IP:port. Returns nullopt when neither is a usable address. Pure, thread-safe.
 */
std::optional<Destination> BindingDestination(const ContactBinding& binding);

/**
 * The next hop of a peer that sent us a request with Contact `contact` (may be null) from
 * `source`: the same rule as BindingDestination (over UDP the Contact when it names the
 * source IP, else the source; streams the source flow). Pure, thread-safe.
 */
Destination PeerDestination(const Uri* contact, const Peer& source);

/** "host:port" of a destination for logs and RPC ("[v6]:port"). */
std::string FormatDestination(const Destination& to);

/** "UDP:host:port" of the peer a message came from, as log lines name it. */
std::string FormatPeer(const Peer& peer);

} // namespace sip

#endif // DOTS_SIP_ROUTER_TARGET_H
