// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/transport/rate_limiter.h>

#include <algorithm>

namespace sip {

RateLimiter::Decision RateLimiter::Check(const SockAddr& source, int64_t now_ms)
{
    if (m_config.rate_per_second == 0) return {};
    for (const IpSubnet& net : m_config.trusted) {
        if (net.Contains(source)) return {};
    }
    auto it = m_buckets.find(source);
    if (it == m_buckets.end()) {
        if (m_buckets.size() >= m_config.max_sources) {
            // A full scan at most once a second, so a flood of new sources costs O(1) each.
            if (now_ms - m_last_evict_ms >= 1000) {
                m_last_evict_ms = now_ms;
                Evict(now_ms);
            }
            if (m_buckets.size() >= m_config.max_sources) return {};
        }
        Bucket fresh;
        fresh.tokens = m_config.burst;
        fresh.last_ms = now_ms;
        it = m_buckets.emplace(source, fresh).first;
    }
    Bucket& b = it->second;
    if (now_ms > b.last_ms) {
        b.tokens = std::min<double>(m_config.burst, b.tokens + (now_ms - b.last_ms) * m_config.rate_per_second / 1000.0);
        b.last_ms = now_ms;
    }
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        b.rejected = false;
        return {};
    }
    Decision d;
    d.verdict = b.rejected ? Verdict::DROP : Verdict::REJECT;
    b.rejected = true;
    if (now_ms - b.last_log_ms >= m_config.log_interval_ms) {
        d.log = true;
        b.last_log_ms = now_ms;
    }
    return d;
}

void RateLimiter::Evict(int64_t now_ms)
{
    // A bucket that would be full by now carries no state worth keeping.
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        const Bucket& b = it->second;
        const double refill = (now_ms - b.last_ms) * m_config.rate_per_second / 1000.0;
        if (b.tokens + refill >= m_config.burst && now_ms - b.last_log_ms >= m_config.log_interval_ms) {
            it = m_buckets.erase(it);
        } else {
            ++it;
        }
    }
}

} // namespace sip
