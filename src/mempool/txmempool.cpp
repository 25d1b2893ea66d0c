// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// TxMempool: storage, links and totals, adding and removing entries. Eviction, expiry and
// the rolling minimum fee are in trim.cpp; read-only queries in query.cpp.

#include <mempool/txmempool.h>

#include <mempool/fee_estimator.h>
#include <mempool/registry_conflicts.h>
#include <util/logging.h>
#include <util/time.h>

#include <algorithm>

namespace mempool {

int CompareFeeRates(CAmount fee_a, int64_t size_a, CAmount fee_b, int64_t size_b)
{
    const __int128 left = static_cast<__int128>(fee_a) * size_b;
    const __int128 right = static_cast<__int128>(fee_b) * size_a;
    return left < right ? -1 : (left > right ? 1 : 0);
}

namespace detail {
bool DescendantScoreLess::operator()(const MempoolEntry& a, const MempoolEntry& b) const
{
    // Each side's score is the better of its own fee rate and its package's with descendants.
    const auto score = [](const MempoolEntry& e) -> std::pair<CAmount, int64_t> {
        if (CompareFeeRates(e.GetModFeesWithDescendants(), e.GetSizeWithDescendants(), e.GetModifiedFee(), e.GetTxSize()) > 0) {
            return {e.GetModFeesWithDescendants(), e.GetSizeWithDescendants()};
        }
        return {e.GetModifiedFee(), e.GetTxSize()};
    };
    const auto [fa, sa] = score(a);
    const auto [fb, sb] = score(b);
    if (const int c = CompareFeeRates(fa, sa, fb, sb); c != 0) return c < 0;
    if (a.GetTime() != b.GetTime()) return a.GetTime() > b.GetTime(); // evict the newer first
    return a.GetTxid() < b.GetTxid();
}

bool EntryTimeLess::operator()(const MempoolEntry& a, const MempoolEntry& b) const
{
    if (a.GetTime() != b.GetTime()) return a.GetTime() < b.GetTime();
    return a.GetSequence() < b.GetSequence();
}

bool AncestorScoreGreater::operator()(const MempoolEntry& a, const MempoolEntry& b) const
{
    // Each side's score is the worse of its own fee rate and its package's with ancestors.
    const auto score = [](const MempoolEntry& e) -> std::pair<CAmount, int64_t> {
        if (CompareFeeRates(e.GetModFeesWithAncestors(), e.GetSizeWithAncestors(), e.GetModifiedFee(), e.GetTxSize()) < 0) {
            return {e.GetModFeesWithAncestors(), e.GetSizeWithAncestors()};
        }
        return {e.GetModifiedFee(), e.GetTxSize()};
    };
    const auto [fa, sa] = score(a);
    const auto [fb, sb] = score(b);
    if (const int c = CompareFeeRates(fa, sa, fb, sb); c != 0) return c > 0;
    return a.GetTxid() < b.GetTxid();
}
} // namespace detail

TxMempool::TxMempool(MempoolOptions options) : m_options{std::move(options)}
{
    m_last_rolling_update = Now();
}

int64_t TxMempool::Now() const
{
    return m_options.clock ? m_options.clock() : GetTime();
}

TxMempool::txiter TxMempool::IterOf(const MempoolEntry& entry) const
{
    return m_map.get<detail::ByTxid>().iterator_to(entry);
}

const MempoolEntry* TxMempool::FindLocked(const uint256& txid) const
{
    const auto& index = m_map.get<detail::ByTxid>();
    const auto it = index.find(txid);
    return it == index.end() ? nullptr : &*it;
}

const MempoolEntry* TxMempool::FindWtxidLocked(const uint256& wtxid) const
{
    const auto& index = m_map.get<detail::ByWtxid>();
    const auto it = index.find(wtxid);
    return it == index.end() ? nullptr : &*it;
}

const MempoolEntry* TxMempool::GetSpenderLocked(const COutPoint& outpoint) const
{
    const auto it = m_next_tx.find(outpoint);
    return it == m_next_tx.end() ? nullptr : it->second;
}

const MempoolEntry* TxMempool::GetKeyHolderLocked(const std::string& key) const
{
    const auto it = m_registry_keys.find(key);
    return it == m_registry_keys.end() ? nullptr : it->second;
}

EntrySet TxMempool::GetRegistryReadersLocked(const std::vector<std::string>& keys) const
{
    EntrySet readers;
    for (const std::string& key : keys) {
        const auto it = m_registry_reads.find(key);
        if (it != m_registry_reads.end()) readers.insert(it->second.begin(), it->second.end());
    }
    return readers;
}

void TxMempool::SetRegistryReadsLocked(const MempoolEntry& entry, std::vector<std::string> reads)
{
    if (entry.GetRegistryReads() == reads) return;
    UnindexRegistryReadsLocked(entry);
    m_cached_usage -= entry.DynamicMemoryUsage();
    entry.SetRegistryReads(std::move(reads));
    m_cached_usage += entry.DynamicMemoryUsage();
    IndexRegistryReadsLocked(entry);
}

namespace {
/** What one (key, entry) pair of the registry reads index costs: the key, a hash node, a set node. */
size_t ReadIndexUsage(const std::string& key) { return key.capacity() + sizeof(std::string) + 10 * sizeof(void*); }
} // namespace

void TxMempool::IndexRegistryReadsLocked(const MempoolEntry& entry)
{
    for (const std::string& key : entry.GetRegistryReads()) {
        if (m_registry_reads[key].insert(&entry).second) m_registry_reads_usage += ReadIndexUsage(key);
    }
}

void TxMempool::UnindexRegistryReadsLocked(const MempoolEntry& entry)
{
    for (const std::string& key : entry.GetRegistryReads()) {
        const auto it = m_registry_reads.find(key);
        if (it == m_registry_reads.end() || it->second.erase(&entry) == 0) continue;
        m_registry_reads_usage -= ReadIndexUsage(key);
        if (it->second.empty()) m_registry_reads.erase(it);
    }
}

CAmount TxMempool::GetDeltaLocked(const uint256& txid) const
{
    const auto it = m_deltas.find(txid);
    return it == m_deltas.end() ? 0 : it->second;
}

size_t TxMempool::DynamicMemoryUsageLocked() const
{
    // Entries (with their transactions and index nodes), the spends and key maps.
    return m_cached_usage + m_next_tx.size() * (sizeof(COutPoint) + 3 * sizeof(void*)) +
           m_registry_keys.size() * (sizeof(std::string) + 3 * sizeof(void*)) + m_registry_reads_usage +
           m_deltas.size() * 64;
}

util::Result<EntrySet> TxMempool::CalculateAncestorsLocked(const CTransaction& tx, int64_t size,
                                                           const MempoolLimits& limits) const
{
    EntrySet parents;
    for (const CTxIn& in : tx.vin) {
        if (const MempoolEntry* parent = FindLocked(in.prevout.txid)) parents.insert(parent);
    }
    if (static_cast<int64_t>(parents.size()) + 1 > limits.ancestor_count) {
        return util::Error{StrFormat("too many unconfirmed parents [limit: %lld]", (long long)limits.ancestor_count)};
    }
    EntrySet ancestors;
    std::vector<const MempoolEntry*> todo{parents.begin(), parents.end()};
    int64_t total_size = size;
    while (!todo.empty()) {
        const MempoolEntry* entry = todo.back();
        todo.pop_back();
        if (!ancestors.insert(entry).second) continue;
        total_size += entry->GetTxSize();
        if (entry->GetSizeWithDescendants() + size > limits.descendant_size) {
            return util::Error{StrFormat("exceeds descendant size limit for tx %s [limit: %lld]",
                                         entry->GetTxid().GetHex().c_str(), (long long)limits.descendant_size)};
        }
        if (static_cast<int64_t>(entry->GetCountWithDescendants()) + 1 > limits.descendant_count) {
            return util::Error{StrFormat("too many descendants for tx %s [limit: %lld]", entry->GetTxid().GetHex().c_str(),
                                         (long long)limits.descendant_count)};
        }
        if (total_size > limits.ancestor_size) {
            return util::Error{StrFormat("exceeds ancestor size limit [limit: %lld]", (long long)limits.ancestor_size)};
        }
        if (static_cast<int64_t>(ancestors.size()) + 1 > limits.ancestor_count) {
            return util::Error{StrFormat("too many unconfirmed ancestors [limit: %lld]", (long long)limits.ancestor_count)};
        }
        for (const MempoolEntry* parent : entry->Parents()) todo.push_back(parent);
    }
    return ancestors;
}

EntrySet TxMempool::GetAncestorsLocked(const MempoolEntry& entry) const
{
    EntrySet ancestors;
    std::vector<const MempoolEntry*> todo{entry.Parents().begin(), entry.Parents().end()};
    while (!todo.empty()) {
        const MempoolEntry* e = todo.back();
        todo.pop_back();
        if (!ancestors.insert(e).second) continue;
        for (const MempoolEntry* parent : e->Parents()) todo.push_back(parent);
    }
    return ancestors;
}

EntrySet TxMempool::CalculateDescendantsLocked(const MempoolEntry& entry) const
{
    EntrySet descendants;
    std::vector<const MempoolEntry*> todo{&entry};
    while (!todo.empty()) {
        const MempoolEntry* e = todo.back();
        todo.pop_back();
        if (!descendants.insert(e).second) continue;
        for (const MempoolEntry* child : e->Children()) todo.push_back(child);
    }
    return descendants;
}

void TxMempool::RecomputeAncestorStateLocked(const MempoolEntry& entry)
{
    uint64_t count = 1;
    int64_t size = entry.GetTxSize();
    CAmount fees = entry.GetModifiedFee();
    uint64_t sigchecks = entry.GetSigChecks();
    for (const MempoolEntry* a : GetAncestorsLocked(entry)) {
        ++count;
        size += a->GetTxSize();
        fees += a->GetModifiedFee();
        sigchecks += a->GetSigChecks();
    }
    m_map.modify(IterOf(entry), [&](MempoolEntry& e) { e.SetAncestorState(count, size, fees, sigchecks); });
}

void TxMempool::RecomputeDescendantStateLocked(const MempoolEntry& entry)
{
    uint64_t count = 0;
    int64_t size = 0;
    CAmount fees = 0;
    for (const MempoolEntry* d : CalculateDescendantsLocked(entry)) {
        ++count;
        size += d->GetTxSize();
        fees += d->GetModifiedFee();
    }
    m_map.modify(IterOf(entry), [&](MempoolEntry& e) { e.SetDescendantState(count, size, fees); });
}

void TxMempool::AddUncheckedLocked(MempoolEntry new_entry, const EntrySet& ancestors, bool track_fee)
{
    if (const CAmount delta = GetDeltaLocked(new_entry.GetTxid()); delta != 0) new_entry.SetFeeDelta(delta);
    const auto [it, inserted] = m_map.insert(std::move(new_entry));
    if (!inserted) return; // the caller checked; a duplicate is a no-op rather than corruption
    const MempoolEntry& entry = *it;
    const CTransaction& tx = entry.GetTx();

    for (const CTxIn& in : tx.vin) {
        m_next_tx[in.prevout] = &entry;
        if (const MempoolEntry* parent = FindLocked(in.prevout.txid)) {
            entry.MutableParents().insert(parent);
            parent->MutableChildren().insert(&entry);
        }
    }
    int64_t size = 0;
    CAmount fees = 0;
    int64_t sigchecks = 0;
    for (const MempoolEntry* a : ancestors) {
        size += a->GetTxSize();
        fees += a->GetModifiedFee();
        sigchecks += a->GetSigChecks();
        m_map.modify(IterOf(*a), [&](MempoolEntry& e) { e.UpdateDescendantState(entry.GetTxSize(), entry.GetModifiedFee(), 1); });
    }
    m_map.modify(it, [&](MempoolEntry& e) {
        e.UpdateAncestorState(size, fees, static_cast<int64_t>(ancestors.size()), sigchecks);
    });
    if (const auto& claim = entry.GetClaim()) {
        for (const std::string& key : claim->keys) m_registry_keys[key] = &entry;
    }
    IndexRegistryReadsLocked(entry);
    m_total_tx_size += entry.GetTxSize();
    m_total_fee += entry.GetFee();
    m_cached_usage += entry.DynamicMemoryUsage();
    ++m_sequence;
    if (m_options.signals) m_options.signals->TransactionAddedToMempool(entry.GetSharedTx(), m_sequence);
    AdoptChildrenLocked(entry);
    if (m_options.estimator && track_fee) m_options.estimator->ProcessTransaction(entry);
    LogDebug(BCLog::MEMPOOL, "AddToMempool: %s (%lld bytes, fee %lld), %u txs",
             entry.GetTxid().GetHex().c_str(), (long long)entry.GetTxSize(), (long long)entry.GetFee(), (unsigned)m_map.size());
}

void TxMempool::AdoptChildrenLocked(const MempoolEntry& entry)
{
    bool adopted = false;
    const uint256& txid = entry.GetTxid();
    for (uint32_t n = 0; n < entry.GetTx().vout.size(); ++n) {
        const MempoolEntry* child = GetSpenderLocked(COutPoint{txid, n});
        if (child == nullptr || child == &entry) continue;
        entry.MutableChildren().insert(child);
        child->MutableParents().insert(&entry);
        adopted = true;
    }
    if (!adopted) return;
    // A transaction back from a disconnected block under transactions that spent it while it
    // was confirmed: every total around it changes. Rare (reorgs): recompute from the links.
    const EntrySet descendants = CalculateDescendantsLocked(entry);
    for (const MempoolEntry* d : descendants) RecomputeAncestorStateLocked(*d);
    RecomputeDescendantStateLocked(entry);
    for (const MempoolEntry* a : GetAncestorsLocked(entry)) RecomputeDescendantStateLocked(*a);
}

void TxMempool::RemoveStagedLocked(const EntrySet& entries, RemovalReason reason)
{
    // Fix the totals of what stays: ancestors lose the removed from their descendants, and
    // descendants that stay (a block included their parent) lose it from their ancestors.
    for (const MempoolEntry* removed : entries) {
        for (const MempoolEntry* a : GetAncestorsLocked(*removed)) {
            if (entries.count(a)) continue;
            m_map.modify(IterOf(*a), [&](MempoolEntry& e) {
                e.UpdateDescendantState(-removed->GetTxSize(), -removed->GetModifiedFee(), -1);
            });
        }
        for (const MempoolEntry* d : CalculateDescendantsLocked(*removed)) {
            if (entries.count(d)) continue;
            m_map.modify(IterOf(*d), [&](MempoolEntry& e) {
                e.UpdateAncestorState(-removed->GetTxSize(), -removed->GetModifiedFee(), -1,
                                      -static_cast<int64_t>(removed->GetSigChecks()));
            });
        }
    }
    for (const MempoolEntry* removed : entries) {
        for (const MempoolEntry* parent : removed->Parents()) parent->MutableChildren().erase(removed);
        for (const MempoolEntry* child : removed->Children()) child->MutableParents().erase(removed);
    }
    for (const MempoolEntry* removed : entries) RemoveUncheckedLocked(IterOf(*removed), reason);
}

void TxMempool::RemoveUncheckedLocked(txiter it, RemovalReason reason)
{
    const MempoolEntry& entry = *it;
    const CTransactionRef tx = entry.GetSharedTx();
    ++m_sequence;
    // Removal for a block is announced by BlockConnected (Bitcoin Core does the same).
    if (m_options.signals && reason != RemovalReason::BLOCK) {
        m_options.signals->TransactionRemovedFromMempool(tx, reason, m_sequence);
    }
    if (m_options.estimator && reason != RemovalReason::BLOCK) m_options.estimator->RemoveTransaction(entry.GetTxid());
    for (const CTxIn& in : tx->vin) {
        const auto spend = m_next_tx.find(in.prevout);
        if (spend != m_next_tx.end() && spend->second == &entry) m_next_tx.erase(spend);
    }
    if (const auto& claim = entry.GetClaim()) {
        for (const std::string& key : claim->keys) {
            const auto holder = m_registry_keys.find(key);
            if (holder != m_registry_keys.end() && holder->second == &entry) m_registry_keys.erase(holder);
        }
    }
    UnindexRegistryReadsLocked(entry);
    m_total_tx_size -= entry.GetTxSize();
    m_total_fee -= entry.GetFee();
    m_cached_usage -= entry.DynamicMemoryUsage();
    LogDebug(BCLog::MEMPOOL, "RemoveFromMempool: %s (%s)", tx->GetTxid().GetHex().c_str(),
             validation::RemovalReasonToString(reason).c_str());
    m_map.erase(it);
}

void TxMempool::RemoveRecursiveLocked(const MempoolEntry& entry, RemovalReason reason)
{
    RemoveStagedLocked(CalculateDescendantsLocked(entry), reason);
}

std::vector<CTransactionRef> TxMempool::RemoveForBlockLocked(const std::vector<CTransactionRef>& vtx, int32_t height)
{
    std::vector<const MempoolEntry*> mined;
    for (const CTransactionRef& tx : vtx) {
        if (const MempoolEntry* entry = FindLocked(tx->GetTxid())) mined.push_back(entry);
    }
    if (m_options.estimator) m_options.estimator->ProcessBlock(height, mined);
    // Block order puts parents first, so each mined entry has no parent left in the pool.
    for (const MempoolEntry* entry : mined) RemoveStagedLocked(EntrySet{entry}, RemovalReason::BLOCK);

    std::vector<CTransactionRef> conflicts;
    const auto remove_conflict = [&](const MempoolEntry* entry) {
        AssertLockHeld(m_cs); // called only below, under the lock this function requires
        for (const MempoolEntry* e : CalculateDescendantsLocked(*entry)) conflicts.push_back(e->GetSharedTx());
        RemoveRecursiveLocked(*entry, RemovalReason::CONFLICT);
    };
    for (const CTransactionRef& tx : vtx) {
        for (const CTxIn& in : tx->vin) {
            const MempoolEntry* spender = GetSpenderLocked(in.prevout);
            if (spender && spender->GetTxid() != tx->GetTxid()) remove_conflict(spender);
        }
        if (const auto claim = GetRegistryClaim(*tx, {})) {
            for (const std::string& key : claim->keys) {
                const MempoolEntry* holder = GetKeyHolderLocked(key);
                if (holder == nullptr || holder->GetTxid() == tx->GetTxid()) continue;
                // Not a rival but a statement the rules let follow it (a reveal of the commitment
                // mined, a settlement topping up the total mined): it stays, and the next tip
                // checks it again (it read the record the block wrote).
                if (MayFollowConfirmed(*tx, holder->GetTx(), key)) continue;
                remove_conflict(holder);
            }
        }
    }
    m_last_rolling_update = Now();
    m_block_since_bump = true;
    return conflicts;
}

void TxMempool::ForEachByAncestorScoreLocked(const std::function<bool(const MempoolEntry&)>& fn) const
{
    for (const MempoolEntry& entry : m_map.get<detail::ByAncestorScore>()) {
        if (!fn(entry)) break;
    }
}

void TxMempool::ForEachLocked(const std::function<void(const MempoolEntry&)>& fn) const
{
    for (const MempoolEntry& entry : m_map) fn(entry);
}

void TxMempool::Clear()
{
    LOCK(m_cs);
    m_map.clear();
    m_next_tx.clear();
    m_registry_keys.clear();
    m_registry_reads.clear();
    m_registry_reads_usage = 0;
    m_deltas.clear();
    m_total_tx_size = 0;
    m_total_fee = 0;
    m_cached_usage = 0;
    m_rolling_min_fee = 0;
    ++m_sequence;
}

} // namespace mempool
