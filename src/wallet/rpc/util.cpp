// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <wallet/rpc/util.h>

#include <rpc/protocol.h>
#include <rpc/server.h>
#include <wallet/rpc/register.h>

namespace wallet {

std::variant<std::shared_ptr<Wallet>, RPCError> GetWalletForRequest(WalletContext& context, const RPCArgs& args)
{
    if (const auto name = args.WalletName()) {
        auto wallet = context.GetWallet(*name);
        if (!wallet) return RPCError{RPC_WALLET_NOT_FOUND, "Requested wallet does not exist or is not loaded"};
        return wallet;
    }
    const auto wallets = context.GetWallets();
    if (wallets.size() == 1) return wallets.front();
    if (wallets.empty()) {
        return RPCError{RPC_WALLET_NOT_FOUND, "No wallet is loaded. Load a wallet using loadwallet or create a new one with createwallet. "
                                              "(Note: A default wallet is no longer automatically created)"};
    }
    return RPCError{RPC_WALLET_NOT_SPECIFIED,
                    "Wallet file not specified (must request wallet RPC through /wallet/<filename> uri-path)."};
}

std::optional<RPCError> LookupWallet(WalletContext& context, const RPCArgs& args, std::shared_ptr<Wallet>& out)
{
    auto lookup = GetWalletForRequest(context, args);
    if (const auto* error = std::get_if<RPCError>(&lookup)) return *error;
    out = std::get<std::shared_ptr<Wallet>>(std::move(lookup));
    return std::nullopt;
}

RPCError ToRPCError(const WalletFailure& failure)
{
    switch (failure.code) {
    case WalletError::GENERIC: return RPCError{RPC_WALLET_ERROR, failure.message};
    case WalletError::INSUFFICIENT_FUNDS: return RPCError{RPC_WALLET_INSUFFICIENT_FUNDS, failure.message};
    case WalletError::UNLOCK_NEEDED: return RPCError{RPC_WALLET_UNLOCK_NEEDED, failure.message};
    case WalletError::WRONG_PASSPHRASE: return RPCError{RPC_WALLET_PASSPHRASE_INCORRECT, failure.message};
    case WalletError::WRONG_ENC_STATE: return RPCError{RPC_WALLET_WRONG_ENC_STATE, failure.message};
    case WalletError::KEYPOOL_RAN_OUT: return RPCError{RPC_WALLET_KEYPOOL_RAN_OUT, failure.message};
    case WalletError::INVALID_PARAMETER: return RPCError{RPC_INVALID_PARAMETER, failure.message};
    case WalletError::VERIFY_REJECTED: return RPCError{RPC_VERIFY_REJECTED, failure.message};
    case WalletError::INVALID_ADDRESS: return RPCError{RPC_INVALID_ADDRESS_OR_KEY, failure.message};
    case WalletError::DATABASE: return RPCError{RPC_DATABASE_ERROR, failure.message};
    case WalletError::NOT_FOUND: return RPCError{RPC_WALLET_NOT_FOUND, failure.message};
    case WalletError::ALREADY_LOADED: return RPCError{RPC_WALLET_ALREADY_LOADED, failure.message};
    }
    return RPCError{RPC_WALLET_ERROR, failure.message};
}

std::optional<RPCError> EnsureUnlocked(const Wallet& wallet)
{
    if (wallet.IsLocked()) return RPCError{RPC_WALLET_UNLOCK_NEEDED, UNLOCK_NEEDED_MESSAGE};
    return std::nullopt;
}

RPCError WalletError(const std::string& message) { return RPCError{RPC_WALLET_ERROR, message}; }

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

void RegisterWalletRPCCommands(RPCTable& table, WalletContext* context)
{
    RegisterWalletManagementRPCCommands(table, context);
    RegisterWalletEncryptionRPCCommands(table, context);
    RegisterWalletAddressRPCCommands(table, context);
    RegisterWalletCoinsRPCCommands(table, context);
    RegisterWalletTransactionRPCCommands(table, context);
    RegisterWalletSpendRPCCommands(table, context);
}

} // namespace wallet
