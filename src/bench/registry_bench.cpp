// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Registry benchmarks (doc/benchmarks.md "Registry"):
//
//   Handle lookup, as the SIP router does once per call: ReadHandle through a
//   chainstate::ReadOnlyRecordStore over a CoinsViewCache on an in-memory chainstate database
//   holding 1,000,000 handles (target < 1 us).
//     RegistryHandleLookupWarm        the cache holds the 100,000 looked-up handles
//     RegistryHandleLookupWarmLocked  the same inside LOCK(mutex) (uncontended), as a caller
//                                     holding a lock around the chainstate would
//     RegistryHandleLookupCold        no cache: every read goes to LevelDB (in-memory Env, so
//                                     no disk I/O; a disk-backed node costs more)
//     RegistryHandleGetRecordWarm     breakdown: CoinsViewCache::GetRecord(key) alone (SipHash
//                                     of the key, hash-map probe, copy of the value string)
//     RegistryHandleDecode            breakdown: HandleRecord::Decode of a value alone
//
//   Block connection: BlockConnector over a chainstate::DiffRecordingStore over a
//   per-block scratch CoinsViewCache over a warm tip cache (as validation does), with 1,000
//   active nodes (also frozen for the probe epoch) and 100,000 handles, connecting a block of
//   2,000 registry transactions (500 bindings, half of them owner-signed; 400 settlements of
//   3 vouchers; 300 probe-receipt transactions of 3 receipts, each drawing its target's probers;
//   400 handle updates; 400 deposits) plus 600 settlement keys erased by the agenda at that
//   height. One iteration: BeginBlock, ApplyTransaction x 2,000, EndBlock, TakeDiff + Encode (the
//   undo). Items are transactions, so items_per_second reads as tx/s. Dominated by BIP340
//   verification (3,250 signatures per block); RegistryVerifyStatement measures one.

#include <chainstate/coins.h>
#include <chainstate/coinsdb.h>
#include <chainstate/registry_store.h>
#include <consensus/params.h>
#include <consensus/registry_payload.h>
#include <consensus/registry_probe.h>
#include <consensus/registry_rules.h>
#include <consensus/registry_state.h>
#include <consensus/validation_state.h>
#include <crypto/key.h>
#include <primitives/transaction.h>
#include <storage/dbwrapper.h>
#include <util/sync.h>

#include <benchmark/benchmark.h>

#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace chainstate;
using namespace consensus;

namespace {

std::unique_ptr<storage::DbWrapper> OpenMemoryDb()
{
    storage::DbOptions options;
    options.path = "registry-bench-mem";
    options.name = "chainstate";
    options.memory_only = true;
    options.cache_bytes = 64 << 20;
    options.schema_version = CHAINSTATE_SCHEMA_VERSION;
    auto db = storage::DbWrapper::Open(options);
    if (!db.ok()) {
        std::fprintf(stderr, "registry_bench: cannot open the in-memory database: %s\n", db.status().ToString().c_str());
        std::abort();
    }
    return std::move(*db);
}

/** Deterministic filler bytes. */
uint64_t SplitMix(uint64_t& state)
{
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

template <size_t N>
std::array<uint8_t, N> FillBytes(uint64_t& state)
{
    std::array<uint8_t, N> out{};
    for (size_t i = 0; i < N; i += 8) {
        const uint64_t v = SplitMix(state);
        for (size_t b = 0; b < 8 && i + b < N; ++b) out[i + b] = static_cast<uint8_t>(v >> (8 * b));
    }
    return out;
}

std::string HandleName(size_t i)
{
    char buf[16];
    std::snprintf(buf, sizeof(buf), "user%07zu", i);
    return buf;
}

uint256 FakeBlockHash(int32_t height)
{
    uint64_t state = 0xb10cu + static_cast<uint64_t>(height);
    return uint256{FillBytes<32>(state)};
}

// ---------------------------------------------------------------------------------------------
// Handle lookup
// ---------------------------------------------------------------------------------------------

constexpr size_t LOOKUP_HANDLES = 1'000'000;
constexpr size_t LOOKUP_WARM = 100'000;
constexpr int32_t LOOKUP_HEIGHT = 100'000;

/** 1,000,000 handles in an in-memory chainstate, a cache warmed with 100,000 of them. Built once. */
struct LookupFixture {
    std::unique_ptr<storage::DbWrapper> db;
    std::unique_ptr<CoinsViewDB> db_view;
    std::unique_ptr<CoinsViewCache> cache;
    std::vector<std::string> warm_names; //!< in the cache
    std::vector<std::string> lookup_order; //!< warm_names in a stride order unrelated to where they sit in memory
    std::vector<std::string> all_names;  //!< a random-order sample of the 1M (for cold reads)

    LookupFixture()
    {
        db = OpenMemoryDb();
        db_view = std::make_unique<CoinsViewDB>(*db);
        cache = std::make_unique<CoinsViewCache>(db_view.get());
        uint64_t rng = 42;
        for (size_t i = 0; i < LOOKUP_HANDLES; ++i) {
            HandleRecord r;
            r.handle = HandleName(i);
            r.owner = FillBytes<32>(rng);
            r.registered_height = static_cast<int32_t>(i % LOOKUP_HEIGHT);
            r.expiry_height = r.registered_height + 525'600;
            r.home = FillBytes<32>(rng);
            if (i % 2) r.identity = FillBytes<32>(rng);
            r.bound_node = r.home;
            r.binding_seq = static_cast<uint32_t>(i % 3);
            r.binding_height = LOOKUP_HEIGHT - 1;
            r.update_seq = static_cast<uint32_t>(i % 5);
            cache->PutRecord(HandleKey(r.handle), r.Encode());
        }
        cache->SetBestBlock(uint256{FillBytes<32>(rng)});
        if (storage::Status s = cache->Flush(); !s.ok()) {
            std::fprintf(stderr, "registry_bench: flush failed: %s\n", s.ToString().c_str());
            std::abort();
        }
        // Working set: every 10th handle, read once through the cache to warm it.
        warm_names.reserve(LOOKUP_WARM);
        for (size_t k = 0; k < LOOKUP_WARM; ++k) warm_names.push_back(HandleName(k * (LOOKUP_HANDLES / LOOKUP_WARM)));
        const ReadOnlyRecordStore store{*cache};
        for (const std::string& name : warm_names) {
            if (!ReadHandle(store, name)) std::abort();
        }
        // Cache nodes and values were allocated in warm_names order; looking them up in a stride
        // order defeats the hardware prefetcher as random lookups would, while the names themselves
        // are read sequentially (the router has the name hot from the SIP message it just parsed).
        lookup_order.reserve(LOOKUP_WARM);
        for (size_t k = 0; k < LOOKUP_WARM; ++k) lookup_order.push_back(warm_names[(k * 7919) % LOOKUP_WARM]);
        all_names.reserve(LOOKUP_WARM);
        for (size_t k = 0; k < LOOKUP_WARM; ++k) all_names.push_back(HandleName(SplitMix(rng) % LOOKUP_HANDLES));
    }
};

LookupFixture& GetLookupFixture()
{
    static LookupFixture fixture;
    return fixture;
}

size_t NextIndex(size_t& i)
{
    const size_t k = i;
    i = i + 1 == LOOKUP_WARM ? 0 : i + 1;
    return k;
}

/**
 * Arg: how many of the cached handles the loop cycles through. 100,000: the realistic case, every
 * lookup misses the CPU caches (hash bucket, node, value: DRAM latency). 1,000: the same lookups
 * with everything in L2, i.e. (almost) the pure instruction cost.
 */
void RegistryHandleLookupWarm(benchmark::State& state)
{
    LookupFixture& f = GetLookupFixture();
    const ReadOnlyRecordStore store{*f.cache};
    const size_t cache_size = f.cache->GetRecordCacheSize();
    const size_t set = static_cast<size_t>(state.range(0));
    size_t i = 0;
    for (auto _ : state) {
        std::optional<HandleRecord> r = ReadHandle(store, f.lookup_order[NextIndex(i) % set]);
        benchmark::DoNotOptimize(r);
    }
    if (f.cache->GetRecordCacheSize() != cache_size) state.SkipWithError("lookups missed the warm cache");
    state.counters["cached_records"] = static_cast<double>(f.cache->GetRecordCacheSize());
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(RegistryHandleLookupWarm)->Arg(LOOKUP_WARM)->Arg(1'000)->Unit(benchmark::kNanosecond);

void RegistryHandleLookupWarmLocked(benchmark::State& state)
{
    LookupFixture& f = GetLookupFixture();
    const ReadOnlyRecordStore store{*f.cache};
    Mutex mutex;
    size_t i = 0;
    for (auto _ : state) {
        std::optional<HandleRecord> r;
        {
            LOCK(mutex);
            r = ReadHandle(store, f.lookup_order[NextIndex(i)]);
        }
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(RegistryHandleLookupWarmLocked)->Unit(benchmark::kNanosecond);

void RegistryHandleLookupCold(benchmark::State& state)
{
    LookupFixture& f = GetLookupFixture();
    // Straight on the database view: no CoinsViewCache, so every lookup is a LevelDB Get
    // (in-memory Env) plus de-obfuscation, the std::string copy and the decode.
    const ReadOnlyRecordStore store{*f.db_view};
    size_t i = 0;
    for (auto _ : state) {
        std::optional<HandleRecord> r = ReadHandle(store, f.all_names[NextIndex(i)]);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(RegistryHandleLookupCold)->Unit(benchmark::kNanosecond);

void RegistryHandleGetRecordWarm(benchmark::State& state)
{
    LookupFixture& f = GetLookupFixture();
    std::vector<std::string> keys;
    keys.reserve(f.warm_names.size());
    for (const std::string& name : f.lookup_order) keys.push_back(HandleKey(name));
    size_t i = 0;
    for (auto _ : state) {
        std::optional<std::string> v = f.cache->GetRecord(keys[NextIndex(i)]);
        benchmark::DoNotOptimize(v);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(RegistryHandleGetRecordWarm)->Unit(benchmark::kNanosecond);

void RegistryHandleDecode(benchmark::State& state)
{
    LookupFixture& f = GetLookupFixture();
    const std::optional<std::string> value = f.cache->GetRecord(HandleKey(f.warm_names[0]));
    if (!value) {
        state.SkipWithError("missing record");
        return;
    }
    state.counters["value_bytes"] = static_cast<double>(value->size());
    for (auto _ : state) {
        std::optional<HandleRecord> r = HandleRecord::Decode(*value);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(RegistryHandleDecode)->Unit(benchmark::kNanosecond);

// ---------------------------------------------------------------------------------------------
// Block connection
// ---------------------------------------------------------------------------------------------

constexpr size_t BLOCK_NODES = 1'000;
constexpr size_t BLOCK_HANDLES = 100'000;
constexpr size_t OWNER_KEYS = 256;
constexpr size_t N_BINDINGS = 500;
constexpr size_t N_BINDINGS_OWNER_SIGNED = 250; //!< of N_BINDINGS: the node is not home, the owner signs too
constexpr size_t N_SETTLEMENTS = 400;
constexpr size_t VOUCHERS_PER_SETTLEMENT = 3;
constexpr size_t N_RECEIPT_TXS = 300;
constexpr size_t N_UPDATES = 400;
constexpr size_t N_DEPOSITS = 400;
constexpr size_t N_ERASURES_DUE = 600;
constexpr int32_t BLOCK_HEIGHT = 10'005; // regtest: probe epoch 500 (receipts of 499 accepted), settlement epoch 2001

CKey MakeKey(uint64_t seed)
{
    for (uint64_t attempt = 0;; ++attempt) {
        uint64_t state = seed * 1'000'003 + attempt;
        const std::array<uint8_t, 32> secret = FillBytes<32>(state);
        if (std::optional<CKey> key = CKey::FromBytes(secret)) return *key;
    }
}

Key PubKey(const CKey& key)
{
    Key out;
    const XOnlyPubKey pub = key.GetXOnlyPubKey();
    std::copy(pub.bytes().begin(), pub.bytes().end(), out.begin());
    return out;
}

Sig SignMsg(const CKey& key, const uint256& msg)
{
    std::optional<CKey::Signature> sig = key.Sign(msg.span());
    if (!sig) std::abort();
    return *sig;
}

CTransactionRef MakeRegistryTx(const Payload& payload, uint32_t salt)
{
    CMutableTransaction tx;
    tx.kind = PayloadKind(payload);
    tx.payload = EncodePayload(payload);
    tx.locktime = salt; // distinct txids
    return MakeTransactionRef(std::move(tx));
}

struct BlockFixture {
    const ConsensusParams& params{GetConsensusParams("regtest")};
    std::unique_ptr<storage::DbWrapper> db;
    std::unique_ptr<CoinsViewDB> db_view;
    std::unique_ptr<CoinsViewCache> tip;
    std::vector<CTransactionRef> block;
    size_t signatures{0};
    std::vector<CKey> node_keys;
    std::vector<Key> nodes;
    std::map<Key, size_t> node_index;

    BlockContext Context() const
    {
        return BlockContext{BLOCK_HEIGHT, &params, [](int32_t h) -> std::optional<uint256> {
                                if (h < 0 || h >= BLOCK_HEIGHT) return std::nullopt;
                                return FakeBlockHash(h);
                            }};
    }

    /** The nodes, the active set and its copy frozen for the probe epoch whose receipts the block holds. */
    void WriteNodes()
    {
        const RegistryParams& rp = params.registry;
        std::map<uint8_t, NodeList> buckets;
        for (size_t n = 0; n < BLOCK_NODES; ++n) {
            node_keys.push_back(MakeKey(1'000'000 + n));
            nodes.push_back(PubKey(node_keys.back()));
            node_index[nodes.back()] = n;
            NodeRecord node;
            node.node = nodes.back();
            node.seq = 1;
            node.endpoints = {"sip:pbx" + std::to_string(n) + ".example.net:5061;transport=tls"};
            node.domains = {"pbx" + std::to_string(n) + ".example.net"};
            node.prefixes = {"+4420" + std::to_string(n % 10'000).substr(0, 2)};
            node.rate = 100;
            node.bond = rp.min_node_bond * static_cast<CAmount>(1 + n % 7);
            node.registered_height = static_cast<int32_t>(n % 1000);
            tip->PutRecord(NodeKey(node.node), node.Encode());
            buckets[node.node[0]].nodes.push_back(NodeWeight{node.node, node.bond});
        }
        NodeSetHeader header;
        for (auto& [bucket, list] : buckets) {
            std::sort(list.nodes.begin(), list.nodes.end(), [](const NodeWeight& a, const NodeWeight& b) { return a.node < b.node; });
            for (const NodeWeight& w : list.nodes) header.total_bond += w.bond;
            header.node_count += static_cast<uint32_t>(list.nodes.size());
            header.buckets.push_back(bucket);
            tip->PutRecord(ActiveBucketKey(bucket), list.Encode());
            tip->PutRecord(FrozenBucketKey(ReceiptEpoch(), bucket), list.Encode());
        }
        tip->PutRecord(ActiveHeaderKey(), header.Encode());
        tip->PutRecord(FrozenHeaderKey(ReceiptEpoch()), header.Encode());
    }

    static uint32_t ReceiptEpoch() { return BLOCK_HEIGHT / 20 - 1; }

    BlockFixture()
    {
        const uint256& genesis = params.genesis_hash;
        db = OpenMemoryDb();
        db_view = std::make_unique<CoinsViewDB>(*db);
        tip = std::make_unique<CoinsViewCache>(db_view.get());
        WriteNodes();

        // Handles (owners from a small pool of keys; home node i % nodes).
        std::vector<CKey> owner_keys;
        std::vector<Key> owners;
        for (size_t k = 0; k < OWNER_KEYS; ++k) {
            owner_keys.push_back(MakeKey(2'000'000 + k));
            owners.push_back(PubKey(owner_keys.back()));
        }
        for (size_t i = 0; i < BLOCK_HANDLES; ++i) {
            HandleRecord r;
            r.handle = HandleName(i);
            r.owner = owners[i % OWNER_KEYS];
            r.registered_height = BLOCK_HEIGHT - 1'000;
            r.expiry_height = BLOCK_HEIGHT + 1'000'000;
            r.home = nodes[i % BLOCK_NODES];
            r.bound_node = r.home;
            r.binding_height = BLOCK_HEIGHT - 100;
            tip->PutRecord(HandleKey(r.handle), r.Encode());
        }

        // Settlement keys whose window ends at this height (the agenda erases them), and the
        // deposits the block's settlements pay from.
        const uint32_t expiring = static_cast<uint32_t>((BLOCK_HEIGHT - params.registry.settle_window) / params.registry.settle_epoch - 1);
        AgendaChunk chunk;
        for (size_t e = 0; e < N_ERASURES_DUE; ++e) {
            const Key& o = nodes[e % BLOCK_NODES];
            const Key& t = nodes[(e * 7 + 1) % BLOCK_NODES];
            tip->PutRecord(SettlementKey(o, t, expiring), SettlementRecord{1000, 600}.Encode());
            chunk.items.push_back(EraseSettlementItem(o, t, expiring));
        }
        tip->PutRecord(AgendaChunkKey(BLOCK_HEIGHT, 0), chunk.Encode());
        tip->PutRecord(AgendaCountKey(BLOCK_HEIGHT), AgendaCount{1}.Encode());
        for (size_t s = 0; s < N_SETTLEMENTS; ++s) {
            tip->PutRecord(PairKey(nodes[(s * 13) % BLOCK_NODES], nodes[(s * 13 + 1) % BLOCK_NODES]), PairRecord{100 * COIN, 0, 0, -1}.Encode());
        }

        // Persist the state, then keep only the tip cache over the database (as a running node).
        tip->SetBestBlock(FakeBlockHash(BLOCK_HEIGHT - 1));
        if (storage::Status s = tip->Flush(); !s.ok()) {
            std::fprintf(stderr, "registry_bench: flush failed: %s\n", s.ToString().c_str());
            std::abort();
        }

        uint32_t salt = 0;
        std::vector<std::vector<CTransactionRef>> kinds(5);
        for (size_t p = 0; p < N_BINDINGS; ++p) {
            const size_t h = p * 37 % BLOCK_HANDLES; // distinct handles
            const bool owner_signed = p < N_BINDINGS_OWNER_SIGNED;
            const size_t n = owner_signed ? (h + 1) % BLOCK_NODES : h % BLOCK_NODES; // another node or the home node
            Binding b;
            b.body = BindingBody{HandleName(h), nodes[n], owners[h % OWNER_KEYS], 1};
            const uint256 msg = BindingMessage(b.body, genesis);
            b.node_sig = SignMsg(node_keys[n], msg);
            ++signatures;
            if (owner_signed) {
                b.owner_sig = SignMsg(owner_keys[h % OWNER_KEYS], msg);
                ++signatures;
            }
            kinds[0].push_back(MakeRegistryTx(b, salt++));
        }
        const uint32_t current = static_cast<uint32_t>(BLOCK_HEIGHT / params.registry.settle_epoch);
        for (size_t s = 0; s < N_SETTLEMENTS; ++s) {
            const size_t o = (s * 13) % BLOCK_NODES;
            const size_t t = (s * 13 + 1) % BLOCK_NODES;
            Settlement st{nodes[o], nodes[t], {}};
            for (size_t v = 0; v < VOUCHERS_PER_SETTLEMENT; ++v) {
                VoucherEntry entry{current - 2 + static_cast<uint32_t>(v), 600 + s, 100, {}, {}, {}, {}};
                entry.orig_sig = SignMsg(node_keys[o], VoucherMessage(st.orig, st.term, entry, genesis));
                ++signatures;
                st.vouchers.push_back(entry);
            }
            kinds[1].push_back(MakeRegistryTx(st, salt++));
        }
        const std::optional<ProbeSet> set = LoadFrozenSet(ReadOnlyRecordStore{*tip}, ReceiptEpoch());
        const uint256 seed = FakeBlockHash(static_cast<int32_t>(ReceiptEpoch() * 20 - 10));
        for (size_t r = 0; r < N_RECEIPT_TXS; ++r) {
            const Key& target = nodes[r * 3 % BLOCK_NODES];
            const std::vector<size_t> probers = DrawProbers(*set, seed, *set->Find(target), params.registry.probe_count);
            ProbeReceipts receipts{target, ReceiptEpoch(), {}};
            for (uint8_t i = 0; i < 3; ++i) {
                const Key& prober = set->Node(probers[i]).node;
                const uint256 msg = ProbeChallengeMessage(target, prober, ReceiptEpoch(), genesis);
                receipts.receipts.push_back(ProbeReceipt{i, SignMsg(node_keys[node_index.at(prober)], msg)});
                ++signatures;
            }
            kinds[2].push_back(MakeRegistryTx(receipts, salt++));
        }
        for (size_t u = 0; u < N_UPDATES; ++u) {
            const size_t h = 50'001 + u * 41; // not among the bound handles (multiples of 37 < 18,500)
            HandleUpdate up;
            up.body.handle = HandleName(h);
            up.body.owner = owners[h % OWNER_KEYS];
            up.body.seq = 1;
            up.body.flags = UPDATE_HOME | UPDATE_RENEW;
            up.body.home = nodes[(h + 500) % BLOCK_NODES];
            up.owner_sig = SignMsg(owner_keys[h % OWNER_KEYS], HandleUpdateMessage(up.body, genesis));
            ++signatures;
            kinds[3].push_back(MakeRegistryTx(up, salt++));
        }
        for (size_t d = 0; d < N_DEPOSITS; ++d) {
            kinds[4].push_back(MakeRegistryTx(Deposit{nodes[d % BLOCK_NODES], nodes[(d + 3) % BLOCK_NODES], COIN}, salt++));
        }
        // Interleave the kinds.
        std::vector<size_t> next(kinds.size(), 0);
        for (bool more = true; more;) {
            more = false;
            for (size_t k = 0; k < kinds.size(); ++k) {
                if (next[k] < kinds[k].size()) {
                    block.push_back(kinds[k][next[k]++]);
                    more = true;
                }
            }
        }
    }

    /** Connects the block on a fresh scratch cache over the tip; returns the undo size, or -1 on a rejected tx. */
    int64_t Connect(std::string* error = nullptr) const
    {
        CoinsViewCache scratch{tip.get()};
        DiffRecordingStore store{scratch};
        BlockConnector connector{store, Context()};
        connector.BeginBlock();
        for (const CTransactionRef& tx : block) {
            TxValidationState state;
            if (!connector.ApplyTransaction(*tx, state)) {
                if (error) *error = state.ToString();
                return -1;
            }
        }
        connector.EndBlock();
        const std::vector<uint8_t> undo = store.TakeDiff().Encode();
        return static_cast<int64_t>(undo.size());
    }
};

BlockFixture& GetBlockFixture()
{
    static BlockFixture fixture;
    return fixture;
}

void RegistryConnectBlock(benchmark::State& state)
{
    const BlockFixture& f = GetBlockFixture();
    // Untimed warm-up: validates the block once and warms the tip cache with every record it reads.
    std::string error;
    const int64_t undo_bytes = f.Connect(&error);
    if (undo_bytes < 0) {
        state.SkipWithError(("block rejected: " + error).c_str());
        return;
    }
    for (auto _ : state) {
        benchmark::DoNotOptimize(f.Connect());
    }
    state.counters["txs"] = static_cast<double>(f.block.size());
    state.counters["sigs"] = static_cast<double>(f.signatures);
    state.counters["undo_KiB"] = static_cast<double>(undo_bytes) / 1024;
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * f.block.size()));
}
BENCHMARK(RegistryConnectBlock)->Unit(benchmark::kMillisecond);

/** One BIP340 verification of a registry statement (the dominant cost of connecting). */
void RegistryVerifyStatement(benchmark::State& state)
{
    const CKey key = MakeKey(99);
    const Key pub = PubKey(key);
    const BindingBody body{"user0000001", pub, pub, 1};
    const uint256 msg = BindingMessage(body, GetConsensusParams("regtest").genesis_hash);
    const Sig sig = SignMsg(key, msg);
    for (auto _ : state) {
        benchmark::DoNotOptimize(VerifyStatement(pub, msg, sig));
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(RegistryVerifyStatement)->Unit(benchmark::kMicrosecond);

} // namespace
