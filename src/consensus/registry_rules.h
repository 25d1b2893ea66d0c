// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CONSENSUS_REGISTRY_RULES_H
#define DOTS_CONSENSUS_REGISTRY_RULES_H

/**
 * The registry's state transition: what each registry transaction requires of the state and
 * how it changes it, the payouts a coinbase owes, and the call-reward accounting of a block
 * (doc/registry.md "Rules"). It reads and writes only through a RecordStore, so validation runs
 * it over the chainstate and tests over a map; undo is the store's business (validation records
 * every key's value before and after the block).
 *
 * Use per block, in this order:
 *   BlockConnector c{store, ctx};
 *   required = c.BeginBlock();            // payouts due at this height (coinbase must pay them)
 *   for each non-coinbase tx: c.ApplyTransaction(tx, state)  (registry kinds; others are no-ops)
 *   claimed = c.EndBlock();               // the block's call earnings, escrowed until paid
 * The coinbase may then pay at most subsidy - claimed + fees besides `required`.
 *
 * Not thread-safe; the store must outlive the connector.
 */

#include <consensus/params.h>
#include <consensus/registry_payload.h>
#include <consensus/registry_state.h>
#include <consensus/validation_state.h>
#include <primitives/transaction.h>

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace registry {

struct BlockContext {
    int32_t height{0};
    const ConsensusParams* params{nullptr};
    /** The hash of the block at height `h` (< height) of the chain this block extends, or
     * std::nullopt if there is none. Used for presence and call-record anchors. */
    std::function<std::optional<uint256>(int32_t h)> ancestor_hash;
};

/**
 * Sums payouts per lock in the order each lock first appears (the coinbase's order); zero
 * amounts are dropped. O(log n) per Add.
 */
class PayoutOutputs
{
public:
    void Add(const OutputLock& lock, CAmount amount);
    const std::vector<CTxOut>& Outputs() const { return m_outputs; }

private:
    std::vector<CTxOut> m_outputs;
    std::map<std::pair<uint8_t, std::array<uint8_t, 32>>, size_t> m_position; //!< lock -> index
};

class BlockConnector
{
public:
    BlockConnector(RecordStore& store, BlockContext ctx);

    /**
     * Pays what is due at this height: the earnings of pending call records scheduled here
     * (marking them paid and crediting the nodes' totals) and bonds to return. Returns the
     * outputs the coinbase must start with, aggregated per lock in order of first appearance.
     * Call once, before any transaction.
     */
    std::vector<CTxOut> BeginBlock();

    /**
     * Checks the state rules of registry transaction `tx` and applies its effect. Transactions
     * of other kinds are accepted unchanged. The payload must have passed CheckTransaction
     * (decoding and syntax); a payload that does not decode is rejected again here anyway.
     * On failure returns false with `state` INVALID/TX_CONSENSUS and one of the reject reasons
     * of doc/registry.md; the store may then hold part of the change (the caller discards it).
     */
    [[nodiscard]] bool ApplyTransaction(const CTransaction& tx, TxValidationState& state);

    /**
     * Splits this block's call-reward pool among its call records, schedules their earnings
     * dispute_window blocks later and records the block's reward accounting. Returns the amount
     * claimed from the pool (which the coinbase must leave out). Call once, after the last
     * transaction.
     */
    CAmount EndBlock();

private:
    bool ApplyCommit(const HandleCommit& p, TxValidationState& state);
    bool ApplyRegister(const HandleRegister& p, TxValidationState& state);
    bool ApplyUpdate(const HandleUpdate& p, TxValidationState& state);
    bool ApplyNode(const NodeRegister& p, TxValidationState& state);
    bool ApplyPresence(const PresenceProof& p, TxValidationState& state);
    bool ApplyCall(const CallRecord& p, const uint256& txid, TxValidationState& state);
    bool ApplyVoid(const CallVoid& p, TxValidationState& state);
    bool ApplyEquivocation(const Equivocation& p, TxValidationState& state);

    /** Whether `anchor_height`/`anchor_hash` name a block of this chain within `window`. */
    bool IsValidAnchor(uint32_t anchor_height, const uint256& anchor_hash, int32_t window) const;
    void SchedulePayout(int32_t height, PayoutItem item);
    void WriteScheduledPayouts();
    /** Computes the earnings of this block's records; returns the amount claimed. */
    CAmount SettleCalls();
    void WriteNode(const NodeRecord& node);

    RecordStore& m_store;
    BlockContext m_ctx;
    const RegistryParams& m_params;
    /** Call ids recorded by this block, in order. */
    std::vector<uint256> m_calls;
    /** Billable seconds so far per unordered node pair (smaller key first). */
    std::map<std::pair<Key, Key>, uint64_t> m_pair_billable;
    /** Payouts scheduled by this block, by height, in order (written by EndBlock). */
    std::map<int32_t, std::vector<PayoutItem>> m_scheduled;
};

} // namespace registry

#endif // DOTS_CONSENSUS_REGISTRY_RULES_H
