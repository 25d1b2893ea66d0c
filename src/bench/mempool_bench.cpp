// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Mempool acceptance (doc/benchmarks.md "Mempool and mining"): Mempool::AcceptTransaction of
// 2,000 independent signed transactions, each spending a confirmed coin, into an empty pool on
// a regtest chain whose coins are in the tip cache (as they are for a node that saw the
// parents). One iteration accepts all 2,000 (a fresh pool each time, built outside the timing);
// items are transactions, so items_per_second reads as tx/s.
//   MempoolAcceptTransfer      plain transfers: one BIP340 check each
//   MempoolAcceptHandleCommit  registry statements (handle commitments): one BIP340 check, the
//                              payload decode, the registry rules against the chain and the
//                              first-seen key index
// Peer in the same run: SchnorrVerify_XOnlyPubKey (crypto_bench.cpp), the one signature check each
// transaction needs, which bounds acceptance from above.

#include <consensus/registry_payload.h>
#include <test/util/mempool.h>

#include <benchmark/benchmark.h>

#include <cstring>
#include <memory>
#include <vector>

using namespace test;

namespace {
constexpr int TX_COUNT = 2000;
constexpr CAmount FEE = 10'000;

struct AcceptSetup {
    MempoolTestChain t;
    std::vector<CTransactionRef> transfers;
    std::vector<CTransactionRef> commits;

    AcceptSetup()
    {
        t.MineBlocks(102);
        const uint256& genesis = t.Params().genesis_hash;
        // Two fan-outs of TX_COUNT confirmed coins each.
        CTransactionRef fan_a = Spend(t.Coinbase(0), 0, t.chain.key, t.chain.lock, 100'000, genesis, TX_COUNT);
        CTransactionRef fan_b = Spend(t.Coinbase(1), 0, t.chain.key, t.chain.lock, 100'000, genesis, TX_COUNT);
        t.MineWith({fan_a, fan_b});
        for (uint32_t n = 0; n < TX_COUNT; ++n) {
            transfers.push_back(Spend(*fan_a, n, t.chain.key, t.chain.lock, FEE, genesis));
            std::array<uint8_t, 32> c{};
            std::memcpy(c.data(), &n, sizeof(n));
            c[31] = 0xc0;
            commits.push_back(Spend(*fan_b, n, t.chain.key, t.chain.lock, FEE, genesis, 1, TxKind::HANDLE_COMMIT,
                                        consensus::EncodePayload(consensus::Payload{consensus::HandleCommit{uint256{c}}})));
        }
    }

    /** A pool that follows no notifications (the chain does not move during the benchmark). */
    std::unique_ptr<mempool::Mempool> FreshPool()
    {
        mempool::MempoolOptions options;
        options.clock = [this] { return t.chain.now; };
        return std::make_unique<mempool::Mempool>(*t.chain.chainman, options);
    }
};

void AcceptAll(benchmark::State& state, AcceptSetup& setup, const std::vector<CTransactionRef>& txs)
{
    for (auto _ : state) {
        state.PauseTiming();
        auto pool = setup.FreshPool();
        state.ResumeTiming();
        for (const CTransactionRef& tx : txs) {
            const mempool::AcceptResult result = pool->AcceptTransaction(tx);
            if (!result.IsValid()) {
                state.SkipWithError(result.state.ToString().c_str());
                return;
            }
        }
        state.PauseTiming();
        pool.reset();
        state.ResumeTiming();
    }
    state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(txs.size()));
}

AcceptSetup& Setup()
{
    static AcceptSetup setup;
    return setup;
}

void MempoolAcceptTransfer(benchmark::State& state) { AcceptAll(state, Setup(), Setup().transfers); }
void MempoolAcceptHandleCommit(benchmark::State& state) { AcceptAll(state, Setup(), Setup().commits); }
} // namespace

BENCHMARK(MempoolAcceptTransfer)->Unit(benchmark::kMillisecond);
BENCHMARK(MempoolAcceptHandleCommit)->Unit(benchmark::kMillisecond);
