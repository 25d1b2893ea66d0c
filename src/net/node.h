// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NET_NODE_H
#define DOTS_NET_NODE_H

/**
 * Node: one P2P connection as the connection manager and the message processing see it. The
 * connection manager (net/connman.h) creates it, fills its receive queue from the socket and
 * writes what is pushed to it; the peer manager (net/processing/peerman.h) pops messages and
 * keeps its own per-peer protocol state elsewhere, keyed by the node id.
 *
 * Thread-safety: identity fields are const; flags and counters are atomics; the receive queue
 * and the per-type statistics have their own mutexes. A Node is shared (std::shared_ptr)
 * between the socket thread, the message handler and RPC readers, and freed by whoever drops
 * the last reference after it was disconnected.
 */

#include <net/address.h>
#include <net/protocol.h>
#include <net/transport.h>
#include <util/sync.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <limits>
#include <optional>
#include <string>
#include <vector>

struct bufferevent;

namespace net {

using NodeId = int64_t;

/** Why a connection exists; decides what is relayed over it and how it is protected. */
enum class ConnectionType {
    INBOUND,             //!< the peer connected to us
    OUTBOUND_FULL_RELAY, //!< automatic outbound: blocks, transactions and addresses
    MANUAL,              //!< -addnode, -connect or the addnode RPC: never evicted or discouraged
    FEELER,              //!< short-lived: checks that an address is alive, then disconnects
    BLOCK_RELAY,         //!< automatic outbound for blocks only (hides the transaction graph)
    ADDR_FETCH,          //!< -seednode: asks for addresses, then disconnects
};
/** "inbound", "outbound-full-relay", "manual", "feeler", "block-relay-only", "addr-fetch". */
std::string_view ConnectionTypeName(ConnectionType type);

/** Permissions of -whitebind/-whitelist peers (Bitcoin Core's names). */
enum NetPermissionFlags : uint32_t {
    PF_NONE = 0,
    PF_NOBAN = 1 << 0,    //!< never discouraged or banned for misbehaviour; also implies download
    PF_DOWNLOAD = 1 << 1, //!< served blocks even while we are in initial block download
    PF_ADDR = 1 << 2,     //!< addresses are not rate-limited
    PF_RELAY = 1 << 3,    //!< its transactions are relayed even when we would not
    PF_MEMPOOL = 1 << 4,  //!< may send the mempool message
};
/** Names of the permissions set in `flags` ("noban", "download", ...). */
std::vector<std::string> PermissionNames(uint32_t flags);

class Node
{
public:
    Node(NodeId id, const Service& addr, const Service& addr_bind, ConnectionType type, std::string addr_name,
         uint32_t permissions, int64_t connected_time, const std::array<uint8_t, MESSAGE_START_SIZE>& magic);
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;

    const NodeId id;
    const Service addr;      //!< the peer's address and port
    const Service addr_bind; //!< our end of the connection
    const ConnectionType type;
    /** What the user asked for (-addnode=host:port), else the address as text. */
    const std::string addr_name;
    const uint32_t permissions;
    const int64_t connected_time; //!< UNIX seconds
    /** Random nonce of our version message: receiving it back means we connected to ourselves. */
    const uint64_t local_nonce;
    /** Keyed hash of the peer's network group: equal groups compare equal (eviction, diversity). */
    uint64_t keyed_netgroup{0};

    bool IsInbound() const { return type == ConnectionType::INBOUND; }
    bool IsOutboundOrBlockRelay() const { return type == ConnectionType::OUTBOUND_FULL_RELAY || type == ConnectionType::BLOCK_RELAY; }
    bool IsManual() const { return type == ConnectionType::MANUAL; }
    bool IsFeeler() const { return type == ConnectionType::FEELER; }
    bool IsAddrFetch() const { return type == ConnectionType::ADDR_FETCH; }
    bool IsBlockOnly() const { return type == ConnectionType::BLOCK_RELAY; }
    bool HasPermission(NetPermissionFlags flag) const { return (permissions & flag) != 0; }

    // ---- set by the connection manager ----
    /** Once set, the connection is closed soon and nothing more is processed. */
    std::atomic<bool> disconnect{false};
    /** The send buffer is full: the peer manager stops answering getdata until it drains. */
    std::atomic<bool> pause_send{false};
    std::atomic<int64_t> last_send{0}; //!< UNIX seconds of the last byte written
    std::atomic<int64_t> last_recv{0}; //!< UNIX seconds of the last byte read
    std::atomic<uint64_t> bytes_sent{0};
    std::atomic<uint64_t> bytes_recv{0};

    // ---- set by the peer manager after the handshake ----
    std::atomic<int32_t> version{0};
    std::atomic<uint64_t> services{NODE_NONE};
    std::atomic<bool> successfully_connected{false}; //!< verack received
    /** The peer asked for transaction announcements (version.relay) and we relay to it. */
    std::atomic<bool> relays_txs{false};
    std::atomic<int64_t> time_offset{0}; //!< peer's clock minus ours, seconds
    std::atomic<int32_t> starting_height{-1};
    /** Eviction hints: last time it gave us a new block / a new transaction (UNIX seconds). */
    std::atomic<int64_t> last_block_time{0};
    std::atomic<int64_t> last_tx_time{0};
    std::atomic<int64_t> min_ping_us{std::numeric_limits<int64_t>::max()};
    std::atomic<int64_t> last_ping_us{0};
    /** Discouraged peers are the first candidates for eviction. */
    std::atomic<bool> prefer_evict{false};

    void SetUserAgent(std::string agent);
    std::string UserAgent() const;

    // ---- receive queue (socket thread pushes, message handler pops) ----
    /** Queues a received message. Returns the bytes now queued (the caller pauses reading above its limit). */
    size_t PushReceived(NetMessage&& msg);
    /** Takes the oldest message. `queued_after` receives the bytes still queued. */
    std::optional<NetMessage> PopReceived(size_t* queued_after);
    bool HasReceived() const;
    /** Reading was paused because the queue was full; the message handler resumes it. */
    std::atomic<bool> pause_recv{false};

    // ---- per-type byte statistics (getpeerinfo) ----
    void RecordSent(std::string_view type, size_t bytes);
    void RecordReceived(std::string_view type, size_t bytes);
    /** (type, bytes) for every type with traffic; unknown types as "*other*". */
    std::vector<std::pair<std::string, uint64_t>> BytesSentPerType() const;
    std::vector<std::pair<std::string, uint64_t>> BytesReceivedPerType() const;

    /** Frames the incoming byte stream (socket thread only). */
    MessageReader reader;

    // ---- the socket, owned by the connection manager; see connman.h ----
    mutable Mutex m_send_mutex;
    bufferevent* bev GUARDED_BY(m_send_mutex){nullptr};

private:
    mutable Mutex m_recv_mutex;
    std::deque<NetMessage> m_recv_queue GUARDED_BY(m_recv_mutex);
    size_t m_recv_queue_bytes GUARDED_BY(m_recv_mutex){0};

    mutable Mutex m_stats_mutex;
    std::string m_user_agent GUARDED_BY(m_stats_mutex);
    std::vector<uint64_t> m_sent_per_type GUARDED_BY(m_stats_mutex);
    std::vector<uint64_t> m_recv_per_type GUARDED_BY(m_stats_mutex);
};

} // namespace net

#endif // DOTS_NET_NODE_H
