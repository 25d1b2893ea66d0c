// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Headers: serving getheaders, processing headers (with presync for low-work chains),
// starting and timing out the headers sync, block announcements, and replacing outbound
// peers that stay on a chain with less work than ours.

#include <net/processing/peerman_impl.h>

#include <consensus/pow.h>
#include <util/format.h>
#include <util/logging.h>
#include <util/time.h>
#include <validation/chainstate_manager.h>

#include <algorithm>
#include <limits>

namespace net {

consensus::arith_uint256 PeerManagerImpl::GetAntiDoSWorkThreshold()
{
    LOCK(m_chainman.GetMutex());
    const BlockIndex* tip = m_chainman.ActiveTip();
    // A chain within 144 blocks of work of our tip is cheap to store and may be a real fork.
    consensus::arith_uint256 near_tip = tip->chain_work;
    const consensus::arith_uint256 buffer = consensus::GetBlockProof(tip->bits) * consensus::arith_uint256{144};
    near_tip = near_tip > buffer ? near_tip - buffer : consensus::arith_uint256{0};
    return std::max(near_tip, m_opts.minimum_chain_work);
}

bool PeerManagerImpl::CanDirectFetch()
{
    LOCK(m_chainman.GetMutex());
    return m_chainman.ActiveTip()->GetBlockTime() > GetTime() - m_chainman.Params().pow_target_spacing * 20;
}

void PeerManagerImpl::ProcessBlockAvailability(Peer& peer)
{
    if (peer.last_unknown_block.IsNull()) return;
    LOCK(m_chainman.GetMutex());
    const BlockIndex* index = m_chainman.LookupBlockIndex(peer.last_unknown_block);
    if (index && index->chain_work > consensus::arith_uint256{0}) {
        if (!peer.best_known_block || index->chain_work >= peer.best_known_block->chain_work) peer.best_known_block = index;
        peer.last_unknown_block.SetNull();
    }
}

void PeerManagerImpl::UpdateBlockAvailability(Peer& peer, const uint256& hash)
{
    ProcessBlockAvailability(peer);
    LOCK(m_chainman.GetMutex());
    const BlockIndex* index = m_chainman.LookupBlockIndex(hash);
    if (index && index->chain_work > consensus::arith_uint256{0}) {
        if (!peer.best_known_block || index->chain_work >= peer.best_known_block->chain_work) peer.best_known_block = index;
    } else {
        peer.last_unknown_block = hash;
    }
}

bool PeerManagerImpl::PeerHasHeader(const Peer& peer, const BlockIndex* index) const
{
    if (peer.best_known_block && index == peer.best_known_block->GetAncestor(index->height)) return true;
    if (peer.best_header_sent && index == peer.best_header_sent->GetAncestor(index->height)) return true;
    return false;
}

bool PeerManagerImpl::MaybeSendGetHeaders(Peer& peer, std::vector<uint256> locator, int64_t now_us)
{
    // One outstanding getheaders at a time (the answer resets it), else peers get flooded.
    if (peer.last_getheaders_us != 0 && now_us - peer.last_getheaders_us < HEADERS_RESPONSE_TIME_US) return false;
    GetHeadersMessage msg;
    msg.locator = std::move(locator);
    if (msg.locator.size() > MAX_LOCATOR_SZ) msg.locator.resize(MAX_LOCATOR_SZ);
    m_connman.Push(*peer.node, msgtype::GETHEADERS, msg);
    peer.last_getheaders_us = now_us;
    return true;
}

void PeerManagerImpl::OnGetHeaders(Peer& peer, std::span<const uint8_t> payload)
{
    const auto msg = DecodeFull<GetHeadersMessage>(payload, MAX_PROTOCOL_MESSAGE_LENGTH);
    if (!msg) {
        if (msg.failure().code == DecodeError::SIZE_TOO_LARGE) return Misbehaving(peer, "getheaders locator size > 101");
        return Misbehaving(peer, std::string{"malformed getheaders message: "} + msg.failure().what);
    }
    if (IsInitialBlockDownload() && !peer.node->HasPermission(PF_DOWNLOAD)) {
        // Our chain may be far behind: serve nothing, but answer (an empty headers message) so
        // the peer does not wait for us before asking again when a block is announced.
        LogDebug(BCLog::NET, "Ignoring getheaders from peer=%lld because node is in initial block download", static_cast<long long>(peer.id));
        m_connman.Push(*peer.node, msgtype::HEADERS, HeadersMessage{});
        return;
    }
    HeadersMessage out;
    {
        LOCK(m_chainman.GetMutex());
        const chainstate::Chain& chain = m_chainman.ActiveChain();
        const BlockIndex* start = nullptr;
        if (msg->locator.empty()) {
            // No locator: the peer wants exactly the stop block's header (if on our chain).
            start = m_chainman.LookupBlockIndex(msg->stop);
            if (!start || !chain.Contains(start)) return;
        } else {
            const BlockIndex* fork = chain.Genesis();
            for (const uint256& hash : msg->locator) {
                const BlockIndex* index = m_chainman.LookupBlockIndex(hash);
                if (!index) continue;
                if (chain.Contains(index)) {
                    fork = index;
                    break;
                }
                if (index->GetAncestor(chain.Height()) == chain.Tip()) {
                    fork = chain.Tip();
                    break;
                }
            }
            start = chain.Next(fork);
        }
        const BlockIndex* last = nullptr;
        for (const BlockIndex* index = start; index; index = chain.Next(index)) {
            out.headers.push_back(index->GetBlockHeader());
            last = index;
            if (out.headers.size() >= MAX_HEADERS_RESULTS || index->hash == msg->stop) break;
        }
        // Either we sent up to `last`, or the peer is at our tip already.
        peer.best_header_sent = last ? last : chain.Tip();
    }
    LogDebug(BCLog::NET, "getheaders from peer=%lld: sending %u headers", static_cast<long long>(peer.id),
             static_cast<unsigned>(out.headers.size()));
    m_connman.Push(*peer.node, msgtype::HEADERS, out);
}

void PeerManagerImpl::OnHeaders(Peer& peer, std::span<const uint8_t> payload)
{
    auto msg = DecodeFull<HeadersMessage>(payload, MAX_PROTOCOL_MESSAGE_LENGTH);
    if (!msg) {
        if (msg.failure().code == DecodeError::SIZE_TOO_LARGE) return Misbehaving(peer, "headers message size > 2000");
        return Misbehaving(peer, std::string{"malformed headers message: "} + msg.failure().what);
    }
    const bool full = msg->headers.size() == MAX_HEADERS_RESULTS;
    ProcessHeaders(peer, std::move(msg->headers), full);
}

std::vector<CBlockHeader> PeerManagerImpl::ContinuePresync(Peer& peer, const std::vector<CBlockHeader>& headers, bool full_message)
{
    HeadersSyncState::Result result = peer.headers_sync->ProcessNextHeaders(headers, full_message);
    if (result.request_more) {
        const std::vector<uint256> locator = peer.headers_sync->NextRequestLocator();
        if (MaybeSendGetHeaders(peer, locator, GetTimeMicros())) {
            LogDebug(BCLog::NET, "more getheaders (presync height %lld) to peer=%lld",
                     static_cast<long long>(peer.headers_sync->PresyncHeight()), static_cast<long long>(peer.id));
        }
    }
    if (peer.headers_sync->GetState() == HeadersSyncState::State::FINAL) peer.headers_sync.reset();
    return std::move(result.ready);
}

void PeerManagerImpl::HandleUnconnectingHeaders(Peer& peer, const std::vector<CBlockHeader>& headers)
{
    ++peer.unconnecting_headers;
    // Probably an announcement of a block whose parent we missed: ask for the gap.
    std::vector<uint256> locator;
    {
        LOCK(m_chainman.GetMutex());
        const BlockIndex* best = m_chainman.BestHeader() ? m_chainman.BestHeader() : m_chainman.ActiveTip();
        locator = chainstate::LocatorEntries(best);
    }
    if (MaybeSendGetHeaders(peer, std::move(locator), GetTimeMicros())) {
        LogDebug(BCLog::NET, "received header %s: missing prev block %s, sending getheaders to peer=%lld (unconnecting: %d)",
                 headers.front().GetHash().GetHex().c_str(), headers.front().prev_block.GetHex().c_str(),
                 static_cast<long long>(peer.id), peer.unconnecting_headers);
    }
    UpdateBlockAvailability(peer, headers.back().GetHash());
    if (peer.unconnecting_headers % MAX_UNCONNECTING_HEADERS == 0) {
        Misbehaving(peer, StrFormat("%d non-connecting headers", peer.unconnecting_headers));
    }
}

void PeerManagerImpl::ProcessHeaders(Peer& peer, std::vector<CBlockHeader> headers, bool full_message)
{
    peer.last_getheaders_us = 0; // the answer arrived: another getheaders may go out
    if (headers.empty()) return;
    const consensus::ConsensusParams& params = m_chainman.Params();
    for (size_t i = 0; i < headers.size(); ++i) {
        if (i > 0 && headers[i].prev_block != headers[i - 1].GetHash()) return Misbehaving(peer, "non-continuous headers sequence");
        if (!CheckProofOfWork(headers[i].GetHash(), headers[i].bits, params)) return Misbehaving(peer, "header with invalid proof of work");
    }
    bool already_validated_work = false;
    if (peer.headers_sync) {
        headers = ContinuePresync(peer, headers, full_message);
        if (headers.empty()) return;
        already_validated_work = true;
    }
    const BlockIndex* chain_start;
    {
        LOCK(m_chainman.GetMutex());
        chain_start = m_chainman.LookupBlockIndex(headers.front().prev_block);
    }
    if (!chain_start) return HandleUnconnectingHeaders(peer, headers);
    peer.unconnecting_headers = 0;

    if (!already_validated_work) {
        consensus::arith_uint256 total_work = chain_start->chain_work;
        for (const CBlockHeader& header : headers) total_work += consensus::GetBlockProof(header.bits);
        const consensus::arith_uint256 threshold = GetAntiDoSWorkThreshold();
        if (total_work < threshold) {
            if (!full_message) {
                // A short chain that does not reach the threshold cannot become interesting.
                LogDebug(BCLog::NET, "Ignoring low-work chain (height=%u) from peer=%lld",
                         static_cast<unsigned>(chain_start->height + headers.size()), static_cast<long long>(peer.id));
                return;
            }
            {
                LOCK(m_chainman.GetMutex());
                peer.headers_sync = std::make_unique<HeadersSyncState>(peer.id, params, chain_start, threshold, GetTime());
            }
            LogDebug(BCLog::NET, "Initial headers sync started with peer=%lld: height=%d, min_work=%s",
                     static_cast<long long>(peer.id), chain_start->height, threshold.GetHex().c_str());
            headers = ContinuePresync(peer, headers, full_message);
            if (headers.empty()) return;
        }
    }
    consensus::BlockValidationState state;
    const BlockIndex* last = nullptr;
    if (!m_chainman.ProcessNewBlockHeaders(headers, state, &last)) {
        if (state.IsInvalid()) MaybePunishNodeForBlock(peer, state, "invalid header received");
        return;
    }
    if (!last) return;
    UpdatePeerStateForReceivedHeaders(peer, last, full_message && !peer.headers_sync);
}

void PeerManagerImpl::UpdatePeerStateForReceivedHeaders(Peer& peer, const BlockIndex* last, bool request_more)
{
    Node& node = *peer.node;
    UpdateBlockAvailability(peer, last->hash);
    consensus::arith_uint256 tip_work;
    {
        LOCK(m_chainman.GetMutex());
        tip_work = m_chainman.ActiveTip()->chain_work;
    }
    if (last->chain_work > tip_work) peer.last_block_announcement = GetTime();
    if (request_more) {
        // The peer has more: continue from the last header it sent.
        if (MaybeSendGetHeaders(peer, chainstate::LocatorEntries(last), GetTimeMicros())) {
            LogDebug(BCLog::NET, "more getheaders (%d) to end to peer=%lld (startheight:%d)", last->height,
                     static_cast<long long>(peer.id), node.starting_height.load());
        }
    }
    HeadersDirectFetchBlocks(peer, last);
    if (IsInitialBlockDownload() && !request_more && node.IsOutboundOrBlockRelay() && peer.best_known_block &&
        peer.best_known_block->chain_work < m_opts.minimum_chain_work) {
        // An outbound peer whose whole chain has too little work is useless to a syncing node.
        LogInfo("Disconnecting outbound peer=%lld -- headers chain has insufficient work", static_cast<long long>(peer.id));
        return Disconnect(peer);
    }
    // Keep a few outbound peers that are on a chain as good as ours, whatever else happens.
    if (node.type == ConnectionType::OUTBOUND_FULL_RELAY && peer.best_known_block && !peer.chain_sync.protect &&
        m_outbound_peers_with_protect < MAX_OUTBOUND_PEERS_TO_PROTECT && peer.best_known_block->chain_work >= tip_work) {
        peer.chain_sync.protect = true;
        ++m_outbound_peers_with_protect;
    }
}

void PeerManagerImpl::HeadersDirectFetchBlocks(Peer& peer, const BlockIndex* last)
{
    if (!CanDirectFetch()) return;
    std::vector<const BlockIndex*> to_fetch;
    {
        LOCK(m_chainman.GetMutex());
        const chainstate::Chain& chain = m_chainman.ActiveChain();
        if (!last->IsValid(chainstate::BLOCK_VALID_TREE) || chain.Tip()->chain_work > last->chain_work) return;
        const BlockIndex* walk = last;
        while (walk && !chain.Contains(walk) && to_fetch.size() <= static_cast<size_t>(MAX_BLOCKS_IN_TRANSIT_PER_PEER)) {
            if (!(walk->status & chainstate::BLOCK_HAVE_DATA) && !IsBlockRequested(walk->hash)) to_fetch.push_back(walk);
            walk = walk->prev;
        }
        if (!walk || !chain.Contains(walk)) {
            LogDebug(BCLog::NET, "Large reorg, won't direct fetch to %s (%d)", last->hash.GetHex().c_str(), last->height);
            return;
        }
    }
    InvMessage getdata;
    const int64_t now_us = GetTimeMicros();
    for (auto it = to_fetch.rbegin(); it != to_fetch.rend(); ++it) {
        if (peer.blocks_in_flight.size() >= static_cast<size_t>(MAX_BLOCKS_IN_TRANSIT_PER_PEER)) break;
        BlockRequested(peer, *it, now_us);
        getdata.items.push_back(Inv{static_cast<uint32_t>(InvType::BLOCK), (*it)->hash});
        LogDebug(BCLog::NET, "Requesting block %s from peer=%lld", (*it)->hash.GetHex().c_str(), static_cast<long long>(peer.id));
    }
    if (getdata.items.size() > 1) {
        LogDebug(BCLog::NET, "Downloading blocks toward %s (%d) via headers direct fetch", last->hash.GetHex().c_str(), last->height);
    }
    if (!getdata.items.empty()) m_connman.Push(*peer.node, msgtype::GETDATA, getdata);
}

void PeerManagerImpl::MaybeStartHeadersSync(Peer& peer, int64_t now_us)
{
    Node& node = *peer.node;
    if (peer.sync_started || !(node.services & NODE_NETWORK) || node.IsAddrFetch() || node.IsFeeler()) return;
    // During initial download sync headers from one peer (preferably outbound); once we are
    // close to today, from every peer.
    const bool sync_from_peer = peer.preferred_download || m_num_preferred_download_peers == 0 || m_blocks_in_flight.empty();
    const BlockIndex* start;
    int64_t best_time;
    {
        LOCK(m_chainman.GetMutex());
        const BlockIndex* best = m_chainman.BestHeader() ? m_chainman.BestHeader() : m_chainman.ActiveTip();
        best_time = best->GetBlockTime();
        // From the parent of our best header, so the answer is never empty and tells us the
        // peer's view of it.
        start = best->prev ? best->prev : best;
    }
    if (!((m_sync_started == 0 && sync_from_peer) || best_time > GetTime() - 24 * 60 * 60)) return;
    if (!MaybeSendGetHeaders(peer, chainstate::LocatorEntries(start), now_us)) return;
    LogDebug(BCLog::NET, "initial getheaders (%d) to peer=%lld (startheight:%d)", start->height, static_cast<long long>(peer.id),
             node.starting_height.load());
    peer.sync_started = true;
    ++m_sync_started;
    const int64_t behind = std::max<int64_t>(0, GetTime() - best_time) / m_chainman.Params().pow_target_spacing;
    peer.headers_sync_timeout_us = now_us + HEADERS_DOWNLOAD_TIMEOUT_BASE_US + HEADERS_DOWNLOAD_TIMEOUT_PER_HEADER_US * behind;
}

void PeerManagerImpl::CheckHeadersSyncTimeout(Peer& peer, int64_t now_us)
{
    if (!peer.sync_started || peer.headers_sync_timeout_us == std::numeric_limits<int64_t>::max()) return;
    int64_t best_time;
    {
        LOCK(m_chainman.GetMutex());
        const BlockIndex* best = m_chainman.BestHeader() ? m_chainman.BestHeader() : m_chainman.ActiveTip();
        best_time = best->GetBlockTime();
    }
    if (best_time > GetTime() - 24 * 60 * 60) {
        peer.headers_sync_timeout_us = std::numeric_limits<int64_t>::max(); // caught up: no more timeout
        return;
    }
    // Only give up on our single sync peer if someone else can take over.
    if (now_us > peer.headers_sync_timeout_us && m_sync_started == 1 &&
        m_num_preferred_download_peers - (peer.preferred_download ? 1 : 0) >= 1) {
        if (peer.node->HasPermission(PF_NOBAN)) {
            LogWarning("Timeout downloading headers from noban peer=%lld, not disconnecting", static_cast<long long>(peer.id));
        } else {
            LogInfo("Timeout downloading headers from peer=%lld, disconnecting", static_cast<long long>(peer.id));
            return Disconnect(peer);
        }
        peer.sync_started = false;
        --m_sync_started;
        peer.headers_sync_timeout_us = 0;
    }
}

void PeerManagerImpl::OnBlockInv(Peer& peer, const uint256& hash)
{
    UpdateBlockAvailability(peer, hash);
    bool known;
    std::vector<uint256> locator;
    {
        LOCK(m_chainman.GetMutex());
        known = m_chainman.LookupBlockIndex(hash) != nullptr;
        const BlockIndex* best = m_chainman.BestHeader() ? m_chainman.BestHeader() : m_chainman.ActiveTip();
        if (!known) locator = chainstate::LocatorEntries(best);
    }
    if (known || IsBlockRequested(hash)) return;
    // Headers first: fetch the headers leading to the announced block.
    if (MaybeSendGetHeaders(peer, std::move(locator), GetTimeMicros())) {
        LogDebug(BCLog::NET, "getheaders for announced block %s to peer=%lld", hash.GetHex().c_str(), static_cast<long long>(peer.id));
    }
}

void PeerManagerImpl::OnTipChanged()
{
    const BlockIndex* new_tip;
    {
        LOCK(m_chainman.GetMutex());
        new_tip = m_chainman.ActiveTip();
    }
    const BlockIndex* old_tip = m_last_announced_tip;
    if (new_tip == old_tip) return;
    m_last_announced_tip = new_tip;
    m_last_tip_update = GetTime();
    if (IsInitialBlockDownload()) return;
    const BlockIndex* fork = old_tip ? chainstate::LastCommonAncestor(new_tip, old_tip) : nullptr;
    std::vector<uint256> hashes;
    for (const BlockIndex* walk = new_tip; walk && walk != fork && hashes.size() < MAX_BLOCKS_TO_ANNOUNCE; walk = walk->prev) {
        hashes.push_back(walk->hash);
    }
    std::reverse(hashes.begin(), hashes.end());
    for (auto& [id, peer] : m_peers) {
        peer->blocks_to_announce.insert(peer->blocks_to_announce.end(), hashes.begin(), hashes.end());
    }
    m_connman.WakeMessageHandler();
}

void PeerManagerImpl::SendBlockAnnouncements(Peer& peer)
{
    if (peer.blocks_to_announce.empty()) return;
    ProcessBlockAvailability(peer);
    HeadersMessage headers;
    const BlockIndex* best = nullptr;
    std::optional<uint256> inv;
    {
        LOCK(m_chainman.GetMutex());
        const chainstate::Chain& chain = m_chainman.ActiveChain();
        bool revert_to_inv = !peer.prefer_headers;
        if (peer.prefer_headers) {
            bool found_start = false;
            for (const uint256& hash : peer.blocks_to_announce) {
                const BlockIndex* index = m_chainman.LookupBlockIndex(hash);
                if (!index || !chain.Contains(index) || (best && index->prev != best)) {
                    revert_to_inv = true; // reorged away, or not a contiguous run
                    break;
                }
                best = index;
                if (found_start) {
                    headers.headers.push_back(index->GetBlockHeader());
                } else if (PeerHasHeader(peer, index)) {
                    continue;
                } else if (!index->prev || PeerHasHeader(peer, index->prev)) {
                    found_start = true;
                    headers.headers.push_back(index->GetBlockHeader());
                } else {
                    revert_to_inv = true; // the peer lacks the parent: an inv makes it ask
                    break;
                }
            }
            if (headers.headers.size() > MAX_BLOCKS_TO_ANNOUNCE) revert_to_inv = true;
        }
        if (revert_to_inv) {
            headers.headers.clear();
            // Announce only the tip (the last entry was our tip when it was queued).
            const BlockIndex* index = m_chainman.LookupBlockIndex(peer.blocks_to_announce.back());
            if (index && !PeerHasHeader(peer, index)) inv = index->hash;
        }
    }
    peer.blocks_to_announce.clear();
    if (!headers.headers.empty()) {
        LogDebug(BCLog::NET, "sending %u header(s) up to %s to peer=%lld", static_cast<unsigned>(headers.headers.size()),
                 best->hash.GetHex().c_str(), static_cast<long long>(peer.id));
        m_connman.Push(*peer.node, msgtype::HEADERS, headers);
        peer.best_header_sent = best;
    } else if (inv) {
        LogDebug(BCLog::NET, "sending inv of block %s to peer=%lld", inv->GetHex().c_str(), static_cast<long long>(peer.id));
        m_connman.Push(*peer.node, msgtype::INV, InvMessage{{Inv{static_cast<uint32_t>(InvType::BLOCK), *inv}}});
    }
}

void PeerManagerImpl::ConsiderEviction(Peer& peer, int64_t now_us)
{
    Node& node = *peer.node;
    if (!node.IsOutboundOrBlockRelay() || peer.chain_sync.protect || !peer.got_verack) return;
    ProcessBlockAvailability(peer);
    std::vector<uint256> locator;
    bool disconnect = false;
    {
        LOCK(m_chainman.GetMutex());
        const BlockIndex* tip = m_chainman.ActiveTip();
        Peer::ChainSync& sync = peer.chain_sync;
        if (peer.best_known_block && peer.best_known_block->chain_work >= tip->chain_work) {
            sync.timeout_us = 0; // caught up with us
            sync.work_header = nullptr;
            sync.sent_getheaders = false;
        } else if (sync.timeout_us == 0 || (sync.work_header && peer.best_known_block &&
                                            peer.best_known_block->chain_work >= sync.work_header->chain_work)) {
            // Behind us, or caught up with the tip of the last check: give it time to reach our tip.
            sync.timeout_us = now_us + CHAIN_SYNC_TIMEOUT_US;
            sync.work_header = tip;
            sync.sent_getheaders = false;
        } else if (now_us > sync.timeout_us) {
            if (sync.sent_getheaders) {
                disconnect = true;
            } else {
                // One last chance: ask for headers leading to our tip of then.
                sync.sent_getheaders = true;
                sync.timeout_us = now_us + HEADERS_RESPONSE_TIME_US;
                locator = chainstate::LocatorEntries(sync.work_header->prev ? sync.work_header->prev : sync.work_header);
            }
        }
    }
    if (disconnect) {
        LogInfo("Disconnecting outbound peer=%lld for old chain, best known block = %s", static_cast<long long>(peer.id),
                peer.best_known_block ? peer.best_known_block->hash.GetHex().c_str() : "<none>");
        return Disconnect(peer);
    }
    if (!locator.empty()) {
        peer.last_getheaders_us = 0;
        MaybeSendGetHeaders(peer, std::move(locator), now_us);
        LogDebug(BCLog::NET, "sending getheaders to outbound peer=%lld to verify chain work", static_cast<long long>(peer.id));
    }
}

} // namespace net
