// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <mempool/rbf.h>

#include <util/format.h>

#include <set>

namespace mempool {

namespace {
bool Reject(consensus::TxValidationState& state, std::string_view reason, const std::string& debug)
{
    return state.Invalid(consensus::TxValidationResult::TX_MEMPOOL_POLICY, reason, debug);
}

bool Signals(const CTransaction& tx)
{
    for (const CTxIn& in : tx.vin) {
        if (in.sequence < SEQUENCE_FINAL - 1) return true;
    }
    return false;
}
} // namespace

CAmount ModifiedFees(const EntrySet& entries)
{
    CAmount total = 0;
    for (const MempoolEntry* e : entries) total += e->GetModifiedFee();
    return total;
}

bool CollectEvictions(const TxMempool& pool, const EntrySet& direct, EntrySet& evict, consensus::TxValidationState& state)
{
    for (const MempoolEntry* conflict : direct) {
        for (const MempoolEntry* e : pool.CalculateDescendantsLocked(*conflict)) evict.insert(e);
        if (evict.size() > MAX_REPLACEMENT_CANDIDATES) {
            return Reject(state, "too many potential replacements",
                          StrFormat("rejecting replacement; too many potential replacements (%u > %u)",
                                    (unsigned)evict.size(), (unsigned)MAX_REPLACEMENT_CANDIDATES));
        }
    }
    return true;
}

bool SignalsReplacement(const TxMempool& pool, const EntrySet& direct)
{
    for (const MempoolEntry* conflict : direct) {
        if (Signals(conflict->GetTx())) return true;
        for (const MempoolEntry* a : pool.GetAncestorsLocked(*conflict)) {
            if (Signals(a->GetTx())) return true;
        }
    }
    return false;
}

bool CheckReplacement(const TxMempool& pool, const CTransaction& tx, CAmount modified_fee, int64_t size,
                      const EntrySet& ancestors, const EntrySet& direct, const EntrySet& evict, const FeeRate& incremental,
                      consensus::TxValidationState& state)
{
    const std::string txid = tx.GetTxid().GetHex();
    for (const MempoolEntry* a : ancestors) {
        if (evict.count(a)) {
            return Reject(state, "bad-txns-spends-conflicting-tx",
                          StrFormat("%s spends conflicting transaction %s", txid.c_str(), a->GetTxid().GetHex().c_str()));
        }
    }
    // Rule 2: no unconfirmed input that none of the replaced transactions spent.
    std::set<uint256> parents_of_conflicts;
    for (const MempoolEntry* conflict : direct) {
        for (const CTxIn& in : conflict->GetTx().vin) parents_of_conflicts.insert(in.prevout.txid);
    }
    for (size_t i = 0; i < tx.vin.size(); ++i) {
        const uint256& parent = tx.vin[i].prevout.txid;
        if (!parents_of_conflicts.count(parent) && pool.FindLocked(parent)) {
            return Reject(state, "replacement-adds-unconfirmed",
                          StrFormat("replacement %s adds unconfirmed input, idx %u", txid.c_str(), (unsigned)i));
        }
    }
    // Rule 6: a better fee rate than each transaction it directly replaces.
    for (const MempoolEntry* conflict : direct) {
        if (CompareFeeRates(modified_fee, size, conflict->GetModifiedFee(), conflict->GetTxSize()) <= 0) {
            return Reject(state, "insufficient fee",
                          StrFormat("rejecting replacement %s; new feerate %s <= old feerate %s", txid.c_str(),
                                    FeeRate{modified_fee, size}.ToString().c_str(),
                                    FeeRate{conflict->GetModifiedFee(), conflict->GetTxSize()}.ToString().c_str()));
        }
    }
    // Rules 3 and 4: at least the evicted fees, plus its own relay at the incremental rate.
    const CAmount evicted_fees = ModifiedFees(evict);
    if (modified_fee < evicted_fees) {
        return Reject(state, "insufficient fee",
                      StrFormat("rejecting replacement %s, less fees than conflicting txs; %lld < %lld", txid.c_str(),
                                (long long)modified_fee, (long long)evicted_fees));
    }
    const CAmount relay = incremental.GetFee(size);
    if (modified_fee - evicted_fees < relay) {
        return Reject(state, "insufficient fee",
                      StrFormat("rejecting replacement %s, not enough additional fees to relay; %lld < %lld", txid.c_str(),
                                (long long)(modified_fee - evicted_fees), (long long)relay));
    }
    return true;
}

} // namespace mempool
