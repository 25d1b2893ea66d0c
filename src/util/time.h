// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_UTIL_TIME_H
#define DOTS_UTIL_TIME_H

/**
 * Clocks: the node's wall clock (mockable, as Bitcoin Core's GetTime/NodeClock), monotonic
 * seconds and the process uptime.
 *
 * "Now" for block timestamps, the future-block limit, P2P timeouts (ping, inactivity, stalling,
 * block download), trickle timers, bans and the mempool is GetTime()/GetTimeMicros(). On regtest
 * `-mocktime=<t>` or the `setmocktime` RPC freeze that clock at <t>: it stands still until set again
 * (so timers that wait for it only fire when a test moves it forward, as in Bitcoin Core), and
 * 0 returns to the system clock. Durations measured for performance use SteadyClock / monotonic
 * seconds, which are never mocked.
 */

#include <chrono>
#include <cstdint>

using SteadyClock = std::chrono::steady_clock;

/** Seconds since the Unix epoch: the mock time if one is set, else the system clock. Thread-safe. */
int64_t GetTime();

/** Microseconds since the Unix epoch: the mock time (in whole seconds) if one is set, else the
 * system clock. Thread-safe. */
int64_t GetTimeMicros();

/** Sets the mock time to `unix_seconds`; 0 returns GetTime()/GetTimeMicros() to the system clock.
 * Precondition: unix_seconds >= 0 (callers check user input: -mocktime, setmocktime). Thread-safe. */
void SetMockTime(int64_t unix_seconds);

/** The mock time in UNIX seconds, 0 when none is set. Thread-safe. */
int64_t GetMockTime();

/** Monotonic seconds since an unspecified start; never goes backwards, never mocked. Thread-safe. */
int64_t GetMonotonicSeconds();

/** Seconds this process has been running, measured from the first call to InitStartupTime. */
int64_t GetUptime();
/** Records the process start; call once, early in main(). */
void InitStartupTime();

#endif // DOTS_UTIL_TIME_H
