// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <util/time.h>

#include <atomic>

namespace {
std::atomic<int64_t> g_startup_monotonic{0};
} // namespace

int64_t GetTime()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
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
