// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_RPC_AUTH_H
#define DOTS_RPC_AUTH_H

/**
 * RPC authentication: RPCAuthenticator checks HTTP basic auth against the cookie, -rpcuser/
 * -rpcpassword and -rpcauth, and writes and removes the cookie file.
 */

#include <util/result.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rpc {

/**
 * HTTP basic-auth credentials for the RPC server, as Bitcoin Core accepts them:
 *  - the cookie "__cookie__:<random hex>" written to the cookie file at start (unless
 *    -rpcpassword is set), removed at stop;
 *  - -rpcuser/-rpcpassword;
 *  - any number of -rpcauth=<user>:<salt>$<hex HMAC-SHA256(key=salt, password)>.
 * Immutable after construction, so Check is thread-safe.
 */
class RPCAuthenticator
{
public:
    struct Options {
        std::string rpc_user;
        std::string rpc_password;
        std::vector<std::string> rpcauth; //!< raw -rpcauth values
        std::optional<std::filesystem::path> cookie_file; //!< where to write the cookie; nullopt: no cookie
    };

    /**
     * Checks -rpcauth syntax and writes the cookie (0600, atomically). Errors name the bad
     * -rpcauth value or the cookie path with the OS error.
     */
    static util::Result<RPCAuthenticator> Create(const Options& options);

    /**
     * Checks an HTTP Authorization header value ("Basic <base64 user:password>"). Returns the user
     * name on success. Comparison is timing-resistant.
     */
    std::optional<std::string> Check(std::string_view authorization_header) const;

    /** Removes the cookie file if this authenticator wrote one. Idempotent. */
    void DeleteCookie() const;

    /** Cookie file this authenticator wrote, if any. */
    const std::optional<std::filesystem::path>& CookieFile() const { return m_cookie_file; }

private:
    struct SaltedEntry {
        std::string user;
        std::string salt;
        std::string hmac_hex;
    };
    std::string m_user_password;         //!< "user:password" from -rpcuser/-rpcpassword, or ""
    std::string m_cookie_user_password;  //!< "__cookie__:<hex>", or ""
    std::vector<SaltedEntry> m_rpcauth;
    std::optional<std::filesystem::path> m_cookie_file;
};

} // namespace rpc

#endif // DOTS_RPC_AUTH_H
