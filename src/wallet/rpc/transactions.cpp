// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// History RPCs: listtransactions, gettransaction, abandontransaction, rescanblockchain, abortrescan.

#include <wallet/rpc/util.h>

#include <rpc/amount.h>
#include <rpc/server.h>
#include <serialize.h>
#include <util/strencodings.h>

namespace wallet {

namespace {

/** The fields of a wallet transaction every entry carries (Bitcoin Core's WalletTxToJSON). */
void WalletTxToJSON(const Wallet& wallet, const WalletTx& wtx, int32_t tip_height, UniValue& entry)
{
    const int32_t depth = wtx.Depth(tip_height);
    entry.pushKV("confirmations", depth);
    if (wtx.IsCoinBase()) entry.pushKV("generated", true);
    if (depth == 0) entry.pushKV("trusted", wtx.from_me && wtx.IsInMempool());
    if (const auto* confirmed = std::get_if<TxStateConfirmed>(&wtx.state)) {
        entry.pushKV("blockhash", confirmed->block_hash.GetHex());
        entry.pushKV("blockheight", confirmed->height);
        entry.pushKV("blockindex", confirmed->position);
        entry.pushKV("blocktime", wtx.block_time);
    }
    entry.pushKV("txid", wtx.GetTxid().GetHex());
    entry.pushKV("wtxid", wtx.tx->GetWtxid().GetHex());
    entry.pushKV("kind", std::string{TxKindName(wtx.tx->kind)});
    UniValue conflicts{UniValue::VARR};
    if (const auto* conflicted = std::get_if<TxStateConflicted>(&wtx.state)) conflicts.push_back(conflicted->block_hash.GetHex());
    entry.pushKV("walletconflicts", conflicts);
    entry.pushKV("state", TxStateName(wtx.state));
    entry.pushKV("time", wtx.block_time != 0 ? std::min(wtx.block_time, wtx.time_received) : wtx.time_received);
    entry.pushKV("timereceived", wtx.time_received);
    if (!wtx.comment.empty()) entry.pushKV("comment", wtx.comment);
    if (!wtx.comment_to.empty()) entry.pushKV("to", wtx.comment_to);
    entry.pushKV("bip125-replaceable", "no");
    (void)wallet;
}

/** gettransaction's "decoded": the transaction's fields (decoderawtransaction's main ones). */
UniValue DecodedTxJSON(const CTransaction& tx, std::string_view hrp)
{
    UniValue out{UniValue::VOBJ};
    out.pushKV("txid", tx.GetTxid().GetHex());
    out.pushKV("hash", tx.GetWtxid().GetHex());
    out.pushKV("version", static_cast<int64_t>(tx.version));
    out.pushKV("kind", std::string{TxKindName(tx.kind)});
    out.pushKV("size", static_cast<uint64_t>(tx.GetTotalSize()));
    out.pushKV("locktime", static_cast<int64_t>(tx.locktime));
    UniValue vin{UniValue::VARR};
    for (const CTxIn& in : tx.vin) {
        UniValue entry{UniValue::VOBJ};
        entry.pushKV("txid", in.prevout.txid.GetHex());
        entry.pushKV("vout", int64_t{in.prevout.n});
        entry.pushKV("sequence", static_cast<int64_t>(in.sequence));
        vin.push_back(entry);
    }
    out.pushKV("vin", vin);
    UniValue vout{UniValue::VARR};
    for (uint32_t n = 0; n < tx.vout.size(); ++n) {
        UniValue entry{UniValue::VOBJ};
        entry.pushKV("value", rpc::ValueFromAmount(tx.vout[n].value));
        entry.pushKV("n", int64_t{n});
        entry.pushKV("address", EncodeAddress(tx.vout[n].lock, hrp));
        vout.push_back(entry);
    }
    out.pushKV("vout", vout);
    out.pushKV("payload", HexStr(tx.payload));
    return out;
}

UniValue EntryToJSON(const TxEntry& e, bool abandoned)
{
    UniValue entry{UniValue::VOBJ};
    if (e.address) entry.pushKV("address", *e.address);
    entry.pushKV("category", e.category);
    entry.pushKV("amount", rpc::ValueFromAmount(e.amount));
    if (e.label) entry.pushKV("label", *e.label);
    if (e.vout) entry.pushKV("vout", int64_t{*e.vout});
    if (e.fee) entry.pushKV("fee", rpc::ValueFromAmount(*e.fee));
    if (e.handle) entry.pushKV("handle", *e.handle);
    if (e.node) entry.pushKV("node", *e.node);
    if (e.category != "receive" && e.category != "generate" && e.category != "immature" && e.category != "orphan") {
        entry.pushKV("abandoned", abandoned);
    }
    return entry;
}

rpc::RPCMethod listtransactions(WalletContext* context)
{
    return {
        .name = "listtransactions",
        .category = "wallet",
        .description = "If a label name is provided, this will return only incoming transactions paying to addresses with the specified label.\n"
                       "Returns up to 'count' most recent transactions skipping the first 'from' transactions.\n"
                       "Besides Bitcoin Core's categories (send, receive, generate, immature, orphan), registry transactions appear with "
                       "their own: handle_commit, handle_register, handle_renew, handle_update, handle_transfer, handle_bind, "
                       "node_register, node_update, node_deregister, deposit, deposit_release, node_withdraw, settlement, probe_receipts.",
        .args = {{"label", rpc::RPCArg::Type::STR, rpc::RPCArg::DefaultHint{"*"}, "If set, should be a valid label name to return only incoming transactions with the specified label, or \"*\" to disable filtering and return all transactions."},
                 {"count", rpc::RPCArg::Type::NUM, rpc::RPCArg::Default{10}, "The number of transactions to return"},
                 {"skip", rpc::RPCArg::Type::NUM, rpc::RPCArg::Default{0}, "The number of transactions to skip"},
                 {"include_watchonly", rpc::RPCArg::Type::BOOL, rpc::RPCArg::Default{false}, "No effect"}},
        .result = "[ {\n"
                  "    \"address\" : \"str\", \"category\" : \"str\", \"amount\" : n, \"label\" : \"str\", \"vout\" : n, \"fee\" : n,\n"
                  "    \"handle\" : \"str\", \"node\" : \"hex\" (registry entries), \"abandoned\" : true|false,\n"
                  "    \"confirmations\" : n, \"trusted\" : true|false, \"blockhash\" : \"hex\", \"blockheight\" : n, \"blockindex\" : n,\n"
                  "    \"blocktime\" : xxx, \"txid\" : \"hex\", \"wtxid\" : \"hex\", \"kind\" : \"str\", \"walletconflicts\" : [ \"hex\" ],\n"
                  "    \"state\" : \"str\" (confirmed, mempool, conflicted, inactive, abandoned), \"time\" : xxx, \"timereceived\" : xxx,\n"
                  "    \"comment\" : \"str\", \"bip125-replaceable\" : \"no\"\n"
                  "}, ... ]",
        .examples = {"", R"("*", 20, 100)"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            const auto label = args.MaybeArg<std::string>("label");
            const int64_t count = args.Arg<int64_t>("count");
            const int64_t skip = args.Arg<int64_t>("skip");
            if (count < 0) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Negative count"};
            if (skip < 0) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Negative from"};
            wallet->BlockUntilSyncedToCurrentChain();
            const auto [txs, tip] = wallet->ListWalletTxs();
            std::vector<UniValue> entries;
            for (const WalletTx& wtx : txs) {
                for (const TxEntry& e : wallet->GetTxEntries(wtx)) {
                    if (label && *label != "*" && (e.category != "receive" || e.label.value_or("") != *label)) continue;
                    UniValue entry = EntryToJSON(e, wtx.IsAbandoned());
                    WalletTxToJSON(*wallet, wtx, tip, entry);
                    entries.push_back(std::move(entry));
                }
            }
            const size_t end = entries.size() > static_cast<size_t>(skip) ? entries.size() - static_cast<size_t>(skip) : 0;
            const size_t begin = end > static_cast<size_t>(count) ? end - static_cast<size_t>(count) : 0;
            UniValue out{UniValue::VARR};
            for (size_t i = begin; i < end; ++i) out.push_back(std::move(entries[i]));
            return out;
        },
    };
}

rpc::RPCMethod gettransaction(WalletContext* context)
{
    return {
        .name = "gettransaction",
        .category = "wallet",
        .description = "Get detailed information about in-wallet transaction <txid>",
        .args = {{"txid", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The transaction id"},
                 {"include_watchonly", rpc::RPCArg::Type::BOOL, rpc::RPCArg::Default{false}, "No effect"},
                 {"verbose", rpc::RPCArg::Type::BOOL, rpc::RPCArg::Default{false}, "Whether to include a `decoded` field containing the decoded transaction (equivalent to RPC decoderawtransaction)"}},
        .result = "{\n"
                  "  \"amount\" : n,     (numeric) The amount in DOTS (credit - debit, without the fee)\n"
                  "  \"fee\" : n,        (numeric, optional) The amount of the fee in DOTS (negative), for transactions the wallet paid\n"
                  "  ... the fields of listtransactions ...,\n"
                  "  \"details\" : [ { \"address\", \"category\", \"amount\", \"label\", \"vout\", \"fee\", \"abandoned\" }, ... ],\n"
                  "  \"hex\" : \"hex\",      (string) Raw data for transaction\n"
                  "  \"decoded\" : { ... } (json object, optional) The decoded transaction (only present when `verbose` is passed)\n"
                  "}",
        .examples = {R"("<txid>")", R"("<txid>", true, true)"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            const auto txid = uint256::FromHex(args.Arg<std::string>("txid"));
            if (!txid) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "txid must be of length 64 (not a valid hexadecimal hash)"};
            wallet->BlockUntilSyncedToCurrentChain();
            const auto wtx = wallet->GetWalletTx(*txid);
            if (!wtx) return rpc::RPCError{rpc::RPC_INVALID_ADDRESS_OR_KEY, "Invalid or non-wallet transaction id"};
            const Wallet::TxAmounts amounts = wallet->GetTxAmounts(*wtx);
            const bool from_me = amounts.debit > 0 || wtx->from_me;
            UniValue out{UniValue::VOBJ};
            const CAmount fee = from_me && amounts.fee_known ? amounts.fee : 0;
            out.pushKV("amount", rpc::ValueFromAmount(amounts.credit - amounts.debit + (from_me ? fee : 0)));
            if (from_me && amounts.fee_known) out.pushKV("fee", rpc::ValueFromAmount(-fee));
            WalletTxToJSON(*wallet, *wtx, wallet->TipHeight(), out);
            UniValue details{UniValue::VARR};
            for (const TxEntry& e : wallet->GetTxEntries(*wtx)) details.push_back(EntryToJSON(e, wtx->IsAbandoned()));
            out.pushKV("details", details);
            out.pushKV("hex", HexStr(Encode(*wtx->tx)));
            if (args.Arg<bool>("verbose")) out.pushKV("decoded", DecodedTxJSON(*wtx->tx, wallet->Hrp()));
            return out;
        },
    };
}

rpc::RPCMethod abandontransaction(WalletContext* context)
{
    return {
        .name = "abandontransaction",
        .category = "wallet",
        .description = "Mark in-wallet transaction <txid> as abandoned\n"
                       "This will mark this transaction and all its in-wallet descendants as abandoned which will allow\n"
                       "for their inputs to be respent.  It can be used to replace \"stuck\" or evicted transactions.\n"
                       "It only works on transactions which are not included in a block and are not currently in the mempool.\n"
                       "It has no effect on transactions which are already abandoned.",
        .args = {{"txid", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The transaction id"}},
        .result = "null    (json null)",
        .examples = {R"("<txid>")"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            const auto txid = uint256::FromHex(args.Arg<std::string>("txid"));
            if (!txid) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "txid must be of length 64 (not a valid hexadecimal hash)"};
            wallet->BlockUntilSyncedToCurrentChain();
            auto res = wallet->AbandonTransaction(*txid);
            if (const auto* failure = std::get_if<WalletFailure>(&res)) return ToRPCError(*failure);
            return UniValue{};
        },
    };
}

rpc::RPCMethod rescanblockchain(WalletContext* context)
{
    return {
        .name = "rescanblockchain",
        .category = "wallet",
        .description = "Rescan the local blockchain for wallet related transactions: coins, and the handles and nodes the wallet's keys own.\n"
                       "Note: Use \"getwalletinfo\" to query the scanning progress.",
        .args = {{"start_height", rpc::RPCArg::Type::NUM, rpc::RPCArg::Default{0}, "block height where the rescan should start"},
                 {"stop_height", rpc::RPCArg::Type::NUM, rpc::RPCArg::Optional::OMITTED, "the last block height that should be scanned. If none is provided it will rescan up to the tip at return time of this call."}},
        .result = "{\n  \"start_height\" : n,     (numeric) The block height where the rescan started (the requested height or 0)\n"
                  "  \"stop_height\" : n       (numeric) The height of the last rescanned block.\n}",
        .examples = {"", "100000, 120000"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            const int64_t start = args.Arg<int64_t>("start_height");
            const auto stop = args.MaybeArg<int64_t>("stop_height");
            if (start < 0 || start > INT32_MAX) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Invalid start_height"};
            if (stop && (*stop < 0 || *stop > INT32_MAX)) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Invalid stop_height"};
            if (stop && *stop < start) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "stop_height must be greater than start_height"};
            auto res = wallet->Rescan(static_cast<int32_t>(start), stop ? std::optional<int32_t>{static_cast<int32_t>(*stop)} : std::nullopt);
            if (!res) {
                const std::string& message = res.error();
                if (message.starts_with("Invalid")) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, message};
                return rpc::RPCError{rpc::RPC_MISC_ERROR, message};
            }
            UniValue out{UniValue::VOBJ};
            out.pushKV("start_height", start);
            out.pushKV("stop_height", *res);
            return out;
        },
    };
}

rpc::RPCMethod abortrescan(WalletContext* context)
{
    return {
        .name = "abortrescan",
        .category = "wallet",
        .description = "Stops current wallet rescan triggered by an RPC call, e.g. by an importdescriptors or rescanblockchain call.\n"
                       "Note: Use \"getwalletinfo\" to query the scanning progress.",
        .args = {},
        .result = "true|false    (boolean) Whether the abort was successful",
        .examples = {""},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            if (!wallet->IsScanning()) return UniValue{false};
            wallet->AbortRescan();
            return UniValue{true};
        },
    };
}

} // namespace

void RegisterWalletTransactionRPCCommands(rpc::RPCTable& table, WalletContext* context)
{
    for (const auto method : {listtransactions, gettransaction, abandontransaction, rescanblockchain, abortrescan}) {
        table.Register(method(context), context != nullptr);
    }
}

} // namespace wallet
