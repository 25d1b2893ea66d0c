// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <mining/header_hasher.h>

#include <crypto/sha256.h>

#include <cstring>

namespace mining {

namespace {
void WriteBE32(uint8_t* out, uint32_t v)
{
    out[0] = static_cast<uint8_t>(v >> 24);
    out[1] = static_cast<uint8_t>(v >> 16);
    out[2] = static_cast<uint8_t>(v >> 8);
    out[3] = static_cast<uint8_t>(v);
}

uint32_t ReadLE32(const uint8_t* in)
{
    uint32_t v;
    std::memcpy(&v, in, 4); // little-endian host
    return v;
}
} // namespace

HeaderHasher::HeaderHasher(const CBlockHeader& header)
{
    ByteWriter w;
    header.Serialize(w);
    const std::vector<uint8_t>& bytes = w.buffer();
    m_midstate = Sha256InitialState();
    Sha256Transform(m_midstate, std::span<const uint8_t, 64>{bytes.data(), 64});
    // Second block: bytes 64..79, 0x80, zeros, bit length 640 (0x280) big-endian.
    std::memcpy(m_tail.data(), bytes.data() + 64, 16);
    m_tail[16] = 0x80;
    m_tail[62] = 0x02;
    m_tail[63] = 0x80;
    // The second hash's block: 32 bytes, 0x80, zeros, bit length 256 (0x100).
    m_second[32] = 0x80;
    m_second[62] = 0x01;
}

void HeaderHasher::HashNonce(uint32_t nonce, std::array<uint32_t, 8>& out)
{
    std::memcpy(m_tail.data() + 12, &nonce, 4); // little-endian, as serialized
    std::array<uint32_t, 8> state = m_midstate;
    Sha256Transform(state, m_tail);
    // Word stores, not byte stores: the compression reads these bytes back as words at once,
    // and byte stores would stall its loads (no store forwarding from narrower stores).
    for (int i = 0; i < 8; ++i) {
        const uint32_t be = __builtin_bswap32(state[i]);
        std::memcpy(m_second.data() + 4 * i, &be, 4);
    }
    out = Sha256InitialState();
    Sha256Transform(out, m_second);
}

uint256 HeaderHasher::Hash(uint32_t nonce)
{
    std::array<uint32_t, 8> h;
    HashNonce(nonce, h);
    std::array<uint8_t, 32> digest;
    for (int i = 0; i < 8; ++i) WriteBE32(digest.data() + 4 * i, h[i]);
    return uint256{digest};
}

std::optional<uint32_t> HeaderHasher::Search(uint32_t first, uint64_t count, const uint256& target, uint64_t& hashes)
{
    // The hash is compared as a little-endian number: its top 32 bits are digest bytes 28..31,
    // which are the last state word byte-swapped.
    const uint32_t target_top = ReadLE32(target.data() + 28);
    hashes = 0;
    std::array<uint32_t, 8> h;
    uint64_t nonce = first;
    for (; nonce <= 0xffffffffULL && hashes < count; ++nonce) {
        ++hashes;
        HashNonce(static_cast<uint32_t>(nonce), h);
        if (__builtin_bswap32(h[7]) > target_top) continue;
        const uint256 hash = Hash(static_cast<uint32_t>(nonce));
        // Full comparison from the most significant byte down.
        for (int i = 31; i >= 0; --i) {
            if (hash.data()[i] != target.data()[i]) {
                if (hash.data()[i] < target.data()[i]) return static_cast<uint32_t>(nonce);
                break;
            }
            if (i == 0) return static_cast<uint32_t>(nonce); // equal
        }
    }
    return std::nullopt;
}

} // namespace mining
