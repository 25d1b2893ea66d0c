// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <chainstate/replay.h>

#include <chainstate/blockstorage.h>
#include <chainstate/coinsdb.h>
#include <chainstate/registry_store.h>
#include <util/format.h>
#include <util/logging.h>

namespace chainstate {

bool UpdateCoins(const CTransaction& tx, CoinsViewCache& view, int height, TxUndo* undo, bool replay)
{
    bool ok = true;
    if (!tx.IsCoinBase()) {
        for (const CTxIn& in : tx.vin) {
            std::optional<Coin> spent = view.SpendCoin(in.prevout);
            if (!spent) {
                ok = false;
                continue;
            }
            if (undo) undo->prevout.push_back(std::move(*spent));
        }
    }
    const uint256& txid = tx.GetTxid();
    for (uint32_t n = 0; n < tx.vout.size(); ++n) {
        // Outside replay, a coinbase may only overwrite if consensus allowed a duplicate txid,
        // which DOTS's height-committing coinbase prevents: treat overwrite as impossible.
        view.AddCoin(COutPoint{txid, n}, Coin{tx.vout[n], static_cast<uint32_t>(height), tx.IsCoinBase()}, replay);
    }
    return ok || replay;
}

namespace {
/** Restores one spent coin. Returns false (unclean) if something was already there. */
bool ApplyTxInUndo(Coin undo, CoinsViewCache& view, const COutPoint& out)
{
    const bool clean = !view.HaveCoin(out);
    view.AddCoin(out, std::move(undo), /*possible_overwrite=*/!clean);
    return clean;
}
} // namespace

DisconnectResult DisconnectBlockCoins(const CBlock& block, const BlockUndo& undo, CoinsViewCache& view)
{
    if (block.vtx.empty() || undo.vtxundo.size() + 1 != block.vtx.size()) return DisconnectResult::FAILED;
    for (size_t i = 1; i < block.vtx.size(); ++i) {
        if (undo.vtxundo[i - 1].prevout.size() != block.vtx[i]->vin.size()) return DisconnectResult::FAILED;
    }
    bool clean = true;
    // Undo transactions in reverse order, so that a coin created and spent in this block is
    // first restored (by the spender's undo) and then erased (by its creator's).
    for (size_t i = block.vtx.size(); i-- > 0;) {
        const CTransaction& tx = *block.vtx[i];
        const uint256& txid = tx.GetTxid();
        for (uint32_t n = 0; n < tx.vout.size(); ++n) {
            std::optional<Coin> spent = view.SpendCoin(COutPoint{txid, n});
            if (!spent || spent->out != tx.vout[n] || spent->IsCoinBase() != tx.IsCoinBase()) clean = false;
        }
        if (i == 0) break; // coinbase: no inputs
        const TxUndo& txundo = undo.vtxundo[i - 1];
        for (size_t j = tx.vin.size(); j-- > 0;) {
            if (!ApplyTxInUndo(txundo.prevout[j], view, tx.vin[j].prevout)) clean = false;
        }
    }
    return clean ? DisconnectResult::OK : DisconnectResult::UNCLEAN;
}

storage::StatusOr<RecordDiff> ReadRecordDiff(const BlockUndo& undo, const BlockIndex& index)
{
    const std::vector<uint8_t>* section = undo.GetSection(static_cast<uint16_t>(UndoSectionType::REGISTRY));
    if (section == nullptr) return RecordDiff{};
    Decoded<RecordDiff> diff = RecordDiff::Decode(*section);
    if (!diff) {
        return storage::Status::Corruption(StrFormat("registry undo data of block %s does not decode: %s",
                                                     index.hash.GetHex().c_str(), diff.failure().what));
    }
    return std::move(*diff);
}

storage::Status ReplayBlocks(CoinsViewDB& db, const BlockManager& blocks)
{
    const std::vector<uint256> heads = db.GetHeadBlocks();
    if (heads.empty()) return storage::Status::OK();
    const auto lookup = [&](const uint256& hash) -> const BlockIndex* {
        auto it = blocks.Index().find(hash);
        return it == blocks.Index().end() ? nullptr : &it->second;
    };
    const BlockIndex* new_tip = lookup(heads[0]);
    if (!new_tip) return storage::Status::Corruption("chainstate replay: the new tip is not in the block index; -reindex-chainstate");
    const BlockIndex* old_tip = heads[1].IsNull() ? nullptr : lookup(heads[1]);
    if (!heads[1].IsNull() && !old_tip) {
        return storage::Status::Corruption("chainstate replay: the old tip is not in the block index; -reindex-chainstate");
    }
    const BlockIndex* fork = old_tip ? LastCommonAncestor(old_tip, new_tip) : nullptr;
    LogInfo("Replaying chainstate blocks from %s (height %d) to %s (height %d) after an interrupted flush",
            old_tip ? old_tip->hash.GetHex().c_str() : "(empty)", old_tip ? old_tip->height : -1,
            new_tip->hash.GetHex().c_str(), new_tip->height);

    CoinsViewCache cache{&db};
    for (const BlockIndex* index = old_tip; index != fork; index = index->prev) {
        auto block = blocks.ReadBlock(*index);
        if (!block.ok()) return block.status();
        auto undo = blocks.ReadUndo(*index);
        if (!undo.ok()) return undo.status();
        if (DisconnectBlockCoins(*block, *undo, cache) == DisconnectResult::FAILED) {
            return storage::Status::Corruption(StrFormat("chainstate replay: undo data of block %s does not fit it",
                                                         index->hash.GetHex().c_str()));
        }
        auto diff = ReadRecordDiff(*undo, *index);
        if (!diff.ok()) return diff.status();
        ApplyRecordDiff(*diff, cache, /*forward=*/false);
    }
    for (int h = fork ? fork->height + 1 : 0; h <= new_tip->height; ++h) {
        if (h == 0) continue; // genesis creates no coins and no records (as ConnectBlock)
        const BlockIndex* index = new_tip->GetAncestor(h);
        auto block = blocks.ReadBlock(*index);
        if (!block.ok()) return block.status();
        for (const CTransactionRef& tx : block->vtx) {
            (void)UpdateCoins(*tx, cache, h, nullptr, /*replay=*/true);
        }
        auto undo = blocks.ReadUndo(*index);
        if (!undo.ok()) return undo.status();
        auto diff = ReadRecordDiff(*undo, *index);
        if (!diff.ok()) return diff.status();
        ApplyRecordDiff(*diff, cache, /*forward=*/true);
    }
    cache.SetBestBlock(new_tip->hash);
    return cache.Flush();
}

} // namespace chainstate
