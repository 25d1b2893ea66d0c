// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <rpc/auth.h>

#include <crypto/hmac_sha256.h>
#include <crypto/random.h>
#include <rpc/protocol.h>
#include <util/fs.h>
#include <util/strencodings.h>

#include <array>
#include <system_error>

namespace rpc {

util::Result<RPCAuthenticator> RPCAuthenticator::Create(const Options& options)
{
    RPCAuthenticator auth;
    if (!options.rpc_user.empty() || !options.rpc_password.empty()) {
        if (options.rpc_user.empty() || options.rpc_password.empty()) {
            return util::Error{"-rpcuser and -rpcpassword must be given together"};
        }
        if (options.rpc_user.find(':') != std::string::npos) return util::Error{"-rpcuser must not contain ':'"};
        auth.m_user_password = options.rpc_user + ":" + options.rpc_password;
    }
    for (const std::string& entry : options.rpcauth) {
        // <user>:<salt>$<hmac hex>
        const size_t colon = entry.find(':');
        const size_t dollar = entry.find('$', colon == std::string::npos ? 0 : colon);
        if (colon == std::string::npos || dollar == std::string::npos || colon == 0 || dollar == colon + 1) {
            return util::Error{"Invalid -rpcauth argument '" + entry + "': expected <user>:<salt>$<hash>"};
        }
        SaltedEntry salted{entry.substr(0, colon), entry.substr(colon + 1, dollar - colon - 1), entry.substr(dollar + 1)};
        const auto hash = TryParseHex(salted.hmac_hex);
        if (!hash || hash->size() != CHMAC_SHA256::OUTPUT_SIZE) {
            return util::Error{"Invalid -rpcauth argument '" + entry + "': the hash must be 64 hex digits"};
        }
        salted.hmac_hex = ToLower(salted.hmac_hex);
        auth.m_rpcauth.push_back(std::move(salted));
    }
    if (options.cookie_file) {
        std::array<uint8_t, 32> secret;
        GetStrongRandBytes(secret);
        const std::string cookie = std::string{COOKIEAUTH_USER} + ":" + HexStr(secret);
        if (auto res = WriteFileAtomic(*options.cookie_file, cookie, /*private_mode=*/true); !res) {
            return util::Error{"Unable to write the RPC cookie file: " + res.error()};
        }
        auth.m_cookie_user_password = cookie;
        auth.m_cookie_file = options.cookie_file;
    }
    return auth;
}

std::optional<std::string> RPCAuthenticator::Check(std::string_view header) const
{
    constexpr std::string_view prefix{"Basic "};
    if (!header.starts_with(prefix)) return std::nullopt;
    const auto decoded = DecodeBase64(TrimView(header.substr(prefix.size())));
    if (!decoded) return std::nullopt;
    const std::string user_password{decoded->begin(), decoded->end()};
    const size_t colon = user_password.find(':');
    if (colon == std::string::npos) return std::nullopt;
    const std::string user = user_password.substr(0, colon);
    const std::string password = user_password.substr(colon + 1);

    if (!m_cookie_user_password.empty() && TimingResistantEqual(user_password, m_cookie_user_password)) return user;
    if (!m_user_password.empty() && TimingResistantEqual(user_password, m_user_password)) return user;
    for (const SaltedEntry& entry : m_rpcauth) {
        if (!TimingResistantEqual(user, entry.user)) continue;
        std::array<uint8_t, CHMAC_SHA256::OUTPUT_SIZE> mac;
        CHMAC_SHA256{std::span{reinterpret_cast<const uint8_t*>(entry.salt.data()), entry.salt.size()}}
            .Write(std::span{reinterpret_cast<const uint8_t*>(password.data()), password.size()})
            .Finalize(mac);
        if (TimingResistantEqual(HexStr(mac), entry.hmac_hex)) return user;
    }
    return std::nullopt;
}

void RPCAuthenticator::DeleteCookie() const
{
    if (!m_cookie_file) return;
    std::error_code ec;
    std::filesystem::remove(*m_cookie_file, ec);
}

} // namespace rpc
