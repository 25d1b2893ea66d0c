// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_WALLET_CRYPTER_H
#define DOTS_WALLET_CRYPTER_H

/**
 * Encryption of the wallet's secrets at rest (OpenSSL):
 *
 *   passphrase --scrypt(salt, N, r, p)--> passphrase key (32 bytes)
 *   passphrase key --AES-256-GCM--> encrypts the random 32-byte master key (the "mkey" record)
 *   master key --AES-256-GCM--> encrypts every secret (HD roots, mnemonic entropy, SIP HA1 values)
 *
 * Changing the passphrase re-encrypts only the master key. GCM authenticates: a wrong
 * passphrase or a modified record fails to decrypt instead of yielding garbage, and the
 * additional data binds each ciphertext to the record it belongs to, so ciphertexts cannot be
 * swapped between records.
 *
 * Ciphertext layout: nonce (12 random bytes) || ciphertext || tag (16 bytes).
 *
 * Secrets live in SecureBytes, whose memory is wiped when released. All functions are pure and
 * thread-safe.
 */

#include <crypto/cleanse.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wallet {

/** An allocator that wipes memory before releasing it (std::vector of secrets). */
template <typename T>
struct SecureAllocator {
    using value_type = T;
    SecureAllocator() = default;
    template <typename U>
    SecureAllocator(const SecureAllocator<U>&) {}
    T* allocate(size_t n) { return std::allocator<T>{}.allocate(n); }
    void deallocate(T* p, size_t n)
    {
        if (p != nullptr) memory_cleanse(p, n * sizeof(T));
        std::allocator<T>{}.deallocate(p, n);
    }
    template <typename U>
    bool operator==(const SecureAllocator<U>&) const { return true; }
};

/** Secret bytes: wiped when freed (also when the vector reallocates). */
using SecureBytes = std::vector<uint8_t, SecureAllocator<uint8_t>>;
/** Secret text (passphrases, mnemonic words). Short strings live inline (SSO) and are not
 * allocated; callers wipe those themselves where it matters. */
using SecureString = std::basic_string<char, std::char_traits<char>, SecureAllocator<char>>;

inline constexpr size_t CRYPT_KEY_SIZE = 32;
inline constexpr size_t CRYPT_NONCE_SIZE = 12;
inline constexpr size_t CRYPT_TAG_SIZE = 16;
inline constexpr size_t CRYPT_OVERHEAD = CRYPT_NONCE_SIZE + CRYPT_TAG_SIZE;

/** scrypt parameters, stored with the encrypted master key so they can change later. */
struct KdfParams {
    std::vector<uint8_t> salt; //!< 16 random bytes
    uint8_t log2_n{15};        //!< N = 2^15: 32 MiB with r = 8, about 0.1 s
    uint32_t r{8};
    uint32_t p{1};
};

/** Fresh parameters with a random salt and the default cost. */
KdfParams NewKdfParams();

/**
 * The 32-byte key scrypt derives from `passphrase`. std::nullopt if OpenSSL refuses the
 * parameters (too much memory) or fails.
 */
std::optional<SecureBytes> DeriveKeyFromPassphrase(std::string_view passphrase, const KdfParams& params);

/** AES-256-GCM encryption of `plaintext` under `key` (32 bytes) with `aad` authenticated. */
std::vector<uint8_t> Encrypt(std::span<const uint8_t> key, std::span<const uint8_t> plaintext, std::span<const uint8_t> aad);

/**
 * Decrypts what Encrypt produced. std::nullopt if the key is wrong, the data was modified or
 * truncated, or `aad` differs.
 */
std::optional<SecureBytes> Decrypt(std::span<const uint8_t> key, std::span<const uint8_t> ciphertext, std::span<const uint8_t> aad);

/** 32 fresh random bytes (a master key). */
SecureBytes NewMasterKey();

} // namespace wallet

#endif // DOTS_WALLET_CRYPTER_H
