// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <consensus/block_check.h>
#include <consensus/params.h>
#include <consensus/pow.h>
#include <consensus/tx_check.h>
#include <consensus/validation_state.h>
#include <primitives/merkle.h>
#include <serialize.h>

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

namespace {

const consensus::ConsensusParams& Regtest() { return consensus::GetConsensusParams("regtest"); }

uint256 HashFromByte(uint8_t b)
{
    std::array<uint8_t, 32> bytes{};
    bytes[0] = b;
    bytes[31] = 0x5a;
    return uint256{bytes};
}

/** A well-formed transfer spending `n_in` distinct outpoints of a made-up txid. */
CMutableTransaction MakeTransfer(size_t n_in = 1, size_t n_out = 2, uint8_t seed = 1)
{
    CMutableTransaction tx;
    tx.kind = TxKind::TRANSFER;
    for (size_t i = 0; i < n_in; ++i) {
        CTxIn in;
        in.prevout = COutPoint{HashFromByte(seed), static_cast<uint32_t>(i)};
        in.witness = {std::vector<uint8_t>(64, 0x11)};
        tx.vin.push_back(in);
    }
    for (size_t i = 0; i < n_out; ++i) {
        CTxOut out;
        out.value = 1000 * COIN + static_cast<CAmount>(i);
        out.lock.type = LockType::KEY_HASH;
        out.lock.program.fill(static_cast<uint8_t>(i + 1));
        tx.vout.push_back(out);
    }
    return tx;
}

std::vector<uint8_t> HeightPayload(uint64_t height, std::string_view extra = "x")
{
    ByteWriter w;
    WriteCompactSize(w, height);
    w.Write(std::span{reinterpret_cast<const uint8_t*>(extra.data()), extra.size()});
    return w.Take();
}

CMutableTransaction MakeCoinbase(int32_t height)
{
    CMutableTransaction tx;
    tx.kind = TxKind::COINBASE;
    tx.payload = HeightPayload(static_cast<uint64_t>(height));
    CTxOut out;
    out.value = 5 * COIN;
    out.lock.program.fill(0x42);
    tx.vout.push_back(out);
    return tx;
}

/** Sets the merkle root and grinds the nonce until the regtest proof of work passes. */
void Finish(CBlock& block, const consensus::ConsensusParams& params = Regtest())
{
    block.merkle_root = BlockMerkleRoot(block);
    while (!CheckProofOfWork(block.GetHash(), block.bits, params)) ++block.nonce;
}

/** A valid regtest block at `height` (coinbase plus `n_transfers` transfers). */
CBlock MakeBlock(int32_t height = 1, size_t n_transfers = 2)
{
    const consensus::ConsensusParams& p = Regtest();
    CBlock block;
    block.version = 1;
    block.prev_block = p.genesis_hash;
    block.time = p.genesis.time + 60;
    block.bits = p.genesis.bits;
    block.vtx.push_back(MakeTransactionRef(MakeCoinbase(height)));
    for (size_t i = 0; i < n_transfers; ++i) {
        block.vtx.push_back(MakeTransactionRef(MakeTransfer(1, 2, static_cast<uint8_t>(i + 1))));
    }
    Finish(block);
    return block;
}

std::string TxReject(const CMutableTransaction& mtx, const consensus::ConsensusParams& params = Regtest())
{
    consensus::TxValidationState state;
    const bool ok = CheckTransaction(CTransaction{mtx}, params, state);
    BOOST_CHECK_EQUAL(ok, state.IsValid());
    if (ok) return "";
    BOOST_CHECK(state.GetResult() == consensus::TxValidationResult::TX_CONSENSUS);
    return state.GetRejectReason();
}

std::string BlockReject(const CBlock& block, consensus::BlockValidationResult expected_result,
                        const consensus::ConsensusParams& params = Regtest())
{
    consensus::BlockValidationState state;
    const bool ok = CheckBlock(block, params, state);
    BOOST_CHECK_EQUAL(ok, state.IsValid());
    if (ok) return "";
    BOOST_CHECK_MESSAGE(state.GetResult() == expected_result, state.ToString());
    return state.GetRejectReason();
}

} // namespace

BOOST_AUTO_TEST_SUITE(consensus_check_tests)

BOOST_AUTO_TEST_CASE(valid_transactions_pass)
{
    BOOST_CHECK_EQUAL(TxReject(MakeTransfer()), "");
    BOOST_CHECK_EQUAL(TxReject(MakeTransfer(20, 3)), ""); // many inputs: the sorting path
    BOOST_CHECK_EQUAL(TxReject(MakeCoinbase(0)), "");
    BOOST_CHECK_EQUAL(TxReject(MakeCoinbase(1'000'000)), "");
    // A registry kind with a payload passes the generic rules (its own rules come on top).
    CMutableTransaction commit = MakeTransfer();
    commit.kind = TxKind::HANDLE_COMMIT;
    commit.payload.assign(32, 0xab);
    BOOST_CHECK_EQUAL(TxReject(commit), "");
    // Boundaries: coinbase payload of 1 and 100 bytes; outputs of exactly MAX_MONEY.
    CMutableTransaction cb = MakeCoinbase(0);
    cb.payload = {0x00};
    BOOST_CHECK_EQUAL(TxReject(cb), "");
    cb.payload.resize(consensus::MAX_COINBASE_PAYLOAD_SIZE, 0xee);
    BOOST_CHECK_EQUAL(TxReject(cb), "");
    CMutableTransaction max = MakeTransfer(1, 2);
    max.vout[0].value = MAX_MONEY;
    max.vout[1].value = 0;
    BOOST_CHECK_EQUAL(TxReject(max), "");
    max.vout[0].value = MAX_MONEY / 2;
    max.vout[1].value = MAX_MONEY - MAX_MONEY / 2;
    BOOST_CHECK_EQUAL(TxReject(max), "");
}

BOOST_AUTO_TEST_CASE(transaction_reject_reasons)
{
    CMutableTransaction tx = MakeTransfer();
    tx.kind = static_cast<TxKind>(12);
    BOOST_CHECK_EQUAL(TxReject(tx), "bad-txns-kind");
    tx.kind = static_cast<TxKind>(0xffff);
    BOOST_CHECK_EQUAL(TxReject(tx), "bad-txns-kind");

    tx = MakeCoinbase(1);
    tx.vin.push_back(MakeTransfer().vin[0]);
    BOOST_CHECK_EQUAL(TxReject(tx), "bad-cb-has-inputs");

    tx = MakeCoinbase(1);
    tx.payload.clear();
    BOOST_CHECK_EQUAL(TxReject(tx), "bad-cb-length");
    tx.payload.assign(consensus::MAX_COINBASE_PAYLOAD_SIZE + 1, 0x01);
    BOOST_CHECK_EQUAL(TxReject(tx), "bad-cb-length");

    tx = MakeTransfer();
    tx.vin.clear();
    BOOST_CHECK_EQUAL(TxReject(tx), "bad-txns-vin-empty");

    tx = MakeTransfer();
    tx.vout.clear();
    BOOST_CHECK_EQUAL(TxReject(tx), "bad-txns-vout-empty");
    tx = MakeCoinbase(1);
    tx.vout.clear();
    BOOST_CHECK_EQUAL(TxReject(tx), "bad-txns-vout-empty");

    consensus::ConsensusParams small = Regtest();
    tx = MakeTransfer();
    small.max_block_size = static_cast<uint32_t>(CTransaction{tx}.GetTotalSize());
    BOOST_CHECK_EQUAL(TxReject(tx, small), "");
    small.max_block_size -= 1;
    BOOST_CHECK_EQUAL(TxReject(tx, small), "bad-txns-oversize");

    tx = MakeTransfer();
    tx.vout[1].value = -1;
    BOOST_CHECK_EQUAL(TxReject(tx), "bad-txns-vout-negative");
    tx.vout[1].value = INT64_MIN;
    BOOST_CHECK_EQUAL(TxReject(tx), "bad-txns-vout-negative");

    tx = MakeTransfer();
    tx.vout[0].value = MAX_MONEY + 1;
    BOOST_CHECK_EQUAL(TxReject(tx), "bad-txns-vout-toolarge");
    tx.vout[0].value = INT64_MAX;
    BOOST_CHECK_EQUAL(TxReject(tx), "bad-txns-vout-toolarge");

    // Each output in range, the sum not (and no int64 overflow on the way).
    tx = MakeTransfer(1, 3);
    tx.vout[0].value = MAX_MONEY;
    tx.vout[1].value = 1;
    BOOST_CHECK_EQUAL(TxReject(tx), "bad-txns-txouttotal-toolarge");
    for (auto& out : tx.vout) out.value = MAX_MONEY;
    BOOST_CHECK_EQUAL(TxReject(tx), "bad-txns-txouttotal-toolarge");

    tx = MakeTransfer();
    tx.vout[1].lock.type = static_cast<LockType>(2);
    BOOST_CHECK_EQUAL(TxReject(tx), "bad-txns-lock-type");

    tx = MakeTransfer(3);
    tx.vin[2].prevout = tx.vin[0].prevout;
    BOOST_CHECK_EQUAL(TxReject(tx), "bad-txns-inputs-duplicate");
    tx = MakeTransfer(40); // the sorting path
    tx.vin[39].prevout = tx.vin[7].prevout;
    BOOST_CHECK_EQUAL(TxReject(tx), "bad-txns-inputs-duplicate");
    // Same txid, different index, and same index, different txid, are distinct.
    tx = MakeTransfer(2);
    tx.vin[1].prevout = COutPoint{tx.vin[0].prevout.txid, tx.vin[0].prevout.n + 1};
    BOOST_CHECK_EQUAL(TxReject(tx), "");
    tx.vin[1].prevout = COutPoint{HashFromByte(99), tx.vin[0].prevout.n};
    BOOST_CHECK_EQUAL(TxReject(tx), "");

    tx = MakeTransfer(2);
    tx.vin[1].prevout = COutPoint{};
    BOOST_CHECK_EQUAL(TxReject(tx), "bad-txns-prevout-null");

    tx = MakeTransfer();
    tx.payload = {0x00};
    BOOST_CHECK_EQUAL(TxReject(tx), "bad-txns-payload");
}

BOOST_AUTO_TEST_CASE(sigcheck_count)
{
    BOOST_CHECK_EQUAL(consensus::GetSigCheckCount(CTransaction{MakeCoinbase(1)}), 0u);
    BOOST_CHECK_EQUAL(consensus::GetSigCheckCount(CTransaction{MakeTransfer(1)}), 1u);
    BOOST_CHECK_EQUAL(consensus::GetSigCheckCount(CTransaction{MakeTransfer(7)}), 7u);
    CMutableTransaction binding = MakeTransfer(1);
    binding.kind = TxKind::BINDING; // node and owner signatures (registry_payload_tests: every kind)
    BOOST_CHECK_EQUAL(consensus::GetSigCheckCount(CTransaction{binding}), 3u);
}

BOOST_AUTO_TEST_CASE(finality)
{
    CMutableTransaction tx = MakeTransfer();
    tx.vin[0].sequence = 0;
    tx.locktime = 0;
    BOOST_CHECK(consensus::IsFinalTx(CTransaction{tx}, 1, 0));
    // Height lock: final strictly after the lock height.
    tx.locktime = 100;
    BOOST_CHECK(!consensus::IsFinalTx(CTransaction{tx}, 100, 2'000'000'000));
    BOOST_CHECK(consensus::IsFinalTx(CTransaction{tx}, 101, 0));
    // Time lock: compared with the time argument (median time past).
    tx.locktime = consensus::LOCKTIME_THRESHOLD + 1000;
    BOOST_CHECK(!consensus::IsFinalTx(CTransaction{tx}, 1'000'000, consensus::LOCKTIME_THRESHOLD + 1000));
    BOOST_CHECK(consensus::IsFinalTx(CTransaction{tx}, 1, consensus::LOCKTIME_THRESHOLD + 1001));
    // All inputs final: the lock time is ignored.
    tx.vin[0].sequence = SEQUENCE_FINAL;
    BOOST_CHECK(consensus::IsFinalTx(CTransaction{tx}, 1, 0));
}

BOOST_AUTO_TEST_CASE(coinbase_height)
{
    BOOST_CHECK(consensus::GetCoinbaseHeight(CTransaction{MakeCoinbase(0)}) == 0);
    BOOST_CHECK(consensus::GetCoinbaseHeight(CTransaction{MakeCoinbase(252)}) == 252);
    BOOST_CHECK(consensus::GetCoinbaseHeight(CTransaction{MakeCoinbase(253)}) == 253);
    BOOST_CHECK(consensus::GetCoinbaseHeight(CTransaction{MakeCoinbase(INT32_MAX)}) == INT32_MAX);
    CMutableTransaction cb = MakeCoinbase(0);
    cb.payload = {0xfd, 0x05, 0x00}; // 5 in a non-canonical 3-byte form
    BOOST_CHECK(!consensus::GetCoinbaseHeight(CTransaction{cb}));
    cb.payload = HeightPayload(uint64_t{INT32_MAX} + 1);
    BOOST_CHECK(!consensus::GetCoinbaseHeight(CTransaction{cb}));
    cb.payload = {0xfe, 0x01};
    BOOST_CHECK(!consensus::GetCoinbaseHeight(CTransaction{cb}));
}

BOOST_AUTO_TEST_CASE(valid_block_passes)
{
    BOOST_CHECK_EQUAL(BlockReject(MakeBlock(), consensus::BlockValidationResult::BLOCK_RESULT_UNSET), "");
    BOOST_CHECK_EQUAL(BlockReject(MakeBlock(1, 0), consensus::BlockValidationResult::BLOCK_RESULT_UNSET), "");
}

BOOST_AUTO_TEST_CASE(block_reject_reasons)
{
    // high-hash: a nonce whose hash is above the regtest target.
    CBlock block = MakeBlock();
    while (CheckProofOfWork(block.GetHash(), block.bits, Regtest())) ++block.nonce;
    BOOST_CHECK_EQUAL(BlockReject(block, consensus::BlockValidationResult::BLOCK_INVALID_HEADER), "high-hash");
    block = MakeBlock();
    block.bits = 0x1d00ffff; // a valid encoding that this hash does not meet
    BOOST_CHECK_EQUAL(BlockReject(block, consensus::BlockValidationResult::BLOCK_INVALID_HEADER), "high-hash");
    block.bits = 0x2100ffff; // above the regtest limit
    BOOST_CHECK_EQUAL(BlockReject(block, consensus::BlockValidationResult::BLOCK_INVALID_HEADER), "high-hash");

    // bad-txnmrklroot: a transaction changed after the header was made.
    block = MakeBlock();
    block.vtx[1] = MakeTransactionRef(MakeTransfer(1, 2, 77));
    BOOST_CHECK_EQUAL(BlockReject(block, consensus::BlockValidationResult::BLOCK_MUTATED), "bad-txnmrklroot");
    // A changed witness changes the wtxid, so it is caught too.
    block = MakeBlock();
    CMutableTransaction witness_changed = MakeTransfer(1, 2, 1);
    witness_changed.vin[0].witness[0][0] ^= 1;
    block.vtx[1] = MakeTransactionRef(witness_changed);
    BOOST_CHECK_EQUAL(BlockReject(block, consensus::BlockValidationResult::BLOCK_MUTATED), "bad-txnmrklroot");

    // bad-txns-duplicate (CVE-2012-2459): [cb, a, b] and [cb, a, b, b] share a root. The
    // mutated copy is rejected as MUTATED, and the original (same header) stays valid.
    const CBlock original = MakeBlock(1, 2);
    CBlock mutated = original;
    mutated.vtx.push_back(mutated.vtx.back());
    BOOST_CHECK(BlockMerkleRoot(mutated) == original.merkle_root);
    BOOST_CHECK(mutated.GetHash() == original.GetHash());
    BOOST_CHECK_EQUAL(BlockReject(mutated, consensus::BlockValidationResult::BLOCK_MUTATED), "bad-txns-duplicate");
    BOOST_CHECK_EQUAL(BlockReject(original, consensus::BlockValidationResult::BLOCK_RESULT_UNSET), "");
    // Deeper mutation: 6 transactions duplicated to 8 at the second level.
    const CBlock six = MakeBlock(1, 5);
    CBlock eight = six;
    eight.vtx.push_back(six.vtx[4]);
    eight.vtx.push_back(six.vtx[5]);
    BOOST_CHECK(BlockMerkleRoot(eight) == six.merkle_root);
    BOOST_CHECK_EQUAL(BlockReject(eight, consensus::BlockValidationResult::BLOCK_MUTATED), "bad-txns-duplicate");

    // bad-blk-length: no transactions (the empty root is ZERO), or too large.
    block = MakeBlock();
    block.vtx.clear();
    Finish(block);
    BOOST_CHECK_EQUAL(BlockReject(block, consensus::BlockValidationResult::BLOCK_CONSENSUS), "bad-blk-length");
    consensus::ConsensusParams small = Regtest();
    block = MakeBlock(1, 3);
    small.max_block_size = static_cast<uint32_t>(SerializedSize(block));
    BOOST_CHECK_EQUAL(BlockReject(block, consensus::BlockValidationResult::BLOCK_RESULT_UNSET, small), "");
    small.max_block_size -= 1;
    BOOST_CHECK_EQUAL(BlockReject(block, consensus::BlockValidationResult::BLOCK_CONSENSUS, small), "bad-blk-length");
    small.max_block_size = 20; // fails the cheap count bound before any size is computed
    BOOST_CHECK_EQUAL(BlockReject(block, consensus::BlockValidationResult::BLOCK_CONSENSUS, small), "bad-blk-length");

    // bad-cb-missing
    block = MakeBlock();
    block.vtx.erase(block.vtx.begin());
    Finish(block);
    BOOST_CHECK_EQUAL(BlockReject(block, consensus::BlockValidationResult::BLOCK_CONSENSUS), "bad-cb-missing");

    // bad-cb-multiple
    block = MakeBlock();
    block.vtx.push_back(MakeTransactionRef(MakeCoinbase(2)));
    Finish(block);
    BOOST_CHECK_EQUAL(BlockReject(block, consensus::BlockValidationResult::BLOCK_CONSENSUS), "bad-cb-multiple");

    // bad-blk-sigchecks: exactly at the limit passes, one more fails.
    small = Regtest();
    block = MakeBlock(1, 3); // three transfers with one input each
    small.max_block_sigchecks = 3;
    BOOST_CHECK_EQUAL(BlockReject(block, consensus::BlockValidationResult::BLOCK_RESULT_UNSET, small), "");
    small.max_block_sigchecks = 2;
    BOOST_CHECK_EQUAL(BlockReject(block, consensus::BlockValidationResult::BLOCK_CONSENSUS, small), "bad-blk-sigchecks");

    // A transaction's own reason is the block's, with BLOCK_CONSENSUS.
    block = MakeBlock();
    CMutableTransaction bad = MakeTransfer(1, 2, 9);
    bad.vout[0].value = -5;
    block.vtx.push_back(MakeTransactionRef(bad));
    Finish(block);
    consensus::BlockValidationState state;
    BOOST_CHECK(!CheckBlock(block, Regtest(), state));
    BOOST_CHECK_EQUAL(state.GetRejectReason(), "bad-txns-vout-negative");
    BOOST_CHECK(state.GetResult() == consensus::BlockValidationResult::BLOCK_CONSENSUS);
    BOOST_CHECK(state.GetDebugMessage().find(block.vtx.back()->GetTxid().GetHex()) != std::string::npos);
    block = MakeBlock();
    CMutableTransaction bad_cb = MakeCoinbase(1);
    bad_cb.payload.clear();
    block.vtx[0] = MakeTransactionRef(bad_cb);
    Finish(block);
    BOOST_CHECK_EQUAL(BlockReject(block, consensus::BlockValidationResult::BLOCK_CONSENSUS), "bad-cb-length");

    // check_pow / check_merkle_root switches (a miner checks a template before grinding).
    block = MakeBlock();
    block.vtx.push_back(MakeTransactionRef(MakeTransfer(1, 1, 55)));
    state = consensus::BlockValidationState{};
    BOOST_CHECK(CheckBlock(block, Regtest(), state, /*check_pow=*/false, /*check_merkle_root=*/false));
}

BOOST_AUTO_TEST_CASE(contextual_header_rules)
{
    const consensus::ConsensusParams& p = consensus::GetConsensusParams("main");
    const consensus::PrevBlockInfo prev{100, p.genesis.time + 100 * 60, p.genesis.bits, p.genesis.time + 95 * 60};
    CBlockHeader header;
    header.version = 1;
    header.bits = GetNextWorkRequired(prev, p);
    header.time = static_cast<uint32_t>(prev.time + 60);
    const int64_t now = prev.time + 60;
    auto reject = [&](const CBlockHeader& h, int64_t clock, consensus::BlockValidationResult expected) -> std::string {
        consensus::BlockValidationState state;
        const bool ok = ContextualCheckBlockHeader(h, prev, clock, p, state);
        BOOST_CHECK_EQUAL(ok, state.IsValid());
        if (ok) return "";
        BOOST_CHECK_MESSAGE(state.GetResult() == expected, state.ToString());
        return state.GetRejectReason();
    };
    BOOST_CHECK_EQUAL(reject(header, now, {}), "");

    CBlockHeader h = header;
    h.bits = header.bits - 1;
    BOOST_CHECK_EQUAL(reject(h, now, consensus::BlockValidationResult::BLOCK_INVALID_HEADER), "bad-diffbits");
    h.bits = 0x207fffff;
    BOOST_CHECK_EQUAL(reject(h, now, consensus::BlockValidationResult::BLOCK_INVALID_HEADER), "bad-diffbits");

    h = header;
    h.time = static_cast<uint32_t>(prev.median_time_past);
    BOOST_CHECK_EQUAL(reject(h, now, consensus::BlockValidationResult::BLOCK_INVALID_HEADER), "time-too-old");
    h.time = static_cast<uint32_t>(prev.median_time_past + 1); // may be before the parent itself
    BOOST_CHECK_EQUAL(reject(h, now, {}), "");

    h = header;
    h.time = static_cast<uint32_t>(now + p.max_future_block_time);
    BOOST_CHECK_EQUAL(reject(h, now, {}), "");
    h.time += 1;
    BOOST_CHECK_EQUAL(reject(h, now, consensus::BlockValidationResult::BLOCK_TIME_FUTURE), "time-too-new");
    BOOST_CHECK_EQUAL(reject(h, now + 1, {}), ""); // valid once the clock catches up

    h = header;
    h.version = 0;
    BOOST_CHECK_EQUAL(reject(h, now, consensus::BlockValidationResult::BLOCK_INVALID_HEADER), "bad-version");
    h.version = -1;
    BOOST_CHECK_EQUAL(reject(h, now, consensus::BlockValidationResult::BLOCK_INVALID_HEADER), "bad-version");
    h.version = 0x20000000;
    BOOST_CHECK_EQUAL(reject(h, now, {}), "");
}

BOOST_AUTO_TEST_CASE(contextual_block_rules)
{
    const consensus::ConsensusParams& p = Regtest();
    const consensus::PrevBlockInfo prev{0, p.genesis.time, p.genesis.bits, p.genesis.time};
    auto reject = [&](const CBlock& b, const consensus::PrevBlockInfo& parent) -> std::string {
        consensus::BlockValidationState state;
        const bool ok = ContextualCheckBlock(b, parent, p, state);
        BOOST_CHECK_EQUAL(ok, state.IsValid());
        if (ok) return "";
        BOOST_CHECK(state.GetResult() == consensus::BlockValidationResult::BLOCK_CONSENSUS);
        return state.GetRejectReason();
    };
    BOOST_CHECK_EQUAL(reject(MakeBlock(1), prev), "");
    BOOST_CHECK_EQUAL(reject(MakeBlock(2), prev), "bad-cb-height");
    BOOST_CHECK_EQUAL(reject(MakeBlock(0), prev), "bad-cb-height");
    BOOST_CHECK_EQUAL(reject(MakeBlock(1000), consensus::PrevBlockInfo{999, 0, 0, 0}), "");
    CBlock block = MakeBlock(1);
    CMutableTransaction cb = MakeCoinbase(1);
    cb.payload = {0xfd, 0x01, 0x00}; // height 1, non-canonical
    block.vtx[0] = MakeTransactionRef(cb);
    BOOST_CHECK_EQUAL(reject(block, prev), "bad-cb-height");

    // Finality is judged at the new height and the parent's median time past.
    block = MakeBlock(1);
    CMutableTransaction locked = MakeTransfer(1, 1, 200);
    locked.vin[0].sequence = 0;
    locked.locktime = 1; // height 1: final only from height 2
    block.vtx.push_back(MakeTransactionRef(locked));
    BOOST_CHECK_EQUAL(reject(block, prev), "bad-txns-nonfinal");
    BOOST_CHECK_EQUAL(reject(block, consensus::PrevBlockInfo{0, 0, 0, 0}), "bad-txns-nonfinal");
    block.vtx.back() = MakeTransactionRef([&] { auto t = locked; t.locktime = 0; return t; }());
    BOOST_CHECK_EQUAL(reject(block, prev), "");
    locked.locktime = static_cast<uint32_t>(prev.median_time_past); // a time lock at exactly MTP
    block.vtx.back() = MakeTransactionRef(locked);
    BOOST_CHECK_EQUAL(reject(block, prev), "bad-txns-nonfinal");
    consensus::PrevBlockInfo later = prev;
    later.median_time_past += 1;
    BOOST_CHECK_EQUAL(reject(block, later), "");
}

BOOST_AUTO_TEST_CASE(validation_state)
{
    consensus::BlockValidationState state;
    BOOST_CHECK(state.IsValid());
    BOOST_CHECK_EQUAL(state.ToString(), "Valid");
    BOOST_CHECK(!state.Invalid(consensus::BlockValidationResult::BLOCK_MUTATED, "bad-txns-duplicate", "duplicate transaction"));
    BOOST_CHECK(state.IsInvalid() && !state.IsError());
    BOOST_CHECK_EQUAL(state.ToString(), "bad-txns-duplicate, duplicate transaction");
    consensus::TxValidationState error;
    BOOST_CHECK(!error.Error("disk failure"));
    BOOST_CHECK(error.IsError());
    BOOST_CHECK_EQUAL(error.GetRejectReason(), "disk failure");
    BOOST_CHECK(error.GetResult() == consensus::TxValidationResult::TX_RESULT_UNSET);
}

BOOST_AUTO_TEST_SUITE_END()
