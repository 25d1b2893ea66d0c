// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Wallet: the registry side of the transactions it sees (wallet/wallet.h).

#include <wallet/wallet.h>

#include <consensus/registry_payload.h>
#include <util/format.h>
#include <util/logging.h>
#include <util/strencodings.h>
#include <util/time.h>
#include <wallet/registry_value.h>

namespace wallet {

bool Wallet::RegistryNamesOurKeysLocked(const CTransaction& tx) const
{
    if (!consensus::IsRegistryKind(tx.kind)) return false;
    const RegistryNames names = GetRegistryNames(tx);
    if (names.handle && m_handles.count(*names.handle)) return true;
    for (const XOnlyPubKey& key : names.keys) {
        if (m_key_origins.count(key)) return true;
    }
    return false;
}

void Wallet::SyncRegistryLocked(const CTransaction& tx)
{
    if (!consensus::IsRegistryKind(tx.kind)) return;
    const RegistryNames names = GetRegistryNames(tx);
    for (const XOnlyPubKey& key : names.keys) {
        const auto it = m_key_origins.find(key);
        if (it == m_key_origins.end()) continue;
        const KeyOrigin origin = it->second;
        MarkKeyUsedLocked(origin);
        WalletBatch batch{*m_db};
        if (origin.branch == KeyBranch::HANDLE && names.handle && !m_handles.count(*names.handle)) {
            WalletHandle handle;
            handle.name = *names.handle;
            handle.owner = key;
            handle.owner_origin = origin;
            handle.created_time = GetTime();
            if (auto res = batch.WriteHandle(handle); !res) LogError("Wallet \"%s\": %s", m_name.c_str(), res.error().c_str());
            LogInfo("Wallet \"%s\": handle %s is owned by this wallet", m_name.c_str(), handle.name.c_str());
            m_handles.emplace(handle.name, std::move(handle));
        } else if (origin.branch == KeyBranch::NODE && !m_nodes.count(key)) {
            WalletNode node{key, origin, GetTime()};
            if (auto res = batch.WriteNode(node); !res) LogError("Wallet \"%s\": %s", m_name.c_str(), res.error().c_str());
            LogInfo("Wallet \"%s\": node %s is a node of this wallet", m_name.c_str(), HexStr(key.bytes()).c_str());
            m_nodes.emplace(key, std::move(node));
        }
    }
}

uint32_t Wallet::NextSeqLocked(const StatementSeq& counter, uint32_t chain_seq, bool& queued) const
{
    uint32_t last = chain_seq;
    queued = false;
    for (const auto& [txid, wtx] : m_txs) {
        if (wtx.Depth(m_last_block.height) != 0 || wtx.IsAbandoned() || !consensus::IsRegistryKind(wtx.tx->kind)) continue;
        const auto seq = GetStatementSeq(*wtx.tx);
        if (!seq || !seq->SameCounter(counter) || seq->seq <= chain_seq) continue;
        last = std::max(last, seq->seq);
        queued = true;
    }
    return last + 1;
}

void Wallet::ReleaseQueuedStatements()
{
    std::vector<CTransactionRef> due;
    std::vector<uint256> dead;
    {
        LOCK(m_mutex);
        std::set<uint256> registrations; // held by a registration: ProcessRegistrations releases them
        for (const auto& [name, handle] : m_handles) {
            for (const auto& txid : {handle.reveal_txid, handle.home_txid}) {
                if (txid) registrations.insert(*txid);
            }
        }
        DbTransaction txn{*m_db};
        for (auto& [txid, wtx] : m_txs) {
            // Depth != 0: confirmed, or conflicted by a block (dead, like abandoned).
            if (!wtx.held || wtx.Depth(m_last_block.height) != 0 || wtx.IsAbandoned() || registrations.count(txid)) continue;
            const auto seq = GetStatementSeq(*wtx.tx);
            if (!seq) continue;
            std::optional<uint32_t> chain_seq;
            m_chain.ReadRegistry([&](const consensus::RecordStore& store, int32_t) {
                if (seq->counter == SeqCounter::NODE) {
                    if (const auto node = consensus::ReadNode(store, ToRegistryKey(seq->node))) chain_seq = node->seq;
                } else if (const auto handle = consensus::ReadHandle(store, seq->handle)) {
                    chain_seq = seq->counter == SeqCounter::BINDING ? handle->binding_seq : handle->update_seq;
                }
            });
            const uint32_t at = chain_seq.value_or(0);
            // Waiting is worth it only while the statement right after the chain's is alive.
            bool waiting = false;
            for (const auto& other : m_txs) {
                if (other.second.Depth(m_last_block.height) != 0 || other.second.IsAbandoned()) continue;
                const auto before = GetStatementSeq(*other.second.tx);
                waiting = waiting || (before && before->SameCounter(*seq) && before->seq == at + 1);
            }
            if (at + 1 == seq->seq) {
                wtx.held = false;
                WriteTxLocked(wtx);
                due.push_back(wtx.tx);
            } else if (at >= seq->seq || !waiting) {
                LogInfo("Wallet \"%s\": queued statement %s (seq %u) can no longer be mined (the chain's seq is %u): abandoned",
                        m_name.c_str(), txid.GetHex().c_str(), seq->seq, at);
                dead.push_back(txid);
            }
        }
        if (auto res = txn.Commit(); !res) {
            LogError("Wallet \"%s\": %s", m_name.c_str(), res.error().c_str());
            return;
        }
    }
    for (const uint256& txid : dead) AbandonTransaction(txid);
    for (const CTransactionRef& tx : due) Broadcast(tx);
}

std::optional<std::string> Wallet::WhyNotServed(const std::string& handle) const
{
    std::optional<consensus::HandleRecord> record;
    int32_t tip = -1;
    m_chain.ReadRegistry([&](const consensus::RecordStore& store, int32_t tip_height) {
        record = consensus::ReadHandle(store, handle);
        tip = tip_height;
    });
    if (!record) return "Handle " + handle + " is not registered";
    if (record->IsExpired(tip + 1)) return StrFormat("Handle %s expired at height %d", handle.c_str(), record->expiry_height);
    LOCK(m_mutex);
    auto ours = [&](const consensus::Key& key, KeyBranch branch) EXCLUSIVE_LOCKS_REQUIRED(m_mutex) {
        const auto it = m_key_origins.find(XOnlyPubKey{key});
        return it != m_key_origins.end() && it->second.branch == branch;
    };
    if (ours(record->home, KeyBranch::NODE) || ours(record->bound_node, KeyBranch::NODE)) return std::nullopt;
    if (ours(record->owner, KeyBranch::HANDLE)) {
        return "Handle " + handle + " is owned by wallet \"" + m_name + "\" but neither homed at nor bound to one of its nodes, so calls "
               "do not reach it here: set its home node (updatehandle) or bind it (bindhandle) to one of this wallet's nodes first";
    }
    return "Handle " + handle + " is neither owned by wallet \"" + m_name + "\" nor homed at or bound to one of its nodes";
}

void Wallet::EncryptSipCredential(SipCredential& credential, std::span<const uint8_t> master)
{
    SecureBytes plain(credential.ha1_md5.size() + credential.ha1_sha256.size());
    std::copy(credential.ha1_md5.begin(), credential.ha1_md5.end(), plain.begin());
    std::copy(credential.ha1_sha256.begin(), credential.ha1_sha256.end(), plain.begin() + credential.ha1_md5.size());
    credential.ciphertext = Encrypt(master, plain, SipCredentialAad(credential.handle, credential.realm));
    memory_cleanse(credential.ha1_md5.data(), credential.ha1_md5.size());
    memory_cleanse(credential.ha1_sha256.data(), credential.ha1_sha256.size());
}

util::Result<size_t> Wallet::EncryptClearSipCredentialsLocked()
{
    if (!(m_flags & WALLET_FLAG_ENCRYPTED) || m_master_key.empty()) return size_t{0};
    std::vector<SipCredential> updated;
    for (const auto& [handle, credential] : m_sip_credentials) {
        if (credential.IsEncrypted()) continue;
        SipCredential copy = credential;
        EncryptSipCredential(copy, m_master_key);
        updated.push_back(std::move(copy));
    }
    if (updated.empty()) return size_t{0};
    DbTransaction txn{*m_db};
    for (const SipCredential& credential : updated) {
        if (auto res = WalletBatch{*m_db}.WriteSipCredential(credential); !res) return util::Error{res.error()};
    }
    if (auto res = txn.Commit(); !res) return util::Error{res.error()};
    for (SipCredential& credential : updated) m_sip_credentials[credential.handle] = std::move(credential);
    // secure_delete zeroed the replaced pages; VACUUM also drops the free-list.
    if (auto res = m_db->Vacuum(); !res) LogWarning("Wallet \"%s\": %s", m_name.c_str(), res.error().c_str());
    return updated.size();
}

WalletResult<bool> Wallet::SetSipCredential(SipCredential credential)
{
    LOCK(m_mutex);
    credential.ciphertext.clear();
    if (m_flags & WALLET_FLAG_ENCRYPTED) {
        if (IsLockedLocked()) return WalletFailure{WalletError::UNLOCK_NEEDED, UNLOCK_NEEDED_MESSAGE};
        EncryptSipCredential(credential, m_master_key);
    }
    if (auto res = WalletBatch{*m_db}.WriteSipCredential(credential); !res) return WalletFailure{WalletError::DATABASE, res.error()};
    m_sip_credentials[credential.handle] = std::move(credential);
    return true;
}

util::Result<bool> Wallet::RemoveSipCredential(const std::string& handle)
{
    LOCK(m_mutex);
    if (!m_sip_credentials.count(handle)) return false;
    if (auto res = WalletBatch{*m_db}.EraseSipCredential(handle); !res) return util::Error{res.error()};
    m_sip_credentials.erase(handle);
    return true;
}

std::vector<SipCredential> Wallet::ListSipCredentials() const
{
    LOCK(m_mutex);
    std::vector<SipCredential> out;
    for (const auto& [handle, credential] : m_sip_credentials) out.push_back(credential);
    return out;
}

Wallet::SipCredentialsForRegistrar Wallet::SipCredentialsInClear() const
{
    LOCK(m_mutex);
    SipCredentialsForRegistrar out;
    for (const auto& [handle, credential] : m_sip_credentials) {
        if (!credential.IsEncrypted()) {
            out.clear.push_back(credential);
            continue;
        }
        if (m_master_key.empty()) {
            out.locked.push_back(handle);
            continue;
        }
        const auto plain = Decrypt(m_master_key, credential.ciphertext, SipCredentialAad(credential.handle, credential.realm));
        SipCredential clear = credential;
        clear.ciphertext.clear();
        if (!plain || plain->size() != clear.ha1_md5.size() + clear.ha1_sha256.size()) {
            LogError("Wallet \"%s\": the SIP credential of %s does not decrypt with the master key (corrupt record): set it again "
                     "with setsipcredential", m_name.c_str(), handle.c_str());
            continue;
        }
        std::copy(plain->begin(), plain->begin() + clear.ha1_md5.size(), clear.ha1_md5.begin());
        std::copy(plain->begin() + clear.ha1_md5.size(), plain->end(), clear.ha1_sha256.begin());
        out.clear.push_back(std::move(clear));
    }
    return out;
}

} // namespace wallet
