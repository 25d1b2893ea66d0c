// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CRYPTO_TAGGED_HASH_H
#define DOTS_CRYPTO_TAGGED_HASH_H

/**
 * BIP340 tagged hashes, the domain-separated SHA-256 of signature hashes and registry
 * signatures, with a midstate per tag that callers cache.
 */

#include <crypto/sha256.h>

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

/**
 * BIP340 tagged hashes: TaggedHash(tag, msg) = SHA256(SHA256(tag) || SHA256(tag) || msg).
 *
 * The 64-byte prefix is exactly one SHA-256 block, so a hasher that has absorbed it holds a
 * midstate that can be copied for free. For a fixed tag, build the hasher once and copy it:
 *
 *   static const CSHA256 HASHER_SIGHASH{TaggedHasher("DOTS/SigHash")};
 *   CSHA256 h{HASHER_SIGHASH};
 *   h.Write(msg).Finalize(out);
 *
 * (function-local statics are initialised once, thread-safely.)
 */
CSHA256 TaggedHasher(std::string_view tag);

/** One-shot tagged hash. Recomputes SHA256(tag); prefer a cached TaggedHasher on hot paths. */
std::array<uint8_t, 32> TaggedHash(std::string_view tag, std::span<const uint8_t> msg);

#endif // DOTS_CRYPTO_TAGGED_HASH_H
