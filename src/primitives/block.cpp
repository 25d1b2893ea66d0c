// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <primitives/block.h>

#include <crypto/sha256.h>

uint256 CBlockHeader::GetHash() const
{
    std::array<uint8_t, SERIALIZED_SIZE> buf;
    struct FixedWriter {
        uint8_t* p;
        void Write(std::span<const uint8_t> b)
        {
            std::memcpy(p, b.data(), b.size());
            p += b.size();
        }
    } w{buf.data()};
    Serialize(w);
    return uint256{Sha256d(buf)};
}

std::optional<CBlockHeader> CBlockHeader::Unserialize(ByteReader& r)
{
    CBlockHeader h;
    auto version = r.ReadI32("header version");
    auto prev = r.ReadUint256("header prev_block");
    auto merkle = r.ReadUint256("header merkle_root");
    auto time = r.ReadU32("header time");
    auto bits = r.ReadU32("header bits");
    auto nonce = r.ReadU32("header nonce");
    if (!version || !prev || !merkle || !time || !bits || !nonce) return std::nullopt;
    h.version = *version;
    h.prev_block = *prev;
    h.merkle_root = *merkle;
    h.time = *time;
    h.bits = *bits;
    h.nonce = *nonce;
    return h;
}

std::optional<CBlock> CBlock::Unserialize(ByteReader& r)
{
    auto header = CBlockHeader::Unserialize(r);
    if (!header) return std::nullopt;
    CBlock block{*header};
    // The smallest possible transaction: version, kind, two empty counts, empty payload, locktime.
    constexpr size_t MIN_TX_SIZE = 4 + 2 + 1 + 1 + 1 + 4;
    auto n_tx = r.ReadCount(MAX_COMPACT_SIZE, MIN_TX_SIZE, "transaction count");
    if (!n_tx) return std::nullopt;
    block.vtx.reserve(*n_tx);
    for (uint64_t i = 0; i < *n_tx; ++i) {
        auto mtx = CMutableTransaction::Unserialize(r);
        if (!mtx) return std::nullopt;
        block.vtx.push_back(MakeTransactionRef(std::move(*mtx)));
    }
    return block;
}

Decoded<CBlockHeader> DecodeBlockHeader(std::span<const uint8_t> bytes)
{
    return DecodeFull<CBlockHeader>(bytes, CBlockHeader::SERIALIZED_SIZE);
}

Decoded<CBlock> DecodeBlock(std::span<const uint8_t> bytes)
{
    return DecodeFull<CBlock>(bytes, MAX_BLOCK_SERIALIZED_SIZE);
}
