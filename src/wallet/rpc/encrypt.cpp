// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Wallet encryption RPCs: encryptwallet, walletpassphrase, walletlock, walletpassphrasechange.

#include <wallet/rpc/util.h>

#include <rpc/server.h>
#include <util/time.h>

namespace wallet {

namespace {

constexpr int64_t MAX_SLEEP_TIME = 100'000'000; // Bitcoin Core's cap (over three years)

rpc::RPCMethod encryptwallet(WalletContext* context)
{
    return {
        .name = "encryptwallet",
        .category = "wallet",
        .description = "Encrypts the wallet with 'passphrase'. This is for first time encryption.\n"
                       "After this, any calls that interact with private keys such as sending or signing will require the passphrase to be "
                       "set prior to making these calls. Use the walletpassphrase call for this, and then walletlock call.\n"
                       "The secrets are encrypted with AES-256-GCM under a key derived from the passphrase with scrypt. The mnemonic words "
                       "and earlier backups still restore the same keys: keep them as safe as the passphrase.",
        .args = {{"passphrase", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The pass phrase to encrypt the wallet with. It must be at least 1 character, but should be long."}},
        .result = "\"str\"    (string) A string with further instructions",
        .examples = {R"("my pass phrase")"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            const SecureString passphrase = ToSecure(args.Arg<std::string>("passphrase"));
            if (passphrase.empty()) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "passphrase cannot be empty"};
            auto res = wallet->EncryptWallet(passphrase);
            if (const auto* failure = std::get_if<WalletFailure>(&res)) return ToRPCError(*failure);
            return UniValue{"wallet encrypted; the wallet is locked now: unlock it with walletpassphrase to send or sign."};
        },
    };
}

rpc::RPCMethod walletpassphrase(WalletContext* context)
{
    return {
        .name = "walletpassphrase",
        .category = "wallet",
        .description = "Stores the wallet decryption key in memory for 'timeout' seconds.\n"
                       "This is needed prior to performing transactions related to private keys such as sending DOTS.\n"
                       "Issuing the walletpassphrase command while the wallet is already unlocked will set a new unlock time that "
                       "overrides the old one.",
        .args = {{"passphrase", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The wallet passphrase"},
                 {"timeout", rpc::RPCArg::Type::NUM, rpc::RPCArg::Optional::NO, "The time to keep the decryption key in seconds; capped at 100000000 (~3 years)."}},
        .result = "null    (json null)",
        .examples = {R"("my pass phrase", 60)"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            int64_t timeout = args.Arg<int64_t>("timeout");
            if (timeout < 0) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Timeout cannot be negative."};
            timeout = std::min(timeout, MAX_SLEEP_TIME);
            const SecureString passphrase = ToSecure(args.Arg<std::string>("passphrase"));
            if (passphrase.empty()) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "passphrase cannot be empty"};
            auto res = wallet->Unlock(passphrase, GetTime() + timeout);
            if (const auto* failure = std::get_if<WalletFailure>(&res)) return ToRPCError(*failure);
            // After a restart the encrypted SIP credentials reach the registrar only now.
            context->GiveSipCredentials(*wallet, /*remove=*/false);
            context->Notify();
            return UniValue{};
        },
    };
}

rpc::RPCMethod walletlock(WalletContext* context)
{
    return {
        .name = "walletlock",
        .category = "wallet",
        .description = "Removes the wallet encryption key from memory, locking the wallet.\n"
                       "After calling this method, you will need to call walletpassphrase again before being able to call any methods "
                       "which require the wallet to be unlocked.",
        .args = {},
        .result = "null    (json null)",
        .examples = {""},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            if (!wallet->IsCrypted()) {
                return rpc::RPCError{rpc::RPC_WALLET_WRONG_ENC_STATE, "Error: running with an unencrypted wallet, but walletlock was called."};
            }
            wallet->Lock();
            return UniValue{};
        },
    };
}

rpc::RPCMethod walletpassphrasechange(WalletContext* context)
{
    return {
        .name = "walletpassphrasechange",
        .category = "wallet",
        .description = "Changes the wallet passphrase from 'oldpassphrase' to 'newpassphrase'.",
        .args = {{"oldpassphrase", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The current passphrase"},
                 {"newpassphrase", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The new passphrase"}},
        .result = "null    (json null)",
        .examples = {R"("old one", "new one")"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            const SecureString old_passphrase = ToSecure(args.Arg<std::string>("oldpassphrase"));
            const SecureString new_passphrase = ToSecure(args.Arg<std::string>("newpassphrase"));
            if (old_passphrase.empty() || new_passphrase.empty()) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "passphrase cannot be empty"};
            auto res = wallet->ChangePassphrase(old_passphrase, new_passphrase);
            if (const auto* failure = std::get_if<WalletFailure>(&res)) return ToRPCError(*failure);
            return UniValue{};
        },
    };
}

} // namespace

void RegisterWalletEncryptionRPCCommands(rpc::RPCTable& table, WalletContext* context)
{
    for (const auto method : {encryptwallet, walletpassphrase, walletlock, walletpassphrasechange}) {
        table.Register(method(context), context != nullptr);
    }
}

} // namespace wallet
