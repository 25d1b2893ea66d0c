// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NODE_ZMQ_SETUP_H
#define DOTS_NODE_ZMQ_SETUP_H

/**
 * The ZMQ notifications for init (doc/zmq.md): the -zmqpub<topic>=<address> and
 * -zmqpub<topic>hwm=<n> options, and the notifier that listens to the validation notifications.
 * Without a ZeroMQ build the options do not exist (as Bitcoin Core).
 */

#include <util/result.h>

class ArgsManager;
namespace node { struct NodeContext; }

namespace node {

/** Registers the -zmqpub* options (a build with ZeroMQ only). */
void AddZmqArgs(ArgsManager& args);
/** Binds the sockets and registers the notifier (after StartChain, before StartMempool). Errors:
 * an address that does not bind, a bad high-water mark. Nothing to do without -zmqpub*. */
util::Result<void> StartZmq(NodeContext& node);
/** Unregisters and closes the notifier (after StopMempool, before StopChain). */
void StopZmq(NodeContext& node);

} // namespace node

#endif // DOTS_NODE_ZMQ_SETUP_H
