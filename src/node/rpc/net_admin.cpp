// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Network RPCs that change who we talk to, in Bitcoin Core's shapes and error codes: addnode,
// disconnectnode, getaddednodeinfo, setban, listbanned, clearban, getnodeaddresses.

#include <node/rpc/net_util.h>

#include <net/addrman.h>
#include <net/banman.h>
#include <net/connman.h>
#include <node/context.h>
#include <rpc/protocol.h>
#include <rpc/server.h>
#include <util/netaddress.h>
#include <util/time.h>

namespace node {

namespace {

rpc::RPCMethod addnode(NodeContext& node)
{
    return {
        .name = "addnode",
        .category = "network",
        .description = "Attempts to add or remove a node from the addnode list.\n"
                       "Or try a connection to a node once.\n"
                       "Nodes added using addnode (or -connect) are protected from DoS disconnection and are not required to be\n"
                       "full nodes as other outbound peers are (though such peers will not be synced from).\n"
                       "Addnode connections are limited to 8 at a time and are counted separately from the -maxconnections limit.",
        .args = {
            {"node", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The address of the peer to connect to"},
            {"command", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "'add' to add a node to the list, 'remove' to remove a node from the list, 'onetry' to try a connection to the node once"},
            {"v2transport", rpc::RPCArg::Type::BOOL, rpc::RPCArg::Default{false}, "Attempt to connect using BIP324 v2 transport protocol (not supported: must be false)"},
        },
        .result = "",
        .examples = {R"("192.168.0.6:7333", "onetry")"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            if (!node.connman) return P2PDisabled();
            const std::string name = args.Arg<std::string>("node");
            const std::string command = args.Arg<std::string>("command");
            if (args.Arg<bool>("v2transport")) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Error: v2transport requested but not enabled"};
            if (command == "onetry") {
                (void)node.connman->OpenManualConnection(name); // as Bitcoin Core: no report of the outcome
                return UniValue{};
            }
            if (command == "add") {
                if (!node.connman->AddNode(name)) return rpc::RPCError{rpc::RPC_CLIENT_NODE_ALREADY_ADDED, "Error: Node already added"};
                return UniValue{};
            }
            if (command == "remove") {
                if (!node.connman->RemoveAddedNode(name)) {
                    return rpc::RPCError{rpc::RPC_CLIENT_NODE_NOT_ADDED, "Error: Node could not be removed. It has not been added previously."};
                }
                return UniValue{};
            }
            return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Error: command must be one of add, remove, onetry"};
        },
    };
}

rpc::RPCMethod disconnectnode(NodeContext& node)
{
    return {
        .name = "disconnectnode",
        .category = "network",
        .description = "Immediately disconnects from the specified peer node.\n"
                       "Strictly one out of 'address' and 'nodeid' can be provided to identify the node.\n"
                       "To disconnect by nodeid, either set 'address' to the empty string, or call using the named 'nodeid' argument only.",
        .args = {
            {"address", rpc::RPCArg::Type::STR, rpc::RPCArg::DefaultHint{"fallback to nodeid"}, "The IP address/port of the node"},
            {"nodeid", rpc::RPCArg::Type::NUM, rpc::RPCArg::DefaultHint{"fallback to address"}, "The node ID (see getpeerinfo for node IDs)"},
        },
        .result = "",
        .examples = {R"("192.168.0.6:7333")", R"("", 1)"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            if (!node.connman) return P2PDisabled();
            const auto address = args.MaybeArg<std::string>("address");
            const auto id = args.MaybeArg<int64_t>("nodeid");
            bool found;
            if (address && !id) {
                found = node.connman->DisconnectNode(*address);
            } else if (id && (!address || address->empty())) {
                found = node.connman->DisconnectNode(*id);
            } else {
                return rpc::RPCError{rpc::RPC_INVALID_PARAMS, "Only one of address and nodeid should be provided."};
            }
            if (!found) return rpc::RPCError{rpc::RPC_CLIENT_NODE_NOT_CONNECTED, "Node not found in connected nodes"};
            return UniValue{};
        },
    };
}

rpc::RPCMethod getaddednodeinfo(NodeContext& node)
{
    return {
        .name = "getaddednodeinfo",
        .category = "network",
        .description = "Returns information about the given added node, or all added nodes\n"
                       "(note that onetry addnodes are not listed here)",
        .args = {{"node", rpc::RPCArg::Type::STR, rpc::RPCArg::DefaultHint{"all nodes"}, "If provided, return information about this specific node, otherwise all nodes are returned."}},
        .result = "[\n"
        "  {\n"
        "    \"addednode\" : \"str\",     (string) The node IP address or name (as provided to addnode)\n"
        "    \"connected\" : true|false, (boolean) If connected\n"
        "    \"addresses\" : [           (json array) Only when connected = true\n"
        "      {\n"
        "        \"address\" : \"str\",   (string) The address of the node\n"
        "        \"connected\" : \"str\"  (string) connection, inbound or outbound\n"
        "      }\n"
        "    ]\n"
        "  },\n"
        "  ...\n"
        "]",
        .examples = {R"("192.168.0.201")", ""},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            if (!node.connman) return P2PDisabled();
            const auto wanted = args.MaybeArg<std::string>("node");
            std::vector<net::AddedNodeInfo> infos = node.connman->GetAddedNodeInfo();
            if (wanted) {
                std::erase_if(infos, [&](const auto& info) { return info.name != *wanted; });
                if (infos.empty()) return rpc::RPCError{rpc::RPC_CLIENT_NODE_NOT_ADDED, "Error: Node has not been added."};
            }
            UniValue result{UniValue::VARR};
            for (const auto& info : infos) {
                UniValue obj{UniValue::VOBJ};
                obj.pushKV("addednode", info.name);
                obj.pushKV("connected", info.connected);
                UniValue addresses{UniValue::VARR};
                if (info.connected && info.connected_addr) {
                    UniValue address{UniValue::VOBJ};
                    address.pushKV("address", info.connected_addr->ToStringAddrPort());
                    address.pushKV("connected", info.inbound ? "inbound" : "outbound");
                    addresses.push_back(std::move(address));
                }
                obj.pushKV("addresses", std::move(addresses));
                result.push_back(std::move(obj));
            }
            return result;
        },
    };
}

rpc::RPCMethod setban(NodeContext& node)
{
    return {
        .name = "setban",
        .category = "network",
        .description = "Attempts to add or remove an IP/Subnet from the banned list.",
        .args = {
            {"subnet", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The IP/Subnet (see getpeerinfo for nodes IP) with an optional netmask (default is /32 = single IP)"},
            {"command", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "'add' to add an IP/Subnet to the list, 'remove' to remove an IP/Subnet from the list"},
            {"bantime", rpc::RPCArg::Type::NUM, rpc::RPCArg::Default{0}, "time in seconds how long (or until when if [absolute] is set) the IP is banned (0 or empty means using the default time of 24h which can also be overwritten by the -bantime startup argument)"},
            {"absolute", rpc::RPCArg::Type::BOOL, rpc::RPCArg::Default{false}, "If set, the bantime must be an absolute timestamp expressed in UNIX epoch time"},
        },
        .result = "",
        .examples = {R"("192.168.0.6", "add", 86400)", R"("192.168.0.0/24", "add")", R"("192.168.0.6", "remove")"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            if (!node.banman || !node.connman) return rpc::RPCError{rpc::RPC_DATABASE_ERROR, "Error: Ban database not loaded"};
            const std::string command = args.Arg<std::string>("command");
            if (command != "add" && command != "remove") return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Error: command must be add or remove"};
            const auto subnet = Subnet::Parse(args.Arg<std::string>("subnet"));
            if (!subnet) return rpc::RPCError{rpc::RPC_CLIENT_INVALID_IP_OR_SUBNET, "Error: Invalid IP/Subnet"};
            if (command == "remove") {
                if (!node.banman->Unban(*subnet)) {
                    return rpc::RPCError{rpc::RPC_CLIENT_INVALID_IP_OR_SUBNET, "Error: Unban failed. Requested address/subnet was not previously manually banned."};
                }
                return UniValue{};
            }
            if (node.banman->IsSubnetBanned(*subnet)) return rpc::RPCError{rpc::RPC_CLIENT_NODE_ALREADY_ADDED, "Error: IP/Subnet already banned"};
            const int64_t ban_time = args.Arg<int64_t>("bantime");
            const bool absolute = args.Arg<bool>("absolute");
            if (ban_time < 0) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Error: bantime must not be negative"};
            if (absolute && ban_time < GetTime()) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Error: Absolute timestamp is in the past"};
            node.banman->Ban(*subnet, ban_time, absolute);
            node.connman->DisconnectSubnet(*subnet);
            return UniValue{};
        },
    };
}

rpc::RPCMethod listbanned(NodeContext& node)
{
    return {
        .name = "listbanned",
        .category = "network",
        .description = "List all manually banned IPs/Subnets.",
        .args = {},
        .result = "[\n"
        "  {\n"
        "    \"address\" : \"str\",      (string) The IP/Subnet of the banned node\n"
        "    \"ban_created\" : n,      (numeric) The UNIX epoch time the ban was created\n"
        "    \"banned_until\" : n,     (numeric) The UNIX epoch time the ban expires\n"
        "    \"ban_duration\" : n,     (numeric) The ban duration, in seconds\n"
        "    \"time_remaining\" : n    (numeric) The time remaining until the ban expires, in seconds\n"
        "  },\n"
        "  ...\n"
        "]",
        .examples = {""},
        .handler = [&node](const rpc::RPCArgs&) -> rpc::RPCResponse {
            if (!node.banman) return rpc::RPCError{rpc::RPC_DATABASE_ERROR, "Error: Ban database not loaded"};
            const int64_t now = GetTime();
            UniValue result{UniValue::VARR};
            for (const net::BanEntry& ban : node.banman->GetBanned()) {
                UniValue obj{UniValue::VOBJ};
                obj.pushKV("address", ban.subnet.ToString());
                obj.pushKV("ban_created", ban.created);
                obj.pushKV("banned_until", ban.banned_until);
                obj.pushKV("ban_duration", ban.banned_until - ban.created);
                obj.pushKV("time_remaining", ban.banned_until - now);
                result.push_back(std::move(obj));
            }
            return result;
        },
    };
}

rpc::RPCMethod clearban(NodeContext& node)
{
    return {
        .name = "clearban",
        .category = "network",
        .description = "Clear all banned IPs (and forget which addresses were discouraged for misbehaviour).",
        .args = {},
        .result = "",
        .examples = {""},
        .handler = [&node](const rpc::RPCArgs&) -> rpc::RPCResponse {
            if (!node.banman) return rpc::RPCError{rpc::RPC_DATABASE_ERROR, "Error: Ban database not loaded"};
            node.banman->ClearBanned();
            node.banman->ClearDiscouraged();
            return UniValue{};
        },
    };
}

rpc::RPCMethod getnodeaddresses(NodeContext& node)
{
    return {
        .name = "getnodeaddresses",
        .category = "network",
        .description = "Return known addresses, after filtering for quality and recency.\n"
                       "These can potentially be used to find new peers in the network.\n"
                       "The total number of addresses known to the node may be higher.",
        .args = {
            {"count", rpc::RPCArg::Type::NUM, rpc::RPCArg::Default{1}, "The maximum number of addresses to return. Specify 0 to return all known addresses."},
            {"network", rpc::RPCArg::Type::STR, rpc::RPCArg::DefaultHint{"all networks"}, "Return only addresses of the specified network. Can be one of: ipv4, ipv6, onion."},
        },
        .result = "[\n"
        "  {\n"
        "    \"time\" : ttt,       (numeric) The UNIX epoch time when the node was last seen\n"
        "    \"services\" : n,     (numeric) The services offered by the node\n"
        "    \"address\" : \"str\",  (string) The address of the node\n"
        "    \"port\" : n,         (numeric) The port number of the node\n"
        "    \"network\" : \"str\"   (string) The network (ipv4, ipv6, onion) the node connected through\n"
        "  },\n"
        "  ...\n"
        "]",
        .examples = {"8", R"(8, "ipv4")"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            if (!node.addrman) return P2PDisabled();
            const int64_t count = args.Arg<int64_t>("count");
            if (count < 0) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Address count out of range"};
            std::optional<net::Network> network;
            if (const auto name = args.MaybeArg<std::string>("network")) {
                network = net::ParseNetworkName(*name);
                if (!network) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Network not recognized: " + *name};
            }
            UniValue result{UniValue::VARR};
            for (const net::AddrInfo& info : node.addrman->GetAddr(static_cast<size_t>(count), 0, network, GetTime())) {
                UniValue obj{UniValue::VOBJ};
                obj.pushKV("time", info.time);
                obj.pushKV("services", info.services);
                obj.pushKV("address", info.addr.ToString());
                obj.pushKV("port", info.addr.GetPort());
                obj.pushKV("network", std::string{net::NetworkName(info.addr.GetNetwork())});
                result.push_back(std::move(obj));
            }
            return result;
        },
    };
}

} // namespace

void RegisterNetworkAdminRPCCommands(rpc::RPCTable& table, NodeContext& node)
{
    for (const auto method : {addnode, disconnectnode, getaddednodeinfo, setban, listbanned, clearban, getnodeaddresses}) {
        table.Register(method(node));
    }
}

} // namespace node
