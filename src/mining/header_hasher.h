// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_MINING_HEADER_HASHER_H
#define DOTS_MINING_HEADER_HASHER_H

/**
 * Proof-of-work search over the nonce of one header. The block hash is SHA-256d of the 80-byte
 * header; its first 64 bytes (version, previous block, 28 bytes of the merkle root) do not
 * depend on the nonce, so their SHA-256 compression (the midstate) is computed once and each
 * nonce costs two compressions: the header's last 16 bytes with padding, and the 32-byte first
 * hash with padding. A cheap test of the hash's top 32 bits against the target rejects almost
 * every nonce before the full 256-bit comparison.
 *
 * Not thread-safe: one object per thread.
 */

#include <primitives/block.h>
#include <primitives/uint256.h>

#include <array>
#include <cstdint>
#include <optional>

namespace mining {

class HeaderHasher
{
public:
    /** Prepares the search over `header` (everything but the nonce is fixed). */
    explicit HeaderHasher(const CBlockHeader& header);

    /** The block hash of the header with `nonce` (equals CBlockHeader::GetHash()). */
    uint256 Hash(uint32_t nonce);

    /**
     * Tries nonces from `first` upwards, at most `count` of them and not past 0xffffffff, for a
     * hash at or below `target` (the expanded nBits). Returns the first nonce that meets it.
     * `hashes` receives the number of nonces tried.
     */
    std::optional<uint32_t> Search(uint32_t first, uint64_t count, const uint256& target, uint64_t& hashes);

private:
    /** The second compression's output (the first hash) into the third's input block. */
    void HashNonce(uint32_t nonce, std::array<uint32_t, 8>& out);

    std::array<uint32_t, 8> m_midstate{};
    std::array<uint8_t, 64> m_tail{};   //!< header bytes 64..79 + padding; nonce at 12..15
    std::array<uint8_t, 64> m_second{}; //!< 32-byte first hash + padding
};

} // namespace mining

#endif // DOTS_MINING_HEADER_HASHER_H
