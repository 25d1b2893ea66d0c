// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <mempool/registry_check.h>

#include <chainstate/registry_store.h>
#include <consensus/registry_payload.h>

#include <algorithm>

namespace mempool {

namespace {
/** A RecordStore that forwards to another and lists the keys read through it. */
class ReadRecordingStore : public consensus::RecordStore
{
public:
    ReadRecordingStore(consensus::RecordStore& inner, std::vector<std::string>& reads) : m_inner{inner}, m_reads{reads} {}
    std::optional<std::string> Get(const std::string& key) const override
    {
        m_reads.push_back(key);
        return m_inner.Get(key);
    }
    const std::string* Find(const std::string& key) const override
    {
        m_reads.push_back(key);
        return m_inner.Find(key);
    }
    void Put(const std::string& key, std::optional<std::string> value) override { m_inner.Put(key, std::move(value)); }

private:
    consensus::RecordStore& m_inner;
    std::vector<std::string>& m_reads;
};

void SortUnique(std::vector<std::string>& keys)
{
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
}
} // namespace

consensus::BlockContext NextBlockContext(const chainstate::BlockIndex& prev, const consensus::ConsensusParams& params)
{
    consensus::BlockContext ctx;
    ctx.height = prev.height + 1;
    ctx.params = &params;
    ctx.ancestor_hash = [tip = &prev](int32_t h) -> std::optional<uint256> {
        const chainstate::BlockIndex* ancestor = h >= 0 ? tip->GetAncestor(h) : nullptr;
        if (ancestor == nullptr) return std::nullopt;
        return ancestor->hash;
    };
    return ctx;
}

chainstate::CoinsViewCache& NextBlockRegistry::NextBlockLayer(const chainstate::BlockIndex& tip,
                                                              chainstate::CoinsViewCache& coins_tip,
                                                              const consensus::ConsensusParams& params)
{
    if (!m_layer || m_tip != tip.hash || m_base != &coins_tip) {
        // The state at the start of the next block: the tip's records after BeginBlock.
        m_layer = std::make_unique<chainstate::CoinsViewCache>(&coins_tip);
        chainstate::DiffRecordingStore store{*m_layer};
        consensus::BlockConnector begin{store, NextBlockContext(tip, params)};
        (void)begin.BeginBlock();
        m_layer_writes.clear();
        for (chainstate::RecordChange& change : store.TakeDiff().changes) m_layer_writes.push_back(std::move(change.key));
        SortUnique(m_layer_writes);
        m_tip = tip.hash;
        m_base = &coins_tip;
    }
    return *m_layer;
}

bool NextBlockRegistry::Check(const CTransaction& tx, const chainstate::BlockIndex& tip,
                              chainstate::CoinsViewCache& coins_tip, const consensus::ConsensusParams& params, consensus::TxValidationState& state,
                              std::vector<std::string>* reads)
{
    if (reads) reads->clear();
    if (!consensus::IsRegistryKind(tx.kind)) return true;
    chainstate::CoinsViewCache scratch{&NextBlockLayer(tip, coins_tip, params)};
    chainstate::ViewRecordStore view_store{scratch};
    if (reads == nullptr) {
        consensus::BlockConnector connector{view_store, NextBlockContext(tip, params)};
        return connector.ApplyTransaction(tx, state);
    }
    ReadRecordingStore store{view_store, *reads};
    consensus::BlockConnector connector{store, NextBlockContext(tip, params)};
    const bool ok = connector.ApplyTransaction(tx, state);
    SortUnique(*reads);
    return ok;
}

const std::vector<std::string>& NextBlockRegistry::NextBlockWrites(const chainstate::BlockIndex& tip,
                                                                   chainstate::CoinsViewCache& coins_tip,
                                                                   const consensus::ConsensusParams& params)
{
    (void)NextBlockLayer(tip, coins_tip, params);
    return m_layer_writes;
}

int64_t NextBlockRegistry::ValidUntil(const CTransaction& tx, const chainstate::BlockIndex& tip,
                                      chainstate::CoinsViewCache& coins_tip, const consensus::ConsensusParams& params)
{
    if (!consensus::IsRegistryKind(tx.kind)) return INT64_MAX;
    const chainstate::ViewRecordStore store{NextBlockLayer(tip, coins_tip, params)};
    return consensus::GetStateValidityWindow(tx, store, params.registry).last;
}

} // namespace mempool
