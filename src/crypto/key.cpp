// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <crypto/key.h>

#include <crypto/cleanse.h>
#include <crypto/random.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_schnorrsig.h>

static_assert(sizeof(secp256k1_keypair) == 96, "CKey::m_keypair size must match secp256k1_keypair");

namespace {

/** Owns the process-wide context; destroyed at exit. */
class Secp256k1Context
{
public:
    Secp256k1Context()
    {
        m_ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
        if (m_ctx == nullptr) Fatal("secp256k1_context_create failed");
        std::array<uint8_t, 32> seed;
        GetStrongRandBytes(seed);
        // Randomisation blinds the secret-dependent computations; failure means a library bug.
        if (!secp256k1_context_randomize(m_ctx, seed.data())) Fatal("secp256k1_context_randomize failed");
        memory_cleanse(seed.data(), seed.size());
    }
    ~Secp256k1Context() { secp256k1_context_destroy(m_ctx); }
    Secp256k1Context(const Secp256k1Context&) = delete;
    Secp256k1Context& operator=(const Secp256k1Context&) = delete;

    const secp256k1_context* get() const { return m_ctx; }

private:
    [[noreturn]] static void Fatal(const char* what)
    {
        std::fprintf(stderr, "Fatal: %s\n", what);
        std::abort();
    }
    secp256k1_context* m_ctx{nullptr};
};

const secp256k1_context* Ctx()
{
    static const Secp256k1Context ctx;
    return ctx.get();
}

const secp256k1_keypair* AsKeypair(const std::array<uint8_t, 96>& storage)
{
    return reinterpret_cast<const secp256k1_keypair*>(storage.data());
}
secp256k1_keypair* AsKeypair(std::array<uint8_t, 96>& storage)
{
    return reinterpret_cast<secp256k1_keypair*>(storage.data());
}

} // namespace

XOnlyPubKey::XOnlyPubKey(std::span<const uint8_t, SIZE> bytes)
{
    std::memcpy(m_bytes.data(), bytes.data(), SIZE);
}

bool XOnlyPubKey::IsFullyValid() const
{
    secp256k1_xonly_pubkey pk;
    return secp256k1_xonly_pubkey_parse(Ctx(), &pk, m_bytes.data()) == 1;
}

bool XOnlyPubKey::Verify(std::span<const uint8_t> msg, std::span<const uint8_t, SIGNATURE_SIZE> sig) const
{
    secp256k1_xonly_pubkey pk;
    if (!secp256k1_xonly_pubkey_parse(Ctx(), &pk, m_bytes.data())) return false;
    return secp256k1_schnorrsig_verify(Ctx(), sig.data(), msg.data(), msg.size(), &pk) == 1;
}

CKey::~CKey()
{
    memory_cleanse(m_keypair.data(), m_keypair.size());
    memory_cleanse(m_secret.data(), m_secret.size());
}

CKey::CKey(const CKey& other) : m_keypair{other.m_keypair}, m_secret{other.m_secret}, m_valid{other.m_valid} {}

CKey& CKey::operator=(const CKey& other)
{
    if (this != &other) {
        m_keypair = other.m_keypair;
        m_secret = other.m_secret;
        m_valid = other.m_valid;
    }
    return *this;
}

CKey CKey::Generate()
{
    std::array<uint8_t, SIZE> secret;
    for (;;) {
        GetStrongRandBytes(secret);
        auto key = FromBytes(secret);
        if (key) {
            memory_cleanse(secret.data(), secret.size());
            return *key;
        }
    }
}

std::optional<CKey> CKey::FromBytes(std::span<const uint8_t, SIZE> secret)
{
    CKey key;
    if (!secp256k1_keypair_create(Ctx(), AsKeypair(key.m_keypair), secret.data())) return std::nullopt;
    std::memcpy(key.m_secret.data(), secret.data(), SIZE);
    key.m_valid = true;
    return key;
}

XOnlyPubKey CKey::GetXOnlyPubKey() const
{
    if (!m_valid) return XOnlyPubKey{};
    secp256k1_xonly_pubkey pk;
    std::array<uint8_t, XOnlyPubKey::SIZE> out;
    // Both calls only fail on an invalid key pair, which m_valid excludes.
    if (!secp256k1_keypair_xonly_pub(Ctx(), &pk, nullptr, AsKeypair(m_keypair)) ||
        !secp256k1_xonly_pubkey_serialize(Ctx(), out.data(), &pk)) {
        return XOnlyPubKey{};
    }
    return XOnlyPubKey{out};
}

std::optional<CKey::Signature> CKey::Sign(std::span<const uint8_t, 32> msg32) const
{
    std::array<uint8_t, 32> aux;
    GetStrongRandBytes(aux);
    auto sig = SignWithAux(msg32, aux);
    memory_cleanse(aux.data(), aux.size());
    return sig;
}

std::optional<CKey::Signature> CKey::SignWithAux(std::span<const uint8_t> msg, std::span<const uint8_t, 32> aux32) const
{
    if (!m_valid) return std::nullopt;
    Signature sig;
    std::array<uint8_t, 32> aux;
    std::memcpy(aux.data(), aux32.data(), aux.size());
    secp256k1_schnorrsig_extraparams params = SECP256K1_SCHNORRSIG_EXTRAPARAMS_INIT;
    params.ndata = aux.data();
    const int ok = secp256k1_schnorrsig_sign_custom(Ctx(), sig.data(), msg.data(), msg.size(),
                                                    AsKeypair(m_keypair), &params);
    memory_cleanse(aux.data(), aux.size());
    if (!ok) return std::nullopt;
    // libsecp256k1 does not verify what it produced; BIP340 recommends it against faults.
    if (!GetXOnlyPubKey().Verify(msg, sig)) return std::nullopt;
    return sig;
}

std::span<const uint8_t, CKey::SIZE> CKey::SecretBytes() const
{
    return m_secret;
}
