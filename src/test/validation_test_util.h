// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_TEST_VALIDATION_TEST_UTIL_H
#define DOTS_TEST_VALIDATION_TEST_UTIL_H

// A regtest chain in a temporary directory with a controllable clock, and helpers to build,
// sign and mine blocks for validation, mining tests and benchmarks.

#include <consensus/params.h>
#include <consensus/pow.h>
#include <crypto/key.h>
#include <mining/miner.h>
#include <primitives/merkle.h>
#include <primitives/sighash.h>
#include <test/storage_test_util.h>
#include <validation/chainstate_manager.h>

#include <functional>
#include <memory>
#include <ostream>
#include <stdexcept>

/** For Boost.Test messages (internal linkage: other test files may print uint256 too). */
[[maybe_unused]] static std::ostream& operator<<(std::ostream& os, const uint256& v) { return os << v.GetHex(); }

struct TestChain {
    TempDir dir{"validation"};
    const ConsensusParams& params = GetConsensusParams("regtest");
    int64_t now = params.genesis.time + 1000;
    std::unique_ptr<validation::ChainstateManager> chainman;
    CKey key = CKey::Generate();
    OutputLock lock = OutputLock::ForKeyHash(key.GetXOnlyPubKey());

    explicit TestChain(int script_threads = 0) { Open({}, script_threads); }

    void Open(std::function<void(validation::ChainstateOptions&)> tweak = {}, int script_threads = 0)
    {
        chainman.reset();
        validation::ChainstateOptions options;
        options.params = &params;
        options.datadir = dir.path();
        options.cache_bytes = 64 << 20;
        options.script_threads = script_threads;
        options.clock = [this] { return now; };
        if (tweak) tweak(options);
        auto res = validation::ChainstateManager::Open(std::move(options));
        if (!res) throw std::runtime_error(res.error());
        chainman = std::move(*res);
    }

    /** A template on the tip (time advanced by 60 s per block), with `txs`, unsolved. */
    CBlock Template(const std::vector<CTransactionRef>& txs = {})
    {
        now += 60;
        auto tmpl = mining::CreateNewBlock(*chainman, lock, txs);
        if (!tmpl) throw std::runtime_error(tmpl.error());
        return tmpl->block;
    }

    /** Grinds the nonce until the header meets its target. */
    void Solve(CBlock& block)
    {
        block.nonce = 0;
        while (!CheckProofOfWork(block.GetHash(), block.bits, params)) ++block.nonce;
    }

    void FixMerkleAndSolve(CBlock& block)
    {
        block.merkle_root = BlockMerkleRoot(block);
        Solve(block);
    }

    /** Mines one block with `txs`; returns it (throws if it is not the new tip). */
    CBlock Mine(const std::vector<CTransactionRef>& txs = {})
    {
        CBlock block = Template(txs);
        Solve(block);
        BlockValidationState state, connect_state;
        if (!chainman->ProcessNewBlock(block, state, nullptr, &connect_state) || !connect_state.IsValid()) {
            throw std::runtime_error("Mine: " + state.ToString() + " / " + connect_state.ToString());
        }
        return block;
    }

    /** Submits `block`; returns "" on success or the reject reason (accept or connect). */
    std::string Submit(const CBlock& block)
    {
        BlockValidationState state, connect_state;
        if (!chainman->ProcessNewBlock(block, state, nullptr, &connect_state)) return state.GetRejectReason();
        if (!connect_state.IsValid()) return connect_state.GetRejectReason();
        return "";
    }

    int Height()
    {
        LOCK(chainman->GetMutex());
        return chainman->ActiveChain().Height();
    }
    uint256 TipHash()
    {
        LOCK(chainman->GetMutex());
        return chainman->ActiveTip()->hash;
    }
    chainstate::CoinsStats Stats()
    {
        auto stats = chainman->GetCoinsStats();
        if (!stats.ok()) throw std::runtime_error(stats.status().ToString());
        return *stats;
    }
};

/** Signs every input of `tx` (all spending outputs locked to `key`'s KEY_HASH). */
inline void SignTx(CMutableTransaction& tx, const std::vector<CTxOut>& spent, const CKey& key, const uint256& genesis)
{
    for (size_t i = 0; i < tx.vin.size(); ++i) {
        const auto hash = SignatureHash(tx, i, std::span<const CTxOut>{spent}, genesis);
        const auto sig = key.Sign(hash->span());
        const auto pub = key.GetXOnlyPubKey();
        tx.vin[i].witness = {std::vector<uint8_t>(pub.bytes().begin(), pub.bytes().end()),
                             std::vector<uint8_t>(sig->begin(), sig->end())};
    }
}

/** A signed transfer of `prev_out` (output n of prev) to `to`, paying `fee`. */
inline CTransactionRef Spend(const CTransaction& prev, uint32_t n, const CKey& key, const OutputLock& to, CAmount fee,
                             const uint256& genesis, int outputs = 1)
{
    CMutableTransaction tx;
    tx.kind = TxKind::TRANSFER;
    tx.vin.push_back(CTxIn{COutPoint{prev.GetTxid(), n}, SEQUENCE_FINAL, {}});
    const CAmount total = prev.vout[n].value - fee;
    for (int i = 0; i < outputs; ++i) {
        tx.vout.push_back(CTxOut{total / outputs + (i == 0 ? total % outputs : 0), to});
    }
    SignTx(tx, {prev.vout[n]}, key, genesis);
    return MakeTransactionRef(std::move(tx));
}

#endif // DOTS_TEST_VALIDATION_TEST_UTIL_H
