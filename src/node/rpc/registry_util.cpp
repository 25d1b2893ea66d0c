// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <node/rpc/registry_util.h>

#include <consensus/registry_rules.h>
#include <crypto/key.h>
#include <node/context.h>
#include <node/rpc/util.h>
#include <primitives/address.h>
#include <util/chaintype.h>
#include <util/format.h>
#include <util/strencodings.h>
#include <validation/chainstate_manager.h>

#include <algorithm>

namespace node {

using registry::CallEntry;
using registry::HandleRecord;
using registry::Key;
using registry::NodeRecord;
using registry::RecordStore;

std::optional<RegistryRPCContext> GetRegistryContext(const NodeContext& node)
{
    validation::ChainstateManager* chainman = GetChainman(node);
    if (!chainman) return std::nullopt;
    return RegistryRPCContext{*chainman, chainman->Params().registry, std::string{AddressHrp(node.chain->name)}};
}

std::string KeyHex(const std::string& key)
{
    return HexStr(std::span<const uint8_t>{reinterpret_cast<const uint8_t*>(key.data()), key.size()});
}

RPCError CorruptRecord(const std::string& what)
{
    return RPCError{RPC_DATABASE_ERROR, "Corrupt registry record: " + what};
}

std::optional<Key> ParseKey(const std::string& hex)
{
    if (hex.size() != 64) return std::nullopt;
    const auto bytes = TryParseHex(hex);
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

bool IsValidCount(int64_t count) { return count >= 0 && count <= MAX_LIST_COUNT; }

RPCError BadCount() { return RPCError{RPC_INVALID_PARAMETER, StrFormat("count must be between 0 and %lld", (long long)MAX_LIST_COUNT)}; }

bool IsHandleOnline(const HandleRecord& rec, const RecordStore& store, int32_t tip, const ::RegistryParams& params)
{
    if (IsZero(rec.current_node) || !registry::IsOnlineAt(rec, tip, params)) return false;
    const std::optional<NodeRecord> node = registry::ReadNode(store, rec.current_node);
    return node && node->IsActive();
}

UniValue HandleToJSON(const HandleRecord& rec, const RecordStore& store, int32_t tip, const RegistryRPCContext& ctx)
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

UniValue NodeToJSON(const NodeRecord& rec, const registry::NodeStats& stats, const RegistryRPCContext& ctx)
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

UniValue CallToJSON(const CallEntry& call, const RegistryRPCContext& ctx)
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

UniValue PayoutsToJSON(const std::vector<CTxOut>& outputs, const RegistryRPCContext& ctx)
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

} // namespace node
