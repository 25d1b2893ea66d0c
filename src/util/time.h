// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_UTIL_TIME_H
#define DOTS_UTIL_TIME_H

/**
 * Clocks: wall-clock and monotonic seconds and the process uptime.
 */

#include <chrono>
#include <cstdint>

using SteadyClock = std::chrono::steady_clock;

/** Seconds since the Unix epoch (system clock). Thread-safe. */
int64_t GetTime();

/** Monotonic seconds since an unspecified start; never goes backwards. Thread-safe. */
int64_t GetMonotonicSeconds();

/** Seconds this process has been running, measured from the first call to InitStartupTime. */
int64_t GetUptime();
/** Records the process start; call once, early in main(). */
void InitStartupTime();

#endif // DOTS_UTIL_TIME_H
