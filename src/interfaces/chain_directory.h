// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_INTERFACES_CHAIN_DIRECTORY_H
#define DOTS_INTERFACES_CHAIN_DIRECTORY_H

/**
 * The SIP router's view of the chain: the handle, node and presence records it needs and
 * ChainDirectory, the one interface through which it reads them and reports presence. The router
 * includes nothing else of the chain.
 */

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace interfaces {

/** A node's 32-byte identity (its registered node key). */
using NodeId = std::array<uint8_t, 32>;

/** One SIP endpoint a node listens on, as registered on chain. */
struct SipEndpoint {
    std::string uri; //!< e.g. "sip:node1.example.net:5060;transport=tcp"
};

/** What the chain says about a handle, as the SIP router needs it (doc/registry.md, Registry v2). */
struct HandleRecord {
    std::string handle;                  //!< canonical form: lowercase name or "+E.164"
    std::optional<NodeId> home_node;     //!< node holding its Digest credentials, if set
    std::optional<NodeId> bound_node;    //!< node of its current presence binding, if any
    std::array<uint8_t, 32> owner_key{}; //!< x-only key of the owner (for key-aware clients)

    /** The node that serves the handle: its binding's node, else its home node, else none. */
    std::optional<NodeId> ServingNode() const { return bound_node ? bound_node : home_node; }
};

/** What the chain says about a SIP node. */
struct NodeRecord {
    NodeId id{};
    std::vector<SipEndpoint> endpoints;
    std::vector<std::string> domains;       //!< SIP domains it serves
    std::vector<std::string> e164_prefixes; //!< number prefixes it terminates (gateway), 1-6 digits without "+"
    int64_t rate{0};                        //!< units per 60 s in force at the tip (0: free peering);
                                            //!< an advertised rate is in force one full epoch after it is mined
    bool active{true};                      //!< registered and not deregistered
};

/** Where a handle was seen, reported by the SIP layer (becomes gossip between nodes). */
struct PresenceReport {
    std::string handle;
    bool online{false};
};

/**
 * The only way the SIP router reads chain state. Implemented by the node over the registry (a
 * snapshot that validation notifications keep current), and in memory by tests and benchmarks.
 * Records are those of the active tip: expired handles and deregistered nodes' lookups say so
 * (a handle past its expiry is not found; a deregistered node has active = false).
 *
 * Every method is thread-safe and must not block on a chain-wide lock: the router calls
 * LookupHandle once per call on its hot path.
 */
class ChainDirectory
{
public:
    virtual ~ChainDirectory() = default;

    /** The handle's registry entry, or std::nullopt if it is not registered (or expired). */
    virtual std::optional<HandleRecord> LookupHandle(std::string_view handle) const = 0;

    /** A registered node (active or not), or std::nullopt. */
    virtual std::optional<NodeRecord> LookupNode(const NodeId& id) const = 0;

    /**
     * Every active node that announced a prefix of the E.164 number `e164_number` ("+" and
     * digits), sorted by node id. Prefix length gives no priority: the caller's node chooses
     * among them by its own policy (doc/registry.md).
     */
    virtual std::vector<NodeRecord> LookupGateways(std::string_view e164_number) const = 0;

    /** True if `id` is a node key of this node (a key of a loaded wallet). */
    virtual bool IsLocalNode(const NodeId& id) const = 0;

    /**
     * Reports that a handle registered here came online or went offline (for the presence gossip
     * between nodes; nothing reaches the chain). Never blocks.
     */
    virtual void ReportPresence(const PresenceReport& report) = 0;
};

} // namespace interfaces

#endif // DOTS_INTERFACES_CHAIN_DIRECTORY_H
