// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <chainstate/compressor.h>

namespace chainstate {

std::optional<uint64_t> ReadVarInt(ByteReader& r, const char* what)
{
    uint64_t n = 0;
    while (true) {
        auto byte = r.ReadU8(what);
        if (!byte) return std::nullopt;
        if (n > (UINT64_MAX >> 7)) return r.Fail(DecodeError::SIZE_TOO_LARGE, what);
        n = (n << 7) | (*byte & 0x7f);
        if (!(*byte & 0x80)) return n;
        if (n == UINT64_MAX) return r.Fail(DecodeError::SIZE_TOO_LARGE, what);
        ++n;
    }
}

size_t VarIntLen(uint64_t n)
{
    size_t len = 1;
    while (n > 0x7f) {
        n = (n >> 7) - 1;
        ++len;
    }
    return len;
}

uint64_t CompressAmount(uint64_t n)
{
    if (n == 0) return 0;
    int e = 0;
    while (((n % 10) == 0) && e < 9) {
        n /= 10;
        e++;
    }
    if (e < 9) {
        int d = static_cast<int>(n % 10);
        n /= 10;
        return 1 + (n * 9 + static_cast<uint64_t>(d) - 1) * 10 + static_cast<uint64_t>(e);
    }
    return 1 + (n - 1) * 10 + 9;
}

uint64_t DecompressAmount(uint64_t x)
{
    if (x == 0) return 0;
    x--;
    int e = static_cast<int>(x % 10);
    x /= 10;
    uint64_t n = 0;
    if (e < 9) {
        int d = static_cast<int>(x % 9) + 1;
        x /= 9;
        n = x * 10 + static_cast<uint64_t>(d);
    } else {
        n = x + 1;
    }
    while (e) {
        n *= 10;
        e--;
    }
    return n;
}

} // namespace chainstate
