// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CHAINSTATE_COMPRESSOR_H
#define DOTS_CHAINSTATE_COMPRESSOR_H

/**
 * Compact encodings for on-disk chainstate records (never for consensus or network data):
 *
 *  - VarInt: Bitcoin Core's MSB base-128 encoding with the "+1 per continuation byte" offset,
 *    so every integer has exactly one encoding and the byte strings sort in numeric order
 *    (coin keys iterate in (txid, n) order). 1 byte below 128, 2 below 16512, ...
 *  - Amount compression: Bitcoin Core's CompressAmount, which turns round amounts (the common
 *    case) into small integers: 1 DOTS -> 9, 0.5 DOTS -> 50 before VarInt.
 *
 * Decoders never throw; they fail through the ByteReader's sticky error. Thread-compatible.
 */

#include <serialize.h>

#include <cstdint>
#include <optional>

namespace chainstate {

/** Appends the VarInt encoding of `n`. */
template <typename W>
void WriteVarInt(W& w, uint64_t n)
{
    uint8_t tmp[10];
    int len = 0;
    while (true) {
        tmp[len] = static_cast<uint8_t>((n & 0x7f) | (len ? 0x80 : 0x00));
        if (n <= 0x7f) break;
        n = (n >> 7) - 1;
        ++len;
    }
    uint8_t out[10];
    for (int i = 0; i <= len; ++i) out[i] = tmp[len - i];
    w.Write(std::span<const uint8_t>{out, static_cast<size_t>(len + 1)});
}

/** Reads a VarInt; fails (SIZE_TOO_LARGE) if the value does not fit in 64 bits. */
std::optional<uint64_t> ReadVarInt(ByteReader& r, const char* what = "varint");

/** Bytes taken by WriteVarInt(n). */
size_t VarIntLen(uint64_t n);

/** Bitcoin Core's amount compression (bijective on uint64). */
uint64_t CompressAmount(uint64_t n);
uint64_t DecompressAmount(uint64_t x);

} // namespace chainstate

#endif // DOTS_CHAINSTATE_COMPRESSOR_H
