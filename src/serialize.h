// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SERIALIZE_H
#define DOTS_SERIALIZE_H

/**
 * Strict binary serialization for consensus and network data.
 *
 * Encoding: little-endian fixed-width integers; Bitcoin's CompactSize for counts and lengths
 * (1, 3, 5 or 9 bytes), which MUST use the shortest form (non-canonical encodings are
 * rejected, so every object has exactly one encoding and one hash).
 *
 * Error handling design: decoding never throws. ByteReader returns std::optional from every
 * read and keeps the FIRST failure (code, description, byte offset) in a sticky state, so a
 * type's decoder is a straight line of `if (!x) return std::nullopt;` and the entry point
 * reports the reason. Decoders bound every allocation by the bytes actually remaining, so a
 * claimed count of 2^32 elements in a 10-byte message costs nothing. DecodeFull<T>() is the
 * entry point for untrusted input: it also rejects trailing bytes.
 *
 * Writers are any type with `void Write(std::span<const uint8_t>)`: ByteWriter (a growable
 * buffer), SizeComputer (counts bytes), and HashWriter (streams into SHA-256 without a copy).
 * Everything here is thread-compatible (no shared state).
 */

#include <crypto/sha256.h>
#include <crypto/tagged_hash.h>
#include <primitives/uint256.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <type_traits>
#include <variant>
#include <vector>

/** Largest CompactSize value any decoder accepts (32 MiB), as in Bitcoin. */
inline constexpr uint64_t MAX_COMPACT_SIZE = 0x02000000;

/** Why decoding failed. */
enum class DecodeError : uint8_t {
    NONE,
    TRUNCATED,            //!< input ended before the object did
    NON_CANONICAL_SIZE,   //!< CompactSize not in its shortest form
    SIZE_TOO_LARGE,       //!< a count or length above its limit
    INVALID_VALUE,        //!< a field outside its allowed set (e.g. an unknown tag)
    TRAILING_DATA,        //!< bytes left over after a complete object
    INPUT_TOO_LARGE,      //!< whole input above the object's size limit
};

/** Where and why decoding failed. `what` is a static string (never dangles). */
struct DecodeFailure {
    DecodeError code{DecodeError::NONE};
    const char* what{""};
    size_t offset{0};
};

/** Short name of a DecodeError ("truncated", "non-canonical-size", ...). */
std::string_view DecodeErrorString(DecodeError err);

/**
 * Either a decoded T or the DecodeFailure explaining why not. Must be checked.
 * Dereferencing a failure is a programmer error (asserts).
 */
template <typename T>
class [[nodiscard]] Decoded
{
public:
    Decoded(T value) : m_v{std::in_place_index<0>, std::move(value)} {}
    Decoded(DecodeFailure failure) : m_v{std::in_place_index<1>, failure} {}
    /** Constructs the value in place (for types that are expensive or impossible to move). */
    template <typename... Args>
    explicit Decoded(std::in_place_t, Args&&... args) : m_v{std::in_place_index<0>, std::forward<Args>(args)...} {}

    bool has_value() const { return m_v.index() == 0; }
    explicit operator bool() const { return has_value(); }
    const T& operator*() const& { return std::get<0>(m_v); }
    T& operator*() & { return std::get<0>(m_v); }
    T&& operator*() && { return std::get<0>(std::move(m_v)); }
    const T* operator->() const { return &std::get<0>(m_v); }
    T* operator->() { return &std::get<0>(m_v); }
    /** The failure; for a success returns {NONE, "", 0}. */
    DecodeFailure failure() const { return has_value() ? DecodeFailure{} : std::get<1>(m_v); }

private:
    std::variant<T, DecodeFailure> m_v;
};

/**
 * Cursor over an input buffer with a sticky first error. Reads after a failure return
 * std::nullopt without advancing. The buffer must outlive the reader; ReadView() results
 * point into it.
 */
class ByteReader
{
public:
    explicit ByteReader(std::span<const uint8_t> in) : m_in{in} {}

    bool ok() const { return m_failure.code == DecodeError::NONE; }
    const DecodeFailure& failure() const { return m_failure; }
    size_t position() const { return m_pos; }
    size_t remaining() const { return m_in.size() - m_pos; }
    bool empty() const { return remaining() == 0; }

    /** Records a failure at the current offset (keeps an earlier one). Returns std::nullopt. */
    std::nullopt_t Fail(DecodeError code, const char* what)
    {
        if (ok()) m_failure = DecodeFailure{code, what, m_pos};
        return std::nullopt;
    }

    /** A view of the next `n` bytes (valid while the input buffer lives). */
    std::optional<std::span<const uint8_t>> ReadView(size_t n, const char* what = "bytes")
    {
        if (!ok()) return std::nullopt;
        if (n > remaining()) return Fail(DecodeError::TRUNCATED, what);
        auto v = m_in.subspan(m_pos, n);
        m_pos += n;
        return v;
    }

    template <size_t N>
    std::optional<std::array<uint8_t, N>> ReadArray(const char* what = "bytes")
    {
        auto v = ReadView(N, what);
        if (!v) return std::nullopt;
        std::array<uint8_t, N> out;
        std::memcpy(out.data(), v->data(), N);
        return out;
    }

    std::optional<uint8_t> ReadU8(const char* what = "u8") { return ReadLE<uint8_t>(what); }
    std::optional<uint16_t> ReadU16(const char* what = "u16") { return ReadLE<uint16_t>(what); }
    std::optional<uint32_t> ReadU32(const char* what = "u32") { return ReadLE<uint32_t>(what); }
    std::optional<uint64_t> ReadU64(const char* what = "u64") { return ReadLE<uint64_t>(what); }
    std::optional<int32_t> ReadI32(const char* what = "i32") { return ReadLE<int32_t>(what); }
    std::optional<int64_t> ReadI64(const char* what = "i64") { return ReadLE<int64_t>(what); }

    std::optional<uint256> ReadUint256(const char* what = "uint256")
    {
        auto a = ReadArray<32>(what);
        if (!a) return std::nullopt;
        return uint256{*a};
    }

    /**
     * Canonical CompactSize no larger than `max`. Non-shortest forms fail with
     * NON_CANONICAL_SIZE, values above `max` with SIZE_TOO_LARGE.
     */
    std::optional<uint64_t> ReadCompactSize(uint64_t max = MAX_COMPACT_SIZE, const char* what = "compact size");

    /**
     * A count of elements that each take at least `min_element_size` bytes: besides `max`,
     * the count must fit in the remaining input, which bounds any reserve() by input size.
     */
    std::optional<uint64_t> ReadCount(uint64_t max, size_t min_element_size, const char* what);

    /** CompactSize length (<= max) followed by that many bytes, copied. */
    std::optional<std::vector<uint8_t>> ReadVarBytes(uint64_t max, const char* what);

private:
    template <typename T>
    std::optional<T> ReadLE(const char* what)
    {
        auto v = ReadView(sizeof(T), what);
        if (!v) return std::nullopt;
        T out;
        std::memcpy(&out, v->data(), sizeof(T)); // little-endian host (static_assert in uint256.cpp)
        return out;
    }

    std::span<const uint8_t> m_in;
    size_t m_pos{0};
    DecodeFailure m_failure{};
};

/** Appends to an owned byte vector. */
class ByteWriter
{
public:
    ByteWriter() = default;
    explicit ByteWriter(size_t reserve) { m_buf.reserve(reserve); }
    void Write(std::span<const uint8_t> bytes) { m_buf.insert(m_buf.end(), bytes.begin(), bytes.end()); }
    const std::vector<uint8_t>& buffer() const { return m_buf; }
    std::vector<uint8_t> Take() { return std::move(m_buf); }

private:
    std::vector<uint8_t> m_buf;
};

/** Counts bytes only (serialized size without allocating). */
class SizeComputer
{
public:
    void Write(std::span<const uint8_t> bytes) { m_size += bytes.size(); }
    size_t size() const { return m_size; }

private:
    size_t m_size{0};
};

/** Streams serialized bytes into SHA-256 (optionally from a cached tagged-hash midstate). */
class HashWriter
{
public:
    HashWriter() = default;
    explicit HashWriter(const CSHA256& midstate) : m_sha{midstate} {}
    void Write(std::span<const uint8_t> bytes) { m_sha.Write(bytes); }
    /** SHA-256 of the bytes written (single hash; tagged if built from a tagged midstate). */
    uint256 GetSHA256()
    {
        std::array<uint8_t, 32> out;
        m_sha.Finalize(out);
        return uint256{out};
    }
    /** SHA-256d of the bytes written. */
    uint256 GetHash()
    {
        std::array<uint8_t, 32> out;
        m_sha.Finalize(out);
        return uint256{Sha256(out)};
    }

private:
    CSHA256 m_sha;
};

// ---- Writing primitives (W is any writer above) ----

template <typename W, typename T>
void WriteLE(W& w, T v)
{
    static_assert(std::is_integral_v<T>);
    uint8_t buf[sizeof(T)];
    std::memcpy(buf, &v, sizeof(T)); // little-endian host
    w.Write(buf);
}
template <typename W> void WriteU8(W& w, uint8_t v) { WriteLE(w, v); }
template <typename W> void WriteU16(W& w, uint16_t v) { WriteLE(w, v); }
template <typename W> void WriteU32(W& w, uint32_t v) { WriteLE(w, v); }
template <typename W> void WriteU64(W& w, uint64_t v) { WriteLE(w, v); }
template <typename W> void WriteI32(W& w, int32_t v) { WriteLE(w, v); }
template <typename W> void WriteI64(W& w, int64_t v) { WriteLE(w, v); }
template <typename W> void WriteUint256(W& w, const uint256& v) { w.Write(v.span()); }

/** Shortest CompactSize encoding of `n`. */
template <typename W>
void WriteCompactSize(W& w, uint64_t n)
{
    if (n < 253) {
        WriteU8(w, static_cast<uint8_t>(n));
    } else if (n <= 0xffff) {
        WriteU8(w, 253);
        WriteU16(w, static_cast<uint16_t>(n));
    } else if (n <= 0xffffffff) {
        WriteU8(w, 254);
        WriteU32(w, static_cast<uint32_t>(n));
    } else {
        WriteU8(w, 255);
        WriteU64(w, n);
    }
}

/** Bytes needed for the CompactSize of `n`. */
constexpr size_t CompactSizeLen(uint64_t n)
{
    return n < 253 ? 1 : n <= 0xffff ? 3 : n <= 0xffffffff ? 5 : 9;
}

/** CompactSize length then the bytes. */
template <typename W>
void WriteVarBytes(W& w, std::span<const uint8_t> bytes)
{
    WriteCompactSize(w, bytes.size());
    w.Write(bytes);
}

// ---- Entry points for types with `template <typename W> void Serialize(W&) const` and
//      `static std::optional<T> Unserialize(ByteReader&)` ----

/** The serialization of `obj` as a byte vector. */
template <typename T>
std::vector<uint8_t> Encode(const T& obj)
{
    SizeComputer sc;
    obj.Serialize(sc);
    ByteWriter w{sc.size()};
    obj.Serialize(w);
    return w.Take();
}

/** Serialized size of `obj` in bytes. */
template <typename T>
size_t SerializedSize(const T& obj)
{
    SizeComputer sc;
    obj.Serialize(sc);
    return sc.size();
}

/**
 * Decodes exactly one T occupying all of `in` (at most `max_size` bytes). The entry point for
 * untrusted input; never throws.
 */
template <typename T>
Decoded<T> DecodeFull(std::span<const uint8_t> in, size_t max_size = MAX_COMPACT_SIZE)
{
    if (in.size() > max_size) return DecodeFailure{DecodeError::INPUT_TOO_LARGE, "input too large", 0};
    ByteReader r{in};
    std::optional<T> v = T::Unserialize(r);
    if (!v || !r.ok()) {
        DecodeFailure f = r.failure();
        if (f.code == DecodeError::NONE) f = DecodeFailure{DecodeError::INVALID_VALUE, "invalid object", r.position()};
        return f;
    }
    if (!r.empty()) return DecodeFailure{DecodeError::TRAILING_DATA, "trailing data", r.position()};
    return std::move(*v);
}

#endif // DOTS_SERIALIZE_H
