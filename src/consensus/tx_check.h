// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CONSENSUS_TX_CHECK_H
#define DOTS_CONSENSUS_TX_CHECK_H

/**
 * Context-free transaction rules: everything that can be checked from the transaction alone,
 * before looking up its inputs, including the stateless form and syntax of the registry kinds'
 * payloads (consensus/registry_payload.h). The registry rules that need chain state (and the
 * payload signatures) are checked by consensus/registry code on top of these.
 * All functions are pure and thread-safe.
 */

#include <consensus/params.h>
#include <consensus/validation_state.h>
#include <primitives/transaction.h>

#include <cstddef>
#include <cstdint>
#include <optional>

namespace consensus {

/** A coinbase payload holds at least the height (one byte for height 0) and at most this. */
inline constexpr size_t MIN_COINBASE_PAYLOAD_SIZE = 1;
inline constexpr size_t MAX_COINBASE_PAYLOAD_SIZE = 100;

/** Lock times below this are block heights, at or above it UNIX times (as in Bitcoin). */
inline constexpr uint32_t LOCKTIME_THRESHOLD = 500'000'000;

/**
 * Checks the rules that need no context. On failure returns false and sets `state` to
 * INVALID / TX_CONSENSUS with one of these reject reasons:
 *   bad-txns-kind                 unknown transaction kind
 *   bad-cb-has-inputs             a coinbase with inputs
 *   bad-cb-length                 coinbase payload shorter than 1 or longer than 100 bytes
 *   bad-txns-vin-empty            a non-coinbase without inputs (except a node withdrawal)
 *   bad-txns-vout-empty           no outputs
 *   bad-txns-oversize             serialized size above params.max_block_size
 *   bad-txns-vout-negative        an output value below zero
 *   bad-txns-vout-toolarge        an output value above MAX_MONEY
 *   bad-txns-txouttotal-toolarge  the sum of the outputs above MAX_MONEY
 *   bad-txns-lock-type            an output with an unknown lock type
 *   bad-txns-inputs-duplicate     two inputs spend the same outpoint
 *   bad-txns-prevout-null         a non-coinbase input spends the null outpoint
 *   bad-txns-payload              a transfer with a non-empty payload
 *   bad-registry-payload          a registry kind whose payload does not decode exactly (the
 *                                 debug message gives the decode error, what and byte offset)
 *   bad-registry-*                a registry payload that fails consensus::CheckPayloadSyntax
 *                                 (the reasons are listed in consensus/registry_payload.h)
 */
[[nodiscard]] bool CheckTransaction(const CTransaction& tx, const ConsensusParams& params, TxValidationState& state);

/** As above with the serialized size already known (CheckBlock computes it once). */
[[nodiscard]] bool CheckTransaction(const CTransaction& tx, size_t total_size, const ConsensusParams& params,
                                    TxValidationState& state);

/**
 * Upper bound on the signature verifications the transaction needs: one per input (every
 * lock type is spent with exactly one BIP340 signature) plus the signatures carried in the
 * payload of the registry kinds (doc/registry.md "Wire formats": binding 2, handle update, node
 * statement, deposit release and withdrawal 1, settlement one per voucher, probe receipts one
 * per receipt). The registry rules must never verify more than this. 0 for a coinbase.
 */
uint32_t GetSigCheckCount(const CTransaction& tx);

/**
 * Bitcoin's finality rule: final if locktime is 0, or below `block_height` (when it is a
 * height) / `block_time` (when it is a time, compared with the block's median-time-past),
 * or if every input has sequence SEQUENCE_FINAL.
 */
bool IsFinalTx(const CTransaction& tx, int32_t block_height, int64_t block_time);

/**
 * The height a coinbase commits to: its payload must start with the canonical CompactSize
 * encoding of the height. std::nullopt if the payload does not start with a canonical
 * CompactSize or the value exceeds INT32_MAX.
 */
std::optional<int32_t> GetCoinbaseHeight(const CTransaction& coinbase);

} // namespace consensus

#endif // DOTS_CONSENSUS_TX_CHECK_H
