// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_TEST_UTIL_RANDOM_H
#define DOTS_TEST_UTIL_RANDOM_H

// Random test data from a seeded FastRandomContext, so a failing case replays with its seed.

#include <crypto/random.h>
#include <primitives/uint256.h>

#include <array>
#include <cstdint>

namespace test {

/** 32 random bytes from `rng` as a hash (a made-up txid or block hash). */
inline uint256 RandomHash(FastRandomContext& rng)
{
    std::array<uint8_t, 32> bytes;
    rng.FillBytes(bytes);
    return uint256{bytes};
}

} // namespace test

#endif // DOTS_TEST_UTIL_RANDOM_H
