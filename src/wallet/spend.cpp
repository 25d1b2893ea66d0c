// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Wallet: building, signing, committing and broadcasting transactions (wallet/wallet.h).

#include <wallet/wallet.h>

#include <consensus/params.h>
#include <consensus/tx_check.h>
#include <crypto/random.h>
#include <primitives/sighash.h>
#include <util/format.h>
#include <util/logging.h>
#include <util/time.h>
#include <wallet/coinselection.h>

#include <algorithm>

namespace wallet {

namespace {
/** Serialized size of an input spending each lock type, signatures included. */
constexpr int64_t INPUT_SIZE_KEY_HASH = CTxIn::MIN_BASE_SIZE + 1 + 1 + 32 + 1 + 64;
constexpr int64_t INPUT_SIZE_KEY = CTxIn::MIN_BASE_SIZE + 1 + 1 + 64;
constexpr int64_t MAX_STANDARD_TX_SIZE = 100'000;
/** RBF signalling sequence (Bitcoin Core's MAX_BIP125_RBF_SEQUENCE). */
constexpr uint32_t SEQUENCE_RBF = SEQUENCE_FINAL - 2;

int64_t InputSize(const OutputLock& lock) { return lock.type == LockType::KEY ? INPUT_SIZE_KEY : INPUT_SIZE_KEY_HASH; }

/** fee = rate * size / 1000, rounded up (a rate is never undercut by rounding). */
CAmount FeeFor(CAmount rate_per_kb, int64_t size)
{
    if (rate_per_kb <= 0 || size <= 0) return 0;
    return (rate_per_kb * size + 999) / 1000;
}

std::array<uint8_t, 33> LockBytes(const OutputLock& lock)
{
    std::array<uint8_t, 33> out;
    out[0] = static_cast<uint8_t>(lock.type);
    std::copy(lock.program.begin(), lock.program.end(), out.begin() + 1);
    return out;
}

/** Fills every input's witness with a dummy signature of the right size (for sizing). */
void DummySign(CMutableTransaction& tx, const std::vector<CTxOut>& spent)
{
    for (size_t i = 0; i < tx.vin.size(); ++i) {
        if (spent[i].lock.type == LockType::KEY) {
            tx.vin[i].witness = {std::vector<uint8_t>(64)};
        } else {
            tx.vin[i].witness = {std::vector<uint8_t>(32), std::vector<uint8_t>(64)};
        }
    }
}
} // namespace

WalletResult<std::pair<CAmount, std::string>> Wallet::GetFeeRate(const FeeOptions& options) const
{
    const CAmount floor = std::max(m_options.min_tx_fee_per_kb, m_chain.MempoolMinFeePerKb());
    if (options.fee_rate_per_kb) {
        if (*options.fee_rate_per_kb < floor) {
            return WalletFailure{WalletError::GENERIC,
                                 StrFormat("Fee rate (%.3f units/B) is lower than the minimum fee rate setting (%.3f units/B)",
                                           *options.fee_rate_per_kb / 1000.0, floor / 1000.0)};
        }
        return std::pair{*options.fee_rate_per_kb, std::string{"User-specified"}};
    }
    const int target = options.conf_target.value_or(m_options.confirm_target);
    if (const auto estimate = m_chain.EstimateSmartFee(target, options.conservative)) {
        return std::pair{std::max(estimate->first, floor), StrFormat("Estimation for %d blocks", estimate->second)};
    }
    if (m_options.fallback_fee_per_kb > 0) return std::pair{std::max(m_options.fallback_fee_per_kb, floor), std::string{"Fallback fee"}};
    return WalletFailure{WalletError::GENERIC,
                         "Fee estimation failed. Fallbackfee is disabled. Wait a few blocks or enable -fallbackfee."};
}

WalletResult<CreatedTx> Wallet::CreateTransaction(const TxRequest& request, const FeeOptions& fee_options)
{
    const auto rate = GetFeeRate(fee_options);
    if (const auto* failure = std::get_if<WalletFailure>(&rate)) return *failure;
    const auto [rate_per_kb, fee_reason] = std::get<std::pair<CAmount, std::string>>(rate);

    CAmount recipients_total = 0;
    size_t subtract_count = 0;
    for (const Recipient& r : request.recipients) {
        if (r.amount <= 0) return WalletFailure{WalletError::INVALID_PARAMETER, "Invalid amount"};
        if (!r.subtract_fee && r.amount < m_chain.DustThreshold(CTxOut{r.amount, r.lock})) {
            return WalletFailure{WalletError::GENERIC, "Transaction amount too small"};
        }
        recipients_total += r.amount;
        if (!MoneyRange(recipients_total)) return WalletFailure{WalletError::INVALID_PARAMETER, "Transaction amounts out of range"};
        if (r.subtract_fee) ++subtract_count;
    }
    if (request.recipients.empty() && request.registry_locked == 0 && request.kind == TxKind::TRANSFER) {
        return WalletFailure{WalletError::INVALID_PARAMETER, "Transaction must have at least one recipient"};
    }

    // A change key, taken now (a failed send leaves an unused index behind, as in Bitcoin Core).
    auto change_key = GetNewKey(KeyBranch::CHANGE);
    if (const auto* failure = std::get_if<WalletFailure>(&change_key)) return *failure;
    const OutputLock change_lock = OutputLock::ForKeyHash(std::get<0>(change_key).first);

    LOCK(m_mutex);
    if (IsLockedLocked()) return WalletFailure{WalletError::UNLOCK_NEEDED, UNLOCK_NEEDED_MESSAGE};

    // The transaction without inputs, with a change output, to size it.
    CMutableTransaction base;
    base.kind = request.kind;
    base.payload = request.payload;
    for (const Recipient& r : request.recipients) base.vout.push_back(CTxOut{r.amount, r.lock});
    const CTxOut change_template{0, change_lock};
    const int64_t change_size = static_cast<int64_t>(CTxOut::SERIALIZED_SIZE);
    // The base size counts 3-byte input counts, so adding inputs never changes it.
    const int64_t base_size = static_cast<int64_t>(SerializedSize(base)) + 2 + change_size;
    const CAmount change_fee = FeeFor(rate_per_kb, change_size);
    const CAmount cost_of_change = change_fee + FeeFor(rate_per_kb, INPUT_SIZE_KEY_HASH);
    const CAmount min_change = m_chain.DustThreshold(change_template) + change_fee;

    // Candidate coins: spendable, not locked or reserved by a send in progress. When the fee is
    // taken from the recipients (subtractfeefromamount), they pay every input's fee too, so a
    // coin counts at its full value (Bitcoin Core's OutputGroup::GetSelectionAmount): the whole
    // balance can be sent, the fee coming out of it.
    const bool subtract_fee = subtract_count > 0;
    std::vector<SelectionCoin> candidates;
    std::vector<CTxOut> candidate_outs;
    std::vector<SelectionCoin> required;
    std::vector<CTxOut> required_outs;
    const auto available = AvailableCoinsLocked(request.min_depth, INT32_MAX, /*include_unsafe=*/false);
    for (const WalletCoin& coin : available) {
        if (m_reserved.count(coin.outpoint)) continue;
        const CAmount input_fee = FeeFor(rate_per_kb, InputSize(coin.txout.lock));
        SelectionCoin sc{coin.outpoint, coin.txout.value, input_fee, coin.txout.value - (subtract_fee ? 0 : input_fee)};
        const bool is_required = std::find(request.required_inputs.begin(), request.required_inputs.end(), coin.outpoint) !=
                                 request.required_inputs.end();
        (is_required ? required : candidates).push_back(sc);
        (is_required ? required_outs : candidate_outs).push_back(coin.txout);
    }
    if (required.size() != request.required_inputs.size()) {
        return WalletFailure{WalletError::GENERIC, "A coin this transaction must spend is not available (spent or unconfirmed)"};
    }
    CAmount required_effective = 0;
    for (const SelectionCoin& c : required) required_effective += c.effective_value;

    const CAmount not_input_fee = FeeFor(rate_per_kb, base_size - change_size);
    SelectionParams params;
    params.target = recipients_total + request.registry_locked - request.registry_released - required_effective +
                    (subtract_fee ? 0 : not_input_fee);
    params.cost_of_change = cost_of_change;
    params.min_change = min_change;
    params.max_inputs = static_cast<size_t>((MAX_STANDARD_TX_SIZE - base_size) / INPUT_SIZE_KEY_HASH);

    std::vector<SelectionCoin> chosen = required;
    std::vector<CTxOut> spent = required_outs;
    if (params.target > 0) {
        FastRandomContext rng;
        const auto selection = ChooseSelection(candidates, params, rng);
        if (!selection) {
            CAmount have = 0;
            for (const SelectionCoin& c : candidates) have += c.value;
            return WalletFailure{WalletError::INSUFFICIENT_FUNDS, have + required_effective >= params.target
                                                                      ? "Insufficient funds (the coins would not even pay their own fees)"
                                                                      : "Insufficient funds"};
        }
        for (const size_t i : selection->chosen) {
            chosen.push_back(candidates[i]);
            spent.push_back(candidate_outs[i]);
        }
    }

    // Assemble: inputs in random order (privacy), then the fee and the change.
    CMutableTransaction tx = base;
    {
        FastRandomContext rng;
        for (size_t i = chosen.size(); i > 1; --i) {
            const size_t j = rng.RandRange(i);
            std::swap(chosen[i - 1], chosen[j]);
            std::swap(spent[i - 1], spent[j]);
        }
    }
    CAmount inputs_value = 0;
    for (size_t i = 0; i < chosen.size(); ++i) {
        tx.vin.push_back(CTxIn{chosen[i].outpoint, SEQUENCE_RBF, {}});
        inputs_value += chosen[i].value;
    }
    if (tx.vin.empty() && request.registry_released == 0) {
        return WalletFailure{WalletError::INSUFFICIENT_FUNDS, "Insufficient funds"};
    }
    const uint32_t sigchecks = consensus::GetSigCheckCount(CTransaction{tx});
    // Exact sizes, with dummy signatures of the final size, with and without a change output.
    // rate_per_kb is captured by copy: clang before 16 cannot capture a structured binding.
    auto fee_of = [&, rate = rate_per_kb](bool with_change) {
        CMutableTransaction sized = tx;
        if (with_change) sized.vout.push_back(change_template);
        DummySign(sized, spent);
        return FeeFor(rate, m_chain.PolicySize(static_cast<int64_t>(SerializedSize(sized)), sigchecks));
    };
    const CAmount fee_with_change = fee_of(true);
    const CAmount fee_without_change = fee_of(false);
    const CAmount available_value = inputs_value + request.registry_released - request.registry_locked;
    const CAmount leftover = available_value - recipients_total; // before the fee
    CAmount fee = 0;
    CAmount to_subtract = 0; // taken from the subtract_fee recipients
    std::optional<uint32_t> change_position;
    auto add_change = [&](CAmount value) {
        FastRandomContext rng;
        change_position = static_cast<uint32_t>(rng.RandRange(tx.vout.size() + 1));
        tx.vout.insert(tx.vout.begin() + *change_position, CTxOut{value, change_lock});
    };
    if (subtract_count == 0) {
        const CAmount change = leftover - fee_with_change;
        if (change >= m_chain.DustThreshold(CTxOut{change, change_lock})) {
            fee = fee_with_change;
            add_change(change);
        } else {
            fee = leftover; // dust change is given to the fee
            if (fee < fee_without_change) return WalletFailure{WalletError::INSUFFICIENT_FUNDS, "Insufficient funds"};
        }
    } else if (leftover >= min_change) {
        fee = fee_with_change;
        to_subtract = fee_with_change;
        add_change(leftover);
    } else {
        // No change: what is left over pays part of the fee, the recipients the rest.
        to_subtract = std::max<CAmount>(0, fee_without_change - leftover);
        fee = leftover + to_subtract;
    }
    if (to_subtract > 0) {
        size_t seen = 0;
        for (size_t r = 0, out = 0; r < request.recipients.size(); ++r, ++out) {
            if (change_position && out == *change_position) ++out;
            if (!request.recipients[r].subtract_fee) continue;
            CAmount share = to_subtract / static_cast<CAmount>(subtract_count);
            if (seen++ == 0) share += to_subtract % static_cast<CAmount>(subtract_count);
            tx.vout[out].value -= share;
            if (tx.vout[out].value < m_chain.DustThreshold(tx.vout[out])) {
                return WalletFailure{WalletError::GENERIC, "The transaction amount is too small to pay the fee"};
            }
        }
    }
    if (fee > m_options.max_tx_fee) {
        return WalletFailure{WalletError::GENERIC, "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)"};
    }
    if (request.finalize) {
        if (auto error = request.finalize(tx)) return WalletFailure{WalletError::GENERIC, *error};
    }
    DummySign(tx, spent);
    if (static_cast<int64_t>(SerializedSize(tx)) > MAX_STANDARD_TX_SIZE) {
        return WalletFailure{WalletError::GENERIC, "Transaction too large"};
    }
    if (auto res = SignTransactionLocked(tx, spent); !res) return WalletFailure{WalletError::UNLOCK_NEEDED, res.error()};
    for (const CTxIn& in : tx.vin) m_reserved.insert(in.prevout);
    CreatedTx out;
    out.tx = MakeTransactionRef(std::move(tx));
    out.spent = std::move(spent);
    out.fee = fee;
    out.fee_rate_per_kb = rate_per_kb;
    out.fee_reason = fee_reason;
    out.change_position = change_position;
    return out;
}

util::Result<void> Wallet::SignTransactionLocked(CMutableTransaction& tx, const std::vector<CTxOut>& spent)
{
    const auto pre = PrecomputeTxData(tx, std::span<const CTxOut>{spent});
    if (!pre) return util::Error{"Error: cannot sign: the spent outputs do not match the inputs"};
    const uint256& genesis = m_chain.Params().genesis_hash;
    for (size_t i = 0; i < tx.vin.size(); ++i) {
        const auto it = m_lock_keys.find(LockBytes(spent[i].lock));
        if (it == m_lock_keys.end()) return util::Error{"Error: an input is not the wallet's to sign"};
        const KeyOrigin& origin = m_key_origins.at(it->second);
        auto chain = m_chains.find(origin.chain_id);
        if (chain == m_chains.end() || !chain->second.HasSecret()) return util::Error{UNLOCK_NEEDED_MESSAGE};
        const auto key = chain->second.GetKey(origin.branch, origin.index);
        if (!key) return util::Error{UNLOCK_NEEDED_MESSAGE};
        const auto hash = SignatureHash(tx, i, *pre, genesis);
        const auto sig = hash ? key->Sign(hash->span()) : std::nullopt;
        if (!sig) return util::Error{"Error: signing failed"};
        if (spent[i].lock.type == LockType::KEY) {
            tx.vin[i].witness = {std::vector<uint8_t>(sig->begin(), sig->end())};
        } else {
            const auto pub = it->second.bytes();
            tx.vin[i].witness = {std::vector<uint8_t>(pub.begin(), pub.end()), std::vector<uint8_t>(sig->begin(), sig->end())};
        }
    }
    return {};
}

void Wallet::CancelTransaction(const CreatedTx& created)
{
    LOCK(m_mutex);
    for (const CTxIn& in : created.tx->vin) m_reserved.erase(in.prevout);
}

void Wallet::StoreCreatedLocked(const CreatedTx& created, const std::string& comment, const std::string& comment_to, bool held)
{
    const CTransactionRef& tx = created.tx;
    AddToWalletLocked(tx, TxStateInactive{}, 0, [&](WalletTx& wtx) {
        wtx.from_me = true;
        wtx.spent_outputs = created.spent;
        wtx.comment = comment;
        wtx.comment_to = comment_to;
        wtx.held = held;
    });
    for (const CTxOut& out : tx->vout) {
        if (auto key = m_lock_keys.find(LockBytes(out.lock)); key != m_lock_keys.end()) MarkKeyUsedLocked(m_key_origins.at(key->second));
    }
    SyncRegistryLocked(*tx);
}

void Wallet::ForgetTxLocked(const CTransaction& tx)
{
    m_txs.erase(tx.GetTxid());
    for (const CTxIn& in : tx.vin) {
        m_reserved.erase(in.prevout);
        const auto range = m_spends.equal_range(in.prevout);
        for (auto it = range.first; it != range.second;) it = it->second == tx.GetTxid() ? m_spends.erase(it) : std::next(it);
    }
    UnindexTxLocked(tx);
}

WalletResult<uint256> Wallet::CommitTransaction(const CreatedTx& created, const std::string& comment,
                                                const std::string& comment_to, bool held)
{
    const CTransactionRef& tx = created.tx;
    // Check with the mempool first, so a transaction it would refuse never marks coins spent.
    if (!held && m_chain.HasMempool()) {
        const auto check = m_chain.BroadcastTransaction(tx, 0, /*test_only=*/true);
        if (const auto* error = std::get_if<interfaces::BroadcastError>(&check)) {
            CancelTransaction(created);
            return WalletFailure{WalletError::VERIFY_REJECTED, "The transaction was rejected: " + error->reason};
        }
    }
    {
        LOCK(m_mutex);
        DbTransaction txn{*m_db};
        StoreCreatedLocked(created, comment, comment_to, held);
        auto res = txn.Commit();
        for (const CTxIn& in : tx->vin) m_reserved.erase(in.prevout);
        if (!res) {
            ForgetTxLocked(*tx);
            return WalletFailure{WalletError::DATABASE, "Error: the transaction could not be saved: " + res.error()};
        }
    }
    LogInfo("Wallet \"%s\": committed %s (fee %lld)%s", m_name.c_str(), tx->GetTxid().GetHex().c_str(), (long long)created.fee,
            held ? ", held" : "");
    if (!held) Broadcast(tx);
    return tx->GetTxid();
}

WalletResult<uint256> Wallet::CommitGroup(const std::vector<CreatedTx>& group,
                                          const std::function<std::optional<WalletFailure>()>& extra, bool hold_all)
{
    assert(!group.empty());
    const CTransactionRef& first = group.front().tx;
    if (!hold_all && m_chain.HasMempool()) {
        const auto check = m_chain.BroadcastTransaction(first, 0, /*test_only=*/true);
        if (const auto* error = std::get_if<interfaces::BroadcastError>(&check)) {
            for (const CreatedTx& created : group) CancelTransaction(created);
            return WalletFailure{WalletError::VERIFY_REJECTED, "The transaction was rejected: " + error->reason};
        }
    }
    {
        LOCK(m_mutex);
        DbTransaction txn{*m_db};
        if (auto refused = extra ? extra() : std::nullopt) {
            // Nothing was stored: the transaction rolls back and the inputs are free again.
            for (const CreatedTx& created : group) {
                for (const CTxIn& in : created.tx->vin) m_reserved.erase(in.prevout);
            }
            return *refused;
        }
        for (size_t i = 0; i < group.size(); ++i) StoreCreatedLocked(group[i], "", "", /*held=*/hold_all || i > 0);
        auto res = txn.Commit();
        for (const CreatedTx& created : group) {
            for (const CTxIn& in : created.tx->vin) m_reserved.erase(in.prevout);
        }
        if (!res) {
            for (const CreatedTx& created : group) ForgetTxLocked(*created.tx);
            return WalletFailure{WalletError::DATABASE, "Error: the transactions could not be saved: " + res.error()};
        }
    }
    for (const CreatedTx& created : group) {
        LogInfo("Wallet \"%s\": committed %s (fee %lld)%s", m_name.c_str(), created.tx->GetTxid().GetHex().c_str(),
                (long long)created.fee, created.tx == first && !hold_all ? "" : ", held");
    }
    if (!hold_all) Broadcast(first);
    return first->GetTxid();
}

WalletResult<CreatedTx> Wallet::SendTransaction(const TxRequest& request, const FeeOptions& fee, bool held)
{
    BlockUntilSyncedToCurrentChain();
    auto created = CreateTransaction(request, fee);
    if (const auto* failure = std::get_if<WalletFailure>(&created)) return *failure;
    auto committed = CommitTransaction(std::get<CreatedTx>(created), "", "", held);
    if (const auto* failure = std::get_if<WalletFailure>(&committed)) return *failure;
    return std::get<CreatedTx>(created);
}

CAmount Wallet::ChainedTxFeeLocked(TxKind kind, const Payload& payload, CAmount rate_per_kb) const
{
    CMutableTransaction tx;
    tx.kind = kind;
    tx.payload = payload;
    tx.vin.push_back(CTxIn{COutPoint{}, SEQUENCE_RBF, {}});
    tx.vout.push_back(CTxOut{0, OutputLock::ForKeyHash(XOnlyPubKey{})});
    const std::vector<CTxOut> spent{CTxOut{0, OutputLock::ForKeyHash(XOnlyPubKey{})}};
    DummySign(tx, spent);
    const uint32_t sigchecks = consensus::GetSigCheckCount(CTransaction{tx});
    return FeeFor(rate_per_kb, m_chain.PolicySize(static_cast<int64_t>(SerializedSize(tx)), sigchecks));
}

WalletResult<CreatedTx> Wallet::CreateChainedTxLocked(TxKind kind, const Payload& payload, const COutPoint& prevout,
                                                      const CTxOut& prev, CAmount locked, CAmount out_value,
                                                      const OutputLock& out_lock)
{
    CMutableTransaction tx;
    tx.kind = kind;
    tx.payload = payload;
    tx.vin.push_back(CTxIn{prevout, SEQUENCE_RBF, {}});
    tx.vout.push_back(CTxOut{out_value, out_lock});
    const std::vector<CTxOut> spent{prev};
    if (auto res = SignTransactionLocked(tx, spent); !res) return WalletFailure{WalletError::UNLOCK_NEEDED, res.error()};
    CreatedTx out;
    out.tx = MakeTransactionRef(std::move(tx));
    out.spent = spent;
    out.fee = prev.value - locked - out_value;
    out.fee_reason = "Chained";
    return out;
}

void Wallet::Broadcast(const CTransactionRef& tx)
{
    if (!m_chain.HasMempool()) return;
    const auto res = m_chain.BroadcastTransaction(tx, 0, /*test_only=*/false);
    if (const auto* error = std::get_if<interfaces::BroadcastError>(&res)) {
        LogInfo("Wallet \"%s\": %s not accepted by the mempool now (%s); it will be rebroadcast", m_name.c_str(),
                tx->GetTxid().GetHex().c_str(), error->reason.c_str());
        return;
    }
    // Accepted: mark it in the mempool now rather than when the notification queue gets there
    // (as Bitcoin Core's SubmitTxMemoryPoolAndRelay), so a send's change is trusted, in
    // getbalance and spendable, as soon as the send returns. The notification does the same again.
    if (m_chain.IsInMempool(tx->GetTxid())) TransactionAddedToMempool(tx, 0);
}

void Wallet::ResubmitTransactions()
{
    if (!m_chain.HasMempool()) return;
    std::vector<CTransactionRef> todo;
    {
        LOCK(m_mutex);
        for (const auto& [txid, wtx] : m_txs) {
            if (wtx.Depth(m_last_block.height) != 0 || wtx.IsAbandoned() || wtx.held || wtx.IsCoinBase()) continue;
            if (!wtx.from_me && !IsFromMeLocked(*wtx.tx)) continue;
            todo.push_back(wtx.tx);
        }
    }
    // Parents first: the order in which the wallet created them.
    std::sort(todo.begin(), todo.end(), [&](const CTransactionRef& a, const CTransactionRef& b) {
        LOCK(m_mutex);
        return m_txs.at(a->GetTxid()).order < m_txs.at(b->GetTxid()).order;
    });
    for (const CTransactionRef& tx : todo) {
        if (!m_chain.IsInMempool(tx->GetTxid())) Broadcast(tx);
        if (!m_chain.IsInMempool(tx->GetTxid())) continue;
        // In the pool (also when it was there before the wallet listened): say so.
        LOCK(m_mutex);
        auto it = m_txs.find(tx->GetTxid());
        if (it != m_txs.end() && it->second.Depth(m_last_block.height) == 0 && !it->second.IsInMempool()) {
            it->second.state = TxStateInMempool{};
            WriteTxLocked(it->second);
        }
    }
}

} // namespace wallet
