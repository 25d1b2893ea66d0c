// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/router/remote_route.h>

#include <sip/router/probe_sender.h>
#include <util/strencodings.h>

namespace sip {

std::optional<NodeHop> DirectEndpoint(const interfaces::NodeRecord& node, bool tls_only, EndpointProblem* problem)
{
    bool dns = false, other_transport = false;
    for (const interfaces::SipEndpoint& endpoint : node.endpoints) {
        const auto route = ParseProbeRoute(endpoint.uri);
        if (!route) continue;
        if (tls_only && route->protocol != Transport::TLS) {
            other_transport = true;
            continue;
        }
        if (route->name) {
            dns = true;
            continue;
        }
        // The route is parsed already and its host is an IP literal: no second parse
        // (EndpointDestination's) on the call's path.
        const auto address = SockAddr::FromIp(route->host, route->port);
        if (!address) continue;
        return NodeHop{Destination{route->protocol, *address, 0}, address->ToString()};
    }
    if (problem) *problem = dns ? EndpointProblem::DNS_ONLY : other_transport ? EndpointProblem::NO_TLS : EndpointProblem::NONE_USABLE;
    return std::nullopt;
}

RemoteDecision DecideRemoteRoute(const interfaces::HandleRecord& record, const interfaces::ChainDirectory& directory,
                                 const interfaces::CallAccounting* accounting, int64_t max_rate, bool sips)
{
    using Kind = RemoteDecision::Kind;
    RemoteDecision d;
    const auto serving = record.ServingNode();
    if (!serving || directory.IsLocalNode(*serving)) return d;
    const auto refuse = [&d](uint16_t code, std::string reason) {
        d.kind = Kind::REFUSE;
        d.code = code;
        d.reason = std::move(reason);
        return d;
    };
    d.node = *serving;
    const auto node = directory.LookupNode(*serving);
    if (!node) return refuse(404, "Not Found (serving node not registered)");
    if (!node->active) return refuse(480, "Temporarily Unavailable (serving node deregistered)");
    d.rate = node->rate;
    if (node->rate > max_rate) return refuse(403, "Rate Above Our Maximum");
    if (node->rate > 0 && (!accounting || !accounting->OriginatingNode())) {
        return refuse(403, "Forbidden (no node key here to pay the serving node's rate)");
    }
    EndpointProblem problem{EndpointProblem::NONE_USABLE};
    const auto to = DirectEndpoint(*node, sips, &problem);
    if (!to) {
        switch (problem) {
        case EndpointProblem::DNS_ONLY: return refuse(480, "Temporarily Unavailable (serving node has DNS-name endpoints only)");
        case EndpointProblem::NO_TLS: return refuse(480, "Temporarily Unavailable (serving node has no TLS endpoint for sips:)");
        case EndpointProblem::NONE_USABLE: break;
        }
        return refuse(480, "Temporarily Unavailable (serving node has no SIP endpoint over UDP, TCP or TLS)");
    }
    d.kind = Kind::ROUTE;
    d.to = *to;
    return d;
}

std::string RemoteRequestUri(std::string_view user, const NodeHop& to, bool sips)
{
    std::string uri = sips ? "sips:" : "sip:";
    uri.reserve(uri.size() + user.size() + 1 + to.host_port.size());
    uri.append(user).push_back('@');
    uri.append(to.host_port);
    return uri;
}

std::string NodeIdHex(const interfaces::NodeId& id) { return HexStr(id); }

} // namespace sip
