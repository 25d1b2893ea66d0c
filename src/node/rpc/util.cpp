// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <node/rpc/util.h>

#include <consensus/arith_uint256.h>
#include <node/context.h>
#include <primitives/address.h>
#include <serialize.h>
#include <util/format.h>
#include <util/strencodings.h>
#include <validation/chainstate_manager.h>

#include <cmath>

namespace node {

std::string_view AddressHrp(const std::string& chain_name)
{
    if (chain_name == "main") return ADDRESS_HRP_MAIN;
    if (chain_name == "test") return ADDRESS_HRP_TEST;
    return ADDRESS_HRP_REGTEST;
}

std::string_view LockTypeName(LockType type)
{
    switch (type) {
    case LockType::KEY_HASH: return "key_hash";
    case LockType::KEY: return "key";
    }
    return "unknown";
}

double GetDifficulty(uint32_t bits, const uint256& pow_limit)
{
    consensus::arith_uint256 target;
    bool negative = false;
    bool overflow = false;
    target.SetCompact(bits, &negative, &overflow);
    if (negative || overflow || target == consensus::arith_uint256{0}) return 0.0;
    // difficulty = pow_limit / target, computed from the compact forms as Bitcoin does.
    const uint32_t limit_bits = consensus::UintToArith256(pow_limit).GetCompact();
    auto to_double = [](uint32_t compact) {
        const int shift = static_cast<int>((compact >> 24) & 0xff);
        const double mantissa = static_cast<double>(compact & 0x00ffffff);
        return mantissa * std::pow(256.0, shift - 3);
    };
    const double t = to_double(bits);
    return t == 0.0 ? 0.0 : to_double(limit_bits) / t;
}

UniValue TxToJSON(const CTransaction& tx, std::string_view hrp)
{
    UniValue entry{UniValue::VOBJ};
    entry.pushKV("txid", tx.GetTxid().GetHex());
    entry.pushKV("hash", tx.GetWtxid().GetHex());
    entry.pushKV("version", static_cast<int64_t>(tx.version));
    entry.pushKV("kind", std::string{TxKindName(tx.kind)});
    entry.pushKV("kind_id", static_cast<int>(tx.kind));
    const size_t total = tx.GetTotalSize();
    ByteWriter base;
    tx.SerializeBase(base);
    const size_t base_size = base.buffer().size();
    entry.pushKV("size", static_cast<uint64_t>(total));
    entry.pushKV("base_size", static_cast<uint64_t>(base_size));
    entry.pushKV("locktime", static_cast<int64_t>(tx.locktime));
    UniValue vin{UniValue::VARR};
    for (const CTxIn& in : tx.vin) {
        UniValue i{UniValue::VOBJ};
        i.pushKV("txid", in.prevout.txid.GetHex());
        i.pushKV("vout", static_cast<int64_t>(in.prevout.n));
        UniValue witness{UniValue::VARR};
        for (const auto& item : in.witness) witness.push_back(HexStr(item));
        i.pushKV("txinwitness", witness);
        i.pushKV("sequence", static_cast<int64_t>(in.sequence));
        vin.push_back(i);
    }
    entry.pushKV("vin", vin);
    UniValue vout{UniValue::VARR};
    for (size_t n = 0; n < tx.vout.size(); ++n) {
        const CTxOut& out = tx.vout[n];
        UniValue o{UniValue::VOBJ};
        o.pushKV("value", rpc::ValueFromAmount(out.value));
        o.pushKV("n", static_cast<uint64_t>(n));
        UniValue lock{UniValue::VOBJ};
        lock.pushKV("type", std::string{LockTypeName(out.lock.type)});
        lock.pushKV("program", HexStr(out.lock.program));
        ByteWriter lw;
        out.lock.Serialize(lw);
        lock.pushKV("hex", HexStr(lw.buffer()));
        if (IsKnownLockType(out.lock.type)) lock.pushKV("address", EncodeAddress(out.lock, hrp));
        o.pushKV("lock", lock);
        vout.push_back(o);
    }
    entry.pushKV("vout", vout);
    entry.pushKV("payload", HexStr(tx.payload));
    if (consensus::IsRegistryKind(tx.kind)) entry.pushKV("registry", RegistryPayloadToJSON(tx, hrp));
    return entry;
}

UniValue LockAddressJSON(const OutputLock& lock, std::string_view hrp)
{
    if (!IsKnownLockType(lock.type)) return UniValue{HexStr(Encode(lock))};
    return UniValue{EncodeAddress(lock, hrp)};
}

UniValue StringsJSON(const std::vector<std::string>& items)
{
    UniValue a{UniValue::VARR};
    for (const std::string& s : items) a.push_back(s);
    return a;
}

UniValue BlockHeaderToJSON(const chainstate::BlockIndex& index, const chainstate::BlockIndex* tip,
                           const chainstate::BlockIndex* next, const uint256& pow_limit)
{
    UniValue result{UniValue::VOBJ};
    result.pushKV("hash", index.hash.GetHex());
    const bool on_chain = tip && tip->GetAncestor(index.height) == &index;
    result.pushKV("confirmations", on_chain ? tip->height - index.height + 1 : -1);
    result.pushKV("height", index.height);
    result.pushKV("version", index.version);
    result.pushKV("versionHex", StrFormat("%08x", static_cast<uint32_t>(index.version)));
    result.pushKV("merkleroot", index.merkle_root.GetHex());
    result.pushKV("time", static_cast<int64_t>(index.time));
    result.pushKV("mediantime", index.GetMedianTimePast());
    result.pushKV("nonce", static_cast<uint64_t>(index.nonce));
    result.pushKV("bits", StrFormat("%08x", index.bits));
    result.pushKV("difficulty", GetDifficulty(index.bits, pow_limit));
    result.pushKV("chainwork", index.chain_work.GetHex());
    result.pushKV("nTx", static_cast<uint64_t>(index.tx_count));
    if (index.prev) result.pushKV("previousblockhash", index.prev->hash.GetHex());
    if (next) result.pushKV("nextblockhash", next->hash.GetHex());
    return result;
}

UniValue BlockToJSON(const CBlock& block, const chainstate::BlockIndex& index, const chainstate::BlockIndex* tip,
                     const chainstate::BlockIndex* next, const uint256& pow_limit, int verbosity, std::string_view hrp)
{
    UniValue result = BlockHeaderToJSON(index, tip, next, pow_limit);
    const size_t size = SerializedSize(block);
    result.pushKV("size", static_cast<uint64_t>(size));
    UniValue txs{UniValue::VARR};
    for (const CTransactionRef& tx : block.vtx) {
        if (verbosity >= 2) {
            txs.push_back(TxToJSON(*tx, hrp));
        } else {
            txs.push_back(tx->GetTxid().GetHex());
        }
    }
    result.pushKV("tx", txs);
    return result;
}

validation::ChainstateManager* GetChainman(const NodeContext& node)
{
    return node.chainman.get();
}

rpc::RPCError ChainNotLoaded() { return rpc::RPCError{rpc::RPC_IN_WARMUP, "The block chain is not loaded"}; }

rpc::RPCError InvalidHash(const std::string& name)
{
    return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, name + " must be of length 64 (not a valid hexadecimal hash)"};
}

} // namespace node
