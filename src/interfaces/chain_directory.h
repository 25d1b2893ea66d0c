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

/** What the chain says about a handle, as the SIP router needs it. */
struct HandleRecord {
    std::string handle;                  //!< canonical form: lowercase name or "+E.164"
    std::optional<NodeId> home_node;     //!< node holding its Digest credentials, if set
    std::optional<NodeId> current_node;  //!< node of the freshest presence proof, if online
    bool online{false};                  //!< false when the last presence is older than the offline depth
    std::array<uint8_t, 32> owner_key{}; //!< x-only key of the owner (for key-aware clients)
};

/** What the chain says about a SIP node. */
struct NodeRecord {
    NodeId id{};
    std::vector<SipEndpoint> endpoints;
    std::vector<std::string> domains;       //!< SIP domains it serves
    std::vector<std::string> e164_prefixes; //!< number prefixes it terminates (gateway)
};

/** Where a handle was seen, reported by the SIP layer (becomes a presence announcement/proof). */
struct PresenceReport {
    std::string handle;
    bool online{false};
};

/**
 * The only way the SIP router reads or writes chain state. Implemented by the node over the
 * registry state (a snapshot validation keeps current), and in memory by tests and benchmarks.
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

    /** A registered node, or std::nullopt. */
    virtual std::optional<NodeRecord> LookupNode(const NodeId& id) const = 0;

    /** The node terminating the longest registered prefix of an E.164 number, or std::nullopt. */
    virtual std::optional<NodeRecord> LookupGateway(std::string_view e164_number) const = 0;

    /** This node's own identity, if it is a registered node. */
    virtual std::optional<NodeId> LocalNode() const = 0;

    /**
     * Reports that a handle registered here came online or went offline. The node turns this into
     * a signed presence announcement (and periodically a presence proof). Never blocks.
     */
    virtual void ReportPresence(const PresenceReport& report) = 0;
};

} // namespace interfaces

#endif // DOTS_INTERFACES_CHAIN_DIRECTORY_H
