// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_INTERFACES_SIP_CREDENTIALS_H
#define DOTS_INTERFACES_SIP_CREDENTIALS_H

/**
 * The seam between the wallet and the SIP registrar: SipCredentials lets the wallet hand the
 * registrar the Digest HA1 values of its handles without either library including the other.
 * The node implements it (node/wallet_setup.cpp).
 */

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace interfaces {

/** HA1 = H(handle ":" realm ":" password) for MD5 and SHA-256 (RFC 7616); password-equivalent
 * for the realm. */
struct SipHa1 {
    std::array<uint8_t, 16> md5{};
    std::array<uint8_t, 32> sha256{};
};

/**
 * The SIP registrar's credential store as the wallet sees it: the wallet persists the HA1 values
 * of its handles (setsipcredential) and feeds them to the registrar at start and on every
 * change; it never stores or passes on the password itself. Implemented by the node over the
 * registrar's CredentialStore (node/wallet_setup.cpp). Thread-safe.
 */
class SipCredentials
{
public:
    virtual ~SipCredentials() = default;
    /** The realm (the node's SIP domain) every HA1 is computed for. */
    virtual std::string Realm() const = 0;
    /** Both HA1 values of `handle` with `password` in Realm(). */
    virtual SipHa1 ComputeHa1(std::string_view handle, std::string_view password) const = 0;
    /** Sets the credential of `handle` (a canonical handle); false if the registrar refuses it. */
    virtual bool Set(std::string_view handle, const SipHa1& ha1) = 0;
    /** Removes it; false if there was none. */
    virtual bool Remove(std::string_view handle) = 0;
};

} // namespace interfaces

#endif // DOTS_INTERFACES_SIP_CREDENTIALS_H
