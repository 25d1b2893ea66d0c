// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <crypto/bech32.h>
#include <crypto/key.h>
#include <primitives/address.h>

#include <boost/test/unit_test.hpp>

#include <cctype>
#include <string>

BOOST_AUTO_TEST_SUITE(address_tests)

BOOST_AUTO_TEST_CASE(round_trip_per_network)
{
    for (int i = 0; i < 8; ++i) {
        const XOnlyPubKey pub = CKey::Generate().GetXOnlyPubKey();
        for (const OutputLock& lock : {OutputLock::ForKeyHash(pub), OutputLock::ForKey(pub)}) {
            for (const auto hrp : {ADDRESS_HRP_MAIN, ADDRESS_HRP_TEST, ADDRESS_HRP_REGTEST}) {
                const std::string addr = EncodeAddress(lock, hrp);
                BOOST_CHECK(addr.starts_with(std::string(hrp) + "1"));
                BOOST_CHECK_EQUAL(addr.size(), hrp.size() + 1 + 1 + 52 + 6);
                const auto dec = DecodeAddress(addr, hrp);
                BOOST_REQUIRE(dec);
                BOOST_CHECK(dec.lock == lock);
                // Upper case is accepted (QR codes), mixed case is not.
                std::string upper = addr;
                for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                BOOST_CHECK(DecodeAddress(upper, hrp));
                std::string mixed = addr;
                mixed[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(mixed[0])));
                BOOST_CHECK(DecodeAddress(mixed, hrp).error == AddressError::BAD_ENCODING);
            }
            // Another network's prefix is rejected.
            BOOST_CHECK(DecodeAddress(EncodeAddress(lock, ADDRESS_HRP_TEST), ADDRESS_HRP_MAIN).error ==
                        AddressError::WRONG_NETWORK);
            BOOST_CHECK(DecodeAddress(EncodeAddress(lock, ADDRESS_HRP_MAIN), ADDRESS_HRP_REGTEST).error ==
                        AddressError::WRONG_NETWORK);
        }
    }
    // Lock type 0 starts with 'q', type 1 with 'p' (same convention as segwit versions).
    OutputLock lock;
    BOOST_CHECK(EncodeAddress(lock, ADDRESS_HRP_MAIN).starts_with("dots1q"));
    lock.type = LockType::KEY;
    BOOST_CHECK(EncodeAddress(lock, ADDRESS_HRP_MAIN).starts_with("dots1p"));
}

BOOST_AUTO_TEST_CASE(strict_decoding)
{
    OutputLock lock;
    lock.program.fill(0x5a);
    const std::string good = EncodeAddress(lock, ADDRESS_HRP_MAIN);
    BOOST_REQUIRE(DecodeAddress(good, ADDRESS_HRP_MAIN));

    auto make = [](bech32::Encoding enc, std::vector<uint8_t> data) {
        return *bech32::Encode(enc, ADDRESS_HRP_MAIN, data);
    };
    std::vector<uint8_t> data{0};
    const auto prog5 = *bech32::ConvertBits<8, 5, true>(lock.program);
    data.insert(data.end(), prog5.begin(), prog5.end());

    // Same data with a Bech32 checksum.
    BOOST_CHECK(DecodeAddress(make(bech32::Encoding::BECH32, data), ADDRESS_HRP_MAIN).error == AddressError::NOT_BECH32M);
    // Unknown lock type.
    auto bad_type = data;
    bad_type[0] = 2;
    BOOST_CHECK(DecodeAddress(make(bech32::Encoding::BECH32M, bad_type), ADDRESS_HRP_MAIN).error == AddressError::BAD_LOCK_TYPE);
    // Program of 31 and 33 bytes.
    for (size_t len : {31, 33, 20, 0}) {
        std::vector<uint8_t> prog(len, 0x5a);
        std::vector<uint8_t> d{0};
        const auto p5 = *bech32::ConvertBits<8, 5, true>(prog);
        d.insert(d.end(), p5.begin(), p5.end());
        BOOST_CHECK(DecodeAddress(make(bech32::Encoding::BECH32M, d), ADDRESS_HRP_MAIN).error == AddressError::BAD_PROGRAM);
    }
    // Non-zero padding bits: 32 bytes = 256 bits -> 52 symbols with 4 padding bits.
    auto bad_pad = data;
    bad_pad.back() |= 1;
    BOOST_CHECK(DecodeAddress(make(bech32::Encoding::BECH32M, bad_pad), ADDRESS_HRP_MAIN).error == AddressError::BAD_PROGRAM);
    // Empty data.
    BOOST_CHECK(DecodeAddress(make(bech32::Encoding::BECH32M, {}), ADDRESS_HRP_MAIN).error == AddressError::BAD_PROGRAM);
    // Corrupted checksum, garbage, empty string.
    std::string corrupt = good;
    corrupt[10] = corrupt[10] == 'q' ? 'p' : 'q';
    BOOST_CHECK(DecodeAddress(corrupt, ADDRESS_HRP_MAIN).error == AddressError::BAD_ENCODING);
    BOOST_CHECK(DecodeAddress("", ADDRESS_HRP_MAIN).error == AddressError::BAD_ENCODING);
    BOOST_CHECK(DecodeAddress("dots1", ADDRESS_HRP_MAIN).error == AddressError::BAD_ENCODING);
    BOOST_CHECK(!AddressErrorString(AddressError::WRONG_NETWORK).empty());
}

BOOST_AUTO_TEST_SUITE_END()
