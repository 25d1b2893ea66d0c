// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Registry read RPCs of handles and nodes (doc/registry.md): gethandle, getbinding, listhandles,
// getnode, listnodes, getgateway; and getregistryparams, the consensus parameters of a chain. Point lookups run under the chain lock through
// ChainstateManager::ReadRegistry; the list methods first collect records with
// ListRegistryRecords (a cursor over the cache and the database, no flush) and then read what
// they need at the tip. Result conventions: node/rpc/registry_util.h.

#include <node/rpc/register.h>

#include <consensus/params.h>
#include <consensus/registry_payload.h>
#include <consensus/registry_rules.h>
#include <consensus/registry_state.h>
#include <interfaces/gateway_index.h>
#include <node/context.h>
#include <node/rpc/registry_util.h>
#include <node/rpc/util.h>
#include <rpc/amount.h>
#include <rpc/server.h>
#include <util/chaintype.h>
#include <util/format.h>
#include <validation/chainstate_manager.h>

#include <algorithm>
#include <functional>
#include <map>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace node {

namespace {
using consensus::HandleRecord;
using consensus::Key;
using consensus::NodeRecord;
using consensus::RecordStore;

const char* const HANDLE_SYNTAX =
    "a handle is a name of 3-32 characters [a-z0-9._-] with at least one letter, starting and ending with a letter "
    "or digit, with no two punctuation characters in a row (E.164 numbers are not registrable: they route to "
    "gateways by prefix, see getgateway)";

/** The handle's record read at the tip, or an error response. */
rpc::RPCResponse WithHandle(const NodeContext& node, const std::string& handle,
                       const std::function<UniValue(const HandleRecord&, const consensus::RecordStore&, int32_t, const RegistryRPCContext&)>& fn)
{
    const std::optional<RegistryRPCContext> ctx = GetRegistryContext(node);
    if (!ctx) return ChainNotLoaded();
    if (consensus::ClassifyHandle(handle) != consensus::HandleClass::NAME) {
        return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, StrFormat("Invalid handle: %s", HANDLE_SYNTAX)};
    }
    std::optional<UniValue> result;
    ctx->chainman.ReadRegistry([&](const consensus::RecordStore& store, int32_t tip) {
        if (const std::optional<HandleRecord> rec = consensus::ReadHandle(store, handle)) result = fn(*rec, store, tip, *ctx);
    });
    if (!result) return rpc::RPCError{rpc::RPC_INVALID_ADDRESS_OR_KEY, "Handle not found"};
    return *result;
}

UniValue BindingToJSON(const HandleRecord& rec, const consensus::RecordStore& store, int32_t tip, const RegistryRPCContext& ctx)
{
    UniValue o{UniValue::VOBJ};
    o.pushKV("handle", rec.handle);
    o.pushKV("node", KeyOrNull(rec.bound_node));
    o.pushKV("seq", static_cast<uint64_t>(rec.binding_seq));
    o.pushKV("height", HeightOrNull(rec.binding_height));
    o.pushKV("by_home", rec.binding_height >= 0 && rec.binding_by_home);
    UniValue endpoints{UniValue::VARR};
    bool active = false;
    if (!IsZero(rec.bound_node)) {
        if (const std::optional<NodeRecord> n = consensus::ReadNode(store, rec.bound_node); n && n->IsActive()) {
            active = true;
            endpoints = StringsJSON(n->endpoints);
        }
    }
    o.pushKV("node_active", active);
    o.pushKV("node_endpoints", endpoints);
    // A later binding is rate-limited until this height (doc/registry.md "Presence bindings").
    o.pushKV("next_binding_height", rec.binding_height < 0 ? UniValue{tip + 1}
                                                           : UniValue{std::max<int64_t>(tip + 1, int64_t{rec.binding_height} + ctx.params.presence_min_interval)});
    o.pushKV("expired", rec.IsExpired(tip));
    return o;
}

rpc::RPCResponse ListHandles(const NodeContext& node, const rpc::RPCArgs& args)
{
    const std::optional<RegistryRPCContext> ctx = GetRegistryContext(node);
    if (!ctx) return ChainNotLoaded();
    const std::string prefix = args.Arg<std::string>("prefix");
    const int64_t count = args.Arg<int64_t>("count");
    if (!IsValidCount(count)) return BadCount();
    const std::string from = args.Arg<std::string>("from");
    // The iteration starts at the first key >= max(prefix, from); an earlier `from` is the prefix.
    const std::string start = from > prefix ? consensus::HandleKey(from) : std::string{};
    std::vector<std::pair<std::string, HandleRecord>> records;
    if (auto error = CollectRecords(*ctx, consensus::HandleKey(prefix), start, count, records)) return *error;
    UniValue result{UniValue::VARR};
    ctx->chainman.ReadRegistry([&](const consensus::RecordStore&, int32_t tip) {
        for (const auto& [key, rec] : records) result.push_back(HandleToJSON(rec, tip, *ctx));
    });
    return result;
}

/** Every node record (deregistered ones included), in key order, from `start`. */
std::optional<rpc::RPCError> ReadNodes(const RegistryRPCContext& ctx, const std::string& start, int64_t count, std::vector<NodeRecord>& out)
{
    std::vector<std::pair<std::string, NodeRecord>> records;
    if (auto error = CollectRecords(ctx, std::string(1, consensus::TABLE_NODE), start, count, records)) return error;
    for (auto& [key, rec] : records) out.push_back(std::move(rec));
    return std::nullopt;
}

UniValue NodesToJSON(const std::vector<NodeRecord>& records, const RegistryRPCContext& ctx)
{
    UniValue result{UniValue::VARR};
    ctx.chainman.ReadRegistry([&](const consensus::RecordStore& store, int32_t tip) {
        for (const NodeRecord& rec : records) result.push_back(NodeToJSON(rec, consensus::ReadBalance(store, rec.node), tip, ctx));
    });
    return result;
}

rpc::RPCResponse GetNode(const NodeContext& node, const std::string& node_key)
{
    const std::optional<RegistryRPCContext> ctx = GetRegistryContext(node);
    if (!ctx) return ChainNotLoaded();
    const std::optional<Key> key = ParseKey(node_key);
    if (!key) return BadKey("node_key");
    std::optional<UniValue> result;
    ctx->chainman.ReadRegistry([&](const consensus::RecordStore& store, int32_t tip) {
        if (const std::optional<NodeRecord> rec = consensus::ReadNode(store, *key)) {
            result = NodeToJSON(*rec, consensus::ReadBalance(store, *key), tip, *ctx);
        }
    });
    if (!result) return rpc::RPCError{rpc::RPC_INVALID_ADDRESS_OR_KEY, "Node not found"};
    return *result;
}

rpc::RPCResponse ListNodes(const NodeContext& node, const rpc::RPCArgs& args)
{
    const std::optional<RegistryRPCContext> ctx = GetRegistryContext(node);
    if (!ctx) return ChainNotLoaded();
    const int64_t count = args.Arg<int64_t>("count");
    if (!IsValidCount(count)) return BadCount();
    std::string start;
    if (const auto from_text = args.MaybeArg<std::string>("from")) {
        const std::optional<Key> from = ParseKey(*from_text);
        if (!from) return BadKey("from");
        start = consensus::NodeKey(*from);
    }
    std::vector<NodeRecord> records;
    if (auto error = ReadNodes(*ctx, start, count, records)) return *error;
    return NodesToJSON(records, *ctx);
}

rpc::RPCResponse GetGateway(const NodeContext& node, const std::string& target)
{
    const std::optional<RegistryRPCContext> ctx = GetRegistryContext(node);
    if (!ctx) return ChainNotLoaded();
    const bool number = !target.empty() && target[0] == '+';
    if (number ? !consensus::IsValidNumberTarget(target) : !consensus::IsValidDomain(target)) {
        return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Invalid target: an E.164 number (\"+\" and 1-15 digits) or a SIP domain"};
    }
    std::vector<NodeRecord> records;
    if (auto error = ReadNodes(*ctx, {}, std::numeric_limits<int64_t>::max(), records)) return *error;
    const interfaces::GatewayIndex index = interfaces::GatewayIndex::Build(records);
    std::map<Key, std::string> matches; // node -> the prefix or domain it matched
    if (number) {
        for (auto& m : index.LookupNumber(target)) matches.emplace(m.node, std::move(m.prefix));
    } else {
        for (const Key& k : index.LookupDomain(target)) matches.emplace(k, target);
    }
    std::vector<NodeRecord> matched;
    for (NodeRecord& rec : records) {
        if (matches.count(rec.node)) matched.push_back(std::move(rec));
    }
    UniValue nodes = NodesToJSON(matched, *ctx);
    UniValue out{UniValue::VARR};
    for (size_t i = 0; i < nodes.size(); ++i) {
        UniValue entry = nodes[i];
        entry.pushKV("match", matches.at(matched[i].node));
        out.push_back(entry);
    }
    UniValue result{UniValue::VOBJ};
    result.pushKV("target", target);
    result.pushKV("nodes", out);
    return result;
}

const char* const HANDLE_RESULT =
    "{\n"
    "  \"handle\" : \"str\",                (string) the handle\n"
    "  \"owner\" : \"str\",                 (string) the key_hash address of the owner key on this chain\n"
    "  \"owner_key\" : \"hex\",             (string) the owner's x-only key\n"
    "  \"home_node\" : \"hex\" or null,     (string) the home node key\n"
    "  \"identity_key\" : \"hex\" or null,  (string) the identity key\n"
    "  \"bound_node\" : \"hex\" or null,    (string) the node of the current binding\n"
    "  \"binding_seq\" : n,               (numeric) seq of the last binding (survives transfers)\n"
    "  \"binding_height\" : n or null,    (numeric) block of the current binding\n"
    "  \"bound_by_home\" : true|false,    (boolean) the current binding was signed by the home node alone\n"
    "  \"registered_height\" : n,         (numeric)\n"
    "  \"expiry_height\" : n,             (numeric) expired from this height on\n"
    "  \"expired\" : true|false,          (boolean) expired at the tip\n"
    "  \"update_seq\" : n                 (numeric) seq of the last update\n"
    "}";

const char* const NODE_RESULT =
    "{\n"
    "  \"node\" : \"hex\",                  (string) the node key\n"
    "  \"seq\" : n,                       (numeric) seq of the last node statement, deposit release or withdrawal\n"
    "  \"active\" : true|false,           (boolean) registered and not deregistered\n"
    "  \"endpoints\" : [\"str\", ...],      (array) SIP URIs\n"
    "  \"domains\" : [\"str\", ...],        (array) SIP domains served\n"
    "  \"prefixes\" : [\"str\", ...],       (array) gateway prefixes (\"+\" and 1-6 digits)\n"
    "  \"rate\" : n,                      (numeric) DOTS per 60 billable seconds in force for the next block (0: free)\n"
    "  \"next_rate\" : n or null,         (numeric) a rate change not yet in force\n"
    "  \"next_rate_epoch\" : n or null,   (numeric) the settlement epoch from which it applies\n"
    "  \"bond\" : n,                      (numeric) locked bond in DOTS (0 once credited back)\n"
    "  \"registered_height\" : n,         (numeric)\n"
    "  \"deregistered_height\" : n or null, (numeric) null while active\n"
    "  \"bond_release_height\" : n or null, (numeric) block whose start credits the bond to the balance\n"
    "  \"balance\" : n                    (numeric) node balance in DOTS (withdrawn by a node_withdraw transaction)\n"
    "}";

rpc::RPCMethod gethandle(NodeContext& node)
{
    return {
        .name = "gethandle",
        .category = "registry",
        .description = "Returns the registry record of a handle at the tip.",
        .args = {{"handle", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The handle, in canonical form"}},
        .result = HANDLE_RESULT,
        .examples = {R"("alice")"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            return WithHandle(node, args.Arg<std::string>("handle"),
                              [](const HandleRecord& rec, const consensus::RecordStore&, int32_t tip, const RegistryRPCContext& ctx) {
                                  return HandleToJSON(rec, tip, ctx);
                              });
        },
    };
}

rpc::RPCMethod listhandles(NodeContext& node)
{
    return {
        .name = "listhandles",
        .category = "registry",
        .description = "Lists registered handles (expired ones included) in byte order, as gethandle objects.",
        .args = {{"prefix", rpc::RPCArg::Type::STR, rpc::RPCArg::Default{""}, "Only handles starting with this"},
                 {"count", rpc::RPCArg::Type::NUM, rpc::RPCArg::Default{DEFAULT_LIST_COUNT}, "The most handles to return (0-1000)"},
                 {"from", rpc::RPCArg::Type::STR, rpc::RPCArg::Default{""}, "Start at this handle (inclusive)"}},
        .result = std::string{"[ "} + HANDLE_RESULT + ", ... ]",
        .examples = {"", R"("ali")", R"("", 10, "bob")"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse { return ListHandles(node, args); },
    };
}

rpc::RPCMethod getnode(NodeContext& node)
{
    return {
        .name = "getnode",
        .category = "registry",
        .description = "Returns the registry record of a node.",
        .args = {{"node_key", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The node's x-only key in hex"}},
        .result = NODE_RESULT,
        .examples = {R"("<node key hex>")"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse { return GetNode(node, args.Arg<std::string>("node_key")); },
    };
}

rpc::RPCMethod listnodes(NodeContext& node)
{
    return {
        .name = "listnodes",
        .category = "registry",
        .description = "Lists registered nodes (deregistered ones included) in key order, as getnode objects.",
        .args = {{"count", rpc::RPCArg::Type::NUM, rpc::RPCArg::Default{DEFAULT_LIST_COUNT}, "The most nodes to return (0-1000)"},
                 {"from", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::OMITTED, "Start at this node key (inclusive)"}},
        .result = std::string{"[ "} + NODE_RESULT + ", ... ]",
        .examples = {"", "10", R"(10, "<node key hex>")"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse { return ListNodes(node, args); },
    };
}

rpc::RPCMethod getgateway(NodeContext& node)
{
    return {
        .name = "getgateway",
        .category = "registry",
        .description = "Returns the active nodes that announced a prefix of a phone number, or serve a SIP domain. The prefix\n"
                       "length gives no priority: the caller's node chooses among them by its own policy.",
        .args = {{"target", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "An E.164 number (\"+\" and digits) or a SIP domain"}},
        .result = std::string{"{\n"
                              "  \"target\" : \"str\",\n"
                              "  \"nodes\" : [ "} +
                  NODE_RESULT + " with \"match\" : the node's longest matching prefix, or the domain ]  (array) by node key\n"
                                "}",
        .examples = {R"("+442071234567")", R"("voice.example.net")"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse { return GetGateway(node, args.Arg<std::string>("target")); },
    };
}

rpc::RPCMethod getbinding(NodeContext& node)
{
    return {
        .name = "getbinding",
        .category = "registry",
        .description = "Returns the presence binding of a handle at the tip: the node it is reached at. Whether the handle is\n"
                       "online right now is not on chain (nodes gossip it).",
        .args = {{"handle", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::NO, "The handle, in canonical form"}},
        .result = "{\n"
                  "  \"handle\" : \"str\",\n"
                  "  \"node\" : \"hex\" or null,        (string) the bound node\n"
                  "  \"seq\" : n,                       (numeric) seq of the last binding\n"
                  "  \"height\" : n or null,            (numeric) block of the binding\n"
                  "  \"by_home\" : true|false,          (boolean) signed by the home node alone\n"
                  "  \"node_active\" : true|false,      (boolean)\n"
                  "  \"node_endpoints\" : [\"str\", ...], (array) the bound node's endpoints if it is active, else []\n"
                  "  \"next_binding_height\" : n,       (numeric) first height a new binding is not rate-limited\n"
                  "  \"expired\" : true|false\n"
                  "}",
        .examples = {R"("alice")"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            return WithHandle(node, args.Arg<std::string>("handle"), BindingToJSON);
        },
    };
}
/** The registry's consensus parameters of `p`, named as in doc/registry.md "Parameters". */
UniValue RegistryParamsToJSON(const consensus::ConsensusParams& p)
{
    const consensus::RegistryParams& r = p.registry;
    UniValue o{UniValue::VOBJ};
    o.pushKV("chain", p.chain_name);
    o.pushKV("initial_subsidy", rpc::ValueFromAmount(p.initial_subsidy));
    o.pushKV("subsidy_halving_interval", p.subsidy_halving_interval);
    o.pushKV("call_reward_share_bps", static_cast<uint64_t>(p.call_reward_share_bps));
    o.pushKV("commit_maturity", r.commit_maturity);
    o.pushKV("reveal_window", r.reveal_window);
    o.pushKV("handle_lifetime", r.handle_lifetime);
    o.pushKV("presence_min_interval", r.presence_min_interval);
    o.pushKV("min_node_bond", rpc::ValueFromAmount(r.min_node_bond));
    o.pushKV("bond_release_delay", r.bond_release_delay);
    o.pushKV("settle_epoch", r.settle_epoch);
    o.pushKV("settle_window", r.settle_window);
    o.pushKV("max_settlement_epochs", static_cast<uint64_t>(consensus::MAX_SETTLE_VOUCHERS));
    o.pushKV("deposit_release_delay", int64_t{r.settle_epoch} + r.settle_window);
    o.pushKV("probe_epoch", r.probe_epoch);
    o.pushKV("probe_seed_depth", r.probe_seed_depth);
    o.pushKV("probe_count", r.probe_count);
    o.pushKV("probe_threshold", r.probe_threshold);
    UniValue fees{UniValue::VOBJ};
    fees.pushKV("name3", rpc::ValueFromAmount(r.fee_name3));
    fees.pushKV("name4", rpc::ValueFromAmount(r.fee_name4));
    fees.pushKV("name5to7", rpc::ValueFromAmount(r.fee_name5to7));
    fees.pushKV("name8plus", rpc::ValueFromAmount(r.fee_name8plus));
    o.pushKV("handle_fees", fees);
    return o;
}

rpc::RPCMethod getregistryparams(NodeContext& node)
{
    return {
        .name = "getregistryparams",
        .category = "registry",
        .description = "Returns the registry's consensus parameters of the active chain (or of the named one), as doc/registry.md\n"
                       "\"Parameters\" names them. Heights and windows are in blocks, amounts in DOTS.",
        .args = {{"chain", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::OMITTED, "\"main\", \"test\" or \"regtest\" (default: the active chain)"}},
        .result = "{\n"
                  "  \"chain\" : \"str\",\n"
                  "  \"initial_subsidy\" : n, \"subsidy_halving_interval\" : n,\n"
                  "  \"call_reward_share_bps\" : n,        (numeric) the availability pool's share of each block's subsidy\n"
                  "  \"commit_maturity\" : n, \"reveal_window\" : n, \"handle_lifetime\" : n, \"presence_min_interval\" : n,\n"
                  "  \"min_node_bond\" : n, \"bond_release_delay\" : n,\n"
                  "  \"settle_epoch\" : n, \"settle_window\" : n, \"max_settlement_epochs\" : n,\n"
                  "  \"deposit_release_delay\" : n,        (numeric) settle_epoch + settle_window\n"
                  "  \"probe_epoch\" : n, \"probe_seed_depth\" : n,\n"
                  "  \"probe_count\" : n,                  (numeric) probers drawn per target (K)\n"
                  "  \"probe_threshold\" : n,              (numeric) receipts a target needs for its share (t)\n"
                  "  \"handle_fees\" : { \"name3\" : n, \"name4\" : n, \"name5to7\" : n, \"name8plus\" : n }  (object) burned per registration\n"
                  "}",
        .examples = {"", R"("main")"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::string chain;
            if (const auto name = args.MaybeArg<std::string>("chain")) {
                chain = *name;
                if (chain != "main" && chain != "test" && chain != "regtest") {
                    return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Unknown chain \"" + chain + "\" (main, test or regtest)"};
                }
            } else if (node.chain) {
                chain = node.chain->name;
            } else {
                return ChainNotLoaded();
            }
            return RegistryParamsToJSON(consensus::GetConsensusParams(chain));
        },
    };
}
} // namespace

void RegisterRegistryRPCCommands(rpc::RPCTable& table, NodeContext& node)
{
    for (const auto method : {gethandle, getbinding, listhandles, getnode, listnodes, getgateway, getregistryparams}) table.Register(method(node));
}

} // namespace node
