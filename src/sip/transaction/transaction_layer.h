// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_TRANSACTION_TRANSACTION_LAYER_H
#define DOTS_SIP_TRANSACTION_TRANSACTION_LAYER_H

/**
 * The RFC 3261 17 transaction layer: client and server transactions with their timers,
 * retransmissions and CANCEL handling, between the transport and the transaction user (registrar
 * and proxy).
 */

#include <sip/transaction/index.h>
#include <sip/transaction/timer.h>
#include <sip/transaction/transaction.h>
#include <sip/transport/transport.h>
#include <util/result.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sip {

/** RFC 3261 17 timer values (Table 4), in milliseconds. */
struct TransactionConfig {
    int64_t t1_ms{500};   // RTT estimate
    int64_t t2_ms{4000};  // cap on non-INVITE and INVITE-final retransmission intervals
    int64_t t4_ms{5000};  // longest a message stays in the network
    /** Timer D: wait for final-response retransmissions after ACKing a non-2xx (> 32 s). */
    int64_t timer_d_ms{32000};
    /** A non-INVITE server transaction the user has not answered after this long is dropped
     *  (the client gave up at 64*T1 anyway); 0 means 64*T1. */
    int64_t non_invite_user_timeout_ms{0};
    /** An INVITE server transaction the user has not answered after this long gets 408 from
     *  the layer (a safety net: the proxy's branches end by timer C first). */
    int64_t invite_user_timeout_ms{300000};
    /** Timer C (RFC 3261 16.6 step 11, more than 3 minutes): an INVITE client transaction in
     *  Proceeding restarts it on every provisional; when it fires the transaction is cancelled
     *  and fails with TIMEOUT (the proxy answers it as a 408 branch). The layer keeps it 64*T1
     *  longer to ACK the 487 that follows. */
    int64_t timer_c_ms{181000};
    /** Width of the coarse timer slots, in ms (0 or 1: exact). Timers that only end a wait
     *  (D, I, J, K, L, M: absorbing retransmissions before a transaction is deleted), timer C
     *  and the two user safety nets fire at the first multiple of this at or after their
     *  value, never earlier: all the transactions of a slot end in one wake-up, and arming
     *  them costs O(1). Timers A, B, E, F, G and H (retransmissions and timeouts) stay exact. */
    int64_t coarse_slot_ms{1000};
    /** Most live transactions of each kind (server, client); more requests get 503 (server)
     *  or an error (client). Protects memory under flood. */
    size_t max_transactions{1000000};
    /** Giving freed heap back to the OS after a load peak: glibc keeps the pages of freed
     *  transactions (and of the messages and dialogs that went with them) mapped, and a heap
     *  grown under load stays at its peak RSS. When the live transactions (server + client)
     *  have fallen to a quarter of their peak since the last trim, and that peak was at least
     *  trim_min_peak, the timer loop calls malloc_trim(0) — at most once per trim_interval_ms,
     *  and at once when the count reaches 0. trim_min_peak 0 disables it (no-op without glibc). */
    size_t trim_min_peak{1000};
    int64_t trim_interval_ms{5000};
};

/** Transaction counters at one moment, for the getsipinfo RPC. */
struct TransactionStatsSnapshot {
    uint64_t server_created{0};
    uint64_t client_created{0};
    uint64_t server_current{0};
    uint64_t client_current{0};
    uint64_t retransmissions_sent{0};     // timers A, E, G and re-sent responses/ACKs
    uint64_t retransmissions_absorbed{0}; // duplicate requests/responses answered or dropped here
    uint64_t client_timeouts{0};          // timers B and F
    uint64_t server_timeouts{0};          // timer H and user timeouts
    uint64_t transport_errors{0};
    uint64_t cancels{0};                  // CANCELs that matched a pending INVITE
    uint64_t stray_responses{0};
    uint64_t heap_trims{0};               // malloc_trim calls after a load peak (TransactionConfig)
};

/**
 * Owns all transactions and runs their state machines (RFC 3261 17 plus RFC 6026): fed by the
 * transport (it is the TransportSink), by the TimerDriver, and by its TransactionUser.
 *
 * Threading model: the whole SIP stack (transport, this layer, registrar, proxy) runs on one
 * event-loop thread; nothing here locks. Stats() is the only method that may be called from
 * other threads (relaxed atomics). Transactions are found in flat open-addressing indexes
 * (index.h) by a keyed 64-bit digest of their key — branch+sent-by+method (server), branch+
 * method (client), see messages.h — with the full key, held inline in the transaction,
 * compared on a digest match; a lookup allocates nothing and touches one slot array and the
 * transaction. Timers live in one intrusive heap, so a retransmission costs a heap update and a
 * send, no allocation.
 *
 * 100 Trying: the layer sends it for an INVITE right after TransactionUser::OnRequest returns
 * if the user has not responded (RFC 3261 17.2.1 allows sending it at once; we do not wait
 * 200 ms because every INVITE we see is proxied or challenged, and an immediate 100 stops the
 * caller's timer A retransmissions one round trip sooner).
 */
class TransactionLayer final : public TransportSink
{
public:
    /** `transport`, `timers` and `user` must outlive the layer. Installs the timer handler. */
    TransactionLayer(SipTransport& transport, TimerDriver& timers, TransactionUser& user, TransactionConfig config = {});
    ~TransactionLayer() override;
    TransactionLayer(const TransactionLayer&) = delete;
    TransactionLayer& operator=(const TransactionLayer&) = delete;

    // --- TransportSink ---
    void OnMessage(SipMessage&& message, const Peer& from) override;
    void OnTransportError(const Destination& to) override;

    // --- server side ---
    /**
     * Sends `response` (a complete serialized response, e.g. from BuildResponse) on server
     * transaction `id` and advances its state. Returns false (and sends nothing) when the
     * transaction is gone, the bytes are not a response, or the state does not allow it
     * (e.g. a second final response; only 2xx may follow a 2xx to INVITE).
     */
    [[nodiscard]] bool SendResponse(TransactionId id, std::string response);
    /** BuildResponse on the transaction's request + SendResponse. `to_tag` is added to To
     *  when the request had none (not on 100); pass the same tag for every response. */
    [[nodiscard]] bool Reply(TransactionId id, uint16_t code, std::string_view reason, std::string_view to_tag = {},
                             std::string_view extra_headers = {}, std::string_view body = {});
    /** The live server transaction `id`, or nullptr. Valid until the next call into the layer. */
    ServerTransaction* FindServer(TransactionId id);
    /** The live server transaction `request` belongs to (RFC 3261 17.2.3; ACK finds its
     *  INVITE), or nullptr. No allocation after warm-up. Valid until the next call into the layer. */
    ServerTransaction* MatchServer(const SipMessage& request);

    // --- client side ---
    /** A fresh RFC 3261 branch ("z9hG4bK" + 32 hex digits), unique for this process. */
    std::string NewBranch();
    /** Appends a fresh branch (as NewBranch) to `out`, so a caller adding a suffix builds the
     *  branch in one string. */
    void AppendNewBranch(std::string& out);
    /** A fresh To/From tag (16 hex digits). */
    std::string NewTag();
    /**
     * Starts a client transaction for `request` (serialized, with a top Via whose branch came
     * from NewBranch(), and Content-Length) to `to`. Responses go to `user` (the layer's
     * user when nullptr). Not for ACK (send ACKs for 2xx with SendStateless). Fails when the
     * request does not parse, has no RFC 3261 branch, duplicates a live transaction, or the
     * transport refuses it at once; a later transport failure comes as OnClientFailure.
     */
    [[nodiscard]] util::Result<TransactionId> SendRequest(std::string request, const Destination& to,
                                                           TransactionUser* user = nullptr);
    /**
     * Cancels INVITE client transaction `id` (RFC 3261 9.1): sends a CANCEL in its own client
     * transaction now if a provisional response was received, or as soon as one arrives.
     * Returns false when there is nothing to cancel (not an INVITE, already final, gone).
     */
    bool CancelClient(TransactionId id);
    ClientTransaction* FindClient(TransactionId id);

    /** Sends a message outside any transaction (2xx ACK, stateless forwarding). */
    [[nodiscard]] SendStatus SendStateless(const Destination& to, std::string_view bytes);

    // --- time ---
    /** Runs every expired timer. Called by the TimerDriver; tests may call it too. */
    void ProcessTimers();

    size_t ServerCount() const { return m_server.Size(); }
    size_t ClientCount() const { return m_client.Size(); }
    const TransactionConfig& Config() const { return m_config; }
    /** Thread-safe snapshot of the counters. */
    TransactionStatsSnapshot Stats() const;

private:
    using Index = FlatIndex<Transaction>;

    // server_transaction.cpp
    void HandleRequest(SipMessage&& request, const Peer& from);
    void HandleAck(SipMessage&& ack, const Peer& from);
    void HandleCancel(SipMessage&& cancel, const Peer& from);
    void Retransmitted(ServerTransaction& txn);
    bool SendOnServer(ServerTransaction& txn, std::string&& bytes, uint16_t status);
    void ServerTimer(ServerTransaction& txn, bool retransmit);
    /** Creates the server transaction for `request`, keyed by m_scratch (its ServerKey) whose
     *  digest is `digest`. */
    ServerTransaction* NewServer(SipMessage&& request, const Peer& from, uint64_t digest);

    // client_transaction.cpp
    void HandleResponse(SipMessage&& response, const Peer& from);
    void ClientTimer(ClientTransaction& txn, bool retransmit);
    void FailClient(ClientTransaction& txn, ClientFailure failure);
    bool SendCancelNow(ClientTransaction& invite);

    // transaction_layer.cpp
    void Schedule(TxnTimer& timer, int64_t delay_ms);
    /** Schedule in a coarse slot (TransactionConfig::coarse_slot_ms); a delay <= 0 is exact. */
    void ScheduleCoarse(TxnTimer& timer, int64_t delay_ms);
    void Cancel(TxnTimer& timer);
    /** Marks terminated; deleted by the timer loop (never inside a user callback). */
    void Terminate(Transaction& txn);
    /** Removes `txn` from the indexes and timers and destroys it. */
    void Erase(Transaction& txn);
    /** The transaction of `index` (m_server or m_client) with key `key` of digest `digest`, in
     *  any state (callers check TERMINATED), or nullptr. */
    static Transaction* FindByKey(const Index& index, std::string_view key, uint64_t digest);
    void LinkTarget(ClientTransaction& txn);
    void UnlinkTarget(ClientTransaction& txn);
    void Rearm();
    /** Tracks the live-transaction peak and calls malloc_trim(0) when the count has fallen
     *  well below it (TransactionConfig::trim_min_peak). Called at the end of ProcessTimers. */
    void MaybeTrimHeap(int64_t now);
    /** Records the live-transaction count for MaybeTrimHeap (after each creation). */
    void NotePeak() { m_live_peak = std::max(m_live_peak, m_server.Size() + m_client.Size()); }
    /** Marks `txn` final: its request is freed at the next FlushReleases(). */
    void ReleaseLater(Transaction& txn);
    /** Frees the requests of transactions marked final. Called where no user callback is on
     *  the stack (end of OnMessage, start of ProcessTimers), so no reference handed out dangles. */
    void FlushReleases();
    bool Transmit(const Destination& to, std::string_view bytes);
    int64_t T(int64_t mult) const { return m_config.t1_ms * mult; }

    SipTransport& m_transport;
    TimerDriver& m_timers;
    TransactionUser& m_user;
    TransactionConfig m_config;
    KeyDigester m_digester;
    // The layer owns every transaction: each is in m_by_id and in exactly one of m_server (by
    // ServerKey) and m_client (by ClientKey) from creation until Erase deletes it.
    Index m_server{4096};
    Index m_client{4096};
    Index m_by_id{8192}; // digest = the TransactionId itself
    /** Head of each target address's list of client transactions (OnTransportError). */
    std::unordered_map<SockAddr, ClientTransaction*, SockAddrHash> m_by_target;
    TimerHeap m_heap;
    std::optional<int64_t> m_armed;
    TransactionId m_next_id{1};
    uint64_t m_branch_salt;
    uint64_t m_branch_counter{0};
    std::string m_scratch; // key buffer reused for lookups
    std::vector<TransactionId> m_to_release;
    size_t m_live_peak{0};         // most live transactions since the last heap trim (NotePeak)
    int64_t m_last_trim_ms{INT64_MIN / 2};

    struct Counters {
        std::atomic<uint64_t> server_created{0}, client_created{0}, server_current{0}, client_current{0};
        std::atomic<uint64_t> retransmissions_sent{0}, retransmissions_absorbed{0}, client_timeouts{0};
        std::atomic<uint64_t> server_timeouts{0}, transport_errors{0}, cancels{0}, stray_responses{0};
        std::atomic<uint64_t> heap_trims{0};
    } m_stats;
    static void Bump(std::atomic<uint64_t>& c) { c.fetch_add(1, std::memory_order_relaxed); }
};

} // namespace sip

#endif // DOTS_SIP_TRANSACTION_TRANSACTION_LAYER_H
