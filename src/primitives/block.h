// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_PRIMITIVES_BLOCK_H
#define DOTS_PRIMITIVES_BLOCK_H

/**
 * Block header (80 bytes, Bitcoin's layout) and block.
 *
 *   header := version:i32 prev_block:32 merkle_root:32 time:u32 bits:u32 nonce:u32
 *   block  := header n_tx { transaction (full, with witnesses) }*
 *
 * The block hash (and proof-of-work hash) is SHA-256d of the header. merkle_root is the
 * merkle root over the transactions' WTXIDS (see merkle.h): it commits to the signatures too,
 * so nobody can relay a block's transactions with altered witnesses under the same header, and
 * no separate witness commitment is needed.
 */

#include <primitives/transaction.h>
#include <primitives/uint256.h>
#include <serialize.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/** Decoding limit for a whole serialized block. Consensus may be stricter. */
inline constexpr size_t MAX_BLOCK_SERIALIZED_SIZE = 4'000'000;

class CBlockHeader
{
public:
    static constexpr size_t SERIALIZED_SIZE = 80;

    int32_t version{0};
    uint256 prev_block;
    uint256 merkle_root;
    uint32_t time{0};
    uint32_t bits{0};
    uint32_t nonce{0};

    /** SHA-256d of the 80 serialized bytes. Recomputed per call (~3 compressions). */
    uint256 GetHash() const;

    friend bool operator==(const CBlockHeader&, const CBlockHeader&) = default;

    template <typename W>
    void Serialize(W& w) const
    {
        WriteI32(w, version);
        WriteUint256(w, prev_block);
        WriteUint256(w, merkle_root);
        WriteU32(w, time);
        WriteU32(w, bits);
        WriteU32(w, nonce);
    }
    static std::optional<CBlockHeader> Unserialize(ByteReader& r);
};

class CBlock : public CBlockHeader
{
public:
    std::vector<CTransactionRef> vtx;

    CBlock() = default;
    explicit CBlock(const CBlockHeader& header) : CBlockHeader{header} {}

    const CBlockHeader& GetHeader() const { return *this; }

    template <typename W>
    void Serialize(W& w) const
    {
        CBlockHeader::Serialize(w);
        WriteCompactSize(w, vtx.size());
        for (const auto& tx : vtx) tx->Serialize(w);
    }
    static std::optional<CBlock> Unserialize(ByteReader& r);
};

/** Decodes a header from exactly 80 untrusted bytes. */
Decoded<CBlockHeader> DecodeBlockHeader(std::span<const uint8_t> bytes);

/** Decodes a block from untrusted bytes (at most MAX_BLOCK_SERIALIZED_SIZE, no trailing data). */
Decoded<CBlock> DecodeBlock(std::span<const uint8_t> bytes);

#endif // DOTS_PRIMITIVES_BLOCK_H
