// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Address relay: addrv2 and getaddr, rate limits, relaying fresh addresses to a couple of
// peers, and advertising our own address.

#include <net/processing/peerman_impl.h>

#include <crypto/random.h>
#include <crypto/siphash.h>
#include <util/logging.h>
#include <util/time.h>

#include <algorithm>

namespace net {

namespace {
std::vector<uint8_t> AddrKey(const Service& addr)
{
    std::vector<uint8_t> key{addr.Bip155NetworkId()};
    const auto bytes = addr.Bytes();
    key.insert(key.end(), bytes.begin(), bytes.end());
    key.push_back(static_cast<uint8_t>(addr.GetPort() >> 8));
    key.push_back(static_cast<uint8_t>(addr.GetPort() & 0xff));
    return key;
}
} // namespace

void PeerManagerImpl::SetupAddressRelay(Peer& peer)
{
    // Never on block-relay-only connections: they exist to hide our other connections.
    if (peer.node->IsBlockOnly() || peer.addr_relay_enabled) return;
    peer.addr_relay_enabled = true;
    peer.addr_known = std::make_unique<RollingBloomFilter>(5'000, 0.001);
}

void PeerManagerImpl::OnAddrV2(Peer& peer, std::span<const uint8_t> payload, int64_t now_us)
{
    Node& node = *peer.node;
    SetupAddressRelay(peer);
    if (!peer.addr_relay_enabled) {
        LogDebug(BCLog::NET, "ignoring addrv2 message from %s peer=%lld", std::string{ConnectionTypeName(node.type)}.c_str(),
                 static_cast<long long>(peer.id));
        return;
    }
    const auto msg = DecodeFull<AddrV2Message>(payload, MAX_PROTOCOL_MESSAGE_LENGTH);
    if (!msg) {
        if (msg.failure().code == DecodeError::SIZE_TOO_LARGE) return Misbehaving(peer, "addrv2 message size > 1000");
        return Misbehaving(peer, std::string{"malformed addrv2 message: "} + msg.failure().what);
    }
    const int64_t now = GetTime();
    // Token bucket: 0.1 addresses per second, at most 1000 saved up.
    if (peer.addr_token_bucket < MAX_ADDR_PROCESSING_TOKEN_BUCKET) {
        const int64_t elapsed_us = std::max<int64_t>(now_us - peer.addr_token_timestamp_us, 0);
        peer.addr_token_bucket = std::min(peer.addr_token_bucket + MAX_ADDR_RATE_PER_SECOND * static_cast<double>(elapsed_us) / 1e6,
                                          MAX_ADDR_PROCESSING_TOKEN_BUCKET);
    }
    peer.addr_token_timestamp_us = now_us;
    const bool rate_limited = !node.HasPermission(PF_ADDR);
    std::vector<AddrEntry> to_add;
    uint64_t processed = 0, limited = 0;
    for (AddrEntry entry : msg->entries) {
        if (!entry.addr) continue; // a network we do not support
        if (!(entry.services & NODE_NETWORK)) continue;
        if (peer.addr_token_bucket < 1.0) {
            if (rate_limited) {
                ++limited;
                continue;
            }
        } else {
            peer.addr_token_bucket -= 1.0;
        }
        if (entry.time <= 100'000'000 || entry.time > now + 10 * 60) entry.time = static_cast<uint32_t>(now - 5 * 24 * 60 * 60);
        peer.addr_known->insert(AddrKey(*entry.addr));
        if (m_banman.IsBanned(*entry.addr) || m_banman.IsDiscouraged(*entry.addr)) continue;
        ++processed;
        const bool reachable = m_connman.IsReachable(entry.addr->GetNetwork());
        const bool relayable = entry.addr->IsRoutable() || (m_connman.Options().allow_local_addresses && entry.addr->IsValid());
        // Relay only fresh addresses that came unsolicited in small messages: self-announcements.
        if (entry.time > now - 10 * 60 && !peer.getaddr_sent && msg->entries.size() <= 10 && relayable) {
            RelayAddress(peer.id, entry, reachable, now);
        }
        if (reachable) to_add.push_back(entry);
    }
    peer.addr_processed += processed;
    peer.addr_rate_limited += limited;
    LogDebug(BCLog::NET, "Received addr: %u addresses (%llu processed, %llu rate-limited) from peer=%lld",
             static_cast<unsigned>(msg->entries.size()), static_cast<unsigned long long>(processed),
             static_cast<unsigned long long>(limited), static_cast<long long>(peer.id));
    m_addrman.Add(to_add, node.addr, 2 * 60 * 60, now);
    if (msg->entries.size() < MAX_ADDR_TO_SEND) peer.getaddr_sent = false;
    if (node.IsAddrFetch()) {
        LogDebug(BCLog::NET, "addrfetch connection completed peer=%lld; disconnecting", static_cast<long long>(peer.id));
        Disconnect(peer);
    }
}

void PeerManagerImpl::OnGetAddr(Peer& peer)
{
    Node& node = *peer.node;
    // Only inbound peers: answering outbound ones would let them fingerprint us.
    if (!node.IsInbound()) {
        LogDebug(BCLog::NET, "Ignoring \"getaddr\" from %s connection. peer=%lld", std::string{ConnectionTypeName(node.type)}.c_str(),
                 static_cast<long long>(peer.id));
        return;
    }
    SetupAddressRelay(peer);
    if (!peer.addr_relay_enabled) return;
    if (peer.getaddr_recvd) {
        LogDebug(BCLog::NET, "Ignoring repeated \"getaddr\". peer=%lld", static_cast<long long>(peer.id));
        return;
    }
    peer.getaddr_recvd = true;
    peer.addrs_to_send.clear();
    const int64_t now = GetTime();
    std::vector<AddrInfo> addrs;
    if (node.HasPermission(PF_ADDR)) {
        addrs = m_addrman.GetAddr(MAX_ADDR_TO_SEND, MAX_PCT_ADDR_TO_SEND, std::nullopt, now);
    } else {
        // One cached answer for everyone, renewed about daily, so repeated queries learn nothing new.
        if (now >= m_addr_cache_expiry) {
            m_addr_cache = m_addrman.GetAddr(MAX_ADDR_TO_SEND, MAX_PCT_ADDR_TO_SEND, std::nullopt, now);
            m_addr_cache_expiry = now + ADDR_CACHE_LIFETIME - 3 * 60 * 60 + static_cast<int64_t>(GetRandRange(6 * 60 * 60));
        }
        addrs = m_addr_cache;
    }
    for (const AddrInfo& info : addrs) PushAddress(peer, AddrEntry{static_cast<uint32_t>(info.time), info.services, info.addr});
}

void PeerManagerImpl::PushAddress(Peer& peer, const AddrEntry& entry)
{
    if (!entry.addr || !peer.addr_known) return;
    if (peer.addr_known->contains(AddrKey(*entry.addr))) return;
    if (peer.addrs_to_send.size() >= MAX_ADDR_TO_SEND) {
        peer.addrs_to_send[GetRandRange(peer.addrs_to_send.size())] = entry;
    } else {
        peer.addrs_to_send.push_back(entry);
    }
}

void PeerManagerImpl::RelayAddress(NodeId origin, const AddrEntry& entry, bool reachable, int64_t now)
{
    // The same address goes to the same peers for a day, so relaying it again does not spread
    // it further (and an attacker cannot learn our whole peer set by repeating it).
    const std::vector<uint8_t> key = AddrKey(*entry.addr);
    const uint64_t addr_hash = CSipHasher{m_addr_relay_salt, 0}.Write(key).Finalize();
    const uint64_t day = static_cast<uint64_t>(now + static_cast<int64_t>(addr_hash % (24 * 60 * 60))) / (24 * 60 * 60);
    const size_t relay_count = reachable ? 2 : 1;
    std::vector<std::pair<uint64_t, Peer*>> best;
    for (auto& [id, peer] : m_peers) {
        if (id == origin || !peer->addr_relay_enabled || peer->node->disconnect || !peer->got_verack) continue;
        uint8_t id_bytes[16];
        std::memcpy(id_bytes, &id, 8);
        std::memcpy(id_bytes + 8, &day, 8);
        const uint64_t score = CSipHasher{m_addr_relay_salt, addr_hash}.Write(id_bytes).Finalize();
        best.emplace_back(score, peer.get());
    }
    std::sort(best.begin(), best.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (size_t i = 0; i < best.size() && i < relay_count; ++i) PushAddress(*best[i].second, entry);
}

void PeerManagerImpl::AdvertiseLocal(Peer& peer)
{
    const auto local = m_connman.GetLocalAddressFor(*peer.node, peer.addr_local);
    if (!local) return;
    LogDebug(BCLog::NET, "AdvertiseLocal: advertising address %s to peer=%lld", local->ToStringAddrPort().c_str(),
             static_cast<long long>(peer.id));
    PushAddress(peer, AddrEntry{static_cast<uint32_t>(GetTime()), NODE_NETWORK, *local});
}

void PeerManagerImpl::MaybeSendAddr(Peer& peer, int64_t now_us)
{
    if (!peer.addr_relay_enabled) return;
    if (m_connman.IsListening() && now_us >= peer.next_local_addr_send_us && !IsInitialBlockDownload()) {
        // Once a day or so: forget what the peer knows of us so the announcement really goes out.
        if (peer.next_local_addr_send_us != 0) peer.addr_known->reset();
        AdvertiseLocal(peer);
        peer.next_local_addr_send_us = now_us + PoissonDelayUs(AVG_LOCAL_ADDRESS_BROADCAST_INTERVAL_US);
    }
    if (now_us < peer.next_addr_send_us) return;
    peer.next_addr_send_us = now_us + PoissonDelayUs(AVG_ADDRESS_BROADCAST_INTERVAL_US);
    AddrV2Message msg;
    for (const AddrEntry& entry : peer.addrs_to_send) {
        const std::vector<uint8_t> key = AddrKey(*entry.addr);
        if (peer.addr_known->contains(key)) continue;
        peer.addr_known->insert(key);
        msg.entries.push_back(entry);
    }
    peer.addrs_to_send.clear();
    if (peer.addrs_to_send.capacity() > 40) peer.addrs_to_send.shrink_to_fit();
    if (!msg.entries.empty()) m_connman.Push(*peer.node, msgtype::ADDRV2, msg);
}

} // namespace net
