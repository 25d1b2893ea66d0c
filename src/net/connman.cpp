// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// ConnectionManager: lifecycle, the node list, sending, the message handler thread, addnode
// bookkeeping and local addresses. The event loop is in connman_io.cpp, outbound connections
// in connman_open.cpp.

#include <net/connman.h>

#include <crypto/siphash.h>
#include <util/logging.h>
#include <util/time.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <event2/thread.h>
#include <ifaddrs.h>
#include <net/if.h>

#include <algorithm>
#include <cstring>

namespace net {

namespace {
constexpr int LOCAL_IF = 1;     //!< address of a local interface (-discover)
constexpr int LOCAL_BIND = 2;   //!< address we bound to
constexpr int LOCAL_MANUAL = 4; //!< -externalip
} // namespace

ConnectionManager::ConnectionManager(ConnmanOptions options, AddrMan& addrman, BanMan& banman)
    : m_options{std::move(options)}, m_addrman{addrman}, m_banman{banman}
{
    GetStrongRandBytes(m_netgroup_key);
    m_network_active = m_options.network_active;
    const int outbound = m_options.max_outbound_full_relay + m_options.max_block_relay + m_options.max_feeler;
    m_max_inbound = std::max(0, m_options.max_connections - outbound);
    LOCK(m_added_mutex);
    for (const std::string& name : m_options.addnodes) m_added_nodes.push_back(AddedNode{name, 0, 0});
}

ConnectionManager::~ConnectionManager()
{
    Interrupt();
    Stop();
}

int64_t ConnectionManager::Now() const
{
    return GetTime();
}

uint64_t ConnectionManager::KeyedNetGroup(const NetAddr& addr) const
{
    uint64_t k0, k1;
    std::memcpy(&k0, m_netgroup_key.data(), 8);
    std::memcpy(&k1, m_netgroup_key.data() + 8, 8);
    const std::vector<uint8_t> group = addr.GetGroup();
    return CSipHasher{k0, k1}.Write(group).Finalize();
}

util::Result<void> ConnectionManager::Start(NetEventsInterface& events)
{
    m_events = &events;
    m_interrupt = false;
    static const int threads_ready = evthread_use_pthreads();
    (void)threads_ready;
    m_base = event_base_new();
    if (!m_base) return util::Error{"Could not create the P2P event loop"};
    if (auto res = BindListeners(); !res) return res;

    for (const NetAddr& addr : m_options.external_ips) {
        LOCK(m_local_mutex);
        m_local_addresses[addr] = std::max(m_local_addresses[addr], LOCAL_MANUAL);
    }
    if (m_options.discover && IsListening() && m_options.external_ips.empty() && !m_options.proxy) DiscoverLocalAddresses();

    if (!m_options.peers_file.empty()) {
        if (auto res = m_addrman.Read(m_options.peers_file, m_options.magic); !res) {
            LogWarning("Invalid or corrupt peers.dat (%s); starting with an empty address table", res.error().c_str());
        } else {
            LogInfo("Loaded %u addresses from peers.dat", static_cast<unsigned>(m_addrman.Size()));
        }
    }
    {
        LOCK(m_addr_fetch_mutex);
        m_addr_fetches = m_options.seednodes;
    }

    m_threads.emplace_back([this] { ThreadEventLoop(); });
    m_threads.emplace_back([this] { ThreadMessageHandler(); });
    if (!m_options.connect.empty() || m_options.use_addrman_outgoing || !m_options.seednodes.empty()) {
        m_threads.emplace_back([this] { ThreadOpenConnections(); });
    }
    m_threads.emplace_back([this] { ThreadOpenAddedConnections(); });
    if (m_options.dnsseed && m_options.use_addrman_outgoing && !m_options.dns_seeds.empty()) {
        m_threads.emplace_back([this] { ThreadDnsSeed(); });
    }
    LogInfo("P2P: %s, %d inbound slots, %d outbound full-relay, %d block-relay-only",
            IsListening() ? ("listening on port " + std::to_string(ListenPort())).c_str() : "not listening",
            m_max_inbound, m_options.max_outbound_full_relay, m_options.max_block_relay);
    return {};
}

void ConnectionManager::Interrupt()
{
    m_interrupt = true;
    WakeMessageHandler();
    {
        LOCK(m_sleep_mutex);
    }
    m_sleep_cv.notify_all();
    // The loop thread breaks out when it sees the wake-up (a break before the loop runs would be lost).
    if (m_wakeup) event_active(m_wakeup, EV_READ, 0);
}

void ConnectionManager::Stop()
{
    for (std::thread& t : m_threads) {
        if (t.joinable()) t.join();
    }
    m_threads.clear();
    // The loop has stopped: everything below runs on this thread alone.
    std::vector<std::shared_ptr<Node>> nodes;
    std::vector<std::shared_ptr<Node>> new_nodes;
    std::vector<PendingSocket> pending;
    {
        LOCK(m_nodes_mutex);
        nodes.swap(m_nodes);
        new_nodes.swap(m_new_nodes);
        pending.swap(m_pending);
        nodes.insert(nodes.end(), m_closed_nodes.begin(), m_closed_nodes.end());
        m_closed_nodes.clear();
    }
    for (PendingSocket& p : pending) CloseSocket(p.fd);
    for (auto& [id, conn] : m_connections) {
        LOCK(conn->node->m_send_mutex);
        if (conn->node->bev) bufferevent_free(conn->node->bev);
        conn->node->bev = nullptr;
    }
    m_connections.clear();
    if (m_events) {
        for (const auto& node : new_nodes) m_events->InitializeNode(node);
        for (const auto& node : nodes) m_events->FinalizeNode(*node);
    }
    m_listeners.clear();
    if (m_timer) event_free(m_timer);
    if (m_wakeup) event_free(m_wakeup);
    m_timer = m_wakeup = nullptr;
    if (m_base) event_base_free(m_base);
    m_base = nullptr;
    if (m_events) DumpAddresses();
    m_events = nullptr;
}

void ConnectionManager::DumpAddresses()
{
    if (m_options.peers_file.empty()) return;
    if (auto res = m_addrman.Write(m_options.peers_file, m_options.magic); !res) {
        LogWarning("Could not write peers.dat: %s", res.error().c_str());
    } else {
        LogDebug(BCLog::NET, "Wrote %u addresses to peers.dat", static_cast<unsigned>(m_addrman.Size()));
    }
}

std::shared_ptr<Node> ConnectionManager::CreateNode(const Service& addr, const Service& bind, ConnectionType type,
                                                     const std::string& name, uint32_t permissions)
{
    auto node = std::make_shared<Node>(m_next_node_id++, addr, bind, type, name, permissions, Now(), m_options.magic);
    node->keyed_netgroup = KeyedNetGroup(addr);
    return node;
}

void ConnectionManager::PushMessage(Node& node, std::string_view type, std::span<const uint8_t> payload)
{
    const auto header = MakeMessageHeader(m_options.magic, type, payload);
    node.RecordSent(type, HEADER_SIZE + payload.size());
    LogDebug(BCLog::NET, "sending %s (%u bytes) peer=%lld", std::string{type}.c_str(),
             static_cast<unsigned>(payload.size()), static_cast<long long>(node.id));
    LOCK(node.m_send_mutex);
    if (!node.bev) {
        if (m_options.on_send) m_options.on_send(node, type, payload);
        return;
    }
    bufferevent_write(node.bev, header.data(), header.size());
    if (!payload.empty()) bufferevent_write(node.bev, payload.data(), payload.size());
    if (evbuffer_get_length(bufferevent_get_output(node.bev)) > m_options.max_send_buffer) node.pause_send = true;
}

std::optional<NetMessage> ConnectionManager::PollMessage(Node& node)
{
    size_t queued = 0;
    std::optional<NetMessage> msg = node.PopReceived(&queued);
    if (node.pause_recv && queued < m_options.max_receive_buffer) {
        LOCK(node.m_send_mutex);
        if (node.bev) bufferevent_enable(node.bev, EV_READ);
        node.pause_recv = false;
    }
    return msg;
}

void ConnectionManager::WakeMessageHandler()
{
    {
        LOCK(m_msghand_mutex);
        m_msghand_wake = true;
    }
    m_msghand_cv.notify_one();
}

void ConnectionManager::ThreadMessageHandler()
{
    SetThreadName("dots-msghand");
    while (!m_interrupt) {
        std::vector<std::shared_ptr<Node>> new_nodes;
        std::vector<std::shared_ptr<Node>> closed;
        std::vector<std::shared_ptr<Node>> nodes;
        {
            LOCK(m_nodes_mutex);
            new_nodes.swap(m_new_nodes);
            closed.swap(m_closed_nodes);
            nodes = m_nodes;
        }
        for (const auto& node : new_nodes) m_events->InitializeNode(node);
        for (const auto& node : closed) m_events->FinalizeNode(*node);

        bool more_work = false;
        for (const auto& node : nodes) {
            if (node->disconnect) continue;
            if (m_events->ProcessMessages(*node)) more_work = true;
            if (m_interrupt) return;
            m_events->SendMessages(*node);
            if (m_interrupt) return;
        }
        UniqueLock lock{m_msghand_mutex};
        if (!more_work) {
            m_msghand_cv.wait_for(lock.native(), std::chrono::milliseconds{100},
                                  [&]() EXCLUSIVE_LOCKS_REQUIRED(m_msghand_mutex) { return m_msghand_wake || m_interrupt.load(); });
        }
        m_msghand_wake = false;
    }
}

std::vector<std::shared_ptr<Node>> ConnectionManager::GetNodes() const
{
    LOCK(m_nodes_mutex);
    return m_nodes;
}

std::shared_ptr<Node> ConnectionManager::FindNode(NodeId id) const
{
    LOCK(m_nodes_mutex);
    for (const auto& node : m_nodes) {
        if (node->id == id) return node;
    }
    return nullptr;
}

bool ConnectionManager::DisconnectNode(NodeId id)
{
    const auto node = FindNode(id);
    if (!node) return false;
    LogDebug(BCLog::NET, "disconnecting peer=%lld on request", static_cast<long long>(id));
    node->disconnect = true;
    if (m_wakeup) event_active(m_wakeup, EV_READ, 0);
    return true;
}

bool ConnectionManager::DisconnectNode(std::string_view address)
{
    bool found = false;
    for (const auto& node : GetNodes()) {
        if (node->addr_name == address || node->addr.ToStringAddrPort() == address) {
            node->disconnect = true;
            found = true;
        }
    }
    if (found && m_wakeup) event_active(m_wakeup, EV_READ, 0);
    return found;
}

size_t ConnectionManager::DisconnectSubnet(const Subnet& subnet)
{
    size_t count = 0;
    for (const auto& node : GetNodes()) {
        if (SubnetMatches(subnet, node->addr)) {
            node->disconnect = true;
            ++count;
        }
    }
    if (count && m_wakeup) event_active(m_wakeup, EV_READ, 0);
    return count;
}

size_t ConnectionManager::GetNodeCount(ConnectionDirection direction) const
{
    LOCK(m_nodes_mutex);
    if (direction == ConnectionDirection::BOTH) return m_nodes.size();
    return static_cast<size_t>(std::count_if(m_nodes.begin(), m_nodes.end(), [&](const auto& node) {
        return node->IsInbound() == (direction == ConnectionDirection::INBOUND);
    }));
}

bool ConnectionManager::IsLocalNonce(uint64_t nonce) const
{
    LOCK(m_nodes_mutex);
    for (const auto& node : m_nodes) {
        if (!node->IsInbound() && !node->successfully_connected && node->local_nonce == nonce) return true;
    }
    return false;
}

void ConnectionManager::SetNetworkActive(bool active)
{
    LogInfo("SetNetworkActive: %s", active ? "true" : "false");
    if (m_network_active == active) return;
    m_network_active = active;
    if (!active) {
        for (const auto& node : GetNodes()) node->disconnect = true;
        if (m_wakeup) event_active(m_wakeup, EV_READ, 0);
    }
    m_sleep_cv.notify_all();
}

int ConnectionManager::GetExtraFullOutboundCount() const
{
    LOCK(m_nodes_mutex);
    const int count = static_cast<int>(std::count_if(m_nodes.begin(), m_nodes.end(), [](const auto& node) {
        return node->type == ConnectionType::OUTBOUND_FULL_RELAY && node->successfully_connected;
    }));
    return std::max(count - m_options.max_outbound_full_relay, 0);
}

int ConnectionManager::GetExtraBlockRelayCount() const
{
    LOCK(m_nodes_mutex);
    const int count = static_cast<int>(std::count_if(m_nodes.begin(), m_nodes.end(), [](const auto& node) {
        return node->IsBlockOnly() && node->successfully_connected;
    }));
    return std::max(count - m_options.max_block_relay, 0);
}

void ConnectionManager::SetTryNewOutboundPeer(bool value)
{
    if (m_try_new_outbound.exchange(value) != value) {
        LogDebug(BCLog::NET, "setting try another outbound peer=%s", value ? "true" : "false");
    }
}

void ConnectionManager::StartExtraBlockRelayPeers()
{
    if (!m_start_extra_block_relay.exchange(true)) LogDebug(BCLog::NET, "enabling extra block-relay-only peers");
}

bool ConnectionManager::AddNode(const std::string& name)
{
    LOCK(m_added_mutex);
    for (const AddedNode& added : m_added_nodes) {
        if (added.name == name) return false;
    }
    m_added_nodes.push_back(AddedNode{name, 0, 0});
    m_sleep_cv.notify_all();
    return true;
}

bool ConnectionManager::RemoveAddedNode(const std::string& name)
{
    LOCK(m_added_mutex);
    const auto it = std::find_if(m_added_nodes.begin(), m_added_nodes.end(), [&](const auto& a) { return a.name == name; });
    if (it == m_added_nodes.end()) return false;
    m_added_nodes.erase(it);
    return true;
}

std::vector<AddedNodeInfo> ConnectionManager::GetAddedNodeInfo() const
{
    std::vector<std::string> names;
    {
        LOCK(m_added_mutex);
        for (const AddedNode& added : m_added_nodes) names.push_back(added.name);
    }
    const auto nodes = GetNodes();
    std::vector<AddedNodeInfo> out;
    for (const std::string& name : names) {
        AddedNodeInfo info;
        info.name = name;
        const auto service = Service::Parse(name, m_options.default_port);
        for (const auto& node : nodes) {
            if (node->addr_name == name || (service && node->addr == *service)) {
                info.connected = true;
                info.connected_addr = node->addr;
                info.inbound = node->IsInbound();
                break;
            }
        }
        out.push_back(std::move(info));
    }
    return out;
}

uint32_t ConnectionManager::PermissionsFor(const NetAddr& addr, const Service& bind) const
{
    uint32_t permissions = PF_NONE;
    for (const WhitelistEntry& entry : m_options.whitelist) {
        if (SubnetMatches(entry.subnet, addr)) permissions |= entry.permissions;
    }
    for (const WhiteBindEntry& entry : m_options.whitebinds) {
        if (entry.addr == bind) permissions |= entry.permissions;
    }
    if (permissions & PF_NOBAN) permissions |= PF_DOWNLOAD;
    return permissions;
}

uint16_t ConnectionManager::ListenPort() const
{
    return m_bound.empty() ? m_options.default_port : m_bound.front().GetPort();
}

bool ConnectionManager::IsReachable(Network net) const
{
    if (!m_options.onlynet.empty() && !m_options.onlynet.count(net)) return false;
    if (net == Network::ONION) return m_options.proxy.has_value();
    return true;
}

std::set<Network> ConnectionManager::OutboundNetworks() const
{
    std::set<Network> out;
    for (Network net : {Network::IPV4, Network::IPV6, Network::ONION}) {
        if (IsReachable(net)) out.insert(net);
    }
    return out;
}

void ConnectionManager::SeenLocal(const Service& addr)
{
    LOCK(m_local_mutex);
    const auto it = m_local_addresses.find(addr);
    if (it != m_local_addresses.end()) ++it->second;
}

std::vector<std::pair<Service, int>> ConnectionManager::GetLocalAddresses() const
{
    const uint16_t port = ListenPort();
    LOCK(m_local_mutex);
    std::vector<std::pair<Service, int>> out;
    for (const auto& [addr, score] : m_local_addresses) out.emplace_back(Service{addr, port}, score);
    return out;
}

std::optional<Service> ConnectionManager::GetLocalAddressFor(const Node& node, const std::optional<Service>& seen_by_peer) const
{
    if (!IsListening()) return std::nullopt;
    std::optional<NetAddr> best;
    int best_score = -1;
    {
        LOCK(m_local_mutex);
        for (const auto& [addr, score] : m_local_addresses) {
            // Prefer our address on the peer's own network.
            const int effective = score + (addr.GetNetwork() == node.addr.GetNetwork() ? 100 : 0);
            if (IsReachable(addr.GetNetwork()) && effective > best_score) {
                best = addr;
                best_score = effective;
            }
        }
    }
    std::optional<Service> local;
    if (best) local = Service{*best, ListenPort()};
    // Sometimes use what the peer sees instead: it may know our public address better.
    const bool peer_view_usable = seen_by_peer && seen_by_peer->IsValid() &&
                                  (seen_by_peer->IsRoutable() || (m_options.allow_local_addresses && !seen_by_peer->IsOnion()));
    if (peer_view_usable && (!local || !local->IsRoutable() || GetRandRange(best_score > LOCAL_MANUAL + 100 ? 8 : 2) == 0)) {
        local = Service{*seen_by_peer, node.IsInbound() ? seen_by_peer->GetPort() : ListenPort()};
        if (node.IsInbound() && seen_by_peer->GetPort() == 0) local = Service{*seen_by_peer, ListenPort()};
    }
    if (local && (local->IsRoutable() || (m_options.allow_local_addresses && local->IsValid()))) return local;
    return std::nullopt;
}

void ConnectionManager::DiscoverLocalAddresses()
{
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0) return;
    for (ifaddrs* ifa = list; ifa != nullptr; ifa = ifa->ifa_next) {
        if (!ifa->ifa_addr || !(ifa->ifa_flags & IFF_UP)) continue;
        const size_t len = ifa->ifa_addr->sa_family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6);
        const auto service = Service::FromSockAddr(ifa->ifa_addr, len);
        if (!service || !service->IsRoutable()) continue;
        LOCK(m_local_mutex);
        m_local_addresses.emplace(*service, LOCAL_IF);
        LogInfo("Discovered local address %s", service->ToString().c_str());
    }
    ::freeifaddrs(list);
    for (const Service& bound : m_bound) {
        if (!bound.IsRoutable()) continue;
        LOCK(m_local_mutex);
        m_local_addresses[bound] = std::max(m_local_addresses[bound], LOCAL_BIND);
    }
}

} // namespace net
