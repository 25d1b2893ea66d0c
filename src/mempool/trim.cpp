// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// TxMempool: expiry, eviction by fee rate at -maxmempool and the rolling minimum fee
// (Bitcoin Core's Expire, TrimToSize and GetMinFee).

#include <mempool/txmempool.h>

#include <util/logging.h>

#include <cmath>

namespace mempool {

size_t TxMempool::ExpireLocked(int64_t cutoff)
{
    EntrySet expired;
    for (const MempoolEntry& entry : m_map.get<detail::ByEntryTime>()) {
        if (entry.GetTime() >= cutoff) break;
        expired.insert(&entry);
    }
    EntrySet stage;
    for (const MempoolEntry* entry : expired) {
        for (const MempoolEntry* e : CalculateDescendantsLocked(*entry)) stage.insert(e);
    }
    RemoveStagedLocked(stage, RemovalReason::EXPIRY);
    if (!stage.empty()) LogDebug(BCLog::MEMPOOL, "Expired %u transactions from the memory pool", (unsigned)stage.size());
    return stage.size();
}

void TxMempool::TrackPackageRemovedLocked(const FeeRate& rate)
{
    if (static_cast<double>(rate.GetFeePerK()) > m_rolling_min_fee) {
        m_rolling_min_fee = static_cast<double>(rate.GetFeePerK());
        m_block_since_bump = false;
    }
}

std::vector<COutPoint> TxMempool::TrimToSizeLocked(size_t limit)
{
    std::vector<COutPoint> no_spends_remaining;
    size_t removed = 0;
    FeeRate max_removed;
    while (!m_map.empty() && DynamicMemoryUsageLocked() > limit) {
        const MempoolEntry& worst = *m_map.get<detail::ByDescendantScore>().begin();
        // The floor rises above the evicted package's rate by the incremental fee, so what
        // replaces it pays for the relay of both.
        FeeRate rate{worst.GetModFeesWithDescendants(), worst.GetSizeWithDescendants()};
        rate += m_options.incremental_relay_fee;
        TrackPackageRemovedLocked(rate);
        max_removed = std::max(max_removed, rate);
        const EntrySet stage = CalculateDescendantsLocked(worst);
        std::vector<CTransactionRef> txs;
        for (const MempoolEntry* e : stage) txs.push_back(e->GetSharedTx());
        removed += stage.size();
        RemoveStagedLocked(stage, RemovalReason::SIZELIMIT);
        for (const CTransactionRef& tx : txs) {
            for (const CTxIn& in : tx->vin) {
                if (FindLocked(in.prevout.txid) == nullptr) no_spends_remaining.push_back(in.prevout);
            }
        }
    }
    if (removed > 0) {
        LogDebug(BCLog::MEMPOOL, "Removed %u txn, rolling minimum fee bumped to %s", (unsigned)removed,
                 max_removed.ToString().c_str());
    }
    return no_spends_remaining;
}

FeeRate TxMempool::GetMinFeeLocked() const
{
    if (!m_block_since_bump || m_rolling_min_fee == 0) return FeeRate{std::llround(m_rolling_min_fee)};
    const int64_t now = Now();
    if (now > m_last_rolling_update + 10) {
        double halflife = ROLLING_FEE_HALFLIFE;
        const size_t usage = DynamicMemoryUsageLocked();
        const size_t limit = static_cast<size_t>(m_options.max_size_bytes);
        if (usage < limit / 4) {
            halflife /= 4;
        } else if (usage < limit / 2) {
            halflife /= 2;
        }
        m_rolling_min_fee /= std::pow(2.0, static_cast<double>(now - m_last_rolling_update) / halflife);
        m_last_rolling_update = now;
        if (m_rolling_min_fee < static_cast<double>(m_options.incremental_relay_fee.GetFeePerK()) / 2) {
            m_rolling_min_fee = 0;
            return FeeRate{0};
        }
    }
    return std::max(FeeRate{std::llround(m_rolling_min_fee)}, m_options.incremental_relay_fee);
}

FeeRate TxMempool::GetMinFee() const
{
    LOCK(m_cs);
    return GetMinFeeLocked();
}

} // namespace mempool
