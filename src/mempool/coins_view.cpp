// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <mempool/coins_view.h>

namespace mempool {

std::optional<chainstate::Coin> CoinsViewMempool::GetCoin(const COutPoint& outpoint) const
{
    AssertLockHeld(m_pool.GetMutex()); // the class contract: callers hold the pool's lock
    if (const MempoolEntry* entry = m_pool.FindLocked(outpoint.txid)) {
        const CTransaction& tx = entry->GetTx();
        if (outpoint.n < tx.vout.size()) return chainstate::Coin{tx.vout[outpoint.n], MEMPOOL_HEIGHT, false};
        return std::nullopt;
    }
    return m_base->GetCoin(outpoint);
}

} // namespace mempool
