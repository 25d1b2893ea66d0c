// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// BlockConnector: the per-block order of work, the agenda, the epoch work (erasure, freezing the
// active set) and the state helpers the rule files share. The rules of each transaction kind are
// in registry_rules_handles.cpp and registry_rules_nodes.cpp.

#include <consensus/registry_rules.h>

#include <consensus/registry_epochs.h>

#include <algorithm>
#include <cassert>

namespace consensus {

namespace {

Key KeyAt(const std::vector<uint8_t>& id, size_t offset)
{
    Key key;
    std::copy_n(id.begin() + static_cast<std::ptrdiff_t>(offset), key.size(), key.begin());
    return key;
}

bool Reject(TxValidationState& state, const char* reason, const std::string& debug = {})
{
    return state.Invalid(TxValidationResult::TX_CONSENSUS, reason, debug);
}

} // namespace

BlockConnector::BlockConnector(RecordStore& store, BlockContext ctx)
    : m_store{store}, m_ctx{std::move(ctx)}, m_params{m_ctx.params->registry}
{
    assert(m_ctx.params != nullptr && m_ctx.height >= 0);
}

// ---- Order of work ----

void BlockConnector::BeginBlock()
{
    const int32_t h = m_ctx.height;
    const uint32_t chunks = ReadAgendaCount(m_store, h);
    for (uint32_t c = 0; c < chunks; ++c) {
        const AgendaChunk chunk = ReadAgendaChunk(m_store, h, c);
        for (const AgendaItem& item : chunk.items) RunAgendaItem(item);
        m_store.Put(AgendaChunkKey(h, c), std::nullopt);
    }
    if (chunks > 0) m_store.Put(AgendaCountKey(h), std::nullopt);
    if (h % m_params.probe_epoch == 0 && h / m_params.probe_epoch >= 3) {
        // Epoch h/P - 2 closes here; epoch 0 had nothing to erase.
        EraseProbeEpoch(static_cast<uint32_t>(h / m_params.probe_epoch - 2));
    }
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
            if constexpr (std::is_same_v<T, Binding>) return ApplyBinding(p, state);
            if constexpr (std::is_same_v<T, Deposit>) return ApplyDeposit(p, state);
            if constexpr (std::is_same_v<T, Settlement>) return ApplySettlement(p, state);
            if constexpr (std::is_same_v<T, ProbeReceipts>) return ApplyReceipts(p, state);
            if constexpr (std::is_same_v<T, DepositRelease>) return ApplyRelease(p, state);
            if constexpr (std::is_same_v<T, NodeWithdraw>) return ApplyWithdraw(p, tx, state);
        },
        *payload);
}

void BlockConnector::EndBlock()
{
    // One new chunk per height this block scheduled for: appending to a shared list would
    // rewrite (and put into the undo data) a list as long as every earlier block's items.
    for (auto& [height, items] : m_agenda) {
        const uint32_t chunk = ReadAgendaCount(m_store, height);
        m_store.Put(AgendaChunkKey(height, chunk), AgendaChunk{std::move(items)}.Encode());
        m_store.Put(AgendaCountKey(height), AgendaCount{chunk + 1}.Encode());
    }
    m_agenda.clear();
    const int64_t next = int64_t{m_ctx.height} + m_params.probe_seed_depth;
    if (next % m_params.probe_epoch == 0 && next / m_params.probe_epoch >= 1) {
        FreezeActiveSet(static_cast<uint32_t>(next / m_params.probe_epoch));
    }
}

// ---- Agenda ----

void BlockConnector::Schedule(int64_t height, AgendaItem item)
{
    assert(height > m_ctx.height);
    // A height past INT32_MAX is never connected: nothing to schedule.
    if (height > INT32_MAX) return;
    m_agenda[static_cast<int32_t>(height)].push_back(std::move(item));
}

void BlockConnector::RunAgendaItem(const AgendaItem& item)
{
    const int32_t h = m_ctx.height;
    switch (item.type) {
    case AgendaType::ERASE_COMMIT: {
        const uint256 commitment{std::span<const uint8_t, 32>{item.id.data(), 32}};
        const std::optional<CommitRecord> commit = ReadCommit(m_store, commitment);
        // Still the commitment that scheduled this (not revealed, not made again since).
        if (commit && int64_t{commit->height} + m_params.reveal_window + 1 == h) m_store.Put(CommitKey(commitment), std::nullopt);
        return;
    }
    case AgendaType::ERASE_SETTLEMENT: {
        const Key orig = KeyAt(item.id, 0);
        const Key term = KeyAt(item.id, 32);
        const uint32_t epoch = uint32_t{item.id[64]} | uint32_t{item.id[65]} << 8 | uint32_t{item.id[66]} << 16 |
                               uint32_t{item.id[67]} << 24;
        // Due only at the epoch's deadline: erasing a key while its epoch can still be settled
        // would let the same voucher be paid again.
        if (SettleDeadline(epoch, m_params) != h) return;
        const std::string key = SettlementKey(orig, term, epoch);
        if (m_store.Find(key)) m_store.Put(key, std::nullopt);
        return;
    }
    case AgendaType::RELEASE_DEPOSIT: {
        const Key orig = KeyAt(item.id, 0);
        const Key term = KeyAt(item.id, 32);
        PairRecord pair = ReadPair(m_store, orig, term);
        if (pair.release_height != h) return; // cancelled or replaced by a later request
        const CAmount moved = std::min(pair.release_amount, pair.deposit);
        pair.deposit -= moved;
        pair.release_amount = 0;
        pair.release_height = -1;
        WritePair(orig, term, pair);
        Credit(orig, moved);
        return;
    }
    case AgendaType::RELEASE_BOND: {
        const Key key = KeyAt(item.id, 0);
        std::optional<NodeRecord> node = ReadNode(m_store, key);
        if (!node || node->bond_release_height != h) return;
        Credit(key, node->bond);
        node->bond = 0;
        node->bond_release_height = -1;
        WriteNode(*node);
        return;
    }
    }
}

// ---- Epochs ----

void BlockConnector::EraseProbeEpoch(uint32_t epoch)
{
    const std::optional<NodeSetHeader> header = ReadFrozenHeader(m_store, epoch);
    if (!header) return;
    for (uint8_t bucket : header->buckets) {
        const NodeList list = ReadFrozenBucket(m_store, epoch, bucket);
        // Only the members of the frozen set can have receipt counters.
        for (const NodeWeight& n : list.nodes) {
            const std::string key = ReceiptKey(epoch, n.node);
            if (m_store.Find(key)) m_store.Put(key, std::nullopt);
        }
        m_store.Put(FrozenBucketKey(epoch, bucket), std::nullopt);
    }
    m_store.Put(FrozenHeaderKey(epoch), std::nullopt);
}

void BlockConnector::FreezeActiveSet(uint32_t epoch)
{
    const NodeSetHeader active = ReadActiveHeader(m_store);
    if (active.node_count == 0) return; // nothing to freeze: no receipts for this epoch
    for (uint8_t bucket : active.buckets) {
        const std::string* value = m_store.Find(ActiveBucketKey(bucket));
        assert(value); // the header lists exactly the non-empty buckets
        m_store.Put(FrozenBucketKey(epoch, bucket), *value);
    }
    m_store.Put(FrozenHeaderKey(epoch), active.Encode());
}

const ProbeSet* BlockConnector::FrozenSet(uint32_t epoch)
{
    auto [it, inserted] = m_frozen.try_emplace(epoch);
    if (inserted) it->second = LoadFrozenSet(m_store, epoch);
    return it->second ? &*it->second : nullptr;
}

// ---- State helpers ----

void BlockConnector::Credit(const Key& node, CAmount amount)
{
    if (amount <= 0) return;
    const CAmount balance = ReadBalance(m_store, node) + amount;
    // Every unit credited was deposited, bonded or is a pool share: balances stay below the supply.
    assert(MoneyRange(balance));
    m_store.Put(BalanceKey(node), NodeBalance{balance}.Encode());
}

void BlockConnector::WriteNode(const NodeRecord& node)
{
    m_store.Put(NodeKey(node.node), node.Encode());
}

void BlockConnector::WritePair(const Key& orig, const Key& term, const PairRecord& pair)
{
    m_store.Put(PairKey(orig, term), pair.IsEmpty() ? std::nullopt : std::optional<std::string>{pair.Encode()});
}

void BlockConnector::AddActive(const Key& node, CAmount bond)
{
    const uint8_t bucket = node[0];
    NodeList list = ReadActiveBucket(m_store, bucket);
    const auto pos = std::lower_bound(list.nodes.begin(), list.nodes.end(), node,
                                      [](const NodeWeight& n, const Key& k) { return n.node < k; });
    assert(pos == list.nodes.end() || pos->node != node); // only inactive nodes register
    list.nodes.insert(pos, NodeWeight{node, bond});
    m_store.Put(ActiveBucketKey(bucket), list.Encode());
    NodeSetHeader header = ReadActiveHeader(m_store);
    header.total_bond += bond;
    header.node_count += 1;
    const auto b = std::lower_bound(header.buckets.begin(), header.buckets.end(), bucket);
    if (b == header.buckets.end() || *b != bucket) header.buckets.insert(b, bucket);
    m_store.Put(ActiveHeaderKey(), header.Encode());
}

void BlockConnector::RemoveActive(const Key& node)
{
    const uint8_t bucket = node[0];
    NodeList list = ReadActiveBucket(m_store, bucket);
    const auto pos = std::lower_bound(list.nodes.begin(), list.nodes.end(), node,
                                      [](const NodeWeight& n, const Key& k) { return n.node < k; });
    assert(pos != list.nodes.end() && pos->node == node); // only active nodes deregister
    const CAmount bond = pos->bond;
    list.nodes.erase(pos);
    m_store.Put(ActiveBucketKey(bucket), list.nodes.empty() ? std::nullopt : std::optional<std::string>{list.Encode()});
    NodeSetHeader header = ReadActiveHeader(m_store);
    header.total_bond -= bond;
    header.node_count -= 1;
    if (list.nodes.empty()) std::erase(header.buckets, bucket);
    m_store.Put(ActiveHeaderKey(), header.node_count == 0 ? std::nullopt : std::optional<std::string>{header.Encode()});
}

} // namespace consensus
