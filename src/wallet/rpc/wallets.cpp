// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Wallet management RPCs: createwallet, loadwallet, unloadwallet, listwallets, listwalletdir,
// getwalletinfo, backupwallet, restorewallet.

#include <wallet/rpc/util.h>

#include <rpc/amount.h>
#include <rpc/server.h>

namespace wallet {

namespace {

std::optional<bool> LoadOnStartup(const rpc::RPCArgs& args)
{
    return args.MaybeArg<bool>("load_on_startup");
}

UniValue NameAndWarnings(const std::string& name, const std::vector<std::string>& warnings)
{
    UniValue out{UniValue::VOBJ};
    out.pushKV("name", name);
    if (!warnings.empty()) out.pushKV("warnings", WarningsJSON(warnings));
    return out;
}

const rpc::RPCArg LOAD_ON_STARTUP{"load_on_startup", rpc::RPCArg::Type::BOOL, rpc::RPCArg::DefaultHint{"null"},
                             "Save wallet name to persistent settings and load on startup. True to add wallet to startup list, "
                             "false to remove, null to leave unchanged."};

rpc::RPCMethod createwallet(WalletContext* context)
{
    return {
        .name = "createwallet",
        .category = "wallet",
        .description = "Creates and loads a new wallet.\n"
                       "The wallet's keys come from 24 BIP39 words (getmnemonic shows them; write them down): give `mnemonic` to restore "
                       "a wallet from its words instead, which then rescans the chain for its coins, handles and nodes.",
        .args = {{"wallet_name", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The name for the new wallet. If this is a path, the wallet will be created at the path location."},
                 {"disable_private_keys", rpc::RPCArg::Type::BOOL, rpc::RPCArg::Default{false}, "Disable the possibility of private keys (not supported: must be false)."},
                 {"blank", rpc::RPCArg::Type::BOOL, rpc::RPCArg::Default{false}, "Create a blank wallet. A blank wallet has no keys; import a key chain with importdescriptors."},
                 {"passphrase", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::OMITTED, "Encrypt the wallet with this passphrase."},
                 {"avoid_reuse", rpc::RPCArg::Type::BOOL, rpc::RPCArg::Default{false}, "Keep track of coin reuse (not supported: must be false)."},
                 {"descriptors", rpc::RPCArg::Type::BOOL, rpc::RPCArg::Default{true}, "Create a native descriptor wallet (DOTS wallets always are)."},
                 LOAD_ON_STARTUP,
                 {"external_signer", rpc::RPCArg::Type::BOOL, rpc::RPCArg::Default{false}, "Use an external signer (not supported: must be false)."},
                 {"mnemonic", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::OMITTED, "Restore from these BIP39 words (12-24 English words)."}},
        .result = "{\n  \"name\" : \"str\",       (string) The wallet name if created successfully.\n"
                  "  \"warnings\" : [ \"str\" ] (json array, optional) Warning messages, if any\n}",
        .examples = {R"("testwallet")", R"("testwallet", false, false, "my pass phrase")"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            if (args.Arg<bool>("disable_private_keys")) return WalletError("Watch-only wallets are not supported: disable_private_keys must be false");
            if (args.Arg<bool>("avoid_reuse")) return WalletError("avoid_reuse is not supported");
            if (!args.Arg<bool>("descriptors")) return WalletError("Only descriptor wallets are supported: descriptors must be true");
            if (args.Arg<bool>("external_signer")) return WalletError("External signers are not supported");
            CreateOptions options;
            options.blank = args.Arg<bool>("blank");
            if (auto value = args.MaybeArg<std::string>("passphrase")) options.passphrase = ToSecure(std::move(*value));
            if (auto value = args.MaybeArg<std::string>("mnemonic")) options.mnemonic = ToSecure(std::move(*value));
            if (options.blank && !options.mnemonic.empty()) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "A blank wallet cannot be restored from words"};
            std::vector<std::string> warnings;
            const std::string name = args.Arg<std::string>("wallet_name");
            auto res = context->CreateWallet(name, options, LoadOnStartup(args), warnings);
            if (const auto* failure = std::get_if<WalletFailure>(&res)) return ToRPCError(*failure);
            return NameAndWarnings(name, warnings);
        },
    };
}

rpc::RPCMethod loadwallet(WalletContext* context)
{
    return {
        .name = "loadwallet",
        .category = "wallet",
        .description = "Loads a wallet from a wallet file or directory.\n"
                       "Note that all wallet command-line options used when starting dotsd will be applied to the new wallet.",
        .args = {{"filename", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The wallet directory or .dat file."}, LOAD_ON_STARTUP},
        .result = "{\n  \"name\" : \"str\",       (string) The wallet name if loaded successfully.\n"
                  "  \"warnings\" : [ \"str\" ] (json array, optional) Warning messages, if any\n}",
        .examples = {R"("test.dat")"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::vector<std::string> warnings;
            const std::string name = args.Arg<std::string>("filename");
            auto res = context->LoadWallet(name, LoadOnStartup(args), warnings);
            if (const auto* failure = std::get_if<WalletFailure>(&res)) return ToRPCError(*failure);
            return NameAndWarnings(name, warnings);
        },
    };
}

rpc::RPCMethod unloadwallet(WalletContext* context)
{
    return {
        .name = "unloadwallet",
        .category = "wallet",
        .description = "Unloads the wallet referenced by the request endpoint, otherwise unloads the wallet specified in the argument.\n"
                       "Specifying the wallet name on a wallet endpoint is invalid.",
        .args = {{"wallet_name", rpc::RPCArg::Type::STR, rpc::RPCArg::DefaultHint{"the wallet name from the RPC endpoint"}, "The name of the wallet to unload. If provided both here and in the RPC endpoint, the two must be identical."},
                 LOAD_ON_STARTUP},
        .result = "{\n  \"warnings\" : [ \"str\" ] (json array, optional) Warning messages, if any\n}",
        .examples = {R"("wallet_name")"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::string name;
            const auto endpoint = args.WalletName();
            const auto given = args.MaybeArg<std::string>("wallet_name");
            if (endpoint && given && *endpoint != *given) {
                return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "RPC endpoint wallet and wallet_name parameter specify different wallets"};
            }
            if (endpoint) {
                name = *endpoint;
            } else if (given) {
                name = *given;
            } else {
                auto wallet = GetWalletForRequest(*context, args);
                if (const auto* error = std::get_if<rpc::RPCError>(&wallet)) return *error;
                name = std::get<std::shared_ptr<Wallet>>(wallet)->Name();
            }
            std::vector<std::string> warnings;
            auto res = context->UnloadWallet(name, LoadOnStartup(args), warnings);
            if (const auto* failure = std::get_if<WalletFailure>(&res)) return ToRPCError(*failure);
            UniValue out{UniValue::VOBJ};
            if (!warnings.empty()) out.pushKV("warnings", WarningsJSON(warnings));
            return out;
        },
    };
}

rpc::RPCMethod listwallets(WalletContext* context)
{
    return {
        .name = "listwallets",
        .category = "wallet",
        .description = "Returns a list of currently loaded wallets.\nFor full information on the wallet, use \"getwalletinfo\"",
        .args = {},
        .result = "[ \"walletname\", ... ]    (json array of strings) the wallet names",
        .examples = {""},
        .handler = [context](const rpc::RPCArgs&) -> rpc::RPCResponse {
            UniValue out{UniValue::VARR};
            for (const auto& wallet : context->GetWallets()) out.push_back(wallet->Name());
            return out;
        },
    };
}

rpc::RPCMethod listwalletdir(WalletContext* context)
{
    return {
        .name = "listwalletdir",
        .category = "wallet",
        .description = "Returns a list of wallets in the wallet directory.",
        .args = {},
        .result = "{\n  \"wallets\" : [ { \"name\" : \"str\" }, ... ]\n}",
        .examples = {""},
        .handler = [context](const rpc::RPCArgs&) -> rpc::RPCResponse {
            UniValue wallets{UniValue::VARR};
            for (const std::string& name : context->ListWalletDir()) {
                UniValue entry{UniValue::VOBJ};
                entry.pushKV("name", name);
                wallets.push_back(entry);
            }
            UniValue out{UniValue::VOBJ};
            out.pushKV("wallets", wallets);
            return out;
        },
    };
}

rpc::RPCMethod getwalletinfo(WalletContext* context)
{
    return {
        .name = "getwalletinfo",
        .category = "wallet",
        .description = "Returns an object containing various wallet state info.",
        .args = {},
        .result = "{\n"
                  "  \"walletname\" : \"str\",          (string) the wallet name\n"
                  "  \"walletversion\" : n,           (numeric) the wallet version\n"
                  "  \"format\" : \"sqlite\",           (string) the database format\n"
                  "  \"balance\" : n,                 (numeric) DEPRECATED: trusted balance (getbalances)\n"
                  "  \"unconfirmed_balance\" : n,     (numeric) DEPRECATED\n"
                  "  \"immature_balance\" : n,        (numeric) DEPRECATED\n"
                  "  \"txcount\" : n,                 (numeric) the total number of transactions in the wallet\n"
                  "  \"keypoolsize\" : n,             (numeric) receive keys derived ahead\n"
                  "  \"keypoolsize_hd_internal\" : n, (numeric) change keys derived ahead\n"
                  "  \"unlocked_until\" : xxx,        (numeric, optional) UNIX time until which the wallet is unlocked (0: locked); only for encrypted wallets\n"
                  "  \"paytxfee\" : n,                (numeric) always 0 (set fees per call)\n"
                  "  \"private_keys_enabled\" : true, \"avoid_reuse\" : false, \"descriptors\" : true, \"external_signer\" : false,\n"
                  "  \"blank\" : true|false,          (boolean) whether the wallet has no key chain\n"
                  "  \"birthtime\" : xxx,             (numeric, optional) birth time of the key chain (0: unknown, rescanned from genesis)\n"
                  "  \"scanning\" : true|false,       (boolean) whether a rescan is running\n"
                  "  \"lastprocessedblock\" : { \"hash\" : \"hex\", \"height\" : n }\n"
                  "}",
        .examples = {""},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            wallet->BlockUntilSyncedToCurrentChain();
            const Balances balances = wallet->GetBalances();
            const auto pools = wallet->KeyPoolSizes();
            const auto chain = wallet->ActiveChainInfo();
            UniValue out{UniValue::VOBJ};
            out.pushKV("walletname", wallet->Name());
            out.pushKV("walletversion", WALLET_SCHEMA_VERSION);
            out.pushKV("format", "sqlite");
            out.pushKV("balance", rpc::ValueFromAmount(balances.trusted));
            out.pushKV("unconfirmed_balance", rpc::ValueFromAmount(balances.untrusted_pending));
            out.pushKV("immature_balance", rpc::ValueFromAmount(balances.immature));
            out.pushKV("txcount", static_cast<uint64_t>(wallet->TxCount()));
            out.pushKV("keypoolsize", static_cast<uint64_t>(pools.count(KeyBranch::RECEIVE) ? pools.at(KeyBranch::RECEIVE) : 0));
            out.pushKV("keypoolsize_hd_internal", static_cast<uint64_t>(pools.count(KeyBranch::CHANGE) ? pools.at(KeyBranch::CHANGE) : 0));
            if (wallet->IsCrypted()) out.pushKV("unlocked_until", wallet->UnlockedUntil());
            out.pushKV("paytxfee", rpc::ValueFromAmount(0));
            out.pushKV("private_keys_enabled", true);
            out.pushKV("avoid_reuse", false);
            out.pushKV("scanning", wallet->IsScanning());
            out.pushKV("descriptors", true);
            out.pushKV("external_signer", false);
            out.pushKV("blank", !chain.has_value());
            if (chain) out.pushKV("birthtime", chain->second);
            const BestBlock last = wallet->LastBlock();
            UniValue block{UniValue::VOBJ};
            block.pushKV("hash", last.hash.GetHex());
            block.pushKV("height", last.height);
            out.pushKV("lastprocessedblock", block);
            return out;
        },
    };
}

rpc::RPCMethod backupwallet(WalletContext* context)
{
    return {
        .name = "backupwallet",
        .category = "wallet",
        .description = "Safely copies the current wallet file to the specified destination, which can either be a directory or a path with a filename.\n"
                       "The copy restores with restorewallet: keys, transactions, handle registrations in progress and SIP credentials.",
        .args = {{"destination", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The destination directory or file"}},
        .result = "null    (json null)",
        .examples = {R"("backup.dat")"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            std::filesystem::path dest{args.Arg<std::string>("destination")};
            std::error_code ec;
            if (std::filesystem::is_directory(dest, ec)) dest /= "wallet.dat";
            if (auto res = wallet->Database().Backup(dest); !res) return WalletError(res.error());
            return UniValue{};
        },
    };
}

rpc::RPCMethod restorewallet(WalletContext* context)
{
    return {
        .name = "restorewallet",
        .category = "wallet",
        .description = "Restores and loads a wallet from backup.\n"
                       "The restored wallet rescans the whole chain, so it finds the coins, handles and nodes it owns now.",
        .args = {{"wallet_name", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The name that will be applied to the restored wallet"},
                 {"backup_file", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The backup file that will be used to restore the wallet."},
                 LOAD_ON_STARTUP},
        .result = "{\n  \"name\" : \"str\",       (string) The wallet name if restored successfully.\n"
                  "  \"warnings\" : [ \"str\" ] (json array, optional) Warning messages, if any\n}",
        .examples = {R"("testwallet", "home/backups/backup-file.bak")"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::vector<std::string> warnings;
            const std::string name = args.Arg<std::string>("wallet_name");
            auto res = context->RestoreWallet(name, args.Arg<std::string>("backup_file"), LoadOnStartup(args), warnings);
            if (const auto* failure = std::get_if<WalletFailure>(&res)) return ToRPCError(*failure);
            return NameAndWarnings(name, warnings);
        },
    };
}

} // namespace

void RegisterWalletManagementRPCCommands(rpc::RPCTable& table, WalletContext* context)
{
    for (const auto method : {createwallet, loadwallet, unloadwallet, listwallets, listwalletdir, getwalletinfo, backupwallet, restorewallet}) {
        table.Register(method(context), context != nullptr);
    }
}

} // namespace wallet
