// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Voucher RPCs: signvoucher (the originating node's wallet), addvoucher and settlevouchers (the
// terminating node's wallet), listreceipts (either); doc/wallet.md "Vouchers", doc/registry.md "Deposits, vouchers,
// settlements, debts".

#include <wallet/rpc/util.h>

#include <consensus/registry_payload.h>
#include <rpc/amount.h>
#include <rpc/protocol.h>
#include <rpc/server.h>
#include <util/format.h>
#include <util/strencodings.h>

#include <limits>

namespace wallet {

/** Raw bytes of a 32-byte value in hex, as they are signed (not uint256's reversed display). */
static std::string RawHex(const uint256& value) { return HexStr(value.span()); }

UniValue VoucherJSON(const SignedVoucher& voucher)
{
    UniValue out{UniValue::VOBJ};
    out.pushKV("hex", HexStr(EncodeVoucher(voucher)));
    out.pushKV("orig", HexStr(voucher.orig));
    out.pushKV("term", HexStr(voucher.term));
    out.pushKV("epoch", static_cast<uint64_t>(voucher.entry.epoch));
    out.pushKV("seconds", voucher.entry.seconds);
    out.pushKV("rate", rpc::ValueFromAmount(voucher.entry.rate));
    out.pushKV("amount", rpc::ValueFromAmount(consensus::VoucherAmount(voucher.entry.seconds, voucher.entry.rate).value_or(0)));
    out.pushKV("receipts_root", RawHex(voucher.entry.receipts_root));
    out.pushKV("orig_nonce", RawHex(voucher.entry.orig_nonce));
    out.pushKV("term_nonce", RawHex(voucher.entry.term_nonce));
    return out;
}

extern const std::string VOUCHER_JSON_HELP =
    "    \"hex\" : \"hex\",          (string) the voucher (orig, term, epoch, seconds, rate, receipts_root, orig_nonce,\n"
    "                              term_nonce, O's signature: 244 bytes) to hand to the terminating node's addvoucher\n"
    "    \"orig\" : \"hex\",         (string) the originating node (it signed)\n"
    "    \"term\" : \"hex\",         (string) the terminating node (it is paid)\n"
    "    \"epoch\" : n,            (numeric) the settlement epoch (floor(height / settle_epoch))\n"
    "    \"seconds\" : n,          (numeric) cumulative billable seconds of the pair in the epoch\n"
    "    \"rate\" : n,             (numeric) DOTS per 60 seconds\n"
    "    \"amount\" : n,           (numeric) floor(seconds x rate / 60): what a settlement pays in total for the epoch\n"
    "    \"receipts_root\" : \"hex\", \"orig_nonce\" : \"hex\", \"term_nonce\" : \"hex\"  (string) 32 bytes each\n";

namespace {

/** 64 hex digits -> 32 raw bytes; RPC_INVALID_PARAMETER naming the argument otherwise. */
std::variant<uint256, rpc::RPCError> ParseBytes32(const std::string& hex, const std::string& name)
{
    const auto bytes = hex.size() == 64 ? TryParseHex(hex) : std::nullopt;
    if (!bytes) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, name + " must be 32 bytes in hex (64 hex digits)"};
    uint256 out;
    std::copy(bytes->begin(), bytes->end(), out.data());
    return out;
}

/** The "epoch" argument: a settlement epoch (u32). */
std::variant<uint32_t, rpc::RPCError> ParseEpoch(const rpc::RPCArgs& args)
{
    const int64_t epoch = args.Arg<int64_t>("epoch");
    if (epoch < 0 || epoch > std::numeric_limits<uint32_t>::max()) {
        return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "epoch must be between 0 and 4294967295"};
    }
    return static_cast<uint32_t>(epoch);
}

/** from_node, or the wallet's only node (the originating node of signvoucher). */
std::variant<XOnlyPubKey, rpc::RPCError> OwnNode(const Wallet& wallet, const std::optional<std::string>& hex, const std::string& name)
{
    if (hex) return ParseKeyArg(*hex, name);
    const auto nodes = wallet.ListNodes();
    if (nodes.size() == 1) return nodes.front().key;
    if (nodes.empty()) return rpc::RPCError{rpc::RPC_WALLET_ERROR, "This wallet has no node: register one with registernode"};
    return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "This wallet has several nodes: name one with " + name};
}

rpc::RPCMethod signvoucher(WalletContext* context)
{
    return {
        .name = "signvoucher",
        .category = "wallet",
        .description = "Signs, with the key of this wallet's originating node, a voucher for the calls another node (term)\n"
                       "terminated for it in a settlement epoch: the cumulative billable seconds of the pair in that epoch\n"
                       "and the rate. Hand the hex to the terminating node's operator (addvoucher); a settlement pays\n"
                       "floor(seconds x rate / 60) from this node's deposit (depositfor). Vouchers are cumulative: a later\n"
                       "voucher of the same pair and epoch must count at least the seconds and amount of the last one\n"
                       "signed, and supersedes it. The wallet records the highest it signed (listmynodes \"vouchers\").\n"
                       "Requires wallet passphrase to be set with walletpassphrase call if wallet is encrypted.",
        .args = {{"term", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The terminating node's key (64 hex)"},
                 {"epoch", rpc::RPCArg::Type::NUM, rpc::RPCArg::Optional::NO, "The settlement epoch: floor(height / settle_epoch), not past the next block's"},
                 {"seconds", rpc::RPCArg::Type::NUM, rpc::RPCArg::Optional::NO, "Cumulative billable seconds of the pair's calls in the epoch"},
                 {"rate", rpc::RPCArg::Type::AMOUNT, rpc::RPCArg::DefaultHint{"term's rate in effect for the epoch on chain"},
                  "DOTS per 60 billable seconds (a changed rate takes effect one full epoch after it is mined)"},
                 {"from_node", rpc::RPCArg::Type::STR, rpc::RPCArg::DefaultHint{"the wallet's only node"}, "The originating node of this wallet"},
                 {"receipts_root", rpc::RPCArg::Type::STR_HEX, rpc::RPCArg::DefaultHint{"32 zero bytes"},
                  "Merkle root of the per-call receipts the two nodes keep (64 hex; the chain does not read it)"},
                 {"term_nonce", rpc::RPCArg::Type::STR_HEX, rpc::RPCArg::DefaultHint{"the epoch's previous voucher's, else 32 zero bytes"},
                  "The terminating node's 32 random bytes for the epoch (64 hex)"}},
        .result = "{\n" + VOUCHER_JSON_HELP + "}",
        .examples = {R"("<term node key>", 1234, 600)", R"("<term node key>", 1234, 900, 0.01)"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            auto term = ParseKeyArg(args.Arg<std::string>("term"), "term");
            if (const auto* error = std::get_if<rpc::RPCError>(&term)) return *error;
            auto orig = OwnNode(*wallet, args.MaybeArg<std::string>("from_node"), "from_node");
            if (const auto* error = std::get_if<rpc::RPCError>(&orig)) return *error;
            auto epoch = ParseEpoch(args);
            if (const auto* error = std::get_if<rpc::RPCError>(&epoch)) return *error;
            const int64_t seconds = args.Arg<int64_t>("seconds");
            if (seconds <= 0) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "seconds must be above 0"};
            Wallet::VoucherRequest request;
            request.orig = std::get<XOnlyPubKey>(orig);
            request.term = ToRegistryKey(std::get<XOnlyPubKey>(term));
            request.epoch = std::get<uint32_t>(epoch);
            request.seconds = static_cast<uint64_t>(seconds);
            request.rate = args.MaybeArg<int64_t>("rate");
            if (const auto root = args.MaybeArg<std::string>("receipts_root")) {
                auto parsed = ParseBytes32(*root, "receipts_root");
                if (const auto* error = std::get_if<rpc::RPCError>(&parsed)) return *error;
                request.receipts_root = std::get<uint256>(parsed);
            }
            if (const auto nonce = args.MaybeArg<std::string>("term_nonce")) {
                auto parsed = ParseBytes32(*nonce, "term_nonce");
                if (const auto* error = std::get_if<rpc::RPCError>(&parsed)) return *error;
                request.term_nonce = std::get<uint256>(parsed);
            }
            if (auto error = EnsureUnlocked(*wallet)) return *error;
            auto res = wallet->SignVoucher(request);
            if (const auto* failure = std::get_if<WalletFailure>(&res)) return ToRPCError(*failure);
            return VoucherJSON(std::get<SignedVoucher>(res));
        },
    };
}

rpc::RPCMethod addvoucher(WalletContext* context)
{
    return {
        .name = "addvoucher",
        .category = "wallet",
        .description = "Stores a voucher that an originating node signed for one of this wallet's nodes (the terminating node):\n"
                       "checks O's signature for this chain and the amount, and keeps the highest voucher of each pair and epoch\n"
                       "in the wallet file. Adding the same voucher again changes nothing; a voucher not higher than the stored\n"
                       "one is refused. settlevouchers turns the stored vouchers into settlements. Works while the wallet is locked.",
        .args = {{"hex", rpc::RPCArg::Type::STR_HEX, rpc::RPCArg::Optional::NO, "The voucher, as signvoucher returned it"}},
        .result = "{\n" + VOUCHER_JSON_HELP +
                  "    \"status\" : \"str\"        (string) \"added\", \"replaced\" (a lower voucher of the epoch) or \"unchanged\"\n}",
        .examples = {R"("<voucher hex>")"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            const auto bytes = TryParseHex(args.Arg<std::string>("hex"));
            if (!bytes) return rpc::RPCError{rpc::RPC_DESERIALIZATION_ERROR, "Voucher decode failed: not hex"};
            auto voucher = DecodeVoucher(*bytes);
            if (!voucher) return rpc::RPCError{rpc::RPC_DESERIALIZATION_ERROR, "Voucher decode failed: " + voucher.error()};
            auto res = wallet->AddVoucher(*voucher);
            if (const auto* failure = std::get_if<WalletFailure>(&res)) return ToRPCError(*failure);
            UniValue out = VoucherJSON(*voucher);
            switch (std::get<VoucherAdded>(res)) {
            case VoucherAdded::ADDED: out.pushKV("status", "added"); break;
            case VoucherAdded::REPLACED: out.pushKV("status", "replaced"); break;
            case VoucherAdded::UNCHANGED: out.pushKV("status", "unchanged"); break;
            case VoucherAdded::NOT_HIGHER:
                return rpc::RPCError{rpc::RPC_INVALID_PARAMETER,
                                     StrFormat("Not higher than the stored voucher of this pair and epoch %u: the wallet keeps the highest",
                                               voucher->entry.epoch)};
            case VoucherAdded::OPENER:
            case VoucherAdded::BASE_UNKNOWN:
                // Only AddVoucher of a VoucherMessage (the SIP router's) returns these.
                return rpc::RPCError{rpc::RPC_INTERNAL_ERROR, "Unexpected result of addvoucher"};
            }
            return out;
        },
    };
}

rpc::RPCMethod listreceipts(WalletContext* context)
{
    return {
        .name = "listreceipts",
        .category = "wallet",
        .description = "Lists the receipts this wallet keeps for the voucher stream (orig, term, epoch): one per call, the call's\n"
                       "billable seconds counted in the epoch so far. The originating node's wallet keeps those it signed, the\n"
                       "terminating node's those that came with the vouchers during calls; both hold the same set, whose Merkle\n"
                       "root the stream's voucher signs (doc/registry.md \"Receipts\"). A stream this wallet keeps no receipts of\n"
                       "(unknown, signed or added without receipts, or forgotten after its settlement window) lists none, with\n"
                       "a zero root. Works while the wallet is locked.",
        .args = {{"orig", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The originating node's key (64 hex)"},
                 {"term", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The terminating node's key (64 hex)"},
                 {"epoch", rpc::RPCArg::Type::NUM, rpc::RPCArg::Optional::NO, "The settlement epoch"}},
        .result = "{\n"
                  "  \"receipts_root\" : \"hex\",   (string) the Merkle root of the receipts (32 zero bytes for none)\n"
                  "  \"seconds\" : n,             (numeric) the receipts' seconds in total\n"
                  "  \"receipts\" : [             (json array) sorted by call\n"
                  "    { \"call\" : \"hex\",        (string) SHA-256 of the call's SIP Call-ID\n"
                  "      \"seconds\" : n }        (numeric) the call's billable seconds in the epoch so far\n"
                  "  ]\n}",
        .examples = {R"("<orig node key>", "<term node key>", 1234)"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            auto orig = ParseKeyArg(args.Arg<std::string>("orig"), "orig");
            if (const auto* error = std::get_if<rpc::RPCError>(&orig)) return *error;
            auto term = ParseKeyArg(args.Arg<std::string>("term"), "term");
            if (const auto* error = std::get_if<rpc::RPCError>(&term)) return *error;
            auto epoch = ParseEpoch(args);
            if (const auto* error = std::get_if<rpc::RPCError>(&epoch)) return *error;
            const std::vector<CallReceipt> receipts = wallet->ListReceipts(
                VoucherKey{ToRegistryKey(std::get<XOnlyPubKey>(orig)), ToRegistryKey(std::get<XOnlyPubKey>(term)), std::get<uint32_t>(epoch)});
            UniValue list{UniValue::VARR};
            uint64_t seconds = 0;
            for (const CallReceipt& r : receipts) {
                UniValue o{UniValue::VOBJ};
                o.pushKV("call", RawHex(r.call));
                o.pushKV("seconds", r.seconds);
                list.push_back(o);
                seconds += r.seconds; // the stored set sums to a voucher's seconds (a u64)
            }
            UniValue out{UniValue::VOBJ};
            out.pushKV("receipts_root", RawHex(ReceiptsRoot(receipts)));
            out.pushKV("seconds", seconds);
            out.pushKV("receipts", list);
            return out;
        },
    };
}

rpc::RPCMethod settlevouchers(WalletContext* context)
{
    return {
        .name = "settlevouchers",
        .category = "wallet",
        .description = "Sends the settlements of the stored vouchers (addvoucher) of this wallet's nodes as terminating node: per\n"
                       "pair, the vouchers settleable at the next block that are worth more than the chain settled for their\n"
                       "epoch (the chain pays the difference), up to 24 per transaction. The fee is paid from the wallet's coins;\n"
                       "what is settled moves from the originating node's deposit to the terminating node's balance (a shortfall\n"
                       "becomes the pair's debt). They appear in listtransactions as category \"settlement\".\n"
                       "Requires wallet passphrase to be set with walletpassphrase call if wallet is encrypted.",
        .args = {{"node", rpc::RPCArg::Type::STR, rpc::RPCArg::DefaultHint{"all of this wallet's nodes"}, "Only vouchers for this terminating node of the wallet"},
                 {"orig", rpc::RPCArg::Type::STR, rpc::RPCArg::DefaultHint{"any"}, "Only vouchers signed by this originating node"},
                 CONF_TARGET, ESTIMATE_MODE, FEE_RATE},
        .result = "{\n"
                  "  \"settlements\" : [\n"
                  "    { \"txid\" : \"hex\", \"orig\" : \"hex\", \"term\" : \"hex\", \"epochs\" : [n,...],\n"
                  "      \"amount\" : n }     (numeric) what it adds to the settled amounts of its epochs\n"
                  "  ],\n"
                  "  \"warnings\" : [\"str\",...]   (json array, optional) settlements after the first that could not be sent\n}",
        .examples = {"", R"("<node key>")", R"(null, "<orig node key>")"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            std::optional<XOnlyPubKey> term;
            std::optional<consensus::Key> orig;
            if (const auto hex = args.MaybeArg<std::string>("node")) {
                auto key = ParseKeyArg(*hex, "node");
                if (const auto* error = std::get_if<rpc::RPCError>(&key)) return *error;
                term = std::get<XOnlyPubKey>(key);
            }
            if (const auto hex = args.MaybeArg<std::string>("orig")) {
                auto key = ParseKeyArg(*hex, "orig");
                if (const auto* error = std::get_if<rpc::RPCError>(&key)) return *error;
                orig = ToRegistryKey(std::get<XOnlyPubKey>(key));
            }
            if (auto error = EnsureUnlocked(*wallet)) return *error;
            auto fee = ParseFeeOptions(args);
            if (const auto* error = std::get_if<rpc::RPCError>(&fee)) return *error;
            auto res = wallet->SettleVouchers(term, orig, std::get<FeeOptions>(fee));
            if (const auto* failure = std::get_if<WalletFailure>(&res)) return ToRPCError(*failure);
            const Wallet::SettleResult& result = std::get<Wallet::SettleResult>(res);
            UniValue settlements{UniValue::VARR};
            for (const Wallet::SettlementSent& sent : result.sent) {
                UniValue o{UniValue::VOBJ};
                o.pushKV("txid", sent.txid.GetHex());
                o.pushKV("orig", HexStr(sent.orig));
                o.pushKV("term", HexStr(sent.term));
                UniValue epochs{UniValue::VARR};
                for (const uint32_t e : sent.epochs) epochs.push_back(static_cast<uint64_t>(e));
                o.pushKV("epochs", epochs);
                o.pushKV("amount", rpc::ValueFromAmount(sent.amount));
                settlements.push_back(o);
            }
            UniValue out{UniValue::VOBJ};
            out.pushKV("settlements", settlements);
            if (!result.warnings.empty()) out.pushKV("warnings", WarningsJSON(result.warnings));
            return out;
        },
    };
}

} // namespace

void RegisterWalletVoucherRPCCommands(rpc::RPCTable& table, WalletContext* context)
{
    for (const auto method : {signvoucher, addvoucher, listreceipts, settlevouchers}) table.Register(method(context), context != nullptr);
}

} // namespace wallet
