// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Handle RPCs: registerhandle, listmyhandles, updatehandle, bindhandle, countersignbinding, renewhandle,
// transferhandle, getnewhandlekey, registernumber (doc/wallet.md "Handles").

#include <wallet/rpc/util.h>

#include <consensus/registry_names.h>
#include <rpc/amount.h>
#include <rpc/server.h>
#include <util/strencodings.h>

namespace wallet {

namespace {

const std::string HANDLE_HELP = "The handle: 3-32 characters of a-z, 0-9, '.', '_', '-' with at least one letter";

const std::string STATUS_RESULT =
    "{\n"
    "  \"handle\" : \"str\",          (string) the handle\n"
    "  \"owner\" : \"str\",           (string) the address of the owner key (as gethandle)\n"
    "  \"owner_key\" : \"hex\",       (string) the owner key of this wallet (handle branch)\n"
    "  \"state\" : \"str\",           (string) committing, waiting_for_maturity, revealing, setting_home, registered,\n"
    "                               expired, transferred, failed or unknown (see doc/wallet.md)\n"
    "  \"commit_txid\" : \"hex\",     (string, optional) the commitment transaction\n"
    "  \"reveal_txid\" : \"hex\",     (string, optional) the reveal, held by the wallet until it may be mined\n"
    "  \"home_txid\" : \"hex\",       (string, optional) the held update that sets the requested home node\n"
    "  \"reveal_height\" : n,       (numeric, optional) first block that can hold the reveal\n"
    "  \"failure\" : \"str\",         (string, optional) why the registration stopped\n"
    "  \"expiry_height\" : n,       (numeric, optional) the registration expires at this height\n"
    "  \"blocks_to_expiry\" : n,    (numeric, optional)\n"
    "  \"home_node\" : \"hex\",       (string, optional) the home node on chain\n"
    "  \"identity_key\" : \"hex\",    (string, optional) the identity key on chain\n"
    "  \"bound_node\" : \"hex\",      (string, optional) the node of the current presence binding\n"
    "  \"warnings\" : [\"str\",...]   (json array) expiry warnings and problems\n"
    "}";

UniValue KeyHex(const consensus::Key& key) { return HexStr(key); }

UniValue StatusToJSON(const Wallet::HandleStatus& status, std::string_view hrp)
{
    UniValue out{UniValue::VOBJ};
    const WalletHandle& rec = status.record;
    out.pushKV("handle", rec.name);
    out.pushKV("owner", EncodeAddress(OutputLock::ForKeyHash(rec.owner), hrp));
    out.pushKV("owner_key", HexStr(rec.owner.bytes()));
    out.pushKV("state", status.state);
    if (rec.commit_txid) out.pushKV("commit_txid", rec.commit_txid->GetHex());
    if (rec.reveal_txid) out.pushKV("reveal_txid", rec.reveal_txid->GetHex());
    if (rec.home_txid) out.pushKV("home_txid", rec.home_txid->GetHex());
    if (status.reveal_height && status.state == "waiting_for_maturity") out.pushKV("reveal_height", *status.reveal_height);
    if (!rec.failure.empty()) out.pushKV("failure", rec.failure);
    if (status.chain && status.state != "transferred" && status.state != "failed") {
        out.pushKV("expiry_height", status.chain->expiry_height);
        out.pushKV("blocks_to_expiry", std::max(0, status.chain->expiry_height - (status.tip_height + 1)));
        if (status.chain->home != consensus::Key{}) out.pushKV("home_node", KeyHex(status.chain->home));
        if (status.chain->identity != consensus::Key{}) out.pushKV("identity_key", KeyHex(status.chain->identity));
        if (status.chain->bound_node != consensus::Key{}) out.pushKV("bound_node", KeyHex(status.chain->bound_node));
    }
    UniValue warnings{UniValue::VARR};
    for (const std::string& w : status.warnings) warnings.push_back(w);
    out.pushKV("warnings", warnings);
    return out;
}

/** The handle argument as a registrable name, or the error that says why not. */
std::optional<rpc::RPCError> CheckHandleArg(const std::string& handle)
{
    switch (consensus::ClassifyHandle(handle)) {
    case consensus::HandleClass::NAME: return std::nullopt;
    case consensus::HandleClass::E164: return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, SyntaxErrorMessage("bad-handle-e164")};
    case consensus::HandleClass::INVALID: break;
    }
    return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Invalid handle \"" + handle + "\": " + SyntaxErrorMessage("bad-registry-handle")};
}

/** An optional key argument into `out`: omitted leaves it unset, "" is the zero key (clears the
 * field), anything else must be a key. */
std::optional<rpc::RPCError> ClearableKey(const std::optional<std::string>& hex, const std::string& name, std::optional<consensus::Key>& out)
{
    if (!hex) return std::nullopt;
    if (hex->empty()) {
        out = consensus::Key{};
        return std::nullopt;
    }
    auto key = ParseKeyArg(*hex, name);
    if (const auto* error = std::get_if<rpc::RPCError>(&key)) return *error;
    out = ToRegistryKey(std::get<XOnlyPubKey>(key));
    return std::nullopt;
}

/** Runs one handle update (updatehandle, renewhandle, transferhandle) and answers its txid. */
rpc::RPCResponse SendUpdate(WalletContext& context, const rpc::RPCArgs& args, const Wallet::HandleChange& change)
{
    std::shared_ptr<Wallet> wallet;
    if (auto error = LookupWallet(context, args, wallet)) return *error;
    const std::string handle = args.Arg<std::string>("handle");
    if (auto error = CheckHandleArg(handle)) return *error;
    if (auto error = EnsureUnlocked(*wallet)) return *error;
    auto fee = ParseFeeOptions(args);
    if (const auto* error = std::get_if<rpc::RPCError>(&fee)) return *error;
    auto res = wallet->UpdateHandle(handle, change, std::get<FeeOptions>(fee));
    if (const auto* failure = std::get_if<WalletFailure>(&res)) return ToRPCError(*failure);
    return UniValue{std::get<uint256>(res).GetHex()};
}

rpc::RPCMethod registerhandle(WalletContext* context)
{
    return {
        .name = "registerhandle",
        .category = "wallet",
        .description =
            "Registers a handle to a fresh owner key of this wallet. Sends the commitment now and signs the reveal (and, with\n"
            "home_node, the update that sets the home node) at once; the wallet holds them and broadcasts the reveal by itself\n"
            "once the commitment is commit_maturity blocks deep (6 on main, 2 on regtest), and the home update once the reveal\n"
            "is confirmed. This survives restarts and needs no unlock later. Burns the handle's fee (doc/registry.md).\n"
            "Follow it with listmyhandles. E.164 numbers are not registrable (see registernumber).\n"
            "Requires wallet passphrase to be set with walletpassphrase call if wallet is encrypted.",
        .args = {{"handle", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, HANDLE_HELP},
                 {"home_node", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::OMITTED, "The node key (64 hex) of an active node that will be the handle's home"},
                 CONF_TARGET, ESTIMATE_MODE, FEE_RATE},
        .result = STATUS_RESULT,
        .examples = {R"("alice")", R"("alice", "<node key>")"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            const std::string handle = args.Arg<std::string>("handle");
            if (auto error = CheckHandleArg(handle)) return *error;
            std::optional<XOnlyPubKey> home;
            if (const auto hex = args.MaybeArg<std::string>("home_node")) {
                auto key = ParseKeyArg(*hex, "home_node");
                if (const auto* error = std::get_if<rpc::RPCError>(&key)) return *error;
                home = std::get<XOnlyPubKey>(key);
            }
            if (auto error = EnsureUnlocked(*wallet)) return *error;
            auto fee = ParseFeeOptions(args);
            if (const auto* error = std::get_if<rpc::RPCError>(&fee)) return *error;
            auto res = wallet->RegisterHandle(handle, home, std::get<FeeOptions>(fee));
            if (const auto* failure = std::get_if<WalletFailure>(&res)) return ToRPCError(*failure);
            const auto status = wallet->GetHandleStatus(handle);
            if (!status) return WalletError("Error: the registration of " + handle + " was not recorded");
            return StatusToJSON(*status, wallet->Hrp());
        },
    };
}

rpc::RPCMethod listmyhandles(WalletContext* context)
{
    return {
        .name = "listmyhandles",
        .category = "wallet",
        .description = "Lists the handles this wallet owns or is registering, with their state on chain. A handle whose\n"
                       "registration ends within a twelfth of the handle lifetime carries a warning: renew it with renewhandle.",
        .args = {},
        .result = "[                 (json array) sorted by handle\n  " + STATUS_RESULT + ",\n  ...\n]",
        .examples = {""},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            wallet->BlockUntilSyncedToCurrentChain();
            UniValue out{UniValue::VARR};
            for (const auto& status : wallet->ListHandles()) out.push_back(StatusToJSON(status, wallet->Hrp()));
            return out;
        },
    };
}

rpc::RPCMethod updatehandle(WalletContext* context)
{
    return {
        .name = "updatehandle",
        .category = "wallet",
        .description = "Sets the home node and/or the identity key of a handle this wallet owns (an update signed by its owner key).\n"
                       "Requires wallet passphrase to be set with walletpassphrase call if wallet is encrypted.",
        .args = {{"handle", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, HANDLE_HELP},
                 {"home_node", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::OMITTED, "The node key (64 hex) of the new home node, \"\" to clear it"},
                 {"identity", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::OMITTED,
                  "The identity key (64 hex) to publish, \"new\" for a fresh key of this wallet's identity branch, \"\" to clear it"},
                 CONF_TARGET, ESTIMATE_MODE, FEE_RATE},
        .result = "\"hex\"    (string) the transaction id",
        .examples = {R"("alice", "<node key>")", R"("alice", null, "new")"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            Wallet::HandleChange change;
            const auto identity = args.MaybeArg<std::string>("identity");
            change.new_identity = identity == "new";
            if (auto error = ClearableKey(args.MaybeArg<std::string>("home_node"), "home_node", change.home)) return *error;
            if (!change.new_identity) {
                if (auto error = ClearableKey(identity, "identity", change.identity)) return *error;
            }
            if (!change.home && !change.identity && !change.new_identity) {
                return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Nothing to update: give home_node and/or identity"};
            }
            return SendUpdate(*context, args, change);
        },
    };
}

rpc::RPCMethod renewhandle(WalletContext* context)
{
    return {
        .name = "renewhandle",
        .category = "wallet",
        .description = "Renews a handle this wallet owns for another handle lifetime from the block that mines it (burns the\n"
                       "handle's fee again; renewals do not stack).\n"
                       "Requires wallet passphrase to be set with walletpassphrase call if wallet is encrypted.",
        .args = {{"handle", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, HANDLE_HELP}, CONF_TARGET, ESTIMATE_MODE, FEE_RATE},
        .result = "\"hex\"    (string) the transaction id",
        .examples = {R"("alice")"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            Wallet::HandleChange change;
            change.renew = true;
            return SendUpdate(*context, args, change);
        },
    };
}

rpc::RPCMethod transferhandle(WalletContext* context)
{
    return {
        .name = "transferhandle",
        .category = "wallet",
        .description = "Transfers a handle this wallet owns to a new owner key. The receiving wallet makes the key with\n"
                       "getnewhandlekey. The transfer clears the home node, the identity key and the binding.\n"
                       "Requires wallet passphrase to be set with walletpassphrase call if wallet is encrypted.",
        .args = {{"handle", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, HANDLE_HELP},
                 {"new_owner", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The new owner key (64 hex), from getnewhandlekey"},
                 CONF_TARGET, ESTIMATE_MODE, FEE_RATE},
        .result = "\"hex\"    (string) the transaction id",
        .examples = {R"("alice", "<owner key>")"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            auto key = ParseKeyArg(args.Arg<std::string>("new_owner"), "new_owner");
            if (const auto* error = std::get_if<rpc::RPCError>(&key)) return *error;
            Wallet::HandleChange change;
            change.new_owner = ToRegistryKey(std::get<XOnlyPubKey>(key));
            return SendUpdate(*context, args, change);
        },
    };
}

rpc::RPCMethod bindhandle(WalletContext* context)
{
    return {
        .name = "bindhandle",
        .category = "wallet",
        .description =
            "Binds a handle this wallet owns to a node (a presence binding: \"the handle is reached at this node\"), signed by\n"
            "the owner key. If the node is one of this wallet's nodes the node signs too and the binding is sent; otherwise\n"
            "the result carries the owner's signature for that node to countersign and submit.\n"
            "Requires wallet passphrase to be set with walletpassphrase call if wallet is encrypted.",
        .args = {{"handle", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, HANDLE_HELP},
                 {"node", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The node key (64 hex) of an active node"},
                 CONF_TARGET, ESTIMATE_MODE, FEE_RATE},
        .result = "{\n"
                  "  \"complete\" : true|false,  (boolean) whether the binding was sent\n"
                  "  \"txid\" : \"hex\",           (string, optional) the binding's transaction, when complete\n"
                  "  \"handle\" : \"str\", \"node\" : \"hex\", \"owner\" : \"hex\", \"seq\" : n,   the signed body\n"
                  "  \"owner_sig\" : \"hex\"       (string, optional) the owner's signature, when not complete\n"
                  "}",
        .examples = {R"("alice", "<node key>")"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            const std::string handle = args.Arg<std::string>("handle");
            if (auto error = CheckHandleArg(handle)) return *error;
            auto key = ParseKeyArg(args.Arg<std::string>("node"), "node");
            if (const auto* error = std::get_if<rpc::RPCError>(&key)) return *error;
            if (auto error = EnsureUnlocked(*wallet)) return *error;
            auto fee = ParseFeeOptions(args);
            if (const auto* error = std::get_if<rpc::RPCError>(&fee)) return *error;
            auto res = wallet->BindHandle(handle, ToRegistryKey(std::get<XOnlyPubKey>(key)), std::get<FeeOptions>(fee));
            if (const auto* failure = std::get_if<WalletFailure>(&res)) return ToRPCError(*failure);
            const auto& bound = std::get<Wallet::BindResult>(res);
            UniValue out{UniValue::VOBJ};
            out.pushKV("complete", bound.txid.has_value());
            if (bound.txid) out.pushKV("txid", bound.txid->GetHex());
            out.pushKV("handle", bound.body.handle);
            out.pushKV("node", KeyHex(bound.body.node));
            out.pushKV("owner", KeyHex(bound.body.owner));
            out.pushKV("seq", static_cast<int64_t>(bound.body.seq));
            if (bound.owner_sig) out.pushKV("owner_sig", HexStr(*bound.owner_sig));
            return out;
        },
    };
}

rpc::RPCMethod countersignbinding(WalletContext* context)
{
    return {
        .name = "countersignbinding",
        .category = "wallet",
        .description =
            "The node side of bindhandle to another operator's node: signs the binding with this wallet's node key, adds the\n"
            "owner's signature from the owner's bindhandle result and sends it. handle, node, owner, seq and owner_sig are\n"
            "that result's fields. The seq must still be the handle's next binding seq.\n"
            "Requires wallet passphrase to be set with walletpassphrase call if wallet is encrypted.",
        .args = {{"handle", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, HANDLE_HELP},
                 {"node", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The node key (64 hex): one of this wallet's nodes"},
                 {"owner", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The handle's owner key (64 hex), as bindhandle returned it"},
                 {"seq", rpc::RPCArg::Type::NUM, rpc::RPCArg::Optional::NO, "The binding's seq, as bindhandle returned it"},
                 {"owner_sig", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The owner's signature (128 hex), as bindhandle returned it"},
                 CONF_TARGET, ESTIMATE_MODE, FEE_RATE},
        .result = "\"hex\"    (string) the binding's transaction id",
        .examples = {R"("alice", "<node key>", "<owner key>", 1, "<owner_sig>")"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            const std::string handle = args.Arg<std::string>("handle");
            if (auto error = CheckHandleArg(handle)) return *error;
            auto node = ParseKeyArg(args.Arg<std::string>("node"), "node");
            if (const auto* error = std::get_if<rpc::RPCError>(&node)) return *error;
            auto owner = ParseKeyArg(args.Arg<std::string>("owner"), "owner");
            if (const auto* error = std::get_if<rpc::RPCError>(&owner)) return *error;
            const int64_t seq = args.Arg<int64_t>("seq");
            if (seq < 1 || seq > UINT32_MAX) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "seq out of range"};
            const auto sig_bytes = TryParseHex(args.Arg<std::string>("owner_sig"));
            consensus::Sig sig{};
            if (!sig_bytes || sig_bytes->size() != sig.size()) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "owner_sig must be 128 hex characters"};
            std::copy(sig_bytes->begin(), sig_bytes->end(), sig.begin());
            if (auto error = EnsureUnlocked(*wallet)) return *error;
            auto fee = ParseFeeOptions(args);
            if (const auto* error = std::get_if<rpc::RPCError>(&fee)) return *error;
            const consensus::BindingBody body{handle, ToRegistryKey(std::get<XOnlyPubKey>(node)), ToRegistryKey(std::get<XOnlyPubKey>(owner)),
                                             static_cast<uint32_t>(seq)};
            auto res = wallet->CountersignBinding(body, sig, std::get<FeeOptions>(fee));
            if (const auto* failure = std::get_if<WalletFailure>(&res)) return ToRPCError(*failure);
            return UniValue{std::get<uint256>(res).GetHex()};
        },
    };
}

rpc::RPCMethod getnewhandlekey(WalletContext* context)
{
    return {
        .name = "getnewhandlekey",
        .category = "wallet",
        .description = "Returns a fresh owner key of this wallet's handle branch: give it to transferhandle in the sending wallet.",
        .args = {},
        .result = "\"hex\"    (string) the x-only public key",
        .examples = {""},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            auto key = wallet->GetNewHandleKey();
            if (const auto* failure = std::get_if<WalletFailure>(&key)) return ToRPCError(*failure);
            return UniValue{HexStr(std::get<XOnlyPubKey>(key).bytes())};
        },
    };
}

rpc::RPCMethod registernumber(WalletContext* context)
{
    return {
        .name = "registernumber",
        .category = "wallet",
        .description = "Registers an E.164 number. Not available yet: numbers need attestation (public claims checked by drawn\n"
                       "verifiers), which does not exist yet. Until then numbers route to gateways by prefix: announce a prefix\n"
                       "of up to 6 digits with registernode.",
        .args = {{"number", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The number: \"+\" then 7-15 digits"}},
        .result = "(always an error until number attestation exists)",
        .examples = {R"("+4930123456")"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            const std::string number = args.Arg<std::string>("number");
            if (consensus::ClassifyHandle(number) != consensus::HandleClass::E164) {
                return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Invalid number \"" + number + "\": an E.164 number is \"+\" then 7-15 digits, the first not 0"};
            }
            return rpc::RPCError{rpc::RPC_WALLET_ERROR, "Number attestation does not exist yet: E.164 numbers cannot be registered. Numbers route "
                                              "to gateways by prefix (registernode prefixes, 1-6 digits)."};
        },
    };
}

} // namespace

void RegisterWalletHandleRPCCommands(rpc::RPCTable& table, WalletContext* context)
{
    for (const auto method : {registerhandle, listmyhandles, updatehandle, renewhandle, transferhandle, bindhandle, countersignbinding,
                              getnewhandlekey, registernumber}) {
        table.Register(method(context), context != nullptr);
    }
}

} // namespace wallet
