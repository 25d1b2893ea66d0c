// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NODE_P2P_TXPOOL_H
#define DOTS_NODE_P2P_TXPOOL_H

/**
 * MempoolTxPool: the peer manager's view of the mempool (net::TxPool over mempool::Mempool),
 * so net/ relays transactions without depending on the mempool's internals. Transactions from
 * peers go through Mempool::AcceptTransaction (the same rules as sendrawtransaction); what the
 * mempool accepts from any source is announced by the peer manager when the validation
 * notification TransactionAddedToMempool arrives.
 *
 * Thread-safe; takes the chain's and the pool's locks, so never call it holding them.
 */

#include <net/processing/txpool.h>

namespace mempool {
class Mempool;
}

namespace node {

class MempoolTxPool final : public net::TxPool
{
public:
    /** `pool` must outlive this object. */
    explicit MempoolTxPool(mempool::Mempool& pool) : m_pool{pool} {}

    /** AcceptTransaction: valid -> ACCEPTED, already in the pool -> ALREADY_HAVE, unknown
     * inputs -> MISSING_INPUTS (an orphan), anything else -> REJECTED with the state. */
    OfferResult Offer(const CTransactionRef& tx) override;
    std::optional<Entry> Get(const uint256& hash, bool by_txid = false) const override;
    void ForEach(const std::function<void(const Entry&)>& fn) const override;
    /** The mempool's min relay fee rate (max of -minrelaytxfee and its rolling floor). */
    CAmount MinFeeRate() const override;

private:
    mempool::Mempool& m_pool;
};

} // namespace node

#endif // DOTS_NODE_P2P_TXPOOL_H
