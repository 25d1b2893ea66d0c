// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <crypto/hmac_sha256.h>

#include <crypto/cleanse.h>

#include <array>
#include <cstring>

CHMAC_SHA256::CHMAC_SHA256(std::span<const uint8_t> key)
{
    std::array<uint8_t, CSHA256::BLOCK_SIZE> rkey{};
    if (key.size() <= rkey.size()) {
        if (!key.empty()) std::memcpy(rkey.data(), key.data(), key.size());
    } else {
        CSHA256{}.Write(key).Finalize(std::span{rkey}.first<CSHA256::OUTPUT_SIZE>());
    }

    for (auto& b : rkey) b ^= 0x5c;
    m_outer.Write(rkey);

    for (auto& b : rkey) b ^= 0x5c ^ 0x36;
    m_inner.Write(rkey);

    memory_cleanse(rkey.data(), rkey.size());
}

CHMAC_SHA256::~CHMAC_SHA256()
{
    m_inner.Cleanse();
    m_outer.Cleanse();
}

CHMAC_SHA256& CHMAC_SHA256::Write(std::span<const uint8_t> data)
{
    m_inner.Write(data);
    return *this;
}

void CHMAC_SHA256::Finalize(std::span<uint8_t, OUTPUT_SIZE> out)
{
    std::array<uint8_t, CSHA256::OUTPUT_SIZE> inner_digest;
    m_inner.Finalize(inner_digest);
    m_outer.Write(inner_digest).Finalize(out);
    memory_cleanse(inner_digest.data(), inner_digest.size());
}

std::array<uint8_t, 32> HmacSha256(std::span<const uint8_t> key, std::span<const uint8_t> data)
{
    std::array<uint8_t, 32> out;
    CHMAC_SHA256{key}.Write(data).Finalize(out);
    return out;
}
