// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <crypto/key.h>
#include <primitives/sighash.h>
#include <primitives/transaction.h>
#include <util/strencodings.h>

#include <boost/test/unit_test.hpp>

#include <functional>
#include <set>
#include <unordered_set>
#include <string>
#include <vector>

namespace {

/** The transaction pinned by the format regression vector below. */
CMutableTransaction PinnedTx()
{
    CMutableTransaction tx;
    tx.version = 1;
    tx.kind = TxKind::TRANSFER;
    CTxIn in;
    in.prevout.txid = uint256{std::array<uint8_t, 32>{}};
    std::fill(in.prevout.txid.begin(), in.prevout.txid.end(), 0x11);
    in.prevout.n = 2;
    in.sequence = 0xfffffffe;
    in.witness = {std::vector<uint8_t>(64, 0x33)};
    tx.vin.push_back(in);
    CTxOut out;
    out.value = 50 * COIN;
    out.lock.type = LockType::KEY_HASH;
    out.lock.program.fill(0x22);
    tx.vout.push_back(out);
    tx.locktime = 100;
    return tx;
}

/** A two-input, two-output transaction with distinct values everywhere. */
CMutableTransaction SampleTx()
{
    CMutableTransaction tx;
    tx.kind = TxKind::TRANSFER;
    for (uint8_t i = 0; i < 2; ++i) {
        CTxIn in;
        std::array<uint8_t, 32> id{};
        id.fill(static_cast<uint8_t>(0xa0 + i));
        in.prevout = COutPoint{uint256{id}, i};
        in.sequence = 0xfffffff0 + i;
        tx.vin.push_back(in);
        CTxOut out;
        out.value = (i + 1) * COIN;
        out.lock.type = i ? LockType::KEY : LockType::KEY_HASH;
        out.lock.program.fill(static_cast<uint8_t>(0xb0 + i));
        tx.vout.push_back(out);
    }
    tx.payload = {};
    tx.locktime = 7;
    return tx;
}

std::vector<CTxOut> SpentOutputs(const std::vector<XOnlyPubKey>& keys)
{
    std::vector<CTxOut> spent;
    for (size_t i = 0; i < keys.size(); ++i) {
        spent.push_back(CTxOut{static_cast<CAmount>((i + 3) * COIN), OutputLock::ForKeyHash(keys[i])});
    }
    return spent;
}

uint256 Genesis(uint8_t b)
{
    std::array<uint8_t, 32> g{};
    g.fill(b);
    return uint256{g};
}

} // namespace

BOOST_AUTO_TEST_SUITE(transaction_tests)

// Pins the wire format and the id definitions. Expected values were computed independently
// (Python hashlib) from the layout documented in transaction.h.
BOOST_AUTO_TEST_CASE(format_regression_vector)
{
    const CMutableTransaction mtx = PinnedTx();
    ByteWriter base;
    mtx.SerializeBase(base);
    BOOST_CHECK_EQUAL(HexStr(base.buffer()),
                      "0100000001000111111111111111111111111111111111111111111111111111111111111111110200"
                      "0000feffffff0100f2052a0100000000222222222222222222222222222222222222222222222222"
                      "22222222222222220064000000");
    const auto full = Encode(mtx);
    BOOST_CHECK_EQUAL(HexStr(full), HexStr(base.buffer()) + "0140" + std::string(128, '3'));
    const CTransaction tx{mtx};
    BOOST_CHECK_EQUAL(tx.GetTxid().GetHex(), "1bddd3ebd97fca4e7ad45af9dcd1ae78f697689326b505be0710236942381af4");
    BOOST_CHECK_EQUAL(tx.GetWtxid().GetHex(), "cd473aee2ba1e2f9efe32b73b58dbb860258821d86f0469875af723e71132fba");
    BOOST_CHECK(mtx.GetTxid() == tx.GetTxid());
    BOOST_CHECK_EQUAL(tx.GetTotalSize(), full.size());
}

BOOST_AUTO_TEST_CASE(round_trip)
{
    CMutableTransaction mtx = SampleTx();
    mtx.kind = TxKind::NODE_REGISTER;
    mtx.payload = {1, 2, 3};
    mtx.vin[0].witness = {std::vector<uint8_t>(32, 1), std::vector<uint8_t>(64, 2)};
    mtx.vin[1].witness = {std::vector<uint8_t>(64, 3)};
    const CTransaction tx{mtx};
    const auto bytes = Encode(tx);
    BOOST_CHECK(bytes == Encode(mtx));
    const auto dec = DecodeTransaction(bytes);
    BOOST_REQUIRE_MESSAGE(dec, DecodeErrorString(dec.failure().code) << " " << dec.failure().what);
    BOOST_CHECK(dec->GetWtxid() == tx.GetWtxid());
    BOOST_CHECK(dec->GetTxid() == tx.GetTxid());
    BOOST_CHECK(dec->vin == tx.vin);
    BOOST_CHECK(dec->vout == tx.vout);
    BOOST_CHECK(dec->payload == tx.payload);
    BOOST_CHECK(dec->kind == TxKind::NODE_REGISTER);
    BOOST_CHECK_EQUAL(dec->locktime, 7U);

    // A coinbase-shaped transaction (no inputs) round-trips too.
    CMutableTransaction cb;
    cb.kind = TxKind::COINBASE;
    cb.payload = {0x05, 0xaa};
    cb.vout.push_back(CTxOut{50 * COIN, {}});
    const auto cb_dec = DecodeTransaction(Encode(cb));
    BOOST_REQUIRE(cb_dec);
    BOOST_CHECK(cb_dec->IsCoinBase());
    BOOST_CHECK(!cb_dec->HasWitness());
}

BOOST_AUTO_TEST_CASE(txid_independent_of_signatures)
{
    CMutableTransaction mtx = SampleTx();
    const uint256 unsigned_txid = mtx.GetTxid();
    const uint256 unsigned_wtxid = mtx.GetWtxid();
    std::set<uint256> wtxids{unsigned_wtxid};
    const std::vector<Witness> witnesses{
        {std::vector<uint8_t>(64, 1)},
        {std::vector<uint8_t>(64, 2)},
        {std::vector<uint8_t>(32, 1), std::vector<uint8_t>(64, 1)},
        {{}},
    };
    for (const auto& w : witnesses) {
        mtx.vin[1].witness = w;
        BOOST_CHECK(mtx.GetTxid() == unsigned_txid);
        BOOST_CHECK(CTransaction{mtx}.GetTxid() == unsigned_txid);
        wtxids.insert(mtx.GetWtxid());
    }
    BOOST_CHECK_EQUAL(wtxids.size(), witnesses.size() + 1);
    // txid and wtxid use different tags even without witnesses.
    mtx.vin[1].witness.clear();
    BOOST_CHECK(mtx.GetTxid() != mtx.GetWtxid());
}

BOOST_AUTO_TEST_CASE(txid_commits_to_every_base_field)
{
    const CMutableTransaction base = SampleTx();
    const uint256 id = base.GetTxid();
    const std::vector<std::function<void(CMutableTransaction&)>> edits{
        [](auto& t) { t.version = 2; },
        [](auto& t) { t.kind = TxKind::HANDLE_UPDATE; },
        [](auto& t) { t.vin[0].prevout.n ^= 1; },
        [](auto& t) { t.vin[1].prevout.txid.data()[5] ^= 1; },
        [](auto& t) { t.vin[0].sequence ^= 1; },
        [](auto& t) { t.vout[0].value += 1; },
        [](auto& t) { t.vout[1].lock.type = LockType::KEY_HASH; },
        [](auto& t) { t.vout[1].lock.program[31] ^= 1; },
        [](auto& t) { t.payload.push_back(0); },
        [](auto& t) { t.locktime += 1; },
        [](auto& t) { std::swap(t.vin[0], t.vin[1]); },
        [](auto& t) { t.vout.pop_back(); },
    };
    std::set<uint256> seen{id};
    for (const auto& edit : edits) {
        CMutableTransaction t = base;
        edit(t);
        BOOST_CHECK(seen.insert(t.GetTxid()).second);
    }
}

BOOST_AUTO_TEST_CASE(decode_rejects_malformed)
{
    CMutableTransaction mtx = SampleTx();
    mtx.vin[0].witness = {std::vector<uint8_t>(64, 9)};
    const auto good = Encode(mtx);
    BOOST_REQUIRE(DecodeTransaction(good));

    for (size_t len = 0; len < good.size(); ++len) {
        const auto d = DecodeTransaction(std::span{good}.first(len));
        BOOST_CHECK(!d);
        BOOST_CHECK(d.failure().code == DecodeError::TRUNCATED);
    }
    auto trailing = good;
    trailing.push_back(0);
    BOOST_CHECK(DecodeTransaction(trailing).failure().code == DecodeError::TRAILING_DATA);

    // Non-canonical input count: 2 written as fd 02 00.
    std::vector<uint8_t> noncanon(good.begin(), good.begin() + 6);
    noncanon.insert(noncanon.end(), {0xfd, 0x02, 0x00});
    noncanon.insert(noncanon.end(), good.begin() + 7, good.end());
    BOOST_CHECK(DecodeTransaction(noncanon).failure().code == DecodeError::NON_CANONICAL_SIZE);

    // An absurd input count in a short message fails fast without allocating.
    std::vector<uint8_t> huge(good.begin(), good.begin() + 6);
    huge.insert(huge.end(), {0xfe, 0x00, 0x00, 0x00, 0x02});
    huge.resize(200, 0);
    BOOST_CHECK(!DecodeTransaction(huge));

    // Limits: payload, witness item size, witness item count, whole size.
    CMutableTransaction big = SampleTx();
    big.payload.assign(MAX_TX_PAYLOAD_SIZE, 1);
    BOOST_CHECK(DecodeTransaction(Encode(big)));
    big.payload.push_back(1);
    BOOST_CHECK(DecodeTransaction(Encode(big)).failure().code == DecodeError::SIZE_TOO_LARGE);

    CMutableTransaction wit = SampleTx();
    wit.vin[1].witness = {std::vector<uint8_t>(MAX_WITNESS_ITEM_SIZE, 1)};
    BOOST_CHECK(DecodeTransaction(Encode(wit)));
    wit.vin[1].witness = {std::vector<uint8_t>(MAX_WITNESS_ITEM_SIZE + 1, 1)};
    BOOST_CHECK(DecodeTransaction(Encode(wit)).failure().code == DecodeError::SIZE_TOO_LARGE);
    wit.vin[1].witness = Witness(MAX_WITNESS_ITEMS, std::vector<uint8_t>{1});
    BOOST_CHECK(DecodeTransaction(Encode(wit)));
    wit.vin[1].witness = Witness(MAX_WITNESS_ITEMS + 1, std::vector<uint8_t>{1});
    BOOST_CHECK(DecodeTransaction(Encode(wit)).failure().code == DecodeError::SIZE_TOO_LARGE);

    std::vector<uint8_t> too_big(MAX_TX_SIZE + 1, 0);
    BOOST_CHECK(DecodeTransaction(too_big).failure().code == DecodeError::INPUT_TOO_LARGE);
}

BOOST_AUTO_TEST_CASE(value_out_money_range)
{
    CMutableTransaction mtx = SampleTx();
    BOOST_CHECK_EQUAL(CTransaction{mtx}.GetValueOut().value_or(-1), 3 * COIN);
    mtx.vout[0].value = -1;
    BOOST_CHECK(!CTransaction{mtx}.GetValueOut());
    mtx.vout[0].value = MAX_MONEY;
    BOOST_CHECK(!CTransaction{mtx}.GetValueOut()); // sum exceeds MAX_MONEY
    mtx.vout[1].value = 0;
    BOOST_CHECK_EQUAL(CTransaction{mtx}.GetValueOut().value_or(-1), MAX_MONEY);
    BOOST_CHECK(MoneyRange(0) && MoneyRange(MAX_MONEY) && !MoneyRange(MAX_MONEY + 1) && !MoneyRange(-1));
    BOOST_CHECK_EQUAL(COIN, 100000000);
}

BOOST_AUTO_TEST_CASE(sighash_sign_and_verify_all_inputs)
{
    const std::vector<CKey> keys{CKey::Generate(), CKey::Generate()};
    std::vector<XOnlyPubKey> pubs;
    for (const auto& k : keys) pubs.push_back(k.GetXOnlyPubKey());
    const auto spent = SpentOutputs(pubs);
    const uint256 genesis = Genesis(0x42);

    CMutableTransaction mtx = SampleTx();
    const auto pre = PrecomputeTxData(mtx, spent);
    BOOST_REQUIRE(pre);
    for (size_t i = 0; i < mtx.vin.size(); ++i) {
        const auto h = SignatureHash(mtx, i, *pre, genesis);
        BOOST_REQUIRE(h);
        BOOST_CHECK(*h == *SignatureHash(mtx, i, spent, genesis));
        const auto sig = keys[i].Sign(h->span());
        BOOST_REQUIRE(sig);
        mtx.vin[i].witness = {std::vector<uint8_t>(pubs[i].bytes().begin(), pubs[i].bytes().end()),
                              std::vector<uint8_t>(sig->begin(), sig->end())};
    }
    // Adding signatures changes neither the txid nor any signature hash.
    const CTransaction tx{mtx};
    for (size_t i = 0; i < tx.vin.size(); ++i) {
        const auto h = SignatureHash(tx, i, spent, genesis);
        BOOST_REQUIRE(h);
        const auto& w = tx.vin[i].witness;
        BOOST_REQUIRE_EQUAL(w.size(), 2U);
        const XOnlyPubKey pub{std::span<const uint8_t, 32>{w[0].data(), 32}};
        BOOST_CHECK(KeyHash(pub).bytes() == spent[i].lock.program);
        BOOST_CHECK(pub.Verify(h->span(), std::span<const uint8_t, 64>{w[1].data(), 64}));
        // The signature of input i does not verify for the other input.
        const auto other = SignatureHash(tx, 1 - i, spent, genesis);
        BOOST_CHECK(!pub.Verify(other->span(), std::span<const uint8_t, 64>{w[1].data(), 64}));
    }
    // Misuse returns nullopt.
    BOOST_CHECK(!SignatureHash(tx, 2, spent, genesis));
    BOOST_CHECK(!SignatureHash(tx, 0, std::span{spent}.first(1), genesis));
    BOOST_CHECK(!PrecomputeTxData(tx, std::span<const CTxOut>{}));
}

BOOST_AUTO_TEST_CASE(sighash_commits_to_every_field)
{
    const std::vector<XOnlyPubKey> pubs{CKey::Generate().GetXOnlyPubKey(), CKey::Generate().GetXOnlyPubKey()};
    const auto base_spent = SpentOutputs(pubs);
    const CMutableTransaction base = SampleTx();
    const uint256 genesis = Genesis(0x42);
    const uint256 h0 = *SignatureHash(base, 0, base_spent, genesis);

    using Edit = std::function<void(CMutableTransaction&, std::vector<CTxOut>&)>;
    const std::vector<std::pair<const char*, Edit>> edits{
        {"version", [](auto& t, auto&) { t.version ^= 1; }},
        {"kind", [](auto& t, auto&) { t.kind = TxKind::SETTLEMENT; }},
        {"locktime", [](auto& t, auto&) { t.locktime ^= 1; }},
        {"prevout n (this input)", [](auto& t, auto&) { t.vin[0].prevout.n ^= 1; }},
        {"prevout txid (other input)", [](auto& t, auto&) { t.vin[1].prevout.txid.data()[0] ^= 1; }},
        {"sequence (other input)", [](auto& t, auto&) { t.vin[1].sequence ^= 1; }},
        {"output value", [](auto& t, auto&) { t.vout[1].value += 1; }},
        {"output lock type", [](auto& t, auto&) { t.vout[0].lock.type = LockType::KEY; }},
        {"output lock program", [](auto& t, auto&) { t.vout[0].lock.program[0] ^= 1; }},
        {"output added", [](auto& t, auto&) { t.vout.push_back(t.vout[0]); }},
        {"payload", [](auto& t, auto&) { t.payload.push_back(1); }},
        {"spent amount (this input)", [](auto&, auto& s) { s[0].value += 1; }},
        {"spent amount (other input)", [](auto&, auto& s) { s[1].value -= 1; }},
        {"spent lock (other input)", [](auto&, auto& s) { s[1].lock.program[3] ^= 1; }},
        {"spent lock type", [](auto&, auto& s) { s[0].lock.type = LockType::KEY; }},
    };
    for (const auto& [name, edit] : edits) {
        CMutableTransaction t = base;
        auto spent = base_spent;
        edit(t, spent);
        const auto h = SignatureHash(t, 0, spent, genesis);
        BOOST_REQUIRE(h);
        BOOST_CHECK_MESSAGE(*h != h0, "sighash does not commit to " << name);
    }
    BOOST_CHECK(*SignatureHash(base, 0, base_spent, Genesis(0x43)) != h0);
    BOOST_CHECK(*SignatureHash(base, 1, base_spent, genesis) != h0);

    // Witnesses are not committed.
    CMutableTransaction signed_tx = base;
    signed_tx.vin[0].witness = {std::vector<uint8_t>(64, 5)};
    signed_tx.vin[1].witness = {std::vector<uint8_t>(64, 6)};
    BOOST_CHECK(*SignatureHash(signed_tx, 0, base_spent, genesis) == h0);
}

BOOST_AUTO_TEST_CASE(lock_helpers_and_kinds)
{
    const XOnlyPubKey pub = CKey::Generate().GetXOnlyPubKey();
    const auto kh = OutputLock::ForKeyHash(pub);
    BOOST_CHECK(kh.type == LockType::KEY_HASH);
    BOOST_CHECK(kh.program == KeyHash(pub).bytes());
    BOOST_CHECK(!std::equal(kh.program.begin(), kh.program.end(), pub.bytes().begin()));
    const auto k = OutputLock::ForKey(pub);
    BOOST_CHECK(k.type == LockType::KEY);
    BOOST_CHECK(std::equal(k.program.begin(), k.program.end(), pub.bytes().begin()));
    BOOST_CHECK(IsKnownLockType(LockType::KEY) && !IsKnownLockType(static_cast<LockType>(2)));

    BOOST_CHECK_EQUAL(static_cast<int>(TxKind::TRANSFER), 1);
    BOOST_CHECK_EQUAL(static_cast<int>(TxKind::SETTLEMENT), 8);
    BOOST_CHECK_EQUAL(TxKindName(TxKind::HANDLE_REGISTER), "handle_register");
    BOOST_CHECK(IsKnownTxKind(TxKind::NODE_WITHDRAW));
    BOOST_CHECK(!IsKnownTxKind(static_cast<TxKind>(12)));
    BOOST_CHECK_EQUAL(TxKindName(static_cast<TxKind>(999)), "unknown");

    std::unordered_set<COutPoint, SaltedOutpointHasher> spent;
    spent.insert(COutPoint{uint256::ONE, 0});
    spent.insert(COutPoint{uint256::ONE, 1});
    spent.insert(COutPoint{uint256::ONE, 0});
    BOOST_CHECK_EQUAL(spent.size(), 2U);
    const SaltedOutpointHasher oh;
    BOOST_CHECK(oh(COutPoint{uint256::ONE, 0}) != oh(COutPoint{uint256::ONE, 1}));

    const COutPoint op{uint256::ONE, 3};
    BOOST_CHECK_EQUAL(op.ToString(), std::string(63, '0') + "1:3");
    BOOST_CHECK(COutPoint{}.IsNull());
}

BOOST_AUTO_TEST_SUITE_END()
