// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <interfaces/memory_directory.h>

namespace interfaces {

void MemoryDirectory::PutHandle(HandleRecord record)
{
    LOCK(m_mutex);
    std::string key = record.handle;
    m_handles[std::move(key)] = std::move(record);
}

void MemoryDirectory::PutNode(NodeRecord record)
{
    LOCK(m_mutex);
    m_nodes[record.id] = std::move(record);
}

void MemoryDirectory::SetLocalNode(std::optional<NodeId> id)
{
    LOCK(m_mutex);
    m_local = id;
}

std::vector<PresenceReport> MemoryDirectory::Reports() const
{
    LOCK(m_mutex);
    return m_reports;
}

std::optional<HandleRecord> MemoryDirectory::LookupHandle(std::string_view handle) const
{
    LOCK(m_mutex);
    const auto it = m_handles.find(handle);
    if (it == m_handles.end()) return std::nullopt;
    return it->second;
}

std::optional<NodeRecord> MemoryDirectory::LookupNode(const NodeId& id) const
{
    LOCK(m_mutex);
    const auto it = m_nodes.find(id);
    if (it == m_nodes.end()) return std::nullopt;
    return it->second;
}

std::optional<NodeRecord> MemoryDirectory::LookupGateway(std::string_view number) const
{
    LOCK(m_mutex);
    const NodeRecord* best = nullptr;
    size_t best_len = 0;
    for (const auto& [id, node] : m_nodes) {
        for (const std::string& prefix : node.e164_prefixes) {
            if (prefix.size() > best_len && number.starts_with(prefix)) {
                best = &node;
                best_len = prefix.size();
            }
        }
    }
    if (!best) return std::nullopt;
    return *best;
}

std::optional<NodeId> MemoryDirectory::LocalNode() const
{
    LOCK(m_mutex);
    return m_local;
}

void MemoryDirectory::ReportPresence(const PresenceReport& report)
{
    LOCK(m_mutex);
    m_reports.push_back(report);
}

} // namespace interfaces
