// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CRYPTO_KEY_H
#define DOTS_CRYPTO_KEY_H

/**
 * BIP340 Schnorr keys and signatures over secp256k1, through libsecp256k1.
 *
 * One process-wide secp256k1 context is created on first use and randomised
 * (secp256k1_context_randomize) with bytes from GetStrongRandBytes, which blinds signing and
 * key generation against side channels. After that the context is only read, so every
 * function here is thread-safe.
 */

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

/** A 32-byte BIP340 x-only public key as it appears on chain. Value type, thread-compatible. */
class XOnlyPubKey
{
public:
    static constexpr size_t SIZE = 32;
    static constexpr size_t SIGNATURE_SIZE = 64;

    /** All-zero bytes; IsFullyValid() is false (x = 0 is not on the curve). */
    XOnlyPubKey() : m_bytes{} {}
    explicit XOnlyPubKey(std::span<const uint8_t, SIZE> bytes);

    /** True iff the bytes are the x coordinate of a point on secp256k1 (BIP340 lift_x). */
    [[nodiscard]] bool IsFullyValid() const;

    /**
     * BIP340 verification of `sig` over `msg` (any length; DOTS signs 32-byte sighashes).
     * Returns false for an invalid key, a malformed or wrong signature; never throws.
     */
    [[nodiscard]] bool Verify(std::span<const uint8_t> msg, std::span<const uint8_t, SIGNATURE_SIZE> sig) const;

    std::span<const uint8_t, SIZE> bytes() const { return m_bytes; }
    const uint8_t* data() const { return m_bytes.data(); }
    static constexpr size_t size() { return SIZE; }

    friend bool operator==(const XOnlyPubKey&, const XOnlyPubKey&) = default;
    friend auto operator<=>(const XOnlyPubKey&, const XOnlyPubKey&) = default;

private:
    std::array<uint8_t, SIZE> m_bytes;
};

/**
 * A secp256k1 secret key with its cached key pair. The secret is wiped (memory_cleanse) when
 * the object is destroyed or overwritten. A default-constructed CKey is invalid and must not
 * be used to sign (programmer error: Sign* returns std::nullopt). Thread-compatible.
 */
class CKey
{
public:
    static constexpr size_t SIZE = 32;
    using Signature = std::array<uint8_t, XOnlyPubKey::SIGNATURE_SIZE>;

    CKey() = default;
    ~CKey();
    CKey(const CKey& other);
    CKey& operator=(const CKey& other);

    /** A fresh key from the OS CSPRNG (retries the negligible chance of an invalid scalar). */
    static CKey Generate();

    /** Imports 32 secret bytes. std::nullopt if zero or >= the group order. */
    static std::optional<CKey> FromBytes(std::span<const uint8_t, SIZE> secret);

    bool IsValid() const { return m_valid; }

    /** The BIP340 public key (x-only; the key pair handles the parity). */
    XOnlyPubKey GetXOnlyPubKey() const;

    /**
     * BIP340 signature of a 32-byte message with 32 bytes of fresh auxiliary randomness from
     * the CSPRNG. The signature is verified before it is returned (guards against faults).
     * std::nullopt only if the key is invalid or that self-check fails.
     */
    std::optional<Signature> Sign(std::span<const uint8_t, 32> msg32) const;

    /**
     * Deterministic variant with caller-supplied auxiliary data (BIP340 test vectors and
     * reproducible tests); `msg` may have any length. Same failure cases as Sign.
     */
    std::optional<Signature> SignWithAux(std::span<const uint8_t> msg, std::span<const uint8_t, 32> aux32) const;

    /** The secret bytes. The view is valid while this object lives and is unmodified. */
    std::span<const uint8_t, SIZE> SecretBytes() const;

private:
    // secp256k1_keypair is 96 opaque bytes (secret + public key); held here as raw storage so
    // this header does not include libsecp256k1. Cleansed on destruction.
    alignas(8) std::array<uint8_t, 96> m_keypair{};
    std::array<uint8_t, SIZE> m_secret{};
    bool m_valid{false};
};

#endif // DOTS_CRYPTO_KEY_H
