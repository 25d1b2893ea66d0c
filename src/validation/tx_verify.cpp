// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <validation/tx_verify.h>

#include <crypto/key.h>
#include <primitives/amount.h>
#include <util/logging.h>
#include <util/format.h>

namespace validation {

bool CheckTxInputs(const CTransaction& tx, consensus::TxValidationState& state, const chainstate::CoinsViewCache& view,
                   int spend_height, int coinbase_maturity, CAmount registry_released, CAmount& fee,
                   std::vector<CTxOut>& spent)
{
    spent.clear();
    spent.reserve(tx.vin.size());
    if (!MoneyRange(registry_released)) return state.Invalid(consensus::TxValidationResult::TX_CONSENSUS, "bad-txns-inputvalues-outofrange");
    // A node withdrawal's value comes out of the node's balance (the registry rules check it).
    CAmount value_in = registry_released;
    for (const CTxIn& in : tx.vin) {
        const chainstate::Coin& coin = view.AccessCoin(in.prevout);
        if (coin.IsSpent()) {
            return state.Invalid(consensus::TxValidationResult::TX_MISSING_INPUTS, "bad-txns-inputs-missingorspent",
                                 StrFormat("%s: input %s", tx.GetTxid().GetHex().c_str(), in.prevout.ToString().c_str()));
        }
        if (coin.IsCoinBase() && spend_height - static_cast<int>(coin.height) < coinbase_maturity) {
            return state.Invalid(consensus::TxValidationResult::TX_PREMATURE_SPEND, "bad-txns-premature-spend-of-coinbase",
                                 StrFormat("tried to spend coinbase at depth %d", spend_height - static_cast<int>(coin.height)));
        }
        value_in += coin.out.value;
        if (!MoneyRange(coin.out.value) || !MoneyRange(value_in)) {
            return state.Invalid(consensus::TxValidationResult::TX_CONSENSUS, "bad-txns-inputvalues-outofrange");
        }
        spent.push_back(coin.out);
    }
    const std::optional<CAmount> value_out = tx.GetValueOut();
    if (!value_out) return state.Invalid(consensus::TxValidationResult::TX_CONSENSUS, "bad-txns-txouttotal-toolarge");
    if (value_in < *value_out) {
        return state.Invalid(consensus::TxValidationResult::TX_CONSENSUS, "bad-txns-in-belowout",
                             StrFormat("value in (%lld) < value out (%lld)", (long long)value_in, (long long)*value_out));
    }
    fee = value_in - *value_out;
    if (!MoneyRange(fee)) return state.Invalid(consensus::TxValidationResult::TX_CONSENSUS, "bad-txns-fee-outofrange");
    return true;
}

const char* VerifyInput(const CTransaction& tx, size_t index, const CTxOut& spent, const PrecomputedTxData& pre,
                        const uint256& genesis_hash)
{
    const Witness& witness = tx.vin[index].witness;
    std::span<const uint8_t> key_bytes;
    std::span<const uint8_t> sig_bytes;
    switch (spent.lock.type) {
    case LockType::KEY_HASH: {
        if (witness.size() != 2 || witness[0].size() != XOnlyPubKey::SIZE ||
            witness[1].size() != XOnlyPubKey::SIGNATURE_SIZE) {
            return "bad-txns-witness";
        }
        key_bytes = witness[0];
        sig_bytes = witness[1];
        const XOnlyPubKey key{std::span<const uint8_t, XOnlyPubKey::SIZE>{key_bytes.data(), XOnlyPubKey::SIZE}};
        if (KeyHash(key).bytes() != spent.lock.program) return "bad-txns-keyhash";
        break;
    }
    case LockType::KEY:
        if (witness.size() != 1 || witness[0].size() != XOnlyPubKey::SIGNATURE_SIZE) return "bad-txns-witness";
        key_bytes = spent.lock.program;
        sig_bytes = witness[0];
        break;
    default:
        return "bad-txns-lock-type";
    }
    const std::optional<uint256> sighash = SignatureHash(tx, index, pre, genesis_hash);
    if (!sighash) return "bad-txns-sig";
    const XOnlyPubKey key{std::span<const uint8_t, XOnlyPubKey::SIZE>{key_bytes.data(), XOnlyPubKey::SIZE}};
    const std::span<const uint8_t, XOnlyPubKey::SIGNATURE_SIZE> sig{sig_bytes.data(), XOnlyPubKey::SIGNATURE_SIZE};
    if (!key.Verify(sighash->span(), sig)) return "bad-txns-sig";
    return nullptr;
}

CheckQueue::CheckQueue(int threads)
{
    for (int i = 0; i < threads; ++i) {
        m_threads.emplace_back([this] {
            SetThreadName("scriptch");
            Worker();
        });
    }
}

CheckQueue::~CheckQueue()
{
    {
        LOCK(m_mutex);
        m_stop = true;
    }
    m_cv_work.notify_all();
    for (auto& t : m_threads) t.join();
}

void CheckQueue::Work(const std::vector<SigCheck>& checks, const uint256& genesis)
{
    while (!m_failed.load(std::memory_order_relaxed)) {
        const size_t i = m_next.fetch_add(1, std::memory_order_relaxed);
        if (i >= checks.size()) break;
        const SigCheck& check = checks[i];
        const char* reason = VerifyInput(*check.data->tx, check.index, check.data->spent[check.index], check.data->pre, genesis);
        if (reason != nullptr) {
            LOCK(m_mutex);
            if (!m_failed.exchange(true)) {
                m_fail_reason = reason;
                m_fail_tx = check.data->tx;
            }
        }
    }
}

void CheckQueue::Worker()
{
    uint64_t seen = 0;
    while (true) {
        const std::vector<SigCheck>* checks;
        uint256 genesis;
        {
            UniqueLock lock{m_mutex};
            m_cv_work.wait(lock.native(), [&]() EXCLUSIVE_LOCKS_REQUIRED(m_mutex) { return m_stop || m_generation != seen; });
            if (m_stop) return;
            seen = m_generation;
            if (m_checks == nullptr) continue; // woke after the batch was finished
            checks = m_checks;
            genesis = m_genesis;
            ++m_active;
        }
        Work(*checks, genesis);
        {
            LOCK(m_mutex);
            --m_active;
        }
        m_cv_done.notify_all();
    }
}

const char* CheckQueue::Run(const std::vector<SigCheck>& checks, const uint256& genesis_hash, const CTransaction** failed_tx)
{
    if (checks.empty()) return nullptr;
    {
        LOCK(m_mutex);
        m_checks = &checks;
        m_genesis = genesis_hash;
        m_next = 0;
        m_failed = false;
        m_fail_reason = nullptr;
        m_fail_tx = nullptr;
        if (!m_threads.empty() && checks.size() > 1) ++m_generation;
    }
    if (!m_threads.empty() && checks.size() > 1) m_cv_work.notify_all();
    Work(checks, genesis_hash);
    {
        // Wait until no worker is inside Work() for this batch. A worker that wakes late sees
        // m_next past the end and leaves at once.
        UniqueLock lock{m_mutex};
        m_cv_done.wait(lock.native(), [&]() EXCLUSIVE_LOCKS_REQUIRED(m_mutex) { return m_active == 0; });
        m_checks = nullptr;
        if (failed_tx) *failed_tx = m_fail_tx;
        return m_fail_reason;
    }
}

} // namespace validation
