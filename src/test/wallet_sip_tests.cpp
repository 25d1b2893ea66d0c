// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// SIP credentials in an encrypted wallet (doc/wallet.md "SIP credentials"): the HA1 values are
// encrypted under the master key at encryptwallet and at every setsipcredential, never written in
// the clear to the file; a locked wallet cannot add one; the registrar gets them at load when the
// wallet can decrypt them, else at the first unlock, and keeps them when the wallet locks again; a
// file an earlier version wrote with clear values is encrypted at the next unlock; a ciphertext
// moved to another record does not decrypt.

#include <interfaces/chain.h>
#include <interfaces/sip_credentials.h>
#include <primitives/address.h>
#include <test/util/chain.h>
#include <test/util/files.h>
#include <validation/notifications.h>
#include <wallet/context.h>
#include <wallet/wallet.h>
#include <wallet/walletdb.h>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>

using namespace wallet;

namespace {

/** The registrar's credential store as a map (realm "dots.test"). */
class RegistrarMap final : public interfaces::SipCredentials
{
public:
    std::map<std::string, interfaces::SipHa1, std::less<>> entries;
    std::string Realm() const override { return "dots.test"; }
    interfaces::SipHa1 ComputeHa1(std::string_view, std::string_view) const override { return {}; }
    bool Set(std::string_view handle, const interfaces::SipHa1& ha1) override
    {
        entries[std::string{handle}] = ha1;
        return true;
    }
    bool Remove(std::string_view handle) override { return entries.erase(std::string{handle}) > 0; }
};

/** A regtest chain and a WalletContext over it (wallets in the chain's directory). */
struct SipWalletSetup {
    validation::ValidationSignals signals;
    test::TestChain chain;
    std::unique_ptr<interfaces::Chain> iface;
    RegistrarMap registrar;
    std::unique_ptr<WalletContext> context;

    SipWalletSetup()
    {
        chain.Open([this](validation::ChainstateOptions& o) { o.signals = &signals; });
        iface = interfaces::MakeChain(*chain.chainman, signals, nullptr, ADDRESS_HRP_REGTEST, [] { return false; });
        WalletContextOptions options;
        options.wallet_dir = chain.dir.path() / "wallets";
        options.settings_file = chain.dir.path() / "settings.json";
        options.wallet.keypool_size = 5;
        options.wallet.registry_lookahead = 2;
        context = std::make_unique<WalletContext>(std::move(options));
        context->SetSipCredentials(&registrar);
        BOOST_REQUIRE(context->Start(*iface));
    }
    ~SipWalletSetup() { context->Stop(); }

    std::shared_ptr<Wallet> Create(const std::string& name)
    {
        std::vector<std::string> warnings;
        auto res = context->CreateWallet(name, {}, std::nullopt, warnings);
        BOOST_REQUIRE(std::holds_alternative<std::shared_ptr<Wallet>>(res));
        return std::get<std::shared_ptr<Wallet>>(res);
    }
    /** unloadwallet then loadwallet: what a restart of dotsd does to one wallet. */
    std::shared_ptr<Wallet> Reload(std::shared_ptr<Wallet>& wallet)
    {
        const std::string name = wallet->Name();
        wallet.reset();
        std::vector<std::string> warnings;
        BOOST_REQUIRE(std::holds_alternative<bool>(context->UnloadWallet(name, std::nullopt, warnings)));
        auto res = context->LoadWallet(name, std::nullopt, warnings);
        BOOST_REQUIRE(std::holds_alternative<std::shared_ptr<Wallet>>(res));
        return std::get<std::shared_ptr<Wallet>>(res);
    }
};

SipCredential Credential(const std::string& handle, uint8_t fill)
{
    SipCredential credential;
    credential.handle = handle;
    credential.realm = "dots.test";
    credential.ha1_md5.fill(fill);
    credential.ha1_sha256.fill(static_cast<uint8_t>(fill + 1));
    credential.time = 1'700'000'000;
    return credential;
}

/** Whether `needle` occurs in the bytes of `path` (the wallet file, read behind SQLite's back). */
bool FileContains(const std::filesystem::path& path, std::span<const uint8_t> needle)
{
    const std::vector<uint8_t> bytes = test::ReadWholeFile(path);
    return std::search(bytes.begin(), bytes.end(), needle.begin(), needle.end()) != bytes.end();
}

SecureString Pass(const char* text) { return SecureString{text}; }

} // namespace

BOOST_AUTO_TEST_SUITE(wallet_sip_tests)

BOOST_AUTO_TEST_CASE(credentials_are_encrypted_and_served_after_unlock)
{
    SipWalletSetup setup;
    auto wallet = setup.Create("op");
    const std::filesystem::path file = setup.context->WalletPath("op");
    const SipCredential alice = Credential("alice", 0xA5);

    // Unencrypted: kept in the clear (the registrar gets them at every load).
    BOOST_REQUIRE(std::holds_alternative<bool>(wallet->SetSipCredential(alice)));
    BOOST_CHECK(!wallet->ListSipCredentials().at(0).IsEncrypted());
    BOOST_CHECK(FileContains(file, alice.ha1_sha256));

    // encryptwallet encrypts the stored values; the file no longer holds them.
    BOOST_REQUIRE(std::holds_alternative<bool>(wallet->EncryptWallet(Pass("correct horse"))));
    BOOST_CHECK(wallet->IsLocked());
    const SipCredential stored = wallet->ListSipCredentials().at(0);
    BOOST_CHECK(stored.IsEncrypted());
    BOOST_CHECK(stored.ha1_sha256 == decltype(stored.ha1_sha256){});
    BOOST_CHECK(!FileContains(file, alice.ha1_sha256));
    BOOST_CHECK(!FileContains(file, alice.ha1_md5));

    // Locked: nothing to give the registrar, and no new credential (it could not be encrypted).
    auto locked = wallet->SipCredentialsInClear();
    BOOST_CHECK(locked.clear.empty());
    BOOST_REQUIRE_EQUAL(locked.locked.size(), 1U);
    BOOST_CHECK_EQUAL(locked.locked[0], "alice");
    auto refused = wallet->SetSipCredential(Credential("bob", 0x11));
    BOOST_REQUIRE(std::holds_alternative<WalletFailure>(refused));
    BOOST_CHECK(std::get<WalletFailure>(refused).code == WalletError::UNLOCK_NEEDED);

    // Unlocked: decrypted to the values that were set; a new one is stored encrypted.
    BOOST_REQUIRE(std::holds_alternative<bool>(wallet->Unlock(Pass("correct horse"), INT64_MAX)));
    auto clear = wallet->SipCredentialsInClear();
    BOOST_REQUIRE_EQUAL(clear.clear.size(), 1U);
    BOOST_CHECK(clear.locked.empty());
    BOOST_CHECK(clear.clear[0].ha1_md5 == alice.ha1_md5);
    BOOST_CHECK(clear.clear[0].ha1_sha256 == alice.ha1_sha256);
    const SipCredential bob = Credential("bob", 0x3C);
    BOOST_REQUIRE(std::holds_alternative<bool>(wallet->SetSipCredential(bob)));
    BOOST_CHECK(!FileContains(file, bob.ha1_sha256));
    wallet->Lock();

    // A restart of a locked encrypted wallet: the registrar gets nothing at load, everything at
    // the first unlock, and keeps it when the wallet locks again.
    setup.registrar.entries.clear();
    wallet = setup.Reload(wallet);
    BOOST_CHECK(wallet->IsLocked());
    BOOST_CHECK(setup.registrar.entries.empty());
    BOOST_CHECK(std::holds_alternative<WalletFailure>(wallet->Unlock(Pass("wrong"), INT64_MAX)));
    BOOST_REQUIRE(std::holds_alternative<bool>(wallet->Unlock(Pass("correct horse"), INT64_MAX)));
    setup.context->GiveSipCredentials(*wallet, /*remove=*/false); // what walletpassphrase does
    BOOST_REQUIRE_EQUAL(setup.registrar.entries.size(), 2U);
    BOOST_CHECK(setup.registrar.entries.at("alice").sha256 == alice.ha1_sha256);
    BOOST_CHECK(setup.registrar.entries.at("bob").md5 == bob.ha1_md5);
    wallet->Lock();
    BOOST_CHECK_EQUAL(setup.registrar.entries.size(), 2U);

    // The passphrase change re-encrypts only the master key: the credentials still decrypt.
    BOOST_REQUIRE(std::holds_alternative<bool>(wallet->ChangePassphrase(Pass("correct horse"), Pass("battery staple"))));
    BOOST_REQUIRE(std::holds_alternative<bool>(wallet->Unlock(Pass("battery staple"), INT64_MAX)));
    BOOST_CHECK_EQUAL(wallet->SipCredentialsInClear().clear.size(), 2U);

    // Removing works while locked; unload takes the rest back from the registrar.
    wallet->Lock();
    BOOST_CHECK(*wallet->RemoveSipCredential("bob"));
    std::vector<std::string> warnings;
    wallet.reset();
    BOOST_REQUIRE(std::holds_alternative<bool>(setup.context->UnloadWallet("op", std::nullopt, warnings)));
    BOOST_CHECK(setup.registrar.entries.count("alice") == 0);
}

BOOST_AUTO_TEST_CASE(clear_records_of_an_earlier_version_are_encrypted_at_unlock)
{
    SipWalletSetup setup;
    auto wallet = setup.Create("old");
    const std::filesystem::path file = setup.context->WalletPath("old");
    BOOST_REQUIRE(std::holds_alternative<bool>(wallet->EncryptWallet(Pass("pass phrase"))));
    // What a file written before credentials were encrypted holds: a clear record.
    const SipCredential carol = Credential("carol", 0x77);
    BOOST_REQUIRE(WalletBatch{wallet->Database()}.WriteSipCredential(carol));
    wallet = setup.Reload(wallet);
    BOOST_CHECK(FileContains(file, carol.ha1_sha256));
    // Served at load as before (it is in the clear anyway) ...
    BOOST_CHECK(setup.registrar.entries.count("carol"));
    // ... and encrypted for good at the first unlock.
    BOOST_REQUIRE(std::holds_alternative<bool>(wallet->Unlock(Pass("pass phrase"), INT64_MAX)));
    BOOST_CHECK(wallet->ListSipCredentials().at(0).IsEncrypted());
    BOOST_CHECK(!FileContains(file, carol.ha1_sha256));
    wallet->Lock();
    wallet = setup.Reload(wallet);
    BOOST_CHECK(wallet->ListSipCredentials().at(0).IsEncrypted());
    BOOST_REQUIRE(std::holds_alternative<bool>(wallet->Unlock(Pass("pass phrase"), INT64_MAX)));
    const auto clear = wallet->SipCredentialsInClear();
    BOOST_REQUIRE_EQUAL(clear.clear.size(), 1U);
    BOOST_CHECK(clear.clear[0].ha1_sha256 == carol.ha1_sha256);
}

BOOST_AUTO_TEST_CASE(a_ciphertext_is_bound_to_its_handle_and_realm)
{
    SipWalletSetup setup;
    auto wallet = setup.Create("swap");
    BOOST_REQUIRE(std::holds_alternative<bool>(wallet->EncryptWallet(Pass("pass phrase"))));
    BOOST_REQUIRE(std::holds_alternative<bool>(wallet->Unlock(Pass("pass phrase"), INT64_MAX)));
    BOOST_REQUIRE(std::holds_alternative<bool>(wallet->SetSipCredential(Credential("dave", 0x01))));
    BOOST_REQUIRE(std::holds_alternative<bool>(wallet->SetSipCredential(Credential("erin", 0x02))));
    // Write dave's ciphertext under erin's record, and a copy of dave's for another realm.
    const auto stored = wallet->ListSipCredentials();
    BOOST_REQUIRE_EQUAL(stored.size(), 2U);
    SipCredential moved = stored[1];
    BOOST_REQUIRE_EQUAL(moved.handle, "erin");
    moved.ciphertext = stored[0].ciphertext;
    SipCredential other_realm = stored[0];
    other_realm.handle = "frank";
    other_realm.realm = "other.test";
    other_realm.ciphertext = stored[0].ciphertext;
    BOOST_REQUIRE(WalletBatch{wallet->Database()}.WriteSipCredential(moved));
    BOOST_REQUIRE(WalletBatch{wallet->Database()}.WriteSipCredential(other_realm));
    wallet->Lock();
    wallet = setup.Reload(wallet);
    BOOST_REQUIRE(std::holds_alternative<bool>(wallet->Unlock(Pass("pass phrase"), INT64_MAX)));
    const auto clear = wallet->SipCredentialsInClear();
    BOOST_REQUIRE_EQUAL(clear.clear.size(), 1U); // only dave's own record decrypts
    BOOST_CHECK_EQUAL(clear.clear[0].handle, "dave");
    BOOST_CHECK(clear.clear[0].ha1_md5 == Credential("dave", 0x01).ha1_md5);
}

BOOST_AUTO_TEST_CASE(record_forms_round_trip)
{
    SipCredential clear = Credential("gina", 0x42);
    auto decoded = SipCredential::Deserialize(clear.Serialize());
    BOOST_REQUIRE(decoded);
    BOOST_CHECK(!decoded->IsEncrypted());
    BOOST_CHECK(decoded->ha1_sha256 == clear.ha1_sha256);
    SipCredential encrypted = Credential("gina", 0);
    encrypted.ciphertext = std::vector<uint8_t>(CRYPT_OVERHEAD + 48, 0x5A);
    decoded = SipCredential::Deserialize(encrypted.Serialize());
    BOOST_REQUIRE(decoded);
    BOOST_CHECK(decoded->ciphertext == encrypted.ciphertext);
    BOOST_CHECK_EQUAL(decoded->realm, "dots.test");
    std::vector<uint8_t> bad = encrypted.Serialize();
    bad[0] = 3; // an unknown version
    BOOST_CHECK(!SipCredential::Deserialize(bad));
    BOOST_CHECK(SipCredentialAad("a", "bc") != SipCredentialAad("ab", "c"));
}

BOOST_AUTO_TEST_SUITE_END()
