// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CONSENSUS_REGISTRY_STATE_H
#define DOTS_CONSENSUS_REGISTRY_STATE_H

/**
 * The registry's state records and how they are stored: every record is one key/value pair in
 * a RecordStore (the chainstate database through the coins cache, or a map in tests). Keys start
 * with a table byte:
 *
 *   'h' handle               -> HandleRecord
 *   'c' commitment:32        -> CommitRecord
 *   'n' node:32              -> NodeRecord
 *   's' node:32              -> NodeStats (what the node's call records earned)
 *   'k' call_id:32           -> CallEntry (kept forever: a call id is recorded once)
 *   'o' node:32 height:be32 call_id:32 -> empty   (calls by node, for listcallrecords)
 *   'w' height:be32          -> BlockRewards  (only for blocks with call records)
 *   'p' height:be32          -> PayoutList    what the coinbase at that height must pay
 *
 * Values are versionless compact encodings (little-endian integers, CompactSize lengths); a
 * record that does not decode is a corrupt database and the read aborts the node through the
 * store's error handler, like a coin. Pure functions; thread-compatible structs.
 */

#include <consensus/registry_payload.h>
#include <primitives/amount.h>
#include <primitives/transaction.h>
#include <primitives/uint256.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace registry {

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
    TABLE_NODE_STATS = 's',
    TABLE_CALL = 'k',
    TABLE_NODE_CALLS = 'o',
    TABLE_BLOCK_REWARDS = 'w',
    TABLE_PAYOUTS = 'p',
};

std::string HandleKey(std::string_view handle);
std::string CommitKey(const uint256& commitment);
std::string NodeKey(const Key& node);
std::string NodeStatsKey(const Key& node);
std::string CallKey(const uint256& call_id);
std::string NodeCallKey(const Key& node, int32_t height, const uint256& call_id);
std::string BlockRewardsKey(int32_t height);
std::string PayoutsKey(int32_t height);

/** A registered handle. */
struct HandleRecord {
    std::string handle;
    Key owner{};
    int32_t registered_height{0};
    int32_t expiry_height{0};      //!< expired at heights >= this
    Key home{};                    //!< zero: none
    Key identity{};                //!< zero: none
    Key current_node{};            //!< zero: never proven online
    int32_t last_presence_height{-1}; //!< block height of the last presence proof, -1: none
    int64_t last_anchor{-1};       //!< anchor height of the last presence proof, -1: none
    uint32_t update_seq{0};        //!< seq of the last update (carried over re-registrations)

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
    uint32_t seq{0};
    OutputLock reward;
    std::vector<std::string> endpoints;
    std::vector<std::string> domains;
    std::vector<std::string> prefixes;
    CAmount bond{0};                  //!< locked; 0 once returned or burned
    int32_t registered_height{0};
    int32_t deregistered_height{-1};  //!< -1: active
    int32_t bond_release_height{-1};  //!< height whose coinbase returns the bond, -1: none pending
    OutputLock bond_return;           //!< where the bond goes back (deregister's reward lock)
    bool slashed{false};              //!< bond burned for equivocation; the key is banned

    bool IsActive() const { return deregistered_height < 0 && !slashed; }

    friend bool operator==(const NodeRecord&, const NodeRecord&) = default;
    std::string Encode() const;
    static std::optional<NodeRecord> Decode(std::string_view bytes);
};

/**
 * What a node's call records earned. Kept apart from NodeRecord (which holds up to ~7 KB of
 * endpoints, domains and prefixes) so that paying a call rewrites 32 bytes, not the node.
 */
struct NodeStats {
    uint64_t calls_paid{0};           //!< call records whose earnings were paid
    uint64_t billable_seconds_paid{0};
    CAmount earned{0};                //!< call earnings paid to this node

    friend bool operator==(const NodeStats&, const NodeStats&) = default;
    std::string Encode() const;
    static std::optional<NodeStats> Decode(std::string_view bytes);
};

enum class CallStatus : uint8_t { PENDING = 0, PAID = 1, VOIDED = 2 };
std::string_view CallStatusName(CallStatus status);

/** A recorded call. */
struct CallEntry {
    CallRecordBody body;
    uint256 txid;
    int32_t height{0};               //!< block that recorded it
    uint32_t billable_seconds{0};
    CAmount orig_amount{0};
    CAmount term_amount{0};
    OutputLock orig_lock;            //!< reward locks as of the record's block
    OutputLock term_lock;
    CallStatus status{CallStatus::PENDING};

    friend bool operator==(const CallEntry&, const CallEntry&) = default;
    std::string Encode() const;
    static std::optional<CallEntry> Decode(std::string_view bytes);
};

/** The call-reward accounting of one block. */
struct BlockRewards {
    CAmount pool{0};
    CAmount claimed{0};
    uint64_t billable_seconds{0};
    std::vector<uint256> call_ids;   //!< in block order

    friend bool operator==(const BlockRewards&, const BlockRewards&) = default;
    std::string Encode() const;
    static std::optional<BlockRewards> Decode(std::string_view bytes);
};

enum class PayoutType : uint8_t { CALL = 1, BOND = 2 };

/** One scheduled payout: a call's earnings (id = call id) or a bond return (id = node key). */
struct PayoutItem {
    PayoutType type{PayoutType::CALL};
    uint256 id;
    friend bool operator==(const PayoutItem&, const PayoutItem&) = default;
};

struct PayoutList {
    std::vector<PayoutItem> items;
    friend bool operator==(const PayoutList&, const PayoutList&) = default;
    std::string Encode() const;
    static std::optional<PayoutList> Decode(std::string_view bytes);
};

/**
 * Typed reads over a RecordStore. A record that exists but does not decode is a corrupt
 * database: the functions abort through the store (they log and std::abort), never returning
 * "absent" for it.
 */
std::optional<HandleRecord> ReadHandle(const RecordStore& store, std::string_view handle);
std::optional<NodeRecord> ReadNode(const RecordStore& store, const Key& node);
NodeStats ReadNodeStats(const RecordStore& store, const Key& node);
std::optional<CallEntry> ReadCall(const RecordStore& store, const uint256& call_id);
std::optional<BlockRewards> ReadBlockRewards(const RecordStore& store, int32_t height);
std::optional<CommitRecord> ReadCommit(const RecordStore& store, const uint256& commitment);
PayoutList ReadPayouts(const RecordStore& store, int32_t height);

/** Whether `record` counts as online at `height` (fresh proof; the node is checked by callers). */
bool IsOnlineAt(const HandleRecord& record, int32_t height, const RegistryParams& params);

} // namespace registry

#endif // DOTS_CONSENSUS_REGISTRY_STATE_H
