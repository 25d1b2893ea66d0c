// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// ConnectBlock and DisconnectBlock: the rules that connect a block to the UTXO set and the
// registry, and their exact inverse.
//
// ConnectBlock runs four named steps, each a small function below:
//   spends      ConnectSpends: every input exists, is mature and covers the outputs; the inputs
//               are spent into the undo data and the outputs added (per transaction, in order);
//   registry    ConnectRegistry: the burned fees, bonds and deposits leave the miner's fee, and
//               the registry rules apply the transaction to the records (per transaction,
//               between BlockConnector::BeginBlock and EndBlock);
//   coinbase    CheckCoinbase: the coinbase pays no more than subsidy - availability pool + fees,
//               whatever registry transactions the block holds;
//   signatures  CheckSignatures: one BIP340 check per input, on the -par threads.
// then WriteBlockUndo stores the undo data (coins spent + the registry's record diff).

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

namespace {

bool InvalidTx(consensus::BlockValidationState& state, const CTransaction& tx, const consensus::TxValidationState& tx_state)
{
    return state.Invalid(consensus::BlockValidationResult::BLOCK_CONSENSUS, tx_state.GetRejectReason(),
                         StrFormat("tx %s: %s", tx.GetTxid().GetHex().c_str(), tx_state.GetDebugMessage().c_str()));
}

/**
 * Step "spends" for transaction `tx` of a block at `height`: checks its inputs against `view`
 * (CheckTxInputs: unspent, coinbase maturity, amounts), spends them into a new entry of
 * `undo`, and adds its outputs. Fills `sig` with what its signature checks need and `fee` with
 * inputs + `registry_released` (a node withdrawal's amount) - outputs (0 for the coinbase).
 * Reject reasons: CheckTxInputs'.
 */
bool ConnectSpends(const CTransaction& tx, int height, const consensus::ConsensusParams& params, CAmount registry_released,
                   CoinsViewCache& view, TxSigData& sig, BlockUndo& undo, CAmount& fee, consensus::BlockValidationState& state)
{
    fee = 0;
    if (!tx.IsCoinBase()) {
        consensus::TxValidationState tx_state;
        sig.tx = &tx;
        if (!CheckTxInputs(tx, tx_state, view, height, params.coinbase_maturity, registry_released, fee, sig.spent)) {
            return InvalidTx(state, tx, tx_state);
        }
        auto pre = PrecomputeTxData(tx, std::span<const CTxOut>{sig.spent});
        if (!pre) return state.Error("PrecomputeTxData: spent outputs do not match the inputs");
        sig.pre = *pre;
        TxUndo& tx_undo = undo.vtxundo.emplace_back();
        tx_undo.prevout.reserve(tx.vin.size());
        for (const CTxIn& in : tx.vin) {
            std::optional<Coin> coin = view.SpendCoin(in.prevout);
            if (!coin) return state.Error("SpendCoin failed for a coin CheckTxInputs found");
            tx_undo.prevout.push_back(std::move(*coin));
        }
    }
    const uint256& txid = tx.GetTxid();
    if (!tx.IsCoinBase() && tx.vin.empty()) {
        // A node withdrawal may have no input: its txid is unique only through the node's
        // sequence, which the registry step checks after this one. A copy whose outputs are
        // still unspent must not overwrite them (Bitcoin's BIP30 rule, for this kind only).
        for (uint32_t n = 0; n < tx.vout.size(); ++n) {
            if (view.HaveCoin(COutPoint{txid, n})) {
                return state.Invalid(consensus::BlockValidationResult::BLOCK_CONSENSUS, "bad-txns-BIP30",
                                     StrFormat("tx %s would overwrite an unspent output", txid.GetHex().c_str()));
            }
        }
    }
    for (uint32_t n = 0; n < tx.vout.size(); ++n) {
        // Otherwise BIP30 cannot happen: coinbases commit to their height (BIP34,
        // ContextualCheckBlock) and any other repeated txid would spend inputs already spent above.
        view.AddCoin(COutPoint{txid, n}, Coin{tx.vout[n], static_cast<uint32_t>(height), tx.IsCoinBase()},
                     /*possible_overwrite=*/false);
    }
    return true;
}

/**
 * Step "registry" for transaction `tx`: takes `registry_locked` (the burned handle fee, the node
 * bond or the deposit: consensus::GetRegistryValueFlow) out of `fee`, which must stay >= 0
 * (bad-txns-registry-underpaid), then applies the registry rules of `tx` through `registry`
 * (reject reasons bad-handle-*, bad-node-*, ...: doc/registry.md). Other kinds pass unchanged.
 */
bool ConnectRegistry(const CTransaction& tx, CAmount registry_locked, consensus::BlockConnector& registry, CAmount& fee,
                     consensus::BlockValidationState& state)
{
    if (tx.IsCoinBase()) return true;
    // Registration fees are burned, bonds and deposits held by the registry: not the miner's.
    fee -= registry_locked;
    if (fee < 0) {
        return state.Invalid(consensus::BlockValidationResult::BLOCK_CONSENSUS, "bad-txns-registry-underpaid",
                             StrFormat("tx %s: inputs do not cover the outputs plus the burned fee, bond or deposit",
                                       tx.GetTxid().GetHex().c_str()));
    }
    consensus::TxValidationState tx_state;
    if (!registry.ApplyTransaction(tx, tx_state)) return InvalidTx(state, tx, tx_state);
    return true;
}

/**
 * Step "coinbase": the coinbase may pay at most subsidy - req.pool + req.fees (bad-cb-amount).
 * The availability pool is never the miner's, whatever the block contains: the pool shares are
 * created only when nodes' receipts are mined (doc/registry.md), so a miner gains nothing by
 * leaving registry transactions out.
 */
bool CheckCoinbase(const CTransaction& coinbase, const CoinbaseRequirements& req, int height,
                   const consensus::ConsensusParams& params, consensus::BlockValidationState& state)
{
    const CAmount reward = req.fees + GetBlockSubsidy(height, params) - req.pool;
    CAmount miner_out = 0;
    for (const CTxOut& out : coinbase.vout) miner_out += out.value;
    // Output values and their sum are MoneyRange-checked by CheckTransaction.
    if (miner_out > reward) {
        return state.Invalid(consensus::BlockValidationResult::BLOCK_CONSENSUS, "bad-cb-amount",
                             StrFormat("coinbase pays too much (actual=%lld vs limit=%lld)", (long long)miner_out,
                                       (long long)reward));
    }
    return true;
}

/**
 * Step "signatures": verifies every input of the block (`sig_data`, filled by the spends step)
 * on `queue`'s threads, or inline without a queue. Reject reasons: VerifyInput's
 * (bad-txns-witness, bad-txns-keyhash, bad-txns-sig).
 */
bool CheckSignatures(const std::vector<TxSigData>& sig_data, CheckQueue* queue, const uint256& genesis_hash,
                     consensus::BlockValidationState& state)
{
    std::vector<SigCheck> checks;
    for (const TxSigData& data : sig_data) {
        if (data.tx == nullptr) continue; // the coinbase
        for (uint32_t i = 0; i < data.tx->vin.size(); ++i) checks.push_back({&data, i});
    }
    const CTransaction* failed_tx = nullptr;
    const char* reason = nullptr;
    if (queue) {
        reason = queue->Run(checks, genesis_hash, &failed_tx);
    } else {
        for (const SigCheck& check : checks) {
            reason = VerifyInput(*check.data->tx, check.index, check.data->spent[check.index], check.data->pre,
                                 genesis_hash);
            if (reason) {
                failed_tx = check.data->tx;
                break;
            }
        }
    }
    if (reason != nullptr) {
        return state.Invalid(consensus::BlockValidationResult::BLOCK_CONSENSUS, reason,
                             StrFormat("tx %s", failed_tx ? failed_tx->GetTxid().GetHex().c_str() : "?"));
    }
    return true;
}

/** The registry's view of the block at `index`: its height and its ancestors' hashes. */
consensus::BlockContext RegistryContext(const BlockIndex& index, const consensus::ConsensusParams& params)
{
    consensus::BlockContext ctx;
    ctx.height = index.height;
    ctx.params = &params;
    ctx.ancestor_hash = [prev = index.prev](int32_t h) -> std::optional<uint256> {
        const BlockIndex* ancestor = (prev && h >= 0) ? prev->GetAncestor(h) : nullptr;
        if (ancestor == nullptr) return std::nullopt;
        return ancestor->hash;
    };
    return ctx;
}

} // namespace

bool ChainstateManager::ConnectBlock(const CBlock& block, consensus::BlockValidationState& state, BlockIndex* index,
                                     CoinsViewCache& view, bool just_check, CoinbaseRequirements* coinbase_out,
                                     bool check_coinbase, chainstate::RecordDiff* changes)
{
    AssertLockHeld(m_cs);
    const uint256 hash = block.GetHash();
    // The genesis coinbase is not spendable and creates no coins (as in Bitcoin).
    if (hash == Params().genesis_hash) {
        if (!just_check) view.SetBestBlock(hash);
        if (coinbase_out) *coinbase_out = CoinbaseRequirements{};
        if (changes) *changes = chainstate::RecordDiff{};
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
    // Registry records change through a recording store so that the block's undo data holds
    // every changed key's value before and after it.
    chainstate::DiffRecordingStore records{view};
    consensus::BlockConnector registry{records, RegistryContext(*index, Params())};
    CoinbaseRequirements req;
    req.pool = GetAvailabilityPool(height, Params());
    registry.BeginBlock();
    for (size_t t = 0; t < block.vtx.size(); ++t) {
        const CTransaction& tx = *block.vtx[t];
        const consensus::RegistryValueFlow flow = consensus::GetRegistryValueFlow(tx, Params().registry);
        CAmount fee = 0;
        if (!ConnectSpends(tx, height, Params(), flow.released, view, sig_data[t], undo, fee, state)) return false;
        if (!ConnectRegistry(tx, flow.locked, registry, fee, state)) return false;
        req.fees += fee;
        if (!MoneyRange(req.fees)) {
            return state.Invalid(consensus::BlockValidationResult::BLOCK_CONSENSUS, "bad-txns-fee-outofrange",
                                 "accumulated fee in the block out of range");
        }
    }
    registry.EndBlock();
    if (coinbase_out) *coinbase_out = req;
    if (check_coinbase && !CheckCoinbase(*block.vtx[0], req, height, Params(), state)) return false;
    if (!CheckSignatures(sig_data, m_check_queue.get(), Params().genesis_hash, state)) return false;
    if (just_check) return true;

    chainstate::RecordDiff diff = records.TakeDiff();
    if (!WriteBlockUndo(undo, diff, *index, state)) return false;
    if (index->RaiseValidity(chainstate::BLOCK_VALID_SCRIPTS)) m_blockman->SetDirty(index);
    view.SetBestBlock(hash);
    if (changes) *changes = std::move(diff);
    return true;
}

bool ChainstateManager::WriteBlockUndo(BlockUndo& undo, const chainstate::RecordDiff& diff, BlockIndex& index,
                                       consensus::BlockValidationState& state)
{
    AssertLockHeld(m_cs);
    if (!diff.changes.empty()) undo.SetSection(static_cast<uint16_t>(chainstate::UndoSectionType::REGISTRY), diff.Encode());
    if (index.status & chainstate::BLOCK_HAVE_UNDO) return true; // reconnecting a block after a reorg
    if (storage::Status s = m_blockman->WriteUndo(undo, index); !s.ok()) {
        LogError("Failed to write undo data of block %s: %s", index.hash.GetHex().c_str(), s.ToString().c_str());
        return state.Error("Failed to write undo data: " + s.ToString());
    }
    return true;
}

ChainstateManager::DisconnectResult ChainstateManager::DisconnectBlock(const CBlock& block, const BlockIndex& index,
                                                                       CoinsViewCache& view, chainstate::RecordDiff* changes)
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
    if (changes) *changes = std::move(*diff);
    return clean ? DisconnectResult::OK : DisconnectResult::UNCLEAN;
}

} // namespace validation
