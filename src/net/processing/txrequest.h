// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NET_PROCESSING_TXREQUEST_H
#define DOTS_NET_PROCESSING_TXREQUEST_H

/**
 * TxRequestTracker: which transaction announcements to request from which peer, a smaller
 * version of Bitcoin Core's. Each announcement (peer, hash) waits until its request time
 * (non-preferred and overloaded peers wait a little, so preferred peers are asked first), then the
 * first peer whose turn comes asks for it; if no answer comes within GETDATA_TX_INTERVAL the
 * request expires and the next announcer is asked. Bounded: MAX_PEER_TX_ANNOUNCEMENTS tracked
 * per peer (more are ignored). Thread-compatible: used under the peer manager's lock.
 */

#include <net/node.h>
#include <primitives/uint256.h>

#include <cstdint>
#include <map>
#include <set>
#include <vector>

namespace net {

inline constexpr size_t MAX_PEER_TX_ANNOUNCEMENTS = 5'000;
inline constexpr size_t MAX_PEER_TX_REQUEST_IN_FLIGHT = 100;
inline constexpr int64_t GETDATA_TX_INTERVAL_US = 60'000'000;
inline constexpr int64_t NONPREF_PEER_TX_DELAY_US = 2'000'000;   //!< non-preferred peers: asked 2 s later
inline constexpr int64_t OVERLOADED_PEER_TX_DELAY_US = 2'000'000;
inline constexpr int64_t TXID_RELAY_DELAY_US = 2'000'000;        //!< requests by txid (orphan parents)

class TxRequestTracker
{
public:
    /** One request to make: the hash and whether it is a wtxid (else a txid, MSG_TX). */
    struct Request {
        uint256 hash;
        bool is_wtxid{true};
    };

    /** `peer` announced `hash`; it may be requested from `reqtime_us` on. Ignored past the per-peer limit. */
    void ReceivedInv(NodeId peer, const uint256& hash, bool is_wtxid, int64_t reqtime_us);
    /**
     * What to request from `peer` now (oldest announcements first), marked as requested until
     * now + GETDATA_TX_INTERVAL. Expired requests of any peer are released first.
     */
    std::vector<Request> GetRequestable(NodeId peer, int64_t now_us);
    /** `peer` answered for `hash` (the transaction or notfound). */
    void ReceivedResponse(NodeId peer, const uint256& hash);
    /** We have `hash` or know it is bad: forget every announcement of it. */
    void ForgetTxHash(const uint256& hash);
    void DisconnectedPeer(NodeId peer);

    size_t CountInFlight(NodeId peer) const;
    size_t Count(NodeId peer) const;
    size_t Size() const { return m_by_hash.size(); }

private:
    enum class State { WAITING, REQUESTED, COMPLETED };
    struct Announcement {
        int64_t time_us{0}; //!< request time (WAITING) or expiry (REQUESTED)
        State state{State::WAITING};
        bool is_wtxid{true};
        uint64_t sequence{0};
    };

    void ExpireRequests(int64_t now_us);
    void ForgetIfCompleted(const uint256& hash);

    std::map<uint256, std::map<NodeId, Announcement>> m_by_hash;
    std::map<NodeId, std::set<uint256>> m_by_peer;
    std::map<NodeId, size_t> m_in_flight;
    uint64_t m_sequence{0};
    int64_t m_next_expiry_us{0};
};

} // namespace net

#endif // DOTS_NET_PROCESSING_TXREQUEST_H
