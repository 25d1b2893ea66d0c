// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_WALLET_RPC_UTIL_H
#define DOTS_WALLET_RPC_UTIL_H

// What the wallet's RPC methods share: finding the wallet a call addresses (/wallet/<name>, as
// Bitcoin Core), turning wallet failures into Bitcoin Core's error codes, and the common
// result shapes.

#include <rpc/method.h>
#include <wallet/context.h>
#include <wallet/wallet.h>

#include <memory>
#include <string>
#include <variant>

#include <univalue.h>

namespace rpc { class RPCTable; }

namespace wallet {

/**
 * The wallet of the request: /wallet/<name>, or the only loaded wallet for "/". Errors as Bitcoin
 * Core: RPC_WALLET_NOT_FOUND (no such wallet, none loaded), RPC_WALLET_NOT_SPECIFIED (several
 * loaded and the URI names none).
 */
std::variant<std::shared_ptr<Wallet>, rpc::RPCError> GetWalletForRequest(WalletContext& context, const rpc::RPCArgs& args);

/** GetWalletForRequest for handlers: an error to answer, or nothing with `out` set. */
std::optional<rpc::RPCError> LookupWallet(WalletContext& context, const rpc::RPCArgs& args, std::shared_ptr<Wallet>& out);

/** The RPC error of a wallet failure (its class decides the code). */
rpc::RPCError ToRPCError(const WalletFailure& failure);

/** RPC_WALLET_UNLOCK_NEEDED with Bitcoin Core's message, if the wallet is locked. */
std::optional<rpc::RPCError> EnsureUnlocked(const Wallet& wallet);

/** The fee arguments of every call that sends (Bitcoin Core's conf_target, estimate_mode, fee_rate). */
extern const rpc::RPCArg CONF_TARGET;
extern const rpc::RPCArg ESTIMATE_MODE;
extern const rpc::RPCArg FEE_RATE;
/** Reads them. Errors as Bitcoin Core: both a target and a rate, a bad mode or target. */
std::variant<FeeOptions, rpc::RPCError> ParseFeeOptions(const rpc::RPCArgs& args);

/** 64 hex digits -> a key on the curve (a node, owner or identity key); RPC_INVALID_PARAMETER
 * "<name> must be a 32-byte key in hex (64 hex digits)" otherwise. */
std::variant<XOnlyPubKey, rpc::RPCError> ParseKeyArg(const std::string& hex, const std::string& name);

/** Converts a util::Result error to RPC_WALLET_ERROR. */
rpc::RPCError WalletError(const std::string& message);

/** The warnings array/field as Bitcoin Core shows it ("warnings": [...]). */
UniValue WarningsJSON(const std::vector<std::string>& warnings);

/** A voucher as signvoucher, addvoucher and listmynodes show it (rpc/vouchers.cpp), and the
 * lines of its help. */
UniValue VoucherJSON(const SignedVoucher& voucher);
extern const std::string VOUCHER_JSON_HELP;

/** The probe receipts a node of the wallet holds as target for one probe epoch, and the
 * probe_receipts transaction it last submitted for them (rpc/probes.cpp). */
struct HeldProbeReceipts {
    consensus::Key target{};
    uint32_t epoch{0};
    std::vector<consensus::ProbeReceipt> receipts; //!< by ascending draw position
    std::optional<uint256> txid;
    std::optional<WalletTx> tx;                    //!< that transaction, if the wallet has it
};
/** The probe epochs whose receipts a block still accepts: the tip's and the one before. */
std::vector<uint32_t> RecentProbeEpochs(interfaces::Chain& chain);
/** The receipts `nodes` (the wallet's) hold in `epochs`, non-empty ones only. Wallet side: call
 * before Chain::ReadRegistry (lock order wallet -> chain). */
std::vector<HeldProbeReceipts> GetHeldProbeReceipts(const Wallet& wallet, const std::vector<WalletNode>& nodes, const std::vector<uint32_t>& epochs);

/** Moves a passphrase or mnemonic argument into secret text (wiped when freed), wiping the copy. */
SecureString ToSecure(std::string value);

} // namespace wallet

/** How the wallet's RPC methods are declared: each file has one Register function. */
namespace wallet {
class WalletContext;
void RegisterWalletManagementRPCCommands(rpc::RPCTable& table, WalletContext* context);
void RegisterWalletEncryptionRPCCommands(rpc::RPCTable& table, WalletContext* context);
void RegisterWalletAddressRPCCommands(rpc::RPCTable& table, WalletContext* context);
void RegisterWalletCoinsRPCCommands(rpc::RPCTable& table, WalletContext* context);
void RegisterWalletTransactionRPCCommands(rpc::RPCTable& table, WalletContext* context);
void RegisterWalletSpendRPCCommands(rpc::RPCTable& table, WalletContext* context);
void RegisterWalletHandleRPCCommands(rpc::RPCTable& table, WalletContext* context);
void RegisterWalletNodeRPCCommands(rpc::RPCTable& table, WalletContext* context);
void RegisterWalletProbeRPCCommands(rpc::RPCTable& table, WalletContext* context);
void RegisterWalletVoucherRPCCommands(rpc::RPCTable& table, WalletContext* context);
} // namespace wallet

#endif // DOTS_WALLET_RPC_UTIL_H
