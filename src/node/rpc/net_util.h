// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NODE_RPC_NET_UTIL_H
#define DOTS_NODE_RPC_NET_UTIL_H

// What the network RPC files (network.cpp, net_peers.cpp, net_admin.cpp) share: the P2P
// error, service flags as Bitcoin Core shows them, and the registration of the two files that
// RegisterNetworkRPCCommands pulls in.

#include <rpc/method.h>

#include <cstdint>

namespace rpc { class RPCTable; }
namespace node { struct NodeContext; }

namespace node {

/** RPC_CLIENT_P2P_DISABLED "Error: Peer-to-peer functionality missing or disabled". */
rpc::RPCError P2PDisabled();
/** Service flags as 16 hex digits ("0000000000000001"). */
std::string ServicesHex(uint64_t services);
/** Service flags as a JSON array of names (["NETWORK"]). */
UniValue ServicesNames(uint64_t services);

/** getpeerinfo (net_peers.cpp). */
void RegisterPeerInfoRPCCommands(rpc::RPCTable& table, NodeContext& node);
/** addnode, disconnectnode, getaddednodeinfo, setban, listbanned, clearban, getnodeaddresses (net_admin.cpp). */
void RegisterNetworkAdminRPCCommands(rpc::RPCTable& table, NodeContext& node);

} // namespace node

#endif // DOTS_NODE_RPC_NET_UTIL_H
