// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_RPC_REGISTER_H
#define DOTS_SIP_RPC_REGISTER_H

// The SIP router's RPC methods (category "sip"). Only this folder of sip/ knows JSON and the RPC
// table: the router itself (parser, transport, transaction, registrar, router, service) does not
// link UniValue. Handlers run on RPC worker threads and read only thread-safe state: the stores'
// own locks and the stack's atomic counters.

namespace rpc { class RPCTable; }

namespace sip {

class CredentialStore;
class LocationService;
class SipService;

/**
 * Registers getsipinfo, listsipcalls and (RegisterRegistrarRPCCommands) listsipregistrations;
 * setsipcredential and removesipcredential are the wallet's (wallet/rpc/register.h). `service`
 * null (-siplisten=0): getsipinfo reports the router off and the other methods are declared but
 * not served (RPCTable::Register). The service must outlive the table's use. Call once at init,
 * before the RPC server starts.
 */
void RegisterSipRPCCommands(rpc::RPCTable& table, SipService* service);

/**
 * Registers listsipregistrations on the registrar's stores; both null: declared, not served.
 * The stores must outlive the table's use.
 */
void RegisterRegistrarRPCCommands(rpc::RPCTable& table, CredentialStore* credentials, LocationService* location);

} // namespace sip

#endif // DOTS_SIP_RPC_REGISTER_H
