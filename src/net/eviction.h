// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NET_EVICTION_H
#define DOTS_NET_EVICTION_H

/**
 * Which inbound peer to drop when every inbound slot is taken and a new peer connects
 * (Bitcoin Core's SelectNodeToEvict). An attacker who opens many connections should not be
 * able to push out the peers that are hard to fake, so these are protected first:
 *   4 peers from distinct network groups (keyed, so the attacker cannot aim at them),
 *   8 with the lowest ping, 4 that most recently gave us a new transaction, up to 8
 *   block-relay-only peers and 4 other peers that most recently gave us a new block,
 *   then half of the rest by connection age, a quarter of it kept for onion and local peers
 *   (which always look young and slow).
 * Of what remains, discouraged peers go first; otherwise the youngest peer of the network
 * group with the most connections is evicted. Pure function, thread-compatible.
 */

#include <net/address.h>
#include <net/node.h>

#include <cstdint>
#include <optional>
#include <vector>

namespace net {

struct EvictionCandidate {
    NodeId id{0};
    int64_t connected_time{0};   //!< UNIX seconds
    int64_t min_ping_us{0};
    int64_t last_block_time{0};
    int64_t last_tx_time{0};
    bool relay_txs{false};       //!< a full-relay peer (false: block-relay-only)
    uint64_t keyed_netgroup{0};
    bool prefer_evict{false};    //!< discouraged
    bool is_local{false};        //!< loopback (e.g. inbound through a local Tor daemon)
    Network network{Network::IPV4};
};

/** The peer to evict, or nullopt when every candidate is protected. */
std::optional<NodeId> SelectNodeToEvict(std::vector<EvictionCandidate> candidates);

} // namespace net

#endif // DOTS_NET_EVICTION_H
