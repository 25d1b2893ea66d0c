// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CRYPTO_RANDOM_H
#define DOTS_CRYPTO_RANDOM_H

/**
 * Randomness: GetStrongRandBytes from the kernel's CSPRNG for anything secret, GetRandUint64 and
 * GetRandRange (fast, per-thread) for everything else, and FastRandomContext for reproducible
 * streams in tests and simulations.
 */

#include <cstdint>
#include <span>

/**
 * Fills `out` with bytes from the operating system's CSPRNG (getrandom(2) on Linux, blocking
 * until the kernel pool is initialised; loops over EINTR and short reads).
 *
 * Use for secret keys, nonces, secp256k1 context randomisation, RPC cookies.
 * Thread-safe. Never fails: if the OS has no usable CSPRNG the process cannot run safely and
 * this aborts with a message on stderr.
 */
void GetStrongRandBytes(std::span<uint8_t> out);

/**
 * Fast non-cryptographic 64-bit random value (xoshiro256++ per thread, seeded from
 * GetStrongRandBytes on first use in each thread). Unpredictable to outsiders in practice but
 * NOT for secrets: use it for hash-table salts' jitter, retry back-off, sampling, test data.
 * Thread-safe (thread-local state).
 */
uint64_t GetRandUint64();

/**
 * Uniform value in [0, range) without modulo bias, from GetRandUint64. `range` must be > 0
 * (0 is a programmer error and returns 0). Thread-safe. Not for secrets.
 */
uint64_t GetRandRange(uint64_t range);

/**
 * Deterministic xoshiro256++ generator for tests and simulations that need reproducible
 * streams. Not thread-safe (one object per thread); not for secrets.
 */
class FastRandomContext
{
public:
    /** Seeds from GetStrongRandBytes. */
    FastRandomContext();
    /** Seeds deterministically from `seed` (expanded with splitmix64). */
    explicit FastRandomContext(uint64_t seed);

    uint64_t Rand64();
    /** Uniform in [0, range); range 0 returns 0. */
    uint64_t RandRange(uint64_t range);
    /** Fills `out` with stream bytes. */
    void FillBytes(std::span<uint8_t> out);

private:
    uint64_t m_s[4];
};

#endif // DOTS_CRYPTO_RANDOM_H
