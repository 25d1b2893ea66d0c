// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NET_CONNMAN_H
#define DOTS_NET_CONNMAN_H

/**
 * ConnectionManager: the P2P connections of the node, as Bitcoin Core's CConnman.
 *
 * Threads (all started by Start, joined by Stop):
 *  - "dots-net" runs a libevent loop: listening sockets, accepting (with bans, the inbound
 *    limit and eviction), reading (framing into each Node's receive queue, paused while that
 *    queue is over -maxreceivebuffer), writing, and a 1-second timer for inactivity timeouts
 *    and for closing disconnected peers.
 *  - "dots-msghand" hands nodes to the NetEventsInterface (the peer manager): new ones,
 *    closed ones, then round-robin one received message per node and whatever is due to send.
 *  - "dots-opencon" keeps the automatic outbound connections filled from the address manager
 *    (full-relay, block-relay-only, feelers), or only the -connect peers; -seednode
 *    connections fetch addresses; DNS seeds are queried when the table is empty.
 *  - "dots-addcon" keeps the -addnode / addnode RPC peers connected, retrying with backoff.
 *
 * Sending: PushMessage frames a message and appends it to the peer's socket buffer from any
 * thread (thread-safe libevent buffers); above -maxsendbuffer the node's pause_send flag tells
 * the peer manager to stop answering its requests until the buffer drains.
 *
 * Thread-safety: every public method may be called from any thread.
 */

#include <crypto/random.h>
#include <net/address.h>
#include <net/addrman.h>
#include <net/banman.h>
#include <net/node.h>
#include <net/sock.h>
#include <serialize.h>
#include <util/netaddress.h>
#include <util/result.h>
#include <util/sync.h>

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

struct bufferevent;
struct event;
struct event_base;
struct evbuffer;
struct evbuffer_cb_info;
struct evconnlistener;
struct sockaddr;

namespace net {

inline constexpr int DEFAULT_MAX_PEER_CONNECTIONS = 125;
inline constexpr int MAX_OUTBOUND_FULL_RELAY_CONNECTIONS = 8;
inline constexpr int MAX_BLOCK_RELAY_ONLY_CONNECTIONS = 2;
inline constexpr int MAX_ADDNODE_CONNECTIONS = 8;
inline constexpr int MAX_FEELER_CONNECTIONS = 1;
inline constexpr size_t DEFAULT_MAX_RECEIVE_BUFFER = 5'000'000; //!< -maxreceivebuffer, bytes
inline constexpr size_t DEFAULT_MAX_SEND_BUFFER = 1'000'000;    //!< -maxsendbuffer, bytes
inline constexpr int DEFAULT_CONNECT_TIMEOUT_MS = 5'000;         //!< -timeout
inline constexpr int64_t DEFAULT_PEER_CONNECT_TIMEOUT = 60;      //!< -peertimeout, seconds
/** No bytes sent or received for this long: the connection is dead. */
inline constexpr int64_t TIMEOUT_INTERVAL = 20 * 60;

/** The peer manager's side of the connections (net/processing/peerman.h). */
class NetEventsInterface
{
public:
    virtual ~NetEventsInterface() = default;
    /** A new connection, before any message is processed. Message handler thread. */
    virtual void InitializeNode(const std::shared_ptr<Node>& node) = 0;
    /** The connection is closed: forget the peer. Message handler thread. */
    virtual void FinalizeNode(const Node& node) = 0;
    /** Processes at most one received message; true if there is more work for this node. */
    virtual bool ProcessMessages(Node& node) = 0;
    /** Sends what is due: handshake, pings, announcements, block requests, timeouts. */
    virtual void SendMessages(Node& node) = 0;
};

/** -whitelist / -whitebind entries. */
struct WhitelistEntry {
    Subnet subnet;
    uint32_t permissions{PF_NONE};
};
struct WhiteBindEntry {
    Service addr;
    uint32_t permissions{PF_NONE};
};

struct ConnmanOptions {
    std::array<uint8_t, MESSAGE_START_SIZE> magic{};
    uint16_t default_port{0};
    int max_connections{DEFAULT_MAX_PEER_CONNECTIONS};
    int max_outbound_full_relay{MAX_OUTBOUND_FULL_RELAY_CONNECTIONS};
    int max_block_relay{MAX_BLOCK_RELAY_ONLY_CONNECTIONS};
    int max_addnode{MAX_ADDNODE_CONNECTIONS};
    int max_feeler{MAX_FEELER_CONNECTIONS};
    /** Accept inbound connections on `binds` (empty: every interface on default_port). */
    bool listen{true};
    std::vector<Service> binds;
    std::vector<WhiteBindEntry> whitebinds;
    std::vector<WhitelistEntry> whitelist;
    /** -connect: connect only to these (automatic outbound connections are off). */
    std::vector<std::string> connect;
    /** Make automatic outbound connections from the address manager. */
    bool use_addrman_outgoing{true};
    std::vector<std::string> addnodes;
    std::vector<std::string> seednodes;
    bool dnsseed{true};
    std::vector<std::string> dns_seeds;
    /** -onlynet: make outbound connections only to these networks (empty: every reachable one). */
    std::set<Network> onlynet;
    std::optional<ProxyConfig> proxy;
    /** -dns: allow host-name lookups (-addnode=host, DNS seeds). */
    bool name_lookup{true};
    size_t max_receive_buffer{DEFAULT_MAX_RECEIVE_BUFFER};
    size_t max_send_buffer{DEFAULT_MAX_SEND_BUFFER};
    int connect_timeout_ms{DEFAULT_CONNECT_TIMEOUT_MS};
    int64_t peer_connect_timeout{DEFAULT_PEER_CONNECT_TIMEOUT};
    /** Treat loopback and private addresses as ordinary (regtest; doc/p2p.md). */
    bool allow_local_addresses{false};
    /** -externalip addresses, and whether to -discover our own addresses. */
    std::vector<NetAddr> external_ips;
    bool discover{true};
    bool network_active{true};
    /** Where peers.dat lives (empty: not persisted). */
    std::filesystem::path peers_file;
    /**
     * Tests and fuzzing: receives every message pushed to a node that has no socket (nodes
     * made without Start(), fed through Node::PushReceived). Empty in dotsd.
     */
    std::function<void(const Node& node, std::string_view type, std::span<const uint8_t> payload)> on_send;
};

/** One -addnode entry for getaddednodeinfo. */
struct AddedNodeInfo {
    std::string name;
    bool connected{false};
    std::optional<Service> connected_addr;
    bool inbound{false};
};

/** What a connection looks like to the outside (getpeerinfo, getnetworkinfo). */
enum class ConnectionDirection { INBOUND, OUTBOUND, BOTH };

class ConnectionManager
{
public:
    ConnectionManager(ConnmanOptions options, AddrMan& addrman, BanMan& banman);
    ~ConnectionManager();
    ConnectionManager(const ConnectionManager&) = delete;
    ConnectionManager& operator=(const ConnectionManager&) = delete;

    /**
     * Opens the listening sockets and starts the threads, handing connections to `events`
     * (which must outlive Stop()). Errors name the address that could not be bound.
     */
    util::Result<void> Start(NetEventsInterface& events);
    /** Asks every thread to stop (no new connections, no more processing). */
    void Interrupt();
    /** Joins the threads, closes every connection (FinalizeNode for each) and writes peers.dat. */
    void Stop();

    // ---- messages ----
    /** Frames and queues a message to `node` (dropped if the connection is already closed). */
    void PushMessage(Node& node, std::string_view type, std::span<const uint8_t> payload);
    template <typename T>
    void Push(Node& node, std::string_view type, const T& obj)
    {
        const std::vector<uint8_t> payload = Encode(obj);
        PushMessage(node, type, payload);
    }
    /** Wakes the message handler (a new message, a drained send buffer, a new block to announce). */
    void WakeMessageHandler();

    // ---- connections ----
    /** A snapshot of the open connections. */
    std::vector<std::shared_ptr<Node>> GetNodes() const;
    std::shared_ptr<Node> FindNode(NodeId id) const;
    /** Marks a connection for closing. False if there is none with that id / address. */
    bool DisconnectNode(NodeId id);
    bool DisconnectNode(std::string_view address);
    /** Closes every connection to an address in `subnet` (setban); returns how many. */
    size_t DisconnectSubnet(const Subnet& subnet);
    size_t GetNodeCount(ConnectionDirection direction) const;
    /** Whether one of our outbound connections that has not finished the handshake sent `nonce`. */
    bool IsLocalNonce(uint64_t nonce) const;

    /** setnetworkactive: false closes every connection and stops making or accepting new ones. */
    void SetNetworkActive(bool active);
    bool GetNetworkActive() const { return m_network_active; }

    // ---- outbound management (the peer manager's stale-tip and chain-sync logic) ----
    /** Outbound full-relay connections beyond the target (the peer manager evicts the worst). */
    int GetExtraFullOutboundCount() const;
    /** Block-relay-only connections beyond the target. */
    int GetExtraBlockRelayCount() const;
    /** The tip looks stale: open one more outbound connection to find a better peer. */
    void SetTryNewOutboundPeer(bool value);
    /** Allow an extra block-relay-only connection from time to time (after IBD). */
    void StartExtraBlockRelayPeers();

    // ---- addnode ----
    /** Adds `name` (host[:port]) to the peers kept connected. False if already there. */
    bool AddNode(const std::string& name);
    bool RemoveAddedNode(const std::string& name);
    std::vector<AddedNodeInfo> GetAddedNodeInfo() const;
    /** Tries one manual connection to `name` now (addnode "onetry"). Blocks up to -timeout. */
    util::Result<void> OpenManualConnection(const std::string& name);

    // ---- local addresses ----
    /**
     * The address to advertise to `node` as ours (with our listening port); nullopt if we do
     * not listen or know no address worth advertising. `seen_by_peer` is how the peer said it
     * sees us (its version message): sometimes it knows better than we do.
     */
    std::optional<Service> GetLocalAddressFor(const Node& node, const std::optional<Service>& seen_by_peer) const;
    /** A peer saw us at `addr` (its version message): scores it as a local address. */
    void SeenLocal(const Service& addr);
    /** (address, score) of our known local addresses (getnetworkinfo localaddresses). */
    std::vector<std::pair<Service, int>> GetLocalAddresses() const;
    /** Whether outbound connections to `net` are possible and allowed. */
    bool IsReachable(Network net) const;
    /** Whether we accept inbound connections. */
    bool IsListening() const { return !m_bound.empty(); }
    uint16_t ListenPort() const;

    // ---- statistics ----
    uint64_t TotalBytesSent() const { return m_total_bytes_sent; }
    uint64_t TotalBytesReceived() const { return m_total_bytes_recv; }
    const ConnmanOptions& Options() const { return m_options; }
    AddrMan& GetAddrMan() { return m_addrman; }
    BanMan& GetBanMan() { return m_banman; }
    /** UNIX seconds (a mock clock in tests). */
    int64_t Now() const;

    /** Permissions for a peer at `addr` that connected to our socket `bind` (whitelists). */
    uint32_t PermissionsFor(const NetAddr& addr, const Service& bind) const;

    /**
     * Takes the next received message of `node` for processing (message handler thread) and
     * resumes reading from its socket once the queue is below -maxreceivebuffer again.
     */
    std::optional<NetMessage> PollMessage(Node& node);

private:
    /** A listening socket (event loop thread only). */
    struct Listener {
        ConnectionManager* owner{nullptr};
        evconnlistener* listener{nullptr};
        Service addr;
        uint32_t permissions{PF_NONE};
        ~Listener();
    };
    /** One attached socket (event loop thread only). */
    struct Connection {
        ConnectionManager* owner{nullptr};
        std::shared_ptr<Node> node;
    };
    struct PendingSocket {
        int fd;
        std::shared_ptr<Node> node;
    };

    // connman_io.cpp: libevent callbacks (arg: Connection* or Listener*) and their work.
    static void AcceptCallback(evconnlistener* listener, int fd, sockaddr* sa, int len, void* arg);
    static void ReadCallback(bufferevent* bev, void* arg);
    static void WriteCallback(bufferevent* bev, void* arg);
    static void EventCallback(bufferevent* bev, short what, void* arg);
    static void OutputCallback(evbuffer* buffer, const evbuffer_cb_info* info, void* arg);
    static void TimerCallback(int fd, short what, void* arg);
    static void WakeupCallback(int fd, short what, void* arg);
    void OnAccept(int fd, const Service& peer, const Service& local, uint32_t bind_permissions);
    void OnReadable(Connection& conn, bufferevent* bev);
    void OnTimer();

    // connman_io.cpp
    util::Result<void> BindListeners();
    util::Result<void> BindOne(const Service& addr, uint32_t permissions);
    void AttachSocket(int fd, const std::shared_ptr<Node>& node);
    void CloseDisconnected();
    void InactivityCheck(Node& node, int64_t now);
    bool AttemptToEvictConnection();
    void ThreadEventLoop();

    // connman_open.cpp
    void ThreadOpenConnections();
    void ThreadOpenAddedConnections();
    void ThreadDnsSeed();
    /**
     * Connects to `addr` (or resolves `name`), then registers the connection. For
     * addrman-chosen addresses (no name) bans, discouragement and existing connections are
     * checked first. Returns an error saying why not.
     */
    util::Result<void> OpenNetworkConnection(const std::optional<Service>& addr, const std::string& name,
                                             ConnectionType type);
    util::Result<int> ConnectTo(const Service& addr);
    bool AlreadyConnected(const Service& addr) const;
    bool AlreadyConnectedName(const std::string& name) const;
    std::optional<AddrInfo> SelectOutboundAddress(bool feeler, const std::set<uint64_t>& groups, int64_t now);
    void ProcessAddrFetch();
    void SleepInterruptible(std::chrono::milliseconds duration);
    std::set<Network> OutboundNetworks() const;

    // connman.cpp
    std::shared_ptr<Node> CreateNode(const Service& addr, const Service& bind, ConnectionType type,
                                     const std::string& name, uint32_t permissions);
    void ThreadMessageHandler();
    void DumpAddresses();
    void DiscoverLocalAddresses();
    uint64_t KeyedNetGroup(const NetAddr& addr) const;

    const ConnmanOptions m_options;
    AddrMan& m_addrman;
    BanMan& m_banman;
    NetEventsInterface* m_events{nullptr};
    std::array<uint8_t, 16> m_netgroup_key{};
    int m_max_inbound{0};

    std::atomic<bool> m_interrupt{false};
    std::atomic<bool> m_network_active{true};
    std::atomic<bool> m_try_new_outbound{false};
    std::atomic<bool> m_start_extra_block_relay{false};
    std::atomic<NodeId> m_next_node_id{0};
    std::atomic<uint64_t> m_total_bytes_sent{0};
    std::atomic<uint64_t> m_total_bytes_recv{0};

    // Connections.
    mutable Mutex m_nodes_mutex;
    std::vector<std::shared_ptr<Node>> m_nodes GUARDED_BY(m_nodes_mutex);
    /** Created by the connection threads, waiting for the event loop to attach their socket. */
    std::vector<PendingSocket> m_pending GUARDED_BY(m_nodes_mutex);
    /** Attached, not yet given to the message handler (InitializeNode). */
    std::vector<std::shared_ptr<Node>> m_new_nodes GUARDED_BY(m_nodes_mutex);
    /** Closed, not yet given to the message handler (FinalizeNode). */
    std::vector<std::shared_ptr<Node>> m_closed_nodes GUARDED_BY(m_nodes_mutex);

    // Event loop (dots-net).
    event_base* m_base{nullptr};
    event* m_timer{nullptr};
    event* m_wakeup{nullptr};
    std::vector<std::unique_ptr<Listener>> m_listeners;
    std::vector<Service> m_bound;
    /** Attached sockets by node id (event loop thread only). */
    std::map<NodeId, std::unique_ptr<Connection>> m_connections;

    // Message handler wake-up.
    Mutex m_msghand_mutex;
    std::condition_variable m_msghand_cv;
    bool m_msghand_wake GUARDED_BY(m_msghand_mutex){false};

    // Outbound thread wake-up and sleeps.
    Mutex m_sleep_mutex;
    std::condition_variable m_sleep_cv;

    // addnode.
    mutable Mutex m_added_mutex;
    struct AddedNode {
        std::string name;
        int64_t next_try{0};
        int64_t backoff{0};
    };
    std::vector<AddedNode> m_added_nodes GUARDED_BY(m_added_mutex);

    // -seednode connections still to make.
    Mutex m_addr_fetch_mutex;
    std::vector<std::string> m_addr_fetches GUARDED_BY(m_addr_fetch_mutex);

    // Local addresses and their scores.
    mutable Mutex m_local_mutex;
    std::map<NetAddr, int> m_local_addresses GUARDED_BY(m_local_mutex);

    std::vector<std::thread> m_threads;
};

} // namespace net

#endif // DOTS_NET_CONNMAN_H
