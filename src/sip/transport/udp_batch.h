// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_TRANSPORT_UDP_BATCH_H
#define DOTS_SIP_TRANSPORT_UDP_BATCH_H

// Several UDP datagrams per system call (Linux recvmmsg/sendmmsg). Under load a SIP proxy
// spends a large share of its CPU in the kernel, much of it entering and leaving system calls:
// one read per datagram plus the read that finds the socket empty, one write per message.
// UdpReceiver reads every datagram waiting on a socket (up to its slot count) in one call and
// knows the socket is drained when fewer came than it asked for; UdpSendQueue collects the
// datagrams a proxy sends while it handles what it read and writes them with one call per
// socket. Both are used on the SIP thread only and allocate nothing once warmed up.

#include <sip/transport/address.h>
#include <sip/transport/transport.h>
#include <sip/transport/udp_pktinfo.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <vector>

namespace sip {

/** Reads up to `slots` datagrams per recvmmsg call into buffers of its own. */
class UdpReceiver
{
public:
    /** `slots` datagrams of at most `slot_bytes` bytes each per call (both at least 1). */
    UdpReceiver(size_t slots, size_t slot_bytes);
    UdpReceiver(const UdpReceiver&) = delete;
    UdpReceiver& operator=(const UdpReceiver&) = delete;

    size_t Slots() const { return m_msgs.size(); }

    /**
     * Reads the datagrams waiting on non-blocking `fd`, at most min(max, Slots()), with one
     * recvmmsg call. Returns how many were read (fewer than asked: the socket is empty now), or
     * -1 with errno (EAGAIN: nothing was waiting). `destination_info`: the socket has
     * EnableDestinationInfo on and Get() should report each datagram's destination address.
     * The previous call's datagrams are overwritten.
     */
    int Receive(int fd, bool destination_info, size_t max);

    struct Datagram {
        std::span<const uint8_t> bytes; //!< what was read (at most slot_bytes)
        size_t length{0};               //!< the datagram's full length: > bytes.size() when truncated
        std::optional<SockAddr> remote; //!< sender (nullopt: an address of another family)
        std::optional<SockAddr> local;  //!< destination with `local_port` (destination_info only)
    };
    /** Datagram `i` (< the last Receive's count); `local_port` is the socket's own port. */
    Datagram Get(size_t i, uint16_t local_port) const;

private:
    size_t m_slot_bytes;
    std::vector<uint8_t> m_buffer;
    std::vector<mmsghdr> m_msgs;
    std::vector<iovec> m_iov;
    std::vector<sockaddr_in6> m_names; // large enough for both families (SockAddr's storage)
    std::vector<PktinfoControl> m_control;
    bool m_destination_info{false};
};

/** Datagrams waiting to be sent, written with one sendmmsg call per socket by Flush(). */
class UdpSendQueue
{
public:
    /**
     * Queues a copy of `bytes` for `dest` on socket `fd`; from the local IP of `source` when
     * it is set (a wildcard socket answering from the address a request reached). `to` is
     * where the message was meant to go, reported back if it fails.
     */
    void Add(int fd, const SockAddr& dest, const SockAddr& source, std::string_view bytes, const Destination& to);
    size_t Size() const { return m_entries.size(); }
    bool Empty() const { return m_entries.empty(); }

    struct Failure {
        Destination to;
        size_t bytes{0};
        int error{0}; //!< errno of the failed send (EMSGSIZE: too large for the path)
    };
    struct FlushResult {
        size_t sent{0};       //!< datagrams the kernel accepted
        size_t bytes_sent{0}; //!< their bytes
        size_t calls{0};      //!< sendmmsg calls made
    };
    /**
     * Sends everything queued, in order, one sendmmsg per run of datagrams on the same socket;
     * a datagram the kernel refuses is appended to `failed` and the rest still go. The queue
     * is empty afterwards.
     */
    FlushResult Flush(std::vector<Failure>& failed);

private:
    struct Entry {
        int fd;
        SockAddr dest;
        SockAddr source;
        size_t offset; // into m_bytes
        size_t length;
        Destination to;
    };
    std::vector<Entry> m_entries;
    std::string m_bytes;
    // Built by Flush, kept for their capacity.
    std::vector<mmsghdr> m_msgs;
    std::vector<iovec> m_iov;
    std::vector<PktinfoControl> m_control;
};

} // namespace sip

#endif // DOTS_SIP_TRANSPORT_UDP_BATCH_H
