// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/router/target.h>

#include <sip/parser/chars.h>

namespace sip {
using chars::EqualsNoCase;

namespace {

Transport UriTransport(const Uri& uri)
{
    if (const auto t = uri.Param("transport")) {
        const Transport parsed = TransportFromToken(*t);
        if (parsed != Transport::OTHER) return parsed;
    }
    return uri.scheme == UriScheme::SIPS ? Transport::TLS : Transport::UDP;
}

/** Contact URI as an address when it is an IP literal (no name lookups on the SIP thread). */
std::optional<SockAddr> UriAddress(const Uri& uri)
{
    if (!uri.IsSip() || (uri.host_type != HostType::IPV4 && uri.host_type != HostType::IPV6)) return std::nullopt;
    return SockAddr::FromIp(uri.host, uri.port.value_or(DefaultPort(UriTransport(uri))));
}

} // namespace

std::optional<Destination> BindingDestination(const ContactBinding& binding)
{
    const auto source = SockAddr::FromIp(binding.source.ip, binding.source.port);
    if (binding.source.transport != Transport::UDP) {
        if (!source) return std::nullopt;
        Destination flow{binding.source.transport, *source, binding.source.connection_id};
        // Once that connection is gone, a phone that listens (its Contact names its own IP, on
        // the same transport) is reached by a new connection to its Contact (RFC 3261 18.2.2);
        // an RFC 5626 flow (reg-id) and a WebSocket client only ever over their own flow.
        const bool ws = flow.protocol == Transport::WS || flow.protocol == Transport::WSS;
        if (binding.reg_id == 0 && !ws) {
            if (const auto uri = ParseUri(binding.contact_uri); uri && UriTransport(*uri) == flow.protocol) {
                if (const auto addr = UriAddress(*uri); addr && addr->Normalized().SameIp(source->Normalized())) {
                    flow.address = addr->Normalized();
                }
            }
        }
        return flow;
    }
    if (!binding.behind_nat) {
        if (const auto uri = ParseUri(binding.contact_uri)) {
            if (UriTransport(*uri) == Transport::UDP) {
                if (const auto addr = UriAddress(*uri)) return Destination{Transport::UDP, *addr, 0};
            }
        }
    }
    if (!source) return std::nullopt;
    return Destination{Transport::UDP, *source, 0};
}

Destination PeerDestination(const Uri* contact, const Peer& source)
{
    const SockAddr remote = source.remote.Normalized();
    if (source.protocol == Transport::UDP && contact && UriTransport(*contact) == Transport::UDP) {
        if (const auto addr = UriAddress(*contact); addr && addr->Normalized().SameIp(remote)) {
            return Destination{Transport::UDP, addr->Normalized(), 0};
        }
    }
    return Destination{source.protocol, remote, source.connection_id};
}

std::string FormatDestination(const Destination& to)
{
    return std::string{TransportName(to.protocol)} + ":" + to.address.ToString();
}

std::string FormatPeer(const Peer& peer) { return std::string{TransportName(peer.protocol)} + ":" + peer.remote.ToString(); }

} // namespace sip
