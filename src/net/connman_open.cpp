// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// ConnectionManager's outbound side: the "dots-opencon" thread (automatic outbound
// connections, -connect, -seednode, feelers, periodic peers.dat), "dots-addcon" (-addnode with
// retry backoff) and the DNS seed lookup.

#include <net/connman.h>

#include <util/format.h>
#include <util/logging.h>

#include <event2/event.h>

#include <algorithm>
#include <cmath>
#include <sys/socket.h>

namespace net {

namespace {
constexpr int64_t FEELER_INTERVAL = 2 * 60;                 //!< average seconds between feelers
constexpr int64_t EXTRA_BLOCK_RELAY_INTERVAL = 5 * 60;      //!< average seconds between extra block-relay peers
constexpr int64_t DUMP_PEERS_INTERVAL = 15 * 60;
constexpr int64_t ADDNODE_MAX_BACKOFF = 60;
constexpr int64_t DNSSEED_DELAY = 11;                       //!< seconds to wait for peers.dat addresses to work first

/** Exponentially distributed delay with mean `average` (Poisson process), at least 1. */
int64_t PoissonDelay(int64_t average)
{
    const double u = (static_cast<double>(GetRandUint64() >> 11) + 0.5) * (1.0 / 9007199254740992.0);
    return std::max<int64_t>(1, static_cast<int64_t>(-std::log(u) * static_cast<double>(average)));
}
} // namespace

void ConnectionManager::SleepInterruptible(std::chrono::milliseconds duration)
{
    UniqueLock lock{m_sleep_mutex};
    m_sleep_cv.wait_for(lock.native(), duration, [&] { return m_interrupt.load(); });
}

bool ConnectionManager::AlreadyConnected(const Service& addr) const
{
    // Public addresses: one connection per IP, whatever the port. Local ones (regtest, where
    // every node is 127.0.0.1): per address and port.
    const bool per_ip = addr.IsRoutable();
    auto matches = [&](const Node& node) {
        return node.addr == addr || (per_ip && static_cast<const NetAddr&>(node.addr) == static_cast<const NetAddr&>(addr));
    };
    LOCK(m_nodes_mutex);
    for (const auto& node : m_nodes) {
        if (matches(*node)) return true;
    }
    for (const auto& pending : m_pending) {
        if (matches(*pending.node)) return true;
    }
    return false;
}

bool ConnectionManager::AlreadyConnectedName(const std::string& name) const
{
    const auto service = Service::Parse(name, m_options.default_port);
    LOCK(m_nodes_mutex);
    for (const auto& node : m_nodes) {
        if (node->addr_name == name || (service && node->addr == *service)) return true;
    }
    for (const auto& pending : m_pending) {
        if (pending.node->addr_name == name || (service && pending.node->addr == *service)) return true;
    }
    return false;
}

util::Result<int> ConnectionManager::ConnectTo(const Service& addr)
{
    if (m_options.proxy) {
        return ConnectThroughProxy(*m_options.proxy, addr.ToString(), addr.GetPort(), m_options.connect_timeout_ms, m_interrupt);
    }
    return ConnectSocket(addr, m_options.connect_timeout_ms, m_interrupt);
}

util::Result<void> ConnectionManager::OpenNetworkConnection(const std::optional<Service>& addr, const std::string& name,
                                                            ConnectionType type)
{
    if (m_interrupt) return util::Error{"shutting down"};
    if (!m_network_active) return util::Error{"network is disabled (setnetworkactive)"};
    std::optional<Service> target = addr;
    util::Result<int> fd{util::Error{"not connected"}};
    if (!name.empty()) {
        if (AlreadyConnectedName(name)) return util::Error{"already connected to " + name};
        const auto host_port = SplitHostPort(name, m_options.default_port);
        if (!host_port) return util::Error{"invalid address " + name};
        if (const auto numeric = NetAddr::Parse(host_port->first)) {
            target = Service{*numeric, host_port->second};
        } else if (!m_options.proxy) {
            const auto resolved = LookupHost(host_port->first, 1, m_options.name_lookup);
            if (resolved.empty()) return util::Error{"cannot resolve " + name};
            target = Service{resolved.front(), host_port->second};
        }
        if (target && AlreadyConnected(*target)) return util::Error{"already connected to " + target->ToStringAddrPort()};
        if (!target) {
            // A host name through the proxy: the proxy resolves it.
            fd = ConnectThroughProxy(*m_options.proxy, host_port->first, host_port->second, m_options.connect_timeout_ms, m_interrupt);
            target = Service{NetAddr{}, host_port->second};
        }
    } else {
        if (!target) return util::Error{"no address"};
        if (m_banman.IsBanned(*target) || m_banman.IsDiscouraged(*target)) return util::Error{"banned or discouraged"};
        if (AlreadyConnected(*target)) return util::Error{"already connected"};
    }
    if (!fd) {
        if (target->IsOnion() && !m_options.proxy) return util::Error{"onion address without -proxy"};
        fd = ConnectTo(*target);
    }
    if (!fd) {
        LogDebug(BCLog::NET, "connection to %s failed: %s", name.empty() ? target->ToStringAddrPort().c_str() : name.c_str(),
                 fd.error().c_str());
        return util::Error{fd.error()};
    }
    sockaddr_storage storage;
    socklen_t len = sizeof(storage);
    Service bind;
    if (::getsockname(*fd, reinterpret_cast<sockaddr*>(&storage), &len) == 0) {
        if (auto local = Service::FromSockAddr(reinterpret_cast<sockaddr*>(&storage), len)) bind = *local;
    }
    auto node = CreateNode(*target, bind, type, name, PermissionsFor(*target, bind));
    LogDebug(BCLog::NET, "connected to %s (%s), peer=%lld", target->ToStringAddrPort().c_str(),
             std::string{ConnectionTypeName(type)}.c_str(), static_cast<long long>(node->id));
    {
        LOCK(m_nodes_mutex);
        m_pending.push_back(PendingSocket{*fd, node});
    }
    if (m_wakeup) event_active(m_wakeup, EV_READ, 0);
    return {};
}

util::Result<void> ConnectionManager::OpenManualConnection(const std::string& name)
{
    return OpenNetworkConnection(std::nullopt, name, ConnectionType::MANUAL);
}

void ConnectionManager::ProcessAddrFetch()
{
    std::string name;
    {
        LOCK(m_addr_fetch_mutex);
        if (m_addr_fetches.empty()) return;
        name = m_addr_fetches.front();
        m_addr_fetches.erase(m_addr_fetches.begin());
    }
    if (auto res = OpenNetworkConnection(std::nullopt, name, ConnectionType::ADDR_FETCH); !res) {
        LogDebug(BCLog::NET, "seed node %s: %s", name.c_str(), res.error().c_str());
    }
}

std::optional<AddrInfo> ConnectionManager::SelectOutboundAddress(bool feeler, const std::set<uint64_t>& groups, int64_t now)
{
    m_addrman.ResolveCollisions(now);
    const std::set<Network> networks = OutboundNetworks();
    const uint16_t listen_port = ListenPort();
    for (int tries = 0; tries < 100 && !m_interrupt; ++tries) {
        std::optional<AddrInfo> info;
        if (feeler && tries == 0) info = m_addrman.SelectTriedCollision(now);
        if (!info) info = m_addrman.Select(feeler, networks, now);
        if (!info) return std::nullopt;
        const Service& addr = info->addr;
        if (!IsReachable(addr.GetNetwork())) continue;
        // Our own advertised address, echoed back by peers.
        if (addr.IsLocal() && addr.GetPort() == listen_port && IsListening()) continue;
        {
            LOCK(m_local_mutex);
            if (m_local_addresses.count(addr) && addr.GetPort() == listen_port) continue;
        }
        // One automatic outbound connection per network group (local ones are exempt where
        // they are allowed at all, i.e. on regtest).
        if (groups.count(KeyedNetGroup(addr)) && !(m_options.allow_local_addresses && (addr.IsLocal() || addr.IsPrivate()))) continue;
        if (AlreadyConnected(addr)) continue;
        if (m_banman.IsBanned(addr) || m_banman.IsDiscouraged(addr)) continue;
        // Addresses tried in the last 10 minutes only after 30 tries; other ports only after 50.
        if (now - info->last_try < 10 * 60 && tries < 30) continue;
        if (addr.GetPort() != m_options.default_port && tries < 50) continue;
        if (info->services != NODE_NONE && !(info->services & NODE_NETWORK) && tries < 40) continue;
        return info;
    }
    return std::nullopt;
}

void ConnectionManager::ThreadOpenConnections()
{
    SetThreadName("dots-opencon");
    if (!m_options.connect.empty()) {
        // -connect: only these, retried with growing pauses.
        std::map<std::string, int64_t> next_try;
        std::map<std::string, int64_t> backoff;
        while (!m_interrupt) {
            const int64_t now = Now();
            for (const std::string& name : m_options.connect) {
                if (!m_network_active || AlreadyConnectedName(name) || next_try[name] > now) continue;
                if (auto res = OpenNetworkConnection(std::nullopt, name, ConnectionType::MANUAL); !res) {
                    backoff[name] = std::clamp<int64_t>(backoff[name] * 2, 2, ADDNODE_MAX_BACKOFF);
                    next_try[name] = now + backoff[name];
                } else {
                    backoff[name] = 0;
                }
            }
            SleepInterruptible(std::chrono::milliseconds{500});
        }
        return;
    }

    int64_t next_feeler = Now() + PoissonDelay(FEELER_INTERVAL);
    int64_t next_extra_block_relay = Now() + PoissonDelay(EXTRA_BLOCK_RELAY_INTERVAL);
    int64_t next_dump = Now() + DUMP_PEERS_INTERVAL;
    while (!m_interrupt) {
        ProcessAddrFetch();
        SleepInterruptible(std::chrono::milliseconds{500});
        if (m_interrupt) return;
        const int64_t now = Now();
        if (now >= next_dump) {
            DumpAddresses();
            next_dump = now + DUMP_PEERS_INTERVAL;
        }
        if (!m_network_active || !m_options.use_addrman_outgoing) continue;

        int full_relay = 0, block_relay = 0;
        std::set<uint64_t> groups;
        {
            LOCK(m_nodes_mutex);
            auto count = [&](const Node& node) {
                if (node.type == ConnectionType::OUTBOUND_FULL_RELAY) ++full_relay;
                if (node.type == ConnectionType::BLOCK_RELAY) ++block_relay;
                if (node.IsOutboundOrBlockRelay()) groups.insert(node.keyed_netgroup);
            };
            for (const auto& node : m_nodes) count(*node);
            for (const auto& pending : m_pending) count(*pending.node);
        }
        ConnectionType type;
        if (full_relay < m_options.max_outbound_full_relay) {
            type = ConnectionType::OUTBOUND_FULL_RELAY;
        } else if (block_relay < m_options.max_block_relay) {
            type = ConnectionType::BLOCK_RELAY;
        } else if (m_try_new_outbound) {
            type = ConnectionType::OUTBOUND_FULL_RELAY; // one extra: the tip looks stale
        } else if (m_start_extra_block_relay && now > next_extra_block_relay) {
            next_extra_block_relay = now + PoissonDelay(EXTRA_BLOCK_RELAY_INTERVAL);
            type = ConnectionType::BLOCK_RELAY;
        } else if (now > next_feeler && m_options.max_feeler > 0) {
            next_feeler = now + PoissonDelay(FEELER_INTERVAL);
            type = ConnectionType::FEELER;
        } else {
            continue;
        }
        const auto info = SelectOutboundAddress(type == ConnectionType::FEELER, groups, now);
        if (!info) continue;
        // Count a failure against the address only once we have a couple of working peers:
        // without any, the problem is more likely ours than the address's.
        const bool count_failure = static_cast<int>(groups.size()) >= std::min(m_options.max_connections - 1, 2);
        m_addrman.Attempt(info->addr, count_failure, now);
        if (auto res = OpenNetworkConnection(info->addr, "", type); !res) {
            LogDebug(BCLog::NET, "outbound %s to %s: %s", std::string{ConnectionTypeName(type)}.c_str(),
                     info->addr.ToStringAddrPort().c_str(), res.error().c_str());
        }
    }
}

void ConnectionManager::ThreadOpenAddedConnections()
{
    SetThreadName("dots-addcon");
    while (!m_interrupt) {
        const int64_t now = Now();
        std::vector<std::string> due;
        {
            LOCK(m_added_mutex);
            for (const AddedNode& added : m_added_nodes) {
                if (added.next_try <= now) due.push_back(added.name);
            }
        }
        for (const std::string& name : due) {
            if (m_interrupt) return;
            if (!m_network_active || AlreadyConnectedName(name)) continue;
            int manual = 0;
            for (const auto& node : GetNodes()) manual += node->IsManual() ? 1 : 0;
            if (manual >= m_options.max_addnode) break;
            const bool ok = static_cast<bool>(OpenNetworkConnection(std::nullopt, name, ConnectionType::MANUAL));
            LOCK(m_added_mutex);
            for (AddedNode& added : m_added_nodes) {
                if (added.name != name) continue;
                // Retry a failing peer after 2, 4, 8 ... up to 60 seconds.
                added.backoff = ok ? 0 : std::clamp<int64_t>(added.backoff * 2, 2, ADDNODE_MAX_BACKOFF);
                added.next_try = ok ? now : now + added.backoff;
            }
        }
        SleepInterruptible(std::chrono::milliseconds{1000});
    }
}

void ConnectionManager::ThreadDnsSeed()
{
    SetThreadName("dots-dnsseed");
    if (m_addrman.Size() > 0) {
        // Give the addresses we already know a chance first.
        for (int i = 0; i < DNSSEED_DELAY * 2 && !m_interrupt; ++i) SleepInterruptible(std::chrono::milliseconds{500});
        int outbound = 0;
        for (const auto& node : GetNodes()) outbound += node->IsOutboundOrBlockRelay() && node->successfully_connected ? 1 : 0;
        if (outbound >= 2) {
            LogInfo("P2P peers available. Skipped DNS seeding.");
            return;
        }
    }
    for (const std::string& seed : m_options.dns_seeds) {
        if (m_interrupt) return;
        if (m_options.proxy) {
            // Do not leak a DNS query: ask the seed through the proxy as an addr-fetch peer.
            LOCK(m_addr_fetch_mutex);
            m_addr_fetches.push_back(seed);
            continue;
        }
        const auto resolved = LookupHost(seed, 256, m_options.name_lookup);
        std::vector<AddrEntry> entries;
        const int64_t now = Now();
        for (const NetAddr& addr : resolved) {
            // Seeds do not tell us when they saw the address: use 3-7 days ago.
            entries.push_back(AddrEntry{static_cast<uint32_t>(now - 3 * 24 * 3600 - static_cast<int64_t>(GetRandRange(4 * 24 * 3600))),
                                        NODE_NETWORK, Service{addr, m_options.default_port}});
        }
        m_addrman.Add(entries, NetAddr{}, 0, now);
        LogInfo("%u addresses found from DNS seed %s", static_cast<unsigned>(entries.size()), seed.c_str());
    }
}

} // namespace net
