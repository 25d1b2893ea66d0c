// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CRYPTO_HMAC_SHA256_H
#define DOTS_CRYPTO_HMAC_SHA256_H

/**
 * HMAC-SHA256 (RFC 2104): the incremental CHMAC_SHA256 and the one-shot HmacSha256, for -rpcauth,
 * the SIP registrar's nonces and RFC 5626 flow tokens.
 */

#include <crypto/sha256.h>

#include <cstddef>
#include <cstdint>
#include <span>

/**
 * HMAC-SHA256 (RFC 2104, test vectors RFC 4231).
 *
 * Keys longer than the 64-byte block are hashed first, as the RFC requires. The object keeps
 * the inner and outer midstates only; key bytes are wiped from the stack after construction
 * and the midstates on destruction.
 * Not thread-safe; one object per message.
 */
class CHMAC_SHA256
{
public:
    static constexpr size_t OUTPUT_SIZE = 32;

    /** Starts an HMAC with `key` (any length, including empty). */
    explicit CHMAC_SHA256(std::span<const uint8_t> key);
    /** Wipes the key-derived midstates. */
    ~CHMAC_SHA256();
    CHMAC_SHA256(const CHMAC_SHA256&) = default;
    CHMAC_SHA256& operator=(const CHMAC_SHA256&) = default;

    /** Appends message bytes. Returns *this. */
    CHMAC_SHA256& Write(std::span<const uint8_t> data);

    /** Writes the MAC into `out`. Call once per object. */
    void Finalize(std::span<uint8_t, OUTPUT_SIZE> out);

private:
    CSHA256 m_outer;
    CSHA256 m_inner;
};

/** One-shot HMAC-SHA256(key, data). */
std::array<uint8_t, 32> HmacSha256(std::span<const uint8_t> key, std::span<const uint8_t> data);

#endif // DOTS_CRYPTO_HMAC_SHA256_H
