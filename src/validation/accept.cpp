// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Accepting headers and blocks into the block index and the block files.

#include <validation/chainstate_manager.h>

#include <consensus/block_check.h>
#include <util/format.h>
#include <util/logging.h>
#include <util/time.h>
#include <validation/notifications.h>

using chainstate::BlockIndex;

namespace validation {

bool ChainstateManager::CandidateOrder::operator()(const BlockIndex* a, const BlockIndex* b) const
{
    // Most work first; among equal work the block whose data arrived first; then by address.
    if (a->chain_work != b->chain_work) return a->chain_work > b->chain_work;
    if (a->sequence_id != b->sequence_id) return a->sequence_id < b->sequence_id;
    return a > b;
}

int64_t ChainstateManager::Now() const
{
    return m_options.clock ? m_options.clock() : GetTime();
}

consensus::PrevBlockInfo ChainstateManager::GetPrevInfo(const BlockIndex& prev)
{
    return consensus::PrevBlockInfo{prev.height, prev.GetBlockTime(), prev.bits, prev.GetMedianTimePast()};
}

BlockIndex* ChainstateManager::LookupBlockIndex(const uint256& hash) const
{
    return m_blockman->LookupBlockIndex(hash);
}

bool ChainstateManager::AcceptBlockHeader(const CBlockHeader& header, consensus::BlockValidationState& state, BlockIndex** out)
{
    AssertLockHeld(m_cs);
    const uint256 hash = header.GetHash();
    if (BlockIndex* existing = LookupBlockIndex(hash)) {
        *out = existing;
        if (existing->status & chainstate::BLOCK_FAILED_MASK) {
            return state.Invalid(consensus::BlockValidationResult::BLOCK_CACHED_INVALID, "duplicate-invalid",
                                 "block " + hash.GetHex() + " is marked invalid");
        }
        return true;
    }
    if (!CheckBlockHeader(header, Params(), state)) return false;
    if (hash == Params().genesis_hash) {
        BlockIndex* genesis = m_blockman->AddToBlockIndex(header);
        genesis->RaiseValidity(chainstate::BLOCK_VALID_TREE);
        m_blockman->SetDirty(genesis);
        if (m_best_header == nullptr) m_best_header = genesis;
        *out = genesis;
        return true;
    }
    BlockIndex* prev = LookupBlockIndex(header.prev_block);
    if (prev == nullptr) {
        return state.Invalid(consensus::BlockValidationResult::BLOCK_MISSING_PREV, "prev-blk-not-found",
                             "previous block " + header.prev_block.GetHex() + " is unknown");
    }
    if (prev->status & chainstate::BLOCK_FAILED_MASK) {
        return state.Invalid(consensus::BlockValidationResult::BLOCK_INVALID_PREV, "bad-prevblk",
                             "previous block " + header.prev_block.GetHex() + " is invalid");
    }
    if (!ContextualCheckBlockHeader(header, GetPrevInfo(*prev), Now(), Params(), state)) return false;
    BlockIndex* index = m_blockman->AddToBlockIndex(header);
    index->RaiseValidity(chainstate::BLOCK_VALID_TREE);
    m_blockman->SetDirty(index);
    if (m_best_header == nullptr || m_best_header->chain_work < index->chain_work) m_best_header = index;
    *out = index;
    return true;
}

bool ChainstateManager::ProcessNewBlockHeaders(std::span<const CBlockHeader> headers, consensus::BlockValidationState& state,
                                               const BlockIndex** last)
{
    LOCK(m_cs);
    for (const CBlockHeader& header : headers) {
        BlockIndex* index = nullptr;
        if (!AcceptBlockHeader(header, state, &index)) return false;
        if (last) *last = index;
    }
    return true;
}

void ChainstateManager::TryAddCandidate(BlockIndex* index)
{
    AssertLockHeld(m_cs);
    if (index->IsValid(chainstate::BLOCK_VALID_TRANSACTIONS) && index->chain_tx != 0 &&
        (m_chain.Tip() == nullptr || !CandidateOrder{}(m_chain.Tip(), index))) {
        m_candidates.insert(index);
    }
}

void ChainstateManager::ReceivedBlockTransactions(const CBlock& block, BlockIndex& index)
{
    AssertLockHeld(m_cs);
    index.tx_count = static_cast<uint32_t>(block.vtx.size());
    index.RaiseValidity(chainstate::BLOCK_VALID_TRANSACTIONS);
    m_blockman->SetDirty(&index);
    if (index.prev != nullptr && index.prev->chain_tx == 0) {
        m_blocks_unlinked.emplace(index.prev, &index);
        return;
    }
    // This block and any waiting descendants can now be chained.
    std::vector<BlockIndex*> queue{&index};
    while (!queue.empty()) {
        BlockIndex* cur = queue.back();
        queue.pop_back();
        cur->chain_tx = (cur->prev ? cur->prev->chain_tx : 0) + cur->tx_count;
        cur->sequence_id = m_sequence_id++;
        TryAddCandidate(cur);
        auto range = m_blocks_unlinked.equal_range(cur);
        for (auto it = range.first; it != range.second; ++it) queue.push_back(it->second);
        m_blocks_unlinked.erase(range.first, range.second);
    }
}

bool ChainstateManager::AcceptBlock(const CBlock& block, consensus::BlockValidationState& state, bool* new_block,
                                    std::optional<storage::FlatFilePos> known_pos)
{
    AssertLockHeld(m_cs);
    if (new_block) *new_block = false;
    BlockIndex* index = nullptr;
    if (!AcceptBlockHeader(block, state, &index)) return false;
    if (index->status & chainstate::BLOCK_HAVE_DATA) return true; // duplicate
    const bool is_genesis = index->prev == nullptr;
    if (!CheckBlock(block, Params(), state) ||
        (!is_genesis && !ContextualCheckBlock(block, GetPrevInfo(*index->prev), Params(), state))) {
        if (state.IsInvalid() && state.GetResult() != consensus::BlockValidationResult::BLOCK_MUTATED) {
            index->status |= chainstate::BLOCK_FAILED_VALID;
            m_blockman->SetDirty(index);
        }
        return false;
    }
    if (new_block) *new_block = true;
    if (known_pos) {
        m_blockman->RecordBlockPos(*index, block, *known_pos);
    } else if (storage::Status s = m_blockman->WriteBlock(block, *index); !s.ok()) {
        LogError("Failed to write block %s: %s", index->hash.GetHex().c_str(), s.ToString().c_str());
        return state.Error("Failed to write block: " + s.ToString());
    }
    ReceivedBlockTransactions(block, *index);
    return true;
}

bool ChainstateManager::ProcessNewBlock(const std::shared_ptr<const CBlock>& block, consensus::BlockValidationState& state,
                                        bool* new_block, consensus::BlockValidationState* connect_state)
{
    if (m_options.signals) m_options.signals->LimitQueue();
    LOCK(m_cs);
    if (m_fatal) return state.Error("node is shutting down after a fatal disk error");
    if (!AcceptBlock(*block, state, new_block, std::nullopt)) {
        LogDebug(BCLog::VALIDATION, "ProcessNewBlock: %s rejected: %s", block->GetHash().GetHex().c_str(), state.ToString().c_str());
        return false;
    }
    consensus::BlockValidationState activate_state;
    consensus::BlockValidationState new_block_state;
    if (!ActivateBestChainLocked(activate_state, block, &new_block_state)) {
        state = activate_state;
        return false;
    }
    if (connect_state) *connect_state = new_block_state;
    return true;
}

bool ChainstateManager::ProcessNewBlock(const CBlock& block, consensus::BlockValidationState& state, bool* new_block,
                                        consensus::BlockValidationState* connect_state)
{
    return ProcessNewBlock(std::make_shared<const CBlock>(block), state, new_block, connect_state);
}

bool ChainstateManager::TestBlockValidity(const CBlock& block, consensus::BlockValidationState& state, bool check_pow,
                                          bool check_merkle, CoinbaseRequirements* coinbase, bool check_coinbase)
{
    LOCK(m_cs);
    BlockIndex* tip = m_chain.Tip();
    if (tip == nullptr || block.prev_block != tip->hash) {
        return state.Invalid(consensus::BlockValidationResult::BLOCK_MISSING_PREV, "inconclusive-not-best-prevblk");
    }
    if (!CheckBlockHeader(block, Params(), state, check_pow)) return false;
    const consensus::PrevBlockInfo prev = GetPrevInfo(*tip);
    if (!ContextualCheckBlockHeader(block, prev, Now(), Params(), state)) return false;
    if (!CheckBlock(block, Params(), state, check_pow, check_merkle)) return false;
    if (!ContextualCheckBlock(block, prev, Params(), state)) return false;
    BlockIndex index{block.GetHeader()};
    index.prev = tip;
    index.height = tip->height + 1;
    index.hash = block.GetHash();
    chainstate::CoinsViewCache view{m_coins_tip.get()};
    return ConnectBlock(block, state, &index, view, /*just_check=*/true, coinbase, check_coinbase);
}

} // namespace validation
