// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NET_PROCESSING_PEERMAN_IMPL_H
#define DOTS_NET_PROCESSING_PEERMAN_IMPL_H

/**
 * Internal to net/processing: the PeerManager implementation, split by concern over
 *   peerman.cpp         handshake, ping, dispatch, misbehaviour, notifications, stale tips
 *   addr_relay.cpp      addrv2, getaddr, self-advertisement
 *   headers.cpp         getheaders/headers, presync, announcements, chain-sync eviction
 *   block_download.cpp  block requests, stalling, timeouts, block and getdata messages
 *   tx_relay.cpp        inv, tx, orphans, trickled announcements, feefilter, mempool
 * All state below is guarded by m_mutex (taken once per message and per SendMessages), except
 * the queue of notifications from other threads (m_events_mutex). Lock order: m_mutex, then
 * the chain lock; the chain lock is never held while calling into validation or the TxPool.
 */

#include <net/processing/headers_sync.h>
#include <net/processing/orphanage.h>
#include <net/processing/peerman.h>
#include <net/processing/rolling_filter.h>
#include <net/processing/txpool.h>
#include <net/processing/txrequest.h>
#include <net/messages.h>

#include <chainstate/blockindex.h>
#include <consensus/validation_state.h>
#include <util/sync.h>

#include <atomic>
#include <deque>
#include <list>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace validation {
class ChainstateManager;
}

namespace net {

using chainstate::BlockIndex;

// ---- timing and limits (Bitcoin Core's values; block times scaled by the 60 s spacing where noted) ----
inline constexpr int64_t PING_INTERVAL_US = 2 * 60 * 1'000'000LL;
inline constexpr int MAX_BLOCKS_IN_TRANSIT_PER_PEER = 16;
inline constexpr int BLOCK_DOWNLOAD_WINDOW = 1024;
inline constexpr int64_t BLOCK_STALLING_TIMEOUT_DEFAULT_US = 2'000'000;
inline constexpr int64_t BLOCK_STALLING_TIMEOUT_MAX_US = 64'000'000;
/** Block download timeout: this many block intervals, plus PER_PEER for each other peer we download from. */
inline constexpr double BLOCK_DOWNLOAD_TIMEOUT_BASE = 1.0;
inline constexpr double BLOCK_DOWNLOAD_TIMEOUT_PER_PEER = 0.5;
inline constexpr int64_t HEADERS_DOWNLOAD_TIMEOUT_BASE_US = 15 * 60 * 1'000'000LL;
inline constexpr int64_t HEADERS_DOWNLOAD_TIMEOUT_PER_HEADER_US = 1'000;
inline constexpr int64_t HEADERS_RESPONSE_TIME_US = 2 * 60 * 1'000'000LL;
inline constexpr int64_t CHAIN_SYNC_TIMEOUT_US = 20 * 60 * 1'000'000LL;
inline constexpr int64_t STALE_CHECK_INTERVAL_US = 45'000'000;
inline constexpr int64_t MINIMUM_CONNECT_TIME_US = 30'000'000;
inline constexpr int MAX_OUTBOUND_PEERS_TO_PROTECT = 4;
inline constexpr size_t MAX_BLOCKS_TO_ANNOUNCE = 8;
inline constexpr int MAX_UNCONNECTING_HEADERS = 10;
/** Blocks served to any peer only within this age of our best header (fingerprinting). */
inline constexpr int64_t STALE_RELAY_AGE_LIMIT = 30 * 24 * 60 * 60;
/** An unrequested block is only taken if it is at most this far ahead of our tip. */
inline constexpr int MAX_UNREQUESTED_BLOCK_AHEAD = 288;
inline constexpr int64_t INBOUND_INVENTORY_BROADCAST_INTERVAL_US = 5'000'000;
inline constexpr int64_t OUTBOUND_INVENTORY_BROADCAST_INTERVAL_US = 2'000'000;
inline constexpr size_t INVENTORY_BROADCAST_TARGET = 7 * 5;
inline constexpr size_t INVENTORY_BROADCAST_MAX = 1000;
inline constexpr int64_t UNCONDITIONAL_RELAY_DELAY = 2 * 60;
inline constexpr int64_t AVG_FEEFILTER_BROADCAST_INTERVAL_US = 10 * 60 * 1'000'000LL;
inline constexpr int64_t MAX_FEEFILTER_CHANGE_DELAY_US = 5 * 60 * 1'000'000LL;
inline constexpr int64_t AVG_LOCAL_ADDRESS_BROADCAST_INTERVAL_US = 24 * 60 * 60 * 1'000'000LL;
inline constexpr int64_t AVG_ADDRESS_BROADCAST_INTERVAL_US = 30'000'000;
inline constexpr double MAX_ADDR_RATE_PER_SECOND = 0.1;
inline constexpr double MAX_ADDR_PROCESSING_TOKEN_BUCKET = MAX_ADDR_TO_SEND;
inline constexpr int64_t ADDR_FETCH_TIMEOUT_US = 10 * AVG_ADDRESS_BROADCAST_INTERVAL_US;
inline constexpr size_t MAX_PCT_ADDR_TO_SEND = 23;
inline constexpr int64_t ADDR_CACHE_LIFETIME = 24 * 60 * 60;

struct QueuedBlock {
    uint256 hash;
    const BlockIndex* index{nullptr};
};

/** Everything the protocol remembers about one peer. */
struct Peer {
    explicit Peer(std::shared_ptr<Node> node_in);

    std::shared_ptr<Node> node;
    const NodeId id;

    // handshake
    bool got_version{false};
    bool got_verack{false};
    std::optional<Service> addr_local; //!< how the peer sees us

    // misbehaviour
    bool should_discourage{false};
    std::string discourage_reason;

    // ping
    uint64_t ping_nonce_sent{0};
    int64_t ping_start_us{0};
    bool ping_queued{false};
    int64_t next_ping_us{0};

    // headers sync
    bool preferred_download{false}; //!< an outbound peer we prefer to sync from
    bool sync_started{false};
    int64_t headers_sync_timeout_us{0};
    bool prefer_headers{false};     //!< it sent sendheaders
    int64_t last_getheaders_us{0};  //!< a getheaders is outstanding since then (0: none)
    int unconnecting_headers{0};
    const BlockIndex* best_known_block{nullptr};
    uint256 last_unknown_block;     //!< announced by inv before we had its header
    const BlockIndex* last_common_block{nullptr};
    const BlockIndex* best_header_sent{nullptr};
    std::unique_ptr<HeadersSyncState> headers_sync;
    int64_t last_block_announcement{0}; //!< UNIX seconds of its last announcement of a new best block
    struct ChainSync {
        int64_t timeout_us{0};
        const BlockIndex* work_header{nullptr};
        bool sent_getheaders{false};
        bool protect{false};
    } chain_sync;

    // blocks
    std::list<QueuedBlock> blocks_in_flight;
    int64_t downloading_since_us{0};
    int64_t stalling_since_us{0};
    std::vector<uint256> blocks_to_announce;
    std::deque<Inv> getdata_requests;

    // addresses
    bool addr_relay_enabled{false};
    std::unique_ptr<RollingBloomFilter> addr_known;
    std::vector<AddrEntry> addrs_to_send;
    int64_t next_addr_send_us{0};
    int64_t next_local_addr_send_us{0};
    bool getaddr_sent{false};
    bool getaddr_recvd{false};
    double addr_token_bucket{1.0};
    int64_t addr_token_timestamp_us{0};
    uint64_t addr_processed{0};
    uint64_t addr_rate_limited{0};

    // transactions
    bool relay_txs{false}; //!< we announce transactions to it
    std::unique_ptr<RollingBloomFilter> tx_known;
    std::unique_ptr<RollingBloomFilter> recently_announced;
    std::set<uint256> txs_to_send; //!< wtxids
    int64_t next_inv_send_us{0};
    CAmount fee_filter_received{0};
    CAmount fee_filter_sent{-1};
    int64_t next_feefilter_send_us{0};
    bool send_mempool{false};
    bool mempool_served{false};
    int64_t last_mempool_req{0};
};

class PeerManagerImpl final : public PeerManager
{
public:
    PeerManagerImpl(ConnectionManager& connman, AddrMan& addrman, BanMan& banman, validation::ChainstateManager& chainman,
                    TxPool* txpool, PeerManagerOptions options);

    // NetEventsInterface
    void InitializeNode(const std::shared_ptr<Node>& node) override;
    void FinalizeNode(const Node& node) override;
    bool ProcessMessages(Node& node) override;
    void SendMessages(Node& node) override;

    // validation::ValidationInterface
    void UpdatedBlockTip(const chainstate::BlockIndex& new_tip, const chainstate::BlockIndex* fork, bool initial_download) override;
    void BlockConnected(const std::shared_ptr<const CBlock>& block, const chainstate::BlockIndex& index,
                        const chainstate::RecordDiff& changes) override;
    void TransactionAddedToMempool(const CTransactionRef& tx, uint64_t mempool_sequence) override;

    // PeerManager
    std::optional<PeerStats> GetPeerStats(NodeId id) const override;
    void SendPings() override;
    bool IsInitialBlockDownload() override;

private:
    // ---- peerman.cpp ----
    Peer* GetPeer(NodeId id) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void ProcessMessage(Peer& peer, const std::string& type, std::span<const uint8_t> payload) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void PushVersion(Peer& peer);
    void OnVersion(Peer& peer, std::span<const uint8_t> payload) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void OnVerack(Peer& peer) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void OnPing(Peer& peer, std::span<const uint8_t> payload);
    void OnPong(Peer& peer, std::span<const uint8_t> payload, int64_t now_us);
    void MaybeSendPing(Peer& peer, int64_t now_us);
    /** Records a protocol violation: the peer is disconnected and discouraged in SendMessages. */
    void Misbehaving(Peer& peer, const std::string& reason);
    bool MaybeDiscourageAndDisconnect(Peer& peer);
    /** Punishes the peer for an invalid block or header if the reason says it is its fault. */
    void MaybePunishNodeForBlock(Peer& peer, const consensus::BlockValidationState& state, const std::string& what);
    void MaybePunishNodeForTx(Peer& peer, const consensus::TxValidationState& state);
    void ProcessEvents() EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void CheckForStaleTipAndEvictPeers(int64_t now_us) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void EvictExtraOutboundPeers(int64_t now_us) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    bool TipMayBeStale() EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void Disconnect(Peer& peer);

    // ---- addr_relay.cpp ----
    void SetupAddressRelay(Peer& peer);
    void OnAddrV2(Peer& peer, std::span<const uint8_t> payload, int64_t now_us) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void OnGetAddr(Peer& peer) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void PushAddress(Peer& peer, const AddrEntry& entry);
    void RelayAddress(NodeId origin, const AddrEntry& entry, bool reachable, int64_t now) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void AdvertiseLocal(Peer& peer);
    void MaybeSendAddr(Peer& peer, int64_t now_us);

    // ---- headers.cpp ----
    void OnGetHeaders(Peer& peer, std::span<const uint8_t> payload) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void OnHeaders(Peer& peer, std::span<const uint8_t> payload) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void ProcessHeaders(Peer& peer, std::vector<CBlockHeader> headers, bool full_message) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** Feeds the peer's presync; returns the headers ready to store (empty: nothing more to do now). */
    std::vector<CBlockHeader> ContinuePresync(Peer& peer, const std::vector<CBlockHeader>& headers, bool full_message);
    void HandleUnconnectingHeaders(Peer& peer, const std::vector<CBlockHeader>& headers);
    void UpdatePeerStateForReceivedHeaders(Peer& peer, const BlockIndex* last, bool full_message) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void HeadersDirectFetchBlocks(Peer& peer, const BlockIndex* last) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    bool MaybeSendGetHeaders(Peer& peer, std::vector<uint256> locator, int64_t now_us);
    void MaybeStartHeadersSync(Peer& peer, int64_t now_us) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void CheckHeadersSyncTimeout(Peer& peer, int64_t now_us) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void OnBlockInv(Peer& peer, const uint256& hash) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void UpdateBlockAvailability(Peer& peer, const uint256& hash);
    void ProcessBlockAvailability(Peer& peer);
    bool PeerHasHeader(const Peer& peer, const BlockIndex* index) const;
    void OnTipChanged() EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void SendBlockAnnouncements(Peer& peer);
    void ConsiderEviction(Peer& peer, int64_t now_us) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    consensus::arith_uint256 GetAntiDoSWorkThreshold();
    bool CanDirectFetch();

    // ---- block_download.cpp ----
    void BlockRequested(Peer& peer, const BlockIndex* index, int64_t now_us) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** Removes a request of `hash` (from `from` only, if given). Returns whether one was removed. */
    bool RemoveBlockRequest(const uint256& hash, std::optional<NodeId> from) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    bool IsBlockRequested(const uint256& hash) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void FindNextBlocksToDownload(Peer& peer, size_t count, std::vector<const BlockIndex*>& blocks, NodeId& staller)
        EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void RequestBlocks(Peer& peer, int64_t now_us) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void CheckBlockDownloadTimeouts(Peer& peer, int64_t now_us) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void OnBlock(Peer& peer, std::span<const uint8_t> payload) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void OnGetData(Peer& peer, std::span<const uint8_t> payload) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void ProcessGetData(Peer& peer) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    bool ServeBlock(Peer& peer, const uint256& hash);
    void OnNotFound(Peer& peer, std::span<const uint8_t> payload) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);

    // ---- tx_relay.cpp ----
    void OnInv(Peer& peer, std::span<const uint8_t> payload, int64_t now_us) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void OnTx(Peer& peer, std::span<const uint8_t> payload, int64_t now_us) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void HandleTxOffer(Peer& peer, const CTransactionRef& tx, const TxPool::OfferResult& result, int64_t now_us)
        EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** Retries one orphan of `peer` whose parent arrived; true if there is more orphan work. */
    bool ProcessOrphanTx(Peer& peer, int64_t now_us) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    bool AlreadyHaveTx(const uint256& hash, bool is_wtxid) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    bool RejectIncomingTxs(const Peer& peer) const;
    void RelayTransaction(const uint256& wtxid) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void SendTxInventory(Peer& peer, int64_t now_us);
    void RequestTxs(Peer& peer, int64_t now_us) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void MaybeSendFeefilter(Peer& peer, int64_t now_us);
    void OnFeeFilter(Peer& peer, std::span<const uint8_t> payload);
    void OnMempool(Peer& peer);
    /** A transaction for getdata, if we may give it to this peer. */
    CTransactionRef FindTxForGetData(Peer& peer, const Inv& inv);

    ConnectionManager& m_connman;
    AddrMan& m_addrman;
    BanMan& m_banman;
    validation::ChainstateManager& m_chainman;
    TxPool* const m_txpool;
    const PeerManagerOptions m_opts;

    mutable Mutex m_mutex;
    std::map<NodeId, std::unique_ptr<Peer>> m_peers GUARDED_BY(m_mutex);
    /** Blocks requested from a peer: hash -> (peer, its entry in the peer's list). */
    std::map<uint256, std::pair<NodeId, std::list<QueuedBlock>::iterator>> m_blocks_in_flight GUARDED_BY(m_mutex);
    int m_peers_downloading_from GUARDED_BY(m_mutex){0};
    int m_num_preferred_download_peers GUARDED_BY(m_mutex){0};
    int m_sync_started GUARDED_BY(m_mutex){0};
    int m_outbound_peers_with_protect GUARDED_BY(m_mutex){0};
    int64_t m_block_stalling_timeout_us GUARDED_BY(m_mutex){BLOCK_STALLING_TIMEOUT_DEFAULT_US};
    /** Transactions refused by the pool, by wtxid: not fetched again while the tip stays
     * `m_recent_rejects_tip` (a new tip can make them valid: a coinbase matures, a commitment
     * ripens, a conflict is mined away), as Bitcoin Core. */
    RollingBloomFilter m_recent_rejects GUARDED_BY(m_mutex){120'000, 0.000001};
    uint256 m_recent_rejects_tip GUARDED_BY(m_mutex);
    RollingBloomFilter m_recent_confirmed GUARDED_BY(m_mutex){48'000, 0.000001};
    TxOrphanage m_orphanage GUARDED_BY(m_mutex);
    TxRequestTracker m_txrequest GUARDED_BY(m_mutex);
    /** The tip whose blocks were last queued for announcement. */
    const BlockIndex* m_last_announced_tip GUARDED_BY(m_mutex){nullptr};
    int64_t m_last_tip_update GUARDED_BY(m_mutex){0};
    int64_t m_stale_tip_check_us GUARDED_BY(m_mutex){0};
    bool m_initial_sync_finished GUARDED_BY(m_mutex){false};
    std::vector<AddrInfo> m_addr_cache GUARDED_BY(m_mutex);
    int64_t m_addr_cache_expiry GUARDED_BY(m_mutex){0};
    const uint64_t m_addr_relay_salt;
    std::atomic<bool> m_ibd_done{false};

    // Notifications from other threads, handled on the message handler thread.
    Mutex m_events_mutex;
    bool m_tip_changed GUARDED_BY(m_events_mutex){false};
    std::vector<CTransactionRef> m_txs_added GUARDED_BY(m_events_mutex);
    std::vector<std::shared_ptr<const CBlock>> m_blocks_connected GUARDED_BY(m_events_mutex);
    std::atomic<bool> m_has_events{false};
    std::atomic<bool> m_send_pings{false};
};

/** An exponentially distributed delay with mean `average_us` (Poisson process timing). */
int64_t PoissonDelayUs(int64_t average_us);

} // namespace net

#endif // DOTS_NET_PROCESSING_PEERMAN_IMPL_H
