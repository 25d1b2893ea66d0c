// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Wallet: creation, loading, and the transaction records (wallet/wallet.h).

#include <wallet/wallet.h>

#include <crypto/random.h>
#include <util/format.h>
#include <util/logging.h>
#include <util/time.h>
#include <wallet/mnemonic.h>

#include <deque>

namespace wallet {

bool IsValidWalletName(const std::string& name)
{
    if (name.size() > 64 || name == "." || name == "..") return false;
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' ||
                        c == '_' || c == '.' || c == '-';
        if (!ok) return false;
    }
    return name.empty() || (name.front() != ' ' && name.back() != ' ');
}

Wallet::Wallet(std::string name, std::unique_ptr<WalletDatabase> db, interfaces::Chain& chain, const WalletOptions& options)
    : m_name{std::move(name)}, m_db{std::move(db)}, m_chain{chain}, m_options{options}
{
}

Wallet::~Wallet()
{
    // DetachChain normally ran; make sure no callback can reach a dead object.
    if (m_attached) m_chain.UnregisterListener(*this);
    LOCK(m_mutex);
    LockLocked();
}

util::Result<std::shared_ptr<Wallet>> Wallet::Create(const std::string& name, const std::filesystem::path& path,
                                                     interfaces::Chain& chain, const WalletOptions& options,
                                                     const CreateOptions& create)
{
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
        return util::Error{StrFormat("Failed to create database path '%s'. Database already exists.", path.c_str())};
    }
    std::optional<SecureBytes> entropy;
    if (!create.mnemonic.empty()) {
        std::string error;
        entropy = MnemonicToEntropy(std::string_view{create.mnemonic.data(), create.mnemonic.size()}, error);
        if (!entropy) return util::Error{"Invalid mnemonic: " + error};
    } else if (!create.blank) {
        entropy.emplace(MNEMONIC_ENTROPY_SIZE);
        GetStrongRandBytes(*entropy);
    }
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) return util::Error{StrFormat("Cannot create wallet directory %s: %s", path.parent_path().c_str(), ec.message().c_str())};
    auto db = WalletDatabase::Open(path, /*create=*/true);
    if (!db) return util::Error{db.error()};
    std::shared_ptr<Wallet> wallet{new Wallet(name, std::move(*db), chain, options)};
    {
        LOCK(wallet->m_mutex);
        DbTransaction txn{*wallet->m_db};
        if (!txn.ok()) return util::Error{txn.error()};
        wallet->m_flags = create.blank ? uint64_t{WALLET_FLAG_BLANK} : uint64_t{0};
        if (auto res = WalletBatch{*wallet->m_db}.WriteFlags(wallet->m_flags); !res) return util::Error{res.error()};
        if (entropy) {
            const SecureString words = EntropyToMnemonic(*entropy);
            const SecureBytes seed = MnemonicToSeed(std::string_view{words.data(), words.size()});
            auto root = ExtKey::FromSeed(seed);
            if (!root) return util::Error{"The seed of these words gives an invalid BIP32 key; use other words"};
            // A restored chain may have been used since genesis; a new one from now on.
            const int64_t birth = create.mnemonic.empty() ? GetTime() : 0;
            if (auto res = wallet->AddChainLocked(ChainSecret{std::move(*root), std::move(*entropy)}, true, birth); !res) {
                return util::Error{res.error()};
            }
        }
        // A new wallet has nothing before the tip to find; a restored one rescans (AttachChain).
        if (const auto tip = chain.Tip()) {
            wallet->m_last_block = BestBlock{tip->hash, tip->height};
            wallet->WriteBestBlockLocked(/*force=*/true);
        }
        if (auto res = txn.Commit(); !res) return util::Error{res.error()};
    }
    if (!create.passphrase.empty()) {
        const auto res = wallet->EncryptWallet(create.passphrase);
        if (const auto* failure = std::get_if<WalletFailure>(&res)) return util::Error{failure->message};
    }
    LogInfo("Wallet \"%s\": created at %s%s", name.c_str(), path.c_str(), create.mnemonic.empty() ? "" : " from mnemonic words");
    return wallet;
}

util::Result<std::shared_ptr<Wallet>> Wallet::Load(const std::string& name, const std::filesystem::path& path,
                                                   interfaces::Chain& chain, const WalletOptions& options)
{
    auto db = WalletDatabase::Open(path, /*create=*/false);
    if (!db) return util::Error{db.error()};
    auto contents = WalletBatch{**db}.LoadAll();
    if (!contents) return util::Error{StrFormat("%s: %s", path.c_str(), contents.error().c_str())};
    std::shared_ptr<Wallet> wallet{new Wallet(name, std::move(*db), chain, options)};
    if (auto res = wallet->LoadContents(std::move(*contents)); !res) {
        return util::Error{StrFormat("%s: %s", path.c_str(), res.error().c_str())};
    }
    return wallet;
}

util::Result<void> Wallet::LoadContents(WalletContents contents)
{
    LOCK(m_mutex);
    m_flags = contents.flags;
    m_master_key_record = std::move(contents.master_key);
    if ((m_flags & WALLET_FLAG_ENCRYPTED) && !m_master_key_record) return util::Error{"encrypted wallet without its master key record"};
    for (KeyChainRecord& record : contents.chains) {
        std::optional<ChainSecret> secret;
        if (!record.encrypted) {
            secret = ChainSecret::Deserialize(record.secret);
            if (!secret || KeyChain::ChainId(secret->root) != record.id) return util::Error{"corrupt key chain record"};
        }
        if (record.active) m_active_chain = record.id;
        const uint256 id = record.id;
        m_chains.emplace(id, KeyChain{std::move(record), std::move(secret)});
    }
    for (const auto& [chain_id, branch, index, key] : contents.keys) {
        auto it = m_chains.find(chain_id);
        if (it == m_chains.end() || !it->second.AddKnownKey(branch, index, key)) {
            return util::Error{"corrupt key record (unknown chain or a gap in the indices)"};
        }
        IndexKeyLocked(KeyOrigin{chain_id, branch, index}, key);
    }
    for (WalletTx& wtx : contents.txs) {
        m_next_order = std::max(m_next_order, wtx.order + 1);
        for (const CTxIn& in : wtx.tx->vin) m_spends.emplace(in.prevout, wtx.GetTxid());
        const uint256 txid = wtx.GetTxid();
        m_txs.emplace(txid, std::move(wtx));
    }
    if (contents.best_block) m_last_block = m_last_block_on_disk = *contents.best_block;
    // The coin index, once every spend is known (m_spends) and depths have their tip.
    for (const auto& [txid, wtx] : m_txs) IndexTxOutputsLocked(*wtx.tx);
    for (auto& [address, label] : contents.labels) m_labels[address] = std::move(label);
    for (WalletHandle& handle : contents.handles) {
        const std::string name = handle.name;
        m_handles.emplace(name, std::move(handle));
    }
    for (WalletNode& node : contents.nodes) m_nodes.emplace(node.key, std::move(node));
    for (SipCredential& cred : contents.sip_credentials) {
        const std::string handle = cred.handle;
        m_sip_credentials.emplace(handle, std::move(cred));
    }
    // Keys a crash cut off while being derived (or a larger -keypool) are derived again.
    for (auto& [id, chain] : m_chains) {
        if (auto res = TopUpChainLocked(chain); !res) return util::Error{res.error()};
    }
    LogInfo("Wallet \"%s\": %u key chains, %u keys, %u transactions, last block %d", m_name.c_str(),
            unsigned(m_chains.size()), unsigned(m_key_origins.size()), unsigned(m_txs.size()), m_last_block.height);
    return {};
}

void Wallet::WriteTxLocked(const WalletTx& wtx)
{
    RefreshSpentCoinsLocked(*wtx.tx);
    if (auto res = WalletBatch{*m_db}.WriteTx(wtx); !res) {
        LogError("Wallet \"%s\": cannot write transaction %s: %s", m_name.c_str(), wtx.GetTxid().GetHex().c_str(), res.error().c_str());
    }
}

void Wallet::WriteBestBlockLocked(bool force)
{
    if (m_last_block.hash == m_last_block_on_disk.hash) return;
    const int64_t now = GetTime();
    // Writing every block would cost an fsync per block per wallet; a block missed by a crash
    // is rescanned at the next start.
    if (!force && now - m_last_block_written < 60) return;
    if (auto res = WalletBatch{*m_db}.WriteBestBlock(m_last_block); !res) {
        LogError("Wallet \"%s\": cannot write the best block: %s", m_name.c_str(), res.error().c_str());
        return;
    }
    m_last_block_written = now;
    m_last_block_on_disk = m_last_block;
}

bool Wallet::AddToWalletLocked(const CTransactionRef& tx, const TxState& state, int64_t block_time,
                               const std::function<void(WalletTx&)>& update)
{
    const uint256& txid = tx->GetTxid();
    auto [it, inserted] = m_txs.try_emplace(txid);
    WalletTx& wtx = it->second;
    bool changed = inserted;
    if (inserted) {
        wtx.tx = tx;
        wtx.time_received = GetTime();
        wtx.order = m_next_order++;
        wtx.state = state;
        wtx.block_time = block_time;
        for (const CTxIn& in : tx->vin) m_spends.emplace(in.prevout, txid);
        IndexTxOutputsLocked(*tx);
    } else {
        // An abandoned transaction stays abandoned until a block or the mempool takes it.
        const bool keep_abandoned = wtx.IsAbandoned() && std::holds_alternative<TxStateInactive>(state);
        if (!(wtx.state == state) && !keep_abandoned) {
            wtx.state = state;
            changed = true;
        }
        if (wtx.block_time != block_time && !keep_abandoned) {
            wtx.block_time = block_time;
            changed = true;
        }
        if (tx->GetWtxid() != wtx.tx->GetWtxid()) {
            wtx.tx = tx;
            changed = true;
        }
    }
    if (update) {
        update(wtx);
        changed = true;
    }
    if (changed) WriteTxLocked(wtx);
    return changed;
}

void Wallet::RecursiveUpdateStateLocked(const uint256& txid, const std::function<bool(WalletTx&)>& update)
{
    std::deque<uint256> todo{txid};
    std::set<uint256> done;
    while (!todo.empty()) {
        const uint256 current = todo.front();
        todo.pop_front();
        if (!done.insert(current).second) continue;
        auto it = m_txs.find(current);
        if (it == m_txs.end()) continue;
        WalletTx& wtx = it->second;
        if (!update(wtx)) continue;
        WriteTxLocked(wtx);
        for (uint32_t n = 0; n < wtx.tx->vout.size(); ++n) {
            const auto range = m_spends.equal_range(COutPoint{current, n});
            for (auto spend = range.first; spend != range.second; ++spend) todo.push_back(spend->second);
        }
    }
}

WalletResult<bool> Wallet::AbandonTransaction(const uint256& txid)
{
    LOCK(m_mutex);
    auto it = m_txs.find(txid);
    if (it == m_txs.end()) return WalletFailure{WalletError::INVALID_ADDRESS, "Invalid or non-wallet transaction id"};
    const WalletTx& wtx = it->second;
    if (wtx.IsAbandoned()) return true;
    if (wtx.Depth(m_last_block.height) != 0 || wtx.IsInMempool() || m_chain.IsInMempool(txid)) {
        return WalletFailure{WalletError::INVALID_ADDRESS, "Transaction not eligible for abandonment"};
    }
    DbTransaction txn{*m_db};
    RecursiveUpdateStateLocked(txid, [&](WalletTx& tx) {
        AssertLockHeld(m_mutex); // called back under it; the analysis does not look into lambdas
        if (tx.Depth(m_last_block.height) != 0 || tx.IsAbandoned()) return false;
        tx.state = TxStateInactive{true};
        return true;
    });
    if (auto res = txn.Commit(); !res) return WalletFailure{WalletError::DATABASE, res.error()};
    LogInfo("Wallet \"%s\": abandoned %s", m_name.c_str(), txid.GetHex().c_str());
    return true;
}

std::optional<WalletTx> Wallet::GetWalletTx(const uint256& txid) const
{
    LOCK(m_mutex);
    auto it = m_txs.find(txid);
    if (it == m_txs.end()) return std::nullopt;
    return it->second;
}

std::pair<std::vector<WalletTx>, int32_t> Wallet::ListWalletTxs() const
{
    LOCK(m_mutex);
    std::vector<WalletTx> out;
    out.reserve(m_txs.size());
    for (const auto& [txid, wtx] : m_txs) out.push_back(wtx);
    std::sort(out.begin(), out.end(), [](const WalletTx& a, const WalletTx& b) { return a.order < b.order; });
    return {std::move(out), m_last_block.height};
}

size_t Wallet::TxCount() const
{
    LOCK(m_mutex);
    return m_txs.size();
}

int32_t Wallet::TipHeight() const
{
    LOCK(m_mutex);
    return m_last_block.height;
}

BestBlock Wallet::LastBlock() const
{
    LOCK(m_mutex);
    return m_last_block;
}

std::optional<std::string> Wallet::GetLabel(const std::string& address) const
{
    LOCK(m_mutex);
    auto it = m_labels.find(address);
    if (it == m_labels.end()) return std::nullopt;
    return it->second;
}

util::Result<void> Wallet::SetLabel(const std::string& address, const std::string& label)
{
    LOCK(m_mutex);
    if (auto res = WalletBatch{*m_db}.WriteLabel(address, label); !res) return res;
    m_labels[address] = label;
    return {};
}

} // namespace wallet
