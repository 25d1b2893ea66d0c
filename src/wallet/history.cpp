// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Wallet: listtransactions entries of a transaction (wallet/history.h).

#include <wallet/history.h>

#include <consensus/params.h>
#include <consensus/registry_payload.h>
#include <util/strencodings.h>
#include <wallet/registry_value.h>
#include <wallet/wallet.h>

namespace wallet {

std::vector<TxEntry> Wallet::GetTxEntries(const WalletTx& wtx) const
{
    LOCK(m_mutex);
    std::vector<TxEntry> out;
    const CTransaction& tx = *wtx.tx;
    const TxAmounts amounts = GetTxAmountsLocked(wtx);
    const bool from_me = amounts.debit > 0 || wtx.from_me;
    std::optional<CAmount> fee;
    if (from_me && amounts.fee_known) fee = -amounts.fee;
    auto address_of = [&](const OutputLock& lock) { return EncodeAddress(lock, m_chain.AddressHrp()); };
    // The lambdas run in this function, under its lock; the analysis does not look into lambdas.
    auto label_of = [&](const std::string& address) -> std::optional<std::string> {
        AssertLockHeld(m_mutex);
        auto it = m_labels.find(address);
        if (it == m_labels.end()) return std::nullopt;
        return it->second;
    };
    auto is_change = [&](const CTxOut& txout) {
        AssertLockHeld(m_mutex);
        std::array<uint8_t, 33> bytes;
        bytes[0] = static_cast<uint8_t>(txout.lock.type);
        std::copy(txout.lock.program.begin(), txout.lock.program.end(), bytes.begin() + 1);
        auto it = m_lock_keys.find(bytes);
        return it != m_lock_keys.end() && m_key_origins.at(it->second).branch == KeyBranch::CHANGE;
    };

    if (consensus::IsRegistryKind(tx.kind)) {
        TxEntry entry;
        entry.category = RegistryCategory(tx);
        const RegistryValue value = GetRegistryValue(tx, m_chain.Params().registry);
        const RegistryNames names = GetRegistryNames(tx);
        entry.handle = names.handle;
        for (const XOnlyPubKey& key : names.keys) {
            auto it = m_key_origins.find(key);
            if (it != m_key_origins.end() && it->second.branch == KeyBranch::NODE) entry.node = HexStr(key.bytes());
        }
        entry.amount = from_me ? value.released - value.locked : 0;
        entry.fee = fee;
        out.push_back(std::move(entry));
        fee.reset(); // the registry entry carries the fee
    }
    if (from_me) {
        for (uint32_t n = 0; n < tx.vout.size(); ++n) {
            const CTxOut& txout = tx.vout[n];
            if (is_change(txout) || (consensus::IsRegistryKind(tx.kind) && IsMineLocked(txout))) continue;
            if (IsMineLocked(txout) && !wtx.from_me) continue; // a payment to ourselves shows as receive below
            TxEntry entry;
            entry.category = "send";
            entry.address = address_of(txout.lock);
            entry.label = label_of(*entry.address);
            entry.amount = -txout.value;
            entry.vout = n;
            entry.fee = fee;
            out.push_back(std::move(entry));
        }
    }
    for (uint32_t n = 0; n < tx.vout.size(); ++n) {
        const CTxOut& txout = tx.vout[n];
        if (!IsMineLocked(txout) || (from_me && is_change(txout))) continue;
        if (consensus::IsRegistryKind(tx.kind) && from_me) continue;
        TxEntry entry;
        if (tx.IsCoinBase()) {
            const int32_t depth = wtx.Depth(m_last_block.height);
            entry.category = depth < 1 ? "orphan" : BlocksToMaturityLocked(wtx) > 0 ? "immature" : "generate";
        } else {
            entry.category = "receive";
        }
        entry.address = address_of(txout.lock);
        entry.label = label_of(*entry.address);
        entry.amount = txout.value;
        entry.vout = n;
        out.push_back(std::move(entry));
    }
    return out;
}

} // namespace wallet
