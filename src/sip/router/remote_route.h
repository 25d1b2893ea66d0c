// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_ROUTER_REMOTE_ROUTE_H
#define DOTS_SIP_ROUTER_REMOTE_ROUTE_H

// Routing to other nodes (Registry v2, doc/sip.md "Routing to other nodes"): a handle that has
// no binding in our location service but is served, on chain, by another node T is reached by
// sending the request to one of T's registered endpoints. The originating node routes to T only
// when T's rate in force is at most its own maximum (-sipmaxrate, default 0: free peering only)
// and, for a paid T, only when it has a node key to sign T's vouchers with, so that nobody can
// bill a node for calls it never agreed to pay for. Everything here is pure: the proxy
// (proxy.cpp) sends the request, the dialog table bills its seconds (dialogs.h).

#include <interfaces/calls.h>
#include <interfaces/chain_directory.h>
#include <sip/transport/transport.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sip {

/** A remote node's endpoint as the SIP thread reaches it: an IP literal, no name lookup. */
struct NodeHop {
    Destination hop;       //!< transport and address to send to
    std::string host_port; //!< "192.0.2.9:5060", "[2001:db8::1]:5061": the host part of Request-URIs for T
};

/** Why no endpoint of a node can be used from the SIP thread. */
enum class EndpointProblem : uint8_t {
    NONE_USABLE, //!< no endpoint at all, or none over UDP, TCP or TLS (WebSocket ones are for browsers)
    DNS_ONLY,    //!< only endpoints whose host is a DNS name (looked up in a later round, never on the SIP thread)
    NO_TLS,      //!< the request is sips: and no endpoint is TLS
};

/**
 * The first endpoint of `node` the SIP thread can send to, in the node's order: a sip:/sips:
 * URI over UDP, TCP or TLS whose host is an IP literal (ParseProbeRoute / EndpointDestination
 * rules, probe_sender.h); only TLS ones when `tls_only` (a sips: request). When there is none,
 * `problem` (if given) says why. Pure, thread-safe.
 */
std::optional<NodeHop> DirectEndpoint(const interfaces::NodeRecord& node, bool tls_only, EndpointProblem* problem = nullptr);

/** What the proxy does with a request for a handle that has no binding here. */
struct RemoteDecision {
    enum class Kind : uint8_t {
        NOT_REMOTE, //!< no serving node, or it is one of ours: answer as for an offline handle
        ROUTE,      //!< send it to `to`, the serving node `node` at `rate`
        REFUSE,     //!< answer `code` `reason` (a 4xx naming why)
    };
    Kind kind{Kind::NOT_REMOTE};
    uint16_t code{0};
    std::string reason;
    NodeHop to;
    interfaces::NodeId node{};
    int64_t rate{0}; //!< T's rate in force, units per 60 s
};

/**
 * The routing decision for handle `record` (found on chain, no local binding), read from
 * `directory`: NOT_REMOTE when its serving node (HandleRecord::ServingNode) is none or ours
 * (IsLocalNode); REFUSE 404 when that node is not registered, 480 when it is deregistered or
 * has no endpoint usable here (DirectEndpoint: none, DNS names only, no TLS one for sips:),
 * 403 "Rate Above Our Maximum" when its rate is above `max_rate`, 403 when its rate is above 0
 * and nobody here would pay (`accounting` null or without an OriginatingNode); else ROUTE.
 * Thread-safe when `directory` and `accounting` are; never blocks (both promise not to).
 */
RemoteDecision DecideRemoteRoute(const interfaces::HandleRecord& record, const interfaces::ChainDirectory& directory,
                                 const interfaces::CallAccounting* accounting, int64_t max_rate, bool sips);

/** "sip:<user>@<host:port>" ("sips:" when `sips`): how T recognises a request as its own. */
std::string RemoteRequestUri(std::string_view user, const NodeHop& to, bool sips);

/** A node id as log lines and reasons name it: 64 lowercase hex digits. */
std::string NodeIdHex(const interfaces::NodeId& id);

} // namespace sip

#endif // DOTS_SIP_ROUTER_REMOTE_ROUTE_H
