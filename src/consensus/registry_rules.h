// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CONSENSUS_REGISTRY_RULES_H
#define DOTS_CONSENSUS_REGISTRY_RULES_H

/**
 * The registry's state transition (doc/registry.md "State rules" and "Order of work inside a
 * block"): what each registry transaction requires of the state and how it changes it, and the
 * epoch work at fixed heights (agenda items, erasures, the frozen active set). It reads and writes
 * only through a RecordStore, so validation runs it over the chainstate and tests over a map; undo
 * is the store's business (validation records every key's value before and after the block).
 *
 * Use per block, in this order:
 *   BlockConnector c{store, ctx};
 *   c.BeginBlock();                        // the agenda due at this height, epoch erasures
 *   for each non-coinbase tx: c.ApplyTransaction(tx, state)  (registry kinds; others are no-ops)
 *   c.EndBlock();                          // schedules this block's agenda, freezes at a seed
 * Whatever the block contains, its coinbase may pay at most subsidy - GetAvailabilityPool + fees
 * (consensus/subsidy.h); the value a transaction moves into or out of the registry is
 * GetRegistryValueFlow (consensus/registry_payload.h).
 *
 * Not thread-safe; the store must outlive the connector.
 */

#include <consensus/params.h>
#include <consensus/registry_payload.h>
#include <consensus/registry_probe.h>
#include <consensus/registry_state.h>
#include <consensus/validation_state.h>
#include <primitives/transaction.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <vector>

namespace consensus {

struct BlockContext {
    int32_t height{0};
    const ConsensusParams* params{nullptr};
    /** The hash of the block at height `h` (< height) of the chain this block extends, or
     * std::nullopt if there is none. Used for the probe seeds. */
    std::function<std::optional<uint256>(int32_t h)> ancestor_hash;
};

class BlockConnector
{
public:
    BlockConnector(RecordStore& store, BlockContext ctx);

    /** Runs the agenda items due at this height and erases the epoch that closes here. Call
     * once, before any transaction. */
    void BeginBlock();

    /**
     * Checks the state rules of registry transaction `tx` and applies its effect. Transactions
     * of other kinds are accepted unchanged. The payload must have passed CheckTransaction
     * (decoding and syntax); a payload that does not decode is rejected again here anyway.
     * On failure returns false with `state` INVALID/TX_CONSENSUS and one of the reject reasons
     * of doc/registry.md; the store may then hold part of the change (the caller discards it).
     */
    [[nodiscard]] bool ApplyTransaction(const CTransaction& tx, TxValidationState& state);

    /** Writes the agenda items this block scheduled and, at an epoch's seed height, freezes the
     * active set for that epoch. Call once, after the last transaction. */
    void EndBlock();

private:
    // Handles and bindings (registry_rules_handles.cpp).
    bool ApplyCommit(const HandleCommit& p, TxValidationState& state);
    bool ApplyRegister(const HandleRegister& p, TxValidationState& state);
    bool ApplyUpdate(const HandleUpdate& p, TxValidationState& state);
    bool ApplyBinding(const Binding& p, TxValidationState& state);
    // Nodes and money (registry_rules_nodes.cpp).
    bool ApplyNode(const NodeRegister& p, TxValidationState& state);
    bool ApplyDeposit(const Deposit& p, TxValidationState& state);
    bool ApplySettlement(const Settlement& p, TxValidationState& state);
    bool ApplyRelease(const DepositRelease& p, TxValidationState& state);
    bool ApplyWithdraw(const NodeWithdraw& p, const CTransaction& tx, TxValidationState& state);
    bool ApplyReceipts(const ProbeReceipts& p, TxValidationState& state);
    /** Checks and consumes the node seq of a node-signed statement other than node_register. */
    bool UseNodeSeq(const Key& node, uint32_t seq, const uint256& msg, const Sig& sig, NodeRecord& record,
                    TxValidationState& state);

    // Agenda and epochs (registry_rules.cpp).
    void Schedule(int64_t height, AgendaItem item);
    void RunAgendaItem(const AgendaItem& item);
    void EraseProbeEpoch(uint32_t epoch);
    void FreezeActiveSet(uint32_t epoch);
    /** The frozen set of `epoch` (loaded once per block), or nullptr. */
    const ProbeSet* FrozenSet(uint32_t epoch);

    // State helpers shared by the rule files.
    void Credit(const Key& node, CAmount amount);
    void WriteNode(const NodeRecord& node);
    void WritePair(const Key& orig, const Key& term, const PairRecord& pair);
    void AddActive(const Key& node, CAmount bond);
    void RemoveActive(const Key& node);

    RecordStore& m_store;
    BlockContext m_ctx;
    const RegistryParams& m_params;
    /** Agenda items scheduled by this block, by height, in order (written by EndBlock). */
    std::map<int32_t, std::vector<AgendaItem>> m_agenda;
    /** Frozen sets read by this block's receipts. */
    std::map<uint32_t, std::optional<ProbeSet>> m_frozen;
};

} // namespace consensus

#endif // DOTS_CONSENSUS_REGISTRY_RULES_H
