// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_PRIMITIVES_UINT256_H
#define DOTS_PRIMITIVES_UINT256_H

/**
 * uint256, the 32-byte value of every hash on chain (txids, block hashes, merkle roots), with
 * Bitcoin's reversed hex display and a salted hasher for hash tables.
 */

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>

/**
 * An opaque 256-bit value: a hash (txid, block hash, merkle root) stored as the 32 bytes the
 * hash function produced. Value type; thread-compatible.
 *
 * Hex text uses Bitcoin's display order: the bytes reversed, so a block hash with leading zero
 * bits prints with leading zeros ("000000000019d6...") just as bitcoin-cli shows it. Ordering
 * (operator<=>) compares the stored bytes lexicographically; it is for containers, not numbers.
 */
class uint256
{
public:
    static constexpr size_t SIZE = 32;

    constexpr uint256() : m_data{} {}
    constexpr explicit uint256(const std::array<uint8_t, SIZE>& bytes) : m_data{bytes} {}
    explicit uint256(std::span<const uint8_t, SIZE> bytes) { std::memcpy(m_data.data(), bytes.data(), SIZE); }

    /**
     * Parses exactly 64 hex digits (either case) in display order. No "0x" prefix, no spaces,
     * no shorter strings. std::nullopt on any deviation.
     */
    static std::optional<uint256> FromHex(std::string_view hex);

    /** 64 lower-case hex digits in display (reversed) order. */
    std::string GetHex() const;
    std::string ToString() const { return GetHex(); }

    bool IsNull() const;
    void SetNull() { m_data.fill(0); }

    /** Little-endian 64-bit word `pos` (0..3) of the stored bytes: cheap hash-table keys. */
    uint64_t GetUint64(int pos) const
    {
        uint64_t v;
        std::memcpy(&v, m_data.data() + 8 * pos, 8);
        return v; // host is little-endian on all supported platforms (checked in uint256.cpp)
    }

    uint8_t* data() { return m_data.data(); }
    const uint8_t* data() const { return m_data.data(); }
    static constexpr size_t size() { return SIZE; }
    auto begin() { return m_data.begin(); }
    auto end() { return m_data.end(); }
    auto begin() const { return m_data.begin(); }
    auto end() const { return m_data.end(); }
    std::span<const uint8_t, SIZE> span() const { return m_data; }
    const std::array<uint8_t, SIZE>& bytes() const { return m_data; }

    friend bool operator==(const uint256&, const uint256&) = default;
    friend auto operator<=>(const uint256&, const uint256&) = default;

    static const uint256 ZERO;
    static const uint256 ONE; //!< stored byte 0 == 1, displays as 00..01

private:
    std::array<uint8_t, SIZE> m_data;
};

/**
 * Unsalted hasher (the first 8 stored bytes). Only for tables whose keys nobody else chooses:
 * anyone can grind txids or block hashes into one bucket. Use SaltedUint256Hasher otherwise.
 */
struct Uint256Hasher {
    size_t operator()(const uint256& v) const { return static_cast<size_t>(v.GetUint64(0)); }
};

/**
 * SipHash-2-4 with a random per-hasher key: the hasher for std::unordered_map/set keyed by
 * txids, wtxids or block hashes received from peers. Each constructed hasher draws a fresh key
 * (copies share it, as containers require). Thread-safe to call concurrently (const).
 */
class SaltedUint256Hasher
{
public:
    SaltedUint256Hasher();
    size_t operator()(const uint256& v) const;

private:
    uint64_t m_k0;
    uint64_t m_k1;
};

#endif // DOTS_PRIMITIVES_UINT256_H
