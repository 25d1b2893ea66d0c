// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_WALLET_MNEMONIC_H
#define DOTS_WALLET_MNEMONIC_H

/**
 * BIP39 mnemonic words (English list): the human-writable backup of a wallet's HD root.
 *
 *   entropy (16..32 bytes) <-> 12..24 words (11 bits each, the last bits a SHA-256 checksum)
 *   words --PBKDF2-HMAC-SHA512("mnemonic" || passphrase, 2048)--> 64-byte seed --BIP32--> root
 *
 * DOTS wallets use 24 words (256 bits) and an empty BIP39 passphrase; the seed of any valid
 * mnemonic is the same as in every other BIP39 implementation. Pure, thread-safe.
 */

#include <wallet/crypter.h>

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace wallet {

/** The 2048 words, in list order (bip39_english.cpp). */
extern const std::array<std::string_view, 2048> BIP39_ENGLISH_WORDS;

/** Entropy bytes of a new DOTS wallet: 32, i.e. 24 words. */
inline constexpr size_t MNEMONIC_ENTROPY_SIZE = 32;

/** The words for `entropy` (16, 20, 24, 28 or 32 bytes), single spaces. Secret: wipe it. */
SecureString EntropyToMnemonic(std::span<const uint8_t> entropy);

/**
 * Parses words (any case, any whitespace between them) back to the entropy. std::nullopt with
 * `error` set to a sentence for the user: a word count other than 12/15/18/21/24, a word that is
 * not in the list (named, with its position), or a checksum mismatch (a word is wrong or the
 * order is).
 */
std::optional<SecureBytes> MnemonicToEntropy(std::string_view words, std::string& error);

/** The BIP39 seed (64 bytes) of canonical words (EntropyToMnemonic's output). */
SecureBytes MnemonicToSeed(std::string_view words, std::string_view passphrase = "");

} // namespace wallet

#endif // DOTS_WALLET_MNEMONIC_H
