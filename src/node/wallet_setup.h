// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NODE_WALLET_SETUP_H
#define DOTS_NODE_WALLET_SETUP_H

// The wallet's place in dotsd's start and stop: its options are read before the RPC server
// starts (so its methods are served, or declared unserved with -disablewallet), its wallets
// load once the chain is loaded, and they are unloaded after the RPC server stopped and before
// the chain closes.

#include <util/result.h>

namespace node { struct NodeContext; }

namespace node {

/** Reads the wallet options and creates node.wallet, unless -disablewallet. */
util::Result<void> SetupWallet(NodeContext& node);
/** After StartChain: connects the wallets to the chain and the SIP registrar and loads them. */
util::Result<void> StartWallets(NodeContext& node);
/** Unloads every wallet (idempotent). */
void StopWallets(NodeContext& node);

} // namespace node

#endif // DOTS_NODE_WALLET_SETUP_H
