// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NODE_RPC_REGISTER_H
#define DOTS_NODE_RPC_REGISTER_H

class RPCTable;
struct NodeContext;

/** help, stop, uptime, logging. */
void RegisterControlRPCCommands(RPCTable& table);
/** getnetworkinfo (and the P2P methods as they land). */
void RegisterNetworkRPCCommands(RPCTable& table, NodeContext& node);

/** Chain RPCs (node/rpc_blockchain.cpp): getblockchaininfo ... verifychain. */
void RegisterBlockchainRPCCommands(RPCTable& table, NodeContext& node);
/** getrawtransaction, decoderawtransaction, validateaddress (node/rpc_rawtransaction.cpp). */
void RegisterRawTransactionRPCCommands(RPCTable& table, NodeContext& node);
/** generatetoaddress, generateblock, getblocktemplate, submitblock, getmininginfo (node/rpc_mining.cpp). */
void RegisterMiningRPCCommands(RPCTable& table, NodeContext& node);
/** gethandle, listhandles, getnode, listnodes, getgateway, getpresence, getcallrecord, listcallrecords,
 * getrewardinfo (node/rpc_registry.cpp). */
void RegisterRegistryRPCCommands(RPCTable& table, NodeContext& node);

#endif // DOTS_NODE_RPC_REGISTER_H
