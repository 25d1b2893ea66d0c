// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_TRANSPORT_TLS_CONTEXT_H
#define DOTS_SIP_TRANSPORT_TLS_CONTEXT_H

// The OpenSSL side of SIP over TLS (RFC 3261 section 26, RFC 5630) and secure WebSockets (RFC
// 7118): one server context built from the node's certificate and key, and one client context
// for the connections the node opens itself. Both allow TLS 1.2 and 1.3 only, no compression,
// no renegotiation. The client side does not verify the peer's certificate, as Kamailio does by
// default (tls `verify_certificate = no`): the node connects to IP addresses a phone gave it (a
// Contact or a Via), and to probed nodes' TLS endpoints, which prove who they are by their
// signed probe answers (doc/registry.md "Prober"); see doc/sip.md.

#include <util/result.h>

#include <filesystem>
#include <memory>
#include <string>

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;

namespace sip {

class TlsContext
{
public:
    /**
     * Loads a PEM certificate (chain) and its PEM private key. Errors name the file and say
     * what OpenSSL refused (missing file, bad PEM, key that does not match the certificate).
     */
    static util::Result<std::unique_ptr<TlsContext>> Load(const std::filesystem::path& cert_file,
                                                          const std::filesystem::path& key_file);
    ~TlsContext();
    TlsContext(const TlsContext&) = delete;
    TlsContext& operator=(const TlsContext&) = delete;

    /** A new session for an accepted connection; nullptr if OpenSSL is out of memory. The
     *  caller owns it (libevent's bufferevent frees it with BEV_OPT_CLOSE_ON_FREE). */
    SSL* NewServerSession() const;
    /** A new session for a connection the node opens (no certificate verification). */
    SSL* NewClientSession() const;

    /** SHA-256 fingerprint of the certificate, "AB:CD:..." (for getsipinfo and pinning). */
    const std::string& Fingerprint() const { return m_fingerprint; }
    /** The certificate's subject, one line ("CN=..."). */
    const std::string& Subject() const { return m_subject; }
    /** Unix time the certificate expires. */
    int64_t NotAfter() const { return m_not_after; }

private:
    TlsContext() = default;

    SSL_CTX* m_server{nullptr};
    SSL_CTX* m_client{nullptr};
    std::string m_fingerprint;
    std::string m_subject;
    int64_t m_not_after{0};
};

/** The oldest error on OpenSSL's per-thread error queue as text (and clears the queue), or
 *  `fallback` when the queue is empty. */
std::string TlsErrorString(const char* fallback = "unknown TLS error");

} // namespace sip

#endif // DOTS_SIP_TRANSPORT_TLS_CONTEXT_H
