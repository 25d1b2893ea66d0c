// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CONSENSUS_REGISTRY_PROBE_H
#define DOTS_CONSENSUS_REGISTRY_PROBE_H

/**
 * Availability probing (doc/registry.md "Availability rewards"): the active set frozen at an
 * epoch's seed, the draw of each target's probers by bond, the challenge and answer messages
 * probers and targets sign, and a target's pool share.
 *
 * The draw is consensus: validation uses it to check receipts, the SIP network to decide whom a
 * node probes. Everything here is integer arithmetic and SHA-256; fixed vectors are in
 * src/test/registry_probe_tests.cpp and test/functional/test_framework/registry.py.
 *
 * Pure functions and immutable values; thread-safe.
 */

#include <consensus/registry_payload.h>
#include <consensus/registry_state.h>
#include <primitives/amount.h>
#include <primitives/uint256.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace consensus {

/**
 * The frozen active set of an epoch, flattened: nodes in ascending key order, node i owning the
 * bond interval [Start(i), Start(i) + bond_i) of [0, TotalBond()).
 */
class ProbeSet
{
public:
    ProbeSet() = default;
    /** `nodes` must be sorted by key, without duplicates, with bonds in [1, MAX_MONEY] and a total
     * of at most MAX_MONEY (asserts: the records that hold them are checked when decoded). */
    explicit ProbeSet(std::vector<NodeWeight> nodes);

    size_t size() const { return m_nodes.size(); }
    bool empty() const { return m_nodes.empty(); }
    const NodeWeight& Node(size_t i) const { return m_nodes[i]; }
    uint64_t Start(size_t i) const { return m_start[i]; }
    uint64_t TotalBond() const { return m_total; }
    /** The index of `key`, or std::nullopt. O(log n). */
    std::optional<size_t> Find(const Key& key) const;
    /** The node whose interval contains `x` (< TotalBond(), asserts). O(log n). */
    size_t Locate(uint64_t x) const;

private:
    std::vector<NodeWeight> m_nodes;
    std::vector<uint64_t> m_start;
    uint64_t m_total{0};
};

/** The first 8 bytes, as a little-endian u64, of TaggedHash("DOTS/ProbeDraw", seed || target || index:u32). */
uint64_t ProbeDrawValue(const uint256& seed_hash, const Key& target, uint32_t index);

/**
 * One unbiased draw in [0, width) (width >= 1): ProbeDrawValue(seed, target, index++) until the
 * value is below the largest multiple of `width` that fits in 2^64, then that value mod `width`.
 * `index` is advanced past every value used.
 */
uint64_t UnbiasedDraw(const uint256& seed_hash, const Key& target, uint64_t width, uint32_t& index);

/**
 * The probers of node `target` (an index into `set`): up to `count` distinct other nodes drawn by
 * bond without replacement with the unbiased mapping of doc/registry.md "The draw". Returns their
 * indices into `set` in draw order (a receipt's index is a position in this list). Fewer than
 * `count` only when the set has fewer other nodes. O(count^2 + count log n) hashes and steps.
 */
std::vector<size_t> DrawProbers(const ProbeSet& set, const uint256& seed_hash, size_t target, int count);

/**
 * The node keys of DrawProbers(set, seed_hash, target, count), in draw order: position i is the
 * prober whose receipt has index i. What probers, targets, the wallet and the RPCs compare
 * challenges and receipts against. Same preconditions and cost as DrawProbers.
 */
std::vector<Key> DrawProberKeys(const ProbeSet& set, const uint256& seed_hash, size_t target, int count);

/** TaggedHash("DOTS/ProbeChallenge", genesis_hash || target || prober || epoch:u32): what the prober signs. */
uint256 ProbeChallengeMessage(const Key& target, const Key& prober, uint32_t epoch, const uint256& genesis_hash);

/** TaggedHash("DOTS/ProbeAnswer", genesis_hash || target || prober || epoch:u32 || prober_sig): what
 * the target signs back in its OPTIONS answer (checked by the prober, never on chain). */
uint256 ProbeAnswerMessage(const Key& target, const Key& prober, uint32_t epoch, const Sig& prober_sig,
                           const uint256& genesis_hash);

/** floor(pool * bond / total) in 128 bits; 0 if total is 0. Inputs in [0, MAX_MONEY]-ish (asserts >= 0). */
CAmount PoolShare(CAmount pool, CAmount bond, CAmount total);

/**
 * The frozen set of `epoch` read from `store`, or std::nullopt if none was frozen (epoch 0, or
 * erased). Aborts on a corrupt record (see registry_state.h).
 */
std::optional<ProbeSet> LoadFrozenSet(const RecordStore& store, uint32_t epoch);

} // namespace consensus

#endif // DOTS_CONSENSUS_REGISTRY_PROBE_H
