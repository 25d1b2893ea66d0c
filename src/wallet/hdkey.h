// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_WALLET_HDKEY_H
#define DOTS_WALLET_HDKEY_H

/**
 * BIP32 extended private keys, with hardened derivation only, and their Base58Check text form
 * (xprv on main, tprv on test and regtest), so a DOTS root key reads like a Bitcoin one and the
 * BIP32 test vectors apply.
 *
 * DOTS signs with BIP340 keys: a derived secret k is used as the BIP340 secret whose x-only
 * public key is x(k·G) (the key pair handles the parity). Only hardened children are derived:
 * the wallet never exports extended public keys, and a leaked child secret then reveals nothing
 * about its siblings or its parent.
 *
 * All functions are pure and thread-safe; secrets are wiped when the objects die.
 */

#include <crypto/key.h>

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wallet {

/** The hardened bit of a BIP32 child index. */
inline constexpr uint32_t HARDENED = 0x80000000;

/** Which version bytes a serialized extended key uses. */
enum class ExtKeyNet { MAIN, TEST };

struct ExtKey {
    static constexpr size_t SERIALIZED_SIZE = 74; //!< depth fingerprint child chaincode key (no version)

    uint8_t depth{0};
    std::array<uint8_t, 4> parent_fingerprint{};
    uint32_t child{0};
    std::array<uint8_t, 32> chaincode{};
    CKey key;

    /** BIP32 master key: HMAC-SHA512("Bitcoin seed", seed). std::nullopt for an invalid result
     * (probability below 2^-127) or a seed outside 16..64 bytes. */
    static std::optional<ExtKey> FromSeed(std::span<const uint8_t> seed);

    /** Hardened child `index` (0 .. 2^31-1; the hardened bit is added). std::nullopt if the
     * index is out of range or the child is invalid (BIP32: use the next index). */
    std::optional<ExtKey> DeriveHardened(uint32_t index) const;

    /** Derives along `path` (each element hardened, given without the bit). */
    std::optional<ExtKey> DerivePath(std::span<const uint32_t> path) const;

    /** First 4 bytes of HASH160 of the compressed public key (BIP32 identifier). */
    std::array<uint8_t, 4> Fingerprint() const;

    /** 33-byte compressed secp256k1 public key. */
    std::array<uint8_t, 33> CompressedPubKey() const;

    /** The 74 payload bytes (the secret included: wipe after use). */
    std::array<uint8_t, SERIALIZED_SIZE> Serialize() const;
    static std::optional<ExtKey> Deserialize(std::span<const uint8_t> bytes);

    /** "xprv..." / "tprv..." Base58Check text. */
    std::string ToString(ExtKeyNet net) const;
    /** Parses xprv/tprv text; `net` receives which. std::nullopt on any error (checksum,
     * version, length, invalid key). */
    static std::optional<ExtKey> FromString(std::string_view text, ExtKeyNet* net = nullptr);
};

/** Base58Check (Bitcoin's): payload || first 4 bytes of SHA256d(payload), in base58. */
std::string EncodeBase58Check(std::span<const uint8_t> payload);
/** std::nullopt on a bad character or checksum. */
std::optional<std::vector<uint8_t>> DecodeBase58Check(std::string_view text, size_t max_size);

} // namespace wallet

#endif // DOTS_WALLET_HDKEY_H
