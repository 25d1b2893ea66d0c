// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// SIP credential RPCs: setsipcredential, removesipcredential (doc/wallet.md "SIP credentials").
//
// One command for the user, declared here and nowhere else: with a wallet loaded the Digest
// credential (HA1 values, never the password) is kept in that wallet's file and given to the
// registrar at every load, so it survives restarts, and only for a handle whose calls reach this
// node: homed at or bound to one of the wallet's nodes (owning it is not enough). With no wallet loaded
// (or -disablewallet) it lives in the registrar's memory until dotsd stops, as quick regtest
// setups (contrib/demo.sh, the SIP tests and benchmarks) use it.

#include <wallet/rpc/util.h>

#include <consensus/registry_names.h>
#include <interfaces/sip_credentials.h>
#include <rpc/server.h>
#include <util/time.h>

namespace wallet {

namespace {

constexpr size_t MIN_PASSWORD_LENGTH = 8;
constexpr size_t MAX_PASSWORD_LENGTH = 1024;

const std::string HANDLE_SYNTAX =
    "a handle is a lowercase name matching [a-z0-9][a-z0-9._-]{1,30}[a-z0-9] with a letter, or an E.164 number (\"+\" then 7-15 digits)";

bool IsSipHandle(const std::string& handle) { return consensus::ClassifyHandle(handle) != consensus::HandleClass::INVALID; }

/** The wallet a credential call addresses: the URI's or the only loaded one; none when no wallet
 * is loaded and the URI names none (the credential is then kept in memory only). */
std::variant<std::shared_ptr<Wallet>, rpc::RPCError> CredentialWallet(WalletContext* context, const rpc::RPCArgs& args)
{
    if (context == nullptr || (!args.WalletName() && context->GetWallets().empty())) return std::shared_ptr<Wallet>{};
    return GetWalletForRequest(*context, args);
}

rpc::RPCMethod setsipcredential(WalletContext* context, interfaces::SipCredentials* sip)
{
    return {
        .name = "setsipcredential",
        .category = "sip",
        .description =
            "Sets the SIP Digest password of a handle on this node, so that standard SIP clients can register it here\n"
            "(username = the handle, realm = this node's SIP domain). Only the Digest hashes (HA1 for SHA-256 and MD5) are\n"
            "kept, never the password. Replaces an earlier credential of the handle; existing registrations stay.\n"
            "With a wallet loaded (-rpcwallet with several), the handle must be homed at or bound to one of that wallet's nodes\n"
            "(owning it is not enough: calls reach a handle at its node), and the credential is kept in the wallet file: it\n"
            "survives restarts. An encrypted wallet keeps the hashes encrypted and must be unlocked (walletpassphrase); after a\n"
            "restart it gives them to the registrar at its first unlock, and the registrar keeps them when it locks again.\n"
            "With no wallet loaded it is kept in memory until dotsd stops (\"persistent\": false).",
        .args = {{"handle", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The handle: " + HANDLE_SYNTAX},
                 {"password", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The Digest password, at least 8 characters"}},
        .result = "{\n"
                  "  \"handle\" : \"str\",         (string) the handle\n"
                  "  \"realm\" : \"str\",          (string) the realm the hashes are for\n"
                  "  \"persistent\" : true|false, (boolean) kept in a wallet file across restarts\n"
                  "  \"wallet\" : \"str\",         (string, optional) the wallet that keeps it\n"
                  "  \"warnings\" : [\"str\",...]  (json array) e.g. that it lasts only until dotsd stops\n"
                  "}",
        .examples = {R"("alice", "correct horse battery")"},
        .handler = [context, sip](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            const std::string handle = args.Arg<std::string>("handle");
            const SecureString password = ToSecure(args.Arg<std::string>("password"));
            if (!IsSipHandle(handle)) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Invalid handle \"" + handle + "\": " + HANDLE_SYNTAX};
            if (password.size() < MIN_PASSWORD_LENGTH) {
                return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Password too short: at least 8 characters are required"};
            }
            if (password.size() > MAX_PASSWORD_LENGTH || password.find('\0') != SecureString::npos) {
                return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Password too long or contains a NUL character"};
            }
            auto lookup = CredentialWallet(context, args);
            if (const auto* error = std::get_if<rpc::RPCError>(&lookup)) return *error;
            const std::shared_ptr<Wallet> wallet = std::get<std::shared_ptr<Wallet>>(lookup);
            if (wallet) {
                if (auto why = wallet->WhyNotServed(handle)) return rpc::RPCError{rpc::RPC_WALLET_ERROR, *why};
            }
            const interfaces::SipHa1 ha1 = sip->ComputeHa1(handle, std::string_view{password.data(), password.size()});
            UniValue out{UniValue::VOBJ};
            UniValue warnings{UniValue::VARR};
            if (wallet) {
                SipCredential credential{handle, sip->Realm(), ha1.md5, ha1.sha256, {}, GetTime()};
                auto res = wallet->SetSipCredential(std::move(credential));
                if (const auto* failure = std::get_if<WalletFailure>(&res)) return ToRPCError(*failure);
            } else {
                warnings.push_back("No wallet is loaded: the credential is kept in memory until dotsd stops. Load the wallet that "
                                   "owns the handle (or its node) and set it again to keep it across restarts.");
            }
            if (!sip->Set(handle, ha1)) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "The SIP registrar refused handle " + handle};
            out.pushKV("handle", handle);
            out.pushKV("realm", sip->Realm());
            out.pushKV("persistent", wallet != nullptr);
            if (wallet) out.pushKV("wallet", wallet->Name());
            out.pushKV("warnings", warnings);
            return out;
        },
    };
}

rpc::RPCMethod removesipcredential(WalletContext* context, interfaces::SipCredentials* sip)
{
    return {
        .name = "removesipcredential",
        .category = "sip",
        .description = "Removes the SIP Digest credential of a handle from this node (and from the wallet that keeps it). Clients\n"
                       "registered with it stay registered until their registrations expire; new ones are refused.",
        .args = {{"handle", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The handle"}},
        .result = "true|false    (boolean) whether the handle had a credential",
        .examples = {R"("alice")"},
        .handler = [context, sip](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            const std::string handle = args.Arg<std::string>("handle");
            if (!IsSipHandle(handle)) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Invalid handle \"" + handle + "\": " + HANDLE_SYNTAX};
            auto lookup = CredentialWallet(context, args);
            if (const auto* error = std::get_if<rpc::RPCError>(&lookup)) return *error;
            bool had = false;
            if (const std::shared_ptr<Wallet> wallet = std::get<std::shared_ptr<Wallet>>(lookup)) {
                auto res = wallet->RemoveSipCredential(handle);
                if (!res) return rpc::RPCError{rpc::RPC_DATABASE_ERROR, res.error()};
                had = *res;
            }
            had = sip->Remove(handle) || had;
            return UniValue{had};
        },
    };
}

} // namespace

void RegisterWalletSipRPCCommands(rpc::RPCTable& table, WalletContext* context, interfaces::SipCredentials* sip)
{
    for (const auto method : {setsipcredential, removesipcredential}) table.Register(method(context, sip), sip != nullptr);
}

} // namespace wallet
