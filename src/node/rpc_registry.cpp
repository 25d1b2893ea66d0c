// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Registry read RPCs (doc/registry.md): gethandle, listhandles, getnode, listnodes, getgateway, getpresence,
// getcallrecord, listcallrecords, getrewardinfo. Point lookups run under the chain lock through
// ChainstateManager::ReadRegistry; the list methods first collect keys or records with
// ListRegistryRecords (which flushes the caches and iterates the database) and then read what
// they need at the tip.
//
// Conventions of the results: keys (owner, node, identity) and signatures in hex as they appear
// on the wire; hashes (txid, anchor_hash, call_id) in display order like txids and block hashes;
// amounts in DOTS with 8 decimals; heights that do not apply are null.

#include <node/rpc_register.h>

#include <consensus/registry_payload.h>
#include <consensus/registry_rules.h>
#include <consensus/registry_state.h>
#include <consensus/subsidy.h>
#include <crypto/key.h>
#include <interfaces/gateway_index.h>
#include <node/context.h>
#include <node/rpc_chain_util.h>
#include <primitives/address.h>
#include <rpc/server.h>
#include <util/chaintype.h>
#include <util/format.h>
#include <util/strencodings.h>
#include <validation/chainstate_manager.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <vector>

using validation::ChainstateManager;

namespace {
using registry::CallEntry;
using registry::CallStatus;
using registry::HandleRecord;
using registry::Key;
using registry::NodeRecord;
using registry::RecordStore;

constexpr int64_t DEFAULT_LIST_COUNT = 100;
constexpr int64_t MAX_LIST_COUNT = 1000;
constexpr int64_t DEFAULT_CALL_HEIGHTS = 100;
constexpr int64_t MAX_CALL_HEIGHTS = 10'000;

const char* const HANDLE_SYNTAX =
    "a handle is either a name of 3-32 characters [a-z0-9._-] that starts with a letter or digit, does not end in "
    "'.', '-' or '_' and has no two punctuation characters in a row, or an E.164 number: '+' and 7-15 digits, the "
    "first not 0";

RPCError NoChain() { return RPCError{RPC_IN_WARMUP, "The block chain is not loaded"}; }

std::string KeyHex(const std::string& key)
{
    return HexStr(std::span<const uint8_t>{reinterpret_cast<const uint8_t*>(key.data()), key.size()});
}

RPCError CorruptRecord(const std::string& what)
{
    return RPCError{RPC_DATABASE_ERROR, "Corrupt registry record: " + what};
}

/** Everything a handler needs besides its parameters. */
struct Ctx {
    ChainstateManager& chainman;
    const ::RegistryParams& params;
    std::string hrp;
};

std::optional<Ctx> GetCtx(const NodeContext& node)
{
    ChainstateManager* chainman = GetChainman(node);
    if (!chainman) return std::nullopt;
    return Ctx{*chainman, chainman->Params().registry, std::string{AddressHrp(node.chain->name)}};
}

/** 64 hex digits -> a 32-byte key in wire order. */
std::optional<Key> ParseKey(const UniValue& v)
{
    if (!v.isStr() || v.get_str().size() != 64) return std::nullopt;
    const auto bytes = TryParseHex(v.get_str());
    if (!bytes || bytes->size() != 32) return std::nullopt;
    Key key;
    std::copy(bytes->begin(), bytes->end(), key.begin());
    return key;
}

RPCError BadKey(const std::string& name)
{
    return RPCError{RPC_INVALID_PARAMETER, name + " must be a 32-byte key in hex (64 hex digits)"};
}

bool IsZero(const Key& key)
{
    return std::all_of(key.begin(), key.end(), [](uint8_t b) { return b == 0; });
}

UniValue KeyOrNull(const Key& key) { return IsZero(key) ? UniValue{} : UniValue{HexStr(key)}; }
UniValue HeightOrNull(int64_t height) { return height < 0 ? UniValue{} : UniValue{height}; }


/** Count parameter: default 100, 0..1000. */
std::optional<int64_t> ParseCount(const UniValue& params, size_t index)
{
    const int64_t count = ParamInt(params, index, DEFAULT_LIST_COUNT);
    if (count < 0 || count > MAX_LIST_COUNT) return std::nullopt;
    return count;
}

RPCError BadCount() { return RPCError{RPC_INVALID_PARAMETER, StrFormat("count must be between 0 and %lld", (long long)MAX_LIST_COUNT)}; }

/** A handle is online if its last proof is fresh and its current node is active. */
bool IsHandleOnline(const HandleRecord& rec, const RecordStore& store, int32_t tip, const ::RegistryParams& params)
{
    if (IsZero(rec.current_node) || !registry::IsOnlineAt(rec, tip, params)) return false;
    const std::optional<NodeRecord> node = registry::ReadNode(store, rec.current_node);
    return node && node->IsActive();
}

UniValue HandleToJSON(const HandleRecord& rec, const RecordStore& store, int32_t tip, const Ctx& ctx)
{
    UniValue o{UniValue::VOBJ};
    o.pushKV("handle", rec.handle);
    o.pushKV("class", registry::ClassifyHandle(rec.handle) == registry::HandleClass::E164 ? "e164" : "name");
    o.pushKV("owner", EncodeAddress(OutputLock::ForKeyHash(XOnlyPubKey{rec.owner}), ctx.hrp));
    o.pushKV("owner_key", HexStr(rec.owner));
    o.pushKV("home_node", KeyOrNull(rec.home));
    o.pushKV("identity_key", KeyOrNull(rec.identity));
    o.pushKV("current_node", KeyOrNull(rec.current_node));
    o.pushKV("online", IsHandleOnline(rec, store, tip, ctx.params));
    o.pushKV("last_presence_height", HeightOrNull(rec.last_presence_height));
    o.pushKV("last_anchor_height", HeightOrNull(rec.last_anchor));
    o.pushKV("registered_height", rec.registered_height);
    o.pushKV("expiry_height", rec.expiry_height);
    o.pushKV("expired", rec.IsExpired(tip));
    o.pushKV("update_seq", static_cast<uint64_t>(rec.update_seq));
    return o;
}

UniValue NodeToJSON(const NodeRecord& rec, const registry::NodeStats& stats, const Ctx& ctx)
{
    UniValue o{UniValue::VOBJ};
    o.pushKV("node", HexStr(rec.node));
    o.pushKV("seq", static_cast<uint64_t>(rec.seq));
    o.pushKV("active", rec.IsActive());
    o.pushKV("slashed", rec.slashed);
    o.pushKV("reward_address", LockAddressJSON(rec.reward, ctx.hrp));
    o.pushKV("endpoints", StringsJSON(rec.endpoints));
    o.pushKV("domains", StringsJSON(rec.domains));
    o.pushKV("prefixes", StringsJSON(rec.prefixes));
    o.pushKV("bond", ValueFromAmount(rec.bond));
    o.pushKV("registered_height", rec.registered_height);
    o.pushKV("deregistered_height", HeightOrNull(rec.deregistered_height));
    o.pushKV("bond_release_height", HeightOrNull(rec.bond_release_height));
    o.pushKV("bond_return_address", rec.bond_release_height < 0 ? UniValue{} : LockAddressJSON(rec.bond_return, ctx.hrp));
    o.pushKV("calls_paid", stats.calls_paid);
    o.pushKV("billable_seconds_paid", stats.billable_seconds_paid);
    o.pushKV("earned", ValueFromAmount(stats.earned));
    return o;
}

UniValue CallToJSON(const CallEntry& call, const Ctx& ctx)
{
    UniValue o{UniValue::VOBJ};
    o.pushKV("call_id", call.body.call_id.GetHex());
    o.pushKV("txid", call.txid.GetHex());
    o.pushKV("height", call.height);
    o.pushKV("orig_node", HexStr(call.body.orig));
    o.pushKV("term_node", HexStr(call.body.term));
    o.pushKV("duration", static_cast<uint64_t>(call.body.duration));
    o.pushKV("billable_seconds", static_cast<uint64_t>(call.billable_seconds));
    o.pushKV("anchor_height", static_cast<uint64_t>(call.body.anchor_height));
    o.pushKV("anchor_hash", call.body.anchor_hash.GetHex());
    o.pushKV("orig_amount", ValueFromAmount(call.orig_amount));
    o.pushKV("term_amount", ValueFromAmount(call.term_amount));
    o.pushKV("orig_reward_address", LockAddressJSON(call.orig_lock, ctx.hrp));
    o.pushKV("term_reward_address", LockAddressJSON(call.term_lock, ctx.hrp));
    o.pushKV("status", std::string{registry::CallStatusName(call.status)});
    o.pushKV("payout_height", static_cast<int64_t>(call.height) + ctx.params.dispute_window);
    return o;
}

UniValue PayoutsToJSON(const std::vector<CTxOut>& outputs, const Ctx& ctx)
{
    UniValue a{UniValue::VARR};
    for (const CTxOut& out : outputs) {
        UniValue o{UniValue::VOBJ};
        o.pushKV("address", LockAddressJSON(out.lock, ctx.hrp));
        o.pushKV("amount", ValueFromAmount(out.value));
        a.push_back(o);
    }
    return a;
}

// ---- Handlers ----

RPCResponse GetHandle(const NodeContext& node, const JSONRPCRequest& request, bool presence_only)
{
    const std::optional<Ctx> ctx = GetCtx(node);
    if (!ctx) return NoChain();
    const std::string& handle = request.params[0].get_str();
    if (registry::ClassifyHandle(handle) == registry::HandleClass::INVALID) {
        return RPCError{RPC_INVALID_PARAMETER, StrFormat("Invalid handle: %s", HANDLE_SYNTAX)};
    }
    std::optional<UniValue> result;
    ctx->chainman.ReadRegistry([&](const RecordStore& store, int32_t tip) {
        const std::optional<HandleRecord> rec = registry::ReadHandle(store, handle);
        if (!rec) return;
        if (!presence_only) {
            result = HandleToJSON(*rec, store, tip, *ctx);
            return;
        }
        UniValue o{UniValue::VOBJ};
        o.pushKV("handle", rec->handle);
        o.pushKV("current_node", KeyOrNull(rec->current_node));
        o.pushKV("online", IsHandleOnline(*rec, store, tip, ctx->params));
        o.pushKV("last_presence_height", HeightOrNull(rec->last_presence_height));
        o.pushKV("last_anchor_height", HeightOrNull(rec->last_anchor));
        UniValue endpoints{UniValue::VARR};
        if (!IsZero(rec->current_node)) {
            const std::optional<NodeRecord> n = registry::ReadNode(store, rec->current_node);
            if (n && n->IsActive()) endpoints = StringsJSON(n->endpoints);
        }
        o.pushKV("node_endpoints", endpoints);
        result = std::move(o);
    });
    if (!result) return RPCError{RPC_INVALID_ADDRESS_OR_KEY, "Handle not found"};
    return *result;
}

RPCResponse ListHandles(const NodeContext& node, const JSONRPCRequest& request)
{
    const std::optional<Ctx> ctx = GetCtx(node);
    if (!ctx) return NoChain();
    const std::string prefix = ParamStr(request.params, 0, "");
    const std::optional<int64_t> count = ParseCount(request.params, 1);
    if (!count) return BadCount();
    const std::string from = ParamStr(request.params, 2, "");
    UniValue result{UniValue::VARR};
    if (*count == 0) return result;

    const std::string key_prefix = registry::HandleKey(prefix);
    // The iteration starts at the first key >= max(prefix, from); an earlier `from` is the prefix.
    const std::string start = from > prefix ? registry::HandleKey(from) : std::string{};
    std::vector<HandleRecord> records;
    std::optional<std::string> corrupt;
    const storage::Status status = ctx->chainman.ListRegistryRecords(key_prefix, start,
        [&](const std::string& key, const std::string& value) {
            std::optional<HandleRecord> rec = HandleRecord::Decode(value);
            if (!rec) {
                corrupt = KeyHex(key);
                return false;
            }
            records.push_back(std::move(*rec));
            return static_cast<int64_t>(records.size()) < *count;
        });
    if (!status.ok()) return RPCError{RPC_DATABASE_ERROR, status.ToString()};
    if (corrupt) return CorruptRecord(*corrupt);
    ctx->chainman.ReadRegistry([&](const RecordStore& store, int32_t tip) {
        for (const HandleRecord& rec : records) result.push_back(HandleToJSON(rec, store, tip, *ctx));
    });
    return result;
}

/** Reads up to `count` node records from key `start` (empty: the first) into `out`; an error
 * response if the database fails or a record does not decode. */
std::optional<RPCResponse> ReadAllNodes(const Ctx& ctx, const std::string& start, int64_t count, std::vector<NodeRecord>& out)
{
    std::optional<std::string> corrupt;
    const storage::Status status = ctx.chainman.ListRegistryRecords(std::string(1, registry::TABLE_NODE), start,
        [&](const std::string& key, const std::string& value) {
            std::optional<NodeRecord> rec = NodeRecord::Decode(value);
            if (!rec) {
                corrupt = KeyHex(key);
                return false;
            }
            out.push_back(std::move(*rec));
            return static_cast<int64_t>(out.size()) < count;
        });
    if (!status.ok()) return RPCResponse{RPCError{RPC_DATABASE_ERROR, status.ToString()}};
    if (corrupt) return RPCResponse{CorruptRecord(*corrupt)};
    return std::nullopt;
}

RPCResponse GetNode(const NodeContext& node, const JSONRPCRequest& request)
{
    const std::optional<Ctx> ctx = GetCtx(node);
    if (!ctx) return NoChain();
    const std::optional<Key> key = ParseKey(request.params[0]);
    if (!key) return BadKey("node_key");
    std::optional<NodeRecord> rec;
    registry::NodeStats stats;
    ctx->chainman.ReadRegistry([&](const RecordStore& store, int32_t) {
        rec = registry::ReadNode(store, *key);
        stats = registry::ReadNodeStats(store, *key);
    });
    if (!rec) return RPCError{RPC_INVALID_ADDRESS_OR_KEY, "Node not found"};
    return NodeToJSON(*rec, stats, *ctx);
}

RPCResponse ListNodes(const NodeContext& node, const JSONRPCRequest& request)
{
    const std::optional<Ctx> ctx = GetCtx(node);
    if (!ctx) return NoChain();
    const std::optional<int64_t> count = ParseCount(request.params, 0);
    if (!count) return BadCount();
    std::string start;
    if (!request.params[1].isNull()) {
        const std::optional<Key> from = ParseKey(request.params[1]);
        if (!from) return BadKey("from");
        start = registry::NodeKey(*from);
    }
    UniValue result{UniValue::VARR};
    if (*count == 0) return result;
    std::vector<NodeRecord> records;
    if (auto error = ReadAllNodes(*ctx, start, *count, records)) return *error;
    ctx->chainman.ReadRegistry([&](const RecordStore& store, int32_t) {
        for (const NodeRecord& rec : records) result.push_back(NodeToJSON(rec, registry::ReadNodeStats(store, rec.node), *ctx));
    });
    return result;
}

RPCResponse GetGateway(const NodeContext& node, const JSONRPCRequest& request)
{
    const std::optional<Ctx> ctx = GetCtx(node);
    if (!ctx) return NoChain();
    const std::string target = request.params[0].get_str();
    const bool number = !target.empty() && target[0] == '+';
    if (number ? !registry::IsValidPrefix(target) : !registry::IsValidDomain(target)) {
        return RPCError{RPC_INVALID_PARAMETER, "Invalid target: an E.164 number (\"+\" and up to 15 digits) or a SIP domain"};
    }
    std::vector<NodeRecord> records;
    if (auto error = ReadAllNodes(*ctx, {}, std::numeric_limits<int64_t>::max(), records)) return *error;
    const interfaces::GatewayIndex index = interfaces::GatewayIndex::Build(records);
    std::string match;
    std::vector<Key> keys;
    if (number) {
        interfaces::GatewayIndex::PrefixMatch m = index.LookupNumber(target);
        match = std::move(m.prefix);
        keys = std::move(m.nodes);
    } else {
        keys = index.LookupDomain(target);
        if (!keys.empty()) match = target;
    }
    UniValue nodes{UniValue::VARR};
    ctx->chainman.ReadRegistry([&](const RecordStore& store, int32_t) {
        for (const NodeRecord& rec : records) {
            if (std::binary_search(keys.begin(), keys.end(), rec.node)) {
                nodes.push_back(NodeToJSON(rec, registry::ReadNodeStats(store, rec.node), *ctx));
            }
        }
    });
    UniValue result{UniValue::VOBJ};
    result.pushKV("target", target);
    result.pushKV("match", match.empty() ? UniValue{} : UniValue{match});
    result.pushKV("nodes", nodes);
    return result;
}

RPCResponse GetCallRecord(const NodeContext& node, const JSONRPCRequest& request)
{
    const std::optional<Ctx> ctx = GetCtx(node);
    if (!ctx) return NoChain();
    const std::optional<uint256> call_id =
        request.params[0].isStr() ? uint256::FromHex(request.params[0].get_str()) : std::nullopt;
    if (!call_id) return RPCError{RPC_INVALID_PARAMETER, "call_id must be of length 64 (not a valid hexadecimal hash)"};
    std::optional<CallEntry> call;
    ctx->chainman.ReadRegistry([&](const RecordStore& store, int32_t) { call = registry::ReadCall(store, *call_id); });
    if (!call) return RPCError{RPC_INVALID_ADDRESS_OR_KEY, "Call record not found"};
    return CallToJSON(*call, *ctx);
}

RPCResponse ListCallRecords(const NodeContext& node, const JSONRPCRequest& request)
{
    const std::optional<Ctx> ctx = GetCtx(node);
    if (!ctx) return NoChain();
    const UniValue& params = request.params;
    const std::optional<int64_t> from_param = params[0].isNull() ? std::nullopt : std::optional<int64_t>{params[0].get_int64()};
    const std::optional<int64_t> to_param = params[1].isNull() ? std::nullopt : std::optional<int64_t>{params[1].get_int64()};
    std::optional<Key> node_key;
    if (!params[2].isNull() && !params[2].get_str().empty()) {
        node_key = ParseKey(params[2]);
        if (!node_key) return BadKey("node");
    }
    const std::optional<int64_t> count = ParseCount(params, 3);
    if (!count) return BadCount();
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
                    if (static_cast<int64_t>(result.size()) >= *count) return;
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
    if (*count == 0) return result;
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
            return static_cast<int64_t>(ids.size()) < *count;
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

RPCResponse GetRewardInfo(const NodeContext& node, const JSONRPCRequest& request)
{
    const std::optional<Ctx> ctx = GetCtx(node);
    if (!ctx) return NoChain();
    const std::optional<int64_t> height_param =
        request.params[0].isNull() ? std::nullopt : std::optional<int64_t>{request.params[0].get_int64()};
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

const char* const HANDLE_RESULT =
    "{\n"
    "  \"handle\" : \"str\",                (string) the handle\n"
    "  \"class\" : \"str\",                 (string) \"name\" or \"e164\"\n"
    "  \"owner\" : \"str\",                 (string) the key_hash address of the owner key on this chain\n"
    "  \"owner_key\" : \"hex\",             (string) the owner's x-only key\n"
    "  \"home_node\" : \"hex\" or null,     (string) the home node key\n"
    "  \"identity_key\" : \"hex\" or null,  (string) the identity key\n"
    "  \"current_node\" : \"hex\" or null,  (string) the node of the last presence proof\n"
    "  \"online\" : true|false,           (boolean) fresh presence proof at the tip and current node active\n"
    "  \"last_presence_height\" : n or null, (numeric) block of the last presence proof\n"
    "  \"last_anchor_height\" : n or null,   (numeric) anchor height of the last presence proof\n"
    "  \"registered_height\" : n,         (numeric)\n"
    "  \"expiry_height\" : n,             (numeric) expired from this height on\n"
    "  \"expired\" : true|false,          (boolean) expired at the tip\n"
    "  \"update_seq\" : n                 (numeric) seq of the last update\n"
    "}";

const char* const NODE_RESULT =
    "{\n"
    "  \"node\" : \"hex\",                  (string) the node key\n"
    "  \"seq\" : n,                       (numeric) seq of the last node statement\n"
    "  \"active\" : true|false,           (boolean) registered, not deregistered, not slashed\n"
    "  \"slashed\" : true|false,          (boolean) bond burned for equivocation\n"
    "  \"reward_address\" : \"str\",        (string)\n"
    "  \"endpoints\" : [\"str\", ...],      (array) SIP URIs\n"
    "  \"domains\" : [\"str\", ...],        (array) SIP domains served\n"
    "  \"prefixes\" : [\"str\", ...],       (array) E.164 prefixes terminated\n"
    "  \"bond\" : n,                      (numeric) locked bond in DOTS (0 once returned or burned)\n"
    "  \"registered_height\" : n,         (numeric)\n"
    "  \"deregistered_height\" : n or null, (numeric) null while active\n"
    "  \"bond_release_height\" : n or null, (numeric) block whose coinbase returns the bond\n"
    "  \"bond_return_address\" : \"str\" or null, (string) where the pending bond return goes\n"
    "  \"calls_paid\" : n,                (numeric) call records whose earnings were paid\n"
    "  \"billable_seconds_paid\" : n,     (numeric)\n"
    "  \"earned\" : n                     (numeric) call earnings paid, in DOTS\n"
    "}";

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
} // namespace

void RegisterRegistryRPCCommands(RPCTable& table, NodeContext& node)
{
    table.Register({"registry", "gethandle",
        "Returns the registry record of a handle (a name or an E.164 number) at the tip.",
        {{"handle", RPCArgType::STR, false, "", "The handle, in canonical form"}},
        HANDLE_RESULT, {"\"alice\"", "\"+441234567890\""},
        [&node](const JSONRPCRequest& request) -> RPCResponse { return GetHandle(node, request, false); }});
    table.Register({"registry", "listhandles",
        "Lists registered handles (expired ones included) in byte order, as gethandle objects.",
        {{"prefix", RPCArgType::STR, true, "\"\"", "Only handles starting with this"},
         {"count", RPCArgType::NUM, true, "100", "The most handles to return (0-1000)"},
         {"from", RPCArgType::STR, true, "\"\"", "Start at this handle (inclusive)"}},
        std::string{"[ "} + HANDLE_RESULT + ", ... ]", {"", "\"ali\"", "\"\" 10 \"bob\""},
        [&node](const JSONRPCRequest& request) -> RPCResponse { return ListHandles(node, request); }});
    table.Register({"registry", "getnode", "Returns the registry record of a node.",
        {{"node_key", RPCArgType::STR, false, "", "The node's x-only key in hex"}},
        NODE_RESULT, {"\"<node key hex>\""},
        [&node](const JSONRPCRequest& request) -> RPCResponse { return GetNode(node, request); }});
    table.Register({"registry", "listnodes",
        "Lists registered nodes (deregistered ones included) in key order, as getnode objects.",
        {{"count", RPCArgType::NUM, true, "100", "The most nodes to return (0-1000)"},
         {"from", RPCArgType::STR, true, "", "Start at this node key (inclusive)"}},
        std::string{"[ "} + NODE_RESULT + ", ... ]", {"", "10", "10 \"<node key hex>\""},
        [&node](const JSONRPCRequest& request) -> RPCResponse { return ListNodes(node, request); }});
    table.Register({"registry", "getgateway",
        "Returns the active nodes that terminate a phone number (longest registered prefix) or serve a SIP domain.",
        {{"target", RPCArgType::STR, false, "", "An E.164 number (\"+\" and digits) or a SIP domain"}},
        std::string{"{\n"
        "  \"target\" : \"str\",\n"
        "  \"match\" : \"str\" or null,   (string) the longest registered prefix, or the domain; null if none\n"
        "  \"nodes\" : [ "} + NODE_RESULT + ", ... ]  (array) sorted by node key\n"
        "}",
        {"\"+442071234567\"", "\"voice.example.net\""},
        [&node](const JSONRPCRequest& request) -> RPCResponse { return GetGateway(node, request); }});
    table.Register({"registry", "getpresence", "Returns where a handle is online, as of the tip.",
        {{"handle", RPCArgType::STR, false, "", "The handle, in canonical form"}},
        "{\n"
        "  \"handle\" : \"str\",\n"
        "  \"current_node\" : \"hex\" or null,  (string) the node of the last presence proof\n"
        "  \"online\" : true|false,           (boolean)\n"
        "  \"last_presence_height\" : n or null,\n"
        "  \"last_anchor_height\" : n or null,\n"
        "  \"node_endpoints\" : [\"str\", ...]  (array) the current node's endpoints if it is active, else []\n"
        "}",
        {"\"alice\""},
        [&node](const JSONRPCRequest& request) -> RPCResponse { return GetHandle(node, request, true); }});
    table.Register({"registry", "getcallrecord", "Returns a recorded call.",
        {{"call_id", RPCArgType::STR, false, "", "The call id, hex in display order (as the RPCs show it)"}},
        CALL_RESULT, {"\"<call id hex>\""},
        [&node](const JSONRPCRequest& request) -> RPCResponse { return GetCallRecord(node, request); }});
    table.Register({"registry", "listcallrecords",
        "Lists recorded calls as getcallrecord objects.\n"
        "Without \"node\": the calls of blocks from_height..to_height in block order (default: the last 100 blocks;\n"
        "at most 10000 heights). With \"node\": that node's calls (originating or terminating) in height order,\n"
        "from_height default 0, to_height default the tip.",
        {{"from_height", RPCArgType::NUM, true, "to_height-99 (0 with node)", "First block height"},
         {"to_height", RPCArgType::NUM, true, "tip", "Last block height"},
         {"node", RPCArgType::STR, true, "", "Only the calls of this node key (hex)"},
         {"count", RPCArgType::NUM, true, "100", "The most records to return (0-1000)"}},
        std::string{"[ "} + CALL_RESULT + ", ... ]",
        {"", "100 200", "null null \"<node key hex>\"", "0 1000 \"<node key hex>\" 10"},
        [&node](const JSONRPCRequest& request) -> RPCResponse { return ListCallRecords(node, request); }});
    table.Register({"registry", "getrewardinfo", "Returns the call-reward accounting of a block.",
        {{"height", RPCArgType::NUM, true, "tip", "The block height"}},
        "{\n"
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
        {"", "1000"},
        [&node](const JSONRPCRequest& request) -> RPCResponse { return GetRewardInfo(node, request); }});
}
