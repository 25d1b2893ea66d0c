// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <mempool/registry_check.h>

#include <chainstate/registry_store.h>
#include <consensus/registry_payload.h>

namespace mempool {

registry::BlockContext NextBlockContext(const chainstate::BlockIndex& prev, const ConsensusParams& params)
{
    registry::BlockContext ctx;
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
                                                              const ConsensusParams& params)
{
    if (!m_layer || m_tip != tip.hash || m_base != &coins_tip) {
        // The state at the start of the next block: the tip's records after BeginBlock.
        m_layer = std::make_unique<chainstate::CoinsViewCache>(&coins_tip);
        chainstate::ViewRecordStore store{*m_layer};
        registry::BlockConnector begin{store, NextBlockContext(tip, params)};
        (void)begin.BeginBlock();
        m_tip = tip.hash;
        m_base = &coins_tip;
    }
    return *m_layer;
}

bool NextBlockRegistry::Check(const CTransaction& tx, const chainstate::BlockIndex& tip,
                              chainstate::CoinsViewCache& coins_tip, const ConsensusParams& params, TxValidationState& state)
{
    if (!registry::IsRegistryKind(tx.kind)) return true;
    chainstate::CoinsViewCache scratch{&NextBlockLayer(tip, coins_tip, params)};
    chainstate::ViewRecordStore store{scratch};
    registry::BlockConnector connector{store, NextBlockContext(tip, params)};
    return connector.ApplyTransaction(tx, state);
}

int64_t NextBlockRegistry::ValidUntil(const CTransaction& tx, const chainstate::BlockIndex& tip,
                                      chainstate::CoinsViewCache& coins_tip, const ConsensusParams& params)
{
    if (!registry::IsRegistryKind(tx.kind)) return INT64_MAX;
    const chainstate::ViewRecordStore store{NextBlockLayer(tip, coins_tip, params)};
    return registry::GetStateValidityWindow(tx, store, params.registry).last;
}

} // namespace mempool
