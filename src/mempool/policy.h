// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_MEMPOOL_POLICY_H
#define DOTS_MEMPOOL_POLICY_H

/**
 * Relay policy: what this node accepts into its mempool and relays on top of the consensus
 * rules (Bitcoin Core's policy/policy.h). A transaction that breaks policy may still be valid in
 * a block; policy only protects the node and its peers from spam and from transactions that
 * cost more to relay and validate than they pay. Everything here is pure and thread-safe.
 */

#include <consensus/params.h>
#include <consensus/validation_state.h>
#include <mempool/feerate.h>
#include <primitives/transaction.h>

#include <cstdint>

namespace mempool {

/** Default -minrelaytxfee: 1,000 units per kvB (1 unit per byte), as Bitcoin Core. */
inline constexpr CAmount DEFAULT_MIN_RELAY_TX_FEE = 1'000;
/** Default -incrementalrelayfee: what a replacement or a raise of the mempool floor adds. */
inline constexpr CAmount DEFAULT_INCREMENTAL_RELAY_FEE = 1'000;
/** Default -dustrelayfee: an output is dust if spending it costs more than a third of it. */
inline constexpr CAmount DUST_RELAY_TX_FEE = 3'000;
/** Largest standard transaction (bytes with witnesses). */
inline constexpr int64_t MAX_STANDARD_TX_SIZE = 100'000;
/** Most signature checks a standard transaction may need (a fifth of a block's). */
inline constexpr uint32_t MAX_STANDARD_TX_SIGCHECKS = 2'000;
/** Bytes each signature check counts as for fee rates and limits: a block's 1,000,000 bytes
 * and 10,000 checks are the same share of it at 100 bytes per check. */
inline constexpr int64_t BYTES_PER_SIGCHECK = 100;
/** Highest standard transaction version. */
inline constexpr uint32_t MAX_STANDARD_TX_VERSION = CMutableTransaction::CURRENT_VERSION;
/** Bytes an input that spends an output takes (outpoint, sequence, witness [key32, sig64]):
 * the cost of spending that dust is measured with. */
inline constexpr int64_t SPEND_INPUT_SIZE = CTxIn::MIN_BASE_SIZE + 1 + 1 + 32 + 1 + 64;

/**
 * The size a transaction's fee rate and the mempool's size limits use: its serialized size,
 * or BYTES_PER_SIGCHECK per signature check if that is more (Bitcoin Core's sigop-adjusted
 * virtual size).
 */
int64_t GetPolicySize(int64_t total_size, uint32_t sigchecks);

/** The smallest value an output may carry at `dust_relay_fee` (the cost of creating and
 * spending it, times three). */
CAmount GetDustThreshold(const CTxOut& out, const FeeRate& dust_relay_fee);

/**
 * Standardness of `tx` (Bitcoin Core's IsStandardTx) with its serialized size and signature
 * checks. False with `state` INVALID / TX_NOT_STANDARD and one of:
 *   version                      version above MAX_STANDARD_TX_VERSION or 0
 *   tx-size                      more than MAX_STANDARD_TX_SIZE bytes
 *   bad-txns-too-many-sigops     more than MAX_STANDARD_TX_SIGCHECKS signature checks
 *   dust                         an output below its dust threshold (outputs of value 0 too)
 */
bool IsStandardTx(const CTransaction& tx, int64_t total_size, uint32_t sigchecks, const FeeRate& dust_relay_fee,
                  consensus::TxValidationState& state);

} // namespace mempool

#endif // DOTS_MEMPOOL_POLICY_H
