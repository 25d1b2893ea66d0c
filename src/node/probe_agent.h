// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NODE_PROBE_AGENT_H
#define DOTS_NODE_PROBE_AGENT_H

// The node's side of availability probing (doc/registry.md "Probing protocol"), between the
// wallets (which hold the node keys and keep the receipts) and the SIP router (which carries
// the OPTIONS, sip/router/probe_sender.h and probe_answer.h). For the tip's probe epoch it
// caches the frozen set's draw for every node key of a loaded wallet:
//  - as prober (interfaces::ProbeScheduler): every target whose draw names one of our keys gets
//    a signed challenge, scheduled with retries (node/probe_schedule.h), to its first endpoint
//    over UDP, TCP or TLS; an endpoint's DNS name is looked up by ProbeResolver's thread, and a
//    probe waits (at most ProbeResolver::TIMEOUT) until its address is known; answers are checked;
//  - as target (interfaces::ProbeTarget): the SIP thread hands a challenge over and the worker
//    thread answers it: only if it is for one of our keys, of the current epoch, from a prober
//    drawn for that key and signed by it; the receipt is written to the wallet before the answer
//    goes back to the SIP router (once: a repeated challenge is answered again without a write,
//    so at most probe_count receipts are written per key and epoch);
//  - a wallet that is locked when the epoch's challenges are signed is logged once; its
//    challenges are signed and scheduled when it is unlocked (the rest of the schedule stays);
//    a receipts submission that fails (a locked wallet) is tried again each block and each
//    failure of a wallet is logged once per epoch;
//  - a worker thread ("dots-probe") answers the challenges and checks the answers to our probes
//    as they come, follows the tip once a second, rebuilds the cache when the epoch or the
//    wallets' node keys change, and submits each target's receipts in one probe_receipts
//    transaction once it holds the threshold (probe_receipts.cpp), re-submitting it if it
//    leaves the mempool unmined.
// The SIP thread only queues work and reads the schedule here: no chain lock, no wallet, no
// database, no signature.

#include <consensus/registry_payload.h>
#include <consensus/registry_probe.h>
#include <consensus/registry_state.h>
#include <interfaces/probe.h>
#include <node/probe_schedule.h>
#include <primitives/uint256.h>
#include <util/result.h>
#include <util/sync.h>

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

class ArgsManager;
namespace interfaces { class Chain; }
namespace wallet { class Wallet; class WalletContext; }

namespace node {

/** Looks up one DNS name (blocking): an IP address literal, or why there is none. */
using ProbeLookup = std::function<util::Result<std::string>(const std::string& name)>;

struct ProbeAgentOptions {
    bool send_probes{true};          //!< -probe: as prober, send our challenges
    ProbeScheduleOptions schedule;   //!< -probejitter sets schedule.jitter
    /** How endpoint names are looked up; empty: LookupProbeHost, or with -dns=0 an error. */
    ProbeLookup lookup;
};

/** Registers -probe and -probejitter. */
void AddProbeArgs(ArgsManager& args);
/** Reads them and -dns (0: endpoints with a DNS name are not looked up, their probes fail with
 *  that reason); the error names the option. */
util::Result<ProbeAgentOptions> GetProbeAgentOptions(const ArgsManager& args);

/**
 * Looks `name` up with getaddrinfo (blocking for as long as the system resolver allows: call it
 * on the resolver thread only) and returns its first IPv4 address, or its first IPv6 address
 * when it has no IPv4 one (as Kamailio with dns_try_ipv6 off prefers A records). The error is
 * getaddrinfo's reason ("Name or service not known") or "no address".
 */
util::Result<std::string> LookupProbeHost(const std::string& name);

/**
 * The first endpoint of `record` the prober can send to (doc/registry.md "Prober"): a sip: URI
 * over UDP or TCP, or sips: / transport=tls over TLS (sip::ParseProbeRoute), with an IP address
 * or a DNS name as host. Returns the plan's request URI and, for a DNS host, the name to look up
 * (ProbePlan::lookup); std::nullopt when every endpoint is a WebSocket one or malformed.
 */
std::optional<ProbePlan> ProbeEndpoint(const consensus::NodeRecord& record);

/**
 * The DNS names of the endpoints we probe, looked up on a thread of its own ("dots-proberes"),
 * so that neither the SIP thread nor the probe thread ever waits for DNS. Get() only reads the
 * cache and queues names; the thread (or RunQueued in tests) does the lookups. Results are kept
 * until Clear() (the agent clears them when a probe epoch starts: one lookup per name and epoch
 * unless it fails). Times are the callers' Unix seconds. Thread-safe.
 */
class ProbeResolver
{
public:
    /** A lookup pending this long is reported as failed (the system resolver may still answer later). */
    static constexpr int64_t TIMEOUT{10};
    /** A failed name is looked up again at the first Get() this long after its failure was seen. */
    static constexpr int64_t RETRY{30};

    explicit ProbeResolver(ProbeLookup lookup) : m_lookup{std::move(lookup)} {}
    ~ProbeResolver();
    ProbeResolver(const ProbeResolver&) = delete;
    ProbeResolver& operator=(const ProbeResolver&) = delete;

    /** Starts the lookup thread. */
    void Start() LOCKS_EXCLUDED(m_mutex);
    /** Stops and joins it (idempotent); waits for a lookup in progress, which the system
     *  resolver's own timeout bounds. */
    void Stop() LOCKS_EXCLUDED(m_mutex);

    /**
     * The address of `name` at `now`: std::nullopt while it is being looked up (the first call
     * queues it, as does the first call RETRY seconds after a failure was reported); the address;
     * or the error of the lookup, "no answer within 10 s" for one pending longer than TIMEOUT.
     * Never blocks on DNS.
     */
    std::optional<util::Result<std::string>> Get(const std::string& name, int64_t now) LOCKS_EXCLUDED(m_mutex);
    /** Forgets every result: names are looked up again (a lookup in progress is discarded). */
    void Clear() LOCKS_EXCLUDED(m_mutex);
    /** Looks up the queued names on the calling thread; returns how many (tests; the thread's loop). */
    size_t RunQueued() LOCKS_EXCLUDED(m_mutex);

private:
    struct Entry {
        std::optional<util::Result<std::string>> result; //!< unset while pending
        int64_t since{0};                                //!< queued at (pending), or failure first reported at (0: not yet)
    };
    void ThreadMain() LOCKS_EXCLUDED(m_mutex);

    const ProbeLookup m_lookup;
    Mutex m_mutex;
    std::map<std::string, Entry> m_entries GUARDED_BY(m_mutex);
    std::vector<std::string> m_queue GUARDED_BY(m_mutex);
    uint64_t m_generation GUARDED_BY(m_mutex){0}; //!< bumped by Clear(): a lookup started before is not stored
    bool m_stop GUARDED_BY(m_mutex){false};
    std::condition_variable m_cv;
    std::thread m_thread;
};

/** One of our node keys that is a probe target in the epoch: its draw and the receipts kept. */
struct ProbeTargetView {
    std::shared_ptr<wallet::Wallet> wallet; //!< the wallet holding the key (null in unit tests)
    std::vector<consensus::Key> probers;     //!< in draw order (a receipt's index)
    uint16_t kept{0};                       //!< draw positions whose receipt the wallet holds
};

/** The target's verdict on a challenge, before it signs anything. */
struct ProbeCheck {
    interfaces::ProbeVerdict verdict; //!< code 200 (`answer` not set: the caller signs) or the refusal
    uint8_t index{0};                 //!< on 200: the prober's position in the target's draw
    bool repeat{false};               //!< on 200: the receipt at `index` is kept already (write nothing)
};

/**
 * Checks challenge `c` against our targets' draws of probe epoch `epoch` (0: no draw loaded yet)
 * under `genesis`, in this order (doc/registry.md "Probing protocol", "Target"): no draw loaded,
 * or `c.epoch` is `epoch` ± 1 (a boundary race) -> 503; any other epoch -> 403 "probe epoch N is
 * not current"; a target not in `targets` -> 404; a prober not in its draw -> 403; the prober's
 * signature of the challenge not verifying -> 403 "bad probe signature". Pure (one signature
 * verification); thread-safe.
 */
ProbeCheck CheckProbeChallenge(const interfaces::ProbeChallenge& c, uint32_t epoch, const uint256& genesis,
                               const std::map<consensus::Key, ProbeTargetView>& targets);

class ProbeAgent final : public interfaces::ProbeTarget, public interfaces::ProbeScheduler
{
public:
    /** `wallets` must outlive the agent; its chain is used once WalletContext::Start set it. */
    ProbeAgent(wallet::WalletContext& wallets, ProbeAgentOptions options);
    ~ProbeAgent() override;
    ProbeAgent(const ProbeAgent&) = delete;
    ProbeAgent& operator=(const ProbeAgent&) = delete;

    /** Starts the worker thread. */
    void Start() LOCKS_EXCLUDED(m_mutex);
    /** Stops and joins it (idempotent). Call after the SIP router stopped. */
    void Stop() LOCKS_EXCLUDED(m_mutex);

    /** Challenges and outcomes waiting for the worker, at most; more challenges get 503 at once. */
    static constexpr size_t MAX_QUEUED{256};

    // interfaces::ProbeTarget (SIP thread). Queues the challenge for the worker, which calls
    // `done`; before Start() it waits for the worker, after Stop() (or with MAX_QUEUED waiting)
    // `done` gets 503 at once.
    void Answer(const interfaces::ProbeChallenge& challenge, std::string_view peer, interfaces::ProbeAnswerCallback done) override
        LOCKS_EXCLUDED(m_mutex);
    // interfaces::ProbeScheduler (SIP thread). A due probe whose endpoint has a DNS name goes
    // once the resolver knows its address (ProbeTask::address); if the lookup failed, the probe
    // is not returned and fails with the lookup's error (its retry follows the schedule).
    std::vector<interfaces::ProbeTask> DueProbes(int64_t now, size_t max) override LOCKS_EXCLUDED(m_mutex);
    /** Queues the outcome; the worker checks the answer's signature and updates the schedule. */
    void ProbeDone(uint64_t id, const std::optional<interfaces::ProbeSig>& answer, std::string_view detail, int64_t now) override
        LOCKS_EXCLUDED(m_mutex);

    /** One round of the worker at Unix time `now` (tests call it directly). */
    void RunOnce(int64_t now) LOCKS_EXCLUDED(m_mutex);

private:
    /** What the SIP thread needs of the tip's probe epoch. */
    struct EpochView {
        uint32_t epoch{0};
        int32_t tip{-1};
        uint256 genesis;
        std::map<consensus::Key, ProbeTargetView> targets;
        std::vector<consensus::Key> our_keys; //!< every node key of a loaded wallet, sorted
        /** Wallets that could not sign a challenge of ours (locked): the view is rebuilt when
         *  one of them is unlocked. */
        std::vector<std::shared_ptr<wallet::Wallet>> locked;
    };
    /** A submitted receipts transaction seen missing from the mempool since `height`. */
    struct Missing {
        int32_t since{0};
    };

    /** Rebuilds the view and the schedule when the epoch or our keys changed (worker thread). */
    void Refresh(interfaces::Chain& chain, int64_t now) LOCKS_EXCLUDED(m_mutex);
    /** The view of `epoch` at `tip` and the plans of our probes (outside m_mutex). */
    EpochView BuildView(interfaces::Chain& chain, uint32_t epoch, int32_t tip, std::vector<std::pair<consensus::Key, std::shared_ptr<wallet::Wallet>>> keys,
                        std::vector<ProbePlan>& plans);
    /** probe_receipts.cpp: submits what each of our targets holds for the open epochs. */
    void SubmitReceipts(interfaces::Chain& chain) LOCKS_EXCLUDED(m_mutex);
    /** A challenge the SIP thread handed over. */
    struct QueuedChallenge {
        interfaces::ProbeChallenge challenge;
        std::string peer;
        interfaces::ProbeAnswerCallback done;
    };
    /** An outcome of one of our probes the SIP thread reported. */
    struct QueuedOutcome {
        uint64_t id{0};
        std::optional<interfaces::ProbeSig> answer;
        std::string detail;
        int64_t now{0};
    };
    /** Worker thread: answers the queued challenges and records the queued outcomes. */
    void ServeQueued() LOCKS_EXCLUDED(m_mutex);
    /** Checks `c`, signs the answer and keeps the receipt (worker thread). */
    interfaces::ProbeVerdict AnswerNow(const interfaces::ProbeChallenge& c, std::string_view peer) LOCKS_EXCLUDED(m_mutex);
    /** Checks the answer of outcome `o` and advances the schedule (worker thread). */
    void RecordOutcome(const QueuedOutcome& o) LOCKS_EXCLUDED(m_mutex);
    /** The verdict for `c` from the cached view (no I/O); on 200 `target` gets the target's view
     *  and `genesis` the view's genesis hash. */
    ProbeCheck Check(const interfaces::ProbeChallenge& c, ProbeTargetView& target, uint256& genesis) LOCKS_EXCLUDED(m_mutex);
    /** Notes in the view that the receipt at `index` of `c`'s target is stored. */
    void MarkKept(const interfaces::ProbeChallenge& c, uint8_t index) LOCKS_EXCLUDED(m_mutex);
    void ThreadMain() LOCKS_EXCLUDED(m_mutex);

    wallet::WalletContext& m_wallets;
    const ProbeAgentOptions m_options;
    /** Endpoint names of the current epoch's probes (its own lock; taken under m_mutex, never the reverse). */
    ProbeResolver m_resolver;

    mutable Mutex m_mutex;
    std::optional<EpochView> m_view GUARDED_BY(m_mutex);
    ProbeSchedule m_schedule GUARDED_BY(m_mutex);
    /** (target, epoch) -> when its recorded submission was first seen missing (worker thread only). */
    std::map<std::pair<consensus::Key, uint32_t>, Missing> m_missing;
    /** (target, epoch) -> the tip height of the last submission attempt: one a block at most. */
    std::map<std::pair<consensus::Key, uint32_t>, int32_t> m_attempted;
    /** (wallet name, epoch, failure message) of the submissions that failed and were logged (worker thread only). */
    std::set<std::tuple<std::string, uint32_t, std::string>> m_failures_logged;
    uint32_t m_forgot_before{0}; //!< worker thread only
    std::vector<QueuedChallenge> m_challenges GUARDED_BY(m_mutex);
    std::vector<QueuedOutcome> m_outcomes GUARDED_BY(m_mutex);
    bool m_stop GUARDED_BY(m_mutex){false};
    std::condition_variable m_cv;
    std::thread m_thread;
};

} // namespace node

#endif // DOTS_NODE_PROBE_AGENT_H
