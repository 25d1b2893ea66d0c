// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NODE_RPC_REGISTER_H
#define DOTS_NODE_RPC_REGISTER_H

// Where dotsd's RPC methods come together: one Register function per category file in
// node/rpc/, and RegisterRPCCommands, the one list of them all (also the SIP router's in
// sip/rpc/). A new category adds its function here and one line in register.cpp.

namespace rpc { class RPCTable; }
namespace node { struct NodeContext; }

namespace node {

/**
 * Registers every RPC method of dotsd in `table`. Methods of subsystems that `node` does not
 * run (null members, e.g. the SIP router with -siplisten=0) are declared but not served
 * (RPCTable::Register). Handlers keep a reference to `node`, which must outlive the table; they
 * look subsystems up when called (the chain loads after the RPC server starts). dots-rpc-table
 * calls it with an empty NodeContext to generate dots-cli's conversion table.
 */
void RegisterRPCCommands(rpc::RPCTable& table, NodeContext& node);

/** help, stop, uptime, logging, setmocktime (regtest only; node/rpc/control.cpp). */
void RegisterControlRPCCommands(rpc::RPCTable& table, const NodeContext& node);
/** getnetworkinfo, and the P2P methods as they land (node/rpc/network.cpp). */
void RegisterNetworkRPCCommands(rpc::RPCTable& table, NodeContext& node);
/** getblockchaininfo ... verifychain (node/rpc/blockchain.cpp). */
void RegisterBlockchainRPCCommands(rpc::RPCTable& table, NodeContext& node);
/** getrawtransaction, decoderawtransaction, validateaddress (node/rpc/rawtransaction.cpp). */
void RegisterRawTransactionRPCCommands(rpc::RPCTable& table, NodeContext& node);
/** generatetoaddress, generateblock, getblocktemplate, submitblock, getmininginfo, prioritisetransaction,
 *  setgenerate (node/rpc/mining.cpp). */
void RegisterMiningRPCCommands(rpc::RPCTable& table, NodeContext& node);
/** sendrawtransaction, testmempoolaccept, getmempoolinfo, getrawmempool, getmempoolentry,
 *  getmempoolancestors, getmempooldescendants, savemempool (node/rpc/mempool.cpp). */
void RegisterMempoolRPCCommands(rpc::RPCTable& table, NodeContext& node);
/** getzmqnotifications, in a build with ZeroMQ (node/rpc/zmq.cpp). */
void RegisterZmqRPCCommands(rpc::RPCTable& table, NodeContext& node);
/** estimatesmartfee (node/rpc/fees.cpp). */
void RegisterFeeRPCCommands(rpc::RPCTable& table, NodeContext& node);
/** gethandle, getbinding, listhandles, getnode, listnodes, getgateway (node/rpc/registry.cpp). */
void RegisterRegistryRPCCommands(rpc::RPCTable& table, NodeContext& node);
/** getnodebalance, getdeposit, listdeposits, getsettlement, listsettlements, getprobeepoch,
 *  getprobers, getprobetargets, listtermdeposits, listnodehistory (node/rpc/registry_money.cpp). */
void RegisterRegistryMoneyRPCCommands(rpc::RPCTable& table, NodeContext& node);

} // namespace node

#endif // DOTS_NODE_RPC_REGISTER_H
