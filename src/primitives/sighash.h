// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_PRIMITIVES_SIGHASH_H
#define DOTS_PRIMITIVES_SIGHASH_H

/**
 * The message a BIP340 signature on a DOTS input signs (modelled on BIP341's SigMsg):
 *
 *   SigHash = TaggedHash("DOTS/SigHash",
 *       epoch:u8 (=0)            genesis_hash:32       -- binds the signature to one network
 *       version:u32 kind:u16 locktime:u32
 *       sha_prevouts:32          SHA256 of all input outpoints
 *       sha_amounts:32           SHA256 of the values of all SPENT outputs
 *       sha_locks:32             SHA256 of the locks of all SPENT outputs
 *       sha_sequences:32         SHA256 of all input sequences
 *       sha_outputs:32           SHA256 of all outputs
 *       sha_payload:32           SHA256 of the payload (with its CompactSize length)
 *       input_index:u32)
 *
 * Committing to every spent amount and lock lets a signer (or hardware wallet) know the fee
 * and what it spends without fetching previous transactions, and makes a signature useless on
 * another input, transaction or chain. There is one signature-hash mode (everything); a future
 * mode would use a new epoch byte. Witnesses are not committed (they hold the signatures).
 *
 * The per-transaction SHA256s are computed once by PrecomputedTxData so that signing or
 * verifying all n inputs costs O(n), not O(n^2).
 */

#include <primitives/transaction.h>
#include <primitives/uint256.h>

#include <optional>
#include <span>

struct PrecomputedTxData {
    uint256 sha_prevouts;
    uint256 sha_amounts;
    uint256 sha_locks;
    uint256 sha_sequences;
    uint256 sha_outputs;
    uint256 sha_payload;
};

/**
 * Hashes the parts of `tx` shared by all its inputs. `spent_outputs[i]` must be the output
 * spent by tx.vin[i]; returns std::nullopt if the sizes differ.
 */
template <typename Tx>
std::optional<PrecomputedTxData> PrecomputeTxData(const Tx& tx, std::span<const CTxOut> spent_outputs);

/**
 * The signature hash of input `input_index`. std::nullopt if the index is out of range or
 * spent_outputs does not match tx.vin. Thread-safe (pure).
 */
template <typename Tx>
std::optional<uint256> SignatureHash(const Tx& tx, size_t input_index, std::span<const CTxOut> spent_outputs,
                                     const uint256& genesis_hash);

/** As above with precomputed data (which must come from the same tx and spent outputs). */
template <typename Tx>
std::optional<uint256> SignatureHash(const Tx& tx, size_t input_index, const PrecomputedTxData& pre,
                                     const uint256& genesis_hash);

#endif // DOTS_PRIMITIVES_SIGHASH_H
