// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_MEMPOOL_COINS_VIEW_H
#define DOTS_MEMPOOL_COINS_VIEW_H

/**
 * CoinsViewMempool: the chain's UTXO set plus the outputs of mempool transactions (Bitcoin
 * Core's CCoinsViewMemPool), so that a transaction may spend an unconfirmed one. Outputs of
 * pool transactions appear as non-coinbase coins at MEMPOOL_HEIGHT; coins that pool
 * transactions spend still appear (conflicts are the acceptance code's business). Registry
 * records come from the chain alone.
 *
 * Not thread-safe: use it while holding the chain lock (for `base`) and the pool's lock.
 */

#include <chainstate/coins.h>
#include <mempool/txmempool.h>

namespace mempool {

class CoinsViewMempool : public chainstate::CoinsViewBacked
{
public:
    /** `base` (the chain's coins) and `pool` are not owned and must outlive the view. */
    CoinsViewMempool(chainstate::CoinsView* base, const TxMempool& pool) : CoinsViewBacked{base}, m_pool{pool} {}

    std::optional<chainstate::Coin> GetCoin(const COutPoint& outpoint) const override;
    bool HaveCoin(const COutPoint& outpoint) const override { return GetCoin(outpoint).has_value(); }

private:
    const TxMempool& m_pool;
};

} // namespace mempool

#endif // DOTS_MEMPOOL_COINS_VIEW_H
