// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <node/probe_schedule.h>

#include <algorithm>

namespace node {

namespace {
constexpr int GENERATION_SHIFT = 32; //!< task id = generation << 32 | index
} // namespace

void ProbeSchedule::Reset(uint32_t epoch, std::vector<ProbePlan> plans, int64_t now, const ProbeScheduleOptions& options,
                          const std::function<uint64_t(uint64_t)>& random)
{
    m_epoch = epoch;
    ++m_generation;
    m_options = options;
    m_entries.clear();
    m_entries.reserve(plans.size());
    for (ProbePlan& plan : plans) {
        Entry e;
        e.plan = std::move(plan);
        e.next = now + (options.jitter > 0 ? static_cast<int64_t>(random(static_cast<uint64_t>(options.jitter))) : 0);
        m_entries.push_back(std::move(e));
    }
}

size_t ProbeSchedule::Add(std::vector<ProbePlan> plans, int64_t now, const std::function<uint64_t(uint64_t)>& random)
{
    size_t added = 0;
    for (ProbePlan& plan : plans) {
        const bool held = std::any_of(m_entries.begin(), m_entries.end(), [&](const Entry& e) {
            return e.plan.challenge.target == plan.challenge.target && e.plan.challenge.prober == plan.challenge.prober;
        });
        if (held) continue;
        Entry e;
        e.plan = std::move(plan);
        e.next = now + (m_options.jitter > 0 ? static_cast<int64_t>(random(static_cast<uint64_t>(m_options.jitter))) : 0);
        m_entries.push_back(std::move(e));
        ++added;
    }
    return added;
}

std::vector<interfaces::ProbeTask> ProbeSchedule::Due(int64_t now, size_t max, const std::function<bool(const ProbePlan&)>& ready)
{
    std::vector<interfaces::ProbeTask> out;
    for (size_t i = 0; i < m_entries.size() && out.size() < max; ++i) {
        Entry& e = m_entries[i];
        if (e.state != State::WAITING || e.next > now) continue;
        if (ready && !ready(e.plan)) continue;
        e.state = State::IN_FLIGHT;
        ++e.attempts;
        out.push_back({(m_generation << GENERATION_SHIFT) | i, e.plan.request_uri, e.plan.challenge, {}});
    }
    return out;
}

const ProbeSchedule::Entry* ProbeSchedule::InFlight(uint64_t id) const
{
    if (id >> GENERATION_SHIFT != m_generation) return nullptr;
    const size_t index = static_cast<size_t>(id & 0xffffffffULL);
    if (index >= m_entries.size() || m_entries[index].state != State::IN_FLIGHT) return nullptr;
    return &m_entries[index];
}

const ProbeSchedule::Entry* ProbeSchedule::Done(uint64_t id, bool answered, int64_t now)
{
    if (!InFlight(id)) return nullptr;
    Entry& e = m_entries[static_cast<size_t>(id & 0xffffffffULL)];
    if (answered) {
        e.state = State::ANSWERED;
    } else if (e.attempts >= m_options.max_attempts) {
        e.state = State::GAVE_UP;
    } else {
        // retry_base, 2x, 4x ... capped; the shift is bounded so it cannot overflow.
        const int64_t wait = std::min(m_options.retry_max, m_options.retry_base << std::min(e.attempts - 1, 20));
        e.state = State::WAITING;
        e.next = now + std::max<int64_t>(wait, 1);
    }
    return &e;
}

size_t ProbeSchedule::Count(State state) const
{
    return static_cast<size_t>(std::count_if(m_entries.begin(), m_entries.end(), [state](const Entry& e) { return e.state == state; }));
}

} // namespace node
