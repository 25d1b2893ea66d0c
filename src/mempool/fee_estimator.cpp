// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <mempool/fee_estimator.h>

#include <mempool/checked_file.h>
#include <mempool/entry.h>
#include <serialize.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace mempool {

namespace {
constexpr double MIN_BUCKET_FEERATE = 1'000;         // units per kvB: the default minimum relay fee
constexpr double MAX_BUCKET_FEERATE = 10'000'000;    // 0.1 DOTS per kvB
constexpr double BUCKET_SPACING = 1.05;
constexpr FileMagic FEE_FILE_MAGIC{'D', 'O', 'T', 'S', 'F', 'E', 'E', '1'};
constexpr size_t MAX_FEE_FILE_SIZE = 64 << 20;

void WriteDouble(ByteWriter& w, double v)
{
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof(bits));
    WriteU64(w, bits);
}

std::optional<double> ReadDouble(ByteReader& r)
{
    const auto bits = r.ReadU64("double");
    if (!bits) return std::nullopt;
    double v;
    std::memcpy(&v, &*bits, sizeof(v));
    if (!std::isfinite(v) || v < 0) return r.Fail(DecodeError::INVALID_VALUE, "count");
    return v;
}
} // namespace

FeeEstimator::FeeEstimator(int fold_interval) : m_fold_interval{std::max(fold_interval, 1)}
{
    for (double bound = MIN_BUCKET_FEERATE; bound <= MAX_BUCKET_FEERATE; bound *= BUCKET_SPACING) m_bounds.push_back(bound);
    m_bounds.push_back(1e16); // everything above
    LOCK(m_mutex);
    m_confirmed.assign(MAX_TARGET, std::vector<double>(m_bounds.size(), 0.0));
    m_failed.assign(MAX_TARGET, std::vector<double>(m_bounds.size(), 0.0));
    m_total.assign(m_bounds.size(), 0.0);
    m_fee_sum.assign(m_bounds.size(), 0.0);
}

size_t FeeEstimator::BucketOf(CAmount per_kb) const
{
    const auto it = std::lower_bound(m_bounds.begin(), m_bounds.end(), static_cast<double>(per_kb));
    return std::min<size_t>(it - m_bounds.begin(), m_bounds.size() - 1);
}

void FeeEstimator::ProcessTransaction(const MempoolEntry& entry)
{
    if (!entry.Parents().empty()) return;
    const FeeRate rate{entry.GetFee(), entry.GetTxSize()};
    LOCK(m_mutex);
    m_in_flight[entry.GetTxid()] = Tracked{entry.GetHeight(), BucketOf(rate.GetFeePerK())};
}

void FeeEstimator::RemoveTransaction(const uint256& txid)
{
    LOCK(m_mutex);
    const auto it = m_in_flight.find(txid);
    if (it == m_in_flight.end()) return;
    const int waited = m_best_height - it->second.height;
    if (waited >= 1) m_failed[std::min(waited, MAX_TARGET) - 1][it->second.bucket] += 1 / m_scale;
    m_in_flight.erase(it);
}

void FeeEstimator::DecayLocked()
{
    // DECAY to the power of the decays since the fold (std::pow: exact to an ulp, where
    // multiplying by DECAY each block would add an ulp of error per block).
    m_scale = std::pow(DECAY, ++m_decays);
    if (m_decays < m_fold_interval) return;
    for (auto* table : {&m_confirmed, &m_failed}) {
        for (auto& row : *table) {
            for (double& v : row) v *= m_scale;
        }
    }
    for (double& v : m_total) v *= m_scale;
    for (double& v : m_fee_sum) v *= m_scale;
    m_decays = 0;
    m_scale = 1.0;
}

void FeeEstimator::ProcessBlock(int32_t height, const std::vector<const MempoolEntry*>& mined)
{
    LOCK(m_mutex);
    if (height <= m_best_height) {
        // A reorg: the transactions count for the new block, but the counts do not decay twice.
    } else {
        DecayLocked();
        m_best_height = height;
    }
    for (const MempoolEntry* entry : mined) {
        const auto it = m_in_flight.find(entry->GetTxid());
        if (it == m_in_flight.end()) continue;
        const int waited = std::clamp(height - it->second.height, 1, MAX_TARGET);
        const size_t bucket = it->second.bucket;
        m_confirmed[waited - 1][bucket] += 1 / m_scale;
        m_total[bucket] += 1 / m_scale;
        m_fee_sum[bucket] += static_cast<double>(FeeRate{entry->GetFee(), entry->GetTxSize()}.GetFeePerK()) / m_scale;
        m_in_flight.erase(it);
    }
}

std::optional<FeeRate> FeeEstimator::EstimateLocked(int target, double threshold) const
{
    if (target < 1 || target > MAX_TARGET) return std::nullopt;
    // Transactions still waiting longer than the target count as failures of their bucket.
    std::vector<double> waiting(m_bounds.size(), 0.0);
    for (const auto& [txid, tracked] : m_in_flight) {
        if (m_best_height - tracked.height >= target) waiting[tracked.bucket] += 1;
    }
    // Sums of the decayed counts of the current group of buckets. (Each value is scaled as
    // it is read: with m_scale 1 the arithmetic is exactly that of decaying every block.)
    double confirmed = 0, total = 0, failed = 0, fees = 0;
    std::optional<FeeRate> best;
    for (size_t b = m_bounds.size(); b-- > 0;) {
        for (int d = 0; d < target; ++d) confirmed += m_confirmed[d][b] * m_scale;
        for (int d = target - 1; d < MAX_TARGET; ++d) failed += m_failed[d][b] * m_scale;
        failed += waiting[b];
        total += m_total[b] * m_scale;
        fees += m_fee_sum[b] * m_scale;
        if (total < SUFFICIENT_TXS) continue; // widen the group until it has enough data
        if (confirmed / (total + failed) < threshold) break;
        best = FeeRate{static_cast<CAmount>(std::llround(fees / total))};
        confirmed = total = failed = fees = 0;
    }
    return best;
}

std::optional<FeeRate> FeeEstimator::EstimateFee(int target, double threshold) const
{
    LOCK(m_mutex);
    return EstimateLocked(target, threshold);
}

std::optional<FeeEstimator::Estimate> FeeEstimator::EstimateSmartFee(int target, bool conservative) const
{
    LOCK(m_mutex);
    const double threshold = conservative ? 0.95 : 0.85;
    // Too little data at the target: the next longer targets, doubling.
    for (int t = std::clamp(target, 1, MAX_TARGET);; t = std::min(MAX_TARGET, t * 2)) {
        if (auto rate = EstimateLocked(t, threshold)) return Estimate{*rate, t};
        if (t == MAX_TARGET) break;
    }
    return std::nullopt;
}

int FeeEstimator::MaxUsableTarget() const
{
    LOCK(m_mutex);
    for (int d = MAX_TARGET; d > 0; --d) {
        for (size_t b = 0; b < m_bounds.size(); ++b) {
            if (m_confirmed[d - 1][b] * m_scale > 0) return d;
        }
    }
    return 0;
}

util::Result<void> FeeEstimator::Write(const std::filesystem::path& path) const
{
    ByteWriter w;
    {
        LOCK(m_mutex);
        WriteI32(w, m_best_height);
        WriteCompactSize(w, m_bounds.size());
        WriteCompactSize(w, MAX_TARGET);
        for (const auto* table : {&m_confirmed, &m_failed}) {
            for (const auto& row : *table) {
                for (double v : row) WriteDouble(w, v * m_scale);
            }
        }
        // The file holds decayed counts (it has no running factor).
        for (double v : m_total) WriteDouble(w, v * m_scale);
        for (double v : m_fee_sum) WriteDouble(w, v * m_scale);
    }
    return WriteCheckedFile(path, FEE_FILE_MAGIC, w.buffer());
}

util::Result<void> FeeEstimator::Read(const std::filesystem::path& path)
{
    auto payload = ReadCheckedFile(path, FEE_FILE_MAGIC, MAX_FEE_FILE_SIZE);
    if (!payload) return util::Error{payload.error()};
    return ReadPayload(*payload, path.string());
}

util::Result<void> FeeEstimator::ReadPayload(std::span<const uint8_t> payload, const std::string& name)
{
    ByteReader r{payload};
    const auto height = r.ReadI32("best height");
    const auto buckets = r.ReadCompactSize(MAX_COMPACT_SIZE, "buckets");
    const auto targets = r.ReadCompactSize(MAX_COMPACT_SIZE, "targets");
    if (!height || !buckets || !targets || *buckets != m_bounds.size() || *targets != MAX_TARGET) {
        return util::Error{name + ": other bucket layout, ignored"};
    }
    std::vector<std::vector<double>> confirmed(MAX_TARGET, std::vector<double>(m_bounds.size()));
    std::vector<std::vector<double>> failed = confirmed;
    std::vector<double> total(m_bounds.size()), fee_sum(m_bounds.size());
    for (auto* table : {&confirmed, &failed}) {
        for (auto& row : *table) {
            for (double& v : row) v = ReadDouble(r).value_or(0);
        }
    }
    for (double& v : total) v = ReadDouble(r).value_or(0);
    for (double& v : fee_sum) v = ReadDouble(r).value_or(0);
    if (!r.ok() || !r.empty()) return util::Error{name + ": malformed, ignored"};
    LOCK(m_mutex);
    m_best_height = *height;
    m_confirmed = std::move(confirmed);
    m_failed = std::move(failed);
    m_total = std::move(total);
    m_fee_sum = std::move(fee_sum);
    m_decays = 0;
    m_scale = 1.0;
    return {};
}

} // namespace mempool
