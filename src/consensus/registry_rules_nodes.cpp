// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The node and money rules of BlockConnector (doc/registry.md "Nodes", "Deposits, vouchers,
// settlements, debts", "Availability rewards", "Node balances and withdrawals").

#include <consensus/registry_rules.h>

#include <consensus/registry_epochs.h>
#include <consensus/subsidy.h>
#include <util/format.h>

#include <algorithm>
#include <bit>

namespace consensus {

namespace {

bool Reject(TxValidationState& state, const char* reason, const std::string& debug = {})
{
    return state.Invalid(TxValidationResult::TX_CONSENSUS, reason, debug);
}

std::string Amount(CAmount v) { return StrFormat("%lld", static_cast<long long>(v)); }

} // namespace

// ---- Nodes ----

bool BlockConnector::ApplyNode(const NodeRegister& p, TxValidationState& state)
{
    const NodeRegisterBody& body = p.body;
    std::optional<NodeRecord> record = ReadNode(m_store, body.node);
    if (record && body.seq != record->seq + 1) {
        return Reject(state, "bad-node-seq", StrFormat("expected seq %u, got %u", record->seq + 1, body.seq));
    }
    if (!VerifyStatement(body.node, NodeRegisterMessage(body, m_ctx.params->genesis_hash), p.node_sig)) {
        return Reject(state, "bad-node-sig", "not signed by the node key");
    }
    switch (body.op) {
    case NodeOp::REGISTER: {
        if (record && record->IsActive()) return Reject(state, "bad-node-exists", "the node is registered");
        if (record && record->bond_release_height >= 0) {
            return Reject(state, "bad-node-exists", StrFormat("the previous bond is credited at height %d", record->bond_release_height));
        }
        if (body.bond < m_params.min_node_bond) {
            return Reject(state, "bad-node-bond", StrFormat("bond %s below the minimum %s", Amount(body.bond).c_str(),
                                                            Amount(m_params.min_node_bond).c_str()));
        }
        NodeRecord node = record.value_or(NodeRecord{});
        node.node = body.node;
        node.seq = body.seq;
        node.endpoints = body.endpoints;
        node.domains = body.domains;
        node.prefixes = body.prefixes;
        // Nobody has agreed to anything with a new node yet: its rate is effective at once.
        node.rate = body.rate;
        node.next_rate = 0;
        node.next_rate_epoch = -1;
        node.bond = body.bond;
        node.registered_height = m_ctx.height;
        node.deregistered_height = -1;
        node.bond_release_height = -1;
        WriteNode(node);
        AddActive(node.node, node.bond);
        return true;
    }
    case NodeOp::UPDATE: {
        if (!record || !record->IsActive()) return Reject(state, "bad-node-inactive", "the node is not registered");
        record->seq = body.seq;
        record->endpoints = body.endpoints;
        record->domains = body.domains;
        record->prefixes = body.prefixes;
        // A new rate applies one full settlement epoch after this one, never under calls
        // already agreed at the old rate. A change already in force is folded in first.
        if (record->next_rate_epoch >= 0 && SettleEpochOf(m_ctx.height, m_params) >= record->next_rate_epoch) {
            record->rate = record->next_rate;
            record->next_rate = 0;
            record->next_rate_epoch = -1;
        }
        const bool pending = record->next_rate_epoch >= 0;
        if (body.rate == record->rate) {
            // The rate in force, restated: any pending change is cancelled.
            record->next_rate = 0;
            record->next_rate_epoch = -1;
        } else if (!pending || body.rate != record->next_rate) {
            // A rate not yet announced replaces the pending one and counts from now.
            record->next_rate = body.rate;
            record->next_rate_epoch = SettleEpochOf(m_ctx.height, m_params) + 2;
        }
        // Otherwise the pending rate is restated: it keeps its epoch (restating never postpones it).
        WriteNode(*record);
        return true;
    }
    case NodeOp::DEREGISTER: {
        if (!record || !record->IsActive()) return Reject(state, "bad-node-inactive", "the node is not registered");
        record->seq = body.seq;
        record->deregistered_height = m_ctx.height;
        const int64_t release = int64_t{m_ctx.height} + m_params.bond_release_delay;
        record->bond_release_height = static_cast<int32_t>(std::min<int64_t>(release, INT32_MAX));
        WriteNode(*record);
        RemoveActive(record->node);
        Schedule(release, ReleaseBondItem(record->node));
        return true;
    }
    }
    return Reject(state, "bad-registry-node-fields", "unknown op");
}

bool BlockConnector::UseNodeSeq(const Key& node, uint32_t seq, const uint256& msg, const Sig& sig, NodeRecord& record,
                                TxValidationState& state)
{
    std::optional<NodeRecord> found = ReadNode(m_store, node);
    if (!found) return Reject(state, "bad-node-unknown", "the node was never registered");
    if (seq != found->seq + 1) return Reject(state, "bad-node-seq", StrFormat("expected seq %u, got %u", found->seq + 1, seq));
    if (!VerifyStatement(node, msg, sig)) return Reject(state, "bad-node-sig", "not signed by the node key");
    found->seq = seq;
    record = std::move(*found);
    return true;
}

// ---- Deposits, settlements, releases ----

bool BlockConnector::ApplyDeposit(const Deposit& p, TxValidationState& state)
{
    const std::optional<NodeRecord> orig = ReadNode(m_store, p.orig);
    const std::optional<NodeRecord> term = ReadNode(m_store, p.term);
    if (!orig || !orig->IsActive() || !term || !term->IsActive()) {
        return Reject(state, "bad-deposit-node", "both nodes of a deposit must be active nodes");
    }
    PairRecord pair = ReadPair(m_store, p.orig, p.term);
    // The pair's debt is paid first, to the terminating node.
    const CAmount paid = std::min(p.amount, pair.debt);
    pair.debt -= paid;
    pair.deposit += p.amount - paid;
    if (!MoneyRange(pair.deposit)) return Reject(state, "bad-deposit-amount", "the deposit would exceed MAX_MONEY");
    WritePair(p.orig, p.term, pair);
    Credit(p.term, paid);
    return true;
}

bool BlockConnector::ApplySettlement(const Settlement& p, TxValidationState& state)
{
    if (!ReadNode(m_store, p.orig) || !ReadNode(m_store, p.term)) {
        return Reject(state, "bad-settle-node", "both nodes of a settlement must have node records");
    }
    const int64_t current = SettleEpochOf(m_ctx.height, m_params);
    PairRecord pair = ReadPair(m_store, p.orig, p.term);
    CAmount credited = 0;
    for (const VoucherEntry& v : p.vouchers) {
        if (int64_t{v.epoch} > current) {
            return Reject(state, "bad-settle-future", StrFormat("voucher for epoch %u, current epoch %lld", v.epoch, (long long)current));
        }
        if (int64_t{m_ctx.height} >= SettleDeadline(v.epoch, m_params)) {
            return Reject(state, "bad-settle-expired", StrFormat("epoch %u was settleable until height %lld", v.epoch,
                                                                 (long long)SettleDeadline(v.epoch, m_params) - 1));
        }
        if (!VerifyStatement(p.orig, VoucherMessage(p.orig, p.term, v, m_ctx.params->genesis_hash), v.orig_sig)) {
            return Reject(state, "bad-settle-sig", StrFormat("voucher of epoch %u not signed by the originating node", v.epoch));
        }
        const CAmount amount = *VoucherAmount(v.seconds, v.rate); // range-checked by the syntax rules
        const std::optional<SettlementRecord> settled = ReadSettlement(m_store, p.orig, p.term, v.epoch);
        const CAmount before = settled ? settled->amount : 0;
        if (amount <= before) {
            return Reject(state, "bad-settle-not-higher", StrFormat("epoch %u: voucher amount %s, already settled %s", v.epoch,
                                                                    Amount(amount).c_str(), Amount(before).c_str()));
        }
        const CAmount diff = amount - before;
        const CAmount paid = std::min(diff, pair.deposit);
        pair.deposit -= paid;
        pair.debt += diff - paid;
        if (!MoneyRange(pair.debt)) return Reject(state, "bad-settle-debt", "the pair's debt would exceed MAX_MONEY");
        credited += paid;
        m_store.Put(SettlementKey(p.orig, p.term, v.epoch), SettlementRecord{amount, v.seconds}.Encode());
        if (!settled) Schedule(SettleDeadline(v.epoch, m_params), EraseSettlementItem(p.orig, p.term, v.epoch));
    }
    WritePair(p.orig, p.term, pair);
    Credit(p.term, credited);
    return true;
}

bool BlockConnector::ApplyRelease(const DepositRelease& p, TxValidationState& state)
{
    const DepositReleaseBody& body = p.body;
    NodeRecord orig;
    if (!UseNodeSeq(body.orig, body.seq, DepositReleaseMessage(body, m_ctx.params->genesis_hash), p.orig_sig, orig, state)) {
        return false;
    }
    PairRecord pair = ReadPair(m_store, body.orig, body.term);
    if (body.amount > 0 && pair.deposit == 0) return Reject(state, "bad-release-empty", "the pair has no deposit");
    if (body.amount == 0 && pair.release_height < 0) return Reject(state, "bad-release-empty", "no pending release to cancel");
    if (body.amount == 0) {
        pair.release_amount = 0;
        pair.release_height = -1;
    } else {
        const int64_t release = ReleaseHeight(m_ctx.height, m_params);
        pair.release_amount = body.amount;
        pair.release_height = static_cast<int32_t>(std::min<int64_t>(release, INT32_MAX));
        Schedule(release, ReleaseDepositItem(body.orig, body.term));
    }
    WriteNode(orig);
    WritePair(body.orig, body.term, pair);
    return true;
}

bool BlockConnector::ApplyWithdraw(const NodeWithdraw& p, const CTransaction& tx, TxValidationState& state)
{
    const NodeWithdrawBody& body = p.body;
    NodeRecord node;
    if (!UseNodeSeq(body.node, body.seq, NodeWithdrawMessage(body, m_ctx.params->genesis_hash), p.node_sig, node, state)) {
        return false;
    }
    if (body.outputs_hash != WithdrawOutputsHash(tx.version, tx.locktime, tx.vout)) {
        return Reject(state, "bad-withdraw-outputs", "the statement does not sign this transaction's outputs");
    }
    const CAmount balance = ReadBalance(m_store, body.node);
    if (body.amount > balance) {
        return Reject(state, "bad-withdraw-balance", StrFormat("withdraws %s, balance %s", Amount(body.amount).c_str(), Amount(balance).c_str()));
    }
    WriteNode(node);
    const CAmount left = balance - body.amount;
    m_store.Put(BalanceKey(body.node), left == 0 ? std::nullopt : std::optional<std::string>{NodeBalance{left}.Encode()});
    return true;
}

// ---- Availability rewards ----

bool BlockConnector::ApplyReceipts(const ProbeReceipts& p, TxValidationState& state)
{
    const int64_t h = m_ctx.height;
    if (p.epoch < 1 || h < ProbeEpochStart(p.epoch, m_params) || h >= ReceiptDeadline(p.epoch, m_params)) {
        return Reject(state, "bad-probe-epoch", StrFormat("receipts of epoch %u are accepted at heights %lld to %lld", p.epoch,
                                                          (long long)ProbeEpochStart(p.epoch, m_params),
                                                          (long long)ReceiptDeadline(p.epoch, m_params) - 1));
    }
    const ProbeSet* set = FrozenSet(p.epoch);
    const std::optional<uint256> seed = m_ctx.ancestor_hash(static_cast<int32_t>(SeedHeight(p.epoch, m_params)));
    if (!set || !seed) return Reject(state, "bad-probe-epoch", "no frozen set for the epoch");
    const std::optional<size_t> target = set->Find(p.target);
    if (!target) return Reject(state, "bad-probe-target", "the target was not active at the epoch's seed");
    const std::vector<Key> probers = DrawProberKeys(*set, *seed, *target, m_params.probe_count);
    const ReceiptMask old = ReadReceiptMask(m_store, p.epoch, p.target);
    uint16_t mask = old.mask;
    for (const ProbeReceipt& r : p.receipts) {
        if (r.index >= probers.size()) return Reject(state, "bad-probe-index", StrFormat("the target has %zu probers", probers.size()));
        if (mask & (1u << r.index)) return Reject(state, "bad-probe-duplicate", StrFormat("receipt %u already counted", r.index));
        const Key& prober = probers[r.index];
        if (!VerifyStatement(prober, ProbeChallengeMessage(p.target, prober, p.epoch, m_ctx.params->genesis_hash), r.prober_sig)) {
            return Reject(state, "bad-probe-sig", StrFormat("receipt %u is not the prober's signature of the challenge", r.index));
        }
        mask = static_cast<uint16_t>(mask | (1u << r.index));
    }
    m_store.Put(ReceiptKey(p.epoch, p.target), ReceiptMask{mask}.Encode());
    const int threshold = m_params.probe_threshold;
    if (std::popcount(old.mask) < threshold && std::popcount(mask) >= threshold) {
        const CAmount bond = set->Node(*target).bond;
        Credit(p.target, PoolShare(GetEpochPool(p.epoch, *m_ctx.params), bond, static_cast<CAmount>(set->TotalBond())));
    }
    return true;
}

} // namespace consensus
