// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <serialize.h>

std::string_view DecodeErrorString(DecodeError err)
{
    switch (err) {
    case DecodeError::NONE: return "none";
    case DecodeError::TRUNCATED: return "truncated";
    case DecodeError::NON_CANONICAL_SIZE: return "non-canonical-size";
    case DecodeError::SIZE_TOO_LARGE: return "size-too-large";
    case DecodeError::INVALID_VALUE: return "invalid-value";
    case DecodeError::TRAILING_DATA: return "trailing-data";
    case DecodeError::INPUT_TOO_LARGE: return "input-too-large";
    }
    return "unknown";
}

std::optional<uint64_t> ByteReader::ReadCompactSize(uint64_t max, const char* what)
{
    const auto first = ReadU8(what);
    if (!first) return std::nullopt;
    uint64_t n;
    if (*first < 253) {
        n = *first;
    } else if (*first == 253) {
        const auto v = ReadU16(what);
        if (!v) return std::nullopt;
        if (*v < 253) return Fail(DecodeError::NON_CANONICAL_SIZE, what);
        n = *v;
    } else if (*first == 254) {
        const auto v = ReadU32(what);
        if (!v) return std::nullopt;
        if (*v <= 0xffff) return Fail(DecodeError::NON_CANONICAL_SIZE, what);
        n = *v;
    } else {
        const auto v = ReadU64(what);
        if (!v) return std::nullopt;
        if (*v <= 0xffffffff) return Fail(DecodeError::NON_CANONICAL_SIZE, what);
        n = *v;
    }
    if (n > max) return Fail(DecodeError::SIZE_TOO_LARGE, what);
    return n;
}

std::optional<uint64_t> ByteReader::ReadCount(uint64_t max, size_t min_element_size, const char* what)
{
    const auto n = ReadCompactSize(max, what);
    if (!n) return std::nullopt;
    if (min_element_size > 0 && *n > remaining() / min_element_size) return Fail(DecodeError::TRUNCATED, what);
    return n;
}

std::optional<std::vector<uint8_t>> ByteReader::ReadVarBytes(uint64_t max, const char* what)
{
    const auto n = ReadCompactSize(max, what);
    if (!n) return std::nullopt;
    const auto v = ReadView(static_cast<size_t>(*n), what);
    if (!v) return std::nullopt;
    return std::vector<uint8_t>(v->begin(), v->end());
}
