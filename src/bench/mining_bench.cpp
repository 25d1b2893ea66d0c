// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Mining benchmarks (doc/benchmarks.md "Mempool and mining"), each beside its peer in the same
// run:
//
//   MinerHeaderSearch          mining::HeaderHasher::Search, the -gen miner's inner loop, over
//                              4,096 nonces per call at an impossible target (nothing found):
//                              items are nonces, so items_per_second is hashes/s of one
//                              thread (CPU time; each -gen thread runs this loop alone).
//   MinerFloorTwoCompressions  the floor: two bare SHA-256 compressions (Sha256Transform) per
//                              item, what one nonce costs with the midstate. The ratio
//                              MinerHeaderSearch / MinerFloorTwoCompressions is the goal's
//                              figure (at least 0.8).
//
//   TemplateFullMempool        mining::CreateNewBlock from a pool of 12,000 transactions
//                              (10,000 independent transfers, 2,000 children of them, fees
//                              varied) when a block holds about 5,200 of them (1 MB):
//                              package selection by ancestor fee rate, the per-package checks
//                              and the final TestBlockValidity.
//   TemplateCheckOnly          its peer: TestBlockValidity of the same template's block alone
//                              (assembly's own cost is the difference).

#include <crypto/random.h>
#include <crypto/sha256.h>
#include <mining/block_assembler.h>
#include <mining/header_hasher.h>
#include <test/util/mempool.h>

#include <benchmark/benchmark.h>

#include <array>
#include <vector>

using namespace test;

namespace {
constexpr uint64_t NONCES_PER_CALL = 4096;

CBlockHeader RandomHeader()
{
    CBlockHeader header;
    header.version = 1;
    header.bits = 0x207fffff;
    std::array<uint8_t, 32> bytes;
    GetStrongRandBytes(bytes);
    header.prev_block = uint256{bytes};
    GetStrongRandBytes(bytes);
    header.merkle_root = uint256{bytes};
    header.time = 1'800'000'000;
    return header;
}

void MinerHeaderSearch(benchmark::State& state)
{
    mining::HeaderHasher hasher{RandomHeader()};
    const uint256 impossible{}; // only an all-zero hash would meet it
    uint32_t next = 0;
    for (auto _ : state) {
        uint64_t hashes = 0;
        const auto found = hasher.Search(next, NONCES_PER_CALL, impossible, hashes);
        benchmark::DoNotOptimize(found);
        next += static_cast<uint32_t>(NONCES_PER_CALL); // wraps at 2^32 exactly
    }
    state.SetItemsProcessed(state.iterations() * NONCES_PER_CALL);
}
BENCHMARK(MinerHeaderSearch);

void MinerFloorTwoCompressions(benchmark::State& state)
{
    std::array<uint8_t, 64> first, second;
    GetStrongRandBytes(first);
    GetStrongRandBytes(second);
    auto st = Sha256InitialState();
    for (auto _ : state) {
        for (uint64_t i = 0; i < NONCES_PER_CALL; ++i) {
            Sha256Transform(st, first);
            Sha256Transform(st, second);
        }
        benchmark::DoNotOptimize(st);
    }
    state.SetItemsProcessed(state.iterations() * NONCES_PER_CALL);
}
BENCHMARK(MinerFloorTwoCompressions);

struct TemplateSetup {
    MempoolTestChain t;

    TemplateSetup()
    {
        t.MineBlocks(106);
        const uint256& genesis = t.Params().genesis_hash;
        constexpr int FANS = 5;
        constexpr int PER_FAN = 2000;
        std::vector<CTransactionRef> fans;
        for (int f = 0; f < FANS; ++f) {
            fans.push_back(Spend(t.Coinbase(f), 0, t.chain.key, t.chain.lock, 100'000, genesis, PER_FAN));
        }
        t.MineWith(fans);
        std::vector<CTransactionRef> parents;
        for (int f = 0; f < FANS; ++f) {
            for (uint32_t n = 0; n < PER_FAN; ++n) {
                const CAmount fee = 1'000 + (f * PER_FAN + n) * 7'919 % 50'000;
                CTransactionRef tx = Spend(*fans[f], n, t.chain.key, t.chain.lock, fee, genesis);
                Accept(tx);
                if (f == 0) parents.push_back(tx);
            }
        }
        for (uint32_t n = 0; n < PER_FAN; ++n) {
            Accept(Spend(*parents[n], 0, t.chain.key, t.chain.lock, 2'000 + n * 31 % 40'000, genesis));
        }
    }

    void Accept(const CTransactionRef& tx)
    {
        const mempool::AcceptResult result = t.Accept(tx);
        if (!result.IsValid()) throw std::runtime_error("TemplateSetup: " + result.state.ToString());
    }
};

TemplateSetup& Setup()
{
    static TemplateSetup setup;
    return setup;
}

void TemplateFullMempool(benchmark::State& state)
{
    TemplateSetup& setup = Setup();
    size_t txs = 0;
    for (auto _ : state) {
        auto tmpl = mining::CreateNewBlock(*setup.t.chain.chainman, setup.t.chain.lock, setup.t.mempool.get());
        if (!tmpl) {
            state.SkipWithError(tmpl.error().c_str());
            return;
        }
        txs = tmpl->block.vtx.size() - 1;
    }
    state.counters["pool_txs"] = static_cast<double>(setup.t.Pool().Size());
    state.counters["block_txs"] = static_cast<double>(txs);
}
BENCHMARK(TemplateFullMempool)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void TemplateCheckOnly(benchmark::State& state)
{
    TemplateSetup& setup = Setup();
    auto tmpl = mining::CreateNewBlock(*setup.t.chain.chainman, setup.t.chain.lock, setup.t.mempool.get());
    if (!tmpl) {
        state.SkipWithError(tmpl.error().c_str());
        return;
    }
    for (auto _ : state) {
        consensus::BlockValidationState vstate;
        if (!setup.t.chain.chainman->TestBlockValidity(tmpl->block, vstate, /*check_pow=*/false, /*check_merkle=*/true)) {
            state.SkipWithError(vstate.ToString().c_str());
            return;
        }
    }
    state.counters["block_txs"] = static_cast<double>(tmpl->block.vtx.size() - 1);
}
BENCHMARK(TemplateCheckOnly)->Unit(benchmark::kMillisecond)->MinTime(2.0);
} // namespace
