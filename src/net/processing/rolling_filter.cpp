// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <net/processing/rolling_filter.h>

#include <crypto/random.h>
#include <crypto/siphash.h>

#include <algorithm>
#include <cmath>

namespace net {

RollingBloomFilter::RollingBloomFilter(uint32_t elements, double fp_rate)
{
    const double log_fp = std::log(fp_rate);
    // About log2(1 / fp_rate) hash functions, as many bits as 3 generations of elements need.
    m_hash_funcs = std::max(1, std::min(static_cast<int>(std::round(log_fp / std::log(0.5))), 50));
    m_entries_per_generation = static_cast<int>((elements + 1) / 2);
    const double max_elements = m_entries_per_generation * 3.0;
    const auto filter_bits = static_cast<uint32_t>(
        std::ceil(-1.0 * m_hash_funcs * max_elements / std::log(1.0 - std::exp(log_fp / m_hash_funcs))));
    // Two words per 64 positions: together they hold each position's 2-bit generation.
    m_data.assign(((filter_bits + 63) / 64) << 1, 0);
    reset();
}

void RollingBloomFilter::reset()
{
    m_k0 = GetRandUint64();
    m_k1 = GetRandUint64();
    m_entries_this_generation = 0;
    m_generation = 1;
    std::fill(m_data.begin(), m_data.end(), 0);
}

RollingBloomFilter::Positions RollingBloomFilter::Hash(std::span<const uint8_t> key) const
{
    // Two SipHash values give every hash function's position (Kirsch and Mitzenmacher's double
    // hashing keeps the false-positive rate of independent functions); 20 separate SipHashes per
    // item, as for a 1e-6 rate, were 3% of a syncing node's CPU.
    return {CSipHasher{m_k0, m_k1}.Write(key).Finalize(), CSipHasher{m_k0 + 1, m_k1}.Write(key).Finalize() | 1};
}

uint32_t RollingBloomFilter::Positions::Get(int n) const
{
    return static_cast<uint32_t>((first + static_cast<uint64_t>(n) * step) >> 32);
}

void RollingBloomFilter::insert(std::span<const uint8_t> key)
{
    if (m_entries_this_generation == m_entries_per_generation) {
        m_entries_this_generation = 0;
        if (++m_generation == 4) m_generation = 1;
        const uint64_t mask1 = 0 - static_cast<uint64_t>(m_generation & 1);
        const uint64_t mask2 = 0 - static_cast<uint64_t>(m_generation >> 1);
        // Wipe the entries of the generation number we are about to reuse.
        for (size_t p = 0; p < m_data.size(); p += 2) {
            const uint64_t p1 = m_data[p], p2 = m_data[p + 1];
            const uint64_t mask = (p1 ^ mask1) | (p2 ^ mask2);
            m_data[p] = p1 & mask;
            m_data[p + 1] = p2 & mask;
        }
    }
    ++m_entries_this_generation;
    const Positions positions = Hash(key);
    for (int n = 0; n < m_hash_funcs; ++n) {
        const uint32_t h = positions.Get(n);
        const int bit = h & 0x3f;
        const auto pos = static_cast<uint32_t>((static_cast<uint64_t>(h) * m_data.size()) >> 32);
        m_data[pos & ~1U] = (m_data[pos & ~1U] & ~(uint64_t{1} << bit)) | (static_cast<uint64_t>(m_generation & 1) << bit);
        m_data[pos | 1] = (m_data[pos | 1] & ~(uint64_t{1} << bit)) | (static_cast<uint64_t>(m_generation >> 1) << bit);
    }
}

bool RollingBloomFilter::contains(std::span<const uint8_t> key) const
{
    const Positions positions = Hash(key);
    for (int n = 0; n < m_hash_funcs; ++n) {
        const uint32_t h = positions.Get(n);
        const int bit = h & 0x3f;
        const auto pos = static_cast<uint32_t>((static_cast<uint64_t>(h) * m_data.size()) >> 32);
        if (!(((m_data[pos & ~1U] | m_data[pos | 1]) >> bit) & 1)) return false;
    }
    return true;
}

} // namespace net
