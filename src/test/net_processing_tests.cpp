// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The protocol pieces of net/processing: headers presync, the rolling filter, the orphan pool,
// transaction requests, and the peer manager driven with fake connections (no sockets): the
// handshake, headers-first download, serving blocks, and misbehaviour.

#include <consensus/pow.h>
#include <net/addrman.h>
#include <net/banman.h>
#include <net/connman.h>
#include <net/messages.h>
#include <net/processing/headers_sync.h>
#include <net/processing/orphanage.h>
#include <net/processing/peerman.h>
#include <net/processing/rolling_filter.h>
#include <net/processing/txrequest.h>
#include <test/util/chain.h>
#include <util/time.h>

#include <boost/test/unit_test.hpp>

using namespace test;
using namespace net;

namespace {

/** `count` solved regtest headers on top of `prev` (hash, time), one second apart. */
std::vector<CBlockHeader> HeaderChain(const uint256& prev_hash, uint32_t prev_time, int count, uint32_t salt = 0)
{
    const consensus::ConsensusParams& params = consensus::GetConsensusParams("regtest");
    std::vector<CBlockHeader> out;
    uint256 prev = prev_hash;
    for (int i = 0; i < count; ++i) {
        CBlockHeader h;
        h.version = 1;
        h.prev_block = prev;
        h.merkle_root = uint256{std::array<uint8_t, 32>{static_cast<uint8_t>(i), static_cast<uint8_t>(i >> 8), static_cast<uint8_t>(salt)}};
        h.time = prev_time + static_cast<uint32_t>(i + 1);
        h.bits = params.genesis.bits;
        while (!CheckProofOfWork(h.GetHash(), h.bits, params)) ++h.nonce;
        prev = h.GetHash();
        out.push_back(h);
    }
    return out;
}

consensus::arith_uint256 WorkOf(int headers)
{
    return consensus::GetBlockProof(consensus::GetConsensusParams("regtest").genesis.bits) * consensus::arith_uint256{static_cast<uint64_t>(headers)};
}

/** A peer manager over a TestChain, with peers that are fake nodes (no socket). */
struct Harness {
    TestChain chain;
    AddrMan addrman{true, true};
    BanMan banman{{}, 3600};
    std::map<NodeId, std::vector<std::pair<std::string, std::vector<uint8_t>>>> sent;
    std::unique_ptr<ConnectionManager> connman;
    std::unique_ptr<PeerManager> peerman;
    NodeId next_id{0};

    explicit Harness(PeerManagerOptions options = {})
    {
        ConnmanOptions copts;
        copts.magic = chain.params.message_start;
        copts.on_send = [this](const Node& node, std::string_view type, std::span<const uint8_t> payload) {
            sent[node.id].emplace_back(std::string{type}, std::vector<uint8_t>(payload.begin(), payload.end()));
        };
        connman = std::make_unique<ConnectionManager>(copts, addrman, banman);
        peerman = PeerManager::Make(*connman, addrman, banman, *chain.chainman, nullptr, options);
    }
    ~Harness()
    {
        for (NodeId id = 0; id < next_id; ++id) {
            if (nodes.count(id)) peerman->FinalizeNode(*nodes[id]);
        }
    }

    std::map<NodeId, std::shared_ptr<Node>> nodes;

    std::shared_ptr<Node> Connect(ConnectionType type, const char* addr = "8.8.8.8:7333")
    {
        auto node = std::make_shared<Node>(next_id++, *Service::Parse(addr, 7333), Service{}, type, "", PF_NONE, GetTime(),
                                           chain.params.message_start);
        nodes[node->id] = node;
        peerman->InitializeNode(node);
        return node;
    }

    template <typename T>
    void Receive(Node& node, std::string_view type, const T& msg)
    {
        ReceiveRaw(node, type, Encode(msg));
    }
    void ReceiveRaw(Node& node, std::string_view type, std::vector<uint8_t> payload)
    {
        NetMessage msg;
        msg.type = std::string{type};
        msg.wire_size = HEADER_SIZE + payload.size();
        msg.payload = std::move(payload);
        node.PushReceived(std::move(msg));
        for (int i = 0; i < 100 && peerman->ProcessMessages(node); ++i) {
        }
        peerman->SendMessages(node);
    }
    void Handshake(Node& node)
    {
        VersionMessage version;
        version.services = NODE_NETWORK;
        version.nonce = 12345 + static_cast<uint64_t>(node.id);
        version.user_agent = "/test/";
        Receive(node, "version", version);
        ReceiveRaw(node, "verack", {});
    }
    /** The types sent to `node` since the last call (and forgets them). */
    std::vector<std::string> TakeSentTypes(const Node& node)
    {
        std::vector<std::string> types;
        for (const auto& [type, payload] : sent[node.id]) types.push_back(type);
        sent[node.id].clear();
        return types;
    }
    std::optional<std::vector<uint8_t>> LastSent(const Node& node, std::string_view type)
    {
        for (auto it = sent[node.id].rbegin(); it != sent[node.id].rend(); ++it) {
            if (it->first == type) return it->second;
        }
        return std::nullopt;
    }
};

bool Contains(const std::vector<std::string>& v, const std::string& s)
{
    return std::find(v.begin(), v.end(), s) != v.end();
}

} // namespace

BOOST_AUTO_TEST_SUITE(net_processing_tests)

BOOST_AUTO_TEST_CASE(rolling_filter_remembers_recent_items)
{
    RollingBloomFilter filter{100, 0.000001};
    std::vector<uint256> items;
    for (int i = 0; i < 400; ++i) {
        items.push_back(uint256{std::array<uint8_t, 32>{static_cast<uint8_t>(i), static_cast<uint8_t>(i >> 8), 7}});
        filter.insert(items.back());
    }
    for (int i = 300; i < 400; ++i) BOOST_CHECK(filter.contains(items[i])); // the last 100 are always there
    int old_hits = 0;
    for (int i = 0; i < 100; ++i) old_hits += filter.contains(items[i]) ? 1 : 0;
    BOOST_CHECK_LT(old_hits, 5); // the oldest were forgotten
    filter.reset();
    BOOST_CHECK(!filter.contains(items[399]));
}

BOOST_AUTO_TEST_CASE(rolling_filter_false_positive_rate)
{
    // The positions of the hash functions come from two hashes (double hashing): the rate must
    // stay near the configured one. 1,000 items in a filter for 1,000 at 0.1%: the expected
    // count among 100,000 absent items is under 100; 300 would mean the positions correlate.
    RollingBloomFilter filter{1000, 0.001};
    auto item = [](uint32_t i, uint8_t tag) {
        return uint256{std::array<uint8_t, 32>{static_cast<uint8_t>(i), static_cast<uint8_t>(i >> 8), static_cast<uint8_t>(i >> 16), tag}};
    };
    for (uint32_t i = 0; i < 1000; ++i) filter.insert(item(i, 1));
    for (uint32_t i = 0; i < 1000; ++i) BOOST_CHECK(filter.contains(item(i, 1)));
    int false_positives = 0;
    for (uint32_t i = 0; i < 100'000; ++i) false_positives += filter.contains(item(i, 2)) ? 1 : 0;
    BOOST_CHECK_LT(false_positives, 300);
}

BOOST_AUTO_TEST_CASE(orphanage_limits)
{
    TxOrphanage orphans;
    const int64_t now = 1'000'000;
    auto make = [](uint8_t parent, uint32_t n, size_t payload) {
        CMutableTransaction tx;
        tx.vin.push_back(CTxIn{COutPoint{uint256{std::array<uint8_t, 32>{parent}}, n}, SEQUENCE_FINAL, {}});
        tx.vout.push_back(CTxOut{1000, {}});
        tx.payload.assign(payload, 0);
        return MakeTransactionRef(std::move(tx));
    };
    for (int i = 0; i < 150; ++i) BOOST_CHECK(orphans.AddTx(make(static_cast<uint8_t>(i), static_cast<uint32_t>(i), 10), i % 3, now));
    BOOST_CHECK(!orphans.AddTx(make(1, 999, MAX_TX_PAYLOAD_SIZE), 1, now) || true); // payload cap is consensus's; size cap below
    CMutableTransaction big;
    big.vin.push_back(CTxIn{COutPoint{uint256{}, 0}, SEQUENCE_FINAL, {}});
    for (int i = 0; i < 2500; ++i) big.vout.push_back(CTxOut{1, {}}); // > 100 kB
    BOOST_CHECK(!orphans.AddTx(MakeTransactionRef(std::move(big)), 1, now));
    BOOST_CHECK_EQUAL(orphans.LimitOrphans(100, now), 51u);
    BOOST_CHECK_EQUAL(orphans.Size(), 100u);
    orphans.EraseForPeer(0);
    BOOST_CHECK_LT(orphans.Size(), 100u);
    const size_t left = orphans.Size();
    BOOST_CHECK_EQUAL(orphans.LimitOrphans(100, now + ORPHAN_TX_EXPIRE_TIME + 1), left); // all expired
    BOOST_CHECK_EQUAL(orphans.Size(), 0u);

    // A parent arriving puts its orphan children on the sender's work set.
    CMutableTransaction parent;
    parent.vout.push_back(CTxOut{5000, {}});
    const CTransactionRef parent_ref = MakeTransactionRef(parent);
    CMutableTransaction child;
    child.vin.push_back(CTxIn{COutPoint{parent_ref->GetTxid(), 0}, SEQUENCE_FINAL, {}});
    child.vout.push_back(CTxOut{4000, {}});
    const CTransactionRef child_ref = MakeTransactionRef(child);
    BOOST_CHECK(orphans.AddTx(child_ref, 7, now));
    BOOST_CHECK(!orphans.HaveTxToReconsider(7));
    orphans.AddChildrenToWorkSet(*parent_ref);
    BOOST_CHECK(orphans.HaveTxToReconsider(7));
    BOOST_CHECK(orphans.GetTxToReconsider(7) == child_ref);
    BOOST_CHECK(!orphans.GetTxToReconsider(7));
}

BOOST_AUTO_TEST_CASE(tx_requests)
{
    TxRequestTracker tracker;
    const uint256 tx{std::array<uint8_t, 32>{1}};
    tracker.ReceivedInv(/*peer=*/1, tx, true, /*reqtime=*/2'000'000); // inbound: later
    tracker.ReceivedInv(/*peer=*/2, tx, true, /*reqtime=*/0);         // outbound: now
    BOOST_CHECK(tracker.GetRequestable(1, 1'000'000).empty());        // not yet its time
    const auto req = tracker.GetRequestable(2, 1'000'000);
    BOOST_REQUIRE_EQUAL(req.size(), 1u);
    BOOST_CHECK(req[0].hash == tx);
    BOOST_CHECK(tracker.GetRequestable(1, 3'000'000).empty()); // in flight at peer 2
    // No answer within a minute: peer 1 gets its turn.
    const auto retry = tracker.GetRequestable(1, 1'000'000 + GETDATA_TX_INTERVAL_US + 1);
    BOOST_CHECK_EQUAL(retry.size(), 1u);
    tracker.ReceivedResponse(1, tx); // notfound from both: forgotten
    BOOST_CHECK_EQUAL(tracker.Size(), 0u);
    // Per-peer cap.
    for (uint32_t i = 0; i < MAX_PEER_TX_ANNOUNCEMENTS + 10; ++i) {
        tracker.ReceivedInv(3, uint256{std::array<uint8_t, 32>{static_cast<uint8_t>(i), static_cast<uint8_t>(i >> 8), 9}}, true, 0);
    }
    BOOST_CHECK_EQUAL(tracker.Count(3), MAX_PEER_TX_ANNOUNCEMENTS);
    BOOST_CHECK_EQUAL(tracker.GetRequestable(3, 1).size(), MAX_PEER_TX_REQUEST_IN_FLIGHT);
    tracker.DisconnectedPeer(3);
    BOOST_CHECK_EQUAL(tracker.Size(), 0u);
}

BOOST_AUTO_TEST_CASE(presync_keeps_low_work_chains_out)
{
    TestChain chain;
    const chainstate::BlockIndex* genesis;
    {
        LOCK(chain.chainman->GetMutex());
        genesis = chain.chainman->ActiveTip();
    }
    const auto headers = HeaderChain(genesis->hash, genesis->time, 3000);
    const int64_t now = genesis->time + 10'000;

    // A chain that never reaches the required work releases nothing.
    HeadersSyncState low{1, chain.params, genesis, WorkOf(5000), now};
    auto r1 = low.ProcessNextHeaders({headers.begin(), headers.begin() + 2000}, true);
    BOOST_CHECK(r1.success && r1.request_more && r1.ready.empty());
    BOOST_CHECK_EQUAL(low.PresyncHeight(), 2000);
    auto r2 = low.ProcessNextHeaders({headers.begin() + 2000, headers.end()}, false);
    BOOST_CHECK(r2.success && !r2.request_more && r2.ready.empty());
    BOOST_CHECK(low.GetState() == HeadersSyncState::State::FINAL);

    // Enough work: presync, then the same headers again are released.
    HeadersSyncState good{2, chain.params, genesis, WorkOf(2500), now};
    BOOST_CHECK(good.ProcessNextHeaders({headers.begin(), headers.begin() + 2000}, true).request_more);
    const auto to_redownload = good.ProcessNextHeaders({headers.begin() + 2000, headers.end()}, true);
    BOOST_CHECK(to_redownload.success && to_redownload.request_more);
    BOOST_CHECK(good.GetState() == HeadersSyncState::State::REDOWNLOAD);
    BOOST_CHECK(good.NextRequestLocator().front() == genesis->hash); // start over from the fork point
    std::vector<CBlockHeader> released;
    auto a = good.ProcessNextHeaders({headers.begin(), headers.begin() + 2000}, true);
    released.insert(released.end(), a.ready.begin(), a.ready.end());
    auto b = good.ProcessNextHeaders({headers.begin() + 2000, headers.end()}, false);
    released.insert(released.end(), b.ready.begin(), b.ready.end());
    BOOST_CHECK(b.success);
    BOOST_CHECK_EQUAL(released.size(), headers.size());
    BOOST_CHECK(released.back() == headers.back());

    // Redownloading a different chain with the same work fails on the commitments: one bit
    // per 606 headers below the threshold, so 13,000 headers leave a 2^-21 chance of a match.
    const auto first = HeaderChain(genesis->hash, genesis->time, 13'100, /*salt=*/2);
    const auto other = HeaderChain(genesis->hash, genesis->time, 13'100, /*salt=*/1);
    HeadersSyncState swapped{3, chain.params, genesis, WorkOf(13'000), now};
    for (size_t start = 0; start < first.size(); start += 2000) {
        const size_t end = std::min(first.size(), start + 2000);
        BOOST_REQUIRE(swapped.ProcessNextHeaders({first.begin() + start, first.begin() + end}, true).success);
    }
    BOOST_REQUIRE(swapped.GetState() == HeadersSyncState::State::REDOWNLOAD);
    bool failed = false;
    for (size_t start = 0; start < other.size() && !failed; start += 2000) {
        const size_t end = std::min(other.size(), start + 2000);
        const auto r = swapped.ProcessNextHeaders({other.begin() + start, other.begin() + end}, end - start == 2000);
        failed = !r.success;
        BOOST_CHECK(r.ready.empty() || !failed);
    }
    BOOST_CHECK(failed);

    // Wrong difficulty bits are refused in presync.
    auto bad_bits = HeaderChain(genesis->hash, genesis->time, 10);
    bad_bits[5].bits = 0x1f00ffff;
    HeadersSyncState strict{4, chain.params, genesis, WorkOf(2500), now};
    BOOST_CHECK(!strict.ProcessNextHeaders(bad_bits, false).success);
}

BOOST_AUTO_TEST_CASE(handshake_and_pings)
{
    Harness h;
    auto outbound = h.Connect(ConnectionType::OUTBOUND_FULL_RELAY);
    BOOST_CHECK(Contains(h.TakeSentTypes(*outbound), "version")); // outbound speaks first
    auto inbound = h.Connect(ConnectionType::INBOUND, "9.9.9.9:4000");
    BOOST_CHECK(h.TakeSentTypes(*inbound).empty());
    h.Handshake(*inbound);
    const auto types = h.TakeSentTypes(*inbound);
    BOOST_CHECK(Contains(types, "version") && Contains(types, "verack") && Contains(types, "sendheaders") && Contains(types, "ping"));
    BOOST_CHECK(inbound->successfully_connected);
    BOOST_CHECK_EQUAL(inbound->UserAgent(), "/test/");
    // A ping gets its pong with the same nonce.
    h.Receive(*inbound, "ping", NonceMessage{777});
    const auto pong = h.LastSent(*inbound, "pong");
    BOOST_REQUIRE(pong);
    BOOST_CHECK_EQUAL(DecodeFull<NonceMessage>(*pong)->nonce, 777u);
    BOOST_CHECK(!inbound->disconnect);
}

BOOST_AUTO_TEST_CASE(protocol_violations_discourage)
{
    Harness h;
    // Anything before version.
    auto early = h.Connect(ConnectionType::INBOUND, "8.8.8.1:1");
    h.Receive(*early, "ping", NonceMessage{1});
    BOOST_CHECK(early->disconnect);
    BOOST_CHECK(h.banman.IsDiscouraged(early->addr));
    // A malformed known message.
    auto malformed = h.Connect(ConnectionType::INBOUND, "8.8.8.2:1");
    h.Handshake(*malformed);
    h.ReceiveRaw(*malformed, "headers", {0x01, 0x00});
    BOOST_CHECK(malformed->disconnect);
    BOOST_CHECK(h.banman.IsDiscouraged(malformed->addr));
    // An oversized inv.
    auto flood = h.Connect(ConnectionType::INBOUND, "8.8.8.3:1");
    h.Handshake(*flood);
    InvMessage inv;
    inv.items.assign(MAX_INV_SZ + 1, Inv{static_cast<uint32_t>(InvType::BLOCK), uint256{}});
    h.Receive(*flood, "inv", inv);
    BOOST_CHECK(flood->disconnect);
    // Unknown types are ignored, not punished.
    auto curious = h.Connect(ConnectionType::INBOUND, "8.8.8.4:1");
    h.Handshake(*curious);
    h.ReceiveRaw(*curious, "future", {1, 2, 3});
    BOOST_CHECK(!curious->disconnect);
    // A manually added peer is disconnected for nothing: only warned about.
    auto manual = h.Connect(ConnectionType::MANUAL, "8.8.8.5:1");
    h.TakeSentTypes(*manual);
    h.Handshake(*manual);
    h.ReceiveRaw(*manual, "headers", {0x01});
    BOOST_CHECK(!manual->disconnect);
    BOOST_CHECK(!h.banman.IsDiscouraged(manual->addr));
}

BOOST_AUTO_TEST_CASE(headers_first_download)
{
    Harness h;
    // The source chain: 20 blocks mined on a second chainstate.
    TestChain source;
    std::vector<CBlock> blocks;
    for (int i = 0; i < 20; ++i) blocks.push_back(source.Mine());
    h.chain.now = source.now; // the headers are not from our future
    auto peer = h.Connect(ConnectionType::OUTBOUND_FULL_RELAY);
    h.Handshake(*peer);
    BOOST_CHECK(Contains(h.TakeSentTypes(*peer), "getheaders")); // headers sync starts at once
    HeadersMessage headers;
    for (const CBlock& b : blocks) headers.headers.push_back(b.GetHeader());
    h.Receive(*peer, "headers", headers);
    const auto getdata = h.LastSent(*peer, "getdata");
    BOOST_REQUIRE(getdata);
    const auto requested = DecodeFull<InvMessage>(*getdata);
    BOOST_REQUIRE(requested);
    BOOST_CHECK_EQUAL(requested->items.size(), static_cast<size_t>(16));
    BOOST_CHECK(requested->items.front().hash == blocks.front().GetHash());
    // Deliver everything it asks for, in order, until it has the chain.
    std::deque<uint256> asked;
    for (int round = 0; round < 100 && h.chain.Height() < 20; ++round) {
        for (const auto& [type, payload] : h.sent[peer->id]) {
            if (type != "getdata") continue;
            const auto requests = DecodeFull<InvMessage>(payload);
            BOOST_REQUIRE(requests);
            for (const Inv& inv : requests->items) asked.push_back(inv.hash);
        }
        h.sent[peer->id].clear();
        if (asked.empty()) break;
        const uint256 next = asked.front();
        asked.pop_front();
        const auto it = std::find_if(blocks.begin(), blocks.end(), [&](const CBlock& b) { return b.GetHash() == next; });
        BOOST_REQUIRE(it != blocks.end());
        h.Receive(*peer, "block", *it);
    }
    BOOST_CHECK_EQUAL(h.chain.Height(), 20);
    BOOST_CHECK(h.chain.TipHash() == blocks.back().GetHash());
    const auto stats = h.peerman->GetPeerStats(peer->id);
    BOOST_REQUIRE(stats);
    BOOST_CHECK_EQUAL(stats->synced_headers, 20);
    BOOST_CHECK(!peer->disconnect);
    BOOST_CHECK_GT(peer->last_block_time.load(), 0);
}

BOOST_AUTO_TEST_CASE(invalid_and_unrequested_blocks)
{
    Harness h;
    TestChain source;
    const CBlock good = source.Mine();
    h.chain.now = source.now;
    auto peer = h.Connect(ConnectionType::INBOUND, "8.8.4.4:1");
    h.Handshake(*peer);
    // A block with a broken proof of work in its header.
    CBlockHeader bad = good.GetHeader();
    while (CheckProofOfWork(bad.GetHash(), bad.bits, h.chain.params)) ++bad.nonce;
    h.Receive(*peer, "headers", HeadersMessage{{bad}});
    BOOST_CHECK(peer->disconnect);
    BOOST_CHECK(h.banman.IsDiscouraged(peer->addr));

    // An unrequested block that would extend our tip is taken; one on a low-work fork is not.
    auto honest = h.Connect(ConnectionType::INBOUND, "8.8.4.5:1");
    h.Handshake(*honest);
    h.Receive(*honest, "block", good);
    BOOST_CHECK_EQUAL(h.chain.Height(), 1);
    CBlock stale = h.chain.Template();
    stale.prev_block = h.chain.params.genesis_hash; // a sibling of block 1: no more work
    h.chain.FixMerkleAndSolve(stale);
    h.Receive(*honest, "block", stale);
    {
        LOCK(h.chain.chainman->GetMutex());
        BOOST_CHECK(h.chain.chainman->LookupBlockIndex(stale.GetHash()) == nullptr);
    }
    BOOST_CHECK(!honest->disconnect);
}

BOOST_AUTO_TEST_CASE(serves_headers_and_blocks)
{
    PeerManagerOptions options;
    options.max_tip_age = int64_t{1} << 40; // the test chain's old timestamps still count as current
    Harness h{options};
    for (int i = 0; i < 5; ++i) h.chain.Mine();
    auto peer = h.Connect(ConnectionType::INBOUND, "7.7.7.7:1");
    h.Handshake(*peer);
    h.Receive(*peer, "getheaders", GetHeadersMessage{static_cast<uint32_t>(PROTOCOL_VERSION), {h.chain.params.genesis_hash}, uint256{}});
    const auto headers = DecodeFull<HeadersMessage>(*h.LastSent(*peer, "headers"));
    BOOST_REQUIRE(headers);
    BOOST_REQUIRE_EQUAL(headers->headers.size(), 5u);
    BOOST_CHECK(headers->headers.back().GetHash() == h.chain.TipHash());
    h.Receive(*peer, "getdata", InvMessage{{Inv{static_cast<uint32_t>(InvType::BLOCK), h.chain.TipHash()}}});
    const auto block = h.LastSent(*peer, "block");
    BOOST_REQUIRE(block);
    BOOST_CHECK(DecodeBlock(*block)->GetHash() == h.chain.TipHash());
    h.Receive(*peer, "getdata", InvMessage{{Inv{static_cast<uint32_t>(InvType::BLOCK), uint256{std::array<uint8_t, 32>{9}}}}});
    BOOST_CHECK(h.LastSent(*peer, "notfound"));
}

BOOST_AUTO_TEST_SUITE_END()
