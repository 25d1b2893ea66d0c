// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <crypto/bech32.h>
#include <util/strencodings.h>

#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <vector>

namespace {

std::string ToLowerStr(std::string s)
{
    for (auto& c : s) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
}

/**
 * Test-only BIP173/BIP350 segwit decoder, used to exercise ConvertBits' padding rules with
 * the official address vectors. Returns the scriptPubKey hex or nullopt.
 */
std::optional<std::string> DecodeSegwit(std::string_view hrp, std::string_view addr)
{
    const auto dec = bech32::Decode(addr);
    if (!dec || dec.hrp != hrp || dec.data.empty()) return std::nullopt;
    const uint8_t version = dec.data[0];
    if (version > 16) return std::nullopt;
    if ((version == 0) != (dec.encoding == bech32::Encoding::BECH32)) return std::nullopt;
    const auto prog = bech32::ConvertBits<5, 8, false>(std::span{dec.data}.subspan(1));
    if (!prog || prog->size() < 2 || prog->size() > 40) return std::nullopt;
    if (version == 0 && prog->size() != 20 && prog->size() != 32) return std::nullopt;
    std::vector<uint8_t> spk{static_cast<uint8_t>(version == 0 ? 0 : 0x50 + version), static_cast<uint8_t>(prog->size())};
    spk.insert(spk.end(), prog->begin(), prog->end());
    return HexStr(spk);
}

} // namespace

BOOST_AUTO_TEST_SUITE(bech32_tests)

BOOST_AUTO_TEST_CASE(bip173_valid_strings)
{
    const char* cases[] = {
        "A12UEL5L",
        "a12uel5l",
        "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
        "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
        "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
        "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
        "?1ezyfcl",
    };
    for (const std::string str : cases) {
        const auto dec = bech32::Decode(str);
        BOOST_CHECK_MESSAGE(dec && dec.encoding == bech32::Encoding::BECH32, str);
        const auto reenc = bech32::Encode(bech32::Encoding::BECH32, dec.hrp, dec.data);
        BOOST_REQUIRE(reenc.has_value());
        BOOST_CHECK_EQUAL(*reenc, ToLowerStr(str));
        // One substituted character is always detected.
        std::string bad = str;
        const size_t pos = str.rfind('1') + 1;
        bad[pos] = bad[pos] == 'q' ? 'p' : 'q';
        BOOST_CHECK(!bech32::Decode(bad));
    }
}

BOOST_AUTO_TEST_CASE(bip350_valid_strings)
{
    const char* cases[] = {
        "A1LQFN3A",
        "a1lqfn3a",
        "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
        "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
        "11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8",
        "split1checkupstagehandshakeupstreamerranterredcaperredlc445v",
        "?1v759aa",
    };
    for (const std::string str : cases) {
        const auto dec = bech32::Decode(str);
        BOOST_CHECK_MESSAGE(dec && dec.encoding == bech32::Encoding::BECH32M, str);
        const auto reenc = bech32::Encode(bech32::Encoding::BECH32M, dec.hrp, dec.data);
        BOOST_REQUIRE(reenc.has_value());
        BOOST_CHECK_EQUAL(*reenc, ToLowerStr(str));
        // The same data with the other constant is a different string.
        BOOST_CHECK(*bech32::Encode(bech32::Encoding::BECH32, dec.hrp, dec.data) != *reenc);
    }
}

BOOST_AUTO_TEST_CASE(bip173_bip350_invalid_strings)
{
    using E = bech32::Error;
    const std::pair<std::string, E> cases[] = {
        // BIP173
        {std::string(1, '\x20') + "1nwldj5", E::INVALID_CHARACTER},
        {std::string(1, '\x7f') + "1axkwrx", E::INVALID_CHARACTER},
        {std::string(1, '\x80') + "1eym55h", E::INVALID_CHARACTER},
        {"an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx", E::TOO_LONG},
        {"pzry9x0s0muk", E::NO_SEPARATOR},
        {"1pzry9x0s0muk", E::EMPTY_HRP},
        {"x1b4n0q5v", E::INVALID_CHARACTER},
        {"li1dgmt3", E::TOO_SHORT_CHECKSUM},
        {std::string("de1lg7wt") + '\xff', E::INVALID_CHARACTER},
        {"A1G7SGD8", E::INVALID_CHECKSUM},
        {"10a06t8", E::EMPTY_HRP},
        {"1qzzfhee", E::EMPTY_HRP},
        // BIP350
        {std::string(1, '\x20') + "1xj0phk", E::INVALID_CHARACTER},
        {std::string(1, '\x7f') + "1g6xzxy", E::INVALID_CHARACTER},
        {std::string(1, '\x80') + "1vctc34", E::INVALID_CHARACTER},
        {"an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4", E::TOO_LONG},
        {"qyrz8wqd2c9m", E::NO_SEPARATOR},
        {"1qyrz8wqd2c9m", E::EMPTY_HRP},
        {"y1b0jsk6g", E::INVALID_CHARACTER},
        {"lt1igcx5c0", E::INVALID_CHARACTER},
        {"in1muywd", E::TOO_SHORT_CHECKSUM},
        {"mm1crxm3i", E::INVALID_CHARACTER},
        {"au1s5cgom", E::INVALID_CHARACTER},
        {"M1VUXWEZ", E::INVALID_CHECKSUM},
        {"16plkw9", E::EMPTY_HRP},
        {"1p2gdwpf", E::EMPTY_HRP},
        // Ours: mixed case.
        {"A12uEL5L", E::MIXED_CASE},
    };
    for (const auto& [str, err] : cases) {
        const auto dec = bech32::Decode(str);
        BOOST_CHECK_MESSAGE(!dec, "accepted: " << str);
        BOOST_CHECK_MESSAGE(dec.error == err, str << ": got " << bech32::ErrorString(dec.error));
        BOOST_CHECK(dec.hrp.empty() && dec.data.empty());
    }
}

BOOST_AUTO_TEST_CASE(segwit_address_vectors_exercise_convertbits)
{
    const std::pair<const char*, const char*> valid[] = {
        {"BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "0014751e76e8199196d454941c45d1b3a323f1433bd6"},
        {"tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262"},
        {"bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y", "5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6"},
        {"BC1SW50QGDZ25J", "6002751e"},
        {"bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", "5210751e76e8199196d454941c45d1b3a323"},
        {"tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy", "0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433"},
        {"tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c", "5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433"},
        {"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"},
    };
    for (const auto& [addr, spk] : valid) {
        const std::string lower = ToLowerStr(addr);
        const std::string hrp = lower.substr(0, 2);
        const auto got = DecodeSegwit(hrp, addr);
        BOOST_CHECK_MESSAGE(got && *got == spk, addr);
    }
    const char* invalid[] = {
        "tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut",
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
        "tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf",
        "BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL",
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",
        "tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47",
        "bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4",
        "BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R",
        "bc1pw5dgrnzv",
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav",
        "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",
        "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq",
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf", // >4 bits zero padding
        "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j",   // non-zero padding
        "bc1gmk9yu",
    };
    for (const char* addr : invalid) {
        const std::string hrp = ToLowerStr(std::string(addr).substr(0, 2));
        BOOST_CHECK_MESSAGE(!DecodeSegwit(hrp == "tc" ? "tb" : hrp, addr), addr);
    }
}

BOOST_AUTO_TEST_CASE(encode_rejects_bad_arguments)
{
    const std::vector<uint8_t> data{0, 1, 2};
    BOOST_CHECK(!bech32::Encode(bech32::Encoding::BECH32M, "", data));
    BOOST_CHECK(!bech32::Encode(bech32::Encoding::BECH32M, "Upper", data));
    BOOST_CHECK(!bech32::Encode(bech32::Encoding::BECH32M, "a b", data));
    BOOST_CHECK(!bech32::Encode(bech32::Encoding::BECH32M, "hrp", std::vector<uint8_t>{32}));
    BOOST_CHECK(!bech32::Encode(bech32::Encoding::BECH32M, "hrp", std::vector<uint8_t>(90 - 4 - 6 + 1, 0)));
    BOOST_CHECK(bech32::Encode(bech32::Encoding::BECH32M, "hrp", std::vector<uint8_t>(90 - 4 - 6, 0)));
}

BOOST_AUTO_TEST_CASE(convertbits_round_trip)
{
    for (size_t len = 0; len < 70; ++len) {
        std::vector<uint8_t> bytes(len);
        for (size_t i = 0; i < len; ++i) bytes[i] = static_cast<uint8_t>(i * 37 + 11);
        const auto five = bech32::ConvertBits<8, 5, true>(bytes);
        BOOST_REQUIRE(five);
        BOOST_CHECK_EQUAL(five->size(), (len * 8 + 4) / 5);
        const auto back = bech32::ConvertBits<5, 8, false>(*five);
        BOOST_REQUIRE(back);
        BOOST_CHECK(*back == bytes);
    }
    // Out-of-range input values are rejected.
    const std::vector<uint8_t> out_of_range{32, 0};
    BOOST_CHECK((!bech32::ConvertBits<5, 8, false>(out_of_range)));
}

BOOST_AUTO_TEST_SUITE_END()
