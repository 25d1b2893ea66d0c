// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CRYPTO_SHA256_H
#define DOTS_CRYPTO_SHA256_H

/**
 * SHA-256 (FIPS 180-4) through OpenSSL: the incremental CSHA256, one-shot Sha256 and Sha256d
 * (Bitcoin's double hash), and the raw block compression for benchmarks.
 */

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

/**
 * Incremental SHA-256 (FIPS 180-4).
 *
 * Backed by OpenSSL's SHA256 context, which selects SHA-NI / AVX2 / ARMv8 code at run time.
 * An object is not thread-safe; distinct objects may be used from distinct threads.
 * Copying an object copies its midstate (used for cached tagged-hash prefixes).
 */
class CSHA256
{
public:
    static constexpr size_t OUTPUT_SIZE = 32;
    static constexpr size_t BLOCK_SIZE = 64;

    /** Starts a fresh hash. */
    CSHA256();

    /** Appends `data`. Returns *this for chaining. */
    CSHA256& Write(std::span<const uint8_t> data);

    /** Convenience overload for text: hashes the bytes of `str` (no terminator). */
    CSHA256& Write(std::string_view str);

    /**
     * Writes the digest of everything written so far into `out`. The object must be Reset()
     * before it is written to again (finalizing twice without Reset is a programmer error).
     */
    void Finalize(std::span<uint8_t, OUTPUT_SIZE> out);

    /** Returns the object to the freshly constructed state. Returns *this. */
    CSHA256& Reset();

    /**
     * Wipes the internal state with memory_cleanse (for midstates derived from secrets, e.g.
     * HMAC keys). The object must be Reset() before reuse.
     */
    void Cleanse();

    /** Total bytes written since construction / the last Reset. */
    uint64_t Size() const { return m_bytes; }

private:
    // Storage for OpenSSL's SHA256_CTX (a trivially copyable struct of 112 bytes), kept opaque
    // so that this header does not pull in <openssl/sha.h>. The .cpp static_asserts the fit.
    static constexpr size_t CTX_SIZE = 112;
    alignas(8) unsigned char m_ctx[CTX_SIZE];
    uint64_t m_bytes{0};
};

/** SHA-256 of `data`. */
std::array<uint8_t, 32> Sha256(std::span<const uint8_t> data);

/** SHA-256(SHA-256(data)), Bitcoin's double hash (txids, block hashes, checksums). */
std::array<uint8_t, 32> Sha256d(std::span<const uint8_t> data);

/**
 * One SHA-256 compression of a single 64-byte block into `state` (8 host-order words).
 * Exposed for benchmarks that need the raw compression rate as a floor; not for hashing.
 */
void Sha256Transform(std::span<uint32_t, 8> state, std::span<const uint8_t, 64> block);

/** The SHA-256 initial hash value H(0) (FIPS 180-4 §5.3.3). */
std::array<uint32_t, 8> Sha256InitialState();

#endif // DOTS_CRYPTO_SHA256_H
