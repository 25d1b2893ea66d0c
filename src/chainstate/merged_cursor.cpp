// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <chainstate/merged_cursor.h>

#include <algorithm>
#include <string_view>

namespace chainstate {

namespace {
std::span<const uint8_t> AsBytes(const std::string& s)
{
    return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}
} // namespace

MergedCursor::MergedCursor(std::vector<KeyChange> changes, std::unique_ptr<storage::DbIterator> db, std::string prefix,
                           const std::string& start)
    : m_changes{std::move(changes)}, m_db{std::move(db)}, m_prefix{std::move(prefix)}
{
    const std::string& from = std::max(start, m_prefix);
    // std::string compares chars as unsigned bytes, as LevelDB's bytewise comparator does.
    std::erase_if(m_changes, [&](const KeyChange& c) { return c.key < from || !InRange(c.key); });
    std::sort(m_changes.begin(), m_changes.end(), [](const KeyChange& a, const KeyChange& b) { return a.key < b.key; });
    m_db->Seek(AsBytes(from));
    Settle();
}

bool MergedCursor::InRange(std::string_view key) const
{
    return key.starts_with(m_prefix);
}

void MergedCursor::Settle()
{
    m_valid = false;
    while (true) {
        // Keys with the prefix are contiguous in key order: the first key past them ends a side.
        std::string_view db_key;
        bool db_valid = m_db->Valid();
        if (db_valid) {
            const std::span<const uint8_t> raw = m_db->Key();
            db_key = {reinterpret_cast<const char*>(raw.data()), raw.size()};
            db_valid = InRange(db_key);
        }
        if (!m_db->status().ok()) return; // a database error ends the walk (status() says why)
        const bool change_valid = m_next_change < m_changes.size();
        if (!db_valid && !change_valid) return;

        if (change_valid && (!db_valid || m_changes[m_next_change].key <= db_key)) {
            KeyChange& change = m_changes[m_next_change++];
            if (db_valid && change.key == db_key) m_db->Next(); // overridden or erased
            if (!change.value) continue;                        // an erase hides the entry
            m_key = std::move(change.key);
            m_value = std::move(*change.value);
        } else {
            m_key.assign(db_key);
            const std::vector<uint8_t> value = m_db->Value();
            m_value.assign(value.begin(), value.end());
            m_db->Next();
        }
        m_valid = true;
        return;
    }
}

} // namespace chainstate
