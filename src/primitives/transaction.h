// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_PRIMITIVES_TRANSACTION_H
#define DOTS_PRIMITIVES_TRANSACTION_H

/**
 * DOTS transactions.
 *
 * Wire format (all integers little-endian, sizes CompactSize, see serialize.h):
 *
 *   base    := version:u32 kind:u16
 *              n_in  { prev_txid:32 prev_n:u32 sequence:u32 }*
 *              n_out { value:i64 lock_type:u8 lock_program:32 }*
 *              payload:varbytes locktime:u32
 *   full    := base { n_items { item:varbytes }* }   -- one witness stack per input, in order
 *
 * txid  = TaggedHash("DOTS/txid",  base)  -- excludes signatures: third parties cannot change it
 * wtxid = TaggedHash("DOTS/wtxid", full)  -- commits to everything; block merkle roots use it
 *
 * Tagged (single) SHA-256 with cached midstates is cheaper than SHA-256d and keeps a
 * transaction's id from ever equalling a merkle inner node's SHA-256d, which closes the
 * 64-byte-transaction ambiguity (CVE-2017-12842) by construction.
 *
 * The serialization layer is strict about form (canonical sizes, limits, no trailing bytes)
 * but not about meaning: unknown `kind` and lock-type values, negative amounts and payload
 * contents are decoded as-is and rejected by consensus/ (so the rules live in one place and a
 * future kind is a consensus change, not a format change).
 */

#include <crypto/key.h>
#include <primitives/amount.h>
#include <primitives/uint256.h>
#include <serialize.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/** What a transaction does; each kind has its own payload format and validity rules
 * (the registry kinds 2-11: doc/registry.md). */
enum class TxKind : uint16_t {
    COINBASE = 0,        //!< no inputs; payload = block height (CompactSize) + extra nonce
    TRANSFER = 1,        //!< plain value transfer; empty payload
    HANDLE_COMMIT = 2,
    HANDLE_REGISTER = 3,
    HANDLE_UPDATE = 4,
    NODE_REGISTER = 5,
    BINDING = 6,         //!< presence binding: which node a handle is reached at
    DEPOSIT = 7,         //!< funds a node pair's deposit
    SETTLEMENT = 8,      //!< vouchers of a node pair, paid from its deposit
    PROBE_RECEIPTS = 9,  //!< a target's probe receipts of an epoch (availability reward)
    DEPOSIT_RELEASE = 10, //!< the originating node asks for deposit back
    NODE_WITHDRAW = 11,  //!< a node takes value out of its balance; may have no input
};

/** True for the kinds listed above. */
bool IsKnownTxKind(TxKind kind);
/** Lower-case name ("transfer", "handle_commit", ...) or "unknown". */
std::string_view TxKindName(TxKind kind);

/** How an output is locked. The program is always 32 bytes. */
enum class LockType : uint8_t {
    KEY_HASH = 0, //!< program = KeyHash(x-only key); witness = [key32, sig64]
    KEY = 1,      //!< program = x-only key; witness = [sig64]
};
bool IsKnownLockType(LockType type);

/** Hash committed to by KEY_HASH locks: TaggedHash("DOTS/KeyHash", xonly_key). */
uint256 KeyHash(const XOnlyPubKey& key);

/** Sequence value that opts out of any future relative-lock semantics. */
inline constexpr uint32_t SEQUENCE_FINAL = 0xffffffff;

// Decoding limits (form only; consensus may be stricter).
inline constexpr size_t MAX_TX_SIZE = 1'000'000;          //!< serialized bytes, witness included
inline constexpr size_t MAX_TX_PAYLOAD_SIZE = 10'000;     //!< kind-specific payload bytes
inline constexpr size_t MAX_WITNESS_ITEMS = 8;            //!< items per input
inline constexpr size_t MAX_WITNESS_ITEM_SIZE = 520;      //!< bytes per item

struct COutPoint {
    static constexpr uint32_t NULL_INDEX = 0xffffffff;
    static constexpr size_t SERIALIZED_SIZE = 36;

    uint256 txid;
    uint32_t n{NULL_INDEX};

    bool IsNull() const { return txid.IsNull() && n == NULL_INDEX; }
    /** "txid:n" with the txid in display hex. */
    std::string ToString() const;

    friend bool operator==(const COutPoint&, const COutPoint&) = default;
    friend auto operator<=>(const COutPoint&, const COutPoint&) = default;

    template <typename W>
    void Serialize(W& w) const
    {
        WriteUint256(w, txid);
        WriteU32(w, n);
    }
    static std::optional<COutPoint> Unserialize(ByteReader& r);
};

/** Salted SipHash hasher for containers keyed by outpoints (UTXO caches, mempool spends). */
class SaltedOutpointHasher
{
public:
    SaltedOutpointHasher();
    size_t operator()(const COutPoint& op) const;

private:
    uint64_t m_k0;
    uint64_t m_k1;
};

/** Witness stack of one input (signatures, revealed keys). Not covered by the txid. */
using Witness = std::vector<std::vector<uint8_t>>;

struct CTxIn {
    static constexpr size_t MIN_BASE_SIZE = 40; //!< outpoint + sequence
    COutPoint prevout;
    uint32_t sequence{SEQUENCE_FINAL};
    Witness witness;

    friend bool operator==(const CTxIn&, const CTxIn&) = default;
};

struct OutputLock {
    static constexpr size_t SERIALIZED_SIZE = 33;
    LockType type{LockType::KEY_HASH};
    std::array<uint8_t, 32> program{};

    static OutputLock ForKeyHash(const XOnlyPubKey& key);
    static OutputLock ForKey(const XOnlyPubKey& key);

    friend bool operator==(const OutputLock&, const OutputLock&) = default;

    template <typename W>
    void Serialize(W& w) const
    {
        WriteU8(w, static_cast<uint8_t>(type));
        w.Write(program);
    }
    static std::optional<OutputLock> Unserialize(ByteReader& r);
};

struct CTxOut {
    static constexpr size_t SERIALIZED_SIZE = 41;
    CAmount value{0};
    OutputLock lock;

    friend bool operator==(const CTxOut&, const CTxOut&) = default;

    template <typename W>
    void Serialize(W& w) const
    {
        WriteI64(w, value);
        lock.Serialize(w);
    }
    static std::optional<CTxOut> Unserialize(ByteReader& r);
};

/** A transaction under construction (wallet, miner, tests). No cached ids. */
struct CMutableTransaction {
    static constexpr uint32_t CURRENT_VERSION = 1;

    uint32_t version{CURRENT_VERSION};
    TxKind kind{TxKind::TRANSFER};
    std::vector<CTxIn> vin;
    std::vector<CTxOut> vout;
    std::vector<uint8_t> payload;
    uint32_t locktime{0};

    /** Computes the ids (hashing the whole transaction each call). */
    uint256 GetTxid() const;
    uint256 GetWtxid() const;

    template <typename W> void Serialize(W& w) const;
    /** Base serialization only (what the txid hashes). */
    template <typename W> void SerializeBase(W& w) const;
    static std::optional<CMutableTransaction> Unserialize(ByteReader& r);
};

/**
 * An immutable transaction with its txid and wtxid computed once at construction.
 * Share it as CTransactionRef. Thread-safe to read from many threads.
 */
class CTransaction
{
public:
    const uint32_t version;
    const TxKind kind;
    const std::vector<CTxIn> vin;
    const std::vector<CTxOut> vout;
    const std::vector<uint8_t> payload;
    const uint32_t locktime;

    explicit CTransaction(const CMutableTransaction& tx);
    explicit CTransaction(CMutableTransaction&& tx);

    const uint256& GetTxid() const { return m_txid; }
    const uint256& GetWtxid() const { return m_wtxid; }
    bool IsCoinBase() const { return kind == TxKind::COINBASE; }
    /** True if any input carries witness data. */
    bool HasWitness() const;
    /** Sum of output values; std::nullopt if any value or the running sum leaves MoneyRange. */
    std::optional<CAmount> GetValueOut() const;
    /** Serialized size with witnesses. */
    size_t GetTotalSize() const;

    template <typename W> void Serialize(W& w) const;
    template <typename W> void SerializeBase(W& w) const;
    static std::optional<CTransaction> Unserialize(ByteReader& r);

    friend bool operator==(const CTransaction& a, const CTransaction& b) { return a.m_wtxid == b.m_wtxid; }

private:
    uint256 m_txid;
    uint256 m_wtxid;
};

using CTransactionRef = std::shared_ptr<const CTransaction>;
template <typename Tx>
CTransactionRef MakeTransactionRef(Tx&& tx)
{
    return std::make_shared<const CTransaction>(std::forward<Tx>(tx));
}

/**
 * Decodes one full transaction from untrusted bytes (at most MAX_TX_SIZE, no trailing data).
 * Never throws.
 */
Decoded<CTransaction> DecodeTransaction(std::span<const uint8_t> bytes);

// ---- Template definitions: one serializer for both transaction types. ----

namespace tx_detail {
template <typename W, typename Tx>
void SerializeBase(W& w, const Tx& tx)
{
    WriteU32(w, tx.version);
    WriteU16(w, static_cast<uint16_t>(tx.kind));
    WriteCompactSize(w, tx.vin.size());
    for (const CTxIn& in : tx.vin) {
        in.prevout.Serialize(w);
        WriteU32(w, in.sequence);
    }
    WriteCompactSize(w, tx.vout.size());
    for (const CTxOut& out : tx.vout) out.Serialize(w);
    WriteVarBytes(w, tx.payload);
    WriteU32(w, tx.locktime);
}

template <typename W, typename Tx>
void SerializeWitnesses(W& w, const Tx& tx)
{
    for (const CTxIn& in : tx.vin) {
        WriteCompactSize(w, in.witness.size());
        for (const auto& item : in.witness) WriteVarBytes(w, item);
    }
}
} // namespace tx_detail

template <typename W>
void CMutableTransaction::SerializeBase(W& w) const { tx_detail::SerializeBase(w, *this); }
template <typename W>
void CMutableTransaction::Serialize(W& w) const
{
    tx_detail::SerializeBase(w, *this);
    tx_detail::SerializeWitnesses(w, *this);
}
template <typename W>
void CTransaction::SerializeBase(W& w) const { tx_detail::SerializeBase(w, *this); }
template <typename W>
void CTransaction::Serialize(W& w) const
{
    tx_detail::SerializeBase(w, *this);
    tx_detail::SerializeWitnesses(w, *this);
}

#endif // DOTS_PRIMITIVES_TRANSACTION_H
