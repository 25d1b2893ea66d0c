// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Node RPCs: registernode, updatenode, deregisternode, depositfor, withdrawdeposit,
// withdrawnodebalance, listmynodes (doc/wallet.md "Nodes").

#include <wallet/rpc/util.h>

#include <consensus/registry_epochs.h>
#include <consensus/registry_names.h>
#include <rpc/amount.h>
#include <rpc/server.h>
#include <util/strencodings.h>
#include <wallet/transaction.h>

#include <algorithm>
#include <bit>

namespace wallet {

namespace {

const rpc::RPCArg NODE_ARG{"node", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The node key (64 hex) of one of this wallet's nodes"};
const std::string ENDPOINTS_HELP = "SIP URIs the node is reached at, 1-8, e.g. \"sip:sip.example.org:5060;transport=udp\"";
const std::string DOMAINS_HELP = "DNS names the node serves (at most 16)";
const std::string PREFIXES_HELP = "Gateway prefixes the node terminates: \"+\" and 1-6 digits (at most 64)";
const std::string RATE_HELP = "The price of a terminated minute in DOTS (0: free peering); a change takes effect one settlement epoch "
                              "after it is mined";

/** A JSON array of strings, or the error naming the argument. */
std::variant<std::vector<std::string>, rpc::RPCError> StringList(const UniValue& value, const std::string& name)
{
    std::vector<std::string> out;
    for (size_t i = 0; i < value.size(); ++i) {
        if (!value[i].isStr()) return rpc::RPCError{rpc::RPC_TYPE_ERROR, name + " must be an array of strings"};
        out.push_back(value[i].get_str());
    }
    return out;
}

/** Reads updatenode's optional list arguments into `out` (std::nullopt where omitted). */
std::optional<rpc::RPCError> ReadLists(const rpc::RPCArgs& args, Wallet::NodeFieldChanges& out)
{
    for (const auto& [name, field] : {std::pair{"endpoints", &out.endpoints}, std::pair{"domains", &out.domains},
                                      std::pair{"prefixes", &out.prefixes}}) {
        const auto value = args.MaybeArg<UniValue>(name);
        if (!value) continue;
        auto list = StringList(*value, name);
        if (const auto* error = std::get_if<rpc::RPCError>(&list)) return *error;
        *field = std::get<std::vector<std::string>>(std::move(list));
    }
    return std::nullopt;
}

/** The wallet and the node argument: one of this wallet's keys. */
std::optional<rpc::RPCError> WalletAndNode(WalletContext& context, const rpc::RPCArgs& args, const std::string& name, std::shared_ptr<Wallet>& wallet,
                                      XOnlyPubKey& node)
{
    if (auto error = LookupWallet(context, args, wallet)) return *error;
    auto key = ParseKeyArg(args.Arg<std::string>(name), name);
    if (const auto* error = std::get_if<rpc::RPCError>(&key)) return *error;
    node = std::get<XOnlyPubKey>(key);
    return std::nullopt;
}

/** from_node, or the wallet's only node. */
std::variant<XOnlyPubKey, rpc::RPCError> OriginatingNode(const Wallet& wallet, const rpc::RPCArgs& args)
{
    if (const auto hex = args.MaybeArg<std::string>("from_node")) return ParseKeyArg(*hex, "from_node");
    const auto nodes = wallet.ListNodes();
    if (nodes.size() == 1) return nodes.front().key;
    if (nodes.empty()) return rpc::RPCError{rpc::RPC_WALLET_ERROR, "This wallet has no node: register one with registernode"};
    return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "This wallet has several nodes: name the originating one with from_node"};
}

/** The txid answer of a wallet call, or its error. */
rpc::RPCResponse TxidOrError(const WalletResult<uint256>& res)
{
    if (const auto* failure = std::get_if<WalletFailure>(&res)) return ToRPCError(*failure);
    return UniValue{std::get<uint256>(res).GetHex()};
}

std::variant<FeeOptions, rpc::RPCError> UnlockedFee(const Wallet& wallet, const rpc::RPCArgs& args)
{
    if (auto error = EnsureUnlocked(wallet)) return *error;
    return ParseFeeOptions(args);
}

rpc::RPCMethod registernode(WalletContext* context)
{
    return {
        .name = "registernode",
        .category = "wallet",
        .description = "Registers a SIP node under a fresh key of this wallet's node branch and locks its bond (at least\n"
                       "min_node_bond: 100 DOTS on main, 1 on regtest). The bond comes back to the node's balance bond_release_delay\n"
                       "blocks after deregisternode; withdraw it with withdrawnodebalance.\n"
                       "Requires wallet passphrase to be set with walletpassphrase call if wallet is encrypted.",
        .args = {{"endpoints", rpc::RPCArg::Type::ARR, rpc::RPCArg::Optional::NO, ENDPOINTS_HELP},
                 {"bond", rpc::RPCArg::Type::AMOUNT, rpc::RPCArg::Optional::NO, "The bond in DOTS"},
                 {"rate", rpc::RPCArg::Type::AMOUNT, rpc::RPCArg::Default{0}, RATE_HELP},
                 {"domains", rpc::RPCArg::Type::ARR, rpc::RPCArg::Default{UniValue{UniValue::VARR}}, DOMAINS_HELP},
                 {"prefixes", rpc::RPCArg::Type::ARR, rpc::RPCArg::Default{UniValue{UniValue::VARR}}, PREFIXES_HELP},
                 CONF_TARGET, ESTIMATE_MODE, FEE_RATE},
        .result = "{\n  \"txid\" : \"hex\",   (string) the registration's transaction\n  \"node\" : \"hex\"    (string) the node key\n}",
        .examples = {R"(["sip:sip.example.org:5060;transport=udp"], 100)",
                     R"(["sip:gw.example.org:5061;transport=tls"], 100, 0.002, ["example.org"], ["+4930"])"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            Wallet::NodeFields fields;
            for (const auto& [name, field] : {std::pair{"endpoints", &fields.endpoints}, std::pair{"domains", &fields.domains},
                                              std::pair{"prefixes", &fields.prefixes}}) {
                auto list = StringList(args.Arg<UniValue>(name), name);
                if (const auto* error = std::get_if<rpc::RPCError>(&list)) return *error;
                *field = std::get<std::vector<std::string>>(std::move(list));
            }
            fields.rate = args.Arg<int64_t>("rate");
            auto fee = UnlockedFee(*wallet, args);
            if (const auto* error = std::get_if<rpc::RPCError>(&fee)) return *error;
            auto res = wallet->RegisterNode(fields, args.Arg<int64_t>("bond"), std::get<FeeOptions>(fee));
            if (const auto* failure = std::get_if<WalletFailure>(&res)) return ToRPCError(*failure);
            const auto& [txid, node] = std::get<std::pair<uint256, XOnlyPubKey>>(res);
            UniValue out{UniValue::VOBJ};
            out.pushKV("txid", txid.GetHex());
            out.pushKV("node", HexStr(node.bytes()));
            return out;
        },
    };
}

rpc::RPCMethod updatenode(WalletContext* context)
{
    return {
        .name = "updatenode",
        .category = "wallet",
        .description = "Replaces the endpoints, domains, prefixes and/or rate of one of this wallet's nodes; what is not given\n"
                       "keeps its value on chain. The bond cannot change.\n"
                       "Requires wallet passphrase to be set with walletpassphrase call if wallet is encrypted.",
        .args = {NODE_ARG,
                 {"endpoints", rpc::RPCArg::Type::ARR, rpc::RPCArg::Optional::OMITTED, ENDPOINTS_HELP},
                 {"rate", rpc::RPCArg::Type::AMOUNT, rpc::RPCArg::Optional::OMITTED, RATE_HELP},
                 {"domains", rpc::RPCArg::Type::ARR, rpc::RPCArg::Optional::OMITTED, DOMAINS_HELP},
                 {"prefixes", rpc::RPCArg::Type::ARR, rpc::RPCArg::Optional::OMITTED, PREFIXES_HELP},
                 CONF_TARGET, ESTIMATE_MODE, FEE_RATE},
        .result = "\"hex\"    (string) the transaction id",
        .examples = {R"("<node key>", null, 0.001)", R"("<node key>", ["sip:sip2.example.org:5060;transport=tcp"])"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            XOnlyPubKey node;
            if (auto error = WalletAndNode(*context, args, "node", wallet, node)) return *error;
            Wallet::NodeFieldChanges changes;
            if (auto error = ReadLists(args, changes)) return *error;
            changes.rate = args.MaybeArg<int64_t>("rate");
            if (!changes.endpoints && !changes.domains && !changes.prefixes && !changes.rate) {
                return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Nothing to update: give endpoints, rate, domains and/or prefixes"};
            }
            auto fee = UnlockedFee(*wallet, args);
            if (const auto* error = std::get_if<rpc::RPCError>(&fee)) return *error;
            return TxidOrError(wallet->UpdateNode(node, changes, std::get<FeeOptions>(fee)));
        },
    };
}

rpc::RPCMethod deregisternode(WalletContext* context)
{
    return {
        .name = "deregisternode",
        .category = "wallet",
        .description = "Deregisters one of this wallet's nodes: it leaves the active set at once; its bond is credited to its node\n"
                       "balance bond_release_delay blocks later (withdraw it with withdrawnodebalance).\n"
                       "Requires wallet passphrase to be set with walletpassphrase call if wallet is encrypted.",
        .args = {NODE_ARG, CONF_TARGET, ESTIMATE_MODE, FEE_RATE},
        .result = "\"hex\"    (string) the transaction id",
        .examples = {R"("<node key>")"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            XOnlyPubKey node;
            if (auto error = WalletAndNode(*context, args, "node", wallet, node)) return *error;
            auto fee = UnlockedFee(*wallet, args);
            if (const auto* error = std::get_if<rpc::RPCError>(&fee)) return *error;
            return TxidOrError(wallet->DeregisterNode(node, std::get<FeeOptions>(fee)));
        },
    };
}

rpc::RPCMethod depositfor(WalletContext* context)
{
    return {
        .name = "depositfor",
        .category = "wallet",
        .description = "Funds the deposit from which one of this wallet's nodes (from_node) pays for the minutes another node\n"
                       "terminates for it. A debt of the pair is paid first.\n"
                       "Requires wallet passphrase to be set with walletpassphrase call if wallet is encrypted.",
        .args = {{"node", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The terminating node's key (64 hex)"},
                 {"amount", rpc::RPCArg::Type::AMOUNT, rpc::RPCArg::Optional::NO, "The amount in DOTS"},
                 {"from_node", rpc::RPCArg::Type::STR, rpc::RPCArg::DefaultHint{"the wallet's only node"}, "The originating node of this wallet"},
                 CONF_TARGET, ESTIMATE_MODE, FEE_RATE},
        .result = "\"hex\"    (string) the transaction id",
        .examples = {R"("<node key>", 5)"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            XOnlyPubKey term;
            if (auto error = WalletAndNode(*context, args, "node", wallet, term)) return *error;
            auto orig = OriginatingNode(*wallet, args);
            if (const auto* error = std::get_if<rpc::RPCError>(&orig)) return *error;
            const CAmount amount = args.Arg<int64_t>("amount");
            if (amount <= 0) return rpc::RPCError{rpc::RPC_TYPE_ERROR, "Invalid amount for deposit"};
            auto fee = UnlockedFee(*wallet, args);
            if (const auto* error = std::get_if<rpc::RPCError>(&fee)) return *error;
            return TxidOrError(wallet->DepositFor(std::get<XOnlyPubKey>(orig), term, amount, std::get<FeeOptions>(fee)));
        },
    };
}

rpc::RPCMethod withdrawdeposit(WalletContext* context)
{
    return {
        .name = "withdrawdeposit",
        .category = "wallet",
        .description = "Asks for (part of) a deposit back: it moves to the originating node's balance settle_epoch + settle_window\n"
                       "blocks after the request is mined, after the settlements mined before then. A new request replaces a\n"
                       "pending one; amount 0 cancels it. Withdraw the balance with withdrawnodebalance.\n"
                       "Requires wallet passphrase to be set with walletpassphrase call if wallet is encrypted.",
        .args = {{"node", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The terminating node's key (64 hex)"},
                 {"amount", rpc::RPCArg::Type::AMOUNT, rpc::RPCArg::DefaultHint{"the whole deposit"}, "The amount in DOTS"},
                 {"from_node", rpc::RPCArg::Type::STR, rpc::RPCArg::DefaultHint{"the wallet's only node"}, "The originating node of this wallet"},
                 CONF_TARGET, ESTIMATE_MODE, FEE_RATE},
        .result = "\"hex\"    (string) the transaction id",
        .examples = {R"("<node key>")", R"("<node key>", 1)"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            XOnlyPubKey term;
            if (auto error = WalletAndNode(*context, args, "node", wallet, term)) return *error;
            auto orig = OriginatingNode(*wallet, args);
            if (const auto* error = std::get_if<rpc::RPCError>(&orig)) return *error;
            auto fee = UnlockedFee(*wallet, args);
            if (const auto* error = std::get_if<rpc::RPCError>(&fee)) return *error;
            return TxidOrError(wallet->WithdrawDeposit(std::get<XOnlyPubKey>(orig), term, args.MaybeArg<int64_t>("amount"),
                                                       std::get<FeeOptions>(fee)));
        },
    };
}

rpc::RPCMethod withdrawnodebalance(WalletContext* context)
{
    return {
        .name = "withdrawnodebalance",
        .category = "wallet",
        .description = "Pays (part of) a node's balance (settlements it terminated, availability shares, released deposits, its\n"
                       "returned bond) to an address, by a transaction the node key signs. The fee is taken from the amount.\n"
                       "Requires wallet passphrase to be set with walletpassphrase call if wallet is encrypted.",
        .args = {NODE_ARG,
                 {"amount", rpc::RPCArg::Type::AMOUNT, rpc::RPCArg::DefaultHint{"the whole balance"}, "The amount in DOTS"},
                 {"address", rpc::RPCArg::Type::STR, rpc::RPCArg::DefaultHint{"a new address of this wallet"}, "Where to pay it"},
                 CONF_TARGET, ESTIMATE_MODE, FEE_RATE},
        .result = "{\n  \"txid\" : \"hex\",   (string) the transaction id\n  \"amount\" : n,    (numeric) paid to the address\n"
                  "  \"fee\" : n        (numeric) taken from the amount\n}",
        .examples = {R"("<node key>")", R"("<node key>", 1, "<address>")"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            XOnlyPubKey node;
            if (auto error = WalletAndNode(*context, args, "node", wallet, node)) return *error;
            auto fee = UnlockedFee(*wallet, args);
            if (const auto* error = std::get_if<rpc::RPCError>(&fee)) return *error;
            OutputLock to;
            if (const auto address = args.MaybeArg<std::string>("address")) {
                const auto decoded = DecodeAddress(*address, wallet->Hrp());
                if (!decoded) return rpc::RPCError{rpc::RPC_INVALID_ADDRESS_OR_KEY, "Invalid address: " + std::string{AddressErrorString(decoded.error)}};
                to = decoded.lock;
            } else {
                auto fresh = wallet->GetNewAddress("");
                if (const auto* failure = std::get_if<WalletFailure>(&fresh)) return ToRPCError(*failure);
                to = DecodeAddress(std::get<std::string>(fresh), wallet->Hrp()).lock;
            }
            auto res = wallet->WithdrawNodeBalance(node, args.MaybeArg<int64_t>("amount"), to, std::get<FeeOptions>(fee));
            if (const auto* failure = std::get_if<WalletFailure>(&res)) return ToRPCError(*failure);
            const CreatedTx& created = std::get<CreatedTx>(res);
            UniValue out{UniValue::VOBJ};
            out.pushKV("txid", created.tx->GetTxid().GetHex());
            out.pushKV("amount", rpc::ValueFromAmount(created.tx->vout.at(0).value));
            out.pushKV("fee", rpc::ValueFromAmount(created.fee));
            return out;
        },
    };
}

/** listmynodes' deposits, settlements and their totals for node `key`, read at the tip. */
void AddNodeMoney(const consensus::RecordStore& store, const consensus::Key& key, const Wallet::NodeCounterparties& parties,
                  UniValue& entry)
{
    UniValue deposits{UniValue::VARR}, received{UniValue::VARR}, settlements{UniValue::VARR};
    CAmount earned = 0, paid = 0, owed = 0;
    for (const auto& [orig, term] : parties.pairs) {
        const consensus::PairRecord pair = consensus::ReadPair(store, orig, term);
        if (pair.IsEmpty()) continue;
        UniValue o{UniValue::VOBJ};
        const bool originating = orig == key;
        o.pushKV(originating ? "term" : "orig", HexStr(originating ? term : orig));
        o.pushKV("deposit", rpc::ValueFromAmount(pair.deposit));
        o.pushKV("debt", rpc::ValueFromAmount(pair.debt));
        if (originating && pair.release_height >= 0) {
            o.pushKV("release_amount", rpc::ValueFromAmount(pair.release_amount));
            o.pushKV("release_height", pair.release_height);
        }
        if (originating) owed += pair.debt;
        (originating ? deposits : received).push_back(o);
    }
    for (const auto& [orig, term, epoch] : parties.settlements) {
        const auto settled = consensus::ReadSettlement(store, orig, term, epoch);
        if (!settled) continue; // its window ended: erased
        const bool originating = orig == key;
        UniValue o{UniValue::VOBJ};
        o.pushKV("counterparty", HexStr(originating ? term : orig));
        o.pushKV("role", originating ? "originating" : "terminating");
        o.pushKV("epoch", static_cast<uint64_t>(epoch));
        o.pushKV("amount", rpc::ValueFromAmount(settled->amount));
        o.pushKV("seconds", settled->seconds);
        (originating ? paid : earned) += settled->amount;
        settlements.push_back(o);
    }
    entry.pushKV("deposits", deposits);
    entry.pushKV("deposits_received", received);
    entry.pushKV("settlements", settlements);
    entry.pushKV("earned", rpc::ValueFromAmount(earned));
    entry.pushKV("paid", rpc::ValueFromAmount(paid));
    entry.pushKV("owed", rpc::ValueFromAmount(owed));
}

/** listmynodes' vouchers of node `key` (either role), with what the chain settled for them: its
 * settlement record while the epoch is settleable, then the wallet's confirmed settlements. */
UniValue NodeVouchers(const consensus::RecordStore& store, int32_t tip, const consensus::RegistryParams& params, const consensus::Key& key,
                      const std::vector<SignedVoucher>& vouchers, const std::map<VoucherKey, consensus::SettlementRecord>& confirmed)
{
    UniValue out{UniValue::VARR};
    for (const SignedVoucher& v : vouchers) {
        if (v.orig != key && v.term != key) continue;
        const bool originating = v.orig == key;
        const CAmount amount = consensus::VoucherAmount(v.entry.seconds, v.entry.rate).value_or(0);
        std::optional<consensus::SettlementRecord> settled = consensus::ReadSettlement(store, v.orig, v.term, v.entry.epoch);
        if (!settled) {
            if (const auto it = confirmed.find(VoucherKey{v.orig, v.term, v.entry.epoch}); it != confirmed.end()) settled = it->second;
        }
        UniValue o{UniValue::VOBJ};
        o.pushKV("counterparty", HexStr(originating ? v.term : v.orig));
        o.pushKV("role", originating ? "originating" : "terminating");
        o.pushKV("epoch", static_cast<uint64_t>(v.entry.epoch));
        o.pushKV("seconds", v.entry.seconds);
        o.pushKV("rate", rpc::ValueFromAmount(v.entry.rate));
        o.pushKV("amount", rpc::ValueFromAmount(amount));
        o.pushKV("settled_seconds", settled ? settled->seconds : 0);
        o.pushKV("settled_amount", rpc::ValueFromAmount(settled ? settled->amount : 0));
        o.pushKV("state", VoucherStateName(ClassifyVoucher(v, amount, settled ? settled->amount : 0, tip + 1, params)));
        o.pushKV("settle_deadline", consensus::SettleDeadline(v.entry.epoch, params));
        o.pushKV("hex", HexStr(EncodeVoucher(v)));
        out.push_back(o);
    }
    return out;
}

/** listmynodes' probe receipts of node `key` as target, per recent probe epoch: what the wallet
 * holds and submitted (GetHeldProbeReceipts, as listprobereceipts) and what the chain counted. */
UniValue NodeProbeReceipts(const consensus::RecordStore& store, const consensus::RegistryParams& params, const consensus::Key& key,
                           const std::vector<uint32_t>& epochs, const std::vector<HeldProbeReceipts>& held)
{
    UniValue out{UniValue::VARR};
    for (const uint32_t epoch : epochs) {
        const auto it = std::find_if(held.begin(), held.end(), [&](const HeldProbeReceipts& h) { return h.target == key && h.epoch == epoch; });
        const uint16_t mask = consensus::ReadReceiptMask(store, epoch, key).mask;
        if (it == held.end() && mask == 0) continue;
        UniValue indices{UniValue::VARR};
        if (it != held.end()) {
            for (const consensus::ProbeReceipt& r : it->receipts) indices.push_back(static_cast<int>(r.index));
        }
        const int counted = std::popcount(mask);
        UniValue o{UniValue::VOBJ};
        o.pushKV("epoch", static_cast<uint64_t>(epoch));
        o.pushKV("held", indices);
        o.pushKV("txid", it != held.end() && it->txid ? UniValue{it->txid->GetHex()} : UniValue{});
        o.pushKV("tx_state", it != held.end() && it->tx ? UniValue{TxStateName(it->tx->state)} : UniValue{});
        o.pushKV("counted", counted);
        o.pushKV("mask", static_cast<int>(mask));
        o.pushKV("credited", counted >= params.probe_threshold);
        out.push_back(o);
    }
    return out;
}

rpc::RPCMethod listmynodes(WalletContext* context)
{
    return {
        .name = "listmynodes",
        .category = "wallet",
        .description = "Lists this wallet's nodes with their state on chain (bond, rate, balance, deposits, settlements) and\n"
                       "the vouchers the wallet signed or holds for them and their recent probe receipts. All deposits and\n"
                       "settlements of a node: listdeposits, listsettlements; every probe receipt: listprobereceipts.",
        .args = {},
        .result = "[\n  {\n"
                  "    \"node\" : \"hex\",          (string) the node key\n"
                  "    \"registered\" : true|false, (boolean) whether the chain has a record of it\n"
                  "    \"active\" : true|false,   (boolean) registered and not deregistered\n"
                  "    \"bond\" : n,              (numeric) the bond still locked\n"
                  "    \"bond_release_height\" : n, (numeric, optional) when a deregistered node's bond is credited\n"
                  "    \"rate\" : n,              (numeric) DOTS per minute in force now\n"
                  "    \"balance\" : n,           (numeric) withdrawable with withdrawnodebalance\n"
                  "    \"endpoints\" : [\"str\",...], \"domains\" : [...], \"prefixes\" : [...],\n"
                  "    \"deposits\" : [              (json array) what this node prepaid for calls others terminate\n"
                  "      { \"term\" : \"hex\", \"deposit\" : n, \"debt\" : n (owed to term), \"release_amount\" : n, \"release_height\" : n }\n"
                  "    ],                          (release_*: only with a pending withdrawdeposit)\n"
                  "    \"deposits_received\" : [     (json array) what others prepaid for calls this node terminates\n"
                  "      { \"orig\" : \"hex\", \"deposit\" : n, \"debt\" : n (owed to this node) }\n"
                  "    ],\n"
                  "    \"settlements\" : [           (json array) settlements still settleable (erased after their window)\n"
                  "      { \"counterparty\" : \"hex\", \"role\" : \"terminating\"|\"originating\", \"epoch\" : n, \"amount\" : n, \"seconds\" : n }\n"
                  "    ],\n"
                  "    \"earned\" : n,              (numeric) settled to this node as terminating node, in the listed settlements\n"
                  "    \"paid\" : n,                (numeric) settled from this node's deposits, in the listed settlements\n"
                  "    \"owed\" : n,                (numeric) debt of this node's deposits (the next deposit pays it first)\n"
                  "    \"vouchers\" : [              (json array) the highest voucher per pair and epoch this wallet signed (role\n"
                  "                                originating: signvoucher) or holds (role terminating: addvoucher)\n"
                  "      { \"counterparty\" : \"hex\", \"role\" : \"originating\"|\"terminating\", \"epoch\" : n, \"seconds\" : n,\n"
                  "        \"rate\" : n, \"amount\" : n, \"settled_seconds\" : n, \"settled_amount\" : n (what the chain settled for\n"
                  "        the pair and epoch; after the window, what the wallet's confirmed settlements carried),\n"
                  "        \"state\" : \"unsettled\"|\"settled\"|\"expired\", \"settle_deadline\" : n (first height it can no longer\n"
                  "        be settled at), \"hex\" : \"hex\" (the voucher, for addvoucher) }\n"
                  "    ],\n"
                  "    \"probe_receipts\" : [        (json array) availability-probe receipts of this node as target, per probe epoch\n"
                  "                                whose receipts a block still accepts (the tip's and the one before)\n"
                  "      { \"epoch\" : n, \"held\" : [n,...] (draw positions of the receipts the wallet holds),\n"
                  "        \"txid\" : \"hex\" or null, \"tx_state\" : \"str\" or null (the last probe_receipts transaction\n"
                  "        submitted and its state), \"counted\" : n, \"mask\" : n (receipts the chain counted, bit i: draw\n"
                  "        position i), \"credited\" : true|false (counted reached probe_threshold: the pool share was\n"
                  "        credited to the balance) }\n"
                  "    ]\n"
                  "  },\n  ...\n]",
        .examples = {""},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            wallet->BlockUntilSyncedToCurrentChain();
            const auto nodes = wallet->ListNodes();
            const consensus::RegistryParams& params = wallet->Chain().Params().registry;
            // The wallet's side first: lock order wallet -> chain (ReadRegistry holds the chain's).
            std::vector<Wallet::NodeCounterparties> parties;
            for (const WalletNode& node : nodes) parties.push_back(wallet->GetNodeCounterparties(node.key));
            const std::vector<SignedVoucher> vouchers = wallet->ListVouchers();
            const auto confirmed = wallet->SettledInWallet(/*include_unconfirmed=*/false);
            const std::vector<uint32_t> probe_epochs = RecentProbeEpochs(wallet->Chain());
            const std::vector<HeldProbeReceipts> held = GetHeldProbeReceipts(*wallet, nodes, probe_epochs);
            UniValue out{UniValue::VARR};
            wallet->Chain().ReadRegistry([&](const consensus::RecordStore& store, int32_t tip) {
                for (size_t i = 0; i < nodes.size(); ++i) {
                    const WalletNode& node = nodes[i];
                    const consensus::Key key = ToRegistryKey(node.key);
                    const auto record = consensus::ReadNode(store, key);
                    UniValue entry{UniValue::VOBJ};
                    entry.pushKV("node", HexStr(key));
                    entry.pushKV("registered", record.has_value());
                    entry.pushKV("active", record && record->IsActive());
                    entry.pushKV("bond", rpc::ValueFromAmount(record ? record->bond : 0));
                    if (record && record->bond_release_height >= 0) entry.pushKV("bond_release_height", record->bond_release_height);
                    entry.pushKV("rate", rpc::ValueFromAmount(record ? record->RateAt(tip + 1, params) : 0));
                    entry.pushKV("balance", rpc::ValueFromAmount(consensus::ReadBalance(store, key)));
                    for (const auto& [name, list] : {std::pair{"endpoints", record ? record->endpoints : std::vector<std::string>{}},
                                                     std::pair{"domains", record ? record->domains : std::vector<std::string>{}},
                                                     std::pair{"prefixes", record ? record->prefixes : std::vector<std::string>{}}}) {
                        UniValue arr{UniValue::VARR};
                        for (const std::string& s : list) arr.push_back(s);
                        entry.pushKV(name, arr);
                    }
                    AddNodeMoney(store, key, parties[i], entry);
                    entry.pushKV("vouchers", NodeVouchers(store, tip, params, key, vouchers, confirmed));
                    entry.pushKV("probe_receipts", NodeProbeReceipts(store, params, key, probe_epochs, held));
                    out.push_back(entry);
                }
            });
            return out;
        },
    };
}

} // namespace

void RegisterWalletNodeRPCCommands(rpc::RPCTable& table, WalletContext* context)
{
    for (const auto method : {registernode, updatenode, deregisternode, depositfor, withdrawdeposit, withdrawnodebalance, listmynodes}) {
        table.Register(method(context), context != nullptr);
    }
}

} // namespace wallet
