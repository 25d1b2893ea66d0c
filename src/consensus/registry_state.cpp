// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <consensus/registry_state.h>

#include <consensus/registry_serialize.h>

#include <serialize.h>
#include <util/logging.h>

#include <algorithm>
#include <cstdlib>
#include <functional>

namespace consensus {

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

/** Key := table byte || parts (keys as 32 bytes, heights and epochs big-endian). */
class KeyBuilder
{
public:
    explicit KeyBuilder(Table table) : m_key(1, static_cast<char>(table)) {}
    KeyBuilder& Bytes(std::span<const uint8_t> b)
    {
        m_key.append(reinterpret_cast<const char*>(b.data()), b.size());
        return *this;
    }
    KeyBuilder& BE32(uint32_t v)
    {
        for (int shift = 24; shift >= 0; shift -= 8) m_key.push_back(static_cast<char>(v >> shift));
        return *this;
    }
    KeyBuilder& U8(uint8_t v)
    {
        m_key.push_back(static_cast<char>(v));
        return *this;
    }
    std::string Take() { return std::move(m_key); }

private:
    std::string m_key;
};

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
    // Find, not Get: hot paths (a handle lookup per call) decode straight from the cache.
    const std::string* value = store.Find(key);
    if (!value) return std::nullopt;
    std::optional<T> decoded = T::Decode(*value);
    if (!decoded) CorruptRecord(key);
    return decoded;
}

template <typename W>
void WriteNodeList(W& w, const std::vector<NodeWeight>& nodes)
{
    WriteCompactSize(w, nodes.size());
    for (const NodeWeight& n : nodes) {
        w.Write(n.node);
        WriteI64(w, n.bond);
    }
}

/** Reads bonds in [1, MAX_MONEY] with keys strictly ascending. */
std::optional<std::vector<NodeWeight>> ReadNodeList(ByteReader& r)
{
    auto n = r.ReadCount(MAX_COMPACT_SIZE, 40, "node list");
    if (!n) return std::nullopt;
    std::vector<NodeWeight> nodes;
    nodes.reserve(*n);
    for (uint64_t i = 0; i < *n; ++i) {
        auto key = ReadKey(r, "node");
        auto bond = r.ReadI64("bond");
        if (!key || !bond) return std::nullopt;
        if (*bond <= 0 || !MoneyRange(*bond)) return std::nullopt;
        if (!nodes.empty() && !(nodes.back().node < *key)) return std::nullopt;
        nodes.push_back(NodeWeight{*key, *bond});
    }
    return nodes;
}

size_t AgendaIdSize(AgendaType type)
{
    switch (type) {
    case AgendaType::ERASE_COMMIT: return 32;
    case AgendaType::ERASE_SETTLEMENT: return 68;
    case AgendaType::RELEASE_DEPOSIT: return 64;
    case AgendaType::RELEASE_BOND: return 32;
    }
    return 0;
}

} // namespace

std::string HandleKey(std::string_view handle) { return KeyBuilder{TABLE_HANDLE}.Bytes(AsBytes(handle)).Take(); }
std::string CommitKey(const uint256& commitment) { return KeyBuilder{TABLE_COMMIT}.Bytes(commitment.span()).Take(); }
std::string NodeKey(const Key& node) { return KeyBuilder{TABLE_NODE}.Bytes(node).Take(); }
std::string ActiveHeaderKey() { return KeyBuilder{TABLE_ACTIVE_HEADER}.Take(); }
std::string ActiveBucketKey(uint8_t bucket) { return KeyBuilder{TABLE_ACTIVE}.U8(bucket).Take(); }
std::string FrozenHeaderKey(uint32_t epoch) { return KeyBuilder{TABLE_FROZEN_HEADER}.BE32(epoch).Take(); }
std::string FrozenBucketKey(uint32_t epoch, uint8_t bucket) { return KeyBuilder{TABLE_FROZEN}.BE32(epoch).U8(bucket).Take(); }
std::string ReceiptKey(uint32_t epoch, const Key& target) { return KeyBuilder{TABLE_RECEIPTS}.BE32(epoch).Bytes(target).Take(); }
std::string BalanceKey(const Key& node) { return KeyBuilder{TABLE_BALANCE}.Bytes(node).Take(); }
std::string PairKey(const Key& orig, const Key& term) { return KeyBuilder{TABLE_PAIR}.Bytes(orig).Bytes(term).Take(); }
std::string SettlementKey(const Key& orig, const Key& term, uint32_t epoch)
{
    return KeyBuilder{TABLE_SETTLEMENT}.Bytes(orig).Bytes(term).BE32(epoch).Take();
}
std::string AgendaCountKey(int32_t height) { return KeyBuilder{TABLE_AGENDA_COUNT}.BE32(static_cast<uint32_t>(height)).Take(); }
std::string AgendaChunkKey(int32_t height, uint32_t chunk)
{
    return KeyBuilder{TABLE_AGENDA}.BE32(static_cast<uint32_t>(height)).BE32(chunk).Take();
}

// ---- HandleRecord ----

std::string HandleRecord::Encode() const
{
    StringWriter w;
    WriteStr(w, handle);
    w.Write(owner);
    WriteI32(w, registered_height);
    WriteI32(w, expiry_height);
    w.Write(home);
    w.Write(identity);
    WriteU32(w, update_seq);
    w.Write(bound_node);
    WriteU32(w, binding_seq);
    WriteI32(w, binding_height);
    WriteU8(w, binding_by_home ? 1 : 0);
    return w.Take();
}

std::optional<HandleRecord> HandleRecord::Decode(std::string_view bytes)
{
    return DecodeWhole<HandleRecord>(bytes, [](ByteReader& r) -> std::optional<HandleRecord> {
        auto handle = ReadStr(r, MAX_HANDLE_SIZE, "handle");
        auto owner = ReadKey(r, "owner");
        auto registered = r.ReadI32();
        auto expiry = r.ReadI32();
        auto home = ReadKey(r, "home");
        auto identity = ReadKey(r, "identity");
        auto update_seq = r.ReadU32();
        auto bound = ReadKey(r, "bound node");
        auto binding_seq = r.ReadU32();
        auto binding_height = r.ReadI32();
        auto by_home = r.ReadU8();
        if (!r.ok() || *by_home > 1) return std::nullopt;
        return HandleRecord{std::move(*handle), *owner, *registered, *expiry, *home, *identity, *update_seq,
                            *bound, *binding_seq, *binding_height, *by_home == 1};
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

CAmount NodeRecord::RateAt(int32_t height, const RegistryParams& params) const
{
    if (next_rate_epoch >= 0 && height / params.settle_epoch >= next_rate_epoch) return next_rate;
    return rate;
}

std::string NodeRecord::Encode() const
{
    StringWriter w;
    w.Write(node);
    WriteU32(w, seq);
    WriteStrList(w, endpoints);
    WriteStrList(w, domains);
    WriteStrList(w, prefixes);
    WriteI64(w, rate);
    WriteI64(w, next_rate);
    WriteI64(w, next_rate_epoch);
    WriteI64(w, bond);
    WriteI32(w, registered_height);
    WriteI32(w, deregistered_height);
    WriteI32(w, bond_release_height);
    return w.Take();
}

std::optional<NodeRecord> NodeRecord::Decode(std::string_view bytes)
{
    return DecodeWhole<NodeRecord>(bytes, [](ByteReader& r) -> std::optional<NodeRecord> {
        NodeRecord n;
        auto node = ReadKey(r, "node");
        auto seq = r.ReadU32();
        auto endpoints = ReadStrList(r, MAX_ENDPOINTS, MAX_ENDPOINT_SIZE, "endpoints", "endpoint");
        auto domains = ReadStrList(r, MAX_DOMAINS, MAX_DOMAIN_SIZE, "domains", "domain");
        auto prefixes = ReadStrList(r, MAX_PREFIXES, MAX_PREFIX_SIZE, "prefixes", "prefix");
        auto rate = r.ReadI64();
        auto next_rate = r.ReadI64();
        auto next_rate_epoch = r.ReadI64();
        auto bond = r.ReadI64();
        auto registered = r.ReadI32();
        auto deregistered = r.ReadI32();
        auto release = r.ReadI32();
        if (!r.ok()) return std::nullopt;
        n.node = *node;
        n.seq = *seq;
        n.endpoints = std::move(*endpoints);
        n.domains = std::move(*domains);
        n.prefixes = std::move(*prefixes);
        n.rate = *rate;
        n.next_rate = *next_rate;
        n.next_rate_epoch = *next_rate_epoch;
        n.bond = *bond;
        n.registered_height = *registered;
        n.deregistered_height = *deregistered;
        n.bond_release_height = *release;
        return n;
    });
}

// ---- NodeList, NodeSetHeader ----

std::string NodeList::Encode() const
{
    StringWriter w;
    WriteNodeList(w, nodes);
    return w.Take();
}

std::optional<NodeList> NodeList::Decode(std::string_view bytes)
{
    return DecodeWhole<NodeList>(bytes, [](ByteReader& r) -> std::optional<NodeList> {
        auto nodes = ReadNodeList(r);
        if (!nodes) return std::nullopt;
        return NodeList{std::move(*nodes)};
    });
}

std::string NodeSetHeader::Encode() const
{
    StringWriter w;
    WriteI64(w, total_bond);
    WriteU32(w, node_count);
    WriteVarBytes(w, buckets);
    return w.Take();
}

std::optional<NodeSetHeader> NodeSetHeader::Decode(std::string_view bytes)
{
    return DecodeWhole<NodeSetHeader>(bytes, [](ByteReader& r) -> std::optional<NodeSetHeader> {
        auto total = r.ReadI64();
        auto count = r.ReadU32();
        auto buckets = r.ReadVarBytes(256, "buckets");
        if (!r.ok() || !MoneyRange(*total)) return std::nullopt;
        if (std::adjacent_find(buckets->begin(), buckets->end(), std::greater_equal<uint8_t>{}) != buckets->end()) {
            return std::nullopt; // not strictly ascending
        }
        return NodeSetHeader{*total, *count, std::move(*buckets)};
    });
}

// ---- Small records ----

std::string ReceiptMask::Encode() const
{
    StringWriter w;
    WriteU16(w, mask);
    return w.Take();
}

std::optional<ReceiptMask> ReceiptMask::Decode(std::string_view bytes)
{
    return DecodeWhole<ReceiptMask>(bytes, [](ByteReader& r) -> std::optional<ReceiptMask> {
        auto mask = r.ReadU16();
        if (!mask) return std::nullopt;
        return ReceiptMask{*mask};
    });
}

std::string NodeBalance::Encode() const
{
    StringWriter w;
    WriteI64(w, balance);
    return w.Take();
}

std::optional<NodeBalance> NodeBalance::Decode(std::string_view bytes)
{
    return DecodeWhole<NodeBalance>(bytes, [](ByteReader& r) -> std::optional<NodeBalance> {
        auto balance = r.ReadI64();
        if (!balance || !MoneyRange(*balance)) return std::nullopt;
        return NodeBalance{*balance};
    });
}

std::string PairRecord::Encode() const
{
    StringWriter w;
    WriteI64(w, deposit);
    WriteI64(w, debt);
    WriteI64(w, release_amount);
    WriteI32(w, release_height);
    return w.Take();
}

std::optional<PairRecord> PairRecord::Decode(std::string_view bytes)
{
    return DecodeWhole<PairRecord>(bytes, [](ByteReader& r) -> std::optional<PairRecord> {
        auto deposit = r.ReadI64();
        auto debt = r.ReadI64();
        auto release_amount = r.ReadI64();
        auto release_height = r.ReadI32();
        if (!r.ok() || !MoneyRange(*deposit) || !MoneyRange(*debt) || !MoneyRange(*release_amount)) return std::nullopt;
        return PairRecord{*deposit, *debt, *release_amount, *release_height};
    });
}

std::string SettlementRecord::Encode() const
{
    StringWriter w;
    WriteI64(w, amount);
    WriteU64(w, seconds);
    return w.Take();
}

std::optional<SettlementRecord> SettlementRecord::Decode(std::string_view bytes)
{
    return DecodeWhole<SettlementRecord>(bytes, [](ByteReader& r) -> std::optional<SettlementRecord> {
        auto amount = r.ReadI64();
        auto seconds = r.ReadU64();
        if (!r.ok() || !MoneyRange(*amount)) return std::nullopt;
        return SettlementRecord{*amount, *seconds};
    });
}

// ---- Agenda ----

namespace {
AgendaItem MakeItem(AgendaType type, std::initializer_list<std::span<const uint8_t>> parts)
{
    AgendaItem item{type, {}};
    for (const auto& part : parts) item.id.insert(item.id.end(), part.begin(), part.end());
    return item;
}
} // namespace

AgendaItem EraseCommitItem(const uint256& commitment) { return MakeItem(AgendaType::ERASE_COMMIT, {commitment.span()}); }

AgendaItem EraseSettlementItem(const Key& orig, const Key& term, uint32_t epoch)
{
    const uint8_t le[4] = {static_cast<uint8_t>(epoch), static_cast<uint8_t>(epoch >> 8), static_cast<uint8_t>(epoch >> 16),
                           static_cast<uint8_t>(epoch >> 24)};
    return MakeItem(AgendaType::ERASE_SETTLEMENT, {orig, term, le});
}

AgendaItem ReleaseDepositItem(const Key& orig, const Key& term) { return MakeItem(AgendaType::RELEASE_DEPOSIT, {orig, term}); }

AgendaItem ReleaseBondItem(const Key& node) { return MakeItem(AgendaType::RELEASE_BOND, {node}); }

std::string AgendaCount::Encode() const
{
    StringWriter w;
    WriteU32(w, chunks);
    return w.Take();
}

std::optional<AgendaCount> AgendaCount::Decode(std::string_view bytes)
{
    return DecodeWhole<AgendaCount>(bytes, [](ByteReader& r) -> std::optional<AgendaCount> {
        auto chunks = r.ReadU32();
        if (!chunks) return std::nullopt;
        return AgendaCount{*chunks};
    });
}

std::string AgendaChunk::Encode() const
{
    StringWriter w;
    WriteCompactSize(w, items.size());
    for (const AgendaItem& item : items) {
        WriteU8(w, static_cast<uint8_t>(item.type));
        w.Write(item.id);
    }
    return w.Take();
}

std::optional<AgendaChunk> AgendaChunk::Decode(std::string_view bytes)
{
    return DecodeWhole<AgendaChunk>(bytes, [](ByteReader& r) -> std::optional<AgendaChunk> {
        AgendaChunk chunk;
        auto n = r.ReadCount(MAX_COMPACT_SIZE, 33, "agenda items");
        if (!n) return std::nullopt;
        chunk.items.reserve(*n);
        for (uint64_t i = 0; i < *n; ++i) {
            auto type = r.ReadU8("agenda type");
            if (!type) return std::nullopt;
            const size_t size = AgendaIdSize(static_cast<AgendaType>(*type));
            if (size == 0) return std::nullopt;
            auto id = r.ReadView(size, "agenda id");
            if (!id) return std::nullopt;
            chunk.items.push_back(AgendaItem{static_cast<AgendaType>(*type), {id->begin(), id->end()}});
        }
        return chunk;
    });
}

// ---- Reads ----

std::optional<HandleRecord> ReadHandle(const RecordStore& store, std::string_view handle)
{
    return ReadTyped<HandleRecord>(store, HandleKey(handle));
}

std::optional<CommitRecord> ReadCommit(const RecordStore& store, const uint256& commitment)
{
    return ReadTyped<CommitRecord>(store, CommitKey(commitment));
}

std::optional<NodeRecord> ReadNode(const RecordStore& store, const Key& node)
{
    return ReadTyped<NodeRecord>(store, NodeKey(node));
}

NodeSetHeader ReadActiveHeader(const RecordStore& store)
{
    return ReadTyped<NodeSetHeader>(store, ActiveHeaderKey()).value_or(NodeSetHeader{});
}

NodeList ReadActiveBucket(const RecordStore& store, uint8_t bucket)
{
    return ReadTyped<NodeList>(store, ActiveBucketKey(bucket)).value_or(NodeList{});
}

std::optional<NodeSetHeader> ReadFrozenHeader(const RecordStore& store, uint32_t epoch)
{
    return ReadTyped<NodeSetHeader>(store, FrozenHeaderKey(epoch));
}

NodeList ReadFrozenBucket(const RecordStore& store, uint32_t epoch, uint8_t bucket)
{
    return ReadTyped<NodeList>(store, FrozenBucketKey(epoch, bucket)).value_or(NodeList{});
}

ReceiptMask ReadReceiptMask(const RecordStore& store, uint32_t epoch, const Key& target)
{
    return ReadTyped<ReceiptMask>(store, ReceiptKey(epoch, target)).value_or(ReceiptMask{});
}

CAmount ReadBalance(const RecordStore& store, const Key& node)
{
    return ReadTyped<NodeBalance>(store, BalanceKey(node)).value_or(NodeBalance{}).balance;
}

PairRecord ReadPair(const RecordStore& store, const Key& orig, const Key& term)
{
    return ReadTyped<PairRecord>(store, PairKey(orig, term)).value_or(PairRecord{});
}

std::optional<SettlementRecord> ReadSettlement(const RecordStore& store, const Key& orig, const Key& term, uint32_t epoch)
{
    return ReadTyped<SettlementRecord>(store, SettlementKey(orig, term, epoch));
}

uint32_t ReadAgendaCount(const RecordStore& store, int32_t height)
{
    return ReadTyped<AgendaCount>(store, AgendaCountKey(height)).value_or(AgendaCount{}).chunks;
}

AgendaChunk ReadAgendaChunk(const RecordStore& store, int32_t height, uint32_t chunk)
{
    return ReadTyped<AgendaChunk>(store, AgendaChunkKey(height, chunk)).value_or(AgendaChunk{});
}

} // namespace consensus
