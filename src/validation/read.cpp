// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Read access to the chainstate for RPCs: blocks, registry records and UTXO set statistics.
// The walks (list RPCs, gettxoutsetinfo) never flush: they take a merged cursor over the coins
// cache and a database snapshot under the chain lock (chainstate/merged_cursor.h) and walk it
// after releasing the lock.

#include <validation/chainstate_manager.h>

#include <chainstate/registry_store.h>

using chainstate::BlockIndex;

namespace validation {

storage::StatusOr<CBlock> ChainstateManager::ReadBlock(const BlockIndex& index) const
{
    AssertLockHeld(m_cs);
    return m_blockman->ReadBlock(index);
}

void ChainstateManager::ReadRegistry(const std::function<void(const consensus::RecordStore&, int32_t)>& fn)
{
    LOCK(m_cs);
    const chainstate::ReadOnlyRecordStore store{*m_coins_tip};
    fn(store, m_chain.Tip() ? m_chain.Tip()->height : -1);
}

storage::Status ChainstateManager::ListRegistryRecords(const std::string& prefix, const std::string& start,
                                                       const std::function<bool(const std::string&, const std::string&)>& fn)
{
    std::unique_ptr<chainstate::MergedCursor> cursor;
    {
        LOCK(m_cs);
        cursor = m_coins_db->RecordCursor(m_coins_tip.get(), prefix, start);
    }
    for (; cursor->Valid(); cursor->Next()) {
        if (!fn(cursor->Key(), cursor->Value())) break;
    }
    return cursor->status();
}

storage::StatusOr<chainstate::CoinsStats> ChainstateManager::GetCoinsStats()
{
    std::unique_ptr<chainstate::CoinsViewCursor> cursor;
    uint64_t disk_size = 0;
    {
        LOCK(m_cs);
        cursor = m_coins_db->CursorWithChanges(*m_coins_tip);
        disk_size = m_coins_db->EstimateSize();
    }
    return chainstate::ComputeCoinsStats(*cursor, disk_size, m_options.interrupt ? m_options.interrupt : std::function<bool()>{});
}

} // namespace validation
