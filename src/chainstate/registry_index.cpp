// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <chainstate/registry_index.h>

#include <serialize.h>
#include <util/format.h>

#include <algorithm>

namespace chainstate {

namespace {

constexpr uint8_t DB_PAIR = 'p';
constexpr uint8_t DB_HISTORY = 'h';
constexpr uint8_t DB_BEST = 'B';
const std::span<const uint8_t> NO_KEY{};

std::span<const uint8_t> Bytes(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

consensus::Key KeyAt(const std::string& s, size_t offset)
{
    consensus::Key k;
    std::copy_n(s.begin() + static_cast<std::ptrdiff_t>(offset), k.size(), k.begin());
    return k;
}

uint32_t BE32At(const std::string& s, size_t offset)
{
    uint32_t v = 0;
    for (size_t i = 0; i < 4; ++i) v = v << 8 | static_cast<uint8_t>(s[offset + i]);
    return v;
}

void AppendBE(std::vector<uint8_t>& out, uint64_t v, int bytes)
{
    for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(v >> shift));
}

std::vector<uint8_t> HistoryKey(const consensus::Key& node, int32_t height, uint16_t n)
{
    std::vector<uint8_t> key(node.begin(), node.end());
    AppendBE(key, static_cast<uint32_t>(height), 4);
    AppendBE(key, n, 2);
    return key;
}

std::vector<uint8_t> EncodeEvent(const IndexEvent& e)
{
    ByteWriter w;
    WriteI32(w, e.height);
    WriteU8(w, static_cast<uint8_t>(e.type));
    w.Write(e.counterparty);
    WriteU32(w, e.epoch);
    WriteU64(w, e.seconds);
    WriteI64(w, e.before);
    WriteI64(w, e.after);
    return w.Take();
}

std::optional<IndexEvent> DecodeEvent(std::span<const uint8_t> bytes)
{
    ByteReader r{bytes};
    auto height = r.ReadI32();
    auto type = r.ReadU8();
    auto counterparty = r.ReadArray<32>();
    auto epoch = r.ReadU32();
    auto seconds = r.ReadU64();
    auto before = r.ReadI64();
    auto after = r.ReadI64();
    if (!r.ok() || !r.empty() || *type < 1 || *type > 3) return std::nullopt;
    return IndexEvent{*height, static_cast<IndexEventType>(*type), *counterparty, *epoch, *seconds, *before, *after};
}

template <typename T>
std::optional<T> DecodeOpt(const std::optional<std::string>& value, bool& corrupt)
{
    if (!value) return std::nullopt;
    std::optional<T> out = T::Decode(*value);
    if (!out) corrupt = true;
    return out;
}

/** The events one changed record makes (none for tables the index does not follow). */
std::vector<std::pair<consensus::Key, IndexEvent>> EventsOf(const RecordChange& c, int32_t height, bool& corrupt)
{
    using consensus::Key;
    std::vector<std::pair<Key, IndexEvent>> out;
    const char table = c.key.empty() ? 0 : c.key[0];
    if (table == consensus::TABLE_SETTLEMENT && c.key.size() == 1 + 64 + 4) {
        const auto before = DecodeOpt<consensus::SettlementRecord>(c.before, corrupt);
        const auto after = DecodeOpt<consensus::SettlementRecord>(c.after, corrupt);
        if (!after) return out; // erased at the end of its window: no event
        const Key orig = KeyAt(c.key, 1), term = KeyAt(c.key, 33);
        const uint32_t epoch = BE32At(c.key, 65);
        const CAmount was = before ? before->amount : 0;
        out.push_back({term, IndexEvent{height, IndexEventType::SETTLED_AS_TERM, orig, epoch, after->seconds, was, after->amount}});
        out.push_back({orig, IndexEvent{height, IndexEventType::SETTLED_AS_ORIG, term, epoch, after->seconds, was, after->amount}});
    } else if (table == consensus::TABLE_BALANCE && c.key.size() == 1 + 32) {
        const auto before = DecodeOpt<consensus::NodeBalance>(c.before, corrupt);
        const auto after = DecodeOpt<consensus::NodeBalance>(c.after, corrupt);
        out.push_back({KeyAt(c.key, 1), IndexEvent{height, IndexEventType::BALANCE, Key{}, 0, 0, before ? before->balance : 0,
                                                   after ? after->balance : 0}});
    }
    return out;
}

} // namespace

storage::Status RegistryIndex::ApplyBlock(const RecordDiff& changes, int32_t height, const uint256& hash,
                                          const uint256& prev_hash, bool forward)
{
    storage::DbBatch batch{m_db};
    bool corrupt = false;
    uint16_t n = 0;
    for (const RecordChange& c : changes.changes) {
        if (!c.key.empty() && c.key[0] == consensus::TABLE_PAIR && c.key.size() == 1 + 64) {
            // The pair by terminating node: term || orig.
            std::vector<uint8_t> key(c.key.begin() + 33, c.key.end());
            key.insert(key.end(), c.key.begin() + 1, c.key.begin() + 33);
            const std::optional<std::string>& value = forward ? c.after : c.before;
            if (value) {
                batch.Write(DB_PAIR, key, Bytes(*value));
            } else {
                batch.Erase(DB_PAIR, key);
            }
        }
        for (const auto& [node, event] : EventsOf(c, height, corrupt)) {
            const std::vector<uint8_t> key = HistoryKey(node, height, n++);
            if (forward) {
                batch.Write(DB_HISTORY, key, EncodeEvent(event));
            } else {
                batch.Erase(DB_HISTORY, key);
            }
        }
    }
    if (corrupt) return storage::Status::Corruption(StrFormat("registry index: a record of block %s does not decode", hash.GetHex().c_str()));
    batch.Write(DB_BEST, NO_KEY, (forward ? hash : prev_hash).span());
    return m_db.WriteBatch(batch, /*sync=*/false);
}

storage::StatusOr<uint256> RegistryIndex::GetBestBlock() const
{
    auto value = m_db.Read(DB_BEST, NO_KEY);
    if (!value.ok()) {
        if (value.status().IsNotFound()) return uint256{};
        return value.status();
    }
    if (value->size() != uint256::SIZE) return storage::Status::Corruption("registry index: bad best block record");
    return uint256{std::span<const uint8_t, 32>{value->data(), 32}};
}

storage::StatusOr<std::vector<std::pair<consensus::Key, consensus::PairRecord>>> RegistryIndex::ListTermPairs(
    const consensus::Key& term, const consensus::Key& from_orig, size_t count) const
{
    std::vector<std::pair<consensus::Key, consensus::PairRecord>> out;
    auto it = m_db.NewIterator(DB_PAIR);
    std::vector<uint8_t> start(term.begin(), term.end());
    start.insert(start.end(), from_orig.begin(), from_orig.end());
    for (it->Seek(start); it->Valid() && out.size() < count; it->Next()) {
        const std::span<const uint8_t> key = it->Key();
        if (key.size() != 64 || !std::equal(term.begin(), term.end(), key.begin())) break;
        const std::vector<uint8_t> value = it->Value();
        std::optional<consensus::PairRecord> pair =
            consensus::PairRecord::Decode(std::string_view{reinterpret_cast<const char*>(value.data()), value.size()});
        if (!pair) return storage::Status::Corruption("registry index: a pair record does not decode");
        consensus::Key orig;
        std::copy(key.begin() + 32, key.end(), orig.begin());
        out.emplace_back(orig, *pair);
    }
    if (!it->status().ok()) return it->status();
    return out;
}

storage::StatusOr<std::vector<IndexEvent>> RegistryIndex::ListHistory(const consensus::Key& node, int32_t from_height,
                                                                      size_t count) const
{
    std::vector<IndexEvent> out;
    auto it = m_db.NewIterator(DB_HISTORY);
    for (it->Seek(HistoryKey(node, std::max(from_height, 0), 0)); it->Valid() && out.size() < count; it->Next()) {
        const std::span<const uint8_t> key = it->Key();
        if (key.size() != 38 || !std::equal(node.begin(), node.end(), key.begin())) break;
        std::optional<IndexEvent> event = DecodeEvent(it->Value());
        if (!event) return storage::Status::Corruption("registry index: an event does not decode");
        out.push_back(*event);
    }
    if (!it->status().ok()) return it->status();
    return out;
}

storage::Status RegistryIndex::Wipe()
{
    for (const uint8_t prefix : {DB_PAIR, DB_HISTORY, DB_BEST}) {
        storage::DbBatch batch{m_db};
        auto it = m_db.NewIterator(prefix);
        for (it->SeekToFirst(); it->Valid(); it->Next()) batch.Erase(prefix, it->Key());
        if (!it->status().ok()) return it->status();
        if (storage::Status s = m_db.WriteBatch(batch, /*sync=*/false); !s.ok()) return s;
    }
    return storage::Status::OK();
}

} // namespace chainstate
