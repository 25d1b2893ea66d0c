// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NET_PROCESSING_PEERMAN_H
#define DOTS_NET_PROCESSING_PEERMAN_H

/**
 * PeerManager: the P2P protocol (Bitcoin Core's net_processing). It receives every message of
 * every peer from the connection manager's message handler thread and decides what to do:
 *
 *  - handshake (version/verack), ping/pong latency and timeouts;
 *  - headers-first sync: getheaders/headers from one peer during initial download, from all
 *    peers afterwards; low-work header chains go through headers presync (headers_sync.h);
 *  - parallel block download from every peer that has the chain (16 blocks in flight per peer,
 *    a 1024-block window), stalling peers and slow downloads are disconnected;
 *  - block relay by headers announcements (sendheaders) or inv;
 *  - transaction relay (when a TxPool is given): wtxid announcements trickled per peer,
 *    per-peer known-inventory filters, feefilter, requests with timeouts, a bounded orphan pool;
 *  - address relay (addrv2/getaddr) with rate limits, self-advertisement;
 *  - misbehaviour: any protocol violation, invalid header, block or transaction is logged with
 *    the peer and the reason and the peer is disconnected and discouraged (manual and noban
 *    peers excepted); outbound peers on a stale chain are replaced.
 *
 * Thread-safety: the NetEventsInterface methods run on the message handler thread; the
 * validation notifications arrive on their own thread and only queue work for it;
 * GetPeerStats and SendPings may be called from any thread.
 */

#include <consensus/arith_uint256.h>
#include <net/connman.h>
#include <net/processing/orphanage.h>
#include <primitives/block.h>
#include <primitives/transaction.h>
#include <validation/notifications.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace validation {
class ChainstateManager;
}

namespace net {

class TxPool;

/** -maxtipage: a tip older than this (seconds) means we are still in initial block download. */
inline constexpr int64_t DEFAULT_MAX_TIP_AGE = 24 * 60 * 60;

struct PeerManagerOptions {
    /** -blocksonly: neither ask for nor accept transactions from peers. */
    bool ignore_incoming_txs{false};
    /** -minimumchainwork: header chains below it go through presync; IBD lasts until it is reached. */
    consensus::arith_uint256 minimum_chain_work;
    size_t max_orphan_txs{DEFAULT_MAX_ORPHAN_TRANSACTIONS};
    int64_t max_tip_age{DEFAULT_MAX_TIP_AGE};
    /** Discourage misbehaving loopback peers like any other (regtest; elsewhere they may be a
     * local Tor daemon forwarding many peers, so they are only disconnected). */
    bool discourage_local{false};
};

/** What getpeerinfo shows of a peer beyond its connection. */
struct PeerStats {
    int synced_headers{-1};        //!< height of the best header we know the peer has
    int synced_blocks{-1};         //!< height of the last block we have in common
    int64_t presynced_headers{-1}; //!< height reached by headers presync, -1 if none
    std::vector<int> inflight;     //!< heights of blocks requested from it
    bool relay_txs{false};
    CAmount fee_filter{0};         //!< the peer's feefilter
    bool addr_relay_enabled{false};
    uint64_t addr_processed{0};
    uint64_t addr_rate_limited{0};
    int64_t ping_wait_us{0};       //!< an unanswered ping's age, 0 if none
    bool prefer_headers{false};
};

class PeerManager : public NetEventsInterface, public validation::ValidationInterface
{
public:
    /** The objects must outlive the PeerManager. `txpool` may be null (blocks only). */
    static std::unique_ptr<PeerManager> Make(ConnectionManager& connman, AddrMan& addrman, BanMan& banman,
                                             validation::ChainstateManager& chainman, TxPool* txpool,
                                             PeerManagerOptions options);
    ~PeerManager() override = default;

    // Validation notifications (register the PeerManager with the node's ValidationSignals):
    // UpdatedBlockTip announces the new blocks, BlockConnected drops their transactions from
    // the orphan pool and the requests, TransactionAddedToMempool announces the transaction.
    // They only queue work for the message handler thread.

    /** Protocol statistics of a connected peer, nullopt if unknown. */
    virtual std::optional<PeerStats> GetPeerStats(NodeId id) const = 0;
    /** Sends a ping to every peer at the next opportunity (the ping RPC). */
    virtual void SendPings() = 0;
    /** Initial block download, latched to false once the tip is recent and has enough work. */
    virtual bool IsInitialBlockDownload() = 0;
};

} // namespace net

#endif // DOTS_NET_PROCESSING_PEERMAN_H
