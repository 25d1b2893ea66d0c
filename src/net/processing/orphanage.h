// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NET_PROCESSING_ORPHANAGE_H
#define DOTS_NET_PROCESSING_ORPHANAGE_H

/**
 * TxOrphanage: transactions whose inputs we do not know yet (their parents may still be on
 * the way), kept so they can be retried once a parent arrives. Bounded as in Bitcoin Core: at
 * most `max_orphans` entries (-maxorphantx, random eviction beyond), each at most
 * MAX_ORPHAN_TX_SIZE bytes, and none older than ORPHAN_TX_EXPIRE_TIME. Entries remember the
 * peer that sent them and go when it disconnects or when a block confirms or conflicts with
 * them. Thread-compatible: used under the peer manager's lock.
 */

#include <net/node.h>
#include <primitives/block.h>
#include <primitives/transaction.h>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <vector>

namespace net {

inline constexpr size_t DEFAULT_MAX_ORPHAN_TRANSACTIONS = 100;
inline constexpr size_t MAX_ORPHAN_TX_SIZE = 100'000;
inline constexpr int64_t ORPHAN_TX_EXPIRE_TIME = 20 * 60;

class TxOrphanage
{
public:
    /** Keeps `tx` from `peer`. False if it is too large or already kept. */
    bool AddTx(const CTransactionRef& tx, NodeId peer, int64_t now);
    bool HaveTx(const uint256& wtxid) const;
    /** Removes one orphan; returns 1 if it was there. */
    int EraseTx(const uint256& wtxid);
    /** Removes what `peer` sent us. */
    void EraseForPeer(NodeId peer);
    /** Removes orphans included in `block` or spending the same outputs as its transactions. */
    void EraseForBlock(const CBlock& block);
    /** Expires old entries, then evicts random ones down to `max_orphans`. Returns how many went. */
    size_t LimitOrphans(size_t max_orphans, int64_t now);

    /** `parent` was accepted: its orphan children go to the work set of the peer that sent each. */
    void AddChildrenToWorkSet(const CTransaction& parent);
    /** The next orphan to retry for `peer` (taken off its work set), or nullptr. */
    CTransactionRef GetTxToReconsider(NodeId peer);
    bool HaveTxToReconsider(NodeId peer) const;

    size_t Size() const { return m_orphans.size(); }

private:
    struct Entry {
        CTransactionRef tx;
        NodeId from_peer;
        int64_t expire_time;
        size_t list_pos;
    };

    std::map<uint256, Entry> m_orphans; //!< by wtxid
    std::map<COutPoint, std::set<uint256>> m_by_prevout;
    std::map<NodeId, std::set<uint256>> m_work_set;
    std::vector<uint256> m_list; //!< for random eviction
    int64_t m_next_sweep{0};
};

} // namespace net

#endif // DOTS_NET_PROCESSING_ORPHANAGE_H
