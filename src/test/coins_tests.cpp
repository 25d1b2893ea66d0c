// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <chainstate/coins.h>
#include <chainstate/coinsdb.h>
#include <chainstate/compressor.h>
#include <crypto/random.h>
#include <storage/dbwrapper.h>
#include <storage/fault_env.h>
#include <test/util/db.h>
#include <test/util/files.h>
#include <test/util/print.h>
#include <test/util/random.h>

#include <boost/test/unit_test.hpp>

#include <map>
#include <set>
#include <stdexcept>

using namespace chainstate;
using namespace test;

/** For Boost.Test messages (internal linkage: other test files may print uint256 too). */
namespace {

/**
 * A reference base view over a std::map that enforces the cache protocol: a FRESH entry must
 * not already exist unspent in the base (otherwise the FRESH optimisation would lose a coin),
 * and only DIRTY entries may be written.
 */
class MemoryCoinsView final : public CoinsView
{
public:
    std::map<COutPoint, Coin> coins;
    uint256 best;
    size_t batch_writes{0};

    std::optional<Coin> GetCoin(const COutPoint& outpoint) const override
    {
        auto it = coins.find(outpoint);
        if (it == coins.end()) return std::nullopt;
        return it->second;
    }
    uint256 GetBestBlock() const override { return best; }
    storage::Status BatchWrite(CoinsMap& map, RecordMap&, const uint256& best_block, bool) override
    {
        ++batch_writes;
        for (auto& [outpoint, entry] : map) {
            if (!(entry.flags & COINS_DIRTY)) continue;
            if (entry.flags & COINS_FRESH) BOOST_REQUIRE_MESSAGE(!coins.count(outpoint), "FRESH entry exists in base");
            if (entry.coin.IsSpent()) {
                coins.erase(outpoint);
            } else {
                coins[outpoint] = entry.coin;
            }
        }
        if (!best_block.IsNull()) best = best_block;
        return storage::Status::OK();
    }
};

Coin RandomCoin(FastRandomContext& rng)
{
    CTxOut out;
    out.value = static_cast<CAmount>(rng.RandRange(50 * COIN)) + 1;
    out.lock.type = rng.RandRange(2) ? LockType::KEY : LockType::KEY_HASH;
    rng.FillBytes(out.lock.program);
    return Coin{out, static_cast<uint32_t>(rng.RandRange(1'000'000)), rng.RandRange(10) == 0};
}

/** Every coin of a CoinsViewDB, through its cursor. */
std::map<COutPoint, Coin> AllCoins(const CoinsView& view)
{
    std::map<COutPoint, Coin> out;
    auto cursor = view.Cursor();
    BOOST_REQUIRE(cursor);
    for (; cursor->Valid(); cursor->Next()) {
        auto entry = cursor->Get();
        BOOST_REQUIRE(entry);
        out.emplace(entry->outpoint, entry->coin);
    }
    BOOST_REQUIRE(cursor->status().ok());
    return out;
}

struct ReadErrorThrown : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::vector<uint8_t> Hex(std::initializer_list<uint8_t> bytes) { return bytes; }

} // namespace

BOOST_AUTO_TEST_SUITE(coins_tests)

BOOST_AUTO_TEST_CASE(varint_encodings)
{
    // Bitcoin Core's VARINT encodings (MSB base-128 with the +1 offset).
    const std::vector<std::pair<uint64_t, std::vector<uint8_t>>> vectors{
        {0, Hex({0x00})},
        {127, Hex({0x7f})},
        {128, Hex({0x80, 0x00})},
        {255, Hex({0x80, 0x7f})},
        {256, Hex({0x81, 0x00})},
        {16383, Hex({0xfe, 0x7f})},
        {16384, Hex({0xff, 0x00})},
        {16511, Hex({0xff, 0x7f})},
        {65535, Hex({0x82, 0xfe, 0x7f})},
        {uint64_t{1} << 32, Hex({0x8e, 0xfe, 0xfe, 0xff, 0x00})},
    };
    for (const auto& [n, enc] : vectors) {
        ByteWriter w;
        WriteVarInt(w, n);
        BOOST_CHECK(w.buffer() == enc);
        BOOST_CHECK_EQUAL(VarIntLen(n), enc.size());
        ByteReader r{enc};
        BOOST_CHECK_EQUAL(*ReadVarInt(r), n);
        BOOST_CHECK(r.empty());
    }
    ByteWriter w;
    WriteVarInt(w, UINT64_MAX);
    ByteReader r{w.buffer()};
    BOOST_CHECK_EQUAL(*ReadVarInt(r), UINT64_MAX);
    // One more continuation byte overflows 64 bits and must fail, not wrap.
    std::vector<uint8_t> too_big(11, 0xff);
    too_big.back() = 0x00;
    ByteReader r2{too_big};
    BOOST_CHECK(!ReadVarInt(r2));
    BOOST_CHECK(r2.failure().code == DecodeError::SIZE_TOO_LARGE);
    // Truncated.
    const std::vector<uint8_t> truncated{0x80};
    ByteReader r3{truncated};
    BOOST_CHECK(!ReadVarInt(r3));
    BOOST_CHECK(r3.failure().code == DecodeError::TRUNCATED);
}

BOOST_AUTO_TEST_CASE(amount_compression)
{
    // Bitcoin Core's compress_tests vectors.
    BOOST_CHECK_EQUAL(CompressAmount(0), 0u);
    BOOST_CHECK_EQUAL(CompressAmount(1), 1u);
    BOOST_CHECK_EQUAL(CompressAmount(1'000'000), 7u);
    BOOST_CHECK_EQUAL(CompressAmount(COIN), 9u);
    BOOST_CHECK_EQUAL(CompressAmount(50 * COIN), 50u);
    BOOST_CHECK_EQUAL(CompressAmount(21'000'000 * COIN), 21'000'000u);
    FastRandomContext rng{1};
    for (int i = 0; i < 100000; ++i) {
        const uint64_t n = i < 1000 ? static_cast<uint64_t>(i) : rng.RandRange(MAX_MONEY + 1);
        BOOST_REQUIRE_EQUAL(DecompressAmount(CompressAmount(n)), n);
        // The inverse holds for every compressed value of an amount (not for all of uint64,
        // where decompression overflows: Coin::Unserialize rejects those).
        const uint64_t x = static_cast<uint64_t>(i) * 1000;
        BOOST_REQUIRE_EQUAL(CompressAmount(DecompressAmount(x)), x);
    }
}

BOOST_AUTO_TEST_CASE(coin_serialization)
{
    Coin coin;
    coin.out.value = COIN;
    coin.out.lock.type = LockType::KEY_HASH;
    coin.out.lock.program.fill(0xab);
    coin.height = 100000;
    coin.coinbase = true;
    const std::vector<uint8_t> enc = Encode(coin);
    BOOST_CHECK_EQUAL(enc.size(), 3u + 1u + 33u);
    BOOST_CHECK_EQUAL(enc[3], 9); // compressed 1 DOTS
    auto back = DecodeFull<Coin>(enc);
    BOOST_REQUIRE(back);
    BOOST_CHECK(*back == coin);
    BOOST_CHECK(!back->IsSpent());

    // Truncated and trailing bytes are rejected.
    BOOST_CHECK(!DecodeFull<Coin>(std::span{enc}.first(enc.size() - 1)));
    std::vector<uint8_t> longer = enc;
    longer.push_back(0);
    BOOST_CHECK(!DecodeFull<Coin>(longer));

    BOOST_CHECK(Coin{}.IsSpent());
    Coin cleared = coin;
    cleared.Clear();
    BOOST_CHECK(cleared.IsSpent());
}

BOOST_AUTO_TEST_CASE(fresh_and_dirty_flags)
{
    FastRandomContext rng{2};
    MemoryCoinsView base;
    const COutPoint in_base{RandomHash(rng), 0};
    const Coin base_coin = RandomCoin(rng);
    base.coins[in_base] = base_coin;

    {
        // A new coin is DIRTY|FRESH; spending it before a flush leaves nothing to write.
        CoinsViewCache cache{&base};
        const COutPoint op{RandomHash(rng), 1};
        cache.AddCoin(op, RandomCoin(rng), false);
        BOOST_CHECK_EQUAL(*cache.GetEntryFlags(op), COINS_DIRTY | COINS_FRESH);
        BOOST_CHECK(cache.SpendCoin(op).has_value());
        BOOST_CHECK(!cache.GetEntryFlags(op).has_value());
        BOOST_CHECK(!cache.SpendCoin(op).has_value()); // double spend
        BOOST_CHECK_EQUAL(cache.GetDirtyCount(), 0u);
        cache.SetBestBlock(uint256::ONE);
        BOOST_CHECK(cache.Flush().ok());
        BOOST_CHECK(!base.coins.count(op));
    }
    {
        // A coin fetched from the base is clean; spending it makes a DIRTY spent entry that the
        // flush turns into an erase, and returns the coin for the undo data.
        CoinsViewCache cache{&base};
        BOOST_CHECK(cache.HaveCoin(in_base));
        BOOST_CHECK_EQUAL(*cache.GetEntryFlags(in_base), 0);
        auto spent = cache.SpendCoin(in_base);
        BOOST_REQUIRE(spent);
        BOOST_CHECK(*spent == base_coin);
        BOOST_CHECK_EQUAL(*cache.GetEntryFlags(in_base), COINS_DIRTY);
        BOOST_CHECK(cache.AccessCoin(in_base).IsSpent());
        BOOST_CHECK(!cache.HaveCoin(in_base));
        // Re-adding (a disconnect restoring the coin) must not be FRESH: the base still has it.
        cache.AddCoin(in_base, base_coin, false);
        BOOST_CHECK_EQUAL(*cache.GetEntryFlags(in_base), COINS_DIRTY);
        BOOST_CHECK(cache.SpendCoin(in_base).has_value());
        cache.SetBestBlock(uint256::ONE);
        BOOST_CHECK(cache.Flush().ok());
        BOOST_CHECK(!base.coins.count(in_base));
        BOOST_CHECK_EQUAL(cache.GetCacheSize(), 0u);
    }
    {
        // Uncache drops clean entries only; Sync keeps unspent coins, now clean.
        base.coins[in_base] = base_coin;
        CoinsViewCache cache{&base};
        BOOST_CHECK(cache.HaveCoin(in_base));
        cache.Uncache(in_base);
        BOOST_CHECK(!cache.HaveCoinInCache(in_base));
        const COutPoint op{RandomHash(rng), 7};
        cache.AddCoin(op, RandomCoin(rng), false);
        cache.Uncache(op);
        BOOST_CHECK(cache.HaveCoinInCache(op));
        cache.SetBestBlock(uint256::ONE);
        BOOST_CHECK(cache.Sync().ok());
        BOOST_CHECK(base.coins.count(op));
        BOOST_CHECK_EQUAL(*cache.GetEntryFlags(op), 0);
        cache.Uncache(op);
        BOOST_CHECK(!cache.HaveCoinInCache(op));
        BOOST_CHECK(cache.HaveCoin(op)); // fetched again from the base
    }
    {
        // Child cache over parent cache: a FRESH child coin spent in the child never reaches the
        // parent; a DIRTY spend of a parent FRESH coin erases it from the parent entirely.
        CoinsViewCache parent{&base};
        const COutPoint p_fresh{RandomHash(rng), 0};
        parent.AddCoin(p_fresh, RandomCoin(rng), false);
        CoinsViewCache child{&parent};
        const COutPoint c_fresh{RandomHash(rng), 0};
        child.AddCoin(c_fresh, RandomCoin(rng), false);
        BOOST_CHECK(child.SpendCoin(c_fresh).has_value());
        BOOST_CHECK(child.SpendCoin(p_fresh).has_value());
        BOOST_CHECK_EQUAL(*child.GetEntryFlags(p_fresh), COINS_DIRTY); // parent had it: not FRESH here
        child.SetBestBlock(uint256::ONE);
        BOOST_CHECK(child.Flush().ok());
        BOOST_CHECK(!parent.GetEntryFlags(p_fresh).has_value());
        BOOST_CHECK(!parent.GetEntryFlags(c_fresh).has_value());
        BOOST_CHECK_EQUAL(parent.GetBestBlock(), uint256::ONE);
        parent.SanityCheck();
    }
}

BOOST_AUTO_TEST_CASE(have_inputs_and_value_in)
{
    FastRandomContext rng{3};
    MemoryCoinsView base;
    CoinsViewCache cache{&base};
    CMutableTransaction mtx;
    CAmount total = 0;
    for (uint32_t i = 0; i < 3; ++i) {
        const COutPoint op{RandomHash(rng), i};
        Coin coin = RandomCoin(rng);
        total += coin.out.value;
        if (i == 0) {
            base.coins[op] = coin;
        } else {
            cache.AddCoin(op, coin, false);
        }
        mtx.vin.push_back(CTxIn{op, SEQUENCE_FINAL, {}});
    }
    const CTransaction tx{mtx};
    BOOST_CHECK(cache.HaveInputs(tx));
    BOOST_CHECK_EQUAL(cache.GetValueIn(tx), total);
    BOOST_CHECK(cache.SpendCoin(mtx.vin[0].prevout).has_value());
    BOOST_CHECK(!cache.HaveInputs(tx));
    CMutableTransaction cb;
    cb.kind = TxKind::COINBASE;
    BOOST_CHECK(cache.HaveInputs(CTransaction{cb}));
}

/**
 * Random operations on a stack of caches over a base view, checked against a std::map after
 * every step (Bitcoin Core's coins_cache_simulation_test, in our terms).
 */
static void RunCacheSimulation(CoinsView& base, uint64_t seed, int steps,
                               const std::function<std::map<COutPoint, Coin>()>& base_contents)
{
    FastRandomContext rng{seed};
    std::map<COutPoint, Coin> reference;
    std::vector<COutPoint> outpoints;
    for (int i = 0; i < 400; ++i) outpoints.push_back(COutPoint{RandomHash(rng), static_cast<uint32_t>(rng.RandRange(4))});
    std::vector<std::unique_ptr<CoinsViewCache>> stack;
    stack.push_back(std::make_unique<CoinsViewCache>(&base));
    uint256 block = RandomHash(rng);
    size_t found_spent = 0, found_unspent = 0, flushes = 0, added = 0, spent = 0;

    for (int step = 0; step < steps; ++step) {
        CoinsViewCache& top = *stack.back();
        const COutPoint& op = outpoints[rng.RandRange(outpoints.size())];
        const uint64_t action = rng.RandRange(100);
        auto ref = reference.find(op);
        if (action < 40) {
            // Add: a new coin, or overwrite allowed (restoring during a disconnect).
            Coin coin = RandomCoin(rng);
            const bool overwrite = ref != reference.end();
            top.AddCoin(op, coin, overwrite ? true : rng.RandRange(2) == 0);
            reference[op] = coin;
            ++added;
        } else if (action < 75) {
            auto got = top.SpendCoin(op);
            if (ref == reference.end()) {
                BOOST_REQUIRE(!got);
            } else {
                BOOST_REQUIRE(got);
                BOOST_REQUIRE(*got == ref->second);
                reference.erase(ref);
                ++spent;
            }
        } else if (action < 85) {
            const Coin& coin = top.AccessCoin(op);
            if (ref == reference.end()) {
                BOOST_REQUIRE(coin.IsSpent());
                ++found_spent;
            } else {
                BOOST_REQUIRE(coin == ref->second);
                ++found_unspent;
            }
        } else if (action < 90) {
            stack[rng.RandRange(stack.size())]->Uncache(op);
        } else if (action < 94) {
            // Flush or sync a random cache of the stack (and everything above it first, since a
            // lower flush must see the upper changes to stay equal to the reference).
            block = RandomHash(rng);
            const size_t level = rng.RandRange(stack.size());
            for (size_t i = stack.size(); i-- > level;) {
                stack[i]->SetBestBlock(block);
                BOOST_REQUIRE((rng.RandRange(2) ? stack[i]->Flush() : stack[i]->Sync()).ok());
            }
            ++flushes;
        } else if (action < 97) {
            if (stack.size() < 4) stack.push_back(std::make_unique<CoinsViewCache>(stack.back().get()));
        } else {
            if (stack.size() > 1) {
                stack.back()->SetBestBlock(block);
                BOOST_REQUIRE(stack.back()->Flush().ok());
                stack.pop_back();
            }
        }
        if (step % 97 == 0) {
            // Full comparison through the top cache.
            for (const COutPoint& o : outpoints) {
                auto r = reference.find(o);
                const Coin& c = stack.back()->AccessCoin(o);
                BOOST_REQUIRE_EQUAL(c.IsSpent(), r == reference.end());
                if (r != reference.end()) BOOST_REQUIRE(c == r->second);
                BOOST_REQUIRE_EQUAL(stack.back()->HaveCoin(o), r != reference.end());
            }
            for (const auto& cache : stack) cache->SanityCheck();
        }
    }
    block = RandomHash(rng);
    while (!stack.empty()) {
        stack.back()->SetBestBlock(block);
        BOOST_REQUIRE(stack.back()->Flush().ok());
        stack.pop_back();
    }
    BOOST_CHECK(base_contents() == reference);
    BOOST_CHECK_EQUAL(base.GetBestBlock(), block);
    // Every kind of operation happened often enough to mean something.
    BOOST_CHECK(added > 1000 && spent > 500 && flushes > 50 && found_spent > 50 && found_unspent > 50);
}

BOOST_AUTO_TEST_CASE(cache_simulation_memory_base)
{
    MemoryCoinsView base;
    RunCacheSimulation(base, 11, 40000, [&] { return base.coins; });
}

BOOST_AUTO_TEST_CASE(cache_simulation_database_base)
{
    auto db = MemDb("chainstate", CHAINSTATE_SCHEMA_VERSION);
    CoinsViewDB view{*db, /*batch_size=*/1000}; // many partial batches per flush
    RunCacheSimulation(view, 12, 20000, [&] { return AllCoins(view); });
    BOOST_CHECK(view.GetHeadBlocks().empty());
}

BOOST_AUTO_TEST_CASE(database_best_block_and_reopen)
{
    TempDir dir{"coinsdb"};
    auto options = DiskDbOptions(dir.path() / "chainstate", "chainstate", CHAINSTATE_SCHEMA_VERSION);
    FastRandomContext rng{4};
    std::map<COutPoint, Coin> reference;
    const uint256 tip = RandomHash(rng);
    {
        auto db = RequireOk(storage::DbWrapper::Open(options));
        CoinsViewDB view{*db};
        BOOST_CHECK(view.GetBestBlock().IsNull());
        CoinsViewCache cache{&view};
        for (int i = 0; i < 1000; ++i) {
            const COutPoint op{RandomHash(rng), static_cast<uint32_t>(i % 300)};
            const Coin coin = RandomCoin(rng);
            cache.AddCoin(op, coin, false);
            reference[op] = coin;
        }
        // A flush without a best block is refused: the database must always name its state.
        BOOST_CHECK(cache.Flush().IsInvalidArgument());
        cache.SetBestBlock(tip);
        BOOST_CHECK(cache.Flush().ok());
    }
    auto db = RequireOk(storage::DbWrapper::Open(options));
    CoinsViewDB view{*db};
    BOOST_CHECK_EQUAL(view.GetBestBlock(), tip);
    BOOST_CHECK(view.GetHeadBlocks().empty());
    BOOST_CHECK(AllCoins(view) == reference);
    for (const auto& [op, coin] : reference) {
        BOOST_REQUIRE(view.HaveCoin(op));
        BOOST_REQUIRE(*view.GetCoin(op) == coin);
    }
    BOOST_CHECK(!view.GetCoin(COutPoint{RandomHash(rng), 0}));
}

/**
 * An interrupted multi-batch flush leaves the head-blocks marker and no best block; finishing
 * the same flush (the start-up replay) repairs it; a flush towards another block is refused.
 */
BOOST_AUTO_TEST_CASE(interrupted_flush_is_detected_and_replayable)
{
    TempDir dir{"coinsdb"};
    auto options = DiskDbOptions(dir.path() / "chainstate", "chainstate", CHAINSTATE_SCHEMA_VERSION);
    FastRandomContext rng{5};
    const uint256 tip_a = RandomHash(rng), tip_b = RandomHash(rng);
    std::map<COutPoint, Coin> state_a, state_b;
    CoinsMap changes; // the flush from A to B, kept to replay it
    {
        auto db = RequireOk(storage::DbWrapper::Open(options));
        CoinsViewDB view{*db, /*batch_size=*/2000};
        CoinsViewCache cache{&view};
        for (int i = 0; i < 500; ++i) {
            const COutPoint op{RandomHash(rng), 0};
            const Coin coin = RandomCoin(rng);
            cache.AddCoin(op, coin, false);
            state_a[op] = coin;
        }
        cache.SetBestBlock(tip_a);
        BOOST_REQUIRE(cache.Flush().ok());
        state_b = state_a;
        int n = 0;
        for (const auto& [op, coin] : state_a) {
            if (n++ % 2) {
                BOOST_REQUIRE(cache.SpendCoin(op));
                state_b.erase(op);
            }
        }
        for (int i = 0; i < 500; ++i) {
            const COutPoint op{RandomHash(rng), 1};
            const Coin coin = RandomCoin(rng);
            cache.AddCoin(op, coin, false);
            state_b[op] = coin;
        }
        // Keep a copy of the change set (the DIRTY entries) to replay it after the "crash", as
        // the start-up replay would rebuild it from the blocks and their undo data.
        view.SetCrashAfterBatchesForTesting(3);
        cache.SetBestBlock(tip_b);
        std::set<COutPoint> touched;
        for (const auto& [op, coin] : state_a) touched.insert(op);
        for (const auto& [op, coin] : state_b) touched.insert(op);
        for (const COutPoint& op : touched) {
            auto flags = cache.GetEntryFlags(op);
            if (!flags || !(*flags & COINS_DIRTY)) continue;
            CoinsCacheEntry entry{cache.AccessCoin(op)};
            entry.flags = *flags;
            changes.emplace(op, entry);
        }
        storage::Status s = cache.Flush();
        BOOST_CHECK(s.IsIOError());
    }
    {
        auto db = RequireOk(storage::DbWrapper::Open(options));
        CoinsViewDB view{*db, 2000};
        BOOST_CHECK(view.GetBestBlock().IsNull());
        const std::vector<uint256> heads = view.GetHeadBlocks();
        BOOST_REQUIRE_EQUAL(heads.size(), 2u);
        BOOST_CHECK_EQUAL(heads[0], tip_b);
        BOOST_CHECK_EQUAL(heads[1], tip_a);
        const auto partial = AllCoins(view);
        BOOST_CHECK(partial != state_a && partial != state_b); // really half-written

        // A flush towards another block would mix states: refused.
        CoinsMap other;
        RecordMap no_records;
        BOOST_CHECK(view.BatchWrite(other, no_records, RandomHash(rng), true).IsCorruption());

        // Replaying the same change set (idempotent writes) completes the flush.
        BOOST_REQUIRE(view.BatchWrite(changes, no_records, tip_b, true).ok());
        BOOST_CHECK_EQUAL(view.GetBestBlock(), tip_b);
        BOOST_CHECK(view.GetHeadBlocks().empty());
        BOOST_CHECK(AllCoins(view) == state_b);
    }
}

/**
 * Power loss at any point of a flush, with LevelDB's files going through the fault-injecting
 * Env: after restart the database is either entirely at the old tip, or it carries the
 * head-blocks marker (and then no best block): never a mix that claims to be a tip.
 */
BOOST_AUTO_TEST_CASE(power_loss_during_flush_recovers_consistently)
{
    TempDir dir{"coinsdb"};
    storage::FaultInjectionEnv env{storage::DefaultEnv()};
    auto options = DiskDbOptions(dir.path() / "chainstate", "chainstate", CHAINSTATE_SCHEMA_VERSION);
    options.env = &env;
    FastRandomContext rng{6};
    int saw_old = 0, saw_marker = 0, saw_new = 0;
    for (int round = 0; round < 8; ++round) {
        std::map<COutPoint, Coin> state_a;
        const uint256 tip_a = RandomHash(rng), tip_b = RandomHash(rng);
        {
            options.wipe = true;
            auto db = RequireOk(storage::DbWrapper::Open(options));
            options.wipe = false;
            CoinsViewDB view{*db, 1500};
            CoinsViewCache cache{&view};
            for (int i = 0; i < 300; ++i) {
                const COutPoint op{RandomHash(rng), 0};
                const Coin coin = RandomCoin(rng);
                cache.AddCoin(op, coin, false);
                state_a[op] = coin;
            }
            cache.SetBestBlock(tip_a);
            BOOST_REQUIRE(cache.Flush().ok()); // synced
            for (const auto& [op, coin] : state_a) {
                if (rng.RandRange(2)) BOOST_REQUIRE(cache.SpendCoin(op));
            }
            for (int i = 0; i < 300; ++i) cache.AddCoin(COutPoint{RandomHash(rng), 1}, RandomCoin(rng), false);
            cache.SetBestBlock(tip_b);
            // Rounds 0-5 stop after a few partial batches (crash mid-flush); 6-7 complete.
            if (round < 6) view.SetCrashAfterBatchesForTesting(1 + round);
            const bool ok = cache.Flush().ok();
            BOOST_CHECK_EQUAL(ok, round >= 6);
        }
        BOOST_REQUIRE(env.SimulateCrash(rng.RandRange(3) * 700).ok());
        auto db = RequireOk(storage::DbWrapper::Open(options));
        CoinsViewDB view{*db};
        const uint256 best = view.GetBestBlock();
        const auto heads = view.GetHeadBlocks();
        if (best == tip_a) {
            BOOST_CHECK(heads.empty());
            BOOST_CHECK(AllCoins(view) == state_a);
            ++saw_old;
        } else if (best == tip_b) {
            BOOST_CHECK(heads.empty());
            BOOST_CHECK(round >= 6);
            ++saw_new;
        } else {
            BOOST_CHECK(best.IsNull());
            BOOST_REQUIRE_EQUAL(heads.size(), 2u);
            BOOST_CHECK(heads[0] == tip_b && heads[1] == tip_a);
            ++saw_marker;
        }
    }
    // Unsynced partial batches are lost in a power loss, so mid-flush crashes come back at the
    // old tip; the completed flushes were synced and must survive.
    BOOST_CHECK_EQUAL(saw_new, 2);
    BOOST_CHECK_EQUAL(saw_old + saw_marker, 6);
}

BOOST_AUTO_TEST_CASE(read_error_never_answers_not_found)
{
    auto db = MemDb("chainstate", CHAINSTATE_SCHEMA_VERSION);
    CoinsViewDB view{*db};
    view.SetReadErrorHandler([](const storage::Status& s) { throw ReadErrorThrown{s.ToString()}; });
    const COutPoint op{uint256::ONE, 3};
    // A record under the coin prefix that does not decode as a coin: corruption, not "no coin".
    const std::vector<uint8_t> garbage{0x01, 0x02};
    BOOST_REQUIRE(db->Write(DB_COIN, CoinKey(op), garbage).ok());
    BOOST_CHECK_THROW(view.GetCoin(op), ReadErrorThrown);
    CoinsViewCache cache{&view};
    BOOST_CHECK_THROW(cache.AccessCoin(op), ReadErrorThrown);
    BOOST_CHECK_EQUAL(cache.GetCacheSize(), 0u);
    // A bad best-block record too.
    BOOST_REQUIRE(db->Write(DB_BEST_BLOCK, {}, garbage).ok());
    BOOST_CHECK_THROW(view.GetBestBlock(), ReadErrorThrown);
    // And the cursor reports an undecodable record instead of skipping it.
    BOOST_REQUIRE(db->Write(DB_BEST_BLOCK, {}, uint256::ONE.span()).ok());
    auto cursor = view.Cursor();
    BOOST_REQUIRE(cursor && cursor->Valid());
    BOOST_CHECK(!cursor->Get());
    BOOST_CHECK(cursor->status().IsCorruption());
    BOOST_CHECK(ComputeCoinsStats(view).status().IsCorruption());
}

BOOST_AUTO_TEST_CASE(utxo_stats)
{
    FastRandomContext rng{7};
    auto db1 = MemDb("chainstate", CHAINSTATE_SCHEMA_VERSION);
    auto db2 = MemDb("chainstate", CHAINSTATE_SCHEMA_VERSION);
    CoinsViewDB view1{*db1}, view2{*db2};
    std::vector<std::pair<COutPoint, Coin>> coins;
    CAmount total = 0;
    for (int tx = 0; tx < 50; ++tx) {
        const uint256 txid = RandomHash(rng);
        for (uint32_t n = 0; n < 3; ++n) {
            coins.emplace_back(COutPoint{txid, n}, RandomCoin(rng));
            total += coins.back().second.out.value;
        }
    }
    const uint256 tip = RandomHash(rng);
    {
        // view1: one flush; view2: in two flushes, reverse order, with an extra coin added and
        // spent: the same set must hash the same.
        CoinsViewCache c1{&view1};
        for (const auto& [op, coin] : coins) c1.AddCoin(op, coin, false);
        c1.SetBestBlock(tip);
        BOOST_REQUIRE(c1.Flush().ok());
        CoinsViewCache c2{&view2};
        const COutPoint extra{RandomHash(rng), 0};
        c2.AddCoin(extra, RandomCoin(rng), false);
        for (size_t i = coins.size(); i-- > coins.size() / 2;) c2.AddCoin(coins[i].first, coins[i].second, false);
        c2.SetBestBlock(RandomHash(rng));
        BOOST_REQUIRE(c2.Flush().ok());
        for (size_t i = 0; i < coins.size() / 2; ++i) c2.AddCoin(coins[i].first, coins[i].second, false);
        BOOST_REQUIRE(c2.SpendCoin(extra));
        c2.SetBestBlock(tip);
        BOOST_REQUIRE(c2.Flush().ok());
    }
    auto s1 = ComputeCoinsStats(view1);
    auto s2 = ComputeCoinsStats(view2);
    BOOST_REQUIRE(s1.ok() && s2.ok());
    BOOST_CHECK_EQUAL(s1->transactions, 50u);
    BOOST_CHECK_EQUAL(s1->txouts, 150u);
    BOOST_CHECK_EQUAL(s1->total_amount, total);
    BOOST_CHECK_EQUAL(s1->best_block, tip);
    BOOST_CHECK_EQUAL(s1->hash_serialized, s2->hash_serialized);
    BOOST_CHECK_EQUAL(s1->txouts, s2->txouts);

    // Changing one coin's height changes the hash.
    CoinsViewCache c{&view2};
    Coin changed = coins[0].second;
    changed.height += 1;
    c.AddCoin(coins[0].first, changed, true);
    c.SetBestBlock(tip);
    BOOST_REQUIRE(c.Flush().ok());
    auto s3 = ComputeCoinsStats(view2);
    BOOST_REQUIRE(s3.ok());
    BOOST_CHECK(s3->hash_serialized != s1->hash_serialized);

    // A cache cannot be iterated.
    CoinsViewCache cache{&view1};
    BOOST_CHECK(ComputeCoinsStats(cache).status().IsInvalidArgument());
    // Interruption is polled every 100 coins.
    BOOST_CHECK(!ComputeCoinsStats(view1, [] { return true; }).ok());
    BOOST_CHECK(ComputeCoinsStats(view1, [] { return false; }).ok());
}

BOOST_AUTO_TEST_CASE(memory_usage_tracks_entries)
{
    FastRandomContext rng{8};
    MemoryCoinsView base;
    CoinsViewCache cache{&base};
    const size_t empty = cache.DynamicMemoryUsage();
    for (int i = 0; i < 10000; ++i) cache.AddCoin(COutPoint{RandomHash(rng), 0}, RandomCoin(rng), false);
    const size_t full = cache.DynamicMemoryUsage();
    // At least the entries themselves, and not absurdly more.
    BOOST_CHECK_GT(full, empty + 10000 * (sizeof(COutPoint) + sizeof(CoinsCacheEntry)));
    BOOST_CHECK_LT(full, empty + 10000 * 400);
    cache.SetBestBlock(uint256::ONE);
    BOOST_REQUIRE(cache.Flush().ok());
    BOOST_CHECK_LT(cache.DynamicMemoryUsage(), full / 2);
}

BOOST_AUTO_TEST_SUITE_END()
