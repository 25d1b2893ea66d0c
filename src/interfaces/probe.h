// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_INTERFACES_PROBE_H
#define DOTS_INTERFACES_PROBE_H

/**
 * The seam between the SIP router and the node for availability probing (doc/registry.md
 * "Probing protocol"): the SIP layer carries challenges in OPTIONS and answers them; the node
 * (node/probe_agent.h, which holds the wallet's node keys and reads the chain) decides whom to
 * probe, signs the challenges, checks incoming ones against the draw and keeps the receipts, on
 * its own thread: the SIP thread only hands work over and sends what comes back.
 * Neither side includes the other: the SIP router sees only these two interfaces.
 */

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace interfaces {

using ProbeKey = std::array<uint8_t, 32>; //!< an x-only node key
using ProbeSig = std::array<uint8_t, 64>; //!< a BIP340 signature

/** The content of a DOTS-Probe header: prober P signed (target, prober, epoch). */
struct ProbeChallenge {
    uint32_t epoch{0};
    ProbeKey target{};
    ProbeKey prober{};
    ProbeSig sig{}; //!< P's signature of consensus::ProbeChallengeMessage
    friend bool operator==(const ProbeChallenge&, const ProbeChallenge&) = default;
};

/** What the target answers a challenge: 200 with its answer signature, or a 4xx/5xx and why. */
struct ProbeVerdict {
    uint16_t code{200};
    std::string reason{"OK"};
    std::optional<ProbeSig> answer; //!< set exactly when code == 200
};

/** Receives the target's verdict on one challenge: called exactly once, on any thread. */
using ProbeAnswerCallback = std::function<void(ProbeVerdict)>;

/**
 * The target side, answered later (as Kamailio's t_suspend/t_continue): the SIP thread calls
 * Answer() for every OPTIONS that carries a well-formed DOTS-Probe header and keeps the server
 * transaction open; the implementation checks the challenge, signs the answer and keeps the
 * receipt on its own thread, then calls `done` once with the verdict (200 with `answer`, or the
 * refusal). `done` may also be called before Answer() returns (a refusal that needs no work).
 * Answer() returns at once: it does no wallet, database or signature operation, takes no chain
 * lock and never throws. `peer` names the sender for log lines. Thread-safe.
 */
class ProbeTarget
{
public:
    virtual ~ProbeTarget() = default;
    virtual void Answer(const ProbeChallenge& challenge, std::string_view peer, ProbeAnswerCallback done) = 0;
};

/** One OPTIONS the prober should send now. */
struct ProbeTask {
    uint64_t id{0};              //!< the scheduler's handle for ProbeDone
    std::string request_uri;     //!< the target's registered SIP endpoint
    ProbeChallenge challenge;    //!< signed by the prober
    std::string address;         //!< when the endpoint's host is a DNS name: the IP address the node looked it up to
};

/**
 * The prober side. The SIP router asks for due probes on its timer and reports each outcome:
 * `answer` is the target's DOTS-Probe-Answer signature from a 200 (std::nullopt for a timeout,
 * a transport error, another status or a missing answer). Calls come from the SIP thread;
 * implementations are thread-safe and return quickly.
 */
class ProbeScheduler
{
public:
    virtual ~ProbeScheduler() = default;
    /** At most `max` probes due at Unix time `now`; each is in flight until ProbeDone(id). */
    virtual std::vector<ProbeTask> DueProbes(int64_t now, size_t max) = 0;
    /** The outcome of task `id` at Unix time `now`. Unknown ids (an epoch passed) are ignored. */
    virtual void ProbeDone(uint64_t id, const std::optional<ProbeSig>& answer, std::string_view detail, int64_t now) = 0;
};

} // namespace interfaces

#endif // DOTS_INTERFACES_PROBE_H
