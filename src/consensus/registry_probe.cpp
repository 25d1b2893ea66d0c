// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <consensus/registry_probe.h>

#include <crypto/sha256.h>
#include <crypto/tagged_hash.h>
#include <serialize.h>

#include <algorithm>
#include <cassert>

namespace consensus {

ProbeSet::ProbeSet(std::vector<NodeWeight> nodes) : m_nodes{std::move(nodes)}
{
    m_start.reserve(m_nodes.size());
    for (size_t i = 0; i < m_nodes.size(); ++i) {
        assert(m_nodes[i].bond > 0 && m_nodes[i].bond <= MAX_MONEY);
        assert(i == 0 || m_nodes[i - 1].node < m_nodes[i].node);
        m_start.push_back(m_total);
        m_total += static_cast<uint64_t>(m_nodes[i].bond);
        assert(m_total <= static_cast<uint64_t>(MAX_MONEY));
    }
}

std::optional<size_t> ProbeSet::Find(const Key& key) const
{
    const auto it = std::lower_bound(m_nodes.begin(), m_nodes.end(), key,
                                     [](const NodeWeight& n, const Key& k) { return n.node < k; });
    if (it == m_nodes.end() || it->node != key) return std::nullopt;
    return static_cast<size_t>(it - m_nodes.begin());
}

size_t ProbeSet::Locate(uint64_t x) const
{
    assert(x < m_total);
    // The last node whose interval starts at or before x.
    const auto it = std::upper_bound(m_start.begin(), m_start.end(), x);
    return static_cast<size_t>(it - m_start.begin()) - 1;
}

uint64_t ProbeDrawValue(const uint256& seed_hash, const Key& target, uint32_t index)
{
    static const CSHA256 HASHER{TaggedHasher("DOTS/ProbeDraw")};
    HashWriter w{HASHER};
    WriteUint256(w, seed_hash);
    w.Write(target);
    WriteU32(w, index);
    const uint256 d = w.GetSHA256();
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | d.span()[i];
    return v;
}

uint64_t UnbiasedDraw(const uint256& seed_hash, const Key& target, uint64_t width, uint32_t& index)
{
    assert(width >= 1);
    // (0 - width) % width = 2^64 mod width in unsigned arithmetic; limit 0 stands for 2^64.
    const uint64_t limit = 0 - ((0 - width) % width);
    uint64_t v;
    do {
        v = ProbeDrawValue(seed_hash, target, index++);
    } while (limit != 0 && v >= limit);
    return v % width;
}

std::vector<size_t> DrawProbers(const ProbeSet& set, const uint256& seed_hash, size_t target, int count)
{
    assert(target < set.size() && count >= 0);
    const Key& target_key = set.Node(target).node;
    // Excluded nodes (the target, then every prober drawn) in ascending order.
    std::vector<size_t> excluded{target};
    uint64_t excluded_bond = static_cast<uint64_t>(set.Node(target).bond);
    std::vector<size_t> probers;
    uint32_t index = 0;
    while (probers.size() < static_cast<size_t>(count) && excluded.size() < set.size()) {
        const uint64_t width = set.TotalBond() - excluded_bond; // W' > 0: some node is left
        uint64_t x = UnbiasedDraw(seed_hash, target_key, width, index);
        // Map from the space without the excluded intervals back to [0, TotalBond()).
        for (size_t i : excluded) {
            if (set.Start(i) > x) break;
            x += static_cast<uint64_t>(set.Node(i).bond);
        }
        const size_t drawn = set.Locate(x);
        probers.push_back(drawn);
        // Indices ascend with interval starts: keep `excluded` sorted by index.
        excluded.insert(std::upper_bound(excluded.begin(), excluded.end(), drawn), drawn);
        excluded_bond += static_cast<uint64_t>(set.Node(drawn).bond);
    }
    return probers;
}

std::vector<Key> DrawProberKeys(const ProbeSet& set, const uint256& seed_hash, size_t target, int count)
{
    std::vector<Key> keys;
    for (const size_t i : DrawProbers(set, seed_hash, target, count)) keys.push_back(set.Node(i).node);
    return keys;
}

uint256 ProbeChallengeMessage(const Key& target, const Key& prober, uint32_t epoch, const uint256& genesis_hash)
{
    static const CSHA256 HASHER{TaggedHasher("DOTS/ProbeChallenge")};
    HashWriter w{HASHER};
    WriteUint256(w, genesis_hash);
    w.Write(target);
    w.Write(prober);
    WriteU32(w, epoch);
    return w.GetSHA256();
}

uint256 ProbeAnswerMessage(const Key& target, const Key& prober, uint32_t epoch, const Sig& prober_sig,
                           const uint256& genesis_hash)
{
    static const CSHA256 HASHER{TaggedHasher("DOTS/ProbeAnswer")};
    HashWriter w{HASHER};
    WriteUint256(w, genesis_hash);
    w.Write(target);
    w.Write(prober);
    WriteU32(w, epoch);
    w.Write(prober_sig);
    return w.GetSHA256();
}

CAmount PoolShare(CAmount pool, CAmount bond, CAmount total)
{
    assert(pool >= 0 && bond >= 0 && total >= 0 && bond <= total);
    if (total == 0) return 0;
    const unsigned __int128 product = static_cast<unsigned __int128>(pool) * static_cast<uint64_t>(bond);
    // bond <= total: the quotient is at most pool.
    return static_cast<CAmount>(product / static_cast<uint64_t>(total));
}

std::optional<ProbeSet> LoadFrozenSet(const RecordStore& store, uint32_t epoch)
{
    const std::optional<NodeSetHeader> header = ReadFrozenHeader(store, epoch);
    if (!header) return std::nullopt;
    std::vector<NodeWeight> nodes;
    nodes.reserve(header->node_count);
    for (uint8_t bucket : header->buckets) {
        NodeList list = ReadFrozenBucket(store, epoch, bucket);
        nodes.insert(nodes.end(), list.nodes.begin(), list.nodes.end());
    }
    return ProbeSet{std::move(nodes)};
}

} // namespace consensus
