// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_PARSER_AUTH_H
#define DOTS_SIP_PARSER_AUTH_H

/**
 * Authorization and authenticate headers: the generic auth-param list and the Digest credentials
 * and challenges (RFC 3261 22, RFC 8760) the registrar reads from it.
 */

#include <optional>
#include <string_view>

namespace sip {

/**
 * Authorization, Proxy-Authorization, WWW-Authenticate, Proxy-Authenticate:
 * `auth-scheme LWS auth-param *( COMMA auth-param )`, auth-param = token EQUAL
 * ( token / quoted-string ). Views point into the parsed text.
 */
struct AuthHeader {
    std::string_view scheme;  // "Digest", or any other token (RFC 4475 regaut01)
    std::string_view params;  // the validated comma-separated auth-params

    bool IsDigest() const;
    /** Value of `name` (case-insensitive) as written (quoted strings keep their quotes), or
     *  nullopt if absent. */
    std::optional<std::string_view> Param(std::string_view name) const;
};

/** Parses the value of one auth header line. Rejects a missing scheme, params without "=",
 *  empty values, unterminated quotes and a parameter given twice. */
std::optional<AuthHeader> ParseAuthHeader(std::string_view value);

/** Fields of Digest credentials (RFC 3261 22.4, RFC 8760). Quoted values are returned without
 *  their quotes (escapes kept; Digest values never need them in practice). */
struct DigestCredentials {
    std::string_view username, realm, nonce, uri, response, algorithm, cnonce, opaque, qop, nc;
};

/** Extracts Digest credentials; requires scheme Digest and username, realm, nonce, uri and
 *  response; with qop also cnonce and an 8-hex-digit nc. */
std::optional<DigestCredentials> ParseDigestCredentials(const AuthHeader& header);

struct DigestChallenge {
    std::string_view realm, domain, nonce, opaque, algorithm, qop;
    bool stale{false};
};

/** Extracts a Digest challenge; requires scheme Digest, realm and nonce. */
std::optional<DigestChallenge> ParseDigestChallenge(const AuthHeader& header);

} // namespace sip

#endif // DOTS_SIP_PARSER_AUTH_H
