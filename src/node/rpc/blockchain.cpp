// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Blockchain RPCs with Bitcoin Core's result shapes.

#include <node/rpc/register.h>

#include <mempool/coins_view.h>
#include <mempool/mempool.h>
#include <node/context.h>
#include <node/rpc/util.h>
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

namespace node {

namespace {

rpc::RPCResponse GetBlockchainInfo(const NodeContext& node)
{
    ChainstateManager* chainman = GetChainman(node);
    if (!chainman) return ChainNotLoaded();
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

/** getblock (verbosity 0-2) and getblockheader (verbosity 0-1). */
rpc::RPCResponse GetBlockOrHeader(const NodeContext& node, const std::string& blockhash, int64_t verbosity, bool header_only)
{
    ChainstateManager* chainman = GetChainman(node);
    if (!chainman) return ChainNotLoaded();
    const auto hash = uint256::FromHex(blockhash);
    if (!hash) return InvalidHash("blockhash");
    LOCK(chainman->GetMutex());
    const BlockIndex* index = chainman->LookupBlockIndex(*hash);
    if (index == nullptr) return rpc::RPCError{rpc::RPC_INVALID_ADDRESS_OR_KEY, "Block not found"};
    const BlockIndex* tip = chainman->ActiveTip();
    const BlockIndex* next = chainman->ActiveChain().Next(index);
    const uint256& pow_limit = chainman->Params().pow_limit;
    if (header_only) {
        if (verbosity == 0) return UniValue{HexStr(Encode(index->GetBlockHeader()))};
        return BlockHeaderToJSON(*index, tip, next, pow_limit);
    }
    if (!(index->status & chainstate::BLOCK_HAVE_DATA)) return rpc::RPCError{rpc::RPC_MISC_ERROR, "Block not available"};
    auto raw = chainman->BlockMan().ReadRawBlock(index->data_pos);
    if (!raw.ok()) return rpc::RPCError{rpc::RPC_MISC_ERROR, "Block not found on disk: " + raw.status().ToString()};
    if (verbosity <= 0) return UniValue{HexStr(*raw)};
    auto block = DecodeBlock(*raw);
    if (!block) return rpc::RPCError{rpc::RPC_MISC_ERROR, "Block not found on disk: undecodable"};
    return BlockToJSON(*block, *index, tip, next, pow_limit, static_cast<int>(std::min<int64_t>(verbosity, 2)),
                       AddressHrp(node.chain->name));
}

rpc::RPCResponse GetTxOut(const NodeContext& node, const rpc::RPCArgs& args)
{
    ChainstateManager* chainman = GetChainman(node);
    if (!chainman) return ChainNotLoaded();
    const auto txid = uint256::FromHex(args.Arg<std::string>("txid"));
    if (!txid) return InvalidHash("txid");
    const int64_t n = args.Arg<int64_t>("n");
    if (n < 0 || n > 0xffffffffLL) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Invalid n: out of range"};
    const COutPoint outpoint{*txid, static_cast<uint32_t>(n)};
    LOCK(chainman->GetMutex());
    std::optional<chainstate::Coin> coin;
    if (args.Arg<bool>("include_mempool") && node.mempool) {
        // Outputs of mempool transactions count, outputs a mempool transaction spends do not.
        const mempool::TxMempool& pool = node.mempool->Pool();
        LOCK(pool.GetMutex());
        if (pool.GetSpenderLocked(outpoint)) return UniValue{};
        coin = mempool::CoinsViewMempool{&chainman->CoinsTip(), pool}.GetCoin(outpoint);
    } else {
        coin = chainman->CoinsTip().GetCoin(outpoint);
    }
    if (!coin) return UniValue{};
    const BlockIndex* tip = chainman->ActiveTip();
    UniValue result{UniValue::VOBJ};
    result.pushKV("bestblock", tip->hash.GetHex());
    result.pushKV("confirmations", coin->height == mempool::MEMPOOL_HEIGHT ? 0 : static_cast<int64_t>(tip->height) - coin->height + 1);
    result.pushKV("value", rpc::ValueFromAmount(coin->out.value));
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
rpc::RPCResponse ChangeBlockValidity(const NodeContext& node, const std::string& blockhash,
                                bool (ChainstateManager::*action)(const uint256&, consensus::BlockValidationState&))
{
    ChainstateManager* chainman = GetChainman(node);
    if (!chainman) return ChainNotLoaded();
    const auto hash = uint256::FromHex(blockhash);
    if (!hash) return InvalidHash("blockhash");
    {
        LOCK(chainman->GetMutex());
        if (!chainman->LookupBlockIndex(*hash)) return rpc::RPCError{rpc::RPC_INVALID_ADDRESS_OR_KEY, "Block not found"};
    }
    consensus::BlockValidationState state;
    if (!(chainman->*action)(*hash, state)) return rpc::RPCError{rpc::RPC_DATABASE_ERROR, state.ToString()};
    return UniValue{};
}

rpc::RPCMethod getblockchaininfo(NodeContext& node)
{
    return {
        .name = "getblockchaininfo",
        .category = "blockchain",
        .description = "Returns an object containing various state info regarding blockchain processing.",
        .args = {},
        .result = "{ \"chain\", \"blocks\", \"headers\", \"bestblockhash\", \"difficulty\", \"time\", \"mediantime\", \"verificationprogress\",\n"
                  "  \"initialblockdownload\", \"chainwork\", \"size_on_disk\", \"pruned\", \"warnings\" }",
        .examples = {""},
        .handler = [&node](const rpc::RPCArgs&) -> rpc::RPCResponse { return GetBlockchainInfo(node); },
    };
}

rpc::RPCMethod getblockcount(NodeContext& node)
{
    return {
        .name = "getblockcount",
        .category = "blockchain",
        .description = "Returns the height of the most-work fully-validated chain.\nThe genesis block has height 0.",
        .args = {},
        .result = "n    (numeric) The current block count",
        .examples = {""},
        .handler = [&node](const rpc::RPCArgs&) -> rpc::RPCResponse {
            ChainstateManager* chainman = GetChainman(node);
            if (!chainman) return ChainNotLoaded();
            LOCK(chainman->GetMutex());
            return UniValue{chainman->ActiveChain().Height()};
        },
    };
}

rpc::RPCMethod getbestblockhash(NodeContext& node)
{
    return {
        .name = "getbestblockhash",
        .category = "blockchain",
        .description = "Returns the hash of the best (tip) block in the most-work fully-validated chain.",
        .args = {},
        .result = "\"hex\"    (string) the block hash, hex-encoded",
        .examples = {""},
        .handler = [&node](const rpc::RPCArgs&) -> rpc::RPCResponse {
            ChainstateManager* chainman = GetChainman(node);
            if (!chainman) return ChainNotLoaded();
            LOCK(chainman->GetMutex());
            return UniValue{chainman->ActiveTip()->hash.GetHex()};
        },
    };
}

rpc::RPCMethod getblockhash(NodeContext& node)
{
    return {
        .name = "getblockhash",
        .category = "blockchain",
        .description = "Returns hash of block in best-block-chain at height provided.",
        .args = {{"height", rpc::RPCArg::Type::NUM, rpc::RPCArg::Optional::NO, "The height index"}},
        .result = "\"hex\"    (string) The block hash",
        .examples = {"1000"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            ChainstateManager* chainman = GetChainman(node);
            if (!chainman) return ChainNotLoaded();
            const int64_t height = args.Arg<int64_t>("height");
            LOCK(chainman->GetMutex());
            if (height < 0 || height > chainman->ActiveChain().Height()) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Block height out of range"};
            return UniValue{chainman->ActiveChain()[static_cast<int>(height)]->hash.GetHex()};
        },
    };
}

rpc::RPCMethod getblock(NodeContext& node)
{
    return {
        .name = "getblock",
        .category = "blockchain",
        .description = "If verbosity is 0, returns a string that is serialized, hex-encoded data for block 'hash'.\n"
                       "If verbosity is 1, returns an Object with information about block <hash>.\n"
                       "If verbosity is 2, returns an Object with information about block <hash> and information about each transaction.",
        .args = {{"blockhash", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The block hash"},
                 {"verbosity", rpc::RPCArg::Type::NUM_OR_BOOL, rpc::RPCArg::Default{1},
                  "0 for hex-encoded data, 1 for a JSON object, and 2 for JSON object with transaction data"}},
        .result = "block data (see help)",
        .examples = {R"("<hash>")", R"("<hash>", 2)"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            return GetBlockOrHeader(node, args.Arg<std::string>("blockhash"), args.Arg<int64_t>("verbosity"), /*header_only=*/false);
        },
    };
}

rpc::RPCMethod getblockheader(NodeContext& node)
{
    return {
        .name = "getblockheader",
        .category = "blockchain",
        .description = "If verbose is false, returns a string that is serialized, hex-encoded data for blockheader 'hash'.\n"
                       "If verbose is true, returns an Object with information about blockheader <hash>.",
        .args = {{"blockhash", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The block hash"},
                 {"verbose", rpc::RPCArg::Type::BOOL, rpc::RPCArg::Default{true}, "true for a json object, false for the hex-encoded data"}},
        .result = "header data (see help)",
        .examples = {R"("<hash>")"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            return GetBlockOrHeader(node, args.Arg<std::string>("blockhash"), args.Arg<bool>("verbose") ? 1 : 0, /*header_only=*/true);
        },
    };
}

rpc::RPCMethod getdifficulty(NodeContext& node)
{
    return {
        .name = "getdifficulty",
        .category = "blockchain",
        .description = "Returns the proof-of-work difficulty as a multiple of the minimum difficulty.",
        .args = {},
        .result = "n.nnn       (numeric) the proof-of-work difficulty",
        .examples = {""},
        .handler = [&node](const rpc::RPCArgs&) -> rpc::RPCResponse {
            ChainstateManager* chainman = GetChainman(node);
            if (!chainman) return ChainNotLoaded();
            LOCK(chainman->GetMutex());
            return UniValue{GetDifficulty(chainman->ActiveTip()->bits, chainman->Params().pow_limit)};
        },
    };
}

rpc::RPCMethod gettxout(NodeContext& node)
{
    return {
        .name = "gettxout",
        .category = "blockchain",
        .description = "Returns details about an unspent transaction output.",
        .args = {{"txid", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The transaction id"},
                 {"n", rpc::RPCArg::Type::NUM, rpc::RPCArg::Optional::NO, "vout number"},
                 {"include_mempool", rpc::RPCArg::Type::BOOL, rpc::RPCArg::Default{true}, "Whether to include the mempool. Note that an unspent output that is spent in the mempool won't appear."}},
        .result = "{ \"bestblock\", \"confirmations\", \"value\", \"lock\" : { \"type\", \"program\", \"hex\", \"address\" }, \"coinbase\" } or null",
        .examples = {R"("<txid>", 1)"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse { return GetTxOut(node, args); },
    };
}

rpc::RPCMethod gettxoutsetinfo(NodeContext& node)
{
    return {
        .name = "gettxoutsetinfo",
        .category = "blockchain",
        .description = "Returns statistics about the unspent transaction output set.\nNote this call may take some time.",
        .args = {},
        .result = "{ \"height\", \"bestblock\", \"transactions\", \"txouts\", \"bogosize\", \"hash_serialized\", \"disk_size\", \"total_amount\" }",
        .examples = {""},
        .handler = [&node](const rpc::RPCArgs&) -> rpc::RPCResponse {
            ChainstateManager* chainman = GetChainman(node);
            if (!chainman) return ChainNotLoaded();
            auto stats = chainman->GetCoinsStats();
            if (!stats.ok()) return rpc::RPCError{rpc::RPC_INTERNAL_ERROR, "Unable to read UTXO set: " + stats.status().ToString()};
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
            result.pushKV("total_amount", rpc::ValueFromAmount(stats->total_amount));
            return result;
        },
    };
}

rpc::RPCMethod getchaintips(NodeContext& node)
{
    return {
        .name = "getchaintips",
        .category = "blockchain",
        .description = "Return information about all known tips in the block tree, including the main chain as well as orphaned branches.",
        .args = {},
        .result = "[ { \"height\", \"hash\", \"branchlen\", \"status\" : \"active|valid-fork|valid-headers|headers-only|invalid\" }, ... ]",
        .examples = {""},
        .handler = [&node](const rpc::RPCArgs&) -> rpc::RPCResponse {
            ChainstateManager* chainman = GetChainman(node);
            if (!chainman) return ChainNotLoaded();
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
        },
    };
}

rpc::RPCMethod invalidateblock(NodeContext& node)
{
    return {
        .name = "invalidateblock",
        .category = "blockchain",
        .description = "Permanently marks a block as invalid, as if it violated a consensus rule.",
        .args = {{"blockhash", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "the hash of the block to mark as invalid"}},
        .result = "null",
        .examples = {R"("<blockhash>")"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            return ChangeBlockValidity(node, args.Arg<std::string>("blockhash"), &ChainstateManager::InvalidateBlock);
        },
    };
}

rpc::RPCMethod reconsiderblock(NodeContext& node)
{
    return {
        .name = "reconsiderblock",
        .category = "blockchain",
        .description = "Removes invalidity status of a block, its ancestors and its descendants, reconsider them for activation.\n"
                       "This can be used to undo the effects of invalidateblock.",
        .args = {{"blockhash", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "the hash of the block to reconsider"}},
        .result = "null",
        .examples = {R"("<blockhash>")"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            return ChangeBlockValidity(node, args.Arg<std::string>("blockhash"), &ChainstateManager::ReconsiderBlock);
        },
    };
}

rpc::RPCMethod verifychain(NodeContext& node)
{
    return {
        .name = "verifychain",
        .category = "blockchain",
        .description = "Verifies blockchain database.",
        .args = {{"checklevel", rpc::RPCArg::Type::NUM, rpc::RPCArg::Default{validation::DEFAULT_CHECKLEVEL}, "How thorough the block verification is: 0-4"},
                 {"nblocks", rpc::RPCArg::Type::NUM, rpc::RPCArg::Default{validation::DEFAULT_CHECKBLOCKS}, "The number of blocks to check (0 = all)"}},
        .result = "true|false    (boolean) Verified or not",
        .examples = {"", "4, 0"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            ChainstateManager* chainman = GetChainman(node);
            if (!chainman) return ChainNotLoaded();
            const int64_t level = args.Arg<int64_t>("checklevel");
            const int64_t nblocks = args.Arg<int64_t>("nblocks");
            if (level < 0 || level > 4) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "checklevel must be between 0 and 4"};
            if (nblocks < 0) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "nblocks must not be negative"};
            auto res = chainman->VerifyDB(static_cast<int>(level), static_cast<int>(nblocks));
            if (!res) LogWarning("verifychain: %s", res.error().c_str());
            return UniValue{static_cast<bool>(res)};
        },
    };
}
} // namespace

void RegisterBlockchainRPCCommands(rpc::RPCTable& table, NodeContext& node)
{
    for (const auto method : {getblockchaininfo, getblockcount, getbestblockhash, getblockhash, getblock, getblockheader,
                              getdifficulty, gettxout, gettxoutsetinfo, getchaintips, invalidateblock, reconsiderblock,
                              verifychain}) {
        table.Register(method(node));
    }
}

} // namespace node
