// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Registry read RPCs of money and availability (doc/registry.md): getnodebalance, getdeposit,
// listdeposits, getsettlement, listsettlements, getprobeepoch, getprobers, getprobetargets, and
// with -registryindex listtermdeposits and listnodehistory.
// Result conventions: node/rpc/registry_util.h.

#include <node/rpc/register.h>

#include <consensus/registry_epochs.h>
#include <consensus/registry_probe.h>
#include <consensus/registry_state.h>
#include <consensus/subsidy.h>
#include <node/context.h>
#include <node/registry_indexer.h>
#include <node/rpc/registry_util.h>
#include <node/rpc/util.h>
#include <rpc/server.h>
#include <util/format.h>
#include <util/strencodings.h>
#include <validation/chainstate_manager.h>

#include <bit>
#include <optional>
#include <string>
#include <vector>

namespace node {

namespace {
using consensus::Key;
using consensus::PairRecord;
using consensus::RecordStore;
using consensus::SettlementRecord;

/** Both keys of a pair, or an error. */
std::optional<rpc::RPCError> ParsePair(const rpc::RPCArgs& args, Key& orig, Key& term)
{
    const std::optional<Key> o = ParseKey(args.Arg<std::string>("orig"));
    if (!o) return BadKey("orig");
    const std::optional<Key> t = ParseKey(args.Arg<std::string>("term"));
    if (!t) return BadKey("term");
    orig = *o;
    term = *t;
    return std::nullopt;
}

/** Decodes the (orig, term[, epoch]) of a 'd' or 'e' key. */
Key KeyAt(const std::string& key, size_t offset)
{
    Key k;
    std::copy(key.begin() + static_cast<std::ptrdiff_t>(offset), key.begin() + static_cast<std::ptrdiff_t>(offset + 32), k.begin());
    return k;
}
uint32_t EpochAt(const std::string& key, size_t offset)
{
    uint32_t e = 0;
    for (size_t i = 0; i < 4; ++i) e = e << 8 | static_cast<uint8_t>(key[offset + i]);
    return e;
}

rpc::RPCResponse GetNodeBalance(const NodeContext& node, const std::string& node_key)
{
    const std::optional<RegistryRPCContext> ctx = GetRegistryContext(node);
    if (!ctx) return ChainNotLoaded();
    const std::optional<Key> key = ParseKey(node_key);
    if (!key) return BadKey("node_key");
    std::optional<UniValue> result;
    ctx->chainman.ReadRegistry([&](const consensus::RecordStore& store, int32_t) {
        const std::optional<consensus::NodeRecord> rec = consensus::ReadNode(store, *key);
        if (!rec) return;
        UniValue o{UniValue::VOBJ};
        o.pushKV("node", HexStr(*key));
        o.pushKV("balance", rpc::ValueFromAmount(consensus::ReadBalance(store, *key)));
        o.pushKV("next_seq", static_cast<uint64_t>(rec->seq) + 1);
        result = std::move(o);
    });
    if (!result) return rpc::RPCError{rpc::RPC_INVALID_ADDRESS_OR_KEY, "Node not found"};
    return *result;
}

rpc::RPCResponse GetDeposit(const NodeContext& node, const rpc::RPCArgs& args)
{
    const std::optional<RegistryRPCContext> ctx = GetRegistryContext(node);
    if (!ctx) return ChainNotLoaded();
    Key orig, term;
    if (auto error = ParsePair(args, orig, term)) return *error;
    consensus::PairRecord pair;
    ctx->chainman.ReadRegistry([&](const consensus::RecordStore& store, int32_t) { pair = consensus::ReadPair(store, orig, term); });
    return PairToJSON(orig, term, pair);
}

rpc::RPCResponse ListDeposits(const NodeContext& node, const rpc::RPCArgs& args)
{
    const std::optional<RegistryRPCContext> ctx = GetRegistryContext(node);
    if (!ctx) return ChainNotLoaded();
    const std::optional<Key> orig = ParseKey(args.Arg<std::string>("orig"));
    if (!orig) return BadKey("orig");
    const int64_t count = args.Arg<int64_t>("count");
    if (!IsValidCount(count)) return BadCount();
    std::string start;
    if (const auto from = args.MaybeArg<std::string>("from_term")) {
        const std::optional<Key> term = ParseKey(*from);
        if (!term) return BadKey("from_term");
        start = consensus::PairKey(*orig, *term);
    }
    const std::string prefix = std::string(1, consensus::TABLE_PAIR) + std::string(orig->begin(), orig->end());
    std::vector<std::pair<std::string, consensus::PairRecord>> records;
    if (auto error = CollectRecords(*ctx, prefix, start, count, records)) return *error;
    UniValue result{UniValue::VARR};
    for (const auto& [key, pair] : records) result.push_back(PairToJSON(*orig, KeyAt(key, 33), pair));
    return result;
}

rpc::RPCResponse GetSettlement(const NodeContext& node, const rpc::RPCArgs& args)
{
    const std::optional<RegistryRPCContext> ctx = GetRegistryContext(node);
    if (!ctx) return ChainNotLoaded();
    Key orig, term;
    if (auto error = ParsePair(args, orig, term)) return *error;
    const int64_t epoch = args.Arg<int64_t>("epoch");
    if (epoch < 0 || epoch > UINT32_MAX) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "epoch out of range"};
    std::optional<consensus::SettlementRecord> settled;
    ctx->chainman.ReadRegistry([&](const consensus::RecordStore& store, int32_t) {
        settled = consensus::ReadSettlement(store, orig, term, static_cast<uint32_t>(epoch));
    });
    if (!settled) {
        return rpc::RPCError{rpc::RPC_INVALID_ADDRESS_OR_KEY, "Settlement not found (never settled, or its window ended and it was erased)"};
    }
    return SettlementToJSON(orig, term, static_cast<uint32_t>(epoch), *settled, *ctx);
}

rpc::RPCResponse ListSettlements(const NodeContext& node, const rpc::RPCArgs& args)
{
    const std::optional<RegistryRPCContext> ctx = GetRegistryContext(node);
    if (!ctx) return ChainNotLoaded();
    const std::optional<Key> orig = ParseKey(args.Arg<std::string>("orig"));
    if (!orig) return BadKey("orig");
    std::string prefix = std::string(1, consensus::TABLE_SETTLEMENT) + std::string(orig->begin(), orig->end());
    if (const auto term_text = args.MaybeArg<std::string>("term")) {
        const std::optional<Key> term = ParseKey(*term_text);
        if (!term) return BadKey("term");
        prefix.append(term->begin(), term->end());
    }
    const int64_t count = args.Arg<int64_t>("count");
    if (!IsValidCount(count)) return BadCount();
    std::vector<std::pair<std::string, consensus::SettlementRecord>> records;
    if (auto error = CollectRecords(*ctx, prefix, {}, count, records)) return *error;
    UniValue result{UniValue::VARR};
    for (const auto& [key, settled] : records) {
        result.push_back(SettlementToJSON(*orig, KeyAt(key, 33), EpochAt(key, 65), settled, *ctx));
    }
    return result;
}

/** What the probe RPCs need about an epoch: its frozen set and seed, read at one tip. */
struct ProbeEpoch {
    uint32_t epoch{0};
    int32_t tip{-1};
    std::optional<consensus::ProbeSet> set;
    std::optional<uint256> seed;
};

/** The epoch argument (default: the tip's probe epoch) and its frozen set and seed. */
std::optional<rpc::RPCError> ReadProbeEpoch(const RegistryRPCContext& ctx, const std::optional<int64_t>& epoch_arg, ProbeEpoch& out)
{
    ctx.chainman.ReadRegistry([&](const consensus::RecordStore& store, int32_t tip) {
        out.tip = tip;
        out.epoch = static_cast<uint32_t>(epoch_arg.value_or(consensus::ProbeEpochOf(std::max(tip, 0), ctx.params)));
        if (epoch_arg && (*epoch_arg < 0 || *epoch_arg > UINT32_MAX)) return;
        out.set = consensus::LoadFrozenSet(store, out.epoch);
    });
    if (epoch_arg && (*epoch_arg < 0 || *epoch_arg > UINT32_MAX)) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "epoch out of range"};
    const int64_t seed_height = consensus::SeedHeight(out.epoch, ctx.params);
    if (out.epoch >= 1 && seed_height <= out.tip) {
        LOCK(ctx.chainman.GetMutex());
        const auto& chain = ctx.chainman.ActiveChain();
        if (seed_height <= chain.Height()) out.seed = chain[static_cast<int>(seed_height)]->hash;
    }
    return std::nullopt;
}

rpc::RPCResponse GetProbeEpoch(const NodeContext& node, const rpc::RPCArgs& args)
{
    const std::optional<RegistryRPCContext> ctx = GetRegistryContext(node);
    if (!ctx) return ChainNotLoaded();
    ProbeEpoch pe;
    if (auto error = ReadProbeEpoch(*ctx, args.MaybeArg<int64_t>("epoch"), pe)) return *error;
    const int64_t start = consensus::ProbeEpochStart(pe.epoch, ctx->params);
    UniValue o{UniValue::VOBJ};
    o.pushKV("epoch", static_cast<uint64_t>(pe.epoch));
    o.pushKV("start_height", start);
    o.pushKV("seed_height", pe.epoch >= 1 ? UniValue{consensus::SeedHeight(pe.epoch, ctx->params)} : UniValue{});
    o.pushKV("seed_hash", pe.seed ? UniValue{pe.seed->GetHex()} : UniValue{});
    o.pushKV("frozen", pe.set.has_value());
    o.pushKV("nodes", pe.set ? UniValue{static_cast<uint64_t>(pe.set->size())} : UniValue{});
    o.pushKV("total_bond", pe.set ? rpc::ValueFromAmount(static_cast<CAmount>(pe.set->TotalBond())) : UniValue{});
    o.pushKV("pool", rpc::ValueFromAmount(GetEpochPool(pe.epoch, ctx->chainman.Params())));
    o.pushKV("receipts_from", start);
    o.pushKV("receipts_until", consensus::ReceiptDeadline(pe.epoch, ctx->params) - 1);
    return o;
}

rpc::RPCResponse GetProbers(const NodeContext& node, const rpc::RPCArgs& args)
{
    const std::optional<RegistryRPCContext> ctx = GetRegistryContext(node);
    if (!ctx) return ChainNotLoaded();
    const std::optional<Key> target = ParseKey(args.Arg<std::string>("target"));
    if (!target) return BadKey("target");
    ProbeEpoch pe;
    if (auto error = ReadProbeEpoch(*ctx, args.MaybeArg<int64_t>("epoch"), pe)) return *error;
    if (!pe.set || !pe.seed) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "No frozen active set for this epoch (not yet seeded, or erased)"};
    const std::optional<size_t> index = pe.set->Find(*target);
    if (!index) return rpc::RPCError{rpc::RPC_INVALID_ADDRESS_OR_KEY, "The target was not an active node at the epoch's seed"};
    uint16_t mask = 0;
    ctx->chainman.ReadRegistry([&](const consensus::RecordStore& store, int32_t) { mask = consensus::ReadReceiptMask(store, pe.epoch, *target).mask; });
    UniValue probers{UniValue::VARR};
    const std::vector<Key> drawn = consensus::DrawProberKeys(*pe.set, *pe.seed, *index, ctx->params.probe_count);
    for (size_t i = 0; i < drawn.size(); ++i) {
        UniValue p{UniValue::VOBJ};
        p.pushKV("index", static_cast<uint64_t>(i));
        p.pushKV("node", HexStr(drawn[i]));
        p.pushKV("receipt", (mask >> i & 1) != 0);
        probers.push_back(p);
    }
    const CAmount bond = pe.set->Node(*index).bond;
    UniValue o{UniValue::VOBJ};
    o.pushKV("target", HexStr(*target));
    o.pushKV("epoch", static_cast<uint64_t>(pe.epoch));
    o.pushKV("bond", rpc::ValueFromAmount(bond));
    o.pushKV("probers", probers);
    o.pushKV("receipts", std::popcount(mask));
    o.pushKV("qualified", std::popcount(mask) >= ctx->params.probe_threshold);
    o.pushKV("share", rpc::ValueFromAmount(consensus::PoolShare(GetEpochPool(pe.epoch, ctx->chainman.Params()), bond,
                                                          static_cast<CAmount>(pe.set->TotalBond()))));
    return o;
}

rpc::RPCResponse GetProbeTargets(const NodeContext& node, const rpc::RPCArgs& args)
{
    const std::optional<RegistryRPCContext> ctx = GetRegistryContext(node);
    if (!ctx) return ChainNotLoaded();
    const std::optional<Key> prober = ParseKey(args.Arg<std::string>("prober"));
    if (!prober) return BadKey("prober");
    ProbeEpoch pe;
    if (auto error = ReadProbeEpoch(*ctx, args.MaybeArg<int64_t>("epoch"), pe)) return *error;
    if (!pe.set || !pe.seed) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "No frozen active set for this epoch (not yet seeded, or erased)"};
    // Every target's draw: n draws of probe_count each (the SIP prober does the same once per epoch).
    UniValue targets{UniValue::VARR};
    for (size_t t = 0; t < pe.set->size(); ++t) {
        const std::vector<Key> drawn = consensus::DrawProberKeys(*pe.set, *pe.seed, t, ctx->params.probe_count);
        for (size_t i = 0; i < drawn.size(); ++i) {
            if (drawn[i] != *prober) continue;
            UniValue e{UniValue::VOBJ};
            e.pushKV("target", HexStr(pe.set->Node(t).node));
            e.pushKV("index", static_cast<uint64_t>(i));
            targets.push_back(e);
        }
    }
    UniValue o{UniValue::VOBJ};
    o.pushKV("prober", HexStr(*prober));
    o.pushKV("epoch", static_cast<uint64_t>(pe.epoch));
    o.pushKV("targets", targets);
    return o;
}

/** The registry index, synced with the notifications queued so far; nullptr if not enabled. */
const chainstate::RegistryIndex* SyncedIndex(const NodeContext& node)
{
    if (!node.registry_index) return nullptr;
    if (node.validation_signals) node.validation_signals->SyncWithQueue();
    return &node.registry_index->Index();
}

rpc::RPCError NoIndex()
{
    return rpc::RPCError{rpc::RPC_MISC_ERROR, "The registry index is not enabled (restart with -registryindex)"};
}

rpc::RPCResponse ListTermDeposits(const NodeContext& node, const rpc::RPCArgs& args)
{
    const std::optional<Key> term = ParseKey(args.Arg<std::string>("term"));
    if (!term) return BadKey("term");
    const int64_t count = args.Arg<int64_t>("count");
    if (!IsValidCount(count)) return BadCount();
    Key from{};
    if (const auto from_text = args.MaybeArg<std::string>("from_orig")) {
        const std::optional<Key> k = ParseKey(*from_text);
        if (!k) return BadKey("from_orig");
        from = *k;
    }
    const chainstate::RegistryIndex* index = SyncedIndex(node);
    if (!index) return NoIndex();
    auto pairs = index->ListTermPairs(*term, from, static_cast<size_t>(count));
    if (!pairs.ok()) return rpc::RPCError{rpc::RPC_DATABASE_ERROR, pairs.status().ToString()};
    UniValue result{UniValue::VARR};
    for (const auto& [orig, pair] : *pairs) result.push_back(PairToJSON(orig, *term, pair));
    return result;
}

std::string_view EventTypeName(chainstate::IndexEventType type)
{
    switch (type) {
    case chainstate::IndexEventType::SETTLED_AS_TERM: return "settled_as_term";
    case chainstate::IndexEventType::SETTLED_AS_ORIG: return "settled_as_orig";
    case chainstate::IndexEventType::BALANCE: return "balance";
    }
    return "unknown";
}

rpc::RPCResponse ListNodeHistory(const NodeContext& node, const rpc::RPCArgs& args)
{
    const std::optional<Key> key = ParseKey(args.Arg<std::string>("node_key"));
    if (!key) return BadKey("node_key");
    const int64_t from = args.Arg<int64_t>("from_height");
    if (from < 0 || from > INT32_MAX) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "from_height out of range"};
    const int64_t count = args.Arg<int64_t>("count");
    if (!IsValidCount(count)) return BadCount();
    const chainstate::RegistryIndex* index = SyncedIndex(node);
    if (!index) return NoIndex();
    auto events = index->ListHistory(*key, static_cast<int32_t>(from), static_cast<size_t>(count));
    if (!events.ok()) return rpc::RPCError{rpc::RPC_DATABASE_ERROR, events.status().ToString()};
    UniValue result{UniValue::VARR};
    for (const chainstate::IndexEvent& e : *events) {
        UniValue o{UniValue::VOBJ};
        o.pushKV("height", e.height);
        o.pushKV("type", std::string{EventTypeName(e.type)});
        const bool settled = e.type != chainstate::IndexEventType::BALANCE;
        o.pushKV("counterparty", settled ? UniValue{HexStr(e.counterparty)} : UniValue{});
        o.pushKV("epoch", settled ? UniValue{static_cast<uint64_t>(e.epoch)} : UniValue{});
        o.pushKV("seconds", settled ? UniValue{e.seconds} : UniValue{});
        o.pushKV("before", rpc::ValueFromAmount(e.before));
        o.pushKV("after", rpc::ValueFromAmount(e.after));
        result.push_back(o);
    }
    return result;
}

const char* const PAIR_RESULT =
    "{\n"
    "  \"orig\" : \"hex\",                  (string) the originating node (pays)\n"
    "  \"term\" : \"hex\",                  (string) the terminating node (is paid)\n"
    "  \"deposit\" : n,                   (numeric) DOTS available for settlements\n"
    "  \"debt\" : n,                      (numeric) DOTS owed to term; the next deposit pays it first\n"
    "  \"release_amount\" : n or null,    (numeric) a pending release request\n"
    "  \"release_height\" : n or null     (numeric) when it is released to orig's balance\n"
    "}";

const char* const SETTLEMENT_RESULT =
    "{\n"
    "  \"orig\" : \"hex\", \"term\" : \"hex\",\n"
    "  \"epoch\" : n,                     (numeric) settlement epoch\n"
    "  \"amount\" : n,                    (numeric) DOTS settled for it so far\n"
    "  \"seconds\" : n,                   (numeric) billable seconds of the highest voucher settled\n"
    "  \"settleable_until\" : n           (numeric) last height a higher voucher may be mined; erased after it\n"
    "}";

rpc::RPCMethod getnodebalance(NodeContext& node)
{
    return {
        .name = "getnodebalance",
        .category = "registry",
        .description = "Returns a node's balance (settlements received, pool shares, released deposits, returned bond) and\n"
                       "the seq its next withdrawal or deposit release must carry.",
        .args = {{"node_key", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The node's x-only key in hex"}},
        .result = "{ \"node\" : \"hex\", \"balance\" : n (DOTS), \"next_seq\" : n }",
        .examples = {R"("<node key hex>")"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse { return GetNodeBalance(node, args.Arg<std::string>("node_key")); },
    };
}

rpc::RPCMethod getdeposit(NodeContext& node)
{
    return {
        .name = "getdeposit",
        .category = "registry",
        .description = "Returns the deposit, debt and pending release of a node pair (zeros if it has none).",
        .args = {{"orig", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The originating node's key in hex"},
                 {"term", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The terminating node's key in hex"}},
        .result = PAIR_RESULT,
        .examples = {R"("<orig key hex>", "<term key hex>")"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse { return GetDeposit(node, args); },
    };
}

rpc::RPCMethod listdeposits(NodeContext& node)
{
    return {
        .name = "listdeposits",
        .category = "registry",
        .description = "Lists the pairs an originating node has a deposit, debt or pending release with, by terminating key.",
        .args = {{"orig", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The originating node's key in hex"},
                 {"count", rpc::RPCArg::Type::NUM, rpc::RPCArg::Default{DEFAULT_LIST_COUNT}, "The most pairs to return (0-1000)"},
                 {"from_term", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::OMITTED, "Start at this terminating key (inclusive)"}},
        .result = std::string{"[ "} + PAIR_RESULT + ", ... ]",
        .examples = {R"("<orig key hex>")"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse { return ListDeposits(node, args); },
    };
}

rpc::RPCMethod getsettlement(NodeContext& node)
{
    return {
        .name = "getsettlement",
        .category = "registry",
        .description = "Returns what was settled for a node pair in a settlement epoch (kept only while the epoch is settleable).",
        .args = {{"orig", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The originating node's key in hex"},
                 {"term", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The terminating node's key in hex"},
                 {"epoch", rpc::RPCArg::Type::NUM, rpc::RPCArg::Optional::NO, "The settlement epoch (height / settle_epoch)"}},
        .result = SETTLEMENT_RESULT,
        .examples = {R"("<orig key hex>", "<term key hex>", 1234)"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse { return GetSettlement(node, args); },
    };
}

rpc::RPCMethod listsettlements(NodeContext& node)
{
    return {
        .name = "listsettlements",
        .category = "registry",
        .description = "Lists the settlements of an originating node (optionally with one terminating node) whose epochs are\n"
                       "still settleable, by terminating key and epoch.",
        .args = {{"orig", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The originating node's key in hex"},
                 {"term", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::OMITTED, "Only this terminating node"},
                 {"count", rpc::RPCArg::Type::NUM, rpc::RPCArg::Default{DEFAULT_LIST_COUNT}, "The most settlements to return (0-1000)"}},
        .result = std::string{"[ "} + SETTLEMENT_RESULT + ", ... ]",
        .examples = {R"("<orig key hex>")", R"("<orig key hex>", "<term key hex>")"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse { return ListSettlements(node, args); },
    };
}

rpc::RPCMethod getprobeepoch(NodeContext& node)
{
    return {
        .name = "getprobeepoch",
        .category = "registry",
        .description = "Returns a probe (availability reward) epoch: its seed, the active set frozen at the seed, the pool and the\n"
                       "heights its receipts are accepted at.",
        .args = {{"epoch", rpc::RPCArg::Type::NUM, rpc::RPCArg::Optional::OMITTED, "The probe epoch (default: the tip's)"}},
        .result = "{\n"
                  "  \"epoch\" : n, \"start_height\" : n,\n"
                  "  \"seed_height\" : n or null, \"seed_hash\" : \"hex\" or null,\n"
                  "  \"frozen\" : true|false,           (boolean) the active set is frozen and not yet erased\n"
                  "  \"nodes\" : n or null, \"total_bond\" : n or null,  (numeric) of the frozen set (W_e)\n"
                  "  \"pool\" : n,                      (numeric) DOTS the epoch's shares may create in all\n"
                  "  \"receipts_from\" : n, \"receipts_until\" : n\n"
                  "}",
        .examples = {"", "42"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse { return GetProbeEpoch(node, args); },
    };
}

rpc::RPCMethod getprobers(NodeContext& node)
{
    return {
        .name = "getprobers",
        .category = "registry",
        .description = "Returns the probers drawn for a target in a probe epoch, which of their receipts were counted, and the\n"
                       "target's share.",
        .args = {{"target", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The target node's key in hex"},
                 {"epoch", rpc::RPCArg::Type::NUM, rpc::RPCArg::Optional::OMITTED, "The probe epoch (default: the tip's)"}},
        .result = "{\n"
                  "  \"target\" : \"hex\", \"epoch\" : n, \"bond\" : n,\n"
                  "  \"probers\" : [ { \"index\" : n, \"node\" : \"hex\", \"receipt\" : true|false }, ... ],  (array) in draw order\n"
                  "  \"receipts\" : n, \"qualified\" : true|false,\n"
                  "  \"share\" : n                      (numeric) DOTS credited when it qualifies\n"
                  "}",
        .examples = {R"("<node key hex>")", R"("<node key hex>", 42)"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse { return GetProbers(node, args); },
    };
}

rpc::RPCMethod getprobetargets(NodeContext& node)
{
    return {
        .name = "getprobetargets",
        .category = "registry",
        .description = "Returns the targets a node must probe in a probe epoch, with its position in each target's draw.",
        .args = {{"prober", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The prober node's key in hex"},
                 {"epoch", rpc::RPCArg::Type::NUM, rpc::RPCArg::Optional::OMITTED, "The probe epoch (default: the tip's)"}},
        .result = "{ \"prober\" : \"hex\", \"epoch\" : n, \"targets\" : [ { \"target\" : \"hex\", \"index\" : n }, ... ] }",
        .examples = {R"("<node key hex>")"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse { return GetProbeTargets(node, args); },
    };
}
rpc::RPCMethod listtermdeposits(NodeContext& node)
{
    return {
        .name = "listtermdeposits",
        .category = "registry",
        .description = "Lists the pairs a node terminates (deposits others hold for calls to it), by originating key.\n"
                       "Needs -registryindex.",
        .args = {{"term", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The terminating node's key in hex"},
                 {"count", rpc::RPCArg::Type::NUM, rpc::RPCArg::Default{DEFAULT_LIST_COUNT}, "The most pairs to return (0-1000)"},
                 {"from_orig", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::OMITTED, "Start at this originating key (inclusive)"}},
        .result = std::string{"[ "} + PAIR_RESULT + ", ... ]",
        .examples = {R"("<term key hex>")"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse { return ListTermDeposits(node, args); },
    };
}

rpc::RPCMethod listnodehistory(NodeContext& node)
{
    return {
        .name = "listnodehistory",
        .category = "registry",
        .description = "Lists a node's settlements (as either end) and balance changes, oldest first. Needs -registryindex.",
        .args = {{"node_key", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The node's key in hex"},
                 {"from_height", rpc::RPCArg::Type::NUM, rpc::RPCArg::Default{0}, "First block height"},
                 {"count", rpc::RPCArg::Type::NUM, rpc::RPCArg::Default{DEFAULT_LIST_COUNT}, "The most events to return (0-1000)"}},
        .result = "[ {\n"
                  "  \"height\" : n,\n"
                  "  \"type\" : \"str\",                 (string) \"settled_as_term\", \"settled_as_orig\" or \"balance\"\n"
                  "  \"counterparty\" : \"hex\" or null, \"epoch\" : n or null, \"seconds\" : n or null,  (settlements)\n"
                  "  \"before\" : n, \"after\" : n          (numeric) settled total or balance in DOTS, before and after the block\n"
                  "}, ... ]",
        .examples = {R"("<node key hex>")", R"("<node key hex>", 1000, 10)"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse { return ListNodeHistory(node, args); },
    };
}
} // namespace

void RegisterRegistryMoneyRPCCommands(rpc::RPCTable& table, NodeContext& node)
{
    for (const auto method : {getnodebalance, getdeposit, listdeposits, getsettlement, listsettlements, getprobeepoch, getprobers,
                              getprobetargets, listtermdeposits, listnodehistory}) {
        table.Register(method(node));
    }
}

} // namespace node
