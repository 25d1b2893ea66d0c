// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <crypto/key.h>
#include <crypto/sha256.h>
#include <util/strencodings.h>

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <string>
#include <vector>

#ifndef DOTS_SOURCE_DIR
#error "DOTS_SOURCE_DIR must point at the source tree (set by src/test/Makefile.inc)"
#endif

namespace {

std::vector<uint8_t> Hex(std::string_view hex)
{
    auto v = TryParseHex(hex);
    BOOST_REQUIRE_MESSAGE(v.has_value(), "bad hex in vector file: " << hex);
    return *v;
}

std::vector<std::string> SplitCsvLine(const std::string& line)
{
    std::vector<std::string> fields;
    std::string cur;
    for (char c : line) {
        if (c == ',') {
            fields.push_back(cur);
            cur.clear();
        } else if (c != '\r') {
            cur.push_back(c);
        }
    }
    fields.push_back(cur);
    return fields;
}

template <size_t N>
std::span<const uint8_t, N> Fixed(const std::vector<uint8_t>& v)
{
    BOOST_REQUIRE_EQUAL(v.size(), N);
    return std::span<const uint8_t, N>{v.data(), N};
}

} // namespace

BOOST_AUTO_TEST_SUITE(key_tests)

// BIP340 test-vectors.csv from the bitcoin/bips repository (src/test/data/).
BOOST_AUTO_TEST_CASE(bip340_official_vectors)
{
    const std::string path = DOTS_SOURCE_DIR "/src/test/data/bip340_test_vectors.csv";
    std::ifstream file{path};
    BOOST_REQUIRE_MESSAGE(file.is_open(), "cannot open " << path);
    std::string line;
    std::getline(file, line); // header
    BOOST_REQUIRE(line.starts_with("index,secret key,public key"));
    int vectors = 0, signed_vectors = 0, invalid_vectors = 0;
    while (std::getline(file, line)) {
        if (line.empty()) continue;
        const auto f = SplitCsvLine(line);
        BOOST_REQUIRE_GE(f.size(), 7U);
        const std::string& index = f[0];
        const auto pubkey_bytes = Hex(f[2]);
        const auto msg = Hex(f[4]);
        const auto sig = Hex(f[5]);
        const bool expected = f[6] == "TRUE";
        BOOST_REQUIRE(f[6] == "TRUE" || f[6] == "FALSE");

        const XOnlyPubKey pubkey{Fixed<32>(pubkey_bytes)};
        BOOST_CHECK_MESSAGE(pubkey.Verify(msg, Fixed<64>(sig)) == expected, "vector " << index);
        if (!expected) ++invalid_vectors;

        if (!f[1].empty()) {
            const auto secret = Hex(f[1]);
            const auto aux = Hex(f[3]);
            const auto key = CKey::FromBytes(Fixed<32>(secret));
            BOOST_REQUIRE_MESSAGE(key, "vector " << index);
            BOOST_CHECK_MESSAGE(key->GetXOnlyPubKey() == pubkey, "vector " << index);
            const auto made = key->SignWithAux(msg, Fixed<32>(aux));
            BOOST_REQUIRE_MESSAGE(made, "vector " << index);
            BOOST_CHECK_MESSAGE(HexStr(*made) == HexStr(sig), "vector " << index << " signature mismatch");
            ++signed_vectors;
        }
        ++vectors;
    }
    // The file has 19 vectors, 8 with secret keys, 10 expected to fail: make sure none was skipped.
    BOOST_CHECK_EQUAL(vectors, 19);
    BOOST_CHECK_EQUAL(signed_vectors, 8);
    BOOST_CHECK_EQUAL(invalid_vectors, 10);
}

BOOST_AUTO_TEST_CASE(sign_verify_round_trip_and_tampering)
{
    for (int i = 0; i < 16; ++i) {
        const CKey key = CKey::Generate();
        BOOST_REQUIRE(key.IsValid());
        const XOnlyPubKey pub = key.GetXOnlyPubKey();
        BOOST_CHECK(pub.IsFullyValid());

        const std::string text = "DOTS message " + std::to_string(i);
        const auto msg = Sha256({reinterpret_cast<const uint8_t*>(text.data()), text.size()});
        const auto sig = key.Sign(msg);
        BOOST_REQUIRE(sig);
        BOOST_CHECK(pub.Verify(msg, *sig));

        // Fresh aux randomness: two signatures of the same message differ, both valid.
        const auto sig2 = key.Sign(msg);
        BOOST_REQUIRE(sig2);
        BOOST_CHECK(*sig != *sig2);
        BOOST_CHECK(pub.Verify(msg, *sig2));

        // Any flipped bit in the signature, message or key breaks verification.
        for (size_t bit = 0; bit < 64 * 8; bit += 37) {
            auto bad = *sig;
            bad[bit / 8] ^= static_cast<uint8_t>(1 << (bit % 8));
            BOOST_CHECK(!pub.Verify(msg, bad));
        }
        for (size_t bit = 0; bit < 32 * 8; bit += 29) {
            auto bad_msg = msg;
            bad_msg[bit / 8] ^= static_cast<uint8_t>(1 << (bit % 8));
            BOOST_CHECK(!pub.Verify(bad_msg, *sig));
            std::array<uint8_t, 32> bad_pub_bytes;
            std::copy(pub.bytes().begin(), pub.bytes().end(), bad_pub_bytes.begin());
            bad_pub_bytes[bit / 8] ^= static_cast<uint8_t>(1 << (bit % 8));
            BOOST_CHECK(!XOnlyPubKey{bad_pub_bytes}.Verify(msg, *sig));
        }
        // Another key's signature does not verify under this key.
        const CKey other = CKey::Generate();
        BOOST_CHECK(!other.GetXOnlyPubKey().Verify(msg, *sig));
        BOOST_CHECK(!pub.Verify(msg, *other.Sign(msg)));
    }
}

BOOST_AUTO_TEST_CASE(secret_key_range)
{
    std::array<uint8_t, 32> zero{};
    BOOST_CHECK(!CKey::FromBytes(zero));
    // The group order n and n+1 are invalid; n-1 is valid.
    auto n = Hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");
    BOOST_CHECK(!CKey::FromBytes(Fixed<32>(n)));
    n[31] = 0x42;
    BOOST_CHECK(!CKey::FromBytes(Fixed<32>(n)));
    n[31] = 0x40;
    BOOST_CHECK(CKey::FromBytes(Fixed<32>(n)));
    const auto all_ff = std::vector<uint8_t>(32, 0xff);
    BOOST_CHECK(!CKey::FromBytes(Fixed<32>(all_ff)));

    // An invalid (default) key refuses to sign and has the invalid zero public key.
    const CKey invalid;
    std::array<uint8_t, 32> msg{};
    BOOST_CHECK(!invalid.IsValid());
    BOOST_CHECK(!invalid.Sign(msg));
    BOOST_CHECK(!invalid.GetXOnlyPubKey().IsFullyValid());
    BOOST_CHECK(!XOnlyPubKey{}.Verify(msg, (std::array<uint8_t, 64>{})));
}

BOOST_AUTO_TEST_CASE(key_copy_keeps_secret)
{
    const CKey a = CKey::Generate();
    CKey b;
    b = a;
    const CKey c{b};
    BOOST_CHECK(c.IsValid());
    BOOST_CHECK(c.GetXOnlyPubKey() == a.GetXOnlyPubKey());
    BOOST_CHECK(std::equal(c.SecretBytes().begin(), c.SecretBytes().end(), a.SecretBytes().begin()));
    const auto round = CKey::FromBytes(a.SecretBytes());
    BOOST_REQUIRE(round);
    BOOST_CHECK(round->GetXOnlyPubKey() == a.GetXOnlyPubKey());
}

BOOST_AUTO_TEST_SUITE_END()
