// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Transaction relay: inv announcements and requests, received transactions and orphans,
// trickled announcements per peer, feefilter and the mempool message. Also the dispatch of
// block announcements in inv messages to the headers logic.

#include <net/processing/peerman_impl.h>

#include <crypto/random.h>
#include <util/logging.h>
#include <util/time.h>
#include <validation/chainstate_manager.h>

#include <algorithm>

namespace net {

namespace {
constexpr size_t MAX_GETDATA_SZ = 1000;

CAmount FeeRatePerKb(const TxPool::Entry& entry)
{
    return entry.size == 0 ? 0 : entry.fee * 1000 / static_cast<CAmount>(entry.size);
}
} // namespace

bool PeerManagerImpl::RejectIncomingTxs(const Peer& peer) const
{
    return m_txpool == nullptr || peer.node->IsBlockOnly();
}

bool PeerManagerImpl::AlreadyHaveTx(const uint256& hash, bool is_wtxid)
{
    {
        // Validity can change with the tip: start the filter over on each new one.
        LOCK(m_chainman.GetMutex());
        const uint256 tip = m_chainman.ActiveTip() ? m_chainman.ActiveTip()->hash : uint256{};
        if (tip != m_recent_rejects_tip) {
            m_recent_rejects_tip = tip;
            m_recent_rejects.reset();
        }
    }
    if (m_recent_rejects.contains(hash) || m_recent_confirmed.contains(hash)) return true;
    if (is_wtxid && m_orphanage.HaveTx(hash)) return true;
    return m_txpool && m_txpool->Get(hash, !is_wtxid).has_value();
}

void PeerManagerImpl::OnInv(Peer& peer, std::span<const uint8_t> payload, int64_t now_us)
{
    const auto msg = DecodeFull<InvMessage>(payload, MAX_PROTOCOL_MESSAGE_LENGTH);
    if (!msg) {
        if (msg.failure().code == DecodeError::SIZE_TOO_LARGE) return Misbehaving(peer, "inv message size > 50000");
        return Misbehaving(peer, std::string{"malformed inv message: "} + msg.failure().what);
    }
    const bool reject_txs = RejectIncomingTxs(peer);
    const bool ibd = IsInitialBlockDownload();
    std::optional<uint256> best_block;
    for (const Inv& inv : msg->items) {
        if (inv.IsBlock()) {
            best_block = inv.hash;
        } else if (inv.type == static_cast<uint32_t>(InvType::WTX)) {
            if (reject_txs) {
                LogInfo("transaction (%s) inv sent in violation of protocol, disconnecting peer=%lld", inv.hash.GetHex().c_str(),
                        static_cast<long long>(peer.id));
                return Disconnect(peer);
            }
            if (peer.tx_known) peer.tx_known->insert(inv.hash);
            if (ibd || AlreadyHaveTx(inv.hash, true)) continue;
            // Preferred peers (outbound, or whitelisted with download permission) are asked
            // first; any other announcer waits a little, as in Bitcoin Core.
            const int64_t delay = peer.preferred_download ? 0 : NONPREF_PEER_TX_DELAY_US;
            m_txrequest.ReceivedInv(peer.id, inv.hash, true, now_us + delay);
        } else {
            LogDebug(BCLog::NET, "ignoring inv of type %u from peer=%lld (transactions are announced by wtxid)", inv.type,
                     static_cast<long long>(peer.id));
        }
    }
    if (best_block) OnBlockInv(peer, *best_block);
}

void PeerManagerImpl::OnTx(Peer& peer, std::span<const uint8_t> payload, int64_t now_us)
{
    if (RejectIncomingTxs(peer)) {
        LogInfo("transaction sent in violation of protocol, disconnecting peer=%lld", static_cast<long long>(peer.id));
        return Disconnect(peer);
    }
    auto decoded = DecodeTransaction(payload);
    if (!decoded) return Misbehaving(peer, std::string{"malformed tx message: "} + decoded.failure().what);
    const CTransactionRef tx = MakeTransactionRef(std::move(*decoded));
    const uint256& wtxid = tx->GetWtxid();
    if (peer.tx_known) peer.tx_known->insert(wtxid);
    m_txrequest.ReceivedResponse(peer.id, wtxid);
    m_txrequest.ReceivedResponse(peer.id, tx->GetTxid());
    if (AlreadyHaveTx(wtxid, true)) {
        LogDebug(BCLog::MEMPOOL, "tx %s from peer=%lld: already have it", wtxid.GetHex().c_str(), static_cast<long long>(peer.id));
        return;
    }
    const TxPool::OfferResult result = m_txpool->Offer(tx);
    HandleTxOffer(peer, tx, result, now_us);
}

void PeerManagerImpl::HandleTxOffer(Peer& peer, const CTransactionRef& tx, const TxPool::OfferResult& result, int64_t now_us)
{
    const uint256& wtxid = tx->GetWtxid();
    switch (result.outcome) {
    case TxPool::Outcome::ACCEPTED:
        m_txrequest.ForgetTxHash(wtxid);
        m_txrequest.ForgetTxHash(tx->GetTxid());
        peer.node->last_tx_time = GetTime();
        m_orphanage.AddChildrenToWorkSet(*tx);
        RelayTransaction(wtxid);
        LogDebug(BCLog::MEMPOOL, "AcceptToMemoryPool: peer=%lld: accepted %s (wtxid=%s)", static_cast<long long>(peer.id),
                 tx->GetTxid().GetHex().c_str(), wtxid.GetHex().c_str());
        return;
    case TxPool::Outcome::ALREADY_HAVE:
        m_txrequest.ForgetTxHash(wtxid);
        return;
    case TxPool::Outcome::MISSING_INPUTS: {
        std::set<uint256> parents;
        for (const CTxIn& in : tx->vin) parents.insert(in.prevout.txid);
        for (const uint256& parent : parents) {
            if (m_recent_rejects.contains(parent)) {
                LogDebug(BCLog::MEMPOOL, "not keeping orphan with rejected parents %s", tx->GetTxid().GetHex().c_str());
                m_recent_rejects.insert(wtxid);
                m_txrequest.ForgetTxHash(wtxid);
                return;
            }
        }
        // Ask the sender for the parents we lack, by txid (their wtxids are unknown to us).
        const int64_t delay = peer.node->IsInbound() ? TXID_RELAY_DELAY_US : 0;
        for (const uint256& parent : parents) {
            if (!AlreadyHaveTx(parent, false)) m_txrequest.ReceivedInv(peer.id, parent, false, now_us + delay);
        }
        m_orphanage.AddTx(tx, peer.id, GetTime());
        m_txrequest.ForgetTxHash(wtxid);
        m_orphanage.LimitOrphans(m_opts.max_orphan_txs, GetTime());
        return;
    }
    case TxPool::Outcome::REJECTED:
        // A bad witness does not make the txid bad: only remember the exact version.
        m_recent_rejects.insert(wtxid);
        m_txrequest.ForgetTxHash(wtxid);
        LogDebug(BCLog::MEMPOOL, "%s from peer=%lld was not accepted: %s", tx->GetTxid().GetHex().c_str(),
                 static_cast<long long>(peer.id), result.state.ToString().c_str());
        MaybePunishNodeForTx(peer, result.state);
        return;
    }
}

bool PeerManagerImpl::ProcessOrphanTx(Peer& peer, int64_t now_us)
{
    if (!m_txpool) return false;
    while (CTransactionRef tx = m_orphanage.GetTxToReconsider(peer.id)) {
        const TxPool::OfferResult result = m_txpool->Offer(tx);
        if (result.outcome == TxPool::Outcome::MISSING_INPUTS) continue; // still missing another parent
        m_orphanage.EraseTx(tx->GetWtxid());
        LogDebug(BCLog::MEMPOOL, "reconsidered orphan tx %s from peer=%lld", tx->GetTxid().GetHex().c_str(), static_cast<long long>(peer.id));
        HandleTxOffer(peer, tx, result, now_us);
        // One per call, so other peers get their turn.
        return m_orphanage.HaveTxToReconsider(peer.id);
    }
    return false;
}

void PeerManagerImpl::RelayTransaction(const uint256& wtxid)
{
    for (auto& [id, peer] : m_peers) {
        if (peer->relay_txs && !peer->node->disconnect) peer->txs_to_send.insert(wtxid);
    }
}

void PeerManagerImpl::SendTxInventory(Peer& peer, int64_t now_us)
{
    if (!peer.relay_txs || !m_txpool) return;
    Node& node = *peer.node;
    bool send_trickle = node.HasPermission(PF_NOBAN);
    if (peer.next_inv_send_us < now_us) {
        // Poisson timing per peer: an observer cannot tell who announced a transaction first.
        send_trickle = true;
        peer.next_inv_send_us = now_us + PoissonDelayUs(node.IsInbound() ? INBOUND_INVENTORY_BROADCAST_INTERVAL_US
                                                                         : OUTBOUND_INVENTORY_BROADCAST_INTERVAL_US);
    }
    const CAmount filter = peer.fee_filter_received;
    InvMessage inv;
    auto announce = [&](const uint256& wtxid) {
        inv.items.push_back(Inv{static_cast<uint32_t>(InvType::WTX), wtxid});
        peer.tx_known->insert(wtxid);
        peer.recently_announced->insert(wtxid);
        if (inv.items.size() == MAX_INV_SZ) {
            m_connman.Push(node, msgtype::INV, inv);
            inv.items.clear();
        }
    };
    if (peer.send_mempool) {
        peer.send_mempool = false;
        peer.last_mempool_req = GetTime();
        m_txpool->ForEach([&](const TxPool::Entry& entry) {
            const uint256& wtxid = entry.tx->GetWtxid();
            peer.txs_to_send.erase(wtxid);
            if (FeeRatePerKb(entry) < filter || peer.tx_known->contains(wtxid)) return;
            announce(wtxid);
        });
    }
    if (send_trickle && !peer.txs_to_send.empty()) {
        std::vector<TxPool::Entry> entries;
        for (const uint256& wtxid : peer.txs_to_send) {
            auto entry = m_txpool->Get(wtxid);
            if (!entry || peer.tx_known->contains(wtxid) || FeeRatePerKb(*entry) < filter) continue;
            entries.push_back(std::move(*entry));
        }
        peer.txs_to_send.clear();
        // Parents before children, then the best fee rate first.
        std::sort(entries.begin(), entries.end(), [](const TxPool::Entry& a, const TxPool::Entry& b) {
            if (a.ancestors != b.ancestors) return a.ancestors < b.ancestors;
            return FeeRatePerKb(a) > FeeRatePerKb(b);
        });
        const size_t max = std::min(INVENTORY_BROADCAST_MAX, INVENTORY_BROADCAST_TARGET + entries.size() / 1000 * 5);
        for (size_t i = 0; i < entries.size(); ++i) {
            if (i < max) {
                announce(entries[i].tx->GetWtxid());
            } else {
                peer.txs_to_send.insert(entries[i].tx->GetWtxid()); // next time
            }
        }
    }
    if (!inv.items.empty()) m_connman.Push(node, msgtype::INV, inv);
}

void PeerManagerImpl::RequestTxs(Peer& peer, int64_t now_us)
{
    if (RejectIncomingTxs(peer)) return;
    InvMessage getdata;
    for (const TxRequestTracker::Request& request : m_txrequest.GetRequestable(peer.id, now_us)) {
        if (AlreadyHaveTx(request.hash, request.is_wtxid)) {
            m_txrequest.ForgetTxHash(request.hash);
            continue;
        }
        getdata.items.push_back(Inv{static_cast<uint32_t>(request.is_wtxid ? InvType::WTX : InvType::TX), request.hash});
        LogDebug(BCLog::NET, "Requesting %s %s peer=%lld", request.is_wtxid ? "wtx" : "tx", request.hash.GetHex().c_str(),
                 static_cast<long long>(peer.id));
        if (getdata.items.size() >= MAX_GETDATA_SZ) {
            m_connman.Push(*peer.node, msgtype::GETDATA, getdata);
            getdata.items.clear();
        }
    }
    if (!getdata.items.empty()) m_connman.Push(*peer.node, msgtype::GETDATA, getdata);
}

void PeerManagerImpl::MaybeSendFeefilter(Peer& peer, int64_t now_us)
{
    if (RejectIncomingTxs(peer)) return;
    // During initial download nobody should send us transactions we cannot check yet.
    const CAmount current = IsInitialBlockDownload() ? MAX_MONEY : m_txpool->MinFeeRate();
    if (now_us > peer.next_feefilter_send_us) {
        if (current != peer.fee_filter_sent) {
            m_connman.Push(*peer.node, msgtype::FEEFILTER, FeeFilterMessage{current});
            peer.fee_filter_sent = current;
        }
        peer.next_feefilter_send_us = now_us + PoissonDelayUs(AVG_FEEFILTER_BROADCAST_INTERVAL_US);
    } else if (peer.fee_filter_sent == MAX_MONEY && current != MAX_MONEY) {
        // Just left initial download: lift the filter soon.
        peer.next_feefilter_send_us = std::min(peer.next_feefilter_send_us, now_us + static_cast<int64_t>(GetRandRange(500'000)));
    } else if (now_us + MAX_FEEFILTER_CHANGE_DELAY_US < peer.next_feefilter_send_us &&
               (current < 3 * peer.fee_filter_sent / 4 || current > 4 * peer.fee_filter_sent / 3)) {
        // A big change: tell the peer within a few minutes.
        peer.next_feefilter_send_us = now_us + static_cast<int64_t>(GetRandRange(MAX_FEEFILTER_CHANGE_DELAY_US));
    }
}

void PeerManagerImpl::OnFeeFilter(Peer& peer, std::span<const uint8_t> payload)
{
    const auto msg = DecodeFull<FeeFilterMessage>(payload, 8);
    if (!msg) return Misbehaving(peer, "malformed feefilter message");
    if (!MoneyRange(msg->fee_rate)) return; // ignored, as in Bitcoin
    peer.fee_filter_received = msg->fee_rate;
    LogDebug(BCLog::NET, "received: feefilter of %lld from peer=%lld", static_cast<long long>(msg->fee_rate), static_cast<long long>(peer.id));
}

void PeerManagerImpl::OnMempool(Peer& peer)
{
    if (!peer.relay_txs) {
        LogDebug(BCLog::NET, "ignoring mempool request from peer=%lld that we do not relay transactions to", static_cast<long long>(peer.id));
        return;
    }
    // Once per connection: the mempool is large, and the answer would let a peer probe it cheaply.
    if (peer.mempool_served && !peer.node->HasPermission(PF_MEMPOOL)) {
        LogDebug(BCLog::NET, "ignoring repeated mempool request from peer=%lld", static_cast<long long>(peer.id));
        return;
    }
    peer.mempool_served = true;
    peer.send_mempool = true;
}

CTransactionRef PeerManagerImpl::FindTxForGetData(Peer& peer, const Inv& inv)
{
    if (!m_txpool) return nullptr;
    const auto entry = m_txpool->Get(inv.hash, inv.type == static_cast<uint32_t>(InvType::TX));
    if (!entry) return nullptr;
    // Only what we announced to this peer, or what is old enough to be public anyway: else a
    // peer could probe our mempool to find where a transaction came from.
    const uint256& wtxid = entry->tx->GetWtxid();
    if (peer.recently_announced && peer.recently_announced->contains(wtxid)) return entry->tx;
    if (entry->time <= GetTime() - UNCONDITIONAL_RELAY_DELAY) return entry->tx;
    if (peer.last_mempool_req != 0 && entry->time <= peer.last_mempool_req) return entry->tx;
    return nullptr;
}

} // namespace net
