// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_MEMPOOL_REGISTRY_CHECK_H
#define DOTS_MEMPOOL_REGISTRY_CHECK_H

/**
 * Checks the registry state rules of a transaction as if it were the first of the next block
 * (the rules of consensus/registry_rules.h over the chainstate at the tip, after the next
 * block's BeginBlock work). The mempool uses it on acceptance and after reorgs; mining builds
 * its blocks with the same BlockContext.
 *
 * A statement is checked against the chain only, never against other mempool statements: one
 * that needs another statement still unconfirmed (a handle update naming a node whose
 * registration is in the mempool) is refused until that one is mined (doc/mempool.md).
 *
 * A check's outcome is a function of the records it read (Check's `reads`): the pool indexes its
 * statements by them, and after a block checks again only those whose records the block (or the
 * next block's BeginBlock work, NextBlockWrites) changed.
 *
 * Not thread-safe: the caller holds the chain lock (and serializes calls, the mempool through
 * its own lock).
 */

#include <chainstate/blockindex.h>
#include <chainstate/coins.h>
#include <consensus/params.h>
#include <consensus/registry_keys.h>
#include <consensus/registry_rules.h>
#include <consensus/validation_state.h>
#include <primitives/transaction.h>

#include <memory>
#include <string>
#include <vector>

namespace mempool {

/** The registry's view of a block at `prev->height + 1` on top of `prev`. */
consensus::BlockContext NextBlockContext(const chainstate::BlockIndex& prev, const consensus::ConsensusParams& params);

class NextBlockRegistry
{
public:
    /**
     * Checks `tx` (of any kind: non-registry kinds pass) against `coins_tip`, the chain's coins
     * at `tip`. False with `state` INVALID and the rule's reject reason. The next block's
     * BeginBlock work is computed once per tip and cached. With `reads`, it is set to the
     * chainstate record keys (chainstate/registry_store.h) the check read, sorted, without
     * duplicates: the outcome stays the same while none of them changes (empty for other kinds).
     */
    bool Check(const CTransaction& tx, const chainstate::BlockIndex& tip, chainstate::CoinsViewCache& coins_tip,
               const consensus::ConsensusParams& params, consensus::TxValidationState& state, std::vector<std::string>* reads = nullptr);

    /**
     * The record keys the BeginBlock work of the block after `tip` writes (agenda items due,
     * an epoch's erasure), sorted: with the connected block's own record changes, what can make
     * a statement's check come out differently than on the previous tip.
     */
    const std::vector<std::string>& NextBlockWrites(const chainstate::BlockIndex& tip, chainstate::CoinsViewCache& coins_tip,
                                                    const consensus::ConsensusParams& params);

    /**
     * The last height at which `tx` can be valid, from its payload and the next block's records
     * (consensus::GetStateValidityWindow: a reveal's commitment, an updated or bound handle's
     * expiry); INT64_MAX for kinds without a window. The pool keeps it per entry and drops the
     * entry once the next block is higher.
     */
    int64_t ValidUntil(const CTransaction& tx, const chainstate::BlockIndex& tip, chainstate::CoinsViewCache& coins_tip,
                       const consensus::ConsensusParams& params);

private:
    /** The records at the start of the block after `tip` (cached per tip). */
    chainstate::CoinsViewCache& NextBlockLayer(const chainstate::BlockIndex& tip, chainstate::CoinsViewCache& coins_tip,
                                               const consensus::ConsensusParams& params);

    uint256 m_tip;
    chainstate::CoinsViewCache* m_base{nullptr};
    std::unique_ptr<chainstate::CoinsViewCache> m_layer;
    /** The keys the layer's BeginBlock wrote. */
    std::vector<std::string> m_layer_writes;
};

} // namespace mempool

#endif // DOTS_MEMPOOL_REGISTRY_CHECK_H
