// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <util/time.h>

#include <atomic>
#include <cassert>

namespace {
std::atomic<int64_t> g_startup_monotonic{0};
std::atomic<int64_t> g_mock_time{0}; //!< UNIX seconds; 0: no mock time
} // namespace

int64_t GetTime()
{
    if (const int64_t mock = g_mock_time.load(std::memory_order_relaxed)) return mock;
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

int64_t GetTimeMicros()
{
    if (const int64_t mock = g_mock_time.load(std::memory_order_relaxed)) return mock * 1'000'000;
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void SetMockTime(int64_t unix_seconds)
{
    assert(unix_seconds >= 0);
    g_mock_time.store(unix_seconds, std::memory_order_relaxed);
}

int64_t GetMockTime()
{
    return g_mock_time.load(std::memory_order_relaxed);
}

int64_t GetMonotonicSeconds()
{
    return std::chrono::duration_cast<std::chrono::seconds>(SteadyClock::now().time_since_epoch()).count();
}

void InitStartupTime()
{
    g_startup_monotonic = GetMonotonicSeconds();
}

int64_t GetUptime()
{
    return GetMonotonicSeconds() - g_startup_monotonic;
}
