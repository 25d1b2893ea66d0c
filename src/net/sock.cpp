// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <net/sock.h>

#include <crypto/random.h>
#include <util/format.h>
#include <util/strencodings.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

namespace net {

namespace {
constexpr int POLL_SLICE_MS = 100;

/** Waits until `fd` is ready for `events` within the deadline, in slices that check `interrupt`. */
util::Result<void> WaitFor(int fd, short events, std::chrono::steady_clock::time_point deadline,
                           const std::atomic<bool>& interrupt, const char* what)
{
    while (true) {
        if (interrupt) return util::Error{"interrupted"};
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0) return util::Error{StrFormat("timeout %s", what)};
        pollfd p{fd, events, 0};
        const int rc = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left, POLL_SLICE_MS)));
        if (rc < 0 && errno != EINTR) return util::Error{StrFormat("poll failed: %s", std::strerror(errno))};
        if (rc > 0) return {};
    }
}

util::Result<void> SendAll(int fd, const std::vector<uint8_t>& data, std::chrono::steady_clock::time_point deadline,
                           const std::atomic<bool>& interrupt)
{
    size_t sent = 0;
    while (sent < data.size()) {
        const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
        if (n > 0) {
            sent += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            return util::Error{StrFormat("send to proxy failed: %s", std::strerror(errno))};
        }
        if (auto res = WaitFor(fd, POLLOUT, deadline, interrupt, "sending to the proxy"); !res) return res;
    }
    return {};
}

util::Result<std::vector<uint8_t>> RecvExactly(int fd, size_t len, std::chrono::steady_clock::time_point deadline,
                                               const std::atomic<bool>& interrupt)
{
    std::vector<uint8_t> out(len);
    size_t got = 0;
    while (got < len) {
        const ssize_t n = ::recv(fd, out.data() + got, len - got, 0);
        if (n > 0) {
            got += static_cast<size_t>(n);
            continue;
        }
        if (n == 0) return util::Error{"the proxy closed the connection"};
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            return util::Error{StrFormat("receive from proxy failed: %s", std::strerror(errno))};
        }
        if (auto res = WaitFor(fd, POLLIN, deadline, interrupt, "waiting for the proxy"); !res) return util::Error{res.error()};
    }
    return out;
}

std::string Socks5ErrorString(uint8_t code)
{
    switch (code) {
    case 0x01: return "general failure";
    case 0x02: return "connection not allowed";
    case 0x03: return "network unreachable";
    case 0x04: return "host unreachable";
    case 0x05: return "connection refused";
    case 0x06: return "TTL expired";
    case 0x07: return "protocol error";
    case 0x08: return "address type not supported";
    default: return StrFormat("unknown error 0x%02x", code);
    }
}

util::Result<void> Socks5Handshake(int fd, const ProxyConfig& proxy, const std::string& host, uint16_t port,
                                   std::chrono::steady_clock::time_point deadline, const std::atomic<bool>& interrupt)
{
    if (host.size() > 255) return util::Error{"host name too long for SOCKS5"};
    const bool auth = proxy.randomize_credentials;
    std::vector<uint8_t> hello{0x05, 0x01, static_cast<uint8_t>(auth ? 0x02 : 0x00)};
    if (auto res = SendAll(fd, hello, deadline, interrupt); !res) return res;
    auto choice = RecvExactly(fd, 2, deadline, interrupt);
    if (!choice) return util::Error{choice.error()};
    if ((*choice)[0] != 0x05) return util::Error{"proxy is not a SOCKS5 proxy"};
    if ((*choice)[1] == 0x02 && auth) {
        // RFC 1929 with random credentials: Tor puts each distinct pair on its own circuit.
        uint8_t random[8];
        GetStrongRandBytes(random);
        const std::string user = HexStr(std::span<const uint8_t>{random, 4});
        const std::string pass = HexStr(std::span<const uint8_t>{random + 4, 4});
        std::vector<uint8_t> request{0x01, static_cast<uint8_t>(user.size())};
        request.insert(request.end(), user.begin(), user.end());
        request.push_back(static_cast<uint8_t>(pass.size()));
        request.insert(request.end(), pass.begin(), pass.end());
        if (auto res = SendAll(fd, request, deadline, interrupt); !res) return res;
        auto status = RecvExactly(fd, 2, deadline, interrupt);
        if (!status) return util::Error{status.error()};
        if ((*status)[1] != 0x00) return util::Error{"proxy refused the credentials"};
    } else if ((*choice)[1] != 0x00) {
        return util::Error{"proxy requires an authentication method we do not offer"};
    }
    std::vector<uint8_t> connect{0x05, 0x01, 0x00, 0x03, static_cast<uint8_t>(host.size())};
    connect.insert(connect.end(), host.begin(), host.end());
    connect.push_back(static_cast<uint8_t>(port >> 8));
    connect.push_back(static_cast<uint8_t>(port & 0xff));
    if (auto res = SendAll(fd, connect, deadline, interrupt); !res) return res;
    auto reply = RecvExactly(fd, 4, deadline, interrupt);
    if (!reply) return util::Error{reply.error()};
    if ((*reply)[0] != 0x05) return util::Error{"malformed proxy reply"};
    if ((*reply)[1] != 0x00) return util::Error{"proxy could not connect: " + Socks5ErrorString((*reply)[1])};
    size_t skip = 0;
    switch ((*reply)[3]) {
    case 0x01: skip = 4; break;
    case 0x04: skip = 16; break;
    case 0x03: {
        auto len = RecvExactly(fd, 1, deadline, interrupt);
        if (!len) return util::Error{len.error()};
        skip = (*len)[0];
        break;
    }
    default: return util::Error{"malformed proxy reply (address type)"};
    }
    if (auto rest = RecvExactly(fd, skip + 2, deadline, interrupt); !rest) return util::Error{rest.error()};
    return {};
}

util::Result<int> OpenAndConnect(const Service& addr, int timeout_ms, const std::atomic<bool>& interrupt)
{
    sockaddr_storage storage;
    const size_t len = addr.ToSockAddr(storage);
    if (len == 0) return util::Error{"cannot connect to " + addr.ToStringAddrPort() + " without a proxy"};
    const int fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
    if (fd < 0) return util::Error{StrFormat("socket() failed: %s", std::strerror(errno))};
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (::connect(fd, reinterpret_cast<sockaddr*>(&storage), static_cast<socklen_t>(len)) != 0 && errno != EINPROGRESS) {
        const int err = errno;
        CloseSocket(fd);
        return util::Error{StrFormat("connect() to %s failed: %s", addr.ToStringAddrPort().c_str(), std::strerror(err))};
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds{timeout_ms};
    if (auto res = WaitFor(fd, POLLOUT, deadline, interrupt, "connecting"); !res) {
        CloseSocket(fd);
        return util::Error{StrFormat("connection to %s: %s", addr.ToStringAddrPort().c_str(), res.error().c_str())};
    }
    int err = 0;
    socklen_t err_len = sizeof(err);
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &err_len) != 0 || err != 0) {
        CloseSocket(fd);
        return util::Error{StrFormat("connect() to %s failed: %s", addr.ToStringAddrPort().c_str(), std::strerror(err))};
    }
    return fd;
}
} // namespace

void CloseSocket(int fd)
{
    if (fd < 0) return;
    while (::close(fd) != 0 && errno == EINTR) {
    }
}

util::Result<int> ConnectSocket(const Service& addr, int timeout_ms, const std::atomic<bool>& interrupt)
{
    return OpenAndConnect(addr, timeout_ms, interrupt);
}

util::Result<int> ConnectThroughProxy(const ProxyConfig& proxy, const std::string& host, uint16_t port, int timeout_ms,
                                      const std::atomic<bool>& interrupt)
{
    auto fd = OpenAndConnect(proxy.proxy, timeout_ms, interrupt);
    if (!fd) return util::Error{"proxy " + proxy.proxy.ToStringAddrPort() + ": " + fd.error()};
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds{timeout_ms};
    if (auto res = Socks5Handshake(*fd, proxy, host, port, deadline, interrupt); !res) {
        CloseSocket(*fd);
        return util::Error{StrFormat("proxy %s to %s:%u: %s", proxy.proxy.ToStringAddrPort().c_str(), host.c_str(),
                                     port, res.error().c_str())};
    }
    return *fd;
}

std::vector<NetAddr> LookupHost(const std::string& name, size_t max_results, bool allow_lookup)
{
    std::vector<NetAddr> out;
    if (const auto numeric = NetAddr::Parse(name)) {
        out.push_back(*numeric);
        return out;
    }
    if (!allow_lookup || name.empty()) return out;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    hints.ai_flags = AI_ADDRCONFIG;
    addrinfo* results = nullptr;
    if (::getaddrinfo(name.c_str(), nullptr, &hints, &results) != 0) return out;
    for (addrinfo* ai = results; ai != nullptr && out.size() < max_results; ai = ai->ai_next) {
        const auto service = Service::FromSockAddr(ai->ai_addr, ai->ai_addrlen);
        if (service && std::find(out.begin(), out.end(), static_cast<const NetAddr&>(*service)) == out.end()) {
            out.push_back(*service);
        }
    }
    ::freeaddrinfo(results);
    return out;
}

} // namespace net
