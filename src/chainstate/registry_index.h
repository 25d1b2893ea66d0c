// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CHAINSTATE_REGISTRY_INDEX_H
#define DOTS_CHAINSTATE_REGISTRY_INDEX_H

/**
 * The optional registry index (-registryindex), in its own database (<datadir>/indexes/registry)
 * like the transaction index: the per-node queries only RPCs need, kept out of the consensus state
 * (doc/registry.md "State layout"). It is built from each block's registry record diff (what the
 * block's undo data holds), so it follows reorgs exactly:
 *
 *   'p' term:32 orig:32                 -> PairRecord   the pairs a node terminates (the chainstate's
 *                                                       'd' table is ordered by originating node)
 *   'h' node:32 height:be32 n:be16      -> IndexEvent   a node's settlements (as either end) and
 *                                                       balance changes, in block order
 *   'B'                                 -> the hash of the last block applied
 *
 * Crash safety: a block's entries and the best-block record go into one batch (not synced); after
 * a crash the index lags and its owner catches up from the best block (node/registry_indexer.h).
 * Thread-safe as DbWrapper is; ApplyBlock calls must be serialized by the caller.
 */

#include <chainstate/registry_store.h>
#include <consensus/registry_state.h>
#include <primitives/uint256.h>
#include <storage/dbwrapper.h>
#include <storage/status.h>

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace chainstate {

constexpr uint32_t REGISTRY_INDEX_SCHEMA_VERSION = 1;

enum class IndexEventType : uint8_t {
    SETTLED_AS_TERM = 1, //!< a settlement paid this node (amount = the settled total's increase)
    SETTLED_AS_ORIG = 2, //!< a settlement of this node's vouchers
    BALANCE = 3,         //!< the node's balance changed from `before` to `after`
};

/** One entry of a node's history. */
struct IndexEvent {
    int32_t height{0};
    IndexEventType type{IndexEventType::BALANCE};
    consensus::Key counterparty{}; //!< the other node of a settlement; zero for BALANCE
    uint32_t epoch{0};            //!< settlement epoch (settlements only)
    uint64_t seconds{0};          //!< billable seconds of the highest voucher settled (settlements only)
    CAmount before{0};            //!< settled total, or balance, before the block
    CAmount after{0};             //!< ... after it
    friend bool operator==(const IndexEvent&, const IndexEvent&) = default;
};

class RegistryIndex
{
public:
    /** `db` is not owned and must outlive this object. */
    explicit RegistryIndex(storage::DbWrapper& db) : m_db{db} {}

    /**
     * Applies the registry `changes` of the block `hash` at `height` (forward = connected) or
     * undoes them (forward = false: the block was disconnected and `prev_hash` is the new best),
     * with the best-block record, in one batch. Errors: the database's, Corruption for a record
     * of the diff that does not decode.
     */
    [[nodiscard]] storage::Status ApplyBlock(const RecordDiff& changes, int32_t height, const uint256& hash,
                                             const uint256& prev_hash, bool forward);

    /** The last block applied; zero if none. */
    storage::StatusOr<uint256> GetBestBlock() const;

    /** Up to `count` pairs `term` terminates, by originating key from `from_orig` (inclusive). */
    storage::StatusOr<std::vector<std::pair<consensus::Key, consensus::PairRecord>>> ListTermPairs(
        const consensus::Key& term, const consensus::Key& from_orig, size_t count) const;

    /** Up to `count` events of `node` from `from_height` on, oldest first. */
    storage::StatusOr<std::vector<IndexEvent>> ListHistory(const consensus::Key& node, int32_t from_height, size_t count) const;

    /** Erases every entry (a rebuild from the first block). */
    [[nodiscard]] storage::Status Wipe();

private:
    storage::DbWrapper& m_db;
};

} // namespace chainstate

#endif // DOTS_CHAINSTATE_REGISTRY_INDEX_H
