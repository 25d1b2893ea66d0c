// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Mempool: following the chain through the validation notifications, and the small read
// interface P2P uses.
//
// The notifications arrive after the chain moved (validation/notifications.h), in order:
//   BlockConnected     the block's transactions leave the pool, then what conflicts with them
//                      (same coins, same registry keys); the records it changed are noted;
//   BlockDisconnected  the block's transactions wait for the reorganisation to finish;
//   UpdatedBlockTip    the waiting transactions are re-validated against the new tip and
//                      re-added (oldest block first), and after a reorg every entry is checked
//                      again; otherwise the registry statements that read a record the blocks
//                      changed are (Bitcoin Core's removeForBlock does the same for coins); stale
//                      registry statements leave, kept-aside ones are retried.
// Each step validates against the chain as it is when it runs, so a pool that lags by a few
// events still ends consistent with the tip; AcceptTransaction waits for the queue first.

#include <mempool/mempool.h>

#include <consensus/registry_payload.h>
#include <consensus/tx_check.h>
#include <util/logging.h>

namespace mempool {

Mempool::Mempool(validation::ChainstateManager& chainman, MempoolOptions options)
    : m_chainman{chainman}, m_aside{options.max_aside_count, options.max_aside_bytes}
{
    options.estimator = &m_estimator;
    m_pool = std::make_unique<TxMempool>(std::move(options));
    LOCK(m_chainman.GetMutex());
    LOCK(m_pool->GetMutex());
    if (m_chainman.ActiveTip()) m_synced_tip = m_chainman.ActiveTip()->hash;
}

Mempool::~Mempool() = default;

uint64_t Mempool::RegistryRecheckCount() const
{
    LOCK(m_pool->GetMutex());
    return m_registry_rechecks;
}

uint256 Mempool::SyncedTip() const
{
    LOCK(m_pool->GetMutex());
    return m_synced_tip;
}

void Mempool::BlockConnected(const std::shared_ptr<const CBlock>& block, const chainstate::BlockIndex& index,
                             const chainstate::RecordDiff& changes)
{
    LOCK(m_pool->GetMutex());
    // Checked again at the next tip (under the chain lock): statements of other keys whose
    // precondition the block changed (a binding to a node it deregistered, a release of a
    // deposit it settled away).
    for (const chainstate::RecordChange& change : changes.changes) m_changed_records.push_back(change.key);
    const std::vector<CTransactionRef> conflicts = m_pool->RemoveForBlockLocked(block->vtx, index.height);
    for (const CTransactionRef& tx : block->vtx) m_aside.Remove(tx->GetTxid());
    if (!conflicts.empty()) {
        LogDebug(BCLog::MEMPOOL, "Block %s removed %u conflicting transactions", index.hash.GetHex().c_str(),
                 (unsigned)conflicts.size());
    }
}

void Mempool::BlockDisconnected(const std::shared_ptr<const CBlock>& block, const chainstate::BlockIndex& index,
                                const chainstate::RecordDiff& /*changes*/)
{
    LOCK(m_pool->GetMutex());
    // Tip first: the oldest block comes last and is re-added first.
    for (const CTransactionRef& tx : block->vtx) {
        if (!tx->IsCoinBase()) m_disconnected.push_back(tx);
    }
    m_disconnected.push_back(nullptr); // block boundary
    m_reorg_pending = true;
}

void Mempool::UpdatedBlockTip(const chainstate::BlockIndex& new_tip, const chainstate::BlockIndex* fork,
                              bool initial_download)
{
    ApplyTip(new_tip, fork, initial_download);
    NotifyUpdate();
}

void Mempool::TransactionAddedToMempool(const CTransactionRef& /*tx*/, uint64_t /*mempool_sequence*/)
{
    NotifyUpdate();
}

void Mempool::TransactionRemovedFromMempool(const CTransactionRef& /*tx*/, validation::MempoolRemovalReason /*reason*/,
                                            uint64_t /*mempool_sequence*/)
{
    NotifyUpdate();
}

void Mempool::NotifyUpdate()
{
    {
        LOCK(m_update_mutex);
        ++m_updates;
    }
    m_update_cv.notify_all();
}

bool Mempool::WaitForUpdate(const std::function<bool()>& done, SteadyClock::time_point until)
{
    while (true) {
        // The count is read before done(): an update that lands after the check ends the wait.
        uint64_t seen;
        {
            LOCK(m_update_mutex);
            seen = m_updates;
        }
        if (done()) return true;
        UniqueLock lock{m_update_mutex};
        const bool updated = m_update_cv.wait_until(lock.native(), until, [&]() EXCLUSIVE_LOCKS_REQUIRED(m_update_mutex) {
            return m_updates != seen;
        });
        if (!updated) return done();
    }
}

void Mempool::ApplyTip(const chainstate::BlockIndex& new_tip, const chainstate::BlockIndex* /*fork*/,
                       bool /*initial_download*/)
{
    LOCK(m_chainman.GetMutex());
    LOCK(m_pool->GetMutex());
    if (!m_disconnected.empty()) {
        // Re-add block by block from the oldest, each block's transactions in block order.
        std::vector<std::vector<CTransactionRef>> blocks(1);
        for (const CTransactionRef& tx : m_disconnected) {
            if (tx) {
                blocks.back().push_back(tx);
            } else {
                blocks.emplace_back();
            }
        }
        AcceptOptions options;
        options.bypass_limits = true;
        size_t readded = 0;
        for (auto block = blocks.rbegin(); block != blocks.rend(); ++block) {
            for (const CTransactionRef& tx : *block) {
                if (AcceptLocked(tx, options).IsValid()) ++readded;
            }
        }
        LogDebug(BCLog::MEMPOOL, "Reorg: re-added %u of %u transactions of disconnected blocks", (unsigned)readded,
                 (unsigned)(m_disconnected.size() - blocks.size() + 1));
        m_disconnected.clear();
    }
    if (m_reorg_pending) {
        RemoveForReorgLocked(); // checks every entry
        m_reorg_pending = false;
    } else {
        RemoveForBlockRecordsLocked();
    }
    m_changed_records.clear();
    m_pool->NoteBlockLocked();
    SweepRegistryLocked();
    LimitSizeLocked();
    // Only now is the pool as the new tip leaves it (re-adds, sweeps): SyncWithChain waits for this.
    m_synced_tip = new_tip.hash;
}

void Mempool::RemoveForReorgLocked()
{
    const chainstate::BlockIndex* tip = m_chainman.ActiveTip();
    if (tip == nullptr) return;
    const consensus::ConsensusParams& params = m_chainman.Params();
    chainstate::CoinsViewCache& coins_tip = m_chainman.CoinsTip();
    const int32_t next_height = tip->height + 1;
    const int64_t mtp = tip->GetMedianTimePast();
    std::vector<uint256> invalid;
    m_pool->ForEachLocked([&](const MempoolEntry& entry) {
        AssertLockHeld(m_pool->GetMutex()); // ForEachLocked calls back under it; the analysis skips lambdas
        AssertLockHeld(m_chainman.GetMutex());
        const CTransaction& tx = entry.GetTx();
        bool ok = consensus::IsFinalTx(tx, next_height, mtp);
        for (const CTxIn& in : tx.vin) {
            if (!ok) break;
            if (m_pool->FindLocked(in.prevout.txid)) continue;
            const chainstate::Coin& coin = coins_tip.AccessCoin(in.prevout);
            ok = !coin.IsSpent() &&
                 !(coin.IsCoinBase() && next_height - static_cast<int>(coin.height) < params.coinbase_maturity);
        }
        consensus::TxValidationState state;
        // Also moves the window to the records as they are now (a commitment mined at another height).
        if (ok) ok = RecheckRegistryLocked(entry, state);
        if (!ok) invalid.push_back(entry.GetTxid());
    });
    size_t removed = 0;
    for (const uint256& txid : invalid) {
        // An earlier removal may have taken it with its ancestor already.
        if (const MempoolEntry* still = m_pool->FindLocked(txid)) {
            removed += m_pool->CalculateDescendantsLocked(*still).size();
            m_pool->RemoveRecursiveLocked(*still, RemovalReason::REORG);
        }
    }
    if (removed) LogDebug(BCLog::MEMPOOL, "Reorg: removed %u transactions no longer valid", (unsigned)removed);
}

bool Mempool::RecheckRegistryLocked(const MempoolEntry& entry, consensus::TxValidationState& state)
{
    const chainstate::BlockIndex* tip = m_chainman.ActiveTip();
    const consensus::ConsensusParams& params = m_chainman.Params();
    chainstate::CoinsViewCache& coins_tip = m_chainman.CoinsTip();
    const CTransaction& tx = entry.GetTx();
    if (!consensus::IsRegistryKind(tx.kind)) return true;
    std::vector<std::string> reads;
    if (!m_registry_check.Check(tx, *tip, coins_tip, params, state, &reads)) return false;
    m_pool->SetRegistryReadsLocked(entry, std::move(reads));
    if (entry.GetClaim()) entry.SetValidUntil(m_registry_check.ValidUntil(tx, *tip, coins_tip, params));
    return true;
}

void Mempool::RemoveForBlockRecordsLocked()
{
    const chainstate::BlockIndex* tip = m_chainman.ActiveTip();
    if (tip == nullptr || m_pool->SizeLocked() == 0) return;
    // What the check of a statement reads can differ from when it entered only where the blocks
    // wrote, or where the BeginBlock work of the next block (the base of every check) writes.
    std::vector<std::string> changed = std::move(m_changed_records);
    m_changed_records.clear();
    const std::vector<std::string>& next = m_registry_check.NextBlockWrites(*tip, m_chainman.CoinsTip(), m_chainman.Params());
    changed.insert(changed.end(), next.begin(), next.end());
    const EntrySet readers = m_pool->GetRegistryReadersLocked(changed);
    if (readers.empty()) return;
    m_registry_rechecks += readers.size();
    std::vector<std::pair<uint256, std::string>> invalid;
    for (const MempoolEntry* entry : readers) {
        consensus::TxValidationState state;
        if (!RecheckRegistryLocked(*entry, state)) invalid.emplace_back(entry->GetTxid(), state.GetRejectReason());
    }
    size_t removed = 0;
    for (const auto& [txid, reason] : invalid) {
        // An earlier removal may have taken it with its ancestor already.
        const MempoolEntry* entry = m_pool->FindLocked(txid);
        if (entry == nullptr) continue;
        LogDebug(BCLog::MEMPOOL, "Block %s made %s invalid (%s)", tip->hash.GetHex().c_str(), txid.GetHex().c_str(),
                 reason.c_str());
        removed += m_pool->CalculateDescendantsLocked(*entry).size();
        m_pool->RemoveRecursiveLocked(*entry, RemovalReason::CONFLICT);
    }
    LogDebug(BCLog::MEMPOOL, "Block %s: checked %u registry statements again, removed %u transactions",
             tip->hash.GetHex().c_str(), (unsigned)readers.size(), (unsigned)removed);
}

void Mempool::SweepRegistryLocked()
{
    const chainstate::BlockIndex* tip = m_chainman.ActiveTip();
    if (tip == nullptr) return;
    const consensus::ConsensusParams& params = m_chainman.Params();
    const int32_t next_height = tip->height + 1;
    const auto stale = [&](const CTransaction& tx) { return IsRegistryStatementStale(tx, next_height, params); };
    std::vector<uint256> stale_entries;
    m_pool->ForEachLocked([&](const MempoolEntry& entry) {
        if (entry.GetValidUntil() < next_height) stale_entries.push_back(entry.GetTxid());
    });
    for (const uint256& txid : stale_entries) {
        if (const MempoolEntry* entry = m_pool->FindLocked(txid)) m_pool->RemoveRecursiveLocked(*entry, RemovalReason::EXPIRY);
    }
    // Kept-aside statements: gone when stale or confirmed; back in the pool when their keys
    // are free (the holder left), if still valid.
    for (const CTransactionRef& tx : m_aside.All()) {
        if (stale(*tx)) {
            m_aside.Remove(tx->GetTxid());
            continue;
        }
        const auto claim = GetRegistryClaim(*tx, {});
        bool free = claim.has_value();
        for (const std::string& key : claim ? claim->keys : std::vector<std::string>{}) {
            free &= m_pool->GetKeyHolderLocked(key) == nullptr;
        }
        if (!free) continue;
        const AcceptResult result = AcceptLocked(tx, AcceptOptions{});
        if (!result.IsValid() && !result.kept_aside) m_aside.Remove(tx->GetTxid());
        if (result.IsValid()) LogDebug(BCLog::MEMPOOL, "Kept-aside statement %s entered the pool", tx->GetTxid().GetHex().c_str());
    }
}

CTransactionRef Mempool::GetForBlock(const uint256& txid) const
{
    if (CTransactionRef tx = m_pool->Get(txid)) return tx;
    return m_aside.Get(txid);
}

std::vector<RelayInfo> Mempool::RelayInfos() const
{
    LOCK(m_pool->GetMutex());
    std::vector<RelayInfo> infos;
    infos.reserve(m_pool->SizeLocked());
    m_pool->ForEachLocked([&](const MempoolEntry& e) {
        infos.push_back(RelayInfo{e.GetTxid(), e.GetWtxid(), FeeRate{e.GetModifiedFee(), e.GetTxSize()}, e.GetTime()});
    });
    return infos;
}

FeeRate Mempool::GetMinRelayFeeRate() const
{
    return std::max(m_pool->Options().min_relay_fee, m_pool->GetMinFee());
}

} // namespace mempool
