// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Wallet: the handle commands (registerhandle and its commit/reveal state machine, updates,
// bindings, renewals, transfers; wallet/wallet.h, doc/wallet.md "Handles").

#include <wallet/wallet.h>

#include <consensus/registry_names.h>
#include <crypto/tagged_hash.h>
#include <util/format.h>
#include <util/logging.h>
#include <util/strencodings.h>
#include <util/time.h>

#include <map>

namespace wallet {

namespace {

WalletFailure Failure(WalletError code, std::string message) { return WalletFailure{code, std::move(message)}; }

/** INVALID_PARAMETER for a string that is not a registrable name (E.164 numbers say why). */
std::optional<WalletFailure> CheckRegistrable(const std::string& handle)
{
    switch (consensus::ClassifyHandle(handle)) {
    case consensus::HandleClass::NAME: return std::nullopt;
    case consensus::HandleClass::E164: return Failure(WalletError::INVALID_PARAMETER, SyntaxErrorMessage("bad-handle-e164"));
    case consensus::HandleClass::INVALID: break;
    }
    return Failure(WalletError::INVALID_PARAMETER, "Invalid handle \"" + handle + "\": " + SyntaxErrorMessage("bad-registry-handle"));
}

bool IsZeroKey(const consensus::Key& key) { return key == consensus::Key{}; }

/** The salt of a registration of `handle` under `owner`: TaggedHash("DOTS/HandleSalt", owner's
 * secret || handle). Deterministic, so a wallet restored from its words finds the commitments it
 * made (FindOwnCommitLocked); secret, so nobody else can link a commitment to a name. */
uint256 RegistrationSalt(const CKey& owner, const std::string& handle)
{
    SecureBytes msg(owner.SecretBytes().begin(), owner.SecretBytes().end());
    msg.insert(msg.end(), handle.begin(), handle.end());
    return uint256{TaggedHash("DOTS/HandleSalt", msg)};
}

/** Whether a transaction the registration holds or sent is still alive (not conflicted or abandoned). */
bool IsDead(const WalletTx& wtx) { return wtx.IsConflicted() || wtx.IsAbandoned(); }

/** Whether a commitment recorded at `commit_height` is erased before a block at `next_height`:
 * it is erased at the start of block commit_height + reveal_window + 1 (doc/registry.md "Commit"),
 * so a reveal may still be mined in block commit_height + reveal_window. */
bool CommitExpired(int32_t commit_height, int32_t next_height, const consensus::RegistryParams& params)
{
    return int64_t{next_height} > int64_t{commit_height} + params.reveal_window;
}

} // namespace

WalletResult<XOnlyPubKey> Wallet::GetNewHandleKey()
{
    auto key = GetNewKey(KeyBranch::HANDLE);
    if (const auto* failure = std::get_if<WalletFailure>(&key)) return *failure;
    return std::get<0>(key).first;
}

namespace {
/** Whether `handle` may be registered now: free or expired on chain, not being registered by the
 * wallet, a requested home node active, the wallet unlocked. Returns the expired record, if any. */
WalletResult<std::optional<consensus::HandleRecord>> CheckRegistration(Wallet& wallet, const std::string& handle,
                                                                      const std::optional<XOnlyPubKey>& home)
{
    std::optional<consensus::HandleRecord> existing;
    bool home_active = false;
    int32_t tip = -1;
    wallet.Chain().ReadRegistry([&](const consensus::RecordStore& store, int32_t tip_height) {
        tip = tip_height;
        existing = consensus::ReadHandle(store, handle);
        if (home) {
            const auto node = consensus::ReadNode(store, ToRegistryKey(*home));
            home_active = node && node->IsActive();
        }
    });
    if (existing && !existing->IsExpired(tip + 1)) {
        return Failure(WalletError::GENERIC, StrFormat("Handle %s is already registered (until height %d)", handle.c_str(), existing->expiry_height));
    }
    if (home && !home_active) return Failure(WalletError::INVALID_PARAMETER, "home_node " + HexStr(home->bytes()) + " is not an active node");
    if (wallet.IsLocked()) return Failure(WalletError::UNLOCK_NEEDED, UNLOCK_NEEDED_MESSAGE);
    if (const auto pending = wallet.GetHandleStatus(handle)) {
        for (const char* active : {"committing", "waiting_for_maturity", "revealing"}) {
            if (pending->state == active) {
                return Failure(WalletError::GENERIC, "This wallet is already registering " + handle + " (state " + pending->state + ")");
            }
        }
    }
    return existing;
}
} // namespace

WalletResult<Wallet::RegistrationPlan> Wallet::PlanRegistration(const std::string& handle, const std::optional<XOnlyPubKey>& home,
                                                                const std::optional<consensus::HandleRecord>& existing,
                                                                const FeeOptions& fee_options,
                                                                const std::optional<std::pair<XOnlyPubKey, KeyOrigin>>& owner)
{
    const auto rate = GetFeeRate(fee_options);
    if (const auto* failure = std::get_if<WalletFailure>(&rate)) return *failure;
    const CAmount rate_per_kb = std::get<std::pair<CAmount, std::string>>(rate).first;
    // Keys: the owner (unless resuming), the output the reveal spends, the reveal's and the update's outputs.
    std::vector<std::pair<XOnlyPubKey, KeyOrigin>> keys;
    if (owner) keys.push_back(*owner);
    for (const KeyBranch branch : {KeyBranch::HANDLE, KeyBranch::CHANGE, KeyBranch::CHANGE, KeyBranch::CHANGE}) {
        if (owner && branch == KeyBranch::HANDLE) continue;
        auto key = GetNewKey(branch);
        if (const auto* failure = std::get_if<WalletFailure>(&key)) return *failure;
        keys.push_back(std::get<0>(key));
    }
    RegistrationPlan plan;
    plan.handle = handle;
    plan.owner = keys[0];
    plan.reserve_lock = OutputLock::ForKeyHash(keys[1].first);
    plan.reveal_lock = OutputLock::ForKeyHash(keys[2].first);
    plan.update_lock = OutputLock::ForKeyHash(keys[3].first);
    plan.burn = *consensus::HandleFee(handle, m_chain.Params().registry);
    LOCK(m_mutex);
    auto secret = GetSecretLocked(plan.owner.first);
    if (const auto* failure = std::get_if<WalletFailure>(&secret)) return *failure;
    plan.salt = RegistrationSalt(std::get<CKey>(secret), handle);
    auto commit = BuildHandleCommit(handle, plan.salt, plan.owner.first);
    auto reveal = BuildHandleReveal(handle, plan.salt, plan.owner.first);
    if (!commit) return Failure(WalletError::INVALID_PARAMETER, commit.error());
    if (!reveal) return Failure(WalletError::INVALID_PARAMETER, reveal.error());
    plan.commit = std::move(*commit);
    plan.reveal = std::move(*reveal);
    if (home) {
        consensus::HandleUpdateBody body;
        body.handle = handle;
        body.owner = ToRegistryKey(plan.owner.first);
        body.seq = (existing ? existing->update_seq : 0) + 1;
        body.flags = consensus::UPDATE_HOME;
        body.home = ToRegistryKey(*home);
        auto update = BuildHandleUpdate(body, std::get<CKey>(secret), m_chain.Params().genesis_hash);
        if (!update) return Failure(WalletError::GENERIC, update.error());
        plan.update = std::move(*update);
        plan.update_fee = ChainedTxFeeLocked(TxKind::HANDLE_UPDATE, *plan.update, rate_per_kb);
    }
    plan.reveal_fee = ChainedTxFeeLocked(TxKind::HANDLE_REGISTER, plan.reveal, rate_per_kb);
    plan.out_value = m_chain.DustThreshold(CTxOut{0, plan.update_lock}) + plan.update_fee;
    return plan;
}

std::optional<Wallet::OwnCommit> Wallet::FindOwnCommitLocked(const std::string& handle)
{
    const int32_t tip = m_last_block.height;
    std::map<Payload, uint256> commits; // the payloads of the wallet's live, unexpired commitments
    for (const auto& [txid, wtx] : m_txs) {
        if (wtx.tx->kind != TxKind::HANDLE_COMMIT || IsDead(wtx)) continue;
        const int32_t depth = wtx.Depth(tip);
        if (depth > 0 && CommitExpired(tip - depth + 1, tip + 1, m_chain.Params().registry)) continue; // expired before a reveal
        commits.emplace(wtx.tx->payload, txid);
    }
    if (commits.empty()) return std::nullopt;
    for (const auto& [key, origin] : m_key_origins) {
        if (origin.branch != KeyBranch::HANDLE) continue;
        auto secret = GetSecretLocked(key);
        if (std::holds_alternative<WalletFailure>(secret)) continue;
        const uint256 salt = RegistrationSalt(std::get<CKey>(secret), handle);
        auto payload = BuildHandleCommit(handle, salt, key);
        if (!payload) continue;
        if (const auto it = commits.find(*payload); it != commits.end()) return OwnCommit{{key, origin}, it->second};
    }
    return std::nullopt;
}

WalletResult<std::vector<CreatedTx>> Wallet::HoldRegistrationLocked(const RegistrationPlan& plan, const CreatedTx& commit)
{
    std::optional<uint32_t> reserve_n;
    for (uint32_t n = 0; n < commit.tx->vout.size(); ++n) {
        if (commit.tx->vout[n].lock == plan.reserve_lock && commit.tx->vout[n].value == plan.Reserved()) reserve_n = n;
    }
    assert(reserve_n);
    std::vector<CreatedTx> group{commit};
    auto reveal = CreateChainedTxLocked(TxKind::HANDLE_REGISTER, plan.reveal, COutPoint{commit.tx->GetTxid(), *reserve_n},
                                        commit.tx->vout[*reserve_n], plan.burn, plan.out_value, plan.reveal_lock);
    if (const auto* failure = std::get_if<WalletFailure>(&reveal)) return *failure;
    group.push_back(std::get<CreatedTx>(reveal));
    if (plan.update) {
        const CTransactionRef reveal_tx = group.back().tx;
        auto update = CreateChainedTxLocked(TxKind::HANDLE_UPDATE, *plan.update, COutPoint{reveal_tx->GetTxid(), 0}, reveal_tx->vout[0],
                                            0, plan.out_value - plan.update_fee, plan.update_lock);
        if (const auto* failure = std::get_if<WalletFailure>(&update)) return *failure;
        group.push_back(std::get<CreatedTx>(update));
    }
    return group;
}

WalletResult<std::vector<CreatedTx>> Wallet::HoldResumedRevealLocked(const RegistrationPlan& plan, const CreatedTx& reveal)
{
    std::vector<CreatedTx> group{reveal};
    if (!plan.update) return group;
    std::optional<uint32_t> out_n;
    for (uint32_t n = 0; n < reveal.tx->vout.size(); ++n) {
        if (reveal.tx->vout[n].lock == plan.reveal_lock && reveal.tx->vout[n].value == plan.out_value) out_n = n;
    }
    assert(out_n);
    auto update = CreateChainedTxLocked(TxKind::HANDLE_UPDATE, *plan.update, COutPoint{reveal.tx->GetTxid(), *out_n},
                                        reveal.tx->vout[*out_n], 0, plan.out_value - plan.update_fee, plan.update_lock);
    if (const auto* failure = std::get_if<WalletFailure>(&update)) return *failure;
    group.push_back(std::get<CreatedTx>(update));
    return group;
}

WalletResult<WalletHandle> Wallet::RegisterHandle(const std::string& handle, const std::optional<XOnlyPubKey>& home,
                                                  const FeeOptions& fee_options)
{
    if (auto failure = CheckRegistrable(handle)) return *failure;
    BlockUntilSyncedToCurrentChain();
    auto existing = CheckRegistration(*this, handle, home);
    if (const auto* failure = std::get_if<WalletFailure>(&existing)) return *failure;
    // A commitment of this name the wallet made and no longer tracks (a restore from the words, a
    // record lost): the registration resumes from it instead of paying for a second one.
    std::optional<OwnCommit> resumed;
    {
        LOCK(m_mutex);
        resumed = FindOwnCommitLocked(handle);
    }
    auto planned = PlanRegistration(handle, home, std::get<std::optional<consensus::HandleRecord>>(existing), fee_options,
                                    resumed ? std::optional{resumed->owner} : std::nullopt);
    if (const auto* failure = std::get_if<WalletFailure>(&planned)) return *failure;
    const RegistrationPlan& plan = std::get<RegistrationPlan>(planned);

    // A new registration: the commitment pays plan.Reserved() to an output only the held reveal
    // spends. A resumed one: the reveal is funded by coin selection (the old reserved output is
    // an ordinary coin of the wallet by now) and held like the rest.
    TxRequest request;
    if (resumed) {
        request.kind = TxKind::HANDLE_REGISTER;
        request.payload = plan.reveal;
        request.registry_locked = plan.burn;
        request.recipients.push_back(Recipient{plan.reveal_lock, plan.out_value, false});
    } else {
        request.kind = TxKind::HANDLE_COMMIT;
        request.payload = plan.commit;
        request.recipients.push_back(Recipient{plan.reserve_lock, plan.Reserved(), false});
    }
    auto created = CreateTransaction(request, fee_options);
    if (const auto* failure = std::get_if<WalletFailure>(&created)) return *failure;
    const CreatedTx& first = std::get<CreatedTx>(created);
    WalletResult<std::vector<CreatedTx>> group = WalletFailure{};
    {
        LOCK(m_mutex);
        group = resumed ? HoldResumedRevealLocked(plan, first) : HoldRegistrationLocked(plan, first);
    }
    if (const auto* failure = std::get_if<WalletFailure>(&group)) {
        CancelTransaction(first);
        return *failure;
    }
    const auto& txs = std::get<std::vector<CreatedTx>>(group);
    WalletHandle record;
    record.name = handle;
    record.owner = plan.owner.first;
    record.owner_origin = plan.owner.second;
    record.salt = plan.salt;
    const size_t reveal_at = resumed ? 0 : 1;
    record.commit_txid = resumed ? resumed->commit_txid : txs[0].tx->GetTxid();
    record.reveal_txid = txs[reveal_at].tx->GetTxid();
    if (txs.size() > reveal_at + 1) record.home_txid = txs[reveal_at + 1].tx->GetTxid();
    record.created_time = GetTime();
    // The record is written in the same database transaction as the three transactions, so a
    // restart finds either none of them or the whole registration.
    // CheckRegistration looked without holding m_mutex to the end: a concurrent registerhandle of
    // the same name may have committed since. Checked again under the hold that stores ours, so
    // one registration wins and the others store nothing (their coins stay free).
    std::optional<WalletHandle> previous;
    bool stored = false;
    auto committed = CommitGroup(txs, [&]() EXCLUSIVE_LOCKS_REQUIRED(m_mutex) -> std::optional<WalletFailure> {
        if (auto it = m_handles.find(handle); it != m_handles.end()) {
            if (IsRegistrationPendingLocked(it->second)) {
                return Failure(WalletError::GENERIC, "This wallet is already registering " + handle);
            }
            previous = it->second;
        }
        if (auto res = WalletBatch{*m_db}.WriteHandle(record); !res) LogError("Wallet \"%s\": %s", m_name.c_str(), res.error().c_str());
        m_handles[handle] = record;
        stored = true;
        return std::nullopt;
    }, /*hold_all=*/resumed.has_value());
    if (const auto* failure = std::get_if<WalletFailure>(&committed)) {
        LOCK(m_mutex);
        if (!stored) return *failure; // refused before anything was written
        if (previous) {
            m_handles[handle] = *previous;
        } else {
            m_handles.erase(handle);
        }
        return *failure;
    }
    LogInfo("Wallet \"%s\": registering %s%s: commitment %s, reveal %s held until the commitment is %d blocks deep", m_name.c_str(),
            handle.c_str(), resumed ? " (resumed from its own commitment)" : "", record.commit_txid->GetHex().c_str(),
            record.reveal_txid->GetHex().c_str(), m_chain.Params().registry.commit_maturity);
    if (resumed) ProcessRegistrations(); // a commitment already mature is revealed now, not at the next block
    return record;
}

bool Wallet::IsRegistrationPendingLocked(const WalletHandle& handle) const
{
    if (!handle.failure.empty() || !handle.commit_txid || !handle.reveal_txid) return false;
    const auto reveal = m_txs.find(*handle.reveal_txid);
    if (reveal == m_txs.end()) return false;
    return reveal->second.Depth(m_last_block.height) <= 0 && !IsDead(reveal->second);
}

Wallet::HandleStatus Wallet::HandleStatusLocked(const WalletHandle& handle, const std::optional<consensus::HandleRecord>& chain,
                                                int32_t tip) const
{
    const consensus::RegistryParams& params = m_chain.Params().registry;
    HandleStatus status;
    status.record = handle;
    status.tip_height = tip;
    status.chain = chain;
    auto tx_of = [&](const std::optional<uint256>& txid) EXCLUSIVE_LOCKS_REQUIRED(m_mutex) -> const WalletTx* {
        if (!txid) return nullptr;
        auto it = m_txs.find(*txid);
        return it == m_txs.end() ? nullptr : &it->second;
    };
    const WalletTx* commit = tx_of(handle.commit_txid);
    const WalletTx* reveal = tx_of(handle.reveal_txid);
    const WalletTx* home = tx_of(handle.home_txid);
    const bool ours_on_chain = status.chain && status.chain->owner == ToRegistryKey(handle.owner);
    if (!handle.failure.empty() && !ours_on_chain) {
        status.state = "failed";
        return status;
    }
    if (commit && reveal && reveal->Depth(tip) <= 0 && !IsDead(*reveal)) {
        const int32_t depth = commit->Depth(tip);
        if (depth <= 0) {
            status.state = "committing";
        } else {
            status.reveal_height = tip - depth + 1 + params.commit_maturity;
            status.state = reveal->held ? "waiting_for_maturity" : "revealing";
        }
        return status;
    }
    if (!ours_on_chain) {
        status.state = status.chain ? "transferred" : "unknown";
        return status;
    }
    if (status.chain->IsExpired(tip + 1)) {
        status.state = "expired";
        status.warnings.push_back(StrFormat("expired at height %d: register it again with registerhandle", status.chain->expiry_height));
    } else if (home && home->Depth(tip) == 0 && !IsDead(*home) && handle.failure.empty()) {
        status.state = "setting_home";
    } else {
        status.state = "registered";
        const int32_t left = status.chain->expiry_height - (tip + 1);
        const int32_t warn = std::max<int32_t>(1, params.handle_lifetime / 12);
        if (left <= warn) {
            status.warnings.push_back(StrFormat("expires in %d blocks (at height %d): renew it with renewhandle", left,
                                                status.chain->expiry_height));
        }
    }
    if (!handle.failure.empty()) status.warnings.push_back(handle.failure);
    return status;
}

std::vector<Wallet::HandleStatus> Wallet::ListHandles() const
{
    // Lock order wallet -> chain: the names first, then the records, then the statuses.
    std::vector<std::string> names;
    {
        LOCK(m_mutex);
        for (const auto& [name, handle] : m_handles) names.push_back(name);
    }
    std::map<std::string, std::optional<consensus::HandleRecord>> records;
    m_chain.ReadRegistry([&](const consensus::RecordStore& store, int32_t) {
        for (const std::string& name : names) records[name] = consensus::ReadHandle(store, name);
    });
    std::vector<HandleStatus> out;
    LOCK(m_mutex);
    for (const auto& [name, handle] : m_handles) {
        const auto it = records.find(name);
        out.push_back(HandleStatusLocked(handle, it != records.end() ? it->second : std::nullopt, m_last_block.height));
    }
    return out;
}

std::optional<Wallet::HandleStatus> Wallet::GetHandleStatus(const std::string& handle) const
{
    std::optional<consensus::HandleRecord> record;
    m_chain.ReadRegistry([&](const consensus::RecordStore& store, int32_t) { record = consensus::ReadHandle(store, handle); });
    LOCK(m_mutex);
    const auto it = m_handles.find(handle);
    if (it == m_handles.end()) return std::nullopt;
    return HandleStatusLocked(it->second, record, m_last_block.height);
}

void Wallet::ProcessRegistrations()
{
    const consensus::RegistryParams& params = m_chain.Params().registry;
    std::vector<CTransactionRef> due;
    std::vector<uint256> give_up; // unconfirmed transactions of stopped registrations: their coins are free again
    {
        LOCK(m_mutex);
        const int32_t tip = m_last_block.height;
        DbTransaction txn{*m_db};
        for (auto& entry : m_handles) {
            // Named references, not a structured binding: clang before 16 cannot capture one in a lambda.
            const std::string& name = entry.first;
            WalletHandle& handle = entry.second;
            if (!handle.commit_txid || !handle.reveal_txid) continue;
            if (!handle.failure.empty()) {
                // A stopped registration whose reveal (or home update) was in the mempool could not
                // be abandoned then (abandontransaction's rule): tried again until it leaves.
                for (const auto& txid : {handle.reveal_txid, handle.home_txid}) {
                    auto it = txid ? m_txs.find(*txid) : m_txs.end();
                    if (it != m_txs.end() && it->second.Depth(tip) == 0 && !it->second.IsAbandoned()) {
                        give_up.push_back(*txid);
                    }
                }
                continue;
            }
            auto commit = m_txs.find(*handle.commit_txid);
            auto reveal = m_txs.find(*handle.reveal_txid);
            if (commit == m_txs.end() || reveal == m_txs.end()) continue;
            auto stop = [&](const std::string& why) EXCLUSIVE_LOCKS_REQUIRED(m_mutex) {
                handle.failure = why;
                if (auto res = WalletBatch{*m_db}.WriteHandle(handle); !res) LogError("Wallet \"%s\": %s", m_name.c_str(), res.error().c_str());
                LogInfo("Wallet \"%s\": registration of %s stopped: %s", m_name.c_str(), name.c_str(), why.c_str());
                for (const auto& txid : {handle.reveal_txid, handle.home_txid}) {
                    auto it = txid ? m_txs.find(*txid) : m_txs.end();
                    if (it != m_txs.end() && it->second.Depth(tip) == 0) give_up.push_back(*txid);
                }
            };
            const int32_t depth = commit->second.Depth(tip);
            const int32_t reveal_depth = reveal->second.Depth(tip);
            if (IsDead(commit->second) && reveal_depth <= 0) {
                stop("the commitment transaction was replaced or abandoned");
                continue;
            }
            if (reveal_depth <= 0) {
                if (depth <= 0) continue;
                const int32_t commit_height = tip - depth + 1;
                if (CommitExpired(commit_height, tip + 1, params)) {
                    stop("the commitment expired before the reveal was mined");
                    continue;
                }
                // Someone else's reveal was mined first (ours may have lost the race in the mempool).
                std::optional<consensus::HandleRecord> record;
                m_chain.ReadRegistry([&](const consensus::RecordStore& store, int32_t) { record = consensus::ReadHandle(store, name); });
                if (record && !record->IsExpired(tip + 1) && record->owner != ToRegistryKey(handle.owner)) {
                    stop("the handle was registered by someone else first");
                    continue;
                }
                if (!reveal->second.held || tip + 1 < commit_height + params.commit_maturity) continue;
                reveal->second.held = false;
                WriteTxLocked(reveal->second);
                due.push_back(reveal->second.tx);
                continue;
            }
            if (!handle.home_txid) continue;
            auto home = m_txs.find(*handle.home_txid);
            if (home == m_txs.end() || !home->second.held) continue;
            home->second.held = false;
            WriteTxLocked(home->second);
            due.push_back(home->second.tx);
        }
        if (auto res = txn.Commit(); !res) {
            LogError("Wallet \"%s\": %s", m_name.c_str(), res.error().c_str());
            return;
        }
    }
    for (const uint256& txid : give_up) AbandonTransaction(txid);
    BroadcastRegistrationTxs(due);
}

void Wallet::BroadcastRegistrationTxs(const std::vector<CTransactionRef>& due)
{
    for (const CTransactionRef& tx : due) {
        if (!m_chain.HasMempool()) break;
        const auto sent = m_chain.BroadcastTransaction(tx, 0, /*test_only=*/false);
        const auto* error = std::get_if<interfaces::BroadcastError>(&sent);
        if (error == nullptr) {
            LogInfo("Wallet \"%s\": broadcast %s of a handle registration", m_name.c_str(), tx->GetTxid().GetHex().c_str());
            continue;
        }
        LogInfo("Wallet \"%s\": %s of a handle registration refused: %s", m_name.c_str(), tx->GetTxid().GetHex().c_str(),
                error->reason.c_str());
        // Refusals that no later block can cure end the registration (or its home update);
        // others are retried when the tip moves (ResubmitTransactions). An unknown commitment is
        // not final: the mempool may judge on a tip that lags the wallet's, or a reorg may bring
        // the commitment back; ProcessRegistrations stops the registration when the wallet sees
        // the commitment conflicted, abandoned or expired.
        static const std::map<std::string, std::string> final_reasons{
            {"bad-handle-taken", "the handle was registered by someone else first"},
            {"bad-handle-home", "the home node is not an active node: set one with updatehandle"},
            {"bad-handle-seq", "the handle was updated in between: set the home node with updatehandle"},
        };
        const auto it = final_reasons.find(error->reason);
        if (it == final_reasons.end()) continue;
        {
            LOCK(m_mutex);
            for (auto& [name, handle] : m_handles) {
                if (handle.reveal_txid != tx->GetTxid() && handle.home_txid != tx->GetTxid()) continue;
                handle.failure = it->second + " (" + error->reason + ")";
                if (auto res = WalletBatch{*m_db}.WriteHandle(handle); !res) LogError("Wallet \"%s\": %s", m_name.c_str(), res.error().c_str());
            }
        }
        // Frees the coin the refused transaction (and a home update after it) holds.
        AbandonTransaction(tx->GetTxid());
    }
}

WalletResult<uint256> Wallet::UpdateHandle(const std::string& handle, const HandleChange& change, const FeeOptions& fee)
{
    if (auto failure = CheckRegistrable(handle)) return *failure;
    const consensus::RegistryParams& params = m_chain.Params().registry;
    BlockUntilSyncedToCurrentChain();
    std::optional<consensus::HandleRecord> record;
    int32_t tip = -1;
    bool home_active = true;
    m_chain.ReadRegistry([&](const consensus::RecordStore& store, int32_t tip_height) {
        tip = tip_height;
        record = consensus::ReadHandle(store, handle);
        if (change.home && !IsZeroKey(*change.home)) {
            const auto node = consensus::ReadNode(store, *change.home);
            home_active = node && node->IsActive();
        }
    });
    if (!record) return Failure(WalletError::INVALID_PARAMETER, "Handle " + handle + " is not registered");
    if (record->IsExpired(tip + 1)) {
        return Failure(WalletError::GENERIC, StrFormat("Handle %s expired at height %d: register it again with registerhandle", handle.c_str(),
                                                       record->expiry_height));
    }
    if (!home_active) return Failure(WalletError::INVALID_PARAMETER, "home_node " + HexStr(*change.home) + " is not an active node");
    consensus::HandleUpdateBody body;
    body.handle = handle;
    body.owner = record->owner;
    if (change.home) {
        body.flags |= consensus::UPDATE_HOME;
        body.home = *change.home;
    }
    if (change.identity || change.new_identity) {
        body.flags |= consensus::UPDATE_IDENTITY;
        if (change.identity) body.identity = *change.identity;
    }
    if (change.new_owner) {
        body.flags |= consensus::UPDATE_OWNER;
        body.new_owner = *change.new_owner;
    }
    if (change.renew) body.flags |= consensus::UPDATE_RENEW;
    if (change.new_identity) {
        auto key = GetNewKey(KeyBranch::IDENTITY);
        if (const auto* failure = std::get_if<WalletFailure>(&key)) return *failure;
        body.identity = ToRegistryKey(std::get<0>(key).first);
    }
    TxRequest request;
    request.kind = TxKind::HANDLE_UPDATE;
    if (change.renew) request.registry_locked = *consensus::HandleFee(handle, params);
    bool queued = false;
    {
        LOCK(m_mutex);
        const XOnlyPubKey owner{record->owner};
        if (!m_key_origins.count(owner)) return Failure(WalletError::GENERIC, "Handle " + handle + " is not owned by this wallet");
        body.seq = NextSeqLocked(StatementSeq{SeqCounter::HANDLE_UPDATE, handle, {}, 0}, record->update_seq, queued);
        auto secret = GetSecretLocked(owner);
        if (const auto* failure = std::get_if<WalletFailure>(&secret)) return *failure;
        auto payload = BuildHandleUpdate(body, std::get<CKey>(secret), m_chain.Params().genesis_hash);
        if (!payload) return Failure(WalletError::INVALID_PARAMETER, payload.error());
        request.payload = std::move(*payload);
    }
    auto sent = SendTransaction(request, fee, /*held=*/queued);
    if (const auto* failure = std::get_if<WalletFailure>(&sent)) return *failure;
    return std::get<CreatedTx>(sent).tx->GetTxid();
}

WalletResult<Wallet::BindResult> Wallet::BindHandle(const std::string& handle, const consensus::Key& node, const FeeOptions& fee)
{
    if (auto failure = CheckRegistrable(handle)) return *failure;
    BlockUntilSyncedToCurrentChain();
    std::optional<consensus::HandleRecord> record;
    std::optional<consensus::NodeRecord> node_record;
    int32_t tip = -1;
    m_chain.ReadRegistry([&](const consensus::RecordStore& store, int32_t tip_height) {
        tip = tip_height;
        record = consensus::ReadHandle(store, handle);
        node_record = consensus::ReadNode(store, node);
    });
    if (!record) return Failure(WalletError::INVALID_PARAMETER, "Handle " + handle + " is not registered");
    if (record->IsExpired(tip + 1)) return Failure(WalletError::GENERIC, "Handle " + handle + " has expired");
    if (!node_record || !node_record->IsActive()) return Failure(WalletError::INVALID_PARAMETER, "Node " + HexStr(node) + " is not an active node");
    BindResult result;
    result.body = consensus::BindingBody{handle, node, record->owner, 0};
    TxRequest request;
    request.kind = TxKind::BINDING;
    bool queued = false;
    {
        LOCK(m_mutex);
        const XOnlyPubKey owner{record->owner};
        if (!m_key_origins.count(owner)) return Failure(WalletError::GENERIC, "Handle " + handle + " is not owned by this wallet");
        result.body.seq = NextSeqLocked(StatementSeq{SeqCounter::BINDING, handle, {}, 0}, record->binding_seq, queued);
        auto owner_secret = GetSecretLocked(owner);
        if (const auto* failure = std::get_if<WalletFailure>(&owner_secret)) return *failure;
        const uint256& genesis = m_chain.Params().genesis_hash;
        if (!m_key_origins.count(XOnlyPubKey{node})) {
            // Another operator's node: it countersigns and submits the binding.
            auto sig = SignBindingAsOwner(result.body, std::get<CKey>(owner_secret), genesis);
            if (!sig) return Failure(WalletError::GENERIC, sig.error());
            result.owner_sig = *sig;
            return result;
        }
        auto node_secret = GetSecretLocked(XOnlyPubKey{node});
        if (const auto* failure = std::get_if<WalletFailure>(&node_secret)) return *failure;
        auto payload = BuildBinding(result.body, std::get<CKey>(node_secret), &std::get<CKey>(owner_secret), genesis);
        if (!payload) return Failure(WalletError::GENERIC, payload.error());
        request.payload = std::move(*payload);
    }
    if (record->binding_height >= 0 && tip + 1 < record->binding_height + m_chain.Params().registry.presence_min_interval &&
        !record->binding_by_home) {
        return Failure(WalletError::GENERIC, StrFormat("Handle %s was bound at height %d: the next binding may be mined from height %d",
                                                       handle.c_str(), record->binding_height,
                                                       record->binding_height + m_chain.Params().registry.presence_min_interval));
    }
    auto sent = SendTransaction(request, fee, /*held=*/queued);
    if (const auto* failure = std::get_if<WalletFailure>(&sent)) return *failure;
    result.txid = std::get<CreatedTx>(sent).tx->GetTxid();
    return result;
}

WalletResult<uint256> Wallet::CountersignBinding(const consensus::BindingBody& body, const consensus::Sig& owner_sig, const FeeOptions& fee)
{
    if (auto failure = CheckRegistrable(body.handle)) return *failure;
    BlockUntilSyncedToCurrentChain();
    std::optional<consensus::HandleRecord> record;
    std::optional<consensus::NodeRecord> node_record;
    int32_t tip = -1;
    m_chain.ReadRegistry([&](const consensus::RecordStore& store, int32_t tip_height) {
        tip = tip_height;
        record = consensus::ReadHandle(store, body.handle);
        node_record = consensus::ReadNode(store, body.node);
    });
    if (!record || record->IsExpired(tip + 1)) return Failure(WalletError::INVALID_PARAMETER, "Handle " + body.handle + " is not registered");
    if (record->owner != body.owner) return Failure(WalletError::INVALID_PARAMETER, "The owner key is not the owner of " + body.handle + " at the tip");
    if (!node_record || !node_record->IsActive()) return Failure(WalletError::INVALID_PARAMETER, "Node " + HexStr(body.node) + " is not an active node");
    if (body.seq != record->binding_seq + 1) {
        return Failure(WalletError::INVALID_PARAMETER, StrFormat("The binding's seq is %u but the next binding of %s has seq %u: ask the owner for a new bindhandle",
                                                                 body.seq, body.handle.c_str(), record->binding_seq + 1));
    }
    TxRequest request;
    request.kind = TxKind::BINDING;
    {
        LOCK(m_mutex);
        const XOnlyPubKey node{body.node};
        const auto origin = m_key_origins.find(node);
        if (origin == m_key_origins.end() || origin->second.branch != KeyBranch::NODE) {
            return Failure(WalletError::GENERIC, "Node " + HexStr(body.node) + " is not a node of this wallet");
        }
        auto secret = GetSecretLocked(node);
        if (const auto* failure = std::get_if<WalletFailure>(&secret)) return *failure;
        auto payload = BuildCountersignedBinding(body, std::get<CKey>(secret), owner_sig, m_chain.Params().genesis_hash);
        if (!payload) return Failure(WalletError::INVALID_PARAMETER, payload.error());
        request.payload = std::move(*payload);
    }
    auto sent = SendTransaction(request, fee);
    if (const auto* failure = std::get_if<WalletFailure>(&sent)) return *failure;
    return std::get<CreatedTx>(sent).tx->GetTxid();
}

} // namespace wallet
