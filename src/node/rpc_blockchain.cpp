// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Blockchain RPCs with Bitcoin Core's result shapes.

#include <node/rpc_register.h>

#include <node/context.h>
#include <node/rpc_chain_util.h>
#include <node/shutdown.h>
#include <primitives/address.h>
#include <rpc/server.h>
#include <serialize.h>
#include <util/chaintype.h>
#include <util/format.h>
#include <util/logging.h>
#include <util/strencodings.h>
#include <validation/chainstate_manager.h>

using chainstate::BlockIndex;
using validation::ChainstateManager;

namespace {
RPCError NoChain() { return RPCError{RPC_IN_WARMUP, "The block chain is not loaded"}; }

std::optional<uint256> ParseHashParam(const UniValue& v)
{
    if (!v.isStr()) return std::nullopt;
    return uint256::FromHex(v.get_str());
}

RPCError BadHash(const std::string& name)
{
    return RPCError{RPC_INVALID_PARAMETER, name + " must be of length 64 (not a valid hexadecimal hash)"};
}

RPCResponse GetBlockchainInfo(const NodeContext& node)
{
    ChainstateManager* chainman = GetChainman(node);
    if (!chainman) return NoChain();
    LOCK(chainman->GetMutex());
    const BlockIndex* tip = chainman->ActiveTip();
    const BlockIndex* best_header = chainman->BestHeader();
    UniValue result{UniValue::VOBJ};
    result.pushKV("chain", node.chain->name);
    result.pushKV("blocks", tip ? tip->height : -1);
    result.pushKV("headers", best_header ? best_header->height : -1);
    result.pushKV("bestblockhash", tip ? tip->hash.GetHex() : uint256{}.GetHex());
    result.pushKV("difficulty", tip ? GetDifficulty(tip->bits, chainman->Params().pow_limit) : 0.0);
    result.pushKV("time", tip ? static_cast<int64_t>(tip->time) : 0);
    result.pushKV("mediantime", tip ? tip->GetMedianTimePast() : 0);
    // Without peers the best known header is the only reference for progress.
    double progress = 1.0;
    if (tip && best_header && best_header->chain_tx > 0 && best_header->height > tip->height) {
        progress = static_cast<double>(tip->height) / best_header->height;
    }
    result.pushKV("verificationprogress", progress);
    result.pushKV("initialblockdownload", chainman->IsInitialBlockDownload());
    result.pushKV("chainwork", tip ? tip->chain_work.GetHex() : uint256{}.GetHex());
    result.pushKV("size_on_disk", chainman->BlockMan().CalculateCurrentUsage());
    result.pushKV("pruned", false);
    result.pushKV("warnings", node.chain->name == "main" ? "This is a pre-release build: do not use it on mainnet." : "");
    return result;
}

RPCResponse GetBlockOrHeader(const NodeContext& node, const JSONRPCRequest& request, bool header_only)
{
    ChainstateManager* chainman = GetChainman(node);
    if (!chainman) return NoChain();
    const auto hash = ParseHashParam(request.params[0]);
    if (!hash) return BadHash("blockhash");
    int verbosity = 1;
    if (header_only) {
        verbosity = ParamBool(request.params, 1, true) ? 1 : 0;
    } else if (!request.params[1].isNull()) {
        if (request.params[1].isBool()) {
            verbosity = request.params[1].get_bool() ? 1 : 0;
        } else if (request.params[1].isNum()) {
            verbosity = request.params[1].get_int();
        } else {
            return RPCError{RPC_TYPE_ERROR, "verbosity must be a number or boolean"};
        }
    }
    LOCK(chainman->GetMutex());
    const BlockIndex* index = chainman->LookupBlockIndex(*hash);
    if (index == nullptr) return RPCError{RPC_INVALID_ADDRESS_OR_KEY, "Block not found"};
    const BlockIndex* tip = chainman->ActiveTip();
    const BlockIndex* next = chainman->ActiveChain().Next(index);
    const uint256& pow_limit = chainman->Params().pow_limit;
    if (header_only) {
        if (verbosity == 0) return UniValue{HexStr(Encode(index->GetBlockHeader()))};
        return BlockHeaderToJSON(*index, tip, next, pow_limit);
    }
    if (!(index->status & chainstate::BLOCK_HAVE_DATA)) return RPCError{RPC_MISC_ERROR, "Block not available"};
    auto raw = chainman->BlockMan().ReadRawBlock(index->data_pos);
    if (!raw.ok()) return RPCError{RPC_MISC_ERROR, "Block not found on disk: " + raw.status().ToString()};
    if (verbosity <= 0) return UniValue{HexStr(*raw)};
    auto block = DecodeBlock(*raw);
    if (!block) return RPCError{RPC_MISC_ERROR, "Block not found on disk: undecodable"};
    return BlockToJSON(*block, *index, tip, next, pow_limit, verbosity, AddressHrp(node.chain->name));
}

RPCResponse GetTxOut(const NodeContext& node, const JSONRPCRequest& request)
{
    ChainstateManager* chainman = GetChainman(node);
    if (!chainman) return NoChain();
    const auto txid = ParseHashParam(request.params[0]);
    if (!txid) return BadHash("txid");
    const int64_t n = request.params[1].get_int64();
    if (n < 0 || n > 0xffffffffLL) return RPCError{RPC_INVALID_PARAMETER, "Invalid n: out of range"};
    LOCK(chainman->GetMutex());
    const std::optional<chainstate::Coin> coin =
        chainman->CoinsTip().GetCoin(COutPoint{*txid, static_cast<uint32_t>(n)});
    if (!coin) return UniValue{};
    const BlockIndex* tip = chainman->ActiveTip();
    UniValue result{UniValue::VOBJ};
    result.pushKV("bestblock", tip->hash.GetHex());
    result.pushKV("confirmations", static_cast<int64_t>(tip->height) - coin->height + 1);
    result.pushKV("value", ValueFromAmount(coin->out.value));
    UniValue lock{UniValue::VOBJ};
    lock.pushKV("type", std::string{LockTypeName(coin->out.lock.type)});
    lock.pushKV("program", HexStr(coin->out.lock.program));
    lock.pushKV("hex", HexStr(Encode(coin->out.lock)));
    lock.pushKV("address", EncodeAddress(coin->out.lock, AddressHrp(node.chain->name)));
    result.pushKV("lock", lock);
    result.pushKV("coinbase", coin->IsCoinBase());
    return result;
}

/** invalidateblock and reconsiderblock: look the block up, then run `action` on it. */
RPCResponse ChangeBlockValidity(const NodeContext& node, const JSONRPCRequest& request,
                                bool (ChainstateManager::*action)(const uint256&, BlockValidationState&))
{
    ChainstateManager* chainman = GetChainman(node);
    if (!chainman) return NoChain();
    const auto hash = ParseHashParam(request.params[0]);
    if (!hash) return BadHash("blockhash");
    {
        LOCK(chainman->GetMutex());
        if (!chainman->LookupBlockIndex(*hash)) return RPCError{RPC_INVALID_ADDRESS_OR_KEY, "Block not found"};
    }
    BlockValidationState state;
    if (!(chainman->*action)(*hash, state)) return RPCError{RPC_DATABASE_ERROR, state.ToString()};
    return UniValue{};
}
} // namespace

void RegisterBlockchainRPCCommands(RPCTable& table, NodeContext& node)
{
    table.Register({"blockchain", "getblockchaininfo", "Returns an object containing various state info regarding blockchain processing.", {},
        "{ \"chain\", \"blocks\", \"headers\", \"bestblockhash\", \"difficulty\", \"time\", \"mediantime\", \"verificationprogress\",\n"
        "  \"initialblockdownload\", \"chainwork\", \"size_on_disk\", \"pruned\", \"warnings\" }", {""},
        [&node](const JSONRPCRequest&) -> RPCResponse { return GetBlockchainInfo(node); }});
    table.Register({"blockchain", "getblockcount", "Returns the height of the most-work fully-validated chain.\nThe genesis block has height 0.", {},
        "n    (numeric) The current block count", {""},
        [&node](const JSONRPCRequest&) -> RPCResponse {
            ChainstateManager* chainman = GetChainman(node);
            if (!chainman) return NoChain();
            LOCK(chainman->GetMutex());
            return UniValue{chainman->ActiveChain().Height()};
        }});
    table.Register({"blockchain", "getbestblockhash", "Returns the hash of the best (tip) block in the most-work fully-validated chain.", {},
        "\"hex\"    (string) the block hash, hex-encoded", {""},
        [&node](const JSONRPCRequest&) -> RPCResponse {
            ChainstateManager* chainman = GetChainman(node);
            if (!chainman) return NoChain();
            LOCK(chainman->GetMutex());
            return UniValue{chainman->ActiveTip()->hash.GetHex()};
        }});
    table.Register({"blockchain", "getblockhash", "Returns hash of block in best-block-chain at height provided.",
        {{"height", RPCArgType::NUM, false, "", "The height index"}},
        "\"hex\"    (string) The block hash", {"1000"},
        [&node](const JSONRPCRequest& request) -> RPCResponse {
            ChainstateManager* chainman = GetChainman(node);
            if (!chainman) return NoChain();
            const int64_t height = request.params[0].get_int64();
            LOCK(chainman->GetMutex());
            if (height < 0 || height > chainman->ActiveChain().Height()) return RPCError{RPC_INVALID_PARAMETER, "Block height out of range"};
            return UniValue{chainman->ActiveChain()[static_cast<int>(height)]->hash.GetHex()};
        }});
    table.Register({"blockchain", "getblock",
        "If verbosity is 0, returns a string that is serialized, hex-encoded data for block 'hash'.\n"
        "If verbosity is 1, returns an Object with information about block <hash>.\n"
        "If verbosity is 2, returns an Object with information about block <hash> and information about each transaction.",
        {{"blockhash", RPCArgType::STR, false, "", "The block hash"},
         {"verbosity", RPCArgType::ANY, true, "1", "0 for hex-encoded data, 1 for a JSON object, and 2 for JSON object with transaction data"}},
        "block data (see help)", {"\"<hash>\"", "\"<hash>\" 2"},
        [&node](const JSONRPCRequest& request) -> RPCResponse { return GetBlockOrHeader(node, request, false); }});
    table.Register({"blockchain", "getblockheader",
        "If verbose is false, returns a string that is serialized, hex-encoded data for blockheader 'hash'.\n"
        "If verbose is true, returns an Object with information about blockheader <hash>.",
        {{"blockhash", RPCArgType::STR, false, "", "The block hash"},
         {"verbose", RPCArgType::BOOL, true, "true", "true for a json object, false for the hex-encoded data"}},
        "header data (see help)", {"\"<hash>\""},
        [&node](const JSONRPCRequest& request) -> RPCResponse { return GetBlockOrHeader(node, request, true); }});
    table.Register({"blockchain", "getdifficulty", "Returns the proof-of-work difficulty as a multiple of the minimum difficulty.", {},
        "n.nnn       (numeric) the proof-of-work difficulty", {""},
        [&node](const JSONRPCRequest&) -> RPCResponse {
            ChainstateManager* chainman = GetChainman(node);
            if (!chainman) return NoChain();
            LOCK(chainman->GetMutex());
            return UniValue{GetDifficulty(chainman->ActiveTip()->bits, chainman->Params().pow_limit)};
        }});
    table.Register({"blockchain", "gettxout", "Returns details about an unspent transaction output.",
        {{"txid", RPCArgType::STR, false, "", "The transaction id"},
         {"n", RPCArgType::NUM, false, "", "vout number"},
         {"include_mempool", RPCArgType::BOOL, true, "true", "Whether to include the mempool (ignored: there is no mempool yet)"}},
        "{ \"bestblock\", \"confirmations\", \"value\", \"lock\" : { \"type\", \"program\", \"hex\", \"address\" }, \"coinbase\" } or null",
        {"\"txid\" 1"},
        [&node](const JSONRPCRequest& request) -> RPCResponse { return GetTxOut(node, request); }});
    table.Register({"blockchain", "gettxoutsetinfo", "Returns statistics about the unspent transaction output set.\nNote this call may take some time.", {},
        "{ \"height\", \"bestblock\", \"transactions\", \"txouts\", \"bogosize\", \"hash_serialized\", \"disk_size\", \"total_amount\" }", {""},
        [&node](const JSONRPCRequest&) -> RPCResponse {
            ChainstateManager* chainman = GetChainman(node);
            if (!chainman) return NoChain();
            auto stats = chainman->GetCoinsStats();
            if (!stats.ok()) return RPCError{RPC_INTERNAL_ERROR, "Unable to read UTXO set: " + stats.status().ToString()};
            LOCK(chainman->GetMutex());
            const BlockIndex* best = chainman->LookupBlockIndex(stats->best_block);
            UniValue result{UniValue::VOBJ};
            result.pushKV("height", best ? best->height : -1);
            result.pushKV("bestblock", stats->best_block.GetHex());
            result.pushKV("transactions", stats->transactions);
            result.pushKV("txouts", stats->txouts);
            result.pushKV("bogosize", stats->bogosize);
            result.pushKV("hash_serialized", stats->hash_serialized.GetHex());
            result.pushKV("disk_size", stats->disk_size);
            result.pushKV("total_amount", ValueFromAmount(stats->total_amount));
            return result;
        }});
    table.Register({"blockchain", "getchaintips", "Return information about all known tips in the block tree, including the main chain as well as orphaned branches.", {},
        "[ { \"height\", \"hash\", \"branchlen\", \"status\" : \"active|valid-fork|valid-headers|headers-only|invalid\" }, ... ]", {""},
        [&node](const JSONRPCRequest&) -> RPCResponse {
            ChainstateManager* chainman = GetChainman(node);
            if (!chainman) return NoChain();
            LOCK(chainman->GetMutex());
            UniValue result{UniValue::VARR};
            for (const validation::ChainTip& tip : chainman->GetChainTips()) {
                UniValue entry{UniValue::VOBJ};
                entry.pushKV("height", tip.index->height);
                entry.pushKV("hash", tip.index->hash.GetHex());
                entry.pushKV("branchlen", tip.status == "active" ? 0 : tip.branchlen);
                entry.pushKV("status", tip.status);
                result.push_back(entry);
            }
            return result;
        }});
    table.Register({"blockchain", "invalidateblock", "Permanently marks a block as invalid, as if it violated a consensus rule.",
        {{"blockhash", RPCArgType::STR, false, "", "the hash of the block to mark as invalid"}}, "null", {"\"blockhash\""},
        [&node](const JSONRPCRequest& request) -> RPCResponse {
            return ChangeBlockValidity(node, request, &ChainstateManager::InvalidateBlock);
        }});
    table.Register({"blockchain", "reconsiderblock", "Removes invalidity status of a block, its ancestors and its descendants, reconsider them for activation.\nThis can be used to undo the effects of invalidateblock.",
        {{"blockhash", RPCArgType::STR, false, "", "the hash of the block to reconsider"}}, "null", {"\"blockhash\""},
        [&node](const JSONRPCRequest& request) -> RPCResponse {
            return ChangeBlockValidity(node, request, &ChainstateManager::ReconsiderBlock);
        }});
    table.Register({"blockchain", "verifychain", "Verifies blockchain database.",
        {{"checklevel", RPCArgType::NUM, true, "3", "How thorough the block verification is: 0-4"},
         {"nblocks", RPCArgType::NUM, true, "6", "The number of blocks to check (0 = all)"}},
        "true|false    (boolean) Verified or not", {"", "4 0"},
        [&node](const JSONRPCRequest& request) -> RPCResponse {
            ChainstateManager* chainman = GetChainman(node);
            if (!chainman) return NoChain();
            const int64_t level = ParamInt(request.params, 0, validation::DEFAULT_CHECKLEVEL);
            const int64_t nblocks = ParamInt(request.params, 1, validation::DEFAULT_CHECKBLOCKS);
            if (level < 0 || level > 4) return RPCError{RPC_INVALID_PARAMETER, "checklevel must be between 0 and 4"};
            if (nblocks < 0) return RPCError{RPC_INVALID_PARAMETER, "nblocks must not be negative"};
            auto res = chainman->VerifyDB(static_cast<int>(level), static_cast<int>(nblocks));
            if (!res) LogWarning("verifychain: %s", res.error().c_str());
            return UniValue{static_cast<bool>(res)};
        }});
}
