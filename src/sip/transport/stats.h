// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_TRANSPORT_STATS_H
#define DOTS_SIP_TRANSPORT_STATS_H

/**
 * Transport counters (messages, bytes, errors, connections) written by the SIP thread and read by
 * getsipinfo from any thread.
 */

#include <atomic>
#include <cstdint>

namespace sip {

/** A copy of the transport counters at one moment, for the getsipinfo RPC. */
struct TransportStatsSnapshot {
    uint64_t messages_in{0};
    uint64_t messages_out{0};
    uint64_t bytes_in{0};
    uint64_t bytes_out{0};
    uint64_t parse_errors{0};      // messages that failed to parse or validate
    uint64_t error_responses{0};   // 400/505/513/... sent for malformed requests
    uint64_t rate_limited{0};      // messages refused by the per-source rate limit
    uint64_t send_errors{0};
    uint64_t connections_accepted{0};
    uint64_t connections_opened{0}; // outgoing
    uint64_t connections_rejected{0}; // over the connection limit
    uint64_t connections_closed{0};
    uint64_t connections_current{0};
    uint64_t udp_receive_calls{0}; // recvmmsg calls (each reads every datagram waiting, up to a batch)
    uint64_t udp_send_calls{0};    // sendmmsg calls (each writes the datagrams queued in one batch)
};

/**
 * Transport counters. Written by the SIP thread, read by any thread: every field is a relaxed
 * atomic, so Snapshot() is thread-safe (each value is exact; the set is not one atomic cut).
 */
struct TransportStats {
    std::atomic<uint64_t> messages_in{0}, messages_out{0}, bytes_in{0}, bytes_out{0};
    std::atomic<uint64_t> parse_errors{0}, error_responses{0}, rate_limited{0}, send_errors{0};
    std::atomic<uint64_t> connections_accepted{0}, connections_opened{0}, connections_rejected{0};
    std::atomic<uint64_t> connections_closed{0}, connections_current{0};
    std::atomic<uint64_t> udp_receive_calls{0}, udp_send_calls{0};

    static void Add(std::atomic<uint64_t>& counter, uint64_t n = 1) { counter.fetch_add(n, std::memory_order_relaxed); }

    TransportStatsSnapshot Snapshot() const
    {
        auto l = [](const std::atomic<uint64_t>& a) { return a.load(std::memory_order_relaxed); };
        TransportStatsSnapshot s;
        s.messages_in = l(messages_in);
        s.messages_out = l(messages_out);
        s.bytes_in = l(bytes_in);
        s.bytes_out = l(bytes_out);
        s.parse_errors = l(parse_errors);
        s.error_responses = l(error_responses);
        s.rate_limited = l(rate_limited);
        s.send_errors = l(send_errors);
        s.connections_accepted = l(connections_accepted);
        s.connections_opened = l(connections_opened);
        s.connections_rejected = l(connections_rejected);
        s.connections_closed = l(connections_closed);
        s.connections_current = l(connections_current);
        s.udp_receive_calls = l(udp_receive_calls);
        s.udp_send_calls = l(udp_send_calls);
        return s;
    }
};

} // namespace sip

#endif // DOTS_SIP_TRANSPORT_STATS_H
