// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// ZMQ notifications: the registry events read from a block's record diff, and the frames a
// subscriber receives (topic, body, per-topic sequence) for blocks and mempool changes.

#include <consensus/registry_state.h>
#include <test/util/mempool.h>
#include <util/strencodings.h>
#include <zmq/notifier.h>
#include <zmq/registry_events.h>

#include <boost/test/unit_test.hpp>

#include <univalue.h>
#include <zmq.h>

#include <atomic>
#include <cstring>
#include <string>
#include <vector>

using namespace test;

namespace {
consensus::HandleRecord Handle(const std::string& name, uint8_t owner, int32_t registered)
{
    consensus::HandleRecord r;
    r.handle = name;
    r.owner.fill(owner);
    r.registered_height = registered;
    r.expiry_height = registered + 1000;
    return r;
}

UniValue Parse(const std::string& json)
{
    UniValue v;
    BOOST_REQUIRE(v.read(json));
    return v;
}

/** A SUB socket on `address` subscribed to everything; collects [topic, body, seq] messages. */
struct Subscriber {
    void* context{zmq_ctx_new()};
    void* socket{zmq_socket(context, ZMQ_SUB)};
    explicit Subscriber(const std::string& address)
    {
        zmq_setsockopt(socket, ZMQ_SUBSCRIBE, "", 0);
        const int timeout = 5000;
        zmq_setsockopt(socket, ZMQ_RCVTIMEO, &timeout, sizeof(timeout));
        const int linger = 0; // zmq_ctx_term must not wait for an unsent subscription
        zmq_setsockopt(socket, ZMQ_LINGER, &linger, sizeof(linger));
        BOOST_REQUIRE_EQUAL(zmq_connect(socket, address.c_str()), 0);
    }
    ~Subscriber()
    {
        zmq_close(socket);
        zmq_ctx_term(context);
    }
    /** Receives one message: topic, body, sequence. */
    std::tuple<std::string, std::vector<uint8_t>, uint32_t> Receive()
    {
        std::vector<std::vector<uint8_t>> frames;
        int more = 1;
        while (more) {
            zmq_msg_t msg;
            zmq_msg_init(&msg);
            BOOST_REQUIRE(zmq_msg_recv(&msg, socket, 0) >= 0);
            const auto* data = static_cast<const uint8_t*>(zmq_msg_data(&msg));
            frames.emplace_back(data, data + zmq_msg_size(&msg));
            size_t size = sizeof(more);
            zmq_getsockopt(socket, ZMQ_RCVMORE, &more, &size);
            zmq_msg_close(&msg);
        }
        BOOST_REQUIRE_EQUAL(frames.size(), 3u);
        BOOST_REQUIRE_EQUAL(frames[2].size(), 4u);
        uint32_t seq;
        std::memcpy(&seq, frames[2].data(), 4);
        return {std::string(frames[0].begin(), frames[0].end()), frames[1], seq};
    }
};

std::vector<uint8_t> Display(const uint256& hash) { return {hash.bytes().rbegin(), hash.bytes().rend()}; }
} // namespace

BOOST_AUTO_TEST_SUITE(zmq_tests)

BOOST_AUTO_TEST_CASE(registry_events_from_record_diffs)
{
    chainstate::RecordDiff diff;
    consensus::HandleRecord alice = Handle("alice", 1, 10);
    diff.changes.push_back({consensus::HandleKey("alice"), std::nullopt, alice.Encode()});
    consensus::HandleRecord bob_before = Handle("bob", 2, 5);
    consensus::HandleRecord bob_after = bob_before;
    bob_after.bound_node.fill(9);
    bob_after.binding_seq = 1;
    diff.changes.push_back({consensus::HandleKey("bob"), bob_before.Encode(), bob_after.Encode()});
    consensus::NodeRecord node;
    node.node.fill(7);
    node.registered_height = 10;
    node.endpoints = {"sip:n.example.com;transport=udp"};
    diff.changes.push_back({consensus::NodeKey(node.node), std::nullopt, node.Encode()});
    diff.changes.push_back({consensus::CommitKey(uint256{}), std::nullopt, std::string{"x"}}); // no event
    consensus::Key orig, term;
    orig.fill(3);
    term.fill(4);
    diff.changes.push_back({consensus::SettlementKey(orig, term, 7), consensus::SettlementRecord{100, 60}.Encode(),
                            consensus::SettlementRecord{250, 150}.Encode()});
    // An erased settlement key (its epochs closed) is no event.
    diff.changes.push_back({consensus::SettlementKey(orig, term, 2), consensus::SettlementRecord{5, 3}.Encode(), std::nullopt});

    auto events = zmq::RegistryEventsFromDiff(diff, "ab", 10, true);
    BOOST_REQUIRE_EQUAL(events.size(), 4u);
    BOOST_CHECK_EQUAL(events[0].topic, "registryhandle");
    UniValue e0 = Parse(events[0].json);
    BOOST_CHECK_EQUAL(e0["event"].get_str(), "registered");
    BOOST_CHECK_EQUAL(e0["handle"].get_str(), "alice");
    BOOST_CHECK_EQUAL(e0["height"].get_int(), 10);
    BOOST_CHECK(e0["connected"].get_bool());
    BOOST_CHECK_EQUAL(events[1].topic, "registrybinding");
    UniValue e1 = Parse(events[1].json);
    BOOST_CHECK_EQUAL(e1["event"].get_str(), "bound");
    BOOST_CHECK_EQUAL(e1["node"].get_str(), HexStr(bob_after.bound_node));
    BOOST_CHECK_EQUAL(events[2].topic, "registrynode");
    BOOST_CHECK_EQUAL(Parse(events[2].json)["event"].get_str(), "registered");
    BOOST_CHECK_EQUAL(events[3].topic, "registrysettlement");
    UniValue e3 = Parse(events[3].json);
    BOOST_CHECK_EQUAL(e3["event"].get_str(), "settled");
    BOOST_CHECK_EQUAL(e3["orig"].get_str(), HexStr(orig));
    BOOST_CHECK_EQUAL(e3["term"].get_str(), HexStr(term));
    BOOST_CHECK_EQUAL(e3["epoch"].get_int(), 7);
    BOOST_CHECK_EQUAL(e3["amount"].get_int(), 250);
    BOOST_CHECK_EQUAL(e3["paid"].get_int(), 150);

    // Disconnected, the same diff runs backwards.
    auto undo = zmq::RegistryEventsFromDiff(diff, "ab", 10, false);
    BOOST_REQUIRE_EQUAL(undo.size(), 4u);
    BOOST_CHECK_EQUAL(Parse(undo[0].json)["event"].get_str(), "removed");
    BOOST_CHECK(!Parse(undo[0].json)["connected"].get_bool());
    BOOST_CHECK_EQUAL(Parse(undo[1].json)["event"].get_str(), "unbound");
    BOOST_CHECK_EQUAL(Parse(undo[2].json)["event"].get_str(), "removed");
    BOOST_CHECK_EQUAL(Parse(undo[3].json)["event"].get_str(), "unsettled");
    BOOST_CHECK_EQUAL(Parse(undo[3].json)["amount"].get_int(), 100);
}

BOOST_AUTO_TEST_CASE(frames_for_blocks_and_mempool)
{
    static std::atomic<int> port{29500 + (::getpid() % 500)};
    const std::string address = "tcp://127.0.0.1:" + std::to_string(port++);
    auto notifier = zmq::Notifier::Create({{"hashblock", address, 1000}, {"sequence", address, 1000}, {"hashtx", address, 1000}});
    BOOST_REQUIRE_MESSAGE(notifier, (notifier ? std::string{} : notifier.error()));
    BOOST_CHECK(!zmq::Notifier::Create({{"nosuchtopic", "tcp://127.0.0.1:1", 1000}}));
    Subscriber sub{address};

    MempoolTestChain t;
    t.signals.RegisterListener(**notifier);
    // A slow joiner misses the first messages: wait until a block's announcement arrives.
    std::string topic;
    std::vector<uint8_t> body;
    uint32_t seq = 0;
    for (int i = 0; i < 50 && topic != "hashblock"; ++i) {
        t.MineBlocks(1);
        std::this_thread::sleep_for(std::chrono::milliseconds{20});
        int events = 0;
        zmq_pollitem_t item{sub.socket, 0, ZMQ_POLLIN, 0};
        while (zmq_poll(&item, 1, 50) > 0 && events++ < 10) std::tie(topic, body, seq) = sub.Receive();
    }
    BOOST_REQUIRE_EQUAL(topic, "hashblock");
    const uint32_t block_seq = seq;

    t.MineBlocks(101);
    // Drain what the mining produced, then follow one transaction and one block exactly.
    zmq_pollitem_t item{sub.socket, 0, ZMQ_POLLIN, 0};
    uint32_t last_block_seq = block_seq;
    for (int drained = 0; drained < 2000 && zmq_poll(&item, 1, 200) > 0; ++drained) {
        std::tie(topic, body, seq) = sub.Receive();
        if (topic == "hashblock") {
            BOOST_CHECK_EQUAL(seq, last_block_seq + 1); // per-topic counter without gaps
            last_block_seq = seq;
        }
    }
    CTransactionRef tx = Spend(t.Coinbase(0), 0, t.chain.key, t.chain.lock, 10'000, t.Params().genesis_hash);
    BOOST_REQUIRE(t.Accept(tx).IsValid());
    t.signals.SyncWithQueue();
    std::tie(topic, body, seq) = sub.Receive();
    BOOST_CHECK_EQUAL(topic, "hashtx");
    BOOST_CHECK(body == Display(tx->GetTxid()));
    std::tie(topic, body, seq) = sub.Receive();
    BOOST_CHECK_EQUAL(topic, "sequence");
    BOOST_REQUIRE_EQUAL(body.size(), 32u + 1 + 8);
    BOOST_CHECK_EQUAL(body[32], 'A');
    uint64_t mempool_seq = 0;
    std::memcpy(&mempool_seq, body.data() + 33, 8);
    BOOST_CHECK_EQUAL(mempool_seq, t.Pool().GetSequence());

    const CBlock block = t.MineWith({tx});
    // The block's transactions (coinbase, tx), then C, then the new tip.
    std::vector<std::string> topics;
    for (int i = 0; i < 4; ++i) {
        std::tie(topic, body, seq) = sub.Receive();
        topics.push_back(topic);
        if (topic == "sequence") {
            BOOST_CHECK(std::vector<uint8_t>(body.begin(), body.begin() + 32) == Display(block.GetHash()));
            BOOST_CHECK_EQUAL(body[32], 'C');
        }
        if (topic == "hashblock") BOOST_CHECK(body == Display(block.GetHash()));
    }
    BOOST_CHECK((topics == std::vector<std::string>{"hashtx", "hashtx", "sequence", "hashblock"}));
    t.signals.UnregisterListener(**notifier);
}

BOOST_AUTO_TEST_SUITE_END()
