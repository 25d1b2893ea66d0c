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

void MemoryDirectory::AddLocalNode(const NodeId& id)
{
    LOCK(m_mutex);
    m_local.insert(id);
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

std::vector<NodeRecord> MemoryDirectory::LookupGateways(std::string_view number) const
{
    // "+" and digits; prefixes are digits without the "+".
    const std::string_view digits = number.starts_with('+') ? number.substr(1) : std::string_view{};
    std::vector<NodeRecord> gateways;
    LOCK(m_mutex);
    for (const auto& [id, node] : m_nodes) { // std::map: sorted by node id
        if (!node.active || digits.empty()) continue;
        for (const std::string& prefix : node.e164_prefixes) {
            if (!prefix.empty() && digits.starts_with(prefix)) {
                gateways.push_back(node);
                break;
            }
        }
    }
    return gateways;
}

bool MemoryDirectory::IsLocalNode(const NodeId& id) const
{
    LOCK(m_mutex);
    return m_local.contains(id);
}

void MemoryDirectory::ReportPresence(const PresenceReport& report)
{
    LOCK(m_mutex);
    m_reports.push_back(report);
}

} // namespace interfaces
