// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_MEMPOOL_ENTRY_H
#define DOTS_MEMPOOL_ENTRY_H

/**
 * One transaction in the mempool with what the pool needs to know about it (Bitcoin Core's
 * CTxMemPoolEntry): its fee (and the modified fee prioritisetransaction sets), policy size,
 * time and height of entry, signature checks, its registry conflict keys, its parents and
 * children in the pool, and the totals over its ancestors and its descendants (themselves
 * included) that fee-rate ordering, limits and block assembly use.
 *
 * Entries live inside TxMempool's container; the links and totals change only through
 * TxMempool, under its lock.
 */

#include <mempool/registry_conflicts.h>
#include <primitives/amount.h>
#include <primitives/transaction.h>

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace mempool {

class MempoolEntry;

/** Orders entries by txid (the pointers stay valid while the entries are in the pool). */
struct EntryTxidLess {
    bool operator()(const MempoolEntry* a, const MempoolEntry* b) const;
};
using EntrySet = std::set<const MempoolEntry*, EntryTxidLess>;

class MempoolEntry
{
public:
    MempoolEntry(CTransactionRef tx, CAmount fee, int64_t time, int32_t height, uint64_t sequence, uint32_t sigchecks,
                 bool spends_coinbase, std::optional<RegistryClaim> claim);

    const CTransaction& GetTx() const { return *m_tx; }
    const CTransactionRef& GetSharedTx() const { return m_tx; }
    const uint256& GetTxid() const { return m_tx->GetTxid(); }
    const uint256& GetWtxid() const { return m_tx->GetWtxid(); }
    /** Inputs - outputs - value locked by the registry: what a miner earns. */
    CAmount GetFee() const { return m_fee; }
    /** GetFee() + the prioritisetransaction delta: what ordering and limits use. */
    CAmount GetModifiedFee() const { return m_fee + m_fee_delta; }
    /** Serialized size with witnesses. */
    int64_t GetTotalSize() const { return m_total_size; }
    /** The size fee rates and limits use (policy.h GetPolicySize). */
    int64_t GetTxSize() const { return m_policy_size; }
    int64_t GetTime() const { return m_time; }
    int32_t GetHeight() const { return m_height; }
    uint64_t GetSequence() const { return m_sequence; }
    uint32_t GetSigChecks() const { return m_sigchecks; }
    bool SpendsCoinbase() const { return m_spends_coinbase; }
    /** The registry statement's conflict keys and signer (registry kinds only). */
    const std::optional<RegistryClaim>& GetClaim() const { return m_claim; }
    /** The last height at which the statement can be mined (NextBlockRegistry::ValidUntil, as the
     * chain stood when it entered or after the last reorg); INT64_MAX: no bound. */
    int64_t GetValidUntil() const { return m_valid_until; }
    /** The chainstate record keys its registry check read (NextBlockRegistry::Check), sorted:
     * a block changing none of them leaves its registry validity as it was. Empty for other kinds. */
    const std::vector<std::string>& GetRegistryReads() const { return m_registry_reads; }
    /** Heap bytes this entry accounts for in the pool's memory usage: the entry with its index
     * nodes, its transaction, its claim and its registry reads (which change with them). */
    size_t DynamicMemoryUsage() const { return m_usage + m_reads_usage; }

    uint64_t GetCountWithAncestors() const { return m_count_with_ancestors; }
    int64_t GetSizeWithAncestors() const { return m_size_with_ancestors; }
    CAmount GetModFeesWithAncestors() const { return m_mod_fees_with_ancestors; }
    uint64_t GetSigChecksWithAncestors() const { return m_sigchecks_with_ancestors; }
    uint64_t GetCountWithDescendants() const { return m_count_with_descendants; }
    int64_t GetSizeWithDescendants() const { return m_size_with_descendants; }
    CAmount GetModFeesWithDescendants() const { return m_mod_fees_with_descendants; }

    const EntrySet& Parents() const { return m_parents; }
    const EntrySet& Children() const { return m_children; }

    // ---- Changed only by TxMempool (through multi_index modify or the mutable links). ----
    void SetFeeDelta(CAmount delta);
    void UpdateAncestorState(int64_t size, CAmount mod_fee, int64_t count, int64_t sigchecks);
    void UpdateDescendantState(int64_t size, CAmount mod_fee, int64_t count);
    void SetAncestorState(uint64_t count, int64_t size, CAmount mod_fees, uint64_t sigchecks);
    void SetDescendantState(uint64_t count, int64_t size, CAmount mod_fees);
    /** Resets both totals to the entry alone. */
    void ResetAggregates();
    EntrySet& MutableParents() const { return m_parents; }
    EntrySet& MutableChildren() const { return m_children; }
    /** Set when the entry is made and again after a reorg (under the pool's lock). */
    void SetValidUntil(int64_t last) const { m_valid_until = last; }
    /** Before the entry enters the pool; later only through TxMempool::SetRegistryReadsLocked,
     * which keeps its index of them and its memory total (DynamicMemoryUsage changes). */
    void SetRegistryReads(std::vector<std::string> reads) const;

private:
    CTransactionRef m_tx;
    CAmount m_fee;
    CAmount m_fee_delta{0};
    int64_t m_total_size;
    int64_t m_policy_size;
    int64_t m_time;
    int32_t m_height;
    uint64_t m_sequence;
    uint32_t m_sigchecks;
    bool m_spends_coinbase;
    std::optional<RegistryClaim> m_claim;
    size_t m_usage;

    uint64_t m_count_with_ancestors{1};
    int64_t m_size_with_ancestors;
    CAmount m_mod_fees_with_ancestors;
    uint64_t m_sigchecks_with_ancestors;
    uint64_t m_count_with_descendants{1};
    int64_t m_size_with_descendants;
    CAmount m_mod_fees_with_descendants;

    // The links, the validity bound and the registry reads are not part of any index key: changing them does not
    // reorder the container.
    mutable EntrySet m_parents;
    mutable EntrySet m_children;
    mutable int64_t m_valid_until{INT64_MAX};
    mutable std::vector<std::string> m_registry_reads;
    /** Heap bytes of m_registry_reads (its buffer and the strings' own). */
    mutable size_t m_reads_usage{0};
};

} // namespace mempool

#endif // DOTS_MEMPOOL_ENTRY_H
