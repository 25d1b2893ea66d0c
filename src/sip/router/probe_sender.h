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

/** How the prober reaches an endpoint URI, before any name is looked up. */
struct ProbeRoute {
    Transport protocol{Transport::UDP};
    std::string host;  //!< an IP address, or a DNS name that the node looks up (never the SIP thread)
    bool name{false};  //!< `host` is a DNS name
    uint16_t port{5060};
};

/**
 * The route of endpoint `uri` if the prober can send to it: "sip:" over UDP (the default) or
 * TCP, TLS for "sips:" (with no transport or transport=tcp/tls) and for ";transport=tls"; the
 * host an IP literal or a DNS name; the URI's port, else the transport's default (5060; 5061
 * over TLS). std::nullopt for anything else: WebSocket endpoints (ws, wss: browsers' transport,
 * not probed), "sips:" over UDP, other schemes, malformed URIs. Pure, thread-safe.
 */
std::optional<ProbeRoute> ParseProbeRoute(std::string_view uri);

/**
 * Where a probe to endpoint `uri` is sent: its route (ParseProbeRoute), at `address` when the
 * URI's host is a DNS name (the IP address the node looked the name up to; ignored for an IP
 * host). std::nullopt when the URI is no probe endpoint, or its host is a name and `address` is
 * not an IP address. Pure, thread-safe.
 */
std::optional<Destination> EndpointDestination(std::string_view uri, std::string_view address = {});

/**
 * Sends the probes. A TransactionUser of its own (only for the client transactions it starts).
 * SIP thread only, except Sent()/Answered().
 */
class ProbeSender final : public ClientTransactionUser
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
