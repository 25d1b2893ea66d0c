// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Mining RPCs: generatetoaddress, generateblock, getblocktemplate, submitblock, getmininginfo.

#include <node/rpc/register.h>

#include <consensus/arith_uint256.h>
#include <consensus/pow.h>
#include <consensus/tx_check.h>
#include <mining/miner.h>
#include <node/context.h>
#include <node/rpc/util.h>
#include <node/shutdown.h>
#include <primitives/address.h>
#include <primitives/merkle.h>
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
constexpr int64_t DEFAULT_MAX_TRIES = 1'000'000;

std::optional<OutputLock> ParseAddress(const NodeContext& node, const std::string& address, RPCError& error)
{
    const AddressDecodeResult decoded = DecodeAddress(address, AddressHrp(node.chain->name));
    if (!decoded) {
        error = RPCError{RPC_INVALID_ADDRESS_OR_KEY, "Error: Invalid address: " + std::string{AddressErrorString(decoded.error)}};
        return std::nullopt;
    }
    return decoded.lock;
}

UniValue HashesToJSON(const std::vector<uint256>& hashes)
{
    UniValue result{UniValue::VARR};
    for (const uint256& h : hashes) result.push_back(h.GetHex());
    return result;
}

/** Bitcoin's submitblock result: null, "duplicate", "duplicate-invalid", "inconclusive" or the reason. */
UniValue SubmitBlock(ChainstateManager& chainman, const CBlock& block)
{
    const uint256 hash = block.GetHash();
    {
        LOCK(chainman.GetMutex());
        if (const BlockIndex* index = chainman.LookupBlockIndex(hash)) {
            if (index->status & chainstate::BLOCK_FAILED_MASK) return UniValue{"duplicate-invalid"};
            if (index->status & chainstate::BLOCK_HAVE_DATA) return UniValue{"duplicate"};
        }
    }
    BlockValidationState state;
    BlockValidationState connect_state;
    bool new_block = false;
    const bool accepted = chainman.ProcessNewBlock(block, state, &new_block, &connect_state);
    if (!accepted) {
        if (state.IsError()) return UniValue{state.GetRejectReason()};
        return UniValue{state.GetRejectReason()};
    }
    if (!connect_state.IsValid()) return UniValue{connect_state.GetRejectReason()};
    if (!new_block) return UniValue{"duplicate"};
    LOCK(chainman.GetMutex());
    const BlockIndex* index = chainman.LookupBlockIndex(hash);
    if (index && index->IsValid(chainstate::BLOCK_VALID_SCRIPTS)) return UniValue{};
    return UniValue{"inconclusive"};
}

double NetworkHashPS(const ChainstateManager& chainman, int lookup) EXCLUSIVE_LOCKS_REQUIRED(chainman.GetMutex())
{
    const BlockIndex* tip = chainman.ActiveTip();
    if (tip == nullptr || tip->height == 0) return 0;
    lookup = std::min(lookup, tip->height);
    const BlockIndex* first = tip->GetAncestor(tip->height - lookup);
    const int64_t span = static_cast<int64_t>(tip->time) - static_cast<int64_t>(first->time);
    if (span <= 0) return 0;
    const arith_uint256 work = tip->chain_work - first->chain_work;
    // Work fits a double well enough for a rate estimate.
    double w = 0;
    const uint256 bytes = work.ToUint256();
    for (int i = 31; i >= 0; --i) w = w * 256.0 + bytes.data()[i];
    return w / static_cast<double>(span);
}

/** generateblock: builds a block of the given transactions paying `output`, solves it, then submits it or returns its hex. */
RPCResponse GenerateBlock(const NodeContext& node, const RPCArgs& args)
{
    ChainstateManager* chainman = GetChainman(node);
    if (!chainman) return ChainNotLoaded();
    RPCError error{RPC_MISC_ERROR, ""};
    const auto lock = ParseAddress(node, args.Arg<std::string>("output"), error);
    if (!lock) return error;
    std::vector<CTransactionRef> txs;
    const UniValue list = args.Arg<UniValue>("transactions");
    for (size_t i = 0; i < list.size(); ++i) {
        if (!list[i].isStr()) return RPCError{RPC_TYPE_ERROR, "transactions must be strings"};
        const std::string& s = list[i].get_str();
        if (s.size() == 64 && uint256::FromHex(s)) {
            return RPCError{RPC_INVALID_ADDRESS_OR_KEY, "Transaction " + s + " not in mempool."};
        }
        const auto bytes = TryParseHex(s);
        auto tx = bytes ? DecodeTransaction(*bytes) : Decoded<CTransaction>{DecodeFailure{DecodeError::INVALID_VALUE, "hex", 0}};
        if (!tx) return RPCError{RPC_DESERIALIZATION_ERROR, "Transaction decode failed for " + s};
        txs.push_back(MakeTransactionRef(std::move(*tx)));
    }
    auto tmpl = mining::CreateNewBlock(*chainman, *lock, txs);
    if (!tmpl) return RPCError{RPC_VERIFY_ERROR, tmpl.error()};
    CBlock& block = tmpl->block;
    uint64_t tries = DEFAULT_MAX_TRIES;
    uint64_t extra_nonce = 0;
    bool solved = false;
    while (!solved && tries > 0 && !ShutdownSignal::Requested()) {
        mining::SetExtraNonce(block, tmpl->height, ++extra_nonce);
        block.nonce = 0;
        solved = mining::SolveBlock(block, chainman->Params(), tries, [] { return ShutdownSignal::Requested(); });
    }
    if (!solved) return RPCError{RPC_MISC_ERROR, "Failed to make block."};
    UniValue result{UniValue::VOBJ};
    result.pushKV("hash", block.GetHash().GetHex());
    if (!args.Arg<bool>("submit")) {
        result.pushKV("hex", HexStr(Encode(block)));
        return result;
    }
    const UniValue submitted = SubmitBlock(*chainman, block);
    if (!submitted.isNull()) return RPCError{RPC_VERIFY_ERROR, "ProcessNewBlock, block not accepted: " + submitted.get_str()};
    return result;
}

RPCMethod generatetoaddress(NodeContext& node)
{
    return {
        .name = "generatetoaddress",
        .category = "generating",
        .description = "Mine blocks immediately to a specified address (before the RPC call returns)",
        .args = {{"nblocks", RPCArg::Type::NUM, RPCArg::Optional::NO, "How many blocks are generated immediately."},
                 {"address", RPCArg::Type::STR, RPCArg::Optional::NO, "The address to send the newly generated coins to."},
                 {"maxtries", RPCArg::Type::NUM, RPCArg::Default{DEFAULT_MAX_TRIES}, "How many iterations to try."}},
        .result = "[ \"hex\", ... ]    (json array) hashes of blocks generated",
        .examples = {R"(11, "<address>")"},
        .handler = [&node](const RPCArgs& args) -> RPCResponse {
            ChainstateManager* chainman = GetChainman(node);
            if (!chainman) return ChainNotLoaded();
            const int64_t nblocks = args.Arg<int64_t>("nblocks");
            if (nblocks < 0 || nblocks > 1'000'000) return RPCError{RPC_INVALID_PARAMETER, "nblocks out of range"};
            const int64_t max_tries = args.Arg<int64_t>("maxtries");
            if (max_tries < 1) return RPCError{RPC_INVALID_PARAMETER, "maxtries must be positive"};
            RPCError error{RPC_MISC_ERROR, ""};
            const auto lock = ParseAddress(node, args.Arg<std::string>("address"), error);
            if (!lock) return error;
            auto hashes = mining::GenerateBlocks(*chainman, *lock, static_cast<int>(nblocks), static_cast<uint64_t>(max_tries),
                                                 [] { return ShutdownSignal::Requested(); });
            if (!hashes) return RPCError{RPC_INTERNAL_ERROR, hashes.error()};
            return HashesToJSON(*hashes);
        },
    };
}

RPCMethod generateblock(NodeContext& node)
{
    return {
        .name = "generateblock",
        .category = "generating",
        .description = "Mine a set of ordered transactions to a specified address and return the block hash.",
        .args = {{"output", RPCArg::Type::STR, RPCArg::Optional::NO, "The address to send the newly generated coins to."},
                 {"transactions", RPCArg::Type::ARR, RPCArg::Optional::NO, "An array of hex strings which are raw transactions (txids need the mempool)."},
                 {"submit", RPCArg::Type::BOOL, RPCArg::Default{true}, "Whether to submit the block before the RPC call returns or to return it as hex."}},
        .result = "{ \"hash\" : \"hex\", \"hex\" : \"hex\" (only if submit=false) }",
        .examples = {R"("<address>", ["<rawtx>"])"},
        .handler = [&node](const RPCArgs& args) -> RPCResponse { return GenerateBlock(node, args); },
    };
}

RPCMethod getblocktemplate(NodeContext& node)
{
    return {
        .name = "getblocktemplate",
        .category = "mining",
        .description = "Returns data needed to construct a block to work on (a minimal Bitcoin-shaped template; the coinbase is the miner's).",
        .args = {{"template_request", RPCArg::Type::OBJ, RPCArg::Default{UniValue{UniValue::VOBJ}}, "Format of the template (ignored)"}},
        .result = "{ \"version\", \"rules\", \"previousblockhash\", \"transactions\", \"coinbasevalue\",\n"
                  "  \"coinbasepayouts\" : [ { \"value\", \"lock\" (hex: type byte + program) } ]  (registry payouts the coinbase\n"
                  "  must start with, in order), \"target\", \"mintime\", \"mutable\",\n"
                  "  \"noncerange\", \"sigchecklimit\", \"sizelimit\", \"curtime\", \"bits\", \"height\" }",
        .examples = {""},
        .handler = [&node](const RPCArgs&) -> RPCResponse {
            ChainstateManager* chainman = GetChainman(node);
            if (!chainman) return ChainNotLoaded();
            // The coinbase output is the miner's choice; build the template with an unspendable
            // placeholder lock (the coinbase is not part of the returned transactions).
            OutputLock placeholder;
            placeholder.type = LockType::KEY;
            auto tmpl = mining::CreateNewBlock(*chainman, placeholder);
            if (!tmpl) return RPCError{RPC_INTERNAL_ERROR, tmpl.error()};
            const CBlock& block = tmpl->block;
            UniValue result{UniValue::VOBJ};
            result.pushKV("version", block.version);
            result.pushKV("rules", UniValue{UniValue::VARR});
            result.pushKV("previousblockhash", block.prev_block.GetHex());
            UniValue txs{UniValue::VARR};
            for (size_t i = 1; i < block.vtx.size(); ++i) {
                UniValue entry{UniValue::VOBJ};
                entry.pushKV("data", HexStr(Encode(*block.vtx[i])));
                entry.pushKV("txid", block.vtx[i]->GetTxid().GetHex());
                entry.pushKV("hash", block.vtx[i]->GetWtxid().GetHex());
                entry.pushKV("sigchecks", static_cast<int64_t>(GetSigCheckCount(*block.vtx[i])));
                txs.push_back(entry);
            }
            result.pushKV("transactions", txs);
            result.pushKV("coinbasevalue", static_cast<int64_t>(tmpl->coinbase_value));
            UniValue payouts{UniValue::VARR};
            for (const CTxOut& out : tmpl->payouts) {
                UniValue entry{UniValue::VOBJ};
                entry.pushKV("value", static_cast<int64_t>(out.value));
                entry.pushKV("lock", HexStr(Encode(out.lock)));
                payouts.push_back(entry);
            }
            result.pushKV("coinbasepayouts", payouts);
            arith_uint256 target;
            target.SetCompact(block.bits);
            result.pushKV("target", ArithToUint256(target).GetHex());
            result.pushKV("mintime", tmpl->min_time);
            UniValue mut{UniValue::VARR};
            for (const char* m : {"time", "transactions", "prevblock"}) mut.push_back(m);
            result.pushKV("mutable", mut);
            result.pushKV("noncerange", "00000000ffffffff");
            result.pushKV("sigchecklimit", static_cast<int64_t>(chainman->Params().max_block_sigchecks));
            result.pushKV("sizelimit", static_cast<int64_t>(chainman->Params().max_block_size));
            result.pushKV("curtime", static_cast<int64_t>(block.time));
            result.pushKV("bits", StrFormat("%08x", block.bits));
            result.pushKV("height", tmpl->height);
            return result;
        },
    };
}

RPCMethod submitblock(NodeContext& node)
{
    return {
        .name = "submitblock",
        .category = "mining",
        .description = "Attempts to submit new block to network.",
        .args = {{"hexdata", RPCArg::Type::STR_HEX, RPCArg::Optional::NO, "the hex-encoded block data to submit"},
                 {"dummy", RPCArg::Type::STR, RPCArg::DefaultHint{"ignored"}, "dummy value, for compatibility with BIP22. This value is ignored."}},
        .result = "null or \"str\"    (string) According to BIP22: \"duplicate\", \"duplicate-invalid\", \"inconclusive\" or a reject reason",
        .examples = {R"("<hexdata>")"},
        .handler = [&node](const RPCArgs& args) -> RPCResponse {
            ChainstateManager* chainman = GetChainman(node);
            if (!chainman) return ChainNotLoaded();
            const auto bytes = TryParseHex(args.Arg<std::string>("hexdata"));
            if (!bytes) return RPCError{RPC_DESERIALIZATION_ERROR, "Block decode failed"};
            auto block = DecodeBlock(*bytes);
            if (!block) return RPCError{RPC_DESERIALIZATION_ERROR, "Block decode failed"};
            if (block->vtx.empty() || !block->vtx[0]->IsCoinBase()) {
                return RPCError{RPC_DESERIALIZATION_ERROR, "Block does not start with a coinbase"};
            }
            return SubmitBlock(*chainman, *block);
        },
    };
}

RPCMethod getmininginfo(NodeContext& node)
{
    return {
        .name = "getmininginfo",
        .category = "mining",
        .description = "Returns a json object containing mining-related information.",
        .args = {},
        .result = "{ \"blocks\", \"difficulty\", \"networkhashps\", \"pooledtx\", \"chain\", \"generate\", \"genproclimit\", \"warnings\" }",
        .examples = {""},
        .handler = [&node](const RPCArgs&) -> RPCResponse {
            ChainstateManager* chainman = GetChainman(node);
            if (!chainman) return ChainNotLoaded();
            LOCK(chainman->GetMutex());
            const BlockIndex* tip = chainman->ActiveTip();
            UniValue result{UniValue::VOBJ};
            result.pushKV("blocks", tip->height);
            result.pushKV("difficulty", GetDifficulty(tip->bits, chainman->Params().pow_limit));
            result.pushKV("networkhashps", NetworkHashPS(*chainman, 120));
            result.pushKV("pooledtx", 0);
            result.pushKV("chain", node.chain->name);
            result.pushKV("generate", node.miner != nullptr);
            result.pushKV("genproclimit", node.args ? node.args->GetIntArg("-genproclimit", 1) : 1);
            result.pushKV("warnings", "");
            return result;
        },
    };
}
} // namespace

void RegisterMiningRPCCommands(RPCTable& table, NodeContext& node)
{
    for (const auto method : {generatetoaddress, generateblock, getblocktemplate, submitblock, getmininginfo}) {
        table.Register(method(node));
    }
}

} // namespace node
