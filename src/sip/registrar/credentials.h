// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_REGISTRAR_CREDENTIALS_H
#define DOTS_SIP_REGISTRAR_CREDENTIALS_H

/**
 * CredentialStore: the Digest credentials (HA1 per algorithm) of the handles homed at this node,
 * filled by setsipcredential and read by the registrar and the proxy.
 */

#include <sip/registrar/digest.h>
#include <util/sync.h>

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sip {

/**
 * The Digest credentials of the handles homed at this node: per canonical handle, HA1 for MD5
 * and for SHA-256 in this node's realm. Plaintext passwords are never stored (HA1 is still
 * password-equivalent for the realm, so treat this like a key store).
 *
 * Memory only for now (RPC setsipcredential fills it; persisting it is the wallet's job).
 * Thread-safe: RPC threads write, the SIP thread reads; one mutex, lookups copy out.
 */
class CredentialStore
{
public:
    /** `realm` is the node's SIP domain; every HA1 is computed for it. */
    explicit CredentialStore(std::string realm);

    const std::string& Realm() const { return m_realm; }

    /**
     * Sets (or replaces) the credential of `handle`, which must be canonical
     * (IsCanonicalHandle); the username in Digest is the handle itself. Returns false, storing
     * nothing, for a non-canonical handle or an empty password.
     */
    [[nodiscard]] bool SetCredential(std::string_view handle, std::string_view password) LOCKS_EXCLUDED(m_mutex);

    /** Stores a precomputed HA1 pair (restoring from a backup, tests). Same checks. */
    [[nodiscard]] bool SetHa1(std::string_view handle, const DigestHa1& ha1) LOCKS_EXCLUDED(m_mutex);

    /** Removes the credential; returns whether there was one. */
    bool RemoveCredential(std::string_view handle) LOCKS_EXCLUDED(m_mutex);

    /** A copy of the handle's HA1 pair, or std::nullopt. */
    std::optional<DigestHa1> Lookup(std::string_view handle) const LOCKS_EXCLUDED(m_mutex);

    bool Has(std::string_view handle) const LOCKS_EXCLUDED(m_mutex);
    size_t Size() const LOCKS_EXCLUDED(m_mutex);

private:
    /** Hashes std::string and std::string_view alike, so lookups by view copy nothing. */
    struct HandleHash {
        using is_transparent = void;
        size_t operator()(std::string_view handle) const { return std::hash<std::string_view>{}(handle); }
    };

    const std::string m_realm;
    mutable Mutex m_mutex;
    // Unordered: every REGISTER looks its handle up, and a tree of many handles costs a
    // cache miss per level (doc/benchmarks.md).
    std::unordered_map<std::string, DigestHa1, HandleHash, std::equal_to<>> m_entries GUARDED_BY(m_mutex);
};

} // namespace sip

#endif // DOTS_SIP_REGISTRAR_CREDENTIALS_H
