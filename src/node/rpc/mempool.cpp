// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Mempool RPCs in Bitcoin Core's shapes: sendrawtransaction, testmempoolaccept (category
// rawtransactions), getmempoolinfo, getrawmempool, getmempoolentry, getmempoolancestors,
// getmempooldescendants, savemempool (blockchain).

#include <node/rpc/register.h>

#include <mempool/mempool.h>
#include <node/context.h>
#include <node/rpc/util.h>
#include <rpc/server.h>
#include <serialize.h>
#include <util/args.h>
#include <util/chaintype.h>
#include <util/strencodings.h>

using mempool::AcceptResult;
using mempool::EntryInfo;
using mempool::FeeRate;

namespace node {

namespace {
constexpr size_t MAX_PACKAGE_COUNT = 25;

rpc::RPCError MempoolNotLoaded() { return rpc::RPCError{rpc::RPC_IN_WARMUP, "The mempool is not loaded"}; }

/** A decoded transaction argument, or the error Bitcoin Core gives for one that does not decode. */
std::variant<CTransactionRef, rpc::RPCError> DecodeTxArg(const std::string& hex)
{
    const auto bytes = TryParseHex(hex);
    if (!bytes) return rpc::RPCError{rpc::RPC_DESERIALIZATION_ERROR, "TX decode failed. Make sure the tx has at least one input."};
    auto tx = DecodeTransaction(*bytes);
    if (!tx) return rpc::RPCError{rpc::RPC_DESERIALIZATION_ERROR, "TX decode failed. Make sure the tx has at least one input."};
    return MakeTransactionRef(std::move(*tx));
}

/** The maxfeerate argument (DOTS/kvB; 0 = no limit). */
std::variant<std::optional<FeeRate>, rpc::RPCError> MaxFeeRateArg(const rpc::RPCArgs& args)
{
    const UniValue value = args.Arg<UniValue>("maxfeerate");
    const auto amount = rpc::AmountFromValue(value);
    if (const rpc::RPCError* error = std::get_if<rpc::RPCError>(&amount)) return *error;
    const CAmount per_kb = std::get<CAmount>(amount);
    if (per_kb == 0) return std::optional<FeeRate>{};
    return std::optional<FeeRate>{FeeRate{per_kb}};
}

/** The fields of a mempool entry (getrawmempool verbose, getmempoolentry). */
UniValue EntryToJSON(const EntryInfo& e)
{
    UniValue result{UniValue::VOBJ};
    result.pushKV("vsize", e.size);
    result.pushKV("size", e.total_size);
    result.pushKV("weight", e.total_size * 4);
    result.pushKV("sigchecks", static_cast<int64_t>(e.sigchecks));
    result.pushKV("kind", std::string{TxKindName(e.tx->kind)});
    result.pushKV("time", e.time);
    result.pushKV("height", e.height);
    result.pushKV("descendantcount", static_cast<int64_t>(e.descendant_count));
    result.pushKV("descendantsize", e.descendant_size);
    result.pushKV("ancestorcount", static_cast<int64_t>(e.ancestor_count));
    result.pushKV("ancestorsize", e.ancestor_size);
    result.pushKV("wtxid", e.tx->GetWtxid().GetHex());
    UniValue fees{UniValue::VOBJ};
    fees.pushKV("base", rpc::ValueFromAmount(e.fee));
    fees.pushKV("modified", rpc::ValueFromAmount(e.modified_fee));
    fees.pushKV("ancestor", rpc::ValueFromAmount(e.ancestor_fees));
    fees.pushKV("descendant", rpc::ValueFromAmount(e.descendant_fees));
    result.pushKV("fees", fees);
    UniValue depends{UniValue::VARR};
    for (const uint256& txid : e.depends) depends.push_back(txid.GetHex());
    result.pushKV("depends", depends);
    UniValue spent_by{UniValue::VARR};
    for (const uint256& txid : e.spent_by) spent_by.push_back(txid.GetHex());
    result.pushKV("spentby", spent_by);
    result.pushKV("bip125-replaceable", e.bip125_replaceable);
    result.pushKV("unbroadcast", false);
    return result;
}

/** The txids (or, verbose, the entries by txid) of `txids`. */
UniValue TxidsToJSON(const mempool::TxMempool& pool, const std::vector<uint256>& txids, bool verbose)
{
    if (!verbose) {
        UniValue result{UniValue::VARR};
        for (const uint256& txid : txids) result.push_back(txid.GetHex());
        return result;
    }
    UniValue result{UniValue::VOBJ};
    for (const uint256& txid : txids) {
        if (auto info = pool.Info(txid)) result.pushKV(txid.GetHex(), EntryToJSON(*info));
    }
    return result;
}

/** The sendrawtransaction error for a refused transaction, as Bitcoin Core maps them. */
rpc::RPCError AcceptError(const AcceptResult& result)
{
    const consensus::TxValidationState& state = result.state;
    if (state.GetResult() == consensus::TxValidationResult::TX_MISSING_INPUTS) return rpc::RPCError{rpc::RPC_VERIFY_ERROR, state.GetRejectReason()};
    if (state.GetRejectReason() == "txn-already-known") {
        return rpc::RPCError{rpc::RPC_VERIFY_ALREADY_IN_CHAIN, "Transaction outputs already in utxo set"};
    }
    if (state.GetRejectReason() == "max-fee-exceeded") {
        return rpc::RPCError{rpc::RPC_VERIFY_ERROR, "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)"};
    }
    std::string message = state.ToString();
    if (result.kept_aside) message += " (kept aside: it enters the mempool or a block if the other statement leaves)";
    return rpc::RPCError{rpc::RPC_VERIFY_REJECTED, message};
}

rpc::RPCMethod sendrawtransaction(NodeContext& node)
{
    return {
        .name = "sendrawtransaction",
        .category = "rawtransactions",
        .description = "Submit a raw transaction (serialized, hex-encoded) to the local node and network.\n"
                       "The transaction is checked against the chain and the mempool (consensus rules, relay policy,\n"
                       "replacement, the registry's first-seen rule: doc/mempool.md) and added to the mempool.",
        .args = {{"hexstring", rpc::RPCArg::Type::STR_HEX, rpc::RPCArg::Optional::NO, "The hex string of the raw transaction"},
                 {"maxfeerate", rpc::RPCArg::Type::AMOUNT, rpc::RPCArg::Default{UniValue{"0.10"}},
                  "Reject transactions whose fee rate is higher than the specified value, expressed in DOTS/kvB.\n"
                  "Set to 0 to accept any fee rate."}},
        .result = "\"hex\"    (string) The transaction hash in hex",
        .examples = {R"("<signedhex>")"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            if (!node.mempool) return MempoolNotLoaded();
            auto tx = DecodeTxArg(args.Arg<std::string>("hexstring"));
            if (const rpc::RPCError* error = std::get_if<rpc::RPCError>(&tx)) return *error;
            const CTransactionRef ptx = std::get<CTransactionRef>(tx);
            auto max_rate = MaxFeeRateArg(args);
            if (const rpc::RPCError* error = std::get_if<rpc::RPCError>(&max_rate)) return *error;
            // Already there (same txid): nothing to do but answer, as Bitcoin Core does.
            if (node.mempool->Pool().Exists(ptx->GetTxid())) return UniValue{ptx->GetTxid().GetHex()};
            mempool::AcceptOptions options;
            options.max_fee_rate = std::get<std::optional<FeeRate>>(max_rate);
            const AcceptResult result = node.mempool->AcceptTransaction(ptx, options);
            if (!result.IsValid()) return AcceptError(result);
            return UniValue{ptx->GetTxid().GetHex()};
        },
    };
}

UniValue TestAcceptResult(const CTransaction& tx, const std::optional<AcceptResult>& result)
{
    UniValue entry{UniValue::VOBJ};
    entry.pushKV("txid", tx.GetTxid().GetHex());
    entry.pushKV("wtxid", tx.GetWtxid().GetHex());
    if (!result) {
        entry.pushKV("package-error", "package-not-validated");
        return entry;
    }
    entry.pushKV("allowed", result->IsValid());
    if (result->IsValid()) {
        entry.pushKV("vsize", result->size);
        UniValue fees{UniValue::VOBJ};
        fees.pushKV("base", rpc::ValueFromAmount(result->base_fee));
        fees.pushKV("effective-feerate", rpc::ValueFromAmount(FeeRate{result->base_fee, result->size}.GetFeePerK()));
        UniValue includes{UniValue::VARR};
        includes.push_back(tx.GetWtxid().GetHex());
        fees.pushKV("effective-includes", includes);
        entry.pushKV("fees", fees);
    } else {
        const std::string& reason = result->state.GetRejectReason();
        entry.pushKV("reject-reason", reason == "txn-already-known" ? std::string{"txn-already-known"} : reason);
        if (!result->state.GetDebugMessage().empty()) entry.pushKV("reject-details", result->state.ToString());
    }
    return entry;
}

rpc::RPCMethod testmempoolaccept(NodeContext& node)
{
    return {
        .name = "testmempoolaccept",
        .category = "rawtransactions",
        .description = "Returns result of mempool acceptance tests indicating if raw transaction(s) (serialized, hex-encoded) would be accepted by mempool.\n"
                       "If multiple transactions are passed in, each may spend outputs of the ones before it (a package).\n"
                       "This checks if transactions violate the consensus or policy rules.",
        .args = {{"rawtxs", rpc::RPCArg::Type::ARR, rpc::RPCArg::Optional::NO, "An array of hex strings of raw transactions (at most 25)."},
                 {"maxfeerate", rpc::RPCArg::Type::AMOUNT, rpc::RPCArg::Default{UniValue{"0.10"}},
                  "Reject transactions whose fee rate is higher than the specified value, expressed in DOTS/kvB"}},
        .result = "[ { \"txid\", \"wtxid\", \"package-error\" (if not validated), \"allowed\", \"vsize\",\n"
                  "    \"fees\" : { \"base\", \"effective-feerate\", \"effective-includes\" }, \"reject-reason\", \"reject-details\" }, ... ]",
        .examples = {R"(["<signedhex>"])"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            if (!node.mempool) return MempoolNotLoaded();
            const UniValue raw = args.Arg<UniValue>("rawtxs");
            if (raw.size() < 1 || raw.size() > MAX_PACKAGE_COUNT) {
                return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Array must contain between 1 and 25 transactions."};
            }
            std::vector<CTransactionRef> txs;
            for (size_t i = 0; i < raw.size(); ++i) {
                if (!raw[i].isStr()) return rpc::RPCError{rpc::RPC_TYPE_ERROR, "rawtxs must be an array of hex strings"};
                auto tx = DecodeTxArg(raw[i].get_str());
                if (const rpc::RPCError* error = std::get_if<rpc::RPCError>(&tx)) return *error;
                txs.push_back(std::get<CTransactionRef>(tx));
            }
            auto max_rate = MaxFeeRateArg(args);
            if (const rpc::RPCError* error = std::get_if<rpc::RPCError>(&max_rate)) return *error;
            const auto results = node.mempool->TestAcceptPackage(txs, std::get<std::optional<FeeRate>>(max_rate));
            UniValue list{UniValue::VARR};
            for (size_t i = 0; i < txs.size(); ++i) list.push_back(TestAcceptResult(*txs[i], results[i]));
            return list;
        },
    };
}

rpc::RPCMethod getmempoolinfo(NodeContext& node)
{
    return {
        .name = "getmempoolinfo",
        .category = "blockchain",
        .description = "Returns details on the active state of the TX memory pool.",
        .args = {},
        .result = "{ \"loaded\", \"size\", \"bytes\", \"usage\", \"total_fee\", \"maxmempool\", \"mempoolminfee\", \"minrelaytxfee\",\n"
                  "  \"incrementalrelayfee\", \"unbroadcastcount\", \"fullrbf\", \"aside\" (registry statements kept aside) }",
        .examples = {""},
        .handler = [&node](const rpc::RPCArgs&) -> rpc::RPCResponse {
            if (!node.mempool) return MempoolNotLoaded();
            const mempool::TxMempool& pool = node.mempool->Pool();
            const mempool::MempoolOptions& options = pool.Options();
            UniValue result{UniValue::VOBJ};
            result.pushKV("loaded", node.mempool->IsLoaded());
            result.pushKV("size", static_cast<int64_t>(pool.Size()));
            result.pushKV("bytes", pool.TotalTxSize());
            result.pushKV("usage", static_cast<int64_t>(pool.DynamicMemoryUsage()));
            result.pushKV("total_fee", rpc::ValueFromAmount(pool.TotalFee()));
            result.pushKV("maxmempool", options.max_size_bytes);
            result.pushKV("mempoolminfee", rpc::ValueFromAmount(node.mempool->GetMinRelayFeeRate().GetFeePerK()));
            result.pushKV("minrelaytxfee", rpc::ValueFromAmount(options.min_relay_fee.GetFeePerK()));
            result.pushKV("incrementalrelayfee", rpc::ValueFromAmount(options.incremental_relay_fee.GetFeePerK()));
            result.pushKV("unbroadcastcount", 0);
            result.pushKV("fullrbf", options.full_rbf);
            result.pushKV("aside", static_cast<int64_t>(node.mempool->Aside().Size()));
            return result;
        },
    };
}

rpc::RPCMethod getrawmempool(NodeContext& node)
{
    return {
        .name = "getrawmempool",
        .category = "blockchain",
        .description = "Returns all transaction ids in memory pool as a json array of string transaction ids.\n"
                       "Hint: use getmempoolentry to fetch a specific transaction from the mempool.",
        .args = {{"verbose", rpc::RPCArg::Type::BOOL, rpc::RPCArg::Default{false}, "True for a json object, false for array of transaction ids"},
                 {"mempool_sequence", rpc::RPCArg::Type::BOOL, rpc::RPCArg::Default{false},
                  "If verbose=false, returns a json object with transaction list and mempool sequence number attached."}},
        .result = "[ \"txid\", ... ] | { \"txid\" : { entry }, ... } | { \"txids\" : [ ... ], \"mempool_sequence\" : n }",
        .examples = {"true"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            if (!node.mempool) return MempoolNotLoaded();
            const bool verbose = args.Arg<bool>("verbose");
            const bool with_sequence = args.Arg<bool>("mempool_sequence");
            if (verbose && with_sequence) {
                return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Verbose results cannot contain mempool sequence values."};
            }
            const mempool::TxMempool& pool = node.mempool->Pool();
            if (verbose) {
                UniValue result{UniValue::VOBJ};
                for (const EntryInfo& e : pool.InfoAll()) result.pushKV(e.tx->GetTxid().GetHex(), EntryToJSON(e));
                return result;
            }
            UniValue txids{UniValue::VARR};
            uint64_t sequence = 0;
            {
                LOCK(pool.GetMutex());
                pool.ForEachByAncestorScoreLocked([&](const mempool::MempoolEntry& e) {
                    txids.push_back(e.GetTxid().GetHex());
                    return true;
                });
                sequence = pool.GetSequenceLocked();
            }
            if (!with_sequence) return txids;
            UniValue result{UniValue::VOBJ};
            result.pushKV("txids", txids);
            result.pushKV("mempool_sequence", static_cast<int64_t>(sequence));
            return result;
        },
    };
}

rpc::RPCMethod getmempoolentry(NodeContext& node)
{
    return {
        .name = "getmempoolentry",
        .category = "blockchain",
        .description = "Returns mempool data for given transaction",
        .args = {{"txid", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The transaction id (must be in mempool)"}},
        .result = "{ \"vsize\", \"size\", \"weight\", \"sigchecks\", \"kind\", \"time\", \"height\", \"descendantcount\", \"descendantsize\",\n"
                  "  \"ancestorcount\", \"ancestorsize\", \"wtxid\", \"fees\" : { \"base\", \"modified\", \"ancestor\", \"descendant\" },\n"
                  "  \"depends\", \"spentby\", \"bip125-replaceable\", \"unbroadcast\" }",
        .examples = {R"("<txid>")"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            if (!node.mempool) return MempoolNotLoaded();
            const auto txid = uint256::FromHex(args.Arg<std::string>("txid"));
            if (!txid) return InvalidHash("txid");
            const auto info = node.mempool->Pool().Info(*txid);
            if (!info) return rpc::RPCError{rpc::RPC_INVALID_ADDRESS_OR_KEY, "Transaction not in mempool"};
            return EntryToJSON(*info);
        },
    };
}

/** getmempoolancestors / getmempooldescendants. */
rpc::RPCMethod RelativesMethod(NodeContext& node, const std::string& name, bool ancestors)
{
    const std::string which = ancestors ? "ancestors" : "descendants";
    return {
        .name = name,
        .category = "blockchain",
        .description = "If txid is in the mempool, returns all in-mempool " + which + ".",
        .args = {{"txid", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The transaction id (must be in mempool)"},
                 {"verbose", rpc::RPCArg::Type::BOOL, rpc::RPCArg::Default{false}, "True for a json object, false for array of transaction ids"}},
        .result = "[ \"txid\", ... ] | { \"txid\" : { entry }, ... }",
        .examples = {R"("<txid>")"},
        .handler = [&node, ancestors](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            if (!node.mempool) return MempoolNotLoaded();
            const auto txid = uint256::FromHex(args.Arg<std::string>("txid"));
            if (!txid) return InvalidHash("txid");
            const mempool::TxMempool& pool = node.mempool->Pool();
            const auto txids = ancestors ? pool.AncestorTxids(*txid) : pool.DescendantTxids(*txid);
            if (!txids) return rpc::RPCError{rpc::RPC_INVALID_ADDRESS_OR_KEY, "Transaction not in mempool"};
            return TxidsToJSON(pool, *txids, args.Arg<bool>("verbose"));
        },
    };
}

rpc::RPCMethod getmempoolancestors(NodeContext& node) { return RelativesMethod(node, "getmempoolancestors", true); }
rpc::RPCMethod getmempooldescendants(NodeContext& node) { return RelativesMethod(node, "getmempooldescendants", false); }

rpc::RPCMethod savemempool(NodeContext& node)
{
    return {
        .name = "savemempool",
        .category = "blockchain",
        .description = "Dumps the mempool to disk. It will fail until the previous dump is fully loaded.",
        .args = {},
        .result = "{ \"filename\" : \"str\" }    (the file the mempool was written to)",
        .examples = {""},
        .handler = [&node](const rpc::RPCArgs&) -> rpc::RPCResponse {
            if (!node.mempool) return MempoolNotLoaded();
            if (!node.mempool->IsLoaded()) return rpc::RPCError{rpc::RPC_MISC_ERROR, "The mempool was not loaded yet"};
            const std::filesystem::path path = GetDataDirNet(*node.args, *node.chain) / "mempool.dat";
            if (auto res = node.mempool->Dump(path); !res) {
                return rpc::RPCError{rpc::RPC_MISC_ERROR, "Unable to dump mempool to disk: " + res.error()};
            }
            UniValue result{UniValue::VOBJ};
            result.pushKV("filename", path.string());
            return result;
        },
    };
}
} // namespace

void RegisterMempoolRPCCommands(rpc::RPCTable& table, NodeContext& node)
{
    for (const auto method : {sendrawtransaction, testmempoolaccept, getmempoolinfo, getrawmempool, getmempoolentry,
                              getmempoolancestors, getmempooldescendants, savemempool}) {
        table.Register(method(node));
    }
}

} // namespace node
