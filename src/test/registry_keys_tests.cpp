// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Mempool keys of registry transactions (consensus/registry_keys.h, doc/registry.md "Mempool
// keys"): which keys each kind touches and who signs it, that transactions which cannot both be
// valid share a key, and the validity windows and staleness of settlements and receipts.

#include <consensus/registry_epochs.h>
#include <consensus/registry_keys.h>
#include <consensus/registry_payload.h>

#include <test/util/mempool.h>
#include <test/util/registry.h>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <vector>

using namespace consensus;
using test::RegistryTx;
using test::TestHash;
using test::TestKey;

namespace {

const RegistryParams& P() { return test::RegtestParams().registry; }

RegistryTxKeys KeysOf(const CTransaction& tx)
{
    std::optional<RegistryTxKeys> keys = GetRegistryTxKeys(tx);
    BOOST_REQUIRE(keys);
    return *keys;
}
RegistryTxKeys KeysOf(const Payload& p) { return KeysOf(RegistryTx(p)); }

std::vector<ConflictType> Types(const RegistryTxKeys& k)
{
    std::vector<ConflictType> out;
    for (const ConflictKey& key : k.keys) out.push_back(key.type);
    return out;
}

bool Conflict(const RegistryTxKeys& a, const RegistryTxKeys& b)
{
    return std::any_of(a.keys.begin(), a.keys.end(), [&](const ConflictKey& k) {
        return std::find(b.keys.begin(), b.keys.end(), k) != b.keys.end();
    });
}

} // namespace

BOOST_AUTO_TEST_SUITE(registry_keys_tests)

BOOST_AUTO_TEST_CASE(keys_and_signer_per_kind)
{
    const TestKey owner{1}, node{2}, other{3};
    using T = ConflictType;
    RegistryTxKeys k = KeysOf(test::Commit("alice", TestHash(1), owner.pub));
    BOOST_CHECK(Types(k) == std::vector<T>{T::COMMITMENT});
    BOOST_CHECK(!k.signer);
    k = KeysOf(test::Reveal("alice", TestHash(1), owner.pub));
    BOOST_CHECK((Types(k) == std::vector<T>{T::COMMITMENT, T::HANDLE, T::BINDING}));
    BOOST_CHECK(k.keys[0] == KeysOf(test::Commit("alice", TestHash(1), owner.pub)).keys[0]);
    BOOST_CHECK(!k.signer);
    k = KeysOf(test::Update("alice", owner, 1, UPDATE_RENEW));
    BOOST_CHECK(Types(k) == std::vector<T>{T::HANDLE});
    BOOST_CHECK(k.signer == owner.pub);
    BOOST_CHECK((Types(KeysOf(test::Update("alice", owner, 1, UPDATE_HOME, node.pub))) == std::vector<T>{T::HANDLE, T::BINDING}));
    BOOST_CHECK((Types(KeysOf(test::Update("alice", owner, 1, UPDATE_OWNER, other.pub))) == std::vector<T>{T::HANDLE, T::BINDING}));
    k = KeysOf(test::NodeStmt(node, 1, NodeOp::REGISTER, COIN));
    BOOST_CHECK(Types(k) == std::vector<T>{T::NODE});
    BOOST_CHECK(k.signer == node.pub);
    k = KeysOf(test::BindingStmt("alice", node, owner, 1));
    BOOST_CHECK(Types(k) == std::vector<T>{T::BINDING});
    BOOST_CHECK(k.signer == node.pub);
    k = KeysOf(Deposit{node.pub, other.pub, COIN});
    BOOST_CHECK(k.keys.empty());
    BOOST_CHECK(!k.signer);
    k = KeysOf(test::SettlementOf(node, other, {test::Voucher(node, other, 3, 600, 60), test::Voucher(node, other, 5, 60, 60)}));
    BOOST_CHECK((Types(k) == std::vector<T>{T::SETTLEMENT, T::SETTLEMENT}));
    BOOST_CHECK_EQUAL(k.keys[0].voucher_amount, 600);
    BOOST_CHECK_EQUAL(k.keys[1].voucher_amount, 60);
    BOOST_CHECK(k.signer == node.pub);
    k = KeysOf(test::ReceiptsOf(node.pub, 4, {{0, &other}}));
    BOOST_CHECK(Types(k) == std::vector<T>{T::RECEIPTS});
    BOOST_CHECK(k.signer == node.pub);
    k = KeysOf(test::ReleaseStmt(node, other, 2, COIN));
    BOOST_CHECK(Types(k) == std::vector<T>{T::NODE});
    BOOST_CHECK(k.signer == node.pub);
    k = KeysOf(test::WithdrawTx(node, 2, COIN, {CTxOut{COIN, OutputLock{}}}));
    BOOST_CHECK(Types(k) == std::vector<T>{T::NODE});
    BOOST_CHECK(k.signer == node.pub);
    // Not a registry transaction, or a payload that does not decode.
    CMutableTransaction transfer;
    transfer.kind = TxKind::TRANSFER;
    BOOST_CHECK(!GetRegistryTxKeys(CTransaction{transfer}));
    CMutableTransaction bad = test::MutableCopy(RegistryTx(Deposit{node.pub, other.pub, COIN}));
    bad.payload.pop_back();
    BOOST_CHECK(!GetRegistryTxKeys(CTransaction{bad}));
}

BOOST_AUTO_TEST_CASE(exclusive_transactions_conflict)
{
    const TestKey owner{1}, node{2}, other{3}, third{4};
    // Two versions of one statement (same seq, same pair-epoch, same target-epoch) conflict.
    BOOST_CHECK(Conflict(KeysOf(test::Update("alice", owner, 1, UPDATE_RENEW)), KeysOf(test::Update("alice", owner, 1, UPDATE_IDENTITY, node.pub))));
    BOOST_CHECK(Conflict(KeysOf(test::BindingStmt("alice", node, owner, 1)), KeysOf(test::BindingStmt("alice", other, owner, 1))));
    BOOST_CHECK(Conflict(KeysOf(test::SettlementOf(node, other, {test::Voucher(node, other, 3, 600, 60)})),
                         KeysOf(test::SettlementOf(node, other, {test::Voucher(node, other, 2, 60, 60), test::Voucher(node, other, 3, 700, 60)}))));
    BOOST_CHECK(Conflict(KeysOf(test::ReceiptsOf(node.pub, 4, {{0, &other}})), KeysOf(test::ReceiptsOf(node.pub, 4, {{1, &third}}))));
    // A node's statements share its sequence: a withdrawal conflicts with a release and an update.
    BOOST_CHECK(Conflict(KeysOf(test::WithdrawTx(node, 2, COIN, {CTxOut{COIN, OutputLock{}}})), KeysOf(test::ReleaseStmt(node, other, 2, COIN))));
    BOOST_CHECK(Conflict(KeysOf(test::NodeStmt(node, 2, NodeOp::UPDATE, 0)), KeysOf(test::ReleaseStmt(node, other, 2, COIN))));
    // Two reveals of one name conflict (whoever is first takes it), as do a reveal and a binding.
    BOOST_CHECK(Conflict(KeysOf(test::Reveal("alice", TestHash(1), owner.pub)), KeysOf(test::Reveal("alice", TestHash(2), other.pub))));
    BOOST_CHECK(Conflict(KeysOf(test::Update("alice", owner, 1, UPDATE_OWNER, other.pub)), KeysOf(test::BindingStmt("alice", node, owner, 1))));
    // Independent ones do not.
    BOOST_CHECK(!Conflict(KeysOf(test::Update("alice", owner, 1, UPDATE_RENEW)), KeysOf(test::BindingStmt("alice", node, owner, 1))));
    BOOST_CHECK(!Conflict(KeysOf(test::BindingStmt("alice", node, owner, 1)), KeysOf(test::BindingStmt("alicia", node, owner, 1))));
    BOOST_CHECK(!Conflict(KeysOf(test::SettlementOf(node, other, {test::Voucher(node, other, 3, 600, 60)})),
                          KeysOf(test::SettlementOf(other, node, {test::Voucher(other, node, 3, 600, 60)}))));
    BOOST_CHECK(!Conflict(KeysOf(test::SettlementOf(node, other, {test::Voucher(node, other, 3, 600, 60)})),
                          KeysOf(test::SettlementOf(node, other, {test::Voucher(node, other, 4, 600, 60)}))));
    BOOST_CHECK(!Conflict(KeysOf(test::ReceiptsOf(node.pub, 4, {{0, &other}})), KeysOf(test::ReceiptsOf(node.pub, 5, {{0, &other}}))));
    BOOST_CHECK(!Conflict(KeysOf(test::NodeStmt(node, 2, NodeOp::UPDATE, 0)), KeysOf(test::NodeStmt(other, 2, NodeOp::UPDATE, 0))));
}

BOOST_AUTO_TEST_CASE(validity_windows_and_staleness)
{
    const TestKey node{2}, other{3};
    // Unbounded kinds.
    const CTransaction update = RegistryTx(test::Update("alice", node, 1, UPDATE_RENEW));
    BOOST_CHECK_EQUAL(GetValidityWindow(update, P()).first, 0);
    BOOST_CHECK_EQUAL(GetValidityWindow(update, P()).last, INT64_MAX);
    BOOST_CHECK(!IsStale(update, 1'000'000, P()));
    // A settlement of epochs 3 and 5 (5 blocks each, settleable 20 more): valid from the start of
    // epoch 5 (25) to the last height of epoch 3's window ((3 + 1) * 5 + 20 - 1 = 39).
    const CTransaction settle =
        RegistryTx(test::SettlementOf(node, other, {test::Voucher(node, other, 3, 600, 60), test::Voucher(node, other, 5, 60, 60)}));
    BOOST_CHECK_EQUAL(GetValidityWindow(settle, P()).first, 25);
    BOOST_CHECK_EQUAL(GetValidityWindow(settle, P()).last, 39);
    BOOST_CHECK(!IsStale(settle, 10, P())); // not yet valid is not stale
    BOOST_CHECK(!IsStale(settle, 39, P()));
    BOOST_CHECK(IsStale(settle, 40, P()));
    BOOST_CHECK_EQUAL(GetValidityWindow(settle, P()).last, SettleDeadline(3, P()) - 1);
    // Receipts of probe epoch 2 (20 blocks): accepted at 40-79.
    const CTransaction receipts = RegistryTx(test::ReceiptsOf(node.pub, 2, {{0, &other}}));
    BOOST_CHECK_EQUAL(GetValidityWindow(receipts, P()).first, 40);
    BOOST_CHECK_EQUAL(GetValidityWindow(receipts, P()).last, 79);
    BOOST_CHECK(!IsStale(receipts, 79, P()));
    BOOST_CHECK(IsStale(receipts, 80, P()));
    // Epoch 0 has no receipts; an undecodable payload is never valid.
    BOOST_CHECK(IsStale(RegistryTx(test::ReceiptsOf(node.pub, 0, {{0, &other}})), 1, P()));
    CMutableTransaction bad = test::MutableCopy(settle);
    bad.payload.pop_back();
    BOOST_CHECK(IsStale(CTransaction{bad}, 1, P()));
    // Main: a settlement's window is a day after its hour.
    const RegistryParams& main = GetConsensusParams("main").registry;
    BOOST_CHECK_EQUAL(GetValidityWindow(RegistryTx(test::SettlementOf(node, other, {test::Voucher(node, other, 10, 60, 60)})), main).last,
                      11 * 60 + 1'440 - 1);
}

BOOST_AUTO_TEST_SUITE_END()
