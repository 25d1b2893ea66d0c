// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The registry's state rules (consensus/registry_rules.h) over a std::map-backed RecordStore:
// every registry transaction kind with its accept case and each of its reject reasons, the
// payouts of BeginBlock (call earnings, bond returns) and the reward accounting of EndBlock.
// Heights follow doc/registry.md with the small regtest parameters. Gateway lookups (which nodes
// serve a prefix or domain) go through interfaces::GatewayIndex built from the node records.

#include <consensus/params.h>
#include <consensus/registry_payload.h>
#include <consensus/registry_rules.h>
#include <consensus/registry_state.h>
#include <consensus/subsidy.h>
#include <consensus/validation_state.h>
#include <crypto/key.h>
#include <interfaces/gateway_index.h>
#include <primitives/transaction.h>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

using namespace registry;

namespace {

const ConsensusParams& Regtest() { return GetConsensusParams("regtest"); }
const uint256& Genesis() { return Regtest().genesis_hash; }

/** The fake hash of the block at height `h` of the test chain. */
uint256 AncestorHash(int32_t h)
{
    std::array<uint8_t, 32> b{};
    b[0] = 0xa5;
    const uint32_t u = static_cast<uint32_t>(h);
    std::memcpy(b.data() + 1, &u, 4);
    b[31] = 0x77;
    return uint256{b};
}

uint256 Id(uint32_t n, uint8_t tag = 0xc1)
{
    std::array<uint8_t, 32> b{};
    b[0] = tag;
    std::memcpy(b.data() + 1, &n, 4);
    b[31] = 0x19;
    return uint256{b};
}

Key ZeroKey() { return Key{}; }

/** A deterministic BIP340 key pair. */
struct TestKey {
    CKey priv;
    Key pub{};

    explicit TestKey(uint8_t seed)
    {
        std::array<uint8_t, 32> secret;
        secret.fill(seed);
        secret[0] = 0x01; // well below the group order
        auto k = CKey::FromBytes(secret);
        BOOST_REQUIRE(k);
        priv = *k;
        const XOnlyPubKey x = priv.GetXOnlyPubKey();
        std::copy(x.bytes().begin(), x.bytes().end(), pub.begin());
    }
    Sig Sign(const uint256& msg) const
    {
        auto sig = priv.Sign(msg.span());
        BOOST_REQUIRE(sig);
        return *sig;
    }
    OutputLock Lock() const { return OutputLock::ForKeyHash(priv.GetXOnlyPubKey()); }
};

OutputLock LockOf(uint8_t b)
{
    OutputLock lock;
    lock.type = LockType::KEY;
    lock.program.fill(b);
    return lock;
}

class MapStore final : public RecordStore
{
public:
    std::map<std::string, std::string> records;

    std::optional<std::string> Get(const std::string& key) const override
    {
        auto it = records.find(key);
        if (it == records.end()) return std::nullopt;
        return it->second;
    }
    void Put(const std::string& key, std::optional<std::string> value) override
    {
        if (value) {
            records[key] = std::move(*value);
        } else {
            records.erase(key);
        }
    }
};

// ---- Statements ----

const std::vector<std::string> ENDPOINTS{"sip:gw.example.org:5060;transport=udp"};

Payload Commit(const std::string& handle, const uint256& salt, const Key& owner)
{
    return HandleCommit{HandleCommitment(handle, salt, owner)};
}

Payload Reveal(const std::string& handle, const uint256& salt, const Key& owner)
{
    return HandleRegister{handle, salt, owner};
}

HandleUpdate Update(const std::string& handle, uint32_t seq, uint8_t flags, const TestKey& signer, const Key& home = {},
                    const Key& identity = {}, const Key& new_owner = {})
{
    HandleUpdate u;
    u.body.handle = handle;
    u.body.seq = seq;
    u.body.flags = flags;
    u.body.home = home;
    u.body.identity = identity;
    u.body.new_owner = new_owner;
    u.owner_sig = signer.Sign(HandleUpdateMessage(u.body, Genesis()));
    return u;
}

NodeRegister NodeStmt(const TestKey& node, uint32_t seq, NodeOp op, CAmount bond, const OutputLock& reward,
                      std::vector<std::string> prefixes = {}, std::vector<std::string> domains = {},
                      const TestKey* signer = nullptr)
{
    NodeRegister n;
    n.body.node = node.pub;
    n.body.seq = seq;
    n.body.op = op;
    n.body.bond = bond;
    n.body.reward = reward;
    if (op != NodeOp::DEREGISTER) {
        n.body.endpoints = ENDPOINTS;
        n.body.domains = std::move(domains);
        n.body.prefixes = std::move(prefixes);
    }
    n.node_sig = (signer ? *signer : node).Sign(NodeRegisterMessage(n.body, Genesis()));
    return n;
}

PresenceProof Presence(const std::string& handle, const TestKey& node, uint32_t anchor, const TestKey* owner,
                       std::optional<uint256> anchor_hash = std::nullopt)
{
    PresenceProof p;
    p.body.handle = handle;
    p.body.node = node.pub;
    p.body.anchor_height = anchor;
    p.body.anchor_hash = anchor_hash.value_or(AncestorHash(static_cast<int32_t>(anchor)));
    const uint256 msg = PresenceMessage(p.body, Genesis());
    p.node_sig = node.Sign(msg);
    if (owner) p.owner_sig = owner->Sign(msg);
    return p;
}

CallRecordBody CallBody(const uint256& id, const TestKey& orig, const TestKey& term, uint32_t duration, uint32_t anchor)
{
    CallRecordBody b;
    b.call_id = id;
    b.orig = orig.pub;
    b.term = term.pub;
    b.duration = duration;
    b.anchor_height = anchor;
    b.anchor_hash = AncestorHash(static_cast<int32_t>(anchor));
    return b;
}

CallRecord Call(const CallRecordBody& body, const TestKey& orig_signer, const TestKey& term_signer)
{
    CallRecord c;
    c.body = body;
    const uint256 msg = CallRecordMessage(body, Genesis());
    c.orig_sig = orig_signer.Sign(msg);
    c.term_sig = term_signer.Sign(msg);
    return c;
}

CallRecord Call(const uint256& id, const TestKey& orig, const TestKey& term, uint32_t duration, uint32_t anchor)
{
    return Call(CallBody(id, orig, term, duration, anchor), orig, term);
}

Payload Void(const uint256& call_id, const TestKey& node, const TestKey* signer = nullptr)
{
    CallVoid v;
    v.call_id = call_id;
    v.node = node.pub;
    v.sig = (signer ? *signer : node).Sign(CallVoidMessage(call_id, node.pub, Genesis()));
    return Dispute{v};
}

Payload Equivocate(const TestKey& node, const CallRecordBody& a, const CallRecordBody& b, const TestKey* signer_b = nullptr)
{
    Equivocation e;
    e.node = node.pub;
    e.a = a;
    e.sig_a = node.Sign(CallRecordMessage(a, Genesis()));
    e.b = b;
    e.sig_b = (signer_b ? *signer_b : node).Sign(CallRecordMessage(b, Genesis()));
    return Dispute{e};
}

/**
 * A chain of blocks over a MapStore. Open(h) connects empty blocks up to h - 1 first, so every
 * height's BeginBlock runs (and its payouts are kept in payouts_at).
 */
struct Chain {
    const ConsensusParams& params{Regtest()};
    const RegistryParams& rp{params.registry};
    MapStore store;
    int32_t tip{0};
    int32_t height{-1}; //!< of the open block, -1: none
    std::optional<BlockConnector> conn;
    std::map<int32_t, std::vector<CTxOut>> payouts_at;
    std::map<int32_t, CAmount> claimed_at;
    uint64_t nonce{0};

    BlockContext Context(int32_t h) const
    {
        BlockContext ctx;
        ctx.height = h;
        ctx.params = &params;
        ctx.ancestor_hash = [h](int32_t a) -> std::optional<uint256> {
            if (a < 0 || a >= h) return std::nullopt;
            return AncestorHash(a);
        };
        return ctx;
    }

    void Open(int32_t h)
    {
        BOOST_REQUIRE(!conn);
        BOOST_REQUIRE_GT(h, tip);
        while (tip + 1 < h) {
            Open(tip + 1);
            Close();
        }
        height = h;
        conn.emplace(store, Context(h));
        payouts_at[h] = conn->BeginBlock();
    }

    CAmount Close()
    {
        BOOST_REQUIRE(conn);
        const CAmount claimed = conn->EndBlock();
        claimed_at[height] = claimed;
        tip = height;
        height = -1;
        conn.reset();
        return claimed;
    }

    CTransaction MakeTx(const Payload& p)
    {
        CMutableTransaction tx;
        tx.kind = PayloadKind(p);
        tx.payload = EncodePayload(p);
        ++nonce;
        std::array<uint8_t, 32> prev{};
        std::memcpy(prev.data(), &nonce, sizeof(nonce));
        prev[31] = 0x33;
        tx.vin.push_back(CTxIn{COutPoint{uint256{prev}, 0}, SEQUENCE_FINAL, {}});
        tx.vout.push_back(CTxOut{1000, LockOf(0xee)});
        return CTransaction{tx};
    }

    /** Applies `p` in the open block: "" if accepted, else the reject reason. */
    std::string Tx(const Payload& p)
    {
        BOOST_REQUIRE(conn);
        const CTransaction tx = MakeTx(p);
        TxValidationState state;
        if (conn->ApplyTransaction(tx, state)) {
            BOOST_CHECK(state.IsValid());
            return "";
        }
        BOOST_CHECK(state.IsInvalid());
        BOOST_CHECK(state.GetResult() == TxValidationResult::TX_CONSENSUS);
        BOOST_CHECK(!state.GetRejectReason().empty());
        return state.GetRejectReason();
    }

    /** A block at `h` with the single transaction `p`. */
    std::string At(int32_t h, const Payload& p)
    {
        Open(h);
        std::string r = Tx(p);
        Close();
        return r;
    }

    /** Commits at `commit_h` and reveals at commit_h + commit_maturity. */
    void RegisterHandle(const std::string& handle, const TestKey& owner, int32_t commit_h, uint8_t salt = 0x5a)
    {
        const uint256 s = Id(salt, 0x5a);
        BOOST_REQUIRE_EQUAL(At(commit_h, Commit(handle, s, owner.pub)), "");
        BOOST_REQUIRE_EQUAL(At(commit_h + rp.commit_maturity, Reveal(handle, s, owner.pub)), "");
    }

    HandleRecord Handle(const std::string& handle) const
    {
        auto r = ReadHandle(store, handle);
        BOOST_REQUIRE(r);
        return *r;
    }
    NodeRecord Node(const TestKey& k) const
    {
        auto r = ReadNode(store, k.pub);
        BOOST_REQUIRE(r);
        return *r;
    }
    CallEntry CallAt(const uint256& id) const
    {
        auto r = ReadCall(store, id);
        BOOST_REQUIRE(r);
        return *r;
    }
};

/** The gateway index over the node records in `store` of the keys `keys` (unknown keys skipped). */
interfaces::GatewayIndex Gateways(const RecordStore& store, const std::vector<Key>& keys)
{
    std::vector<NodeRecord> records;
    for (const Key& key : keys) {
        if (std::optional<NodeRecord> r = ReadNode(store, key)) records.push_back(std::move(*r));
    }
    return interfaces::GatewayIndex::Build(records);
}

bool SameOutputs(const std::vector<CTxOut>& a, const std::vector<CTxOut>& b) { return a == b; }

std::string Describe(const std::vector<CTxOut>& outs)
{
    std::string s;
    for (const CTxOut& o : outs) s += std::to_string(o.value) + "@" + std::to_string(o.lock.program[0]) + " ";
    return s;
}

} // namespace

BOOST_AUTO_TEST_SUITE(registry_rules_tests)

BOOST_AUTO_TEST_CASE(regtest_parameters)
{
    // The tests below rely on these values.
    const RegistryParams& rp = Regtest().registry;
    BOOST_CHECK_EQUAL(rp.commit_maturity, 2);
    BOOST_CHECK_EQUAL(rp.reveal_window, 20);
    BOOST_CHECK_EQUAL(rp.handle_lifetime, 50);
    BOOST_CHECK_EQUAL(rp.presence_window, 10);
    BOOST_CHECK_EQUAL(rp.presence_offline_depth, 20);
    BOOST_CHECK_EQUAL(rp.call_window, 20);
    BOOST_CHECK_EQUAL(rp.dispute_window, 10);
    BOOST_CHECK_EQUAL(rp.min_node_bond, COIN);
    BOOST_CHECK_EQUAL(rp.bond_release_delay, 15);
    BOOST_CHECK_EQUAL(rp.pool_saturation_seconds, 600u);
    BOOST_CHECK_EQUAL(rp.min_billable_duration, 30u);
    BOOST_CHECK_EQUAL(rp.max_billable_per_record, 3600u);
    BOOST_CHECK_EQUAL(rp.max_billable_per_pair, 7200u);
    BOOST_CHECK_EQUAL(rp.max_call_duration, 14400u);
    BOOST_CHECK_GT(GetCallRewardPool(100, Regtest()), 0);
}

BOOST_AUTO_TEST_CASE(non_registry_and_undecodable)
{
    Chain c;
    c.Open(1);
    // Other kinds pass unchanged.
    CMutableTransaction transfer;
    transfer.kind = TxKind::TRANSFER;
    transfer.vin.push_back(CTxIn{COutPoint{Id(1), 0}, SEQUENCE_FINAL, {}});
    transfer.vout.push_back(CTxOut{5, LockOf(1)});
    TxValidationState state;
    BOOST_CHECK(c.conn->ApplyTransaction(CTransaction{transfer}, state));
    BOOST_CHECK(state.IsValid());
    BOOST_CHECK(c.store.records.empty());
    // A registry kind whose payload does not decode is rejected again here.
    CMutableTransaction bad = transfer;
    bad.kind = TxKind::HANDLE_COMMIT;
    bad.payload = std::vector<uint8_t>(31, 0x01);
    BOOST_CHECK(!c.conn->ApplyTransaction(CTransaction{bad}, state));
    BOOST_CHECK_EQUAL(state.GetRejectReason(), "bad-registry-payload");
    // Syntax is rechecked too.
    TxValidationState state2;
    bad.kind = TxKind::HANDLE_REGISTER;
    bad.payload = EncodePayload(HandleRegister{"Alice", Id(1), Key{}});
    BOOST_CHECK(!c.conn->ApplyTransaction(CTransaction{bad}, state2));
    BOOST_CHECK_EQUAL(state2.GetRejectReason(), "bad-registry-handle");
    BOOST_CHECK(c.store.records.empty());
    // No call records: nothing claimed, no reward accounting.
    BOOST_CHECK_EQUAL(c.Close(), 0);
    BOOST_CHECK(!ReadBlockRewards(c.store, 1));
    BOOST_CHECK(c.payouts_at[1].empty());
}

// ---- Handle commit ----

BOOST_AUTO_TEST_CASE(commit_rules)
{
    Chain c;
    const TestKey a{1};
    const Payload commit = Commit("alice", Id(7), a.pub);
    const uint256 commitment = std::get<HandleCommit>(commit).commitment;

    BOOST_CHECK_EQUAL(c.At(1, commit), "");
    BOOST_REQUIRE(ReadCommit(c.store, commitment));
    BOOST_CHECK_EQUAL(ReadCommit(c.store, commitment)->height, 1);

    // Duplicate while the first is inside its reveal window (up to and including 1 + 20).
    BOOST_CHECK_EQUAL(c.At(2, commit), "bad-handle-commit-exists");

    // Twice in one block: the second is a duplicate; another commitment is independent.
    c.Open(15);
    BOOST_CHECK_EQUAL(c.Tx(Commit("alice", Id(8), a.pub)), "");
    BOOST_CHECK_EQUAL(c.Tx(Commit("alice", Id(8), a.pub)), "bad-handle-commit-exists");
    c.Close();

    BOOST_CHECK_EQUAL(c.At(21, commit), "bad-handle-commit-exists");
    BOOST_CHECK_EQUAL(ReadCommit(c.store, commitment)->height, 1);

    // After the window the commitment may be made again (its height is reset).
    BOOST_CHECK_EQUAL(c.At(22, commit), "");
    BOOST_CHECK_EQUAL(ReadCommit(c.store, commitment)->height, 22);
}

// ---- Handle register ----

BOOST_AUTO_TEST_CASE(register_rules)
{
    Chain c;
    const TestKey a{1}, b{2};
    const uint256 salt = Id(42);

    c.Open(10);
    BOOST_CHECK_EQUAL(c.Tx(Commit("alice", salt, a.pub)), "");
    BOOST_CHECK_EQUAL(c.Tx(Reveal("alice", salt, a.pub)), "bad-handle-commit-immature");
    c.Close();
    BOOST_CHECK_EQUAL(c.At(11, Reveal("alice", salt, a.pub)), "bad-handle-commit-immature");

    c.Open(12);
    // Wrong salt or owner: no such commitment.
    BOOST_CHECK_EQUAL(c.Tx(Reveal("alice", Id(43), a.pub)), "bad-handle-commit-unknown");
    BOOST_CHECK_EQUAL(c.Tx(Reveal("alice", salt, b.pub)), "bad-handle-commit-unknown");
    BOOST_CHECK_EQUAL(c.Tx(Reveal("alicf", salt, a.pub)), "bad-handle-commit-unknown");
    // h = c + commit_maturity: accepted.
    BOOST_CHECK_EQUAL(c.Tx(Reveal("alice", salt, a.pub)), "");
    c.Close();

    const HandleRecord r = c.Handle("alice");
    BOOST_CHECK_EQUAL(r.handle, "alice");
    BOOST_CHECK(r.owner == a.pub);
    BOOST_CHECK_EQUAL(r.registered_height, 12);
    BOOST_CHECK_EQUAL(r.expiry_height, 62);
    BOOST_CHECK(r.home == ZeroKey());
    BOOST_CHECK(r.identity == ZeroKey());
    BOOST_CHECK(r.current_node == ZeroKey());
    BOOST_CHECK_EQUAL(r.last_presence_height, -1);
    BOOST_CHECK_EQUAL(r.last_anchor, -1);
    BOOST_CHECK_EQUAL(r.update_seq, 0u);

    // The reveal used the commitment up: a second reveal fails.
    BOOST_CHECK(!ReadCommit(c.store, HandleCommitment("alice", salt, a.pub)));
    BOOST_CHECK_EQUAL(c.At(13, Reveal("alice", salt, a.pub)), "bad-handle-commit-unknown");

    // Taken: someone else's mature commitment for the same handle.
    BOOST_CHECK_EQUAL(c.At(14, Commit("alice", salt, b.pub)), "");
    BOOST_CHECK_EQUAL(c.At(16, Reveal("alice", salt, b.pub)), "bad-handle-taken");
    BOOST_CHECK(c.Handle("alice").owner == a.pub);
    // A rejected reveal leaves its commitment in place.
    BOOST_CHECK(ReadCommit(c.store, HandleCommitment("alice", salt, b.pub)));

    // Reveal window: c + 20 is the last height.
    BOOST_CHECK_EQUAL(c.At(20, Commit("bobby", salt, a.pub)), "");
    BOOST_CHECK_EQUAL(c.At(21, Commit("carol", salt, a.pub)), "");
    c.Open(41);
    BOOST_CHECK_EQUAL(c.Tx(Reveal("bobby", salt, a.pub)), "bad-handle-commit-expired");
    BOOST_CHECK_EQUAL(c.Tx(Reveal("carol", salt, a.pub)), "");
    c.Close();
    BOOST_CHECK(!ReadHandle(c.store, "bobby"));
    BOOST_CHECK(ReadHandle(c.store, "carol"));

    // E.164 numbers register the same way.
    BOOST_CHECK_EQUAL(c.At(42, Commit("+4930123456", salt, b.pub)), "");
    BOOST_CHECK_EQUAL(c.At(44, Reveal("+4930123456", salt, b.pub)), "");
    BOOST_CHECK(c.Handle("+4930123456").owner == b.pub);
}

BOOST_AUTO_TEST_CASE(register_expired_handle_by_someone_else)
{
    Chain c;
    const TestKey a{1}, b{2}, n{11}, id{3};
    BOOST_CHECK_EQUAL(c.At(1, Commit("alice", Id(1), a.pub)), "");
    BOOST_CHECK_EQUAL(c.At(2, NodeStmt(n, 1, NodeOp::REGISTER, COIN, n.Lock())), "");
    BOOST_CHECK_EQUAL(c.At(3, Reveal("alice", Id(1), a.pub)), "");
    BOOST_CHECK_EQUAL(c.Handle("alice").expiry_height, 53);
    BOOST_CHECK_EQUAL(c.At(4, Update("alice", 1, UPDATE_IDENTITY, a, {}, id.pub)), "");
    BOOST_CHECK_EQUAL(c.At(5, Update("alice", 2, UPDATE_HOME, a, n.pub)), "");
    BOOST_CHECK_EQUAL(c.At(7, Presence("alice", n, 6, &a)), "");
    BOOST_CHECK_EQUAL(c.Handle("alice").last_anchor, 6);

    BOOST_CHECK_EQUAL(c.At(49, Commit("alice", Id(2), b.pub)), "");
    BOOST_CHECK_EQUAL(c.At(52, Reveal("alice", Id(2), b.pub)), "bad-handle-taken");
    // Expired at its expiry height: someone else may register it.
    BOOST_CHECK_EQUAL(c.At(53, Reveal("alice", Id(2), b.pub)), "");
    const HandleRecord r = c.Handle("alice");
    BOOST_CHECK(r.owner == b.pub);
    BOOST_CHECK_EQUAL(r.registered_height, 53);
    BOOST_CHECK_EQUAL(r.expiry_height, 103);
    BOOST_CHECK_EQUAL(r.update_seq, 2u);     // carried over
    BOOST_CHECK_EQUAL(r.last_anchor, 6);     // carried over
    BOOST_CHECK(r.home == ZeroKey());        // not carried over
    BOOST_CHECK(r.identity == ZeroKey());
    BOOST_CHECK(r.current_node == ZeroKey());
    BOOST_CHECK_EQUAL(r.last_presence_height, -1);

    // The old owner's next statement does not apply; the new owner continues the sequence.
    BOOST_CHECK_EQUAL(c.At(54, Update("alice", 3, UPDATE_IDENTITY, a, {}, a.pub)), "bad-handle-sig");
    BOOST_CHECK_EQUAL(c.At(55, Update("alice", 1, UPDATE_IDENTITY, b, {}, b.pub)), "bad-handle-seq");
    BOOST_CHECK_EQUAL(c.At(56, Update("alice", 3, UPDATE_IDENTITY, b, {}, b.pub)), "");
    BOOST_CHECK(c.Handle("alice").identity == b.pub);
}

BOOST_AUTO_TEST_CASE(register_front_running)
{
    Chain c;
    const TestKey honest{1}, attacker{2};
    const uint256 hs = Id(100), as = Id(200);
    // The honest owner commits at 10; its reveal is visible in the mempool from height 11 on.
    BOOST_CHECK_EQUAL(c.At(10, Commit("dave", hs, honest.pub)), "");
    // The attacker commits as soon as it sees the reveal.
    BOOST_CHECK_EQUAL(c.At(11, Commit("dave", as, attacker.pub)), "");
    c.Open(12);
    // Even ordered first in the block, the attacker's commitment is not yet mature.
    BOOST_CHECK_EQUAL(c.Tx(Reveal("dave", as, attacker.pub)), "bad-handle-commit-immature");
    BOOST_CHECK_EQUAL(c.Tx(Reveal("dave", hs, honest.pub)), "");
    // Copying the honest reveal registers nothing for the attacker (and is used up).
    BOOST_CHECK_EQUAL(c.Tx(Reveal("dave", hs, honest.pub)), "bad-handle-commit-unknown");
    // A commitment made in the block of the reveal.
    BOOST_CHECK_EQUAL(c.Tx(Commit("dave", Id(201), attacker.pub)), "");
    c.Close();
    BOOST_CHECK(c.Handle("dave").owner == honest.pub);
    // Once mature, the attacker's commitments only find the handle taken.
    BOOST_CHECK_EQUAL(c.At(13, Reveal("dave", as, attacker.pub)), "bad-handle-taken");
    BOOST_CHECK_EQUAL(c.At(14, Reveal("dave", Id(201), attacker.pub)), "bad-handle-taken");
    BOOST_CHECK(c.Handle("dave").owner == honest.pub);
    BOOST_CHECK_EQUAL(c.Handle("dave").registered_height, 12);
}

// ---- Handle update ----

BOOST_AUTO_TEST_CASE(update_rules)
{
    Chain c;
    const TestKey a{1}, b{2}, id{3}, n{11}, d{12}, stranger{13};
    BOOST_CHECK_EQUAL(c.At(1, Commit("alice", Id(1), a.pub)), "");
    c.Open(2);
    BOOST_CHECK_EQUAL(c.Tx(NodeStmt(n, 1, NodeOp::REGISTER, COIN, n.Lock())), "");
    BOOST_CHECK_EQUAL(c.Tx(NodeStmt(d, 1, NodeOp::REGISTER, COIN, d.Lock())), "");
    c.Close();
    BOOST_CHECK_EQUAL(c.At(3, Reveal("alice", Id(1), a.pub)), "");
    BOOST_CHECK_EQUAL(c.At(4, NodeStmt(d, 2, NodeOp::DEREGISTER, 0, d.Lock())), "");

    c.Open(5);
    BOOST_CHECK_EQUAL(c.Tx(Update("zed01", 1, UPDATE_IDENTITY, a, {}, id.pub)), "bad-handle-unknown");
    BOOST_CHECK_EQUAL(c.Tx(Update("alice", 0, UPDATE_IDENTITY, a, {}, id.pub)), "bad-handle-seq");
    BOOST_CHECK_EQUAL(c.Tx(Update("alice", 2, UPDATE_IDENTITY, a, {}, id.pub)), "bad-handle-seq");
    BOOST_CHECK_EQUAL(c.Tx(Update("alice", 1, UPDATE_IDENTITY, b, {}, id.pub)), "bad-handle-sig");
    {
        HandleUpdate tampered = Update("alice", 1, UPDATE_IDENTITY, a, {}, id.pub);
        tampered.body.identity = b.pub; // signature over another body
        BOOST_CHECK_EQUAL(c.Tx(tampered), "bad-handle-sig");
    }
    // Home must be a registered, active node.
    BOOST_CHECK_EQUAL(c.Tx(Update("alice", 1, UPDATE_HOME, a, stranger.pub)), "bad-handle-home");
    BOOST_CHECK_EQUAL(c.Tx(Update("alice", 1, UPDATE_HOME, a, d.pub)), "bad-handle-home");
    BOOST_CHECK_EQUAL(c.Handle("alice").update_seq, 0u);
    BOOST_CHECK_EQUAL(c.Tx(Update("alice", 1, UPDATE_HOME, a, n.pub)), "");
    c.Close();
    BOOST_CHECK(c.Handle("alice").home == n.pub);
    BOOST_CHECK_EQUAL(c.Handle("alice").update_seq, 1u);

    // Identity set, then home and identity cleared with zero keys.
    BOOST_CHECK_EQUAL(c.At(6, Update("alice", 2, UPDATE_IDENTITY, a, {}, id.pub)), "");
    BOOST_CHECK(c.Handle("alice").identity == id.pub);
    BOOST_CHECK(c.Handle("alice").home == n.pub);
    BOOST_CHECK_EQUAL(c.At(7, Update("alice", 3, UPDATE_HOME | UPDATE_IDENTITY, a, ZeroKey(), ZeroKey())), "");
    BOOST_CHECK(c.Handle("alice").home == ZeroKey());
    BOOST_CHECK(c.Handle("alice").identity == ZeroKey());
    BOOST_CHECK_EQUAL(c.Handle("alice").update_seq, 3u);

    // An old update cannot be replayed.
    BOOST_CHECK_EQUAL(c.At(8, Update("alice", 1, UPDATE_HOME, a, n.pub)), "bad-handle-seq");

    // Transfer: the old owner can no longer update, the new one continues the sequence.
    BOOST_CHECK_EQUAL(c.At(9, Update("alice", 4, UPDATE_OWNER, a, {}, {}, b.pub)), "");
    BOOST_CHECK(c.Handle("alice").owner == b.pub);
    c.Open(10);
    BOOST_CHECK_EQUAL(c.Tx(Update("alice", 5, UPDATE_IDENTITY, a, {}, a.pub)), "bad-handle-sig");
    BOOST_CHECK_EQUAL(c.Tx(Update("alice", 5, UPDATE_IDENTITY, b, {}, b.pub)), "");
    c.Close();
    BOOST_CHECK(c.Handle("alice").identity == b.pub);

    // Renew: expiry = h + lifetime, not stacked.
    BOOST_CHECK_EQUAL(c.Handle("alice").expiry_height, 53);
    BOOST_CHECK_EQUAL(c.At(20, Update("alice", 6, UPDATE_RENEW, b)), "");
    BOOST_CHECK_EQUAL(c.Handle("alice").expiry_height, 70);
    BOOST_CHECK_EQUAL(c.At(21, Update("alice", 7, UPDATE_RENEW, b)), "");
    BOOST_CHECK_EQUAL(c.Handle("alice").expiry_height, 71);
    BOOST_CHECK_EQUAL(c.Handle("alice").registered_height, 3);

    // Expired at expiry_height: no more updates (not even a renewal).
    BOOST_CHECK_EQUAL(c.At(70, Update("alice", 8, UPDATE_IDENTITY, b, {}, id.pub)), "");
    BOOST_CHECK_EQUAL(c.At(71, Update("alice", 9, UPDATE_RENEW, b)), "bad-handle-expired");
    BOOST_CHECK_EQUAL(c.Handle("alice").expiry_height, 71);
    BOOST_CHECK_EQUAL(c.Handle("alice").update_seq, 8u);
}

// ---- Nodes ----

BOOST_AUTO_TEST_CASE(node_register_update_rules)
{
    Chain c;
    const TestKey n{11}, m{12};
    c.Open(1);
    BOOST_CHECK_EQUAL(c.Tx(NodeStmt(n, 7, NodeOp::REGISTER, COIN / 2, n.Lock())), "bad-node-bond");
    BOOST_CHECK_EQUAL(c.Tx(NodeStmt(n, 7, NodeOp::REGISTER, COIN - 1, n.Lock())), "bad-node-bond");
    BOOST_CHECK_EQUAL(c.Tx(NodeStmt(n, 7, NodeOp::REGISTER, COIN, n.Lock(), {}, {}, &m)), "bad-node-sig");
    {
        NodeRegister tampered = NodeStmt(n, 7, NodeOp::REGISTER, COIN, n.Lock());
        tampered.body.bond = 2 * COIN;
        BOOST_CHECK_EQUAL(c.Tx(tampered), "bad-node-sig");
    }
    // Bond 0 on a registration is a syntax error.
    BOOST_CHECK_EQUAL(c.Tx(NodeStmt(n, 7, NodeOp::REGISTER, 0, n.Lock())), "bad-registry-node-fields");
    BOOST_CHECK(!ReadNode(c.store, n.pub));
    // A new node key may start at any seq.
    BOOST_CHECK_EQUAL(c.Tx(NodeStmt(n, 7, NodeOp::REGISTER, COIN, n.Lock(), {"+49"}, {"example.org"})), "");
    // Twice (even with the right seq).
    BOOST_CHECK_EQUAL(c.Tx(NodeStmt(n, 8, NodeOp::REGISTER, COIN, n.Lock())), "bad-node-exists");
    c.Close();

    NodeRecord r = c.Node(n);
    BOOST_CHECK(r.node == n.pub);
    BOOST_CHECK_EQUAL(r.seq, 7u);
    BOOST_CHECK_EQUAL(r.bond, COIN);
    BOOST_CHECK(r.reward == n.Lock());
    BOOST_CHECK_EQUAL(r.registered_height, 1);
    BOOST_CHECK_EQUAL(r.deregistered_height, -1);
    BOOST_CHECK_EQUAL(r.bond_release_height, -1);
    BOOST_CHECK(r.IsActive());
    BOOST_CHECK(!r.slashed);
    BOOST_CHECK(r.endpoints == ENDPOINTS);
    BOOST_CHECK(Gateways(c.store, {n.pub, m.pub}).LookupDomain("example.org") == std::vector<Key>{n.pub});

    c.Open(2);
    BOOST_CHECK_EQUAL(c.Tx(NodeStmt(n, 7, NodeOp::UPDATE, 0, LockOf(9))), "bad-node-seq");
    BOOST_CHECK_EQUAL(c.Tx(NodeStmt(n, 9, NodeOp::UPDATE, 0, LockOf(9))), "bad-node-seq");
    BOOST_CHECK_EQUAL(c.Tx(NodeStmt(n, 8, NodeOp::UPDATE, 0, LockOf(9), {}, {}, &m)), "bad-node-sig");
    BOOST_CHECK_EQUAL(c.Tx(NodeStmt(n, 8, NodeOp::UPDATE, COIN, LockOf(9))), "bad-registry-node-fields");
    BOOST_CHECK_EQUAL(c.Tx(NodeStmt(m, 1, NodeOp::UPDATE, 0, LockOf(9))), "bad-node-inactive");
    BOOST_CHECK_EQUAL(c.Tx(NodeStmt(m, 1, NodeOp::DEREGISTER, 0, LockOf(9))), "bad-node-inactive");
    BOOST_CHECK_EQUAL(c.Tx(NodeStmt(n, 8, NodeOp::UPDATE, 0, LockOf(9), {"+33"}, {"other.example"})), "");
    c.Close();
    r = c.Node(n);
    BOOST_CHECK_EQUAL(r.seq, 8u);
    BOOST_CHECK(r.reward == LockOf(9));
    BOOST_CHECK_EQUAL(r.bond, COIN); // fixed at registration
    BOOST_CHECK_EQUAL(r.registered_height, 1);
    BOOST_CHECK(r.prefixes == std::vector<std::string>{"+33"});
    BOOST_CHECK(r.domains == std::vector<std::string>{"other.example"});
    {
        const interfaces::GatewayIndex index = Gateways(c.store, {n.pub, m.pub});
        BOOST_CHECK(index.LookupDomain("example.org").empty());
        BOOST_CHECK(index.LookupDomain("other.example") == std::vector<Key>{n.pub});
        BOOST_CHECK(index.LookupNumber("+4930123").nodes.empty());
        BOOST_CHECK(index.LookupNumber("+33123").nodes == std::vector<Key>{n.pub});
    }
    // Deregister with lists is a syntax error.
    {
        NodeRegister bad = NodeStmt(n, 9, NodeOp::DEREGISTER, 0, LockOf(9));
        bad.body.prefixes = {"+33"};
        bad.node_sig = n.Sign(NodeRegisterMessage(bad.body, Genesis()));
        BOOST_CHECK_EQUAL(c.At(3, bad), "bad-registry-node-fields");
    }
}

BOOST_AUTO_TEST_CASE(node_deregister_returns_bond)
{
    Chain c;
    const TestKey n{11};
    const OutputLock ret = LockOf(0x77);
    BOOST_CHECK_EQUAL(c.At(1, NodeStmt(n, 1, NodeOp::REGISTER, 3 * COIN, n.Lock(), {"+49"})), "");
    BOOST_CHECK_EQUAL(c.At(4, NodeStmt(n, 3, NodeOp::DEREGISTER, 0, ret)), "bad-node-seq");
    BOOST_CHECK_EQUAL(c.At(5, NodeStmt(n, 2, NodeOp::DEREGISTER, 0, ret)), "");
    NodeRecord r = c.Node(n);
    BOOST_CHECK(!r.IsActive());
    BOOST_CHECK_EQUAL(r.deregistered_height, 5);
    BOOST_CHECK_EQUAL(r.bond_release_height, 20);
    BOOST_CHECK(r.bond_return == ret);
    BOOST_CHECK_EQUAL(r.bond, 3 * COIN);
    BOOST_CHECK_EQUAL(r.seq, 2u);
    BOOST_CHECK(ReadPayouts(c.store, 20).items == (std::vector<PayoutItem>{{PayoutType::BOND, uint256{n.pub}}}));
    // Still holds its prefixes, but an inactive node is not indexed.
    BOOST_CHECK(r.prefixes == std::vector<std::string>{"+49"});
    BOOST_CHECK(Gateways(c.store, {n.pub}).LookupNumber("+4930123").nodes.empty());

    c.Open(6);
    BOOST_CHECK_EQUAL(c.Tx(NodeStmt(n, 3, NodeOp::UPDATE, 0, ret)), "bad-node-inactive");
    BOOST_CHECK_EQUAL(c.Tx(NodeStmt(n, 3, NodeOp::DEREGISTER, 0, ret)), "bad-node-inactive");
    c.Close();
    // Re-registration waits for the bond to come back.
    BOOST_CHECK_EQUAL(c.At(19, NodeStmt(n, 3, NodeOp::REGISTER, COIN, n.Lock())), "bad-node-exists");
    for (int32_t h = 6; h < 20; ++h) BOOST_CHECK_MESSAGE(c.payouts_at[h].empty(), "payout at " << h);

    c.Open(20);
    BOOST_CHECK(SameOutputs(c.payouts_at[20], {CTxOut{3 * COIN, ret}}));
    c.Close();
    r = c.Node(n);
    BOOST_CHECK_EQUAL(r.bond, 0);
    BOOST_CHECK_EQUAL(r.bond_release_height, -1);
    BOOST_CHECK(ReadPayouts(c.store, 20).items.empty());
    BOOST_CHECK(!c.store.Get(PayoutsKey(20)));

    // Paid once only.
    c.Open(21);
    BOOST_CHECK(c.payouts_at[21].empty());
    BOOST_CHECK_EQUAL(c.Tx(NodeStmt(n, 2, NodeOp::REGISTER, COIN, n.Lock())), "bad-node-seq");
    BOOST_CHECK_EQUAL(c.Tx(NodeStmt(n, 3, NodeOp::REGISTER, COIN / 2, n.Lock())), "bad-node-bond");
    BOOST_CHECK_EQUAL(c.Tx(NodeStmt(n, 3, NodeOp::REGISTER, COIN, n.Lock(), {"+44"})), "");
    c.Close();
    r = c.Node(n);
    BOOST_CHECK(r.IsActive());
    BOOST_CHECK_EQUAL(r.bond, COIN);
    BOOST_CHECK_EQUAL(r.registered_height, 21);
    BOOST_CHECK_EQUAL(r.deregistered_height, -1);
    BOOST_CHECK_EQUAL(r.seq, 3u);
    BOOST_CHECK(Gateways(c.store, {n.pub}).LookupNumber("+4412345").nodes == std::vector<Key>{n.pub});
    BOOST_CHECK(Gateways(c.store, {n.pub}).LookupNumber("+4930123").nodes.empty());
}

BOOST_AUTO_TEST_CASE(node_prefix_index)
{
    Chain c;
    const TestKey n{11}, m{12}, p{13};
    c.Open(1);
    BOOST_CHECK_EQUAL(c.Tx(NodeStmt(n, 1, NodeOp::REGISTER, COIN, n.Lock(), {"+44"})), "");
    BOOST_CHECK_EQUAL(c.Tx(NodeStmt(m, 1, NodeOp::REGISTER, COIN, m.Lock(), {"+4420"})), "");
    c.Close();

    const std::vector<Key> keys{n.pub, m.pub, p.pub};
    interfaces::GatewayIndex index = Gateways(c.store, keys);
    interfaces::GatewayIndex::PrefixMatch match = index.LookupNumber("+442071234567");
    BOOST_CHECK_EQUAL(match.prefix, "+4420");
    BOOST_CHECK(match.nodes == std::vector<Key>{m.pub});
    match = index.LookupNumber("+441234567");
    BOOST_CHECK_EQUAL(match.prefix, "+44");
    BOOST_CHECK(match.nodes == std::vector<Key>{n.pub});
    match = index.LookupNumber("+4420");
    BOOST_CHECK_EQUAL(match.prefix, "+4420");
    match = index.LookupNumber("+33123456");
    BOOST_CHECK(match.prefix.empty());
    BOOST_CHECK(match.nodes.empty());

    // Several nodes on one prefix: all of them, sorted by key.
    BOOST_CHECK_EQUAL(c.At(2, NodeStmt(p, 1, NodeOp::REGISTER, COIN, p.Lock(), {"+4420", "+1"})), "");
    std::vector<Key> both{m.pub, p.pub};
    std::sort(both.begin(), both.end());
    index = Gateways(c.store, keys);
    match = index.LookupNumber("+442071234567");
    BOOST_CHECK_EQUAL(match.prefix, "+4420");
    BOOST_CHECK(match.nodes == both);
    BOOST_CHECK(index.LookupNumber("+12125550100").nodes == std::vector<Key>{p.pub});

    // An update moves m's prefixes.
    BOOST_CHECK_EQUAL(c.At(3, NodeStmt(m, 2, NodeOp::UPDATE, 0, m.Lock(), {"+331"})), "");
    index = Gateways(c.store, keys);
    match = index.LookupNumber("+442071234567");
    BOOST_CHECK_EQUAL(match.prefix, "+4420");
    BOOST_CHECK(match.nodes == std::vector<Key>{p.pub});
    match = index.LookupNumber("+33123456");
    BOOST_CHECK_EQUAL(match.prefix, "+331");
    BOOST_CHECK(match.nodes == std::vector<Key>{m.pub});

    // A deregistration removes p everywhere (its record keeps its prefixes, but is inactive).
    BOOST_CHECK_EQUAL(c.At(4, NodeStmt(p, 2, NodeOp::DEREGISTER, 0, p.Lock())), "");
    BOOST_CHECK(c.Node(p).prefixes == (std::vector<std::string>{"+4420", "+1"}));
    index = Gateways(c.store, keys);
    match = index.LookupNumber("+442071234567");
    BOOST_CHECK_EQUAL(match.prefix, "+44");
    BOOST_CHECK(match.nodes == std::vector<Key>{n.pub});
    BOOST_CHECK_EQUAL(index.PrefixCount(), 2u); // "+44" (n) and "+331" (m)
    BOOST_CHECK(index.LookupNumber("+12125550100").nodes.empty());
    BOOST_CHECK(index.LookupNumber("44").nodes.empty());
}

// ---- Presence ----

BOOST_AUTO_TEST_CASE(presence_rules)
{
    Chain c;
    const TestKey a{1}, b{2}, n{11}, m{12}, u{13};
    c.Open(1);
    BOOST_CHECK_EQUAL(c.Tx(Commit("alice", Id(1), a.pub)), "");
    BOOST_CHECK_EQUAL(c.Tx(Commit("carol", Id(1), a.pub)), "");
    BOOST_CHECK_EQUAL(c.Tx(Commit("dave1", Id(1), a.pub)), "");
    BOOST_CHECK_EQUAL(c.Tx(NodeStmt(n, 1, NodeOp::REGISTER, COIN, n.Lock())), "");
    BOOST_CHECK_EQUAL(c.Tx(NodeStmt(m, 1, NodeOp::REGISTER, COIN, m.Lock())), "");
    c.Close();
    c.Open(3);
    BOOST_CHECK_EQUAL(c.Tx(Reveal("alice", Id(1), a.pub)), "");
    BOOST_CHECK_EQUAL(c.Tx(Reveal("carol", Id(1), a.pub)), "");
    BOOST_CHECK_EQUAL(c.Tx(Reveal("dave1", Id(1), a.pub)), "");
    c.Close();

    c.Open(30);
    // Anchor: h - 10 <= anchor < h, with this chain's hash.
    BOOST_CHECK_EQUAL(c.Tx(Presence("alice", n, 19, &a)), "bad-presence-anchor");
    BOOST_CHECK_EQUAL(c.Tx(Presence("alice", n, 30, &a)), "bad-presence-anchor");
    BOOST_CHECK_EQUAL(c.Tx(Presence("alice", n, 31, &a)), "bad-presence-anchor");
    BOOST_CHECK_EQUAL(c.Tx(Presence("alice", n, 25, &a, AncestorHash(24))), "bad-presence-anchor");
    BOOST_CHECK_EQUAL(c.Tx(Presence("zed01", n, 25, &a)), "bad-handle-unknown");
    BOOST_CHECK_EQUAL(c.Tx(Presence("alice", u, 25, &a)), "bad-node-inactive");
    BOOST_CHECK_EQUAL(c.Tx(Presence("alice", n, 25, nullptr)), "bad-presence-unauthorized");
    BOOST_CHECK_EQUAL(c.Tx(Presence("alice", n, 25, &b)), "bad-presence-owner-sig");
    {
        PresenceProof p = Presence("alice", n, 25, &a);
        p.node_sig = m.Sign(PresenceMessage(p.body, Genesis()));
        BOOST_CHECK_EQUAL(c.Tx(p), "bad-presence-sig");
        p.node_sig = Sig{};
        BOOST_CHECK_EQUAL(c.Tx(p), "bad-presence-sig");
    }
    BOOST_CHECK(c.Handle("alice").current_node == ZeroKey());
    BOOST_CHECK_EQUAL(c.Tx(Presence("alice", n, 25, &a)), "");
    // The oldest allowed anchor.
    BOOST_CHECK_EQUAL(c.Tx(Presence("carol", n, 20, &a)), "");
    c.Close();
    HandleRecord r = c.Handle("alice");
    BOOST_CHECK(r.current_node == n.pub);
    BOOST_CHECK_EQUAL(r.last_presence_height, 30);
    BOOST_CHECK_EQUAL(r.last_anchor, 25);

    c.Open(31);
    // Replay: the same proof, or one with an older anchor.
    BOOST_CHECK_EQUAL(c.Tx(Presence("alice", n, 25, &a)), "bad-presence-replay");
    BOOST_CHECK_EQUAL(c.Tx(Presence("alice", m, 24, &a)), "bad-presence-replay");
    BOOST_CHECK_EQUAL(c.Tx(Presence("alice", m, 26, &a)), "");
    BOOST_CHECK_EQUAL(c.Tx(Presence("alice", n, 26, &a)), "bad-presence-replay");
    c.Close();
    BOOST_CHECK(c.Handle("alice").current_node == m.pub);
    BOOST_CHECK_EQUAL(c.Handle("alice").last_anchor, 26);

    // The home node needs no owner signature; another node still does.
    BOOST_CHECK_EQUAL(c.At(32, Update("alice", 1, UPDATE_HOME, a, n.pub)), "");
    c.Open(33);
    BOOST_CHECK_EQUAL(c.Tx(Presence("alice", m, 28, nullptr)), "bad-presence-unauthorized");
    BOOST_CHECK_EQUAL(c.Tx(Presence("alice", n, 28, nullptr)), "");
    c.Close();
    BOOST_CHECK(c.Handle("alice").current_node == n.pub);
    BOOST_CHECK_EQUAL(c.Handle("alice").last_presence_height, 33);

    // An inactive (deregistered) node cannot prove presence, even as home node.
    BOOST_CHECK_EQUAL(c.At(35, NodeStmt(n, 2, NodeOp::DEREGISTER, 0, n.Lock())), "");
    BOOST_CHECK_EQUAL(c.At(36, Presence("alice", n, 30, &a)), "bad-node-inactive");
    BOOST_CHECK_EQUAL(c.At(37, Presence("alice", n, 31, nullptr)), "bad-node-inactive");

    // Expired handle (alice expires at 53).
    BOOST_CHECK_EQUAL(c.At(52, Presence("alice", m, 50, &a)), "");
    BOOST_CHECK_EQUAL(c.At(53, Presence("alice", m, 51, &a)), "bad-handle-expired");
}

BOOST_AUTO_TEST_CASE(presence_online_window)
{
    Chain c;
    const TestKey a{1}, n{11};
    c.Open(1);
    BOOST_CHECK_EQUAL(c.Tx(Commit("carol", Id(1), a.pub)), "");
    BOOST_CHECK_EQUAL(c.Tx(NodeStmt(n, 1, NodeOp::REGISTER, COIN, n.Lock())), "");
    c.Close();
    BOOST_CHECK_EQUAL(c.At(3, Reveal("carol", Id(1), a.pub)), "");
    const RegistryParams& rp = c.rp;
    // Never proven: offline.
    BOOST_CHECK(!IsOnlineAt(c.Handle("carol"), 3, rp));
    BOOST_CHECK_EQUAL(c.At(10, Presence("carol", n, 9, &a)), "");
    const HandleRecord r = c.Handle("carol");
    BOOST_CHECK(IsOnlineAt(r, 10, rp));
    BOOST_CHECK(IsOnlineAt(r, 30, rp));  // 10 + offline depth 20
    BOOST_CHECK(!IsOnlineAt(r, 31, rp));
    // A fresh proof brings it back.
    BOOST_CHECK_EQUAL(c.At(40, Presence("carol", n, 39, &a)), "");
    BOOST_CHECK(IsOnlineAt(c.Handle("carol"), 52, rp));
    // Never online once expired (expiry 53).
    BOOST_CHECK(!IsOnlineAt(c.Handle("carol"), 53, rp));
}

// ---- Call records ----

struct CallFixture : Chain {
    const TestKey a{21}, b{22}, cc{23}, d{24}, u{25};
    CallFixture()
    {
        Open(1);
        BOOST_REQUIRE_EQUAL(Tx(NodeStmt(a, 1, NodeOp::REGISTER, COIN, LockOf(0xa1))), "");
        BOOST_REQUIRE_EQUAL(Tx(NodeStmt(b, 1, NodeOp::REGISTER, COIN, LockOf(0xb1))), "");
        BOOST_REQUIRE_EQUAL(Tx(NodeStmt(cc, 1, NodeOp::REGISTER, COIN, LockOf(0xc1))), "");
        // d shares a's reward lock.
        BOOST_REQUIRE_EQUAL(Tx(NodeStmt(d, 1, NodeOp::REGISTER, COIN, LockOf(0xa1))), "");
        Close();
    }
    CAmount Pool(int32_t h) const { return GetCallRewardPool(h, params); }
};

BOOST_FIXTURE_TEST_CASE(call_record_rejects, CallFixture)
{
    Open(30);
    BOOST_CHECK_EQUAL(Tx(Call(Id(1), a, b, 14401, 25)), "bad-call-duration");
    // Anchor: h - 20 <= anchor < h on this chain.
    BOOST_CHECK_EQUAL(Tx(Call(Id(1), a, b, 100, 9)), "bad-call-anchor");
    BOOST_CHECK_EQUAL(Tx(Call(Id(1), a, b, 100, 30)), "bad-call-anchor");
    BOOST_CHECK_EQUAL(Tx(Call(Id(1), a, b, 100, 31)), "bad-call-anchor");
    {
        CallRecordBody body = CallBody(Id(1), a, b, 100, 25);
        body.anchor_hash = AncestorHash(26);
        BOOST_CHECK_EQUAL(Tx(Call(body, a, b)), "bad-call-anchor");
    }
    BOOST_CHECK_EQUAL(Tx(Call(Id(1), a, u, 100, 25)), "bad-node-inactive");
    BOOST_CHECK_EQUAL(Tx(Call(Id(1), u, b, 100, 25)), "bad-node-inactive");
    BOOST_CHECK_EQUAL(Tx(Call(Id(1), a, d, 100, 25)), "bad-call-same-reward");
    BOOST_CHECK_EQUAL(Tx(Call(Id(1), d, a, 100, 25)), "bad-call-same-reward");
    BOOST_CHECK_EQUAL(Tx(Call(Id(1), a, a, 100, 25)), "bad-registry-call-nodes");
    {
        const CallRecordBody body = CallBody(Id(1), a, b, 100, 25);
        BOOST_CHECK_EQUAL(Tx(Call(body, cc, b)), "bad-call-sig");
        BOOST_CHECK_EQUAL(Tx(Call(body, a, cc)), "bad-call-sig");
        // One real signature and one zero signature.
        CallRecord half = Call(body, a, b);
        half.term_sig = Sig{};
        BOOST_CHECK_EQUAL(Tx(half), "bad-call-sig");
        half = Call(body, a, b);
        half.orig_sig = Sig{};
        BOOST_CHECK_EQUAL(Tx(half), "bad-call-sig");
        // Signatures swapped.
        CallRecord swapped = Call(body, a, b);
        std::swap(swapped.orig_sig, swapped.term_sig);
        BOOST_CHECK_EQUAL(Tx(swapped), "bad-call-sig");
        // Signed, then the duration was changed.
        CallRecord changed = Call(body, a, b);
        changed.body.duration = 200;
        BOOST_CHECK_EQUAL(Tx(changed), "bad-call-sig");
    }
    BOOST_CHECK(!ReadCall(store, Id(1)));
    BOOST_CHECK_EQUAL(Tx(Call(Id(1), a, b, 14400, 10)), "");
    // Duplicate call id in the same block, even with another body.
    BOOST_CHECK_EQUAL(Tx(Call(Id(1), a, b, 14400, 10)), "bad-call-duplicate");
    BOOST_CHECK_EQUAL(Tx(Call(Id(1), b, cc, 50, 20)), "bad-call-duplicate");
    Close();
    // ... and in a later block.
    BOOST_CHECK_EQUAL(At(31, Call(Id(1), cc, a, 100, 29)), "bad-call-duplicate");
    // Still a duplicate long after the record paid.
    BOOST_CHECK_EQUAL(At(60, Call(Id(1), a, b, 100, 55)), "bad-call-duplicate");

    // A deregistered node cannot record calls.
    BOOST_CHECK_EQUAL(At(61, NodeStmt(cc, 2, NodeOp::DEREGISTER, 0, LockOf(0xc1))), "");
    BOOST_CHECK_EQUAL(At(62, Call(Id(2), a, cc, 100, 60)), "bad-node-inactive");

    const CallEntry e = CallAt(Id(1));
    BOOST_CHECK(e.body == CallBody(Id(1), a, b, 14400, 10));
    BOOST_CHECK_EQUAL(e.height, 30);
    BOOST_CHECK_EQUAL(e.billable_seconds, 3600u);
    BOOST_CHECK(e.orig_lock == LockOf(0xa1));
    BOOST_CHECK(e.term_lock == LockOf(0xb1));
    // Indexed by node.
    BOOST_CHECK(store.Get(NodeCallKey(a.pub, 30, Id(1))));
    BOOST_CHECK(store.Get(NodeCallKey(b.pub, 30, Id(1))));
}

BOOST_FIXTURE_TEST_CASE(call_billable_and_pair_cap, CallFixture)
{
    Open(30);
    BOOST_CHECK_EQUAL(Tx(Call(Id(1), a, b, 30, 25)), "");    // 0: at the minimum
    BOOST_CHECK_EQUAL(Tx(Call(Id(2), a, b, 31, 25)), "");    // 1
    BOOST_CHECK_EQUAL(Tx(Call(Id(3), a, b, 3630, 25)), "");  // 3600
    BOOST_CHECK_EQUAL(Tx(Call(Id(4), b, a, 14400, 25)), ""); // 3600 capped by the pair: 3599
    BOOST_CHECK_EQUAL(Tx(Call(Id(5), a, b, 100, 25)), "");   // pair exhausted: 0
    BOOST_CHECK_EQUAL(Tx(Call(Id(6), a, cc, 5000, 25)), ""); // another pair: 3600
    BOOST_CHECK_EQUAL(Tx(Call(Id(7), cc, b, 500, 25)), "");  // 470
    BOOST_CHECK_EQUAL(Tx(Call(Id(8), b, cc, 10, 25)), "");   // 0: below the minimum
    const CAmount claimed = Close();

    const std::vector<uint32_t> expected{0, 1, 3600, 3599, 0, 3600, 470, 0};
    uint64_t total = 0;
    for (size_t i = 0; i < expected.size(); ++i) {
        BOOST_CHECK_EQUAL(CallAt(Id(static_cast<uint32_t>(i + 1))).billable_seconds, expected[i]);
        total += expected[i];
    }
    const auto rewards = ReadBlockRewards(store, 30);
    BOOST_REQUIRE(rewards);
    BOOST_CHECK_EQUAL(rewards->billable_seconds, total);
    BOOST_CHECK_EQUAL(rewards->pool, Pool(30));
    BOOST_CHECK_EQUAL(rewards->claimed, claimed);
    std::vector<uint256> ids;
    for (uint32_t i = 1; i <= 8; ++i) ids.push_back(Id(i));
    BOOST_CHECK(rewards->call_ids == ids);

    // The pair cap is per block.
    Open(31);
    BOOST_CHECK_EQUAL(Tx(Call(Id(9), a, b, 3630, 25)), "");
    BOOST_CHECK_EQUAL(Tx(Call(Id(10), b, a, 3630, 25)), "");
    BOOST_CHECK_EQUAL(Tx(Call(Id(11), b, a, 3630, 25)), "");
    Close();
    BOOST_CHECK_EQUAL(CallAt(Id(9)).billable_seconds, 3600u);
    BOOST_CHECK_EQUAL(CallAt(Id(10)).billable_seconds, 3600u);
    BOOST_CHECK_EQUAL(CallAt(Id(11)).billable_seconds, 0u);
}

BOOST_FIXTURE_TEST_CASE(call_earnings_and_payout, CallFixture)
{
    const CAmount pool = Pool(30);
    Open(30);
    BOOST_CHECK_EQUAL(Tx(Call(Id(1), a, b, 3630, 25)), ""); // 3600
    BOOST_CHECK_EQUAL(Tx(Call(Id(2), b, a, 3630, 25)), ""); // 3600
    BOOST_CHECK_EQUAL(Tx(Call(Id(3), a, cc, 500, 25)), ""); // 470
    BOOST_CHECK_EQUAL(Tx(Call(Id(4), cc, b, 20, 25)), "");  // 0
    const CAmount claimed = Close();

    const CAmount T = 7670; // above saturation: shared pro rata
    const CAmount e1 = pool * 3600 / T, e2 = pool * 3600 / T, e3 = pool * 470 / T;
    BOOST_CHECK_EQUAL(claimed, e1 + e2 + e3);
    BOOST_CHECK_LE(claimed, pool);
    BOOST_CHECK_EQUAL(ReadBlockRewards(store, 30)->claimed, claimed);
    BOOST_CHECK_EQUAL(CallAt(Id(1)).orig_amount, e1 / 2);
    BOOST_CHECK_EQUAL(CallAt(Id(1)).term_amount, e1 - e1 / 2);
    BOOST_CHECK_EQUAL(CallAt(Id(3)).orig_amount, e3 / 2);
    BOOST_CHECK_EQUAL(CallAt(Id(3)).term_amount, e3 - e3 / 2);
    BOOST_CHECK_EQUAL(CallAt(Id(4)).orig_amount + CallAt(Id(4)).term_amount, 0);
    // Scheduled at h + dispute_window, in block order; the record that earns nothing is not.
    BOOST_CHECK(ReadPayouts(store, 40).items == (std::vector<PayoutItem>{
                                                    {PayoutType::CALL, Id(1)}, {PayoutType::CALL, Id(2)}, {PayoutType::CALL, Id(3)}}));

    // A later change of a's reward lock does not redirect earned rewards.
    BOOST_CHECK_EQUAL(At(35, NodeStmt(a, 2, NodeOp::UPDATE, 0, LockOf(0xa2))), "");

    Open(40);
    for (int32_t h = 31; h < 40; ++h) BOOST_CHECK(payouts_at[h].empty());
    const std::vector<CTxOut> expected{
        CTxOut{e1 / 2 + (e2 - e2 / 2) + e3 / 2, LockOf(0xa1)},
        CTxOut{(e1 - e1 / 2) + e2 / 2, LockOf(0xb1)},
        CTxOut{e3 - e3 / 2, LockOf(0xc1)},
    };
    BOOST_CHECK_MESSAGE(SameOutputs(payouts_at[40], expected), Describe(payouts_at[40]) << "vs " << Describe(expected));
    Close();
    for (uint32_t i = 1; i <= 3; ++i) BOOST_CHECK(CallAt(Id(i)).status == CallStatus::PAID);
    BOOST_CHECK(CallAt(Id(4)).status == CallStatus::PENDING);
    BOOST_CHECK(!store.Get(PayoutsKey(40)));

    const NodeStats na = ReadNodeStats(store, a.pub), nb = ReadNodeStats(store, b.pub), nc = ReadNodeStats(store, cc.pub);
    BOOST_CHECK_EQUAL(na.calls_paid, 3u);
    BOOST_CHECK_EQUAL(na.billable_seconds_paid, 3600u + 3600u + 470u);
    BOOST_CHECK_EQUAL(na.earned, e1 / 2 + (e2 - e2 / 2) + e3 / 2);
    BOOST_CHECK_EQUAL(nb.calls_paid, 2u);
    BOOST_CHECK_EQUAL(nb.billable_seconds_paid, 7200u);
    BOOST_CHECK_EQUAL(nb.earned, (e1 - e1 / 2) + e2 / 2);
    BOOST_CHECK_EQUAL(nc.calls_paid, 1u);
    BOOST_CHECK_EQUAL(nc.billable_seconds_paid, 470u);
    BOOST_CHECK_EQUAL(nc.earned, e3 - e3 / 2);
    BOOST_CHECK_EQUAL(ReadNodeStats(store, d.pub).calls_paid, 0u);
    BOOST_CHECK(!store.Get(NodeStatsKey(d.pub))); // never paid: no record

    // Nothing more is paid later.
    Open(41);
    BOOST_CHECK(payouts_at[41].empty());
    Close();

    // The stats live apart from the node record: an update of the node keeps them.
    BOOST_CHECK_EQUAL(At(42, NodeStmt(b, 2, NodeOp::UPDATE, 0, LockOf(0xb2), {"+44"})), "");
    BOOST_CHECK(ReadNodeStats(store, b.pub) == nb);
    BOOST_CHECK(Node(b).prefixes == std::vector<std::string>{"+44"});
}

BOOST_FIXTURE_TEST_CASE(call_earnings_below_saturation, CallFixture)
{
    const CAmount pool = Pool(30);
    Open(30);
    BOOST_CHECK_EQUAL(Tx(Call(Id(1), a, b, 41, 25)), "");  // 11
    BOOST_CHECK_EQUAL(Tx(Call(Id(2), cc, a, 130, 25)), ""); // 100
    const CAmount claimed = Close();
    // T = 111 < 600: a billable second earns pool / 600, the rest stays unclaimed.
    const CAmount e1 = pool * 11 / 600, e2 = pool * 100 / 600;
    BOOST_CHECK_EQUAL(claimed, e1 + e2);
    BOOST_CHECK_LT(claimed, pool);
    BOOST_CHECK_EQUAL(ReadBlockRewards(store, 30)->billable_seconds, 111u);
    // The odd unit goes to the terminating node.
    BOOST_CHECK_EQUAL(CallAt(Id(1)).orig_amount, e1 / 2);
    BOOST_CHECK_EQUAL(CallAt(Id(1)).term_amount, e1 - e1 / 2);
    if (e1 % 2 == 1) BOOST_CHECK_EQUAL(CallAt(Id(1)).term_amount, CallAt(Id(1)).orig_amount + 1);

    Open(40);
    const std::vector<CTxOut> expected{
        CTxOut{e1 / 2 + (e2 - e2 / 2), LockOf(0xa1)},
        CTxOut{e1 - e1 / 2, LockOf(0xb1)},
        CTxOut{e2 / 2, LockOf(0xc1)},
    };
    BOOST_CHECK_MESSAGE(SameOutputs(payouts_at[40], expected), Describe(payouts_at[40]) << "vs " << Describe(expected));
    Close();
}

BOOST_FIXTURE_TEST_CASE(payout_order_bonds_then_calls, CallFixture)
{
    // Coinbase of H (doc/registry.md "Coinbase payouts"): the payouts in the order they were
    // scheduled, i.e. bond returns of the deregistrations at H - bond_release_delay, then the call
    // earnings of H - dispute_window; aggregated per lock in order of first appearance.
    const TestKey e{26};
    BOOST_CHECK_EQUAL(At(2, NodeStmt(e, 1, NodeOp::REGISTER, 2 * COIN, LockOf(0xe1))), "");
    BOOST_CHECK_EQUAL(At(15, NodeStmt(e, 2, NodeOp::DEREGISTER, 0, LockOf(0xe2))), ""); // returns at 30
    // d's bond is returned to b's reward lock, which also receives call earnings at 31.
    BOOST_CHECK_EQUAL(At(16, NodeStmt(d, 2, NodeOp::DEREGISTER, 0, LockOf(0xb1))), ""); // returns at 31
    BOOST_CHECK_EQUAL(At(20, Call(Id(1), a, b, 130, 19)), "");
    BOOST_CHECK_EQUAL(At(21, Call(Id(2), cc, b, 130, 19)), "");
    const CAmount e1 = Pool(20) * 100 / 600;
    const CAmount e2 = Pool(21) * 100 / 600;
    BOOST_CHECK(ReadPayouts(store, 30).items == (std::vector<PayoutItem>{
                                                    {PayoutType::BOND, uint256{e.pub}}, {PayoutType::CALL, Id(1)}}));

    Open(31);
    const std::vector<CTxOut> at30{
        CTxOut{2 * COIN, LockOf(0xe2)},
        CTxOut{e1 / 2, LockOf(0xa1)},
        CTxOut{e1 - e1 / 2, LockOf(0xb1)},
    };
    BOOST_CHECK_MESSAGE(SameOutputs(payouts_at[30], at30), Describe(payouts_at[30]) << "vs " << Describe(at30));
    const std::vector<CTxOut> at31{
        CTxOut{COIN + (e2 - e2 / 2), LockOf(0xb1)},
        CTxOut{e2 / 2, LockOf(0xc1)},
    };
    BOOST_CHECK_MESSAGE(SameOutputs(payouts_at[31], at31), Describe(payouts_at[31]) << "vs " << Describe(at31));
    Close();
    BOOST_CHECK_EQUAL(Node(e).bond, 0);
    BOOST_CHECK_EQUAL(Node(d).bond, 0);
}

// ---- Disputes ----

BOOST_FIXTURE_TEST_CASE(dispute_void, CallFixture)
{
    const CAmount pool = Pool(30);
    Open(30);
    BOOST_CHECK_EQUAL(Tx(Call(Id(1), a, b, 3630, 25)), ""); // 3600
    BOOST_CHECK_EQUAL(Tx(Call(Id(2), a, b, 130, 25)), "");  // 100
    BOOST_CHECK_EQUAL(Tx(Call(Id(3), a, cc, 500, 25)), ""); // 470
    BOOST_CHECK_EQUAL(Tx(Call(Id(4), a, cc, 20, 25)), "");  // 0
    const CAmount claimed = Close();
    const CAmount T = 4170;
    const CAmount e1 = pool * 3600 / T, e2 = pool * 100 / T, e3 = pool * 470 / T;
    BOOST_CHECK_EQUAL(claimed, e1 + e2 + e3);

    Open(33);
    BOOST_CHECK_EQUAL(Tx(Void(Id(9), a)), "bad-dispute-unknown-call");
    BOOST_CHECK_EQUAL(Tx(Void(Id(1), cc)), "bad-dispute-not-party");
    BOOST_CHECK_EQUAL(Tx(Void(Id(1), a, &b)), "bad-dispute-sig");
    {
        Payload zero = Void(Id(1), a);
        std::get<CallVoid>(std::get<Dispute>(zero)).sig = Sig{};
        BOOST_CHECK_EQUAL(Tx(zero), "bad-dispute-sig");
    }
    BOOST_CHECK(CallAt(Id(1)).status == CallStatus::PENDING);
    // By the terminating node.
    BOOST_CHECK_EQUAL(Tx(Void(Id(1), b)), "");
    BOOST_CHECK(CallAt(Id(1)).status == CallStatus::VOIDED);
    BOOST_CHECK_EQUAL(Tx(Void(Id(1), a)), "bad-dispute-voided");
    BOOST_CHECK_EQUAL(Tx(Void(Id(1), b)), "bad-dispute-voided");
    Close();
    // By the originating node, on the last height of the window.
    BOOST_CHECK_EQUAL(At(39, Void(Id(3), a)), "");
    BOOST_CHECK(CallAt(Id(3)).status == CallStatus::VOIDED);

    Open(40);
    // Only record 2 pays: the voided earnings are burned (claimed at 30, never paid).
    const std::vector<CTxOut> expected{CTxOut{e2 / 2, LockOf(0xa1)}, CTxOut{e2 - e2 / 2, LockOf(0xb1)}};
    BOOST_CHECK_MESSAGE(SameOutputs(payouts_at[40], expected), Describe(payouts_at[40]) << "vs " << Describe(expected));
    BOOST_CHECK(CallAt(Id(1)).status == CallStatus::VOIDED);
    BOOST_CHECK(CallAt(Id(2)).status == CallStatus::PAID);
    // Too late once paid.
    BOOST_CHECK_EQUAL(Tx(Void(Id(2), a)), "bad-dispute-too-late");
    BOOST_CHECK_EQUAL(Tx(Void(Id(2), b)), "bad-dispute-too-late");
    BOOST_CHECK_EQUAL(Tx(Void(Id(1), a)), "bad-dispute-voided");
    // A record that earned nothing cannot be voided after its dispute window either.
    BOOST_CHECK_EQUAL(Tx(Void(Id(4), a)), "bad-dispute-too-late");
    Close();
    BOOST_CHECK_EQUAL(ReadNodeStats(store, a.pub).calls_paid, 1u);
    BOOST_CHECK_EQUAL(ReadNodeStats(store, a.pub).earned, e2 / 2);
    BOOST_CHECK_EQUAL(ReadNodeStats(store, a.pub).billable_seconds_paid, 100u);
    BOOST_CHECK_EQUAL(ReadNodeStats(store, b.pub).calls_paid, 1u);
    BOOST_CHECK_EQUAL(ReadNodeStats(store, b.pub).earned, e2 - e2 / 2);
    BOOST_CHECK_EQUAL(ReadNodeStats(store, cc.pub).calls_paid, 0u);
    BOOST_CHECK_EQUAL(ReadNodeStats(store, cc.pub).earned, 0);
}

BOOST_FIXTURE_TEST_CASE(dispute_void_in_the_record_block_burns, CallFixture)
{
    // A void in the record's own block must not shift the record's share of the pool to the
    // block's other records nor leave it unclaimed for the miner (doc/registry.md: a void never
    // profits anybody): the claimed amount is as without the void, the voided part never paid.
    const CAmount pool = Pool(30);
    Open(30);
    BOOST_CHECK_EQUAL(Tx(Call(Id(1), a, b, 3630, 25)), ""); // 3600
    BOOST_CHECK_EQUAL(Tx(Call(Id(2), a, cc, 3630, 25)), ""); // 3600
    BOOST_CHECK_EQUAL(Tx(Void(Id(1), a)), "");
    const CAmount claimed = Close();
    const CAmount half = pool * 3600 / 7200;
    BOOST_CHECK_EQUAL(claimed, 2 * half);
    BOOST_CHECK(CallAt(Id(1)).status == CallStatus::VOIDED);
    BOOST_CHECK(ReadPayouts(store, 40).items == (std::vector<PayoutItem>{{PayoutType::CALL, Id(2)}}));

    // Below saturation likewise: the miner gains nothing from the void.
    Open(31);
    BOOST_CHECK_EQUAL(Tx(Call(Id(3), a, b, 130, 25)), "");  // 100
    BOOST_CHECK_EQUAL(Tx(Call(Id(4), a, cc, 130, 25)), ""); // 100
    BOOST_CHECK_EQUAL(Tx(Void(Id(3), b)), "");
    const CAmount claimed31 = Close();
    const CAmount each = GetCallRewardPool(31, params) * 100 / 600;
    BOOST_CHECK_EQUAL(claimed31, 2 * each);

    Open(40);
    const std::vector<CTxOut> at40{CTxOut{half / 2, LockOf(0xa1)}, CTxOut{half - half / 2, LockOf(0xc1)}};
    BOOST_CHECK_MESSAGE(SameOutputs(payouts_at[40], at40), Describe(payouts_at[40]) << "vs " << Describe(at40));
    Close();
    Open(41);
    const std::vector<CTxOut> at41{CTxOut{each / 2, LockOf(0xa1)}, CTxOut{each - each / 2, LockOf(0xc1)}};
    BOOST_CHECK_MESSAGE(SameOutputs(payouts_at[41], at41), Describe(payouts_at[41]) << "vs " << Describe(at41));
    Close();
}

BOOST_FIXTURE_TEST_CASE(dispute_equivocation, CallFixture)
{
    // b serves a prefix and a domain.
    BOOST_CHECK_EQUAL(At(2, NodeStmt(b, 2, NodeOp::UPDATE, 0, LockOf(0xb1), {"+4930"}, {"b.example"})), "");
    const std::vector<Key> keys{a.pub, b.pub, cc.pub, d.pub};
    BOOST_CHECK(Gateways(store, keys).LookupNumber("+49301234").nodes == std::vector<Key>{b.pub});
    BOOST_CHECK(Gateways(store, keys).LookupDomain("b.example") == std::vector<Key>{b.pub});

    const CallRecordBody body = CallBody(Id(1), a, b, 3630, 25);
    BOOST_CHECK_EQUAL(At(30, Call(body, a, b)), "");
    CallRecordBody other = body;
    other.duration = 60; // b also signed a shorter version of the same call

    Open(32);
    // Same body twice is no equivocation (syntax).
    {
        const Payload same = Equivocate(b, body, body);
        const char* reason = CheckPayloadSyntax(same);
        BOOST_REQUIRE(reason != nullptr);
        BOOST_CHECK_EQUAL(std::string{reason}, "bad-registry-dispute");
        BOOST_CHECK_EQUAL(Tx(same), "bad-registry-dispute");
        CallRecordBody other_id = other;
        other_id.call_id = Id(2);
        BOOST_CHECK_EQUAL(Tx(Equivocate(b, body, other_id)), "bad-registry-dispute");
        // The accused must be in both bodies.
        BOOST_CHECK_EQUAL(Tx(Equivocate(cc, body, other)), "bad-registry-dispute");
    }
    {
        // Signatures by another key.
        BOOST_CHECK_EQUAL(Tx(Equivocate(b, body, other, &a)), "bad-dispute-sig");
        Payload zero = Equivocate(b, body, other);
        std::get<Equivocation>(std::get<Dispute>(zero)).sig_a = Sig{};
        BOOST_CHECK_EQUAL(Tx(zero), "bad-dispute-sig");
    }
    // An accused key that never registered.
    {
        const TestKey z{27};
        CallRecordBody za = CallBody(Id(5), a, z, 100, 25), zb = za;
        zb.duration = 101;
        BOOST_CHECK_EQUAL(Tx(Equivocate(z, za, zb)), "bad-node-unknown");
    }
    BOOST_CHECK(Node(b).IsActive());
    BOOST_CHECK_EQUAL(Tx(Equivocate(b, body, other)), "");
    // Already slashed.
    BOOST_CHECK_EQUAL(Tx(Equivocate(b, other, body)), "bad-dispute-slashed");
    Close();

    const NodeRecord nb = Node(b);
    BOOST_CHECK(nb.slashed);
    BOOST_CHECK_EQUAL(nb.bond, 0);
    BOOST_CHECK(!nb.IsActive());
    BOOST_CHECK_EQUAL(nb.deregistered_height, 32);
    BOOST_CHECK_EQUAL(nb.bond_release_height, -1);
    // A slashed node is not indexed.
    BOOST_CHECK(Gateways(store, keys).LookupNumber("+49301234").nodes.empty());
    BOOST_CHECK(Gateways(store, keys).LookupDomain("b.example").empty());
    BOOST_CHECK_EQUAL(Gateways(store, keys).PrefixCount(), 0u);
    // The pending record with that call id (its body is one of the two signed) is voided:
    // nothing is paid for it.
    BOOST_CHECK(CallAt(Id(1)).status == CallStatus::VOIDED);
    Open(40);
    BOOST_CHECK(payouts_at[40].empty());
    // The slashed key cannot register again, nor act as a node.
    BOOST_CHECK_EQUAL(Tx(NodeStmt(b, 3, NodeOp::REGISTER, COIN, LockOf(0xb2))), "bad-node-slashed");
    BOOST_CHECK_EQUAL(Tx(NodeStmt(b, 3, NodeOp::UPDATE, 0, LockOf(0xb2))), "bad-node-slashed");
    BOOST_CHECK_EQUAL(Tx(Call(Id(3), a, b, 100, 35)), "bad-node-inactive");
    Close();
    for (int32_t h = 33; h <= 60; ++h) BOOST_CHECK(payouts_at.count(h) == 0 || payouts_at[h].empty());
    // The originating node can be accused too (a equivocated on another call).
    const CallRecordBody ca = CallBody(Id(7), a, cc, 100, 35);
    CallRecordBody cb = ca;
    cb.anchor_height = 36;
    cb.anchor_hash = AncestorHash(36);
    BOOST_CHECK_EQUAL(At(41, Equivocate(a, ca, cb)), "");
    BOOST_CHECK(Node(a).slashed);
}

BOOST_FIXTURE_TEST_CASE(equivocation_voids_only_a_signed_record, CallFixture)
{
    // Equivocation burns the accused's bond, but voids the record with that call id only if
    // the record's body is one of the two signed bodies: a node cannot void other pairs'
    // records by signing bodies with their call ids.
    const TestKey e{26};
    BOOST_CHECK_EQUAL(At(2, NodeStmt(e, 1, NodeOp::REGISTER, COIN, LockOf(0xe1))), "");
    const CAmount pool = Pool(30);
    const CallRecordBody rec1 = CallBody(Id(1), a, b, 3630, 25); // 3600
    const CallRecordBody rec2 = CallBody(Id(2), d, b, 130, 25);  // 100
    const CallRecordBody rec3 = CallBody(Id(3), a, e, 500, 25);  // 470
    Open(30);
    BOOST_CHECK_EQUAL(Tx(Call(rec1, a, b)), "");
    BOOST_CHECK_EQUAL(Tx(Call(rec2, d, b)), "");
    BOOST_CHECK_EQUAL(Tx(Call(rec3, a, e)), "");
    const CAmount claimed = Close();
    const CAmount T = 4170;
    const CAmount e1 = pool * 3600 / T, e2 = pool * 100 / T, e3 = pool * 470 / T;
    BOOST_CHECK_EQUAL(claimed, e1 + e2 + e3);

    Open(32);
    // (a) cc, not a party of record 1, signs two bodies with its call id.
    {
        CallRecordBody x = CallBody(Id(1), cc, u, 100, 25), y = x;
        y.duration = 101;
        BOOST_CHECK_EQUAL(Tx(Equivocate(cc, x, y)), "");
    }
    // d, a party of record 2, signs two versions of it, neither of them the recorded one.
    {
        CallRecordBody x = CallBody(Id(2), d, b, 50, 25), y = x;
        y.duration = 51;
        BOOST_CHECK(!(x == rec2) && !(y == rec2));
        BOOST_CHECK_EQUAL(Tx(Equivocate(d, x, y)), "");
    }
    // (b) e signed the recorded body and another one: the record is voided (whichever of the
    // two statements it is).
    {
        CallRecordBody alt = rec3;
        alt.duration = 400;
        BOOST_CHECK_EQUAL(Tx(Equivocate(e, alt, rec3)), "");
    }
    Close();

    for (const TestKey* k : {&cc, &d, &e}) {
        const NodeRecord n = Node(*k);
        BOOST_CHECK(n.slashed);
        BOOST_CHECK_EQUAL(n.bond, 0);
        BOOST_CHECK_EQUAL(n.bond_release_height, -1);
        BOOST_CHECK_EQUAL(n.deregistered_height, 32);
    }
    BOOST_CHECK(Node(a).IsActive());
    BOOST_CHECK(Node(b).IsActive());
    BOOST_CHECK(CallAt(Id(1)).status == CallStatus::PENDING);
    BOOST_CHECK(CallAt(Id(2)).status == CallStatus::PENDING);
    BOOST_CHECK(CallAt(Id(3)).status == CallStatus::VOIDED);
    // The pending records are still scheduled at their payout height.
    BOOST_CHECK(ReadPayouts(store, 40).items == (std::vector<PayoutItem>{
                                                    {PayoutType::CALL, Id(1)}, {PayoutType::CALL, Id(2)}, {PayoutType::CALL, Id(3)}}));

    Open(40);
    for (int32_t h = 31; h < 40; ++h) BOOST_CHECK(payouts_at[h].empty());
    // Records 1 and 2 are paid (d's share goes to its lock, shared with a); record 3 is not,
    // and no burned bond comes back.
    const std::vector<CTxOut> expected{
        CTxOut{e1 / 2 + e2 / 2, LockOf(0xa1)},
        CTxOut{(e1 - e1 / 2) + (e2 - e2 / 2), LockOf(0xb1)},
    };
    BOOST_CHECK_MESSAGE(SameOutputs(payouts_at[40], expected), Describe(payouts_at[40]) << "vs " << Describe(expected));
    Close();
    BOOST_CHECK(CallAt(Id(1)).status == CallStatus::PAID);
    BOOST_CHECK(CallAt(Id(2)).status == CallStatus::PAID);
    BOOST_CHECK(CallAt(Id(3)).status == CallStatus::VOIDED);
    BOOST_CHECK_EQUAL(ReadNodeStats(store, a.pub).calls_paid, 1u);
    BOOST_CHECK_EQUAL(ReadNodeStats(store, a.pub).earned, e1 / 2);
    BOOST_CHECK_EQUAL(ReadNodeStats(store, b.pub).calls_paid, 2u);
    BOOST_CHECK_EQUAL(ReadNodeStats(store, b.pub).earned, (e1 - e1 / 2) + (e2 - e2 / 2));
    BOOST_CHECK_EQUAL(ReadNodeStats(store, d.pub).calls_paid, 1u);
    BOOST_CHECK_EQUAL(ReadNodeStats(store, d.pub).earned, e2 / 2);
    BOOST_CHECK(ReadNodeStats(store, cc.pub) == NodeStats{});
    BOOST_CHECK(ReadNodeStats(store, e.pub) == NodeStats{});
    // The voided record cannot be voided again; the paid ones cannot be disputed any more.
    Open(41);
    BOOST_CHECK(payouts_at[41].empty());
    BOOST_CHECK_EQUAL(Tx(Void(Id(3), a)), "bad-dispute-voided");
    BOOST_CHECK_EQUAL(Tx(Void(Id(1), a)), "bad-dispute-too-late");
    Close();
}

BOOST_FIXTURE_TEST_CASE(equivocation_burns_pending_bond, CallFixture)
{
    // b deregisters; its bond would return at 5 + 15 = 20. Equivocation evidence arrives first.
    BOOST_CHECK_EQUAL(At(5, NodeStmt(b, 2, NodeOp::DEREGISTER, 0, LockOf(0xb9))), "");
    const CallRecordBody body = CallBody(Id(1), a, b, 100, 3);
    CallRecordBody other = body;
    other.duration = 99;
    BOOST_CHECK_EQUAL(At(10, Equivocate(b, body, other)), "");
    const NodeRecord nb = Node(b);
    BOOST_CHECK(nb.slashed);
    BOOST_CHECK_EQUAL(nb.bond, 0);
    BOOST_CHECK_EQUAL(nb.deregistered_height, 5); // unchanged
    BOOST_CHECK_EQUAL(nb.bond_release_height, -1);
    Open(20);
    BOOST_CHECK(payouts_at[20].empty());
    BOOST_CHECK_EQUAL(Tx(NodeStmt(b, 3, NodeOp::REGISTER, COIN, LockOf(0xb2))), "bad-node-slashed");
    BOOST_CHECK_EQUAL(Tx(Equivocate(b, other, body)), "bad-dispute-slashed");
    Close();
    BOOST_CHECK(!store.Get(PayoutsKey(20)));
    // No call record with that id was ever mined: nothing to void.
    BOOST_CHECK(!ReadCall(store, Id(1)));
}

BOOST_AUTO_TEST_CASE(record_encodings_round_trip)
{
    HandleRecord h;
    h.handle = "+4930123456";
    h.owner.fill(1);
    h.registered_height = 7;
    h.expiry_height = 57;
    h.home.fill(2);
    h.identity.fill(3);
    h.current_node.fill(4);
    h.last_presence_height = 40;
    h.last_anchor = 39;
    h.update_seq = 12;
    BOOST_CHECK(HandleRecord::Decode(h.Encode()) == h);

    NodeRecord n;
    n.node.fill(5);
    n.seq = 3;
    n.reward = LockOf(6);
    n.endpoints = ENDPOINTS;
    n.domains = {"example.org"};
    n.prefixes = {"+44", "+4420"};
    n.bond = 5 * COIN;
    n.registered_height = 2;
    n.deregistered_height = 9;
    n.bond_release_height = 24;
    n.bond_return = LockOf(7);
    n.slashed = true;
    BOOST_CHECK(NodeRecord::Decode(n.Encode()) == n);

    const NodeStats st{4, 400, 12345};
    BOOST_CHECK(NodeStats::Decode(st.Encode()) == st);
    BOOST_CHECK(NodeStats::Decode(NodeStats{}.Encode()) == NodeStats{});
    BOOST_CHECK(!NodeStats::Decode(st.Encode() + "x"));
    BOOST_CHECK(!NodeStats::Decode(st.Encode().substr(0, st.Encode().size() - 1)));

    CallEntry e;
    e.body.call_id = Id(1);
    e.body.orig.fill(8);
    e.body.term.fill(9);
    e.body.duration = 77;
    e.body.anchor_height = 5;
    e.body.anchor_hash = AncestorHash(5);
    e.txid = Id(2);
    e.height = 6;
    e.billable_seconds = 47;
    e.orig_amount = 10;
    e.term_amount = 11;
    e.orig_lock = LockOf(10);
    e.term_lock = LockOf(11);
    e.status = CallStatus::VOIDED;
    BOOST_CHECK(CallEntry::Decode(e.Encode()) == e);

    BlockRewards w{100, 50, 300, {Id(1), Id(2)}};
    BOOST_CHECK(BlockRewards::Decode(w.Encode()) == w);
    PayoutList pl{{{PayoutType::CALL, Id(1)}, {PayoutType::BOND, Id(2)}}};
    BOOST_CHECK(PayoutList::Decode(pl.Encode()) == pl);
    BOOST_CHECK(CommitRecord::Decode(CommitRecord{42}.Encode()) == CommitRecord{42});

    // Trailing or missing bytes do not decode.
    BOOST_CHECK(!HandleRecord::Decode(h.Encode() + "x"));
    const std::string ne = n.Encode();
    BOOST_CHECK(!NodeRecord::Decode(ne.substr(0, ne.size() - 1)));
    BOOST_CHECK(!PayoutList::Decode(pl.Encode() + std::string(1, '\0')));
}

BOOST_AUTO_TEST_SUITE_END()
