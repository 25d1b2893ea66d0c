// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <interfaces/gateway_index.h>

#include <algorithm>

namespace interfaces {

GatewayIndex GatewayIndex::Build(const std::vector<consensus::NodeRecord>& nodes)
{
    GatewayIndex index;
    for (const consensus::NodeRecord& node : nodes) {
        if (!node.IsActive()) continue;
        for (const std::string& prefix : node.prefixes) index.m_prefixes[prefix].push_back(node.node);
        for (const std::string& domain : node.domains) index.m_domains[domain].push_back(node.node);
    }
    for (auto* table : {&index.m_prefixes, &index.m_domains}) {
        for (auto& [name, keys] : *table) {
            std::sort(keys.begin(), keys.end());
            keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
        }
    }
    return index;
}

std::vector<GatewayIndex::GatewayMatch> GatewayIndex::LookupNumber(std::string_view number) const
{
    if (number.size() < 2 || number[0] != '+') return {};
    // Announced prefixes are "+" and 1-6 digits: at most 6 probes. Longest first, so the first
    // entry of a node is its longest matching prefix.
    std::map<consensus::Key, std::string> found;
    for (size_t len = std::min<size_t>(number.size(), consensus::MAX_PREFIX_SIZE); len >= 2; --len) {
        auto it = m_prefixes.find(number.substr(0, len));
        if (it == m_prefixes.end()) continue;
        for (const consensus::Key& node : it->second) found.try_emplace(node, it->first);
    }
    std::vector<GatewayMatch> out;
    out.reserve(found.size());
    for (auto& [node, prefix] : found) out.push_back(GatewayMatch{node, std::move(prefix)});
    return out;
}

std::vector<consensus::Key> GatewayIndex::LookupDomain(std::string_view domain) const
{
    auto it = m_domains.find(domain);
    return it == m_domains.end() ? std::vector<consensus::Key>{} : it->second;
}

} // namespace interfaces
