// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// PeerManager: peers coming and going, message dispatch, the handshake, ping, misbehaviour,
// notifications from other threads and the stale-tip check.

#include <net/processing/peerman_impl.h>

#include <crypto/random.h>
#include <util/chaintype.h>
#include <util/logging.h>
#include <util/time.h>
#include <validation/chainstate_manager.h>

#include <algorithm>
#include <cmath>

namespace net {

int64_t PoissonDelayUs(int64_t average_us)
{
    const double u = (static_cast<double>(GetRandUint64() >> 11) + 0.5) * (1.0 / 9007199254740992.0);
    return static_cast<int64_t>(-std::log(u) * static_cast<double>(average_us));
}

Peer::Peer(std::shared_ptr<Node> node_in) : node{std::move(node_in)}, id{node->id} {}

std::unique_ptr<PeerManager> PeerManager::Make(ConnectionManager& connman, AddrMan& addrman, BanMan& banman,
                                               validation::ChainstateManager& chainman, TxPool* txpool,
                                               PeerManagerOptions options)
{
    return std::make_unique<PeerManagerImpl>(connman, addrman, banman, chainman, txpool, std::move(options));
}

PeerManagerImpl::PeerManagerImpl(ConnectionManager& connman, AddrMan& addrman, BanMan& banman,
                                 validation::ChainstateManager& chainman, TxPool* txpool, PeerManagerOptions options)
    : m_connman{connman}, m_addrman{addrman}, m_banman{banman}, m_chainman{chainman},
      m_txpool{options.ignore_incoming_txs ? nullptr : txpool}, m_opts{std::move(options)},
      m_addr_relay_salt{GetRandUint64()}
{
    LOCK(m_mutex);
    LOCK(m_chainman.GetMutex());
    m_last_announced_tip = m_chainman.ActiveTip();
    m_last_tip_update = GetTime();
}

Peer* PeerManagerImpl::GetPeer(NodeId id)
{
    const auto it = m_peers.find(id);
    return it == m_peers.end() ? nullptr : it->second.get();
}

bool PeerManagerImpl::IsInitialBlockDownload()
{
    if (m_ibd_done) return false;
    LOCK(m_chainman.GetMutex());
    const BlockIndex* tip = m_chainman.ActiveTip();
    if (tip == nullptr || tip->chain_work < m_opts.minimum_chain_work) return true;
    if (tip->GetBlockTime() < GetTime() - m_opts.max_tip_age) return true;
    LogInfo("Leaving InitialBlockDownload (latching to false)");
    m_ibd_done = true;
    return false;
}

void PeerManagerImpl::InitializeNode(const std::shared_ptr<Node>& node)
{
    auto peer = std::make_unique<Peer>(node);
    // Outbound peers we chose are trusted to serve the chain: sync from them first.
    peer->preferred_download = (!node->IsInbound() && !node->IsAddrFetch() && !node->IsFeeler()) || node->HasPermission(PF_DOWNLOAD);
    Peer& ref = *peer;
    {
        LOCK(m_mutex);
        if (peer->preferred_download) ++m_num_preferred_download_peers;
        m_peers.emplace(node->id, std::move(peer));
    }
    if (!node->IsInbound()) PushVersion(ref);
}

void PeerManagerImpl::FinalizeNode(const Node& node)
{
    LOCK(m_mutex);
    Peer* peer = GetPeer(node.id);
    if (!peer) return;
    if (peer->sync_started) --m_sync_started;
    if (peer->preferred_download) --m_num_preferred_download_peers;
    if (peer->chain_sync.protect) --m_outbound_peers_with_protect;
    while (!peer->blocks_in_flight.empty()) RemoveBlockRequest(peer->blocks_in_flight.front().hash, peer->id);
    m_orphanage.EraseForPeer(node.id);
    m_txrequest.DisconnectedPeer(node.id);
    m_peers.erase(node.id);
    if (m_peers.empty()) {
        // Nothing can be in flight any more.
        m_blocks_in_flight.clear();
        m_peers_downloading_from = 0;
    }
    LogDebug(BCLog::NET, "Cleared nodestate for peer=%lld", static_cast<long long>(node.id));
}

void PeerManagerImpl::Disconnect(Peer& peer)
{
    peer.node->disconnect = true;
    m_connman.DisconnectNode(peer.id);
}

bool PeerManagerImpl::ProcessMessages(Node& node)
{
    const int64_t now_us = GetTimeMicros();
    LOCK(m_mutex);
    ProcessEvents();
    Peer* peer = GetPeer(node.id);
    if (!peer) return false;
    if (!peer->getdata_requests.empty()) ProcessGetData(*peer);
    if (ProcessOrphanTx(*peer, now_us)) return true;
    if (node.disconnect) return false;
    // Answer queued requests first (keeps responses in order and the queue bounded).
    if (!peer->getdata_requests.empty()) return true;
    // No point reading requests we cannot answer while the send buffer is full.
    if (node.pause_send) return false;
    std::optional<NetMessage> msg = m_connman.PollMessage(node);
    if (!msg) return false;
    LogDebug(BCLog::NET, "received: %s (%u bytes) peer=%lld", msg->type.c_str(), static_cast<unsigned>(msg->payload.size()),
             static_cast<long long>(node.id));
    ProcessMessage(*peer, msg->type, msg->payload);
    return node.HasReceived() || !peer->getdata_requests.empty();
}

void PeerManagerImpl::ProcessMessage(Peer& peer, const std::string& type, std::span<const uint8_t> payload)
{
    Node& node = *peer.node;
    const int64_t now_us = GetTimeMicros();
    if (type == msgtype::VERSION) return OnVersion(peer, payload);
    if (!peer.got_version) {
        // Must have a version message before anything else.
        return Misbehaving(peer, "non-version message before version handshake");
    }
    if (type == msgtype::VERACK) return OnVerack(peer);
    if (!peer.got_verack) {
        LogDebug(BCLog::NET, "ignoring %s prior to verack from peer=%lld", type.c_str(), static_cast<long long>(peer.id));
        return;
    }
    if (type == msgtype::PING) return OnPing(peer, payload);
    if (type == msgtype::PONG) return OnPong(peer, payload, now_us);
    if (type == msgtype::SENDHEADERS) {
        peer.prefer_headers = true;
        return;
    }
    if (type == msgtype::ADDRV2) return OnAddrV2(peer, payload, now_us);
    if (type == msgtype::GETADDR) return OnGetAddr(peer);
    if (type == msgtype::INV) return OnInv(peer, payload, now_us);
    if (type == msgtype::GETDATA) return OnGetData(peer, payload);
    if (type == msgtype::NOTFOUND) return OnNotFound(peer, payload);
    if (type == msgtype::GETHEADERS) return OnGetHeaders(peer, payload);
    if (type == msgtype::HEADERS) return OnHeaders(peer, payload);
    if (type == msgtype::BLOCK) return OnBlock(peer, payload);
    if (type == msgtype::TX) return OnTx(peer, payload, now_us);
    if (type == msgtype::FEEFILTER) return OnFeeFilter(peer, payload);
    if (type == msgtype::MEMPOOL) return OnMempool(peer);
    // Unknown types are ignored, so the protocol can grow without breaking old nodes.
    LogDebug(BCLog::NET, "Unknown message type \"%s\" from peer=%lld", type.c_str(), static_cast<long long>(node.id));
}

void PeerManagerImpl::PushVersion(Peer& peer)
{
    Node& node = *peer.node;
    VersionMessage msg;
    msg.version = PROTOCOL_VERSION;
    msg.services = NODE_NETWORK;
    msg.addr_from_services = msg.services; // as Bitcoin Core writes it
    msg.timestamp = GetTime();
    if (node.addr.IsValid() && !node.addr.IsOnion()) {
        msg.addr_recv_services = node.services;
        msg.addr_recv = node.addr;
    }
    msg.nonce = node.local_nonce;
    msg.user_agent = FormatSubVersion();
    {
        LOCK(m_chainman.GetMutex());
        msg.start_height = m_chainman.ActiveChain().Height();
    }
    // Transactions only where we relay them: not on block-relay-only connections or without a mempool.
    msg.relay = m_txpool != nullptr && !node.IsBlockOnly();
    m_connman.Push(node, msgtype::VERSION, msg);
    LogDebug(BCLog::NET, "send version message: version %d, blocks=%d, txrelay=%d, peer=%lld", msg.version,
             msg.start_height, msg.relay ? 1 : 0, static_cast<long long>(node.id));
}

namespace {
/** The user agent with everything but safe printable characters removed, for logs and RPC. */
std::string SanitizeUserAgent(const std::string& agent)
{
    static constexpr std::string_view SAFE =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;-_/:?@()";
    std::string out;
    for (char c : agent) {
        if (SAFE.find(c) != std::string_view::npos) out += c;
    }
    return out;
}
} // namespace

void PeerManagerImpl::OnVersion(Peer& peer, std::span<const uint8_t> payload)
{
    Node& node = *peer.node;
    if (peer.got_version) {
        LogDebug(BCLog::NET, "redundant version message from peer=%lld", static_cast<long long>(peer.id));
        return;
    }
    const auto msg = DecodeFull<VersionMessage>(payload, MAX_PROTOCOL_MESSAGE_LENGTH);
    if (!msg) {
        return Misbehaving(peer, std::string{"malformed version message: "} + msg.failure().what);
    }
    if (!node.IsInbound() && !node.IsManual() && !(msg->services & NODE_NETWORK) && !node.IsAddrFetch()) {
        LogDebug(BCLog::NET, "peer=%lld does not offer the expected services (%08llx offered, %08llx expected); disconnecting",
                 static_cast<long long>(peer.id), static_cast<unsigned long long>(msg->services),
                 static_cast<unsigned long long>(NODE_NETWORK));
        return Disconnect(peer);
    }
    if (msg->version < MIN_PEER_PROTO_VERSION) {
        LogDebug(BCLog::NET, "peer=%lld using obsolete version %d; disconnecting", static_cast<long long>(peer.id), msg->version);
        return Disconnect(peer);
    }
    if (node.IsInbound() && m_connman.IsLocalNonce(msg->nonce)) {
        LogInfo("connected to self at %s, disconnecting", node.addr.ToStringAddrPort().c_str());
        return Disconnect(peer);
    }
    if (node.IsInbound()) PushVersion(peer);
    m_connman.PushMessage(node, msgtype::VERACK, {});

    node.version = msg->version;
    node.services = msg->services;
    node.starting_height = msg->start_height;
    // A negative time counts as 0, as in Bitcoin Core: the difference then cannot overflow.
    node.time_offset = std::max<int64_t>(msg->timestamp, 0) - GetTime();
    node.SetUserAgent(SanitizeUserAgent(msg->user_agent));
    if (msg->addr_recv.IsValid()) {
        peer.addr_local = msg->addr_recv;
        m_connman.SeenLocal(msg->addr_recv);
    }
    peer.relay_txs = msg->relay && m_txpool != nullptr && !node.IsBlockOnly();
    node.relays_txs = peer.relay_txs;
    if (peer.relay_txs) {
        peer.tx_known = std::make_unique<RollingBloomFilter>(50'000, 0.000001);
        peer.recently_announced = std::make_unique<RollingBloomFilter>(3'500, 0.000001);
    }
    peer.got_version = true;

    if (!node.IsInbound() && !node.IsBlockOnly()) {
        // Outbound: learn addresses from the peer, and tell it ours.
        SetupAddressRelay(peer);
        if (m_connman.IsListening() && !IsInitialBlockDownload()) AdvertiseLocal(peer);
        m_connman.PushMessage(node, msgtype::GETADDR, {});
        peer.getaddr_sent = true;
    }
    if (!node.IsInbound()) {
        // A working outbound address: into the tried table. Manual peers are added first so a
        // restarted node finds them in peers.dat even without -addnode.
        if (node.IsManual() && node.addr.IsValid()) {
            m_addrman.Add({AddrEntry{static_cast<uint32_t>(GetTime()), msg->services, node.addr}}, node.addr, 0, GetTime());
        }
        m_addrman.Good(node.addr, GetTime());
        m_addrman.SetServices(node.addr, msg->services);
    }
    LogDebug(BCLog::NET, "receive version message: %s: version %d, blocks=%d, us=%s, txrelay=%d, peer=%lld",
             node.UserAgent().c_str(), msg->version, msg->start_height, msg->addr_recv.ToStringAddrPort().c_str(),
             msg->relay ? 1 : 0, static_cast<long long>(peer.id));
}

void PeerManagerImpl::OnVerack(Peer& peer)
{
    Node& node = *peer.node;
    if (peer.got_verack) {
        LogDebug(BCLog::NET, "ignoring redundant verack message from peer=%lld", static_cast<long long>(peer.id));
        return;
    }
    peer.got_verack = true;
    node.successfully_connected = true;
    if (!node.IsInbound()) {
        LogInfo("New %s peer connected: version: %d, blocks=%d, peer=%lld (%s)", std::string{ConnectionTypeName(node.type)}.c_str(),
                node.version.load(), node.starting_height.load(), static_cast<long long>(peer.id),
                node.addr_name.c_str());
    }
    if (node.IsFeeler()) {
        // The address works: that was all a feeler had to find out.
        LogDebug(BCLog::NET, "feeler connection completed peer=%lld; disconnecting", static_cast<long long>(peer.id));
        return Disconnect(peer);
    }
    // Announce new blocks to us with headers rather than inv (BIP130).
    m_connman.PushMessage(node, msgtype::SENDHEADERS, {});
    peer.next_ping_us = 0; // ping right away: latency for eviction and getpeerinfo
}

void PeerManagerImpl::OnPing(Peer& peer, std::span<const uint8_t> payload)
{
    const auto msg = DecodeFull<NonceMessage>(payload, 8);
    if (!msg) return Misbehaving(peer, "malformed ping message");
    m_connman.Push(*peer.node, msgtype::PONG, *msg);
}

void PeerManagerImpl::OnPong(Peer& peer, std::span<const uint8_t> payload, int64_t now_us)
{
    const auto msg = DecodeFull<NonceMessage>(payload, 8);
    if (!msg) return Misbehaving(peer, "malformed pong message");
    if (peer.ping_nonce_sent == 0) {
        LogDebug(BCLog::NET, "unsolicited pong without ping, peer=%lld", static_cast<long long>(peer.id));
        return;
    }
    if (msg->nonce != peer.ping_nonce_sent) {
        // A pong to an older ping (we only keep one outstanding): keep waiting for ours.
        LogDebug(BCLog::NET, "pong peer=%lld: nonce mismatch", static_cast<long long>(peer.id));
        return;
    }
    const int64_t latency = now_us - peer.ping_start_us;
    peer.ping_nonce_sent = 0;
    if (latency < 0) return;
    peer.node->last_ping_us = latency;
    if (latency < peer.node->min_ping_us) peer.node->min_ping_us = latency;
}

void PeerManagerImpl::MaybeSendPing(Peer& peer, int64_t now_us)
{
    Node& node = *peer.node;
    if (peer.ping_nonce_sent != 0 && now_us > peer.ping_start_us + TIMEOUT_INTERVAL * 1'000'000) {
        LogInfo("ping timeout: %.3fs peer=%lld", (now_us - peer.ping_start_us) / 1e6, static_cast<long long>(peer.id));
        return Disconnect(peer);
    }
    const bool due = peer.ping_queued || now_us >= peer.next_ping_us;
    if (!due || peer.ping_nonce_sent != 0) return;
    uint64_t nonce = 0;
    while (nonce == 0) nonce = GetRandUint64();
    peer.ping_queued = false;
    peer.ping_start_us = now_us;
    peer.ping_nonce_sent = nonce;
    peer.next_ping_us = now_us + PING_INTERVAL_US;
    m_connman.Push(node, msgtype::PING, NonceMessage{nonce});
}

void PeerManagerImpl::SendPings()
{
    m_send_pings = true;
    m_connman.WakeMessageHandler();
}

void PeerManagerImpl::Misbehaving(Peer& peer, const std::string& reason)
{
    LogInfo("Misbehaving: peer=%lld addr=%s: %s", static_cast<long long>(peer.id), peer.node->addr.ToStringAddrPort().c_str(),
            reason.c_str());
    peer.should_discourage = true;
    if (peer.discourage_reason.empty()) peer.discourage_reason = reason;
}

bool PeerManagerImpl::MaybeDiscourageAndDisconnect(Peer& peer)
{
    if (!peer.should_discourage) return false;
    peer.should_discourage = false;
    Node& node = *peer.node;
    const std::string reason = peer.discourage_reason;
    peer.discourage_reason.clear();
    if (node.HasPermission(PF_NOBAN)) {
        LogWarning("Not punishing noban peer=%lld (%s)!", static_cast<long long>(peer.id), reason.c_str());
        return false;
    }
    if (node.IsManual()) {
        LogWarning("Not punishing manually connected peer=%lld (%s)!", static_cast<long long>(peer.id), reason.c_str());
        return false;
    }
    if (node.addr.IsLocal() && !m_opts.discourage_local) {
        LogWarning("Disconnecting but not discouraging local peer=%lld (%s)", static_cast<long long>(peer.id), reason.c_str());
        Disconnect(peer);
        return true;
    }
    LogInfo("Disconnecting and discouraging peer=%lld addr=%s: %s", static_cast<long long>(peer.id),
            node.addr.ToStringAddrPort().c_str(), reason.c_str());
    m_banman.Discourage(node.addr);
    Disconnect(peer);
    return true;
}

void PeerManagerImpl::MaybePunishNodeForBlock(Peer& peer, const consensus::BlockValidationState& state, const std::string& what)
{
    switch (state.GetResult()) {
    case consensus::BlockValidationResult::BLOCK_RESULT_UNSET:
    case consensus::BlockValidationResult::BLOCK_TIME_FUTURE:      // may become valid: not the peer's fault
    case consensus::BlockValidationResult::BLOCK_HEADER_LOW_WORK:  // handled by presync
        return;
    case consensus::BlockValidationResult::BLOCK_CONSENSUS:
    case consensus::BlockValidationResult::BLOCK_MUTATED:
    case consensus::BlockValidationResult::BLOCK_CACHED_INVALID:
    case consensus::BlockValidationResult::BLOCK_INVALID_HEADER:
    case consensus::BlockValidationResult::BLOCK_MISSING_PREV:
    case consensus::BlockValidationResult::BLOCK_INVALID_PREV:
        Misbehaving(peer, what + ": " + state.ToString());
        return;
    }
}

void PeerManagerImpl::MaybePunishNodeForTx(Peer& peer, const consensus::TxValidationState& state)
{
    if (state.GetResult() == consensus::TxValidationResult::TX_CONSENSUS) Misbehaving(peer, "invalid transaction: " + state.ToString());
}

void PeerManagerImpl::UpdatedBlockTip(const chainstate::BlockIndex&, const chainstate::BlockIndex*, bool)
{
    {
        LOCK(m_events_mutex);
        m_tip_changed = true;
    }
    m_has_events = true;
    m_connman.WakeMessageHandler();
}

void PeerManagerImpl::TransactionAddedToMempool(const CTransactionRef& tx, uint64_t)
{
    {
        LOCK(m_events_mutex);
        m_txs_added.push_back(tx);
    }
    m_has_events = true;
    m_connman.WakeMessageHandler();
}

void PeerManagerImpl::BlockConnected(const std::shared_ptr<const CBlock>& block, const chainstate::BlockIndex&,
                                     const chainstate::RecordDiff&)
{
    {
        LOCK(m_events_mutex);
        m_blocks_connected.push_back(block);
    }
    m_has_events = true;
    m_connman.WakeMessageHandler();
}

void PeerManagerImpl::ProcessEvents()
{
    if (!m_has_events.exchange(false)) return;
    bool tip_changed;
    std::vector<CTransactionRef> txs;
    std::vector<std::shared_ptr<const CBlock>> blocks;
    {
        LOCK(m_events_mutex);
        tip_changed = m_tip_changed;
        m_tip_changed = false;
        txs.swap(m_txs_added);
        blocks.swap(m_blocks_connected);
    }
    for (const auto& block : blocks) {
        m_orphanage.EraseForBlock(*block);
        for (const CTransactionRef& tx : block->vtx) {
            m_recent_confirmed.insert(tx->GetWtxid());
            m_txrequest.ForgetTxHash(tx->GetWtxid());
            m_txrequest.ForgetTxHash(tx->GetTxid());
        }
    }
    if (tip_changed) OnTipChanged();
    for (const CTransactionRef& tx : txs) RelayTransaction(tx->GetWtxid());
}

std::optional<PeerStats> PeerManagerImpl::GetPeerStats(NodeId id) const
{
    LOCK(m_mutex);
    const auto it = m_peers.find(id);
    if (it == m_peers.end()) return std::nullopt;
    const Peer& peer = *it->second;
    PeerStats stats;
    stats.synced_headers = peer.best_known_block ? peer.best_known_block->height : -1;
    stats.synced_blocks = peer.last_common_block ? peer.last_common_block->height : -1;
    if (peer.headers_sync && peer.headers_sync->GetState() != HeadersSyncState::State::FINAL) {
        stats.presynced_headers = peer.headers_sync->PresyncHeight();
    }
    for (const QueuedBlock& queued : peer.blocks_in_flight) stats.inflight.push_back(queued.index ? queued.index->height : -1);
    stats.relay_txs = peer.relay_txs;
    stats.fee_filter = peer.fee_filter_received;
    stats.addr_relay_enabled = peer.addr_relay_enabled;
    stats.addr_processed = peer.addr_processed;
    stats.addr_rate_limited = peer.addr_rate_limited;
    stats.ping_wait_us = peer.ping_nonce_sent != 0 ? GetTimeMicros() - peer.ping_start_us : 0;
    stats.prefer_headers = peer.prefer_headers;
    return stats;
}

void PeerManagerImpl::SendMessages(Node& node)
{
    const int64_t now_us = GetTimeMicros();
    LOCK(m_mutex);
    ProcessEvents();
    CheckForStaleTipAndEvictPeers(now_us);
    Peer* peer_ptr = GetPeer(node.id);
    if (!peer_ptr) return;
    Peer& peer = *peer_ptr;
    if (MaybeDiscourageAndDisconnect(peer)) return;
    if (!peer.got_verack || node.disconnect) return;
    if (m_send_pings.exchange(false)) {
        for (auto& [id, other] : m_peers) other->ping_queued = true;
    }
    MaybeSendPing(peer, now_us);
    if (node.disconnect) return;
    if (node.IsAddrFetch() && now_us - node.connected_time * 1'000'000 > ADDR_FETCH_TIMEOUT_US) {
        LogDebug(BCLog::NET, "addrfetch connection timeout; disconnecting peer=%lld", static_cast<long long>(peer.id));
        return Disconnect(peer);
    }
    MaybeSendAddr(peer, now_us);
    MaybeStartHeadersSync(peer, now_us);
    SendBlockAnnouncements(peer);
    SendTxInventory(peer, now_us);
    CheckBlockDownloadTimeouts(peer, now_us);
    if (node.disconnect) return;
    CheckHeadersSyncTimeout(peer, now_us);
    if (node.disconnect) return;
    ConsiderEviction(peer, now_us);
    if (node.disconnect) return;
    RequestBlocks(peer, now_us);
    RequestTxs(peer, now_us);
    MaybeSendFeefilter(peer, now_us);
}

bool PeerManagerImpl::TipMayBeStale()
{
    // Three block intervals without a new tip, while nothing is being downloaded.
    return m_last_tip_update < GetTime() - 3 * m_chainman.Params().pow_target_spacing && m_blocks_in_flight.empty();
}

void PeerManagerImpl::CheckForStaleTipAndEvictPeers(int64_t now_us)
{
    if (now_us < m_stale_tip_check_us) return;
    m_stale_tip_check_us = now_us + STALE_CHECK_INTERVAL_US;
    EvictExtraOutboundPeers(now_us);
    if (TipMayBeStale()) {
        LogInfo("Potential stale tip detected, will try using extra outbound peer (last tip update: %lld seconds ago)",
                static_cast<long long>(GetTime() - m_last_tip_update));
        m_connman.SetTryNewOutboundPeer(true);
    } else {
        m_connman.SetTryNewOutboundPeer(false);
    }
    if (!m_initial_sync_finished && CanDirectFetch()) {
        m_connman.StartExtraBlockRelayPeers();
        m_initial_sync_finished = true;
    }
}

void PeerManagerImpl::EvictExtraOutboundPeers(int64_t now_us)
{
    // Extra block-relay-only peer (rotated for better connectivity): drop the younger of the
    // two youngest unless it just gave us a block.
    if (m_connman.GetExtraBlockRelayCount() > 0) {
        Peer* youngest = nullptr;
        Peer* next_youngest = nullptr;
        for (auto& [id, peer] : m_peers) {
            if (!peer->node->IsBlockOnly() || peer->node->disconnect) continue;
            if (!youngest || peer->node->connected_time > youngest->node->connected_time) {
                next_youngest = youngest;
                youngest = peer.get();
            } else if (!next_youngest || peer->node->connected_time > next_youngest->node->connected_time) {
                next_youngest = peer.get();
            }
        }
        Peer* evict = youngest;
        if (youngest && next_youngest && youngest->node->last_block_time > next_youngest->node->last_block_time) evict = next_youngest;
        if (evict && now_us - evict->node->connected_time * 1'000'000 > MINIMUM_CONNECT_TIME_US && evict->blocks_in_flight.empty()) {
            LogDebug(BCLog::NET, "disconnecting block-relay-only peer=%lld (last block received at time %lld)",
                     static_cast<long long>(evict->id), static_cast<long long>(evict->node->last_block_time.load()));
            Disconnect(*evict);
        }
    }
    // Extra full-relay outbound peer (opened because the tip looked stale): drop the one that
    // announced a new block least recently, unless it is protected or downloading.
    if (m_connman.GetExtraFullOutboundCount() > 0) {
        Peer* worst = nullptr;
        for (auto& [id, peer] : m_peers) {
            if (peer->node->type != ConnectionType::OUTBOUND_FULL_RELAY || peer->node->disconnect || peer->chain_sync.protect) continue;
            if (!worst || peer->last_block_announcement < worst->last_block_announcement ||
                (peer->last_block_announcement == worst->last_block_announcement && peer->id > worst->id)) {
                worst = peer.get();
            }
        }
        if (worst && now_us - worst->node->connected_time * 1'000'000 > MINIMUM_CONNECT_TIME_US && worst->blocks_in_flight.empty()) {
            LogDebug(BCLog::NET, "disconnecting extra outbound peer=%lld (last block announcement received at time %lld)",
                     static_cast<long long>(worst->id), static_cast<long long>(worst->last_block_announcement));
            Disconnect(*worst);
            m_connman.SetTryNewOutboundPeer(false);
        }
    }
}

} // namespace net
