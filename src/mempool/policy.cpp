// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <mempool/policy.h>

#include <util/format.h>

#include <algorithm>

namespace mempool {

int64_t GetPolicySize(int64_t total_size, uint32_t sigchecks)
{
    return std::max<int64_t>(total_size, int64_t{sigchecks} * BYTES_PER_SIGCHECK);
}

CAmount GetDustThreshold(const CTxOut& out, const FeeRate& dust_relay_fee)
{
    (void)out; // every output has the same size and the same way to be spent
    return dust_relay_fee.GetFee(static_cast<int64_t>(CTxOut::SERIALIZED_SIZE) + SPEND_INPUT_SIZE);
}

bool IsStandardTx(const CTransaction& tx, int64_t total_size, uint32_t sigchecks, const FeeRate& dust_relay_fee,
                  consensus::TxValidationState& state)
{
    if (tx.version == 0 || tx.version > MAX_STANDARD_TX_VERSION) {
        return state.Invalid(consensus::TxValidationResult::TX_NOT_STANDARD, "version");
    }
    if (total_size > MAX_STANDARD_TX_SIZE) {
        return state.Invalid(consensus::TxValidationResult::TX_NOT_STANDARD, "tx-size",
                             StrFormat("%lld bytes, at most %lld", (long long)total_size, (long long)MAX_STANDARD_TX_SIZE));
    }
    if (sigchecks > MAX_STANDARD_TX_SIGCHECKS) {
        return state.Invalid(consensus::TxValidationResult::TX_NOT_STANDARD, "bad-txns-too-many-sigops",
                             StrFormat("%u signature checks", sigchecks));
    }
    for (size_t i = 0; i < tx.vout.size(); ++i) {
        if (tx.vout[i].value < GetDustThreshold(tx.vout[i], dust_relay_fee)) {
            return state.Invalid(consensus::TxValidationResult::TX_NOT_STANDARD, "dust",
                                 StrFormat("output %u pays %lld, below the dust threshold %lld", (unsigned)i,
                                           (long long)tx.vout[i].value,
                                           (long long)GetDustThreshold(tx.vout[i], dust_relay_fee)));
        }
    }
    return true;
}

} // namespace mempool
