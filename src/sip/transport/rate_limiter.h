// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_TRANSPORT_RATE_LIMITER_H
#define DOTS_SIP_TRANSPORT_RATE_LIMITER_H

/**
 * The per-source-IP rate limit of SIP messages (-siprateperip, -siptrustedsource): a token bucket
 * per IP, answering the first message over budget with 503.
 */

#include <sip/transport/address.h>

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace sip {

struct RateLimitConfig {
    /** Sustained messages per second per source IP; 0 disables the limit. */
    uint32_t rate_per_second{200};
    /** Bucket size: messages a source may send in a burst. */
    uint32_t burst{400};
    /** At most one log line per source per this many milliseconds. */
    int64_t log_interval_ms{10000};
    /** Most sources tracked; beyond it idle (full) buckets are evicted, then new sources
     *  share the verdict "allow" (the limiter never blocks everyone because it is full). */
    size_t max_sources{100000};
    /** Sources never limited: configured trunks and PBXs (-siptrustedsource), later the
     *  nodes registered on chain. */
    std::vector<IpSubnet> trusted;
};

/**
 * Token bucket per source IP (the port is ignored: one host, one budget), like Kamailio's pike
 * module but answering: the first message over the limit in an episode gets 503 with
 * Retry-After, the rest of the episode is dropped. Time is passed in (monotonic milliseconds)
 * so tests drive it. Not thread-safe: the SIP thread owns it.
 */
class RateLimiter
{
public:
    enum class Verdict : uint8_t {
        ALLOW,
        REJECT, // over the limit for the first time since it was last under: answer 503 once
        DROP,   // still over the limit: drop silently
    };
    struct Decision {
        Verdict verdict{Verdict::ALLOW};
        bool log{false}; // true at most once per log_interval_ms per source
    };

    explicit RateLimiter(const RateLimitConfig& config) : m_config{config} {}

    /** Takes one token for `source` at time `now_ms`. A trusted source is always allowed
     *  and costs no table entry. */
    Decision Check(const SockAddr& source, int64_t now_ms);

    size_t TrackedSources() const { return m_buckets.size(); }

private:
    struct Bucket {
        double tokens{0};
        int64_t last_ms{0};
        int64_t last_log_ms{INT64_MIN / 2};
        bool rejected{false}; // a 503 went out in the current over-limit episode
    };
    struct IpHash {
        size_t operator()(const SockAddr& a) const { return a.IpHash(); }
    };
    struct IpEqual {
        bool operator()(const SockAddr& a, const SockAddr& b) const { return a.SameIp(b); }
    };
    void Evict(int64_t now_ms);

    RateLimitConfig m_config;
    int64_t m_last_evict_ms{INT64_MIN / 2};
    std::unordered_map<SockAddr, Bucket, IpHash, IpEqual> m_buckets;
};

} // namespace sip

#endif // DOTS_SIP_TRANSPORT_RATE_LIMITER_H
