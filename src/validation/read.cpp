// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Read access to the chainstate for RPCs: blocks, registry records and UTXO set statistics.

#include <validation/chainstate_manager.h>

#include <chainstate/registry_store.h>

using chainstate::BlockIndex;

namespace validation {

storage::StatusOr<CBlock> ChainstateManager::ReadBlock(const BlockIndex& index) const
{
    AssertLockHeld(m_cs);
    return m_blockman->ReadBlock(index);
}

void ChainstateManager::ReadRegistry(const std::function<void(const registry::RecordStore&, int32_t)>& fn)
{
    LOCK(m_cs);
    const chainstate::ReadOnlyRecordStore store{*m_coins_tip};
    fn(store, m_chain.Tip() ? m_chain.Tip()->height : -1);
}

storage::Status ChainstateManager::ListRegistryRecords(const std::string& prefix, const std::string& start,
                                                       const std::function<bool(const std::string&, const std::string&)>& fn)
{
    LOCK(m_cs);
    if (storage::Status s = FlushLocked(FlushMode::ALWAYS); !s.ok()) return s;
    return m_coins_db->ForEachRecord(prefix, start, fn);
}

storage::StatusOr<chainstate::CoinsStats> ChainstateManager::GetCoinsStats()
{
    LOCK(m_cs);
    if (storage::Status s = FlushLocked(FlushMode::ALWAYS); !s.ok()) return s;
    return chainstate::ComputeCoinsStats(*m_coins_db, m_options.interrupt ? m_options.interrupt : std::function<bool()>{});
}

} // namespace validation
