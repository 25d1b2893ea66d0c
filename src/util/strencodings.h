// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_UTIL_STRENCODINGS_H
#define DOTS_UTIL_STRENCODINGS_H

/**
 * String helpers: hex, base64, strict decimal parsing, trimming, splitting, lower case and
 * timing-resistant comparison.
 */

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

/** Lowercase hex of the bytes. */
std::string HexStr(std::span<const uint8_t> bytes);

/** Parses an even-length hex string (either case). std::nullopt on any other character. */
std::optional<std::vector<uint8_t>> TryParseHex(std::string_view hex);

/** Parses a decimal integer: optional sign, digits only, no spaces, no overflow. */
std::optional<int64_t> ParseInt64(std::string_view s);
/** Parses a decimal unsigned integer: digits only, no sign, no overflow. */
std::optional<uint64_t> ParseUInt64(std::string_view s);

/** Removes leading and trailing whitespace (space, tab, CR, LF, VT, FF). */
std::string_view TrimView(std::string_view s);

/** ASCII lowercase copy (locale-independent). */
std::string ToLower(std::string_view s);

/** Splits on every occurrence of `sep`; always returns at least one element. */
std::vector<std::string_view> SplitView(std::string_view s, char sep);

/** Standard base64 (RFC 4648) with padding. */
std::string EncodeBase64(std::span<const uint8_t> bytes);
/** Decodes padded standard base64; std::nullopt on invalid characters or padding. */
std::optional<std::vector<uint8_t>> DecodeBase64(std::string_view s);

/** Compares two strings in time that depends only on their lengths (for secrets). */
bool TimingResistantEqual(std::string_view a, std::string_view b);

#endif // DOTS_UTIL_STRENCODINGS_H
