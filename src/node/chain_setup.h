// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NODE_CHAIN_SETUP_H
#define DOTS_NODE_CHAIN_SETUP_H

/**
 * Start and stop of the chain for init: options (-dbcache, -reindex, -reindex-chainstate,
 * -txindex, -par, -checklevel, -checkblocks...), loading the chainstate with RPC warmup
 * messages, the start-up VerifyDB, and the ordered shutdown. The mempool and the miner start
 * after it and stop before it (node/mempool_setup.h).
 */

#include <util/result.h>

class ArgsManager;
namespace node { struct NodeContext; }

namespace node {

/** Registers the chain options. */
void AddChainArgs(ArgsManager& args);
/** Loads the chain into node.chainman (requires node.args, node.chain, node.rpc_table). */
util::Result<void> StartChain(NodeContext& node);
/** Delivers the queued validation notifications and stops their queue, then flushes and closes
 * the chainstate (StopMempool first). Safe to call when nothing started. */
void StopChain(NodeContext& node);

} // namespace node

#endif // DOTS_NODE_CHAIN_SETUP_H
