// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <wallet/mnemonic.h>

#include <crypto/sha256.h>
#include <util/format.h>

#include <algorithm>
#include <cctype>
#include <vector>

#include <openssl/evp.h>

namespace wallet {

namespace {
/** Bit `i` (big-endian order) of `bytes`. */
bool GetBit(std::span<const uint8_t> bytes, size_t i) { return (bytes[i / 8] >> (7 - i % 8)) & 1; }

std::optional<size_t> WordIndex(std::string_view word)
{
    const auto it = std::lower_bound(BIP39_ENGLISH_WORDS.begin(), BIP39_ENGLISH_WORDS.end(), word);
    if (it == BIP39_ENGLISH_WORDS.end() || *it != word) return std::nullopt;
    return static_cast<size_t>(it - BIP39_ENGLISH_WORDS.begin());
}
} // namespace

SecureString EntropyToMnemonic(std::span<const uint8_t> entropy)
{
    const size_t ent_bits = entropy.size() * 8;
    const size_t cs_bits = ent_bits / 32;
    const auto hash = Sha256(entropy);
    SecureBytes bits(entropy.begin(), entropy.end());
    bits.push_back(hash[0]); // at most 8 checksum bits are needed
    SecureString out;
    for (size_t w = 0; w < (ent_bits + cs_bits) / 11; ++w) {
        size_t index = 0;
        for (size_t b = 0; b < 11; ++b) index = (index << 1) | GetBit(bits, w * 11 + b);
        if (!out.empty()) out += ' ';
        out.append(BIP39_ENGLISH_WORDS[index]);
    }
    return out;
}

std::optional<SecureBytes> MnemonicToEntropy(std::string_view words, std::string& error)
{
    std::vector<size_t> indices;
    size_t pos = 0;
    while (pos < words.size()) {
        while (pos < words.size() && std::isspace(static_cast<unsigned char>(words[pos]))) ++pos;
        size_t end = pos;
        while (end < words.size() && !std::isspace(static_cast<unsigned char>(words[end]))) ++end;
        if (end == pos) break;
        SecureString word;
        for (size_t i = pos; i < end; ++i) word += static_cast<char>(std::tolower(static_cast<unsigned char>(words[i])));
        const auto index = WordIndex(std::string_view{word.data(), word.size()});
        if (!index) {
            error = StrFormat("word %u (\"%s\") is not in the BIP39 English word list", unsigned(indices.size() + 1),
                              std::string(word.data(), std::min<size_t>(word.size(), 20)).c_str());
            return std::nullopt;
        }
        indices.push_back(*index);
        pos = end;
    }
    if (indices.size() % 3 != 0 || indices.size() < 12 || indices.size() > 24) {
        error = StrFormat("a mnemonic has 12, 15, 18, 21 or 24 words, not %u", unsigned(indices.size()));
        return std::nullopt;
    }
    const size_t total_bits = indices.size() * 11;
    const size_t cs_bits = total_bits / 33;
    const size_t ent_bytes = (total_bits - cs_bits) / 8;
    SecureBytes bits((total_bits + 7) / 8, 0);
    for (size_t w = 0; w < indices.size(); ++w) {
        for (size_t b = 0; b < 11; ++b) {
            if ((indices[w] >> (10 - b)) & 1) {
                const size_t i = w * 11 + b;
                bits[i / 8] |= static_cast<uint8_t>(1 << (7 - i % 8));
            }
        }
    }
    SecureBytes entropy(bits.begin(), bits.begin() + ent_bytes);
    const auto hash = Sha256(entropy);
    for (size_t b = 0; b < cs_bits; ++b) {
        if (GetBit(hash, b) != GetBit(bits, ent_bytes * 8 + b)) {
            error = "the checksum of the words does not match: a word is mistyped or out of order";
            return std::nullopt;
        }
    }
    return entropy;
}

SecureBytes MnemonicToSeed(std::string_view words, std::string_view passphrase)
{
    SecureString salt{"mnemonic"};
    salt.append(passphrase.data(), passphrase.size());
    SecureBytes seed(64);
    if (PKCS5_PBKDF2_HMAC(words.data(), static_cast<int>(words.size()), reinterpret_cast<const uint8_t*>(salt.data()),
                          static_cast<int>(salt.size()), 2048, EVP_sha512(), static_cast<int>(seed.size()), seed.data()) != 1) {
        std::abort(); // a broken library: no seed can be derived safely
    }
    return seed;
}

} // namespace wallet
