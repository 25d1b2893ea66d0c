// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <mempool/aside_store.h>

namespace mempool {

void AsideStore::Add(const CTransactionRef& tx)
{
    LOCK(m_mutex);
    if (m_by_txid.count(tx->GetTxid()) || m_by_wtxid.count(tx->GetWtxid())) return;
    const size_t bytes = tx->GetTotalSize();
    if (bytes > m_max_bytes || m_max_count == 0) return;
    while (!m_order.empty() && (m_order.size() + 1 > m_max_count || m_bytes + bytes > m_max_bytes)) {
        RemoveLocked(m_order.begin());
    }
    const auto it = m_order.insert(m_order.end(), tx);
    m_by_txid.emplace(tx->GetTxid(), it);
    m_by_wtxid.emplace(tx->GetWtxid(), it);
    m_bytes += bytes;
}

void AsideStore::RemoveLocked(std::list<CTransactionRef>::iterator it)
{
    m_bytes -= (*it)->GetTotalSize();
    m_by_txid.erase((*it)->GetTxid());
    m_by_wtxid.erase((*it)->GetWtxid());
    m_order.erase(it);
}

CTransactionRef AsideStore::Get(const uint256& id, bool by_wtxid) const
{
    LOCK(m_mutex);
    const auto& index = by_wtxid ? m_by_wtxid : m_by_txid;
    const auto it = index.find(id);
    return it == index.end() ? nullptr : *it->second;
}

void AsideStore::Remove(const uint256& txid)
{
    LOCK(m_mutex);
    const auto it = m_by_txid.find(txid);
    if (it != m_by_txid.end()) RemoveLocked(it->second);
}

std::vector<CTransactionRef> AsideStore::All() const
{
    LOCK(m_mutex);
    return {m_order.begin(), m_order.end()};
}

size_t AsideStore::Size() const
{
    LOCK(m_mutex);
    return m_order.size();
}

size_t AsideStore::Bytes() const
{
    LOCK(m_mutex);
    return m_bytes;
}

} // namespace mempool
