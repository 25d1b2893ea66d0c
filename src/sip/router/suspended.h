// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_ROUTER_SUSPENDED_H
#define DOTS_SIP_ROUTER_SUSPENDED_H

// Server transactions the proxy answers only once the node has done some work on its own
// thread (checked and signed a probe answer, checked and kept a voucher): the transaction stays
// open meanwhile (the transaction layer absorbs retransmissions of the request), as Kamailio's
// t_suspend/t_continue keep a transaction across an asynchronous step. The node's replies arrive
// on any thread and wait here; the SIP loop sends them when woken. Used by ProbeAnswers
// (probe_answer.h) and VoucherInbox (voucher_carrier.h).

#include <sip/transaction/transaction.h>
#include <sip/transaction/transaction_layer.h>
#include <util/sync.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sip {

/** The answer to a suspended request: status, reason phrase and extra header lines (each ending in CRLF). */
struct SuspendedReply {
    uint16_t code{500};
    std::string reason{"Server Internal Error"};
    std::string extra_headers;
};

/**
 * The suspended transactions of one kind ("probe", "voucher": named in log lines). The first
 * reply that finds the queue empty calls the wake function (the service makes the SIP loop call
 * Flush() from it), so a burst of replies costs one wake-up. Suspend() and Flush() run on the SIP
 * thread; SetWake() and Close() when the SIP loop is not running. A reply for a transaction that
 * ended meanwhile (an unanswered non-INVITE server transaction is dropped after 64*T1) is not
 * sent; what the node did stands.
 */
class SuspendedReplies
{
    /** Shared with the resume handles the node holds, so that a reply after ~SuspendedReplies is harmless. */
    struct Shared;

public:
    /**
     * Completes one suspended transaction: call it exactly once, from any thread, with the reply.
     * Copyable (the node's callbacks are std::function); holds only shared state, so it may be
     * called after the SuspendedReplies and the SIP router are gone (the reply is then dropped).
     */
    class Resume
    {
    public:
        void operator()(SuspendedReply reply) const;

    private:
        friend class SuspendedReplies;
        Resume(std::shared_ptr<Shared> shared, TransactionId txn, std::string peer)
            : m_shared{std::move(shared)}, m_txn{txn}, m_peer{std::move(peer)} {}
        std::shared_ptr<Shared> m_shared;
        TransactionId m_txn;
        std::string m_peer;
    };

    /** `what` names this kind of request in log lines ("probe"). */
    explicit SuspendedReplies(std::string what);
    ~SuspendedReplies();
    SuspendedReplies(const SuspendedReplies&) = delete;
    SuspendedReplies& operator=(const SuspendedReplies&) = delete;

    /** What asks the SIP loop to call Flush(); called from any thread, never under a lock of the caller's. */
    void SetWake(std::function<void()> wake);
    /** Suspends server transaction `txn` (from `peer`, for logs) and returns its Resume. SIP thread. */
    Resume Suspend(TransactionId txn, std::string_view peer);
    /** Sends every reply that came back on `layer`; returns how many were sent. SIP thread. */
    size_t Flush(TransactionLayer& layer);
    /** Transactions suspended whose reply has not been flushed. Thread-safe. */
    size_t Pending() const;
    /** The SIP loop stopped: replies that come later are dropped and wake no one. Idempotent. */
    void Close();

private:
    const std::string m_what;
    const std::shared_ptr<Shared> m_shared;
};

} // namespace sip

#endif // DOTS_SIP_ROUTER_SUSPENDED_H
