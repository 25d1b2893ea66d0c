// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <net/processing/orphanage.h>

#include <crypto/random.h>
#include <util/logging.h>

namespace net {

namespace {
constexpr int64_t ORPHAN_TX_EXPIRE_INTERVAL = 5 * 60; //!< how often expired orphans are swept
} // namespace

bool TxOrphanage::AddTx(const CTransactionRef& tx, NodeId peer, int64_t now)
{
    const uint256& wtxid = tx->GetWtxid();
    if (m_orphans.count(wtxid)) return false;
    // Bounds the memory an attacker can pin with orphans (100 x 100 kB).
    const size_t size = tx->GetTotalSize();
    if (size > MAX_ORPHAN_TX_SIZE) {
        LogDebug(BCLog::MEMPOOL, "ignoring large orphan tx (size: %u, txid: %s)", static_cast<unsigned>(size), tx->GetTxid().GetHex().c_str());
        return false;
    }
    m_orphans.emplace(wtxid, Entry{tx, peer, now + ORPHAN_TX_EXPIRE_TIME, m_list.size()});
    m_list.push_back(wtxid);
    for (const CTxIn& in : tx->vin) m_by_prevout[in.prevout].insert(wtxid);
    LogDebug(BCLog::MEMPOOL, "stored orphan tx %s (wtxid=%s), size: %u (mapsz %u outsz %u)", tx->GetTxid().GetHex().c_str(),
             wtxid.GetHex().c_str(), static_cast<unsigned>(size), static_cast<unsigned>(m_orphans.size()),
             static_cast<unsigned>(m_by_prevout.size()));
    return true;
}

bool TxOrphanage::HaveTx(const uint256& wtxid) const
{
    return m_orphans.count(wtxid) > 0;
}

int TxOrphanage::EraseTx(const uint256& wtxid)
{
    const auto it = m_orphans.find(wtxid);
    if (it == m_orphans.end()) return 0;
    for (const CTxIn& in : it->second.tx->vin) {
        const auto prev = m_by_prevout.find(in.prevout);
        if (prev == m_by_prevout.end()) continue;
        prev->second.erase(wtxid);
        if (prev->second.empty()) m_by_prevout.erase(prev);
    }
    // Swap with the last entry of the list to erase in O(1).
    const size_t pos = it->second.list_pos;
    if (pos + 1 != m_list.size()) {
        m_list[pos] = m_list.back();
        m_orphans.at(m_list[pos]).list_pos = pos;
    }
    m_list.pop_back();
    m_orphans.erase(it);
    return 1;
}

void TxOrphanage::EraseForPeer(NodeId peer)
{
    m_work_set.erase(peer);
    std::vector<uint256> erase;
    for (const auto& [wtxid, entry] : m_orphans) {
        if (entry.from_peer == peer) erase.push_back(wtxid);
    }
    for (const uint256& wtxid : erase) EraseTx(wtxid);
    if (!erase.empty()) LogDebug(BCLog::MEMPOOL, "Erased %u orphan tx from peer=%lld", static_cast<unsigned>(erase.size()), static_cast<long long>(peer));
}

void TxOrphanage::EraseForBlock(const CBlock& block)
{
    std::vector<uint256> erase;
    for (const CTransactionRef& tx : block.vtx) {
        if (m_orphans.count(tx->GetWtxid())) erase.push_back(tx->GetWtxid());
        for (const CTxIn& in : tx->vin) {
            const auto it = m_by_prevout.find(in.prevout);
            if (it == m_by_prevout.end()) continue;
            erase.insert(erase.end(), it->second.begin(), it->second.end());
        }
    }
    int erased = 0;
    for (const uint256& wtxid : erase) erased += EraseTx(wtxid);
    if (erased > 0) LogDebug(BCLog::MEMPOOL, "Erased %d orphan tx included or conflicted by block", erased);
}

size_t TxOrphanage::LimitOrphans(size_t max_orphans, int64_t now)
{
    size_t erased = 0;
    if (m_next_sweep <= now) {
        int64_t min_expire = now + ORPHAN_TX_EXPIRE_TIME - ORPHAN_TX_EXPIRE_INTERVAL;
        std::vector<uint256> expired;
        for (const auto& [wtxid, entry] : m_orphans) {
            if (entry.expire_time <= now) {
                expired.push_back(wtxid);
            } else {
                min_expire = std::min(min_expire, entry.expire_time);
            }
        }
        for (const uint256& wtxid : expired) erased += static_cast<size_t>(EraseTx(wtxid));
        m_next_sweep = min_expire + ORPHAN_TX_EXPIRE_INTERVAL;
        if (!expired.empty()) LogDebug(BCLog::MEMPOOL, "Erased %u orphan tx due to expiration", static_cast<unsigned>(expired.size()));
    }
    while (m_orphans.size() > max_orphans) {
        erased += static_cast<size_t>(EraseTx(m_list[GetRandRange(m_list.size())]));
    }
    return erased;
}

void TxOrphanage::AddChildrenToWorkSet(const CTransaction& parent)
{
    for (uint32_t n = 0; n < parent.vout.size(); ++n) {
        const auto it = m_by_prevout.find(COutPoint{parent.GetTxid(), n});
        if (it == m_by_prevout.end()) continue;
        for (const uint256& wtxid : it->second) {
            m_work_set[m_orphans.at(wtxid).from_peer].insert(wtxid);
        }
    }
}

CTransactionRef TxOrphanage::GetTxToReconsider(NodeId peer)
{
    auto it = m_work_set.find(peer);
    if (it == m_work_set.end()) return nullptr;
    while (!it->second.empty()) {
        const uint256 wtxid = *it->second.begin();
        it->second.erase(it->second.begin());
        const auto orphan = m_orphans.find(wtxid);
        if (orphan != m_orphans.end()) return orphan->second.tx;
    }
    m_work_set.erase(it);
    return nullptr;
}

bool TxOrphanage::HaveTxToReconsider(NodeId peer) const
{
    const auto it = m_work_set.find(peer);
    return it != m_work_set.end() && !it->second.empty();
}

} // namespace net
