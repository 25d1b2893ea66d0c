// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NET_SOCK_H
#define DOTS_NET_SOCK_H

/**
 * Blocking helpers for opening outbound connections, used on the connection threads (never
 * on the event loop): a TCP connect with a timeout, a SOCKS5 handshake (RFC 1928, with the
 * RFC 1929 username/password used for Tor stream isolation), and host-name lookups. Every wait
 * is bounded by a timeout and wakes up every 100 ms to check `interrupt`, so shutdown never
 * waits for a slow peer. The returned descriptors are non-blocking and owned by the caller.
 */

#include <net/address.h>
#include <util/result.h>

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace net {

/** A SOCKS5 proxy (-proxy). */
struct ProxyConfig {
    Service proxy;
    /** Send random credentials per connection so Tor uses a separate circuit for each. */
    bool randomize_credentials{true};
};

/**
 * Connects to `addr` (IPv4/IPv6) within `timeout_ms`. Returns the connected non-blocking
 * socket, or an error naming the address and the reason (refused, timed out, ...).
 */
util::Result<int> ConnectSocket(const Service& addr, int timeout_ms, const std::atomic<bool>& interrupt);

/**
 * Connects to `host:port` through the SOCKS5 proxy: the proxy resolves names, so `host` may
 * be an IP, an onion name or a DNS name. Returns the socket, ready for P2P bytes.
 */
util::Result<int> ConnectThroughProxy(const ProxyConfig& proxy, const std::string& host, uint16_t port, int timeout_ms,
                                      const std::atomic<bool>& interrupt);

/**
 * Resolves `name` (a numeric address or a host name, looked up with getaddrinfo when
 * `allow_lookup`) to at most `max_results` addresses. Empty on failure.
 */
std::vector<NetAddr> LookupHost(const std::string& name, size_t max_results, bool allow_lookup);

/** Closes a descriptor, retrying on EINTR. */
void CloseSocket(int fd);

} // namespace net

#endif // DOTS_NET_SOCK_H
