// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <primitives/uint256.h>
#include <serialize.h>
#include <util/strencodings.h>

#include <boost/test/unit_test.hpp>

#include <limits>
#include <unordered_set>
#include <vector>

namespace {

std::vector<uint8_t> Hex(std::string_view hex)
{
    auto v = TryParseHex(hex);
    BOOST_REQUIRE(v.has_value());
    return *v;
}

std::vector<uint8_t> CompactBytes(uint64_t n)
{
    ByteWriter w;
    WriteCompactSize(w, n);
    return w.Take();
}

std::optional<uint64_t> ReadCompact(const std::vector<uint8_t>& bytes, DecodeError* err = nullptr,
                                    uint64_t max = std::numeric_limits<uint64_t>::max())
{
    ByteReader r{bytes};
    auto v = r.ReadCompactSize(max);
    if (err) *err = r.failure().code;
    if (v && !r.empty()) return std::nullopt;
    return v;
}

/** A small composite type to exercise DecodeFull. */
struct Sample {
    uint32_t a{0};
    std::vector<uint8_t> blob;
    template <typename W>
    void Serialize(W& w) const
    {
        WriteU32(w, a);
        WriteVarBytes(w, blob);
    }
    static std::optional<Sample> Unserialize(ByteReader& r)
    {
        auto a = r.ReadU32("a");
        auto blob = r.ReadVarBytes(100, "blob");
        if (!a || !blob) return std::nullopt;
        return Sample{*a, std::move(*blob)};
    }
    friend bool operator==(const Sample&, const Sample&) = default;
};

} // namespace

BOOST_AUTO_TEST_SUITE(serialize_tests)

BOOST_AUTO_TEST_CASE(integers_little_endian)
{
    ByteWriter w;
    WriteU8(w, 0x01);
    WriteU16(w, 0x0302);
    WriteU32(w, 0x07060504);
    WriteU64(w, 0x0f0e0d0c0b0a0908ull);
    WriteI64(w, -2);
    WriteI32(w, -1);
    BOOST_CHECK_EQUAL(HexStr(w.buffer()), "0102030405060708090a0b0c0d0e0ffeffffffffffffffffffffff");

    ByteReader r{w.buffer()};
    BOOST_CHECK_EQUAL(*r.ReadU8(), 0x01);
    BOOST_CHECK_EQUAL(*r.ReadU16(), 0x0302);
    BOOST_CHECK_EQUAL(*r.ReadU32(), 0x07060504U);
    BOOST_CHECK_EQUAL(*r.ReadU64(), 0x0f0e0d0c0b0a0908ull);
    BOOST_CHECK_EQUAL(*r.ReadI64(), -2);
    BOOST_CHECK_EQUAL(*r.ReadI32(), -1);
    BOOST_CHECK(r.empty() && r.ok());
}

BOOST_AUTO_TEST_CASE(compact_size_round_trip_and_lengths)
{
    const std::pair<uint64_t, const char*> cases[] = {
        {0, "00"}, {252, "fc"}, {253, "fdfd00"}, {0xffff, "fdffff"}, {0x10000, "fe00000100"},
        {0xffffffff, "feffffffff"}, {0x100000000ull, "ff0000000001000000"},
        {0xffffffffffffffffull, "ffffffffffffffffff"},
    };
    for (const auto& [n, hex] : cases) {
        const auto bytes = CompactBytes(n);
        BOOST_CHECK_EQUAL(HexStr(bytes), hex);
        BOOST_CHECK_EQUAL(bytes.size(), CompactSizeLen(n));
        BOOST_CHECK_EQUAL(ReadCompact(bytes).value_or(12345), n);
    }
}

BOOST_AUTO_TEST_CASE(compact_size_non_canonical_rejected)
{
    // Every value that has a shorter form, in every longer form, is rejected.
    const char* non_canonical[] = {
        "fd0000", "fdfc00",                 // < 253 in 3 bytes
        "fe00000000", "feffff0000",         // <= 0xffff in 5 bytes
        "ff0000000000000000", "ffffffffff00000000", // <= 0xffffffff in 9 bytes
    };
    for (const char* hex : non_canonical) {
        DecodeError err{};
        BOOST_CHECK_MESSAGE(!ReadCompact(Hex(hex), &err), hex);
        BOOST_CHECK(err == DecodeError::NON_CANONICAL_SIZE);
    }
    // The smallest canonical value of each width is accepted.
    BOOST_CHECK(ReadCompact(Hex("fdfd00")));
    BOOST_CHECK(ReadCompact(Hex("fe00000100")));
    BOOST_CHECK(ReadCompact(Hex("ff0000000001000000")));
}

BOOST_AUTO_TEST_CASE(compact_size_limits_and_truncation)
{
    DecodeError err{};
    // Default limit MAX_COMPACT_SIZE.
    {
        const auto at = CompactBytes(MAX_COMPACT_SIZE);
        ByteReader r{at};
        BOOST_CHECK(r.ReadCompactSize());
        const auto over = CompactBytes(MAX_COMPACT_SIZE + 1);
        ByteReader r2{over};
        BOOST_CHECK(!r2.ReadCompactSize());
        BOOST_CHECK(r2.failure().code == DecodeError::SIZE_TOO_LARGE);
    }
    BOOST_CHECK(!ReadCompact(Hex("fd01"), &err));
    BOOST_CHECK(err == DecodeError::TRUNCATED);
    BOOST_CHECK(!ReadCompact(Hex("fe010000"), &err));
    BOOST_CHECK(err == DecodeError::TRUNCATED);
    BOOST_CHECK(!ReadCompact(Hex(""), &err));
    BOOST_CHECK(err == DecodeError::TRUNCATED);

    // ReadCount bounds a count by the remaining input.
    std::vector<uint8_t> claim = CompactBytes(1000);
    claim.resize(claim.size() + 999 * 4, 0);
    ByteReader r{claim};
    BOOST_CHECK(!r.ReadCount(MAX_COMPACT_SIZE, 4, "count"));
    BOOST_CHECK(r.failure().code == DecodeError::TRUNCATED);
    claim.resize(claim.size() + 4, 0);
    ByteReader r2{claim};
    BOOST_CHECK_EQUAL(r2.ReadCount(MAX_COMPACT_SIZE, 4, "count").value_or(0), 1000U);
}

BOOST_AUTO_TEST_CASE(reader_failure_is_sticky)
{
    const auto bytes = Hex("0102");
    ByteReader r{bytes};
    BOOST_CHECK(!r.ReadU32("first"));
    BOOST_CHECK(r.failure().code == DecodeError::TRUNCATED);
    BOOST_CHECK_EQUAL(std::string(r.failure().what), "first");
    BOOST_CHECK_EQUAL(r.failure().offset, 0U);
    // Later reads fail and do not overwrite the first failure or advance.
    BOOST_CHECK(!r.ReadU8("second"));
    BOOST_CHECK_EQUAL(std::string(r.failure().what), "first");
    BOOST_CHECK_EQUAL(r.position(), 0U);
}

BOOST_AUTO_TEST_CASE(decode_full_round_trip_truncation_trailing)
{
    const Sample s{0xdeadbeef, {1, 2, 3, 4, 5}};
    const auto bytes = Encode(s);
    BOOST_CHECK_EQUAL(bytes.size(), SerializedSize(s));
    BOOST_CHECK_EQUAL(HexStr(bytes), "efbeadde050102030405");
    auto d = DecodeFull<Sample>(bytes);
    BOOST_REQUIRE(d);
    BOOST_CHECK(*d == s);

    // Every strict prefix is truncated.
    for (size_t len = 0; len < bytes.size(); ++len) {
        auto t = DecodeFull<Sample>(std::span{bytes}.first(len));
        BOOST_CHECK(!t);
        BOOST_CHECK(t.failure().code == DecodeError::TRUNCATED);
    }
    // Trailing bytes are rejected.
    auto longer = bytes;
    longer.push_back(0);
    auto t = DecodeFull<Sample>(longer);
    BOOST_CHECK(!t);
    BOOST_CHECK(t.failure().code == DecodeError::TRAILING_DATA);
    BOOST_CHECK_EQUAL(t.failure().offset, bytes.size());
    // Oversized: a blob above the type's limit, and an input above the entry-point limit.
    const Sample big{1, std::vector<uint8_t>(101, 7)};
    auto o = DecodeFull<Sample>(Encode(big));
    BOOST_CHECK(!o);
    BOOST_CHECK(o.failure().code == DecodeError::SIZE_TOO_LARGE);
    auto o2 = DecodeFull<Sample>(bytes, bytes.size() - 1);
    BOOST_CHECK(o2.failure().code == DecodeError::INPUT_TOO_LARGE);
}

BOOST_AUTO_TEST_CASE(uint256_hex_display_order)
{
    const std::string hex = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f";
    const auto v = uint256::FromHex(hex);
    BOOST_REQUIRE(v);
    BOOST_CHECK_EQUAL(v->GetHex(), hex);
    // Stored bytes are reversed: the first stored byte is the last displayed pair.
    BOOST_CHECK_EQUAL(v->data()[0], 0x6f);
    BOOST_CHECK_EQUAL(v->data()[31], 0x00);
    BOOST_CHECK_EQUAL(uint256::FromHex("000000000019D6689C085AE165831E934FF763AE46A2A6C172B3F1B60A8CE26F")->GetHex(), hex);
    BOOST_CHECK_EQUAL(uint256::ONE.GetHex(), std::string(63, '0') + "1");
    BOOST_CHECK(uint256::ZERO.IsNull());
    BOOST_CHECK(!uint256::ONE.IsNull());

    BOOST_CHECK(!uint256::FromHex(hex.substr(1)));
    BOOST_CHECK(!uint256::FromHex(hex + "0"));
    BOOST_CHECK(!uint256::FromHex("0x" + hex.substr(2)));
    BOOST_CHECK(!uint256::FromHex(std::string(63, '0') + "g"));
    BOOST_CHECK(!uint256::FromHex(""));

    // Serialization writes the stored bytes.
    ByteWriter w;
    WriteUint256(w, *v);
    BOOST_CHECK_EQUAL(HexStr(w.buffer()), "6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000");
}

BOOST_AUTO_TEST_CASE(salted_uint256_hasher)
{
    const SaltedUint256Hasher h1, h2;
    const uint256 a = *uint256::FromHex(std::string(63, '0') + "a");
    const SaltedUint256Hasher h1_copy{h1};
    BOOST_CHECK_EQUAL(h1(a), h1(a));
    BOOST_CHECK_EQUAL(h1_copy(a), h1(a));
    BOOST_CHECK(h1(a) != h2(a)); // independent random keys (fails with probability 2^-64)
    BOOST_CHECK(h1(a) != h1(uint256::ONE));
    std::unordered_set<uint256, SaltedUint256Hasher> set;
    set.insert(a);
    set.insert(uint256::ONE);
    set.insert(a);
    BOOST_CHECK_EQUAL(set.size(), 2U);
    BOOST_CHECK(set.count(uint256::ONE) == 1 && set.count(uint256::ZERO) == 0);
}

BOOST_AUTO_TEST_CASE(hash_writer_matches_buffer_hash)
{
    const Sample s{7, {9, 9, 9}};
    HashWriter hw;
    s.Serialize(hw);
    BOOST_CHECK(hw.GetHash() == uint256{Sha256d(Encode(s))});
    HashWriter hw2;
    s.Serialize(hw2);
    BOOST_CHECK(hw2.GetSHA256() == uint256{Sha256(Encode(s))});
}

BOOST_AUTO_TEST_SUITE_END()
