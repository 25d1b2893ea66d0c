// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <consensus/registry_state.h>

#include <consensus/registry_serialize.h>

#include <serialize.h>
#include <util/logging.h>

#include <algorithm>
#include <cstdlib>

namespace registry {

namespace {

/** Collects bytes into a std::string (the record value type). */
class StringWriter
{
public:
    void Write(std::span<const uint8_t> bytes) { m_out.append(reinterpret_cast<const char*>(bytes.data()), bytes.size()); }
    std::string Take() { return std::move(m_out); }

private:
    std::string m_out;
};

std::span<const uint8_t> AsBytes(std::string_view s) { return StrBytes(s); }

template <typename W>
void WriteKey(W& w, const Key& key)
{
    w.Write(key);
}

std::optional<Key> ReadKey(ByteReader& r, const char* what) { return r.ReadArray<32>(what); }

/** Decodes a whole value with `fn`, rejecting trailing bytes. */
template <typename T, typename Fn>
std::optional<T> DecodeWhole(std::string_view bytes, Fn fn)
{
    ByteReader r{AsBytes(bytes)};
    std::optional<T> out = fn(r);
    if (!out || !r.ok() || !r.empty()) return std::nullopt;
    return out;
}

std::string TableKey(Table table, std::span<const uint8_t> rest)
{
    std::string key(1, static_cast<char>(table));
    key.append(reinterpret_cast<const char*>(rest.data()), rest.size());
    return key;
}

void AppendBE32(std::string& key, int32_t height)
{
    const uint32_t h = static_cast<uint32_t>(height);
    key.push_back(static_cast<char>(h >> 24));
    key.push_back(static_cast<char>(h >> 16));
    key.push_back(static_cast<char>(h >> 8));
    key.push_back(static_cast<char>(h));
}

[[noreturn]] void CorruptRecord(const std::string& key)
{
    std::string hex;
    static constexpr char DIGITS[] = "0123456789abcdef";
    for (unsigned char c : key) {
        hex.push_back(DIGITS[c >> 4]);
        hex.push_back(DIGITS[c & 15]);
    }
    LogError("Registry record %s does not decode: the chainstate database is corrupted; restart with -reindex-chainstate",
             hex.c_str());
    std::abort();
}

template <typename T>
std::optional<T> ReadTyped(const RecordStore& store, const std::string& key)
{
    // Find, not Get: the hot path (a handle lookup per call) decodes straight from the cache.
    const std::string* value = store.Find(key);
    if (!value) return std::nullopt;
    std::optional<T> decoded = T::Decode(*value);
    if (!decoded) CorruptRecord(key);
    return decoded;
}

} // namespace

std::string HandleKey(std::string_view handle) { return TableKey(TABLE_HANDLE, AsBytes(handle)); }
std::string CommitKey(const uint256& commitment) { return TableKey(TABLE_COMMIT, commitment.span()); }
std::string NodeKey(const Key& node) { return TableKey(TABLE_NODE, node); }
std::string NodeStatsKey(const Key& node) { return TableKey(TABLE_NODE_STATS, node); }
std::string CallKey(const uint256& call_id) { return TableKey(TABLE_CALL, call_id.span()); }

std::string NodeCallKey(const Key& node, int32_t height, const uint256& call_id)
{
    std::string key = TableKey(TABLE_NODE_CALLS, node);
    AppendBE32(key, height);
    key.append(reinterpret_cast<const char*>(call_id.span().data()), 32);
    return key;
}

std::string BlockRewardsKey(int32_t height)
{
    std::string key(1, static_cast<char>(TABLE_BLOCK_REWARDS));
    AppendBE32(key, height);
    return key;
}

std::string PayoutsKey(int32_t height)
{
    std::string key(1, static_cast<char>(TABLE_PAYOUTS));
    AppendBE32(key, height);
    return key;
}

// ---- HandleRecord ----

std::string HandleRecord::Encode() const
{
    StringWriter w;
    WriteStr(w, handle);
    WriteKey(w, owner);
    WriteI32(w, registered_height);
    WriteI32(w, expiry_height);
    WriteKey(w, home);
    WriteKey(w, identity);
    WriteKey(w, current_node);
    WriteI32(w, last_presence_height);
    WriteI64(w, last_anchor);
    WriteU32(w, update_seq);
    return w.Take();
}

std::optional<HandleRecord> HandleRecord::Decode(std::string_view bytes)
{
    return DecodeWhole<HandleRecord>(bytes, [](ByteReader& r) -> std::optional<HandleRecord> {
        HandleRecord h;
        auto handle = ReadStr(r, MAX_HANDLE_SIZE, "handle");
        auto owner = ReadKey(r, "owner");
        auto registered = r.ReadI32();
        auto expiry = r.ReadI32();
        auto home = ReadKey(r, "home");
        auto identity = ReadKey(r, "identity");
        auto current = ReadKey(r, "current node");
        auto last_presence = r.ReadI32();
        auto last_anchor = r.ReadI64();
        auto seq = r.ReadU32();
        if (!r.ok()) return std::nullopt;
        h.handle = std::move(*handle);
        h.owner = *owner;
        h.registered_height = *registered;
        h.expiry_height = *expiry;
        h.home = *home;
        h.identity = *identity;
        h.current_node = *current;
        h.last_presence_height = *last_presence;
        h.last_anchor = *last_anchor;
        h.update_seq = *seq;
        return h;
    });
}

// ---- CommitRecord ----

std::string CommitRecord::Encode() const
{
    StringWriter w;
    WriteI32(w, height);
    return w.Take();
}

std::optional<CommitRecord> CommitRecord::Decode(std::string_view bytes)
{
    return DecodeWhole<CommitRecord>(bytes, [](ByteReader& r) -> std::optional<CommitRecord> {
        auto height = r.ReadI32();
        if (!height) return std::nullopt;
        return CommitRecord{*height};
    });
}

// ---- NodeRecord ----

std::string NodeRecord::Encode() const
{
    StringWriter w;
    WriteKey(w, node);
    WriteU32(w, seq);
    reward.Serialize(w);
    WriteStrList(w, endpoints);
    WriteStrList(w, domains);
    WriteStrList(w, prefixes);
    WriteI64(w, bond);
    WriteI32(w, registered_height);
    WriteI32(w, deregistered_height);
    WriteI32(w, bond_release_height);
    bond_return.Serialize(w);
    WriteU8(w, slashed ? 1 : 0);
    return w.Take();
}

std::optional<NodeRecord> NodeRecord::Decode(std::string_view bytes)
{
    return DecodeWhole<NodeRecord>(bytes, [](ByteReader& r) -> std::optional<NodeRecord> {
        NodeRecord n;
        auto node = ReadKey(r, "node");
        auto seq = r.ReadU32();
        auto reward = OutputLock::Unserialize(r);
        auto endpoints = ReadStrList(r, MAX_ENDPOINTS, MAX_ENDPOINT_SIZE, "endpoints", "endpoint");
        auto domains = ReadStrList(r, MAX_DOMAINS, MAX_DOMAIN_SIZE, "domains", "domain");
        auto prefixes = ReadStrList(r, MAX_PREFIXES, MAX_PREFIX_SIZE, "prefixes", "prefix");
        auto bond = r.ReadI64();
        auto registered = r.ReadI32();
        auto deregistered = r.ReadI32();
        auto release = r.ReadI32();
        auto bond_return = OutputLock::Unserialize(r);
        auto slashed = r.ReadU8();
        if (!r.ok() || !reward || !bond_return || *slashed > 1) return std::nullopt;
        n.node = *node;
        n.seq = *seq;
        n.reward = *reward;
        n.endpoints = std::move(*endpoints);
        n.domains = std::move(*domains);
        n.prefixes = std::move(*prefixes);
        n.bond = *bond;
        n.registered_height = *registered;
        n.deregistered_height = *deregistered;
        n.bond_release_height = *release;
        n.bond_return = *bond_return;
        n.slashed = *slashed == 1;
        return n;
    });
}

// ---- CallEntry ----

std::string_view CallStatusName(CallStatus status)
{
    switch (status) {
    case CallStatus::PENDING: return "pending";
    case CallStatus::PAID: return "paid";
    case CallStatus::VOIDED: return "voided";
    }
    return "unknown";
}

std::string CallEntry::Encode() const
{
    StringWriter w;
    WriteCallRecordBody(w, body);
    WriteUint256(w, txid);
    WriteI32(w, height);
    WriteU32(w, billable_seconds);
    WriteI64(w, orig_amount);
    WriteI64(w, term_amount);
    orig_lock.Serialize(w);
    term_lock.Serialize(w);
    WriteU8(w, static_cast<uint8_t>(status));
    return w.Take();
}

std::optional<CallEntry> CallEntry::Decode(std::string_view bytes)
{
    return DecodeWhole<CallEntry>(bytes, [](ByteReader& r) -> std::optional<CallEntry> {
        CallEntry c;
        auto body = ReadCallRecordBody(r);
        auto txid = r.ReadUint256();
        auto height = r.ReadI32();
        auto billable = r.ReadU32();
        auto orig_amount = r.ReadI64();
        auto term_amount = r.ReadI64();
        auto orig_lock = OutputLock::Unserialize(r);
        auto term_lock = OutputLock::Unserialize(r);
        auto status = r.ReadU8();
        if (!r.ok() || !body || !orig_lock || !term_lock || *status > 2) return std::nullopt;
        c.body = *body;
        c.txid = *txid;
        c.height = *height;
        c.billable_seconds = *billable;
        c.orig_amount = *orig_amount;
        c.term_amount = *term_amount;
        c.orig_lock = *orig_lock;
        c.term_lock = *term_lock;
        c.status = static_cast<CallStatus>(*status);
        return c;
    });
}

// ---- BlockRewards ----

std::string BlockRewards::Encode() const
{
    StringWriter w;
    WriteI64(w, pool);
    WriteI64(w, claimed);
    WriteU64(w, billable_seconds);
    WriteCompactSize(w, call_ids.size());
    for (const uint256& id : call_ids) WriteUint256(w, id);
    return w.Take();
}

std::optional<BlockRewards> BlockRewards::Decode(std::string_view bytes)
{
    return DecodeWhole<BlockRewards>(bytes, [](ByteReader& r) -> std::optional<BlockRewards> {
        BlockRewards b;
        auto pool = r.ReadI64();
        auto claimed = r.ReadI64();
        auto billable = r.ReadU64();
        auto n = r.ReadCount(MAX_COMPACT_SIZE, 32, "call ids");
        if (!r.ok()) return std::nullopt;
        b.pool = *pool;
        b.claimed = *claimed;
        b.billable_seconds = *billable;
        b.call_ids.reserve(*n);
        for (uint64_t i = 0; i < *n; ++i) {
            auto id = r.ReadUint256();
            if (!id) return std::nullopt;
            b.call_ids.push_back(*id);
        }
        return b;
    });
}

// ---- PayoutList ----

std::string PayoutList::Encode() const
{
    StringWriter w;
    WriteCompactSize(w, items.size());
    for (const PayoutItem& item : items) {
        WriteU8(w, static_cast<uint8_t>(item.type));
        WriteUint256(w, item.id);
    }
    return w.Take();
}

std::optional<PayoutList> PayoutList::Decode(std::string_view bytes)
{
    return DecodeWhole<PayoutList>(bytes, [](ByteReader& r) -> std::optional<PayoutList> {
        PayoutList list;
        auto n = r.ReadCount(MAX_COMPACT_SIZE, 33, "payouts");
        if (!n) return std::nullopt;
        list.items.reserve(*n);
        for (uint64_t i = 0; i < *n; ++i) {
            auto type = r.ReadU8();
            auto id = r.ReadUint256();
            if (!r.ok() || (*type != 1 && *type != 2)) return std::nullopt;
            list.items.push_back(PayoutItem{static_cast<PayoutType>(*type), *id});
        }
        return list;
    });
}

// ---- NodeStats ----

std::string NodeStats::Encode() const
{
    StringWriter w;
    WriteU64(w, calls_paid);
    WriteU64(w, billable_seconds_paid);
    WriteI64(w, earned);
    return w.Take();
}

std::optional<NodeStats> NodeStats::Decode(std::string_view bytes)
{
    return DecodeWhole<NodeStats>(bytes, [](ByteReader& r) -> std::optional<NodeStats> {
        auto calls = r.ReadU64();
        auto seconds = r.ReadU64();
        auto earned = r.ReadI64();
        if (!r.ok()) return std::nullopt;
        return NodeStats{*calls, *seconds, *earned};
    });
}

// ---- Reads ----

std::optional<HandleRecord> ReadHandle(const RecordStore& store, std::string_view handle)
{
    return ReadTyped<HandleRecord>(store, HandleKey(handle));
}

std::optional<NodeRecord> ReadNode(const RecordStore& store, const Key& node)
{
    return ReadTyped<NodeRecord>(store, NodeKey(node));
}

std::optional<CallEntry> ReadCall(const RecordStore& store, const uint256& call_id)
{
    return ReadTyped<CallEntry>(store, CallKey(call_id));
}

std::optional<BlockRewards> ReadBlockRewards(const RecordStore& store, int32_t height)
{
    return ReadTyped<BlockRewards>(store, BlockRewardsKey(height));
}

std::optional<CommitRecord> ReadCommit(const RecordStore& store, const uint256& commitment)
{
    return ReadTyped<CommitRecord>(store, CommitKey(commitment));
}

PayoutList ReadPayouts(const RecordStore& store, int32_t height)
{
    return ReadTyped<PayoutList>(store, PayoutsKey(height)).value_or(PayoutList{});
}

NodeStats ReadNodeStats(const RecordStore& store, const Key& node)
{
    return ReadTyped<NodeStats>(store, NodeStatsKey(node)).value_or(NodeStats{});
}

bool IsOnlineAt(const HandleRecord& record, int32_t height, const RegistryParams& params)
{
    return record.last_presence_height >= 0 && !record.IsExpired(height) &&
           height - record.last_presence_height <= params.presence_offline_depth;
}

} // namespace registry
