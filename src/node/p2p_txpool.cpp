// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <node/p2p_txpool.h>

#include <mempool/entry.h>
#include <mempool/mempool.h>

#include <string_view>

namespace node {
namespace {

net::TxPool::Entry ToEntry(const mempool::MempoolEntry& e)
{
    // The modified fee over the policy size: the fee rate the mempool itself ranks by.
    return net::TxPool::Entry{
        .tx = e.GetSharedTx(),
        .fee = e.GetModifiedFee(),
        .size = static_cast<size_t>(e.GetTxSize()),
        .time = e.GetTime(),
        .ancestors = static_cast<size_t>(e.GetCountWithAncestors()),
    };
}

bool IsAlreadyKnown(std::string_view reason)
{
    return reason == "txn-already-in-mempool" || reason == "txn-same-nonwitness-data-in-mempool" ||
           reason == "txn-already-known";
}

} // namespace

net::TxPool::OfferResult MempoolTxPool::Offer(const CTransactionRef& tx)
{
    mempool::AcceptResult accepted = m_pool.AcceptTransaction(tx);
    OfferResult result;
    result.state = accepted.state;
    if (accepted.IsValid()) {
        result.outcome = Outcome::ACCEPTED;
    } else if (accepted.state.GetResult() == consensus::TxValidationResult::TX_MISSING_INPUTS) {
        result.outcome = Outcome::MISSING_INPUTS;
    } else if (IsAlreadyKnown(accepted.state.GetRejectReason())) {
        result.outcome = Outcome::ALREADY_HAVE;
    } else {
        result.outcome = Outcome::REJECTED;
    }
    return result;
}

std::optional<net::TxPool::Entry> MempoolTxPool::Get(const uint256& hash, bool by_txid) const
{
    const mempool::TxMempool& pool = m_pool.Pool();
    LOCK(pool.GetMutex());
    const mempool::MempoolEntry* entry = by_txid ? pool.FindLocked(hash) : pool.FindWtxidLocked(hash);
    if (!entry) return std::nullopt;
    return ToEntry(*entry);
}

void MempoolTxPool::ForEach(const std::function<void(const Entry&)>& fn) const
{
    std::vector<Entry> entries;
    {
        const mempool::TxMempool& pool = m_pool.Pool();
        LOCK(pool.GetMutex());
        pool.ForEachLocked([&](const mempool::MempoolEntry& e) { entries.push_back(ToEntry(e)); });
    }
    // Outside the pool's lock: `fn` may send messages.
    for (const Entry& e : entries) fn(e);
}

CAmount MempoolTxPool::MinFeeRate() const
{
    return m_pool.GetMinRelayFeeRate().GetFeePerK();
}

} // namespace node
