// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CHAINSTATE_REGISTRY_STORE_H
#define DOTS_CHAINSTATE_REGISTRY_STORE_H

/**
 * The registry's records in the chainstate: a RecordStore over a CoinsViewCache (records are
 * cached and flushed with the coins, in the same batches), and the per-block record diff that
 * makes registry changes exactly undoable.
 *
 * Undo section REGISTRY (chainstate/undo.h) of a block:
 *   n:CompactSize { key:varbytes before:opt after:opt }*     opt := 0 | 1 varbytes
 * one entry per key the block changed, in the order of first change, with the value before the
 * block and after it. Disconnecting writes the before values; the start-up replay of an
 * interrupted flush (chainstate/replay.h) writes before values to roll back and after values to
 * roll forward, which is idempotent whatever part of the flush reached the disk.
 *
 * Not thread-safe: callers hold the chain lock.
 */

#include <chainstate/coins.h>
#include <consensus/registry_state.h>
#include <serialize.h>

#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace chainstate {

/** Reads and writes registry records straight through a CoinsViewCache. */
class ViewRecordStore : public consensus::RecordStore
{
public:
    explicit ViewRecordStore(CoinsViewCache& view) : m_view{view} {}
    std::optional<std::string> Get(const std::string& key) const override { return m_view.GetRecord(key); }
    const std::string* Find(const std::string& key) const override { return m_view.AccessRecord(key); }
    void Put(const std::string& key, std::optional<std::string> value) override { m_view.PutRecord(key, std::move(value)); }

private:
    CoinsViewCache& m_view;
};

/** Reads registry records through a view (without copying from a cache); writing through it
 * is a programmer error (aborts). */
class ReadOnlyRecordStore : public consensus::RecordStore
{
public:
    explicit ReadOnlyRecordStore(const CoinsView& view) : m_view{view} {}
    explicit ReadOnlyRecordStore(const CoinsViewCache& cache) : m_view{cache}, m_cache{&cache} {}
    std::optional<std::string> Get(const std::string& key) const override { return m_view.GetRecord(key); }
    const std::string* Find(const std::string& key) const override
    {
        return m_cache ? m_cache->AccessRecord(key) : consensus::RecordStore::Find(key);
    }
    void Put(const std::string& key, std::optional<std::string> value) override;

private:
    const CoinsView& m_view;
    const CoinsViewCache* m_cache{nullptr};
};

struct RecordChange {
    std::string key;
    std::optional<std::string> before;
    std::optional<std::string> after;
    friend bool operator==(const RecordChange&, const RecordChange&) = default;
};

/** The registry changes of one block. */
struct RecordDiff {
    std::vector<RecordChange> changes;

    friend bool operator==(const RecordDiff&, const RecordDiff&) = default;
    std::vector<uint8_t> Encode() const;
    /** Decodes a REGISTRY undo section exactly. */
    static Decoded<RecordDiff> Decode(std::span<const uint8_t> bytes);
};

/**
 * A RecordStore over a CoinsViewCache that remembers, per key, the value before its first
 * write and after its last one. Keys written back to their original value stay listed (the
 * diff is still exact).
 */
class DiffRecordingStore : public consensus::RecordStore
{
public:
    explicit DiffRecordingStore(CoinsViewCache& view) : m_view{view} {}
    std::optional<std::string> Get(const std::string& key) const override { return m_view.GetRecord(key); }
    const std::string* Find(const std::string& key) const override { return m_view.AccessRecord(key); }
    void Put(const std::string& key, std::optional<std::string> value) override;

    /** The diff so far (moves it out). */
    RecordDiff TakeDiff();

private:
    CoinsViewCache& m_view;
    RecordDiff m_diff;
    std::unordered_map<std::string, size_t, SaltedStringHasher> m_index; //!< key -> position in m_diff.changes
};

/** Writes the before (forward = false) or after (forward = true) value of every change. */
void ApplyRecordDiff(const RecordDiff& diff, CoinsViewCache& view, bool forward);

/** Whether `view` holds the after (forward) or before value of every change of `diff`. */
bool RecordDiffMatches(const RecordDiff& diff, const CoinsViewCache& view, bool forward);

} // namespace chainstate

#endif // DOTS_CHAINSTATE_REGISTRY_STORE_H
