// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <primitives/sighash.h>
#include <primitives/transaction.h>
#include <test/fuzz/fuzz.h>


// Untrusted transaction bytes: decoding must never crash, and anything accepted must be in
// its one canonical encoding (re-encoding gives back the input byte for byte).
FUZZ_TARGET(transaction_deserialize)
{
    const auto tx = DecodeTransaction(buffer);
    if (!tx) {
        if (tx.failure().code == DecodeError::NONE) Violated("failure without a code");
        if (tx.failure().offset > buffer.size()) Violated("failure offset past the input");
        return;
    }
    const auto bytes = Encode(*tx);
    if (bytes.size() != buffer.size() || !std::equal(bytes.begin(), bytes.end(), buffer.begin())) {
        Violated("accepted a non-canonical encoding");
    }
    if (tx->GetTotalSize() != buffer.size()) Violated("size mismatch");
    // The txid ignores witnesses: stripping them must keep it.
    CMutableTransaction stripped{};
    stripped.version = tx->version;
    stripped.kind = tx->kind;
    stripped.vin = tx->vin;
    for (auto& in : stripped.vin) in.witness.clear();
    stripped.vout = tx->vout;
    stripped.payload = tx->payload;
    stripped.locktime = tx->locktime;
    if (stripped.GetTxid() != tx->GetTxid()) Violated("txid depends on witnesses");
    (void)tx->GetValueOut();
    // Signature hashes over arbitrary spent outputs must be computable for every input.
    const std::vector<CTxOut> spent(tx->vin.size(), tx->vout.empty() ? CTxOut{} : tx->vout[0]);
    const auto pre = PrecomputeTxData(*tx, spent);
    if (!pre) Violated("precompute failed with matching sizes");
    for (size_t i = 0; i < tx->vin.size() && i < 4; ++i) {
        if (!SignatureHash(*tx, i, *pre, uint256::ONE)) Violated("sighash failed for a valid index");
    }
    if (SignatureHash(*tx, tx->vin.size(), *pre, uint256::ONE)) Violated("sighash accepted a bad index");
}
