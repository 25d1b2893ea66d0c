// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_TEST_UTIL_SIP_TRANSPORT_H
#define DOTS_TEST_UTIL_SIP_TRANSPORT_H

// A SIP EventTransport on real sockets on 127.0.0.1 for Boost.Test cases: the fixture runs its
// event loop in short slices from the test thread (RunUntil), records what the transport
// delivers (RecordingSink), and gives plain UDP/TCP clients and a non-blocking TLS client
// (TlsClient) to talk to it. Used by the UDP/TCP and the TLS/WebSocket transport tests.

#include <sip/parser/message.h>
#include <sip/transport/event_transport.h>
#include <sip/transport/tls_certificate.h>
#include <sip/transport/tls_context.h>
#include <test/util/files.h>

#include <boost/test/unit_test.hpp>

#include <event2/event.h>

#include <openssl/ssl.h>

#include <arpa/inet.h>
#include <cerrno>
#include <filesystem>
#include <chrono>
#include <fcntl.h>
#include <functional>
#include <memory>
#include <netinet/in.h>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>
#include <vector>

namespace test {

using namespace sip;

/** Records every message and transport error the transport reports. */
class RecordingSink final : public TransportSink
{
public:
    void OnMessage(SipMessage&& message, const Peer& from) override
    {
        messages.emplace_back(std::string{message.Raw()});
        peers.push_back(from);
    }
    void OnTransportError(const Destination& to) override { errors.push_back(to); }
    std::vector<std::string> messages;
    std::vector<Peer> peers;
    std::vector<Destination> errors;
};

inline std::string Options(std::string_view branch, std::string_view via_host = "192.0.2.10:5060", std::string_view transport = "UDP",
                    std::string_view via_params = ";rport", std::string_view extra = {})
{
    std::string r = "OPTIONS sip:node@127.0.0.1 SIP/2.0\r\n";
    r += "Via: SIP/2.0/" + std::string{transport} + " " + std::string{via_host} + ";branch=" + std::string{branch} + std::string{via_params} + "\r\n";
    r += "Max-Forwards: 70\r\nFrom: <sip:alice@example.com>;tag=1\r\nTo: <sip:node@127.0.0.1>\r\n";
    r += "Call-ID: " + std::string{branch} + "@test\r\nCSeq: 1 OPTIONS\r\n";
    r += std::string{extra};
    r += "Content-Length: 0\r\n\r\n";
    return r;
}

struct EventBaseDeleter {
    void operator()(event_base* b) const { event_base_free(b); }
};

/** An EventTransport on 127.0.0.1 (UDP and TCP on kernel-chosen ports unless Start() is
 *  given listeners), its event loop run from the test thread, and client sockets. */
struct TransportFixture {
    std::unique_ptr<event_base, EventBaseDeleter> base{event_base_new()};
    RecordingSink sink;
    std::unique_ptr<EventTransport> transport;
    std::vector<int> fds;

    ~TransportFixture()
    {
        transport.reset();
        for (int fd : fds) close(fd);
    }

    void Start(EventTransportConfig config = {})
    {
        if (config.listen.empty()) {
            config.listen.push_back({Transport::UDP, *SockAddr::FromIp("127.0.0.1", 0)});
            config.listen.push_back({Transport::TCP, *SockAddr::FromIp("127.0.0.1", 0)});
        }
        transport = std::make_unique<EventTransport>(base.get(), sink, config);
        auto started = transport->Start();
        BOOST_REQUIRE_MESSAGE(started, (started ? "" : started.error()));
    }
    SockAddr Bound(Transport t) const
    {
        for (const ListenAddress& l : transport->BoundAddresses()) {
            if (l.protocol == t) return l.address;
        }
        BOOST_FAIL("no listener");
        return {};
    }
    /** Runs the loop in 5 ms slices until `done` or `timeout_ms` passed. */
    bool RunUntil(const std::function<bool()>& done, int timeout_ms = 2000)
    {
        const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        while (!done()) {
            if (std::chrono::steady_clock::now() > end) return false;
            timeval slice{0, 5000};
            event_base_loopexit(base.get(), &slice);
            event_base_dispatch(base.get());
        }
        return true;
    }
    void RunFor(int ms)
    {
        RunUntil([] { return false; }, ms);
    }
    int Socket(int type)
    {
        int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
        BOOST_REQUIRE(fd >= 0);
        fds.push_back(fd);
        return fd;
    }
    int UdpClient()
    {
        int fd = Socket(SOCK_DGRAM);
        SockAddr any = *SockAddr::FromIp("127.0.0.1", 0);
        BOOST_REQUIRE(bind(fd, any.Raw(), any.RawLen()) == 0);
        return fd;
    }
    /** A plain TCP socket connected to the listener of `t` (TCP, or TLS/WS/WSS unencrypted). */
    int TcpClient(Transport t = Transport::TCP)
    {
        int fd = Socket(SOCK_STREAM);
        const SockAddr to = Bound(t);
        BOOST_REQUIRE(connect(fd, to.Raw(), to.RawLen()) == 0);
        return fd;
    }
    static SockAddr LocalOf(int fd)
    {
        sockaddr_storage ss{};
        socklen_t len = sizeof(ss);
        BOOST_REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) == 0);
        return *SockAddr::FromSockaddr(reinterpret_cast<sockaddr*>(&ss), len);
    }
    void SendUdp(int fd, std::string_view bytes)
    {
        const SockAddr to = Bound(Transport::UDP);
        BOOST_REQUIRE_EQUAL(sendto(fd, bytes.data(), bytes.size(), 0, to.Raw(), to.RawLen()), static_cast<ssize_t>(bytes.size()));
    }
    void SendTcp(int fd, std::string_view bytes)
    {
        BOOST_REQUIRE_EQUAL(send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL), static_cast<ssize_t>(bytes.size()));
    }
    /** Runs the loop while collecting what arrives on client socket `fd` (non-blocking reads)
     *  until `done(collected, eof)` or the timeout. */
    std::string Collect(int fd, const std::function<bool(const std::string&, bool)>& done, bool* eof_out = nullptr,
                        int timeout_ms = 2000)
    {
        std::string got;
        bool eof = false;
        RunUntil([&] {
            char buf[70000];
            for (int i = 0; i < 100; ++i) {
                const ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
                if (n > 0) {
                    got.append(buf, static_cast<size_t>(n));
                    continue;
                }
                if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) eof = true;
                break;
            }
            return done(got, eof);
        }, timeout_ms);
        if (eof_out) *eof_out = eof;
        return got;
    }
};

/** A TLS context with a self-signed certificate, created once per test process in the temp
 *  directory (removed at exit). */
inline std::shared_ptr<const TlsContext> TestTlsContext()
{
    static const std::shared_ptr<const TlsContext> context = [] {
        const TempDir dir{"tls"};
        auto created = EnsureSelfSignedCertificate(dir.path() / "c.crt", dir.path() / "c.key", "127.0.0.1", {"127.0.0.1"});
        BOOST_REQUIRE(created);
        auto tls = TlsContext::Load(dir.path() / "c.crt", dir.path() / "c.key");
        BOOST_REQUIRE(tls);
        return std::shared_ptr<const TlsContext>{std::move(*tls)};
    }();
    return context;
}

/**
 * A TLS client on a non-blocking socket, driven from the fixture's loop (the server runs on
 * the same thread). `max_version` caps the client's protocol (to test refusals).
 */
class TlsClient
{
public:
    TlsClient(TransportFixture& fixture, const SockAddr& to, int max_version = 0) : m_fixture{fixture}
    {
        m_fd = fixture.Socket(SOCK_STREAM);
        BOOST_REQUIRE(connect(m_fd, to.Raw(), to.RawLen()) == 0);
        BOOST_REQUIRE(fcntl(m_fd, F_SETFL, fcntl(m_fd, F_GETFL) | O_NONBLOCK) == 0);
        m_ctx = SSL_CTX_new(TLS_client_method());
        if (max_version != 0) {
            SSL_CTX_set_security_level(m_ctx, 0); // let OpenSSL offer TLS 1.0/1.1 at all
            SSL_CTX_set_min_proto_version(m_ctx, TLS1_VERSION);
            SSL_CTX_set_max_proto_version(m_ctx, max_version);
        }
        m_ssl = SSL_new(m_ctx);
        SSL_set_fd(m_ssl, m_fd);
    }
    ~TlsClient()
    {
        SSL_free(m_ssl);
        SSL_CTX_free(m_ctx);
    }
    TlsClient(const TlsClient&) = delete;
    TlsClient& operator=(const TlsClient&) = delete;

    /** True once the handshake succeeded; false when it failed or timed out. */
    bool Handshake()
    {
        bool ok = false;
        bool failed = false;
        m_fixture.RunUntil([&] {
            const int r = SSL_connect(m_ssl);
            if (r == 1) return ok = true;
            const int e = SSL_get_error(m_ssl, r);
            failed = e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE;
            return failed;
        });
        return ok;
    }
    void Write(std::string_view bytes)
    {
        size_t done = 0;
        BOOST_REQUIRE(m_fixture.RunUntil([&] {
            const int n = SSL_write(m_ssl, bytes.data() + done, static_cast<int>(bytes.size() - done));
            if (n > 0) done += static_cast<size_t>(n);
            return done == bytes.size();
        }));
    }
    /** Reads until `done(collected, eof)` or the timeout. */
    std::string Read(const std::function<bool(const std::string&, bool)>& done, bool* eof_out = nullptr, int timeout_ms = 2000)
    {
        bool eof = false;
        m_fixture.RunUntil([&] {
            char buf[16384];
            for (;;) {
                const int n = SSL_read(m_ssl, buf, sizeof(buf));
                if (n > 0) {
                    m_read.append(buf, static_cast<size_t>(n));
                    continue;
                }
                const int e = SSL_get_error(m_ssl, n);
                if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) eof = true;
                break;
            }
            return done(m_read, eof);
        }, timeout_ms);
        if (eof_out) *eof_out = eof;
        return std::exchange(m_read, {});
    }
    int Fd() const { return m_fd; }

private:
    TransportFixture& m_fixture;
    int m_fd{-1};
    SSL_CTX* m_ctx{nullptr};
    SSL* m_ssl{nullptr};
    std::string m_read;
};

} // namespace test

#endif // DOTS_TEST_UTIL_SIP_TRANSPORT_H
