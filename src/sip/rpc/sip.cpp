// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The router's RPCs: getsipinfo and listsipcalls, and RegisterSipRPCCommands.

#include <sip/rpc/register.h>

#include <rpc/server.h>
#include <sip/registrar/credentials.h>
#include <sip/registrar/location.h>
#include <sip/router/dialogs.h>
#include <sip/service.h>
#include <sip/transport/tls_context.h>
#include <util/time.h>

namespace sip {

namespace {

UniValue CallToJSON(const DialogInfo& d, int64_t now)
{
    UniValue obj{UniValue::VOBJ};
    obj.pushKV("call_id", d.call_id);
    obj.pushKV("from", d.from_handle);
    obj.pushKV("to", d.to_handle);
    obj.pushKV("state", std::string{DialogStateName(d.state)});
    obj.pushKV("created", d.created_at);
    if (d.answered_at != 0) obj.pushKV("start_time", d.answered_at);
    if (d.ended_at != 0) obj.pushKV("end_time", d.ended_at);
    obj.pushKV("duration", d.Duration(now));
    return obj;
}

/** getsipinfo's object; only {"enabled": false} without a service. */
UniValue SipInfoToJSON(SipService* service)
{
    UniValue obj{UniValue::VOBJ};
    obj.pushKV("enabled", service != nullptr && service->Running());
    if (!service) return obj;
    UniValue listeners{UniValue::VARR}, domains{UniValue::VARR};
    for (const std::string& l : service->Listeners()) listeners.push_back(l);
    for (const std::string& d : service->Domains()) domains.push_back(d);
    obj.pushKV("listeners", listeners);
    obj.pushKV("domains", domains);
    obj.pushKV("realm", service->Credentials().Realm());
    obj.pushKV("advertised", service->AdvertisedHost());
    obj.pushKV("credentials", static_cast<uint64_t>(service->Credentials().Size()));
    obj.pushKV("registrations", static_cast<uint64_t>(service->Location().AorCount()));
    obj.pushKV("contacts", static_cast<uint64_t>(service->Location().BindingCount()));
    obj.pushKV("calls", static_cast<uint64_t>(service->Dialogs().ActiveCalls()));
    obj.pushKV("dialogs", static_cast<uint64_t>(service->Dialogs().Size()));
    const SipService::Counters c = service->Stats();
    UniValue txns{UniValue::VOBJ};
    txns.pushKV("server", c.server_transactions);
    txns.pushKV("client", c.client_transactions);
    obj.pushKV("transactions", txns);
    UniValue msgs{UniValue::VOBJ};
    msgs.pushKV("received", c.messages_in);
    msgs.pushKV("sent", c.messages_out);
    msgs.pushKV("bytes_received", c.bytes_in);
    msgs.pushKV("bytes_sent", c.bytes_out);
    msgs.pushKV("parse_errors", c.parse_errors);
    msgs.pushKV("rate_limited", c.rate_limited);
    msgs.pushKV("send_errors", c.send_errors);
    msgs.pushKV("retransmissions", c.retransmissions);
    msgs.pushKV("udp_receive_calls", c.udp_receive_calls);
    msgs.pushKV("udp_send_calls", c.udp_send_calls);
    obj.pushKV("messages", msgs);
    UniValue proxy{UniValue::VOBJ};
    proxy.pushKV("routed", c.requests_routed);
    proxy.pushKV("rejected", c.rejected);
    proxy.pushKV("keepalives_sent", c.keepalives_sent);
    proxy.pushKV("keepalive_removed", c.keepalive_removed);
    obj.pushKV("proxy", proxy);
    obj.pushKV("tcp_connections", c.tcp_connections);
    if (const TlsContext* tls = service->Tls()) {
        UniValue t{UniValue::VOBJ};
        t.pushKV("certificate", service->Options().secure.cert_file.string());
        t.pushKV("self_signed", service->Options().secure.self_signed);
        t.pushKV("subject", tls->Subject());
        t.pushKV("fingerprint", tls->Fingerprint());
        t.pushKV("expires", tls->NotAfter());
        obj.pushKV("tls", t);
    }
    obj.pushKV("rate_per_ip", static_cast<uint64_t>(service->Options().rate_per_ip));
    obj.pushKV("ping_interval", service->Options().ping_interval);
    return obj;
}

rpc::RPCMethod getsipinfo(SipService* service)
{
    return {
        .name = "getsipinfo",
        .category = "sip",
        .description = "Returns the state of this node's SIP registrar and proxy.",
        .args = {},
        .result = "{\n"
                  "  \"enabled\" : true|false,     (boolean) whether the SIP router runs (-siplisten)\n"
                  "  \"listeners\" : [\"str\",...],  (array) transport:address:port bound\n"
                  "  \"domains\" : [\"str\",...],    (array) SIP domains and own addresses served (sip:handle@<domain>)\n"
                  "  \"realm\" : \"str\",            (string) the Digest realm\n"
                  "  \"advertised\" : \"str\",       (string) host written into Via and Record-Route\n"
                  "  \"credentials\" : n,          (numeric) handles with a SIP credential here\n"
                  "  \"registrations\" : n,        (numeric) handles with at least one live contact\n"
                  "  \"contacts\" : n,             (numeric) registered contacts\n"
                  "  \"calls\" : n,                (numeric) answered calls in progress\n"
                  "  \"dialogs\" : n,              (numeric) dialogs tracked (calls, subscriptions, recently ended)\n"
                  "  \"transactions\" : {\"server\": n, \"client\": n},\n"
                  "  \"messages\" : {           (json object) counters since start, all transports unless named\n"
                  "    \"received\" : n,          (numeric) messages received\n"
                  "    \"sent\" : n,              (numeric) messages sent\n"
                  "    \"bytes_received\" : n,    (numeric) bytes received\n"
                  "    \"bytes_sent\" : n,        (numeric) bytes sent\n"
                  "    \"parse_errors\" : n,      (numeric) messages that failed to parse or validate\n"
                  "    \"rate_limited\" : n,      (numeric) messages refused by the per-source rate limit\n"
                  "    \"send_errors\" : n,       (numeric) sends that failed\n"
                  "    \"retransmissions\" : n,   (numeric) retransmissions sent by the transaction layer\n"
                  "    \"udp_receive_calls\" : n, (numeric) recvmmsg system calls on the UDP sockets; each reads every\n"
                  "                               datagram waiting (up to 16), so fewer than the UDP datagrams under load\n"
                  "    \"udp_send_calls\" : n     (numeric) sendmmsg system calls on the UDP sockets; the datagrams\n"
                  "                               sent while one received batch is handled leave in one call\n"
                  "  },\n"
                  "  \"proxy\" : {\"routed\": n, \"rejected\": n, \"keepalives_sent\": n, \"keepalive_removed\": n},\n"
                  "  \"tcp_connections\" : n,      (numeric) open TCP, TLS and WebSocket connections\n"
                  "  \"tls\" : {                 (json object, optional) when TLS or WSS is on (-siptlsport, -sipwssport)\n"
                  "    \"certificate\" : \"str\",   (string) the certificate file\n"
                  "    \"self_signed\" : true|false, (boolean) created by the node (no -siptlscert)\n"
                  "    \"subject\" : \"str\",       (string) the certificate's subject\n"
                  "    \"fingerprint\" : \"str\",   (string) SHA-256 fingerprint, for phones that pin it\n"
                  "    \"expires\" : xxx          (numeric) UNIX epoch time the certificate expires\n"
                  "  },\n"
                  "  \"rate_per_ip\" : n,          (numeric) -siprateperip\n"
                  "  \"ping_interval\" : n         (numeric) -sippinginterval\n"
                  "}",
        .examples = {""},
        .handler = [service](const rpc::RPCArgs&) -> rpc::RPCResponse { return SipInfoToJSON(service); },
    };
}

rpc::RPCMethod listsipcalls(SipService* service)
{
    return {
        .name = "listsipcalls",
        .category = "sip",
        .description = "Lists the calls (INVITE dialogs) this node proxied: answered calls in progress, calls still\n"
                       "ringing with an early dialog, and calls ended by BYE in the last 5 minutes.",
        .args = {},
        .result = "[                        (json array) oldest first\n"
                  "  {\n"
                  "    \"call_id\" : \"str\",     (string) the SIP Call-ID\n"
                  "    \"from\" : \"str\",        (string) the caller's handle (From user part)\n"
                  "    \"to\" : \"str\",          (string) the handle called\n"
                  "    \"state\" : \"str\",       (string) early, answered or ended\n"
                  "    \"created\" : xxx,       (numeric) UNIX epoch time the dialog was first seen\n"
                  "    \"start_time\" : xxx,    (numeric, optional) UNIX epoch time of the answer (200 OK)\n"
                  "    \"end_time\" : xxx,      (numeric, optional) UNIX epoch time of the BYE\n"
                  "    \"duration\" : n         (numeric) seconds answered so far (or in total once ended)\n"
                  "  },\n"
                  "  ...\n"
                  "]",
        .examples = {""},
        .handler = [service](const rpc::RPCArgs&) -> rpc::RPCResponse {
            const int64_t now = GetTime();
            UniValue result{UniValue::VARR};
            for (const DialogInfo& d : service->Dialogs().Calls()) result.push_back(CallToJSON(d, now));
            return result;
        },
    };
}
} // namespace

void RegisterSipRPCCommands(rpc::RPCTable& table, SipService* service)
{
    table.Register(getsipinfo(service));
    table.Register(listsipcalls(service), /*served=*/service != nullptr);
    RegisterRegistrarRPCCommands(table, service ? &service->Credentials() : nullptr, service ? &service->Location() : nullptr);
}

} // namespace sip
