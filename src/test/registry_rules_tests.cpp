// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The registry's state rules (consensus/registry_rules.h, doc/registry.md "State rules") over a
// std::map-backed store, with the regtest parameters (probe epochs of 20 blocks with the seed 10
// below, settlement epochs of 5 blocks settleable for 20 more, bond credited 50 blocks after
// deregistration, one binding per 5 blocks): every transaction kind's accept case and each of
// its reject reasons, the agenda (erasures, releases, bond credits), the frozen active set and
// the pool shares, and disconnecting across epoch boundaries.

#include <consensus/params.h>
#include <consensus/registry_epochs.h>
#include <consensus/registry_payload.h>
#include <consensus/registry_probe.h>
#include <consensus/registry_rules.h>
#include <consensus/registry_state.h>
#include <consensus/subsidy.h>

#include <test/util/mempool.h>
#include <test/util/registry.h>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

using namespace consensus;
using test::RegistryChain;
using test::RegistryTx;
using test::TestHash;
using test::TestKey;

namespace {

const RegistryParams& P() { return test::RegtestParams().registry; }

std::vector<CTransaction> Txs(std::vector<Payload> payloads)
{
    std::vector<CTransaction> txs;
    for (const Payload& p : payloads) txs.push_back(RegistryTx(p));
    return txs;
}

NodeRegister Reg(const TestKey& k, CAmount bond = COIN, uint32_t seq = 1, CAmount rate = 0)
{
    return test::NodeStmt(k, seq, NodeOp::REGISTER, bond, rate);
}

CAmount Balance(const RegistryChain& c, const TestKey& k) { return ReadBalance(c.store, k.pub); }
PairRecord Pair(const RegistryChain& c, const TestKey& o, const TestKey& t) { return ReadPair(c.store, o.pub, t.pub); }

/** A chain with nodes registered in block 1 (bonds in DOTS from `bonds`). */
struct NodesFixture {
    RegistryChain chain;
    std::vector<TestKey> nodes;

    explicit NodesFixture(std::vector<CAmount> bonds = {1, 1, 1, 1})
    {
        std::vector<Payload> regs;
        for (size_t i = 0; i < bonds.size(); ++i) {
            nodes.emplace_back(static_cast<uint8_t>(0x40 + i));
            regs.push_back(Reg(nodes.back(), bonds[i] * COIN));
        }
        BOOST_REQUIRE_EQUAL(chain.Connect(regs), "");
    }
};

/** A registered handle "alice" owned by `owner` (commit at 1, reveal at 3). */
void RegisterAlice(RegistryChain& c, const TestKey& owner, const std::string& handle = "alice")
{
    const uint256 salt = TestHash(77);
    BOOST_REQUIRE_EQUAL(c.Connect(test::Commit(handle, salt, owner.pub)), "");
    c.ConnectTo(c.height + P().commit_maturity - 1);
    BOOST_REQUIRE_EQUAL(c.Connect(test::Reveal(handle, salt, owner.pub)), "");
}

} // namespace

BOOST_AUTO_TEST_SUITE(registry_rules_tests)

// ---- Handles ----

BOOST_AUTO_TEST_CASE(commit_and_reveal)
{
    RegistryChain c;
    const TestKey owner{1};
    const uint256 salt = TestHash(5);
    BOOST_CHECK_EQUAL(c.Connect(test::Reveal("alice", salt, owner.pub)), "bad-handle-commit-unknown");
    BOOST_CHECK_EQUAL(c.Connect(test::Commit("alice", salt, owner.pub)), ""); // height 1
    BOOST_CHECK_EQUAL(c.Connect(test::Commit("alice", salt, owner.pub)), "bad-handle-commit-exists");
    BOOST_CHECK_EQUAL(c.Connect(test::Reveal("alice", salt, owner.pub)), "bad-handle-commit-immature"); // height 2 < 1 + 2
    c.ConnectTo(2);
    // A reveal with another owner or salt is another commitment.
    BOOST_CHECK_EQUAL(c.Connect(test::Reveal("alice", salt, TestKey{2}.pub)), "bad-handle-commit-unknown");
    BOOST_CHECK_EQUAL(c.Connect(test::Reveal("alice", salt, owner.pub)), ""); // height 3
    const HandleRecord rec = *ReadHandle(c.store, "alice");
    BOOST_CHECK(rec.owner == owner.pub);
    BOOST_CHECK_EQUAL(rec.registered_height, 3);
    BOOST_CHECK_EQUAL(rec.expiry_height, 3 + P().handle_lifetime);
    BOOST_CHECK(!ReadCommit(c.store, HandleCommitment("alice", salt, owner.pub))); // used up
    // A number is not registrable; a taken name cannot be registered again.
    BOOST_CHECK_EQUAL(c.Connect(test::Reveal("+4915112345678", salt, owner.pub)), "bad-handle-e164");
    const uint256 salt2 = TestHash(6);
    BOOST_CHECK_EQUAL(c.Connect(test::Commit("alice", salt2, TestKey{2}.pub)), "");
    c.ConnectTo(c.height + 2);
    BOOST_CHECK_EQUAL(c.Connect(test::Reveal("alice", salt2, TestKey{2}.pub)), "bad-handle-taken");
}

BOOST_AUTO_TEST_CASE(unrevealed_commitment_is_erased_after_its_window)
{
    RegistryChain c;
    const TestKey owner{1};
    BOOST_REQUIRE_EQUAL(c.Connect(test::Commit("alice", TestHash(5), owner.pub)), ""); // height 1
    const uint256 commitment = HandleCommitment("alice", TestHash(5), owner.pub);
    c.ConnectTo(1 + P().reveal_window);
    BOOST_CHECK(ReadCommit(c.store, commitment)); // a reveal at 1 + reveal_window is still valid
    BOOST_CHECK_EQUAL(c.Connect(), "");
    BOOST_CHECK(!ReadCommit(c.store, commitment));
    BOOST_CHECK_EQUAL(c.Connect(test::Reveal("alice", TestHash(5), owner.pub)), "bad-handle-commit-unknown");
    // Nothing is left: no commitment, no agenda.
    BOOST_CHECK(c.store.records.empty());
    // The same commitment may be made again, and is erased again.
    BOOST_CHECK_EQUAL(c.Connect(test::Commit("alice", TestHash(5), owner.pub)), "");
    BOOST_CHECK(ReadCommit(c.store, commitment));
}

BOOST_AUTO_TEST_CASE(revealed_commitment_leaves_no_agenda_effect)
{
    RegistryChain c;
    const TestKey owner{1};
    RegisterAlice(c, owner); // commit 1, reveal 3
    BOOST_CHECK_EQUAL(c.store.Count(TABLE_AGENDA), 1u); // the erasure still scheduled
    c.ConnectTo(1 + P().reveal_window + 1);
    BOOST_CHECK_EQUAL(c.store.Count(TABLE_AGENDA), 0u);
    BOOST_CHECK_EQUAL(c.store.Count(TABLE_AGENDA_COUNT), 0u);
    BOOST_CHECK(ReadHandle(c.store, "alice"));
}

BOOST_AUTO_TEST_CASE(handle_update_rules)
{
    NodesFixture f;
    RegistryChain& c = f.chain;
    const TestKey owner{1}, other{2};
    RegisterAlice(c, owner);
    BOOST_CHECK_EQUAL(c.Connect(test::Update("bob", owner, 1, UPDATE_RENEW)), "bad-handle-unknown");
    BOOST_CHECK_EQUAL(c.Connect(test::Update("alice", other, 1, UPDATE_RENEW)), "bad-handle-owner");
    BOOST_CHECK_EQUAL(c.Connect(test::Update("alice", owner, 1, UPDATE_RENEW, {}, &other)), "bad-handle-sig");
    BOOST_CHECK_EQUAL(c.Connect(test::Update("alice", owner, 2, UPDATE_RENEW)), "bad-handle-seq");
    Key inactive;
    inactive.fill(0x99);
    BOOST_CHECK_EQUAL(c.Connect(test::Update("alice", owner, 1, UPDATE_HOME, inactive)), "bad-handle-home");
    BOOST_CHECK_EQUAL(c.Connect(test::Update("alice", owner, 1, UPDATE_HOME, f.nodes[0].pub)), "");
    BOOST_CHECK_EQUAL(c.Connect(test::Update("alice", owner, 2, UPDATE_IDENTITY, other.pub)), "");
    HandleRecord rec = *ReadHandle(c.store, "alice");
    BOOST_CHECK(rec.home == f.nodes[0].pub);
    BOOST_CHECK(rec.identity == other.pub);
    BOOST_CHECK_EQUAL(rec.update_seq, 2u);
    // Renewal does not stack.
    BOOST_CHECK_EQUAL(c.Connect(test::Update("alice", owner, 3, UPDATE_RENEW)), "");
    BOOST_CHECK_EQUAL(ReadHandle(c.store, "alice")->expiry_height, c.height + P().handle_lifetime);
    BOOST_CHECK_EQUAL(c.Connect(test::Update("alice", owner, 4, UPDATE_RENEW)), "");
    BOOST_CHECK_EQUAL(ReadHandle(c.store, "alice")->expiry_height, c.height + P().handle_lifetime);
    // Replaying a mined update fails on its seq.
    BOOST_CHECK_EQUAL(c.Connect(test::Update("alice", owner, 4, UPDATE_RENEW)), "bad-handle-seq");
    // Expiry: no update once expired.
    c.ConnectTo(ReadHandle(c.store, "alice")->expiry_height - 1);
    BOOST_CHECK_EQUAL(c.Connect(test::Update("alice", owner, 5, UPDATE_RENEW)), "bad-handle-expired");
}

BOOST_AUTO_TEST_CASE(transfer_clears_home_identity_and_binding)
{
    NodesFixture f;
    RegistryChain& c = f.chain;
    const TestKey owner{1}, buyer{2};
    RegisterAlice(c, owner);
    BOOST_REQUIRE_EQUAL(c.Connect(Txs({test::Update("alice", owner, 1, UPDATE_HOME, f.nodes[0].pub),
                                       test::Update("alice", owner, 2, UPDATE_IDENTITY, owner.pub),
                                       test::BindingStmt("alice", f.nodes[0], owner, 1, /*owner_signs=*/false)})),
                        "");
    BOOST_CHECK(ReadHandle(c.store, "alice")->bound_node == f.nodes[0].pub);
    BOOST_REQUIRE_EQUAL(c.Connect(test::Update("alice", owner, 3, UPDATE_OWNER, buyer.pub)), "");
    const HandleRecord rec = *ReadHandle(c.store, "alice");
    BOOST_CHECK(rec.owner == buyer.pub);
    BOOST_CHECK(rec.home == Key{});
    BOOST_CHECK(rec.identity == Key{});
    BOOST_CHECK(rec.bound_node == Key{});
    BOOST_CHECK_EQUAL(rec.binding_height, -1);
    BOOST_CHECK_EQUAL(rec.binding_seq, 1u); // carried over
    // The old owner can no longer update; the new one continues the sequence.
    BOOST_CHECK_EQUAL(c.Connect(test::Update("alice", owner, 4, UPDATE_RENEW)), "bad-handle-owner");
    BOOST_CHECK_EQUAL(c.Connect(test::Update("alice", buyer, 4, UPDATE_RENEW)), "");
    // The old home node cannot bind without the new owner, and an old binding cannot be replayed.
    BOOST_CHECK_EQUAL(c.Connect(test::BindingStmt("alice", f.nodes[0], owner, 2, false)), "bad-binding-owner");
    BOOST_CHECK_EQUAL(c.Connect(test::BindingStmt("alice", f.nodes[0], buyer, 2, false)), "bad-binding-unauthorized");
    BOOST_CHECK_EQUAL(c.Connect(test::BindingStmt("alice", f.nodes[0], owner, 1, false)), "bad-binding-owner");
    BOOST_CHECK_EQUAL(c.Connect(test::BindingStmt("alice", f.nodes[1], buyer, 2)), "");
}

BOOST_AUTO_TEST_CASE(reregistration_carries_sequences)
{
    NodesFixture f;
    RegistryChain& c = f.chain;
    const TestKey owner{1}, next{2};
    RegisterAlice(c, owner);
    BOOST_REQUIRE_EQUAL(c.Connect(Txs({test::Update("alice", owner, 1, UPDATE_HOME, f.nodes[0].pub),
                                       test::BindingStmt("alice", f.nodes[1], owner, 1)})),
                        "");
    const int32_t expiry = ReadHandle(c.store, "alice")->expiry_height;
    c.ConnectTo(expiry - 4);
    BOOST_REQUIRE_EQUAL(c.Connect(test::Commit("alice", TestHash(9), next.pub)), ""); // expiry - 3
    c.ConnectTo(expiry - 2);
    BOOST_CHECK_EQUAL(c.Connect(test::Reveal("alice", TestHash(9), next.pub)), "bad-handle-taken");
    BOOST_REQUIRE_EQUAL(c.Connect(), ""); // expiry - 1
    BOOST_CHECK_EQUAL(c.Connect(test::BindingStmt("alice", f.nodes[1], owner, 2)), "bad-handle-expired");
    BOOST_CHECK_EQUAL(c.Connect(test::Reveal("alice", TestHash(9), next.pub)), ""); // at expiry
    const HandleRecord rec = *ReadHandle(c.store, "alice");
    BOOST_CHECK(rec.owner == next.pub);
    BOOST_CHECK_EQUAL(rec.update_seq, 1u);
    BOOST_CHECK_EQUAL(rec.binding_seq, 1u);
    BOOST_CHECK(rec.home == Key{});
    BOOST_CHECK(rec.bound_node == Key{});
    BOOST_CHECK_EQUAL(c.Connect(test::Update("alice", next, 1, UPDATE_RENEW)), "bad-handle-seq");
    BOOST_CHECK_EQUAL(c.Connect(test::Update("alice", next, 2, UPDATE_RENEW)), "");
}

// ---- Bindings ----

BOOST_AUTO_TEST_CASE(binding_rules)
{
    NodesFixture f;
    RegistryChain& c = f.chain;
    const TestKey owner{1}, stranger{9};
    const TestKey& home = f.nodes[0];
    const TestKey& away = f.nodes[1];
    BOOST_CHECK_EQUAL(c.Connect(test::BindingStmt("alice", away, owner, 1)), "bad-handle-unknown");
    RegisterAlice(c, owner);
    BOOST_CHECK_EQUAL(c.Connect(test::BindingStmt("alice", away, stranger, 1)), "bad-binding-owner");
    BOOST_CHECK_EQUAL(c.Connect(test::BindingStmt("alice", away, owner, 2)), "bad-binding-seq");
    BOOST_CHECK_EQUAL(c.Connect(test::BindingStmt("alice", stranger, owner, 1)), "bad-node-inactive");
    Binding forged = test::BindingStmt("alice", away, owner, 1);
    forged.node_sig = home.Sign(BindingMessage(forged.body, test::RegtestGenesis()));
    BOOST_CHECK_EQUAL(c.Connect(forged), "bad-binding-sig");
    forged = test::BindingStmt("alice", away, owner, 1);
    forged.owner_sig = stranger.Sign(BindingMessage(forged.body, test::RegtestGenesis()));
    BOOST_CHECK_EQUAL(c.Connect(forged), "bad-binding-owner-sig");
    // Without the owner's signature only the home node may bind, and there is no home yet.
    BOOST_CHECK_EQUAL(c.Connect(test::BindingStmt("alice", home, owner, 1, false)), "bad-binding-unauthorized");
    BOOST_REQUIRE_EQUAL(c.Connect(test::Update("alice", owner, 1, UPDATE_HOME, home.pub)), "");
    BOOST_CHECK_EQUAL(c.Connect(test::BindingStmt("alice", away, owner, 1, false)), "bad-binding-unauthorized");
    BOOST_CHECK_EQUAL(c.Connect(test::BindingStmt("alice", home, owner, 1, false)), "");
    const int32_t b1 = c.height;
    HandleRecord rec = *ReadHandle(c.store, "alice");
    BOOST_CHECK(rec.bound_node == home.pub);
    BOOST_CHECK_EQUAL(rec.binding_seq, 1u);
    BOOST_CHECK_EQUAL(rec.binding_height, b1);
    BOOST_CHECK(rec.binding_by_home);
    // Rate limit: the home node cannot bind again before b1 + 5 ...
    BOOST_CHECK_EQUAL(c.Connect(test::BindingStmt("alice", home, owner, 2, false)), "bad-binding-too-soon");
    // ... but the owner can always move after a home-signed binding.
    BOOST_CHECK_EQUAL(c.Connect(test::BindingStmt("alice", away, owner, 2)), "");
    rec = *ReadHandle(c.store, "alice");
    BOOST_CHECK(rec.bound_node == away.pub);
    BOOST_CHECK(!rec.binding_by_home);
    // After an owner-signed binding the limit applies to everyone, the owner included.
    BOOST_CHECK_EQUAL(c.Connect(test::BindingStmt("alice", home, owner, 3, false)), "bad-binding-too-soon");
    BOOST_CHECK_EQUAL(c.Connect(test::BindingStmt("alice", home, owner, 3)), "bad-binding-too-soon");
    c.ConnectTo(rec.binding_height + P().presence_min_interval - 1);
    BOOST_CHECK_EQUAL(c.Connect(test::BindingStmt("alice", home, owner, 3, false)), ""); // at + 5
    // A replayed binding is rejected (its seq is used).
    BOOST_CHECK_EQUAL(c.Connect(test::BindingStmt("alice", away, owner, 2)), "bad-binding-seq");
}

BOOST_AUTO_TEST_CASE(binding_to_vanished_node_is_not_rate_limited)
{
    NodesFixture f;
    RegistryChain& c = f.chain;
    const TestKey owner{1};
    RegisterAlice(c, owner);
    BOOST_REQUIRE_EQUAL(c.Connect(test::BindingStmt("alice", f.nodes[1], owner, 1)), "");
    BOOST_CHECK_EQUAL(c.Connect(test::BindingStmt("alice", f.nodes[2], owner, 2)), "bad-binding-too-soon");
    BOOST_REQUIRE_EQUAL(c.Connect(test::NodeStmt(f.nodes[1], 2, NodeOp::DEREGISTER, 0)), "");
    BOOST_CHECK_EQUAL(c.Connect(test::BindingStmt("alice", f.nodes[2], owner, 2)), "");
    // A binding to an inactive node is rejected.
    BOOST_CHECK_EQUAL(c.Connect(test::BindingStmt("alice", f.nodes[1], owner, 3)), "bad-node-inactive");
}

// ---- Nodes ----

BOOST_AUTO_TEST_CASE(node_register_update_deregister)
{
    RegistryChain c;
    const TestKey n{1}, other{2};
    BOOST_CHECK_EQUAL(c.Connect(Reg(n, COIN - 1)), "bad-node-bond");
    BOOST_CHECK_EQUAL(c.Connect(test::NodeStmt(n, 1, NodeOp::REGISTER, COIN, 0, {}, &other)), "bad-node-sig");
    BOOST_CHECK_EQUAL(c.Connect(test::NodeStmt(n, 1, NodeOp::UPDATE, 0)), "bad-node-inactive");
    BOOST_CHECK_EQUAL(c.Connect(Reg(n, 3 * COIN, 7, 500)), ""); // a new key may start at any seq
    NodeRecord rec = *ReadNode(c.store, n.pub);
    BOOST_CHECK_EQUAL(rec.seq, 7u);
    BOOST_CHECK_EQUAL(rec.bond, 3 * COIN);
    BOOST_CHECK_EQUAL(rec.rate, 500);
    BOOST_CHECK_EQUAL(rec.RateAt(c.height, P()), 500); // effective at once for a new node
    BOOST_CHECK(ReadActiveHeader(c.store) == (NodeSetHeader{3 * COIN, 1, {n.pub[0]}}));
    BOOST_CHECK_EQUAL(c.Connect(Reg(n, 3 * COIN, 8)), "bad-node-exists");
    BOOST_CHECK_EQUAL(c.Connect(test::NodeStmt(n, 9, NodeOp::UPDATE, 0)), "bad-node-seq");
    // A rate change applies from the settlement epoch after the next.
    BOOST_CHECK_EQUAL(c.Connect(test::NodeStmt(n, 8, NodeOp::UPDATE, 0, 900, {"+49"})), ""); // height 2, epoch 0
    rec = *ReadNode(c.store, n.pub);
    BOOST_CHECK_EQUAL(rec.prefixes.size(), 1u);
    BOOST_CHECK_EQUAL(rec.next_rate_epoch, 2);
    BOOST_CHECK_EQUAL(rec.RateAt(9, P()), 500);
    BOOST_CHECK_EQUAL(rec.RateAt(10, P()), 900);
    c.ConnectTo(11);
    BOOST_CHECK_EQUAL(c.Connect(test::NodeStmt(n, 9, NodeOp::UPDATE, 0, 900)), ""); // same rate: folded in
    rec = *ReadNode(c.store, n.pub);
    BOOST_CHECK_EQUAL(rec.rate, 900);
    BOOST_CHECK_EQUAL(rec.next_rate_epoch, -1);
    // Deregister: leaves the active set; the bond is credited 50 blocks later.
    BOOST_CHECK_EQUAL(c.Connect(test::NodeStmt(n, 10, NodeOp::DEREGISTER, 0)), "");
    const int32_t d = c.height;
    BOOST_CHECK(!ReadNode(c.store, n.pub)->IsActive());
    BOOST_CHECK_EQUAL(c.store.Count(TABLE_ACTIVE), 0u);
    BOOST_CHECK_EQUAL(c.store.Count(TABLE_ACTIVE_HEADER), 0u);
    BOOST_CHECK_EQUAL(c.Connect(test::NodeStmt(n, 11, NodeOp::DEREGISTER, 0)), "bad-node-inactive");
    BOOST_CHECK_EQUAL(c.Connect(test::NodeStmt(n, 11, NodeOp::UPDATE, 0)), "bad-node-inactive");
    BOOST_CHECK_EQUAL(c.Connect(Reg(n, COIN, 11)), "bad-node-exists"); // bond not back yet
    c.ConnectTo(d + P().bond_release_delay - 1);
    BOOST_CHECK_EQUAL(Balance(c, n), 0);
    BOOST_CHECK_EQUAL(c.Connect(), "");
    BOOST_CHECK_EQUAL(Balance(c, n), 3 * COIN);
    BOOST_CHECK_EQUAL(ReadNode(c.store, n.pub)->bond, 0);
    BOOST_CHECK_EQUAL(c.Connect(Reg(n, COIN, 11)), "");
    BOOST_CHECK(ReadNode(c.store, n.pub)->IsActive());
}

BOOST_AUTO_TEST_CASE(restating_the_pending_rate_keeps_its_epoch)
{
    // Settlement epochs of 5 blocks: a change mined in epoch e applies from epoch e + 2.
    RegistryChain c;
    const TestKey n{1};
    BOOST_REQUIRE_EQUAL(c.Connect(Reg(n, COIN, 1, 500)), "");                        // height 1
    BOOST_REQUIRE_EQUAL(c.Connect(test::NodeStmt(n, 2, NodeOp::UPDATE, 0, 900)), ""); // height 2, epoch 0
    BOOST_CHECK_EQUAL(ReadNode(c.store, n.pub)->next_rate_epoch, 2);
    // Restating the pending rate (e.g. with new endpoints) in epoch 1 does not postpone it.
    c.ConnectTo(6);
    BOOST_REQUIRE_EQUAL(c.Connect(test::NodeStmt(n, 3, NodeOp::UPDATE, 0, 900, {"+49"})), ""); // height 7, epoch 1
    NodeRecord rec = *ReadNode(c.store, n.pub);
    BOOST_CHECK_EQUAL(rec.rate, 500);
    BOOST_CHECK_EQUAL(rec.next_rate, 900);
    BOOST_CHECK_EQUAL(rec.next_rate_epoch, 2);
    BOOST_CHECK_EQUAL(rec.RateAt(9, P()), 500);
    BOOST_CHECK_EQUAL(rec.RateAt(10, P()), 900);
    // A different rate replaces the pending one and counts from its own epoch.
    BOOST_REQUIRE_EQUAL(c.Connect(test::NodeStmt(n, 4, NodeOp::UPDATE, 0, 700)), ""); // height 8, epoch 1
    rec = *ReadNode(c.store, n.pub);
    BOOST_CHECK_EQUAL(rec.next_rate, 700);
    BOOST_CHECK_EQUAL(rec.next_rate_epoch, 3);
    BOOST_CHECK_EQUAL(rec.RateAt(10, P()), 500);
    BOOST_CHECK_EQUAL(rec.RateAt(15, P()), 700);
    // Restating the rate in force cancels the pending change.
    BOOST_REQUIRE_EQUAL(c.Connect(test::NodeStmt(n, 5, NodeOp::UPDATE, 0, 500)), ""); // height 9, epoch 1
    rec = *ReadNode(c.store, n.pub);
    BOOST_CHECK_EQUAL(rec.rate, 500);
    BOOST_CHECK_EQUAL(rec.next_rate_epoch, -1);
    BOOST_CHECK_EQUAL(rec.RateAt(20, P()), 500);
}

BOOST_AUTO_TEST_CASE(active_set_buckets)
{
    RegistryChain c;
    std::vector<Payload> regs;
    std::vector<TestKey> keys;
    for (uint8_t i = 1; i <= 12; ++i) keys.emplace_back(i);
    for (const TestKey& k : keys) regs.push_back(Reg(k, k.pub[1] * COIN + COIN));
    BOOST_REQUIRE_EQUAL(c.Connect(regs), "");
    const NodeSetHeader header = ReadActiveHeader(c.store);
    BOOST_CHECK_EQUAL(header.node_count, 12u);
    CAmount total = 0;
    std::vector<Key> listed;
    for (uint8_t b : header.buckets) {
        const NodeList list = ReadActiveBucket(c.store, b);
        BOOST_CHECK(!list.nodes.empty());
        for (const NodeWeight& n : list.nodes) {
            BOOST_CHECK_EQUAL(n.node[0], b);
            total += n.bond;
            listed.push_back(n.node);
        }
    }
    BOOST_CHECK_EQUAL(total, header.total_bond);
    BOOST_CHECK(std::is_sorted(listed.begin(), listed.end()));
    BOOST_CHECK_EQUAL(listed.size(), 12u);
    // Removing every node empties the set.
    std::vector<Payload> deregs;
    for (const TestKey& k : keys) deregs.push_back(test::NodeStmt(k, 2, NodeOp::DEREGISTER, 0));
    BOOST_REQUIRE_EQUAL(c.Connect(deregs), "");
    BOOST_CHECK_EQUAL(c.store.Count(TABLE_ACTIVE) + c.store.Count(TABLE_ACTIVE_HEADER), 0u);
}

// ---- Deposits, settlements, releases, withdrawals ----

BOOST_AUTO_TEST_CASE(deposit_rules)
{
    NodesFixture f;
    RegistryChain& c = f.chain;
    const TestKey& o = f.nodes[0];
    const TestKey& t = f.nodes[1];
    const TestKey stranger{9};
    BOOST_CHECK_EQUAL(c.Connect(Deposit{o.pub, stranger.pub, COIN}), "bad-deposit-node");
    BOOST_CHECK_EQUAL(c.Connect(Deposit{stranger.pub, t.pub, COIN}), "bad-deposit-node");
    BOOST_CHECK_EQUAL(c.Connect(Deposit{o.pub, t.pub, 0}), "bad-registry-amount");
    BOOST_CHECK_EQUAL(c.Connect(Deposit{o.pub, o.pub, COIN}), "bad-registry-pair");
    BOOST_CHECK_EQUAL(c.Connect(Txs({Deposit{o.pub, t.pub, COIN}, Deposit{o.pub, t.pub, 2 * COIN}})), "");
    BOOST_CHECK(Pair(c, o, t) == (PairRecord{3 * COIN, 0, 0, -1}));
    BOOST_CHECK(Pair(c, t, o).IsEmpty()); // pairs are ordered
    BOOST_REQUIRE_EQUAL(c.Connect(test::NodeStmt(t, 2, NodeOp::DEREGISTER, 0)), "");
    BOOST_CHECK_EQUAL(c.Connect(Deposit{o.pub, t.pub, COIN}), "bad-deposit-node");
}

BOOST_AUTO_TEST_CASE(settlement_pays_from_deposit_then_debt)
{
    NodesFixture f;
    RegistryChain& c = f.chain;
    const TestKey& o = f.nodes[0];
    const TestKey& t = f.nodes[1];
    BOOST_REQUIRE_EQUAL(c.Connect(Deposit{o.pub, t.pub, 1000}), "");
    c.ConnectTo(5); // settlement epoch 1 starts at 5
    // Epoch 0: 600 s at 100 per minute = 1000.
    BOOST_CHECK_EQUAL(c.Connect(test::SettlementOf(o, t, {test::Voucher(o, t, 0, 600, 100)})), "");
    BOOST_CHECK_EQUAL(Balance(c, t), 1000);
    BOOST_CHECK(Pair(c, o, t).IsEmpty()); // deposit spent: the record is erased
    BOOST_CHECK(*ReadSettlement(c.store, o.pub, t.pub, 0) == (SettlementRecord{1000, 600}));
    // A higher voucher of the same epoch pays the difference; nothing left: a debt.
    BOOST_CHECK_EQUAL(c.Connect(test::SettlementOf(o, t, {test::Voucher(o, t, 0, 900, 100)})), "");
    BOOST_CHECK_EQUAL(Balance(c, t), 1000);
    BOOST_CHECK(Pair(c, o, t) == (PairRecord{0, 500, 0, -1}));
    // Not higher: rejected (equal or lower totals, and a different rate with the same amount).
    BOOST_CHECK_EQUAL(c.Connect(test::SettlementOf(o, t, {test::Voucher(o, t, 0, 900, 100)})), "bad-settle-not-higher");
    BOOST_CHECK_EQUAL(c.Connect(test::SettlementOf(o, t, {test::Voucher(o, t, 0, 600, 150)})), "bad-settle-not-higher");
    // The next deposit pays the debt first.
    BOOST_CHECK_EQUAL(c.Connect(Deposit{o.pub, t.pub, 2000}), "");
    BOOST_CHECK_EQUAL(Balance(c, t), 1500);
    BOOST_CHECK(Pair(c, o, t) == (PairRecord{1500, 0, 0, -1}));
    // Several epochs at once, each checked and paid in order.
    BOOST_CHECK_EQUAL(c.Connect(test::SettlementOf(o, t, {test::Voucher(o, t, 0, 960, 100), test::Voucher(o, t, 1, 60, 60)})), "");
    BOOST_CHECK_EQUAL(Balance(c, t), 1500 + 100 + 60);
    BOOST_CHECK(Pair(c, o, t) == (PairRecord{1340, 0, 0, -1}));
    // One bad voucher rejects the whole settlement.
    BOOST_CHECK_EQUAL(c.Connect(test::SettlementOf(o, t, {test::Voucher(o, t, 1, 120, 60), test::Voucher(o, t, 2, 60, 60)})), "");
    BOOST_CHECK_EQUAL(c.Connect(test::SettlementOf(o, t, {test::Voucher(o, t, 1, 180, 60), test::Voucher(o, t, 2, 60, 60)})),
                      "bad-settle-not-higher");
}

BOOST_AUTO_TEST_CASE(settlement_rejects)
{
    NodesFixture f;
    RegistryChain& c = f.chain;
    const TestKey& o = f.nodes[0];
    const TestKey& t = f.nodes[1];
    const TestKey stranger{9};
    c.ConnectTo(9); // next block 10: settlement epoch 2
    BOOST_CHECK_EQUAL(c.Connect(test::SettlementOf(o, stranger, {test::Voucher(o, stranger, 1, 60, 60)})), "bad-settle-node");
    BOOST_CHECK_EQUAL(c.Connect(test::SettlementOf(o, t, {test::Voucher(o, t, 3, 60, 60)})), "bad-settle-future");
    Settlement forged = test::SettlementOf(o, t, {test::Voucher(o, t, 2, 60, 60)});
    forged.vouchers[0].orig_sig = t.Sign(VoucherMessage(o.pub, t.pub, forged.vouchers[0], test::RegtestGenesis()));
    BOOST_CHECK_EQUAL(c.Connect(forged), "bad-settle-sig");
    // A voucher signed for the pair the other way round does not verify.
    forged = test::SettlementOf(o, t, {test::Voucher(t, o, 2, 60, 60)});
    BOOST_CHECK_EQUAL(c.Connect(forged), "bad-settle-sig");
    BOOST_CHECK_EQUAL(c.Connect(test::SettlementOf(o, t, {test::Voucher(o, t, 2, 60, 60)})), ""); // the current epoch
    // Epoch 0 is settleable until (0 + 1) * 5 + 20 - 1 = 24.
    c.ConnectTo(23);
    BOOST_CHECK_EQUAL(c.Connect(test::SettlementOf(o, t, {test::Voucher(o, t, 0, 60, 60)})), ""); // at 24
    BOOST_CHECK_EQUAL(c.Connect(test::SettlementOf(o, t, {test::Voucher(o, t, 0, 120, 60)})), "bad-settle-expired");
    // A debt never exceeds MAX_MONEY.
    const TestKey& o2 = f.nodes[2];
    const TestKey& t2 = f.nodes[3];
    BOOST_CHECK_EQUAL(c.Connect(test::SettlementOf(o2, t2, {test::Voucher(o2, t2, 4, 60, MAX_MONEY)})), "");
    BOOST_CHECK_EQUAL(Pair(c, o2, t2).debt, MAX_MONEY);
    BOOST_CHECK_EQUAL(c.Connect(test::SettlementOf(o2, t2, {test::Voucher(o2, t2, 5, 60, 60)})), "bad-settle-debt");
}

BOOST_AUTO_TEST_CASE(settlement_keys_are_erased_when_their_window_ends)
{
    NodesFixture f;
    RegistryChain& c = f.chain;
    const TestKey& o = f.nodes[0];
    const TestKey& t = f.nodes[1];
    BOOST_REQUIRE_EQUAL(c.Connect(Deposit{o.pub, t.pub, COIN}), ""); // height 2
    BOOST_REQUIRE_EQUAL(c.Connect(test::SettlementOf(o, t, {test::Voucher(o, t, 0, 60, 60)})), ""); // height 3
    c.ConnectTo(6);
    BOOST_REQUIRE_EQUAL(c.Connect(test::SettlementOf(o, t, {test::Voucher(o, t, 0, 120, 60), test::Voucher(o, t, 1, 60, 60)})), "");
    BOOST_CHECK_EQUAL(c.store.Count(TABLE_SETTLEMENT), 2u);
    c.ConnectTo(SettleDeadline(0, P()) - 1);
    BOOST_CHECK_EQUAL(c.store.Count(TABLE_SETTLEMENT), 2u);
    BOOST_CHECK_EQUAL(c.Connect(), "");
    BOOST_CHECK_EQUAL(c.store.Count(TABLE_SETTLEMENT), 1u);
    c.ConnectTo(SettleDeadline(1, P()));
    BOOST_CHECK_EQUAL(c.store.Count(TABLE_SETTLEMENT), 0u);
    BOOST_CHECK_EQUAL(c.store.Count(TABLE_AGENDA) + c.store.Count(TABLE_AGENDA_COUNT), 0u);
    // What stays: the pair's deposit, the nodes, the active set.
    BOOST_CHECK_EQUAL(Pair(c, o, t).deposit, COIN - 180);
}

BOOST_AUTO_TEST_CASE(settlement_erasure_runs_only_when_due)
{
    // An ERASE_SETTLEMENT item erases the key only at the epoch's deadline: an item found on the
    // agenda of any other height (stale, or written there by mistake) leaves a settleable key alone.
    NodesFixture f;
    RegistryChain& c = f.chain;
    const TestKey& o = f.nodes[0];
    const TestKey& t = f.nodes[1];
    BOOST_REQUIRE_EQUAL(c.Connect(Deposit{o.pub, t.pub, COIN}), "");                                   // height 2
    BOOST_REQUIRE_EQUAL(c.Connect(test::SettlementOf(o, t, {test::Voucher(o, t, 0, 60, 60)})), ""); // height 3
    const std::string key = SettlementKey(o.pub, t.pub, 0);
    const int32_t due = static_cast<int32_t>(SettleDeadline(0, P()));
    const int32_t early = c.height + 2;
    BOOST_REQUIRE_LT(early, due);
    // Put an erasure of epoch 0's key on the agenda of a height where it is not due.
    const uint32_t chunks = ReadAgendaCount(c.store, early);
    c.store.Put(AgendaChunkKey(early, chunks), AgendaChunk{{EraseSettlementItem(o.pub, t.pub, 0)}}.Encode());
    c.store.Put(AgendaCountKey(early), AgendaCount{chunks + 1}.Encode());
    c.ConnectTo(early);
    BOOST_CHECK(c.store.Get(key));
    BOOST_CHECK_EQUAL(ReadAgendaCount(c.store, early), 0u); // the item was consumed, doing nothing
    // The key still works: a higher voucher pays the difference.
    BOOST_CHECK_EQUAL(c.Connect(test::SettlementOf(o, t, {test::Voucher(o, t, 0, 120, 60)})), "");
    BOOST_CHECK_EQUAL(Pair(c, o, t).deposit, COIN - 120);
    // At the deadline the scheduled item erases it; disconnecting that block brings it back.
    c.ConnectTo(due - 1);
    const std::map<std::string, std::string> before = c.store.records;
    BOOST_CHECK_EQUAL(c.Connect(), "");
    BOOST_CHECK(!c.store.Get(key));
    c.Disconnect();
    BOOST_CHECK(c.store.records == before);
    BOOST_CHECK(c.store.Get(key));
}

BOOST_AUTO_TEST_CASE(deposit_release)
{
    NodesFixture f;
    RegistryChain& c = f.chain;
    const TestKey& o = f.nodes[0];
    const TestKey& t = f.nodes[1];
    const TestKey stranger{9};
    BOOST_CHECK_EQUAL(c.Connect(test::ReleaseStmt(o, t, 2, 10)), "bad-release-empty");
    BOOST_REQUIRE_EQUAL(c.Connect(Deposit{o.pub, t.pub, 1000}), "");
    BOOST_CHECK_EQUAL(c.Connect(test::ReleaseStmt(stranger, t, 1, 10)), "bad-node-unknown");
    BOOST_CHECK_EQUAL(c.Connect(test::ReleaseStmt(o, t, 3, 10)), "bad-node-seq");
    DepositRelease forged = test::ReleaseStmt(o, t, 2, 10);
    forged.orig_sig = t.Sign(DepositReleaseMessage(forged.body, test::RegtestGenesis()));
    BOOST_CHECK_EQUAL(c.Connect(forged), "bad-node-sig");
    BOOST_CHECK_EQUAL(c.Connect(test::ReleaseStmt(o, t, 2, 0)), "bad-release-empty"); // nothing to cancel
    BOOST_CHECK_EQUAL(c.Connect(test::ReleaseStmt(o, t, 2, 800)), "");
    const int32_t r = c.height + P().settle_epoch + P().settle_window;
    BOOST_CHECK(Pair(c, o, t) == (PairRecord{1000, 0, 800, r}));
    BOOST_CHECK_EQUAL(ReadNode(c.store, o.pub)->seq, 2u);
    BOOST_CHECK_EQUAL(c.Connect(test::ReleaseStmt(o, t, 2, 800)), "bad-node-seq"); // no replay
    // A settlement mined before the release is paid first.
    BOOST_CHECK_EQUAL(c.Connect(test::SettlementOf(o, t, {test::Voucher(o, t, 0, 300, 60)})), "");
    c.ConnectTo(r - 1);
    BOOST_CHECK_EQUAL(Pair(c, o, t).deposit, 700);
    BOOST_CHECK_EQUAL(c.Connect(), "");
    BOOST_CHECK_EQUAL(Balance(c, o), 700); // min(800, 700)
    BOOST_CHECK_EQUAL(Balance(c, t), 300);
    BOOST_CHECK(Pair(c, o, t).IsEmpty());
    BOOST_CHECK_EQUAL(c.store.Count(TABLE_PAIR), 0u);
}

BOOST_AUTO_TEST_CASE(deposit_release_replaced_and_cancelled)
{
    NodesFixture f;
    RegistryChain& c = f.chain;
    const TestKey& o = f.nodes[0];
    const TestKey& t = f.nodes[1];
    BOOST_REQUIRE_EQUAL(c.Connect(Deposit{o.pub, t.pub, 1000}), "");
    BOOST_REQUIRE_EQUAL(c.Connect(test::ReleaseStmt(o, t, 2, 100)), "");
    const int32_t r1 = c.height + 25;
    BOOST_REQUIRE_EQUAL(c.Connect(test::ReleaseStmt(o, t, 3, 400)), ""); // replaces: released one block later
    const int32_t r2 = c.height + 25;
    c.ConnectTo(r1);
    BOOST_CHECK_EQUAL(Balance(c, o), 0); // the first request's agenda item is stale
    BOOST_CHECK_EQUAL(c.Connect(), "");
    BOOST_CHECK_EQUAL(c.height, r2);
    BOOST_CHECK_EQUAL(Balance(c, o), 400);
    BOOST_CHECK(Pair(c, o, t) == (PairRecord{600, 0, 0, -1}));
    // Cancel: nothing is released.
    BOOST_REQUIRE_EQUAL(c.Connect(test::ReleaseStmt(o, t, 4, 100)), "");
    const int32_t r3 = c.height + 25;
    BOOST_REQUIRE_EQUAL(c.Connect(test::ReleaseStmt(o, t, 5, 0)), "");
    BOOST_CHECK(Pair(c, o, t) == (PairRecord{600, 0, 0, -1}));
    c.ConnectTo(r3);
    BOOST_CHECK_EQUAL(Balance(c, o), 400);
}

BOOST_AUTO_TEST_CASE(node_withdraw)
{
    NodesFixture f;
    RegistryChain& c = f.chain;
    const TestKey& o = f.nodes[0];
    const TestKey& t = f.nodes[1];
    BOOST_REQUIRE_EQUAL(c.Connect(Deposit{o.pub, t.pub, 1000}), "");
    BOOST_REQUIRE_EQUAL(c.Connect(test::SettlementOf(o, t, {test::Voucher(o, t, 0, 600, 60)})), "");
    BOOST_REQUIRE_EQUAL(Balance(c, t), 600);
    const std::vector<CTxOut> outs{CTxOut{590, OutputLock{}}};
    BOOST_CHECK_EQUAL(c.Connect({test::WithdrawTx(TestKey{9}, 1, 600, outs)}), "bad-node-unknown");
    BOOST_CHECK_EQUAL(c.Connect({test::WithdrawTx(t, 3, 600, outs)}), "bad-node-seq");
    BOOST_CHECK_EQUAL(c.Connect({test::WithdrawTx(t, 2, 601, outs)}), "bad-withdraw-balance");
    // The statement signs the outputs: another output set is rejected.
    CTransaction signed_other = test::WithdrawTx(t, 2, 600, outs);
    CMutableTransaction changed = test::MutableCopy(signed_other);
    changed.vout[0].value = 600;
    BOOST_CHECK_EQUAL(c.Connect({CTransaction{changed}}), "bad-withdraw-outputs");
    changed = test::MutableCopy(signed_other);
    changed.locktime = 1;
    BOOST_CHECK_EQUAL(c.Connect({CTransaction{changed}}), "bad-withdraw-outputs");
    NodeWithdraw w = std::get<NodeWithdraw>(*DecodePayload(TxKind::NODE_WITHDRAW, signed_other.payload));
    w.node_sig = o.Sign(NodeWithdrawMessage(w.body, test::RegtestGenesis()));
    BOOST_CHECK_EQUAL(c.Connect({RegistryTx(w, outs, false)}), "bad-node-sig");
    BOOST_CHECK_EQUAL(c.Connect({test::WithdrawTx(t, 2, 250, outs)}), "");
    BOOST_CHECK_EQUAL(Balance(c, t), 350);
    BOOST_CHECK_EQUAL(c.Connect({test::WithdrawTx(t, 3, 350, outs, /*inputs=*/true)}), "");
    BOOST_CHECK_EQUAL(c.store.Count(TABLE_BALANCE), 0u); // a zero balance is erased
    // A deregistered node keeps withdrawing its bond once credited.
    BOOST_REQUIRE_EQUAL(c.Connect(test::NodeStmt(t, 4, NodeOp::DEREGISTER, 0)), "");
    c.ConnectTo(c.height + P().bond_release_delay);
    BOOST_CHECK_EQUAL(Balance(c, t), COIN);
    BOOST_CHECK_EQUAL(c.Connect({test::WithdrawTx(t, 5, COIN, outs)}), "");
}

// ---- Availability rewards ----

BOOST_AUTO_TEST_CASE(active_set_frozen_at_the_seed)
{
    NodesFixture f{{1, 2}};           // block 1
    RegistryChain& c = f.chain;
    const TestKey late{0x50}, later{0x51};
    c.ConnectTo(9);
    BOOST_REQUIRE_EQUAL(c.Connect(Reg(late, 4 * COIN)), "");        // block 10 = seed of epoch 1: included
    BOOST_REQUIRE_EQUAL(c.Connect(Txs({Reg(later, 8 * COIN), test::NodeStmt(f.nodes[0], 2, NodeOp::DEREGISTER, 0)})), ""); // 11
    const std::optional<ProbeSet> set = LoadFrozenSet(c.store, 1);
    BOOST_REQUIRE(set);
    BOOST_CHECK_EQUAL(set->size(), 3u);
    BOOST_CHECK_EQUAL(set->TotalBond(), uint64_t(7 * COIN));
    BOOST_CHECK(set->Find(f.nodes[0].pub)); // deregistered after the seed: still in epoch 1
    BOOST_CHECK(!set->Find(later.pub));     // registered after the seed
    BOOST_CHECK(!LoadFrozenSet(c.store, 0));
    BOOST_CHECK(!LoadFrozenSet(c.store, 2));
    c.ConnectTo(30);
    const std::optional<ProbeSet> set2 = LoadFrozenSet(c.store, 2);
    BOOST_REQUIRE(set2);
    BOOST_CHECK_EQUAL(set2->TotalBond(), uint64_t(14 * COIN));
    BOOST_CHECK(!set2->Find(f.nodes[0].pub));
    BOOST_CHECK(set2->Find(later.pub));
    // Epoch 1's set is erased at the start of block (1 + 2) * 20 = 60.
    c.ConnectTo(59);
    BOOST_CHECK(LoadFrozenSet(c.store, 1));
    BOOST_CHECK_EQUAL(c.Connect(), "");
    BOOST_CHECK(!LoadFrozenSet(c.store, 1));
    BOOST_CHECK(LoadFrozenSet(c.store, 2));
}

/** Ten nodes with bonds 1..10 DOTS registered in block 1; the chain at height `h`. */
struct ProbeFixture : NodesFixture {
    ProbeFixture() : NodesFixture{{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}} {}

    /** The probers of node i in `epoch`, as TestKeys, in draw order. */
    std::vector<const TestKey*> Probers(size_t i, uint32_t epoch)
    {
        const std::optional<ProbeSet> set = LoadFrozenSet(chain.store, epoch);
        BOOST_REQUIRE(set);
        const uint256 seed = chain.HashAt(static_cast<int32_t>(SeedHeight(epoch, P())));
        std::vector<const TestKey*> out;
        for (size_t j : DrawProbers(*set, seed, *set->Find(nodes[i].pub), P().probe_count)) {
            for (const TestKey& k : nodes) {
                if (k.pub == set->Node(j).node) out.push_back(&k);
            }
        }
        return out;
    }
    /** Receipts of node i for positions `positions` of its draw, each signed by that prober. */
    ProbeReceipts Receipts(size_t i, uint32_t epoch, std::vector<uint8_t> positions)
    {
        const std::vector<const TestKey*> probers = Probers(i, epoch);
        std::vector<std::pair<uint8_t, const TestKey*>> r;
        for (uint8_t p : positions) r.emplace_back(p, probers.at(p));
        return test::ReceiptsOf(nodes[i].pub, epoch, r);
    }
    CAmount Share(size_t i, uint32_t epoch) const
    {
        return PoolShare(GetEpochPool(epoch, test::RegtestParams()), static_cast<CAmount>(i + 1) * COIN, 55 * COIN);
    }
};

BOOST_AUTO_TEST_CASE(receipts_credit_the_share_at_the_threshold)
{
    ProbeFixture f;
    RegistryChain& c = f.chain;
    c.ConnectTo(19);
    BOOST_CHECK_EQUAL(f.Probers(0, 1).size(), 9u);
    // Two receipts: counted, no share yet.
    BOOST_CHECK_EQUAL(c.Connect(f.Receipts(0, 1, {0, 4})), ""); // height 20
    BOOST_CHECK_EQUAL(ReadReceiptMask(c.store, 1, f.nodes[0].pub).mask, 0b10001);
    BOOST_CHECK_EQUAL(Balance(c, f.nodes[0]), 0);
    BOOST_CHECK_EQUAL(c.Connect(f.Receipts(0, 1, {4})), "bad-probe-duplicate");
    BOOST_CHECK_EQUAL(c.Connect(f.Receipts(0, 1, {1, 4})), "bad-probe-duplicate");
    // The third crosses the threshold: pool_1 * 1 / 55.
    BOOST_CHECK_EQUAL(c.Connect(f.Receipts(0, 1, {8})), "");
    const CAmount share = f.Share(0, 1);
    BOOST_CHECK_EQUAL(share, 20 * COIN / 55);
    BOOST_CHECK_EQUAL(Balance(c, f.nodes[0]), share);
    // More receipts count but credit nothing more.
    BOOST_CHECK_EQUAL(c.Connect(f.Receipts(0, 1, {1, 2, 3})), "");
    BOOST_CHECK_EQUAL(Balance(c, f.nodes[0]), share);
    // Three in one transaction credit at once.
    BOOST_CHECK_EQUAL(c.Connect(f.Receipts(9, 1, {0, 1, 2})), "");
    BOOST_CHECK_EQUAL(Balance(c, f.nodes[9]), f.Share(9, 1));
    BOOST_CHECK_EQUAL(f.Share(9, 1), 20 * COIN * 10 / 55);
}

BOOST_AUTO_TEST_CASE(receipt_rejects)
{
    ProbeFixture f;
    RegistryChain& c = f.chain;
    c.ConnectTo(19);
    BOOST_CHECK_EQUAL(c.Connect(test::ReceiptsOf(f.nodes[0].pub, 0, {{0, &f.nodes[1]}})), "bad-probe-epoch");
    BOOST_CHECK_EQUAL(c.Connect(test::ReceiptsOf(f.nodes[0].pub, 2, {{0, &f.nodes[1]}})), "bad-probe-epoch"); // not started
    const TestKey stranger{9};
    BOOST_CHECK_EQUAL(c.Connect(test::ReceiptsOf(stranger.pub, 1, {{0, &f.nodes[1]}})), "bad-probe-target");
    ProbeReceipts r = f.Receipts(0, 1, {0});
    r.receipts[0].index = 9; // only 9 probers: positions 0-8
    BOOST_CHECK_EQUAL(c.Connect(r), "bad-probe-index");
    // A receipt signed by a node that is not the prober at that position.
    const std::vector<const TestKey*> probers = f.Probers(0, 1);
    BOOST_CHECK_EQUAL(c.Connect(test::ReceiptsOf(f.nodes[0].pub, 1, {{0, probers[1]}})), "bad-probe-sig");
    // A challenge signed for another epoch or target.
    r = f.Receipts(0, 1, {0});
    r.receipts[0].prober_sig = probers[0]->Sign(ProbeChallengeMessage(f.nodes[0].pub, probers[0]->pub, 2, test::RegtestGenesis()));
    BOOST_CHECK_EQUAL(c.Connect(r), "bad-probe-sig");
    r.receipts[0].prober_sig = probers[0]->Sign(ProbeChallengeMessage(f.nodes[1].pub, probers[0]->pub, 1, test::RegtestGenesis()));
    BOOST_CHECK_EQUAL(c.Connect(r), "bad-probe-sig");
    // Accepted during epoch 2 too, until the start of block 60.
    c.ConnectTo(58);
    BOOST_CHECK_EQUAL(c.Connect(f.Receipts(0, 1, {0, 1, 2})), ""); // 59
    BOOST_CHECK_EQUAL(c.Connect(f.Receipts(1, 1, {0, 1, 2})), "bad-probe-epoch");
    BOOST_REQUIRE_EQUAL(c.Connect(), ""); // 60: the epoch's counters and frozen set are gone
    BOOST_CHECK_EQUAL(ReadReceiptMask(c.store, 1, f.nodes[0].pub).mask, 0);
    BOOST_CHECK_EQUAL(c.store.Count(TABLE_RECEIPTS), 0u);
}

BOOST_AUTO_TEST_CASE(withheld_receipts_take_nothing)
{
    // Targets whose probers withhold their challenges get no share, and nobody gets more:
    // W_e counts every bond at the seed, qualified or not.
    ProbeFixture f;
    RegistryChain& c = f.chain;
    c.ConnectTo(19);
    std::vector<Payload> receipts;
    for (size_t i = 0; i < 5; ++i) receipts.push_back(f.Receipts(i, 1, {0, 1, 2}));
    for (size_t i = 5; i < 10; ++i) receipts.push_back(f.Receipts(i, 1, {0, 1})); // one short
    BOOST_REQUIRE_EQUAL(c.Connect(receipts), "");
    CAmount credited = 0;
    for (size_t i = 0; i < 10; ++i) {
        const CAmount expected = i < 5 ? f.Share(i, 1) : 0;
        BOOST_CHECK_EQUAL(Balance(c, f.nodes[i]), expected);
        credited += Balance(c, f.nodes[i]);
    }
    BOOST_CHECK_LE(credited, 20 * COIN * 15 / 55); // 1+2+3+4+5 of 55 parts, floored per node
    BOOST_CHECK_GT(credited, 20 * COIN * 15 / 55 - 5);
    c.ConnectTo(60);
    BOOST_CHECK_EQUAL(c.store.Count(TABLE_RECEIPTS), 0u);
    BOOST_CHECK(!LoadFrozenSet(c.store, 1));
    BOOST_CHECK(LoadFrozenSet(c.store, 2));
}

BOOST_AUTO_TEST_CASE(disconnect_across_epoch_boundaries_restores_everything)
{
    ProbeFixture f;
    RegistryChain& c = f.chain;
    BOOST_REQUIRE_EQUAL(c.Connect(Deposit{f.nodes[0].pub, f.nodes[1].pub, 10 * COIN}), "");
    c.ConnectTo(19);
    std::vector<std::map<std::string, std::string>> states;
    // Blocks 20-61: receipts, settlements, releases, deregistrations, across the seed of epoch 2
    // (30), the start of epoch 2 (40), the erasure of epoch 1 (60) and settlement deadlines.
    for (int32_t h = 20; h <= 61; ++h) {
        states.push_back(c.store.records);
        std::vector<Payload> block;
        if (h == 21) block.push_back(f.Receipts(2, 1, {0, 1, 2}));
        if (h == 22) block.push_back(test::SettlementOf(f.nodes[0], f.nodes[1], {test::Voucher(f.nodes[0], f.nodes[1], 4, 600, 60)}));
        if (h == 23) block.push_back(test::ReleaseStmt(f.nodes[0], f.nodes[1], 2, COIN));
        if (h == 35) block.push_back(test::NodeStmt(f.nodes[5], 2, NodeOp::DEREGISTER, 0));
        if (h == 41) block.push_back(f.Receipts(3, 2, {0, 1, 2}));
        if (h == 59) block.push_back(f.Receipts(4, 1, {3, 4, 5}));
        BOOST_REQUIRE_EQUAL(c.Connect(block), "");
    }
    BOOST_CHECK_GT(Balance(c, f.nodes[2]), 0);
    BOOST_CHECK_GT(Balance(c, f.nodes[0]), 0); // the released deposit
    for (int32_t h = 61; h >= 20; --h) {
        c.Disconnect();
        BOOST_REQUIRE_MESSAGE(c.store.records == states[h - 20], "state before block " << h);
    }
}

BOOST_AUTO_TEST_CASE(fabricated_vouchers_create_nothing)
{
    // An operator with both nodes of a pair: whatever it signs, the registry's total (deposits,
    // debts aside, plus balances) only moves between its own pockets.
    NodesFixture f;
    RegistryChain& c = f.chain;
    const TestKey& o = f.nodes[0];
    const TestKey& t = f.nodes[1];
    BOOST_REQUIRE_EQUAL(c.Connect(Deposit{o.pub, t.pub, 5 * COIN}), "");
    const auto held = [&] { return Pair(c, o, t).deposit + Balance(c, o) + Balance(c, t); };
    const CAmount before = held();
    for (uint32_t e = 0; e < 6; ++e) {
        c.ConnectTo(static_cast<int32_t>(e * P().settle_epoch + 1));
        BOOST_REQUIRE_EQUAL(c.Connect(test::SettlementOf(o, t, {test::Voucher(o, t, e, 3600 * 10, COIN)})), "");
        BOOST_CHECK_EQUAL(held(), before);
    }
    BOOST_CHECK_GT(Pair(c, o, t).debt, 0); // the rest is only a debt between the two
}

BOOST_AUTO_TEST_SUITE_END()
