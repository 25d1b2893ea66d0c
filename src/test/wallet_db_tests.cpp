// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The wallet file: SQLite key/value records, atomic transactions, the exclusive lock, refusal
// of files that are not DOTS wallets, and backups that open as wallets.

#include <test/util/files.h>
#include <wallet/db.h>
#include <wallet/walletdb.h>

#include <boost/test/unit_test.hpp>

#include <fstream>

using namespace test;
using namespace wallet;

namespace {
Bytes B(std::string_view s) { return Bytes(s.begin(), s.end()); }
std::unique_ptr<WalletDatabase> MustOpen(const std::filesystem::path& path, bool create)
{
    auto db = WalletDatabase::Open(path, create);
    BOOST_REQUIRE_MESSAGE(db, (db ? "" : db.error()));
    return std::move(*db);
}
} // namespace

BOOST_AUTO_TEST_SUITE(wallet_db_tests)

BOOST_AUTO_TEST_CASE(records_and_prefix_walk)
{
    TempDir dir{"wallet_db"};
    auto db = MustOpen(dir.path() / "wallet.dat", true);
    BOOST_CHECK(db->Write(B("a1"), B("one")));
    BOOST_CHECK(db->Write(B("a2"), B("two")));
    BOOST_CHECK(db->Write(B("b1"), B("")));
    BOOST_CHECK(db->Write(B("a1"), B("uno")));
    auto read = db->Read(B("a1"));
    BOOST_REQUIRE(read && *read);
    BOOST_CHECK(**read == B("uno"));
    auto empty = db->Read(B("b1"));
    BOOST_REQUIRE(empty && *empty);
    BOOST_CHECK((*empty)->empty());
    std::vector<std::string> keys;
    BOOST_CHECK(db->ForEach(B("a"), [&](auto key, auto) {
        keys.emplace_back(key.begin(), key.end());
        return true;
    }));
    BOOST_CHECK((keys == std::vector<std::string>{"a1", "a2"}));
    BOOST_CHECK(db->Erase(B("a1")));
    BOOST_CHECK(!*db->Read(B("a1")));
}

BOOST_AUTO_TEST_CASE(transactions_are_atomic)
{
    TempDir dir{"wallet_db"};
    const auto path = dir.path() / "wallet.dat";
    {
        auto db = MustOpen(path, true);
        {
            DbTransaction txn{*db};
            BOOST_REQUIRE(txn.ok());
            BOOST_CHECK(db->Write(B("k1"), B("v1")));
            BOOST_CHECK(db->Write(B("k2"), B("v2")));
            // destroyed without Commit: rolled back
        }
        BOOST_CHECK(!*db->Read(B("k1")));
        DbTransaction txn{*db};
        BOOST_CHECK(db->Write(B("k3"), B("v3")));
        BOOST_CHECK(!db->Begin()); // no nesting
        BOOST_CHECK(txn.Commit());
    }
    auto db = MustOpen(path, false);
    BOOST_CHECK(*db->Read(B("k3")));
    BOOST_CHECK(!*db->Read(B("k2")));
}

BOOST_AUTO_TEST_CASE(exclusive_and_only_wallets)
{
    TempDir dir{"wallet_db"};
    const auto path = dir.path() / "wallet.dat";
    auto db = MustOpen(path, true);
    auto second = WalletDatabase::Open(path, false);
    BOOST_REQUIRE(!second);
    BOOST_CHECK_MESSAGE(second.error().find("in use by another dotsd") != std::string::npos, second.error());
    db.reset();
    BOOST_CHECK(WalletDatabase::Open(path, false));

    const auto missing = WalletDatabase::Open(dir.path() / "nope.dat", false);
    BOOST_REQUIRE(!missing);
    BOOST_CHECK(missing.error().find("does not exist") != std::string::npos);

    const auto text = dir.path() / "text.dat";
    std::ofstream{text} << "hello, not a database";
    const auto not_sqlite = WalletDatabase::Open(text, false);
    BOOST_REQUIRE(!not_sqlite);
    BOOST_CHECK(not_sqlite.error().find("not an SQLite database") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(backup_is_a_wallet)
{
    TempDir dir{"wallet_db"};
    auto db = MustOpen(dir.path() / "wallet.dat", true);
    BOOST_CHECK(db->Write(B("key"), B("value")));
    BOOST_CHECK(!db->Backup(dir.path() / "wallet.dat"));
    BOOST_REQUIRE(db->Backup(dir.path() / "backup.dat"));
    auto copy = MustOpen(dir.path() / "backup.dat", false);
    BOOST_CHECK(**copy->Read(B("key")) == B("value"));
}

BOOST_AUTO_TEST_CASE(typed_records_round_trip)
{
    TempDir dir{"wallet_db"};
    auto db = MustOpen(dir.path() / "wallet.dat", true);
    WalletBatch batch{*db};
    KeyChainRecord chain;
    chain.id = uint256{std::array<uint8_t, 32>{7}};
    chain.secret = {1, 2, 3};
    chain.next = {1, 2, 3, 4, 5};
    chain.active = true;
    BOOST_CHECK(batch.WriteChain(chain));
    const XOnlyPubKey key = CKey::Generate().GetXOnlyPubKey();
    BOOST_CHECK(batch.WriteKey(chain.id, KeyBranch::NODE, 258, key));
    SipCredential cred;
    cred.handle = "alice";
    cred.realm = "dots";
    cred.ha1_md5[0] = 9;
    BOOST_CHECK(batch.WriteSipCredential(cred));
    BOOST_CHECK(batch.WriteBestBlock(BestBlock{uint256{std::array<uint8_t, 32>{1}}, 42}));
    auto contents = batch.LoadAll();
    BOOST_REQUIRE_MESSAGE(contents, (contents ? "" : contents.error()));
    BOOST_REQUIRE_EQUAL(contents->chains.size(), 1u);
    BOOST_CHECK(contents->chains[0].next == chain.next);
    BOOST_CHECK(contents->chains[0].active);
    BOOST_REQUIRE_EQUAL(contents->keys.size(), 1u);
    BOOST_CHECK(std::get<1>(contents->keys[0]) == KeyBranch::NODE);
    BOOST_CHECK_EQUAL(std::get<2>(contents->keys[0]), 258u);
    BOOST_CHECK(std::get<3>(contents->keys[0]) == key);
    BOOST_REQUIRE_EQUAL(contents->sip_credentials.size(), 1u);
    BOOST_CHECK_EQUAL(contents->sip_credentials[0].ha1_md5[0], 9);
    BOOST_CHECK_EQUAL(contents->best_block->height, 42);

    // A record that does not decode is reported by type.
    BOOST_CHECK(db->Write(std::vector<uint8_t>{2, 't', 'x', 1}, B("garbage")));
    auto corrupt = batch.LoadAll();
    BOOST_REQUIRE(!corrupt);
    BOOST_CHECK(corrupt.error().find("\"tx\" record") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
