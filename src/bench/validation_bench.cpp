// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Connecting a block of 2,000 signed transfers on a warm coins cache (every spent coin is in
// the tip cache): CheckBlock + contextual checks + ConnectBlock (inputs, amounts, 2,000 BIP340
// verifications) into a scratch cache, via ChainstateManager::TestBlockValidity.

#include <test/util/chain.h>

#include <benchmark/benchmark.h>

using namespace test;

namespace {
struct BenchSetup {
    TestChain chain;
    CBlock block;

    explicit BenchSetup(int threads) : chain{threads}
    {
        std::vector<CBlock> blocks;
        for (int i = 0; i < 101; ++i) blocks.push_back(chain.Mine());
        CTransactionRef fan = Spend(*blocks[0].vtx[0], 0, chain.key, chain.lock, 100'000, chain.params.genesis_hash, 2000);
        chain.Mine({fan});
        std::vector<CTransactionRef> spends;
        spends.reserve(2000);
        for (uint32_t n = 0; n < 2000; ++n) spends.push_back(Spend(*fan, n, chain.key, chain.lock, 10, chain.params.genesis_hash));
        block = chain.Template(spends);
        chain.Solve(block);
    }
};

void ConnectBlock2000(benchmark::State& state)
{
    static BenchSetup setup{static_cast<int>(state.range(0))};
    for (auto _ : state) {
        consensus::BlockValidationState vstate;
        const bool ok = setup.chain.chainman->TestBlockValidity(setup.block, vstate, /*check_pow=*/true, /*check_merkle=*/true);
        if (!ok) {
            state.SkipWithError(vstate.ToString().c_str());
            break;
        }
    }
    state.SetItemsProcessed(state.iterations() * 2000);
}
} // namespace

BENCHMARK(ConnectBlock2000)->Arg(0)->Unit(benchmark::kMillisecond);
