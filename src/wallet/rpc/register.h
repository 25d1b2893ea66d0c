// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_WALLET_RPC_REGISTER_H
#define DOTS_WALLET_RPC_REGISTER_H

// The wallet's RPC methods (category "wallet"), reached at /wallet/<name> as in Bitcoin Core
// (dots-cli -rpcwallet=<name>). Handlers run on RPC worker threads and take the wallet's lock.

namespace rpc { class RPCTable; }
namespace interfaces {
class SipCredentials;
} // namespace interfaces

namespace wallet {

class WalletContext;

/**
 * Registers every wallet method. `context` null (-disablewallet): the methods are declared but
 * not served (RPCTable::Register), so dots-cli still knows them. The context must outlive the
 * table's use.
 */
void RegisterWalletRPCCommands(rpc::RPCTable& table, WalletContext* context);

/**
 * Registers setsipcredential and removesipcredential (category "sip"), served when the SIP
 * router runs (`sip` not null): with a wallet loaded they keep the credential in its file, with
 * none (or `context` null: -disablewallet) in the registrar's memory only. Both must outlive the
 * table's use.
 */
void RegisterWalletSipRPCCommands(rpc::RPCTable& table, WalletContext* context, interfaces::SipCredentials* sip);

} // namespace wallet

#endif // DOTS_WALLET_RPC_REGISTER_H
