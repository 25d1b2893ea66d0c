// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_VALIDATION_TX_VERIFY_H
#define DOTS_VALIDATION_TX_VERIFY_H

/**
 * Spending rules of one transaction against a UTXO view (Bitcoin Core's Consensus::CheckTxInputs)
 * and the signature check of one input, plus CheckQueue, a small pool that runs a block's
 * signature checks on -par threads.
 */

#include <chainstate/coins.h>
#include <consensus/validation_state.h>
#include <primitives/sighash.h>
#include <primitives/transaction.h>
#include <util/sync.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace validation {

/**
 * Checks that every input of the non-coinbase `tx` spends an unspent coin of `view`, that coinbase
 * coins are mature at `spend_height`, that the input values are in range and, with
 * `registry_released` (the value a node withdrawal takes out of its balance, 0 for other kinds:
 * consensus::GetRegistryValueFlow), cover the outputs. On success sets `fee` to inputs +
 * registry_released - outputs and fills `spent` with the spent outputs in input order. Pure reads
 * of `view` (which must outlive the call). Reject reasons: see chainstate_manager.h.
 */
[[nodiscard]] bool CheckTxInputs(const CTransaction& tx, consensus::TxValidationState& state, const chainstate::CoinsViewCache& view,
                                 int spend_height, int coinbase_maturity, CAmount registry_released, CAmount& fee,
                                 std::vector<CTxOut>& spent);

/**
 * Verifies input `index` of `tx` against the output it spends, through its lock type:
 * KEY_HASH needs witness [key32, sig64] with KeyHash(key) == program; KEY needs [sig64] by the
 * program key. The signature is BIP340 over SignatureHash(tx, index, pre, genesis_hash).
 * Returns nullptr on success, else a static reject reason. Pure; thread-safe.
 */
const char* VerifyInput(const CTransaction& tx, size_t index, const CTxOut& spent, const PrecomputedTxData& pre,
                        const uint256& genesis_hash);

/** The data one transaction's signature checks share. */
struct TxSigData {
    const CTransaction* tx;
    std::vector<CTxOut> spent;
    PrecomputedTxData pre;
};

/** One signature check: input `index` of data->tx. */
struct SigCheck {
    const TxSigData* data;
    uint32_t index;
};

/**
 * Runs batches of signature checks on `threads` worker threads plus the calling thread. A batch
 * stops early at the first failure. One batch at a time (the caller holds the chain lock).
 * Thread-safe to destroy only while no batch runs.
 */
class CheckQueue
{
public:
    explicit CheckQueue(int threads);
    ~CheckQueue();
    CheckQueue(const CheckQueue&) = delete;
    CheckQueue& operator=(const CheckQueue&) = delete;

    /**
     * Verifies all `checks` (which, with their TxSigData, must live until it returns). Returns
     * nullptr if all pass, else the reject reason of a failing check and its tx in *failed_tx.
     */
    const char* Run(const std::vector<SigCheck>& checks, const uint256& genesis_hash, const CTransaction** failed_tx);

private:
    void Worker() LOCKS_EXCLUDED(m_mutex);
    /** Takes checks of the batch by index (m_next) until none is left or one failed. */
    void Work(const std::vector<SigCheck>& checks, const uint256& genesis) LOCKS_EXCLUDED(m_mutex);

    Mutex m_mutex;
    std::condition_variable m_cv_work;
    std::condition_variable m_cv_done;
    std::vector<std::thread> m_threads;
    bool m_stop GUARDED_BY(m_mutex){false};
    uint64_t m_generation GUARDED_BY(m_mutex){0};
    int m_active GUARDED_BY(m_mutex){0}; //!< workers inside Work() for the current batch

    /** The batch Run() is working on (null between batches). A worker copies it under m_mutex
     *  as it joins (++m_active); Run() waits for m_active == 0 before returning. */
    const std::vector<SigCheck>* m_checks GUARDED_BY(m_mutex){nullptr};
    uint256 m_genesis GUARDED_BY(m_mutex);
    std::atomic<size_t> m_next{0};
    std::atomic<bool> m_failed{false};
    const char* m_fail_reason GUARDED_BY(m_mutex){nullptr};
    const CTransaction* m_fail_tx GUARDED_BY(m_mutex){nullptr};
};

} // namespace validation

#endif // DOTS_VALIDATION_TX_VERIFY_H
