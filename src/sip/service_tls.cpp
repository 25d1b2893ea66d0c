// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/service_tls.h>

#include <sip/transport/tls_certificate.h>
#include <sip/transport/tls_context.h>
#include <sip/transport/web_files.h>
#include <util/args.h>
#include <util/chaintype.h>
#include <util/format.h>
#include <util/logging.h>
#include <util/time.h>

#ifndef DOTS_WWW_DIR
#define DOTS_WWW_DIR "/usr/local/share/dots/www"
#endif

namespace sip {
namespace {

constexpr const char* DEFAULT_CERT_FILE = "sip-tls.crt";
constexpr const char* DEFAULT_KEY_FILE = "sip-tls.key";
constexpr int64_t MAX_CONNECTIONS = 1'000'000;

util::Result<uint16_t> PortArg(const ArgsManager& args, const std::string& name, int64_t default_port)
{
    const int64_t port = args.GetIntArg(name, default_port);
    if (port < 0 || port > 65535) return util::Error{StrFormat("Invalid %s %lld: must be 1-65535, or 0 to disable", name.c_str(), (long long)port)};
    return static_cast<uint16_t>(port);
}

std::filesystem::path PathArg(const ArgsManager& args, const BaseChainParams& chain, const std::string& name, const std::string& fallback)
{
    std::filesystem::path path{args.GetArg(name, fallback)};
    if (path.is_relative()) path = GetDataDirNet(args, chain) / path;
    return path;
}

} // namespace

void AddSipSecureArgs(ArgsManager& args)
{
    args.AddArg("-siptlsport=<port>", "Listen for SIP over TLS (RFC 3261 26, sips:) on <port>; 0 disables TLS (default: -sipport + 1, "
                "i.e. 5061, testnet: 5063, regtest: 5065)", ALLOW_INT | NETWORK_ONLY, OptionsCategory::SIP);
    args.AddArg("-siptlscert=<file>", StrFormat("PEM certificate (chain) for SIP over TLS and secure WebSockets. Without -siptlscert and "
                "-siptlskey a self-signed certificate is created at the first start as %s in the data directory", DEFAULT_CERT_FILE),
                ALLOW_STRING | NETWORK_ONLY, OptionsCategory::SIP);
    args.AddArg("-siptlskey=<file>", StrFormat("PEM private key of -siptlscert (default: %s in the data directory, created with the "
                "self-signed certificate, mode 0600)", DEFAULT_KEY_FILE), ALLOW_STRING | NETWORK_ONLY, OptionsCategory::SIP);
    args.AddArg("-sipwsport=<port>", "Listen for SIP over WebSocket (RFC 7118, ws://) on <port>, where the browser phone is also served "
                "at /phone/ (default: 0, off)", ALLOW_INT | NETWORK_ONLY, OptionsCategory::SIP);
    args.AddArg("-sipwssport=<port>", "Listen for SIP over secure WebSocket (wss://, with the TLS certificate) on <port>, where the "
                "browser phone is also served at /phone/ over HTTPS (default: 0, off)", ALLOW_INT | NETWORK_ONLY, OptionsCategory::SIP);
    args.AddArg("-sipwwwdir=<dir>", StrFormat("Folder of the browser phone's files (default: %s)", DOTS_WWW_DIR), ALLOW_STRING,
                OptionsCategory::SIP);
    args.AddArg("-sipmaxconnections=<n>", "Most open SIP TCP, TLS and WebSocket connections (default: 4096)", ALLOW_INT, OptionsCategory::SIP);
    args.AddArg("-sipmaxconnectionsperip=<n>", "Most SIP connections accepted from one IP address; 0 disables the limit (default: 256)",
                ALLOW_INT, OptionsCategory::SIP);
}

util::Result<SipSecureOptions> GetSipSecureOptions(const ArgsManager& args, const BaseChainParams& chain, uint16_t sip_port)
{
    SipSecureOptions o;
    auto tls = PortArg(args, "-siptlsport", sip_port < 65535 ? sip_port + 1 : 0);
    auto ws = PortArg(args, "-sipwsport", 0);
    auto wss = PortArg(args, "-sipwssport", 0);
    for (const auto* r : {&tls, &ws, &wss}) {
        if (!*r) return util::Error{r->error()};
    }
    o.tls_port = *tls;
    o.ws_port = *ws;
    o.wss_port = *wss;
    const std::pair<const char*, uint16_t> ports[] = {{"-sipport", sip_port}, {"-siptlsport", o.tls_port}, {"-sipwsport", o.ws_port}, {"-sipwssport", o.wss_port}};
    for (size_t i = 0; i < std::size(ports); ++i) {
        for (size_t j = i + 1; j < std::size(ports); ++j) {
            if (ports[i].second != 0 && ports[i].second == ports[j].second) {
                return util::Error{StrFormat("%s and %s are both %u: each SIP transport needs its own port", ports[i].first, ports[j].first,
                                             (unsigned)ports[i].second)};
            }
        }
    }
    const bool cert = args.IsArgSet("-siptlscert");
    const bool key = args.IsArgSet("-siptlskey");
    if (cert != key) return util::Error{"-siptlscert and -siptlskey must be given together"};
    o.self_signed = !cert;
    o.cert_file = PathArg(args, chain, "-siptlscert", DEFAULT_CERT_FILE);
    o.key_file = PathArg(args, chain, "-siptlskey", DEFAULT_KEY_FILE);
    o.www_dir_given = args.IsArgSet("-sipwwwdir");
    o.www_dir = args.GetArg("-sipwwwdir", DOTS_WWW_DIR);
    const int64_t max_conn = args.GetIntArg("-sipmaxconnections", 4096);
    const int64_t per_ip = args.GetIntArg("-sipmaxconnectionsperip", 256);
    if (max_conn < 1 || max_conn > MAX_CONNECTIONS) return util::Error{"-sipmaxconnections must be between 1 and 1000000"};
    if (per_ip < 0 || per_ip > MAX_CONNECTIONS) return util::Error{"-sipmaxconnectionsperip must be between 0 and 1000000"};
    o.max_connections = static_cast<size_t>(max_conn);
    o.max_connections_per_ip = static_cast<size_t>(per_ip);
    return o;
}

util::Result<SipSecureRuntime> PrepareSipSecure(const SipSecureOptions& options, const std::vector<std::string>& names)
{
    SipSecureRuntime out;
    if (options.tls_port != 0 || options.wss_port != 0) {
        if (options.self_signed) {
            auto created = EnsureSelfSignedCertificate(options.cert_file, options.key_file, names.empty() ? std::string{} : names.front(), names);
            if (!created) return util::Error{created.error()};
            if (*created) LogInfo("SIP: created a self-signed TLS certificate %s (key %s)", options.cert_file.c_str(), options.key_file.c_str());
        }
        auto tls = TlsContext::Load(options.cert_file, options.key_file);
        if (!tls) return util::Error{tls.error() + (options.self_signed ? " (remove both files to create new ones)" : "")};
        LogInfo("SIP TLS certificate %s: %s, SHA-256 fingerprint %s%s", options.cert_file.c_str(), (*tls)->Subject().c_str(),
                (*tls)->Fingerprint().c_str(), (*tls)->NotAfter() < GetTime() ? " — EXPIRED: phones will refuse it" : "");
        out.tls = std::move(*tls);
    }
    if (options.ws_port != 0 || options.wss_port != 0) {
        auto www = WebFiles::Load(options.www_dir);
        if (!www && options.www_dir_given) return util::Error{"-sipwwwdir: " + www.error()};
        if (!www || www->Empty()) {
            LogWarning("SIP: no browser phone in %s, /phone/ will answer 404 (run contrib/www/bundle.sh and set -sipwwwdir)",
                       options.www_dir.c_str());
        }
        out.www = std::make_shared<const WebFiles>(www ? std::move(*www) : WebFiles{});
    }
    return out;
}

} // namespace sip
