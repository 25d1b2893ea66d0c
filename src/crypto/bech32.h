// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CRYPTO_BECH32_H
#define DOTS_CRYPTO_BECH32_H

/**
 * Bech32 (BIP173) and Bech32m (BIP350) strings: HRP, '1', 5-bit data, 6-character checksum.
 * This is the string layer only; address semantics (network prefixes, version byte, program
 * length) live in primitives/address.h. All functions are pure and thread-safe.
 */

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bech32 {

enum class Encoding {
    BECH32,  //!< BIP173 checksum constant 1
    BECH32M, //!< BIP350 checksum constant 0x2bc830a3
};

/** Total string length limit from BIP173. */
inline constexpr size_t MAX_LENGTH = 90;
inline constexpr size_t CHECKSUM_SIZE = 6;

enum class Error {
    OK,
    TOO_LONG,          //!< more than MAX_LENGTH characters
    INVALID_CHARACTER, //!< outside US-ASCII 33..126, or data character not in the charset
    MIXED_CASE,        //!< both upper- and lower-case letters
    NO_SEPARATOR,      //!< no '1'
    EMPTY_HRP,         //!< separator is the first character
    TOO_SHORT_CHECKSUM,//!< fewer than 6 data characters after the separator
    INVALID_CHECKSUM,  //!< checksum is neither a valid Bech32 nor Bech32m checksum
};

/** Human-readable description of an Error, for logs and RPC replies. */
std::string_view ErrorString(Error err);

struct DecodeResult {
    Error error{Error::OK};
    Encoding encoding{Encoding::BECH32M}; //!< meaningful only when error == OK
    std::string hrp;                      //!< lower-cased
    std::vector<uint8_t> data;            //!< 5-bit values, checksum removed

    explicit operator bool() const { return error == Error::OK; }
};

/**
 * Encodes `hrp` and 5-bit `values` (each < 32) with the given checksum. `hrp` must be non-empty
 * lower-case US-ASCII 33..126 (a '1' inside the HRP is allowed: the last '1' separates). Returns std::nullopt (never a malformed string) if the arguments
 * are invalid or the result would exceed MAX_LENGTH.
 */
std::optional<std::string> Encode(Encoding encoding, std::string_view hrp, std::span<const uint8_t> values);

/**
 * Decodes and checks a Bech32 or Bech32m string. Accepts all-lower or all-upper case;
 * rejects mixed case, over-long strings and bad checksums. On failure `error` says why and
 * the other fields are empty.
 */
DecodeResult Decode(std::string_view str);

/**
 * Regroups bits: e.g. ConvertBits<8, 5, true> packs bytes into 5-bit values for Encode, and
 * ConvertBits<5, 8, false> unpacks them strictly (returns std::nullopt if any input value is
 * out of range, or if more than `from`-1 bits of non-zero padding remain, per BIP173).
 */
template <int FROM, int TO, bool PAD>
std::optional<std::vector<uint8_t>> ConvertBits(std::span<const uint8_t> in)
{
    static_assert(FROM > 0 && FROM <= 8 && TO > 0 && TO <= 8);
    std::vector<uint8_t> out;
    out.reserve((in.size() * FROM + TO - 1) / TO);
    uint32_t acc = 0;
    int bits = 0;
    constexpr uint32_t maxv = (1u << TO) - 1;
    for (const uint8_t v : in) {
        if ((v >> FROM) != 0) return std::nullopt;
        acc = ((acc << FROM) | v) & ((1u << (FROM + TO - 1)) - 1);
        bits += FROM;
        while (bits >= TO) {
            bits -= TO;
            out.push_back(static_cast<uint8_t>((acc >> bits) & maxv));
        }
    }
    if (PAD) {
        if (bits > 0) out.push_back(static_cast<uint8_t>((acc << (TO - bits)) & maxv));
    } else if (bits >= FROM || ((acc << (TO - bits)) & maxv) != 0) {
        return std::nullopt;
    }
    return out;
}

} // namespace bech32

#endif // DOTS_CRYPTO_BECH32_H
