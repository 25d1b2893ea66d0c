// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_INTERFACES_MEMORY_DIRECTORY_H
#define DOTS_INTERFACES_MEMORY_DIRECTORY_H

/**
 * MemoryDirectory: a ChainDirectory held in memory, which dotsd gives the SIP router until it
 * reads the registry, and which tests and benchmarks fill by hand.
 */

#include <interfaces/chain_directory.h>
#include <util/sync.h>

#include <map>
#include <set>

namespace interfaces {

/**
 * A ChainDirectory held in memory: what the SIP router runs against before the registry exists,
 * and in unit tests and benchmarks. Thread-safe (one mutex; lookups copy out).
 */
class MemoryDirectory final : public ChainDirectory
{
public:
    void PutHandle(HandleRecord record) LOCKS_EXCLUDED(m_mutex);
    void PutNode(NodeRecord record) LOCKS_EXCLUDED(m_mutex);
    /** Makes `id` one of this node's own node keys (IsLocalNode). */
    void AddLocalNode(const NodeId& id) LOCKS_EXCLUDED(m_mutex);
    /** Presence reports received so far, oldest first (tests inspect them). */
    std::vector<PresenceReport> Reports() const LOCKS_EXCLUDED(m_mutex);

    std::optional<HandleRecord> LookupHandle(std::string_view handle) const override LOCKS_EXCLUDED(m_mutex);
    std::optional<NodeRecord> LookupNode(const NodeId& id) const override LOCKS_EXCLUDED(m_mutex);
    std::vector<NodeRecord> LookupGateways(std::string_view e164_number) const override LOCKS_EXCLUDED(m_mutex);
    bool IsLocalNode(const NodeId& id) const override LOCKS_EXCLUDED(m_mutex);
    void ReportPresence(const PresenceReport& report) override LOCKS_EXCLUDED(m_mutex);

private:
    mutable Mutex m_mutex;
    std::map<std::string, HandleRecord, std::less<>> m_handles GUARDED_BY(m_mutex);
    std::map<NodeId, NodeRecord> m_nodes GUARDED_BY(m_mutex);
    std::set<NodeId> m_local GUARDED_BY(m_mutex);
    std::vector<PresenceReport> m_reports GUARDED_BY(m_mutex);
};

} // namespace interfaces

#endif // DOTS_INTERFACES_MEMORY_DIRECTORY_H
