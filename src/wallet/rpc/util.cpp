// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <wallet/rpc/util.h>

#include <rpc/protocol.h>
#include <rpc/server.h>
#include <util/strencodings.h>
#include <wallet/rpc/register.h>

namespace wallet {

extern const rpc::RPCArg CONF_TARGET{"conf_target", rpc::RPCArg::Type::NUM, rpc::RPCArg::DefaultHint{"wallet -txconfirmtarget"}, "Confirmation target in blocks"};
extern const rpc::RPCArg ESTIMATE_MODE{"estimate_mode", rpc::RPCArg::Type::STR, rpc::RPCArg::Default{"unset"},
                           "The fee estimate mode, must be one of (case insensitive):\n\"unset\"\n\"economical\"\n\"conservative\""};
extern const rpc::RPCArg FEE_RATE{"fee_rate", rpc::RPCArg::Type::AMOUNT, rpc::RPCArg::DefaultHint{"not set, falls back to wallet fee estimation"},
                      "Specify a fee rate in units/B (1 DOTS = 100000000 units), as Bitcoin Core's sat/vB."};

std::variant<FeeOptions, rpc::RPCError> ParseFeeOptions(const rpc::RPCArgs& args)
{
    FeeOptions options;
    const auto target = args.MaybeArg<int64_t>("conf_target");
    const auto rate = args.MaybeArg<int64_t>("fee_rate");
    std::string mode = ToLower(args.Arg<std::string>("estimate_mode"));
    if (mode != "unset" && mode != "economical" && mode != "conservative") {
        return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Invalid estimate_mode parameter, must be one of: \"unset\", \"economical\", \"conservative\""};
    }
    if (rate && (target || mode != "unset")) {
        return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Cannot specify both conf_target and fee_rate. Please provide either a confirmation target in blocks for automatic fee estimation, or an explicit fee rate."};
    }
    if (target) {
        if (*target < 1 || *target > 1008) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Invalid conf_target, must be between 1 and 1008"};
        options.conf_target = static_cast<int>(*target);
    }
    // fee_rate arrives as an amount in DOTS units of 1e-8: its value / COIN is units per byte.
    if (rate) options.fee_rate_per_kb = static_cast<CAmount>((static_cast<__int128>(*rate) * 1000) / COIN);
    options.conservative = mode == "conservative";
    return options;
}

std::variant<std::shared_ptr<Wallet>, rpc::RPCError> GetWalletForRequest(WalletContext& context, const rpc::RPCArgs& args)
{
    if (const auto name = args.WalletName()) {
        auto wallet = context.GetWallet(*name);
        if (!wallet) return rpc::RPCError{rpc::RPC_WALLET_NOT_FOUND, "Requested wallet does not exist or is not loaded"};
        return wallet;
    }
    const auto wallets = context.GetWallets();
    if (wallets.size() == 1) return wallets.front();
    if (wallets.empty()) {
        return rpc::RPCError{rpc::RPC_WALLET_NOT_FOUND, "No wallet is loaded. Load a wallet using loadwallet or create a new one with createwallet. "
                                              "(Note: A default wallet is no longer automatically created)"};
    }
    return rpc::RPCError{rpc::RPC_WALLET_NOT_SPECIFIED,
                    "Wallet file not specified (must request wallet RPC through /wallet/<filename> uri-path)."};
}

std::optional<rpc::RPCError> LookupWallet(WalletContext& context, const rpc::RPCArgs& args, std::shared_ptr<Wallet>& out)
{
    auto lookup = GetWalletForRequest(context, args);
    if (const auto* error = std::get_if<rpc::RPCError>(&lookup)) return *error;
    out = std::get<std::shared_ptr<Wallet>>(std::move(lookup));
    return std::nullopt;
}

rpc::RPCError ToRPCError(const WalletFailure& failure)
{
    switch (failure.code) {
    case WalletError::GENERIC: return rpc::RPCError{rpc::RPC_WALLET_ERROR, failure.message};
    case WalletError::INSUFFICIENT_FUNDS: return rpc::RPCError{rpc::RPC_WALLET_INSUFFICIENT_FUNDS, failure.message};
    case WalletError::UNLOCK_NEEDED: return rpc::RPCError{rpc::RPC_WALLET_UNLOCK_NEEDED, failure.message};
    case WalletError::WRONG_PASSPHRASE: return rpc::RPCError{rpc::RPC_WALLET_PASSPHRASE_INCORRECT, failure.message};
    case WalletError::WRONG_ENC_STATE: return rpc::RPCError{rpc::RPC_WALLET_WRONG_ENC_STATE, failure.message};
    case WalletError::KEYPOOL_RAN_OUT: return rpc::RPCError{rpc::RPC_WALLET_KEYPOOL_RAN_OUT, failure.message};
    case WalletError::INVALID_PARAMETER: return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, failure.message};
    case WalletError::VERIFY_REJECTED: return rpc::RPCError{rpc::RPC_VERIFY_REJECTED, failure.message};
    case WalletError::INVALID_ADDRESS: return rpc::RPCError{rpc::RPC_INVALID_ADDRESS_OR_KEY, failure.message};
    case WalletError::DATABASE: return rpc::RPCError{rpc::RPC_DATABASE_ERROR, failure.message};
    case WalletError::NOT_FOUND: return rpc::RPCError{rpc::RPC_WALLET_NOT_FOUND, failure.message};
    case WalletError::ALREADY_LOADED: return rpc::RPCError{rpc::RPC_WALLET_ALREADY_LOADED, failure.message};
    }
    return rpc::RPCError{rpc::RPC_WALLET_ERROR, failure.message};
}

std::optional<rpc::RPCError> EnsureUnlocked(const Wallet& wallet)
{
    if (wallet.IsLocked()) return rpc::RPCError{rpc::RPC_WALLET_UNLOCK_NEEDED, UNLOCK_NEEDED_MESSAGE};
    return std::nullopt;
}

std::variant<XOnlyPubKey, rpc::RPCError> ParseKeyArg(const std::string& hex, const std::string& name)
{
    const auto bytes = hex.size() == 64 ? TryParseHex(hex) : std::nullopt;
    if (bytes) {
        const XOnlyPubKey key{std::span<const uint8_t, XOnlyPubKey::SIZE>{bytes->data(), XOnlyPubKey::SIZE}};
        if (key.IsFullyValid()) return key;
        return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, name + " is not a valid key (not a point on the curve)"};
    }
    return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, name + " must be a 32-byte key in hex (64 hex digits)"};
}

rpc::RPCError WalletError(const std::string& message) { return rpc::RPCError{rpc::RPC_WALLET_ERROR, message}; }

UniValue WarningsJSON(const std::vector<std::string>& warnings)
{
    UniValue out{UniValue::VARR};
    for (const std::string& w : warnings) out.push_back(w);
    return out;
}

SecureString ToSecure(std::string value)
{
    SecureString out{value.data(), value.size()};
    memory_cleanse(value.data(), value.size());
    return out;
}

void RegisterWalletRPCCommands(rpc::RPCTable& table, WalletContext* context)
{
    RegisterWalletManagementRPCCommands(table, context);
    RegisterWalletEncryptionRPCCommands(table, context);
    RegisterWalletAddressRPCCommands(table, context);
    RegisterWalletCoinsRPCCommands(table, context);
    RegisterWalletTransactionRPCCommands(table, context);
    RegisterWalletSpendRPCCommands(table, context);
    RegisterWalletHandleRPCCommands(table, context);
    RegisterWalletNodeRPCCommands(table, context);
    RegisterWalletProbeRPCCommands(table, context);
    RegisterWalletVoucherRPCCommands(table, context);
}

} // namespace wallet
