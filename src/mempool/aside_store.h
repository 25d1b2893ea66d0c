// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_MEMPOOL_ASIDE_STORE_H
#define DOTS_MEMPOOL_ASIDE_STORE_H

/**
 * The registry statements that lost the first-seen rule (mempool/registry_conflicts.h): valid
 * transactions the mempool refused because an earlier statement holds one of their keys. They
 * are not relayed, but kept so that when a block confirms one of them (a miner saw it first),
 * the node has it at hand (P2P block reconstruction) and, when the key becomes free again
 * (the mempool's version expired, was evicted or left after a reorg), it enters the mempool
 * at the next block without waiting for a peer to resend it.
 *
 * Bounded by count and bytes; the oldest goes first. Thread-safe (own lock).
 */

#include <mempool/registry_conflicts.h>
#include <primitives/transaction.h>
#include <primitives/uint256.h>
#include <util/sync.h>

#include <cstddef>
#include <list>
#include <unordered_map>
#include <vector>

namespace mempool {

class AsideStore
{
public:
    AsideStore(size_t max_count, size_t max_bytes) : m_max_count{max_count}, m_max_bytes{max_bytes} {}

    /** Keeps `tx` (a no-op if it is there already), dropping the oldest entries past the bounds. */
    void Add(const CTransactionRef& tx) LOCKS_EXCLUDED(m_mutex);
    /** The transaction with `id` (a txid, or a wtxid with by_wtxid), or nullptr. */
    CTransactionRef Get(const uint256& id, bool by_wtxid = false) const LOCKS_EXCLUDED(m_mutex);
    void Remove(const uint256& txid) LOCKS_EXCLUDED(m_mutex);
    /** Everything, oldest first. */
    std::vector<CTransactionRef> All() const LOCKS_EXCLUDED(m_mutex);
    size_t Size() const LOCKS_EXCLUDED(m_mutex);
    size_t Bytes() const LOCKS_EXCLUDED(m_mutex);

private:
    void RemoveLocked(std::list<CTransactionRef>::iterator it) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);

    const size_t m_max_count;
    const size_t m_max_bytes;
    mutable Mutex m_mutex;
    std::list<CTransactionRef> m_order GUARDED_BY(m_mutex); //!< oldest first
    std::unordered_map<uint256, std::list<CTransactionRef>::iterator, SaltedUint256Hasher> m_by_txid GUARDED_BY(m_mutex);
    std::unordered_map<uint256, std::list<CTransactionRef>::iterator, SaltedUint256Hasher> m_by_wtxid GUARDED_BY(m_mutex);
    size_t m_bytes GUARDED_BY(m_mutex){0};
};

} // namespace mempool

#endif // DOTS_MEMPOOL_ASIDE_STORE_H
