// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <wallet/hdkey.h>

#include <crypto/cleanse.h>
#include <crypto/random.h>
#include <crypto/sha256.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <secp256k1.h>

namespace wallet {

namespace {
constexpr std::array<uint8_t, 4> VERSION_XPRV{0x04, 0x88, 0xAD, 0xE4};
constexpr std::array<uint8_t, 4> VERSION_TPRV{0x04, 0x35, 0x83, 0x94};
constexpr const char* BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** A signing context for public-key computation (the crypto layer keeps its own private). */
const secp256k1_context* Ctx()
{
    static secp256k1_context* const ctx = [] {
        secp256k1_context* c = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
        std::array<uint8_t, 32> seed;
        GetStrongRandBytes(seed);
        if (c == nullptr || !secp256k1_context_randomize(c, seed.data())) {
            std::fprintf(stderr, "Fatal: secp256k1 context\n");
            std::abort();
        }
        memory_cleanse(seed.data(), seed.size());
        return c;
    }();
    return ctx;
}

/** HMAC-SHA512(key, data) into out (64 bytes). */
void HmacSha512(std::span<const uint8_t> key, std::span<const uint8_t> data, std::span<uint8_t, 64> out)
{
    unsigned int len = 64;
    if (HMAC(EVP_sha512(), key.data(), static_cast<int>(key.size()), data.data(), data.size(), out.data(), &len) == nullptr ||
        len != 64) {
        std::abort(); // a broken library: no key can be derived safely
    }
}

/** Splits I = IL || IR into a key and chain code; IL must be a valid scalar. */
std::optional<ExtKey> FromHmac(std::span<const uint8_t, 64> i, const uint8_t* parent_secret)
{
    std::array<uint8_t, 32> secret;
    std::memcpy(secret.data(), i.data(), 32);
    bool ok = secp256k1_ec_seckey_verify(Ctx(), secret.data()) == 1; // IL < n and != 0
    if (ok && parent_secret != nullptr) {
        std::array<uint8_t, 32> tweak = secret;
        std::memcpy(secret.data(), parent_secret, 32);
        ok = secp256k1_ec_seckey_tweak_add(Ctx(), secret.data(), tweak.data()) == 1;
        memory_cleanse(tweak.data(), tweak.size());
    }
    std::optional<ExtKey> out;
    if (ok) {
        auto key = CKey::FromBytes(secret);
        if (key) {
            out.emplace();
            out->key = std::move(*key);
            std::memcpy(out->chaincode.data(), i.data() + 32, 32);
        }
    }
    memory_cleanse(secret.data(), secret.size());
    return out;
}
} // namespace

std::optional<ExtKey> ExtKey::FromSeed(std::span<const uint8_t> seed)
{
    if (seed.size() < 16 || seed.size() > 64) return std::nullopt;
    static constexpr std::string_view SALT = "Bitcoin seed";
    std::array<uint8_t, 64> i;
    HmacSha512({reinterpret_cast<const uint8_t*>(SALT.data()), SALT.size()}, seed, i);
    auto out = FromHmac(i, nullptr);
    memory_cleanse(i.data(), i.size());
    return out;
}

std::optional<ExtKey> ExtKey::DeriveHardened(uint32_t index) const
{
    if (index >= HARDENED || !key.IsValid() || depth == 255) return std::nullopt;
    const uint32_t child_index = index | HARDENED;
    std::array<uint8_t, 37> data;
    data[0] = 0;
    std::memcpy(data.data() + 1, key.SecretBytes().data(), 32);
    for (int b = 0; b < 4; ++b) data[33 + b] = static_cast<uint8_t>(child_index >> (24 - 8 * b));
    std::array<uint8_t, 64> i;
    HmacSha512(chaincode, data, i);
    memory_cleanse(data.data(), data.size());
    auto out = FromHmac(i, key.SecretBytes().data());
    memory_cleanse(i.data(), i.size());
    if (!out) return std::nullopt;
    out->depth = static_cast<uint8_t>(depth + 1);
    out->parent_fingerprint = Fingerprint();
    out->child = child_index;
    return out;
}

std::optional<ExtKey> ExtKey::DerivePath(std::span<const uint32_t> path) const
{
    std::optional<ExtKey> cur = *this;
    for (const uint32_t index : path) {
        cur = cur->DeriveHardened(index);
        if (!cur) return std::nullopt;
    }
    return cur;
}

std::array<uint8_t, 33> ExtKey::CompressedPubKey() const
{
    std::array<uint8_t, 33> out{};
    secp256k1_pubkey pub;
    if (!key.IsValid() || !secp256k1_ec_pubkey_create(Ctx(), &pub, key.SecretBytes().data())) return out;
    size_t len = out.size();
    secp256k1_ec_pubkey_serialize(Ctx(), out.data(), &len, &pub, SECP256K1_EC_COMPRESSED);
    return out;
}

std::array<uint8_t, 4> ExtKey::Fingerprint() const
{
    const std::array<uint8_t, 33> pub = CompressedPubKey();
    const std::array<uint8_t, 32> sha = Sha256(pub);
    std::array<uint8_t, EVP_MAX_MD_SIZE> rmd{};
    unsigned int len = 0;
    if (EVP_Digest(sha.data(), sha.size(), rmd.data(), &len, EVP_ripemd160(), nullptr) != 1 || len != 20) std::abort();
    return {rmd[0], rmd[1], rmd[2], rmd[3]};
}

std::array<uint8_t, ExtKey::SERIALIZED_SIZE> ExtKey::Serialize() const
{
    std::array<uint8_t, SERIALIZED_SIZE> out{};
    out[0] = depth;
    std::memcpy(out.data() + 1, parent_fingerprint.data(), 4);
    for (int b = 0; b < 4; ++b) out[5 + b] = static_cast<uint8_t>(child >> (24 - 8 * b));
    std::memcpy(out.data() + 9, chaincode.data(), 32);
    out[41] = 0;
    std::memcpy(out.data() + 42, key.SecretBytes().data(), 32);
    return out;
}

std::optional<ExtKey> ExtKey::Deserialize(std::span<const uint8_t> bytes)
{
    if (bytes.size() != SERIALIZED_SIZE || bytes[41] != 0) return std::nullopt;
    auto key = CKey::FromBytes(bytes.subspan<42, 32>());
    if (!key) return std::nullopt;
    ExtKey out;
    out.depth = bytes[0];
    std::memcpy(out.parent_fingerprint.data(), bytes.data() + 1, 4);
    out.child = (uint32_t{bytes[5]} << 24) | (uint32_t{bytes[6]} << 16) | (uint32_t{bytes[7]} << 8) | bytes[8];
    std::memcpy(out.chaincode.data(), bytes.data() + 9, 32);
    out.key = std::move(*key);
    // BIP32: a master key has a zero fingerprint and child number.
    if (out.depth == 0 && (out.child != 0 || out.parent_fingerprint != std::array<uint8_t, 4>{})) return std::nullopt;
    return out;
}

std::string ExtKey::ToString(ExtKeyNet net) const
{
    std::array<uint8_t, 4 + SERIALIZED_SIZE> payload;
    const auto& version = net == ExtKeyNet::MAIN ? VERSION_XPRV : VERSION_TPRV;
    std::memcpy(payload.data(), version.data(), 4);
    auto body = Serialize();
    std::memcpy(payload.data() + 4, body.data(), body.size());
    std::string out = EncodeBase58Check(payload);
    memory_cleanse(body.data(), body.size());
    memory_cleanse(payload.data(), payload.size());
    return out;
}

std::optional<ExtKey> ExtKey::FromString(std::string_view text, ExtKeyNet* net)
{
    auto payload = DecodeBase58Check(text, 4 + SERIALIZED_SIZE);
    if (!payload || payload->size() != 4 + SERIALIZED_SIZE) return std::nullopt;
    std::optional<ExtKey> out;
    ExtKeyNet which = ExtKeyNet::MAIN;
    if (std::equal(VERSION_XPRV.begin(), VERSION_XPRV.end(), payload->begin())) {
        which = ExtKeyNet::MAIN;
        out = Deserialize(std::span{*payload}.subspan(4));
    } else if (std::equal(VERSION_TPRV.begin(), VERSION_TPRV.end(), payload->begin())) {
        which = ExtKeyNet::TEST;
        out = Deserialize(std::span{*payload}.subspan(4));
    }
    memory_cleanse(payload->data(), payload->size());
    if (out && net) *net = which;
    return out;
}

std::string EncodeBase58Check(std::span<const uint8_t> payload)
{
    std::vector<uint8_t> data(payload.begin(), payload.end());
    const auto check = Sha256(Sha256(payload));
    data.insert(data.end(), check.begin(), check.begin() + 4);
    size_t zeros = 0;
    while (zeros < data.size() && data[zeros] == 0) ++zeros;
    // Repeated division of the big-endian number by 58.
    std::vector<uint8_t> b58((data.size() - zeros) * 138 / 100 + 1);
    size_t length = 0;
    for (size_t i = zeros; i < data.size(); ++i) {
        int carry = data[i];
        size_t j = 0;
        for (auto it = b58.rbegin(); (carry != 0 || j < length) && it != b58.rend(); ++it, ++j) {
            carry += 256 * (*it);
            *it = static_cast<uint8_t>(carry % 58);
            carry /= 58;
        }
        length = j;
    }
    auto it = b58.begin() + (b58.size() - length);
    while (it != b58.end() && *it == 0) ++it;
    std::string out(zeros, '1');
    for (; it != b58.end(); ++it) out += BASE58_ALPHABET[*it];
    memory_cleanse(data.data(), data.size());
    return out;
}

std::optional<std::vector<uint8_t>> DecodeBase58Check(std::string_view text, size_t max_size)
{
    if (text.size() > (max_size + 4) * 138 / 100 + 2) return std::nullopt;
    size_t zeros = 0;
    while (zeros < text.size() && text[zeros] == '1') ++zeros;
    std::vector<uint8_t> b256(text.size() * 733 / 1000 + 1);
    size_t length = 0;
    for (size_t i = zeros; i < text.size(); ++i) {
        const char* p = std::strchr(BASE58_ALPHABET, text[i]);
        if (p == nullptr || text[i] == '\0') return std::nullopt;
        int carry = static_cast<int>(p - BASE58_ALPHABET);
        size_t j = 0;
        for (auto it = b256.rbegin(); (carry != 0 || j < length) && it != b256.rend(); ++it, ++j) {
            carry += 58 * (*it);
            *it = static_cast<uint8_t>(carry % 256);
            carry /= 256;
        }
        length = j;
    }
    auto it = b256.begin() + (b256.size() - length);
    std::vector<uint8_t> data(zeros, 0);
    data.insert(data.end(), it, b256.end());
    memory_cleanse(b256.data(), b256.size());
    if (data.size() < 4 || data.size() - 4 > max_size) return std::nullopt;
    const std::span<const uint8_t> payload{data.data(), data.size() - 4};
    const auto check = Sha256(Sha256(payload));
    if (!std::equal(check.begin(), check.begin() + 4, data.end() - 4)) return std::nullopt;
    data.resize(data.size() - 4);
    return data;
}

} // namespace wallet
