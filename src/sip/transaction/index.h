// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_TRANSACTION_INDEX_H
#define DOTS_SIP_TRANSACTION_INDEX_H

/**
 * The transaction layer's tables without a node or a key string per entry: TxnKey holds a
 * transaction key (messages.h ServerKey/ClientKey) inline with its 64-bit digest, and
 * FlatIndex is an open-addressing table of (digest, pointer) slots that compares the full key
 * only when a digest matches. The layer finds its transactions here on every message.
 */

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace sip {

/**
 * A transaction key and its digest. Keys up to INLINE bytes (every RFC 3261 key of a branch up
 * to about 60 characters and a host name or IPv6 literal) live inside the object; longer ones
 * (RFC 2543 fallback keys, which hold the Request-URI, Call-ID and top Via) take one heap block.
 */
class TxnKey
{
public:
    static constexpr size_t INLINE = 96;

    TxnKey() = default;
    TxnKey(const TxnKey&) = delete;
    TxnKey& operator=(const TxnKey&) = delete;

    /** Stores a copy of `key` and its `digest` (from KeyDigester::Digest of the same bytes). */
    void Assign(std::string_view key, uint64_t digest);
    /** The key bytes (empty before Assign). Valid while this object lives and is not reassigned. */
    std::string_view View() const { return {m_heap ? m_heap.get() : m_inline.data(), m_size}; }
    uint64_t Digest() const { return m_digest; }
    /** True when this holds exactly `key` with `digest` (digest compared first). */
    bool Equals(std::string_view key, uint64_t digest) const { return digest == m_digest && View() == key; }

private:
    uint64_t m_digest{0};
    size_t m_size{0};
    std::unique_ptr<char[]> m_heap; // only for keys longer than INLINE
    std::array<char, INLINE> m_inline;
};

/**
 * Keyed 64-bit digests of transaction keys (SipHash-2-4 with a per-process random key), so a
 * peer that chooses branches cannot make them collide in a FlatIndex (hash flooding).
 */
class KeyDigester
{
public:
    /** A digester with a fresh random key. */
    KeyDigester();
    /** A digester with a fixed key (tests and benchmarks). */
    KeyDigester(uint64_t k0, uint64_t k1) : m_k0{k0}, m_k1{k1} {}
    /** The digest of `key`. */
    uint64_t Digest(std::string_view key) const;

private:
    uint64_t m_k0, m_k1;
};

/**
 * An open-addressing hash table (linear probing, backward-shift deletion, no tombstones) of
 * pointers, each stored with its 64-bit digest. The table neither owns nor interprets the
 * pointees: Find's `match` decides whether a slot whose digest equals the one looked for is
 * the entry wanted (compare the full key there), so different keys with one digest coexist.
 * Capacity is a power of two kept at most 1/2 full; it grows by doubling (moving 16-byte slots,
 * no key is read or hashed again) and shrinks by half when a quarter of the minimum capacity
 * would do, after a peak has passed. Not thread-safe.
 */
template <typename T>
class FlatIndex
{
public:
    explicit FlatIndex(size_t min_capacity = 64)
    {
        size_t cap = 16;
        while (cap < min_capacity) cap *= 2;
        m_min_capacity = cap;
        m_slots.assign(cap, Slot{});
    }

    /** The first entry with `digest` for which `match(const T&)` is true, or nullptr. */
    template <typename Match>
    T* Find(uint64_t digest, Match&& match) const
    {
        for (size_t i = Home(digest);; i = (i + 1) & Mask()) {
            const Slot& s = m_slots[i];
            if (!s.value) return nullptr;
            if (s.digest == digest && match(static_cast<const T&>(*s.value))) return s.value;
        }
    }

    /** Adds `value` under `digest` (not null). Entries with equal digests, even equal keys,
     *  may coexist; Find then returns whichever of them `match` accepts first on the probe
     *  path, so callers keep one live entry per key (the layer erases before inserting). */
    void Insert(uint64_t digest, T* value)
    {
        if (2 * (m_size + 1) > m_slots.size()) Resize(m_slots.size() * 2);
        Place(digest, value);
        ++m_size;
    }

    /** Removes the slot holding exactly `value` under `digest`. False when it is not there. */
    bool Erase(uint64_t digest, const T* value)
    {
        size_t i = Home(digest);
        for (;; i = (i + 1) & Mask()) {
            if (!m_slots[i].value) return false;
            if (m_slots[i].value == value && m_slots[i].digest == digest) break;
        }
        // Backward-shift deletion: pull later entries of the cluster into the hole when their
        // home position allows it, so no tombstones are needed.
        for (size_t j = (i + 1) & Mask();; j = (j + 1) & Mask()) {
            if (!m_slots[j].value) break;
            const size_t home = Home(m_slots[j].digest);
            // Move j to i if home is not cyclically in (i, j].
            const bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (stays) continue;
            m_slots[i] = m_slots[j];
            i = j;
        }
        m_slots[i] = Slot{};
        --m_size;
        if (m_slots.size() > m_min_capacity && 8 * m_size < m_slots.size()) Resize(m_slots.size() / 2);
        return true;
    }

    /** Calls `f(T&)` for every entry, in no particular order. `f` must not change the table. */
    template <typename F>
    void ForEach(F&& f) const
    {
        for (const Slot& s : m_slots) {
            if (s.value) f(*s.value);
        }
    }

    size_t Size() const { return m_size; }
    size_t Capacity() const { return m_slots.size(); }
    /** Bytes of the slot array. */
    size_t MemoryUsage() const { return m_slots.capacity() * sizeof(Slot); }

private:
    struct Slot {
        uint64_t digest{0};
        T* value{nullptr};
    };

    size_t Mask() const { return m_slots.size() - 1; }
    // The high bits of the digest pick the home slot (the low ones stay useful to callers).
    size_t Home(uint64_t digest) const { return static_cast<size_t>((digest * 0x9E3779B97F4A7C15ULL) >> 32) & Mask(); }

    void Place(uint64_t digest, T* value)
    {
        size_t i = Home(digest);
        while (m_slots[i].value) i = (i + 1) & Mask();
        m_slots[i] = Slot{digest, value};
    }

    void Resize(size_t capacity)
    {
        std::vector<Slot> old;
        old.swap(m_slots);
        m_slots.assign(capacity, Slot{});
        for (const Slot& s : old) {
            if (s.value) Place(s.digest, s.value);
        }
    }

    std::vector<Slot> m_slots;
    size_t m_size{0};
    size_t m_min_capacity{16};
};

} // namespace sip

#endif // DOTS_SIP_TRANSACTION_INDEX_H
