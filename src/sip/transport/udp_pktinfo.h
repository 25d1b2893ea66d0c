// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_TRANSPORT_UDP_PKTINFO_H
#define DOTS_SIP_TRANSPORT_UDP_PKTINFO_H

// UDP on a wildcard address (0.0.0.0 or ::, dotsd's default -sipbind) on a multi-homed host:
// the kernel picks a reply's source address by its routing table, which need not be the
// address the request reached, and a phone (or its NAT) drops a reply from an address it
// never sent to (RFC 3261 18.2.2). These helpers learn each datagram's destination address
// (IP_PKTINFO, IPV6_RECVPKTINFO; RFC 3542) and send from a chosen local address, as
// Kamailio does for its "any" sockets. Linux socket API only; all calls are non-blocking.

#include <sip/transport/address.h>

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <sys/types.h>

namespace sip {

/** True for 0.0.0.0 and :: (any port). */
bool IsWildcardAddress(const SockAddr& address);

/** Asks the kernel to report each datagram's destination address on `fd` (bound to `family`,
 *  AF_INET or AF_INET6). False (errno set) when the option cannot be set. */
bool EnableDestinationInfo(int fd, int family);

/** One datagram read from `fd` with recvmsg(MSG_TRUNC): returns its full length (larger than
 *  `buffer` when truncated) or -1 with errno (EAGAIN when nothing is waiting). `remote` gets
 *  the sender (nullopt if the kernel gave an address of another family); `local` gets the
 *  address the datagram was sent to, with `local_port` as its port, or stays unchanged when
 *  the kernel attached no destination (EnableDestinationInfo not called). IPv6 link-local
 *  destinations keep their interface as scope id. */
ssize_t ReceiveWithDestination(int fd, std::span<uint8_t> buffer, std::optional<SockAddr>& remote, SockAddr& local,
                               uint16_t local_port);

/** Sends `bytes` to `dest` from the local IP of `source` (its port is the socket's own and
 *  is ignored) with sendmsg and IP_PKTINFO / IPV6_PKTINFO. Returns what sendmsg returns. */
ssize_t SendFromAddress(int fd, std::string_view bytes, const SockAddr& dest, const SockAddr& source);

} // namespace sip

#endif // DOTS_SIP_TRANSPORT_UDP_PKTINFO_H
