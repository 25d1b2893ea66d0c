// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The handle rules of BlockConnector (doc/registry.md "Handles", "Presence bindings"): commit,
// reveal, update and binding.

#include <consensus/registry_rules.h>

#include <util/format.h>

#include <algorithm>

namespace consensus {

namespace {

bool IsZero(const Key& key)
{
    return std::all_of(key.begin(), key.end(), [](uint8_t b) { return b == 0; });
}

bool Reject(TxValidationState& state, const char* reason, const std::string& debug = {})
{
    return state.Invalid(TxValidationResult::TX_CONSENSUS, reason, debug);
}

void ClearBinding(HandleRecord& record)
{
    record.bound_node = Key{};
    record.binding_height = -1;
    record.binding_by_home = false;
}

} // namespace

bool BlockConnector::ApplyCommit(const HandleCommit& p, TxValidationState& state)
{
    // A commitment is recorded exactly while inside its reveal window (the agenda erases it).
    if (std::optional<CommitRecord> old = ReadCommit(m_store, p.commitment)) {
        return Reject(state, "bad-handle-commit-exists", StrFormat("committed at height %d", old->height));
    }
    m_store.Put(CommitKey(p.commitment), CommitRecord{m_ctx.height}.Encode());
    Schedule(int64_t{m_ctx.height} + m_params.reveal_window + 1, EraseCommitItem(p.commitment));
    return true;
}

bool BlockConnector::ApplyRegister(const HandleRegister& p, TxValidationState& state)
{
    const uint256 commitment = HandleCommitment(p.handle, p.salt, p.owner);
    std::optional<CommitRecord> commit = ReadCommit(m_store, commitment);
    if (!commit) {
        return Reject(state, "bad-handle-commit-unknown",
                      "no commitment for this handle, salt and owner (never made, revealed, or its reveal window ended)");
    }
    if (int64_t{m_ctx.height} < int64_t{commit->height} + m_params.commit_maturity) {
        return Reject(state, "bad-handle-commit-immature",
                      StrFormat("committed at height %d, revealable from height %d", commit->height,
                                commit->height + m_params.commit_maturity));
    }
    std::optional<HandleRecord> old = ReadHandle(m_store, p.handle);
    if (old && !old->IsExpired(m_ctx.height)) {
        return Reject(state, "bad-handle-taken", StrFormat("%s is registered until height %d", p.handle.c_str(), old->expiry_height));
    }
    HandleRecord record;
    record.handle = p.handle;
    record.owner = p.owner;
    record.registered_height = m_ctx.height;
    record.expiry_height = static_cast<int32_t>(std::min<int64_t>(int64_t{m_ctx.height} + m_params.handle_lifetime, INT32_MAX));
    if (old) {
        // Carried over so that statements signed for the previous registration cannot be
        // replayed against this one.
        record.update_seq = old->update_seq;
        record.binding_seq = old->binding_seq;
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
    if (body.owner != record->owner) return Reject(state, "bad-handle-owner", "the statement names another owner");
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
    if (body.flags & UPDATE_OWNER) {
        // The new owner starts without the old owner's home node, identity key and binding
        // (the syntax rules forbid setting those in the same update).
        record->owner = body.new_owner;
        record->home = Key{};
        record->identity = Key{};
        ClearBinding(*record);
    }
    if (body.flags & UPDATE_RENEW) {
        record->expiry_height = static_cast<int32_t>(std::min<int64_t>(int64_t{m_ctx.height} + m_params.handle_lifetime, INT32_MAX));
    }
    record->update_seq = body.seq;
    m_store.Put(HandleKey(body.handle), record->Encode());
    return true;
}

bool BlockConnector::ApplyBinding(const Binding& p, TxValidationState& state)
{
    const BindingBody& body = p.body;
    std::optional<HandleRecord> record = ReadHandle(m_store, body.handle);
    if (!record) return Reject(state, "bad-handle-unknown", body.handle);
    if (record->IsExpired(m_ctx.height)) return Reject(state, "bad-handle-expired", body.handle);
    if (body.owner != record->owner) return Reject(state, "bad-binding-owner", "the statement names another owner");
    if (body.seq != record->binding_seq + 1) {
        return Reject(state, "bad-binding-seq", StrFormat("expected seq %u, got %u", record->binding_seq + 1, body.seq));
    }
    std::optional<NodeRecord> node = ReadNode(m_store, body.node);
    if (!node || !node->IsActive()) return Reject(state, "bad-node-inactive", "the bound node is not an active node");
    const uint256 msg = BindingMessage(body, m_ctx.params->genesis_hash);
    if (!VerifyStatement(body.node, msg, p.node_sig)) return Reject(state, "bad-binding-sig", "node signature");
    if (p.owner_sig) {
        if (!VerifyStatement(record->owner, msg, *p.owner_sig)) return Reject(state, "bad-binding-owner-sig", "owner signature");
    } else if (IsZero(record->home) || record->home != body.node) {
        return Reject(state, "bad-binding-unauthorized", "no owner signature and the node is not the handle's home node");
    }
    if (record->binding_height >= 0 && int64_t{m_ctx.height} < int64_t{record->binding_height} + m_params.presence_min_interval) {
        // The home node cannot lock its owner out, and a handle whose node vanished moves at once.
        const bool owner_after_home = p.owner_sig.has_value() && record->binding_by_home;
        std::optional<NodeRecord> bound = ReadNode(m_store, record->bound_node);
        const bool bound_inactive = !bound || !bound->IsActive();
        if (!owner_after_home && !bound_inactive) {
            return Reject(state, "bad-binding-too-soon",
                          StrFormat("last binding at height %d, next from height %d", record->binding_height,
                                    record->binding_height + m_params.presence_min_interval));
        }
    }
    record->bound_node = body.node;
    record->binding_seq = body.seq;
    record->binding_height = m_ctx.height;
    record->binding_by_home = !p.owner_sig.has_value();
    m_store.Put(HandleKey(body.handle), record->Encode());
    return true;
}

} // namespace consensus
