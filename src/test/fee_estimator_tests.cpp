// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// mempool::FeeEstimator: no estimate without data; a fee rate that confirms at once answers
// short targets and a slow one only the targets it meets; transactions that leave unconfirmed
// count against their rate; fee_estimates.dat round-trips and a damaged file is refused; the
// lazily applied decay gives the estimates of decaying every count every block.

#include <mempool/entry.h>
#include <crypto/random.h>
#include <mempool/fee_estimator.h>
#include <test/util/files.h>

#include <boost/test/unit_test.hpp>

#include <array>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <vector>

using namespace test;

using mempool::FeeEstimator;
using mempool::FeeRate;
using mempool::MempoolEntry;

namespace {
/** Distinct unsigned one-input transactions as pool entries with a chosen fee rate. */
class EntryMaker
{
public:
    /** An entry paying `per_kb` units per kvB, entered when the tip was at `height`. */
    std::unique_ptr<MempoolEntry> Make(CAmount per_kb, int32_t height)
    {
        CMutableTransaction mtx;
        std::array<uint8_t, 32> prev{};
        ++m_count;
        std::memcpy(prev.data(), &m_count, sizeof(m_count));
        mtx.vin.push_back(CTxIn{COutPoint{uint256{prev}, 0}, SEQUENCE_FINAL, {}});
        mtx.vout.push_back(CTxOut{100'000, OutputLock{}});
        CTransactionRef tx = MakeTransactionRef(std::move(mtx));
        const MempoolEntry probe{tx, 0, 0, height, 0, 1, false, std::nullopt};
        const CAmount fee = per_kb * probe.GetTxSize() / 1000;
        return std::make_unique<MempoolEntry>(tx, fee, 0, height, m_count, 1, false, std::nullopt);
    }

private:
    uint64_t m_count{0};
};

constexpr CAmount FAST = 40'000; // confirms in the next block
constexpr CAmount SLOW = 2'000;  // confirms after SLOW_WAIT blocks
constexpr int SLOW_WAIT = 6;

/** 300 blocks: each gets 10 FAST entries (mined in the next block) and 10 SLOW ones (mined
 * SLOW_WAIT blocks later). */
void Simulate(FeeEstimator& estimator, EntryMaker& maker)
{
    std::vector<std::vector<std::unique_ptr<MempoolEntry>>> slow_by_height(301);
    std::vector<std::unique_ptr<MempoolEntry>> fast;
    for (int32_t height = 1; height <= 300; ++height) {
        std::vector<const MempoolEntry*> mined;
        for (const auto& e : fast) mined.push_back(e.get());
        if (height - SLOW_WAIT >= 1) {
            for (const auto& e : slow_by_height[height - SLOW_WAIT]) mined.push_back(e.get());
        }
        estimator.ProcessBlock(height, mined);
        fast.clear();
        for (int i = 0; i < 10; ++i) {
            fast.push_back(maker.Make(FAST, height));
            estimator.ProcessTransaction(*fast.back());
            slow_by_height[height].push_back(maker.Make(SLOW, height));
            estimator.ProcessTransaction(*slow_by_height[height].back());
        }
    }
}

/** A fee rate in units per kvB, or std::nullopt (estimates compared as numbers). */
std::optional<CAmount> PerK(const std::optional<FeeRate>& rate)
{
    return rate ? std::optional<CAmount>{rate->GetFeePerK()} : std::nullopt;
}

/** Whether `rate` is within one bucket (5%) of `expected`. */
bool Near(const FeeRate& rate, CAmount expected)
{
    return rate.GetFeePerK() >= expected * 95 / 100 && rate.GetFeePerK() <= expected * 105 / 100;
}
} // namespace

BOOST_AUTO_TEST_SUITE(fee_estimator_tests)

BOOST_AUTO_TEST_CASE(no_data_no_estimate)
{
    FeeEstimator estimator;
    BOOST_CHECK(!estimator.EstimateSmartFee(1, false));
    BOOST_CHECK(!estimator.EstimateSmartFee(FeeEstimator::MAX_TARGET, true));
    BOOST_CHECK_EQUAL(estimator.MaxUsableTarget(), 0);
    // A handful of confirmations is not enough data either.
    EntryMaker maker;
    std::vector<std::unique_ptr<MempoolEntry>> entries;
    std::vector<const MempoolEntry*> mined;
    for (int i = 0; i < 5; ++i) {
        entries.push_back(maker.Make(FAST, 1));
        estimator.ProcessTransaction(*entries.back());
        mined.push_back(entries.back().get());
    }
    estimator.ProcessBlock(2, mined);
    BOOST_CHECK(!estimator.EstimateSmartFee(1, false));
    BOOST_CHECK_EQUAL(estimator.MaxUsableTarget(), 1);
}

BOOST_AUTO_TEST_CASE(fast_and_slow_rates)
{
    FeeEstimator estimator;
    EntryMaker maker;
    Simulate(estimator, maker);

    // Target 1: only the fast rate confirms in time.
    const auto one = estimator.EstimateSmartFee(1, false);
    BOOST_REQUIRE(one);
    BOOST_CHECK_EQUAL(one->blocks, 1);
    BOOST_CHECK_MESSAGE(Near(one->feerate, FAST), one->feerate.GetFeePerK());
    // Below SLOW_WAIT the slow rate fails (it confirmed later, and waiting ones count as failures).
    const auto three = estimator.EstimateFee(SLOW_WAIT - 1, 0.85);
    BOOST_REQUIRE(three);
    BOOST_CHECK(Near(*three, FAST));
    // From SLOW_WAIT on, the slow rate is enough, economical and conservative alike.
    for (bool conservative : {false, true}) {
        const auto six = estimator.EstimateSmartFee(SLOW_WAIT, conservative);
        BOOST_REQUIRE(six);
        BOOST_CHECK_EQUAL(six->blocks, SLOW_WAIT);
        BOOST_CHECK_MESSAGE(Near(six->feerate, SLOW), six->feerate.GetFeePerK());
    }
    const auto long_target = estimator.EstimateSmartFee(100, false);
    BOOST_REQUIRE(long_target);
    BOOST_CHECK(Near(long_target->feerate, SLOW));
    BOOST_CHECK_EQUAL(estimator.MaxUsableTarget(), SLOW_WAIT);
}

BOOST_AUTO_TEST_CASE(unconfirmed_departures_count_as_failures)
{
    FeeEstimator estimator;
    EntryMaker maker;
    // Every block: 10 entries at FAST that confirm at once, and 10 at MID of which 3 confirm at
    // once and 7 leave unconfirmed after waiting 2 blocks (replaced, expired, evicted).
    constexpr CAmount MID = 10'000;
    std::vector<std::unique_ptr<MempoolEntry>> next_block, leave_next, leave_now;
    for (int32_t height = 1; height <= 200; ++height) {
        std::vector<const MempoolEntry*> mined;
        for (const auto& e : next_block) mined.push_back(e.get());
        estimator.ProcessBlock(height, mined);
        for (const auto& e : leave_now) estimator.RemoveTransaction(e->GetTxid());
        leave_now = std::move(leave_next);
        leave_next.clear();
        next_block.clear();
        for (int i = 0; i < 10; ++i) {
            next_block.push_back(maker.Make(FAST, height));
            estimator.ProcessTransaction(*next_block.back());
            auto mid = maker.Make(MID, height);
            estimator.ProcessTransaction(*mid);
            (i < 3 ? next_block : leave_next).push_back(std::move(mid));
        }
    }
    // MID confirmed 3 in 10 within 1 and 2 blocks: not enough, FAST answers.
    for (int target : {1, 2}) {
        const auto estimate = estimator.EstimateFee(target, 0.85);
        BOOST_REQUIRE(estimate);
        BOOST_CHECK_MESSAGE(Near(*estimate, FAST), target << ": " << estimate->GetFeePerK());
    }
    // Leaving after 2 blocks says nothing about a 10-block target: MID answers it.
    const auto ten = estimator.EstimateFee(10, 0.85);
    BOOST_REQUIRE(ten);
    BOOST_CHECK_MESSAGE(Near(*ten, MID), ten->GetFeePerK());
}

BOOST_AUTO_TEST_CASE(file_round_trip_and_damage)
{
    TempDir dir{"fee_estimator"};
    const auto path = dir.path() / "fee_estimates.dat";
    FeeEstimator estimator;
    EntryMaker maker;
    Simulate(estimator, maker);
    BOOST_REQUIRE(estimator.Write(path));

    FeeEstimator restored;
    BOOST_REQUIRE(restored.Read(path));
    for (int target : {1, SLOW_WAIT, 50}) {
        const auto a = estimator.EstimateSmartFee(target, false);
        const auto b = restored.EstimateSmartFee(target, false);
        BOOST_REQUIRE(a && b);
        BOOST_CHECK_EQUAL(a->feerate.GetFeePerK(), b->feerate.GetFeePerK());
        BOOST_CHECK_EQUAL(a->blocks, b->blocks);
    }

    // A damaged file is refused whole and changes nothing.
    auto bytes = ReadWholeFile(path);
    bytes[bytes.size() / 2] ^= 0x01;
    std::ofstream{path, std::ios::binary | std::ios::trunc}.write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    FeeEstimator fresh;
    BOOST_CHECK(!fresh.Read(path));
    BOOST_CHECK(!fresh.EstimateSmartFee(1, false));
    BOOST_CHECK(!fresh.Read(dir.path() / "missing.dat"));
}

BOOST_AUTO_TEST_CASE(lazy_decay_gives_the_eager_estimates)
{
    // The same random history fed to three bookkeepings: fold interval 1 decays every count
    // every block (the arithmetic of the estimator before the running factor), 97 folds often
    // (folds in the middle of the history), the default folds once in 10,000 blocks.
    FeeEstimator eager{1}, folding{97}, lazy;
    const std::array<FeeEstimator*, 3> estimators{&eager, &folding, &lazy};
    FastRandomContext rng{20261204};
    EntryMaker maker;
    struct Fate {
        std::unique_ptr<MempoolEntry> entry;
        bool mined; //!< mined at the due height, else leaves the pool unconfirmed then
    };
    std::multimap<int32_t, Fate> due; // by the height of the block that settles them
    int compared = 0, answered = 0;
    const auto compare = [&](int32_t height) {
        for (int target : {1, 2, 3, 5, 8, 13, 25, 50, 100, 250, 500, 1000, FeeEstimator::MAX_TARGET}) {
            for (double threshold : {0.6, 0.85, 0.95}) {
                const auto expected = PerK(eager.EstimateFee(target, threshold));
                for (const FeeEstimator* e : {&folding, &lazy}) {
                    BOOST_CHECK_MESSAGE(PerK(e->EstimateFee(target, threshold)) == expected,
                                        "height " << height << " target " << target << " threshold " << threshold);
                }
                ++compared;
                answered += expected.has_value();
            }
            for (bool conservative : {false, true}) {
                const auto expected = eager.EstimateSmartFee(target, conservative);
                for (const FeeEstimator* e : {&folding, &lazy}) {
                    const auto got = e->EstimateSmartFee(target, conservative);
                    BOOST_CHECK_MESSAGE(got.has_value() == expected.has_value() &&
                                            (!got || (got->blocks == expected->blocks &&
                                                      got->feerate.GetFeePerK() == expected->feerate.GetFeePerK())),
                                        "smart fee at height " << height << " target " << target);
                }
            }
        }
        for (const FeeEstimator* e : {&folding, &lazy}) BOOST_CHECK_EQUAL(e->MaxUsableTarget(), eager.MaxUsableTarget());
    };
    const auto settle = [&](int32_t at, int32_t height) {
        // The entries due at `at` are mined by (or leave before) the block at `height`.
        std::vector<const MempoolEntry*> mined;
        std::vector<std::unique_ptr<MempoolEntry>> done;
        auto [first, last] = due.equal_range(at);
        for (auto it = first; it != last; ++it) {
            if (it->second.mined) {
                mined.push_back(it->second.entry.get());
            } else {
                for (FeeEstimator* e : estimators) e->RemoveTransaction(it->second.entry->GetTxid());
            }
            done.push_back(std::move(it->second.entry));
        }
        due.erase(first, last);
        for (FeeEstimator* e : estimators) e->ProcessBlock(height, mined);
    };
    for (int32_t height = 1; height <= 2'500; ++height) {
        settle(height, height);
        // Now and then a reorg replaces the tip by a block at the same height that also holds
        // what was due next (the counts must not decay twice).
        if (rng.RandRange(40) == 0) settle(height + 1, height);
        const int count = static_cast<int>(rng.RandRange(25));
        for (int i = 0; i < count; ++i) {
            // Fee rates from below the lowest bucket to above the highest; the higher, the sooner
            // mined, some after more than MAX_TARGET blocks, 15% leave unconfirmed, a few never settle.
            const CAmount per_kb = rng.RandRange(50) == 0 ? 20'000'000 : 500 + static_cast<CAmount>(rng.RandRange(200'000));
            auto entry = maker.Make(per_kb, height);
            for (FeeEstimator* e : estimators) e->ProcessTransaction(*entry);
            if (rng.RandRange(100) == 0) {
                due.emplace(1'000'000, Fate{std::move(entry), true});
                continue;
            }
            const int32_t wait = 1 + static_cast<int32_t>(rng.RandRange(std::min<uint64_t>(1'100, 1 + 2'000'000 / per_kb)));
            due.emplace(height + wait, Fate{std::move(entry), rng.RandRange(100) >= 15});
        }
        if (height % 100 == 0) compare(height);
    }
    BOOST_CHECK_GT(answered, compared / 3); // the comparison is about real estimates

    // The file holds decayed counts: the lazy estimator's file restores the eager estimates
    // (the transactions in flight are not saved: compare with a fresh eager one read alike).
    TempDir dir{"fee_estimator_lazy"};
    BOOST_REQUIRE(eager.Write(dir.path() / "eager.dat"));
    BOOST_REQUIRE(lazy.Write(dir.path() / "lazy.dat"));
    FeeEstimator from_eager{1}, from_lazy;
    BOOST_REQUIRE(from_eager.Read(dir.path() / "eager.dat"));
    BOOST_REQUIRE(from_lazy.Read(dir.path() / "lazy.dat"));
    for (int target : {1, 6, 50, FeeEstimator::MAX_TARGET}) {
        for (double threshold : {0.6, 0.85, 0.95}) {
            BOOST_CHECK(PerK(from_lazy.EstimateFee(target, threshold)) == PerK(from_eager.EstimateFee(target, threshold)));
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
