// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <storage/dbwrapper.h>
#include <storage/env.h>
#include <storage/flatfile.h>
#include <test/util/files.h>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

using namespace storage;
using test::TempDir;

namespace {

/** A 36-byte key shaped like a coin outpoint (32-byte txid + 4-byte index). */
std::vector<uint8_t> CoinKey(uint32_t n)
{
    std::vector<uint8_t> key(36);
    uint64_t x = n * 0x9e3779b97f4a7c15ULL + 1;
    for (size_t i = 0; i < 32; ++i) {
        x ^= x >> 29;
        x *= 0xbf58476d1ce4e5b9ULL;
        key[i] = static_cast<uint8_t>(x >> 56);
    }
    key[32] = uint8_t(n >> 24);
    key[33] = uint8_t(n >> 16);
    key[34] = uint8_t(n >> 8);
    key[35] = uint8_t(n);
    return key;
}

constexpr uint8_t PREFIX_COIN = 'C';

std::unique_ptr<DbWrapper> OpenBenchDb(const std::filesystem::path& path)
{
    DbOptions options;
    options.path = path;
    options.name = "bench";
    options.cache_bytes = 64 << 20;
    auto db = DbWrapper::Open(options);
    if (!db.ok()) return nullptr;
    return std::move(*db);
}

/** Point lookups of existing keys in a 100,000-record database whose blocks are all cached. */
void DbPointLookupWarm(benchmark::State& state)
{
    TempDir dir{"db_lookup"};
    auto db = OpenBenchDb(dir.path());
    if (!db) {
        state.SkipWithError("cannot open database");
        return;
    }
    constexpr uint32_t RECORDS = 100000;
    const std::vector<uint8_t> value(40, 0xab); // about a coin: amount, height, lock
    DbBatch batch{*db};
    for (uint32_t i = 0; i < RECORDS; ++i) batch.Write(PREFIX_COIN, CoinKey(i), value);
    if (!db->WriteBatch(batch, false).ok()) {
        state.SkipWithError("write failed");
        return;
    }
    db->CompactPrefix(PREFIX_COIN);
    for (uint32_t i = 0; i < RECORDS; ++i) (void)db->Read(PREFIX_COIN, CoinKey(i)); // warm the cache
    std::vector<std::vector<uint8_t>> keys;
    for (uint32_t i = 0; i < 4096; ++i) keys.push_back(CoinKey((i * 7919) % RECORDS));
    size_t i = 0;
    for (auto _ : state) {
        auto v = db->Read(PREFIX_COIN, keys[i++ & 4095]);
        benchmark::DoNotOptimize(v);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(DbPointLookupWarm);

/** One atomic batch of 10,000 small records (40-byte values), not synced. */
void DbBatchWrite10k(benchmark::State& state)
{
    TempDir dir{"db_batch"};
    auto db = OpenBenchDb(dir.path());
    if (!db) {
        state.SkipWithError("cannot open database");
        return;
    }
    const std::vector<uint8_t> value(40, 0xcd);
    uint32_t base = 0;
    DbBatch batch{*db};
    for (auto _ : state) {
        batch.Clear();
        for (uint32_t i = 0; i < 10000; ++i) batch.Write(PREFIX_COIN, CoinKey(base + i), value);
        if (!db->WriteBatch(batch, /*sync=*/false).ok()) {
            state.SkipWithError("write failed");
            return;
        }
        base += 10000;
    }
    state.SetItemsProcessed(state.iterations() * 10000);
}
BENCHMARK(DbBatchWrite10k)->Unit(benchmark::kMillisecond);

/** Append a record of state.range(0) bytes to a flat file (checksum included, no fsync). */
void FlatFileAppend(benchmark::State& state)
{
    TempDir dir{"flat_append"};
    FlatFileOptions options;
    options.magic = {0xd0, 0x75, 0x51, 0x9a};
    auto store = FlatFileStore::Open(DefaultEnv(), dir.path(), options);
    if (!store.ok()) {
        state.SkipWithError("cannot open store");
        return;
    }
    const std::vector<uint8_t> payload(static_cast<size_t>(state.range(0)), 0x5a);
    auto flat = std::move(*store);
    uint64_t written = 0;
    for (auto _ : state) {
        auto pos = flat->Append(payload);
        if (!pos.ok()) {
            state.SkipWithError("append failed");
            return;
        }
        written += payload.size();
        if (written > (256 << 20)) {
            // Keep the disk footprint bounded: start over outside the timed region.
            state.PauseTiming();
            flat.reset();
            std::filesystem::remove_all(dir.path());
            auto fresh = FlatFileStore::Open(DefaultEnv(), dir.path(), options);
            if (!fresh.ok()) {
                state.SkipWithError("cannot reopen store");
                return;
            }
            flat = std::move(*fresh);
            written = 0;
            state.ResumeTiming();
        }
    }
    state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(FlatFileAppend)->Arg(256)->Arg(1 << 20);

/** Read and verify a record of state.range(0) bytes (page cache warm). */
void FlatFileRead(benchmark::State& state)
{
    TempDir dir{"flat_read"};
    FlatFileOptions options;
    options.magic = {0xd0, 0x75, 0x51, 0x9a};
    auto store = FlatFileStore::Open(DefaultEnv(), dir.path(), options);
    if (!store.ok()) {
        state.SkipWithError("cannot open store");
        return;
    }
    const std::vector<uint8_t> payload(static_cast<size_t>(state.range(0)), 0x5a);
    std::vector<FlatFilePos> positions;
    for (int i = 0; i < 64; ++i) {
        auto pos = (*store)->Append(payload);
        if (!pos.ok()) {
            state.SkipWithError("append failed");
            return;
        }
        positions.push_back(*pos);
    }
    size_t i = 0;
    for (auto _ : state) {
        auto data = (*store)->Read(positions[i++ % positions.size()]);
        benchmark::DoNotOptimize(data);
    }
    state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(FlatFileRead)->Arg(256)->Arg(1 << 20);

} // namespace
