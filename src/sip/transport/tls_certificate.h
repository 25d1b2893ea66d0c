// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_TRANSPORT_TLS_CERTIFICATE_H
#define DOTS_SIP_TRANSPORT_TLS_CERTIFICATE_H

// The self-signed certificate a node uses for SIP over TLS and secure WebSockets when the
// operator gives none (-siptlscert/-siptlskey): created once, at the first start, in the data
// directory, and reused afterwards, so phones that pinned its fingerprint keep working.

#include <util/result.h>

#include <filesystem>
#include <string>
#include <vector>

namespace sip {

/** How long a created certificate is valid. */
inline constexpr int SELF_SIGNED_VALID_DAYS = 3650;

/**
 * Makes sure `cert_file` and `key_file` hold a certificate and its key. When `cert_file`
 * exists nothing is done and false is returned. Otherwise a new P-256 key and a self-signed
 * X.509 v3 certificate (subject CN=`common_name`, subjectAltName from `alt_names`: IP
 * addresses become IP entries, anything else DNS entries; serverAuth and clientAuth) are
 * written, the key first (mode 0600) and the certificate last, each atomically, so a kill at
 * any moment leaves either no certificate (created again at the next start) or both. Returns
 * true when it created them. Errors name the file.
 */
util::Result<bool> EnsureSelfSignedCertificate(const std::filesystem::path& cert_file, const std::filesystem::path& key_file,
                                               const std::string& common_name, const std::vector<std::string>& alt_names);

} // namespace sip

#endif // DOTS_SIP_TRANSPORT_TLS_CERTIFICATE_H
