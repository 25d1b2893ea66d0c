// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_SERVICE_TLS_H
#define DOTS_SIP_SERVICE_TLS_H

// The secure and browser-facing side of the SIP service's configuration: the TLS, WS and WSS
// ports, the certificate (the operator's, or a self-signed one created in the data directory
// at the first start), the browser phone's folder and the connection limits. Used by
// service.cpp only.

#include <util/result.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

class ArgsManager;
struct BaseChainParams;

namespace sip {

class TlsContext;
class WebFiles;

/** The -siptls*, -sipws*, -sipwww* and connection-limit options, checked. */
struct SipSecureOptions {
    uint16_t tls_port{0}; //!< 0: no TLS listener
    uint16_t ws_port{0};  //!< 0: no WS listener
    uint16_t wss_port{0}; //!< 0: no WSS listener
    std::filesystem::path cert_file;
    std::filesystem::path key_file;
    /** Neither -siptlscert nor -siptlskey given: cert_file/key_file are in the data directory
     *  and created at the first start. */
    bool self_signed{true};
    /** The browser phone's folder; `www_dir_given` when -sipwwwdir was set (then it must load). */
    std::filesystem::path www_dir;
    bool www_dir_given{false};
    size_t max_connections{4096};
    size_t max_connections_per_ip{256};
};

/** Registers -siptlsport, -siptlscert, -siptlskey, -sipwsport, -sipwssport, -sipwwwdir,
 *  -sipmaxconnections, -sipmaxconnectionsperip. */
void AddSipSecureArgs(ArgsManager& args);

/** Reads and checks them. `sip_port` is the UDP/TCP port (the TLS default is the next one).
 *  Errors name the option. */
util::Result<SipSecureOptions> GetSipSecureOptions(const ArgsManager& args, const BaseChainParams& chain, uint16_t sip_port);

/** What Start() needs for the secure listeners and the phone. */
struct SipSecureRuntime {
    std::shared_ptr<const TlsContext> tls; //!< null when no TLS or WSS port is configured
    std::shared_ptr<const WebFiles> www;   //!< null when no WS or WSS port is configured
};

/**
 * Loads (creating it first when self-signed and missing) the certificate, and the phone's
 * files, logging what it did: the certificate's subject, expiry and SHA-256 fingerprint, and
 * a warning when the phone's folder is missing (unless -sipwwwdir was given: then an error).
 * `names` go into a created certificate (common name first, then subjectAltNames).
 */
util::Result<SipSecureRuntime> PrepareSipSecure(const SipSecureOptions& options, const std::vector<std::string>& names);

} // namespace sip

#endif // DOTS_SIP_SERVICE_TLS_H
