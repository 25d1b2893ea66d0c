// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_MEMPOOL_REGISTRY_CONFLICTS_H
#define DOTS_MEMPOOL_REGISTRY_CONFLICTS_H

/**
 * What a registry transaction claims, for the mempool's first-seen rule (doc/mempool.md
 * "Registry conflicts"): two registry transactions conflict when they touch the same key (the
 * keys of consensus/registry_keys.h: one commitment, one handle, one handle's binding, one
 * node's sequence, one pair-epoch settlement, one target's receipts of an epoch), even if they
 * spend different coins. The first one seen stays; a later one replaces it only if it
 * is signed by the same key and pays more (or, for a settlement, carries a higher voucher
 * total; probe receipts, which anyone may submit for a target, only by a transaction carrying a
 * strict superset of their receipts, paying more); otherwise it is kept aside
 * (mempool/aside_store.h).
 *
 * The keys are consensus::ConflictKey ids, not chainstate record keys. The signer is the key
 * that signed the statement; for statements nobody signs (a handle commitment or its reveal),
 * the lock program of the coin the first input spends: who paid for the statement.
 *
 * Pure functions; thread-safe.
 */

#include <consensus/params.h>
#include <primitives/transaction.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mempool {

struct RegistryClaim {
    /** The keys the statement touches (at least one, no duplicates). */
    std::vector<std::string> keys;
    /** Who may replace it: the statement's signing key (see the file comment). */
    std::array<uint8_t, 32> signer{};
    /** For a settlement, the sum of its vouchers' amounts, which a replacement must exceed;
     * std::nullopt for others. */
    std::optional<uint64_t> total;
    /** For probe receipts, the prober positions it carries (increasing), of which a replacement
     * must carry a strict superset; std::nullopt for others. */
    std::optional<std::vector<uint8_t>> receipts;

    friend bool operator==(const RegistryClaim&, const RegistryClaim&) = default;
};

/**
 * The claim of `tx`, whose spent outputs (in input order) are `spent`; std::nullopt for a
 * transaction that is not of a registry kind or whose payload does not decode (consensus
 * rejects those anyway).
 */
std::optional<RegistryClaim> GetRegistryClaim(const CTransaction& tx, const std::vector<CTxOut>& spent);

/**
 * Whether `held`, a pool statement holding conflict key `key` (a RegistryClaim key), may still be
 * valid after a block confirmed `confirmed`, another statement of that key, so that the pool
 * checks it again against the new tip (Mempool::ApplyTip: the block wrote the record its check
 * read) instead of removing it as a conflict at once. True only when the rules order the two
 * rather than exclude one:
 *   - `confirmed` is the commitment `held` reveals (a reveal needs its commitment mined; after a
 *     reorg the commitment can be mined again under a pool reveal);
 *   - both settle the pair-epoch `key` and `held`'s voucher for it is higher: a top-up (the rules
 *     pay a later higher voucher the difference over the amount settled, doc/registry.md
 *     "Deposits, vouchers, settlements, debts"; its other vouchers are checked again too).
 * False for every other pair, and when either does not carry `key`. Pure; decodes both payloads.
 */
bool MayFollowConfirmed(const CTransaction& confirmed, const CTransaction& held, const std::string& key);

/**
 * Whether the statement of `tx` can no longer be mined in a block at `next_height` or later by
 * its payload alone: a settlement or probe receipts whose window ended (consensus::IsStale).
 * Cheap: no signature check, no state read. The pool's entries also carry the bound the chain
 * fixes (MempoolEntry::GetValidUntil); kept-aside statements are checked with this.
 */
bool IsRegistryStatementStale(const CTransaction& tx, int32_t next_height, const consensus::ConsensusParams& params);

} // namespace mempool

#endif // DOTS_MEMPOOL_REGISTRY_CONFLICTS_H
