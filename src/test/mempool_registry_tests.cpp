// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The mempool's first-seen rule for the Registry v2 kinds (doc/registry.md "Mempool keys",
// doc/mempool.md "Registry conflicts"), on a real regtest chain with registered nodes:
// - settlements: one key per (orig, term, epoch). A later settlement of the same pair-epoch (its
//   signer is always the originating node) replaces the held one when its voucher total is higher
//   and its fee no lower, or when its fee is higher by the relay increment; a lower or equal total at
//   the same fee is kept aside; other epochs and the reverse pair do not conflict; a settlement of
//   two epochs replaces both held ones only when its total beats each and its fee covers both.
//   A block confirming a lower total of the pair-epoch leaves the pool's higher one in the pool as
//   a top-up (the rules pay it the difference); one confirming a total as high removes it.
// - probe receipts: one key per (target, epoch). A second receipts transaction of the same target
//   and epoch replaces the first only if it carries a strict superset of its receipts and pays a
//   higher fee; a copy or a different set is kept aside; another target or epoch does not conflict.
// - both leave the pool once their window has ended (doc/registry.md "Heights and epochs"), and so
//   do the statements whose window the chain fixes: a reveal when its commitment's reveal window
//   ends, a handle update or binding when the handle expires; templates never hold them after;
//   after a reorg that moves a commitment, its reveal's window follows the commitment, and a
//   reveal waiting in the pool stays when the reorg mines its commitment again (the two share the
//   COMMITMENT key, but the reveal follows the commitment rather than excluding it).
// - a block that makes a statement of another key invalid (a binding, a home update or a deposit
//   naming a node it deregisters; a release of a deposit a settlement emptied; a release the
//   next block's agenda empties) removes it at once with its descendants (reason conflict); only
//   the statements whose check read a record the block changed are checked again.

#include <consensus/registry_epochs.h>
#include <consensus/registry_names.h>
#include <consensus/registry_payload.h>
#include <consensus/registry_probe.h>
#include <mining/block_assembler.h>
#include <test/util/mempool.h>
#include <test/util/registry.h>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

using mempool::AcceptResult;
using consensus::Payload;
using test::TestKey;

namespace {
constexpr CAmount FEE = 10'000;

/** A mempool on a regtest chain whose first 30 coinbases are mature, funding registry statements. */
struct RegistryPool : test::MempoolTestChain {
    size_t next_coin{0};

    RegistryPool() { MineBlocks(130); }

    /** A transaction carrying `payload`, spending the next mature coinbase: change = value - fee - locked. */
    CTransactionRef Funded(const Payload& payload, CAmount fee, CAmount locked = 0)
    {
        BOOST_REQUIRE(next_coin < 30);
        return test::Spend(Coinbase(next_coin++), 0, chain.key, chain.lock, fee + locked, Params().genesis_hash, 1,
                           consensus::PayloadKind(payload), consensus::EncodePayload(payload));
    }
    /** Funded() locking what `payload` burns or bonds (a handle's class fee). */
    CTransactionRef FundedLocking(const Payload& payload, CAmount fee)
    {
        const CTransaction probe = test::RegistryTx(payload);
        return Funded(payload, fee, consensus::GetRegistryValueFlow(probe, Params().registry).locked);
    }
    /** Mines one block registering `nodes` (bond 1 DOTS, rate 0). */
    void Register(const std::vector<const TestKey*>& nodes)
    {
        std::vector<CTransactionRef> txs;
        for (const TestKey* node : nodes) {
            txs.push_back(Funded(test::NodeStmt(*node, 1, consensus::NodeOp::REGISTER, COIN), FEE, COIN));
        }
        MineWith(txs);
    }
    /** Registers `handle` for `owner` (commit, maturity, reveal: 2 + commit_maturity blocks). */
    void RegisterHandle(const std::string& handle, const TestKey& owner)
    {
        const uint256 salt = test::TestHash(11);
        MineWith({Funded(test::Commit(handle, salt, owner.pub), FEE)});
        MineBlocks(Params().registry.commit_maturity);
        MineWith({FundedLocking(test::Reveal(handle, salt, owner.pub), FEE)});
    }
    /** The commitment of `handle` for `owner` and its reveal, each funded. */
    std::pair<CTransactionRef, CTransactionRef> CommitAndReveal(const std::string& handle, const uint256& salt,
                                                                const TestKey& owner)
    {
        CTransactionRef commit = Funded(test::Commit(handle, salt, owner.pub), FEE);
        return {std::move(commit), FundedLocking(test::Reveal(handle, salt, owner.pub), FEE)};
    }
    /** Mines a side branch from the tip (an empty block, a block of `txs`, `after` empty blocks),
     * then invalidates it: the tip is back at the fork and `txs` are back in the pool. Returns the
     * branch's first block, for ReconsiderBranch. */
    uint256 MineSideBranch(const std::vector<CTransactionRef>& txs, int after)
    {
        const size_t fork_blocks = blocks.size();
        MineBlocks(1);
        MineWith(txs);
        MineBlocks(after);
        const uint256 first = blocks.at(fork_blocks).GetHash();
        consensus::BlockValidationState state;
        BOOST_REQUIRE(chain.chainman->InvalidateBlock(first, state));
        signals.SyncWithQueue();
        return first;
    }
    /** Makes the branch MineSideBranch left valid again (a reorg if it has more work) and waits for
     * the pool to follow. */
    void ReconsiderBranch(const uint256& first)
    {
        consensus::BlockValidationState state;
        BOOST_REQUIRE(chain.chainman->ReconsiderBlock(first, state));
        signals.SyncWithQueue();
    }
    int NextHeight() { return chain.Height() + 1; }
    bool InPool(const CTransactionRef& tx) { return Pool().Exists(tx->GetTxid()); }
    /** Whether a template built from the pool now holds `tx`. */
    bool InTemplate(const CTransactionRef& tx)
    {
        auto tmpl = mining::CreateNewBlock(*chain.chainman, chain.lock, mempool.get());
        BOOST_REQUIRE_MESSAGE(tmpl, (tmpl ? std::string{} : tmpl.error()));
        const auto& vtx = tmpl->block.vtx;
        return std::any_of(vtx.begin(), vtx.end(), [&](const CTransactionRef& t) { return t->GetTxid() == tx->GetTxid(); });
    }
    /** Mines empty blocks while the next height is at most `last`, checking that `txs` stay in
     * the pool and in templates; then checks that they left both. */
    void CheckLeavesAfter(int64_t last, const std::vector<CTransactionRef>& txs)
    {
        while (NextHeight() <= last) {
            for (const CTransactionRef& tx : txs) BOOST_CHECK_MESSAGE(InPool(tx) && InTemplate(tx), "left before its window ended");
            MineBlocks(1);
        }
        for (const CTransactionRef& tx : txs) {
            BOOST_CHECK_MESSAGE(!InPool(tx), "still in the pool at height " << NextHeight() << ", window ended at " << last);
            BOOST_CHECK(!InTemplate(tx));
        }
        Check();
    }
    void Check()
    {
        const std::string problem = Pool().CheckConsistency();
        BOOST_CHECK_MESSAGE(problem.empty(), problem);
    }
};

void CheckAccepted(const AcceptResult& result, const std::vector<uint256>& replaced = {})
{
    BOOST_REQUIRE_MESSAGE(result.IsValid(), result.state.ToString());
    std::set<uint256> got(result.replaced.begin(), result.replaced.end());
    BOOST_CHECK(got == std::set<uint256>(replaced.begin(), replaced.end()));
}

void CheckConflict(const AcceptResult& result)
{
    BOOST_CHECK_MESSAGE(!result.IsValid(), "accepted, expected txn-registry-conflict");
    BOOST_CHECK_EQUAL(result.state.GetRejectReason(), "txn-registry-conflict");
    BOOST_CHECK(result.state.GetResult() == consensus::TxValidationResult::TX_CONFLICT);
    BOOST_CHECK(result.kept_aside);
}

/** Records the pool's removals and their reasons (validation notifications). */
struct RemovalLog : validation::ValidationInterface {
    validation::ValidationSignals& signals;
    Mutex mutex;
    std::map<uint256, validation::MempoolRemovalReason> removed GUARDED_BY(mutex);

    explicit RemovalLog(validation::ValidationSignals& s) : signals{s} { signals.RegisterListener(*this); }
    ~RemovalLog() override { signals.UnregisterListener(*this); }
    void TransactionRemovedFromMempool(const CTransactionRef& tx, validation::MempoolRemovalReason reason,
                                       uint64_t /*sequence*/) override
    {
        LOCK(mutex);
        removed[tx->GetTxid()] = reason;
    }
    /** The reason `tx` was removed for ("" if it was not). */
    std::string Reason(const CTransactionRef& tx)
    {
        LOCK(mutex);
        const auto it = removed.find(tx->GetTxid());
        return it == removed.end() ? "" : validation::RemovalReasonToString(it->second);
    }
};

/** A settlement of one voucher of `seconds` at 60 units a minute (one unit a second). */
Payload Settle(const TestKey& orig, const TestKey& term, uint32_t epoch, uint64_t seconds)
{
    return test::SettlementOf(orig, term, {test::Voucher(orig, term, epoch, seconds, 60)});
}
} // namespace

BOOST_AUTO_TEST_SUITE(mempool_registry_tests)

BOOST_AUTO_TEST_CASE(settlement_per_pair_epoch)
{
    RegistryPool t;
    const TestKey orig{0x71}, term{0x72};
    t.Register({&orig, &term});
    const auto& rp = t.Params().registry;
    const auto epoch = static_cast<uint32_t>(consensus::SettleEpochOf(t.NextHeight(), rp));
    BOOST_REQUIRE(epoch >= 1);

    const CTransactionRef first = t.Funded(Settle(orig, term, epoch, 600), FEE);
    CheckAccepted(t.Accept(first));

    // A lower or equal voucher total at the same fee: kept aside, the first stays.
    const CTransactionRef lower = t.Funded(Settle(orig, term, epoch, 300), FEE);
    CheckConflict(t.Accept(lower));
    BOOST_CHECK(t.mempool->Aside().Get(lower->GetTxid()) != nullptr);
    CheckConflict(t.Accept(t.Funded(Settle(orig, term, epoch, 600), FEE)));
    BOOST_CHECK(t.InPool(first));

    // A higher total paying less than the held statement: refused.
    CheckConflict(t.Accept(t.Funded(Settle(orig, term, epoch, 1200), FEE - 1)));
    // A higher total at the same fee replaces it.
    const CTransactionRef higher = t.Funded(Settle(orig, term, epoch, 1200), FEE);
    CheckAccepted(t.Accept(higher), {first->GetTxid()});
    BOOST_CHECK(!t.InPool(first));

    // A lower total replaces only with a fee higher by the relay increment (the first-seen rule's
    // fee path); the originating node's higher voucher can take the key back at that same fee.
    const CTransactionRef bumped = t.Funded(Settle(orig, term, epoch, 900), 3 * FEE);
    CheckAccepted(t.Accept(bumped), {higher->GetTxid()});
    const CTransactionRef back = t.Funded(Settle(orig, term, epoch, 1500), 3 * FEE);
    CheckAccepted(t.Accept(back), {bumped->GetTxid()});

    // The previous epoch and the reverse pair are other keys.
    const CTransactionRef previous = t.Funded(Settle(orig, term, epoch - 1, 100), FEE);
    CheckAccepted(t.Accept(previous));
    const CTransactionRef reverse = t.Funded(Settle(term, orig, epoch, 100), FEE);
    CheckAccepted(t.Accept(reverse));
    BOOST_CHECK(t.InPool(back) && t.InPool(previous) && t.InPool(reverse));

    // One settlement of both epochs holds both keys: it must beat each held total, and its fee
    // must cover both held fees.
    const auto both = [&](uint64_t s_prev, uint64_t s_cur, CAmount fee) {
        return t.Funded(test::SettlementOf(orig, term, {test::Voucher(orig, term, epoch - 1, s_prev, 60),
                                                        test::Voucher(orig, term, epoch, s_cur, 60)}),
                        fee);
    };
    CheckConflict(t.Accept(both(200, 1600, 3 * FEE)));         // fee below 3 * FEE + FEE held
    CheckConflict(t.Accept(both(10, 1400, 4 * FEE)));          // total 1410 does not beat 1500 held
    const CTransactionRef merged = both(200, 1600, 4 * FEE); // total 1800 beats 1500 and 100
    CheckAccepted(t.Accept(merged), {back->GetTxid(), previous->GetTxid()});
    BOOST_CHECK(t.InPool(reverse));
    t.Check();

    // Mined: the pool keeps no statement of those keys; the reverse pair's stays.
    t.MineWith({merged});
    BOOST_CHECK(!t.InPool(merged));
    BOOST_CHECK(t.InPool(reverse));
    t.Check();

    // The reverse pair's settlement leaves when its epoch can no longer be settled.
    const int deadline = static_cast<int>(consensus::SettleDeadline(epoch, rp));
    while (t.NextHeight() < deadline) {
        BOOST_CHECK(t.InPool(reverse));
        t.MineBlocks(1);
    }
    BOOST_CHECK(!t.InPool(reverse));
    t.Check();
}

BOOST_AUTO_TEST_CASE(settlement_top_up_after_a_lower_total_confirms)
{
    RegistryPool t;
    RemovalLog log{t.signals};
    const TestKey orig{0x73}, term{0x74};
    t.Register({&orig, &term});
    const auto epoch = static_cast<uint32_t>(consensus::SettleEpochOf(t.NextHeight(), t.Params().registry));
    BOOST_REQUIRE(epoch >= 1);

    // The pool holds the higher total; the lower one is kept aside.
    const CTransactionRef higher = t.Funded(Settle(orig, term, epoch, 1200), FEE);
    CheckAccepted(t.Accept(higher));
    const CTransactionRef lower = t.Funded(Settle(orig, term, epoch, 600), FEE);
    CheckConflict(t.Accept(lower));

    // A block confirms the lower total. The rules pay a later higher voucher of the pair-epoch the
    // difference, so the pool's settlement stays as a top-up: checked again (it read the settled
    // amount the block wrote), in templates, and mined.
    const uint64_t rechecks = t.mempool->RegistryRecheckCount();
    t.MineWith({lower});
    t.signals.SyncWithQueue();
    BOOST_CHECK_MESSAGE(t.InPool(higher), "the top-up left the pool: " << log.Reason(higher));
    BOOST_CHECK_EQUAL(log.Reason(higher), "");
    BOOST_CHECK_EQUAL(t.mempool->RegistryRecheckCount(), rechecks + 1);
    BOOST_CHECK(t.mempool->Aside().Get(lower->GetTxid()) == nullptr);
    BOOST_CHECK(t.InTemplate(higher));
    t.Check();
    t.MineWith({higher});
    BOOST_CHECK(!t.InPool(higher));

    // A block confirming a total the pool's does not exceed wins at once (reason conflict), and
    // so does one of two vouchers when the pool's is higher only for the other epoch.
    const CTransactionRef pooled = t.Funded(Settle(orig, term, epoch, 1800), FEE);
    CheckAccepted(t.Accept(pooled));
    t.MineWith({t.Funded(Settle(orig, term, epoch, 2400), FEE)});
    t.signals.SyncWithQueue();
    BOOST_CHECK(!t.InPool(pooled));
    BOOST_CHECK_EQUAL(log.Reason(pooled), "conflict");
    const auto two = [&](uint64_t s_prev, uint64_t s_cur) {
        return t.Funded(test::SettlementOf(orig, term, {test::Voucher(orig, term, epoch - 1, s_prev, 60),
                                                        test::Voucher(orig, term, epoch, s_cur, 60)}),
                        FEE);
    };
    const CTransactionRef mixed = two(500, 3000);
    CheckAccepted(t.Accept(mixed));
    t.MineWith({two(100, 3600)});
    t.signals.SyncWithQueue();
    BOOST_CHECK(!t.InPool(mixed));
    BOOST_CHECK_EQUAL(log.Reason(mixed), "conflict");
    t.Check();
}

BOOST_AUTO_TEST_CASE(probe_receipts_per_target_epoch)
{
    RegistryPool t;
    const TestKey a{0x81}, b{0x82}, c{0x83}, d{0x84};
    t.Register({&a, &b, &c, &d});
    const auto& rp = t.Params().registry;
    // The first epoch whose seed block comes after the registrations.
    uint32_t epoch = static_cast<uint32_t>(consensus::ProbeEpochOf(t.NextHeight(), rp)) + 1;
    while (consensus::SeedHeight(epoch, rp) < t.chain.Height()) ++epoch;
    while (t.NextHeight() < consensus::ProbeEpochStart(epoch, rp)) t.MineBlocks(1);

    // The draw of each target, from the frozen set and the seed block's hash.
    std::optional<consensus::ProbeSet> set;
    t.chain.chainman->ReadRegistry([&](const consensus::RecordStore& store, int32_t) { set = consensus::LoadFrozenSet(store, epoch); });
    BOOST_REQUIRE(set && set->size() == 4);
    const uint256 seed = t.blocks.at(consensus::SeedHeight(epoch, rp) - 1).GetHash();
    const std::vector<const TestKey*> keys{&a, &b, &c, &d};
    const auto key_of = [&](size_t index) {
        return *std::find_if(keys.begin(), keys.end(), [&](const TestKey* k) { return k->pub == set->Node(index).node; });
    };
    const auto receipts = [&](const TestKey& target, std::vector<uint8_t> positions) {
        const size_t target_index = *set->Find(target.pub);
        const std::vector<size_t> probers = consensus::DrawProbers(*set, seed, target_index, rp.probe_count);
        BOOST_REQUIRE_EQUAL(probers.size(), 3U);
        std::vector<std::pair<uint8_t, const TestKey*>> signed_by;
        for (uint8_t p : positions) signed_by.emplace_back(p, key_of(probers.at(p)));
        return test::ReceiptsOf(target.pub, epoch, signed_by);
    };

    const CTransactionRef first = t.Funded(receipts(a, {0}), FEE);
    CheckAccepted(t.Accept(first));
    // More receipts of the same target and epoch at the same fee: kept aside (receipts carry no
    // total; the target submits them all in one transaction).
    const CTransactionRef more = t.Funded(receipts(a, {0, 1, 2}), FEE);
    CheckConflict(t.Accept(more));
    BOOST_CHECK(t.mempool->Aside().Get(more->GetTxid()) != nullptr);
    BOOST_CHECK(t.InPool(first));
    // Anyone may submit a target's receipts: a copy paying more, or other receipts that leave one
    // of the held ones out, do not replace them whatever they pay.
    CheckConflict(t.Accept(t.Funded(receipts(a, {0}), 3 * FEE)));
    CheckConflict(t.Accept(t.Funded(receipts(a, {1, 2}), 3 * FEE)));
    BOOST_CHECK(t.InPool(first));
    // All of them and more, with a higher fee, replace the first.
    const CTransactionRef all = t.Funded(receipts(a, {0, 1, 2}), 2 * FEE + FEE);
    CheckAccepted(t.Accept(all), {first->GetTxid()});
    // Nothing carries more than all of them: a copy paying more is kept aside.
    CheckConflict(t.Accept(t.Funded(receipts(a, {0, 1, 2}), 5 * FEE)));
    BOOST_CHECK(t.InPool(all));
    // Another target of the same epoch is another key.
    const CTransactionRef other = t.Funded(receipts(b, {1, 2}), FEE);
    CheckAccepted(t.Accept(other));
    t.Check();

    // Mined: the target's key is free in the pool; the other target's receipts stay until the
    // epoch's receipt window ends at (epoch + 2) * probe_epoch.
    t.MineWith({all});
    BOOST_CHECK(!t.InPool(all));
    BOOST_CHECK(t.InPool(other));
    const int deadline = static_cast<int>(consensus::ReceiptDeadline(epoch, rp));
    while (t.NextHeight() < deadline) {
        BOOST_CHECK(t.InPool(other));
        t.MineBlocks(1);
    }
    BOOST_CHECK(!t.InPool(other));
    t.Check();
}

BOOST_AUTO_TEST_CASE(chain_fixed_windows_end)
{
    RegistryPool t;
    const TestKey node{0x91}, owner{0x92};
    t.Register({&node});
    const auto& rp = t.Params().registry;
    const std::string late = "alice123", held = "bobby123";
    const uint256 salt = test::TestHash(7);

    // Both commitments at height c; the held handle is registered at once, the late reveal waits.
    t.MineWith({t.Funded(test::Commit(late, salt, owner.pub), FEE), t.Funded(test::Commit(held, salt, owner.pub), FEE)});
    const int c = t.chain.Height();
    t.MineBlocks(rp.commit_maturity);
    t.MineWith({t.FundedLocking(test::Reveal(held, salt, owner.pub), FEE)});
    const int expiry = t.chain.Height() + rp.handle_lifetime;

    const CTransactionRef reveal = t.FundedLocking(test::Reveal(late, salt, owner.pub), FEE);
    CheckAccepted(t.Accept(reveal));
    const CTransactionRef update = t.FundedLocking(test::Update(held, owner, 1, consensus::UPDATE_IDENTITY, node.pub), FEE);
    CheckAccepted(t.Accept(update));
    const CTransactionRef binding = t.Funded(test::BindingStmt(held, node, owner, 1), FEE);
    CheckAccepted(t.Accept(binding));

    // The commitment is erased at the start of block c + reveal_window + 1: the reveal goes then.
    t.CheckLeavesAfter(c + rp.reveal_window, {reveal});
    // The handle expires at `expiry`: its update and binding can no longer be mined from there.
    t.CheckLeavesAfter(expiry - 1, {update, binding});
}

BOOST_AUTO_TEST_CASE(reveal_window_follows_reorged_commitment)
{
    RegistryPool t;
    const auto& rp = t.Params().registry;
    const auto [commit, reveal] = t.CommitAndReveal("erin1234", test::TestHash(8), TestKey{0x93});
    const int c = t.NextHeight();

    // Branch B: the commitment one block later (c + 1), longer than branch A will be (c + 3).
    const uint256 b_first = t.MineSideBranch({commit}, 5);

    // Branch A: the commitment at c, the reveal mined once mature.
    t.MineWith({commit});
    t.MineBlocks(rp.commit_maturity);
    t.MineWith({reveal});
    BOOST_REQUIRE(!t.InPool(reveal));

    // B comes back with more work: one reorg moves the commitment to c + 1; the reveal is back
    // in the pool with the window B fixes (it stays one block longer than A would have let it).
    // (A reveal still in the pool stays too: pool_reveal_stays_when_a_reorg_mines_its_commitment_again.)
    t.ReconsiderBranch(b_first);
    BOOST_REQUIRE_EQUAL(t.chain.Height(), c + 6);
    BOOST_REQUIRE(t.InPool(reveal));
    t.CheckLeavesAfter(c + 1 + rp.reveal_window, {reveal});
}

BOOST_AUTO_TEST_CASE(pool_reveal_stays_when_a_reorg_mines_its_commitment_again)
{
    RegistryPool t;
    RemovalLog log{t.signals};
    const auto& rp = t.Params().registry;
    const auto [commit, reveal] = t.CommitAndReveal("fred1234", test::TestHash(9), TestKey{0x94});
    const int c = t.NextHeight();

    // Branch B: the commitment at c + 1, mature at its tip, longer than branch A will be.
    const uint256 b_first = t.MineSideBranch({commit}, rp.commit_maturity + 2);

    // Branch A: the commitment at c; once it is mature the reveal waits in the pool.
    t.MineWith({commit});
    t.MineBlocks(rp.commit_maturity);
    CheckAccepted(t.Accept(reveal));

    // B comes back with more work: its block mining the commitment again shares the reveal's
    // COMMITMENT key, but the reveal needs that commitment (issue 11 item 3): it stays, with the
    // window B fixes, and is mined.
    t.ReconsiderBranch(b_first);
    BOOST_REQUIRE_EQUAL(t.chain.Height(), c + rp.commit_maturity + 3);
    BOOST_CHECK_MESSAGE(t.InPool(reveal), "the reveal left the pool: " << log.Reason(reveal));
    BOOST_CHECK_EQUAL(log.Reason(reveal), "");
    t.Check();
    t.CheckLeavesAfter(c + 1 + rp.reveal_window, {reveal});
}

BOOST_AUTO_TEST_CASE(block_invalidates_statements_of_other_keys)
{
    RegistryPool t;
    RemovalLog log{t.signals};
    const TestKey node{0xa1}, other{0xa2}, owner{0xa3}, payer{0xa4};
    t.Register({&node, &other, &payer});
    t.RegisterHandle("carol123", owner);
    t.RegisterHandle("dave1234", owner);

    // Each names `node` under a key of its own (a binding, a handle, none for a deposit).
    const CTransactionRef binding = t.Funded(test::BindingStmt("carol123", node, owner, 1), FEE);
    const CTransactionRef update = t.FundedLocking(test::Update("dave1234", owner, 1, consensus::UPDATE_HOME, node.pub), FEE);
    const CTransactionRef deposit = t.FundedLocking(consensus::Deposit{payer.pub, node.pub, 5000}, FEE);
    // Names `other` (another handle); spent by a child.
    t.RegisterHandle("erik1234", owner);
    const CTransactionRef kept = t.Funded(test::BindingStmt("erik1234", other, owner, 1), FEE);
    for (const auto& tx : {binding, update, deposit, kept}) CheckAccepted(t.Accept(tx));
    const CTransactionRef child = test::Spend(*binding, 0, t.chain.key, t.chain.lock, FEE, t.Params().genesis_hash);
    const CTransactionRef kept_child = test::Spend(*kept, 0, t.chain.key, t.chain.lock, FEE, t.Params().genesis_hash);
    CheckAccepted(t.Accept(child));
    CheckAccepted(t.Accept(kept_child));
    t.Check();

    // A block that changes none of the records they read checks none of them again.
    uint64_t rechecks = t.mempool->RegistryRecheckCount();
    t.MineBlocks(1);
    BOOST_CHECK_EQUAL(t.mempool->RegistryRecheckCount(), rechecks);

    // `other` updates its record: the binding to it is checked again and stays.
    t.MineWith({t.Funded(test::NodeStmt(other, 2, consensus::NodeOp::UPDATE, 0), FEE)});
    BOOST_CHECK_EQUAL(t.mempool->RegistryRecheckCount(), rechecks + 1);
    BOOST_CHECK(t.InPool(kept) && t.InPool(kept_child));
    rechecks = t.mempool->RegistryRecheckCount();

    // `node` deregisters: the three statements naming it leave at once, with the binding's child.
    t.MineWith({t.Funded(test::NodeStmt(node, 2, consensus::NodeOp::DEREGISTER, 0), FEE)});
    t.signals.SyncWithQueue(); // the removals' notifications, queued while the pool applied the tip
    BOOST_CHECK_EQUAL(t.mempool->RegistryRecheckCount(), rechecks + 3);
    for (const auto& tx : {binding, update, deposit, child}) {
        BOOST_CHECK_MESSAGE(!t.InPool(tx), "still in the pool after the block deregistered the node");
        BOOST_CHECK_EQUAL(log.Reason(tx), "conflict");
        BOOST_CHECK(!t.InTemplate(tx));
    }
    BOOST_CHECK(t.InPool(kept) && t.InPool(kept_child));
    BOOST_CHECK_EQUAL(log.Reason(kept), "");
    BOOST_CHECK(t.InTemplate(kept));
    t.Check();
}

BOOST_AUTO_TEST_CASE(release_of_deposit_a_settlement_emptied)
{
    RegistryPool t;
    RemovalLog log{t.signals};
    const TestKey orig{0xb1}, term{0xb2};
    t.Register({&orig, &term});
    t.MineWith({t.FundedLocking(consensus::Deposit{orig.pub, term.pub, 500}, FEE)});

    // The release (key: orig's node sequence) is valid while the pair has a deposit.
    const CTransactionRef release = t.Funded(test::ReleaseStmt(orig, term, 2, 500), FEE);
    CheckAccepted(t.Accept(release));
    // A settlement (key: the pair-epoch) of 600 units takes all 500 (and leaves a debt of 100).
    const auto epoch = static_cast<uint32_t>(consensus::SettleEpochOf(t.NextHeight(), t.Params().registry));
    t.MineWith({t.Funded(Settle(orig, term, epoch, 600), FEE)});
    t.signals.SyncWithQueue(); // the removal's notification, queued while the pool applied the tip
    BOOST_CHECK(!t.InPool(release));
    BOOST_CHECK_EQUAL(log.Reason(release), "conflict");
    BOOST_CHECK(!t.InTemplate(release));
    t.Check();
}

BOOST_AUTO_TEST_CASE(release_the_next_blocks_agenda_empties)
{
    RegistryPool t;
    RemovalLog log{t.signals};
    const TestKey orig{0xc1}, term{0xc2};
    const auto& rp = t.Params().registry;
    t.Register({&orig, &term});
    t.MineWith({t.FundedLocking(consensus::Deposit{orig.pub, term.pub, 500}, FEE)});
    // A release of the whole deposit, due at ReleaseHeight(h).
    t.MineWith({t.Funded(test::ReleaseStmt(orig, term, 2, 500), FEE)});
    const int64_t due = consensus::ReleaseHeight(t.chain.Height(), rp);

    // Another release is valid until the block at `due` empties the deposit in its BeginBlock
    // work: it leaves once that block is the next one (no block changed its records yet).
    const CTransactionRef again = t.Funded(test::ReleaseStmt(orig, term, 3, 200), FEE);
    CheckAccepted(t.Accept(again));
    while (t.NextHeight() < due) {
        BOOST_CHECK(t.InPool(again) && t.InTemplate(again));
        t.MineBlocks(1);
    }
    t.signals.SyncWithQueue(); // the removal's notification, queued while the pool applied the tip
    BOOST_CHECK(!t.InPool(again));
    BOOST_CHECK_EQUAL(log.Reason(again), "conflict");
    BOOST_CHECK(!t.InTemplate(again));
    t.Check();
}

BOOST_AUTO_TEST_SUITE_END()
