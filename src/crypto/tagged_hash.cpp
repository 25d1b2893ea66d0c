// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <crypto/tagged_hash.h>

CSHA256 TaggedHasher(std::string_view tag)
{
    std::array<uint8_t, CSHA256::OUTPUT_SIZE> tag_hash;
    CSHA256{}.Write(tag).Finalize(tag_hash);
    CSHA256 hasher;
    hasher.Write(tag_hash).Write(tag_hash);
    return hasher;
}

std::array<uint8_t, 32> TaggedHash(std::string_view tag, std::span<const uint8_t> msg)
{
    std::array<uint8_t, 32> out;
    TaggedHasher(tag).Write(msg).Finalize(out);
    return out;
}
