// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <chainstate/registry_store.h>

#include <util/logging.h>

#include <cstdlib>

namespace chainstate {

namespace {

std::span<const uint8_t> AsBytes(const std::string& s)
{
    return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

template <typename W>
void WriteOptional(W& w, const std::optional<std::string>& value)
{
    WriteU8(w, value ? 1 : 0);
    if (value) WriteVarBytes(w, AsBytes(*value));
}

/** Registry keys and values are small; this bounds a corrupt length before allocating. */
constexpr uint64_t MAX_RECORD_SIZE = 1'000'000;

std::optional<std::optional<std::string>> ReadOptional(ByteReader& r)
{
    auto present = r.ReadU8("record presence");
    if (!present) return std::nullopt;
    if (*present > 1) return r.Fail(DecodeError::INVALID_VALUE, "record presence");
    if (*present == 0) return std::optional<std::string>{};
    auto bytes = r.ReadVarBytes(MAX_RECORD_SIZE, "record value");
    if (!bytes) return std::nullopt;
    return std::optional<std::string>{std::string{bytes->begin(), bytes->end()}};
}

} // namespace

void ReadOnlyRecordStore::Put(const std::string& key, std::optional<std::string>)
{
    LogError("ReadOnlyRecordStore::Put(%u-byte key): a read-only registry view was written", (unsigned)key.size());
    std::abort();
}

std::vector<uint8_t> RecordDiff::Encode() const
{
    ByteWriter w;
    WriteCompactSize(w, changes.size());
    for (const RecordChange& change : changes) {
        WriteVarBytes(w, AsBytes(change.key));
        WriteOptional(w, change.before);
        WriteOptional(w, change.after);
    }
    return w.Take();
}

Decoded<RecordDiff> RecordDiff::Decode(std::span<const uint8_t> bytes)
{
    ByteReader r{bytes};
    RecordDiff diff;
    auto n = r.ReadCount(MAX_COMPACT_SIZE, 3, "record changes");
    if (!n) return r.failure();
    diff.changes.reserve(*n);
    for (uint64_t i = 0; i < *n; ++i) {
        auto key = r.ReadVarBytes(MAX_RECORD_SIZE, "record key");
        auto before = ReadOptional(r);
        auto after = ReadOptional(r);
        if (!r.ok()) return r.failure();
        diff.changes.push_back(RecordChange{std::string{key->begin(), key->end()}, std::move(*before), std::move(*after)});
    }
    if (!r.empty()) return DecodeFailure{DecodeError::TRAILING_DATA, "record diff", r.position()};
    return diff;
}

void DiffRecordingStore::Put(const std::string& key, std::optional<std::string> value)
{
    auto [it, inserted] = m_index.try_emplace(key, m_diff.changes.size());
    if (inserted) {
        m_diff.changes.push_back(RecordChange{key, m_view.GetRecord(key), value});
    } else {
        m_diff.changes[it->second].after = value;
    }
    m_view.PutRecord(key, std::move(value));
}

RecordDiff DiffRecordingStore::TakeDiff()
{
    m_index.clear();
    return std::move(m_diff);
}

void ApplyRecordDiff(const RecordDiff& diff, CoinsViewCache& view, bool forward)
{
    for (const RecordChange& change : diff.changes) view.PutRecord(change.key, forward ? change.after : change.before);
}

bool RecordDiffMatches(const RecordDiff& diff, const CoinsViewCache& view, bool forward)
{
    for (const RecordChange& change : diff.changes) {
        if (view.GetRecord(change.key) != (forward ? change.after : change.before)) return false;
    }
    return true;
}

} // namespace chainstate
