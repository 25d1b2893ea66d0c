// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// VerifyDB: the checks behind `verifychain` and the start-up -checklevel/-checkblocks pass.

#include <validation/chainstate_manager.h>

#include <consensus/block_check.h>
#include <util/format.h>
#include <util/logging.h>

using chainstate::BlockIndex;
using chainstate::CoinsViewCache;

namespace validation {

namespace {
std::string ReindexHintVerify(const std::string& what)
{
    return what + ". The block database may be corrupted: restart with -reindex to rebuild it.";
}
} // namespace

util::Result<void> ChainstateManager::VerifyDB(int level, int nblocks)
{
    LOCK(m_cs);
    BlockIndex* tip = m_chain.Tip();
    if (tip == nullptr || tip->height == 0) return {};
    level = std::clamp(level, 0, 4);
    if (nblocks <= 0 || nblocks > tip->height) nblocks = tip->height;
    LogInfo("Verifying last %d blocks at level %d", nblocks, level);

    CoinsViewCache view{m_coins_tip.get()};
    BlockIndex* good = tip;       // the view is at this block
    int disconnected = 0;
    const size_t cache_budget = m_coins_cache_limit;
    for (BlockIndex* index = tip; index != nullptr && index->prev != nullptr; index = index->prev) {
        if (tip->height - index->height >= nblocks) break;
        if (m_options.interrupt && m_options.interrupt()) return {};
        const std::string where = StrFormat("block %s at height %d", index->hash.GetHex().c_str(), index->height);
        // Level 0: read the block.
        auto block = m_blockman->ReadBlock(*index);
        if (!block.ok()) return util::Error{ReindexHintVerify("VerifyDB: cannot read " + where + ": " + block.status().ToString())};
        // Level 1: context-free block checks.
        if (level >= 1) {
            consensus::BlockValidationState state;
            if (!CheckBlock(*block, Params(), state)) {
                return util::Error{ReindexHintVerify("VerifyDB: bad " + where + ": " + state.ToString())};
            }
        }
        // Level 2: undo data.
        if (level >= 2 && (index->status & chainstate::BLOCK_HAVE_UNDO)) {
            auto undo = m_blockman->ReadUndo(*index);
            if (!undo.ok()) return util::Error{ReindexHintVerify("VerifyDB: bad undo data of " + where + ": " + undo.status().ToString())};
        }
        // Level 3: disconnect in memory while the cache stays within budget.
        if (level >= 3 && index == good && view.DynamicMemoryUsage() + m_coins_tip->DynamicMemoryUsage() <= cache_budget * 2) {
            const DisconnectResult res = DisconnectBlock(*block, *index, view);
            if (res == DisconnectResult::FAILED) {
                return util::Error{ReindexHintVerify("VerifyDB: cannot disconnect " + where)};
            }
            if (res == DisconnectResult::UNCLEAN) {
                return util::Error{ReindexHintVerify("VerifyDB: inconsistent UTXO set while disconnecting " + where)};
            }
            good = index->prev;
            ++disconnected;
        }
    }
    // Level 4: reconnect what level 3 disconnected, with every rule.
    if (level >= 4 && disconnected > 0) {
        for (BlockIndex* index = m_chain.Next(good); index != nullptr; index = m_chain.Next(index)) {
            if (m_options.interrupt && m_options.interrupt()) return {};
            auto block = m_blockman->ReadBlock(*index);
            if (!block.ok()) return util::Error{ReindexHintVerify("VerifyDB: cannot read block: " + block.status().ToString())};
            consensus::BlockValidationState state;
            if (!ConnectBlock(*block, state, index, view, /*just_check=*/true)) {
                return util::Error{ReindexHintVerify(StrFormat("VerifyDB: cannot reconnect block %s at height %d: %s",
                                                               index->hash.GetHex().c_str(), index->height,
                                                               state.ToString().c_str()))};
            }
            view.SetBestBlock(index->hash);
        }
        if (view.GetBestBlock() != tip->hash) return util::Error{"VerifyDB: reconnecting did not reach the tip"};
    }
    LogInfo("Verification: no inconsistencies found (%d blocks disconnected at level 3)", disconnected);
    return {};
}

} // namespace validation
