// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CHAINSTATE_MERGED_CURSOR_H
#define DOTS_CHAINSTATE_MERGED_CURSOR_H

/**
 * MergedCursor: walks one record type of the chainstate database (coins, registry records) as
 * the coins cache sees it, in key order, without flushing the cache first: the cache's
 * unflushed changes are laid over the database the way LevelDB's merging iterator lays a
 * memtable over its tables. A change overrides the database entry with the same key, an erase
 * hides it, and a change the database does not have appears in key order.
 *
 * Both sides are snapshots taken when the cursor is made: the changes are copied in, and the
 * database iterator reads a LevelDB snapshot. So a cursor made under the chain lock can be
 * used after the lock is released, while blocks connect and the cache flushes: it keeps
 * showing the state of the moment it was made. Cost: a copy of the changes in its range
 * (O(changes) memory and an O(n log n) sort), nothing for the database part.
 *
 * Keys are compared bytewise (LevelDB's order) and are database keys without their prefix byte.
 * Not thread-safe (one thread at a time); must be destroyed before the DbWrapper.
 */

#include <storage/dbwrapper.h>
#include <storage/status.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace chainstate {

/** One change a cache holds over the database: the new value, or std::nullopt for an erase. */
struct KeyChange {
    std::string key;
    std::optional<std::string> value;
};

class MergedCursor
{
public:
    /**
     * Walks the keys that start with `prefix` (empty: all keys of the iterator), from the first
     * key >= `start` (empty: from the first key with `prefix`), merging `changes` (any order,
     * unique keys; those outside the range are dropped) over `db` (an iterator over the
     * database prefix byte the keys belong to, taken at the same moment as the changes).
     */
    MergedCursor(std::vector<KeyChange> changes, std::unique_ptr<storage::DbIterator> db, std::string prefix = {},
                 const std::string& start = {});
    MergedCursor(const MergedCursor&) = delete;
    MergedCursor& operator=(const MergedCursor&) = delete;

    /** True while positioned on an entry. False at the end and after a database error. */
    bool Valid() const { return m_valid; }
    /** Moves to the next entry in key order. Requires Valid(). */
    void Next() { Settle(); }
    /** The current key and value. Require Valid(); valid until the next move. */
    const std::string& Key() const { return m_key; }
    const std::string& Value() const { return m_value; }
    /** OK, or the database error that ended the walk early. Check after the loop. */
    storage::Status status() const { return m_db->status(); }

private:
    /** Positions on the next visible entry (or the end), consuming it from its source. */
    void Settle();
    bool InRange(std::string_view key) const;

    std::vector<KeyChange> m_changes; //!< sorted, within the range
    size_t m_next_change{0};
    std::unique_ptr<storage::DbIterator> m_db;
    const std::string m_prefix;
    bool m_valid{false};
    std::string m_key;
    std::string m_value;
};

} // namespace chainstate

#endif // DOTS_CHAINSTATE_MERGED_CURSOR_H
