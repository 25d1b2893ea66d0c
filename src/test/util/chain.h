// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_TEST_UTIL_CHAIN_H
#define DOTS_TEST_UTIL_CHAIN_H

// The chain fixture: a regtest ChainstateManager in a temporary directory with a clock the test
// controls, and helpers to build, solve, mine and submit blocks and to sign spends of its coins.
// For validation and mining tests and benchmarks (no Boost.Test dependency: failures throw
// std::runtime_error, which Boost.Test reports with the message).

#include <consensus/params.h>
#include <consensus/pow.h>
#include <crypto/key.h>
#include <mining/miner.h>
#include <primitives/merkle.h>
#include <primitives/sighash.h>
#include <test/util/files.h>
#include <test/util/print.h>
#include <validation/chainstate_manager.h>

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace test {

/**
 * A regtest chain in its own TempDir. `now` is the clock the ChainstateManager sees; Template()
 * advances it by 60 s per block. Coinbases pay to `lock` (a KEY_HASH of `key`), so tests can spend
 * them with Spend(). Open() reopens the same directory (e.g. after a simulated restart), with
 * `tweak` adjusting the options first.
 */
struct TestChain {
    TempDir dir{"validation"};
    const consensus::ConsensusParams& params = consensus::GetConsensusParams("regtest");
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
        consensus::BlockValidationState state, connect_state;
        if (!chainman->ProcessNewBlock(block, state, nullptr, &connect_state) || !connect_state.IsValid()) {
            throw std::runtime_error("Mine: " + state.ToString() + " / " + connect_state.ToString());
        }
        return block;
    }

    /** Submits `block`; returns "" on success or the reject reason (accept or connect). */
    std::string Submit(const CBlock& block)
    {
        consensus::BlockValidationState state, connect_state;
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

/**
 * A signed transaction of `kind` (a transfer unless given) with `payload`, spending output `n` of
 * `prev` (locked to `key`'s KEY_HASH) and paying the rest minus `fee` to `to` in `outputs` equal
 * parts, its input's nSequence `sequence`.
 */
inline CTransactionRef Spend(const CTransaction& prev, uint32_t n, const CKey& key, const OutputLock& to, CAmount fee,
                             const uint256& genesis, int outputs = 1, TxKind kind = TxKind::TRANSFER,
                             std::vector<uint8_t> payload = {}, uint32_t sequence = SEQUENCE_FINAL)
{
    CMutableTransaction tx;
    tx.kind = kind;
    tx.payload = std::move(payload);
    tx.vin.push_back(CTxIn{COutPoint{prev.GetTxid(), n}, sequence, {}});
    const CAmount total = prev.vout[n].value - fee;
    for (int i = 0; i < outputs; ++i) {
        tx.vout.push_back(CTxOut{total / outputs + (i == 0 ? total % outputs : 0), to});
    }
    SignTx(tx, {prev.vout[n]}, key, genesis);
    return MakeTransactionRef(std::move(tx));
}

} // namespace test

#endif // DOTS_TEST_UTIL_CHAIN_H
