// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/transport/tls_context.h>

#include <util/format.h>

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cstdio>
#include <ctime>

namespace sip {
namespace {

/** Mozilla's "intermediate" TLS 1.2 suites (forward secrecy, AEAD only); TLS 1.3 keeps its
 *  own defaults. */
constexpr const char* TLS12_CIPHERS =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384";
constexpr unsigned char SESSION_ID_CONTEXT[] = "dots-sip";

SSL_CTX* NewContext(const SSL_METHOD* method)
{
    SSL_CTX* ctx = SSL_CTX_new(method);
    if (!ctx) return nullptr;
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    // A peer that closes without a close_notify (many phones do) is an ordinary close: SIP
    // messages are framed, so a truncated one is never mistaken for a whole one.
    SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE |
                                 SSL_OP_IGNORE_UNEXPECTED_EOF);
    // libevent writes from its own buffers, which may move between retries.
    SSL_CTX_set_mode(ctx, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_RELEASE_BUFFERS);
    if (SSL_CTX_set_cipher_list(ctx, TLS12_CIPHERS) != 1) {
        SSL_CTX_free(ctx);
        return nullptr;
    }
    return ctx;
}

std::string CertificateFingerprint(X509* cert)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (X509_digest(cert, EVP_sha256(), md, &len) != 1) return {};
    std::string out;
    for (unsigned int i = 0; i < len; ++i) out += StrFormat(i ? ":%02X" : "%02X", md[i]);
    return out;
}

int64_t CertificateNotAfter(X509* cert)
{
    std::tm tm{};
    if (ASN1_TIME_to_tm(X509_get0_notAfter(cert), &tm) != 1) return 0;
    return static_cast<int64_t>(timegm(&tm));
}

} // namespace

std::string TlsErrorString(const char* fallback)
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0) return fallback;
    char buf[256];
    ERR_error_string_n(code, buf, sizeof(buf));
    return buf;
}

util::Result<std::unique_ptr<TlsContext>> TlsContext::Load(const std::filesystem::path& cert_file,
                                                            const std::filesystem::path& key_file)
{
    ERR_clear_error();
    std::unique_ptr<TlsContext> tls{new TlsContext()};
    tls->m_server = NewContext(TLS_server_method());
    tls->m_client = NewContext(TLS_client_method());
    if (!tls->m_server || !tls->m_client) return util::Error{"cannot create a TLS context: " + TlsErrorString()};
    if (SSL_CTX_use_certificate_chain_file(tls->m_server, cert_file.c_str()) != 1) {
        return util::Error{StrFormat("cannot load the TLS certificate %s: %s", cert_file.c_str(), TlsErrorString().c_str())};
    }
    if (SSL_CTX_use_PrivateKey_file(tls->m_server, key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
        return util::Error{StrFormat("cannot load the TLS key %s: %s", key_file.c_str(), TlsErrorString().c_str())};
    }
    if (SSL_CTX_check_private_key(tls->m_server) != 1) {
        return util::Error{StrFormat("the TLS key %s does not match the certificate %s", key_file.c_str(), cert_file.c_str())};
    }
    SSL_CTX_set_session_id_context(tls->m_server, SESSION_ID_CONTEXT, sizeof(SESSION_ID_CONTEXT) - 1);
    SSL_CTX_set_session_cache_mode(tls->m_server, SSL_SESS_CACHE_SERVER);
    SSL_CTX_set_verify(tls->m_server, SSL_VERIFY_NONE, nullptr); // phones have no client certificates
    SSL_CTX_set_verify(tls->m_client, SSL_VERIFY_NONE, nullptr);
    X509* cert = SSL_CTX_get0_certificate(tls->m_server);
    if (!cert) return util::Error{StrFormat("no certificate in %s", cert_file.c_str())};
    tls->m_fingerprint = CertificateFingerprint(cert);
    tls->m_not_after = CertificateNotAfter(cert);
    char subject[256];
    X509_NAME_oneline(X509_get_subject_name(cert), subject, sizeof(subject));
    tls->m_subject = subject;
    return tls;
}

TlsContext::~TlsContext()
{
    SSL_CTX_free(m_server);
    SSL_CTX_free(m_client);
}

SSL* TlsContext::NewServerSession() const
{
    return SSL_new(m_server);
}

SSL* TlsContext::NewClientSession() const
{
    return SSL_new(m_client);
}

} // namespace sip
