// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// node::RegistryDirectory (node/registry_directory.h), the SIP router's snapshot of the registry,
// over test::RegistryChain (regtest parameters: handles live 50 blocks, settlement epochs of 5
// blocks): each block's record diff is computed from the store before and after it, as
// validation's undo data holds it, and applied as BlockConnected / BlockDisconnected would; after
// every step the snapshot is compared with one loaded afresh from the store.

#include <chainstate/registry_store.h>
#include <consensus/registry_epochs.h>
#include <consensus/registry_payload.h>
#include <consensus/registry_state.h>
#include <node/registry_directory.h>

#include <test/util/registry.h>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

using consensus::NodeOp;
using node::RegistryDirectory;
using test::RegistryChain;
using test::TestHash;
using test::TestKey;

namespace {

const consensus::RegistryParams& P() { return test::RegtestParams().registry; }

/** The record diff between two states of the store (every key whose value differs). */
chainstate::RecordDiff DiffOf(const std::map<std::string, std::string>& before, const std::map<std::string, std::string>& after)
{
    std::set<std::string> keys;
    for (const auto& [k, v] : before) keys.insert(k);
    for (const auto& [k, v] : after) keys.insert(k);
    chainstate::RecordDiff diff;
    for (const std::string& k : keys) {
        const auto b = before.find(k);
        const auto a = after.find(k);
        std::optional<std::string> bv = b == before.end() ? std::nullopt : std::optional{b->second};
        std::optional<std::string> av = a == after.end() ? std::nullopt : std::optional{a->second};
        if (bv != av) diff.changes.push_back({k, bv, av});
    }
    return diff;
}

RegistryDirectory::RecordLister ListerOf(const test::MapRecordStore& store)
{
    return [&store](const std::string& prefix, const std::function<bool(const std::string&, const std::string&)>& fn) {
        for (auto it = store.records.lower_bound(prefix); it != store.records.end() && it->first.starts_with(prefix); ++it) {
            if (!fn(it->first, it->second)) break;
        }
        return std::string{};
    };
}

/** A registry chain and a directory following it block by block. */
struct Harness {
    RegistryChain chain;
    std::vector<consensus::Key> local;
    RegistryDirectory dir{P(), [this] { return local; }};
    std::set<std::string> handles_seen;
    std::set<consensus::Key> nodes_seen;

    Harness() { BOOST_REQUIRE(dir.Load(chain.height, chain.HashAt(chain.height), ListerOf(chain.store))); }

    void Note()
    {
        for (const auto& [k, v] : chain.store.records) {
            if (k[0] == consensus::TABLE_HANDLE) handles_seen.insert(k.substr(1));
            if (k[0] == consensus::TABLE_NODE) nodes_seen.insert(consensus::NodeRecord::Decode(v)->node);
        }
    }
    void Connect(const std::vector<consensus::Payload>& payloads)
    {
        const auto before = chain.store.records;
        BOOST_REQUIRE_EQUAL(chain.Connect(payloads), "");
        BOOST_REQUIRE(dir.ApplyBlock(DiffOf(before, chain.store.records), true, chain.height, chain.HashAt(chain.height),
                                     chain.HashAt(chain.height - 1)));
        Note();
    }
    void Connect(const consensus::Payload& payload) { Connect(std::vector<consensus::Payload>{payload}); }
    void ConnectTo(int32_t target)
    {
        while (chain.height < target) Connect(std::vector<consensus::Payload>{});
    }
    void Disconnect()
    {
        const auto before = chain.store.records;
        const int32_t height = chain.height;
        const uint256 hash = chain.HashAt(height), prev = chain.HashAt(height - 1);
        chain.Disconnect();
        // The undo's diff: before = the state before the block, after = with it.
        BOOST_REQUIRE(dir.ApplyBlock(DiffOf(chain.store.records, before), false, height, hash, prev));
    }
    void Register(const std::string& handle, const TestKey& owner)
    {
        const uint256 salt = TestHash(77);
        Connect(test::Commit(handle, salt, owner.pub));
        ConnectTo(chain.height + P().commit_maturity - 1);
        Connect(test::Reveal(handle, salt, owner.pub));
    }
};

void CheckSameHandle(const std::optional<interfaces::HandleRecord>& a, const std::optional<interfaces::HandleRecord>& b)
{
    BOOST_REQUIRE_EQUAL(a.has_value(), b.has_value());
    if (!a) return;
    BOOST_CHECK_EQUAL(a->handle, b->handle);
    BOOST_CHECK(a->home_node == b->home_node);
    BOOST_CHECK(a->bound_node == b->bound_node);
    BOOST_CHECK(a->owner_key == b->owner_key);
}

void CheckSameNode(const std::optional<interfaces::NodeRecord>& a, const std::optional<interfaces::NodeRecord>& b)
{
    BOOST_REQUIRE_EQUAL(a.has_value(), b.has_value());
    if (!a) return;
    BOOST_CHECK(a->id == b->id);
    BOOST_CHECK_EQUAL(a->endpoints.size(), b->endpoints.size());
    BOOST_CHECK(a->domains == b->domains);
    BOOST_CHECK(a->e164_prefixes == b->e164_prefixes);
    BOOST_CHECK_EQUAL(a->rate, b->rate);
    BOOST_CHECK_EQUAL(a->active, b->active);
}

/** The followed directory answers as one loaded afresh from the chain's store. */
void CheckFresh(Harness& h)
{
    RegistryDirectory fresh{P(), {}};
    BOOST_REQUIRE(fresh.Load(h.chain.height, h.chain.HashAt(h.chain.height), ListerOf(h.chain.store)));
    const node::DirectoryStats a = h.dir.Stats(), b = fresh.Stats();
    BOOST_CHECK_EQUAL(a.height, b.height);
    BOOST_CHECK_EQUAL(a.handles, b.handles);
    BOOST_CHECK_EQUAL(a.nodes, b.nodes);
    BOOST_CHECK_EQUAL(a.handles, h.chain.store.Count(consensus::TABLE_HANDLE));
    BOOST_CHECK_EQUAL(a.nodes, h.chain.store.Count(consensus::TABLE_NODE));
    for (const std::string& name : h.handles_seen) CheckSameHandle(h.dir.LookupHandle(name), fresh.LookupHandle(name));
    for (const consensus::Key& id : h.nodes_seen) CheckSameNode(h.dir.LookupNode(id), fresh.LookupNode(id));
    for (const char* number : {"+4915112345678", "+441234", "+1555"}) {
        const auto x = h.dir.LookupGateways(number), y = fresh.LookupGateways(number);
        BOOST_REQUIRE_EQUAL(x.size(), y.size());
        for (size_t i = 0; i < x.size(); ++i) BOOST_CHECK(x[i].id == y[i].id);
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(registry_directory_tests)

BOOST_AUTO_TEST_CASE(initial_build_and_unloaded)
{
    // Before Load nothing is found and no block is applied.
    RegistryDirectory empty{P(), {}};
    BOOST_CHECK(!empty.LookupHandle("alice"));
    BOOST_CHECK_EQUAL(empty.Stats().height, -1);
    BOOST_CHECK(!empty.ApplyBlock({}, true, 1, TestHash(1), uint256{}));

    Harness h;
    const TestKey owner{1}, gw{0x41};
    h.Connect(test::NodeStmt(gw, 1, NodeOp::REGISTER, COIN, 500, {"+49"}));
    h.Register("alice", owner);
    // A directory loaded at this tip holds them.
    RegistryDirectory loaded{P(), {}};
    BOOST_REQUIRE(loaded.Load(h.chain.height, h.chain.HashAt(h.chain.height), ListerOf(h.chain.store)));
    const node::DirectoryStats stats = loaded.Stats();
    BOOST_CHECK_EQUAL(stats.height, h.chain.height);
    BOOST_CHECK_EQUAL(stats.handles, 1u);
    BOOST_CHECK_EQUAL(stats.nodes, 1u);
    const auto alice = loaded.LookupHandle("alice");
    BOOST_REQUIRE(alice);
    BOOST_CHECK_EQUAL(alice->handle, "alice");
    BOOST_CHECK(alice->owner_key == owner.pub);
    BOOST_CHECK(!alice->home_node && !alice->bound_node && !alice->ServingNode());
    BOOST_CHECK(!loaded.LookupHandle("bob"));
    BOOST_CHECK(!loaded.LookupHandle("Alice")); // canonical (lowercase) names only
    const auto node = loaded.LookupNode(gw.pub);
    BOOST_REQUIRE(node);
    BOOST_CHECK(node->active);
    BOOST_CHECK_EQUAL(node->rate, 500);
    BOOST_REQUIRE_EQUAL(node->endpoints.size(), 1u);
    BOOST_CHECK_EQUAL(node->endpoints[0].uri, test::TestEndpoints()[0]);
    BOOST_CHECK(node->e164_prefixes == std::vector<std::string>{"49"}); // on chain "+49"
    BOOST_CHECK(!loaded.LookupNode(TestKey{0x42}.pub));

    // A lister error or a record that does not decode keeps the previous snapshot.
    auto failing = [](const std::string&, const std::function<bool(const std::string&, const std::string&)>&) {
        return std::string{"IO error: disk on fire"};
    };
    const auto res = loaded.Load(99, TestHash(99), failing);
    BOOST_REQUIRE(!res);
    BOOST_CHECK_EQUAL(res.error(), "Cannot read the registry: IO error: disk on fire");
    test::MapRecordStore corrupt = h.chain.store;
    corrupt.records[consensus::HandleKey("zed")] = "\x01";
    BOOST_CHECK(!loaded.Load(99, TestHash(99), ListerOf(corrupt)));
    BOOST_CHECK_EQUAL(loaded.Stats().height, h.chain.height);
    BOOST_CHECK(loaded.LookupHandle("alice"));
}

BOOST_AUTO_TEST_CASE(blocks_register_update_bind_expire)
{
    Harness h;
    const TestKey owner{1}, n1{0x41}, n2{0x42};
    BOOST_CHECK(!h.dir.LookupHandle("alice"));
    // One block registers two nodes; the handle follows (commit, reveal).
    h.Connect({test::NodeStmt(n1, 1, NodeOp::REGISTER, COIN, 500), test::NodeStmt(n2, 1, NodeOp::REGISTER, COIN)});
    BOOST_CHECK(h.dir.LookupNode(n1.pub));
    BOOST_CHECK_EQUAL(h.dir.LookupNode(n1.pub)->rate, 500);
    h.Register("alice", owner);
    const int32_t registered = h.chain.height;
    BOOST_REQUIRE(h.dir.LookupHandle("alice"));
    BOOST_CHECK_EQUAL(h.dir.Stats().height, registered);
    CheckFresh(h);

    // Home, then a binding to another node: ServingNode is the binding's node.
    h.Connect(test::Update("alice", owner, 1, consensus::UPDATE_HOME, n1.pub));
    auto alice = h.dir.LookupHandle("alice");
    BOOST_REQUIRE(alice);
    BOOST_CHECK(alice->home_node == n1.pub);
    BOOST_CHECK(!alice->bound_node);
    BOOST_CHECK(alice->ServingNode() == n1.pub);
    h.Connect(test::BindingStmt("alice", n2, owner, 1));
    alice = h.dir.LookupHandle("alice");
    BOOST_REQUIRE(alice);
    BOOST_CHECK(alice->home_node == n1.pub);
    BOOST_CHECK(alice->bound_node == n2.pub);
    BOOST_CHECK(alice->ServingNode() == n2.pub);
    CheckFresh(h);

    // Rate change at this height: in force from the settlement epoch after the next (see
    // registry_rules_tests); the directory answers the rate of the next block's epoch.
    const int32_t at = h.chain.height + 1;
    h.Connect(test::NodeStmt(n1, 2, NodeOp::UPDATE, 0, 900));
    const int64_t effective = consensus::SettleEpochStart(consensus::SettleEpochOf(at, P()) + 2, P());
    h.ConnectTo(static_cast<int32_t>(effective) - 2);
    BOOST_CHECK_EQUAL(h.dir.LookupNode(n1.pub)->rate, 500); // the next block is still in the old epoch
    h.ConnectTo(static_cast<int32_t>(effective) - 1);
    BOOST_CHECK_EQUAL(h.dir.LookupNode(n1.pub)->rate, 900); // the next block is at `effective`
    CheckFresh(h);

    // Expiry: registered at `registered`, lifetime 50: expired at heights >= registered + 50, so
    // not found once the next block is at that height.
    const int32_t expiry = consensus::ReadHandle(h.chain.store, "alice")->expiry_height;
    BOOST_REQUIRE_EQUAL(expiry, registered + P().handle_lifetime);
    h.ConnectTo(expiry - 2);
    BOOST_CHECK(h.dir.LookupHandle("alice"));
    h.ConnectTo(expiry - 1);
    BOOST_CHECK(!h.dir.LookupHandle("alice"));
    BOOST_CHECK_EQUAL(h.dir.Stats().handles, 1u); // the record is still held
    // Disconnecting the last block makes it found again.
    h.Disconnect();
    BOOST_CHECK(h.dir.LookupHandle("alice"));
    CheckFresh(h);
}

BOOST_AUTO_TEST_CASE(deregistration_and_gateways)
{
    Harness h;
    // Keys sort by their bytes; TestKey{n} derives them, so sort the expected order.
    const TestKey a{0x51}, b{0x52}, c{0x53};
    h.Connect({test::NodeStmt(a, 1, NodeOp::REGISTER, COIN, 0, {"+49"}), test::NodeStmt(b, 1, NodeOp::REGISTER, COIN, 0, {"+4915"}),
               test::NodeStmt(c, 1, NodeOp::REGISTER, COIN, 0, {"+44"})});
    std::vector<consensus::Key> expected{a.pub, b.pub};
    std::sort(expected.begin(), expected.end());
    auto gws = h.dir.LookupGateways("+4915112345678");
    BOOST_REQUIRE_EQUAL(gws.size(), 2u); // prefix length gives no priority: both, by node key
    BOOST_CHECK(gws[0].id == expected[0]);
    BOOST_CHECK(gws[1].id == expected[1]);
    BOOST_CHECK_EQUAL(h.dir.LookupGateways("+4930123").size(), 1u);
    BOOST_CHECK(h.dir.LookupGateways("4915112345678").empty()); // the number needs its "+"
    BOOST_CHECK(h.dir.LookupGateways("+1555").empty());
    CheckFresh(h);

    // Deregistered: LookupNode says inactive, LookupGateways leaves it out.
    h.Connect(test::NodeStmt(b, 2, NodeOp::DEREGISTER, 0));
    const auto rec = h.dir.LookupNode(b.pub);
    BOOST_REQUIRE(rec);
    BOOST_CHECK(!rec->active);
    gws = h.dir.LookupGateways("+4915112345678");
    BOOST_REQUIRE_EQUAL(gws.size(), 1u);
    BOOST_CHECK(gws[0].id == a.pub);
    CheckFresh(h);
    // Undone: back in.
    h.Disconnect();
    BOOST_CHECK(h.dir.LookupNode(b.pub)->active);
    BOOST_CHECK_EQUAL(h.dir.LookupGateways("+4915112345678").size(), 2u);
    CheckFresh(h);
}

BOOST_AUTO_TEST_CASE(reorg_restores_previous_answers)
{
    Harness h;
    const TestKey owner{1}, n1{0x41}, n2{0x42};
    h.Connect({test::NodeStmt(n1, 1, NodeOp::REGISTER, COIN), test::NodeStmt(n2, 1, NodeOp::REGISTER, COIN, 0, {"+49"})});
    h.Register("alice", owner);
    h.Connect(test::Update("alice", owner, 1, consensus::UPDATE_HOME, n1.pub));
    const int32_t fork_height = h.chain.height;
    CheckFresh(h);

    // Branch 1: "bob" registered, alice homed at n2, n2 deregistered.
    h.Register("bob", owner);
    h.Connect(test::Update("alice", owner, 2, consensus::UPDATE_HOME, n2.pub));
    h.Connect(test::NodeStmt(n2, 2, NodeOp::DEREGISTER, 0));
    BOOST_CHECK(h.dir.LookupHandle("bob"));
    BOOST_CHECK(h.dir.LookupHandle("alice")->home_node == n2.pub);
    BOOST_CHECK(h.dir.LookupGateways("+49301").empty());
    CheckFresh(h);

    // Disconnect back to the fork, then a second branch.
    while (h.chain.height > fork_height) h.Disconnect();
    BOOST_CHECK(!h.dir.LookupHandle("bob"));
    BOOST_CHECK(h.dir.LookupHandle("alice")->home_node == n1.pub);
    BOOST_CHECK(h.dir.LookupNode(n2.pub)->active);
    BOOST_CHECK_EQUAL(h.dir.LookupGateways("+49301").size(), 1u);
    CheckFresh(h);
    h.chain.fork = 1;
    h.Connect(test::BindingStmt("alice", n2, owner, 1));
    BOOST_CHECK(h.dir.LookupHandle("alice")->ServingNode() == n2.pub);
    CheckFresh(h);

    // A block that does not follow on from the tip (an event older than the snapshot) is refused.
    BOOST_CHECK(!h.dir.ApplyBlock({}, true, h.chain.height, TestHash(5), TestHash(6)));
    BOOST_CHECK(!h.dir.ApplyBlock({}, false, h.chain.height, TestHash(5), h.chain.HashAt(h.chain.height - 1)));
    BOOST_CHECK_EQUAL(h.dir.Stats().height, h.chain.height);
}

BOOST_AUTO_TEST_CASE(local_nodes_and_presence)
{
    Harness h;
    const TestKey n1{0x41}, n2{0x42};
    BOOST_CHECK(!h.dir.IsLocalNode(n1.pub));
    h.local = {n1.pub};
    BOOST_CHECK(!h.dir.IsLocalNode(n1.pub)); // read at Load, at each tip and at RefreshLocalNodes
    h.dir.RefreshLocalNodes();
    BOOST_CHECK(h.dir.IsLocalNode(n1.pub));
    BOOST_CHECK(!h.dir.IsLocalNode(n2.pub));
    h.local.clear();
    h.dir.RefreshLocalNodes();
    BOOST_CHECK(!h.dir.IsLocalNode(n1.pub));

    h.dir.ReportPresence({"alice", true});
    h.dir.ReportPresence({"alice", true});
    h.dir.ReportPresence({"bob", true});
    BOOST_CHECK_EQUAL(h.dir.Stats().online_here, 2u);
    h.dir.ReportPresence({"alice", false});
    h.dir.ReportPresence({"carol", false});
    BOOST_CHECK(h.dir.OnlineHandles() == std::vector<std::string>{"bob"});
    BOOST_CHECK_EQUAL(h.dir.Stats().online_here, 1u);
}

BOOST_AUTO_TEST_SUITE_END()
