// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Network RPCs about the node's P2P state, in Bitcoin Core's shapes: getnetworkinfo,
// getconnectioncount, getpeerinfo, getnettotals, ping, setnetworkactive. The peer and ban
// administration methods are in net_admin.cpp.

#include <node/rpc/register.h>

#include <net/connman.h>
#include <net/processing/peerman.h>
#include <node/context.h>
#include <node/rpc/net_util.h>
#include <rpc/amount.h>
#include <rpc/server.h>
#include <util/args.h>
#include <util/chaintype.h>
#include <util/time.h>

#include <algorithm>

namespace node {

namespace {

UniValue NetworksInfo(const net::ConnectionManager& connman)
{
    const auto& options = connman.Options();
    UniValue networks{UniValue::VARR};
    for (net::Network n : {net::Network::IPV4, net::Network::IPV6, net::Network::ONION}) {
        UniValue entry{UniValue::VOBJ};
        entry.pushKV("name", std::string{net::NetworkName(n)});
        entry.pushKV("limited", !options.onlynet.empty() && !options.onlynet.count(n));
        entry.pushKV("reachable", connman.IsReachable(n));
        entry.pushKV("proxy", options.proxy ? options.proxy->proxy.ToStringAddrPort() : std::string{});
        entry.pushKV("proxy_randomize_credentials", options.proxy ? options.proxy->randomize_credentials : false);
        networks.push_back(std::move(entry));
    }
    return networks;
}

/** Median clock offset of the connected peers, as Bitcoin Core's timeoffset (seconds). */
int64_t MedianTimeOffset(const net::ConnectionManager& connman)
{
    std::vector<int64_t> offsets;
    for (const auto& n : connman.GetNodes()) {
        if (n->successfully_connected) offsets.push_back(n->time_offset);
    }
    if (offsets.empty()) return 0;
    std::sort(offsets.begin(), offsets.end());
    return offsets[offsets.size() / 2];
}

rpc::RPCMethod getnetworkinfo(NodeContext& node)
{
    return {
        .name = "getnetworkinfo",
        .category = "network",
        .description = "Returns an object containing various state info regarding P2P networking.",
        .args = {},
        .result = "{\n"
        "  \"version\" : n,                (numeric) the server version\n"
        "  \"subversion\" : \"str\",         (string) the server subversion string\n"
        "  \"protocolversion\" : n,        (numeric) the protocol version\n"
        "  \"localservices\" : \"hex\",      (string) the services we offer to the network\n"
        "  \"localservicesnames\" : [...], (json array) the services we offer, in human-readable form\n"
        "  \"localrelay\" : true|false,    (boolean) true if transaction relay is requested from peers\n"
        "  \"timeoffset\" : n,             (numeric) the median clock offset of the peers, in seconds\n"
        "  \"networkactive\" : true|false, (boolean) whether p2p networking is enabled\n"
        "  \"connections\" : n,            (numeric) the total number of connections\n"
        "  \"connections_in\" : n,         (numeric) the number of inbound connections\n"
        "  \"connections_out\" : n,        (numeric) the number of outbound connections\n"
        "  \"networks\" : [...],           (json array) information per network: name, limited, reachable, proxy, proxy_randomize_credentials\n"
        "  \"relayfee\" : n,               (numeric) minimum relay fee rate for transactions in DOTS/kvB\n"
        "  \"localaddresses\" : [...],     (json array) list of local addresses: address, port, score\n"
        "  \"warnings\" : \"str\"            (string) any network and blockchain warnings\n"
        "}",
        .examples = {""},
        .handler = [&node](const rpc::RPCArgs&) -> rpc::RPCResponse {
            UniValue result{UniValue::VOBJ};
            result.pushKV("version", ClientVersionNumber());
            result.pushKV("subversion", FormatSubVersion());
            result.pushKV("protocolversion", net::PROTOCOL_VERSION);
            net::ConnectionManager* connman = node.connman.get();
            const uint64_t services = connman ? net::NODE_NETWORK : net::NODE_NONE;
            result.pushKV("localservices", ServicesHex(services));
            result.pushKV("localservicesnames", ServicesNames(services));
            result.pushKV("localrelay", !(node.args && node.args->GetBoolArg("-blocksonly", false)));
            result.pushKV("timeoffset", connman ? MedianTimeOffset(*connman) : 0);
            result.pushKV("networkactive", connman ? connman->GetNetworkActive() : false);
            const size_t in = connman ? connman->GetNodeCount(net::ConnectionDirection::INBOUND) : 0;
            const size_t out = connman ? connman->GetNodeCount(net::ConnectionDirection::OUTBOUND) : 0;
            result.pushKV("connections", static_cast<uint64_t>(in + out));
            result.pushKV("connections_in", static_cast<uint64_t>(in));
            result.pushKV("connections_out", static_cast<uint64_t>(out));
            result.pushKV("networks", connman ? NetworksInfo(*connman) : UniValue{UniValue::VARR});
            result.pushKV("relayfee", 0.00001);
            UniValue local{UniValue::VARR};
            if (connman) {
                for (const auto& [addr, score] : connman->GetLocalAddresses()) {
                    UniValue entry{UniValue::VOBJ};
                    entry.pushKV("address", addr.ToString());
                    entry.pushKV("port", addr.GetPort());
                    entry.pushKV("score", score);
                    local.push_back(std::move(entry));
                }
            }
            result.pushKV("localaddresses", std::move(local));
            result.pushKV("warnings", node.chain && node.chain->name == "main" ? "This is a pre-release build: do not use it on mainnet." : "");
            return result;
        },
    };
}

rpc::RPCMethod getconnectioncount(NodeContext& node)
{
    return {
        .name = "getconnectioncount",
        .category = "network",
        .description = "Returns the number of connections to other nodes.",
        .args = {},
        .result = "n          (numeric) The connection count",
        .examples = {""},
        .handler = [&node](const rpc::RPCArgs&) -> rpc::RPCResponse {
            if (!node.connman) return P2PDisabled();
            return UniValue{static_cast<uint64_t>(node.connman->GetNodeCount(net::ConnectionDirection::BOTH))};
        },
    };
}

rpc::RPCMethod getnettotals(NodeContext& node)
{
    return {
        .name = "getnettotals",
        .category = "network",
        .description = "Returns information about network traffic, including bytes in, bytes out,\n"
                       "and current system time.",
        .args = {},
        .result = "{\n"
        "  \"totalbytesrecv\" : n,   (numeric) Total bytes received\n"
        "  \"totalbytessent\" : n,   (numeric) Total bytes sent\n"
        "  \"timemillis\" : n,       (numeric) Current system UNIX epoch time in milliseconds\n"
        "  \"uploadtarget\" : {...}  (json object) timeframe, target, target_reached, serve_historical_blocks,\n"
        "                            bytes_left_in_cycle, time_left_in_cycle (DOTS has no upload target: target 0)\n"
        "}",
        .examples = {""},
        .handler = [&node](const rpc::RPCArgs&) -> rpc::RPCResponse {
            if (!node.connman) return P2PDisabled();
            UniValue result{UniValue::VOBJ};
            result.pushKV("totalbytesrecv", node.connman->TotalBytesReceived());
            result.pushKV("totalbytessent", node.connman->TotalBytesSent());
            result.pushKV("timemillis", GetTime() * 1000);
            UniValue target{UniValue::VOBJ};
            target.pushKV("timeframe", 86400);
            target.pushKV("target", 0);
            target.pushKV("target_reached", false);
            target.pushKV("serve_historical_blocks", true);
            target.pushKV("bytes_left_in_cycle", 0);
            target.pushKV("time_left_in_cycle", 0);
            result.pushKV("uploadtarget", std::move(target));
            return result;
        },
    };
}

rpc::RPCMethod ping(NodeContext& node)
{
    return {
        .name = "ping",
        .category = "network",
        .description = "Requests that a ping be sent to all other nodes, to measure ping time.\n"
                       "Results provided in getpeerinfo, pingtime and pingwait fields are decimal seconds.\n"
                       "Ping command is handled in queue with all other commands, so it measures processing backlog, not just network ping.",
        .args = {},
        .result = "",
        .examples = {""},
        .handler = [&node](const rpc::RPCArgs&) -> rpc::RPCResponse {
            if (!node.peerman) return P2PDisabled();
            node.peerman->SendPings();
            return UniValue{};
        },
    };
}

rpc::RPCMethod setnetworkactive(NodeContext& node)
{
    return {
        .name = "setnetworkactive",
        .category = "network",
        .description = "Disable/enable all p2p network activity.",
        .args = {{"state", rpc::RPCArg::Type::BOOL, rpc::RPCArg::Optional::NO, "true to enable networking, false to disable"}},
        .result = "true|false    (boolean) The value that was passed in",
        .examples = {"false", "true"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            if (!node.connman) return P2PDisabled();
            node.connman->SetNetworkActive(args.Arg<bool>("state"));
            return UniValue{node.connman->GetNetworkActive()};
        },
    };
}

} // namespace

void RegisterNetworkRPCCommands(rpc::RPCTable& table, NodeContext& node)
{
    for (const auto method : {getnetworkinfo, getconnectioncount, getnettotals, ping, setnetworkactive}) {
        table.Register(method(node));
    }
    RegisterPeerInfoRPCCommands(table, node);
    RegisterNetworkAdminRPCCommands(table, node);
}

} // namespace node
