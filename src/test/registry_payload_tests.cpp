// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Registry payloads (consensus/registry_payload.h, doc/registry.md "Wire formats" and "Syntax
// rules"): strict decoding and encoding of every kind, the exact byte layout, every syntax reject
// reason, voucher amounts in 128 bits, the signed messages, the value a transaction moves into or
// out of the registry, and what CheckTransaction and GetSigCheckCount make of registry kinds.

#include <consensus/params.h>
#include <consensus/registry_payload.h>
#include <consensus/tx_check.h>
#include <consensus/validation_state.h>
#include <crypto/sha256.h>
#include <crypto/tagged_hash.h>
#include <primitives/transaction.h>
#include <util/strencodings.h>

#include <test/util/registry.h>

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace consensus;
using test::TestHash;

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

HandleUpdate MakeUpdate(uint8_t flags = UPDATE_HOME | UPDATE_RENEW)
{
    HandleUpdate u;
    u.body.handle = "alice";
    u.body.owner = KeyOf(0x30);
    u.body.seq = 7;
    u.body.flags = flags;
    if (flags & UPDATE_HOME) u.body.home = KeyOf(0x31);
    if (flags & UPDATE_IDENTITY) u.body.identity = KeyOf(0x32);
    if (flags & UPDATE_OWNER) u.body.new_owner = test::TestKey{0x33}.pub;
    u.owner_sig = SigOf(0x34);
    return u;
}

NodeRegister MakeNode(NodeOp op = NodeOp::REGISTER)
{
    NodeRegister n;
    n.body.node = KeyOf(0x41);
    n.body.seq = 3;
    n.body.op = op;
    if (op != NodeOp::DEREGISTER) {
        n.body.endpoints = {"sip:gw.example.org:5060;transport=udp", "sips:gw.example.org;transport=tls"};
        n.body.domains = {"example.org"};
        n.body.prefixes = {"+49", "+4930"};
        n.body.rate = 120;
    }
    if (op == NodeOp::REGISTER) n.body.bond = 100 * COIN;
    n.node_sig = SigOf(0x43);
    return n;
}

Binding MakeBinding(bool owner_sig)
{
    Binding b;
    b.body = BindingBody{"alice", KeyOf(0x51), KeyOf(0x52), 9};
    b.node_sig = SigOf(0x53);
    if (owner_sig) b.owner_sig = SigOf(0x54);
    return b;
}

VoucherEntry MakeVoucher(uint32_t epoch, uint64_t seconds = 600, CAmount rate = 100)
{
    return VoucherEntry{epoch, seconds, rate, TestHash(epoch, 0x61), TestHash(epoch, 0x62), TestHash(epoch, 0x63), SigOf(0x64)};
}

Settlement MakeSettlement(std::vector<uint32_t> epochs = {10, 11, 33})
{
    Settlement s{KeyOf(0x65), KeyOf(0x66), {}};
    for (uint32_t e : epochs) s.vouchers.push_back(MakeVoucher(e));
    return s;
}

ProbeReceipts MakeReceipts(std::vector<uint8_t> indices = {0, 2, 8})
{
    ProbeReceipts p{KeyOf(0x71), 44, {}};
    for (uint8_t i : indices) p.receipts.push_back(ProbeReceipt{i, SigOf(static_cast<uint8_t>(0x72 + i))});
    return p;
}

std::vector<Payload> AllSamples()
{
    return {
        HandleCommit{TestHash(1)},
        HandleRegister{"alice", TestHash(2), test::TestKey{0x22}.pub},
        MakeUpdate(),
        MakeUpdate(UPDATE_IDENTITY),
        MakeUpdate(UPDATE_OWNER | UPDATE_RENEW),
        MakeNode(NodeOp::REGISTER),
        MakeNode(NodeOp::UPDATE),
        MakeNode(NodeOp::DEREGISTER),
        MakeBinding(false),
        MakeBinding(true),
        Deposit{KeyOf(0x81), KeyOf(0x82), 5 * COIN},
        MakeSettlement(),
        MakeSettlement({7}),
        MakeReceipts(),
        MakeReceipts({15}),
        DepositRelease{DepositReleaseBody{KeyOf(0x91), KeyOf(0x92), 4, COIN}, SigOf(0x93)},
        NodeWithdraw{NodeWithdrawBody{KeyOf(0xa1), 5, 2 * COIN, TestHash(9)}, SigOf(0xa2)},
    };
}

std::string Syntax(const Payload& p)
{
    const char* reason = CheckPayloadSyntax(p);
    return reason ? reason : "";
}

std::string DecodeErrorOf(TxKind kind, const std::vector<uint8_t>& bytes)
{
    const auto d = DecodePayload(kind, bytes);
    if (d) return "";
    BOOST_CHECK(d.failure().offset <= bytes.size());
    return std::string{DecodeErrorString(d.failure().code)};
}

CMutableTransaction MakeTx(const Payload& payload, bool with_input = true)
{
    CMutableTransaction tx;
    tx.kind = PayloadKind(payload);
    if (with_input) {
        CTxIn in;
        in.prevout = COutPoint{TestHash(0x99), 0};
        in.witness = {std::vector<uint8_t>(64, 0x11)};
        tx.vin.push_back(in);
    }
    tx.vout.push_back(CTxOut{COIN, OutputLock{}});
    tx.payload = EncodePayload(payload);
    return tx;
}

std::string TxReject(const CMutableTransaction& mtx)
{
    TxValidationState state;
    const bool ok = CheckTransaction(CTransaction{mtx}, test::RegtestParams(), state);
    return ok ? "" : state.GetRejectReason();
}

uint256 Tagged(std::string_view tag, std::span<const uint8_t> body)
{
    std::vector<uint8_t> msg(test::RegtestGenesis().span().begin(), test::RegtestGenesis().span().end());
    msg.insert(msg.end(), body.begin(), body.end());
    return uint256{TaggedHash(tag, msg)};
}

} // namespace

BOOST_AUTO_TEST_SUITE(registry_payload_tests)

BOOST_AUTO_TEST_CASE(kinds)
{
    for (uint16_t k = 0; k <= 13; ++k) {
        const TxKind kind = static_cast<TxKind>(k);
        BOOST_CHECK_EQUAL(IsRegistryKind(kind), k >= 2 && k <= 11);
        BOOST_CHECK_EQUAL(IsKnownTxKind(kind), k <= 11);
    }
    BOOST_CHECK(PayloadKind(HandleCommit{}) == TxKind::HANDLE_COMMIT);
    BOOST_CHECK(PayloadKind(Binding{}) == TxKind::BINDING);
    BOOST_CHECK(PayloadKind(Deposit{}) == TxKind::DEPOSIT);
    BOOST_CHECK(PayloadKind(Settlement{}) == TxKind::SETTLEMENT);
    BOOST_CHECK(PayloadKind(ProbeReceipts{}) == TxKind::PROBE_RECEIPTS);
    BOOST_CHECK(PayloadKind(DepositRelease{}) == TxKind::DEPOSIT_RELEASE);
    BOOST_CHECK(PayloadKind(NodeWithdraw{}) == TxKind::NODE_WITHDRAW);
    BOOST_CHECK_EQUAL(TxKindName(TxKind::SETTLEMENT), "settlement");
    BOOST_CHECK_EQUAL(TxKindName(TxKind::NODE_WITHDRAW), "node_withdraw");
    BOOST_CHECK_EQUAL(TxKindName(static_cast<TxKind>(12)), "unknown");
}

BOOST_AUTO_TEST_CASE(round_trip_every_type)
{
    for (const Payload& p : AllSamples()) {
        const std::vector<uint8_t> bytes = EncodePayload(p);
        const auto decoded = DecodePayload(PayloadKind(p), bytes);
        BOOST_REQUIRE_MESSAGE(decoded, "kind " << TxKindName(PayloadKind(p)));
        BOOST_CHECK(*decoded == p);
        BOOST_CHECK_EQUAL(Syntax(p), "");
    }
}

BOOST_AUTO_TEST_CASE(wire_layout)
{
    // The sizes of doc/registry.md "Wire formats" (and test_framework/registry.py).
    BOOST_CHECK_EQUAL(EncodePayload(HandleCommit{}).size(), 32u);
    const std::vector<uint8_t> upd = EncodePayload(MakeUpdate(UPDATE_HOME | UPDATE_RENEW));
    BOOST_CHECK_EQUAL(upd.size(), 6u + 32 + 4 + 1 + 32 + 64);
    BOOST_CHECK_EQUAL(upd[38], 7);  // seq, after handle and owner
    BOOST_CHECK_EQUAL(upd[42], 9);  // flags: home | renew
    const std::vector<uint8_t> node = EncodePayload(MakeNode(NodeOp::DEREGISTER));
    BOOST_CHECK_EQUAL(node.size(), 32u + 4 + 1 + 8 + 8 + 3 + 64);
    BOOST_CHECK_EQUAL(node[36], 3);
    BOOST_CHECK_EQUAL(EncodePayload(MakeBinding(false)).size(), 6u + 32 + 32 + 4 + 64 + 1);
    const std::vector<uint8_t> bind = EncodePayload(MakeBinding(true));
    BOOST_CHECK_EQUAL(bind.size(), 6u + 32 + 32 + 4 + 64 + 1 + 64);
    BOOST_CHECK_EQUAL(bind[6 + 68 + 64], 1);
    BOOST_CHECK_EQUAL(EncodePayload(Deposit{}).size(), 72u);
    const std::vector<uint8_t> settle = EncodePayload(MakeSettlement());
    BOOST_CHECK_EQUAL(settle.size(), 65u + 3 * (4 + 8 + 8 + 96 + 64));
    BOOST_CHECK_EQUAL(settle[64], 3);
    BOOST_CHECK_EQUAL(settle[65], 10); // the first voucher's epoch
    const std::vector<uint8_t> receipts = EncodePayload(MakeReceipts());
    BOOST_CHECK_EQUAL(receipts.size(), 37u + 3 * 65);
    BOOST_CHECK_EQUAL(receipts[36], 3);
    BOOST_CHECK_EQUAL(receipts[37 + 65], 2); // the second receipt's index
    BOOST_CHECK_EQUAL(EncodePayload(DepositRelease{}).size(), 76u + 64);
    BOOST_CHECK_EQUAL(EncodePayload(NodeWithdraw{}).size(), 76u + 64);
}

BOOST_AUTO_TEST_CASE(decode_truncated_and_trailing)
{
    for (const Payload& p : AllSamples()) {
        const std::vector<uint8_t> bytes = EncodePayload(p);
        for (size_t n = 0; n < bytes.size(); ++n) {
            BOOST_CHECK_MESSAGE(!DecodePayload(PayloadKind(p), std::span{bytes}.first(n)),
                                TxKindName(PayloadKind(p)) << " truncated to " << n);
        }
        std::vector<uint8_t> longer = bytes;
        longer.push_back(0);
        BOOST_CHECK_EQUAL(DecodeErrorOf(PayloadKind(p), longer), "trailing-data");
    }
}

BOOST_AUTO_TEST_CASE(decode_invalid_value)
{
    std::vector<uint8_t> bytes = EncodePayload(MakeUpdate(UPDATE_RENEW));
    bytes[42] = 0x10; // unknown flag
    BOOST_CHECK_EQUAL(DecodeErrorOf(TxKind::HANDLE_UPDATE, bytes), "invalid-value");
    for (uint8_t op : {0, 4}) {
        bytes = EncodePayload(MakeNode());
        bytes[36] = op;
        BOOST_CHECK_EQUAL(DecodeErrorOf(TxKind::NODE_REGISTER, bytes), "invalid-value");
    }
    bytes = EncodePayload(MakeBinding(false));
    bytes.back() = 2; // has_owner_sig
    BOOST_CHECK_EQUAL(DecodeErrorOf(TxKind::BINDING, bytes), "invalid-value");
    bytes = EncodePayload(MakeSettlement({1}));
    bytes[64] = 0;
    BOOST_CHECK_EQUAL(DecodeErrorOf(TxKind::SETTLEMENT, std::vector<uint8_t>(bytes.begin(), bytes.begin() + 65)), "invalid-value");
    bytes[64] = 25;
    BOOST_CHECK_EQUAL(DecodeErrorOf(TxKind::SETTLEMENT, bytes), "invalid-value");
    bytes = EncodePayload(MakeReceipts({1}));
    bytes[36] = 17;
    BOOST_CHECK_EQUAL(DecodeErrorOf(TxKind::PROBE_RECEIPTS, bytes), "invalid-value");
    // 24 vouchers and 16 receipts are the form limits.
    std::vector<uint32_t> epochs;
    for (uint32_t e = 0; e < 24; ++e) epochs.push_back(100 + e);
    BOOST_CHECK(DecodePayload(TxKind::SETTLEMENT, EncodePayload(MakeSettlement(epochs))));
    std::vector<uint8_t> indices;
    for (uint8_t i = 0; i < 16; ++i) indices.push_back(i);
    BOOST_CHECK(DecodePayload(TxKind::PROBE_RECEIPTS, EncodePayload(MakeReceipts(indices))));
}

BOOST_AUTO_TEST_CASE(syntax_handles)
{
    BOOST_CHECK_EQUAL(Syntax(HandleRegister{"+4915112345678", TestHash(2), test::TestKey{0x22}.pub}), "bad-handle-e164");
    BOOST_CHECK_EQUAL(Syntax(HandleRegister{"12345", TestHash(2), test::TestKey{0x22}.pub}), "bad-registry-handle");
    BOOST_CHECK_EQUAL(Syntax(HandleRegister{"Alice", TestHash(2), test::TestKey{0x22}.pub}), "bad-registry-handle");
    Key off_curve{};
    off_curve[31] = 5; // x = 5 is not on secp256k1
    BOOST_CHECK_EQUAL(Syntax(HandleRegister{"alice", TestHash(2), off_curve}), "bad-registry-owner");
    HandleUpdate u = MakeUpdate(UPDATE_RENEW);
    u.body.handle = "+4915112345678";
    BOOST_CHECK_EQUAL(Syntax(u), "bad-registry-handle");
    BOOST_CHECK_EQUAL(Syntax(MakeUpdate(0)), "bad-registry-update-flags");
    BOOST_CHECK_EQUAL(Syntax(MakeUpdate(UPDATE_OWNER | UPDATE_HOME)), "bad-registry-update-flags");
    BOOST_CHECK_EQUAL(Syntax(MakeUpdate(UPDATE_OWNER | UPDATE_IDENTITY)), "bad-registry-update-flags");
    u = MakeUpdate(UPDATE_OWNER);
    u.body.new_owner = off_curve;
    BOOST_CHECK_EQUAL(Syntax(u), "bad-registry-owner");
    Binding b = MakeBinding(true);
    b.body.handle = "a";
    BOOST_CHECK_EQUAL(Syntax(b), "bad-registry-handle");
}

BOOST_AUTO_TEST_CASE(syntax_nodes)
{
    NodeRegister n = MakeNode(NodeOp::REGISTER);
    n.body.bond = 0;
    BOOST_CHECK_EQUAL(Syntax(n), "bad-registry-node-fields");
    n.body.bond = MAX_MONEY + 1;
    BOOST_CHECK_EQUAL(Syntax(n), "bad-registry-node-fields");
    n = MakeNode(NodeOp::UPDATE);
    n.body.bond = 1;
    BOOST_CHECK_EQUAL(Syntax(n), "bad-registry-node-fields");
    n = MakeNode(NodeOp::UPDATE);
    n.body.rate = -1;
    BOOST_CHECK_EQUAL(Syntax(n), "bad-registry-node-fields");
    n.body.rate = MAX_MONEY + 1;
    BOOST_CHECK_EQUAL(Syntax(n), "bad-registry-node-fields");
    n = MakeNode(NodeOp::DEREGISTER);
    n.body.rate = 1;
    BOOST_CHECK_EQUAL(Syntax(n), "bad-registry-node-fields");
    n = MakeNode(NodeOp::DEREGISTER);
    n.body.prefixes = {"+1"};
    BOOST_CHECK_EQUAL(Syntax(n), "bad-registry-node-fields");
    n = MakeNode(NodeOp::UPDATE);
    n.body.endpoints.clear();
    BOOST_CHECK_EQUAL(Syntax(n), "bad-registry-endpoint");
    n = MakeNode(NodeOp::UPDATE);
    n.body.endpoints = {"sip:gw.example.org"};
    BOOST_CHECK_EQUAL(Syntax(n), "bad-registry-endpoint");
    n = MakeNode(NodeOp::UPDATE);
    n.body.domains = {"localhost"};
    BOOST_CHECK_EQUAL(Syntax(n), "bad-registry-domain");
    n = MakeNode(NodeOp::UPDATE);
    n.body.prefixes = {"+1234567"}; // 7 digits: an exact-number claim
    BOOST_CHECK_EQUAL(Syntax(n), "bad-registry-prefix");
}

BOOST_AUTO_TEST_CASE(syntax_money)
{
    BOOST_CHECK_EQUAL(Syntax(Deposit{KeyOf(1), KeyOf(1), COIN}), "bad-registry-pair");
    BOOST_CHECK_EQUAL(Syntax(Deposit{KeyOf(1), KeyOf(2), 0}), "bad-registry-amount");
    BOOST_CHECK_EQUAL(Syntax(Deposit{KeyOf(1), KeyOf(2), MAX_MONEY + 1}), "bad-registry-amount");
    BOOST_CHECK_EQUAL(Syntax(Deposit{KeyOf(1), KeyOf(2), MAX_MONEY}), "");

    Settlement s = MakeSettlement();
    s.term = s.orig;
    BOOST_CHECK_EQUAL(Syntax(s), "bad-registry-pair");
    BOOST_CHECK_EQUAL(Syntax(MakeSettlement({5, 5})), "bad-registry-voucher");  // not increasing
    BOOST_CHECK_EQUAL(Syntax(MakeSettlement({6, 5})), "bad-registry-voucher");
    BOOST_CHECK_EQUAL(Syntax(MakeSettlement({5, 29})), "bad-registry-voucher"); // spans 25 epochs
    BOOST_CHECK_EQUAL(Syntax(MakeSettlement({5, 28})), "");                     // spans 24
    s = MakeSettlement({5});
    s.vouchers[0].rate = 0; // free peering never settles: amount 0
    BOOST_CHECK_EQUAL(Syntax(s), "bad-registry-voucher");
    s.vouchers[0].rate = 100;
    s.vouchers[0].seconds = 0;
    BOOST_CHECK_EQUAL(Syntax(s), "bad-registry-voucher");
    s.vouchers[0].seconds = 1; // floor(1 * 100 / 60) = 1
    BOOST_CHECK_EQUAL(Syntax(s), "");
    s.vouchers[0].rate = 59; // floor(59 / 60) = 0
    BOOST_CHECK_EQUAL(Syntax(s), "bad-registry-voucher");
    s.vouchers[0].rate = -60;
    BOOST_CHECK_EQUAL(Syntax(s), "bad-registry-voucher");
    s.vouchers[0].seconds = UINT64_MAX;
    s.vouchers[0].rate = MAX_MONEY; // above MAX_MONEY
    BOOST_CHECK_EQUAL(Syntax(s), "bad-registry-voucher");
    s.vouchers.clear();
    BOOST_CHECK_EQUAL(Syntax(s), "bad-registry-voucher");

    BOOST_CHECK_EQUAL(Syntax(MakeReceipts({3, 3})), "bad-registry-receipts");
    BOOST_CHECK_EQUAL(Syntax(MakeReceipts({4, 3})), "bad-registry-receipts");
    BOOST_CHECK_EQUAL(Syntax(MakeReceipts({16})), "bad-registry-receipts");
    BOOST_CHECK_EQUAL(Syntax(MakeReceipts({})), "bad-registry-receipts");

    BOOST_CHECK_EQUAL(Syntax(DepositRelease{DepositReleaseBody{KeyOf(1), KeyOf(1), 1, 1}, {}}), "bad-registry-pair");
    BOOST_CHECK_EQUAL(Syntax(DepositRelease{DepositReleaseBody{KeyOf(1), KeyOf(2), 1, -1}, {}}), "bad-registry-amount");
    BOOST_CHECK_EQUAL(Syntax(DepositRelease{DepositReleaseBody{KeyOf(1), KeyOf(2), 1, 0}, {}}), ""); // cancels
    BOOST_CHECK_EQUAL(Syntax(NodeWithdraw{NodeWithdrawBody{KeyOf(1), 1, 0, {}}, {}}), "bad-registry-amount");
    BOOST_CHECK_EQUAL(Syntax(NodeWithdraw{NodeWithdrawBody{KeyOf(1), 1, MAX_MONEY + 1, {}}, {}}), "bad-registry-amount");
}

BOOST_AUTO_TEST_CASE(voucher_amount_in_128_bits)
{
    BOOST_CHECK_EQUAL(*VoucherAmount(60, 100), 100);
    BOOST_CHECK_EQUAL(*VoucherAmount(61, 100), 101);  // floor(6100 / 60)
    BOOST_CHECK_EQUAL(*VoucherAmount(59, 1), 0);
    // seconds * rate overflows 64 bits, the quotient does not.
    const uint64_t seconds = uint64_t{1} << 40;
    BOOST_CHECK_EQUAL(*VoucherAmount(seconds, 60 * 1000), static_cast<CAmount>(seconds * 1000));
    BOOST_CHECK_EQUAL(*VoucherAmount(60, MAX_MONEY), MAX_MONEY);
    BOOST_CHECK(!VoucherAmount(61, MAX_MONEY));
    BOOST_CHECK(!VoucherAmount(UINT64_MAX, MAX_MONEY));
    BOOST_CHECK(!VoucherAmount(1, -1));
}

BOOST_AUTO_TEST_CASE(messages_are_tagged_bodies)
{
    const uint256& g = test::RegtestGenesis();
    // The signed bodies are the payloads without their trailing signatures.
    const HandleUpdate u = MakeUpdate();
    std::vector<uint8_t> bytes = EncodePayload(u);
    BOOST_CHECK(HandleUpdateMessage(u.body, g) == Tagged("DOTS/HandleUpdate", std::span{bytes}.first(bytes.size() - 64)));
    const NodeRegister n = MakeNode();
    bytes = EncodePayload(n);
    BOOST_CHECK(NodeRegisterMessage(n.body, g) == Tagged("DOTS/NodeRegister", std::span{bytes}.first(bytes.size() - 64)));
    const Binding b = MakeBinding(false);
    bytes = EncodePayload(b);
    BOOST_CHECK(BindingMessage(b.body, g) == Tagged("DOTS/Binding", std::span{bytes}.first(bytes.size() - 65)));
    const DepositRelease r{DepositReleaseBody{KeyOf(0x91), KeyOf(0x92), 4, COIN}, SigOf(0x93)};
    bytes = EncodePayload(r);
    BOOST_CHECK(DepositReleaseMessage(r.body, g) == Tagged("DOTS/DepositRelease", std::span{bytes}.first(76)));
    const NodeWithdraw w{NodeWithdrawBody{KeyOf(0xa1), 5, 2 * COIN, TestHash(9)}, SigOf(0xa2)};
    bytes = EncodePayload(w);
    BOOST_CHECK(NodeWithdrawMessage(w.body, g) == Tagged("DOTS/NodeWithdraw", std::span{bytes}.first(76)));
    // A voucher signs the pair and its entry without the signature: a one-voucher settlement's
    // bytes without the count byte and the signature.
    const Settlement s = MakeSettlement({7});
    bytes = EncodePayload(s);
    std::vector<uint8_t> voucher(bytes.size() - 1 - 64);
    std::copy(bytes.begin(), bytes.begin() + 64, voucher.begin());
    std::copy(bytes.begin() + 65, bytes.end() - 64, voucher.begin() + 64);
    BOOST_CHECK(VoucherMessage(s.orig, s.term, s.vouchers[0], g) == Tagged("DOTS/Voucher", voucher));
    VoucherEntry v2 = s.vouchers[0];
    v2.term_nonce = TestHash(1);
    BOOST_CHECK(VoucherMessage(s.orig, s.term, v2, g) != VoucherMessage(s.orig, s.term, s.vouchers[0], g));
    BOOST_CHECK(VoucherMessage(s.term, s.orig, s.vouchers[0], g) != VoucherMessage(s.orig, s.term, s.vouchers[0], g));
}

BOOST_AUTO_TEST_CASE(withdraw_outputs_hash)
{
    const std::vector<CTxOut> outs{CTxOut{COIN, OutputLock::ForKey(test::TestKey{5}.priv.GetXOnlyPubKey())}, CTxOut{7, OutputLock{}}};
    const uint256 h = WithdrawOutputsHash(1, 0, outs);
    BOOST_CHECK(h != WithdrawOutputsHash(2, 0, outs));
    BOOST_CHECK(h != WithdrawOutputsHash(1, 1, outs));
    BOOST_CHECK(h != WithdrawOutputsHash(1, 0, {outs[0]}));
    std::vector<CTxOut> other = outs;
    other[1].value = 8;
    BOOST_CHECK(h != WithdrawOutputsHash(1, 0, other));
    // version || locktime || CompactSize(2) || 41-byte outputs.
    std::vector<uint8_t> msg{1, 0, 0, 0, 0, 0, 0, 0, 2};
    for (const CTxOut& out : outs) {
        ByteWriter w;
        out.Serialize(w);
        msg.insert(msg.end(), w.buffer().begin(), w.buffer().end());
    }
    BOOST_CHECK(h == uint256{TaggedHash("DOTS/WithdrawOutputs", msg)});
}

BOOST_AUTO_TEST_CASE(value_flow)
{
    const RegistryParams& p = test::RegtestParams().registry;
    const auto flow = [&](const Payload& payload) { return GetRegistryValueFlow(CTransaction{MakeTx(payload)}, p); };
    BOOST_CHECK(flow(HandleRegister{"alice", TestHash(2), KeyOf(1)}) == (RegistryValueFlow{p.fee_name5to7, 0}));
    BOOST_CHECK(flow(MakeUpdate(UPDATE_RENEW)) == (RegistryValueFlow{p.fee_name5to7, 0}));
    BOOST_CHECK(flow(MakeUpdate(UPDATE_HOME)) == (RegistryValueFlow{}));
    BOOST_CHECK(flow(MakeNode(NodeOp::REGISTER)) == (RegistryValueFlow{100 * COIN, 0}));
    BOOST_CHECK(flow(MakeNode(NodeOp::UPDATE)) == (RegistryValueFlow{}));
    BOOST_CHECK(flow(Deposit{KeyOf(1), KeyOf(2), 3 * COIN}) == (RegistryValueFlow{3 * COIN, 0}));
    BOOST_CHECK(flow(NodeWithdraw{NodeWithdrawBody{KeyOf(1), 1, 2 * COIN, {}}, {}}) == (RegistryValueFlow{0, 2 * COIN}));
    BOOST_CHECK(flow(MakeSettlement()) == (RegistryValueFlow{}));
    BOOST_CHECK(flow(HandleCommit{}) == (RegistryValueFlow{}));
    CMutableTransaction bad = MakeTx(Deposit{KeyOf(1), KeyOf(2), 3 * COIN});
    bad.payload.pop_back();
    BOOST_CHECK(GetRegistryValueFlow(CTransaction{bad}, p) == (RegistryValueFlow{}));
    CMutableTransaction transfer;
    transfer.kind = TxKind::TRANSFER;
    BOOST_CHECK(GetRegistryValueFlow(CTransaction{transfer}, p) == (RegistryValueFlow{}));
}

BOOST_AUTO_TEST_CASE(check_transaction_and_sigchecks)
{
    for (const Payload& p : AllSamples()) BOOST_CHECK_EQUAL(TxReject(MakeTx(p)), "");
    // Only a withdrawal may have no input.
    BOOST_CHECK_EQUAL(TxReject(MakeTx(NodeWithdraw{NodeWithdrawBody{KeyOf(1), 1, COIN, {}}, {}}, false)), "");
    BOOST_CHECK_EQUAL(TxReject(MakeTx(Deposit{KeyOf(1), KeyOf(2), COIN}, false)), "bad-txns-vin-empty");
    // Payload rules apply.
    CMutableTransaction tx = MakeTx(Deposit{KeyOf(1), KeyOf(2), COIN});
    tx.payload.push_back(0);
    BOOST_CHECK_EQUAL(TxReject(tx), "bad-registry-payload");
    BOOST_CHECK_EQUAL(TxReject(MakeTx(MakeSettlement({3, 3}))), "bad-registry-voucher");
    // Signature checks: one per input plus the payload's.
    const auto sigs = [](const Payload& p, bool input = true) { return GetSigCheckCount(CTransaction{MakeTx(p, input)}); };
    BOOST_CHECK_EQUAL(sigs(HandleCommit{}), 1u);
    BOOST_CHECK_EQUAL(sigs(MakeUpdate()), 2u);
    BOOST_CHECK_EQUAL(sigs(MakeNode()), 2u);
    BOOST_CHECK_EQUAL(sigs(MakeBinding(true)), 3u);
    BOOST_CHECK_EQUAL(sigs(Deposit{KeyOf(1), KeyOf(2), COIN}), 1u);
    BOOST_CHECK_EQUAL(sigs(MakeSettlement()), 4u);
    BOOST_CHECK_EQUAL(sigs(MakeReceipts({0, 1, 2, 3, 4})), 6u);
    BOOST_CHECK_EQUAL(sigs(DepositRelease{}), 2u);
    BOOST_CHECK_EQUAL(sigs(NodeWithdraw{}, false), 1u);
    // A payload too short for its count byte counts none (and is rejected by CheckTransaction).
    tx = MakeTx(MakeReceipts());
    tx.payload.resize(36);
    BOOST_CHECK_EQUAL(GetSigCheckCount(CTransaction{tx}), 1u);
}

BOOST_AUTO_TEST_CASE(signed_statements_verify)
{
    const test::TestKey owner{1}, node{2}, other{3};
    const HandleUpdate u = test::Update("alice", owner, 1, UPDATE_RENEW);
    BOOST_CHECK(VerifyStatement(owner.pub, HandleUpdateMessage(u.body, test::RegtestGenesis()), u.owner_sig));
    BOOST_CHECK(!VerifyStatement(other.pub, HandleUpdateMessage(u.body, test::RegtestGenesis()), u.owner_sig));
    // A signature on another network's genesis does not verify here.
    BOOST_CHECK(!VerifyStatement(owner.pub, HandleUpdateMessage(u.body, GetConsensusParams("main").genesis_hash), u.owner_sig));
    const VoucherEntry v = test::Voucher(node, other, 3, 600, 100);
    BOOST_CHECK(VerifyStatement(node.pub, VoucherMessage(node.pub, other.pub, v, test::RegtestGenesis()), v.orig_sig));
    Key off_curve{};
    off_curve[31] = 5;
    BOOST_CHECK(!VerifyStatement(off_curve, HandleUpdateMessage(u.body, test::RegtestGenesis()), u.owner_sig));
}

BOOST_AUTO_TEST_SUITE_END()
