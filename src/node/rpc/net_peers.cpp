// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// getpeerinfo, in Bitcoin Core's shape.

#include <node/rpc/net_util.h>

#include <net/connman.h>
#include <net/processing/peerman.h>
#include <node/context.h>
#include <rpc/amount.h>
#include <rpc/server.h>

namespace node {

namespace {

UniValue PeerInfo(const net::Node& n, const std::optional<net::PeerStats>& stats)
{
    UniValue obj{UniValue::VOBJ};
    obj.pushKV("id", n.id);
    obj.pushKV("addr", n.addr_name);
    obj.pushKV("addrbind", n.addr_bind.ToStringAddrPort());
    obj.pushKV("network", std::string{net::NetworkName(n.addr.GetNetwork())});
    obj.pushKV("services", ServicesHex(n.services));
    obj.pushKV("servicesnames", ServicesNames(n.services));
    obj.pushKV("relaytxes", n.relays_txs.load());
    obj.pushKV("lastsend", n.last_send.load());
    obj.pushKV("lastrecv", n.last_recv.load());
    obj.pushKV("last_transaction", n.last_tx_time.load());
    obj.pushKV("last_block", n.last_block_time.load());
    obj.pushKV("bytessent", n.bytes_sent.load());
    obj.pushKV("bytesrecv", n.bytes_recv.load());
    obj.pushKV("conntime", n.connected_time);
    obj.pushKV("timeoffset", n.time_offset.load());
    if (n.last_ping_us > 0) obj.pushKV("pingtime", static_cast<double>(n.last_ping_us) / 1e6);
    if (n.min_ping_us < std::numeric_limits<int64_t>::max()) obj.pushKV("minping", static_cast<double>(n.min_ping_us) / 1e6);
    if (stats && stats->ping_wait_us > 0) obj.pushKV("pingwait", static_cast<double>(stats->ping_wait_us) / 1e6);
    obj.pushKV("version", n.version.load());
    obj.pushKV("subver", n.UserAgent());
    obj.pushKV("inbound", n.IsInbound());
    obj.pushKV("bip152_hb_to", false);
    obj.pushKV("bip152_hb_from", false);
    obj.pushKV("startingheight", n.starting_height.load());
    obj.pushKV("presynced_headers", stats ? stats->presynced_headers : -1);
    obj.pushKV("synced_headers", stats ? stats->synced_headers : -1);
    obj.pushKV("synced_blocks", stats ? stats->synced_blocks : -1);
    UniValue inflight{UniValue::VARR};
    if (stats) {
        for (int height : stats->inflight) inflight.push_back(height);
    }
    obj.pushKV("inflight", std::move(inflight));
    obj.pushKV("addr_relay_enabled", stats ? stats->addr_relay_enabled : false);
    obj.pushKV("addr_processed", stats ? stats->addr_processed : 0);
    obj.pushKV("addr_rate_limited", stats ? stats->addr_rate_limited : 0);
    UniValue permissions{UniValue::VARR};
    for (const std::string& name : net::PermissionNames(n.permissions)) permissions.push_back(name);
    obj.pushKV("permissions", std::move(permissions));
    obj.pushKV("minfeefilter", rpc::ValueFromAmount(stats ? stats->fee_filter : 0));
    UniValue sent{UniValue::VOBJ};
    for (const auto& [type, bytes] : n.BytesSentPerType()) sent.pushKV(type, bytes);
    obj.pushKV("bytessent_per_msg", std::move(sent));
    UniValue recv{UniValue::VOBJ};
    for (const auto& [type, bytes] : n.BytesReceivedPerType()) recv.pushKV(type, bytes);
    obj.pushKV("bytesrecv_per_msg", std::move(recv));
    obj.pushKV("connection_type", std::string{net::ConnectionTypeName(n.type)});
    obj.pushKV("transport_protocol_type", "v1");
    obj.pushKV("session_id", "");
    return obj;
}

rpc::RPCMethod getpeerinfo(NodeContext& node)
{
    return {
        .name = "getpeerinfo",
        .category = "network",
        .description = "Returns data about each connected network peer as a json array of objects.",
        .args = {},
        .result = "[\n"
        "  {\n"
        "    \"id\" : n,                 (numeric) Peer index\n"
        "    \"addr\" : \"host:port\",     (string) The IP address and port of the peer\n"
        "    \"addrbind\" : \"ip:port\",   (string) Bind address of the connection to the peer\n"
        "    \"network\" : \"str\",        (string) Network (ipv4, ipv6, onion)\n"
        "    \"services\" : \"hex\",       (string) The services offered\n"
        "    \"servicesnames\" : [...],  (json array) the services offered, in human-readable form\n"
        "    \"relaytxes\" : true|false, (boolean) Whether we relay transactions to this peer\n"
        "    \"lastsend\" : ttt,         (numeric) The UNIX epoch time of the last send\n"
        "    \"lastrecv\" : ttt,         (numeric) The UNIX epoch time of the last receive\n"
        "    \"last_transaction\" : ttt, (numeric) The UNIX epoch time of the last valid transaction received from this peer\n"
        "    \"last_block\" : ttt,       (numeric) The UNIX epoch time of the last block received from this peer\n"
        "    \"bytessent\" : n,          (numeric) The total bytes sent\n"
        "    \"bytesrecv\" : n,          (numeric) The total bytes received\n"
        "    \"conntime\" : ttt,         (numeric) The UNIX epoch time of the connection\n"
        "    \"timeoffset\" : n,         (numeric) The time offset in seconds\n"
        "    \"pingtime\" : n,           (numeric, optional) The last ping time in seconds\n"
        "    \"minping\" : n,            (numeric, optional) The minimum observed ping time in seconds\n"
        "    \"pingwait\" : n,           (numeric, optional) The duration in seconds of an outstanding ping\n"
        "    \"version\" : n,            (numeric) The peer version, such as 10000\n"
        "    \"subver\" : \"str\",         (string) The string version\n"
        "    \"inbound\" : true|false,   (boolean) Inbound (true) or Outbound (false)\n"
        "    \"bip152_hb_to\" : false,   (boolean) always false: DOTS has no compact blocks\n"
        "    \"bip152_hb_from\" : false, (boolean) always false\n"
        "    \"startingheight\" : n,     (numeric) The starting height (block) of the peer\n"
        "    \"presynced_headers\" : n,  (numeric) The current height of header pre-synchronization with this peer, or -1 if no low-work sync is in progress\n"
        "    \"synced_headers\" : n,     (numeric) The last header we have in common with this peer\n"
        "    \"synced_blocks\" : n,      (numeric) The last block we have in common with this peer\n"
        "    \"inflight\" : [n,...],     (json array) The heights of blocks we're currently asking from this peer\n"
        "    \"addr_relay_enabled\" : true|false, (boolean) Whether we participate in address relay with this peer\n"
        "    \"addr_processed\" : n,     (numeric) The total number of addresses processed, excluding those dropped due to rate limiting\n"
        "    \"addr_rate_limited\" : n,  (numeric) The total number of addresses dropped due to rate limiting\n"
        "    \"permissions\" : [...],    (json array) Any special permissions that have been granted to this peer\n"
        "    \"minfeefilter\" : n,       (numeric) The minimum fee rate for transactions this peer accepts\n"
        "    \"bytessent_per_msg\" : {}, (json object) bytes sent per message type\n"
        "    \"bytesrecv_per_msg\" : {}, (json object) bytes received per message type\n"
        "    \"connection_type\" : \"str\", (string) outbound-full-relay, block-relay-only, inbound, manual, addr-fetch or feeler\n"
        "    \"transport_protocol_type\" : \"v1\", (string) always v1\n"
        "    \"session_id\" : \"\"         (string) always empty (no v2 transport)\n"
        "  },\n"
        "  ...\n"
        "]",
        .examples = {""},
        .handler = [&node](const rpc::RPCArgs&) -> rpc::RPCResponse {
            if (!node.connman || !node.peerman) return P2PDisabled();
            UniValue result{UniValue::VARR};
            for (const auto& n : node.connman->GetNodes()) result.push_back(PeerInfo(*n, node.peerman->GetPeerStats(n->id)));
            return result;
        },
    };
}

} // namespace

void RegisterPeerInfoRPCCommands(rpc::RPCTable& table, NodeContext& node)
{
    table.Register(getpeerinfo(node));
}

} // namespace node
