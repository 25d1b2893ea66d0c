// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Sending RPCs: sendtoaddress, sendmany.

#include <wallet/rpc/util.h>

#include <rpc/amount.h>
#include <rpc/server.h>
#include <util/strencodings.h>

#include <set>

namespace wallet {

namespace {

const rpc::RPCArg VERBOSE{"verbose", rpc::RPCArg::Type::BOOL, rpc::RPCArg::Default{false}, "If true, return extra information about the transaction."};

/** Builds, commits and reports one send. */
rpc::RPCResponse Send(Wallet& wallet, TxRequest request, const FeeOptions& fee, const std::string& comment,
                 const std::string& comment_to, bool verbose)
{
    wallet.BlockUntilSyncedToCurrentChain();
    auto created = wallet.CreateTransaction(request, fee);
    if (const auto* failure = std::get_if<WalletFailure>(&created)) return ToRPCError(*failure);
    const CreatedTx& tx = std::get<CreatedTx>(created);
    auto committed = wallet.CommitTransaction(tx, comment, comment_to);
    if (const auto* failure = std::get_if<WalletFailure>(&committed)) return ToRPCError(*failure);
    const uint256 txid = std::get<uint256>(committed);
    if (!verbose) return UniValue{txid.GetHex()};
    UniValue out{UniValue::VOBJ};
    out.pushKV("txid", txid.GetHex());
    out.pushKV("fee_reason", tx.fee_reason);
    out.pushKV("fee", rpc::ValueFromAmount(tx.fee));
    return out;
}

rpc::RPCMethod sendtoaddress(WalletContext* context)
{
    return {
        .name = "sendtoaddress",
        .category = "wallet",
        .description = "Send an amount to a given address.\n"
                       "Requires wallet passphrase to be set with walletpassphrase call if wallet is encrypted.",
        .args = {{"address", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The DOTS address to send to."},
                 {"amount", rpc::RPCArg::Type::AMOUNT, rpc::RPCArg::Optional::NO, "The amount in DOTS to send. eg 0.1"},
                 {"comment", rpc::RPCArg::Type::STR, rpc::RPCArg::Default{""}, "A comment used to store what the transaction is for. This is not part of the transaction, just kept in your wallet."},
                 {"comment_to", rpc::RPCArg::Type::STR, rpc::RPCArg::Default{""}, "A comment to store the name of the person or organization to which you're sending the transaction."},
                 {"subtractfeefromamount", rpc::RPCArg::Type::BOOL, rpc::RPCArg::Default{false}, "The fee will be deducted from the amount being sent. The recipient will receive less DOTS than you enter in the amount field."},
                 {"replaceable", rpc::RPCArg::Type::BOOL, rpc::RPCArg::Default{true}, "Signal that this transaction can be replaced by a transaction with a higher fee (DOTS wallets always signal)"},
                 CONF_TARGET, ESTIMATE_MODE,
                 {"avoid_reuse", rpc::RPCArg::Type::BOOL, rpc::RPCArg::Default{false}, "No effect"},
                 FEE_RATE, VERBOSE},
        .result = "\"hex\"    (string) The transaction id (or {\"txid\", \"fee_reason\", \"fee\"} with verbose)",
        .examples = {R"("<address>", 0.1)", R"("<address>", 0.1, "donation", "seans outpost")"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            const auto decoded = DecodeAddress(args.Arg<std::string>("address"), wallet->Hrp());
            if (!decoded) return rpc::RPCError{rpc::RPC_INVALID_ADDRESS_OR_KEY, "Invalid address: " + std::string{AddressErrorString(decoded.error)}};
            const CAmount amount = args.Arg<int64_t>("amount");
            if (amount <= 0) return rpc::RPCError{rpc::RPC_TYPE_ERROR, "Invalid amount for send"};
            auto fee = ParseFeeOptions(args);
            if (const auto* error = std::get_if<rpc::RPCError>(&fee)) return *error;
            TxRequest request;
            request.recipients.push_back(Recipient{decoded.lock, amount, args.Arg<bool>("subtractfeefromamount")});
            return Send(*wallet, std::move(request), std::get<FeeOptions>(fee), args.Arg<std::string>("comment"),
                        args.Arg<std::string>("comment_to"), args.Arg<bool>("verbose"));
        },
    };
}

rpc::RPCMethod sendmany(WalletContext* context)
{
    return {
        .name = "sendmany",
        .category = "wallet",
        .description = "Send multiple times. Amounts are double-precision floating point numbers.\n"
                       "Requires wallet passphrase to be set with walletpassphrase call if wallet is encrypted.",
        .args = {{"dummy", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "Must be set to \"\" for backwards compatibility."},
                 {"amounts", rpc::RPCArg::Type::OBJ, rpc::RPCArg::Optional::NO, "The addresses and amounts: {\"address\": amount, ...}"},
                 {"minconf", rpc::RPCArg::Type::NUM, rpc::RPCArg::Default{0}, "Only use the balance confirmed at least this many times."},
                 {"comment", rpc::RPCArg::Type::STR, rpc::RPCArg::Default{""}, "A comment"},
                 {"subtractfeefrom", rpc::RPCArg::Type::ARR, rpc::RPCArg::Default{UniValue{UniValue::VARR}}, "The addresses from whose amounts the fee is taken, equally"},
                 {"replaceable", rpc::RPCArg::Type::BOOL, rpc::RPCArg::Default{true}, "Signal that this transaction can be replaced (DOTS wallets always signal)"},
                 CONF_TARGET, ESTIMATE_MODE, FEE_RATE, VERBOSE},
        .result = "\"hex\"    (string) The transaction id (or {\"txid\", \"fee_reason\", \"fee\"} with verbose)",
        .examples = {R"("", {"<address1>": 0.01, "<address2>": 0.02})"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            if (!args.Arg<std::string>("dummy").empty()) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Dummy value must be set to \"\""};
            const int64_t minconf = args.Arg<int64_t>("minconf");
            if (minconf < 0) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Invalid minconf"};
            std::set<std::string> subtract;
            const UniValue from = args.Arg<UniValue>("subtractfeefrom");
            for (size_t i = 0; i < from.size(); ++i) {
                if (from[i].isStr()) subtract.insert(from[i].get_str());
            }
            auto fee = ParseFeeOptions(args);
            if (const auto* error = std::get_if<rpc::RPCError>(&fee)) return *error;
            TxRequest request;
            request.min_depth = static_cast<int>(std::min<int64_t>(minconf, 1'000'000));
            const UniValue amounts = args.Arg<UniValue>("amounts");
            if (amounts.empty()) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Transaction must have at least one recipient"};
            std::set<std::string> seen;
            for (const std::string& address : amounts.getKeys()) {
                const auto decoded = DecodeAddress(address, wallet->Hrp());
                if (!decoded) return rpc::RPCError{rpc::RPC_INVALID_ADDRESS_OR_KEY, "Invalid DOTS address: " + address};
                if (!seen.insert(address).second) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Invalid parameter, duplicated address: " + address};
                const auto amount = rpc::AmountFromValue(amounts[address]);
                if (const auto* error = std::get_if<rpc::RPCError>(&amount)) return *error;
                if (std::get<CAmount>(amount) <= 0) return rpc::RPCError{rpc::RPC_TYPE_ERROR, "Invalid amount for send"};
                request.recipients.push_back(Recipient{decoded.lock, std::get<CAmount>(amount), subtract.count(address) > 0});
            }
            for (const std::string& address : subtract) {
                if (!seen.count(address)) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Invalid parameter 'subtract fee from output', the address is not an output: " + address};
            }
            return Send(*wallet, std::move(request), std::get<FeeOptions>(fee), args.Arg<std::string>("comment"), "",
                        args.Arg<bool>("verbose"));
        },
    };
}

} // namespace

void RegisterWalletSpendRPCCommands(rpc::RPCTable& table, WalletContext* context)
{
    for (const auto method : {sendtoaddress, sendmany}) table.Register(method(context), context != nullptr);
}

} // namespace wallet
