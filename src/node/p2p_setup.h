// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NODE_P2P_SETUP_H
#define DOTS_NODE_P2P_SETUP_H

/**
 * Start and stop of the P2P network for init: the options (-listen, -port, -bind, -connect,
 * -addnode, -seednode, -dnsseed, -onlynet, -proxy, -maxconnections, -bantime, -whitelist ...),
 * the ban list and address table, the connection manager and the peer manager, and their
 * ordered shutdown. doc/p2p.md describes the options.
 */

#include <util/result.h>

class ArgsManager;
namespace node { struct NodeContext; }

namespace node {

/** Registers the P2P options. */
void AddP2PArgs(ArgsManager& args);
/** Starts the P2P network (requires node.args, node.chain and a loaded node.chainman; relays transactions through node.mempool when there is one, so StartMempool first). */
util::Result<void> StartP2P(NodeContext& node);
/** Closes every connection and writes peers.dat and banlist.json. Safe when nothing started. */
void StopP2P(NodeContext& node);

} // namespace node

#endif // DOTS_NODE_P2P_SETUP_H
