// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Registry read RPCs of calls and rewards (doc/registry.md): getcallrecord, listcallrecords,
// getrewardinfo. Result conventions: node/rpc/registry_util.h.

#include <node/rpc/register.h>

#include <consensus/registry_rules.h>
#include <consensus/registry_state.h>
#include <consensus/subsidy.h>
#include <node/context.h>
#include <node/rpc/registry_util.h>
#include <node/rpc/util.h>
#include <rpc/server.h>
#include <util/format.h>
#include <util/strencodings.h>
#include <validation/chainstate_manager.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace node {

namespace {
using registry::CallEntry;
using registry::CallStatus;
using registry::Key;
using registry::RecordStore;

constexpr int64_t DEFAULT_CALL_HEIGHTS = 100;
constexpr int64_t MAX_CALL_HEIGHTS = 10'000;

RPCResponse GetCallRecord(const NodeContext& node, const std::string& call_id_hex)
{
    const std::optional<RegistryRPCContext> ctx = GetRegistryContext(node);
    if (!ctx) return ChainNotLoaded();
    const std::optional<uint256> call_id = uint256::FromHex(call_id_hex);
    if (!call_id) return InvalidHash("call_id");
    std::optional<CallEntry> call;
    ctx->chainman.ReadRegistry([&](const RecordStore& store, int32_t) { call = registry::ReadCall(store, *call_id); });
    if (!call) return RPCError{RPC_INVALID_ADDRESS_OR_KEY, "Call record not found"};
    return CallToJSON(*call, *ctx);
}

RPCResponse ListCallRecords(const NodeContext& node, const RPCArgs& args)
{
    const std::optional<RegistryRPCContext> ctx = GetRegistryContext(node);
    if (!ctx) return ChainNotLoaded();
    const std::optional<int64_t> from_param = args.MaybeArg<int64_t>("from_height");
    const std::optional<int64_t> to_param = args.MaybeArg<int64_t>("to_height");
    std::optional<Key> node_key;
    if (const auto node_text = args.MaybeArg<std::string>("node"); node_text && !node_text->empty()) {
        node_key = ParseKey(*node_text);
        if (!node_key) return BadKey("node");
    }
    const int64_t count = args.Arg<int64_t>("count");
    if (!IsValidCount(count)) return BadCount();
    if ((from_param && *from_param < 0) || (to_param && *to_param < 0)) {
        return RPCError{RPC_INVALID_PARAMETER, "Block height out of range"};
    }
    if (from_param && to_param && *from_param > *to_param) {
        return RPCError{RPC_INVALID_PARAMETER, "from_height must not be above to_height"};
    }

    UniValue result{UniValue::VARR};
    if (!node_key) {
        // By height: the calls of blocks from_height..to_height, in block order.
        std::optional<RPCError> error;
        ctx->chainman.ReadRegistry([&](const RecordStore& store, int32_t tip) {
            const int64_t to = to_param ? *to_param : tip;
            const int64_t from = from_param ? *from_param : std::max<int64_t>(0, to - (DEFAULT_CALL_HEIGHTS - 1));
            if (from > to) return; // from_height above the tip
            if (to - from + 1 > MAX_CALL_HEIGHTS) {
                error = RPCError{RPC_INVALID_PARAMETER, StrFormat("At most %lld heights per call", (long long)MAX_CALL_HEIGHTS)};
                return;
            }
            for (int64_t h = from; h <= std::min<int64_t>(to, tip); ++h) {
                const std::optional<registry::BlockRewards> rewards = registry::ReadBlockRewards(store, static_cast<int32_t>(h));
                if (!rewards) continue;
                for (const uint256& id : rewards->call_ids) {
                    if (static_cast<int64_t>(result.size()) >= count) return;
                    const std::optional<CallEntry> call = registry::ReadCall(store, id);
                    if (call) result.push_back(CallToJSON(*call, *ctx));
                }
            }
        });
        if (error) return *error;
        return result;
    }

    // By node: the node's index of calls ('o' node height call_id), in height order.
    bool known = false;
    ctx->chainman.ReadRegistry([&](const RecordStore& store, int32_t) { known = registry::ReadNode(store, *node_key).has_value(); });
    if (!known) return RPCError{RPC_INVALID_ADDRESS_OR_KEY, "Node not found"};
    if (count == 0) return result;
    const std::string key_prefix = std::string(1, registry::TABLE_NODE_CALLS) + std::string(node_key->begin(), node_key->end());
    const int64_t from = from_param.value_or(0);
    const int64_t to = to_param.value_or(std::numeric_limits<int32_t>::max());
    if (from > std::numeric_limits<int32_t>::max()) return result;
    const std::string start = registry::NodeCallKey(*node_key, static_cast<int32_t>(from), uint256{});
    std::vector<uint256> ids;
    const storage::Status status = ctx->chainman.ListRegistryRecords(key_prefix, start,
        [&](const std::string& key, const std::string&) {
            if (key.size() != 1 + 32 + 4 + 32) return true; // not an index entry
            const auto* p = reinterpret_cast<const uint8_t*>(key.data()) + 1 + 32;
            const int64_t height = (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
            if (height > to) return false;
            ids.emplace_back(std::span<const uint8_t, 32>{p + 4, 32});
            return static_cast<int64_t>(ids.size()) < count;
        });
    if (!status.ok()) return RPCError{RPC_DATABASE_ERROR, status.ToString()};
    ctx->chainman.ReadRegistry([&](const RecordStore& store, int32_t) {
        for (const uint256& id : ids) {
            const std::optional<CallEntry> call = registry::ReadCall(store, id);
            if (call) result.push_back(CallToJSON(*call, *ctx));
        }
    });
    return result;
}

RPCResponse GetRewardInfo(const NodeContext& node, std::optional<int64_t> height_param)
{
    const std::optional<RegistryRPCContext> ctx = GetRegistryContext(node);
    if (!ctx) return ChainNotLoaded();
    std::optional<UniValue> result;
    ctx->chainman.ReadRegistry([&](const RecordStore& store, int32_t tip) {
        const int64_t height = height_param.value_or(tip);
        if (height < 0 || height > tip) return;
        const int32_t h = static_cast<int32_t>(height);
        const std::optional<registry::BlockRewards> rewards = registry::ReadBlockRewards(store, h);
        const CAmount pool = rewards ? rewards->pool : GetCallRewardPool(h, ctx->chainman.Params());
        const CAmount claimed = rewards ? rewards->claimed : 0;

        // The block's records: what is still to be paid, and per-node sums in order of appearance.
        registry::PayoutOutputs pending;
        struct NodeSum {
            Key node;
            CAmount amount{0};
        };
        std::vector<NodeSum> sums;
        const auto add_sum = [&](const Key& key, CAmount amount) {
            for (NodeSum& s : sums) {
                if (s.node == key) {
                    s.amount += amount;
                    return;
                }
            }
            sums.push_back({key, amount});
        };
        if (rewards) {
            for (const uint256& id : rewards->call_ids) {
                const std::optional<CallEntry> call = registry::ReadCall(store, id);
                if (!call) continue;
                const bool voided = call->status == CallStatus::VOIDED;
                add_sum(call->body.orig, voided ? 0 : call->orig_amount);
                add_sum(call->body.term, voided ? 0 : call->term_amount);
                if (call->status == CallStatus::PENDING) {
                    pending.Add(call->orig_lock, call->orig_amount);
                    pending.Add(call->term_lock, call->term_amount);
                }
            }
        }
        UniValue nodes{UniValue::VARR};
        for (const NodeSum& s : sums) {
            const registry::NodeStats stats = registry::ReadNodeStats(store, s.node);
            UniValue o{UniValue::VOBJ};
            o.pushKV("node", HexStr(s.node));
            o.pushKV("earned_block", ValueFromAmount(s.amount));
            o.pushKV("earned_total", ValueFromAmount(stats.earned));
            o.pushKV("calls_paid", stats.calls_paid);
            nodes.push_back(o);
        }

        UniValue o{UniValue::VOBJ};
        o.pushKV("height", h);
        o.pushKV("pool", ValueFromAmount(pool));
        o.pushKV("claimed", ValueFromAmount(claimed));
        o.pushKV("unclaimed", ValueFromAmount(pool - claimed));
        o.pushKV("billable_seconds", rewards ? rewards->billable_seconds : uint64_t{0});
        o.pushKV("call_records", static_cast<uint64_t>(rewards ? rewards->call_ids.size() : 0));
        o.pushKV("payout_height", static_cast<int64_t>(h) + ctx->params.dispute_window);
        o.pushKV("payouts_pending", PayoutsToJSON(pending.Outputs(), *ctx));
        o.pushKV("nodes", nodes);
        result = std::move(o);
    });
    if (!result) return RPCError{RPC_INVALID_PARAMETER, "Block height out of range"};
    return *result;
}

const char* const CALL_RESULT =
    "{\n"
    "  \"call_id\" : \"hex\",               (string) display order, like a txid\n"
    "  \"txid\" : \"hex\",                  (string) the transaction that recorded it\n"
    "  \"height\" : n,                    (numeric) the block that recorded it\n"
    "  \"orig_node\" : \"hex\",             (string)\n"
    "  \"term_node\" : \"hex\",             (string)\n"
    "  \"duration\" : n,                  (numeric) seconds\n"
    "  \"billable_seconds\" : n,          (numeric)\n"
    "  \"anchor_height\" : n,             (numeric)\n"
    "  \"anchor_hash\" : \"hex\",           (string)\n"
    "  \"orig_amount\" : n,               (numeric) DOTS for the originating node\n"
    "  \"term_amount\" : n,               (numeric) DOTS for the terminating node\n"
    "  \"orig_reward_address\" : \"str\",   (string)\n"
    "  \"term_reward_address\" : \"str\",   (string)\n"
    "  \"status\" : \"str\",                (string) \"pending\", \"paid\" or \"voided\"\n"
    "  \"payout_height\" : n              (numeric) height + dispute_window\n"
    "}";
RPCMethod getcallrecord(NodeContext& node)
{
    return {
        .name = "getcallrecord",
        .category = "registry",
        .description = "Returns a recorded call.",
        .args = {{"call_id", RPCArg::Type::STR, RPCArg::Optional::NO, "The call id, hex in display order (as the RPCs show it)"}},
        .result = CALL_RESULT,
        .examples = {R"("<call id hex>")"},
        .handler = [&node](const RPCArgs& args) -> RPCResponse { return GetCallRecord(node, args.Arg<std::string>("call_id")); },
    };
}

RPCMethod listcallrecords(NodeContext& node)
{
    return {
        .name = "listcallrecords",
        .category = "registry",
        .description = "Lists recorded calls as getcallrecord objects.\n"
                       "Without \"node\": the calls of blocks from_height..to_height in block order (default: the last 100 blocks;\n"
                       "at most 10000 heights). With \"node\": that node's calls (originating or terminating) in height order,\n"
                       "from_height default 0, to_height default the tip.",
        .args = {{"from_height", RPCArg::Type::NUM, RPCArg::DefaultHint{"to_height-99 (0 with node)"}, "First block height"},
                 {"to_height", RPCArg::Type::NUM, RPCArg::DefaultHint{"tip"}, "Last block height"},
                 {"node", RPCArg::Type::STR, RPCArg::Optional::OMITTED, "Only the calls of this node key (hex)"},
                 {"count", RPCArg::Type::NUM, RPCArg::Default{DEFAULT_LIST_COUNT}, "The most records to return (0-1000)"}},
        .result = std::string{"[ "} + CALL_RESULT + ", ... ]",
        .examples = {"", "100, 200", R"(null, null, "<node key hex>")", R"(0, 1000, "<node key hex>", 10)"},
        .handler = [&node](const RPCArgs& args) -> RPCResponse { return ListCallRecords(node, args); },
    };
}

RPCMethod getrewardinfo(NodeContext& node)
{
    return {
        .name = "getrewardinfo",
        .category = "registry",
        .description = "Returns the call-reward accounting of a block.",
        .args = {{"height", RPCArg::Type::NUM, RPCArg::DefaultHint{"tip"}, "The block height"}},
        .result = "{\n"
                  "  \"height\" : n,                    (numeric)\n"
                  "  \"pool\" : n,                      (numeric) the block's call-reward pool in DOTS\n"
                  "  \"claimed\" : n,                   (numeric) earned by the block's call records\n"
                  "  \"unclaimed\" : n,                 (numeric) pool - claimed (went to the miner)\n"
                  "  \"billable_seconds\" : n,          (numeric)\n"
                  "  \"call_records\" : n,              (numeric) records in the block\n"
                  "  \"payout_height\" : n,             (numeric) height + dispute_window: when this block's records pay\n"
                  "  \"payouts_pending\" : [ { \"address\", \"amount\" } ], (array) this block's not yet paid, not voided\n"
                  "                                   earnings, per reward address in coinbase order\n"
                  "  \"nodes\" : [ { \"node\", \"earned_block\" (this block's records, voided excluded),\n"
                  "              \"earned_total\", \"calls_paid\" (node totals) } ]\n"
                  "}",
        .examples = {"", "1000"},
        .handler = [&node](const RPCArgs& args) -> RPCResponse { return GetRewardInfo(node, args.MaybeArg<int64_t>("height")); },
    };
}
} // namespace

void RegisterRegistryCallRPCCommands(RPCTable& table, NodeContext& node)
{
    for (const auto method : {getcallrecord, listcallrecords, getrewardinfo}) table.Register(method(node));
}

} // namespace node
