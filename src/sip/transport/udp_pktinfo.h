// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_TRANSPORT_UDP_PKTINFO_H
#define DOTS_SIP_TRANSPORT_UDP_PKTINFO_H

// UDP on a wildcard address (0.0.0.0 or ::, dotsd's default -sipbind) on a multi-homed host:
// the kernel picks a reply's source address by its routing table, which need not be the
// address the request reached, and a phone (or its NAT) drops a reply from an address it
// never sent to (RFC 3261 18.2.2). These helpers learn each datagram's destination address
// (IP_PKTINFO, IPV6_RECVPKTINFO; RFC 3542) and send from a chosen local address, as
// Kamailio does for its "any" sockets. Linux socket API only. The reads and writes themselves
// are udp_batch.h's, several datagrams per system call.

#include <sip/transport/address.h>

#include <cstddef>
#include <optional>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/types.h>

namespace sip {

/** True for 0.0.0.0 and :: (any port). */
bool IsWildcardAddress(const SockAddr& address);

/** Asks the kernel to report each datagram's destination address on `fd` (bound to `family`,
 *  AF_INET or AF_INET6). False (errno set) when the option cannot be set. */
bool EnableDestinationInfo(int fd, int family);

/** Room for one in_pktinfo or in6_pktinfo control message. */
union PktinfoControl {
    char v4[CMSG_SPACE(sizeof(in_pktinfo))];
    char v6[CMSG_SPACE(sizeof(in6_pktinfo))];
    cmsghdr align;
};

/** The destination address of a datagram received with recvmsg/recvmmsg into `msg` on a
 *  socket with EnableDestinationInfo, with `local_port` as its port; nullopt when the kernel
 *  attached none. IPv6 link-local destinations keep their interface as scope id. */
std::optional<SockAddr> DestinationOf(const msghdr& msg, uint16_t local_port);

/** Makes `msg` (for sendmsg/sendmmsg) send from the local IP of `source` (its port is the
 *  socket's own and is ignored) with IP_PKTINFO / IPV6_PKTINFO; the control message is written
 *  to `control`, which must outlive the send. */
void SetSourceAddress(msghdr& msg, PktinfoControl& control, const SockAddr& source);

} // namespace sip

#endif // DOTS_SIP_TRANSPORT_UDP_PKTINFO_H
