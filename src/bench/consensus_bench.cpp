// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Consensus micro-benchmarks:
//   CheckBlock on a block of 2,000 one-input, two-output transfers (the context-free part of
//   connecting a block: merkle root with mutation guard, sizes, sigcheck count and
//   CheckTransaction for each transaction; no signature verification, no UTXO access),
//   split into the merkle root alone and the rest so the dominant cost is visible;
//   ASERT (GetNextWorkRequired) and the chain-work division per header.

#include <consensus/block_check.h>
#include <consensus/params.h>
#include <consensus/pow.h>
#include <consensus/tx_check.h>
#include <primitives/merkle.h>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

namespace {

CBlock MakeTransferBlock(size_t n_transfers)
{
    const consensus::ConsensusParams& params = consensus::GetConsensusParams("regtest");
    CBlock block;
    block.version = 1;
    block.prev_block = params.genesis_hash;
    block.time = params.genesis.time + 60;
    block.bits = params.genesis.bits;

    CMutableTransaction cb;
    cb.kind = TxKind::COINBASE;
    cb.payload = {0x01, 'b', 'e', 'n', 'c', 'h'};
    cb.vout.push_back(CTxOut{5 * COIN, OutputLock{}});
    block.vtx.push_back(MakeTransactionRef(std::move(cb)));

    for (size_t i = 0; i < n_transfers; ++i) {
        CMutableTransaction tx;
        tx.kind = TxKind::TRANSFER;
        std::array<uint8_t, 32> prev{};
        for (size_t b = 0; b < 8; ++b) prev[b] = static_cast<uint8_t>((i * 0x9e3779b97f4a7c15ULL) >> (8 * b));
        CTxIn in;
        in.prevout = COutPoint{uint256{prev}, static_cast<uint32_t>(i % 3)};
        in.witness = {std::vector<uint8_t>(32, 0x02), std::vector<uint8_t>(64, 0x03)}; // KEY_HASH: key, sig
        tx.vin.push_back(std::move(in));
        for (int o = 0; o < 2; ++o) {
            CTxOut out;
            out.value = static_cast<CAmount>(1000 + i + o);
            out.lock.program.fill(static_cast<uint8_t>(i + o));
            tx.vout.push_back(out);
        }
        block.vtx.push_back(MakeTransactionRef(std::move(tx)));
    }
    block.merkle_root = BlockMerkleRoot(block);
    while (!CheckProofOfWork(block.GetHash(), block.bits, params)) ++block.nonce;
    return block;
}

void CheckBlock2000Transfers(benchmark::State& state)
{
    const consensus::ConsensusParams& params = consensus::GetConsensusParams("regtest");
    const CBlock block = MakeTransferBlock(2000);
    for (auto _ : state) {
        consensus::BlockValidationState vs;
        const bool ok = CheckBlock(block, params, vs);
        if (!ok) state.SkipWithError(vs.ToString().c_str());
        benchmark::DoNotOptimize(ok);
    }
    state.counters["block_bytes"] = static_cast<double>(SerializedSize(block));
    state.counters["tx/s"] = benchmark::Counter(2001.0 * state.iterations(), benchmark::Counter::kIsRate);
}

void CheckBlock2000TransfersNoMerkle(benchmark::State& state)
{
    const consensus::ConsensusParams& params = consensus::GetConsensusParams("regtest");
    const CBlock block = MakeTransferBlock(2000);
    for (auto _ : state) {
        consensus::BlockValidationState vs;
        const bool ok = CheckBlock(block, params, vs, /*check_pow=*/true, /*check_merkle_root=*/false);
        benchmark::DoNotOptimize(ok);
    }
}

void MerkleRoot2000Transfers(benchmark::State& state)
{
    const CBlock block = MakeTransferBlock(2000);
    for (auto _ : state) {
        bool mutated = false;
        benchmark::DoNotOptimize(BlockMerkleRoot(block, &mutated));
    }
}

void AsertNextWorkRequired(benchmark::State& state)
{
    consensus::ConsensusParams params = consensus::GetConsensusParams("main");
    params.asert_anchor.bits = 0x1c0ffff0; // below the limit so results vary both ways
    consensus::PrevBlockInfo prev{0, params.asert_anchor.time, params.asert_anchor.bits, params.asert_anchor.time};
    int64_t i = 0;
    for (auto _ : state) {
        prev.height = static_cast<int32_t>(1000 + (i & 0xffff));
        prev.time = params.asert_anchor.time + prev.height * 60 + ((i * 7919) % 20000) - 10000;
        benchmark::DoNotOptimize(GetNextWorkRequired(prev, params));
        ++i;
    }
}

void BlockProofFromBits(benchmark::State& state)
{
    uint32_t bits = 0x1c0ffff0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(consensus::GetBlockProof(bits));
        bits ^= 0x000000ff;
    }
}

} // namespace

BENCHMARK(CheckBlock2000Transfers)->Unit(benchmark::kMicrosecond);
BENCHMARK(CheckBlock2000TransfersNoMerkle)->Unit(benchmark::kMicrosecond);
BENCHMARK(MerkleRoot2000Transfers)->Unit(benchmark::kMicrosecond);
BENCHMARK(AsertNextWorkRequired);
BENCHMARK(BlockProofFromBits);
