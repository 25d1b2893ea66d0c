// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// ConnectBlock and DisconnectBlock: the spending rules and their exact inverse.

#include <validation/chainstate_manager.h>

#include <chainstate/registry_store.h>
#include <chainstate/replay.h>
#include <consensus/registry_payload.h>
#include <consensus/registry_rules.h>
#include <consensus/subsidy.h>
#include <consensus/tx_check.h>
#include <util/format.h>
#include <util/logging.h>
#include <validation/tx_verify.h>

using chainstate::BlockIndex;
using chainstate::BlockUndo;
using chainstate::Coin;
using chainstate::CoinsViewCache;
using chainstate::TxUndo;

namespace validation {

bool ChainstateManager::ConnectBlock(const CBlock& block, BlockValidationState& state, BlockIndex* index,
                                     CoinsViewCache& view, bool just_check, CoinbaseRequirements* coinbase_out,
                                     bool check_coinbase)
{
    AssertLockHeld(m_cs);
    const uint256 hash = block.GetHash();
    // The genesis coinbase is not spendable and creates no coins (as in Bitcoin).
    if (hash == Params().genesis_hash) {
        if (!just_check) view.SetBestBlock(hash);
        if (coinbase_out) *coinbase_out = CoinbaseRequirements{};
        return true;
    }
    const uint256 prev_hash = index->prev ? index->prev->hash : uint256{};
    if (view.GetBestBlock() != prev_hash) {
        return state.Error(StrFormat("ConnectBlock: view is at %s, block %s builds on %s", view.GetBestBlock().GetHex().c_str(),
                                     hash.GetHex().c_str(), prev_hash.GetHex().c_str()));
    }

    const int height = index->height;
    BlockUndo undo;
    undo.vtxundo.reserve(block.vtx.empty() ? 0 : block.vtx.size() - 1);
    std::vector<TxSigData> sig_data(block.vtx.size());
    std::vector<SigCheck> checks;
    CAmount fees = 0;

    // Registry: records are changed through a recording store so that the block's undo data
    // holds every changed key's value before and after it.
    chainstate::DiffRecordingStore records{view};
    registry::BlockContext registry_ctx;
    registry_ctx.height = height;
    registry_ctx.params = &Params();
    registry_ctx.ancestor_hash = [prev = index->prev](int32_t h) -> std::optional<uint256> {
        const BlockIndex* ancestor = (prev && h >= 0) ? prev->GetAncestor(h) : nullptr;
        if (ancestor == nullptr) return std::nullopt;
        return ancestor->hash;
    };
    registry::BlockConnector registry{records, std::move(registry_ctx)};
    const std::vector<CTxOut> payouts = registry.BeginBlock();

    for (size_t t = 0; t < block.vtx.size(); ++t) {
        const CTransaction& tx = *block.vtx[t];
        if (!tx.IsCoinBase()) {
            TxValidationState tx_state;
            CAmount fee = 0;
            TxSigData& data = sig_data[t];
            data.tx = &tx;
            if (!CheckTxInputs(tx, tx_state, view, height, Params().coinbase_maturity, fee, data.spent)) {
                return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, tx_state.GetRejectReason(),
                                     StrFormat("tx %s: %s", tx.GetTxid().GetHex().c_str(), tx_state.GetDebugMessage().c_str()));
            }
            // Registration fees are burned and bonds held by the registry: not the miner's.
            fee -= registry::GetRegistryLockedValue(tx, Params().registry);
            if (fee < 0) {
                return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "bad-txns-registry-underpaid",
                                     StrFormat("tx %s: inputs do not cover the outputs plus the burned fee or bond",
                                               tx.GetTxid().GetHex().c_str()));
            }
            if (!registry.ApplyTransaction(tx, tx_state)) {
                return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, tx_state.GetRejectReason(),
                                     StrFormat("tx %s: %s", tx.GetTxid().GetHex().c_str(), tx_state.GetDebugMessage().c_str()));
            }
            fees += fee;
            if (!MoneyRange(fees)) {
                return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "bad-txns-fee-outofrange",
                                     "accumulated fee in the block out of range");
            }
            auto pre = PrecomputeTxData(tx, std::span<const CTxOut>{data.spent});
            if (!pre) return state.Error("PrecomputeTxData: spent outputs do not match the inputs");
            data.pre = *pre;
            for (uint32_t i = 0; i < tx.vin.size(); ++i) checks.push_back({&data, i});
            TxUndo& tx_undo = undo.vtxundo.emplace_back();
            tx_undo.prevout.reserve(tx.vin.size());
            for (const CTxIn& in : tx.vin) {
                std::optional<Coin> coin = view.SpendCoin(in.prevout);
                if (!coin) return state.Error("SpendCoin failed for a coin CheckTxInputs found");
                tx_undo.prevout.push_back(std::move(*coin));
            }
        }
        const uint256& txid = tx.GetTxid();
        for (uint32_t n = 0; n < tx.vout.size(); ++n) {
            // BIP30 cannot happen: coinbases commit to their height (BIP34, ContextualCheckBlock)
            // and any other repeated txid would spend inputs already spent above.
            view.AddCoin(COutPoint{txid, n}, Coin{tx.vout[n], static_cast<uint32_t>(height), tx.IsCoinBase()},
                         /*possible_overwrite=*/false);
        }
    }

    const CAmount claimed = registry.EndBlock();
    // The miner gets the subsidy without the part of the call-reward pool this block's call
    // records claimed (escrowed until their dispute window ends), plus the fees.
    const CAmount reward = fees + GetBlockSubsidy(height, Params()) - claimed;
    if (coinbase_out) *coinbase_out = CoinbaseRequirements{fees, claimed, payouts};
    if (check_coinbase) {
        const CTransaction& coinbase = *block.vtx[0];
        if (coinbase.vout.size() < payouts.size() ||
            !std::equal(payouts.begin(), payouts.end(), coinbase.vout.begin())) {
            return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "bad-cb-payout",
                                 StrFormat("coinbase does not start with the %u registry payouts due at height %d",
                                           (unsigned)payouts.size(), height));
        }
        CAmount miner_out = 0;
        for (size_t i = payouts.size(); i < coinbase.vout.size(); ++i) miner_out += coinbase.vout[i].value;
        // Output values and their sum are MoneyRange-checked by CheckTransaction.
        if (miner_out > reward) {
            return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "bad-cb-amount",
                                 StrFormat("coinbase pays too much (actual=%lld vs limit=%lld)", (long long)miner_out,
                                           (long long)reward));
        }
    }

    const CTransaction* failed_tx = nullptr;
    const char* reason = nullptr;
    if (m_check_queue) {
        reason = m_check_queue->Run(checks, Params().genesis_hash, &failed_tx);
    } else {
        for (const SigCheck& check : checks) {
            reason = VerifyInput(*check.data->tx, check.index, check.data->spent[check.index], check.data->pre,
                                 Params().genesis_hash);
            if (reason) {
                failed_tx = check.data->tx;
                break;
            }
        }
    }
    if (reason != nullptr) {
        return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, reason,
                             StrFormat("tx %s", failed_tx ? failed_tx->GetTxid().GetHex().c_str() : "?"));
    }
    if (just_check) return true;

    chainstate::RecordDiff diff = records.TakeDiff();
    if (!diff.changes.empty()) undo.SetSection(static_cast<uint16_t>(chainstate::UndoSectionType::REGISTRY), diff.Encode());

    if (!(index->status & chainstate::BLOCK_HAVE_UNDO)) {
        if (storage::Status s = m_blockman->WriteUndo(undo, *index); !s.ok()) {
            LogError("Failed to write undo data of block %s: %s", hash.GetHex().c_str(), s.ToString().c_str());
            return state.Error("Failed to write undo data: " + s.ToString());
        }
    }
    if (index->RaiseValidity(chainstate::BLOCK_VALID_SCRIPTS)) m_blockman->SetDirty(index);
    view.SetBestBlock(hash);
    return true;
}

ChainstateManager::DisconnectResult ChainstateManager::DisconnectBlock(const CBlock& block, const BlockIndex& index,
                                                                       CoinsViewCache& view)
{
    AssertLockHeld(m_cs);
    if (block.GetHash() == Params().genesis_hash) return DisconnectResult::FAILED;
    auto undo = m_blockman->ReadUndo(index);
    if (!undo.ok()) {
        LogError("DisconnectBlock %s: %s", index.hash.GetHex().c_str(), undo.status().ToString().c_str());
        return DisconnectResult::FAILED;
    }
    if (undo->vtxundo.size() + 1 != block.vtx.size()) {
        LogError("DisconnectBlock %s: undo data has %u transactions, block %u", index.hash.GetHex().c_str(),
                 (unsigned)undo->vtxundo.size(), (unsigned)block.vtx.size());
        return DisconnectResult::FAILED;
    }
    bool clean = true;
    auto diff = chainstate::ReadRecordDiff(*undo, index);
    if (!diff.ok()) {
        LogError("DisconnectBlock %s: %s", index.hash.GetHex().c_str(), diff.status().ToString().c_str());
        return DisconnectResult::FAILED;
    }
    if (!chainstate::RecordDiffMatches(*diff, view, /*forward=*/true)) clean = false;
    chainstate::ApplyRecordDiff(*diff, view, /*forward=*/false);
    for (size_t t = block.vtx.size(); t-- > 0;) {
        const CTransaction& tx = *block.vtx[t];
        const uint256& txid = tx.GetTxid();
        for (uint32_t n = 0; n < tx.vout.size(); ++n) {
            std::optional<Coin> coin = view.SpendCoin(COutPoint{txid, n});
            if (!coin || coin->out != tx.vout[n] || coin->height != static_cast<uint32_t>(index.height) ||
                coin->coinbase != tx.IsCoinBase()) {
                clean = false; // the output was missing or different
            }
        }
        if (t == 0) break;
        const TxUndo& tx_undo = undo->vtxundo[t - 1];
        if (tx_undo.prevout.size() != tx.vin.size()) {
            LogError("DisconnectBlock %s: undo of tx %s has the wrong input count", index.hash.GetHex().c_str(), txid.GetHex().c_str());
            return DisconnectResult::FAILED;
        }
        for (size_t i = tx.vin.size(); i-- > 0;) {
            if (view.HaveCoin(tx.vin[i].prevout)) clean = false; // overwriting an unspent coin
            view.AddCoin(tx.vin[i].prevout, tx_undo.prevout[i], /*possible_overwrite=*/true);
        }
    }
    view.SetBestBlock(index.prev ? index.prev->hash : uint256{});
    return clean ? DisconnectResult::OK : DisconnectResult::UNCLEAN;
}

} // namespace validation
