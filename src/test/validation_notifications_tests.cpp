// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Validation notifications (validation/notifications.h): the order of block and tip events
// across a reorg, the registry changes a block carries, delivery on the notification thread
// outside the chain lock, registering and unregistering while events are pending, and the
// barrier and shutdown drain.

#include <consensus/registry_payload.h>
#include <consensus/registry_state.h>
#include <chainstate/replay.h>
#include <test/util/chain.h>
#include <validation/notifications.h>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <string>
#include <thread>
#include <vector>

using namespace test;

using validation::MempoolRemovalReason;
using validation::ValidationInterface;
using validation::ValidationSignals;

namespace {

/** Records every event as a line, with block hashes replaced by names the test gives. */
class Recorder : public ValidationInterface
{
public:
    void Name(const uint256& hash, const std::string& name) LOCKS_EXCLUDED(m_mutex)
    {
        LOCK(m_mutex);
        m_names[hash] = name;
    }
    std::vector<std::string> Events() const LOCKS_EXCLUDED(m_mutex)
    {
        LOCK(m_mutex);
        return m_events;
    }
    std::vector<chainstate::RecordDiff> Changes() const LOCKS_EXCLUDED(m_mutex)
    {
        LOCK(m_mutex);
        return m_changes;
    }

    void UpdatedBlockTip(const chainstate::BlockIndex& tip, const chainstate::BlockIndex* fork, bool) override
    {
        Add("tip " + NameOf(tip.hash) + " fork " + (fork ? NameOf(fork->hash) : "-"));
    }
    void BlockConnected(const std::shared_ptr<const CBlock>& block, const chainstate::BlockIndex& index,
                        const chainstate::RecordDiff& changes) override
    {
        BOOST_CHECK(block->GetHash() == index.hash);
        Add("connect " + NameOf(index.hash), &changes);
    }
    void BlockDisconnected(const std::shared_ptr<const CBlock>& block, const chainstate::BlockIndex& index,
                           const chainstate::RecordDiff& changes) override
    {
        BOOST_CHECK(block->GetHash() == index.hash);
        Add("disconnect " + NameOf(index.hash), &changes);
    }
    void TransactionAddedToMempool(const CTransactionRef& tx, uint64_t sequence) override
    {
        Add("mempool add " + std::to_string(sequence));
    }
    void TransactionRemovedFromMempool(const CTransactionRef& tx, MempoolRemovalReason reason, uint64_t sequence) override
    {
        Add("mempool remove " + validation::RemovalReasonToString(reason) + " " + std::to_string(sequence));
    }

private:
    std::string NameOf(const uint256& hash) LOCKS_EXCLUDED(m_mutex)
    {
        LOCK(m_mutex);
        auto it = m_names.find(hash);
        return it == m_names.end() ? hash.GetHex().substr(0, 8) : it->second;
    }
    void Add(std::string event, const chainstate::RecordDiff* changes = nullptr) LOCKS_EXCLUDED(m_mutex)
    {
        LOCK(m_mutex);
        m_events.push_back(std::move(event));
        if (changes) m_changes.push_back(*changes);
    }

    mutable Mutex m_mutex;
    std::map<uint256, std::string> m_names GUARDED_BY(m_mutex);
    std::vector<std::string> m_events GUARDED_BY(m_mutex);
    std::vector<chainstate::RecordDiff> m_changes GUARDED_BY(m_mutex);
};

/** A gate a callback waits at until the test opens it (bounded: a hang fails instead). */
struct Gate {
    std::promise<void> open;
    std::shared_future<void> opened{open.get_future().share()};
    bool Wait() const { return opened.wait_for(std::chrono::seconds{30}) == std::future_status::ready; }
};

/** Blocks in its first BlockConnected until the gate opens; records the thread and tip seen. */
class BlockingListener : public ValidationInterface
{
public:
    Gate gate;
    std::promise<void> entered;
    std::atomic<int> connected{0};
    std::atomic<bool> gate_timed_out{false};
    std::thread::id thread;
    int tip_height_seen{-1};
    validation::ChainstateManager* chainman{nullptr};

    void BlockConnected(const std::shared_ptr<const CBlock>&, const chainstate::BlockIndex&,
                        const chainstate::RecordDiff&) override
    {
        if (connected++ == 0) {
            thread = std::this_thread::get_id();
            entered.set_value();
            if (!gate.Wait()) gate_timed_out = true;
            if (chainman) {
                // The chain lock is free to take here: delivery does not hold it.
                LOCK(chainman->GetMutex());
                tip_height_seen = chainman->ActiveChain().Height();
            }
        }
    }
};

/** A TestChain whose ChainstateManager notifies `signals`, with `recorder` registered. */
struct NotifiedChain {
    ValidationSignals signals;
    Recorder recorder;
    TestChain chain;

    NotifiedChain()
    {
        signals.RegisterListener(recorder);
        recorder.Name(chain.params.genesis_hash, "g");
        chain.Open([&](validation::ChainstateOptions& o) { o.signals = &signals; });
        // Loading the chain announces its tip: deliver that now, so a listener a test registers
        // later never sees it (it would, or not, depending on the scheduler).
        signals.SyncWithQueue();
    }
    ~NotifiedChain()
    {
        // As the node does: drain while the block index the events point into exists.
        signals.Stop();
        chain.chainman.reset();
    }
    CBlock Mine(const std::string& name, const std::vector<CTransactionRef>& txs = {})
    {
        CBlock block = chain.Template(txs);
        chain.Solve(block);
        recorder.Name(block.GetHash(), name);
        BOOST_REQUIRE_EQUAL(chain.Submit(block), "");
        return block;
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(validation_notifications_tests)

BOOST_AUTO_TEST_CASE(order_across_a_reorg)
{
    NotifiedChain f;
    const CBlock a1 = f.Mine("a1");
    f.Mine("a2");
    consensus::BlockValidationState state;
    BOOST_REQUIRE(f.chain.chainman->InvalidateBlock(a1.GetHash(), state));
    const CBlock b1 = f.Mine("b1");
    f.Mine("b2");
    f.Mine("b3");
    BOOST_REQUIRE(f.chain.chainman->ReconsiderBlock(a1.GetHash(), state)); // less work: nothing moves
    BOOST_REQUIRE(f.chain.chainman->InvalidateBlock(b1.GetHash(), state)); // back to a2
    f.signals.SyncWithQueue();
    const std::vector<std::string> expected{
        "tip g fork -", // the tip at start-up
        "connect a1", "tip a1 fork g", "connect a2", "tip a2 fork a1",
        // invalidateblock a1: old tip first, then the one tip update
        "disconnect a2", "disconnect a1", "tip g fork g",
        "connect b1", "tip b1 fork g", "connect b2", "tip b2 fork b1", "connect b3", "tip b3 fork b2",
        // invalidateblock b1: all of branch B down, then branch A oldest first, one tip update
        "disconnect b3", "disconnect b2", "disconnect b1", "connect a1", "connect a2", "tip a2 fork g",
    };
    const auto events = f.recorder.Events();
    BOOST_CHECK_EQUAL_COLLECTIONS(events.begin(), events.end(), expected.begin(), expected.end());
}

BOOST_AUTO_TEST_CASE(registry_changes_travel_with_the_block)
{
    NotifiedChain f;
    std::vector<CBlock> blocks;
    for (int i = 0; i < 101; ++i) blocks.push_back(f.Mine("m" + std::to_string(i + 1)));
    // A handle commitment: one new registry record.
    const uint256 commitment = consensus::HandleCommitment("alice", uint256{}, consensus::Key{});
    CMutableTransaction tx;
    tx.kind = TxKind::HANDLE_COMMIT;
    tx.vin.push_back(CTxIn{COutPoint{blocks[0].vtx[0]->GetTxid(), 0}, SEQUENCE_FINAL, {}});
    tx.vout.push_back(CTxOut{blocks[0].vtx[0]->vout[0].value - 10000, f.chain.lock});
    tx.payload = consensus::EncodePayload(consensus::HandleCommit{commitment});
    SignTx(tx, {blocks[0].vtx[0]->vout[0]}, f.chain.key, f.chain.params.genesis_hash);
    const CBlock c = f.Mine("c", {MakeTransactionRef(std::move(tx))});
    consensus::BlockValidationState state;
    BOOST_REQUIRE(f.chain.chainman->InvalidateBlock(c.GetHash(), state));
    f.signals.SyncWithQueue();

    const auto events = f.recorder.Events();
    const auto changes = f.recorder.Changes();
    BOOST_REQUIRE_EQUAL(changes.size(), 103u); // 102 connected, 1 disconnected
    BOOST_CHECK_EQUAL(events.at(events.size() - 2), "disconnect c");
    const chainstate::RecordDiff& connected = changes.at(101);
    const chainstate::RecordDiff& disconnected = changes.at(102);
    const std::string key = consensus::CommitKey(commitment);
    bool found = false;
    for (const chainstate::RecordChange& change : connected.changes) {
        if (change.key != key) continue;
        found = true;
        BOOST_CHECK(!change.before);
        BOOST_CHECK(change.after);
    }
    BOOST_CHECK(found);
    // Disconnecting carries the same diff (each key goes back to `before`).
    BOOST_CHECK(connected == disconnected);
    // The event carries exactly the diff the block's undo data holds.
    {
        LOCK(f.chain.chainman->GetMutex());
        const chainstate::BlockIndex* index = f.chain.chainman->LookupBlockIndex(c.GetHash());
        auto undo = f.chain.chainman->BlockMan().ReadUndo(*index);
        BOOST_REQUIRE(undo.ok());
        auto diff = chainstate::ReadRecordDiff(*undo, *index);
        BOOST_REQUIRE(diff.ok());
        BOOST_CHECK(*diff == connected);
    }
}

BOOST_AUTO_TEST_CASE(delivery_is_asynchronous_and_outside_the_chain_lock)
{
    NotifiedChain f;
    BlockingListener blocking;
    blocking.chainman = f.chain.chainman.get();
    f.signals.RegisterListener(blocking);
    std::future<void> entered = blocking.entered.get_future();
    f.Mine("x1");
    BOOST_REQUIRE(entered.wait_for(std::chrono::seconds{30}) == std::future_status::ready);
    // The listener is stuck in its first callback; the chain goes on regardless.
    f.Mine("x2");
    f.Mine("x3");
    BOOST_CHECK_EQUAL(f.chain.Height(), 3);
    BOOST_CHECK_GE(f.signals.QueueSize(), 2u);
    blocking.gate.open.set_value();
    f.signals.SyncWithQueue();
    BOOST_CHECK(!blocking.gate_timed_out);
    BOOST_CHECK(blocking.thread != std::this_thread::get_id());
    // The first event was about block 1; when it ran, the chain was already at 3.
    BOOST_CHECK_EQUAL(blocking.tip_height_seen, 3);
    BOOST_CHECK_EQUAL(blocking.connected.load(), 3);
    f.signals.UnregisterListener(blocking);
}

BOOST_AUTO_TEST_CASE(unregister_while_events_are_pending)
{
    NotifiedChain f;
    // `blocking` holds the queue at the first block; `late` is registered behind it.
    BlockingListener blocking;
    Recorder late;
    f.signals.RegisterListener(blocking);
    f.signals.RegisterListener(late);
    std::future<void> entered = blocking.entered.get_future();
    f.Mine("y1");
    BOOST_REQUIRE(entered.wait_for(std::chrono::seconds{30}) == std::future_status::ready);
    f.Mine("y2");
    // `late` leaves while three events are pending (y1's connect is being delivered): it must
    // never see any of them, and unregistering it does not wait for `blocking`.
    f.signals.UnregisterListener(late);
    blocking.gate.open.set_value();
    f.signals.SyncWithQueue();
    BOOST_CHECK_MESSAGE(late.Events().empty(), "late saw " << late.Events().size() << " events, first: "
                                                           << (late.Events().empty() ? "" : late.Events().front()));
    BOOST_CHECK_EQUAL(blocking.connected.load(), 2);

    // Unregistering a listener whose callback is running waits for that callback to return.
    BlockingListener running;
    f.signals.RegisterListener(running);
    std::future<void> running_entered = running.entered.get_future();
    f.Mine("y3");
    BOOST_REQUIRE(running_entered.wait_for(std::chrono::seconds{30}) == std::future_status::ready);
    std::atomic<bool> unregistered{false};
    std::thread t{[&] {
        f.signals.UnregisterListener(running);
        unregistered = true;
    }};
    std::this_thread::sleep_for(std::chrono::milliseconds{50}); // give a wrong early return its chance
    BOOST_CHECK(!unregistered);
    running.gate.open.set_value();
    t.join();
    BOOST_CHECK(unregistered);
    f.Mine("y4");
    f.signals.SyncWithQueue();
    BOOST_CHECK_EQUAL(running.connected.load(), 1);
}

BOOST_AUTO_TEST_CASE(a_full_queue_holds_the_producer_back)
{
    NotifiedChain f;
    BlockingListener blocking;
    f.signals.RegisterListener(blocking);
    std::future<void> entered = blocking.entered.get_future();
    // Each block queues two events (connect, tip). With the listener stuck on the first,
    // ProcessNewBlock waits once more than DEFAULT_MAX_PENDING (10) are queued: after 6 blocks.
    std::atomic<bool> done{false};
    std::thread producer{[&] {
        for (int i = 0; i < 8; ++i) f.Mine("p" + std::to_string(i + 1));
        done = true;
    }};
    BOOST_REQUIRE(entered.wait_for(std::chrono::seconds{30}) == std::future_status::ready);
    for (int i = 0; i < 3000 && f.chain.Height() < 6; ++i) std::this_thread::sleep_for(std::chrono::milliseconds{10});
    BOOST_CHECK_EQUAL(f.chain.Height(), 6);
    std::this_thread::sleep_for(std::chrono::milliseconds{50}); // give a wrong early return its chance
    BOOST_CHECK_EQUAL(f.chain.Height(), 6);
    BOOST_CHECK(!done);
    blocking.gate.open.set_value();
    producer.join();
    f.signals.SyncWithQueue();
    BOOST_CHECK_EQUAL(f.chain.Height(), 8);
    BOOST_CHECK_EQUAL(blocking.connected.load(), 8);
    f.signals.UnregisterListener(blocking);
}

BOOST_AUTO_TEST_CASE(a_listener_may_unregister_itself)
{
    struct Once : ValidationInterface {
        ValidationSignals* signals{nullptr};
        std::atomic<int> calls{0};
        void BlockConnected(const std::shared_ptr<const CBlock>&, const chainstate::BlockIndex&,
                            const chainstate::RecordDiff&) override
        {
            ++calls;
            signals->UnregisterListener(*this); // from its own callback: must not wait for itself
        }
    };
    NotifiedChain f;
    Once once;
    once.signals = &f.signals;
    f.signals.RegisterListener(once);
    f.Mine("z1");
    f.Mine("z2");
    f.signals.SyncWithQueue();
    BOOST_CHECK_EQUAL(once.calls.load(), 1);
}

BOOST_AUTO_TEST_CASE(mempool_events_keep_their_place)
{
    ValidationSignals signals;
    Recorder recorder;
    signals.RegisterListener(recorder);
    const CTransactionRef tx = MakeTransactionRef(CMutableTransaction{});
    signals.TransactionAddedToMempool(tx, 1);
    signals.TransactionRemovedFromMempool(tx, MempoolRemovalReason::CONFLICT, 2);
    signals.TransactionAddedToMempool(tx, 3);
    signals.TransactionRemovedFromMempool(tx, MempoolRemovalReason::BLOCK, 4);
    signals.SyncWithQueue();
    const std::vector<std::string> expected{"mempool add 1", "mempool remove conflict 2", "mempool add 3",
                                            "mempool remove block 4"};
    const auto events = recorder.Events();
    BOOST_CHECK_EQUAL_COLLECTIONS(events.begin(), events.end(), expected.begin(), expected.end());
}

BOOST_AUTO_TEST_CASE(stop_drains_then_drops)
{
    ValidationSignals signals;
    BlockingListener blocking;
    Recorder recorder;
    signals.RegisterListener(blocking);
    signals.RegisterListener(recorder);
    TestChain chain;
    chain.Open([&](validation::ChainstateOptions& o) { o.signals = &signals; });
    std::future<void> entered = blocking.entered.get_future();
    for (int i = 0; i < 3; ++i) chain.Mine();
    BOOST_REQUIRE(entered.wait_for(std::chrono::seconds{30}) == std::future_status::ready);
    // Stop while events are pending: they are all delivered before it returns.
    std::thread opener{[&] {
        std::this_thread::sleep_for(std::chrono::milliseconds{20});
        blocking.gate.open.set_value();
    }};
    signals.Stop();
    opener.join();
    const size_t delivered = recorder.Events().size();
    BOOST_CHECK_EQUAL(delivered, 1u + 3u * 2u); // start-up tip, then connect + tip per block
    BOOST_CHECK_EQUAL(signals.QueueSize(), 0u);
    // Afterwards events are dropped and the barrier returns at once.
    chain.Mine();
    signals.SyncWithQueue();
    BOOST_CHECK_EQUAL(recorder.Events().size(), delivered);
    chain.chainman.reset();
}

BOOST_AUTO_TEST_SUITE_END()
