// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/transport/tls_certificate.h>

#include <crypto/random.h>
#include <sip/transport/address.h>
#include <sip/transport/tls_context.h>
#include <util/format.h>
#include <util/fs.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <array>
#include <memory>

namespace sip {
namespace {

struct Free {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
    void operator()(X509* p) const { X509_free(p); }
    void operator()(BIO* p) const { BIO_free(p); }
    void operator()(BIGNUM* p) const { BN_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, Free>;

std::string BioText(BIO* bio)
{
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    return len > 0 ? std::string{data, static_cast<size_t>(len)} : std::string{};
}

bool AddExtension(X509* cert, int nid, const std::string& value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    if (!ext) return false;
    const bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

std::string SubjectAltNames(const std::vector<std::string>& names)
{
    std::string out;
    for (const std::string& name : names) {
        if (name.empty() || name.find_first_of(",\r\n") != std::string::npos) continue;
        out += out.empty() ? "" : ",";
        out += (SockAddr::FromIp(name, 0) ? "IP:" : "DNS:") + name;
    }
    return out;
}

/** A new certificate for `key`; null on any OpenSSL failure. */
Owned<X509> MakeCertificate(EVP_PKEY* key, const std::string& common_name, const std::vector<std::string>& alt_names)
{
    Owned<X509> cert{X509_new()};
    if (!cert || X509_set_version(cert.get(), 2) != 1) return nullptr;
    std::array<uint8_t, 16> serial_bytes;
    GetStrongRandBytes(serial_bytes);
    serial_bytes[0] &= 0x7f; // positive
    Owned<BIGNUM> serial{BN_bin2bn(serial_bytes.data(), serial_bytes.size(), nullptr)};
    if (!serial || !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get()))) return nullptr;
    // Valid from an hour ago, so a peer whose clock is a little behind accepts it at once.
    if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) ||
        !X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(SELF_SIGNED_VALID_DAYS) * 86400)) {
        return nullptr;
    }
    X509_NAME* name = X509_get_subject_name(cert.get());
    const std::string cn = common_name.empty() ? "dots" : common_name.substr(0, 64);
    if (X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("DOTS node"), -1, -1, 0) != 1 ||
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0) != 1 ||
        X509_set_issuer_name(cert.get(), name) != 1 || X509_set_pubkey(cert.get(), key) != 1) {
        return nullptr;
    }
    if (!AddExtension(cert.get(), NID_basic_constraints, "critical,CA:FALSE") ||
        !AddExtension(cert.get(), NID_key_usage, "critical,digitalSignature,keyAgreement") ||
        !AddExtension(cert.get(), NID_ext_key_usage, "serverAuth,clientAuth") ||
        !AddExtension(cert.get(), NID_subject_key_identifier, "hash")) {
        return nullptr;
    }
    const std::string san = SubjectAltNames(alt_names);
    if (!san.empty() && !AddExtension(cert.get(), NID_subject_alt_name, san)) return nullptr;
    if (X509_sign(cert.get(), key, EVP_sha256()) == 0) return nullptr;
    return cert;
}

} // namespace

util::Result<bool> EnsureSelfSignedCertificate(const std::filesystem::path& cert_file, const std::filesystem::path& key_file,
                                               const std::string& common_name, const std::vector<std::string>& alt_names)
{
    std::error_code ec;
    if (std::filesystem::exists(cert_file, ec)) return false;
    Owned<EVP_PKEY> key{EVP_EC_gen("P-256")};
    if (!key) return util::Error{"cannot create a TLS key: " + TlsErrorString()};
    Owned<X509> cert = MakeCertificate(key.get(), common_name, alt_names);
    if (!cert) return util::Error{"cannot create a self-signed TLS certificate: " + TlsErrorString()};

    Owned<BIO> key_pem{BIO_new(BIO_s_mem())};
    Owned<BIO> cert_pem{BIO_new(BIO_s_mem())};
    if (!key_pem || !cert_pem || PEM_write_bio_PrivateKey(key_pem.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1 ||
        PEM_write_bio_X509(cert_pem.get(), cert.get()) != 1) {
        return util::Error{"cannot encode the TLS certificate: " + TlsErrorString()};
    }
    std::string key_text = BioText(key_pem.get());
    if (auto r = WriteFileAtomic(key_file, key_text, /*private_mode=*/true); !r) {
        return util::Error{StrFormat("cannot write the TLS key %s: %s", key_file.c_str(), r.error().c_str())};
    }
    OPENSSL_cleanse(key_text.data(), key_text.size());
    if (auto r = WriteFileAtomic(cert_file, BioText(cert_pem.get()), /*private_mode=*/false); !r) {
        return util::Error{StrFormat("cannot write the TLS certificate %s: %s", cert_file.c_str(), r.error().c_str())};
    }
    return true;
}

} // namespace sip
