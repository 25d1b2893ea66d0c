// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CHAINSTATE_REPLAY_H
#define DOTS_CHAINSTATE_REPLAY_H

/**
 * The coin-level effect of a block, without any consensus check, and the start-up repair of an
 * interrupted chainstate flush built on it.
 *
 * Validation uses UpdateCoins/DisconnectBlockCoins after its own checks (this layer never
 * decides validity); ReplayBlocks uses them to finish a flush that a crash cut short (the
 * head-blocks marker of CoinsViewDB). Registry records are replayed from the record diffs in
 * the undo data (chainstate/registry_store.h).
 *
 * Not thread-safe: callers hold the chain lock.
 */

#include <chainstate/blockindex.h>
#include <chainstate/coins.h>
#include <chainstate/registry_store.h>
#include <chainstate/undo.h>
#include <primitives/block.h>
#include <storage/status.h>

namespace chainstate {

class BlockManager;
class CoinsViewDB;

/**
 * Spends the inputs of `tx` (appending the spent coins to `undo` when given) and adds its
 * outputs as coins at `height`. Returns false if an input was missing (the caller must have
 * checked HaveInputs; nothing is rolled back). With `replay`, missing inputs are ignored and
 * outputs may overwrite (re-applying a block whose effects are partly on disk already).
 */
[[nodiscard]] bool UpdateCoins(const CTransaction& tx, CoinsViewCache& view, int height, TxUndo* undo,
                               bool replay = false);

enum class DisconnectResult {
    OK,       //!< the view matched the block exactly and is now as before it
    UNCLEAN,  //!< the view did not match exactly but is now as before it (expected during replay)
    FAILED,   //!< the undo data does not fit the block: nothing sensible was done
};

/** Reverts the coin changes of `block` with its undo data. */
DisconnectResult DisconnectBlockCoins(const CBlock& block, const BlockUndo& undo, CoinsViewCache& view);

/** The registry record diff of a block's undo data (empty if the block changed no record).
 * Errors: Corruption if the section does not decode. */
storage::StatusOr<RecordDiff> ReadRecordDiff(const BlockUndo& undo, const BlockIndex& index);

/**
 * Finishes an interrupted multi-batch flush of `db`: if the head-blocks marker says the database
 * is somewhere between old and new tip, disconnects old back to the fork point with the undo
 * data and re-applies the blocks up to the new tip, then flushes (which sets the best block and
 * clears the marker). OK and no change if there is no marker. Errors: Corruption if the marked
 * blocks are not in `blocks`' index or their data/undo cannot be read; the write errors of the
 * flush. The index must be loaded.
 */
[[nodiscard]] storage::Status ReplayBlocks(CoinsViewDB& db, const BlockManager& blocks);

} // namespace chainstate

#endif // DOTS_CHAINSTATE_REPLAY_H
