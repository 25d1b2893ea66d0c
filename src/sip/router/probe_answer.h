// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_ROUTER_PROBE_ANSWER_H
#define DOTS_SIP_ROUTER_PROBE_ANSWER_H

// The target side of availability probing in the SIP router: an OPTIONS addressed to this node
// that carries a DOTS-Probe header is handed to the node (interfaces::ProbeTarget) and answered
// when the node has checked it, signed the answer and kept the receipt on its own thread: 200
// with DOTS-Probe-Answer, or the 4xx/5xx the node chose. Meanwhile the server transaction stays
// open (the transaction layer absorbs retransmissions of the OPTIONS), as Kamailio's
// t_suspend/t_continue keep a transaction across an asynchronous step. The proxy calls
// AnswerProbe from its OPTIONS handling (sip/router/proxy.cpp); doc/registry.md "Probing protocol".

#include <interfaces/probe.h>
#include <sip/router/suspended.h>
#include <sip/transaction/transaction.h>
#include <sip/transaction/transaction_layer.h>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace sip {

/**
 * The probes handed to the node and not answered yet (sip/router/suspended.h holds the
 * transactions meanwhile). The node's verdicts arrive on its thread; the first one that finds
 * the queue empty calls the wake function (the service makes the SIP loop call Flush() from it),
 * so a burst of verdicts costs one wake-up. Take() and Flush() run on the SIP thread; SetWake()
 * and Close() when the SIP loop is not running. A verdict for a transaction that ended meanwhile
 * is not sent; what the node did (a receipt kept) stands.
 */
class ProbeAnswers
{
public:
    /** `target` must outlive every verdict it delivers (the node's agent stops after the SIP router). */
    explicit ProbeAnswers(interfaces::ProbeTarget& target);
    ProbeAnswers(const ProbeAnswers&) = delete;
    ProbeAnswers& operator=(const ProbeAnswers&) = delete;

    /** What asks the SIP loop to call Flush(); called from any thread, never under a lock of the caller's. */
    void SetWake(std::function<void()> wake) { m_replies.SetWake(std::move(wake)); }
    /** Hands challenge `c` of server transaction `txn` to the node. `allow_headers` go on the answer. SIP thread. */
    void Take(ServerTransaction& txn, const interfaces::ProbeChallenge& c, std::string_view peer, std::string_view allow_headers);
    /** Sends every verdict that came back on `layer`; returns how many were sent. SIP thread. */
    size_t Flush(TransactionLayer& layer) { return m_replies.Flush(layer); }
    /** Probes handed over whose verdict has not been flushed. Thread-safe. */
    size_t Pending() const { return m_replies.Pending(); }
    /** The SIP loop stopped: verdicts that come later are dropped and wake no one. Idempotent. */
    void Close() { m_replies.Close(); }

private:
    interfaces::ProbeTarget& m_target;
    SuspendedReplies m_replies{"probe"};
};

/** The reply that carries `verdict` (200 with DOTS-Probe-Answer, a 200 without an answer becomes
 *  500, 503 gets Retry-After), with `allow_headers` added. Pure, any thread. */
SuspendedReply ProbeReply(interfaces::ProbeVerdict verdict, std::string_view allow_headers);

/** Sends `verdict` as the answer of server transaction `txn` (200 carries DOTS-Probe-Answer, a 200
 * without an answer becomes 500, 503 gets Retry-After); false if the transaction is gone. SIP thread. */
bool SendProbeVerdict(TransactionLayer& layer, TransactionId txn, interfaces::ProbeVerdict verdict, std::string_view allow_headers);

/**
 * If `txn`'s request carries DOTS-Probe, takes it and returns true; otherwise returns false and
 * sends nothing. A malformed or repeated header gets 400 at once, a node that keeps no node keys
 * (`answers` null: no wallet) 404 at once; anything else goes to the node through `answers` and is
 * answered when it comes back. `allow_headers` is added to every answer (the OPTIONS
 * capabilities). SIP thread only.
 */
bool AnswerProbe(ServerTransaction& txn, TransactionLayer& layer, ProbeAnswers* answers, std::string_view allow_headers);

} // namespace sip

#endif // DOTS_SIP_ROUTER_PROBE_ANSWER_H
