// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CONSENSUS_REGISTRY_STATE_H
#define DOTS_CONSENSUS_REGISTRY_STATE_H

/**
 * The registry's state records and how they are stored: every record is one key/value pair in
 * a RecordStore (the chainstate database through the coins cache, or a map in tests). Keys start
 * with a table byte; heights and epochs are big-endian (doc/registry.md "State layout"):
 *
 *   'h' handle                         -> HandleRecord
 *   'c' commitment:32                  -> CommitRecord      (until revealed or its window ends)
 *   'n' node:32                        -> NodeRecord        (kept: carries the node's seq)
 *   'V'                                -> NodeSetHeader     the active set: total bond, non-empty buckets
 *   'v' bucket:u8                      -> NodeList          active nodes whose key starts with bucket
 *   'F' epoch:be32                     -> NodeSetHeader     the active set frozen at the epoch's seed
 *   'f' epoch:be32 bucket:u8           -> NodeList          its buckets
 *   'r' epoch:be32 target:32           -> ReceiptMask
 *   'b' node:32                        -> NodeBalance       (while non-zero)
 *   'd' orig:32 term:32                -> PairRecord        (while any field is non-zero)
 *   'e' orig:32 term:32 epoch:be32     -> SettlementRecord  (until the epoch's window ends)
 *   'z' height:be32                    -> AgendaCount       chunks of work due at the height
 *   'Z' height:be32 chunk:be32         -> AgendaChunk
 *
 * Values are versionless compact encodings (little-endian integers, CompactSize lengths); a
 * record that does not decode is a corrupt database and the read aborts the node through the
 * store's error handler, like a coin. Pure functions; thread-compatible structs.
 */

#include <consensus/registry_payload.h>
#include <primitives/amount.h>
#include <primitives/uint256.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace consensus {

/**
 * Key/value access to the registry tables. Get returns std::nullopt for a missing key. Put with
 * std::nullopt erases. Implementations never fail visibly (see chainstate/coins.h on read errors).
 */
class RecordStore
{
public:
    virtual ~RecordStore() = default;
    virtual std::optional<std::string> Get(const std::string& key) const = 0;
    virtual void Put(const std::string& key, std::optional<std::string> value) = 0;
    /**
     * The value at `key` without copying it where the store can (a cache), or nullptr. The
     * pointer is valid until the next call on this store. The default copies through Get().
     * Not thread-safe (it may use a scratch member).
     */
    virtual const std::string* Find(const std::string& key) const
    {
        m_scratch = Get(key);
        return m_scratch ? &*m_scratch : nullptr;
    }

private:
    mutable std::optional<std::string> m_scratch;
};

enum Table : char {
    TABLE_HANDLE = 'h',
    TABLE_COMMIT = 'c',
    TABLE_NODE = 'n',
    TABLE_ACTIVE_HEADER = 'V',
    TABLE_ACTIVE = 'v',
    TABLE_FROZEN_HEADER = 'F',
    TABLE_FROZEN = 'f',
    TABLE_RECEIPTS = 'r',
    TABLE_BALANCE = 'b',
    TABLE_PAIR = 'd',
    TABLE_SETTLEMENT = 'e',
    TABLE_AGENDA_COUNT = 'z',
    TABLE_AGENDA = 'Z',
};

std::string HandleKey(std::string_view handle);
std::string CommitKey(const uint256& commitment);
std::string NodeKey(const Key& node);
std::string ActiveHeaderKey();
std::string ActiveBucketKey(uint8_t bucket);
std::string FrozenHeaderKey(uint32_t epoch);
std::string FrozenBucketKey(uint32_t epoch, uint8_t bucket);
std::string ReceiptKey(uint32_t epoch, const Key& target);
std::string BalanceKey(const Key& node);
std::string PairKey(const Key& orig, const Key& term);
std::string SettlementKey(const Key& orig, const Key& term, uint32_t epoch);
std::string AgendaCountKey(int32_t height);
std::string AgendaChunkKey(int32_t height, uint32_t chunk);

/** A registered handle. */
struct HandleRecord {
    std::string handle;
    Key owner{};
    int32_t registered_height{0};
    int32_t expiry_height{0};      //!< expired at heights >= this
    Key home{};                    //!< zero: none
    Key identity{};                //!< zero: none
    uint32_t update_seq{0};        //!< seq of the last update (carried over re-registrations)
    Key bound_node{};              //!< zero: no binding
    uint32_t binding_seq{0};       //!< seq of the last binding (carried over transfers and re-registrations)
    int32_t binding_height{-1};    //!< block of the current binding, -1: none
    bool binding_by_home{false};   //!< the current binding was signed by the home node alone

    bool IsExpired(int32_t height) const { return height >= expiry_height; }

    friend bool operator==(const HandleRecord&, const HandleRecord&) = default;
    std::string Encode() const;
    static std::optional<HandleRecord> Decode(std::string_view bytes);
};

struct CommitRecord {
    int32_t height{0};
    friend bool operator==(const CommitRecord&, const CommitRecord&) = default;
    std::string Encode() const;
    static std::optional<CommitRecord> Decode(std::string_view bytes);
};

/** A node (operator, PBX, gateway). */
struct NodeRecord {
    Key node{};
    uint32_t seq{0};                  //!< of the last node statement, release request or withdrawal
    std::vector<std::string> endpoints;
    std::vector<std::string> domains;
    std::vector<std::string> prefixes;
    CAmount rate{0};                  //!< units per 60 s, effective before next_rate_epoch
    CAmount next_rate{0};
    int64_t next_rate_epoch{-1};      //!< settlement epoch from which next_rate applies, -1: none
    CAmount bond{0};                  //!< locked; 0 once credited back
    int32_t registered_height{0};
    int32_t deregistered_height{-1};  //!< -1: active
    int32_t bond_release_height{-1};  //!< height whose start credits the bond, -1: none pending

    bool IsActive() const { return deregistered_height < 0; }
    /** The rate in force at `height` (the chain never reads it; routing does). */
    CAmount RateAt(int32_t height, const RegistryParams& params) const;

    friend bool operator==(const NodeRecord&, const NodeRecord&) = default;
    std::string Encode() const;
    static std::optional<NodeRecord> Decode(std::string_view bytes);
};

/** (key, bond) of an active node. */
struct NodeWeight {
    Key node{};
    CAmount bond{0};
    friend bool operator==(const NodeWeight&, const NodeWeight&) = default;
};

/** A bucket of the active set or of a frozen set: sorted by key, no duplicates. */
struct NodeList {
    std::vector<NodeWeight> nodes;
    friend bool operator==(const NodeList&, const NodeList&) = default;
    std::string Encode() const;
    static std::optional<NodeList> Decode(std::string_view bytes);
};

/** A set of nodes kept in buckets (the active set, or the active set frozen at an epoch's
 * seed): the total bond, the node count and the non-empty buckets. */
struct NodeSetHeader {
    CAmount total_bond{0};          //!< W_e for a frozen set
    uint32_t node_count{0};
    std::vector<uint8_t> buckets;   //!< ascending
    friend bool operator==(const NodeSetHeader&, const NodeSetHeader&) = default;
    std::string Encode() const;
    static std::optional<NodeSetHeader> Decode(std::string_view bytes);
};

/** Which of a target's drawn probers' receipts were counted (bit i: draw position i). */
struct ReceiptMask {
    /** Draw positions a mask can hold: probe_count is at most WIDTH, a receipt index below it. */
    static constexpr unsigned WIDTH{16};
    uint16_t mask{0};
    friend bool operator==(const ReceiptMask&, const ReceiptMask&) = default;
    std::string Encode() const;
    static std::optional<ReceiptMask> Decode(std::string_view bytes);
};

struct NodeBalance {
    CAmount balance{0};
    friend bool operator==(const NodeBalance&, const NodeBalance&) = default;
    std::string Encode() const;
    static std::optional<NodeBalance> Decode(std::string_view bytes);
};

/** The payment channel of a pair: orig pays for calls term terminates. */
struct PairRecord {
    CAmount deposit{0};
    CAmount debt{0};                 //!< owed to term; the next deposit pays it first
    CAmount release_amount{0};       //!< pending release request
    int32_t release_height{-1};      //!< when it is released, -1: none
    bool IsEmpty() const { return deposit == 0 && debt == 0 && release_height < 0; }
    friend bool operator==(const PairRecord&, const PairRecord&) = default;
    std::string Encode() const;
    static std::optional<PairRecord> Decode(std::string_view bytes);
};

/** What was settled for (pair, epoch). */
struct SettlementRecord {
    CAmount amount{0};
    uint64_t seconds{0};
    friend bool operator==(const SettlementRecord&, const SettlementRecord&) = default;
    std::string Encode() const;
    static std::optional<SettlementRecord> Decode(std::string_view bytes);
};

enum class AgendaType : uint8_t {
    ERASE_COMMIT = 1,     //!< id = commitment:32
    ERASE_SETTLEMENT = 2, //!< id = orig:32 term:32 epoch:u32 (little-endian)
    RELEASE_DEPOSIT = 3,  //!< id = orig:32 term:32
    RELEASE_BOND = 4,     //!< id = node:32
};

/** One piece of work due at a height. */
struct AgendaItem {
    AgendaType type{AgendaType::ERASE_COMMIT};
    std::vector<uint8_t> id; //!< its length is fixed by the type
    friend bool operator==(const AgendaItem&, const AgendaItem&) = default;
};

/** Agenda items by type (ids as documented in AgendaType). */
AgendaItem EraseCommitItem(const uint256& commitment);
AgendaItem EraseSettlementItem(const Key& orig, const Key& term, uint32_t epoch);
AgendaItem ReleaseDepositItem(const Key& orig, const Key& term);
AgendaItem ReleaseBondItem(const Key& node);

struct AgendaCount {
    uint32_t chunks{0};
    friend bool operator==(const AgendaCount&, const AgendaCount&) = default;
    std::string Encode() const;
    static std::optional<AgendaCount> Decode(std::string_view bytes);
};

/** The agenda items one block scheduled for one height, in order. */
struct AgendaChunk {
    std::vector<AgendaItem> items;
    friend bool operator==(const AgendaChunk&, const AgendaChunk&) = default;
    std::string Encode() const;
    static std::optional<AgendaChunk> Decode(std::string_view bytes);
};

/**
 * Typed reads over a RecordStore. A record that exists but does not decode is a corrupt
 * database: the functions abort through the store (they log and std::abort), never returning
 * "absent" for it. The value_or forms return the empty record for a missing key.
 */
std::optional<HandleRecord> ReadHandle(const RecordStore& store, std::string_view handle);
std::optional<CommitRecord> ReadCommit(const RecordStore& store, const uint256& commitment);
std::optional<NodeRecord> ReadNode(const RecordStore& store, const Key& node);
NodeSetHeader ReadActiveHeader(const RecordStore& store);
NodeList ReadActiveBucket(const RecordStore& store, uint8_t bucket);
std::optional<NodeSetHeader> ReadFrozenHeader(const RecordStore& store, uint32_t epoch);
NodeList ReadFrozenBucket(const RecordStore& store, uint32_t epoch, uint8_t bucket);
ReceiptMask ReadReceiptMask(const RecordStore& store, uint32_t epoch, const Key& target);
CAmount ReadBalance(const RecordStore& store, const Key& node);
PairRecord ReadPair(const RecordStore& store, const Key& orig, const Key& term);
std::optional<SettlementRecord> ReadSettlement(const RecordStore& store, const Key& orig, const Key& term, uint32_t epoch);
uint32_t ReadAgendaCount(const RecordStore& store, int32_t height);
AgendaChunk ReadAgendaChunk(const RecordStore& store, int32_t height, uint32_t chunk);

} // namespace consensus

#endif // DOTS_CONSENSUS_REGISTRY_STATE_H
