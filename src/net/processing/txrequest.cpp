// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <net/processing/txrequest.h>

#include <algorithm>
#include <limits>

namespace net {

void TxRequestTracker::ReceivedInv(NodeId peer, const uint256& hash, bool is_wtxid, int64_t reqtime_us)
{
    auto& peer_set = m_by_peer[peer];
    if (peer_set.count(hash)) return;
    if (peer_set.size() >= MAX_PEER_TX_ANNOUNCEMENTS) return;
    peer_set.insert(hash);
    m_by_hash[hash][peer] = Announcement{reqtime_us, State::WAITING, is_wtxid, m_sequence++};
}

void TxRequestTracker::ForgetIfCompleted(const uint256& hash)
{
    const auto it = m_by_hash.find(hash);
    if (it == m_by_hash.end()) return;
    for (const auto& [peer, ann] : it->second) {
        if (ann.state != State::COMPLETED) return;
    }
    // Every announcer was asked and none delivered: forget it (a new announcement starts over).
    ForgetTxHash(hash);
}

void TxRequestTracker::ExpireRequests(int64_t now_us)
{
    if (now_us < m_next_expiry_us) return;
    int64_t next = std::numeric_limits<int64_t>::max();
    std::vector<uint256> expired;
    for (auto& [hash, announcements] : m_by_hash) {
        for (auto& [peer, ann] : announcements) {
            if (ann.state != State::REQUESTED) continue;
            if (ann.time_us <= now_us) {
                ann.state = State::COMPLETED; // no answer: let the next announcer have a go
                --m_in_flight[peer];
                expired.push_back(hash);
            } else {
                next = std::min(next, ann.time_us);
            }
        }
    }
    m_next_expiry_us = next;
    for (const uint256& hash : expired) ForgetIfCompleted(hash);
}

std::vector<TxRequestTracker::Request> TxRequestTracker::GetRequestable(NodeId peer, int64_t now_us)
{
    ExpireRequests(now_us);
    std::vector<Request> out;
    const auto peer_it = m_by_peer.find(peer);
    if (peer_it == m_by_peer.end()) return out;
    std::vector<std::pair<uint64_t, uint256>> ready;
    for (const uint256& hash : peer_it->second) {
        const auto& announcements = m_by_hash.at(hash);
        const Announcement& mine = announcements.at(peer);
        if (mine.state != State::WAITING || mine.time_us > now_us) continue;
        const bool requested_elsewhere = std::any_of(announcements.begin(), announcements.end(),
                                                     [](const auto& a) { return a.second.state == State::REQUESTED; });
        if (!requested_elsewhere) ready.emplace_back(mine.sequence, hash);
    }
    std::sort(ready.begin(), ready.end());
    size_t& in_flight = m_in_flight[peer];
    for (const auto& [sequence, hash] : ready) {
        Announcement& ann = m_by_hash.at(hash).at(peer);
        if (in_flight >= MAX_PEER_TX_REQUEST_IN_FLIGHT) {
            ann.time_us = now_us + OVERLOADED_PEER_TX_DELAY_US; // overloaded: try later
            continue;
        }
        ann.state = State::REQUESTED;
        ann.time_us = now_us + GETDATA_TX_INTERVAL_US;
        m_next_expiry_us = std::min(m_next_expiry_us, ann.time_us);
        ++in_flight;
        out.push_back(Request{hash, ann.is_wtxid});
    }
    return out;
}

void TxRequestTracker::ReceivedResponse(NodeId peer, const uint256& hash)
{
    const auto it = m_by_hash.find(hash);
    if (it == m_by_hash.end()) return;
    const auto ann = it->second.find(peer);
    if (ann == it->second.end()) return;
    if (ann->second.state == State::REQUESTED) --m_in_flight[peer];
    ann->second.state = State::COMPLETED;
    ForgetIfCompleted(hash);
}

void TxRequestTracker::ForgetTxHash(const uint256& hash)
{
    const auto it = m_by_hash.find(hash);
    if (it == m_by_hash.end()) return;
    for (const auto& [peer, ann] : it->second) {
        if (ann.state == State::REQUESTED) --m_in_flight[peer];
        const auto peer_it = m_by_peer.find(peer);
        if (peer_it != m_by_peer.end()) peer_it->second.erase(hash);
    }
    m_by_hash.erase(it);
}

void TxRequestTracker::DisconnectedPeer(NodeId peer)
{
    const auto peer_it = m_by_peer.find(peer);
    if (peer_it != m_by_peer.end()) {
        for (const uint256& hash : peer_it->second) {
            auto it = m_by_hash.find(hash);
            if (it == m_by_hash.end()) continue;
            it->second.erase(peer);
            // Nobody else announced it, or only peers that already answered: forget it.
            const bool pending = std::any_of(it->second.begin(), it->second.end(),
                                             [](const auto& a) { return a.second.state != State::COMPLETED; });
            if (!pending) {
                for (const auto& [other, ann] : it->second) m_by_peer[other].erase(hash);
                m_by_hash.erase(it);
            }
        }
        m_by_peer.erase(peer_it);
    }
    m_in_flight.erase(peer);
}

size_t TxRequestTracker::CountInFlight(NodeId peer) const
{
    const auto it = m_in_flight.find(peer);
    return it == m_in_flight.end() ? 0 : it->second;
}

size_t TxRequestTracker::Count(NodeId peer) const
{
    const auto it = m_by_peer.find(peer);
    return it == m_by_peer.end() ? 0 : it->second.size();
}

} // namespace net
