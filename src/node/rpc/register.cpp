// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <node/rpc/register.h>

#include <interfaces/sip_credentials.h>
#include <node/context.h>
#include <rpc/server.h>
#include <sip/rpc/register.h>
#include <wallet/context.h>
#include <wallet/rpc/register.h>

namespace node {

void RegisterRPCCommands(rpc::RPCTable& table, NodeContext& node)
{
    RegisterControlRPCCommands(table, node);
    RegisterNetworkRPCCommands(table, node);
    RegisterBlockchainRPCCommands(table, node);
    RegisterRawTransactionRPCCommands(table, node);
    RegisterMiningRPCCommands(table, node);
    RegisterMempoolRPCCommands(table, node);
    RegisterFeeRPCCommands(table, node);
    RegisterZmqRPCCommands(table, node);
    RegisterRegistryRPCCommands(table, node);
    RegisterRegistryMoneyRPCCommands(table, node);
    sip::RegisterSipRPCCommands(table, node.sip.get());
    wallet::RegisterWalletRPCCommands(table, node.wallet.get());
    // setsipcredential lives with the wallet, which keeps credentials across restarts (doc/wallet.md).
    wallet::RegisterWalletSipRPCCommands(table, node.wallet.get(), node.sip_credentials.get());
}

} // namespace node
