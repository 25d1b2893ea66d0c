// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <net/eviction.h>

#include <algorithm>
#include <map>

namespace net {

namespace {
/** Sorts so that the entries to protect come last, then drops up to k of them that pass `keep`. */
template <typename Less, typename Filter>
void ProtectLast(std::vector<EvictionCandidate>& v, Less less, size_t k, Filter filter)
{
    std::sort(v.begin(), v.end(), less);
    size_t protected_count = 0;
    for (auto it = v.end(); it != v.begin() && protected_count < k;) {
        --it;
        if (!filter(*it)) continue;
        it = v.erase(it);
        ++protected_count;
    }
}

template <typename Less>
void ProtectLast(std::vector<EvictionCandidate>& v, Less less, size_t k)
{
    ProtectLast(v, less, k, [](const EvictionCandidate&) { return true; });
}

bool ByNetGroup(const EvictionCandidate& a, const EvictionCandidate& b) { return a.keyed_netgroup < b.keyed_netgroup; }
bool ByPing(const EvictionCandidate& a, const EvictionCandidate& b) { return a.min_ping_us > b.min_ping_us; }
bool ByUptime(const EvictionCandidate& a, const EvictionCandidate& b) { return a.connected_time > b.connected_time; }
bool ByTxTime(const EvictionCandidate& a, const EvictionCandidate& b)
{
    if (a.last_tx_time != b.last_tx_time) return a.last_tx_time < b.last_tx_time;
    if (a.relay_txs != b.relay_txs) return b.relay_txs;
    return a.connected_time > b.connected_time;
}
bool ByBlockTime(const EvictionCandidate& a, const EvictionCandidate& b)
{
    if (a.last_block_time != b.last_block_time) return a.last_block_time < b.last_block_time;
    return a.connected_time > b.connected_time;
}
bool ByBlockRelayOnlyBlockTime(const EvictionCandidate& a, const EvictionCandidate& b)
{
    if (a.relay_txs != b.relay_txs) return a.relay_txs;
    return ByBlockTime(a, b);
}

/** Protects half of the candidates by uptime, a quarter of the candidates reserved for
 * onion and local peers (which cannot win on ping or uptime against clearnet peers). */
void ProtectByRatio(std::vector<EvictionCandidate>& v)
{
    const size_t total_protect = v.size() / 2;
    if (total_protect == 0) return;
    const size_t reserved = total_protect / 2;
    size_t protected_disadvantaged = 0;
    if (reserved > 0) {
        const size_t before = v.size();
        ProtectLast(v, ByUptime, reserved, [](const EvictionCandidate& c) { return c.network == Network::ONION || c.is_local; });
        protected_disadvantaged = before - v.size();
    }
    ProtectLast(v, ByUptime, total_protect - protected_disadvantaged);
}
} // namespace

std::optional<NodeId> SelectNodeToEvict(std::vector<EvictionCandidate> candidates)
{
    ProtectLast(candidates, ByNetGroup, 4);
    ProtectLast(candidates, ByPing, 8);
    ProtectLast(candidates, ByTxTime, 4);
    ProtectLast(candidates, ByBlockRelayOnlyBlockTime, 8,
                [](const EvictionCandidate& c) { return !c.relay_txs && c.last_block_time > 0; });
    ProtectLast(candidates, ByBlockTime, 4);
    ProtectByRatio(candidates);
    if (candidates.empty()) return std::nullopt;

    if (std::any_of(candidates.begin(), candidates.end(), [](const auto& c) { return c.prefer_evict; })) {
        std::erase_if(candidates, [](const auto& c) { return !c.prefer_evict; });
    }

    // The network group with the most connections (ties: the one with the youngest peer).
    std::map<uint64_t, std::vector<EvictionCandidate>> groups;
    for (const auto& c : candidates) groups[c.keyed_netgroup].push_back(c);
    const std::vector<EvictionCandidate>* worst = nullptr;
    int64_t worst_youngest = 0;
    for (auto& [group, members] : groups) {
        std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.connected_time < b.connected_time; });
        const int64_t youngest = members.back().connected_time;
        if (!worst || members.size() > worst->size() || (members.size() == worst->size() && youngest > worst_youngest)) {
            worst = &members;
            worst_youngest = youngest;
        }
    }
    return worst->back().id;
}

} // namespace net
