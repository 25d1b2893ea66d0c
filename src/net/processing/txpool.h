// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NET_PROCESSING_TXPOOL_H
#define DOTS_NET_PROCESSING_TXPOOL_H

/**
 * TxPool: all the peer manager needs from the mempool, so transaction relay does not depend
 * on the mempool's internals. node/ implements it over the mempool; without one (or with
 * -blocksonly) the node relays blocks only and tells peers so (version relay=false).
 *
 * Every method is thread-safe and may take the mempool's and the chain's locks, so callers
 * must not hold the chain lock.
 */

#include <consensus/validation_state.h>
#include <primitives/amount.h>
#include <primitives/transaction.h>
#include <primitives/uint256.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace net {

class TxPool
{
public:
    virtual ~TxPool() = default;

    enum class Outcome {
        ACCEPTED,       //!< in the mempool now (announce it)
        ALREADY_HAVE,   //!< it (or the same txid) was there already
        MISSING_INPUTS, //!< spends outputs we do not know: an orphan (ask for its parents)
        REJECTED,       //!< invalid or against policy: `state` says why
    };
    struct OfferResult {
        Outcome outcome{Outcome::REJECTED};
        /** The reason for REJECTED (TX_CONSENSUS means the sender misbehaved). */
        consensus::TxValidationState state;
    };
    /** Validates `tx` against the chain and policy and adds it if it passes. */
    virtual OfferResult Offer(const CTransactionRef& tx) = 0;

    /** What relay needs to know of a mempool transaction. */
    struct Entry {
        CTransactionRef tx;
        CAmount fee{0};
        size_t size{0};        //!< serialized bytes (fee rate = fee * 1000 / size)
        int64_t time{0};       //!< when it entered the mempool (UNIX seconds)
        size_t ancestors{1};   //!< itself and its unconfirmed ancestors (parents are announced first)
    };
    /** The transaction with this wtxid (or txid, when `by_txid`), if in the mempool. */
    virtual std::optional<Entry> Get(const uint256& hash, bool by_txid = false) const = 0;
    /** Calls `fn` for every mempool transaction (the mempool message). */
    virtual void ForEach(const std::function<void(const Entry&)>& fn) const = 0;
    /** The fee rate (units per 1000 bytes) below which we would not accept a transaction now (feefilter). */
    virtual CAmount MinFeeRate() const = 0;
};

} // namespace net

#endif // DOTS_NET_PROCESSING_TXPOOL_H
