// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// mempool::FeeEstimator: no estimate without data; a fee rate that confirms at once answers
// short targets and a slow one only the targets it meets; transactions that leave unconfirmed
// count against their rate; fee_estimates.dat round-trips and a damaged file is refused.

#include <mempool/entry.h>
#include <mempool/fee_estimator.h>
#include <test/util/files.h>

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <memory>
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

BOOST_AUTO_TEST_SUITE_END()
