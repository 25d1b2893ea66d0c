// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_REGISTRAR_REGISTRAR_H
#define DOTS_SIP_REGISTRAR_REGISTRAR_H

// REGISTER processing (RFC 3261 10.3) as a pure component: a parsed request and where it came
// from in, the response to send out. No sockets, no timers; the transaction layer calls it
// for each new REGISTER server transaction and sends (and retransmits) the reply.

#include <sip/parser/message.h>
#include <sip/registrar/credentials.h>
#include <sip/registrar/digest.h>
#include <sip/registrar/location.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace interfaces {
class ChainDirectory;
}

namespace sip {

struct RegistrarOptions {
    /** The SIP domains we are the registrar for, and the node's own addresses (host names
     *  or IP literals, IPv6 without brackets). Compared case-insensitively with the host of
     *  the Request-URI and of the To URI. Must not be empty. */
    std::vector<std::string> domains;
    /** Expiry when neither the Contact's expires parameter nor an Expires header gives one. */
    uint32_t default_expires{3600};
    /** -sipminexpires: shorter non-zero expiries get 423 Interval Too Brief. */
    uint32_t min_expires{60};
    /** -sipmaxexpires: longer expiries are shortened to this. */
    uint32_t max_expires{3600};
};

/** Where a request came from and when. */
struct RequestContext {
    std::string source_ip;                //!< IPv6 without brackets
    uint16_t source_port{0};
    Transport transport{Transport::UDP};
    uint64_t connection_id{0};            //!< 0 for UDP
    /** Unix time in seconds (the Date header shows it); the same clock as ExpireStale's. */
    int64_t now{0};
};

/** The response to send. `message` is complete (status line to body), ready for the wire. */
struct RegistrarReply {
    uint16_t code{0};
    std::string reason;
    /** The extra header lines added to the response (each ends in CRLF), for logs and tests. */
    std::string headers;
    std::string message;
    /** The AOR's bindings on 200 OK (Lookup order), empty otherwise. */
    std::vector<ContactBinding> bindings;
};

/** Where Digest credentials are read from and how a challenge is answered: as a registrar
 *  (RFC 3261 22.2: Authorization, 401 with WWW-Authenticate) or as a proxy (22.3:
 *  Proxy-Authorization, 407 with Proxy-Authenticate). */
struct DigestRole {
    HeaderType credentials_header;
    uint16_t challenge_code;
    std::string_view challenge_reason;
    std::string_view challenge_header;
};
inline constexpr DigestRole REGISTRAR_DIGEST{HeaderType::AUTHORIZATION, 401, "Unauthorized", "WWW-Authenticate"};
inline constexpr DigestRole PROXY_DIGEST{HeaderType::PROXY_AUTHORIZATION, 407, "Proxy Authentication Required",
                                         "Proxy-Authenticate"};

/** Why a request was not authenticated: the response to send (`headers`: its extra header
 *  lines, each ending in CRLF, e.g. the challenges). */
struct DigestDenial {
    uint16_t code{0};
    std::string reason;
    std::string headers;
};

/**
 * Digest authentication of `request` (from `source_ip` at `now`; `peer` names it in log lines)
 * as user `handle`, whose stored HA1 is `ha1` (null: the handle has no credentials here), in
 * `role`. Reads the credentials for `auth`'s realm from role.credentials_header. Returns
 * std::nullopt when they are valid (their nonce-count is then recorded), otherwise:
 *   challenge (role.challenge_code, one role.challenge_header per algorithm) when there are no
 *       credentials for our realm or their nonce is not ours; with stale=true for a stale
 *       nonce or a replayed nonce-count
 *   400 unparsable credentials, an unsupported algorithm or qop
 *   403 "Wrong Realm" (credentials for other realms only), "Username Does Not Match" (the
 *       username is not `handle`), "Forbidden (no credentials here)" (`ha1` null),
 *       "Forbidden" (wrong password).
 * Never throws; takes the authenticator's nonce-count lock briefly, never blocks otherwise.
 */
std::optional<DigestDenial> CheckDigest(DigestAuthenticator& auth, const DigestRole& role, const SipMessage& request,
                                        std::string_view handle, const DigestHa1* ha1, int64_t now,
                                        std::string_view source_ip, std::string_view peer);

/**
 * The registrar. Holds references to the stores it uses, which must outlive it. Thread-safe
 * as far as its stores are (they are): HandleRegister may run on several threads, each with
 * its own SipMessage.
 */
class Registrar
{
public:
    /**
     * `auth.Realm()` must equal `credentials.Realm()` (a programmer error otherwise: asserts).
     * `directory` may be null (tests); when set, it distinguishes "handle on chain but not homed
     * here" (403) from "no such handle" (404).
     */
    Registrar(RegistrarOptions options, CredentialStore& credentials, LocationService& location,
              DigestAuthenticator& auth, const interfaces::ChainDirectory* directory);
    /** Reads the chain through `directory` from now on (SipService::SetChainDirectory, before the
     *  SIP thread starts). */
    void SetDirectory(const interfaces::ChainDirectory* directory) { m_directory = directory; }

    /**
     * Processes one REGISTER (RFC 3261 10.3) and returns the final response:
     *   400 malformed request (missing/bad To, Call-ID, CSeq, Contact, Expires, "*" misuse)
     *   401 challenge (no credentials, an old/foreign nonce, stale=true for a stale nonce)
     *   403 wrong password for a fresh nonce, credentials for another realm or user, handle
     *       without credentials here but on chain, handle whose home node on chain is another
     *       node, too many contacts in one request
     *   404 To/Request-URI not in our domains, not a handle, or an unknown handle
     *   416 non-SIP Contact URI; 420 Require with any option tag
     *   423 non-zero expiry below min_expires (with Min-Expires)
     *   500 Call-ID/CSeq out of order (the bindings are unchanged)
     *   503 the location table is full (with Retry-After)
     *   200 with every current binding (Contact with expires), and Date.
     * Bad credentials never create a binding. Does not throw.
     */
    RegistrarReply HandleRegister(const SipMessage& request, const RequestContext& ctx);

    const RegistrarOptions& Options() const { return m_options; }
    /** The Digest authenticator the registrar challenges with (the proxy challenges with it too). */
    DigestAuthenticator& Auth() const { return m_auth; }

private:
    bool IsOurDomain(std::string_view host) const;
    /** Steps 6-8 once the request is authenticated. */
    RegistrarReply UpdateBindings(const SipMessage& request, const RequestContext& ctx, const std::string& handle);

    RegistrarOptions m_options;
    CredentialStore& m_credentials;
    LocationService& m_location;
    DigestAuthenticator& m_auth;
    const interfaces::ChainDirectory* m_directory;
};

/** RFC 1123 date for the Date header ("Sat, 13 Nov 2010 23:29:00 GMT"). */
std::string FormatHttpDate(int64_t unix_time);

/** A qvalue in thousandths as SIP writes it (500 -> "0.5", 1000 -> "1"). */
std::string FormatQValue(uint16_t q_milli);

} // namespace sip

#endif // DOTS_SIP_REGISTRAR_REGISTRAR_H
