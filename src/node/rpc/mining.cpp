// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Mining RPCs: generatetoaddress, generateblock, getblocktemplate, submitblock, getmininginfo,
// prioritisetransaction, setgenerate.

#include <node/rpc/register.h>

#include <consensus/arith_uint256.h>
#include <consensus/pow.h>
#include <consensus/tx_check.h>
#include <mempool/mempool.h>
#include <mining/block_assembler.h>
#include <mining/miner.h>
#include <node/context.h>
#include <node/mempool_setup.h>
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
#include <util/time.h>
#include <validation/chainstate_manager.h>

#include <charconv>
#include <chrono>
#include <thread>

using chainstate::BlockIndex;
using validation::ChainstateManager;

namespace node {

namespace {
constexpr int64_t DEFAULT_MAX_TRIES = 1'000'000;

std::optional<OutputLock> ParseAddress(const NodeContext& node, const std::string& address, rpc::RPCError& error)
{
    const AddressDecodeResult decoded = DecodeAddress(address, AddressHrp(node.chain->name));
    if (!decoded) {
        error = rpc::RPCError{rpc::RPC_INVALID_ADDRESS_OR_KEY, "Error: Invalid address: " + std::string{AddressErrorString(decoded.error)}};
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
    consensus::BlockValidationState state;
    consensus::BlockValidationState connect_state;
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
    const consensus::arith_uint256 work = tip->chain_work - first->chain_work;
    // Work fits a double well enough for a rate estimate.
    double w = 0;
    const uint256 bytes = work.ToUint256();
    for (int i = 31; i >= 0; --i) w = w * 256.0 + bytes.data()[i];
    return w / static_cast<double>(span);
}

/** generateblock: builds a block of the given transactions paying `output`, solves it, then submits it or returns its hex. */
rpc::RPCResponse GenerateBlock(const NodeContext& node, const rpc::RPCArgs& args)
{
    ChainstateManager* chainman = GetChainman(node);
    if (!chainman) return ChainNotLoaded();
    rpc::RPCError error{rpc::RPC_MISC_ERROR, ""};
    const auto lock = ParseAddress(node, args.Arg<std::string>("output"), error);
    if (!lock) return error;
    std::vector<CTransactionRef> txs;
    const UniValue list = args.Arg<UniValue>("transactions");
    for (size_t i = 0; i < list.size(); ++i) {
        if (!list[i].isStr()) return rpc::RPCError{rpc::RPC_TYPE_ERROR, "transactions must be strings"};
        const std::string& s = list[i].get_str();
        if (const auto txid = s.size() == 64 ? uint256::FromHex(s) : std::nullopt) {
            CTransactionRef tx = node.mempool ? node.mempool->Get(*txid) : nullptr;
            if (!tx) return rpc::RPCError{rpc::RPC_INVALID_ADDRESS_OR_KEY, "Transaction " + s + " not in mempool."};
            txs.push_back(tx);
            continue;
        }
        const auto bytes = TryParseHex(s);
        auto tx = bytes ? DecodeTransaction(*bytes) : Decoded<CTransaction>{DecodeFailure{DecodeError::INVALID_VALUE, "hex", 0}};
        if (!tx) return rpc::RPCError{rpc::RPC_DESERIALIZATION_ERROR, "Transaction decode failed for " + s};
        txs.push_back(MakeTransactionRef(std::move(*tx)));
    }
    auto tmpl = mining::CreateNewBlock(*chainman, *lock, txs);
    if (!tmpl) return rpc::RPCError{rpc::RPC_VERIFY_ERROR, tmpl.error()};
    CBlock& block = tmpl->block;
    uint64_t tries = DEFAULT_MAX_TRIES;
    uint64_t extra_nonce = 0;
    bool solved = false;
    while (!solved && tries > 0 && !ShutdownSignal::Requested()) {
        mining::SetExtraNonce(block, tmpl->height, ++extra_nonce);
        block.nonce = 0;
        solved = mining::SolveBlock(block, chainman->Params(), tries, [] { return ShutdownSignal::Requested(); });
    }
    if (!solved) return rpc::RPCError{rpc::RPC_MISC_ERROR, "Failed to make block."};
    UniValue result{UniValue::VOBJ};
    result.pushKV("hash", block.GetHash().GetHex());
    if (!args.Arg<bool>("submit")) {
        result.pushKV("hex", HexStr(Encode(block)));
        return result;
    }
    const UniValue submitted = SubmitBlock(*chainman, block);
    if (!submitted.isNull()) return rpc::RPCError{rpc::RPC_VERIFY_ERROR, "ProcessNewBlock, block not accepted: " + submitted.get_str()};
    if (node.mempool) node.mempool->SyncWithChain();
    return result;
}

rpc::RPCMethod generatetoaddress(NodeContext& node)
{
    return {
        .name = "generatetoaddress",
        .category = "generating",
        .description = "Mine blocks immediately to a specified address (before the RPC call returns), with the\n"
                       "best-paying mempool transactions in each.",
        .args = {{"nblocks", rpc::RPCArg::Type::NUM, rpc::RPCArg::Optional::NO, "How many blocks are generated immediately."},
                 {"address", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The address to send the newly generated coins to."},
                 {"maxtries", rpc::RPCArg::Type::NUM, rpc::RPCArg::Default{DEFAULT_MAX_TRIES}, "How many iterations to try."}},
        .result = "[ \"hex\", ... ]    (json array) hashes of blocks generated",
        .examples = {R"(11, "<address>")"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            ChainstateManager* chainman = GetChainman(node);
            if (!chainman) return ChainNotLoaded();
            const int64_t nblocks = args.Arg<int64_t>("nblocks");
            if (nblocks < 0 || nblocks > 1'000'000) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "nblocks out of range"};
            const int64_t max_tries = args.Arg<int64_t>("maxtries");
            if (max_tries < 1) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "maxtries must be positive"};
            rpc::RPCError error{rpc::RPC_MISC_ERROR, ""};
            const auto lock = ParseAddress(node, args.Arg<std::string>("address"), error);
            if (!lock) return error;
            auto hashes = mining::GenerateBlocks(*chainman, *lock, static_cast<int>(nblocks), static_cast<uint64_t>(max_tries),
                                                 [] { return ShutdownSignal::Requested(); }, node.mempool.get());
            if (!hashes) return rpc::RPCError{rpc::RPC_INTERNAL_ERROR, hashes.error()};
            return HashesToJSON(*hashes);
        },
    };
}

rpc::RPCMethod generateblock(NodeContext& node)
{
    return {
        .name = "generateblock",
        .category = "generating",
        .description = "Mine a set of ordered transactions to a specified address and return the block hash.\n"
                       "Transactions are raw hex or the txids of mempool transactions.",
        .args = {{"output", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The address to send the newly generated coins to."},
                 {"transactions", rpc::RPCArg::Type::ARR, rpc::RPCArg::Optional::NO, "An array of hex strings which are either txids of mempool transactions or raw transactions."},
                 {"submit", rpc::RPCArg::Type::BOOL, rpc::RPCArg::Default{true}, "Whether to submit the block before the RPC call returns or to return it as hex."}},
        .result = "{ \"hash\" : \"hex\", \"hex\" : \"hex\" (only if submit=false) }",
        .examples = {R"("<address>", ["<rawtx>"])"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse { return GenerateBlock(node, args); },
    };
}

/** BIP23 proposal: checks a block the caller built (null if it would be accepted, else the reason). */
rpc::RPCResponse ProposeBlock(ChainstateManager& chainman, const UniValue& request)
{
    const UniValue& data = request["data"];
    if (!data.isStr()) return rpc::RPCError{rpc::RPC_TYPE_ERROR, "Missing data String key for proposal"};
    const auto bytes = TryParseHex(data.get_str());
    auto block = bytes ? DecodeBlock(*bytes) : Decoded<CBlock>{DecodeFailure{DecodeError::INVALID_VALUE, "hex", 0}};
    if (!block) return rpc::RPCError{rpc::RPC_DESERIALIZATION_ERROR, "Block decode failed"};
    {
        LOCK(chainman.GetMutex());
        if (const BlockIndex* index = chainman.LookupBlockIndex(block->GetHash())) {
            if (index->IsValid(chainstate::BLOCK_VALID_SCRIPTS)) return UniValue{"duplicate"};
            if (index->status & chainstate::BLOCK_FAILED_MASK) return UniValue{"duplicate-invalid"};
            return UniValue{"duplicate-inconclusive"};
        }
        if (chainman.ActiveTip() == nullptr || block->prev_block != chainman.ActiveTip()->hash) {
            return UniValue{"inconclusive-not-best-prevblk"};
        }
    }
    consensus::BlockValidationState state;
    if (!chainman.TestBlockValidity(*block, state, /*check_pow=*/false, /*check_merkle=*/true)) {
        return UniValue{state.GetRejectReason().empty() ? std::string{"rejected"} : state.GetRejectReason()};
    }
    return UniValue{};
}

/** The tip and pool sequence a BIP22 longpollid names (previousblockhash hex + decimal sequence). */
struct LongPollId {
    uint256 tip;
    uint64_t sequence{0};
};

std::optional<LongPollId> ParseLongPollId(const std::string& id)
{
    if (id.size() <= 64) return std::nullopt;
    const auto tip = uint256::FromHex(id.substr(0, 64));
    LongPollId parsed;
    const char* end = id.data() + id.size();
    const auto [ptr, ec] = std::from_chars(id.data() + 64, end, parsed.sequence);
    if (!tip || ec != std::errc{} || ptr != end) return std::nullopt;
    parsed.tip = *tip;
    return parsed;
}

/**
 * BIP22 long polling, as Bitcoin Core: returns once the tip is no longer `watched.tip` or, after
 * a minute, the pool changed from `watched.sequence`. Sleeps on the mempool's update signal
 * (woken by each tip the pool applied and each pool change), in slices of a second so a shutdown
 * ends it; false if the node started shutting down meanwhile.
 */
bool WaitForLongPoll(const NodeContext& node, ChainstateManager& chainman, const LongPollId& watched)
{
    constexpr auto SLICE = std::chrono::seconds{1};
    const auto pool_deadline = SteadyClock::now() + std::chrono::minutes{1};
    const auto changed = [&] {
        {
            LOCK(chainman.GetMutex());
            if (chainman.ActiveTip() == nullptr || chainman.ActiveTip()->hash != watched.tip) return true;
        }
        return SteadyClock::now() >= pool_deadline && node.mempool && node.mempool->Pool().GetSequence() != watched.sequence;
    };
    while (!ShutdownSignal::Requested()) {
        if (!node.mempool) {
            // No pool to wake us (never in dotsd): look at the tip once per slice.
            if (changed()) return true;
            std::this_thread::sleep_for(SLICE);
            continue;
        }
        if (node.mempool->WaitForUpdate(changed, SteadyClock::now() + SLICE)) return true;
    }
    return false;
}

/** The BIP22 template object of `tmpl`. */
UniValue TemplateToJSON(const mining::BlockTemplate& tmpl, const ChainstateManager& chainman)
{
    const CBlock& block = tmpl.block;
    UniValue result{UniValue::VOBJ};
    UniValue capabilities{UniValue::VARR};
    capabilities.push_back("proposal");
    result.pushKV("capabilities", capabilities);
    result.pushKV("version", block.version);
    result.pushKV("rules", UniValue{UniValue::VARR});
    result.pushKV("vbavailable", UniValue{UniValue::VOBJ});
    result.pushKV("vbrequired", 0);
    result.pushKV("previousblockhash", block.prev_block.GetHex());
    // BIP22 "depends": 1-based positions (among the template's transactions) of in-template parents.
    std::map<uint256, int64_t> position;
    UniValue txs{UniValue::VARR};
    for (size_t i = 1; i < block.vtx.size(); ++i) {
        const CTransaction& tx = *block.vtx[i];
        UniValue entry{UniValue::VOBJ};
        entry.pushKV("data", HexStr(Encode(tx)));
        entry.pushKV("txid", tx.GetTxid().GetHex());
        entry.pushKV("hash", tx.GetWtxid().GetHex());
        UniValue depends{UniValue::VARR};
        std::set<int64_t> seen;
        for (const CTxIn& in : tx.vin) {
            const auto it = position.find(in.prevout.txid);
            if (it != position.end() && seen.insert(it->second).second) depends.push_back(it->second);
        }
        entry.pushKV("depends", depends);
        entry.pushKV("fee", tmpl.tx_fees.at(i - 1));
        entry.pushKV("sigchecks", static_cast<int64_t>(tmpl.tx_sigchecks.at(i - 1)));
        entry.pushKV("size", static_cast<int64_t>(tx.GetTotalSize()));
        entry.pushKV("kind", std::string{TxKindName(tx.kind)});
        txs.push_back(entry);
        position[tx.GetTxid()] = static_cast<int64_t>(i);
    }
    result.pushKV("transactions", txs);
    result.pushKV("coinbaseaux", UniValue{UniValue::VOBJ});
    result.pushKV("coinbasevalue", static_cast<int64_t>(tmpl.coinbase_value));
    result.pushKV("longpollid", block.prev_block.GetHex() + std::to_string(tmpl.mempool_sequence));
    consensus::arith_uint256 target;
    target.SetCompact(block.bits);
    result.pushKV("target", ArithToUint256(target).GetHex());
    result.pushKV("mintime", tmpl.min_time);
    UniValue mut{UniValue::VARR};
    for (const char* m : {"time", "transactions", "prevblock"}) mut.push_back(m);
    result.pushKV("mutable", mut);
    result.pushKV("noncerange", "00000000ffffffff");
    result.pushKV("sigchecklimit", static_cast<int64_t>(chainman.Params().max_block_sigchecks));
    result.pushKV("sizelimit", static_cast<int64_t>(chainman.Params().max_block_size));
    result.pushKV("curtime", static_cast<int64_t>(block.time));
    result.pushKV("bits", StrFormat("%08x", block.bits));
    result.pushKV("height", tmpl.height);
    return result;
}

rpc::RPCMethod getblocktemplate(NodeContext& node)
{
    return {
        .name = "getblocktemplate",
        .category = "mining",
        .description = "Returns data needed to construct a block to work on (BIP22), with the best-paying mempool\n"
                       "transactions; with {\"mode\": \"proposal\", \"data\": hex} checks a block instead (BIP23).\n"
                       "The coinbase is the miner's: it may pay coinbasevalue (subsidy - availability pool + fees,\n"
                       "the same whatever registry transactions the block holds).",
        .args = {{"template_request", rpc::RPCArg::Type::OBJ, rpc::RPCArg::Default{UniValue{UniValue::VOBJ}},
                  "{ \"mode\": \"template\" | \"proposal\", \"data\": hex (proposal),\n"
                  "  \"longpollid\": str (wait until the tip changes, or a minute and the mempool changed) }"}},
        .result = "{ \"capabilities\", \"version\", \"rules\", \"previousblockhash\",\n"
                  "  \"transactions\" : [ { \"data\", \"txid\", \"hash\", \"depends\", \"fee\", \"sigchecks\", \"size\", \"kind\" } ],\n"
                  "  \"coinbasevalue\", \"longpollid\", \"target\", \"mintime\", \"mutable\",\n"
                  "  \"noncerange\", \"sigchecklimit\", \"sizelimit\", \"curtime\", \"bits\", \"height\" }\n"
                  "or, for a proposal, null or the reason the block would be rejected",
        .examples = {"", R"({"mode": "proposal", "data": "<blockhex>"})"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            ChainstateManager* chainman = GetChainman(node);
            if (!chainman) return ChainNotLoaded();
            const UniValue request = args.Arg<UniValue>("template_request");
            const UniValue& mode = request["mode"];
            if (mode.isStr() && mode.get_str() == "proposal") return ProposeBlock(*chainman, request);
            if (!mode.isNull() && !(mode.isStr() && mode.get_str() == "template")) {
                return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Invalid mode"};
            }
            if (const UniValue& longpoll = request["longpollid"]; !longpoll.isNull()) {
                // A non-string id watches the current state (Bitcoin Core does the same).
                std::optional<LongPollId> watched;
                if (longpoll.isStr()) {
                    watched = ParseLongPollId(longpoll.get_str());
                    if (!watched) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Invalid longpollid"};
                } else {
                    LOCK(chainman->GetMutex());
                    if (chainman->ActiveTip()) watched = LongPollId{chainman->ActiveTip()->hash, 0};
                    if (watched && node.mempool) watched->sequence = node.mempool->Pool().GetSequence();
                }
                if (watched && !WaitForLongPoll(node, *chainman, *watched)) {
                    return rpc::RPCError{rpc::RPC_CLIENT_NOT_CONNECTED, "Shutting down"};
                }
            }
            if (node.mempool) node.mempool->SyncWithChain();
            // The coinbase output is the miner's choice; build the template with an unspendable
            // placeholder lock (the coinbase is not part of the returned transactions).
            OutputLock placeholder;
            placeholder.type = LockType::KEY;
            auto tmpl = mining::CreateNewBlock(*chainman, placeholder, node.mempool.get(), GetAssemblerOptions(*node.args));
            if (!tmpl) return rpc::RPCError{rpc::RPC_INTERNAL_ERROR, tmpl.error()};
            return TemplateToJSON(*tmpl, *chainman);
        },
    };
}

rpc::RPCMethod submitblock(NodeContext& node)
{
    return {
        .name = "submitblock",
        .category = "mining",
        .description = "Attempts to submit new block to network.",
        .args = {{"hexdata", rpc::RPCArg::Type::STR_HEX, rpc::RPCArg::Optional::NO, "the hex-encoded block data to submit"},
                 {"dummy", rpc::RPCArg::Type::STR, rpc::RPCArg::DefaultHint{"ignored"}, "dummy value, for compatibility with BIP22. This value is ignored."}},
        .result = "null or \"str\"    (string) According to BIP22: \"duplicate\", \"duplicate-invalid\", \"inconclusive\" or a reject reason",
        .examples = {R"("<hexdata>")"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            ChainstateManager* chainman = GetChainman(node);
            if (!chainman) return ChainNotLoaded();
            const auto bytes = TryParseHex(args.Arg<std::string>("hexdata"));
            if (!bytes) return rpc::RPCError{rpc::RPC_DESERIALIZATION_ERROR, "Block decode failed"};
            auto block = DecodeBlock(*bytes);
            if (!block) return rpc::RPCError{rpc::RPC_DESERIALIZATION_ERROR, "Block decode failed"};
            if (block->vtx.empty() || !block->vtx[0]->IsCoinBase()) {
                return rpc::RPCError{rpc::RPC_DESERIALIZATION_ERROR, "Block does not start with a coinbase"};
            }
            return SubmitBlock(*chainman, *block);
        },
    };
}

rpc::RPCMethod getmininginfo(NodeContext& node)
{
    return {
        .name = "getmininginfo",
        .category = "mining",
        .description = "Returns a json object containing mining-related information.",
        .args = {},
        .result = "{ \"blocks\", \"difficulty\", \"networkhashps\", \"pooledtx\", \"chain\", \"generate\", \"genproclimit\",\n"
                  "  \"hashespersec\" (the -gen miner's hash rate over all its threads), \"warnings\" }",
        .examples = {""},
        .handler = [&node](const rpc::RPCArgs&) -> rpc::RPCResponse {
            ChainstateManager* chainman = GetChainman(node);
            if (!chainman) return ChainNotLoaded();
            UniValue result{UniValue::VOBJ};
            {
                LOCK(chainman->GetMutex());
                const BlockIndex* tip = chainman->ActiveTip();
                result.pushKV("blocks", tip->height);
                result.pushKV("difficulty", GetDifficulty(tip->bits, chainman->Params().pow_limit));
                result.pushKV("networkhashps", NetworkHashPS(*chainman, 120));
            }
            result.pushKV("pooledtx", static_cast<int64_t>(node.mempool ? node.mempool->Pool().Size() : 0));
            result.pushKV("chain", node.chain->name);
            result.pushKV("generate", node.miner != nullptr);
            result.pushKV("genproclimit", node.miner ? node.miner->Threads() : node.args->GetIntArg("-genproclimit", 1));
            result.pushKV("hashespersec", node.miner ? node.miner->HashRate() : 0.0);
            result.pushKV("warnings", "");
            return result;
        },
    };
}

rpc::RPCMethod prioritisetransaction(NodeContext& node)
{
    return {
        .name = "prioritisetransaction",
        .category = "mining",
        .description = "Accepts the transaction into mined blocks at a higher (or lower) priority",
        .args = {{"txid", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The transaction id."},
                 {"dummy", rpc::RPCArg::Type::NUM, rpc::RPCArg::DefaultHint{"null"}, "API-Compatibility for previous API. Must be zero or null."},
                 // Required, but after the optional dummy (Bitcoin Core's order): the handler checks it.
                 {"fee_delta", rpc::RPCArg::Type::NUM, rpc::RPCArg::Optional::OMITTED,
                  "(required) The fee value (in units) to add (or subtract, if negative).\n"
                  "Note, that this value is not a fee rate. It is a value to modify absolute fee of the TX.\n"
                  "The fee is not actually paid, only the algorithm for selecting transactions into a block\n"
                  "considers the transaction as it would have paid a higher (or lower) fee."}},
        .result = "true    (boolean) Returns true",
        .examples = {R"("<txid>", 0, 10000)"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            if (!node.mempool) return rpc::RPCError{rpc::RPC_IN_WARMUP, "The mempool is not loaded"};
            const auto txid = uint256::FromHex(args.Arg<std::string>("txid"));
            if (!txid) return InvalidHash("txid");
            if (const auto dummy = args.MaybeArg<int64_t>("dummy"); dummy && *dummy != 0) {
                return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Priority is no longer supported, dummy argument to prioritisetransaction must be 0."};
            }
            const std::optional<int64_t> fee_delta = args.MaybeArg<int64_t>("fee_delta");
            if (!fee_delta) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Missing fee_delta"};
            const int64_t delta = *fee_delta;
            if (delta < -MAX_MONEY || delta > MAX_MONEY) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "fee_delta out of range"};
            node.mempool->Pool().PrioritiseTransaction(*txid, delta);
            return UniValue{true};
        },
    };
}

rpc::RPCMethod setgenerate(NodeContext& node)
{
    return {
        .name = "setgenerate",
        .category = "generating",
        .description = "Turns the CPU miner on or off (as -gen). Generation is limited to 'genproclimit' threads.",
        .args = {{"generate", rpc::RPCArg::Type::BOOL, rpc::RPCArg::Optional::NO, "Set to true to turn on generation, false to turn off."},
                 {"genproclimit", rpc::RPCArg::Type::NUM, rpc::RPCArg::DefaultHint{"-genproclimit"}, "The number of threads (1 - 64)."},
                 {"address", rpc::RPCArg::Type::STR, rpc::RPCArg::DefaultHint{"-genaddress"}, "The address the mined blocks pay to."}},
        .result = "null",
        .examples = {"true, 2", "false"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            if (!node.chainman) return ChainNotLoaded();
            const bool generate = args.Arg<bool>("generate");
            const int64_t threads = args.MaybeArg<int64_t>("genproclimit").value_or(node.args->GetIntArg("-genproclimit", 1));
            if (generate && (threads < 1 || threads > 64)) {
                return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "genproclimit must be between 1 and 64"};
            }
            auto res = SetGenerate(node, generate ? static_cast<int>(threads) : 0, args.MaybeArg<std::string>("address").value_or(""));
            if (!res) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, res.error()};
            return UniValue{};
        },
    };
}
} // namespace

void RegisterMiningRPCCommands(rpc::RPCTable& table, NodeContext& node)
{
    for (const auto method : {generatetoaddress, generateblock, getblocktemplate, submitblock, getmininginfo,
                              prioritisetransaction, setgenerate}) {
        table.Register(method(node));
    }
}

} // namespace node
