// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <crypto/sha256.h>

#include <cassert>
#include <cstring>
#include <new>
#include <type_traits>

// We deliberately use OpenSSL's low-level SHA256_Init/Update/Final/Transform API, deprecated in
// OpenSSL 3. It runs the same assembly (SHA-NI, AVX2, ARMv8 SHA2 chosen at run time via
// OPENSSL_ia32cap) as EVP, but without EVP's per-call provider dispatch and allocation, which
// dominates for the 32..80-byte inputs we hash most (block headers, txids, merkle nodes, tagged
// hashes): measured in src/bench/crypto_bench.cpp. The deprecation is silenced only here.
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#endif
#include <openssl/crypto.h>
#include <openssl/sha.h>

static_assert(sizeof(SHA256_CTX) <= 112 && alignof(SHA256_CTX) <= 8,
              "CSHA256::m_ctx too small for this OpenSSL's SHA256_CTX");
static_assert(std::is_trivially_copyable_v<SHA256_CTX>, "CSHA256 copies the context bytewise");

namespace {
SHA256_CTX* Ctx(unsigned char* storage)
{
    return std::launder(reinterpret_cast<SHA256_CTX*>(storage));
}
} // namespace

CSHA256::CSHA256()
{
    new (m_ctx) SHA256_CTX;
    Reset();
}

CSHA256& CSHA256::Reset()
{
    // SHA256_Init only fails on a null pointer.
    SHA256_Init(Ctx(m_ctx));
    m_bytes = 0;
    return *this;
}

void CSHA256::Cleanse()
{
    OPENSSL_cleanse(m_ctx, sizeof(m_ctx));
    m_bytes = 0;
}

CSHA256& CSHA256::Write(std::span<const uint8_t> data)
{
    if (!data.empty()) {
        SHA256_Update(Ctx(m_ctx), data.data(), data.size());
        m_bytes += data.size();
    }
    return *this;
}

CSHA256& CSHA256::Write(std::string_view str)
{
    return Write(std::span<const uint8_t>{reinterpret_cast<const uint8_t*>(str.data()), str.size()});
}

void CSHA256::Finalize(std::span<uint8_t, OUTPUT_SIZE> out)
{
    SHA256_Final(out.data(), Ctx(m_ctx));
}

std::array<uint8_t, 32> Sha256(std::span<const uint8_t> data)
{
    std::array<uint8_t, 32> out;
    SHA256_CTX ctx;
    SHA256_Init(&ctx);
    SHA256_Update(&ctx, data.data(), data.size());
    SHA256_Final(out.data(), &ctx);
    return out;
}

std::array<uint8_t, 32> Sha256d(std::span<const uint8_t> data)
{
    std::array<uint8_t, 32> out;
    SHA256_CTX ctx;
    SHA256_Init(&ctx);
    SHA256_Update(&ctx, data.data(), data.size());
    SHA256_Final(out.data(), &ctx);
    SHA256_Init(&ctx);
    SHA256_Update(&ctx, out.data(), out.size());
    SHA256_Final(out.data(), &ctx);
    return out;
}

std::array<uint32_t, 8> Sha256InitialState()
{
    return {0x6a09e667ul, 0xbb67ae85ul, 0x3c6ef372ul, 0xa54ff53aul,
            0x510e527ful, 0x9b05688cul, 0x1f83d9abul, 0x5be0cd19ul};
}

void Sha256Transform(std::span<uint32_t, 8> state, std::span<const uint8_t, 64> block)
{
    SHA256_CTX ctx;
    std::memcpy(ctx.h, state.data(), sizeof(ctx.h));
    SHA256_Transform(&ctx, block.data());
    std::memcpy(state.data(), ctx.h, sizeof(ctx.h));
}

#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
