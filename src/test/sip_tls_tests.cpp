// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The node's TLS certificate (created at the first start, reused afterwards) and the TLS
// contexts built from it. The TLS transport over real sockets is in sip_transport_tests.cpp.

#include <sip/transport/tls_certificate.h>
#include <sip/transport/tls_context.h>
#include <test/util/files.h>

#include <boost/test/unit_test.hpp>

#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace sip;

namespace {

std::string ReadAll(const std::filesystem::path& p)
{
    std::ifstream f{p};
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

} // namespace

BOOST_AUTO_TEST_SUITE(sip_tls_tests)

BOOST_AUTO_TEST_CASE(self_signed_certificate_created_once_private_key_0600)
{
    test::TempDir dir{"tls"};
    const auto cert = dir.path() / "sip-tls.crt";
    const auto key = dir.path() / "sip-tls.key";
    auto created = EnsureSelfSignedCertificate(cert, key, "node.example", {"node.example", "192.0.2.1", "::1"});
    BOOST_REQUIRE_MESSAGE(static_cast<bool>(created), (created ? "" : created.error()));
    BOOST_CHECK(*created);
    struct stat st{};
    BOOST_REQUIRE_EQUAL(stat(key.c_str(), &st), 0);
    BOOST_CHECK_EQUAL(st.st_mode & 0777, 0600U);
    BOOST_CHECK(!std::filesystem::exists(dir.path() / "sip-tls.key.tmp"));

    // The certificate: self-signed, v3, CN and subjectAltNames as given, serverAuth.
    FILE* f = fopen(cert.c_str(), "r");
    BOOST_REQUIRE(f);
    X509* x = PEM_read_X509(f, nullptr, nullptr, nullptr);
    fclose(f);
    BOOST_REQUIRE(x);
    BOOST_CHECK_EQUAL(X509_get_version(x), 2);
    BOOST_CHECK_EQUAL(X509_check_host(x, "node.example", 0, 0, nullptr), 1);
    BOOST_CHECK_EQUAL(X509_check_ip_asc(x, "192.0.2.1", 0), 1);
    BOOST_CHECK_EQUAL(X509_check_ip_asc(x, "::1", 0), 1);
    BOOST_CHECK_EQUAL(X509_check_host(x, "other.example", 0, 0, nullptr), 0);
    BOOST_CHECK_EQUAL(X509_check_purpose(x, X509_PURPOSE_SSL_SERVER, 0), 1);
    EVP_PKEY* pub = X509_get0_pubkey(x);
    BOOST_CHECK_EQUAL(X509_verify(x, pub), 1);
    X509_free(x);

    // Loaded, with a fingerprint; a second start reuses the files unchanged.
    const std::string before = ReadAll(cert);
    auto tls = TlsContext::Load(cert, key);
    BOOST_REQUIRE_MESSAGE(static_cast<bool>(tls), (tls ? "" : tls.error()));
    BOOST_CHECK_EQUAL((*tls)->Fingerprint().size(), 32U * 3 - 1);
    BOOST_CHECK((*tls)->Subject().find("CN=node.example") != std::string::npos);
    BOOST_CHECK((*tls)->NotAfter() > time(nullptr) + 9LL * 365 * 86400);
    auto again = EnsureSelfSignedCertificate(cert, key, "node.example", {});
    BOOST_REQUIRE(again);
    BOOST_CHECK(!*again);
    BOOST_CHECK_EQUAL(ReadAll(cert), before);
}

BOOST_AUTO_TEST_CASE(interrupted_creation_is_redone)
{
    // A kill after the key but before the certificate: the next start creates both again.
    test::TempDir dir{"tls"};
    const auto cert = dir.path() / "c.crt";
    const auto key = dir.path() / "c.key";
    std::ofstream{key} << "half-written";
    auto created = EnsureSelfSignedCertificate(cert, key, "n", {"n"});
    BOOST_REQUIRE(created && *created);
    BOOST_CHECK(TlsContext::Load(cert, key));
}

BOOST_AUTO_TEST_CASE(load_errors_name_the_file)
{
    test::TempDir dir{"tls"};
    const auto cert_a = dir.path() / "a.crt";
    const auto key_a = dir.path() / "a.key";
    const auto cert_b = dir.path() / "b.crt";
    const auto key_b = dir.path() / "b.key";
    BOOST_REQUIRE(EnsureSelfSignedCertificate(cert_a, key_a, "a", {}));
    BOOST_REQUIRE(EnsureSelfSignedCertificate(cert_b, key_b, "b", {}));
    auto missing = TlsContext::Load(dir.path() / "none.crt", key_a);
    BOOST_REQUIRE(!missing);
    BOOST_CHECK(missing.error().find("none.crt") != std::string::npos);
    auto mismatch = TlsContext::Load(cert_a, key_b);
    BOOST_REQUIRE(!mismatch);
    BOOST_CHECK(mismatch.error().find("b.key") != std::string::npos);
    std::ofstream{dir.path() / "junk.crt"} << "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n";
    BOOST_CHECK(!TlsContext::Load(dir.path() / "junk.crt", key_a));
}

BOOST_AUTO_TEST_CASE(sessions_allow_tls12_and_later_only)
{
    test::TempDir dir{"tls"};
    BOOST_REQUIRE(EnsureSelfSignedCertificate(dir.path() / "c.crt", dir.path() / "c.key", "n", {}));
    auto tls = TlsContext::Load(dir.path() / "c.crt", dir.path() / "c.key");
    BOOST_REQUIRE(tls);
    for (SSL* ssl : {(*tls)->NewServerSession(), (*tls)->NewClientSession()}) {
        BOOST_REQUIRE(ssl);
        BOOST_CHECK_EQUAL(SSL_get_min_proto_version(ssl), TLS1_2_VERSION);
        BOOST_CHECK(SSL_get_options(ssl) & SSL_OP_NO_COMPRESSION);
        BOOST_CHECK(SSL_get_options(ssl) & SSL_OP_NO_RENEGOTIATION);
        SSL_free(ssl);
    }
}

BOOST_AUTO_TEST_SUITE_END()
