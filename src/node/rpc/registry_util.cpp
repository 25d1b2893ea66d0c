// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <node/rpc/registry_util.h>

#include <consensus/registry_epochs.h>
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

using consensus::HandleRecord;
using consensus::Key;
using consensus::NodeRecord;
using consensus::RecordStore;

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

rpc::RPCError CorruptRecord(const std::string& what)
{
    return rpc::RPCError{rpc::RPC_DATABASE_ERROR, "Corrupt registry record: " + what};
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

rpc::RPCError BadKey(const std::string& name)
{
    return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, name + " must be a 32-byte key in hex (64 hex digits)"};
}

bool IsZero(const Key& key)
{
    return std::all_of(key.begin(), key.end(), [](uint8_t b) { return b == 0; });
}

UniValue KeyOrNull(const Key& key) { return IsZero(key) ? UniValue{} : UniValue{HexStr(key)}; }
UniValue HeightOrNull(int64_t height) { return height < 0 ? UniValue{} : UniValue{height}; }

bool IsValidCount(int64_t count) { return count >= 0 && count <= MAX_LIST_COUNT; }

rpc::RPCError BadCount() { return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, StrFormat("count must be between 0 and %lld", (long long)MAX_LIST_COUNT)}; }

UniValue HandleToJSON(const HandleRecord& rec, int32_t tip, const RegistryRPCContext& ctx)
{
    UniValue o{UniValue::VOBJ};
    o.pushKV("handle", rec.handle);
    o.pushKV("owner", EncodeAddress(OutputLock::ForKeyHash(XOnlyPubKey{rec.owner}), ctx.hrp));
    o.pushKV("owner_key", HexStr(rec.owner));
    o.pushKV("home_node", KeyOrNull(rec.home));
    o.pushKV("identity_key", KeyOrNull(rec.identity));
    o.pushKV("bound_node", KeyOrNull(rec.bound_node));
    o.pushKV("binding_seq", static_cast<uint64_t>(rec.binding_seq));
    o.pushKV("binding_height", HeightOrNull(rec.binding_height));
    o.pushKV("bound_by_home", rec.binding_height >= 0 && rec.binding_by_home);
    o.pushKV("registered_height", rec.registered_height);
    o.pushKV("expiry_height", rec.expiry_height);
    o.pushKV("expired", rec.IsExpired(tip));
    o.pushKV("update_seq", static_cast<uint64_t>(rec.update_seq));
    return o;
}

UniValue NodeToJSON(const NodeRecord& rec, CAmount balance, int32_t tip, const RegistryRPCContext& ctx)
{
    UniValue o{UniValue::VOBJ};
    o.pushKV("node", HexStr(rec.node));
    o.pushKV("seq", static_cast<uint64_t>(rec.seq));
    o.pushKV("active", rec.IsActive());
    o.pushKV("endpoints", StringsJSON(rec.endpoints));
    o.pushKV("domains", StringsJSON(rec.domains));
    o.pushKV("prefixes", StringsJSON(rec.prefixes));
    // The rate in force for calls of the next block, and a pending change.
    const CAmount rate = rec.RateAt(tip + 1, ctx.params);
    const bool pending = rec.next_rate_epoch >= 0 && rate != rec.next_rate;
    o.pushKV("rate", rpc::ValueFromAmount(rate));
    o.pushKV("next_rate", pending ? rpc::ValueFromAmount(rec.next_rate) : UniValue{});
    o.pushKV("next_rate_epoch", pending ? UniValue{rec.next_rate_epoch} : UniValue{});
    o.pushKV("bond", rpc::ValueFromAmount(rec.bond));
    o.pushKV("registered_height", rec.registered_height);
    o.pushKV("deregistered_height", HeightOrNull(rec.deregistered_height));
    o.pushKV("bond_release_height", HeightOrNull(rec.bond_release_height));
    o.pushKV("balance", rpc::ValueFromAmount(balance));
    return o;
}

UniValue PairToJSON(const Key& orig, const Key& term, const consensus::PairRecord& pair)
{
    UniValue o{UniValue::VOBJ};
    o.pushKV("orig", HexStr(orig));
    o.pushKV("term", HexStr(term));
    o.pushKV("deposit", rpc::ValueFromAmount(pair.deposit));
    o.pushKV("debt", rpc::ValueFromAmount(pair.debt));
    o.pushKV("release_amount", pair.release_height < 0 ? UniValue{} : rpc::ValueFromAmount(pair.release_amount));
    o.pushKV("release_height", HeightOrNull(pair.release_height));
    return o;
}

UniValue SettlementToJSON(const Key& orig, const Key& term, uint32_t epoch, const consensus::SettlementRecord& settled,
                          const RegistryRPCContext& ctx)
{
    UniValue o{UniValue::VOBJ};
    o.pushKV("orig", HexStr(orig));
    o.pushKV("term", HexStr(term));
    o.pushKV("epoch", static_cast<uint64_t>(epoch));
    o.pushKV("amount", rpc::ValueFromAmount(settled.amount));
    o.pushKV("seconds", settled.seconds);
    o.pushKV("settleable_until", consensus::SettleDeadline(epoch, ctx.params) - 1);
    return o;
}

} // namespace node
