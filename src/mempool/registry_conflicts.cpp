// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <mempool/registry_conflicts.h>

#include <consensus/registry_keys.h>

#include <algorithm>

namespace mempool {

std::optional<RegistryClaim> GetRegistryClaim(const CTransaction& tx, const std::vector<CTxOut>& spent)
{
    // The keys are consensus's (consensus/registry_keys.h), so the pool's conflicts are exactly
    // the statements of which at most one can be valid after the other.
    const std::optional<consensus::RegistryTxKeys> keys = consensus::GetRegistryTxKeys(tx);
    if (!keys) return std::nullopt;
    RegistryClaim claim;
    for (const consensus::ConflictKey& key : keys->keys) {
        claim.keys.push_back(key.id);
        if (key.type == consensus::ConflictType::SETTLEMENT) claim.total = claim.total.value_or(0) + key.voucher_amount;
        if (key.type == consensus::ConflictType::RECEIPTS) claim.receipts = key.receipt_indices;
    }
    // A statement nobody signs (a commitment, a reveal): who paid for it, the lock of its first input.
    if (keys->signer) {
        std::copy(keys->signer->begin(), keys->signer->end(), claim.signer.begin());
    } else if (!spent.empty()) {
        claim.signer = spent.front().lock.program;
    }
    return claim;
}

namespace {
/** The conflict key `id` of `tx`, if it carries it. */
std::optional<consensus::ConflictKey> FindConflictKey(const CTransaction& tx, const std::string& id)
{
    std::optional<consensus::RegistryTxKeys> keys = consensus::GetRegistryTxKeys(tx);
    if (!keys) return std::nullopt;
    for (consensus::ConflictKey& key : keys->keys) {
        if (key.id == id) return std::move(key);
    }
    return std::nullopt;
}
} // namespace

bool MayFollowConfirmed(const CTransaction& confirmed, const CTransaction& held, const std::string& key)
{
    const std::optional<consensus::ConflictKey> confirmed_key = FindConflictKey(confirmed, key);
    const std::optional<consensus::ConflictKey> held_key = FindConflictKey(held, key);
    if (!confirmed_key || !held_key) return false;
    switch (held_key->type) {
    case consensus::ConflictType::COMMITMENT:
        // Commit then reveal: the reveal's window now follows the commitment's (new) height.
        return confirmed.kind == TxKind::HANDLE_COMMIT && held.kind == TxKind::HANDLE_REGISTER;
    case consensus::ConflictType::SETTLEMENT:
        // A voucher no higher than the one settled is refused (bad-settle-not-higher).
        return held_key->voucher_amount > confirmed_key->voucher_amount;
    default:
        return false;
    }
}

bool IsRegistryStatementStale(const CTransaction& tx, int32_t next_height, const consensus::ConsensusParams& params)
{
    return consensus::IsStale(tx, next_height, params.registry);
}

} // namespace mempool
