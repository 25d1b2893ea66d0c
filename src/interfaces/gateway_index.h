// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_INTERFACES_GATEWAY_INDEX_H
#define DOTS_INTERFACES_GATEWAY_INDEX_H

/**
 * Which nodes terminate a phone number or serve a SIP domain: an in-memory index over the
 * registry's node records, built from the active nodes.
 *
 * Not consensus state: no rule reads it, so it is derived from the node records rather than
 * kept as records of its own (a shared list per prefix would make one node update rewrite, and
 * put in the block's undo data, lists as long as the number of nodes sharing its prefixes).
 * Build it again when node records change. Immutable after Build: thread-safe to read.
 */

#include <consensus/registry_state.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace interfaces {

class GatewayIndex
{
public:
    /** Indexes the prefixes and domains of the active nodes among `nodes`. */
    static GatewayIndex Build(const std::vector<consensus::NodeRecord>& nodes);

    struct GatewayMatch {
        consensus::Key node;
        std::string prefix; //!< the node's longest announced prefix of the number
        friend bool operator==(const GatewayMatch&, const GatewayMatch&) = default;
    };

    /**
     * Every active node that announced a prefix of E.164 `number` ("+" digits), sorted by node
     * key, with its longest matching prefix. The prefix length gives no priority between nodes
     * (doc/registry.md): the caller's node chooses by its own policy. Empty if none or `number`
     * does not start with "+".
     */
    std::vector<GatewayMatch> LookupNumber(std::string_view number) const;

    /** The active nodes serving SIP domain `domain`, sorted by key; empty if none. */
    std::vector<consensus::Key> LookupDomain(std::string_view domain) const;

    size_t PrefixCount() const { return m_prefixes.size(); }

private:
    std::map<std::string, std::vector<consensus::Key>, std::less<>> m_prefixes;
    std::map<std::string, std::vector<consensus::Key>, std::less<>> m_domains;
};

} // namespace interfaces

#endif // DOTS_INTERFACES_GATEWAY_INDEX_H
