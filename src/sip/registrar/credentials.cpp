// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/registrar/credentials.h>

#include <sip/registrar/handle.h>

namespace sip {

CredentialStore::CredentialStore(std::string realm) : m_realm{std::move(realm)} {}

bool CredentialStore::SetCredential(std::string_view handle, std::string_view password)
{
    if (!IsCanonicalHandle(handle) || password.empty()) return false;
    // Hash outside the lock: it is the slow part, and the SIP thread reads concurrently.
    return SetHa1(handle, ComputeDigestHa1(handle, m_realm, password));
}

bool CredentialStore::SetHa1(std::string_view handle, const DigestHa1& ha1)
{
    if (!IsCanonicalHandle(handle)) return false;
    LOCK(m_mutex);
    auto it = m_entries.find(handle);
    if (it == m_entries.end()) {
        m_entries.emplace(std::string{handle}, ha1);
    } else {
        it->second = ha1;
    }
    return true;
}

bool CredentialStore::RemoveCredential(std::string_view handle)
{
    LOCK(m_mutex);
    auto it = m_entries.find(handle);
    if (it == m_entries.end()) return false;
    m_entries.erase(it); // ~DigestHa1 wipes the bytes
    return true;
}

std::optional<DigestHa1> CredentialStore::Lookup(std::string_view handle) const
{
    LOCK(m_mutex);
    auto it = m_entries.find(handle);
    if (it == m_entries.end()) return std::nullopt;
    return it->second;
}

bool CredentialStore::Has(std::string_view handle) const
{
    LOCK(m_mutex);
    return m_entries.find(handle) != m_entries.end();
}

size_t CredentialStore::Size() const
{
    LOCK(m_mutex);
    return m_entries.size();
}

} // namespace sip
