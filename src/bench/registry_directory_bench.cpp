// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The SIP router's registry snapshot (node/registry_directory.h; doc/benchmarks.md "Registry"),
// holding 100,000 handles and 1,000 nodes, from records in a std::map (no LevelDB: the load's
// database walk is not counted):
//     DirectoryLookupHandle100k  LookupHandle of a held handle, as the router does once per call
//                                (compare RegistryHandleLookupWarm: the chainstate read it replaces)
//     DirectoryLoad100k          the full build at start (decode and insert every record)
//     DirectoryApplyBlock100k    one block changing 100 handles (their shards copied), applied
//                                alternately connected and disconnected so the tips chain

#include <chainstate/registry_store.h>
#include <consensus/params.h>
#include <consensus/registry_state.h>
#include <node/registry_directory.h>

#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <vector>

namespace {

constexpr size_t HANDLES{100'000};
constexpr size_t NODES{1'000};

const consensus::RegistryParams& Params() { return consensus::GetConsensusParams("regtest").registry; }

std::string Name(size_t i) { return "user" + std::to_string(i); }

consensus::Key NodeKeyOf(size_t i)
{
    consensus::Key k{};
    k[0] = static_cast<uint8_t>(i * 37);
    k[1] = static_cast<uint8_t>(i >> 8);
    k[2] = static_cast<uint8_t>(i);
    return k;
}

std::string HandleValue(size_t i, const consensus::Key& home)
{
    consensus::HandleRecord rec;
    rec.handle = Name(i);
    rec.owner[0] = static_cast<uint8_t>(i);
    rec.registered_height = 1;
    rec.expiry_height = 1'000'000;
    rec.home = home;
    return rec.Encode();
}

const std::map<std::string, std::string>& Records()
{
    static const std::map<std::string, std::string> records = [] {
        std::map<std::string, std::string> r;
        for (size_t i = 0; i < NODES; ++i) {
            consensus::NodeRecord n;
            n.node = NodeKeyOf(i);
            n.endpoints = {"sip:node" + std::to_string(i) + ".example.net:5060;transport=tcp"};
            n.prefixes = {"+" + std::to_string(1 + i % 999)};
            n.rate = 100;
            n.bond = 100'000'000;
            r[consensus::NodeKey(n.node)] = n.Encode();
        }
        for (size_t i = 0; i < HANDLES; ++i) r[consensus::HandleKey(Name(i))] = HandleValue(i, NodeKeyOf(i % NODES));
        return r;
    }();
    return records;
}

node::RegistryDirectory::RecordLister Lister()
{
    return [](const std::string& prefix, const std::function<bool(const std::string&, const std::string&)>& fn) {
        const auto& records = Records();
        for (auto it = records.lower_bound(prefix); it != records.end() && it->first.starts_with(prefix); ++it) {
            if (!fn(it->first, it->second)) break;
        }
        return std::string{};
    };
}

uint256 TipHash(uint8_t n)
{
    uint256 h;
    h.data()[0] = n;
    h.data()[1] = 0xd1;
    return h;
}

void DirectoryLookupHandle100k(benchmark::State& state)
{
    node::RegistryDirectory dir{Params(), {}};
    if (!dir.Load(10, TipHash(10), Lister())) state.SkipWithError("load failed");
    std::vector<std::string> names;
    for (size_t i = 0; i < HANDLES; i += 7) names.push_back(Name(i));
    size_t i = 0, found = 0;
    for (auto _ : state) {
        auto rec = dir.LookupHandle(names[i++ % names.size()]);
        found += rec.has_value();
        benchmark::DoNotOptimize(rec);
    }
    if (found != static_cast<size_t>(state.iterations())) state.SkipWithError("a handle was not found");
}

void DirectoryLoad100k(benchmark::State& state)
{
    Records(); // built outside the timing
    for (auto _ : state) {
        node::RegistryDirectory dir{Params(), {}};
        if (!dir.Load(10, TipHash(10), Lister())) state.SkipWithError("load failed");
        if (dir.Stats().handles != HANDLES) state.SkipWithError("handles missing");
    }
    state.SetItemsProcessed(state.iterations() * (HANDLES + NODES));
}

void DirectoryApplyBlock100k(benchmark::State& state)
{
    node::RegistryDirectory dir{Params(), {}};
    if (!dir.Load(10, TipHash(10), Lister())) state.SkipWithError("load failed");
    chainstate::RecordDiff diff;
    for (size_t i = 0; i < 100; ++i) {
        const size_t h = i * 997 % HANDLES;
        diff.changes.push_back({consensus::HandleKey(Name(h)), HandleValue(h, NodeKeyOf(h % NODES)), HandleValue(h, NodeKeyOf((h + 1) % NODES))});
    }
    bool connect = true;
    for (auto _ : state) {
        const bool ok = connect ? dir.ApplyBlock(diff, true, 11, TipHash(11), TipHash(10))
                                : dir.ApplyBlock(diff, false, 11, TipHash(11), TipHash(10));
        if (!ok) state.SkipWithError("the block did not follow on");
        connect = !connect;
    }
}

} // namespace

BENCHMARK(DirectoryLookupHandle100k);
BENCHMARK(DirectoryLoad100k)->Unit(benchmark::kMillisecond);
BENCHMARK(DirectoryApplyBlock100k)->Unit(benchmark::kMicrosecond);
