// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <crypto/hmac_sha256.h>
#include <crypto/random.h>
#include <crypto/sha256.h>
#include <crypto/siphash.h>
#include <crypto/tagged_hash.h>
#include <util/strencodings.h>

#include <boost/test/unit_test.hpp>

#include <secp256k1.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace {

std::span<const uint8_t> Bytes(std::string_view s)
{
    return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

std::vector<uint8_t> Hex(std::string_view hex)
{
    auto v = TryParseHex(hex);
    BOOST_REQUIRE_MESSAGE(v.has_value(), "bad hex in test: " << hex);
    return *v;
}

std::vector<uint8_t> Vec(std::string_view s)
{
    return {s.begin(), s.end()};
}

/** Hashes `msg` in one call and in every two-piece split; all must give `expected_hex`. */
void CheckSha256(std::string_view msg, std::string_view expected_hex)
{
    BOOST_CHECK_EQUAL(HexStr(Sha256(Bytes(msg))), expected_hex);
    const size_t step = msg.size() > 300 ? msg.size() / 7 : 1;
    for (size_t split = 0; split <= msg.size(); split += step) {
        std::array<uint8_t, 32> out;
        CSHA256 h;
        h.Write(Bytes(msg.substr(0, split))).Write(Bytes(msg.substr(split))).Finalize(out);
        BOOST_CHECK_EQUAL(HexStr(out), expected_hex);
        BOOST_CHECK_EQUAL(h.Size(), msg.size());
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(crypto_tests)

// FIPS 180-4 examples / NIST CAVP short and long messages.
BOOST_AUTO_TEST_CASE(sha256_nist_vectors)
{
    CheckSha256("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CheckSha256("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CheckSha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CheckSha256("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
                "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    CheckSha256(std::string(1000000, 'a'), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    // Lengths around the 55/56/64-byte padding boundaries, checked against the streaming path.
    for (size_t len : {55, 56, 57, 63, 64, 65, 119, 120, 128}) {
        std::string msg(len, 'x');
        std::array<uint8_t, 32> streamed;
        CSHA256 h;
        for (char c : msg) h.Write(Bytes(std::string_view{&c, 1}));
        h.Finalize(streamed);
        BOOST_CHECK(streamed == Sha256(Bytes(msg)));
    }
}

BOOST_AUTO_TEST_CASE(sha256_reset_and_copy)
{
    CSHA256 a;
    a.Write(Bytes("garbage"));
    a.Reset();
    std::array<uint8_t, 32> out;
    a.Write(Bytes("abc")).Finalize(out);
    BOOST_CHECK_EQUAL(HexStr(out), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    // A copy carries the midstate and is independent of the original.
    CSHA256 prefix;
    prefix.Write(Bytes("ab"));
    CSHA256 copy{prefix};
    copy.Write(Bytes("c")).Finalize(out);
    BOOST_CHECK_EQUAL(HexStr(out), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    prefix.Write(Bytes("d")).Finalize(out);
    BOOST_CHECK(out == Sha256(Bytes("abd")));
}

BOOST_AUTO_TEST_CASE(sha256_transform_matches_padding_free_block)
{
    // One compression of the padded block for "abc" from H(0) is SHA-256("abc").
    std::array<uint8_t, 64> block{};
    block[0] = 'a'; block[1] = 'b'; block[2] = 'c'; block[3] = 0x80; block[63] = 24;
    auto state = Sha256InitialState();
    Sha256Transform(state, block);
    std::array<uint8_t, 32> out;
    for (int i = 0; i < 8; ++i) {
        for (int j = 0; j < 4; ++j) out[4 * i + j] = static_cast<uint8_t>(state[i] >> (24 - 8 * j));
    }
    BOOST_CHECK_EQUAL(HexStr(out), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

BOOST_AUTO_TEST_CASE(sha256d_bitcoin_genesis_header)
{
    // Bitcoin's genesis block header; its hash is displayed byte-reversed.
    const auto header = Hex("0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c");
    BOOST_REQUIRE_EQUAL(header.size(), 80U);
    auto hash = Sha256d(header);
    std::reverse(hash.begin(), hash.end());
    BOOST_CHECK_EQUAL(HexStr(hash), "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
    // And sha256d == sha256(sha256()).
    const auto once = Sha256(header);
    BOOST_CHECK(Sha256d(header) == Sha256(once));
}

BOOST_AUTO_TEST_CASE(sha256d_every_length_matches_streaming)
{
    // Sha256d against the streaming CSHA256 on both sides of every padding boundary.
    std::vector<uint8_t> data;
    for (size_t len = 0; len <= 300; ++len) {
        std::array<uint8_t, 32> first, second;
        CSHA256{}.Write(data).Finalize(first);
        CSHA256{}.Write(first).Finalize(second);
        BOOST_CHECK_MESSAGE(Sha256d(data) == second, "length " << len);
        data.push_back(static_cast<uint8_t>(len * 131 + 7));
    }
}

// RFC 4231 section 4, test cases 1-7.
BOOST_AUTO_TEST_CASE(hmac_sha256_rfc4231)
{
    struct Case {
        std::vector<uint8_t> key;
        std::vector<uint8_t> data;
        std::string mac_hex; // case 5 is truncated to 128 bits
    };
    const std::string long_data = "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.";
    std::vector<uint8_t> key4;
    for (uint8_t i = 1; i <= 25; ++i) key4.push_back(i);
    const std::vector<Case> cases{
        {std::vector<uint8_t>(20, 0x0b), Vec("Hi There"), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
        {Vec("Jefe"), Vec("what do ya want for nothing?"), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
        {std::vector<uint8_t>(20, 0xaa), std::vector<uint8_t>(50, 0xdd), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
        {key4, std::vector<uint8_t>(50, 0xcd), "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
        {std::vector<uint8_t>(20, 0x0c), Vec("Test With Truncation"), "a3b6167473100ee06e0c796c2955552b"},
        {std::vector<uint8_t>(131, 0xaa), Vec("Test Using Larger Than Block-Size Key - Hash Key First"), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
        {std::vector<uint8_t>(131, 0xaa), Vec(long_data), "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
    };
    for (const auto& c : cases) {
        const auto mac = HmacSha256(c.key, c.data);
        BOOST_CHECK_EQUAL(HexStr(std::span{mac}.first(c.mac_hex.size() / 2)), c.mac_hex);
        // Streaming in two pieces gives the same MAC.
        std::array<uint8_t, 32> streamed;
        const size_t half = c.data.size() / 2;
        CHMAC_SHA256{c.key}.Write(std::span{c.data}.first(half)).Write(std::span{c.data}.subspan(half)).Finalize(streamed);
        BOOST_CHECK(streamed == mac);
    }
}

BOOST_AUTO_TEST_CASE(tagged_hash_matches_definition_and_libsecp256k1)
{
    const std::string tag = "BIP0340/challenge";
    const auto msg = Bytes("some message bytes of arbitrary length, longer than one block..........");
    // Definition: SHA256(SHA256(tag) || SHA256(tag) || msg).
    const auto tag_hash = Sha256(Bytes(tag));
    std::array<uint8_t, 32> expected;
    CSHA256{}.Write(tag_hash).Write(tag_hash).Write(msg).Finalize(expected);
    BOOST_CHECK(TaggedHash(tag, msg) == expected);

    // Independent implementation: libsecp256k1's secp256k1_tagged_sha256.
    std::array<uint8_t, 32> lib;
    BOOST_REQUIRE(secp256k1_tagged_sha256(secp256k1_context_static, lib.data(),
                                          reinterpret_cast<const unsigned char*>(tag.data()), tag.size(),
                                          msg.data(), msg.size()));
    BOOST_CHECK(lib == expected);

    // A cached hasher is reusable by copy; different tags give different hashes.
    const CSHA256 cached{TaggedHasher(tag)};
    for (int i = 0; i < 3; ++i) {
        std::array<uint8_t, 32> out;
        CSHA256{cached}.Write(msg).Finalize(out);
        BOOST_CHECK(out == expected);
    }
    BOOST_CHECK(TaggedHash("BIP0340/aux", msg) != expected);
    BOOST_CHECK(TaggedHash(tag, msg.first(msg.size() - 1)) != expected);
}

// SipHash-2-4 reference vectors (SipHash paper, appendix A and the reference test vectors):
// key 00 01 .. 0f, message 00 01 .. (len-1).
BOOST_AUTO_TEST_CASE(siphash_reference_vectors)
{
    const uint64_t k0 = 0x0706050403020100ULL, k1 = 0x0f0e0d0c0b0a0908ULL;
    const std::pair<size_t, uint64_t> cases[] = {
        {0, 0x726fdb47dd0e0e31ULL},
        {15, 0xa129ca6149be45e5ULL},
    };
    for (const auto& [len, expected] : cases) {
        std::vector<uint8_t> msg(len);
        for (size_t i = 0; i < len; ++i) msg[i] = static_cast<uint8_t>(i);
        BOOST_CHECK_EQUAL(CSipHasher(k0, k1).Write(msg).Finalize(), expected);
        // Byte-at-a-time writes give the same tag.
        CSipHasher h(k0, k1);
        for (uint8_t b : msg) h.Write(std::span{&b, 1});
        BOOST_CHECK_EQUAL(h.Finalize(), expected);
    }
    // The 32-byte fast path matches the generic one, and the key matters.
    std::array<uint8_t, 32> v;
    for (size_t i = 0; i < 32; ++i) v[i] = static_cast<uint8_t>(i * 7);
    BOOST_CHECK_EQUAL(SipHash32Bytes(k0, k1, v), CSipHasher(k0, k1).Write(v).Finalize());
    BOOST_CHECK(SipHash32Bytes(k0, k1, v) != SipHash32Bytes(k0 ^ 1, k1, v));
}

BOOST_AUTO_TEST_CASE(strong_random_bytes)
{
    // Not a statistical test: it catches a generator that returns zeros or repeats.
    std::array<uint8_t, 32> a{}, b{};
    GetStrongRandBytes(a);
    GetStrongRandBytes(b);
    BOOST_CHECK(a != b);
    BOOST_CHECK(a != (std::array<uint8_t, 32>{}));
    std::vector<uint8_t> big(100000);
    GetStrongRandBytes(big);
    std::array<int, 256> counts{};
    for (uint8_t v : big) ++counts[v];
    for (int c : counts) BOOST_CHECK(c > 200 && c < 600); // expected ~390
}

BOOST_AUTO_TEST_CASE(fast_random)
{
    std::set<uint64_t> seen;
    for (int i = 0; i < 1000; ++i) seen.insert(GetRandUint64());
    BOOST_CHECK_EQUAL(seen.size(), 1000U);

    for (uint64_t range : {1ull, 2ull, 3ull, 7ull, 1000ull, (1ull << 63) + 1}) {
        for (int i = 0; i < 200; ++i) BOOST_CHECK(GetRandRange(range) < range);
    }
    BOOST_CHECK_EQUAL(GetRandRange(0), 0U);

    // Deterministic seeding reproduces the stream; different seeds differ.
    FastRandomContext r1{42}, r2{42}, r3{43};
    for (int i = 0; i < 10; ++i) {
        const uint64_t v = r1.Rand64();
        BOOST_CHECK_EQUAL(v, r2.Rand64());
        BOOST_CHECK(v != r3.Rand64());
    }
    // RandRange covers every value of a small range.
    std::array<int, 6> hits{};
    for (int i = 0; i < 600; ++i) ++hits[r1.RandRange(6)];
    for (int h : hits) BOOST_CHECK(h > 50);
}

BOOST_AUTO_TEST_SUITE_END()
