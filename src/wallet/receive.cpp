// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Wallet: which outputs are ours, balances and spendable coins (wallet/wallet.h).

#include <wallet/wallet.h>

#include <consensus/params.h>
#include <wallet/registry_value.h>

namespace wallet {

namespace {
std::array<uint8_t, 33> LockBytes(const OutputLock& lock)
{
    std::array<uint8_t, 33> out;
    out[0] = static_cast<uint8_t>(lock.type);
    std::copy(lock.program.begin(), lock.program.end(), out.begin() + 1);
    return out;
}
} // namespace

bool Wallet::IsMineLocked(const CTxOut& out) const { return m_lock_keys.count(LockBytes(out.lock)) != 0; }

bool Wallet::IsFromMeLocked(const CTransaction& tx) const
{
    for (const CTxIn& in : tx.vin) {
        auto it = m_txs.find(in.prevout.txid);
        if (it == m_txs.end() || in.prevout.n >= it->second.tx->vout.size()) continue;
        if (IsMineLocked(it->second.tx->vout[in.prevout.n])) return true;
    }
    return false;
}

bool Wallet::IsSpentLocked(const COutPoint& outpoint) const
{
    const auto range = m_spends.equal_range(outpoint);
    for (auto it = range.first; it != range.second; ++it) {
        const auto spender = m_txs.find(it->second);
        if (spender == m_txs.end()) continue;
        if (spender->second.Depth(m_last_block.height) >= 0 && !spender->second.IsAbandoned()) return true;
    }
    return false;
}

bool Wallet::IsSpent(const COutPoint& outpoint) const
{
    LOCK(m_mutex);
    return IsSpentLocked(outpoint);
}

bool Wallet::IsTrustedLocked(const WalletTx& wtx) const
{
    const int32_t depth = wtx.Depth(m_last_block.height);
    if (depth >= 1) return true;
    if (depth < 0) return false;
    // Our own unconfirmed transaction in the mempool: its change is ours to spend.
    return m_options.spend_zero_conf_change && wtx.from_me && wtx.IsInMempool();
}

int32_t Wallet::BlocksToMaturityLocked(const WalletTx& wtx) const
{
    if (!wtx.IsCoinBase()) return 0;
    const int32_t depth = wtx.Depth(m_last_block.height);
    return std::max(0, m_chain.Params().coinbase_maturity - depth);
}

bool Wallet::IsOurOutputLocked(const COutPoint& outpoint) const
{
    const auto it = m_txs.find(outpoint.txid);
    return it != m_txs.end() && outpoint.n < it->second.tx->vout.size() && IsMineLocked(it->second.tx->vout[outpoint.n]);
}

void Wallet::RefreshCoinLocked(const COutPoint& outpoint)
{
    // By the spenders' states rather than their depths (IsSpentLocked): while a block is being
    // applied the tip height still lags it, so a transaction it just conflicted has depth 0.
    bool spent = false;
    const auto range = m_spends.equal_range(outpoint);
    for (auto it = range.first; it != range.second && !spent; ++it) {
        const auto spender = m_txs.find(it->second);
        spent = spender != m_txs.end() && !spender->second.IsConflicted() && !spender->second.IsAbandoned();
    }
    if (spent) {
        m_unspent.erase(outpoint);
    } else {
        m_unspent.insert(outpoint);
    }
}

void Wallet::IndexTxOutputsLocked(const CTransaction& tx)
{
    for (uint32_t n = 0; n < tx.vout.size(); ++n) {
        const COutPoint outpoint{tx.GetTxid(), n};
        if (IsMineLocked(tx.vout[n])) {
            RefreshCoinLocked(outpoint);
        } else {
            m_foreign_outputs.emplace(LockBytes(tx.vout[n].lock), outpoint);
        }
    }
}

void Wallet::RefreshSpentCoinsLocked(const CTransaction& tx)
{
    for (const CTxIn& in : tx.vin) {
        if (IsOurOutputLocked(in.prevout)) RefreshCoinLocked(in.prevout);
    }
}

void Wallet::UnindexTxLocked(const CTransaction& tx)
{
    for (uint32_t n = 0; n < tx.vout.size(); ++n) {
        const COutPoint outpoint{tx.GetTxid(), n};
        m_unspent.erase(outpoint);
        const auto range = m_foreign_outputs.equal_range(LockBytes(tx.vout[n].lock));
        for (auto it = range.first; it != range.second;) it = it->second == outpoint ? m_foreign_outputs.erase(it) : std::next(it);
    }
    RefreshSpentCoinsLocked(tx);
}

void Wallet::IndexOutputsPayingLocked(const OutputLock& lock)
{
    const auto range = m_foreign_outputs.equal_range(LockBytes(lock));
    if (range.first == range.second) return;
    std::vector<COutPoint> outputs;
    for (auto it = range.first; it != range.second; ++it) outputs.push_back(it->second);
    m_foreign_outputs.erase(range.first, range.second);
    for (const COutPoint& outpoint : outputs) RefreshCoinLocked(outpoint);
}

std::vector<WalletCoin> Wallet::AvailableCoinsLocked(int min_depth, int max_depth, bool include_unsafe) const
{
    // The coin index in (txid, n) order: the transaction is looked up once per run of its outputs.
    std::vector<WalletCoin> out;
    const WalletTx* wtx = nullptr;
    bool eligible = false;
    int32_t depth = 0;
    bool trusted = false;
    for (const COutPoint& outpoint : m_unspent) {
        if (wtx == nullptr || wtx->GetTxid() != outpoint.txid) {
            const auto it = m_txs.find(outpoint.txid);
            if (it == m_txs.end()) { // not reachable: UnindexTxLocked removes a forgotten transaction's outputs
                wtx = nullptr;
                continue;
            }
            wtx = &it->second;
            depth = wtx->Depth(m_last_block.height);
            trusted = IsTrustedLocked(*wtx);
            eligible = !(depth < 0 || wtx->IsAbandoned() || depth < min_depth || depth > max_depth) &&
                       !(wtx->IsCoinBase() && (depth == 0 || BlocksToMaturityLocked(*wtx) > 0)) && !wtx->held &&
                       (trusted || include_unsafe);
        }
        if (!eligible) continue;
        const CTxOut& txout = wtx->tx->vout[outpoint.n];
        const auto key = m_lock_keys.find(LockBytes(txout.lock));
        if (key == m_lock_keys.end()) continue;
        if (m_locked_coins.count(outpoint) || IsSpentLocked(outpoint)) continue;
        out.push_back(WalletCoin{outpoint, txout, depth, wtx->from_me, trusted, wtx->IsCoinBase(), m_key_origins.at(key->second),
                                 key->second});
    }
    return out;
}

std::vector<WalletCoin> Wallet::AvailableCoins(int min_depth, int max_depth, bool include_unsafe) const
{
    LOCK(m_mutex);
    return AvailableCoinsLocked(min_depth, max_depth, include_unsafe);
}

Balances Wallet::GetBalances(int min_depth) const
{
    LOCK(m_mutex);
    Balances out;
    // The coin index in (txid, n) order: one credit per transaction, as its state decides.
    auto add = [&](const WalletTx& wtx, CAmount credit) {
        AssertLockHeld(m_mutex); // called back under it; the analysis does not look into lambdas
        const int32_t depth = wtx.Depth(m_last_block.height);
        if (depth < 0 || wtx.IsAbandoned() || credit == 0) return;
        if (wtx.IsCoinBase()) {
            if (depth == 0) return; // orphaned by a reorg: never spendable
            if (BlocksToMaturityLocked(wtx) > 0) {
                out.immature += credit;
                return;
            }
        }
        if (IsTrustedLocked(wtx) && depth >= min_depth) {
            out.trusted += credit;
        } else if (depth == 0 && wtx.IsInMempool()) {
            out.untrusted_pending += credit;
        }
    };
    const WalletTx* wtx = nullptr;
    CAmount credit = 0;
    for (const COutPoint& outpoint : m_unspent) {
        if (wtx == nullptr || wtx->GetTxid() != outpoint.txid) {
            if (wtx != nullptr) add(*wtx, credit);
            const auto it = m_txs.find(outpoint.txid);
            wtx = it == m_txs.end() ? nullptr : &it->second;
            credit = 0;
            if (wtx == nullptr) continue;
        }
        if (!IsSpentLocked(outpoint)) credit += wtx->tx->vout[outpoint.n].value;
    }
    if (wtx != nullptr) add(*wtx, credit);
    return out;
}

Wallet::TxAmounts Wallet::GetTxAmountsLocked(const WalletTx& wtx) const
{
    TxAmounts out;
    for (const CTxOut& txout : wtx.tx->vout) {
        if (IsMineLocked(txout)) out.credit += txout.value;
    }
    bool all_known = !wtx.tx->IsCoinBase();
    CAmount inputs = 0;
    out.all_inputs_mine = !wtx.tx->vin.empty();
    for (size_t i = 0; i < wtx.tx->vin.size(); ++i) {
        const COutPoint& prevout = wtx.tx->vin[i].prevout;
        std::optional<CTxOut> spent;
        if (i < wtx.spent_outputs.size()) spent = wtx.spent_outputs[i];
        auto it = m_txs.find(prevout.txid);
        if (!spent && it != m_txs.end() && prevout.n < it->second.tx->vout.size()) spent = it->second.tx->vout[prevout.n];
        if (!spent) {
            all_known = false;
            out.all_inputs_mine = false;
            continue;
        }
        inputs += spent->value;
        if (IsMineLocked(*spent)) {
            out.debit += spent->value;
        } else {
            out.all_inputs_mine = false;
        }
    }
    if (all_known) {
        const RegistryValue value = GetRegistryValue(*wtx.tx, m_chain.Params().registry);
        const auto total_out = wtx.tx->GetValueOut();
        if (total_out) {
            out.fee = inputs + value.released - *total_out - value.locked;
            out.fee_known = true;
        }
    }
    return out;
}

Wallet::TxAmounts Wallet::GetTxAmounts(const WalletTx& wtx) const
{
    LOCK(m_mutex);
    return GetTxAmountsLocked(wtx);
}

bool Wallet::LockCoin(const COutPoint& outpoint, bool lock)
{
    LOCK(m_mutex);
    if (lock) return m_locked_coins.insert(outpoint).second;
    return m_locked_coins.erase(outpoint) > 0;
}

std::vector<COutPoint> Wallet::ListLockedCoins() const
{
    LOCK(m_mutex);
    return {m_locked_coins.begin(), m_locked_coins.end()};
}

} // namespace wallet
