// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Wallet: key chains, addresses, descriptors and encryption (wallet/wallet.h).

#include <wallet/wallet.h>

#include <consensus/params.h>
#include <util/format.h>
#include <util/logging.h>
#include <util/strencodings.h>
#include <util/time.h>
#include <wallet/mnemonic.h>

namespace wallet {

namespace {
std::array<uint8_t, 33> LockBytes(const OutputLock& lock)
{
    std::array<uint8_t, 33> out;
    out[0] = static_cast<uint8_t>(lock.type);
    std::copy(lock.program.begin(), lock.program.end(), out.begin() + 1);
    return out;
}

std::vector<uint8_t> ChainAad(const uint256& id)
{
    static constexpr std::string_view TAG = "chain";
    std::vector<uint8_t> aad(TAG.size() + uint256::SIZE);
    std::copy(TAG.begin(), TAG.end(), aad.begin());
    std::copy(id.begin(), id.end(), aad.begin() + TAG.size());
    return aad;
}

const std::vector<uint8_t> MKEY_AAD{'m', 'k', 'e', 'y'};

WalletFailure Locked() { return WalletFailure{WalletError::UNLOCK_NEEDED, UNLOCK_NEEDED_MESSAGE}; }
} // namespace

void Wallet::IndexKeyLocked(const KeyOrigin& origin, const XOnlyPubKey& key)
{
    if (key == XOnlyPubKey{}) return; // an invalid BIP32 child: never handed out
    m_key_origins.emplace(key, origin);
    m_lock_keys.emplace(LockBytes(OutputLock::ForKeyHash(key)), key);
    m_lock_keys.emplace(LockBytes(OutputLock::ForKey(key)), key);
    IndexOutputsPayingLocked(OutputLock::ForKeyHash(key));
    IndexOutputsPayingLocked(OutputLock::ForKey(key));
}

uint32_t Wallet::LookaheadLocked(KeyBranch branch) const
{
    return branch == KeyBranch::RECEIVE || branch == KeyBranch::CHANGE ? m_options.keypool_size : m_options.registry_lookahead;
}

util::Result<bool> Wallet::TopUpChainLocked(KeyChain& chain)
{
    if (!chain.HasSecret()) return false;
    WalletBatch batch{*m_db};
    for (size_t b = 0; b < NUM_BRANCHES; ++b) {
        const auto branch = static_cast<KeyBranch>(b);
        const uint32_t target = chain.Record().next[b] + LookaheadLocked(branch);
        const auto derived = chain.TopUp(branch, target);
        if (!derived) return false;
        for (const uint32_t index : *derived) {
            const XOnlyPubKey& key = chain.PubKey(branch, index);
            if (auto res = batch.WriteKey(chain.Id(), branch, index, key); !res) return util::Error{res.error()};
            IndexKeyLocked(KeyOrigin{chain.Id(), branch, index}, key);
        }
    }
    return true;
}

void Wallet::MarkKeyUsedLocked(const KeyOrigin& origin)
{
    auto it = m_chains.find(origin.chain_id);
    if (it == m_chains.end()) return;
    KeyChain& chain = it->second;
    uint32_t& next = chain.MutableRecord().next[size_t(origin.branch)];
    if (origin.index < next) return;
    next = origin.index + 1;
    if (auto res = WalletBatch{*m_db}.WriteChain(chain.Record()); !res) {
        LogError("Wallet \"%s\": cannot write a key chain: %s", m_name.c_str(), res.error().c_str());
    }
    if (auto res = TopUpChainLocked(chain); !res) {
        LogError("Wallet \"%s\": cannot extend the key look-ahead: %s", m_name.c_str(), res.error().c_str());
    }
}

util::Result<void> Wallet::AddChainLocked(ChainSecret secret, bool make_active, int64_t create_time)
{
    KeyChainRecord record;
    record.id = KeyChain::ChainId(secret.root);
    if (m_chains.count(record.id)) return util::Error{"This key chain is already in the wallet"};
    record.coin_type = m_chain.Params().chain_name == "main" ? 0 : 1;
    record.create_time = create_time;
    record.active = make_active;
    if (m_flags & WALLET_FLAG_ENCRYPTED) {
        if (m_master_key.empty()) return util::Error{UNLOCK_NEEDED_MESSAGE};
        record.encrypted = true;
        const SecureBytes plain = secret.Serialize();
        record.secret = Encrypt(m_master_key, plain, ChainAad(record.id));
    } else {
        const SecureBytes plain = secret.Serialize();
        record.secret.assign(plain.begin(), plain.end());
    }
    if (make_active && m_active_chain) {
        KeyChain& old = m_chains.at(*m_active_chain);
        old.MutableRecord().active = false;
        if (auto res = WalletBatch{*m_db}.WriteChain(old.Record()); !res) return res;
    }
    if (auto res = WalletBatch{*m_db}.WriteChain(record); !res) return res;
    const uint256 id = record.id;
    auto [it, inserted] = m_chains.emplace(id, KeyChain{std::move(record), std::move(secret)});
    if (make_active) m_active_chain = id;
    m_flags &= ~uint64_t{WALLET_FLAG_BLANK};
    if (auto res = WalletBatch{*m_db}.WriteFlags(m_flags); !res) return res;
    if (auto res = TopUpChainLocked(it->second); !res) return util::Error{res.error()};
    return {};
}

WalletResult<std::pair<XOnlyPubKey, KeyOrigin>> Wallet::GetNewKey(KeyBranch branch)
{
    LOCK(m_mutex);
    if (!m_active_chain) {
        return WalletFailure{WalletError::GENERIC, "Error: This wallet has no key chain (it is blank): import one with importdescriptors"};
    }
    KeyChain& chain = m_chains.at(*m_active_chain);
    const uint32_t index = chain.Record().next[size_t(branch)];
    if (index >= chain.Known(branch)) {
        return WalletFailure{WalletError::KEYPOOL_RAN_OUT, "Error: Keypool ran out, please call keypoolrefill first, or unlock the wallet."};
    }
    const XOnlyPubKey key = chain.PubKey(branch, index);
    const KeyOrigin origin{chain.Id(), branch, index};
    DbTransaction txn{*m_db};
    MarkKeyUsedLocked(origin);
    if (auto res = txn.Commit(); !res) {
        chain.MutableRecord().next[size_t(branch)] = index;
        return WalletFailure{WalletError::DATABASE, res.error()};
    }
    return std::pair{key, origin};
}

WalletResult<std::string> Wallet::GetNewAddress(const std::string& label)
{
    auto key = GetNewKey(KeyBranch::RECEIVE);
    if (auto* failure = std::get_if<WalletFailure>(&key)) return *failure;
    const std::string address = EncodeAddress(OutputLock::ForKeyHash(std::get<0>(key).first), Hrp());
    if (auto res = SetLabel(address, label); !res) return WalletFailure{WalletError::DATABASE, res.error()};
    return address;
}

WalletResult<std::string> Wallet::GetChangeAddress()
{
    auto key = GetNewKey(KeyBranch::CHANGE);
    if (auto* failure = std::get_if<WalletFailure>(&key)) return *failure;
    return EncodeAddress(OutputLock::ForKeyHash(std::get<0>(key).first), Hrp());
}

std::optional<std::pair<XOnlyPubKey, KeyOrigin>> Wallet::GetKeyForLock(const OutputLock& lock) const
{
    LOCK(m_mutex);
    auto it = m_lock_keys.find(LockBytes(lock));
    if (it == m_lock_keys.end()) return std::nullopt;
    return std::pair{it->second, m_key_origins.at(it->second)};
}

std::optional<KeyOrigin> Wallet::GetKeyOrigin(const XOnlyPubKey& key) const
{
    LOCK(m_mutex);
    auto it = m_key_origins.find(key);
    if (it == m_key_origins.end()) return std::nullopt;
    return it->second;
}

WalletResult<CKey> Wallet::GetSecret(const XOnlyPubKey& key)
{
    LOCK(m_mutex);
    return GetSecretLocked(key);
}

WalletResult<CKey> Wallet::GetSecretLocked(const XOnlyPubKey& key)
{
    auto it = m_key_origins.find(key);
    if (it == m_key_origins.end()) return WalletFailure{WalletError::INVALID_ADDRESS, "Private key for " + HexStr(key.bytes()) + " is not known"};
    KeyChain& chain = m_chains.at(it->second.chain_id);
    if (!chain.HasSecret()) return Locked();
    auto secret = chain.GetKey(it->second.branch, it->second.index);
    if (!secret || secret->GetXOnlyPubKey() != key) return WalletFailure{WalletError::GENERIC, "Error: the key chain does not derive this key (corrupt wallet?)"};
    return std::move(*secret);
}

WalletResult<bool> Wallet::TopUpKeyPool(uint32_t new_size)
{
    LOCK(m_mutex);
    if (IsLockedLocked()) return Locked();
    // keypoolrefill asks for a larger look-ahead only for this call's derivation.
    const uint32_t old = m_options.keypool_size;
    DbTransaction txn{*m_db};
    for (auto& [id, chain] : m_chains) {
        for (auto branch : {KeyBranch::RECEIVE, KeyBranch::CHANGE}) {
            const uint32_t target = chain.Record().next[size_t(branch)] + std::max(new_size, old);
            const auto derived = chain.TopUp(branch, target);
            if (!derived) return Locked();
            for (const uint32_t index : *derived) {
                const XOnlyPubKey& key = chain.PubKey(branch, index);
                if (auto res = WalletBatch{*m_db}.WriteKey(id, branch, index, key); !res) return WalletFailure{WalletError::DATABASE, res.error()};
                IndexKeyLocked(KeyOrigin{id, branch, index}, key);
            }
        }
    }
    if (auto res = txn.Commit(); !res) return WalletFailure{WalletError::DATABASE, res.error()};
    return true;
}

std::map<KeyBranch, uint32_t> Wallet::KeyPoolSizes() const
{
    LOCK(m_mutex);
    std::map<KeyBranch, uint32_t> out;
    if (!m_active_chain) return out;
    const KeyChain& chain = m_chains.at(*m_active_chain);
    for (size_t b = 0; b < NUM_BRANCHES; ++b) {
        const auto branch = static_cast<KeyBranch>(b);
        const uint32_t next = chain.Record().next[b];
        out[branch] = chain.Known(branch) > next ? chain.Known(branch) - next : 0;
    }
    return out;
}

std::optional<std::pair<uint256, int64_t>> Wallet::ActiveChainInfo() const
{
    LOCK(m_mutex);
    if (!m_active_chain) return std::nullopt;
    return std::pair{*m_active_chain, m_chains.at(*m_active_chain).Record().create_time};
}

WalletResult<SecureString> Wallet::GetMnemonic()
{
    LOCK(m_mutex);
    if (!m_active_chain) return WalletFailure{WalletError::GENERIC, "Error: This wallet has no key chain (it is blank)"};
    const KeyChain& chain = m_chains.at(*m_active_chain);
    if (!chain.HasSecret()) return Locked();
    if (chain.Secret()->mnemonic_entropy.empty()) {
        return WalletFailure{WalletError::GENERIC, "Error: This key chain was imported as an extended key and has no mnemonic words; back it up with listdescriptors true"};
    }
    return EntropyToMnemonic(chain.Secret()->mnemonic_entropy);
}

WalletResult<std::vector<Wallet::DescriptorInfo>> Wallet::ListDescriptors(bool with_private)
{
    LOCK(m_mutex);
    if (with_private && IsLockedLocked()) return Locked();
    const ExtKeyNet net = m_chain.Params().chain_name == "main" ? ExtKeyNet::MAIN : ExtKeyNet::TEST;
    std::vector<DescriptorInfo> out;
    for (const auto& [id, chain] : m_chains) {
        for (size_t b = 0; b < NUM_BRANCHES; ++b) {
            const auto branch = static_cast<KeyBranch>(b);
            std::optional<std::string> desc;
            if (with_private) {
                desc = chain.Descriptor(branch, net);
                if (!desc) return Locked();
            } else {
                const std::string body = "dots([" + HexStr(std::span{id.data(), 4}) + "]/" + std::to_string(BIP_PURPOSE) + "h/" +
                                         std::to_string(chain.Record().coin_type) + "h/0h/" + std::to_string(b) + "h/*h)";
                desc = body + "#" + DescriptorChecksum(body);
            }
            out.push_back(DescriptorInfo{std::move(*desc), branch, chain.Record().active, chain.Record().next[b],
                                         chain.Known(branch), chain.Record().create_time});
        }
    }
    return out;
}

WalletResult<uint256> Wallet::ImportDescriptor(const std::string& descriptor, bool active, uint32_t next)
{
    std::string error;
    auto parsed = ParseDescriptor(descriptor, error);
    if (!parsed) return WalletFailure{WalletError::INVALID_PARAMETER, "Invalid descriptor: " + error};
    const bool main = m_chain.Params().chain_name == "main";
    if ((parsed->net == ExtKeyNet::MAIN) != main || parsed->coin_type != (main ? 0u : 1u)) {
        return WalletFailure{WalletError::INVALID_PARAMETER, main ? "Invalid descriptor: a main-network wallet needs an xprv key and coin type 0h"
                                                                  : "Invalid descriptor: a test or regtest wallet needs a tprv key and coin type 1h"};
    }
    const uint256 id = KeyChain::ChainId(parsed->root);
    LOCK(m_mutex);
    if (IsLockedLocked()) return Locked();
    DbTransaction txn{*m_db};
    if (!m_chains.count(id)) {
        if (auto res = AddChainLocked(ChainSecret{std::move(parsed->root), {}}, active || !m_active_chain, 0); !res) {
            return WalletFailure{WalletError::GENERIC, res.error()};
        }
    } else if (active && m_active_chain != id) {
        if (m_active_chain) {
            KeyChain& old = m_chains.at(*m_active_chain);
            old.MutableRecord().active = false;
            (void)WalletBatch{*m_db}.WriteChain(old.Record());
        }
        m_chains.at(id).MutableRecord().active = true;
        m_active_chain = id;
    }
    KeyChain& chain = m_chains.at(id);
    uint32_t& branch_next = chain.MutableRecord().next[size_t(parsed->branch)];
    branch_next = std::max(branch_next, next);
    if (auto res = WalletBatch{*m_db}.WriteChain(chain.Record()); !res) return WalletFailure{WalletError::DATABASE, res.error()};
    if (auto res = TopUpChainLocked(chain); !res) return WalletFailure{WalletError::DATABASE, res.error()};
    if (auto res = txn.Commit(); !res) return WalletFailure{WalletError::DATABASE, res.error()};
    return id;
}

// ---- Encryption ----

bool Wallet::IsCrypted() const
{
    LOCK(m_mutex);
    return (m_flags & WALLET_FLAG_ENCRYPTED) != 0;
}

bool Wallet::IsLockedLocked() const { return (m_flags & WALLET_FLAG_ENCRYPTED) && m_master_key.empty(); }

bool Wallet::IsLocked() const
{
    LOCK(m_mutex);
    return IsLockedLocked();
}

int64_t Wallet::UnlockedUntil() const
{
    LOCK(m_mutex);
    return IsLockedLocked() || !(m_flags & WALLET_FLAG_ENCRYPTED) ? 0 : m_relock_time;
}

void Wallet::LockLocked()
{
    if (!(m_flags & WALLET_FLAG_ENCRYPTED)) return;
    for (auto& [id, chain] : m_chains) chain.WipeSecret();
    m_master_key.clear();
    m_master_key.shrink_to_fit(); // the allocator wipes the bytes
    m_relock_time = 0;
}

void Wallet::Lock()
{
    LOCK(m_mutex);
    LockLocked();
}

void Wallet::RelockIfExpired(int64_t now)
{
    LOCK(m_mutex);
    if (m_relock_time != 0 && now >= m_relock_time && !m_master_key.empty()) {
        LockLocked();
        LogInfo("Wallet \"%s\": locked (walletpassphrase timeout)", m_name.c_str());
    }
}

std::optional<SecureBytes> Wallet::DecryptMasterKey(const SecureString& passphrase) const
{
    std::optional<MasterKeyRecord> record;
    {
        LOCK(m_mutex);
        record = m_master_key_record;
    }
    if (!record) return std::nullopt;
    // scrypt runs without the wallet lock: it takes a tenth of a second and 32 MiB.
    const auto key = DeriveKeyFromPassphrase(std::string_view{passphrase.data(), passphrase.size()}, record->kdf);
    if (!key) return std::nullopt;
    return Decrypt(*key, record->ciphertext, MKEY_AAD);
}

WalletResult<bool> Wallet::EncryptWallet(const SecureString& passphrase)
{
    if (passphrase.empty()) return WalletFailure{WalletError::INVALID_PARAMETER, "passphrase cannot be empty"};
    if (IsCrypted()) {
        return WalletFailure{WalletError::WRONG_ENC_STATE, "Error: running with an encrypted wallet, but encryptwallet was called."};
    }
    MasterKeyRecord record;
    record.kdf = NewKdfParams();
    const auto passphrase_key = DeriveKeyFromPassphrase(std::string_view{passphrase.data(), passphrase.size()}, record.kdf);
    if (!passphrase_key) return WalletFailure{WalletError::GENERIC, "Error: the key derivation (scrypt) failed"};
    SecureBytes master = NewMasterKey();
    record.ciphertext = Encrypt(*passphrase_key, master, MKEY_AAD);
    {
        LOCK(m_mutex);
        if (m_flags & WALLET_FLAG_ENCRYPTED) {
            return WalletFailure{WalletError::WRONG_ENC_STATE, "Error: running with an encrypted wallet, but encryptwallet was called."};
        }
        DbTransaction txn{*m_db};
        WalletBatch batch{*m_db};
        std::map<uint256, KeyChainRecord> updated;
        for (auto& [id, chain] : m_chains) {
            if (!chain.HasSecret()) return WalletFailure{WalletError::GENERIC, "Error: a key chain has no secret"};
            KeyChainRecord rec = chain.Record();
            const SecureBytes plain = chain.Secret()->Serialize();
            rec.secret = Encrypt(master, plain, ChainAad(id));
            rec.encrypted = true;
            if (auto res = batch.WriteChain(rec); !res) return WalletFailure{WalletError::DATABASE, res.error()};
            updated.emplace(id, std::move(rec));
        }
        // The SIP credentials' HA1 values are password equivalents: encrypted like the seed. The
        // registrar keeps the values it was given (registered phones keep working).
        std::vector<SipCredential> credentials;
        for (const auto& [handle, credential] : m_sip_credentials) {
            SipCredential encrypted = credential;
            EncryptSipCredential(encrypted, master);
            if (auto res = batch.WriteSipCredential(encrypted); !res) return WalletFailure{WalletError::DATABASE, res.error()};
            credentials.push_back(std::move(encrypted));
        }
        if (auto res = batch.WriteMasterKey(record); !res) return WalletFailure{WalletError::DATABASE, res.error()};
        if (auto res = batch.WriteFlags(m_flags | WALLET_FLAG_ENCRYPTED); !res) return WalletFailure{WalletError::DATABASE, res.error()};
        if (auto res = txn.Commit(); !res) return WalletFailure{WalletError::DATABASE, res.error()};
        for (auto& [id, rec] : updated) m_chains.at(id).MutableRecord() = std::move(rec);
        for (SipCredential& credential : credentials) m_sip_credentials[credential.handle] = std::move(credential);
        m_flags |= WALLET_FLAG_ENCRYPTED;
        m_master_key_record = std::move(record);
        LockLocked();
        // secure_delete zeroed the replaced pages; VACUUM also drops the free-list.
        if (auto res = m_db->Vacuum(); !res) LogWarning("Wallet \"%s\": %s", m_name.c_str(), res.error().c_str());
    }
    LogInfo("Wallet \"%s\": encrypted", m_name.c_str());
    return true;
}

WalletResult<bool> Wallet::Unlock(const SecureString& passphrase, int64_t relock_time)
{
    if (!IsCrypted()) {
        return WalletFailure{WalletError::WRONG_ENC_STATE, "Error: running with an unencrypted wallet, but walletpassphrase was called."};
    }
    auto master = DecryptMasterKey(passphrase);
    if (!master) return WalletFailure{WalletError::WRONG_PASSPHRASE, "Error: The wallet passphrase entered was incorrect."};
    LOCK(m_mutex);
    for (auto& [id, chain] : m_chains) {
        auto plain = Decrypt(*master, chain.Record().secret, ChainAad(id));
        auto secret = plain ? ChainSecret::Deserialize(*plain) : std::nullopt;
        if (!secret) {
            LockLocked();
            return WalletFailure{WalletError::GENERIC, "Error: a key chain does not decrypt with the master key (corrupt wallet?)"};
        }
        chain.SetSecret(std::move(*secret));
    }
    m_master_key = std::move(*master);
    m_relock_time = relock_time;
    DbTransaction txn{*m_db};
    for (auto& [id, chain] : m_chains) {
        if (auto res = TopUpChainLocked(chain); !res) LogError("Wallet \"%s\": %s", m_name.c_str(), res.error().c_str());
    }
    if (auto res = txn.Commit(); !res) LogError("Wallet \"%s\": %s", m_name.c_str(), res.error().c_str());
    // A file written before SIP credentials were encrypted may hold them in the clear.
    if (auto res = EncryptClearSipCredentialsLocked(); !res) {
        LogError("Wallet \"%s\": cannot encrypt its SIP credentials: %s", m_name.c_str(), res.error().c_str());
    } else if (*res > 0) {
        LogInfo("Wallet \"%s\": encrypted %u SIP credentials an earlier version had stored in the clear", m_name.c_str(), unsigned(*res));
    }
    return true;
}

WalletResult<bool> Wallet::ChangePassphrase(const SecureString& old_passphrase, const SecureString& new_passphrase)
{
    if (!IsCrypted()) {
        return WalletFailure{WalletError::WRONG_ENC_STATE,
                             "Error: running with an unencrypted wallet, but walletpassphrasechange was called."};
    }
    if (new_passphrase.empty()) return WalletFailure{WalletError::INVALID_PARAMETER, "passphrase cannot be empty"};
    auto master = DecryptMasterKey(old_passphrase);
    if (!master) return WalletFailure{WalletError::WRONG_PASSPHRASE, "Error: The wallet passphrase entered was incorrect."};
    MasterKeyRecord record;
    record.kdf = NewKdfParams();
    const auto key = DeriveKeyFromPassphrase(std::string_view{new_passphrase.data(), new_passphrase.size()}, record.kdf);
    if (!key) return WalletFailure{WalletError::GENERIC, "Error: the key derivation (scrypt) failed"};
    record.ciphertext = Encrypt(*key, *master, MKEY_AAD);
    LOCK(m_mutex);
    if (auto res = WalletBatch{*m_db}.WriteMasterKey(record); !res) return WalletFailure{WalletError::DATABASE, res.error()};
    m_master_key_record = std::move(record);
    return true;
}

} // namespace wallet
