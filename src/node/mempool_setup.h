// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NODE_MEMPOOL_SETUP_H
#define DOTS_NODE_MEMPOOL_SETUP_H

/**
 * Start and stop of the mempool and the miner for init: relay policy options (-maxmempool,
 * -mempoolexpiry, -minrelaytxfee, -limitancestorcount ..., -persistmempool), block creation
 * (-blockmintxfee) and the CPU miner (-gen, -genproclimit, -genaddress); the mempool listens to
 * the validation notifications, loads mempool.dat and fee_estimates.dat in the background and
 * writes them at shutdown.
 */

#include <util/result.h>

#include <string>

class ArgsManager;
namespace node { struct NodeContext; }
namespace mining {
struct AssemblerOptions;
}

namespace node {

/** Registers the mempool, block creation and miner options. */
void AddMempoolArgs(ArgsManager& args);
/** Creates node.mempool on node.chainman (StartChain first), starts loading mempool.dat and
 * starts the -gen miner. Errors: a malformed option, named. */
util::Result<void> StartMempool(NodeContext& node);
/**
 * Starts (threads > 0) or stops (0) the CPU miner paying to `address` (empty: -genaddress).
 * Errors: no valid address, too many threads.
 */
util::Result<void> SetGenerate(NodeContext& node, int threads, const std::string& address);
/** The -blockmintxfee ... options for templates. */
mining::AssemblerOptions GetAssemblerOptions(const ArgsManager& args);
/** Stops the miner and the loading thread, writes mempool.dat (-persistmempool) and the fee
 * estimates, and removes the mempool. Before StopChain. Safe when nothing started. */
void StopMempool(NodeContext& node);

} // namespace node

#endif // DOTS_NODE_MEMPOOL_SETUP_H
