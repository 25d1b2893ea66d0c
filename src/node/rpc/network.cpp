// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Network RPCs: getnetworkinfo (the P2P methods join as they land).

#include <node/rpc/register.h>

#include <node/context.h>
#include <rpc/server.h>
#include <util/chaintype.h>

namespace node {

namespace {
/** P2P protocol version this node speaks; bumped when the P2P layer changes its messages. */
constexpr int PROTOCOL_VERSION = 10000;

UniValue NetworksInfo()
{
    UniValue networks{UniValue::VARR};
    for (const char* name : {"ipv4", "ipv6"}) {
        UniValue net{UniValue::VOBJ};
        net.pushKV("name", name);
        net.pushKV("limited", false);
        net.pushKV("reachable", true);
        net.pushKV("proxy", "");
        net.pushKV("proxy_randomize_credentials", false);
        networks.push_back(net);
    }
    return networks;
}

RPCMethod getnetworkinfo(NodeContext& node)
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
        "  \"timeoffset\" : n,             (numeric) the time offset\n"
        "  \"networkactive\" : true|false, (boolean) whether p2p networking is enabled\n"
        "  \"connections\" : n,            (numeric) the total number of connections\n"
        "  \"connections_in\" : n,         (numeric) the number of inbound connections\n"
        "  \"connections_out\" : n,        (numeric) the number of outbound connections\n"
        "  \"networks\" : [...],           (json array) information per network\n"
        "  \"relayfee\" : n,               (numeric) minimum relay fee rate for transactions in DOTS/kvB\n"
        "  \"localaddresses\" : [...],     (json array) list of local addresses\n"
        "  \"warnings\" : \"str\"            (string) any network and blockchain warnings\n"
        "}",
        .examples = {},
        .handler = [&node](const RPCArgs&) -> RPCResponse {
            UniValue result{UniValue::VOBJ};
            result.pushKV("version", ClientVersionNumber());
            result.pushKV("subversion", FormatSubVersion());
            result.pushKV("protocolversion", PROTOCOL_VERSION);
            result.pushKV("localservices", "0000000000000000");
            result.pushKV("localservicesnames", UniValue{UniValue::VARR});
            result.pushKV("localrelay", true);
            result.pushKV("timeoffset", 0);
            // The P2P layer is not part of this build yet: no connections can exist.
            result.pushKV("networkactive", false);
            result.pushKV("connections", 0);
            result.pushKV("connections_in", 0);
            result.pushKV("connections_out", 0);
            result.pushKV("networks", NetworksInfo());
            result.pushKV("relayfee", 0.00001);
            result.pushKV("localaddresses", UniValue{UniValue::VARR});
            result.pushKV("warnings", node.chain && node.chain->name == "main" ? "This is a pre-release build: do not use it on mainnet." : "");
            return result;
        },
    };
}
} // namespace

void RegisterNetworkRPCCommands(RPCTable& table, NodeContext& node)
{
    for (const auto method : {getnetworkinfo}) table.Register(method(node));
}

} // namespace node
