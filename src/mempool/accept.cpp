// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Mempool::AcceptTransaction: what a transaction must pass to enter the pool, in the order of
// Bitcoin Core's MemPoolAccept (cheap checks first, signatures last):
//   PreChecks        consensus form, standardness, finality, duplicates, inputs (chain + pool),
//                    fee, fee floors, the registry claim
//   package limits   ancestors and descendants within -limitancestorcount ... (CalculateAncestors)
//   replacement      coins another pool transaction spends: BIP125-like rules (rbf.h)
//   signatures       one BIP340 check per input
//   registry state   the registry rules against the next block's state (registry_check.h)
//   registry keys    first seen wins; a later statement replaces only its own signer's (or is
//                    kept aside)
//   finalize         evict what is replaced, add (the fee estimator follows it while the chain
//                    is current), trim to -maxmempool

#include <mempool/mempool.h>

#include <chainstate/registry_store.h>
#include <consensus/registry_payload.h>
#include <consensus/tx_check.h>
#include <mempool/coins_view.h>
#include <mempool/policy.h>
#include <mempool/rbf.h>
#include <primitives/sighash.h>
#include <util/format.h>
#include <util/logging.h>
#include <validation/tx_verify.h>

#include <algorithm>
#include <cassert>

namespace mempool {

struct Mempool::Work {
    Work(const CTransactionRef& ptx_in, const AcceptOptions& options_in, validation::ChainstateManager& chainman_in,
         TxMempool& pool_in)
        : ptx{ptx_in}, tx{*ptx_in}, options{options_in}, chainman{chainman_in}, params{chainman_in.Params()},
          pool{pool_in}, coins_tip{chainman_in.CoinsTip()}, tip{chainman_in.ActiveTip()}
    {
    }

    const CTransactionRef& ptx;
    const CTransaction& tx;
    const AcceptOptions& options;
    validation::ChainstateManager& chainman;
    const consensus::ConsensusParams& params;
    TxMempool& pool;
    chainstate::CoinsViewCache& coins_tip;
    const chainstate::BlockIndex* tip;
    AcceptResult result{};
    int64_t total_size{0};
    uint32_t sigchecks{0};
    int64_t size{0};
    CAmount fee{0};
    CAmount modified_fee{0};
    std::vector<CTxOut> spent{};
    bool spends_coinbase{false};
    std::optional<RegistryClaim> claim{};
    int64_t valid_until{INT64_MAX}; //!< NextBlockRegistry::ValidUntil
    std::vector<std::string> registry_reads{}; //!< the records the registry check read
    EntrySet ancestors{};
    EntrySet conflicts{};          //!< pool entries spending a coin tx spends
    EntrySet registry_conflicts{}; //!< pool entries holding a registry key of tx
    EntrySet evict{};              //!< everything the addition removes
    std::vector<COutPoint> fetched{}; //!< coins the check pulled into the chain's cache

    consensus::TxValidationState& state() { return result.state; }
    bool Invalid(consensus::TxValidationResult kind, std::string_view reason, std::string_view debug = {})
    {
        return result.state.Invalid(kind, reason, debug);
    }
};

namespace {
using Work = Mempool::Work;

/** Bitcoin Core's MAX_FEE_ESTIMATION_TIP_AGE: a tip older than this means the node is catching up. */
constexpr int64_t MAX_FEE_ESTIMATION_TIP_AGE = 3 * 60 * 60;

/**
 * Whether a transaction entering now says how long transactions wait for a block (Bitcoin Core's
 * IsCurrentForFeeEstimation): not in initial block download, a tip at most
 * MAX_FEE_ESTIMATION_TIP_AGE old by the node's clock, and no known header more than one block
 * ahead of it. While the node catches up, the blocks that would confirm what enters were mined
 * long ago, so the wait the estimator would count says nothing about fees.
 */
bool IsCurrentForFeeEstimation(const validation::ChainstateManager& chainman) EXCLUSIVE_LOCKS_REQUIRED(chainman.GetMutex())
{
    if (chainman.IsInitialBlockDownload()) return false;
    const chainstate::BlockIndex* tip = chainman.ActiveTip();
    if (tip == nullptr || tip->GetBlockTime() < chainman.Now() - MAX_FEE_ESTIMATION_TIP_AGE) return false;
    const chainstate::BlockIndex* best = chainman.BestHeader();
    return best == nullptr || best->height <= tip->height + 1;
}

/** `w.pool` is `held`, whose lock the caller holds. The analysis cannot see that a reference
 *  member aliases the Mempool's pool; the assert checks it at run time. */
void AssertSamePool(const Work& w, const TxMempool& held) EXCLUSIVE_LOCKS_REQUIRED(held.GetMutex())
    ASSERT_EXCLUSIVE_LOCK(w.pool.GetMutex())
{
    assert(&w.pool == &held);
}

/** The checks of the transaction alone: form, standardness, finality, not in the pool. */
bool PreChecks(Work& w) EXCLUSIVE_LOCKS_REQUIRED(w.pool.GetMutex())
{
    w.total_size = static_cast<int64_t>(w.tx.GetTotalSize());
    if (!CheckTransaction(w.tx, static_cast<size_t>(w.total_size), w.params, w.state())) return false;
    if (w.tx.IsCoinBase()) return w.Invalid(consensus::TxValidationResult::TX_CONSENSUS, "coinbase");
    w.sigchecks = consensus::GetSigCheckCount(w.tx);
    w.size = GetPolicySize(w.total_size, w.sigchecks);
    w.result.size = w.size;
    const MempoolOptions& opts = w.pool.Options();
    if (opts.require_standard && !IsStandardTx(w.tx, w.total_size, w.sigchecks, opts.dust_relay_fee, w.state())) {
        return false;
    }
    if (!consensus::IsFinalTx(w.tx, w.tip->height + 1, w.tip->GetMedianTimePast())) {
        return w.Invalid(consensus::TxValidationResult::TX_PREMATURE_SPEND, "non-final");
    }
    if (w.pool.FindWtxidLocked(w.tx.GetWtxid())) return w.Invalid(consensus::TxValidationResult::TX_CONFLICT, "txn-already-in-mempool");
    if (w.pool.FindLocked(w.tx.GetTxid())) {
        return w.Invalid(consensus::TxValidationResult::TX_CONFLICT, "txn-same-nonwitness-data-in-mempool");
    }
    for (const CTxIn& in : w.tx.vin) {
        if (const MempoolEntry* spender = w.pool.GetSpenderLocked(in.prevout)) w.conflicts.insert(spender);
    }
    return true;
}

/** Inputs against `base` (the chain's coins plus the pool's outputs): present, mature, enough;
 * the fee and the value the registry locks. */
bool CheckInputs(Work& w, chainstate::CoinsView& base)
{
    chainstate::CoinsViewCache view{&base};
    for (const CTxIn& in : w.tx.vin) {
        if (!w.coins_tip.HaveCoinInCache(in.prevout)) w.fetched.push_back(in.prevout);
        if (view.HaveCoin(in.prevout)) continue;
        for (uint32_t n = 0; n < w.tx.vout.size(); ++n) {
            if (w.coins_tip.HaveCoin(COutPoint{w.tx.GetTxid(), n})) {
                return w.Invalid(consensus::TxValidationResult::TX_CONFLICT, "txn-already-known");
            }
        }
        return w.Invalid(consensus::TxValidationResult::TX_MISSING_INPUTS, "bad-txns-inputs-missingorspent",
                         StrFormat("input %s", in.prevout.ToString().c_str()));
    }
    const consensus::RegistryValueFlow flow = consensus::GetRegistryValueFlow(w.tx, w.params.registry);
    if (!validation::CheckTxInputs(w.tx, w.state(), view, w.tip->height + 1, w.params.coinbase_maturity, flow.released,
                                   w.fee, w.spent)) {
        return false;
    }
    for (const CTxIn& in : w.tx.vin) w.spends_coinbase |= view.AccessCoin(in.prevout).IsCoinBase();
    w.fee -= flow.locked;
    if (w.fee < 0) {
        return w.Invalid(consensus::TxValidationResult::TX_CONSENSUS, "bad-txns-registry-underpaid",
                         "inputs do not cover the outputs plus the burned fee, bond or deposit");
    }
    w.result.base_fee = w.fee;
    return true;
}

/** The fee against -maxfeerate (sendrawtransaction), -minrelaytxfee and the pool's floor. */
bool CheckFees(Work& w) EXCLUSIVE_LOCKS_REQUIRED(w.pool.GetMutex())
{
    w.modified_fee = w.fee + w.pool.GetDeltaLocked(w.tx.GetTxid());
    if (w.options.max_fee_rate && w.fee > w.options.max_fee_rate->GetFee(w.size)) {
        return w.Invalid(consensus::TxValidationResult::TX_MEMPOOL_POLICY, "max-fee-exceeded",
                         StrFormat("%lld > %lld", (long long)w.fee, (long long)w.options.max_fee_rate->GetFee(w.size)));
    }
    if (w.options.bypass_limits) return true;
    const CAmount min_relay = w.pool.Options().min_relay_fee.GetFee(w.size);
    if (w.modified_fee < min_relay) {
        return w.Invalid(consensus::TxValidationResult::TX_MEMPOOL_POLICY, "min relay fee not met",
                         StrFormat("%lld < %lld", (long long)w.modified_fee, (long long)min_relay));
    }
    const CAmount floor = w.pool.GetMinFeeLocked().GetFee(w.size);
    if (floor > 0 && w.modified_fee < floor) {
        return w.Invalid(consensus::TxValidationResult::TX_MEMPOOL_POLICY, "mempool min fee not met",
                         StrFormat("%lld < %lld", (long long)w.modified_fee, (long long)floor));
    }
    return true;
}

/** Package limits, then the replacement rules for coins a pool transaction spends. */
bool CheckPackage(Work& w) EXCLUSIVE_LOCKS_REQUIRED(w.pool.GetMutex())
{
    auto ancestors = w.pool.CalculateAncestorsLocked(w.tx, w.size, w.pool.Options().limits);
    if (!ancestors) return w.Invalid(consensus::TxValidationResult::TX_MEMPOOL_POLICY, "too-long-mempool-chain", ancestors.error());
    w.ancestors = std::move(*ancestors);
    if (w.conflicts.empty()) return true;
    if (!w.pool.Options().full_rbf && !SignalsReplacement(w.pool, w.conflicts)) {
        return w.Invalid(consensus::TxValidationResult::TX_MEMPOOL_POLICY, "txn-mempool-conflict");
    }
    if (!CollectEvictions(w.pool, w.conflicts, w.evict, w.state())) return false;
    return CheckReplacement(w.pool, w.tx, w.modified_fee, w.size, w.ancestors, w.conflicts, w.evict,
                            w.pool.Options().incremental_relay_fee, w.state());
}

/** One BIP340 check per input. */
bool CheckSignatures(Work& w)
{
    auto pre = PrecomputeTxData(w.tx, std::span<const CTxOut>{w.spent});
    if (!pre) return w.Invalid(consensus::TxValidationResult::TX_CONSENSUS, "bad-txns-witness", "spent outputs do not match the inputs");
    for (size_t i = 0; i < w.tx.vin.size(); ++i) {
        if (const char* reason = validation::VerifyInput(w.tx, i, w.spent[i], *pre, w.params.genesis_hash)) {
            return w.Invalid(consensus::TxValidationResult::TX_CONSENSUS, reason, StrFormat("input %u", (unsigned)i));
        }
    }
    return true;
}

/** Whether `claim` carries a strict superset of the receipts `held` carries. Anyone may submit
 * a target's receipts, so a copy paying more must not push out the original: only more
 * receipts of the same (target, epoch) may. */
bool CarriesMoreReceipts(const RegistryClaim& claim, const RegistryClaim& held)
{
    if (!claim.receipts || !held.receipts) return false;
    return claim.receipts->size() > held.receipts->size() &&
           std::includes(claim.receipts->begin(), claim.receipts->end(), held.receipts->begin(), held.receipts->end());
}

/**
 * The first-seen rule for the registry keys `w.registry_conflicts` hold. Returns whether `w.tx`
 * may replace them (adding them to w.evict); otherwise `why` says why not.
 */
bool MayReplaceStatements(Work& w, std::string& why) EXCLUSIVE_LOCKS_REQUIRED(w.pool.GetMutex())
{
    EntrySet holders_evict;
    consensus::TxValidationState evict_state;
    if (!CollectEvictions(w.pool, w.registry_conflicts, holders_evict, evict_state)) {
        why = evict_state.GetDebugMessage();
        return false;
    }
    bool higher_total = w.claim->total.has_value();
    for (const MempoolEntry* holder : w.registry_conflicts) {
        const RegistryClaim& held = *holder->GetClaim();
        if (held.signer != w.claim->signer) {
            why = "a statement signed by another key holds one of its keys";
            return false;
        }
        higher_total &= held.total.has_value() && *w.claim->total > *held.total;
        if (held.receipts && !CarriesMoreReceipts(*w.claim, held)) {
            why = "probe receipts are replaced only by a transaction carrying all their receipts and more";
            return false;
        }
    }
    for (const MempoolEntry* a : w.ancestors) {
        if (holders_evict.count(a)) {
            why = "it spends the statement it would replace";
            return false;
        }
    }
    const CAmount held_fees = ModifiedFees(holders_evict);
    const CAmount relay = w.pool.Options().incremental_relay_fee.GetFee(w.size);
    if (w.modified_fee < held_fees + relay && !(higher_total && w.modified_fee >= held_fees)) {
        why = StrFormat("fee %lld does not exceed the held statement's %lld by %lld%s", (long long)w.modified_fee,
                        (long long)held_fees, (long long)relay, w.claim->total ? " and its voucher total is not higher" : "");
        return false;
    }
    w.evict.insert(holders_evict.begin(), holders_evict.end());
    if (w.evict.size() > MAX_REPLACEMENT_CANDIDATES) {
        why = "too many potential replacements";
        return false;
    }
    return true;
}
} // namespace

AcceptResult Mempool::AcceptTransaction(const CTransactionRef& tx, const AcceptOptions& options)
{
    WaitForChainSync();
    LOCK(m_chainman.GetMutex());
    LOCK(m_pool->GetMutex());
    return AcceptLocked(tx, options);
}

bool Mempool::WaitForChainSync()
{
    validation::ValidationSignals* signals = m_pool->Options().signals;
    for (int attempt = 0; attempt < 3; ++attempt) {
        uint256 chain_tip;
        {
            LOCK(m_chainman.GetMutex());
            if (m_chainman.ActiveTip()) chain_tip = m_chainman.ActiveTip()->hash;
        }
        if (SyncedTip() == chain_tip || signals == nullptr) return true;
        signals->SyncWithQueue();
    }
    return false;
}

AcceptResult Mempool::AcceptLocked(const CTransactionRef& ptx, const AcceptOptions& options,
                                   chainstate::CoinsView* extra_coins)
{
    Work w{ptx, options, m_chainman, *m_pool};
    AssertSamePool(w, *m_pool);
    if (w.tip == nullptr) {
        w.Invalid(consensus::TxValidationResult::TX_MEMPOOL_POLICY, "no-chain-tip");
        return std::move(w.result);
    }
    CoinsViewMempool pool_view{&w.coins_tip, *m_pool};
    chainstate::CoinsView& base = extra_coins ? *extra_coins : static_cast<chainstate::CoinsView&>(pool_view);
    const bool ok = PreChecks(w) && CheckInputs(w, base) && CheckFees(w) && CheckPackage(w) && CheckSignatures(w) &&
                    CheckRegistryState(w) && CheckRegistryKeys(w);
    if (!ok) {
        // Coins a refused transaction pulled into the chain's cache go again (memory DoS).
        for (const COutPoint& outpoint : w.fetched) w.coins_tip.Uncache(outpoint);
        return std::move(w.result);
    }
    if (!options.test_accept) Finalize(w);
    return std::move(w.result);
}

bool Mempool::CheckRegistryState(Work& w)
{
    AssertSamePool(w, *m_pool);
    w.claim = GetRegistryClaim(w.tx, w.spent);
    if (!w.claim) return true;
    for (const std::string& key : w.claim->keys) {
        if (const MempoolEntry* holder = w.pool.GetKeyHolderLocked(key)) w.registry_conflicts.insert(holder);
    }
    consensus::TxValidationState registry_state;
    if (m_registry_check.Check(w.tx, *w.tip, w.coins_tip, w.params, registry_state, &w.registry_reads)) {
        w.valid_until = m_registry_check.ValidUntil(w.tx, *w.tip, w.coins_tip, w.params);
        return true;
    }
    // The outcome depends on the chain the sender saw: never a peer's fault.
    return w.Invalid(consensus::TxValidationResult::TX_CONFLICT, registry_state.GetRejectReason(), registry_state.GetDebugMessage());
}

bool Mempool::CheckRegistryKeys(Work& w)
{
    AssertSamePool(w, *m_pool);
    if (w.registry_conflicts.empty()) return true;
    std::string why;
    if (MayReplaceStatements(w, why)) return true;
    if (!w.options.test_accept) {
        m_aside.Add(w.ptx);
        w.result.kept_aside = true;
        LogDebug(BCLog::MEMPOOL, "Registry conflict: %s kept aside (%s)", w.tx.GetTxid().GetHex().c_str(), why.c_str());
    }
    return w.Invalid(consensus::TxValidationResult::TX_CONFLICT, "txn-registry-conflict", why);
}

void Mempool::Finalize(Work& w)
{
    AssertSamePool(w, *m_pool);
    for (const MempoolEntry* e : w.evict) {
        w.result.replaced.push_back(e->GetTxid());
        LogDebug(BCLog::MEMPOOL, "replacing mempool tx %s with %s", e->GetTxid().GetHex().c_str(),
                 w.tx.GetTxid().GetHex().c_str());
    }
    w.pool.RemoveStagedLocked(w.evict, RemovalReason::REPLACED);
    const int64_t time = w.options.accept_time.value_or(w.pool.Now());
    MempoolEntry entry{w.ptx, w.fee, time, w.tip->height, w.pool.GetSequenceLocked() + 1, w.sigchecks, w.spends_coinbase, w.claim};
    entry.SetValidUntil(w.valid_until);
    entry.SetRegistryReads(std::move(w.registry_reads));
    // The estimator follows what enters by relay while the chain is current (not reorg re-adds,
    // mempool.dat, or a node catching up).
    const bool track_fee = !w.options.bypass_limits && IsCurrentForFeeEstimation(m_chainman);
    w.pool.AddUncheckedLocked(std::move(entry), w.ancestors, track_fee);
    m_aside.Remove(w.tx.GetTxid());
    if (w.options.bypass_limits) return;
    LimitSizeLocked();
    if (!w.pool.FindLocked(w.tx.GetTxid())) w.Invalid(consensus::TxValidationResult::TX_MEMPOOL_POLICY, "mempool full");
}

void Mempool::LimitSizeLocked()
{
    AssertLockHeld(m_chainman.GetMutex());
    m_pool->ExpireLocked(m_pool->Now() - m_pool->Options().expiry_seconds);
    for (const COutPoint& outpoint : m_pool->TrimToSizeLocked(static_cast<size_t>(m_pool->Options().max_size_bytes))) {
        m_chainman.CoinsTip().Uncache(outpoint);
    }
}

std::vector<std::optional<AcceptResult>> Mempool::TestAcceptPackage(const std::vector<CTransactionRef>& txs,
                                                                    std::optional<FeeRate> max_fee_rate)
{
    WaitForChainSync();
    LOCK(m_chainman.GetMutex());
    LOCK(m_pool->GetMutex());
    std::vector<std::optional<AcceptResult>> results(txs.size());
    // Earlier transactions of the package act as if in the pool: their outputs are coins and
    // the coins they spend are gone.
    CoinsViewMempool pool_view{&m_chainman.CoinsTip(), *m_pool};
    chainstate::CoinsViewCache package_view{&pool_view};
    AcceptOptions options;
    options.test_accept = true;
    options.max_fee_rate = max_fee_rate;
    for (size_t i = 0; i < txs.size(); ++i) {
        results[i] = AcceptLocked(txs[i], options, &package_view);
        if (!results[i]->IsValid()) break;
        for (const CTxIn& in : txs[i]->vin) (void)package_view.SpendCoin(in.prevout);
        for (uint32_t n = 0; n < txs[i]->vout.size(); ++n) {
            package_view.AddCoin(COutPoint{txs[i]->GetTxid(), n}, chainstate::Coin{txs[i]->vout[n], MEMPOOL_HEIGHT, false},
                                 /*possible_overwrite=*/true);
        }
    }
    return results;
}

} // namespace mempool
