// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <wallet/crypter.h>

#include <crypto/random.h>

#include <memory>

#include <openssl/evp.h>

namespace wallet {

namespace {
struct CipherCtxDeleter {
    void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;
} // namespace

KdfParams NewKdfParams()
{
    KdfParams params;
    params.salt.resize(16);
    GetStrongRandBytes(params.salt);
    return params;
}

std::optional<SecureBytes> DeriveKeyFromPassphrase(std::string_view passphrase, const KdfParams& params)
{
    if (params.log2_n < 10 || params.log2_n > 22 || params.r == 0 || params.p == 0 || params.r > 32 || params.p > 16) {
        return std::nullopt;
    }
    const uint64_t n = uint64_t{1} << params.log2_n;
    // scrypt needs 128 * r * N bytes for V plus 128 * r * p for B; leave headroom for OpenSSL.
    const uint64_t maxmem = 128 * uint64_t{params.r} * (n + params.p + 2) + (uint64_t{1} << 20);
    SecureBytes key(CRYPT_KEY_SIZE);
    if (EVP_PBE_scrypt(passphrase.data(), passphrase.size(), params.salt.data(), params.salt.size(), n, params.r,
                       params.p, maxmem, key.data(), key.size()) != 1) {
        return std::nullopt;
    }
    return key;
}

std::vector<uint8_t> Encrypt(std::span<const uint8_t> key, std::span<const uint8_t> plaintext, std::span<const uint8_t> aad)
{
    std::vector<uint8_t> out(CRYPT_NONCE_SIZE + plaintext.size() + CRYPT_TAG_SIZE);
    GetStrongRandBytes(std::span{out.data(), CRYPT_NONCE_SIZE});
    CipherCtx ctx{EVP_CIPHER_CTX_new()};
    int len = 0;
    bool ok = ctx && key.size() == CRYPT_KEY_SIZE &&
              EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), out.data()) == 1 &&
              EVP_EncryptUpdate(ctx.get(), nullptr, &len, aad.data(), static_cast<int>(aad.size())) == 1 &&
              EVP_EncryptUpdate(ctx.get(), out.data() + CRYPT_NONCE_SIZE, &len, plaintext.data(),
                                static_cast<int>(plaintext.size())) == 1 &&
              EVP_EncryptFinal_ex(ctx.get(), out.data() + CRYPT_NONCE_SIZE + len, &len) == 1 &&
              EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, CRYPT_TAG_SIZE,
                                  out.data() + CRYPT_NONCE_SIZE + plaintext.size()) == 1;
    // AES-GCM with a 12-byte nonce cannot fail on valid arguments; a failure is a broken library.
    if (!ok) std::abort();
    return out;
}

std::optional<SecureBytes> Decrypt(std::span<const uint8_t> key, std::span<const uint8_t> ciphertext, std::span<const uint8_t> aad)
{
    if (key.size() != CRYPT_KEY_SIZE || ciphertext.size() < CRYPT_OVERHEAD) return std::nullopt;
    const size_t size = ciphertext.size() - CRYPT_OVERHEAD;
    SecureBytes out(size);
    CipherCtx ctx{EVP_CIPHER_CTX_new()};
    int len = 0;
    // GCM's tag must be set before the final call; the cast drops const only for the API.
    auto* tag = const_cast<uint8_t*>(ciphertext.data() + CRYPT_NONCE_SIZE + size);
    const bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), ciphertext.data()) == 1 &&
                    EVP_DecryptUpdate(ctx.get(), nullptr, &len, aad.data(), static_cast<int>(aad.size())) == 1 &&
                    EVP_DecryptUpdate(ctx.get(), out.data(), &len, ciphertext.data() + CRYPT_NONCE_SIZE, static_cast<int>(size)) == 1 &&
                    EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, CRYPT_TAG_SIZE, tag) == 1 &&
                    EVP_DecryptFinal_ex(ctx.get(), out.data() + len, &len) == 1;
    if (!ok) return std::nullopt;
    return out;
}

SecureBytes NewMasterKey()
{
    SecureBytes key(CRYPT_KEY_SIZE);
    GetStrongRandBytes(key);
    return key;
}

} // namespace wallet
