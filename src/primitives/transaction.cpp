// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <primitives/transaction.h>

#include <crypto/random.h>
#include <crypto/siphash.h>
#include <crypto/tagged_hash.h>

#include <cstdio>
#include <cstring>

namespace {

const CSHA256& TxidHasher()
{
    static const CSHA256 hasher{TaggedHasher("DOTS/txid")};
    return hasher;
}
const CSHA256& WtxidHasher()
{
    static const CSHA256 hasher{TaggedHasher("DOTS/wtxid")};
    return hasher;
}
const CSHA256& KeyHashHasher()
{
    static const CSHA256 hasher{TaggedHasher("DOTS/KeyHash")};
    return hasher;
}

template <typename Tx>
uint256 ComputeTxid(const Tx& tx)
{
    HashWriter hw{TxidHasher()};
    tx.SerializeBase(hw);
    return hw.GetSHA256();
}

template <typename Tx>
uint256 ComputeWtxid(const Tx& tx)
{
    HashWriter hw{WtxidHasher()};
    tx.Serialize(hw);
    return hw.GetSHA256();
}

} // namespace

bool IsKnownTxKind(TxKind kind)
{
    return static_cast<uint16_t>(kind) <= static_cast<uint16_t>(TxKind::NODE_WITHDRAW);
}

std::string_view TxKindName(TxKind kind)
{
    switch (kind) {
    case TxKind::COINBASE: return "coinbase";
    case TxKind::TRANSFER: return "transfer";
    case TxKind::HANDLE_COMMIT: return "handle_commit";
    case TxKind::HANDLE_REGISTER: return "handle_register";
    case TxKind::HANDLE_UPDATE: return "handle_update";
    case TxKind::NODE_REGISTER: return "node_register";
    case TxKind::BINDING: return "binding";
    case TxKind::DEPOSIT: return "deposit";
    case TxKind::SETTLEMENT: return "settlement";
    case TxKind::PROBE_RECEIPTS: return "probe_receipts";
    case TxKind::DEPOSIT_RELEASE: return "deposit_release";
    case TxKind::NODE_WITHDRAW: return "node_withdraw";
    }
    return "unknown";
}

bool IsKnownLockType(LockType type)
{
    return type == LockType::KEY_HASH || type == LockType::KEY;
}

uint256 KeyHash(const XOnlyPubKey& key)
{
    HashWriter hw{KeyHashHasher()};
    hw.Write(key.bytes());
    return hw.GetSHA256();
}

std::string COutPoint::ToString() const
{
    char buf[16];
    std::snprintf(buf, sizeof(buf), ":%u", n);
    return txid.GetHex() + buf;
}

std::optional<COutPoint> COutPoint::Unserialize(ByteReader& r)
{
    auto txid = r.ReadUint256("prevout txid");
    auto n = r.ReadU32("prevout index");
    if (!txid || !n) return std::nullopt;
    return COutPoint{*txid, *n};
}

SaltedOutpointHasher::SaltedOutpointHasher() : m_k0{GetRandUint64()}, m_k1{GetRandUint64()} {}

size_t SaltedOutpointHasher::operator()(const COutPoint& op) const
{
    uint8_t n[4];
    std::memcpy(n, &op.n, 4); // little-endian host
    return static_cast<size_t>(CSipHasher(m_k0, m_k1).Write(op.txid.span()).Write(n).Finalize());
}

OutputLock OutputLock::ForKeyHash(const XOnlyPubKey& key)
{
    return OutputLock{LockType::KEY_HASH, KeyHash(key).bytes()};
}

OutputLock OutputLock::ForKey(const XOnlyPubKey& key)
{
    OutputLock lock{LockType::KEY, {}};
    std::copy(key.bytes().begin(), key.bytes().end(), lock.program.begin());
    return lock;
}

std::optional<OutputLock> OutputLock::Unserialize(ByteReader& r)
{
    auto type = r.ReadU8("lock type");
    auto program = r.ReadArray<32>("lock program");
    if (!type || !program) return std::nullopt;
    return OutputLock{static_cast<LockType>(*type), *program};
}

std::optional<CTxOut> CTxOut::Unserialize(ByteReader& r)
{
    auto value = r.ReadI64("output value");
    if (!value) return std::nullopt;
    auto lock = OutputLock::Unserialize(r);
    if (!lock) return std::nullopt;
    return CTxOut{*value, *lock};
}

uint256 CMutableTransaction::GetTxid() const { return ComputeTxid(*this); }
uint256 CMutableTransaction::GetWtxid() const { return ComputeWtxid(*this); }

std::optional<CMutableTransaction> CMutableTransaction::Unserialize(ByteReader& r)
{
    CMutableTransaction tx;
    auto version = r.ReadU32("tx version");
    auto kind = r.ReadU16("tx kind");
    if (!version || !kind) return std::nullopt;
    tx.version = *version;
    tx.kind = static_cast<TxKind>(*kind);

    auto n_in = r.ReadCount(MAX_COMPACT_SIZE, CTxIn::MIN_BASE_SIZE, "input count");
    if (!n_in) return std::nullopt;
    tx.vin.resize(*n_in);
    for (CTxIn& in : tx.vin) {
        auto prevout = COutPoint::Unserialize(r);
        auto sequence = r.ReadU32("input sequence");
        if (!prevout || !sequence) return std::nullopt;
        in.prevout = *prevout;
        in.sequence = *sequence;
    }

    auto n_out = r.ReadCount(MAX_COMPACT_SIZE, CTxOut::SERIALIZED_SIZE, "output count");
    if (!n_out) return std::nullopt;
    tx.vout.reserve(*n_out);
    for (uint64_t i = 0; i < *n_out; ++i) {
        auto out = CTxOut::Unserialize(r);
        if (!out) return std::nullopt;
        tx.vout.push_back(*out);
    }

    auto payload = r.ReadVarBytes(MAX_TX_PAYLOAD_SIZE, "payload");
    auto locktime = r.ReadU32("locktime");
    if (!payload || !locktime) return std::nullopt;
    tx.payload = std::move(*payload);
    tx.locktime = *locktime;

    for (CTxIn& in : tx.vin) {
        // Each item costs at least its 1-byte length prefix.
        auto n_items = r.ReadCount(MAX_WITNESS_ITEMS, 1, "witness item count");
        if (!n_items) return std::nullopt;
        in.witness.reserve(*n_items);
        for (uint64_t i = 0; i < *n_items; ++i) {
            auto item = r.ReadVarBytes(MAX_WITNESS_ITEM_SIZE, "witness item");
            if (!item) return std::nullopt;
            in.witness.push_back(std::move(*item));
        }
    }
    return tx;
}

CTransaction::CTransaction(const CMutableTransaction& tx)
    : version{tx.version}, kind{tx.kind}, vin{tx.vin}, vout{tx.vout}, payload{tx.payload},
      locktime{tx.locktime}, m_txid{ComputeTxid(*this)}, m_wtxid{ComputeWtxid(*this)} {}

CTransaction::CTransaction(CMutableTransaction&& tx)
    : version{tx.version}, kind{tx.kind}, vin{std::move(tx.vin)}, vout{std::move(tx.vout)},
      payload{std::move(tx.payload)}, locktime{tx.locktime}, m_txid{ComputeTxid(*this)},
      m_wtxid{ComputeWtxid(*this)} {}

bool CTransaction::HasWitness() const
{
    for (const CTxIn& in : vin) {
        if (!in.witness.empty()) return true;
    }
    return false;
}

std::optional<CAmount> CTransaction::GetValueOut() const
{
    CAmount total = 0;
    for (const CTxOut& out : vout) {
        if (!MoneyRange(out.value)) return std::nullopt;
        total += out.value; // both <= MAX_MONEY, cannot overflow int64
        if (!MoneyRange(total)) return std::nullopt;
    }
    return total;
}

size_t CTransaction::GetTotalSize() const
{
    SizeComputer sc;
    Serialize(sc);
    return sc.size();
}

std::optional<CTransaction> CTransaction::Unserialize(ByteReader& r)
{
    auto mtx = CMutableTransaction::Unserialize(r);
    if (!mtx) return std::nullopt;
    return std::optional<CTransaction>{std::in_place, std::move(*mtx)};
}

Decoded<CTransaction> DecodeTransaction(std::span<const uint8_t> bytes)
{
    // Decode the mutable form and build the immutable one in place: no copy of the vectors.
    auto mtx = DecodeFull<CMutableTransaction>(bytes, MAX_TX_SIZE);
    if (!mtx) return mtx.failure();
    return Decoded<CTransaction>{std::in_place, std::move(*mtx)};
}
