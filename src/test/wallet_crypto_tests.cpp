// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The wallet's cryptography against published vectors: BIP39 (words, seeds), BIP32 (hardened
// derivation, xprv text), scrypt (RFC 7914), the descriptor checksum (BIP 380), and AES-256-GCM's
// refusal of wrong keys, modified data and swapped records.

#include <util/strencodings.h>
#include <wallet/crypter.h>
#include <wallet/hdkey.h>
#include <wallet/keychain.h>
#include <wallet/mnemonic.h>

#include <boost/test/unit_test.hpp>

#include <set>

using namespace wallet;

namespace {
std::vector<uint8_t> Hex(std::string_view hex) { return *TryParseHex(hex); }
std::string Str(const SecureString& s) { return std::string{s.data(), s.size()}; }
} // namespace

BOOST_AUTO_TEST_SUITE(wallet_crypto_tests)

BOOST_AUTO_TEST_CASE(bip39_vectors)
{
    // Trezor's BIP39 vectors (passphrase "TREZOR"), checked against python3-mnemonic.
    const auto zero = Hex("00000000000000000000000000000000");
    const SecureString words = EntropyToMnemonic(zero);
    BOOST_CHECK_EQUAL(Str(words), "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about");
    BOOST_CHECK_EQUAL(HexStr(MnemonicToSeed(Str(words), "TREZOR")),
                      "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04");
    const std::vector<uint8_t> seven_f(32, 0x7f);
    const SecureString words24 = EntropyToMnemonic(seven_f);
    BOOST_CHECK_EQUAL(Str(words24), "legal winner thank year wave sausage worth useful legal winner thank year wave sausage worth useful "
                                    "legal winner thank year wave sausage worth title");
    BOOST_CHECK_EQUAL(HexStr(MnemonicToSeed(Str(words24), "TREZOR")),
                      "bc09fca1804f7e69da93c2f2028eb238c227f2e9dda30cd63699232578480a4021b146ad717fbb7e451ce9eb835f43620bf5c514db0f8add49f5d121449d3e87");
    BOOST_CHECK_EQUAL(HexStr(MnemonicToSeed("ozone drill grab fiber curtain grace pudding thank cruise elder eight picnic")),
                      "e2f88a043776c828063d4c3c97173944d32cf847a925b6e40b0b8bd0b4bead3ba734bdda5250d4698b310a71c9934e1a48e562315ce22bf85f89459df0e73a6c");

    std::string error;
    auto entropy = MnemonicToEntropy("  Legal WINNER thank year wave sausage worth useful legal winner thank year wave sausage worth useful "
                                     "legal winner thank year wave sausage worth title\n", error);
    BOOST_REQUIRE(entropy);
    BOOST_CHECK(std::equal(entropy->begin(), entropy->end(), seven_f.begin(), seven_f.end()));
}

BOOST_AUTO_TEST_CASE(bip39_errors_name_the_problem)
{
    std::string error;
    BOOST_CHECK(!MnemonicToEntropy("abandon abandon abandon", error));
    BOOST_CHECK_EQUAL(error, "a mnemonic has 12, 15, 18, 21 or 24 words, not 3");
    BOOST_CHECK(!MnemonicToEntropy("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon", error));
    BOOST_CHECK(error.find("checksum") != std::string::npos);
    BOOST_CHECK(!MnemonicToEntropy("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandonn about", error));
    BOOST_CHECK_EQUAL(error, "word 11 (\"abandonn\") is not in the BIP39 English word list");
}

BOOST_AUTO_TEST_CASE(bip32_hardened_vectors)
{
    // BIP32 test vectors 1 and 3 (the hardened steps).
    auto m = ExtKey::FromSeed(Hex("000102030405060708090a0b0c0d0e0f"));
    BOOST_REQUIRE(m);
    BOOST_CHECK_EQUAL(m->ToString(ExtKeyNet::MAIN),
                      "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi");
    auto m0 = m->DeriveHardened(0);
    BOOST_REQUIRE(m0);
    BOOST_CHECK_EQUAL(m0->ToString(ExtKeyNet::MAIN),
                      "xprv9uHRZZhk6KAJC1avXpDAp4MDc3sQKNxDiPvvkX8Br5ngLNv1TxvUxt4cV1rGL5hj6KCesnDYUhd7oWgT11eZG7XnxHrnYeSvkzY7d2bhkJ7");
    auto m3 = ExtKey::FromSeed(Hex("4b381541583be4423346c643850da4b320e46a87ae3d2a4e6da11eba819cd4acba45d239319ac14f863b8d5ab5a0d0c64d2e8a1e7d1457df2e5a3c51c73235be"));
    BOOST_REQUIRE(m3);
    BOOST_CHECK_EQUAL(m3->ToString(ExtKeyNet::MAIN),
                      "xprv9s21ZrQH143K25QhxbucbDDuQ4naNntJRi4KUfWT7xo4EKsHt2QJDu7KXp1A3u7Bi1j8ph3EGsZ9Xvz9dGuVrtHHs7pXeTzjuxBrCmmhgC6");
    BOOST_CHECK_EQUAL(m3->DeriveHardened(0)->ToString(ExtKeyNet::MAIN),
                      "xprv9uPDJpEQgRQfDcW7BkF7eTya6RPxXeJCqCJGHuCJ4GiRVLzkTXBAJMu2qaMWPrS7AANYqdq6vcBcBUdJCVVFceUvJFjaPdGZ2y9WACViL4L");

    // Text round trip, both networks; a bad checksum or a public key is refused.
    ExtKeyNet net{};
    auto parsed = ExtKey::FromString(m0->ToString(ExtKeyNet::TEST), &net);
    BOOST_REQUIRE(parsed);
    BOOST_CHECK(net == ExtKeyNet::TEST);
    BOOST_CHECK(parsed->Serialize() == m0->Serialize());
    std::string bad = m0->ToString(ExtKeyNet::MAIN);
    bad.back() = bad.back() == '7' ? '8' : '7';
    BOOST_CHECK(!ExtKey::FromString(bad));
    BOOST_CHECK(!ExtKey::FromString("xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8"));
}

BOOST_AUTO_TEST_CASE(scrypt_rfc7914)
{
    KdfParams params;
    const std::string salt = "NaCl";
    params.salt.assign(salt.begin(), salt.end());
    params.log2_n = 10;
    params.r = 8;
    params.p = 16;
    const auto key = DeriveKeyFromPassphrase("password", params);
    BOOST_REQUIRE(key);
    BOOST_CHECK_EQUAL(HexStr(*key), "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162");
    params.log2_n = 40; // refused, not attempted
    BOOST_CHECK(!DeriveKeyFromPassphrase("password", params));
}

BOOST_AUTO_TEST_CASE(aes_gcm_authenticates)
{
    const SecureBytes key = NewMasterKey();
    const std::vector<uint8_t> secret{1, 2, 3, 4, 5, 6, 7, 8};
    const std::vector<uint8_t> aad{'c', 'h', 'a', 'i', 'n'};
    const auto ciphertext = Encrypt(key, secret, aad);
    BOOST_CHECK_EQUAL(ciphertext.size(), secret.size() + CRYPT_OVERHEAD);
    const auto plain = Decrypt(key, ciphertext, aad);
    BOOST_REQUIRE(plain);
    BOOST_CHECK(std::equal(plain->begin(), plain->end(), secret.begin(), secret.end()));
    // Two encryptions differ (fresh nonce).
    BOOST_CHECK(Encrypt(key, secret, aad) != ciphertext);
    BOOST_CHECK(!Decrypt(NewMasterKey(), ciphertext, aad));
    BOOST_CHECK(!Decrypt(key, ciphertext, std::vector<uint8_t>{'m', 'k', 'e', 'y'}));
    for (size_t i = 0; i < ciphertext.size(); ++i) {
        auto tampered = ciphertext;
        tampered[i] ^= 0x01;
        BOOST_CHECK(!Decrypt(key, tampered, aad));
    }
    BOOST_CHECK(!Decrypt(key, std::span{ciphertext}.first(ciphertext.size() - 1), aad));
}

BOOST_AUTO_TEST_CASE(descriptor_checksum_and_parse)
{
    // BIP 380's example.
    BOOST_CHECK_EQUAL(DescriptorChecksum("raw(deadbeef)"), "89f8spxm");
    auto root = ExtKey::FromSeed(Hex("000102030405060708090a0b0c0d0e0f"));
    KeyChainRecord record;
    record.id = KeyChain::ChainId(*root);
    KeyChain chain{record, ChainSecret{*root, {}}};
    const auto desc = chain.Descriptor(KeyBranch::HANDLE, ExtKeyNet::TEST);
    BOOST_REQUIRE(desc);
    BOOST_CHECK(desc->starts_with("dots(tprv"));
    BOOST_CHECK(desc->find("/340h/1h/0h/2h/*h)#") != std::string::npos);
    std::string error;
    auto parsed = ParseDescriptor(*desc, error);
    BOOST_REQUIRE_MESSAGE(parsed, error);
    BOOST_CHECK(parsed->branch == KeyBranch::HANDLE);
    BOOST_CHECK_EQUAL(parsed->coin_type, 1u);
    BOOST_CHECK(KeyChain::ChainId(parsed->root) == record.id);
    // A changed character fails the checksum; a derived key or a non-hardened path is refused.
    std::string bad = *desc;
    bad[bad.find("/2h/") + 1] = '3';
    BOOST_CHECK(!ParseDescriptor(bad, error));
    BOOST_CHECK(error.find("checksum") != std::string::npos);
    const std::string child = "dots(" + root->DeriveHardened(1)->ToString(ExtKeyNet::TEST) + "/340h/1h/0h/0h/*h)";
    BOOST_CHECK(!ParseDescriptor(child, error));
    BOOST_CHECK(error.find("master key") != std::string::npos);
    BOOST_CHECK(!ParseDescriptor("dots(" + root->ToString(ExtKeyNet::TEST) + "/340h/1h/0h/0/*h)", error));
}

BOOST_AUTO_TEST_CASE(keychain_branches_are_distinct)
{
    auto root = ExtKey::FromSeed(Hex("000102030405060708090a0b0c0d0e0f"));
    KeyChainRecord record;
    record.id = KeyChain::ChainId(*root);
    KeyChain chain{record, ChainSecret{*root, {}}};
    std::set<XOnlyPubKey> seen;
    for (size_t b = 0; b < NUM_BRANCHES; ++b) {
        const auto branch = static_cast<KeyBranch>(b);
        BOOST_REQUIRE(chain.TopUp(branch, 5));
        for (uint32_t i = 0; i < 5; ++i) {
            BOOST_CHECK(seen.insert(chain.PubKey(branch, i)).second);
            const auto key = chain.GetKey(branch, i);
            BOOST_REQUIRE(key);
            BOOST_CHECK(key->GetXOnlyPubKey() == chain.PubKey(branch, i));
        }
    }
    // The path is m/340h/1h/0h/<branch>h/<index>h.
    const std::array<uint32_t, 5> path{340, 1, 0, 3, 4};
    BOOST_CHECK(root->DerivePath(path)->key.GetXOnlyPubKey() == chain.PubKey(KeyBranch::NODE, 4));
    chain.WipeSecret();
    BOOST_CHECK(!chain.GetKey(KeyBranch::RECEIVE, 0));
    BOOST_CHECK(!chain.TopUp(KeyBranch::RECEIVE, 6));
    BOOST_CHECK_EQUAL(chain.Known(KeyBranch::RECEIVE), 5u);
}

BOOST_AUTO_TEST_SUITE_END()
