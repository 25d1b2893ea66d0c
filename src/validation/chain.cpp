// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Chain selection: activating the most-work valid chain, reorganisations, invalidateblock and
// reconsiderblock, chain tips.

#include <validation/chainstate_manager.h>

#include <chainstate/registry_store.h>
#include <util/format.h>
#include <util/logging.h>
#include <util/time.h>
#include <validation/notifications.h>

using chainstate::BlockIndex;
using chainstate::CoinsViewCache;

namespace validation {

void ChainstateManager::InvalidChainFound(BlockIndex* index)
{
    AssertLockHeld(m_cs);
    if (m_best_invalid == nullptr || index->chain_work > m_best_invalid->chain_work) m_best_invalid = index;
    LogWarning("InvalidChainFound: invalid block=%s height=%d", index->hash.GetHex().c_str(), index->height);
    if (BlockIndex* tip = m_chain.Tip()) {
        LogInfo("InvalidChainFound: current best=%s height=%d", tip->hash.GetHex().c_str(), tip->height);
    }
}

void ChainstateManager::InvalidBlockFound(BlockIndex* index, const consensus::BlockValidationState& state)
{
    AssertLockHeld(m_cs);
    if (state.IsInvalid() && state.GetResult() != consensus::BlockValidationResult::BLOCK_MUTATED) {
        index->status |= chainstate::BLOCK_FAILED_VALID;
        m_blockman->SetDirty(index);
        m_candidates.erase(index);
        InvalidChainFound(index);
    }
}

BlockIndex* ChainstateManager::FindMostWorkChain()
{
    AssertLockHeld(m_cs);
    while (!m_candidates.empty()) {
        BlockIndex* candidate = *m_candidates.begin();
        // Walk back to the active chain: every block on the way must have data and not be failed.
        bool usable = true;
        for (BlockIndex* walk = candidate; walk != nullptr && !m_chain.Contains(walk); walk = walk->prev) {
            const bool missing = !(walk->status & chainstate::BLOCK_HAVE_DATA);
            const bool failed = (walk->status & chainstate::BLOCK_FAILED_MASK) != 0;
            if (missing || failed) {
                usable = false;
                // Everything between the candidate and the bad block is out.
                for (BlockIndex* bad = candidate; bad != walk; bad = bad->prev) {
                    if (failed) {
                        bad->status |= chainstate::BLOCK_FAILED_CHILD;
                        m_blockman->SetDirty(bad);
                    }
                    m_candidates.erase(bad);
                }
                if (failed && walk == candidate) m_candidates.erase(candidate);
                if (missing) m_candidates.erase(candidate);
                break;
            }
        }
        if (usable) return candidate;
    }
    return nullptr;
}

bool ChainstateManager::DisconnectTip(consensus::BlockValidationState& state)
{
    AssertLockHeld(m_cs);
    BlockIndex* tip = m_chain.Tip();
    auto read = m_blockman->ReadBlock(*tip);
    if (!read.ok()) return state.Error("Failed to read block to disconnect: " + read.status().ToString());
    const auto block = std::make_shared<const CBlock>(std::move(*read));
    CoinsViewCache view{m_coins_tip.get()};
    chainstate::RecordDiff changes;
    if (DisconnectBlock(*block, *tip, view, &changes) != DisconnectResult::OK) {
        return state.Error("Failed to disconnect block " + tip->hash.GetHex());
    }
    if (storage::Status s = view.Flush(); !s.ok()) return state.Error("Failed to apply disconnect: " + s.ToString());
    m_chain.SetTip(tip->prev);
    if (m_txindex) {
        if (storage::Status s = m_txindex->SetBestBlock(tip->prev->hash); !s.ok()) {
            LogWarning("txindex: %s", s.ToString().c_str());
        }
    }
    LogDebug(BCLog::VALIDATION, "DisconnectTip: %s height=%d", tip->hash.GetHex().c_str(), tip->height);
    if (m_options.signals) m_options.signals->BlockDisconnected(block, *tip, std::move(changes));
    return true;
}

bool ChainstateManager::ConnectTip(BlockIndex* index, std::shared_ptr<const CBlock> block, consensus::BlockValidationState& state)
{
    AssertLockHeld(m_cs);
    if (!block) {
        // A block of another branch (reorg, reconsiderblock, start-up): read it back.
        auto read = m_blockman->ReadBlock(*index);
        if (!read.ok()) {
            LogError("Failed to read block %s: %s", index->hash.GetHex().c_str(), read.status().ToString().c_str());
            return state.Error("Failed to read block: " + read.status().ToString());
        }
        block = std::make_shared<const CBlock>(std::move(*read));
    }
    CoinsViewCache view{m_coins_tip.get()};
    chainstate::RecordDiff changes;
    if (!ConnectBlock(*block, state, index, view, /*just_check=*/false, /*coinbase=*/nullptr, /*check_coinbase=*/true,
                      &changes)) {
        if (state.IsInvalid()) InvalidBlockFound(index, state);
        LogInfo("ConnectTip: block %s failed: %s", index->hash.GetHex().c_str(), state.ToString().c_str());
        return false;
    }
    if (storage::Status s = view.Flush(); !s.ok()) return state.Error("Failed to apply block: " + s.ToString());
    m_chain.SetTip(index);
    if (m_txindex) {
        if (storage::Status s = m_txindex->WriteBlock(*block, *index); !s.ok()) {
            LogWarning("txindex: failed to index block %s: %s", index->hash.GetHex().c_str(), s.ToString().c_str());
        }
    }
    LogDebug(BCLog::VALIDATION, "UpdateTip: new best=%s height=%d tx=%llu", index->hash.GetHex().c_str(), index->height,
             (unsigned long long)index->chain_tx);
    if (m_options.signals) m_options.signals->BlockConnected(std::move(block), *index, std::move(changes));
    return true;
}

bool ChainstateManager::ActivateBestChainLocked(consensus::BlockValidationState& state, const std::shared_ptr<const CBlock>& new_block,
                                                consensus::BlockValidationState* new_block_state)
{
    AssertLockHeld(m_cs);
    BlockIndex* const old_tip = m_chain.Tip();
    const uint256 new_hash = new_block ? new_block->GetHash() : uint256{};
    while (true) {
        if (m_options.interrupt && m_options.interrupt()) break;
        BlockIndex* best = FindMostWorkChain();
        BlockIndex* tip = m_chain.Tip();
        if (best == nullptr || best == tip) break;
        if (tip != nullptr && !CandidateOrder{}(best, tip)) break; // the tip is at least as good
        const BlockIndex* fork = m_chain.FindFork(best);
        // Disconnect to the fork point.
        while (m_chain.Tip() != nullptr && m_chain.Tip() != fork) {
            BlockIndex* disconnected = m_chain.Tip();
            if (!DisconnectTip(state)) {
                m_fatal = true;
                return false;
            }
            // A disconnected block stays a candidate: if the new branch fails we come back to it.
            m_candidates.insert(disconnected);
        }
        // Connect the new branch, oldest first.
        std::vector<BlockIndex*> to_connect;
        for (BlockIndex* walk = best; walk != fork; walk = walk->prev) to_connect.push_back(walk);
        bool invalid = false;
        for (auto it = to_connect.rbegin(); it != to_connect.rend(); ++it) {
            consensus::BlockValidationState connect_state;
            const bool is_new_block = new_block && (*it)->hash == new_hash;
            if (!ConnectTip(*it, is_new_block ? new_block : nullptr, connect_state)) {
                if (is_new_block && new_block_state) *new_block_state = connect_state;
                if (connect_state.IsError()) {
                    state = connect_state;
                    m_fatal = true;
                    return false;
                }
                invalid = true;
                break;
            }
            m_candidates.erase(*it);
            if (storage::Status s = FlushLocked(FlushMode::PERIODIC); !s.ok()) {
                m_fatal = true;
                return state.Error("Failed to flush: " + s.ToString());
            }
            if (m_options.interrupt && m_options.interrupt()) break;
        }
        if (invalid) {
            // Drop candidates that are now worse than the tip; the loop picks the best valid one.
            RebuildCandidates();
        }
    }
    if (m_chain.Tip() != old_tip && m_chain.Tip() != nullptr) {
        // Make the new blocks durable now (block and undo files, then the block index; the
        // coins follow at the next flush): after a crash, start-up reconnects every block the
        // index has data for, so a kill loses no block this node accepted or mined. During
        // initial block download at most once a second: three fsyncs per block made a P2P sync
        // ten times slower than -reindex-chainstate (doc/benchmarks.md), and a kill then loses
        // at most the last second of downloaded blocks, which peers serve again (as Bitcoin Core,
        // which does not flush per block at all).
        const int64_t now = GetMonotonicSeconds();
        if (!IsInitialBlockDownload() || now - m_last_index_flush >= IBD_INDEX_FLUSH_INTERVAL) {
            if (storage::Status s = m_blockman->FlushIndex(); !s.ok()) {
                m_fatal = true;
                return state.Error("Failed to write the block index: " + s.ToString());
            }
            m_last_index_flush = now;
        }
        const BlockIndex* tip = m_chain.Tip();
        LogInfo("UpdateTip: new best=%s height=%d work=%s tx=%llu date='%lld' cache=%.1fMiB(%utxo)",
                tip->hash.GetHex().c_str(), tip->height, tip->chain_work.GetHex().c_str(),
                (unsigned long long)tip->chain_tx, (long long)tip->time,
                m_coins_tip->DynamicMemoryUsage() / 1048576.0, (unsigned)m_coins_tip->GetCacheSize());
    }
    NotifyTipChanged();
    return true;
}

void ChainstateManager::NotifyTipChanged()
{
    AssertLockHeld(m_cs);
    const BlockIndex* tip = m_chain.Tip();
    if (tip == nullptr || tip == m_notified_tip) return;
    const BlockIndex* fork = m_notified_tip ? m_chain.FindFork(m_notified_tip) : nullptr;
    m_notified_tip = tip;
    if (m_options.signals) m_options.signals->UpdatedBlockTip(*tip, fork, IsInitialBlockDownload());
}

bool ChainstateManager::ActivateBestChain(consensus::BlockValidationState& state)
{
    LOCK(m_cs);
    if (m_fatal) return state.Error("node is shutting down after a fatal disk error");
    return ActivateBestChainLocked(state, nullptr, nullptr);
}

void ChainstateManager::RebuildCandidates()
{
    AssertLockHeld(m_cs);
    m_candidates.clear();
    for (auto& [hash, index] : m_blockman->Index()) {
        if (!m_chain.Contains(&index) || &index == m_chain.Tip()) TryAddCandidate(&index);
    }
}

bool ChainstateManager::InvalidateBlock(const uint256& hash, consensus::BlockValidationState& state)
{
    LOCK(m_cs);
    if (m_fatal) return state.Error("node is shutting down after a fatal disk error");
    BlockIndex* target = LookupBlockIndex(hash);
    if (target == nullptr) return state.Invalid(consensus::BlockValidationResult::BLOCK_CONSENSUS, "Block not found");
    if (target->prev == nullptr) return state.Invalid(consensus::BlockValidationResult::BLOCK_CONSENSUS, "cannot invalidate genesis");
    target->status |= chainstate::BLOCK_FAILED_VALID;
    m_blockman->SetDirty(target);
    while (m_chain.Contains(target)) {
        BlockIndex* tip = m_chain.Tip();
        if (!DisconnectTip(state)) {
            m_fatal = true;
            return false;
        }
        if (tip != target) {
            tip->status |= chainstate::BLOCK_FAILED_CHILD;
            m_blockman->SetDirty(tip);
        }
    }
    // Every descendant anywhere in the tree fails too.
    for (auto& [h, index] : m_blockman->Index()) {
        if (&index != target && index.height > target->height && index.GetAncestor(target->height) == target &&
            !(index.status & chainstate::BLOCK_FAILED_MASK)) {
            index.status |= chainstate::BLOCK_FAILED_CHILD;
            m_blockman->SetDirty(&index);
        }
    }
    InvalidChainFound(target);
    RebuildCandidates();
    // The tip itself may need to be a candidate again (it is what we fall back to).
    if (m_chain.Tip()) m_candidates.insert(m_chain.Tip());
    return ActivateBestChainLocked(state, nullptr, nullptr);
}

bool ChainstateManager::ReconsiderBlock(const uint256& hash, consensus::BlockValidationState& state)
{
    LOCK(m_cs);
    if (m_fatal) return state.Error("node is shutting down after a fatal disk error");
    BlockIndex* target = LookupBlockIndex(hash);
    if (target == nullptr) return state.Invalid(consensus::BlockValidationResult::BLOCK_CONSENSUS, "Block not found");
    const int height = target->height;
    for (auto& [h, index] : m_blockman->Index()) {
        if (!(index.status & chainstate::BLOCK_FAILED_MASK)) continue;
        const bool descendant = index.height >= height && index.GetAncestor(height) == target;
        const bool ancestor = index.height < height && target->GetAncestor(index.height) == &index;
        if (descendant || ancestor) {
            index.status &= ~static_cast<uint32_t>(chainstate::BLOCK_FAILED_MASK);
            m_blockman->SetDirty(&index);
            if (m_best_invalid == &index) m_best_invalid = nullptr;
        }
    }
    RebuildCandidates();
    if (m_chain.Tip()) m_candidates.insert(m_chain.Tip());
    return ActivateBestChainLocked(state, nullptr, nullptr);
}

std::vector<ChainTip> ChainstateManager::GetChainTips() const
{
    AssertLockHeld(m_cs);
    std::set<const BlockIndex*> parents;
    for (const auto& [h, index] : m_blockman->Index()) {
        if (index.prev) parents.insert(index.prev);
    }
    std::vector<ChainTip> tips;
    for (const auto& [h, index] : m_blockman->Index()) {
        if (parents.count(&index)) continue;
        ChainTip tip{&index, 0, ""};
        const BlockIndex* fork = m_chain.FindFork(&index);
        tip.branchlen = index.height - (fork ? fork->height : -1);
        if (m_chain.Contains(&index)) {
            tip.status = "active";
        } else if (index.status & chainstate::BLOCK_FAILED_MASK) {
            tip.status = "invalid";
        } else if (index.chain_tx == 0) {
            tip.status = "headers-only";
        } else if (index.IsValid(chainstate::BLOCK_VALID_SCRIPTS)) {
            tip.status = "valid-fork";
        } else if (index.IsValid(chainstate::BLOCK_VALID_TREE)) {
            tip.status = "valid-headers";
        } else {
            tip.status = "unknown";
        }
        tips.push_back(tip);
    }
    // The active tip first, then by height descending (Bitcoin Core's order).
    std::sort(tips.begin(), tips.end(), [](const ChainTip& a, const ChainTip& b) {
        if ((a.status == "active") != (b.status == "active")) return a.status == "active";
        if (a.index->height != b.index->height) return a.index->height > b.index->height;
        return a.index->hash < b.index->hash;
    });
    return tips;
}

bool ChainstateManager::IsInitialBlockDownload() const
{
    AssertLockHeld(m_cs);
    const BlockIndex* tip = m_chain.Tip();
    if (tip == nullptr) return true;
    if (m_best_header && m_best_header->chain_work > tip->chain_work) return true;
    return tip->GetBlockTime() < Now() - 24 * 60 * 60;
}

} // namespace validation
