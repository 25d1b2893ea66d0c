// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_ZMQ_REGISTRY_EVENTS_H
#define DOTS_ZMQ_REGISTRY_EVENTS_H

/**
 * The registry topics of the ZMQ notifications: what a block changed in the registry, read from
 * its record diff (the before and after value of every record key it changed, which the
 * validation notifications carry), as events a subscriber understands without decoding
 * records (doc/zmq.md):
 *
 *   registryhandle      a handle was registered, updated (owner, home, identity, renewal) or,
 *                       when its registration is disconnected, removed
 *   registrybinding     the node a handle is reached at changed (a new binding, or a
 *                       transfer or re-registration that cleared it)
 *   registrynode        a node was registered, updated or deregistered
 *   registrysettlement  a node pair's epoch was settled or topped up by a higher voucher
 *
 * Pure; thread-safe.
 */

#include <chainstate/registry_store.h>

#include <string>
#include <vector>

namespace zmq {

struct RegistryEvent {
    std::string topic; //!< one of the topics above
    std::string json;  //!< the body: a JSON object, UTF-8
};

/**
 * The events of `diff`, the registry changes of block `block_hash` at `height`, in key order
 * of the diff. With connected=false (the block was disconnected) the changes run backwards:
 * each event describes the state going from `after` back to `before`, with "connected": false.
 */
std::vector<RegistryEvent> RegistryEventsFromDiff(const chainstate::RecordDiff& diff, const std::string& block_hash,
                                                  int height, bool connected);

} // namespace zmq

#endif // DOTS_ZMQ_REGISTRY_EVENTS_H
