// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The state and block-space figures of doc/registry.md "Chainstate and block-space figures",
// measured by connecting real registry blocks over a map store: the bytes (key + value, as the
// chainstate stores them before LevelDB's own overhead) that one settled pair-epoch, one
// registration, one binding and one node's probe epoch leave while their windows are open and
// after, and the block space of 10,000 nodes' daily receipts. The numbers are asserted so that
// the document cannot drift from the code; run with --log_level=message to print them.

#include <consensus/registry_epochs.h>
#include <consensus/registry_payload.h>
#include <consensus/registry_state.h>

#include <test/util/mempool.h>
#include <test/util/registry.h>

#include <boost/test/unit_test.hpp>

#include <map>
#include <string>

using namespace consensus;
using test::RegistryChain;
using test::TestKey;

namespace {

const RegistryParams& P() { return test::RegtestParams().registry; }

/** Key + value bytes of every record, the probe epochs' frozen sets and receipts aside (the
 * blocks a figure waits for cross seed heights; probe_epoch_bytes measures those). */
size_t StateBytes(const test::MapRecordStore& store)
{
    size_t n = 0;
    for (const auto& [key, value] : store.records) {
        if (key[0] == TABLE_FROZEN || key[0] == TABLE_FROZEN_HEADER || key[0] == TABLE_RECEIPTS) continue;
        n += key.size() + value.size();
    }
    return n;
}

} // namespace

BOOST_AUTO_TEST_SUITE(registry_figures_tests)

BOOST_AUTO_TEST_CASE(state_bytes)
{
    RegistryChain c;
    const TestKey o{0x31}, t{0x32}, owner{0x33};
    BOOST_REQUIRE_EQUAL(c.Connect(std::vector<Payload>{test::NodeStmt(o, 1, NodeOp::REGISTER, COIN),
                                                       test::NodeStmt(t, 1, NodeOp::REGISTER, COIN)}),
                        "");
    BOOST_REQUIRE_EQUAL(c.Connect(Deposit{o.pub, t.pub, 100 * COIN}), "");

    // One settled pair-epoch: the settlement key and its erasure on the agenda, while open (the
    // terminating node's balance record exists already: an earlier epoch paid it).
    BOOST_REQUIRE_EQUAL(c.Connect(test::SettlementOf(o, t, {test::Voucher(o, t, 0, 600, 60)})), "");
    c.ConnectTo(static_cast<int32_t>(SettleDeadline(0, P())));
    size_t before = StateBytes(c.store);
    const uint32_t epoch = static_cast<uint32_t>(SettleEpochOf(c.height + 1, P()));
    BOOST_REQUIRE_EQUAL(c.Connect(test::SettlementOf(o, t, {test::Voucher(o, t, epoch, 600, 60)})), "");
    const size_t settled_open = StateBytes(c.store) - before;
    BOOST_TEST_MESSAGE("one settled pair-epoch while settleable: " << settled_open << " bytes");
    BOOST_CHECK_EQUAL(settled_open, 69u + 16 + (5 + 4) + (9 + 1 + 1 + 68));
    c.ConnectTo(static_cast<int32_t>(SettleDeadline(epoch, P())));
    BOOST_CHECK_EQUAL(StateBytes(c.store), before); // the pair and balance records keep their sizes
    BOOST_TEST_MESSAGE("after its window: " << StateBytes(c.store) - before << " bytes");

    // One registration of an 8-character name: the commitment while unrevealed, then the record.
    before = StateBytes(c.store);
    BOOST_REQUIRE_EQUAL(c.Connect(test::Commit("alice123", test::TestHash(1), owner.pub)), "");
    const size_t commit_open = StateBytes(c.store) - before;
    BOOST_TEST_MESSAGE("one unrevealed commitment: " << commit_open << " bytes");
    BOOST_CHECK_EQUAL(commit_open, 33u + 4 + (5 + 4) + (9 + 1 + 1 + 32));
    c.ConnectTo(c.height + 1);
    BOOST_REQUIRE_EQUAL(c.Connect(test::Reveal("alice123", test::TestHash(1), owner.pub)), "");
    c.ConnectTo(c.height + P().reveal_window); // the commitment's erasure ran
    const size_t registration = StateBytes(c.store) - before;
    BOOST_TEST_MESSAGE("one registration (8-character name): " << registration << " bytes");
    BOOST_CHECK_EQUAL(registration, 9u + 158);

    // One binding: the handle record has fixed-size binding fields.
    before = StateBytes(c.store);
    BOOST_REQUIRE_EQUAL(c.Connect(test::BindingStmt("alice123", o, owner, 1)), "");
    BOOST_CHECK_EQUAL(StateBytes(c.store), before);
    BOOST_TEST_MESSAGE("one binding: 0 bytes beyond the registration");
}

BOOST_AUTO_TEST_CASE(probe_epoch_bytes_and_receipt_block_space)
{
    // A node's probe epoch: its entry in the frozen set (40 bytes in a bucket of the epoch) and
    // its receipt mask, both erased two epochs later.
    RegistryChain c;
    std::vector<TestKey> nodes;
    std::vector<Payload> regs;
    for (uint8_t i = 0; i < 10; ++i) {
        nodes.emplace_back(static_cast<uint8_t>(0x50 + i));
        regs.push_back(test::NodeStmt(nodes.back(), 1, NodeOp::REGISTER, COIN));
    }
    BOOST_REQUIRE_EQUAL(c.Connect(regs), "");
    const size_t entry = 32 + 8;
    const size_t mask = 1 + 4 + 32 + 2;
    BOOST_TEST_MESSAGE("one node's probe epoch while open: " << entry + mask << " bytes (frozen-set entry " << entry
                                                              << ", receipt mask " << mask << "), 0 after");
    BOOST_CHECK_EQUAL((NodeList{{NodeWeight{nodes[0].pub, COIN}}}.Encode().size()), 1 + entry);
    BOOST_CHECK_EQUAL(ReceiptKey(1, nodes[0].pub).size() + ReceiptMask{7}.Encode().size(), mask);

    // Block space: one probe_receipts transaction with the threshold's 3 receipts, one input
    // (KEY_HASH witness: key and signature) and one change output.
    ProbeReceipts r{nodes[0].pub, 1, {}};
    for (uint8_t i = 0; i < 3; ++i) r.receipts.push_back(ProbeReceipt{i, Sig{}});
    CMutableTransaction tx = test::MutableCopy(test::RegistryTx(r));
    tx.vin[0].witness = {std::vector<uint8_t>(32), std::vector<uint8_t>(64)};
    const size_t size = CTransaction{tx}.GetTotalSize();
    BOOST_TEST_MESSAGE("one target's receipts transaction: " << size << " bytes; 10,000 nodes a day: " << size * 10'000
                                                             << " bytes (" << static_cast<double>(size) * 10'000 * 100 / (1'000'000.0 * 1'440)
                                                             << "% of a day's block space at 1 MB a minute)");
    BOOST_CHECK_EQUAL(size, 425u);
}

BOOST_AUTO_TEST_SUITE_END()
