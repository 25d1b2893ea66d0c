// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Raw transaction and address RPCs: getrawtransaction, decoderawtransaction, validateaddress.
// sendrawtransaction needs the mempool and is registered by it.

#include <node/rpc_register.h>

#include <node/context.h>
#include <node/rpc_chain_util.h>
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

namespace {
RPCResponse GetRawTransaction(const NodeContext& node, const JSONRPCRequest& request)
{
    ChainstateManager* chainman = GetChainman(node);
    if (!chainman) return RPCError{RPC_IN_WARMUP, "The block chain is not loaded"};
    const auto txid = request.params[0].isStr() ? uint256::FromHex(request.params[0].get_str()) : std::nullopt;
    if (!txid) return RPCError{RPC_INVALID_PARAMETER, "txid must be of length 64 (not a valid hexadecimal hash)"};
    bool verbose = false;
    if (request.params[1].isBool()) {
        verbose = request.params[1].get_bool();
    } else if (request.params[1].isNum()) {
        verbose = request.params[1].get_int64() != 0;
    } else if (!request.params[1].isNull()) {
        return RPCError{RPC_TYPE_ERROR, "verbose must be a boolean or number"};
    }
    std::optional<uint256> block_hash;
    if (!request.params[2].isNull()) {
        block_hash = request.params[2].isStr() ? uint256::FromHex(request.params[2].get_str()) : std::nullopt;
        if (!block_hash) return RPCError{RPC_INVALID_PARAMETER, "blockhash must be of length 64 (not a valid hexadecimal hash)"};
    }

    CTransactionRef tx;
    const BlockIndex* found_in = nullptr;
    LOCK(chainman->GetMutex());
    if (block_hash) {
        const BlockIndex* index = chainman->LookupBlockIndex(*block_hash);
        if (!index) return RPCError{RPC_INVALID_ADDRESS_OR_KEY, "Block hash not found"};
        if (!(index->status & chainstate::BLOCK_HAVE_DATA)) return RPCError{RPC_MISC_ERROR, "Block not available"};
        auto block = chainman->ReadBlock(*index);
        if (!block.ok()) return RPCError{RPC_MISC_ERROR, "Block not found on disk: " + block.status().ToString()};
        for (const CTransactionRef& t : block->vtx) {
            if (t->GetTxid() == *txid) tx = t;
        }
        if (!tx) return RPCError{RPC_INVALID_ADDRESS_OR_KEY, "No such transaction found in the provided block. Use gettransaction for wallet transactions."};
        found_in = index;
    } else if (const chainstate::TxIndex* txindex = chainman->TxIndex()) {
        auto indexed = txindex->ReadTransaction(chainman->BlockMan(), *txid);
        if (!indexed.ok()) {
            if (indexed.status().IsNotFound()) {
                return RPCError{RPC_INVALID_ADDRESS_OR_KEY, "No such mempool or blockchain transaction. Use gettransaction for wallet transactions."};
            }
            return RPCError{RPC_MISC_ERROR, indexed.status().ToString()};
        }
        tx = indexed->tx;
        found_in = chainman->LookupBlockIndex(indexed->block_hash);
    } else {
        return RPCError{RPC_INVALID_ADDRESS_OR_KEY,
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
} // namespace

void RegisterRawTransactionRPCCommands(RPCTable& table, NodeContext& node)
{
    table.Register({"rawtransactions", "getrawtransaction",
        "Return the raw transaction data.\n\n"
        "By default, this call only returns a transaction if it is in a block when -txindex is enabled,\n"
        "or if the block that contains it is given as blockhash.\n"
        "If verbose is 'true', returns an Object with information about 'txid'.\n"
        "If verbose is 'false' or omitted, returns a string that is serialized, hex-encoded data for 'txid'.",
        {{"txid", RPCArgType::STR, false, "", "The transaction id"},
         {"verbose", RPCArgType::ANY, true, "false", "If false, return a string, otherwise return a json object"},
         {"blockhash", RPCArgType::STR, true, "", "The block in which to look for the transaction"}},
        "\"data\" or { decoded fields, \"hex\", \"blockhash\", \"confirmations\", \"time\", \"blocktime\" }",
        {"\"mytxid\"", "\"mytxid\" true", "\"mytxid\" false \"myblockhash\""},
        [&node](const JSONRPCRequest& request) -> RPCResponse { return GetRawTransaction(node, request); }});
    table.Register({"rawtransactions", "decoderawtransaction",
        "Return a JSON object representing the serialized, hex-encoded transaction.",
        {{"hexstring", RPCArgType::STR, false, "", "The transaction hex string"}},
        "{ \"txid\", \"hash\", \"version\", \"kind\", \"kind_id\", \"size\", \"base_size\", \"locktime\",\n"
        "  \"vin\" : [ { \"txid\", \"vout\", \"txinwitness\", \"sequence\" } ],\n"
        "  \"vout\" : [ { \"value\", \"n\", \"lock\" : { \"type\", \"program\", \"hex\", \"address\" } } ], \"payload\" }",
        {"\"hexstring\""},
        [&node](const JSONRPCRequest& request) -> RPCResponse {
            const auto bytes = TryParseHex(request.params[0].get_str());
            if (!bytes) return RPCError{RPC_DESERIALIZATION_ERROR, "TX decode failed: not a hex string"};
            auto tx = DecodeTransaction(*bytes);
            if (!tx) {
                const DecodeFailure f = tx.failure();
                return RPCError{RPC_DESERIALIZATION_ERROR,
                                StrFormat("TX decode failed: %s (%s at byte %zu)", std::string{DecodeErrorString(f.code)}.c_str(),
                                          f.what, f.offset)};
            }
            return TxToJSON(*tx, AddressHrp(node.chain->name));
        }});
    table.Register({"util", "validateaddress", "Return information about the given DOTS address.",
        {{"address", RPCArgType::STR, false, "", "The DOTS address to validate"}},
        "{ \"isvalid\", \"address\", \"lock\" (hex of the output lock, Bitcoin's scriptPubKey), \"locktype\", \"program\",\n"
        "  \"iswitness\" (always true: addresses are Bech32m), \"witness_version\" (the lock type), \"witness_program\", \"error\" }",
        {"\"rdots1...\""},
        [&node](const JSONRPCRequest& request) -> RPCResponse {
            const std::string& address = request.params[0].get_str();
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
        }});
}
