// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <primitives/sighash.h>

#include <crypto/tagged_hash.h>
#include <serialize.h>

namespace {

constexpr uint8_t SIGHASH_EPOCH = 0;

const CSHA256& SigHashHasher()
{
    static const CSHA256 hasher{TaggedHasher("DOTS/SigHash")};
    return hasher;
}

} // namespace

template <typename Tx>
std::optional<PrecomputedTxData> PrecomputeTxData(const Tx& tx, std::span<const CTxOut> spent_outputs)
{
    if (spent_outputs.size() != tx.vin.size()) return std::nullopt;
    HashWriter prevouts, amounts, locks, sequences, outputs, payload;
    for (const CTxIn& in : tx.vin) {
        in.prevout.Serialize(prevouts);
        WriteU32(sequences, in.sequence);
    }
    for (const CTxOut& spent : spent_outputs) {
        WriteI64(amounts, spent.value);
        spent.lock.Serialize(locks);
    }
    for (const CTxOut& out : tx.vout) out.Serialize(outputs);
    WriteVarBytes(payload, tx.payload);
    return PrecomputedTxData{prevouts.GetSHA256(), amounts.GetSHA256(), locks.GetSHA256(),
                             sequences.GetSHA256(), outputs.GetSHA256(), payload.GetSHA256()};
}

template <typename Tx>
std::optional<uint256> SignatureHash(const Tx& tx, size_t input_index, const PrecomputedTxData& pre,
                                     const uint256& genesis_hash)
{
    if (input_index >= tx.vin.size()) return std::nullopt;
    HashWriter hw{SigHashHasher()};
    WriteU8(hw, SIGHASH_EPOCH);
    WriteUint256(hw, genesis_hash);
    WriteU32(hw, tx.version);
    WriteU16(hw, static_cast<uint16_t>(tx.kind));
    WriteU32(hw, tx.locktime);
    WriteUint256(hw, pre.sha_prevouts);
    WriteUint256(hw, pre.sha_amounts);
    WriteUint256(hw, pre.sha_locks);
    WriteUint256(hw, pre.sha_sequences);
    WriteUint256(hw, pre.sha_outputs);
    WriteUint256(hw, pre.sha_payload);
    WriteU32(hw, static_cast<uint32_t>(input_index));
    return hw.GetSHA256();
}

template <typename Tx>
std::optional<uint256> SignatureHash(const Tx& tx, size_t input_index, std::span<const CTxOut> spent_outputs,
                                     const uint256& genesis_hash)
{
    const auto pre = PrecomputeTxData(tx, spent_outputs);
    if (!pre) return std::nullopt;
    return SignatureHash(tx, input_index, *pre, genesis_hash);
}

template std::optional<PrecomputedTxData> PrecomputeTxData(const CTransaction&, std::span<const CTxOut>);
template std::optional<PrecomputedTxData> PrecomputeTxData(const CMutableTransaction&, std::span<const CTxOut>);
template std::optional<uint256> SignatureHash(const CTransaction&, size_t, const PrecomputedTxData&, const uint256&);
template std::optional<uint256> SignatureHash(const CMutableTransaction&, size_t, const PrecomputedTxData&, const uint256&);
template std::optional<uint256> SignatureHash(const CTransaction&, size_t, std::span<const CTxOut>, const uint256&);
template std::optional<uint256> SignatureHash(const CMutableTransaction&, size_t, std::span<const CTxOut>, const uint256&);
