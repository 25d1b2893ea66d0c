// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Raw transaction and address RPCs: getrawtransaction, decoderawtransaction, validateaddress.
// sendrawtransaction and testmempoolaccept are in node/rpc/mempool.cpp.

#include <node/rpc/register.h>

#include <mempool/mempool.h>
#include <node/context.h>
#include <node/rpc/util.h>
#include <primitives/address.h>
#include <rpc/server.h>
#include <serialize.h>
#include <util/args.h>
#include <util/chaintype.h>
#include <util/format.h>
#include <util/strencodings.h>
#include <validation/chainstate_manager.h>

using chainstate::BlockIndex;
using validation::ChainstateManager;

namespace node {

namespace {
rpc::RPCResponse GetRawTransaction(const NodeContext& node, const rpc::RPCArgs& args)
{
    ChainstateManager* chainman = GetChainman(node);
    if (!chainman) return ChainNotLoaded();
    const auto txid = uint256::FromHex(args.Arg<std::string>("txid"));
    if (!txid) return InvalidHash("txid");
    const bool verbose = args.Arg<bool>("verbose");
    std::optional<uint256> block_hash;
    if (const auto text = args.MaybeArg<std::string>("blockhash")) {
        block_hash = uint256::FromHex(*text);
        if (!block_hash) return InvalidHash("blockhash");
    }

    CTransactionRef tx;
    const BlockIndex* found_in = nullptr;
    LOCK(chainman->GetMutex());
    if (block_hash) {
        const BlockIndex* index = chainman->LookupBlockIndex(*block_hash);
        if (!index) return rpc::RPCError{rpc::RPC_INVALID_ADDRESS_OR_KEY, "Block hash not found"};
        if (!(index->status & chainstate::BLOCK_HAVE_DATA)) return rpc::RPCError{rpc::RPC_MISC_ERROR, "Block not available"};
        auto block = chainman->ReadBlock(*index);
        if (!block.ok()) return rpc::RPCError{rpc::RPC_MISC_ERROR, "Block not found on disk: " + block.status().ToString()};
        for (const CTransactionRef& t : block->vtx) {
            if (t->GetTxid() == *txid) tx = t;
        }
        if (!tx) return rpc::RPCError{rpc::RPC_INVALID_ADDRESS_OR_KEY, "No such transaction found in the provided block. Use gettransaction for wallet transactions."};
        found_in = index;
    } else if (CTransactionRef pooled = node.mempool ? node.mempool->Get(*txid) : nullptr) {
        tx = pooled; // as Bitcoin Core: the mempool first
    } else if (const chainstate::TxIndex* txindex = chainman->TxIndex()) {
        auto indexed = txindex->ReadTransaction(chainman->BlockMan(), *txid);
        if (!indexed.ok()) {
            if (indexed.status().IsNotFound()) {
                return rpc::RPCError{rpc::RPC_INVALID_ADDRESS_OR_KEY, "No such mempool or blockchain transaction. Use gettransaction for wallet transactions."};
            }
            return rpc::RPCError{rpc::RPC_MISC_ERROR, indexed.status().ToString()};
        }
        tx = indexed->tx;
        found_in = chainman->LookupBlockIndex(indexed->block_hash);
    } else {
        return rpc::RPCError{rpc::RPC_INVALID_ADDRESS_OR_KEY,
                        "No such mempool transaction. Use -txindex or provide a block hash to enable blockchain transaction queries. "
                        "Use gettransaction for wallet transactions."};
    }
    const std::string hex = HexStr(Encode(*tx));
    if (!verbose) return UniValue{hex};
    UniValue result = TxToJSON(*tx, AddressHrp(node.chain->name));
    result.pushKV("hex", hex);
    if (found_in) {
        const BlockIndex* tip = chainman->ActiveTip();
        const bool in_active = chainman->ActiveChain().Contains(found_in);
        if (block_hash) result.pushKV("in_active_chain", in_active);
        result.pushKV("blockhash", found_in->hash.GetHex());
        if (in_active) {
            result.pushKV("confirmations", tip->height - found_in->height + 1);
            result.pushKV("time", static_cast<int64_t>(found_in->time));
            result.pushKV("blocktime", static_cast<int64_t>(found_in->time));
        } else {
            result.pushKV("confirmations", 0);
        }
    }
    return result;
}

rpc::RPCMethod getrawtransaction(NodeContext& node)
{
    return {
        .name = "getrawtransaction",
        .category = "rawtransactions",
        .description = "Return the raw transaction data.\n\n"
                       "By default, this call only returns a transaction if it is in a block when -txindex is enabled,\n"
                       "or if the block that contains it is given as blockhash.\n"
                       "If verbose is 'true', returns an Object with information about 'txid'.\n"
                       "If verbose is 'false' or omitted, returns a string that is serialized, hex-encoded data for 'txid'.",
        .args = {{"txid", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The transaction id"},
                 {"verbose", rpc::RPCArg::Type::NUM_OR_BOOL, rpc::RPCArg::Default{false}, "If false, return a string, otherwise return a json object"},
                 {"blockhash", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::OMITTED, "The block in which to look for the transaction"}},
        .result = "\"data\" or { decoded fields, \"hex\", \"blockhash\", \"confirmations\", \"time\", \"blocktime\" }",
        .examples = {R"("<txid>")", R"("<txid>", true)", R"("<txid>", false, "<blockhash>")"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse { return GetRawTransaction(node, args); },
    };
}

rpc::RPCMethod decoderawtransaction(NodeContext& node)
{
    return {
        .name = "decoderawtransaction",
        .category = "rawtransactions",
        .description = "Return a JSON object representing the serialized, hex-encoded transaction.",
        .args = {{"hexstring", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The transaction hex string"}},
        .result = "{ \"txid\", \"hash\", \"version\", \"kind\", \"kind_id\", \"size\", \"base_size\", \"locktime\",\n"
                  "  \"vin\" : [ { \"txid\", \"vout\", \"txinwitness\", \"sequence\" } ],\n"
                  "  \"vout\" : [ { \"value\", \"n\", \"lock\" : { \"type\", \"program\", \"hex\", \"address\" } } ], \"payload\" }",
        .examples = {R"("<hexstring>")"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            const auto bytes = TryParseHex(args.Arg<std::string>("hexstring"));
            if (!bytes) return rpc::RPCError{rpc::RPC_DESERIALIZATION_ERROR, "TX decode failed: not a hex string"};
            auto tx = DecodeTransaction(*bytes);
            if (!tx) {
                const DecodeFailure f = tx.failure();
                return rpc::RPCError{rpc::RPC_DESERIALIZATION_ERROR,
                                StrFormat("TX decode failed: %s (%s at byte %zu)", std::string{DecodeErrorString(f.code)}.c_str(),
                                          f.what, f.offset)};
            }
            return TxToJSON(*tx, AddressHrp(node.chain->name));
        },
    };
}

rpc::RPCMethod validateaddress(NodeContext& node)
{
    return {
        .name = "validateaddress",
        .category = "util",
        .description = "Return information about the given DOTS address.",
        .args = {{"address", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The DOTS address to validate"}},
        .result = "{ \"isvalid\", \"address\", \"lock\" (hex of the output lock, Bitcoin's scriptPubKey), \"locktype\", \"program\",\n"
                  "  \"iswitness\" (always true: addresses are Bech32m), \"witness_version\" (the lock type), \"witness_program\", \"error\" }",
        .examples = {R"("rdots1...")"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            const std::string address = args.Arg<std::string>("address");
            const AddressDecodeResult decoded = DecodeAddress(address, AddressHrp(node.chain->name));
            UniValue result{UniValue::VOBJ};
            result.pushKV("isvalid", static_cast<bool>(decoded));
            if (!decoded) {
                result.pushKV("error", std::string{AddressErrorString(decoded.error)});
                return result;
            }
            result.pushKV("address", EncodeAddress(decoded.lock, AddressHrp(node.chain->name)));
            result.pushKV("lock", HexStr(Encode(decoded.lock)));
            result.pushKV("scriptPubKey", HexStr(Encode(decoded.lock)));
            result.pushKV("locktype", std::string{LockTypeName(decoded.lock.type)});
            result.pushKV("program", HexStr(decoded.lock.program));
            result.pushKV("iswitness", true);
            result.pushKV("witness_version", static_cast<int>(decoded.lock.type));
            result.pushKV("witness_program", HexStr(decoded.lock.program));
            return result;
        },
    };
}
} // namespace

void RegisterRawTransactionRPCCommands(rpc::RPCTable& table, NodeContext& node)
{
    for (const auto method : {getrawtransaction, decoderawtransaction, validateaddress}) table.Register(method(node));
}

} // namespace node
