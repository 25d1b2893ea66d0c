// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <consensus/tx_check.h>

#include <consensus/registry_payload.h>
#include <primitives/amount.h>
#include <serialize.h>
#include <util/format.h>

#include <algorithm>
#include <vector>

namespace consensus {

namespace {

bool Fail(TxValidationState& state, std::string_view reason, std::string_view debug = {})
{
    return state.Invalid(TxValidationResult::TX_CONSENSUS, reason, debug);
}

bool HasDuplicateInputs(const std::vector<CTxIn>& vin)
{
    // Typical transactions have one to three inputs: compare pairwise without allocating.
    constexpr size_t PAIRWISE_MAX = 16;
    if (vin.size() <= PAIRWISE_MAX) {
        for (size_t i = 1; i < vin.size(); ++i) {
            for (size_t j = 0; j < i; ++j) {
                if (vin[i].prevout == vin[j].prevout) return true;
            }
        }
        return false;
    }
    std::vector<const COutPoint*> sorted;
    sorted.reserve(vin.size());
    for (const CTxIn& in : vin) sorted.push_back(&in.prevout);
    std::sort(sorted.begin(), sorted.end(), [](const COutPoint* a, const COutPoint* b) { return *a < *b; });
    return std::adjacent_find(sorted.begin(), sorted.end(),
                              [](const COutPoint* a, const COutPoint* b) { return *a == *b; }) != sorted.end();
}

bool CheckOutputs(const CTransaction& tx, TxValidationState& state)
{
    CAmount total = 0;
    for (const CTxOut& out : tx.vout) {
        if (out.value < 0) return Fail(state, "bad-txns-vout-negative");
        if (out.value > MAX_MONEY) return Fail(state, "bad-txns-vout-toolarge");
        total += out.value; // both terms <= MAX_MONEY: no int64 overflow
        if (!MoneyRange(total)) return Fail(state, "bad-txns-txouttotal-toolarge");
        if (!IsKnownLockType(out.lock.type)) return Fail(state, "bad-txns-lock-type");
    }
    return true;
}

/** The registry payload rules that need no chain state (consensus/registry_payload.h). */
bool CheckRegistryPayload(const CTransaction& tx, TxValidationState& state)
{
    const auto payload = consensus::DecodePayload(tx.kind, tx.payload);
    if (!payload) {
        const DecodeFailure f = payload.failure();
        const std::string_view code = DecodeErrorString(f.code);
        return Fail(state, "bad-registry-payload",
                    StrFormat("%.*s: %s at offset %zu", static_cast<int>(code.size()), code.data(), f.what, f.offset));
    }
    if (const char* reason = consensus::CheckPayloadSyntax(*payload)) return Fail(state, reason);
    return true;
}

/** The count byte of a settlement (at offset 64) or probe_receipts payload (offset 36), or 0. */
uint32_t RegistryListCount(const CTransaction& tx)
{
    const size_t offset = tx.kind == TxKind::SETTLEMENT ? 64 : 36;
    return tx.payload.size() > offset ? tx.payload[offset] : 0;
}

} // namespace

bool CheckTransaction(const CTransaction& tx, const ConsensusParams& params, TxValidationState& state)
{
    return CheckTransaction(tx, tx.GetTotalSize(), params, state);
}

bool CheckTransaction(const CTransaction& tx, size_t total_size, const ConsensusParams& params,
                      TxValidationState& state)
{
    if (!IsKnownTxKind(tx.kind)) return Fail(state, "bad-txns-kind");
    if (tx.IsCoinBase()) {
        if (!tx.vin.empty()) return Fail(state, "bad-cb-has-inputs");
        if (tx.payload.size() < MIN_COINBASE_PAYLOAD_SIZE || tx.payload.size() > MAX_COINBASE_PAYLOAD_SIZE) {
            return Fail(state, "bad-cb-length");
        }
    } else if (tx.vin.empty() && tx.kind != TxKind::NODE_WITHDRAW) {
        // A node withdrawal's statement signs the outputs: it may take all its value (and its
        // fee) from the node's balance (doc/registry.md).
        return Fail(state, "bad-txns-vin-empty");
    }
    if (tx.vout.empty()) return Fail(state, "bad-txns-vout-empty");
    if (total_size > params.max_block_size) return Fail(state, "bad-txns-oversize");
    if (!CheckOutputs(tx, state)) return false;
    if (HasDuplicateInputs(tx.vin)) return Fail(state, "bad-txns-inputs-duplicate");
    for (const CTxIn& in : tx.vin) {
        if (in.prevout.IsNull()) return Fail(state, "bad-txns-prevout-null");
    }
    if (tx.kind == TxKind::TRANSFER && !tx.payload.empty()) return Fail(state, "bad-txns-payload");
    if (consensus::IsRegistryKind(tx.kind) && !CheckRegistryPayload(tx, state)) return false;
    return true;
}

uint32_t GetSigCheckCount(const CTransaction& tx)
{
    uint32_t payload_sigs = 0;
    switch (tx.kind) {
    case TxKind::COINBASE: return 0;
    case TxKind::TRANSFER:
    case TxKind::HANDLE_COMMIT:
    case TxKind::HANDLE_REGISTER:
    case TxKind::DEPOSIT: payload_sigs = 0; break;
    case TxKind::HANDLE_UPDATE:
    case TxKind::NODE_REGISTER:
    case TxKind::DEPOSIT_RELEASE:
    case TxKind::NODE_WITHDRAW: payload_sigs = 1; break;
    case TxKind::BINDING: payload_sigs = 2; break; // node and (optionally) owner
    case TxKind::SETTLEMENT:
    case TxKind::PROBE_RECEIPTS:
        // One signature per voucher or receipt; the count is the payload's count byte (after two
        // keys, or after the target key and the epoch). A payload too short to hold it is
        // rejected by CheckTransaction; count it as 0 here.
        payload_sigs = RegistryListCount(tx);
        break;
    }
    // vin.size() is bounded by the decoder (MAX_TX_SIZE / 40 bytes per input): no overflow.
    return static_cast<uint32_t>(tx.vin.size()) + payload_sigs;
}

bool IsFinalTx(const CTransaction& tx, int32_t block_height, int64_t block_time)
{
    if (tx.locktime == 0) return true;
    const int64_t cutoff = tx.locktime < LOCKTIME_THRESHOLD ? int64_t{block_height} : block_time;
    if (int64_t{tx.locktime} < cutoff) return true;
    return std::all_of(tx.vin.begin(), tx.vin.end(), [](const CTxIn& in) { return in.sequence == SEQUENCE_FINAL; });
}

std::optional<int32_t> GetCoinbaseHeight(const CTransaction& coinbase)
{
    ByteReader r{coinbase.payload};
    const auto height = r.ReadCompactSize(INT32_MAX, "coinbase height");
    if (!height) return std::nullopt;
    return static_cast<int32_t>(*height);
}

} // namespace consensus
