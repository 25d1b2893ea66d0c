// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <chainstate/coins.h>
#include <chainstate/coinsdb.h>
#include <crypto/random.h>
#include <storage/dbwrapper.h>
#include <test/util/files.h>

#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>
#include <vector>

using namespace chainstate;
using test::TempDir;

namespace {

COutPoint BenchOutpoint(FastRandomContext& rng)
{
    std::array<uint8_t, 32> txid;
    rng.FillBytes(txid);
    return COutPoint{uint256{txid}, static_cast<uint32_t>(rng.RandRange(4))};
}

Coin BenchCoin(FastRandomContext& rng)
{
    CTxOut out;
    out.value = static_cast<CAmount>(rng.RandRange(100 * COIN)) + 1;
    rng.FillBytes(out.lock.program);
    return Coin{out, static_cast<uint32_t>(rng.RandRange(1'000'000)), false};
}

std::unique_ptr<storage::DbWrapper> OpenDb(const std::filesystem::path& path)
{
    storage::DbOptions options;
    options.path = path;
    options.name = "chainstate";
    options.cache_bytes = 64 << 20;
    options.schema_version = CHAINSTATE_SCHEMA_VERSION;
    auto db = storage::DbWrapper::Open(options);
    if (!db.ok()) return nullptr;
    return std::move(*db);
}

/** An empty base for pure cache benchmarks. */
class EmptyView final : public CoinsView
{
public:
    std::optional<Coin> GetCoin(const COutPoint&) const override { return std::nullopt; }
    uint256 GetBestBlock() const override { return uint256{}; }
    storage::Status BatchWrite(CoinsMap&, RecordMap&, const uint256&, bool) override { return storage::Status::OK(); }
};

constexpr size_t CACHE_COINS = 1'000'000;

/** AccessCoin hits in a cache holding 1,000,000 coins (random order, so cache-missy in RAM). */
void CoinsCacheHit(benchmark::State& state)
{
    FastRandomContext rng{1};
    EmptyView base;
    CoinsViewCache cache{&base};
    std::vector<COutPoint> outpoints;
    outpoints.reserve(CACHE_COINS);
    for (size_t i = 0; i < CACHE_COINS; ++i) {
        outpoints.push_back(BenchOutpoint(rng));
        cache.AddCoin(outpoints.back(), BenchCoin(rng), true);
    }
    size_t i = 0;
    for (auto _ : state) {
        const Coin& coin = cache.AccessCoin(outpoints[(i++ * 7919) % CACHE_COINS]);
        benchmark::DoNotOptimize(coin.out.value);
    }
    state.counters["cache_MiB"] = static_cast<double>(cache.DynamicMemoryUsage()) / (1 << 20);
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(CoinsCacheHit)->Unit(benchmark::kNanosecond);

/**
 * Lookups that miss the 1,000,000-coin cache and go to the LevelDB view (half find a coin on
 * disk, half find nothing); each found coin is uncached again so every iteration is a miss.
 */
void CoinsCacheMissToDb(benchmark::State& state)
{
    TempDir dir{"coins_miss"};
    auto db = OpenDb(dir.path());
    if (!db) {
        state.SkipWithError("cannot open database");
        return;
    }
    CoinsViewDB view{*db};
    FastRandomContext rng{2};
    std::vector<COutPoint> on_disk;
    {
        CoinsViewCache writer{&view};
        for (size_t i = 0; i < 200'000; ++i) {
            on_disk.push_back(BenchOutpoint(rng));
            writer.AddCoin(on_disk.back(), BenchCoin(rng), true);
        }
        writer.SetBestBlock(uint256::ONE);
        if (!writer.Flush().ok()) {
            state.SkipWithError("flush failed");
            return;
        }
    }
    CoinsViewCache cache{&view};
    for (size_t i = 0; i < CACHE_COINS; ++i) cache.AddCoin(BenchOutpoint(rng), BenchCoin(rng), true);
    size_t i = 0;
    for (auto _ : state) {
        const COutPoint op = (i & 1) ? BenchOutpoint(rng) : on_disk[(i * 7919) % on_disk.size()];
        ++i;
        benchmark::DoNotOptimize(cache.HaveCoin(op));
        cache.Uncache(op);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(CoinsCacheMissToDb)->Unit(benchmark::kMicrosecond);

/** AddCoin + SpendCoin of fresh coins (a transaction's outputs created and spent in one cache). */
void CoinsCacheAddSpend(benchmark::State& state)
{
    FastRandomContext rng{3};
    EmptyView base;
    CoinsViewCache cache{&base};
    for (auto _ : state) {
        const COutPoint op = BenchOutpoint(rng);
        cache.AddCoin(op, BenchCoin(rng), false);
        benchmark::DoNotOptimize(cache.SpendCoin(op));
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(CoinsCacheAddSpend)->Unit(benchmark::kNanosecond);

/** Flush of 100,000 new coins from the cache to LevelDB (one synced flush per iteration). */
void CoinsViewDbFlush100k(benchmark::State& state)
{
    TempDir dir{"coins_flush"};
    auto db = OpenDb(dir.path());
    if (!db) {
        state.SkipWithError("cannot open database");
        return;
    }
    CoinsViewDB view{*db};
    FastRandomContext rng{4};
    for (auto _ : state) {
        state.PauseTiming();
        CoinsViewCache cache{&view};
        for (size_t i = 0; i < 100'000; ++i) cache.AddCoin(BenchOutpoint(rng), BenchCoin(rng), true);
        std::array<uint8_t, 32> best;
        rng.FillBytes(best);
        cache.SetBestBlock(uint256{best});
        state.ResumeTiming();
        if (!cache.Flush().ok()) {
            state.SkipWithError("flush failed");
            return;
        }
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * 100'000);
}
BENCHMARK(CoinsViewDbFlush100k)->Unit(benchmark::kMillisecond)->Iterations(5);

} // namespace
