// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_MINING_BLOCK_BUILDER_H
#define DOTS_MINING_BLOCK_BUILDER_H

/**
 * BlockBuilder: the state of a block being assembled on top of the tip, so the assembler can
 * ask "does this package still fit the rules after what the block already holds?" before it
 * takes it. It runs the spending rules (finality, inputs present and mature, amounts) and the
 * registry rules (consensus/registry_rules.h, BeginBlock first) transaction by transaction over
 * a scratch layer of the chain's coins; signatures are not checked here (the mempool did, and
 * the finished template goes through TestBlockValidity).
 *
 * A package is tried on a throwaway layer first and applied only if all of it passes, so a
 * failure never leaves part of a package in the block state.
 *
 * Not thread-safe; the caller holds the chain lock for the builder's whole life.
 */

#include <chainstate/blockindex.h>
#include <chainstate/coins.h>
#include <chainstate/registry_store.h>
#include <consensus/params.h>
#include <consensus/registry_rules.h>
#include <consensus/validation_state.h>
#include <primitives/transaction.h>

#include <memory>
#include <optional>
#include <vector>

namespace mining {

class BlockBuilder
{
public:
    /** A block at tip->height + 1; `coins_tip` is the chain's coins at `tip`. */
    BlockBuilder(const chainstate::BlockIndex& tip, chainstate::CoinsViewCache& coins_tip, const consensus::ConsensusParams& params);
    BlockBuilder(const BlockBuilder&) = delete;
    BlockBuilder& operator=(const BlockBuilder&) = delete;

    int32_t Height() const { return m_height; }
    int64_t MedianTimePast() const { return m_mtp; }

    /**
     * Applies `package` (parents first) if every transaction passes against the block so far.
     * Returns the package's miner fees (inputs + value a node withdrawal releases - outputs -
     * value locked in the registry: consensus::GetRegistryValueFlow), or
     * std::nullopt with `failed` set to the first transaction that did not pass and `state` to
     * why.
     */
    std::optional<CAmount> TryAddPackage(const std::vector<CTransactionRef>& package, consensus::TxValidationState& state,
                                         CTransactionRef& failed);

    /** Whether a package failed after the dry run passed (the block state may hold part of
     * it): the caller must start over (rare; per-block registry limits). */
    bool Broken() const { return m_broken; }

    /** Ends the block (EndBlock). Call once, after the last package. */
    void Finish();

private:
    /** The spending and registry rules of `tx` over `view`, with `connector` for the registry. */
    bool ApplyTx(const CTransaction& tx, chainstate::CoinsViewCache& view, consensus::BlockConnector& connector,
                 CAmount& fee, consensus::TxValidationState& state) const;

    const consensus::ConsensusParams& m_params;
    const chainstate::BlockIndex& m_tip;
    int32_t m_height;
    int64_t m_mtp;
    chainstate::CoinsViewCache m_view; //!< the chain's coins plus this block's changes
    chainstate::ViewRecordStore m_records;
    consensus::BlockConnector m_connector;
    bool m_broken{false};
};

} // namespace mining

#endif // DOTS_MINING_BLOCK_BUILDER_H
