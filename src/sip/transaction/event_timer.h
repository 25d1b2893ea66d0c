// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_TRANSACTION_EVENT_TIMER_H
#define DOTS_SIP_TRANSACTION_EVENT_TIMER_H

/**
 * EventTimerDriver: the transaction layer's timers driven by one libevent timer on the SIP
 * thread.
 */

#include <sip/transaction/timer.h>

struct event;
struct event_base;

namespace sip {

/**
 * TimerDriver on a libevent event_base: one evtimer, re-armed on every WakeAt. NowMs() is
 * std::chrono::steady_clock. Use on the thread running `base`'s loop only.
 */
class EventTimerDriver final : public TimerDriver
{
public:
    /** `base` must outlive this object. */
    explicit EventTimerDriver(event_base* base);
    ~EventTimerDriver() override;
    EventTimerDriver(const EventTimerDriver&) = delete;
    EventTimerDriver& operator=(const EventTimerDriver&) = delete;

    int64_t NowMs() const override;
    void WakeAt(int64_t deadline_ms) override;
    void Disarm() override;

private:
    static void OnTimer(int fd, short what, void* arg);
    event* m_event{nullptr};
};

} // namespace sip

#endif // DOTS_SIP_TRANSACTION_EVENT_TIMER_H
