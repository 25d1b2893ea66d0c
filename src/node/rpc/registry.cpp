// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Registry read RPCs of handles and nodes (doc/registry.md): gethandle, getpresence, listhandles,
// getnode, listnodes, getgateway. Point lookups run under the chain lock through
// ChainstateManager::ReadRegistry; the list methods first collect records with
// ListRegistryRecords (which walks the coins cache merged over a database snapshot, without
// flushing and outside the chain lock) and then read what they need at the tip. Result conventions: node/rpc/registry_util.h.

#include <node/rpc/register.h>

#include <consensus/registry_rules.h>
#include <consensus/registry_state.h>
#include <interfaces/gateway_index.h>
#include <node/context.h>
#include <node/rpc/registry_util.h>
#include <node/rpc/util.h>
#include <rpc/server.h>
#include <util/format.h>
#include <validation/chainstate_manager.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace node {

namespace {
using registry::HandleRecord;
using registry::Key;
using registry::NodeRecord;
using registry::RecordStore;

const char* const HANDLE_SYNTAX =
    "a handle is either a name of 3-32 characters [a-z0-9._-] that starts with a letter or digit, does not end in "
    "'.', '-' or '_' and has no two punctuation characters in a row, or an E.164 number: '+' and 7-15 digits, the "
    "first not 0";

/** gethandle, or getpresence with `presence_only`. */
RPCResponse GetHandle(const NodeContext& node, const std::string& handle, bool presence_only)
{
    const std::optional<RegistryRPCContext> ctx = GetRegistryContext(node);
    if (!ctx) return ChainNotLoaded();
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

RPCResponse ListHandles(const NodeContext& node, const RPCArgs& args)
{
    const std::optional<RegistryRPCContext> ctx = GetRegistryContext(node);
    if (!ctx) return ChainNotLoaded();
    const std::string prefix = args.Arg<std::string>("prefix");
    const int64_t count = args.Arg<int64_t>("count");
    if (!IsValidCount(count)) return BadCount();
    const std::string from = args.Arg<std::string>("from");
    UniValue result{UniValue::VARR};
    if (count == 0) return result;

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
            return static_cast<int64_t>(records.size()) < count;
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
std::optional<RPCResponse> ReadAllNodes(const RegistryRPCContext& ctx, const std::string& start, int64_t count, std::vector<NodeRecord>& out)
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

RPCResponse GetNode(const NodeContext& node, const std::string& node_key)
{
    const std::optional<RegistryRPCContext> ctx = GetRegistryContext(node);
    if (!ctx) return ChainNotLoaded();
    const std::optional<Key> key = ParseKey(node_key);
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

RPCResponse ListNodes(const NodeContext& node, const RPCArgs& args)
{
    const std::optional<RegistryRPCContext> ctx = GetRegistryContext(node);
    if (!ctx) return ChainNotLoaded();
    const int64_t count = args.Arg<int64_t>("count");
    if (!IsValidCount(count)) return BadCount();
    std::string start;
    if (const auto from_text = args.MaybeArg<std::string>("from")) {
        const std::optional<Key> from = ParseKey(*from_text);
        if (!from) return BadKey("from");
        start = registry::NodeKey(*from);
    }
    UniValue result{UniValue::VARR};
    if (count == 0) return result;
    std::vector<NodeRecord> records;
    if (auto error = ReadAllNodes(*ctx, start, count, records)) return *error;
    ctx->chainman.ReadRegistry([&](const RecordStore& store, int32_t) {
        for (const NodeRecord& rec : records) result.push_back(NodeToJSON(rec, registry::ReadNodeStats(store, rec.node), *ctx));
    });
    return result;
}

RPCResponse GetGateway(const NodeContext& node, const std::string& target)
{
    const std::optional<RegistryRPCContext> ctx = GetRegistryContext(node);
    if (!ctx) return ChainNotLoaded();
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

RPCMethod gethandle(NodeContext& node)
{
    return {
        .name = "gethandle",
        .category = "registry",
        .description = "Returns the registry record of a handle (a name or an E.164 number) at the tip.",
        .args = {{"handle", RPCArg::Type::STR, RPCArg::Optional::NO, "The handle, in canonical form"}},
        .result = HANDLE_RESULT,
        .examples = {R"("alice")", R"("+441234567890")"},
        .handler = [&node](const RPCArgs& args) -> RPCResponse {
            return GetHandle(node, args.Arg<std::string>("handle"), /*presence_only=*/false);
        },
    };
}

RPCMethod listhandles(NodeContext& node)
{
    return {
        .name = "listhandles",
        .category = "registry",
        .description = "Lists registered handles (expired ones included) in byte order, as gethandle objects.",
        .args = {{"prefix", RPCArg::Type::STR, RPCArg::Default{""}, "Only handles starting with this"},
                 {"count", RPCArg::Type::NUM, RPCArg::Default{DEFAULT_LIST_COUNT}, "The most handles to return (0-1000)"},
                 {"from", RPCArg::Type::STR, RPCArg::Default{""}, "Start at this handle (inclusive)"}},
        .result = std::string{"[ "} + HANDLE_RESULT + ", ... ]",
        .examples = {"", R"("ali")", R"("", 10, "bob")"},
        .handler = [&node](const RPCArgs& args) -> RPCResponse { return ListHandles(node, args); },
    };
}

RPCMethod getnode(NodeContext& node)
{
    return {
        .name = "getnode",
        .category = "registry",
        .description = "Returns the registry record of a node.",
        .args = {{"node_key", RPCArg::Type::STR, RPCArg::Optional::NO, "The node's x-only key in hex"}},
        .result = NODE_RESULT,
        .examples = {R"("<node key hex>")"},
        .handler = [&node](const RPCArgs& args) -> RPCResponse { return GetNode(node, args.Arg<std::string>("node_key")); },
    };
}

RPCMethod listnodes(NodeContext& node)
{
    return {
        .name = "listnodes",
        .category = "registry",
        .description = "Lists registered nodes (deregistered ones included) in key order, as getnode objects.",
        .args = {{"count", RPCArg::Type::NUM, RPCArg::Default{DEFAULT_LIST_COUNT}, "The most nodes to return (0-1000)"},
                 {"from", RPCArg::Type::STR, RPCArg::Optional::OMITTED, "Start at this node key (inclusive)"}},
        .result = std::string{"[ "} + NODE_RESULT + ", ... ]",
        .examples = {"", "10", R"(10, "<node key hex>")"},
        .handler = [&node](const RPCArgs& args) -> RPCResponse { return ListNodes(node, args); },
    };
}

RPCMethod getgateway(NodeContext& node)
{
    return {
        .name = "getgateway",
        .category = "registry",
        .description = "Returns the active nodes that terminate a phone number (longest registered prefix) or serve a SIP domain.",
        .args = {{"target", RPCArg::Type::STR, RPCArg::Optional::NO, "An E.164 number (\"+\" and digits) or a SIP domain"}},
        .result = std::string{"{\n"
                              "  \"target\" : \"str\",\n"
                              "  \"match\" : \"str\" or null,   (string) the longest registered prefix, or the domain; null if none\n"
                              "  \"nodes\" : [ "} +
                  NODE_RESULT + ", ... ]  (array) sorted by node key\n"
                                "}",
        .examples = {R"("+442071234567")", R"("voice.example.net")"},
        .handler = [&node](const RPCArgs& args) -> RPCResponse { return GetGateway(node, args.Arg<std::string>("target")); },
    };
}

RPCMethod getpresence(NodeContext& node)
{
    return {
        .name = "getpresence",
        .category = "registry",
        .description = "Returns where a handle is online, as of the tip.",
        .args = {{"handle", RPCArg::Type::STR, RPCArg::Optional::NO, "The handle, in canonical form"}},
        .result = "{\n"
                  "  \"handle\" : \"str\",\n"
                  "  \"current_node\" : \"hex\" or null,  (string) the node of the last presence proof\n"
                  "  \"online\" : true|false,           (boolean)\n"
                  "  \"last_presence_height\" : n or null,\n"
                  "  \"last_anchor_height\" : n or null,\n"
                  "  \"node_endpoints\" : [\"str\", ...]  (array) the current node's endpoints if it is active, else []\n"
                  "}",
        .examples = {R"("alice")"},
        .handler = [&node](const RPCArgs& args) -> RPCResponse {
            return GetHandle(node, args.Arg<std::string>("handle"), /*presence_only=*/true);
        },
    };
}
} // namespace

void RegisterRegistryRPCCommands(RPCTable& table, NodeContext& node)
{
    for (const auto method : {gethandle, getpresence, listhandles, getnode, listnodes, getgateway}) table.Register(method(node));
}

} // namespace node
