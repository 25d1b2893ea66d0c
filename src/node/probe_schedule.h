// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NODE_PROBE_SCHEDULE_H
#define DOTS_NODE_PROBE_SCHEDULE_H

// When the prober sends each probe of an epoch (doc/registry.md "Probing protocol"): every
// (prober, target) pair of the draw gets a first attempt at a random moment in the first
// `jitter` seconds of the epoch (so that all nodes do not probe at the same second), and a
// target that did not answer with a valid answer is retried after `retry_base` seconds,
// doubling up to `retry_max`, at most `max_attempts` times, within the epoch only (the agent
// replaces the schedule when the epoch changes). Pure bookkeeping, no I/O; not thread-safe
// (node/probe_agent.h holds it under its mutex). Unit tests: src/test/probe_schedule_tests.cpp.

#include <interfaces/probe.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace node {

struct ProbeScheduleOptions {
    int64_t jitter{300};     //!< first attempts spread over [start, start + jitter)
    int64_t retry_base{10};  //!< seconds before the first retry
    int64_t retry_max{600};  //!< longest wait between attempts
    int max_attempts{12};    //!< attempts per probe and epoch
};

/** One probe of the epoch: a prober of ours and its target. */
struct ProbePlan {
    std::string request_uri;
    std::string lookup; //!< the endpoint's host when it is a DNS name, looked up before the probe is sent; else empty
    interfaces::ProbeChallenge challenge; //!< signed by the prober
};

class ProbeSchedule
{
public:
    enum class State { WAITING, IN_FLIGHT, ANSWERED, GAVE_UP };
    /** What happened to one probe, for logs and tests. */
    struct Entry {
        ProbePlan plan;
        State state{State::WAITING};
        int attempts{0};
        int64_t next{0}; //!< Unix time of the next attempt while WAITING
    };

    /** Replaces the schedule with `plans` of `epoch` starting at `now`; `random(n)` returns a
     *  uniform value in [0, n) (n >= 1) and spreads the first attempts. */
    void Reset(uint32_t epoch, std::vector<ProbePlan> plans, int64_t now, const ProbeScheduleOptions& options,
               const std::function<uint64_t(uint64_t)>& random);
    /** Adds the plans of `plans` whose (target, prober) the schedule does not hold yet, each with
     *  its first attempt spread over [now, now + jitter) like Reset's; the others keep their state
     *  and task ids. Returns how many were added. (A wallet unlocked during the epoch.) */
    size_t Add(std::vector<ProbePlan> plans, int64_t now, const std::function<uint64_t(uint64_t)>& random);
    /** Marks up to `max` waiting probes due at `now` for which `ready(plan)` holds (all if `ready`
     *  is empty) in flight and returns them (task id = index). A due probe that is not ready
     *  stays waiting and goes at a later call (its endpoint's name is being looked up). */
    std::vector<interfaces::ProbeTask> Due(int64_t now, size_t max, const std::function<bool(const ProbePlan&)>& ready = {});
    /**
     * The outcome of task `id` at `now`: answered (valid answer) or not. A failed probe waits
     * for its backoff or gives up after max_attempts. Returns the entry, or nullptr for an
     * unknown id or one not in flight (a stale outcome from the previous epoch).
     */
    const Entry* Done(uint64_t id, bool answered, int64_t now);

    /** The entry of task `id` while it is in flight, else nullptr. */
    const Entry* InFlight(uint64_t id) const;

    uint32_t Epoch() const { return m_epoch; }
    bool Empty() const { return m_entries.empty(); }
    const std::vector<Entry>& Entries() const { return m_entries; }
    size_t Count(State state) const;

private:
    uint32_t m_epoch{0};
    uint64_t m_generation{0}; //!< task ids carry it, so outcomes of an older schedule are ignored
    ProbeScheduleOptions m_options;
    std::vector<Entry> m_entries;
};

} // namespace node

#endif // DOTS_NODE_PROBE_SCHEDULE_H
