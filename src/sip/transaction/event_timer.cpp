// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/transaction/event_timer.h>

#include <event2/event.h>

#include <chrono>
#include <cstdlib>

namespace sip {

EventTimerDriver::EventTimerDriver(event_base* base)
{
    m_event = evtimer_new(base, &EventTimerDriver::OnTimer, this);
    if (!m_event) std::abort(); // only fails on out-of-memory
}

EventTimerDriver::~EventTimerDriver()
{
    event_free(m_event);
}

int64_t EventTimerDriver::NowMs() const
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

void EventTimerDriver::WakeAt(int64_t deadline_ms)
{
    int64_t delay = deadline_ms - NowMs();
    if (delay < 0) delay = 0;
    timeval tv{static_cast<time_t>(delay / 1000), static_cast<suseconds_t>((delay % 1000) * 1000)};
    evtimer_add(m_event, &tv); // re-adding a pending event reschedules it
}

void EventTimerDriver::Disarm()
{
    evtimer_del(m_event);
}

void EventTimerDriver::OnTimer(int /*fd*/, short /*what*/, void* arg)
{
    static_cast<EventTimerDriver*>(arg)->Fire();
}

} // namespace sip
