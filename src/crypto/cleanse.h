// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CRYPTO_CLEANSE_H
#define DOTS_CRYPTO_CLEANSE_H

/**
 * Wiping secrets: memory_cleanse overwrites memory that held keys, HMAC midstates or Digest
 * material in a way the compiler cannot optimise away.
 */

#include <cstddef>

/**
 * Overwrites `len` bytes at `ptr` with zeros in a way the compiler may not elide
 * (OPENSSL_cleanse). Use for secret keys, nonces and key-derived material before release.
 */
void memory_cleanse(void* ptr, size_t len);

#endif // DOTS_CRYPTO_CLEANSE_H
