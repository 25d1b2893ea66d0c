// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Key and address RPCs: getnewaddress, getrawchangeaddress, getaddressinfo, setlabel,
// keypoolrefill, getmnemonic, listdescriptors, importdescriptors.

#include <wallet/rpc/util.h>

#include <rpc/server.h>
#include <util/strencodings.h>

namespace wallet {

namespace {

std::optional<rpc::RPCError> CheckAddressType(const rpc::RPCArgs& args)
{
    const auto type = args.MaybeArg<std::string>("address_type");
    if (type && *type != "bech32m" && *type != "key_hash") {
        return rpc::RPCError{rpc::RPC_INVALID_ADDRESS_OR_KEY, "Unknown address type '" + *type + "' (DOTS addresses are bech32m key_hash)"};
    }
    return std::nullopt;
}

std::string HdKeyPath(uint32_t coin_type, const KeyOrigin& origin)
{
    return "m/" + std::to_string(BIP_PURPOSE) + "h/" + std::to_string(coin_type) + "h/0h/" + std::to_string(uint32_t(origin.branch)) +
           "h/" + std::to_string(origin.index) + "h";
}

rpc::RPCMethod getnewaddress(WalletContext* context)
{
    return {
        .name = "getnewaddress",
        .category = "wallet",
        .description = "Returns a new DOTS address for receiving payments.\n"
                       "If 'label' is specified, it is added to the address book so payments received with the address will be associated with 'label'.",
        .args = {{"label", rpc::RPCArg::Type::STR, rpc::RPCArg::Default{""}, "The label name for the address to be linked to."},
                 {"address_type", rpc::RPCArg::Type::STR, rpc::RPCArg::DefaultHint{"bech32m"}, "The address type: bech32m (key_hash) is the only one."}},
        .result = "\"str\"    (string) The new DOTS address",
        .examples = {"", R"("savings")"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            if (auto error = CheckAddressType(args)) return *error;
            const std::string label = args.Arg<std::string>("label");
            if (label == "*") return rpc::RPCError{rpc::RPC_WALLET_INVALID_LABEL_NAME, "Invalid label name"};
            auto res = wallet->GetNewAddress(label);
            if (const auto* failure = std::get_if<WalletFailure>(&res)) return ToRPCError(*failure);
            return UniValue{std::get<std::string>(res)};
        },
    };
}

rpc::RPCMethod getrawchangeaddress(WalletContext* context)
{
    return {
        .name = "getrawchangeaddress",
        .category = "wallet",
        .description = "Returns a new DOTS address, for receiving change.\nThis is for use with raw transactions, NOT normal use.",
        .args = {{"address_type", rpc::RPCArg::Type::STR, rpc::RPCArg::DefaultHint{"bech32m"}, "The address type: bech32m (key_hash) is the only one."}},
        .result = "\"str\"    (string) The address",
        .examples = {""},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            if (auto error = CheckAddressType(args)) return *error;
            auto res = wallet->GetChangeAddress();
            if (const auto* failure = std::get_if<WalletFailure>(&res)) return ToRPCError(*failure);
            return UniValue{std::get<std::string>(res)};
        },
    };
}

rpc::RPCMethod getaddressinfo(WalletContext* context)
{
    return {
        .name = "getaddressinfo",
        .category = "wallet",
        .description = "Return information about the given DOTS address.\nSome of the information will only be present if the address is in the active wallet.",
        .args = {{"address", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The DOTS address for which to get information."}},
        .result = "{\n"
                  "  \"address\" : \"str\",        (string) The DOTS address validated.\n"
                  "  \"scriptPubKey\" : \"hex\",   (string) The output lock (type byte and 32-byte program) in hex.\n"
                  "  \"ismine\" : true|false,    (boolean) If the address is yours.\n"
                  "  \"iswatchonly\" : false,    \"solvable\" : true|false, \"isscript\" : false, \"iswitness\" : true,\n"
                  "  \"lock_type\" : \"str\",      (string) key_hash or key\n"
                  "  \"pubkey\" : \"hex\",         (string, optional) The x-only (BIP340) public key, if the address is yours.\n"
                  "  \"ischange\" : true|false,  (boolean) If the address was used for change output.\n"
                  "  \"branch\" : \"str\",         (string, optional) receive, change, handle, node or identity\n"
                  "  \"timestamp\" : xxx,        (numeric, optional) The creation time of the key chain (UNIX seconds)\n"
                  "  \"hdkeypath\" : \"str\",      (string, optional) The HD keypath, e.g. m/340h/1h/0h/0h/3h\n"
                  "  \"hdmasterfingerprint\" : \"hex\", (string, optional) The first 4 bytes of the key chain's id\n"
                  "  \"labels\" : [ \"str\" ]      (json array) The labels associated with the address\n"
                  "}",
        .examples = {R"("<address>")"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            const std::string address = args.Arg<std::string>("address");
            const auto decoded = DecodeAddress(address, wallet->Hrp());
            if (!decoded) {
                return rpc::RPCError{rpc::RPC_INVALID_ADDRESS_OR_KEY, "Invalid address: " + std::string{AddressErrorString(decoded.error)}};
            }
            const auto key = wallet->GetKeyForLock(decoded.lock);
            UniValue out{UniValue::VOBJ};
            out.pushKV("address", EncodeAddress(decoded.lock, wallet->Hrp()));
            std::vector<uint8_t> lock_bytes{static_cast<uint8_t>(decoded.lock.type)};
            lock_bytes.insert(lock_bytes.end(), decoded.lock.program.begin(), decoded.lock.program.end());
            out.pushKV("scriptPubKey", HexStr(lock_bytes));
            out.pushKV("ismine", key.has_value());
            out.pushKV("solvable", key.has_value());
            out.pushKV("iswatchonly", false);
            out.pushKV("isscript", false);
            out.pushKV("iswitness", true);
            out.pushKV("lock_type", decoded.lock.type == LockType::KEY ? "key" : "key_hash");
            bool is_change = false;
            if (key) {
                const KeyOrigin& origin = key->second;
                is_change = origin.branch == KeyBranch::CHANGE;
                out.pushKV("pubkey", HexStr(key->first.bytes()));
                out.pushKV("branch", std::string{BranchName(origin.branch)});
                const auto chain = wallet->ActiveChainInfo();
                if (chain && chain->first == origin.chain_id) out.pushKV("timestamp", chain->second);
                const uint32_t coin = wallet->Chain().AddressHrp() == "dots" ? 0 : 1;
                out.pushKV("hdkeypath", HdKeyPath(coin, origin));
                out.pushKV("hdmasterfingerprint", HexStr(std::span{origin.chain_id.data(), 4}));
            }
            out.pushKV("ischange", is_change);
            UniValue labels{UniValue::VARR};
            if (const auto label = wallet->GetLabel(address)) labels.push_back(*label);
            out.pushKV("labels", labels);
            return out;
        },
    };
}

rpc::RPCMethod setlabel(WalletContext* context)
{
    return {
        .name = "setlabel",
        .category = "wallet",
        .description = "Sets the label associated with the given address.",
        .args = {{"address", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The DOTS address to be associated with a label."},
                 {"label", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The label to assign to the address."}},
        .result = "null    (json null)",
        .examples = {R"("<address>", "tabby")"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            const std::string address = args.Arg<std::string>("address");
            const auto decoded = DecodeAddress(address, wallet->Hrp());
            if (!decoded) return rpc::RPCError{rpc::RPC_INVALID_ADDRESS_OR_KEY, "Invalid address: " + std::string{AddressErrorString(decoded.error)}};
            const std::string label = args.Arg<std::string>("label");
            if (label == "*") return rpc::RPCError{rpc::RPC_WALLET_INVALID_LABEL_NAME, "Invalid label name"};
            if (auto res = wallet->SetLabel(EncodeAddress(decoded.lock, wallet->Hrp()), label); !res) return WalletError(res.error());
            return UniValue{};
        },
    };
}

rpc::RPCMethod keypoolrefill(WalletContext* context)
{
    return {
        .name = "keypoolrefill",
        .category = "wallet",
        .description = "Fills the keypool (derives receive and change keys ahead)." + std::string{"\nRequires wallet passphrase to be set with walletpassphrase call if wallet is encrypted."},
        .args = {{"newsize", rpc::RPCArg::Type::NUM, rpc::RPCArg::DefaultHint{"-keypool (1000)"}, "The new keypool size"}},
        .result = "null    (json null)",
        .examples = {"", "100"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            const int64_t size = args.MaybeArg<int64_t>("newsize").value_or(wallet->Options().keypool_size);
            if (size < 0 || size > 100'000) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Invalid size (0-100000)."};
            auto res = wallet->TopUpKeyPool(static_cast<uint32_t>(size));
            if (const auto* failure = std::get_if<WalletFailure>(&res)) return ToRPCError(*failure);
            return UniValue{};
        },
    };
}

rpc::RPCMethod getmnemonic(WalletContext* context)
{
    return {
        .name = "getmnemonic",
        .category = "wallet",
        .description = "Returns the 24 BIP39 words of the wallet's key chain: the backup of every key it has and will derive.\n"
                       "Write them down and keep them offline; anyone who reads them owns the wallet's coins, handles and nodes.\n"
                       "createwallet \"name\" ... mnemonic=\"<words>\" restores the wallet on any node.\n"
                       "Requires wallet passphrase to be set with walletpassphrase call if wallet is encrypted.",
        .args = {},
        .result = "\"str\"    (string) the words, separated by single spaces",
        .examples = {""},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            auto res = wallet->GetMnemonic();
            if (const auto* failure = std::get_if<WalletFailure>(&res)) return ToRPCError(*failure);
            const SecureString& words = std::get<SecureString>(res);
            return UniValue{std::string{words.data(), words.size()}};
        },
    };
}

rpc::RPCMethod listdescriptors(WalletContext* context)
{
    return {
        .name = "listdescriptors",
        .category = "wallet",
        .description = "List descriptors imported into a descriptor-enabled wallet.\n"
                       "DOTS descriptors are dots(<tprv or xprv>/340h/<coin>h/0h/<branch>h/*h), one per key branch (receive, change, "
                       "handle, node, identity). With private=true they hold the root key and restore the wallet with importdescriptors.",
        .args = {{"private", rpc::RPCArg::Type::BOOL, rpc::RPCArg::Default{false}, "Show private descriptors."}},
        .result = "{\n"
                  "  \"wallet_name\" : \"str\",\n"
                  "  \"descriptors\" : [ {\n"
                  "      \"desc\" : \"str\",       (string) Descriptor string representation\n"
                  "      \"timestamp\" : n,      (numeric) The creation time of the descriptor\n"
                  "      \"active\" : true|false,\n"
                  "      \"internal\" : true|false, (boolean) whether it is the change branch\n"
                  "      \"branch\" : \"str\",     (string) receive, change, handle, node or identity\n"
                  "      \"range\" : [ n, n ],   (json array) the range of derived keys\n"
                  "      \"next\" : n,           (numeric) the next index to hand out\n"
                  "      \"next_index\" : n      (numeric) same as next\n"
                  "  }, ... ]\n"
                  "}",
        .examples = {"", "true"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            auto res = wallet->ListDescriptors(args.Arg<bool>("private"));
            if (const auto* failure = std::get_if<WalletFailure>(&res)) return ToRPCError(*failure);
            UniValue list{UniValue::VARR};
            for (const auto& info : std::get<std::vector<Wallet::DescriptorInfo>>(res)) {
                UniValue entry{UniValue::VOBJ};
                entry.pushKV("desc", info.descriptor);
                entry.pushKV("timestamp", info.timestamp);
                entry.pushKV("active", info.active);
                entry.pushKV("internal", info.branch == KeyBranch::CHANGE);
                entry.pushKV("branch", std::string{BranchName(info.branch)});
                UniValue range{UniValue::VARR};
                range.push_back(0);
                range.push_back(info.range_end > 0 ? int64_t{info.range_end} - 1 : 0);
                entry.pushKV("range", range);
                entry.pushKV("next", int64_t{info.next});
                entry.pushKV("next_index", int64_t{info.next});
                list.push_back(entry);
            }
            UniValue out{UniValue::VOBJ};
            out.pushKV("wallet_name", wallet->Name());
            out.pushKV("descriptors", list);
            return out;
        },
    };
}

rpc::RPCMethod importdescriptors(WalletContext* context)
{
    return {
        .name = "importdescriptors",
        .category = "wallet",
        .description = "Import descriptors. This will trigger a rescan of the blockchain based on the earliest timestamp of all descriptors being imported.\n"
                       "Each request is {\"desc\": \"dots(<tprv>/340h/1h/0h/<branch>h/*h)#checksum\", \"active\": bool, \"next_index\": n, "
                       "\"timestamp\": n or \"now\"}. The key chain of the root is added (made active if asked, or if the wallet has none); "
                       "a numeric timestamp rescans the chain from genesis, \"now\" does not rescan.",
        .args = {{"requests", rpc::RPCArg::Type::ARR, rpc::RPCArg::Optional::NO, "Data to be imported"}},
        .result = "[ { \"success\" : true|false, \"warnings\" : [ \"str\" ], \"error\" : { \"code\" : n, \"message\" : \"str\" } }, ... ]",
        .examples = {R"([{"desc": "<descriptor>", "timestamp": "now", "active": true}])"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            const UniValue requests = args.Arg<UniValue>("requests");
            UniValue results{UniValue::VARR};
            bool rescan = false;
            for (size_t i = 0; i < requests.size(); ++i) {
                const UniValue& req = requests[i];
                UniValue result{UniValue::VOBJ};
                auto fail = [&](int code, const std::string& message) {
                    UniValue error{UniValue::VOBJ};
                    error.pushKV("code", code);
                    error.pushKV("message", message);
                    result.pushKV("success", false);
                    result.pushKV("error", error);
                };
                if (!req.isObject() || !req["desc"].isStr()) {
                    fail(rpc::RPC_TYPE_ERROR, "Descriptor not found.");
                } else if (!req["timestamp"].isNum() && !(req["timestamp"].isStr() && req["timestamp"].get_str() == "now")) {
                    fail(rpc::RPC_TYPE_ERROR, "Missing required timestamp field for key");
                } else {
                    const bool active = req["active"].isBool() && req["active"].get_bool();
                    const int64_t next = req["next_index"].isNum() ? req["next_index"].get_int64() : 0;
                    auto res = wallet->ImportDescriptor(req["desc"].get_str(), active, static_cast<uint32_t>(std::max<int64_t>(0, next)));
                    if (const auto* failure = std::get_if<WalletFailure>(&res)) {
                        const rpc::RPCError error = ToRPCError(*failure);
                        fail(error.code, error.message);
                    } else {
                        result.pushKV("success", true);
                        if (req["timestamp"].isNum()) rescan = true;
                    }
                }
                results.push_back(result);
            }
            if (rescan) {
                auto res = wallet->Rescan(0, std::nullopt);
                if (!res) return WalletError("Imported, but the rescan failed: " + res.error() + " (run rescanblockchain)");
            }
            return results;
        },
    };
}

} // namespace

void RegisterWalletAddressRPCCommands(rpc::RPCTable& table, WalletContext* context)
{
    for (const auto method : {getnewaddress, getrawchangeaddress, getaddressinfo, setlabel, keypoolrefill, getmnemonic, listdescriptors,
                              importdescriptors}) {
        table.Register(method(context), context != nullptr);
    }
}

} // namespace wallet
