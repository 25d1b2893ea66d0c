// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Block download and serving: which blocks to request from whom (a moving window over the
// best header chain, MAX_BLOCKS_IN_TRANSIT_PER_PEER per peer), stalling and slow peers,
// received blocks, getdata and notfound.

#include <net/processing/peerman_impl.h>

#include <consensus/pow.h>
#include <util/logging.h>
#include <util/time.h>
#include <validation/chainstate_manager.h>

#include <algorithm>

namespace net {

bool PeerManagerImpl::IsBlockRequested(const uint256& hash) const
{
    return m_blocks_in_flight.count(hash) > 0;
}

void PeerManagerImpl::BlockRequested(Peer& peer, const BlockIndex* index, int64_t now_us)
{
    RemoveBlockRequest(index->hash, std::nullopt); // one peer per block
    peer.blocks_in_flight.push_back(QueuedBlock{index->hash, index});
    if (peer.blocks_in_flight.size() == 1) {
        peer.downloading_since_us = now_us;
        ++m_peers_downloading_from;
    }
    m_blocks_in_flight[index->hash] = {peer.id, std::prev(peer.blocks_in_flight.end())};
}

bool PeerManagerImpl::RemoveBlockRequest(const uint256& hash, std::optional<NodeId> from)
{
    const auto it = m_blocks_in_flight.find(hash);
    if (it == m_blocks_in_flight.end()) return false;
    if (from && it->second.first != *from) return false;
    if (Peer* peer = GetPeer(it->second.first)) {
        // The first block in the queue arrived: time the next one from now.
        if (peer->blocks_in_flight.begin() == it->second.second) {
            peer->downloading_since_us = std::max(peer->downloading_since_us, GetTimeMicros());
        }
        peer->blocks_in_flight.erase(it->second.second);
        if (peer->blocks_in_flight.empty()) --m_peers_downloading_from;
        peer->stalling_since_us = 0;
    }
    m_blocks_in_flight.erase(it);
    return true;
}

void PeerManagerImpl::FindNextBlocksToDownload(Peer& peer, size_t count, std::vector<const BlockIndex*>& blocks, NodeId& staller)
{
    if (count == 0) return;
    ProcessBlockAvailability(peer);
    LOCK(m_chainman.GetMutex());
    const chainstate::Chain& chain = m_chainman.ActiveChain();
    const BlockIndex* tip = chain.Tip();
    const BlockIndex* best = peer.best_known_block;
    if (!best || best->chain_work < tip->chain_work || best->chain_work < m_opts.minimum_chain_work) return;
    if (!peer.last_common_block) peer.last_common_block = chain[std::min(best->height, chain.Height())];
    peer.last_common_block = chainstate::LastCommonAncestor(peer.last_common_block, best);
    if (!peer.last_common_block || peer.last_common_block == best) return;

    // Walk the peer's chain from the last block we have in common, up to the window end.
    const BlockIndex* walk = peer.last_common_block;
    const int window_end = peer.last_common_block->height + BLOCK_DOWNLOAD_WINDOW;
    const int max_height = std::min(best->height, window_end + 1);
    NodeId waiting_for = -1;
    std::vector<const BlockIndex*> to_fetch;
    while (walk->height < max_height) {
        const int n = std::min(max_height - walk->height, std::max<int>(static_cast<int>(count - blocks.size()), 128));
        to_fetch.assign(static_cast<size_t>(n), nullptr);
        walk = best->GetAncestor(walk->height + n);
        to_fetch[static_cast<size_t>(n - 1)] = walk;
        for (int i = n - 1; i > 0; --i) to_fetch[static_cast<size_t>(i - 1)] = to_fetch[static_cast<size_t>(i)]->prev;
        for (const BlockIndex* index : to_fetch) {
            if (!index->IsValid(chainstate::BLOCK_VALID_TREE)) return; // the peer's chain is invalid beyond here
            if ((index->status & chainstate::BLOCK_HAVE_DATA) || chain.Contains(index)) {
                if (index->chain_tx) peer.last_common_block = index;
                continue;
            }
            const auto in_flight = m_blocks_in_flight.find(index->hash);
            if (in_flight != m_blocks_in_flight.end()) {
                if (waiting_for == -1) waiting_for = in_flight->second.first;
                continue;
            }
            if (index->height > window_end) {
                // The window cannot move: whoever holds its first block is stalling us.
                if (blocks.empty() && waiting_for != peer.id) staller = waiting_for;
                return;
            }
            blocks.push_back(index);
            if (blocks.size() == count) return;
        }
    }
}

void PeerManagerImpl::RequestBlocks(Peer& peer, int64_t now_us)
{
    Node& node = *peer.node;
    if (node.disconnect || !(node.services & NODE_NETWORK) || node.IsAddrFetch() || node.IsFeeler()) return;
    // The window is refilled once half of it is free: one getdata asks for several blocks, not
    // one per block received (in a sync from one peer the per-block getdata, its write and the
    // wake-ups were ~9% of the syncing node's CPU); the other half keeps the peer busy meanwhile.
    if (peer.blocks_in_flight.size() > static_cast<size_t>(MAX_BLOCKS_IN_TRANSIT_PER_PEER / 2)) return;
    // During initial download, blocks come from outbound peers unless there are none.
    const bool sync_from_peer = peer.preferred_download || m_num_preferred_download_peers == 0 || m_blocks_in_flight.empty();
    if (!sync_from_peer && IsInitialBlockDownload()) return;
    std::vector<const BlockIndex*> blocks;
    NodeId staller = -1;
    FindNextBlocksToDownload(peer, MAX_BLOCKS_IN_TRANSIT_PER_PEER - peer.blocks_in_flight.size(), blocks, staller);
    InvMessage getdata;
    for (const BlockIndex* index : blocks) {
        getdata.items.push_back(Inv{static_cast<uint32_t>(InvType::BLOCK), index->hash});
        BlockRequested(peer, index, now_us);
        LogDebug(BCLog::NET, "Requesting block %s (%d) peer=%lld", index->hash.GetHex().c_str(), index->height,
                 static_cast<long long>(peer.id));
    }
    if (peer.blocks_in_flight.empty() && staller != -1) {
        Peer* stalling = GetPeer(staller);
        if (stalling && stalling->stalling_since_us == 0) {
            stalling->stalling_since_us = now_us;
            LogDebug(BCLog::NET, "Stall started peer=%lld", static_cast<long long>(staller));
        }
    }
    if (!getdata.items.empty()) m_connman.Push(node, msgtype::GETDATA, getdata);
}

void PeerManagerImpl::CheckBlockDownloadTimeouts(Peer& peer, int64_t now_us)
{
    if (peer.stalling_since_us != 0 && peer.stalling_since_us < now_us - m_block_stalling_timeout_us) {
        // Only reached while the download window is stuck on this peer: other peers could deliver.
        LogInfo("Peer=%lld is stalling block download, disconnecting", static_cast<long long>(peer.id));
        if (m_block_stalling_timeout_us < BLOCK_STALLING_TIMEOUT_MAX_US) {
            m_block_stalling_timeout_us = std::min(2 * m_block_stalling_timeout_us, BLOCK_STALLING_TIMEOUT_MAX_US);
            LogDebug(BCLog::NET, "Increased stalling timeout temporarily to %lld seconds",
                     static_cast<long long>(m_block_stalling_timeout_us / 1'000'000));
        }
        return Disconnect(peer);
    }
    if (peer.blocks_in_flight.empty()) return;
    // A block takes at most about one block interval, more when we download from many peers.
    const int others = std::max(m_peers_downloading_from - 1, 0);
    const double intervals = BLOCK_DOWNLOAD_TIMEOUT_BASE + BLOCK_DOWNLOAD_TIMEOUT_PER_PEER * others;
    const auto timeout_us = static_cast<int64_t>(intervals * static_cast<double>(m_chainman.Params().pow_target_spacing) * 1e6);
    if (now_us > peer.downloading_since_us + timeout_us) {
        LogInfo("Timeout downloading block %s from peer=%lld, disconnecting", peer.blocks_in_flight.front().hash.GetHex().c_str(),
                static_cast<long long>(peer.id));
        Disconnect(peer);
    }
}

void PeerManagerImpl::OnBlock(Peer& peer, std::span<const uint8_t> payload)
{
    auto decoded = DecodeBlock(payload);
    if (!decoded) return Misbehaving(peer, std::string{"malformed block message: "} + decoded.failure().what);
    auto block = std::make_shared<const CBlock>(std::move(*decoded));
    const uint256 hash = block->GetHash();
    LogDebug(BCLog::NET, "received block %s peer=%lld", hash.GetHex().c_str(), static_cast<long long>(peer.id));
    if (!IsBlockRequested(hash)) {
        // Unrequested: only a block that would be our new best tip right now, and not far
        // ahead, is worth storing; anything else would let a peer fill our disk.
        bool accept = false;
        {
            LOCK(m_chainman.GetMutex());
            const BlockIndex* existing = m_chainman.LookupBlockIndex(hash);
            const BlockIndex* prev = m_chainman.LookupBlockIndex(block->prev_block);
            const BlockIndex* tip = m_chainman.ActiveTip();
            if (existing && (existing->status & chainstate::BLOCK_HAVE_DATA)) return;
            if (prev) {
                const consensus::arith_uint256 work = prev->chain_work + consensus::GetBlockProof(block->bits);
                accept = work > tip->chain_work && prev->height + 1 <= tip->height + MAX_UNREQUESTED_BLOCK_AHEAD &&
                         work >= m_opts.minimum_chain_work;
            }
        }
        if (!accept) {
            LogDebug(BCLog::NET, "Ignoring unrequested block %s from peer=%lld", hash.GetHex().c_str(), static_cast<long long>(peer.id));
            return;
        }
    }
    RemoveBlockRequest(hash, peer.id);
    consensus::BlockValidationState state;
    consensus::BlockValidationState connect_state;
    bool new_block = false;
    if (!m_chainman.ProcessNewBlock(block, state, &new_block, &connect_state)) {
        if (state.IsInvalid()) {
            MaybePunishNodeForBlock(peer, state, "invalid block " + hash.GetHex());
        } else if (state.IsError()) {
            LogError("Block %s from peer=%lld could not be stored: %s", hash.GetHex().c_str(), static_cast<long long>(peer.id),
                     state.ToString().c_str());
        }
    } else if (connect_state.IsInvalid()) {
        MaybePunishNodeForBlock(peer, connect_state, "invalid block " + hash.GetHex());
    }
    if (new_block) {
        peer.node->last_block_time = GetTime();
        // Blocks are flowing again: ease the stalling timeout back towards its default.
        m_block_stalling_timeout_us = std::max(BLOCK_STALLING_TIMEOUT_DEFAULT_US, m_block_stalling_timeout_us * 85 / 100);
    }
    UpdateBlockAvailability(peer, hash);
    OnTipChanged();
}

void PeerManagerImpl::OnGetData(Peer& peer, std::span<const uint8_t> payload)
{
    const auto msg = DecodeFull<InvMessage>(payload, MAX_PROTOCOL_MESSAGE_LENGTH);
    if (!msg) {
        if (msg.failure().code == DecodeError::SIZE_TOO_LARGE) return Misbehaving(peer, "getdata message size > 50000");
        return Misbehaving(peer, std::string{"malformed getdata message: "} + msg.failure().what);
    }
    LogDebug(BCLog::NET, "received getdata (%u invsz) peer=%lld", static_cast<unsigned>(msg->items.size()), static_cast<long long>(peer.id));
    peer.getdata_requests.insert(peer.getdata_requests.end(), msg->items.begin(), msg->items.end());
    ProcessGetData(peer);
}

void PeerManagerImpl::ProcessGetData(Peer& peer)
{
    Node& node = *peer.node;
    InvMessage notfound;
    // Transactions until the first block; then at most one block per call, so that one peer
    // downloading the chain does not starve the others.
    while (!peer.getdata_requests.empty() && !node.pause_send && !node.disconnect) {
        const Inv inv = peer.getdata_requests.front();
        if (inv.IsTx()) {
            peer.getdata_requests.pop_front();
            if (!peer.relay_txs) continue; // we never offered transactions to this peer
            if (CTransactionRef tx = FindTxForGetData(peer, inv)) {
                m_connman.Push(node, msgtype::TX, *tx);
            } else {
                notfound.items.push_back(inv);
            }
            continue;
        }
        if (inv.IsBlock()) {
            peer.getdata_requests.pop_front();
            if (!ServeBlock(peer, inv.hash)) notfound.items.push_back(inv);
            break;
        }
        peer.getdata_requests.pop_front(); // unknown type: ignored
    }
    if (!notfound.items.empty()) m_connman.Push(node, msgtype::NOTFOUND, notfound);
}

bool PeerManagerImpl::ServeBlock(Peer& peer, const uint256& hash)
{
    std::optional<CBlock> block;
    {
        LOCK(m_chainman.GetMutex());
        const BlockIndex* index = m_chainman.LookupBlockIndex(hash);
        if (!index || !(index->status & chainstate::BLOCK_HAVE_DATA)) return false;
        // Blocks off our chain only while recent and fully valid (reorgs); older ones would
        // let a peer fingerprint which forks we saw.
        const BlockIndex* best = m_chainman.BestHeader() ? m_chainman.BestHeader() : m_chainman.ActiveTip();
        const bool allowed = m_chainman.ActiveChain().Contains(index) ||
                             (index->IsValid(chainstate::BLOCK_VALID_SCRIPTS) && best->GetBlockTime() - index->GetBlockTime() < STALE_RELAY_AGE_LIMIT);
        if (!allowed) {
            LogDebug(BCLog::NET, "ignoring request from peer=%lld for old block %s that isn't in the main chain",
                     static_cast<long long>(peer.id), hash.GetHex().c_str());
            return true;
        }
        auto read = m_chainman.ReadBlock(*index);
        if (!read.ok()) {
            LogError("Cannot load block %s from disk: %s", hash.GetHex().c_str(), read.status().ToString().c_str());
            return false;
        }
        block = std::move(*read);
    }
    m_connman.Push(*peer.node, msgtype::BLOCK, *block);
    return true;
}

void PeerManagerImpl::OnNotFound(Peer& peer, std::span<const uint8_t> payload)
{
    const auto msg = DecodeFull<InvMessage>(payload, MAX_PROTOCOL_MESSAGE_LENGTH);
    if (!msg) {
        if (msg.failure().code == DecodeError::SIZE_TOO_LARGE) return Misbehaving(peer, "notfound message size > 50000");
        return Misbehaving(peer, std::string{"malformed notfound message: "} + msg.failure().what);
    }
    for (const Inv& inv : msg->items) {
        if (inv.IsTx()) {
            m_txrequest.ReceivedResponse(peer.id, inv.hash);
        } else if (inv.IsBlock() && RemoveBlockRequest(inv.hash, peer.id)) {
            // Ask someone else at the next opportunity.
            LogDebug(BCLog::NET, "block %s not found at peer=%lld", inv.hash.GetHex().c_str(), static_cast<long long>(peer.id));
        }
    }
}

} // namespace net
