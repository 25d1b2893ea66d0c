// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CONSENSUS_REGISTRY_KEYS_H
#define DOTS_CONSENSUS_REGISTRY_KEYS_H

/**
 * What the mempool and block assembly need to know about a registry transaction without reading
 * the chain state (doc/registry.md "Mempool keys"): the registry keys it touches (two
 * transactions that share a key conflict: at most one of them can be valid after the other, or
 * their order matters), the key that signs it, and the heights at which it can be valid at all.
 *
 * Everything is computed from the transaction alone (its payload must decode; a transaction that
 * does not is rejected by CheckTransaction anyway), except GetStateValidityWindow, which also
 * reads the records a reveal, update or binding depends on. Pure; thread-safe.
 */

#include <consensus/params.h>
#include <consensus/registry_payload.h>
#include <consensus/registry_state.h>
#include <primitives/transaction.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace consensus {

enum class ConflictType : uint8_t {
    HANDLE = 1,     //!< a handle's owner-controlled record (registration, updates)
    BINDING = 2,    //!< a handle's presence binding
    COMMITMENT = 3, //!< one handle commitment
    NODE = 4,       //!< one node's sequence (node statements, deposit releases, withdrawals)
    SETTLEMENT = 5, //!< one (orig, term, settlement epoch)
    RECEIPTS = 6,   //!< one target's receipts of one probe epoch
};

/** One key a transaction touches. `id` is `type` as a byte followed by the key's identity (the
 * handle's bytes, a 32-byte commitment or node key, orig||term||epoch:be32, epoch:be32||target):
 * compare and hash `id` alone. */
struct ConflictKey {
    ConflictType type{ConflictType::HANDLE};
    std::string id;
    /** SETTLEMENT only: the voucher amount for this key (a replacement must carry a higher one). */
    CAmount voucher_amount{0};
    /** RECEIPTS only: the prober positions of the receipts it carries, increasing (a replacement
     * must carry a strict superset). */
    std::vector<uint8_t> receipt_indices;
    friend bool operator==(const ConflictKey& a, const ConflictKey& b) { return a.id == b.id; }
};

struct RegistryTxKeys {
    std::vector<ConflictKey> keys;  //!< in payload order, no duplicates; empty for a deposit
    /** The key whose signature authorises the transaction: the owner (update), the node (node
     * statement, binding, release, withdrawal), the originating node (settlement), the target
     * (receipts: the beneficiary; the probers sign the receipts). std::nullopt for commitments,
     * reveals and deposits, which nobody signs. */
    std::optional<Key> signer;
};

/** The keys and signer of registry transaction `tx`; std::nullopt if `tx` is not of a registry kind
 * or its payload does not decode. */
std::optional<RegistryTxKeys> GetRegistryTxKeys(const CTransaction& tx);

/** The heights [first, last] at which a transaction can be valid (by its payload alone). */
struct ValidityWindow {
    int64_t first{0};
    int64_t last{INT64_MAX};
};

/** The validity window of `tx`: settlements and receipts have one; other kinds are unbounded.
 * An undecodable payload gets the empty window {1, 0}. */
ValidityWindow GetValidityWindow(const CTransaction& tx, const RegistryParams& params);

/**
 * GetValidityWindow narrowed by the chain's registry records `store` (the state a block would
 * start from), for the kinds whose window the chain fixes rather than the payload:
 *   handle_register   [c + commit_maturity, c + reveal_window], c the commitment's height (the
 *                     commitment is erased at the start of block c + reveal_window + 1);
 *   handle_update, binding   up to the handle's expiry_height - 1 (an expired handle takes
 *                     neither; only a statement of the same HANDLE key can renew it).
 * A missing record leaves the payload's window (the rules refuse the statement anyway). The
 * window holds while the records it read stand: a reorg can move a commitment, so callers
 * compute it again after one. Reads at most one record.
 */
ValidityWindow GetStateValidityWindow(const CTransaction& tx, const RecordStore& store, const RegistryParams& params);

/** True if `tx` can no longer be valid in a block at `height` or later (its window ended before
 * `height`). A transaction whose window has not started is not stale. */
bool IsStale(const CTransaction& tx, int64_t height, const RegistryParams& params);

} // namespace consensus

#endif // DOTS_CONSENSUS_REGISTRY_KEYS_H
