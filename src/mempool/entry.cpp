// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <mempool/entry.h>

#include <mempool/policy.h>

namespace mempool {

namespace {
/** An allocation of `n` bytes, rounded up to 16 as Bitcoin Core's memusage does (0: none). */
size_t Round(size_t n) { return (n + 15) & ~size_t{15}; }

/** Heap bytes of a transaction: the object, its vectors and witness items (an estimate in the
 * spirit of Bitcoin Core's memusage: allocations rounded up to 16 bytes). */
size_t TxMemoryUsage(const CTransaction& tx)
{
    size_t usage = Round(sizeof(CTransaction) + 16); // shared_ptr control block
    usage += Round(tx.vin.size() * sizeof(CTxIn));
    for (const CTxIn& in : tx.vin) {
        usage += Round(in.witness.size() * sizeof(std::vector<uint8_t>));
        for (const auto& item : in.witness) usage += Round(item.size());
    }
    usage += Round(tx.vout.size() * sizeof(CTxOut));
    usage += Round(tx.payload.size());
    return usage;
}

/** Heap bytes of a vector of strings: its buffer, and each string's own buffer once it is too
 * long to live inside the string object. */
size_t StringsMemoryUsage(const std::vector<std::string>& strings)
{
    static const size_t inline_capacity = std::string{}.capacity();
    size_t usage = Round(strings.capacity() * sizeof(std::string));
    for (const std::string& s : strings) {
        if (s.capacity() > inline_capacity) usage += Round(s.capacity() + 1);
    }
    return usage;
}
} // namespace

bool EntryTxidLess::operator()(const MempoolEntry* a, const MempoolEntry* b) const
{
    return a->GetTxid() < b->GetTxid();
}

MempoolEntry::MempoolEntry(CTransactionRef tx, CAmount fee, int64_t time, int32_t height, uint64_t sequence,
                           uint32_t sigchecks, bool spends_coinbase, std::optional<RegistryClaim> claim)
    : m_tx{std::move(tx)},
      m_fee{fee},
      m_total_size{static_cast<int64_t>(m_tx->GetTotalSize())},
      m_policy_size{GetPolicySize(m_total_size, sigchecks)},
      m_time{time},
      m_height{height},
      m_sequence{sequence},
      m_sigchecks{sigchecks},
      m_spends_coinbase{spends_coinbase},
      m_claim{std::move(claim)}
{
    // The entry itself in the container (with its index nodes) and the transaction it holds.
    m_usage = TxMemoryUsage(*m_tx) + sizeof(MempoolEntry) + 6 * sizeof(void*) * 4;
    if (m_claim) {
        for (const std::string& key : m_claim->keys) m_usage += key.capacity() + 64;
    }
    ResetAggregates();
}

void MempoolEntry::SetRegistryReads(std::vector<std::string> reads) const
{
    m_registry_reads = std::move(reads);
    m_reads_usage = StringsMemoryUsage(m_registry_reads);
}

void MempoolEntry::ResetAggregates()
{
    m_count_with_ancestors = 1;
    m_size_with_ancestors = m_policy_size;
    m_mod_fees_with_ancestors = GetModifiedFee();
    m_sigchecks_with_ancestors = m_sigchecks;
    m_count_with_descendants = 1;
    m_size_with_descendants = m_policy_size;
    m_mod_fees_with_descendants = GetModifiedFee();
}

void MempoolEntry::SetFeeDelta(CAmount delta)
{
    const CAmount change = delta - m_fee_delta;
    m_fee_delta = delta;
    m_mod_fees_with_ancestors += change;
    m_mod_fees_with_descendants += change;
}

void MempoolEntry::UpdateAncestorState(int64_t size, CAmount mod_fee, int64_t count, int64_t sigchecks)
{
    m_size_with_ancestors += size;
    m_mod_fees_with_ancestors += mod_fee;
    m_count_with_ancestors += count;
    m_sigchecks_with_ancestors += sigchecks;
}

void MempoolEntry::SetAncestorState(uint64_t count, int64_t size, CAmount mod_fees, uint64_t sigchecks)
{
    m_count_with_ancestors = count;
    m_size_with_ancestors = size;
    m_mod_fees_with_ancestors = mod_fees;
    m_sigchecks_with_ancestors = sigchecks;
}

void MempoolEntry::SetDescendantState(uint64_t count, int64_t size, CAmount mod_fees)
{
    m_count_with_descendants = count;
    m_size_with_descendants = size;
    m_mod_fees_with_descendants = mod_fees;
}

void MempoolEntry::UpdateDescendantState(int64_t size, CAmount mod_fee, int64_t count)
{
    m_size_with_descendants += size;
    m_mod_fees_with_descendants += mod_fee;
    m_count_with_descendants += count;
}

} // namespace mempool
