// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Wallet: following the chain through validation notifications, and rescans (wallet/wallet.h).

#include <wallet/wallet.h>

#include <chainstate/blockindex.h>
#include <util/format.h>
#include <util/logging.h>

namespace wallet {

util::Result<void> Wallet::AttachChain(std::optional<int32_t> rescan_from)
{
    int32_t start = 0;
    {
        LOCK(m_mutex);
        // Transactions confirmed (or conflicted) in blocks a reorg removed while the wallet was
        // not loaded are unconfirmed again.
        DbTransaction txn{*m_db};
        for (auto& [txid, wtx] : m_txs) {
            const auto block = wtx.StateBlock();
            if (!block) continue;
            const auto height = m_chain.ActiveHeight(*block);
            if (height && *height == *wtx.StateHeight()) continue;
            wtx.state = TxStateInactive{};
            wtx.block_time = 0;
            WriteTxLocked(wtx);
        }
        if (auto res = txn.Commit(); !res) return res;
        if (rescan_from) {
            start = *rescan_from;
        } else if (m_last_block.height >= 0) {
            const auto fork = m_chain.FindFork(m_last_block.hash);
            start = fork ? fork->height + 1 : 0;
        }
        // Rescanning from `start` re-applies everything after it.
        if (start > 0) {
            if (const auto block = m_chain.BlockAt(start - 1)) m_last_block = BestBlock{block->hash, block->height};
        } else {
            m_last_block = BestBlock{};
        }
    }
    m_chain.RegisterListener(*this);
    m_attached = true;
    SyncMempoolStates();
    const auto tip = m_chain.Tip();
    if (tip && start <= tip->height) {
        LogInfo("Wallet \"%s\": rescanning blocks %d to %d", m_name.c_str(), start, tip->height);
        auto res = Rescan(start, std::nullopt);
        if (!res) return util::Error{res.error()};
    }
    return {};
}

void Wallet::DetachChain()
{
    if (m_attached) m_chain.UnregisterListener(*this);
    m_attached = false;
    LOCK(m_mutex);
    WriteBestBlockLocked(/*force=*/true);
}

void Wallet::BlockUntilSyncedToCurrentChain()
{
    const auto tip = m_chain.Tip();
    {
        LOCK(m_mutex);
        if (!tip || m_last_block.hash == tip->hash) return;
    }
    m_chain.SyncWithQueue();
}

util::Result<int32_t> Wallet::Rescan(int32_t start, std::optional<int32_t> stop)
{
    if (m_scanning.exchange(true)) return util::Error{"Wallet is currently rescanning. Abort existing rescan or wait."};
    m_abort_rescan = false;
    struct Done {
        std::atomic<bool>& flag;
        ~Done() { flag = false; }
    } done{m_scanning};
    const auto tip = m_chain.Tip();
    if (!tip) return util::Error{"The block chain is not loaded"};
    const int32_t last = stop.value_or(tip->height);
    if (start < 0 || start > tip->height) return util::Error{"Invalid start_height"};
    if (last < start || last > tip->height) return util::Error{"Invalid stop_height"};
    int32_t logged = start;
    for (int32_t height = start; height <= last; ++height) {
        if (m_abort_rescan || m_chain.ShutdownRequested()) {
            LogInfo("Wallet \"%s\": rescan aborted at block %d", m_name.c_str(), height);
            return util::Error{"Rescan aborted by user."};
        }
        const auto block = m_chain.ReadBlock(height);
        if (!block) {
            // The chain moved under us (a reorg shortened it): what follows arrives by notification.
            if (height > (m_chain.Tip() ? m_chain.Tip()->height : -1)) return height - 1;
            return util::Error{StrFormat("Cannot read block %d during the rescan", height)};
        }
        LOCK(m_mutex);
        DbTransaction txn{*m_db};
        ApplyBlockLocked(*block, block->GetHash(), height, block->time, /*rescanning=*/true);
        if (auto res = txn.Commit(); !res) return util::Error{res.error()};
        if (height - logged >= 1000) {
            LogInfo("Wallet \"%s\": rescanned to block %d", m_name.c_str(), height);
            logged = height;
        }
    }
    LOCK(m_mutex);
    WriteBestBlockLocked(/*force=*/true);
    return last;
}

bool Wallet::IsRelevantLocked(const CTransaction& tx) const
{
    for (const CTxOut& out : tx.vout) {
        if (IsMineLocked(out)) return true;
    }
    return IsFromMeLocked(tx) || RegistryNamesOurKeysLocked(tx);
}

bool Wallet::SyncTransactionLocked(const CTransactionRef& tx, const TxState& state, int64_t block_time, bool rescanning)
{
    if (!m_txs.count(tx->GetTxid()) && !IsRelevantLocked(*tx)) return false;
    AddToWalletLocked(tx, state, block_time);
    // Keys seen on chain are used: the look-ahead moves past them (a restore's gap limit).
    for (const CTxOut& out : tx->vout) {
        std::array<uint8_t, 33> bytes;
        bytes[0] = static_cast<uint8_t>(out.lock.type);
        std::copy(out.lock.program.begin(), out.lock.program.end(), bytes.begin() + 1);
        if (auto key = m_lock_keys.find(bytes); key != m_lock_keys.end()) MarkKeyUsedLocked(m_key_origins.at(key->second));
    }
    SyncRegistryLocked(*tx);
    (void)rescanning;
    return true;
}

void Wallet::MarkConflictsLocked(const CTransaction& tx, const uint256& block_hash, int32_t height)
{
    for (const CTxIn& in : tx.vin) {
        const auto range = m_spends.equal_range(in.prevout);
        std::vector<uint256> spenders;
        for (auto it = range.first; it != range.second; ++it) {
            if (it->second != tx.GetTxid()) spenders.push_back(it->second);
        }
        for (const uint256& spender : spenders) {
            RecursiveUpdateStateLocked(spender, [&](WalletTx& wtx) {
                if (wtx.IsConfirmed() || wtx.IsConflicted()) return false;
                wtx.state = TxStateConflicted{block_hash, height};
                return true;
            });
        }
    }
}

void Wallet::ApplyBlockLocked(const CBlock& block, const uint256& hash, int32_t height, int64_t time, bool rescanning)
{
    for (size_t i = 0; i < block.vtx.size(); ++i) {
        const CTransactionRef& tx = block.vtx[i];
        SyncTransactionLocked(tx, TxStateConfirmed{hash, height, static_cast<int32_t>(i)}, time, rescanning);
        if (!tx->IsCoinBase()) MarkConflictsLocked(*tx, hash, height);
    }
    if (!rescanning || height > m_last_block.height) m_last_block = BestBlock{hash, height};
}

void Wallet::BlockConnected(const std::shared_ptr<const CBlock>& block, const chainstate::BlockIndex& index,
                            const chainstate::RecordDiff&)
{
    LOCK(m_mutex);
    DbTransaction txn{*m_db};
    ApplyBlockLocked(*block, index.hash, index.height, index.time, /*rescanning=*/false);
    WriteBestBlockLocked(/*force=*/false);
    if (auto res = txn.Commit(); !res) LogError("Wallet \"%s\": %s", m_name.c_str(), res.error().c_str());
}

void Wallet::BlockDisconnected(const std::shared_ptr<const CBlock>& block, const chainstate::BlockIndex& index,
                               const chainstate::RecordDiff&)
{
    LOCK(m_mutex);
    DbTransaction txn{*m_db};
    for (const CTransactionRef& tx : block->vtx) {
        auto it = m_txs.find(tx->GetTxid());
        if (it == m_txs.end()) continue;
        it->second.state = TxStateInactive{};
        it->second.block_time = 0;
        WriteTxLocked(it->second);
    }
    // What this block conflicted is unconfirmed again (its inputs are free once more).
    for (auto& [txid, wtx] : m_txs) {
        const auto* conflicted = std::get_if<TxStateConflicted>(&wtx.state);
        if (conflicted == nullptr || conflicted->block_hash != index.hash) continue;
        wtx.state = TxStateInactive{};
        WriteTxLocked(wtx);
    }
    m_last_block = BestBlock{index.prev ? index.prev->hash : uint256{}, index.height - 1};
    WriteBestBlockLocked(/*force=*/false);
    if (auto res = txn.Commit(); !res) LogError("Wallet \"%s\": %s", m_name.c_str(), res.error().c_str());
}

void Wallet::UpdatedBlockTip(const chainstate::BlockIndex&, const chainstate::BlockIndex*, bool)
{
    std::function<void()> callback;
    {
        LOCK(m_mutex);
        callback = m_tip_changed;
    }
    if (callback) callback();
}

void Wallet::SetTipChangedCallback(std::function<void()> fn)
{
    LOCK(m_mutex);
    m_tip_changed = std::move(fn);
}

void Wallet::SyncMempoolStates()
{
    LOCK(m_mutex);
    DbTransaction txn{*m_db};
    for (auto& [txid, wtx] : m_txs) {
        if (wtx.StateBlock()) continue;
        const bool in_pool = m_chain.IsInMempool(txid);
        if (in_pool == wtx.IsInMempool()) continue;
        if (in_pool && wtx.IsAbandoned()) {
            // mempool.dat (or a peer) brought it back: as Bitcoin Core, it is no longer abandoned
            // and its inputs are spent again.
            LogInfo("Wallet \"%s\": abandoned transaction %s is in the mempool again: no longer abandoned", m_name.c_str(),
                    txid.GetHex().c_str());
        }
        wtx.state = in_pool ? TxState{TxStateInMempool{}} : TxState{TxStateInactive{}};
        WriteTxLocked(wtx);
    }
    if (auto res = txn.Commit(); !res) LogError("Wallet \"%s\": %s", m_name.c_str(), res.error().c_str());
}

void Wallet::TransactionAddedToMempool(const CTransactionRef& tx, uint64_t)
{
    LOCK(m_mutex);
    auto it = m_txs.find(tx->GetTxid());
    if (it != m_txs.end() && it->second.IsConfirmed()) return;
    SyncTransactionLocked(tx, TxStateInMempool{}, 0, /*rescanning=*/false);
}

void Wallet::TransactionRemovedFromMempool(const CTransactionRef& tx, validation::MempoolRemovalReason reason, uint64_t)
{
    if (reason == validation::MempoolRemovalReason::BLOCK) return; // BlockConnected confirms it
    LOCK(m_mutex);
    auto it = m_txs.find(tx->GetTxid());
    if (it == m_txs.end() || !it->second.IsInMempool()) return;
    it->second.state = TxStateInactive{};
    WriteTxLocked(it->second);
}

} // namespace wallet
