// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_ROUTER_PROBE_SENDER_H
#define DOTS_SIP_ROUTER_PROBE_SENDER_H

// The prober side of availability probing in the SIP router: on each tick it takes the probes
// the node's scheduler says are due (interfaces::ProbeScheduler), sends each as an OPTIONS with
// a DOTS-Probe header to the target's registered endpoint, and reports the outcome (the
// DOTS-Probe-Answer signature of a 200, or why there is none). Retries and their backoff are
// the scheduler's; this file only carries messages. doc/registry.md "Probing protocol".

#include <interfaces/probe.h>
#include <sip/transaction/transaction.h>
#include <sip/transaction/transaction_layer.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sip {

struct ProbeSenderConfig {
    std::string advertised_host; //!< host of our Via
    ListenPorts ports{5060};     //!< our ports (the Via names the one of the probe's transport)
    std::string domain;          //!< From: <sip:dots@domain>
    size_t max_in_flight{256};   //!< probes outstanding at most
};

/**
 * Where an endpoint URI ("sip:192.0.2.1:5060", "sip:[2001:db8::1];transport=tcp") is sent: an
 * IP literal host (no name is resolved on the SIP thread), its port or 5060, UDP unless
 * transport=tcp. std::nullopt for anything else (names, sips:, tls, ws). Pure, thread-safe.
 */
std::optional<Destination> EndpointDestination(std::string_view uri);

/**
 * Sends the probes. A TransactionUser of its own (only for the client transactions it starts).
 * SIP thread only, except Sent()/Answered().
 */
class ProbeSender final : public TransactionUser
{
public:
    using Clock = std::function<int64_t()>;
    ProbeSender(ProbeSenderConfig config, interfaces::ProbeScheduler& scheduler, Clock now);

    void SetLayer(TransactionLayer& layer) { m_layer = &layer; }
    /** Sends the due probes (up to the free in-flight slots); returns how many were sent. */
    size_t Tick();

    uint64_t Sent() const { return m_sent.load(std::memory_order_relaxed); }
    uint64_t Answered() const { return m_answered.load(std::memory_order_relaxed); }
    size_t InFlight() const { return m_pending.size(); }

    void OnRequest(ServerTransaction&) override {}
    void OnAck(const SipMessage&, const Peer&) override {}
    void OnCancel(ServerTransaction&, const SipMessage&) override {}
    void OnResponse(ClientTransaction& txn, const SipMessage& response) override;
    void OnClientFailure(ClientTransaction& txn, ClientFailure failure) override;

private:
    /** The OPTIONS of `task` to `to`. */
    std::string BuildRequest(const interfaces::ProbeTask& task, const Destination& to);
    void Finish(TransactionId id, const std::optional<interfaces::ProbeSig>& answer, std::string_view detail);

    ProbeSenderConfig m_config;
    interfaces::ProbeScheduler& m_scheduler;
    Clock m_now;
    TransactionLayer* m_layer{nullptr};
    std::unordered_map<TransactionId, uint64_t> m_pending; //!< client transaction -> task id
    uint64_t m_cseq{0};
    std::atomic<uint64_t> m_sent{0}, m_answered{0};
};

} // namespace sip

#endif // DOTS_SIP_ROUTER_PROBE_SENDER_H
