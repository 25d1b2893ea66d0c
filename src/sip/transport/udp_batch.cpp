// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/transport/udp_batch.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sip {

UdpReceiver::UdpReceiver(size_t slots, size_t slot_bytes)
    : m_slot_bytes{std::max<size_t>(slot_bytes, 1)}
{
    slots = std::max<size_t>(slots, 1);
    // Only the pages the kernel writes become resident: small datagrams touch the first page
    // of each slot.
    m_buffer.resize(slots * m_slot_bytes);
    m_msgs.resize(slots);
    m_iov.resize(slots);
    m_names.resize(slots);
    m_control.resize(slots);
    for (size_t i = 0; i < slots; ++i) {
        m_iov[i] = iovec{m_buffer.data() + i * m_slot_bytes, m_slot_bytes};
    }
}

int UdpReceiver::Receive(int fd, bool destination_info, size_t max)
{
    const size_t n = std::min(std::max<size_t>(max, 1), m_msgs.size());
    m_destination_info = destination_info;
    for (size_t i = 0; i < n; ++i) {
        msghdr& h = m_msgs[i].msg_hdr;
        h = msghdr{};
        h.msg_name = &m_names[i];
        h.msg_namelen = sizeof(m_names[i]);
        h.msg_iov = &m_iov[i];
        h.msg_iovlen = 1;
        if (destination_info) {
            h.msg_control = &m_control[i];
            h.msg_controllen = sizeof(m_control[i]);
        }
        m_msgs[i].msg_len = 0;
    }
    // MSG_TRUNC: msg_len is each datagram's full length, so oversized ones are recognised.
    return recvmmsg(fd, m_msgs.data(), static_cast<unsigned int>(n), MSG_TRUNC, nullptr);
}

UdpReceiver::Datagram UdpReceiver::Get(size_t i, uint16_t local_port) const
{
    const mmsghdr& m = m_msgs[i];
    Datagram d;
    d.length = m.msg_len;
    d.bytes = std::span<const uint8_t>{m_buffer.data() + i * m_slot_bytes, std::min<size_t>(m.msg_len, m_slot_bytes)};
    d.remote = SockAddr::FromSockaddr(reinterpret_cast<const sockaddr*>(m.msg_hdr.msg_name), m.msg_hdr.msg_namelen);
    if (m_destination_info) d.local = DestinationOf(m.msg_hdr, local_port);
    return d;
}

void UdpSendQueue::Add(int fd, const SockAddr& dest, const SockAddr& source, std::string_view bytes, const Destination& to)
{
    m_entries.push_back(Entry{fd, dest, source, m_bytes.size(), bytes.size(), to});
    m_bytes.append(bytes);
}

UdpSendQueue::FlushResult UdpSendQueue::Flush(std::vector<Failure>& failed)
{
    FlushResult result;
    const size_t n = m_entries.size();
    if (n == 0) return result;
    m_msgs.resize(n);
    m_iov.resize(n);
    m_control.resize(n);
    for (size_t i = 0; i < n; ++i) {
        Entry& e = m_entries[i];
        m_iov[i] = iovec{m_bytes.data() + e.offset, e.length};
        msghdr& h = m_msgs[i].msg_hdr;
        h = msghdr{};
        h.msg_name = const_cast<sockaddr*>(e.dest.Raw());
        h.msg_namelen = e.dest.RawLen();
        h.msg_iov = &m_iov[i];
        h.msg_iovlen = 1;
        if (e.source.IsSet()) SetSourceAddress(h, m_control[i], e.source);
        m_msgs[i].msg_len = 0;
    }
    size_t i = 0;
    while (i < n) {
        // A run of datagrams on the same socket (usually all of them: one socket per family).
        size_t end = i + 1;
        while (end < n && m_entries[end].fd == m_entries[i].fd) ++end;
        // sendmmsg stops at the first datagram the kernel refuses and returns how many went
        // before it (-1 if it was the first): record that one and carry on after it.
        const int r = sendmmsg(m_entries[i].fd, m_msgs.data() + i, static_cast<unsigned int>(end - i), 0);
        ++result.calls;
        if (r < 0) {
            failed.push_back(Failure{m_entries[i].to, m_entries[i].length, errno});
            ++i;
            continue;
        }
        for (size_t k = i; k < i + static_cast<size_t>(r); ++k) {
            ++result.sent;
            result.bytes_sent += m_entries[k].length;
        }
        i += static_cast<size_t>(r);
    }
    m_entries.clear();
    m_bytes.clear();
    return result;
}

} // namespace sip
