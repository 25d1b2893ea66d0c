// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CRYPTO_SIPHASH_H
#define DOTS_CRYPTO_SIPHASH_H

/**
 * SipHash-2-4, the salted hash of the node's hash tables keyed by attacker-chosen data (txids,
 * outpoints, registry record keys).
 */

#include <cstdint>
#include <span>

/**
 * SipHash-2-4 (Aumasson & Bernstein), a keyed 64-bit PRF for hash tables whose keys an
 * attacker influences (txids, outpoints, peer addresses): with a secret random key, nobody can
 * craft entries that all land in one bucket. Not thread-safe per object; objects are cheap.
 */
class CSipHasher
{
public:
    CSipHasher(uint64_t k0, uint64_t k1);
    /** Appends bytes. */
    CSipHasher& Write(std::span<const uint8_t> data);
    /** The 64-bit tag of everything written. Does not modify the object. */
    uint64_t Finalize() const;

private:
    uint64_t m_v[4];
    uint64_t m_tmp{0};   //!< pending bytes, little-endian
    uint64_t m_count{0}; //!< total bytes written
};

/** SipHash-2-4 of exactly 32 bytes (e.g. a uint256), unrolled: the hash-table fast path. */
uint64_t SipHash32Bytes(uint64_t k0, uint64_t k1, std::span<const uint8_t, 32> data);

#endif // DOTS_CRYPTO_SIPHASH_H
