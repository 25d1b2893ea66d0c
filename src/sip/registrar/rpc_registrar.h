// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_REGISTRAR_RPC_REGISTRAR_H
#define DOTS_SIP_REGISTRAR_RPC_REGISTRAR_H

class RPCTable;

namespace sip {
class CredentialStore;
class LocationService;
} // namespace sip

/**
 * Registers the registrar's RPC methods (category "sip"): setsipcredential and
 * listsipregistrations. `credentials` and `location` must outlive the table's use (the
 * handlers keep references). Call once at init, before the RPC server starts.
 */
void RegisterRegistrarRPCCommands(RPCTable& table, sip::CredentialStore& credentials, sip::LocationService& location);

#endif // DOTS_SIP_REGISTRAR_RPC_REGISTRAR_H
