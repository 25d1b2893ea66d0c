// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NET_PROCESSING_ROLLING_FILTER_H
#define DOTS_NET_PROCESSING_ROLLING_FILTER_H

/**
 * RollingBloomFilter: remembers roughly the last N items inserted in constant memory, as
 * Bitcoin Core's CRollingBloomFilter (three generations of N/2 items; the oldest generation
 * is wiped when a new one starts). contains() may err on the side of "yes" with the
 * configured false-positive rate, and forgets items older than 1.5 N insertions. Used for
 * what a peer already knows (inventory, addresses) and recently rejected transactions.
 * Keyed with a random SipHash key, so outsiders cannot craft collisions. Thread-compatible.
 */

#include <primitives/uint256.h>

#include <cstdint>
#include <span>
#include <vector>

namespace net {

class RollingBloomFilter
{
public:
    /** Remembers at least `elements` items with false-positive rate `fp_rate` (0 < fp_rate < 1). */
    RollingBloomFilter(uint32_t elements, double fp_rate);

    void insert(std::span<const uint8_t> key);
    void insert(const uint256& hash) { insert(hash.span()); }
    bool contains(std::span<const uint8_t> key) const;
    bool contains(const uint256& hash) const { return contains(hash.span()); }
    /** Forgets everything (and draws a new key). */
    void reset();

private:
    /** The bit positions of one key: function n's 32-bit hash is Get(n). */
    struct Positions {
        uint64_t first;
        uint64_t step; //!< odd, so that the functions' hashes differ
        uint32_t Get(int n) const;
    };
    Positions Hash(std::span<const uint8_t> key) const;

    int m_entries_per_generation;
    int m_entries_this_generation{0};
    int m_generation{1};
    int m_hash_funcs;
    uint64_t m_k0{0};
    uint64_t m_k1{0};
    std::vector<uint64_t> m_data;
};

} // namespace net

#endif // DOTS_NET_PROCESSING_ROLLING_FILTER_H
