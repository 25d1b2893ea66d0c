// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <consensus/params.h>
#include <consensus/registry_payload.h>
#include <consensus/tx_check.h>
#include <consensus/validation_state.h>
#include <crypto/key.h>
#include <crypto/tagged_hash.h>
#include <primitives/transaction.h>
#include <serialize.h>

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace registry;

namespace {

Key KeyOf(uint8_t b)
{
    Key k;
    k.fill(b);
    return k;
}

Sig SigOf(uint8_t b)
{
    Sig s;
    s.fill(b);
    return s;
}

uint256 HashOf(uint8_t b)
{
    std::array<uint8_t, 32> bytes;
    bytes.fill(b);
    bytes[31] = 0x5a;
    return uint256{bytes};
}

HandleRegister MakeRegister(std::string handle = "alice")
{
    return HandleRegister{std::move(handle), HashOf(0x11), KeyOf(0x22)};
}

HandleUpdate MakeUpdate(uint8_t flags = UPDATE_HOME | UPDATE_OWNER, std::string handle = "alice")
{
    HandleUpdate u;
    u.body.handle = std::move(handle);
    u.body.seq = 7;
    u.body.flags = flags;
    if (flags & UPDATE_HOME) u.body.home = KeyOf(0x31);
    if (flags & UPDATE_IDENTITY) u.body.identity = KeyOf(0x32);
    if (flags & UPDATE_OWNER) u.body.new_owner = KeyOf(0x33);
    u.owner_sig = SigOf(0x34);
    return u;
}

NodeRegister MakeNode(NodeOp op = NodeOp::REGISTER)
{
    NodeRegister n;
    n.body.node = KeyOf(0x41);
    n.body.seq = 3;
    n.body.op = op;
    n.body.reward.type = LockType::KEY;
    n.body.reward.program = KeyOf(0x42);
    if (op != NodeOp::DEREGISTER) {
        n.body.endpoints = {"sip:gw.example.org:5060;transport=udp", "sips:gw.example.org;transport=tls"};
        n.body.domains = {"example.org"};
        n.body.prefixes = {"+49", "+4930"};
    }
    if (op == NodeOp::REGISTER) n.body.bond = 100 * COIN;
    n.node_sig = SigOf(0x43);
    return n;
}

PresenceProof MakePresence(bool with_owner_sig)
{
    PresenceProof p;
    p.body = PresenceBody{"+4915112345678", KeyOf(0x51), 1234, HashOf(0x52)};
    p.node_sig = SigOf(0x53);
    if (with_owner_sig) p.owner_sig = SigOf(0x54);
    return p;
}

CallRecordBody MakeCallBody(uint8_t id = 0x61)
{
    return CallRecordBody{HashOf(id), KeyOf(0x62), KeyOf(0x63), 300, 2000, HashOf(0x64)};
}

CallRecord MakeCall()
{
    return CallRecord{MakeCallBody(), SigOf(0x65), SigOf(0x66)};
}

Dispute MakeVoid()
{
    return CallVoid{HashOf(0x71), KeyOf(0x72), SigOf(0x73)};
}

Equivocation MakeEquivocation()
{
    Equivocation e;
    e.node = KeyOf(0x62);
    e.a = MakeCallBody();
    e.sig_a = SigOf(0x81);
    e.b = MakeCallBody();
    e.b.duration = 3000;
    e.sig_b = SigOf(0x82);
    return e;
}

std::vector<Payload> AllSamples()
{
    return {
        HandleCommit{HashOf(0x01)},
        MakeRegister(),
        MakeRegister("+4915112345678"),
        MakeUpdate(),
        MakeUpdate(UPDATE_HOME),
        MakeUpdate(UPDATE_IDENTITY | UPDATE_RENEW),
        MakeUpdate(UPDATE_ALL_FLAGS),
        MakeUpdate(UPDATE_RENEW),
        MakeNode(NodeOp::REGISTER),
        MakeNode(NodeOp::UPDATE),
        MakeNode(NodeOp::DEREGISTER),
        MakePresence(false),
        MakePresence(true),
        MakeCall(),
        Dispute{MakeVoid()},
        Dispute{MakeEquivocation()},
    };
}

std::string Syntax(const Payload& p)
{
    const char* reason = CheckPayloadSyntax(p);
    return reason ? reason : "";
}

DecodeError DecodeCode(TxKind kind, const std::vector<uint8_t>& bytes)
{
    const auto d = DecodePayload(kind, bytes);
    if (d) return DecodeError::NONE;
    BOOST_CHECK(d.failure().offset <= bytes.size());
    BOOST_CHECK(d.failure().what != nullptr && d.failure().what[0] != '\0');
    return d.failure().code;
}

std::string ErrName(DecodeError e) { return std::string{DecodeErrorString(e)}; }

std::vector<uint8_t> Cat(std::initializer_list<std::span<const uint8_t>> parts)
{
    std::vector<uint8_t> out;
    for (auto p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

std::span<const uint8_t> Bytes(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

CMutableTransaction MakeRegistryTx(const Payload& payload)
{
    CMutableTransaction tx;
    tx.kind = PayloadKind(payload);
    CTxIn in;
    in.prevout = COutPoint{HashOf(0x99), 0};
    in.witness = {std::vector<uint8_t>(64, 0x11)};
    tx.vin.push_back(in);
    CTxOut out;
    out.value = COIN;
    out.lock.program.fill(0x42);
    tx.vout.push_back(out);
    tx.payload = EncodePayload(payload);
    return tx;
}

std::string TxReject(const CMutableTransaction& mtx, std::string* debug = nullptr)
{
    TxValidationState state;
    const bool ok = CheckTransaction(CTransaction{mtx}, GetConsensusParams("regtest"), state);
    BOOST_CHECK_EQUAL(ok, state.IsValid());
    if (ok) return "";
    BOOST_CHECK(state.GetResult() == TxValidationResult::TX_CONSENSUS);
    if (debug) *debug = state.GetDebugMessage();
    return state.GetRejectReason();
}

} // namespace

BOOST_AUTO_TEST_SUITE(registry_payload_tests)

BOOST_AUTO_TEST_CASE(kinds)
{
    BOOST_CHECK(!IsRegistryKind(TxKind::COINBASE));
    BOOST_CHECK(!IsRegistryKind(TxKind::TRANSFER));
    BOOST_CHECK(IsRegistryKind(TxKind::HANDLE_COMMIT));
    BOOST_CHECK(IsRegistryKind(TxKind::DISPUTE));
    BOOST_CHECK(!IsRegistryKind(static_cast<TxKind>(9)));
    BOOST_CHECK(PayloadKind(HandleCommit{}) == TxKind::HANDLE_COMMIT);
    BOOST_CHECK(PayloadKind(MakeRegister()) == TxKind::HANDLE_REGISTER);
    BOOST_CHECK(PayloadKind(MakeUpdate()) == TxKind::HANDLE_UPDATE);
    BOOST_CHECK(PayloadKind(MakeNode()) == TxKind::NODE_REGISTER);
    BOOST_CHECK(PayloadKind(MakePresence(false)) == TxKind::PRESENCE_PROOF);
    BOOST_CHECK(PayloadKind(MakeCall()) == TxKind::CALL_RECORD);
    BOOST_CHECK(PayloadKind(MakeVoid()) == TxKind::DISPUTE);
    BOOST_CHECK(PayloadKind(Dispute{MakeEquivocation()}) == TxKind::DISPUTE);
}

BOOST_AUTO_TEST_CASE(round_trip_every_type)
{
    for (const Payload& p : AllSamples()) {
        const auto bytes = EncodePayload(p);
        const auto dec = DecodePayload(PayloadKind(p), bytes);
        BOOST_REQUIRE_MESSAGE(dec.has_value(), "kind " << static_cast<int>(PayloadKind(p)) << ": " << dec.failure().what);
        BOOST_CHECK(*dec == p);
        BOOST_CHECK(EncodePayload(*dec) == bytes);
        BOOST_CHECK_EQUAL(Syntax(p), "");
    }
}

BOOST_AUTO_TEST_CASE(wire_layout)
{
    // handle_commit: the 32 raw bytes.
    const uint256 commitment = HashOf(0x01);
    BOOST_CHECK(EncodePayload(HandleCommit{commitment}) == std::vector<uint8_t>(commitment.begin(), commitment.end()));

    // handle_register: str(handle) salt owner.
    const HandleRegister reg = MakeRegister();
    const std::vector<uint8_t> len5{5};
    BOOST_CHECK(EncodePayload(reg) == Cat({len5, Bytes("alice"), reg.salt.span(), reg.owner}));

    // handle_update: fields in flag order home, identity, new_owner; renew has no field.
    const HandleUpdate upd = MakeUpdate(UPDATE_HOME | UPDATE_OWNER | UPDATE_RENEW);
    const std::vector<uint8_t> seq_flags{7, 0, 0, 0, 13};
    BOOST_CHECK(EncodePayload(upd) == Cat({len5, Bytes("alice"), seq_flags, upd.body.home, upd.body.new_owner, upd.owner_sig}));
    const HandleUpdate id_only = MakeUpdate(UPDATE_IDENTITY);
    const std::vector<uint8_t> seq_flags2{7, 0, 0, 0, 2};
    BOOST_CHECK(EncodePayload(id_only) == Cat({len5, Bytes("alice"), seq_flags2, id_only.body.identity, id_only.owner_sig}));

    // node_register: node seq op bond reward lists sig.
    NodeRegister node = MakeNode(NodeOp::REGISTER);
    node.body.bond = 0x0102030405060708;
    node.body.endpoints = {"sip:a.b;transport=ws"};
    node.body.domains = {};
    node.body.prefixes = {"+1"};
    const std::vector<uint8_t> fixed{3, 0, 0, 0, 1, 8, 7, 6, 5, 4, 3, 2, 1, 1};
    const std::vector<uint8_t> ep{1, 20};
    const std::vector<uint8_t> lists{0, 1, 2};
    BOOST_CHECK(EncodePayload(node) == Cat({node.body.node, fixed, node.body.reward.program, ep, Bytes("sip:a.b;transport=ws"),
                                            lists, Bytes("+1"), node.node_sig}));

    // presence_proof: has_owner_sig byte, then the optional signature.
    const PresenceProof pres = MakePresence(true);
    const auto pres_bytes = EncodePayload(pres);
    const size_t body_size = 1 + pres.body.handle.size() + 32 + 4 + 32;
    BOOST_REQUIRE_EQUAL(pres_bytes.size(), body_size + 64 + 1 + 64);
    BOOST_CHECK_EQUAL(pres_bytes[body_size + 64], 1);
    const auto pres_no = EncodePayload(MakePresence(false));
    BOOST_REQUIRE_EQUAL(pres_no.size(), body_size + 64 + 1);
    BOOST_CHECK_EQUAL(pres_no.back(), 0);

    // call_record: 32+32+32+4+4+32 body, two signatures.
    BOOST_CHECK_EQUAL(EncodePayload(MakeCall()).size(), 136u + 128u);

    // dispute: type byte first.
    const auto void_bytes = EncodePayload(MakeVoid());
    BOOST_REQUIRE_EQUAL(void_bytes.size(), 1u + 32 + 32 + 64);
    BOOST_CHECK_EQUAL(void_bytes[0], 1);
    const auto eq_bytes = EncodePayload(Dispute{MakeEquivocation()});
    BOOST_REQUIRE_EQUAL(eq_bytes.size(), 1u + 32 + 2 * (136 + 64));
    BOOST_CHECK_EQUAL(eq_bytes[0], 2);
}

BOOST_AUTO_TEST_CASE(decode_truncated_and_trailing)
{
    for (const Payload& p : AllSamples()) {
        const TxKind kind = PayloadKind(p);
        const auto bytes = EncodePayload(p);
        for (size_t n = 0; n < bytes.size(); ++n) {
            const std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + n);
            BOOST_CHECK_EQUAL(ErrName(DecodeCode(kind, prefix)), ErrName(DecodeError::TRUNCATED));
        }
        auto longer = bytes;
        longer.push_back(0);
        const auto d = DecodePayload(kind, longer);
        BOOST_REQUIRE(!d);
        BOOST_CHECK_EQUAL(ErrName(d.failure().code), ErrName(DecodeError::TRAILING_DATA));
        BOOST_CHECK_EQUAL(d.failure().offset, bytes.size());
    }
}

BOOST_AUTO_TEST_CASE(decode_non_canonical_size)
{
    // A handle length written as 0xfd 0x0005 instead of 0x05.
    auto bytes = EncodePayload(MakeRegister());
    bytes[0] = 0xfd;
    bytes.insert(bytes.begin() + 1, {0x05, 0x00});
    BOOST_CHECK_EQUAL(ErrName(DecodeCode(TxKind::HANDLE_REGISTER, bytes)), ErrName(DecodeError::NON_CANONICAL_SIZE));
    // A list count written non-canonically.
    NodeRegister node = MakeNode(NodeOp::DEREGISTER);
    auto nb = EncodePayload(node);
    const size_t count_at = 32 + 4 + 1 + 8 + 33; // endpoint count
    BOOST_REQUIRE_EQUAL(nb[count_at], 0);
    nb[count_at] = 0xfd;
    nb.insert(nb.begin() + count_at + 1, {0x00, 0x00});
    BOOST_CHECK_EQUAL(ErrName(DecodeCode(TxKind::NODE_REGISTER, nb)), ErrName(DecodeError::NON_CANONICAL_SIZE));
}

BOOST_AUTO_TEST_CASE(decode_size_too_large)
{
    const auto code = [](const Payload& p) { return ErrName(DecodeCode(PayloadKind(p), EncodePayload(p))); };
    const std::string ok = ErrName(DecodeError::NONE);
    const std::string too_large = ErrName(DecodeError::SIZE_TOO_LARGE);

    // Handles: 32 bytes decode, 33 do not (register, update, presence).
    BOOST_CHECK_EQUAL(code(MakeRegister(std::string(32, 'a'))), ok);
    BOOST_CHECK_EQUAL(code(MakeRegister(std::string(33, 'a'))), too_large);
    BOOST_CHECK_EQUAL(code(MakeUpdate(UPDATE_HOME, std::string(32, 'a'))), ok);
    BOOST_CHECK_EQUAL(code(MakeUpdate(UPDATE_HOME, std::string(33, 'a'))), too_large);
    PresenceProof pres = MakePresence(false);
    pres.body.handle = std::string(33, 'a');
    BOOST_CHECK_EQUAL(code(pres), too_large);

    // Strings of a node body.
    NodeRegister node = MakeNode();
    node.body.endpoints = {std::string(255, 'e')};
    BOOST_CHECK_EQUAL(code(node), ok);
    node.body.endpoints = {std::string(256, 'e')};
    BOOST_CHECK_EQUAL(code(node), too_large);
    node = MakeNode();
    node.body.domains = {std::string(253, 'd')};
    BOOST_CHECK_EQUAL(code(node), ok);
    node.body.domains = {std::string(254, 'd')};
    BOOST_CHECK_EQUAL(code(node), too_large);
    node = MakeNode();
    node.body.prefixes = {std::string(MAX_PREFIX_SIZE, '1')};
    BOOST_CHECK_EQUAL(code(node), ok);
    node.body.prefixes = {std::string(MAX_PREFIX_SIZE + 1, '1')};
    BOOST_CHECK_EQUAL(code(node), too_large);

    // List counts.
    node = MakeNode();
    node.body.endpoints.assign(MAX_ENDPOINTS, "sip:a.b;transport=udp");
    BOOST_CHECK_EQUAL(code(node), ok);
    node.body.endpoints.push_back("sip:a.b;transport=udp");
    BOOST_CHECK_EQUAL(code(node), too_large);
    node = MakeNode();
    node.body.domains.assign(MAX_DOMAINS, "a.b");
    BOOST_CHECK_EQUAL(code(node), ok);
    node.body.domains.push_back("a.b");
    BOOST_CHECK_EQUAL(code(node), too_large);
    node = MakeNode();
    node.body.prefixes.assign(MAX_PREFIXES, "+1");
    BOOST_CHECK_EQUAL(code(node), ok);
    node.body.prefixes.push_back("+1");
    BOOST_CHECK_EQUAL(code(node), too_large);

    // An allowed count with no bytes left for its elements fails before reading them.
    auto nb = EncodePayload(MakeNode(NodeOp::DEREGISTER));
    const size_t count_at = 32 + 4 + 1 + 8 + 33;
    nb.resize(count_at + 1);
    nb[count_at] = 8;
    BOOST_CHECK_EQUAL(ErrName(DecodeCode(TxKind::NODE_REGISTER, nb)), ErrName(DecodeError::TRUNCATED));
}

BOOST_AUTO_TEST_CASE(decode_invalid_value)
{
    const std::string invalid = ErrName(DecodeError::INVALID_VALUE);
    // Unknown update flag bits.
    auto upd = EncodePayload(MakeUpdate(UPDATE_RENEW));
    const size_t flags_at = 1 + 5 + 4;
    BOOST_REQUIRE_EQUAL(upd[flags_at], UPDATE_RENEW);
    for (int f : {16, 0x18, 0x80, 0xff}) {
        upd[flags_at] = static_cast<uint8_t>(f);
        BOOST_CHECK_EQUAL(ErrName(DecodeCode(TxKind::HANDLE_UPDATE, upd)), invalid);
    }
    // flags == 0 decodes (the syntax check rejects it).
    BOOST_CHECK_EQUAL(ErrName(DecodeCode(TxKind::HANDLE_UPDATE, EncodePayload(MakeUpdate(0)))), ErrName(DecodeError::NONE));

    // Node op outside 1..3.
    auto node = EncodePayload(MakeNode());
    const size_t op_at = 32 + 4;
    BOOST_REQUIRE_EQUAL(node[op_at], 1);
    for (int op : {0, 4, 0xff}) {
        auto b = node;
        b[op_at] = static_cast<uint8_t>(op);
        BOOST_CHECK_EQUAL(ErrName(DecodeCode(TxKind::NODE_REGISTER, b)), invalid);
    }
    // Unknown reward lock type.
    const size_t lock_at = 32 + 4 + 1 + 8;
    BOOST_REQUIRE_EQUAL(node[lock_at], static_cast<uint8_t>(LockType::KEY));
    for (int t : {2, 0xff}) {
        auto b = node;
        b[lock_at] = static_cast<uint8_t>(t);
        BOOST_CHECK_EQUAL(ErrName(DecodeCode(TxKind::NODE_REGISTER, b)), invalid);
    }
    // has_owner_sig outside {0,1}.
    auto pres = EncodePayload(MakePresence(false));
    pres.back() = 2;
    BOOST_CHECK_EQUAL(ErrName(DecodeCode(TxKind::PRESENCE_PROOF, pres)), invalid);
    // Dispute type outside {1,2}.
    auto disp = EncodePayload(MakeVoid());
    for (int t : {0, 3, 0xff}) {
        disp[0] = static_cast<uint8_t>(t);
        BOOST_CHECK_EQUAL(ErrName(DecodeCode(TxKind::DISPUTE, disp)), invalid);
    }
    // The offset points just after the offending field.
    const auto d = DecodePayload(TxKind::DISPUTE, disp);
    BOOST_REQUIRE(!d);
    BOOST_CHECK_EQUAL(d.failure().offset, 1u);
}

BOOST_AUTO_TEST_CASE(syntax_handles)
{
    BOOST_CHECK_EQUAL(Syntax(MakeRegister("alice")), "");
    BOOST_CHECK_EQUAL(Syntax(MakeRegister("Alice")), "bad-registry-handle");
    BOOST_CHECK_EQUAL(Syntax(MakeRegister("+0123456")), "bad-registry-handle");
    BOOST_CHECK_EQUAL(Syntax(MakeUpdate(UPDATE_HOME, "bob.x")), "");
    BOOST_CHECK_EQUAL(Syntax(MakeUpdate(UPDATE_HOME, "bo")), "bad-registry-handle");
    PresenceProof pres = MakePresence(false);
    BOOST_CHECK_EQUAL(Syntax(pres), "");
    pres.body.handle = "a..b";
    BOOST_CHECK_EQUAL(Syntax(pres), "bad-registry-handle");
}

BOOST_AUTO_TEST_CASE(syntax_update_flags)
{
    for (int f = 1; f <= UPDATE_ALL_FLAGS; ++f) BOOST_CHECK_EQUAL(Syntax(MakeUpdate(static_cast<uint8_t>(f))), "");
    BOOST_CHECK_EQUAL(Syntax(MakeUpdate(0)), "bad-registry-update-flags");
    // Owner keys must be on the curve (x = 0 is not): a handle owned by one could never change.
    HandleRegister unowned = MakeRegister("alice");
    unowned.owner = Key{};
    BOOST_CHECK_EQUAL(Syntax(unowned), "bad-registry-owner");
    HandleUpdate to_nobody = MakeUpdate(UPDATE_OWNER);
    to_nobody.body.new_owner = Key{};
    BOOST_CHECK_EQUAL(Syntax(to_nobody), "bad-registry-owner");
    BOOST_CHECK_EQUAL(Syntax(MakeRegister("alice")), "");
    BOOST_CHECK_EQUAL(Syntax(MakeUpdate(UPDATE_OWNER)), "");
    HandleUpdate bad = MakeUpdate(UPDATE_HOME);
    bad.body.flags = 0x11; // not decodable, but constructed directly
    BOOST_CHECK_EQUAL(Syntax(bad), "bad-registry-update-flags");
}

BOOST_AUTO_TEST_CASE(syntax_node_fields)
{
    NodeRegister n = MakeNode(NodeOp::REGISTER);
    BOOST_CHECK_EQUAL(Syntax(n), "");
    n.body.bond = 1;
    BOOST_CHECK_EQUAL(Syntax(n), ""); // the minimum bond is a state rule
    n.body.bond = 0;
    BOOST_CHECK_EQUAL(Syntax(n), "bad-registry-node-fields");
    n.body.bond = -1;
    BOOST_CHECK_EQUAL(Syntax(n), "bad-registry-node-fields");
    n.body.bond = MAX_MONEY;
    BOOST_CHECK_EQUAL(Syntax(n), "");
    n.body.bond = MAX_MONEY + 1;
    BOOST_CHECK_EQUAL(Syntax(n), "bad-registry-node-fields");

    n = MakeNode(NodeOp::UPDATE);
    BOOST_CHECK_EQUAL(Syntax(n), "");
    n.body.bond = 1;
    BOOST_CHECK_EQUAL(Syntax(n), "bad-registry-node-fields");
    n.body.bond = -1;
    BOOST_CHECK_EQUAL(Syntax(n), "bad-registry-node-fields");

    n = MakeNode(NodeOp::DEREGISTER);
    BOOST_CHECK_EQUAL(Syntax(n), "");
    n.body.bond = 5;
    BOOST_CHECK_EQUAL(Syntax(n), "bad-registry-node-fields");
    n = MakeNode(NodeOp::DEREGISTER);
    n.body.endpoints = {"sip:a.b;transport=udp"};
    BOOST_CHECK_EQUAL(Syntax(n), "bad-registry-node-fields");
    n = MakeNode(NodeOp::DEREGISTER);
    n.body.domains = {"a.b"};
    BOOST_CHECK_EQUAL(Syntax(n), "bad-registry-node-fields");
    n = MakeNode(NodeOp::DEREGISTER);
    n.body.prefixes = {"+1"};
    BOOST_CHECK_EQUAL(Syntax(n), "bad-registry-node-fields");

    n = MakeNode(NodeOp::REGISTER);
    n.body.op = static_cast<NodeOp>(4); // constructed directly
    BOOST_CHECK_EQUAL(Syntax(n), "bad-registry-node-fields");
    n = MakeNode(NodeOp::REGISTER);
    n.body.reward.type = static_cast<LockType>(7);
    BOOST_CHECK_EQUAL(Syntax(n), "bad-registry-node-fields");
}

BOOST_AUTO_TEST_CASE(syntax_node_lists)
{
    for (NodeOp op : {NodeOp::REGISTER, NodeOp::UPDATE}) {
        NodeRegister n = MakeNode(op);
        n.body.endpoints.clear();
        BOOST_CHECK_EQUAL(Syntax(n), "bad-registry-endpoint");
        n.body.endpoints.assign(MAX_ENDPOINTS, "sip:a.b;transport=udp");
        BOOST_CHECK_EQUAL(Syntax(n), "");
        n.body.endpoints.push_back("sip:a.b;transport=udp");
        BOOST_CHECK_EQUAL(Syntax(n), "bad-registry-endpoint");
        n = MakeNode(op);
        n.body.endpoints.push_back("SIP:a.b;transport=udp");
        BOOST_CHECK_EQUAL(Syntax(n), "bad-registry-endpoint");

        n = MakeNode(op);
        n.body.domains.clear();
        BOOST_CHECK_EQUAL(Syntax(n), ""); // domains and prefixes may be empty
        n.body.domains.assign(MAX_DOMAINS, "a.b");
        BOOST_CHECK_EQUAL(Syntax(n), "");
        n.body.domains.push_back("a.b");
        BOOST_CHECK_EQUAL(Syntax(n), "bad-registry-domain");
        n = MakeNode(op);
        n.body.domains = {"localhost"};
        BOOST_CHECK_EQUAL(Syntax(n), "bad-registry-domain");

        n = MakeNode(op);
        n.body.prefixes.clear();
        BOOST_CHECK_EQUAL(Syntax(n), "");
        n.body.prefixes.assign(MAX_PREFIXES, "+1");
        BOOST_CHECK_EQUAL(Syntax(n), "");
        n.body.prefixes.push_back("+1");
        BOOST_CHECK_EQUAL(Syntax(n), "bad-registry-prefix");
        n = MakeNode(op);
        n.body.prefixes = {"+49", "49"};
        BOOST_CHECK_EQUAL(Syntax(n), "bad-registry-prefix");
    }
}

BOOST_AUTO_TEST_CASE(syntax_calls_and_disputes)
{
    CallRecord call = MakeCall();
    BOOST_CHECK_EQUAL(Syntax(call), "");
    call.body.term = call.body.orig;
    BOOST_CHECK_EQUAL(Syntax(call), "bad-registry-call-nodes");

    BOOST_CHECK_EQUAL(Syntax(MakeVoid()), "");
    BOOST_CHECK_EQUAL(Syntax(HandleCommit{}), "");

    // Equivocation: node originating in both, terminating in both, or one of each.
    Equivocation e = MakeEquivocation();
    BOOST_CHECK_EQUAL(Syntax(Dispute{e}), "");
    e.node = e.a.term;
    BOOST_CHECK_EQUAL(Syntax(Dispute{e}), "");
    e = MakeEquivocation();
    std::swap(e.b.orig, e.b.term);
    BOOST_CHECK_EQUAL(Syntax(Dispute{e}), "");

    // Two equal bodies are no equivocation (even with different signatures).
    e = MakeEquivocation();
    e.b = e.a;
    BOOST_CHECK_EQUAL(Syntax(Dispute{e}), "bad-registry-dispute");
    // Other call ids.
    e = MakeEquivocation();
    e.b.call_id = HashOf(0x99);
    BOOST_CHECK_EQUAL(Syntax(Dispute{e}), "bad-registry-dispute");
    // Node absent from one body or from both.
    e = MakeEquivocation();
    e.b.orig = KeyOf(0x90);
    BOOST_CHECK_EQUAL(Syntax(Dispute{e}), "bad-registry-dispute");
    e = MakeEquivocation();
    e.a.orig = KeyOf(0x90);
    BOOST_CHECK_EQUAL(Syntax(Dispute{e}), "bad-registry-dispute");
    e = MakeEquivocation();
    e.node = KeyOf(0x90);
    BOOST_CHECK_EQUAL(Syntax(Dispute{e}), "bad-registry-dispute");
    // A body between a node and itself.
    e = MakeEquivocation();
    e.b.term = e.b.orig;
    BOOST_CHECK_EQUAL(Syntax(Dispute{e}), "bad-registry-call-nodes");
}

BOOST_AUTO_TEST_CASE(classify_handle)
{
    const std::vector<std::pair<std::string, HandleClass>> cases{
        {"abc", HandleClass::NAME},
        {"alice", HandleClass::NAME},
        {"a.b", HandleClass::NAME},
        {"a-b_c.d", HandleClass::NAME},
        {"007", HandleClass::NAME},
        {"0ab", HandleClass::NAME},
        {std::string(32, 'z'), HandleClass::NAME},
        {"+1234567", HandleClass::E164},
        {"+4915112345678", HandleClass::E164},
        {"+123456789012345", HandleClass::E164}, // 15 digits
        {"", HandleClass::INVALID},
        {"ab", HandleClass::INVALID},                  // 2 chars
        {std::string(33, 'z'), HandleClass::INVALID}, // 33 chars
        {"Alice", HandleClass::INVALID},
        {"alicE", HandleClass::INVALID},
        {"a..b", HandleClass::INVALID},
        {"a.-b", HandleClass::INVALID},
        {"a_-b", HandleClass::INVALID},
        {"ab-", HandleClass::INVALID},
        {"ab.", HandleClass::INVALID},
        {"ab_", HandleClass::INVALID},
        {"-ab", HandleClass::INVALID},
        {".ab", HandleClass::INVALID},
        {"_ab", HandleClass::INVALID},
        {"al ce", HandleClass::INVALID},
        {"al@ce", HandleClass::INVALID},
        {"al+ce", HandleClass::INVALID},
        {std::string("ab\0c", 4), HandleClass::INVALID},
        {"+0123456", HandleClass::INVALID},          // leading 0
        {"+123456", HandleClass::INVALID},           // 6 digits
        {"+1234567890123456", HandleClass::INVALID}, // 16 digits
        {"+", HandleClass::INVALID},
        {"++1234567", HandleClass::INVALID},
        {"+12345a7", HandleClass::INVALID},
        {"+1234 567", HandleClass::INVALID},
        {"1234567", HandleClass::NAME}, // digits without '+' are a name
    };
    for (const auto& [handle, expected] : cases) {
        BOOST_CHECK_MESSAGE(ClassifyHandle(handle) == expected, "handle '" << handle << "'");
    }
}

BOOST_AUTO_TEST_CASE(handle_fee)
{
    const RegistryParams main_params = GetConsensusParams("main").registry;
    const RegistryParams& regtest = GetConsensusParams("regtest").registry;
    for (const RegistryParams* p : {&main_params, &regtest}) {
        BOOST_CHECK(HandleFee("abc", *p) == p->fee_name3);
        BOOST_CHECK(HandleFee("abcd", *p) == p->fee_name4);
        BOOST_CHECK(HandleFee("abcde", *p) == p->fee_name5to7);
        BOOST_CHECK(HandleFee("abcdefg", *p) == p->fee_name5to7);
        BOOST_CHECK(HandleFee("abcdefgh", *p) == p->fee_name8plus);
        BOOST_CHECK(HandleFee(std::string(32, 'a'), *p) == p->fee_name8plus);
        BOOST_CHECK(HandleFee("+1234567", *p) == p->fee_e164);
        BOOST_CHECK(HandleFee("+123456789012345", *p) == p->fee_e164);
        BOOST_CHECK(!HandleFee("ab", *p));
        BOOST_CHECK(!HandleFee("+123456", *p));
        BOOST_CHECK(!HandleFee("ABC", *p));
    }
    // The table of doc/registry.md.
    BOOST_CHECK(HandleFee("abc", main_params) == 100 * COIN);
    BOOST_CHECK(HandleFee("abcd", main_params) == 10 * COIN);
    BOOST_CHECK(HandleFee("abcde", main_params) == COIN);
    BOOST_CHECK(HandleFee("abcdefgh", main_params) == COIN / 10);
    BOOST_CHECK(HandleFee("+1234567", main_params) == COIN);
}

BOOST_AUTO_TEST_CASE(endpoints)
{
    const std::vector<std::string> good{
        "sip:example.org;transport=udp",
        "sips:example.org;transport=tls",
        "sip:gw.example.org:5060;transport=tcp",
        "sip:gw.example.org:1;transport=ws",
        "sip:gw.example.org:65535;transport=wss",
        "sip:localhost;transport=udp",
        "sip:a-b.c0;transport=udp",
        "sip:192.0.2.1;transport=udp",
        "sip:0.0.0.0:5060;transport=udp",
        "sip:255.255.255.255;transport=udp",
        "sip:[2001:db8::1];transport=udp",
        "sip:[::1]:5061;transport=tls",
        "sip:[::ffff:192.0.2.1];transport=udp",
        "sip:[1:2:3:4:5:6:7:8];transport=udp",
        "sip:[1:2:3:4:5:6:7::];transport=udp",
        "sip:[::];transport=udp",
        "sip:host.example.com1;transport=udp",   // a TLD with a digit but not all digits
        "sip:" + std::string(63, 'a') + ".org;transport=udp",
    };
    const std::vector<std::string> bad{
        "",
        "sip:example.org",                       // no transport
        "sip:example.org;transport=",            // empty transport
        "sip:example.org;transport=sctp",        // unknown transport
        "sip:example.org;transport=UDP",         // upper case
        "sip:example.org;transport=udp;lr",      // anything more
        "sip:example.org;lr;transport=udp",
        "sip:example.org;transport=udp;transport=udp",
        "SIP:example.org;transport=udp",         // upper-case scheme
        "sip:Example.org;transport=udp",         // upper-case host
        "tel:example.org;transport=udp",
        "sip:;transport=udp",                    // no host
        "sip:alice@example.org;transport=udp",   // user part
        "sip:example.org.;transport=udp",        // trailing dot
        "sip:.example.org;transport=udp",
        "sip:example..org;transport=udp",
        "sip:-example.org;transport=udp",
        "sip:example-.org;transport=udp",
        "sip:ex_ample.org;transport=udp",
        "sip:" + std::string(64, 'a') + ".org;transport=udp", // label of 64
        "sip:example.org:;transport=udp",        // empty port
        "sip:example.org:0;transport=udp",
        "sip:example.org:05060;transport=udp",   // leading zero
        "sip:example.org:65536;transport=udp",
        "sip:example.org:999999;transport=udp",
        "sip:example.org:50a;transport=udp",
        "sip:example.org:5060:5060;transport=udp",
        "sip:[2001:db8::1;transport=udp",        // unclosed bracket
        "sip:[];transport=udp",
        "sip:[:];transport=udp",                 // too short
        "sip:[2001:DB8::1];transport=udp",       // upper-case hex
        "sip:[2001:db8::g];transport=udp",
        "sip:[1234];transport=udp",              // no colons
        "sip:[2001:db8::1]5060;transport=udp",
        "sip:[2001:db8::1]:;transport=udp",
        "sip:[2001:db8::1]:0;transport=udp",
        "sip:[" + std::string(40, ':') + "];transport=udp", // 40 chars
        "sip:2001:db8::1;transport=udp",         // unbracketed IPv6
        "sip:999.1.1.1;transport=udp",           // all-digit labels: neither a name nor an IPv4
        "sip:01.2.3.4;transport=udp",
        "sip:1.2.3;transport=udp",
        "sip:1.2.3.4.5;transport=udp",
        "sip:[:::::::];transport=udp",           // more than one "::"
        "sip:[1::2::3];transport=udp",
        "sip:[1:2:3:4:5:6:7:8:9];transport=udp", // nine groups
        "sip:[1:2:3:4:5:6:7];transport=udp",     // seven groups without "::"
        "sip:[1:2:3:4:5:6:7:8::];transport=udp", // eight groups and "::"
        "sip:[12345::1];transport=udp",          // five hex digits
        "sip:[::1.2.3.4.5];transport=udp",
        "sip:[1.2.3.4::1];transport=udp",        // IPv4 part not last
        "sip: example.org;transport=udp",
        "sip:example.org ;transport=udp",
    };
    for (const auto& e : good) BOOST_CHECK_MESSAGE(IsValidEndpoint(e), "expected valid: " << e);
    for (const auto& e : bad) BOOST_CHECK_MESSAGE(!IsValidEndpoint(e), "expected invalid: " << e);

    // Length: at most 255 bytes.
    const std::string head = "sip:";
    const std::string tail = ".org;transport=udp";
    std::string host;
    while (head.size() + host.size() + tail.size() < 255) host += host.size() % 64 == 63 ? '.' : 'a';
    BOOST_REQUIRE_EQUAL((head + host + tail).size(), 255u);
    BOOST_CHECK(IsValidEndpoint(head + host + tail));
    BOOST_CHECK(!IsValidEndpoint(head + host + "a" + tail));
}

BOOST_AUTO_TEST_CASE(domains_and_prefixes)
{
    const std::vector<std::string> good_domains{"example.org", "a.b", "x-1.example.co", "1.2.3.a4", std::string(63, 'a') + ".b"};
    for (const auto& d : good_domains) {
        BOOST_CHECK_MESSAGE(IsValidDomain(d), "expected valid: " << d);
    }
    const std::vector<std::string> bad_domains{"", "localhost", ".", "a.", ".a", "a..b", "1.2.3.4", "example.123", "Example.org", "-a.b", "a-.b",
                                               "a_b.c", "a.b:5060", "a b.c", std::string(64, 'a') + ".b"};
    for (const auto& d : bad_domains) {
        BOOST_CHECK_MESSAGE(!IsValidDomain(d), "expected invalid: " << d);
    }
    // 253 bytes valid, 254 not.
    std::string d;
    while (d.size() < 253) d += d.size() % 64 == 63 ? '.' : 'a';
    BOOST_REQUIRE_EQUAL(d.size(), 253u);
    BOOST_CHECK(IsValidDomain(d));
    BOOST_CHECK(!IsValidDomain(d + "a"));

    for (const std::string_view p : {"+1", "+0", "+49", "+4930", "+123456789012345"}) {
        BOOST_CHECK_MESSAGE(IsValidPrefix(p), "expected valid: " << p);
    }
    for (const std::string_view p : {"", "+", "1", "49", "+1234567890123456", "++1", "+1a", "+ 1", "+1-2", "-1"}) {
        BOOST_CHECK_MESSAGE(!IsValidPrefix(p), "expected invalid: " << p);
    }
}

BOOST_AUTO_TEST_CASE(messages_are_tagged_body_bytes)
{
    const uint256 genesis = GetConsensusParams("regtest").genesis_hash;
    const auto expect = [&](std::string_view tag, std::span<const uint8_t> body) {
        return uint256{TaggedHash(tag, Cat({genesis.span(), body}))};
    };
    // The body is exactly the payload's prefix before the signatures.
    const HandleUpdate upd = MakeUpdate(UPDATE_ALL_FLAGS);
    const auto ub = EncodePayload(upd);
    BOOST_CHECK(HandleUpdateMessage(upd.body, genesis) == expect("DOTS/HandleUpdate", std::span{ub}.first(ub.size() - 64)));
    const NodeRegister node = MakeNode();
    const auto nb = EncodePayload(node);
    BOOST_CHECK(NodeRegisterMessage(node.body, genesis) == expect("DOTS/NodeRegister", std::span{nb}.first(nb.size() - 64)));
    const PresenceProof pres = MakePresence(true);
    const auto pb = EncodePayload(pres);
    BOOST_CHECK(PresenceMessage(pres.body, genesis) == expect("DOTS/Presence", std::span{pb}.first(pb.size() - 64 - 1 - 64)));
    const CallRecord call = MakeCall();
    const auto cb = EncodePayload(call);
    BOOST_CHECK(CallRecordMessage(call.body, genesis) == expect("DOTS/CallRecord", std::span{cb}.first(cb.size() - 128)));
    const CallVoid v = std::get<CallVoid>(MakeVoid());
    const auto vb = EncodePayload(Dispute{v});
    BOOST_CHECK(CallVoidMessage(v.call_id, v.node, genesis) == expect("DOTS/CallVoid", std::span{vb}.subspan(1, 64)));
    // Commitment: the handle_register payload is exactly str(handle) || salt || owner.
    const HandleRegister reg = MakeRegister();
    BOOST_CHECK(HandleCommitment(reg.handle, reg.salt, reg.owner) == uint256{TaggedHash("DOTS/HandleCommit", EncodePayload(reg))});
    BOOST_CHECK(HandleCommitment("alicf", reg.salt, reg.owner) != HandleCommitment(reg.handle, reg.salt, reg.owner));
    // The genesis hash binds the message to one network.
    BOOST_CHECK(HandleUpdateMessage(upd.body, genesis) != HandleUpdateMessage(upd.body, uint256{}));
}

BOOST_AUTO_TEST_CASE(signed_statements_verify)
{
    const uint256 genesis = GetConsensusParams("regtest").genesis_hash;
    const uint256 other_genesis = GetConsensusParams("main").genesis_hash;
    BOOST_REQUIRE(genesis != other_genesis);
    const CKey key = CKey::Generate();
    const XOnlyPubKey xonly = key.GetXOnlyPubKey();
    Key pub;
    std::copy(xonly.bytes().begin(), xonly.bytes().end(), pub.begin());
    const auto sign = [&](const uint256& msg) {
        const auto s = key.Sign(msg.span());
        BOOST_REQUIRE(s);
        Sig sig;
        std::copy(s->begin(), s->end(), sig.begin());
        return sig;
    };

    // A node statement: sign, verify, then tamper.
    NodeRegister node = MakeNode();
    node.body.node = pub;
    node.node_sig = sign(NodeRegisterMessage(node.body, genesis));
    BOOST_CHECK(VerifyStatement(pub, NodeRegisterMessage(node.body, genesis), node.node_sig));
    BOOST_CHECK(!VerifyStatement(pub, NodeRegisterMessage(node.body, other_genesis), node.node_sig));
    const auto bytes = EncodePayload(node);
    const auto dec = DecodePayload(TxKind::NODE_REGISTER, bytes);
    BOOST_REQUIRE(dec);
    const auto& dn = std::get<NodeRegister>(*dec);
    BOOST_CHECK(VerifyStatement(dn.body.node, NodeRegisterMessage(dn.body, genesis), dn.node_sig));
    // Flip each byte of the seq and the bond (a flipped byte elsewhere may not decode or
    // may move the key): the signature must fail.
    for (size_t i = 32; i < 32 + 4 + 1 + 8; ++i) {
        if (i == 36) continue; // op: flipping it does not decode
        auto flipped = bytes;
        flipped[i] ^= 0x01;
        const auto f = DecodePayload(TxKind::NODE_REGISTER, flipped);
        BOOST_REQUIRE(f);
        const auto& fn = std::get<NodeRegister>(*f);
        BOOST_CHECK(!VerifyStatement(fn.body.node, NodeRegisterMessage(fn.body, genesis), fn.node_sig));
    }
    // A flipped character of the last prefix ("+4930" -> "+4931").
    auto flipped = bytes;
    BOOST_REQUIRE_EQUAL(flipped[bytes.size() - 64 - 1], '0');
    flipped[bytes.size() - 64 - 1] ^= 0x01;
    const auto f = DecodePayload(TxKind::NODE_REGISTER, flipped);
    BOOST_REQUIRE(f);
    BOOST_CHECK(!VerifyStatement(pub, NodeRegisterMessage(std::get<NodeRegister>(*f).body, genesis), node.node_sig));

    // Every statement kind with its own tag.
    HandleUpdate upd = MakeUpdate();
    upd.owner_sig = sign(HandleUpdateMessage(upd.body, genesis));
    BOOST_CHECK(VerifyStatement(pub, HandleUpdateMessage(upd.body, genesis), upd.owner_sig));
    BOOST_CHECK(!VerifyStatement(pub, HandleUpdateMessage(upd.body, other_genesis), upd.owner_sig));
    upd.body.seq ^= 1;
    BOOST_CHECK(!VerifyStatement(pub, HandleUpdateMessage(upd.body, genesis), upd.owner_sig));

    PresenceProof pres = MakePresence(false);
    pres.node_sig = sign(PresenceMessage(pres.body, genesis));
    BOOST_CHECK(VerifyStatement(pub, PresenceMessage(pres.body, genesis), pres.node_sig));
    BOOST_CHECK(!VerifyStatement(pub, PresenceMessage(pres.body, other_genesis), pres.node_sig));
    pres.body.anchor_hash.data()[0] ^= 1;
    BOOST_CHECK(!VerifyStatement(pub, PresenceMessage(pres.body, genesis), pres.node_sig));

    CallRecord call = MakeCall();
    call.orig_sig = sign(CallRecordMessage(call.body, genesis));
    BOOST_CHECK(VerifyStatement(pub, CallRecordMessage(call.body, genesis), call.orig_sig));
    BOOST_CHECK(!VerifyStatement(pub, CallRecordMessage(call.body, other_genesis), call.orig_sig));
    call.body.duration ^= 1;
    BOOST_CHECK(!VerifyStatement(pub, CallRecordMessage(call.body, genesis), call.orig_sig));

    CallVoid v = std::get<CallVoid>(MakeVoid());
    v.node = pub;
    v.sig = sign(CallVoidMessage(v.call_id, v.node, genesis));
    BOOST_CHECK(VerifyStatement(pub, CallVoidMessage(v.call_id, v.node, genesis), v.sig));
    BOOST_CHECK(!VerifyStatement(pub, CallVoidMessage(v.call_id, v.node, other_genesis), v.sig));
    v.call_id.data()[5] ^= 1;
    BOOST_CHECK(!VerifyStatement(pub, CallVoidMessage(v.call_id, v.node, genesis), v.sig));

    // A signature for one tag does not verify under another, even over the same body bytes.
    const uint256 call_msg = CallRecordMessage(MakeCall().body, genesis);
    const Sig call_sig = sign(call_msg);
    BOOST_CHECK(VerifyStatement(pub, call_msg, call_sig));
    BOOST_CHECK(!VerifyStatement(pub, uint256{TaggedHash("DOTS/Presence", Cat({genesis.span(), EncodePayload(MakeCall())}))}, call_sig));
    // Keys that are not on the curve, and other keys, fail.
    BOOST_CHECK(!VerifyStatement(Key{}, call_msg, call_sig));
    BOOST_CHECK(!VerifyStatement(KeyOf(0x42), call_msg, call_sig));
}

BOOST_AUTO_TEST_CASE(locked_value)
{
    const RegistryParams& p = GetConsensusParams("regtest").registry;
    const auto locked = [&](const CMutableTransaction& tx) { return GetRegistryLockedValue(CTransaction{tx}, p); };

    BOOST_CHECK_EQUAL(locked(MakeRegistryTx(MakeRegister("abc"))), p.fee_name3);
    BOOST_CHECK_EQUAL(locked(MakeRegistryTx(MakeRegister("abcdefgh"))), p.fee_name8plus);
    BOOST_CHECK_EQUAL(locked(MakeRegistryTx(MakeRegister("+4915112345678"))), p.fee_e164);
    BOOST_CHECK_EQUAL(locked(MakeRegistryTx(MakeRegister("ABC"))), 0);
    BOOST_CHECK_EQUAL(locked(MakeRegistryTx(MakeUpdate(UPDATE_RENEW, "abcd"))), p.fee_name4);
    BOOST_CHECK_EQUAL(locked(MakeRegistryTx(MakeUpdate(UPDATE_ALL_FLAGS, "abcde"))), p.fee_name5to7);
    BOOST_CHECK_EQUAL(locked(MakeRegistryTx(MakeUpdate(UPDATE_HOME | UPDATE_OWNER, "abcd"))), 0);
    BOOST_CHECK_EQUAL(locked(MakeRegistryTx(MakeUpdate(UPDATE_RENEW, "ab"))), 0);

    NodeRegister node = MakeNode(NodeOp::REGISTER);
    node.body.bond = 7 * COIN;
    BOOST_CHECK_EQUAL(locked(MakeRegistryTx(node)), 7 * COIN);
    node.body.bond = -5;
    BOOST_CHECK_EQUAL(locked(MakeRegistryTx(node)), 0);
    node = MakeNode(NodeOp::UPDATE);
    node.body.bond = 7 * COIN; // invalid, but an update never locks
    BOOST_CHECK_EQUAL(locked(MakeRegistryTx(node)), 0);
    BOOST_CHECK_EQUAL(locked(MakeRegistryTx(MakeNode(NodeOp::DEREGISTER))), 0);

    BOOST_CHECK_EQUAL(locked(MakeRegistryTx(HandleCommit{HashOf(1)})), 0);
    BOOST_CHECK_EQUAL(locked(MakeRegistryTx(MakePresence(true))), 0);
    BOOST_CHECK_EQUAL(locked(MakeRegistryTx(MakeCall())), 0);
    BOOST_CHECK_EQUAL(locked(MakeRegistryTx(MakeVoid())), 0);

    // Undecodable payloads and non-registry kinds lock nothing.
    CMutableTransaction bad = MakeRegistryTx(MakeRegister("abc"));
    bad.payload.push_back(0);
    BOOST_CHECK_EQUAL(locked(bad), 0);
    bad = MakeRegistryTx(MakeNode());
    bad.payload.pop_back();
    BOOST_CHECK_EQUAL(locked(bad), 0);
    CMutableTransaction transfer = MakeRegistryTx(MakeRegister("abc"));
    transfer.kind = TxKind::TRANSFER;
    BOOST_CHECK_EQUAL(locked(transfer), 0);
}

BOOST_AUTO_TEST_CASE(check_transaction_applies_payload_rules)
{
    for (const Payload& p : AllSamples()) {
        BOOST_CHECK_EQUAL(TxReject(MakeRegistryTx(p)), "");
    }
    std::string debug;
    CMutableTransaction tx = MakeRegistryTx(MakeCall());
    tx.payload.pop_back();
    BOOST_CHECK_EQUAL(TxReject(tx, &debug), "bad-registry-payload");
    BOOST_CHECK_MESSAGE(debug.find("truncated") != std::string::npos, debug);
    tx = MakeRegistryTx(MakeCall());
    tx.payload.push_back(0);
    BOOST_CHECK_EQUAL(TxReject(tx, &debug), "bad-registry-payload");
    BOOST_CHECK_MESSAGE(debug.find("trailing") != std::string::npos && debug.find("264") != std::string::npos, debug);
    tx = MakeRegistryTx(MakeCall());
    tx.payload.clear();
    BOOST_CHECK_EQUAL(TxReject(tx), "bad-registry-payload");
    tx.kind = TxKind::HANDLE_COMMIT;
    BOOST_CHECK_EQUAL(TxReject(tx), "bad-registry-payload");

    BOOST_CHECK_EQUAL(TxReject(MakeRegistryTx(MakeRegister("Alice"))), "bad-registry-handle");
    BOOST_CHECK_EQUAL(TxReject(MakeRegistryTx(MakeUpdate(0))), "bad-registry-update-flags");
    NodeRegister node = MakeNode();
    node.body.bond = -1;
    BOOST_CHECK_EQUAL(TxReject(MakeRegistryTx(node)), "bad-registry-node-fields");
    CallRecord call = MakeCall();
    call.body.term = call.body.orig;
    BOOST_CHECK_EQUAL(TxReject(MakeRegistryTx(call)), "bad-registry-call-nodes");

    // The generic rules still come first, and transfers keep their rule.
    tx = MakeRegistryTx(MakeRegister("Alice"));
    tx.vout.clear();
    BOOST_CHECK_EQUAL(TxReject(tx), "bad-txns-vout-empty");
    tx = MakeRegistryTx(HandleCommit{});
    tx.kind = TxKind::TRANSFER;
    BOOST_CHECK_EQUAL(TxReject(tx), "bad-txns-payload");
    tx.payload.clear();
    BOOST_CHECK_EQUAL(TxReject(tx), "");
}

BOOST_AUTO_TEST_SUITE_END()
