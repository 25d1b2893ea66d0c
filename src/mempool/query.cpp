// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// TxMempool: the locking queries RPCs and P2P use, prioritisetransaction, and the
// consistency check of tests.

#include <mempool/txmempool.h>

#include <util/format.h>

namespace mempool {

size_t TxMempool::Size() const
{
    LOCK(m_cs);
    return m_map.size();
}

int64_t TxMempool::TotalTxSize() const
{
    LOCK(m_cs);
    return m_total_tx_size;
}

CAmount TxMempool::TotalFee() const
{
    LOCK(m_cs);
    return m_total_fee;
}

size_t TxMempool::DynamicMemoryUsage() const
{
    LOCK(m_cs);
    return DynamicMemoryUsageLocked();
}

uint64_t TxMempool::GetSequence() const
{
    LOCK(m_cs);
    return m_sequence;
}

bool TxMempool::Exists(const uint256& txid) const
{
    LOCK(m_cs);
    return FindLocked(txid) != nullptr;
}

bool TxMempool::ExistsWtxid(const uint256& wtxid) const
{
    LOCK(m_cs);
    return FindWtxidLocked(wtxid) != nullptr;
}

CTransactionRef TxMempool::Get(const uint256& id, bool by_wtxid) const
{
    LOCK(m_cs);
    const MempoolEntry* entry = by_wtxid ? FindWtxidLocked(id) : FindLocked(id);
    return entry ? entry->GetSharedTx() : nullptr;
}

EntryInfo TxMempool::MakeInfo(const MempoolEntry& entry) const
{
    EntryInfo info;
    info.tx = entry.GetSharedTx();
    info.fee = entry.GetFee();
    info.modified_fee = entry.GetModifiedFee();
    info.size = entry.GetTxSize();
    info.total_size = entry.GetTotalSize();
    info.time = entry.GetTime();
    info.height = entry.GetHeight();
    info.sigchecks = entry.GetSigChecks();
    info.ancestor_count = entry.GetCountWithAncestors();
    info.ancestor_size = entry.GetSizeWithAncestors();
    info.ancestor_fees = entry.GetModFeesWithAncestors();
    info.descendant_count = entry.GetCountWithDescendants();
    info.descendant_size = entry.GetSizeWithDescendants();
    info.descendant_fees = entry.GetModFeesWithDescendants();
    for (const MempoolEntry* parent : entry.Parents()) info.depends.push_back(parent->GetTxid());
    for (const MempoolEntry* child : entry.Children()) info.spent_by.push_back(child->GetTxid());
    // BIP125 signalling of the transaction or an unconfirmed ancestor (replacement itself does
    // not need it: full RBF).
    const auto signals = [](const CTransaction& tx) {
        for (const CTxIn& in : tx.vin) {
            if (in.sequence < SEQUENCE_FINAL - 1) return true;
        }
        return false;
    };
    info.bip125_replaceable = signals(entry.GetTx());
    if (!info.bip125_replaceable) {
        for (const MempoolEntry* a : GetAncestorsLocked(entry)) {
            if (signals(a->GetTx())) {
                info.bip125_replaceable = true;
                break;
            }
        }
    }
    return info;
}

std::optional<EntryInfo> TxMempool::Info(const uint256& txid) const
{
    LOCK(m_cs);
    const MempoolEntry* entry = FindLocked(txid);
    if (entry == nullptr) return std::nullopt;
    return MakeInfo(*entry);
}

std::vector<EntryInfo> TxMempool::InfoAll() const
{
    LOCK(m_cs);
    std::vector<EntryInfo> infos;
    infos.reserve(m_map.size());
    for (const MempoolEntry& entry : m_map.get<detail::ByAncestorScore>()) infos.push_back(MakeInfo(entry));
    return infos;
}

std::optional<std::vector<uint256>> TxMempool::AncestorTxids(const uint256& txid) const
{
    LOCK(m_cs);
    const MempoolEntry* entry = FindLocked(txid);
    if (entry == nullptr) return std::nullopt;
    std::vector<uint256> txids;
    for (const MempoolEntry* a : GetAncestorsLocked(*entry)) txids.push_back(a->GetTxid());
    return txids;
}

std::optional<std::vector<uint256>> TxMempool::DescendantTxids(const uint256& txid) const
{
    LOCK(m_cs);
    const MempoolEntry* entry = FindLocked(txid);
    if (entry == nullptr) return std::nullopt;
    std::vector<uint256> txids;
    for (const MempoolEntry* d : CalculateDescendantsLocked(*entry)) {
        if (d != entry) txids.push_back(d->GetTxid());
    }
    return txids;
}

void TxMempool::PrioritiseTransaction(const uint256& txid, CAmount delta)
{
    LOCK(m_cs);
    CAmount& total = m_deltas[txid];
    total += delta;
    if (const MempoolEntry* entry = FindLocked(txid)) {
        const CAmount new_delta = total;
        m_map.modify(IterOf(*entry), [&](MempoolEntry& e) { e.SetFeeDelta(new_delta); });
        for (const MempoolEntry* a : GetAncestorsLocked(*entry)) {
            m_map.modify(IterOf(*a), [&](MempoolEntry& e) { e.UpdateDescendantState(0, delta, 0); });
        }
        for (const MempoolEntry* d : CalculateDescendantsLocked(*entry)) {
            if (d == entry) continue;
            m_map.modify(IterOf(*d), [&](MempoolEntry& e) { e.UpdateAncestorState(0, delta, 0, 0); });
        }
        ++m_sequence;
    }
    if (total == 0) m_deltas.erase(txid);
}

std::map<uint256, CAmount> TxMempool::GetDeltas() const
{
    LOCK(m_cs);
    return m_deltas;
}

std::string TxMempool::CheckConsistency() const
{
    LOCK(m_cs);
    int64_t total_size = 0;
    CAmount total_fee = 0;
    size_t usage = 0;
    size_t spends = 0;
    size_t reads = 0;
    for (const MempoolEntry& entry : m_map) {
        const std::string id = entry.GetTxid().GetHex();
        total_size += entry.GetTxSize();
        total_fee += entry.GetFee();
        usage += entry.DynamicMemoryUsage();
        EntrySet parents;
        for (const CTxIn& in : entry.GetTx().vin) {
            ++spends;
            if (GetSpenderLocked(in.prevout) != &entry) return "spend of " + in.prevout.ToString() + " not indexed for " + id;
            if (const MempoolEntry* parent = FindLocked(in.prevout.txid)) parents.insert(parent);
        }
        if (parents != entry.Parents()) return "parents of " + id + " do not match its inputs";
        for (const MempoolEntry* parent : parents) {
            if (!parent->Children().count(&entry)) return "parent of " + id + " does not list it as child";
        }
        for (const MempoolEntry* child : entry.Children()) {
            if (!child->Parents().count(&entry)) return "child of " + id + " does not list it as parent";
        }
        const EntrySet ancestors = GetAncestorsLocked(entry);
        int64_t a_size = entry.GetTxSize();
        CAmount a_fees = entry.GetModifiedFee();
        uint64_t a_sig = entry.GetSigChecks();
        for (const MempoolEntry* a : ancestors) {
            a_size += a->GetTxSize();
            a_fees += a->GetModifiedFee();
            a_sig += a->GetSigChecks();
        }
        if (entry.GetCountWithAncestors() != ancestors.size() + 1 || entry.GetSizeWithAncestors() != a_size ||
            entry.GetModFeesWithAncestors() != a_fees || entry.GetSigChecksWithAncestors() != a_sig) {
            return "ancestor totals of " + id + " are wrong";
        }
        const EntrySet descendants = CalculateDescendantsLocked(entry);
        int64_t d_size = 0;
        CAmount d_fees = 0;
        for (const MempoolEntry* d : descendants) {
            d_size += d->GetTxSize();
            d_fees += d->GetModifiedFee();
        }
        if (entry.GetCountWithDescendants() != descendants.size() || entry.GetSizeWithDescendants() != d_size ||
            entry.GetModFeesWithDescendants() != d_fees) {
            return "descendant totals of " + id + " are wrong";
        }
        if (const auto& claim = entry.GetClaim()) {
            for (const std::string& key : claim->keys) {
                if (GetKeyHolderLocked(key) != &entry) return "registry key of " + id + " not indexed";
            }
        }
        for (const std::string& key : entry.GetRegistryReads()) {
            ++reads;
            const auto it = m_registry_reads.find(key);
            if (it == m_registry_reads.end() || !it->second.count(&entry)) return "registry read of " + id + " not indexed";
        }
    }
    if (spends != m_next_tx.size()) return "spends index has stale entries";
    size_t indexed_reads = 0;
    for (const auto& [key, readers] : m_registry_reads) indexed_reads += readers.size();
    if (reads != indexed_reads) return "registry reads index has stale entries";
    if (total_size != m_total_tx_size || total_fee != m_total_fee || usage != m_cached_usage) return "pool totals are wrong";
    return "";
}

} // namespace mempool
