// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <consensus/registry_rules.h>

#include <consensus/subsidy.h>
#include <util/format.h>

#include <algorithm>
#include <cassert>

namespace registry {

namespace {

bool IsZero(const Key& key)
{
    return std::all_of(key.begin(), key.end(), [](uint8_t b) { return b == 0; });
}

bool Reject(TxValidationState& state, const char* reason, const std::string& debug = {})
{
    return state.Invalid(TxValidationResult::TX_CONSENSUS, reason, debug);
}

} // namespace

void PayoutOutputs::Add(const OutputLock& lock, CAmount amount)
{
    if (amount <= 0) return;
    auto [it, inserted] = m_position.try_emplace({static_cast<uint8_t>(lock.type), lock.program}, m_outputs.size());
    if (inserted) {
        m_outputs.push_back(CTxOut{amount, lock});
    } else {
        m_outputs[it->second].value += amount;
    }
}

BlockConnector::BlockConnector(RecordStore& store, BlockContext ctx)
    : m_store{store}, m_ctx{std::move(ctx)}, m_params{m_ctx.params->registry}
{
    assert(m_ctx.params != nullptr);
}

std::vector<CTxOut> BlockConnector::BeginBlock()
{
    PayoutOutputs outputs;
    const PayoutList due = ReadPayouts(m_store, m_ctx.height);
    if (due.items.empty()) return {};
    for (const PayoutItem& item : due.items) {
        if (item.type == PayoutType::CALL) {
            std::optional<CallEntry> call = ReadCall(m_store, item.id);
            if (!call || call->status != CallStatus::PENDING) continue; // voided in its window
            call->status = CallStatus::PAID;
            outputs.Add(call->orig_lock, call->orig_amount);
            outputs.Add(call->term_lock, call->term_amount);
            m_store.Put(CallKey(item.id), call->Encode());
            const std::pair<const Key*, CAmount> parties[] = {{&call->body.orig, call->orig_amount},
                                                              {&call->body.term, call->term_amount}};
            for (const auto& [key, amount] : parties) {
                NodeStats stats = ReadNodeStats(m_store, *key);
                stats.calls_paid += 1;
                stats.billable_seconds_paid += call->billable_seconds;
                stats.earned += amount;
                m_store.Put(NodeStatsKey(*key), stats.Encode());
            }
        } else {
            Key key;
            std::copy(item.id.span().begin(), item.id.span().end(), key.begin());
            std::optional<NodeRecord> node = ReadNode(m_store, key);
            // A burned bond (equivocation) has bond 0 and no release height: nothing to pay.
            if (!node || node->bond <= 0 || node->bond_release_height != m_ctx.height) continue;
            outputs.Add(node->bond_return, node->bond);
            node->bond = 0;
            node->bond_release_height = -1;
            WriteNode(*node);
        }
    }
    m_store.Put(PayoutsKey(m_ctx.height), std::nullopt);
    return outputs.Outputs();
}

bool BlockConnector::ApplyTransaction(const CTransaction& tx, TxValidationState& state)
{
    if (!IsRegistryKind(tx.kind)) return true;
    Decoded<Payload> payload = DecodePayload(tx.kind, tx.payload);
    if (!payload) return Reject(state, "bad-registry-payload", payload.failure().what);
    if (const char* reason = CheckPayloadSyntax(*payload)) return Reject(state, reason);
    return std::visit(
        [&](const auto& p) -> bool {
            using T = std::decay_t<decltype(p)>;
            if constexpr (std::is_same_v<T, HandleCommit>) return ApplyCommit(p, state);
            if constexpr (std::is_same_v<T, HandleRegister>) return ApplyRegister(p, state);
            if constexpr (std::is_same_v<T, HandleUpdate>) return ApplyUpdate(p, state);
            if constexpr (std::is_same_v<T, NodeRegister>) return ApplyNode(p, state);
            if constexpr (std::is_same_v<T, PresenceProof>) return ApplyPresence(p, state);
            if constexpr (std::is_same_v<T, CallRecord>) return ApplyCall(p, tx.GetTxid(), state);
            if constexpr (std::is_same_v<T, Dispute>) {
                if (const auto* v = std::get_if<CallVoid>(&p)) return ApplyVoid(*v, state);
                return ApplyEquivocation(std::get<Equivocation>(p), state);
            }
        },
        *payload);
}

bool BlockConnector::IsValidAnchor(uint32_t anchor_height, const uint256& anchor_hash, int32_t window) const
{
    const int64_t h = m_ctx.height;
    if (int64_t{anchor_height} >= h || int64_t{anchor_height} < h - window) return false;
    const std::optional<uint256> hash = m_ctx.ancestor_hash(static_cast<int32_t>(anchor_height));
    return hash && *hash == anchor_hash;
}

void BlockConnector::SchedulePayout(int32_t height, PayoutItem item)
{
    // Collected and written once in EndBlock: rewriting a growing list per record would make a
    // block of n call records cost O(n^2).
    m_scheduled[height].push_back(item);
}

void BlockConnector::WriteScheduledPayouts()
{
    for (auto& [height, items] : m_scheduled) {
        PayoutList list = ReadPayouts(m_store, height);
        list.items.insert(list.items.end(), items.begin(), items.end());
        m_store.Put(PayoutsKey(height), list.Encode());
    }
    m_scheduled.clear();
}

void BlockConnector::WriteNode(const NodeRecord& node)
{
    m_store.Put(NodeKey(node.node), node.Encode());
}

// ---- Handles ----

bool BlockConnector::ApplyCommit(const HandleCommit& p, TxValidationState& state)
{
    if (std::optional<CommitRecord> old = ReadCommit(m_store, p.commitment)) {
        if (int64_t{m_ctx.height} <= int64_t{old->height} + m_params.reveal_window) {
            return Reject(state, "bad-handle-commit-exists", StrFormat("committed at height %d", old->height));
        }
    }
    m_store.Put(CommitKey(p.commitment), CommitRecord{m_ctx.height}.Encode());
    return true;
}

bool BlockConnector::ApplyRegister(const HandleRegister& p, TxValidationState& state)
{
    const uint256 commitment = HandleCommitment(p.handle, p.salt, p.owner);
    std::optional<CommitRecord> commit = ReadCommit(m_store, commitment);
    if (!commit) return Reject(state, "bad-handle-commit-unknown", "no commitment for this handle, salt and owner");
    if (int64_t{m_ctx.height} < int64_t{commit->height} + m_params.commit_maturity) {
        return Reject(state, "bad-handle-commit-immature",
                      StrFormat("committed at height %d, revealable from height %d", commit->height,
                                commit->height + m_params.commit_maturity));
    }
    if (int64_t{m_ctx.height} > int64_t{commit->height} + m_params.reveal_window) {
        return Reject(state, "bad-handle-commit-expired",
                      StrFormat("committed at height %d, reveal window ended at height %d", commit->height,
                                commit->height + m_params.reveal_window));
    }
    std::optional<HandleRecord> old = ReadHandle(m_store, p.handle);
    if (old && !old->IsExpired(m_ctx.height)) {
        return Reject(state, "bad-handle-taken", StrFormat("%s is registered until height %d", p.handle.c_str(), old->expiry_height));
    }
    HandleRecord record;
    record.handle = p.handle;
    record.owner = p.owner;
    record.registered_height = m_ctx.height;
    record.expiry_height = m_ctx.height + m_params.handle_lifetime;
    if (old) {
        // Carried over so that statements signed for the previous registration cannot be
        // replayed against this one.
        record.update_seq = old->update_seq;
        record.last_anchor = old->last_anchor;
    }
    m_store.Put(HandleKey(p.handle), record.Encode());
    m_store.Put(CommitKey(commitment), std::nullopt);
    return true;
}

bool BlockConnector::ApplyUpdate(const HandleUpdate& p, TxValidationState& state)
{
    const HandleUpdateBody& body = p.body;
    std::optional<HandleRecord> record = ReadHandle(m_store, body.handle);
    if (!record) return Reject(state, "bad-handle-unknown", body.handle);
    if (record->IsExpired(m_ctx.height)) {
        return Reject(state, "bad-handle-expired", StrFormat("%s expired at height %d", body.handle.c_str(), record->expiry_height));
    }
    if (body.seq != record->update_seq + 1) {
        return Reject(state, "bad-handle-seq", StrFormat("expected seq %u, got %u", record->update_seq + 1, body.seq));
    }
    if (!VerifyStatement(record->owner, HandleUpdateMessage(body, m_ctx.params->genesis_hash), p.owner_sig)) {
        return Reject(state, "bad-handle-sig", "not signed by the current owner");
    }
    if (body.flags & UPDATE_HOME) {
        if (!IsZero(body.home)) {
            std::optional<NodeRecord> home = ReadNode(m_store, body.home);
            if (!home || !home->IsActive()) return Reject(state, "bad-handle-home", "home node is not an active node");
        }
        record->home = body.home;
    }
    if (body.flags & UPDATE_IDENTITY) record->identity = body.identity;
    if (body.flags & UPDATE_OWNER) record->owner = body.new_owner;
    if (body.flags & UPDATE_RENEW) record->expiry_height = m_ctx.height + m_params.handle_lifetime;
    record->update_seq = body.seq;
    m_store.Put(HandleKey(body.handle), record->Encode());
    return true;
}

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
    if (record && record->slashed) return Reject(state, "bad-node-slashed", "the node key's bond was burned for equivocation");
    switch (body.op) {
    case NodeOp::REGISTER: {
        if (record && record->IsActive()) return Reject(state, "bad-node-exists", "the node is registered");
        if (record && record->bond_release_height >= 0) {
            return Reject(state, "bad-node-exists", StrFormat("the previous bond returns at height %d", record->bond_release_height));
        }
        if (body.bond < m_params.min_node_bond) {
            return Reject(state, "bad-node-bond", StrFormat("bond %lld below the minimum %lld", (long long)body.bond,
                                                            (long long)m_params.min_node_bond));
        }
        NodeRecord node = record.value_or(NodeRecord{});
        node.node = body.node;
        node.seq = body.seq;
        node.reward = body.reward;
        node.endpoints = body.endpoints;
        node.domains = body.domains;
        node.prefixes = body.prefixes;
        node.bond = body.bond;
        node.registered_height = m_ctx.height;
        node.deregistered_height = -1;
        node.bond_release_height = -1;
        node.bond_return = body.reward;
        WriteNode(node);
        return true;
    }
    case NodeOp::UPDATE: {
        if (!record || !record->IsActive()) return Reject(state, "bad-node-inactive", "the node is not registered");
        record->seq = body.seq;
        record->reward = body.reward;
        record->endpoints = body.endpoints;
        record->domains = body.domains;
        record->prefixes = body.prefixes;
        WriteNode(*record);
        return true;
    }
    case NodeOp::DEREGISTER: {
        if (!record || !record->IsActive()) return Reject(state, "bad-node-inactive", "the node is not registered");
        record->seq = body.seq;
        record->deregistered_height = m_ctx.height;
        record->bond_release_height = m_ctx.height + m_params.bond_release_delay;
        record->bond_return = body.reward;
        WriteNode(*record);
        SchedulePayout(record->bond_release_height, PayoutItem{PayoutType::BOND, uint256{record->node}});
        return true;
    }
    }
    return Reject(state, "bad-registry-node-fields", "unknown op");
}

// ---- Presence ----

bool BlockConnector::ApplyPresence(const PresenceProof& p, TxValidationState& state)
{
    const PresenceBody& body = p.body;
    if (!IsValidAnchor(body.anchor_height, body.anchor_hash, m_params.presence_window)) {
        return Reject(state, "bad-presence-anchor",
                      StrFormat("anchor %u is not one of the last %d blocks of this chain", body.anchor_height, m_params.presence_window));
    }
    std::optional<HandleRecord> record = ReadHandle(m_store, body.handle);
    if (!record) return Reject(state, "bad-handle-unknown", body.handle);
    if (record->IsExpired(m_ctx.height)) return Reject(state, "bad-handle-expired", body.handle);
    if (int64_t{body.anchor_height} <= record->last_anchor) {
        return Reject(state, "bad-presence-replay",
                      StrFormat("anchor %u is not newer than the last proof's anchor %lld", body.anchor_height,
                                (long long)record->last_anchor));
    }
    std::optional<NodeRecord> node = ReadNode(m_store, body.node);
    if (!node || !node->IsActive()) return Reject(state, "bad-node-inactive", "the presence node is not registered");
    const uint256 msg = PresenceMessage(body, m_ctx.params->genesis_hash);
    if (!VerifyStatement(body.node, msg, p.node_sig)) return Reject(state, "bad-presence-sig", "node signature");
    if (p.owner_sig) {
        if (!VerifyStatement(record->owner, msg, *p.owner_sig)) return Reject(state, "bad-presence-owner-sig", "owner signature");
    } else if (record->home != body.node) {
        return Reject(state, "bad-presence-unauthorized", "no owner signature and the node is not the handle's home node");
    }
    record->current_node = body.node;
    record->last_presence_height = m_ctx.height;
    record->last_anchor = body.anchor_height;
    m_store.Put(HandleKey(body.handle), record->Encode());
    return true;
}

// ---- Calls and disputes ----

bool BlockConnector::ApplyCall(const CallRecord& p, const uint256& txid, TxValidationState& state)
{
    const CallRecordBody& body = p.body;
    if (body.duration > m_params.max_call_duration) {
        return Reject(state, "bad-call-duration", StrFormat("%u s above the maximum %u s", body.duration, m_params.max_call_duration));
    }
    if (!IsValidAnchor(body.anchor_height, body.anchor_hash, m_params.call_window)) {
        return Reject(state, "bad-call-anchor",
                      StrFormat("anchor %u is not one of the last %d blocks of this chain", body.anchor_height, m_params.call_window));
    }
    if (m_store.Get(CallKey(body.call_id))) return Reject(state, "bad-call-duplicate", "call id already recorded");
    std::optional<NodeRecord> orig = ReadNode(m_store, body.orig);
    std::optional<NodeRecord> term = ReadNode(m_store, body.term);
    if (!orig || !orig->IsActive() || !term || !term->IsActive()) {
        return Reject(state, "bad-node-inactive", "both nodes of a call record must be registered");
    }
    if (orig->reward == term->reward) return Reject(state, "bad-call-same-reward", "the two nodes share a reward address");
    const uint256 msg = CallRecordMessage(body, m_ctx.params->genesis_hash);
    if (!VerifyStatement(body.orig, msg, p.orig_sig)) return Reject(state, "bad-call-sig", "originating node signature");
    if (!VerifyStatement(body.term, msg, p.term_sig)) return Reject(state, "bad-call-sig", "terminating node signature");

    uint64_t billable = 0;
    if (body.duration > m_params.min_billable_duration) {
        billable = std::min<uint64_t>(body.duration - m_params.min_billable_duration, m_params.max_billable_per_record);
    }
    const auto pair = std::minmax(body.orig, body.term);
    uint64_t& used = m_pair_billable[{pair.first, pair.second}];
    billable = std::min<uint64_t>(billable, m_params.max_billable_per_pair - std::min<uint64_t>(used, m_params.max_billable_per_pair));
    used += billable;

    CallEntry entry;
    entry.body = body;
    entry.txid = txid;
    entry.height = m_ctx.height;
    entry.billable_seconds = static_cast<uint32_t>(billable);
    entry.orig_lock = orig->reward;
    entry.term_lock = term->reward;
    m_store.Put(CallKey(body.call_id), entry.Encode());
    m_store.Put(NodeCallKey(body.orig, m_ctx.height, body.call_id), std::string{});
    m_store.Put(NodeCallKey(body.term, m_ctx.height, body.call_id), std::string{});
    m_calls.push_back(body.call_id);
    return true;
}

bool BlockConnector::ApplyVoid(const CallVoid& p, TxValidationState& state)
{
    std::optional<CallEntry> call = ReadCall(m_store, p.call_id);
    if (!call) return Reject(state, "bad-dispute-unknown-call", "no such call id");
    if (p.node != call->body.orig && p.node != call->body.term) {
        return Reject(state, "bad-dispute-not-party", "the node is neither end of the call");
    }
    if (!VerifyStatement(p.node, CallVoidMessage(p.call_id, p.node, m_ctx.params->genesis_hash), p.sig)) {
        return Reject(state, "bad-dispute-sig", "void not signed by the node");
    }
    if (call->status == CallStatus::PAID) return Reject(state, "bad-dispute-too-late", "the call's earnings were paid");
    if (call->status == CallStatus::VOIDED) return Reject(state, "bad-dispute-voided", "the call is already void");
    if (int64_t{m_ctx.height} >= int64_t{call->height} + m_params.dispute_window) {
        return Reject(state, "bad-dispute-too-late", "the call's dispute window has ended");
    }
    call->status = CallStatus::VOIDED;
    m_store.Put(CallKey(p.call_id), call->Encode());
    return true;
}

bool BlockConnector::ApplyEquivocation(const Equivocation& p, TxValidationState& state)
{
    std::optional<NodeRecord> node = ReadNode(m_store, p.node);
    if (!node) return Reject(state, "bad-node-unknown", "the accused node was never registered");
    if (node->slashed) return Reject(state, "bad-dispute-slashed", "the node's bond was already burned");
    if (!VerifyStatement(p.node, CallRecordMessage(p.a, m_ctx.params->genesis_hash), p.sig_a) ||
        !VerifyStatement(p.node, CallRecordMessage(p.b, m_ctx.params->genesis_hash), p.sig_b)) {
        return Reject(state, "bad-dispute-sig", "a statement is not signed by the node");
    }
    if (node->IsActive()) node->deregistered_height = m_ctx.height;
    node->slashed = true;
    node->bond = 0;
    node->bond_release_height = -1;
    WriteNode(*node);
    // The recorded call is voided only if it is one of the two conflicting statements: a node
    // must not be able to void other nodes' records by signing bodies with their call id.
    if (std::optional<CallEntry> call = ReadCall(m_store, p.a.call_id);
        call && call->status == CallStatus::PENDING && (call->body == p.a || call->body == p.b)) {
        call->status = CallStatus::VOIDED;
        m_store.Put(CallKey(p.a.call_id), call->Encode());
    }
    return true;
}

CAmount BlockConnector::EndBlock()
{
    const CAmount claimed = SettleCalls();
    WriteScheduledPayouts();
    return claimed;
}

CAmount BlockConnector::SettleCalls()
{
    if (m_calls.empty()) return 0;
    const CAmount pool = GetCallRewardPool(m_ctx.height, *m_ctx.params);
    BlockRewards rewards;
    rewards.pool = pool;
    std::vector<CallEntry> entries;
    entries.reserve(m_calls.size());
    for (const uint256& call_id : m_calls) {
        std::optional<CallEntry> entry = ReadCall(m_store, call_id);
        assert(entry); // written by ApplyCall in this block
        rewards.billable_seconds += entry->billable_seconds;
        rewards.call_ids.push_back(call_id);
        entries.push_back(std::move(*entry));
    }
    const uint64_t denominator = std::max<uint64_t>(rewards.billable_seconds, m_params.pool_saturation_seconds);
    const int32_t pay_height = m_ctx.height + m_params.dispute_window;
    for (CallEntry& entry : entries) {
        CAmount earned = 0;
        if (denominator > 0 && pool > 0) {
            // pool <= subsidy < 2^40 and billable <= max_billable_per_record < 2^32: no overflow.
            earned = static_cast<CAmount>(static_cast<uint64_t>(pool) * entry.billable_seconds / denominator);
        }
        entry.orig_amount = earned / 2;
        entry.term_amount = earned - entry.orig_amount;
        rewards.claimed += earned;
        m_store.Put(CallKey(entry.body.call_id), entry.Encode());
        if (earned > 0 && entry.status == CallStatus::PENDING) {
            SchedulePayout(pay_height, PayoutItem{PayoutType::CALL, entry.body.call_id});
        }
    }
    m_store.Put(BlockRewardsKey(m_ctx.height), rewards.Encode());
    return rewards.claimed;
}

} // namespace registry
