// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/transport/udp_pktinfo.h>

#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>

namespace sip {

bool IsWildcardAddress(const SockAddr& address)
{
    if (address.IsV6()) {
        return IN6_IS_ADDR_UNSPECIFIED(&reinterpret_cast<const sockaddr_in6*>(address.Raw())->sin6_addr);
    }
    return address.IsSet() && reinterpret_cast<const sockaddr_in*>(address.Raw())->sin_addr.s_addr == htonl(INADDR_ANY);
}

bool EnableDestinationInfo(int fd, int family)
{
    const int one = 1;
    return family == AF_INET6 ? setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof(one)) == 0
                              : setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) == 0;
}

std::optional<SockAddr> DestinationOf(const msghdr& msg, uint16_t port)
{
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(const_cast<msghdr*>(&msg), c)) {
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
            in_pktinfo info;
            std::memcpy(&info, CMSG_DATA(c), sizeof(info));
            sockaddr_in sa{};
            sa.sin_family = AF_INET;
            sa.sin_port = htons(port);
            // ipi_spec_dst is the local address that received it (ipi_addr may be a broadcast).
            sa.sin_addr = info.ipi_spec_dst;
            return SockAddr::FromSockaddr(reinterpret_cast<const sockaddr*>(&sa), sizeof(sa));
        }
        if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
            in6_pktinfo info;
            std::memcpy(&info, CMSG_DATA(c), sizeof(info));
            sockaddr_in6 sa{};
            sa.sin6_family = AF_INET6;
            sa.sin6_port = htons(port);
            sa.sin6_addr = info.ipi6_addr;
            if (IN6_IS_ADDR_LINKLOCAL(&info.ipi6_addr)) sa.sin6_scope_id = static_cast<uint32_t>(info.ipi6_ifindex);
            return SockAddr::FromSockaddr(reinterpret_cast<const sockaddr*>(&sa), sizeof(sa));
        }
    }
    return std::nullopt;
}

void SetSourceAddress(msghdr& msg, PktinfoControl& control, const SockAddr& source)
{
    std::memset(&control, 0, sizeof(control));
    msg.msg_control = &control;
    cmsghdr* c = reinterpret_cast<cmsghdr*>(&control);
    if (source.IsV6()) {
        const auto* sa = reinterpret_cast<const sockaddr_in6*>(source.Raw());
        in6_pktinfo info{};
        info.ipi6_addr = sa->sin6_addr;
        info.ipi6_ifindex = IN6_IS_ADDR_LINKLOCAL(&sa->sin6_addr) ? sa->sin6_scope_id : 0;
        msg.msg_controllen = CMSG_SPACE(sizeof(info));
        c->cmsg_level = IPPROTO_IPV6;
        c->cmsg_type = IPV6_PKTINFO;
        c->cmsg_len = CMSG_LEN(sizeof(info));
        std::memcpy(CMSG_DATA(c), &info, sizeof(info));
    } else {
        in_pktinfo info{};
        info.ipi_spec_dst = reinterpret_cast<const sockaddr_in*>(source.Raw())->sin_addr;
        msg.msg_controllen = CMSG_SPACE(sizeof(info));
        c->cmsg_level = IPPROTO_IP;
        c->cmsg_type = IP_PKTINFO;
        c->cmsg_len = CMSG_LEN(sizeof(info));
        std::memcpy(CMSG_DATA(c), &info, sizeof(info));
    }
}

} // namespace sip
