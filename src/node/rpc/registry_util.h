// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NODE_RPC_REGISTRY_UTIL_H
#define DOTS_NODE_RPC_REGISTRY_UTIL_H

// What the registry RPCs (node/rpc/registry.cpp, node/rpc/registry_calls.cpp) share: the
// context a handler reads the registry with, key and count arguments, and the JSON of handle,
// node and call records (doc/registry.md).
//
// Conventions of the results: keys (owner, node, identity) and signatures in hex as they appear
// on the wire; hashes (txid, anchor_hash, call_id) in display order like txids and block hashes;
// amounts in DOTS with 8 decimals; heights that do not apply are null.

#include <consensus/registry_state.h>
#include <primitives/transaction.h>
#include <rpc/request.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <univalue.h>

struct NodeContext;
struct RegistryParams;
namespace validation { class ChainstateManager; }

namespace node {

constexpr int64_t DEFAULT_LIST_COUNT = 100;
constexpr int64_t MAX_LIST_COUNT = 1000;

/** Everything a registry handler needs besides its arguments. */
struct RegistryRPCContext {
    validation::ChainstateManager& chainman;
    const ::RegistryParams& params;
    std::string hrp; //!< address prefix of the node's chain
};

/** The context, or nullopt while the chain is not loaded (answer ChainNotLoaded()). */
std::optional<RegistryRPCContext> GetRegistryContext(const NodeContext& node);

/** A database key as hex, for error messages. */
std::string KeyHex(const std::string& key);
/** RPC_DATABASE_ERROR "Corrupt registry record: <what>". */
RPCError CorruptRecord(const std::string& what);

/** 64 hex digits -> a 32-byte key in wire order; nullopt otherwise. */
std::optional<registry::Key> ParseKey(const std::string& hex);
/** RPC_INVALID_PARAMETER "<name> must be a 32-byte key in hex (64 hex digits)". */
RPCError BadKey(const std::string& name);
/** Whether a list count is within 0..MAX_LIST_COUNT; BadCount() is the error otherwise. */
bool IsValidCount(int64_t count);
RPCError BadCount();

bool IsZero(const registry::Key& key);
/** The key in hex, or null for the all-zero key (no key). */
UniValue KeyOrNull(const registry::Key& key);
/** The height, or null for a negative height (not applicable). */
UniValue HeightOrNull(int64_t height);

/** A handle is online if its last proof is fresh at `tip` and its current node is active. */
bool IsHandleOnline(const registry::HandleRecord& rec, const registry::RecordStore& store, int32_t tip,
                    const ::RegistryParams& params);
/** gethandle's object. */
UniValue HandleToJSON(const registry::HandleRecord& rec, const registry::RecordStore& store, int32_t tip,
                      const RegistryRPCContext& ctx);
/** getnode's object. */
UniValue NodeToJSON(const registry::NodeRecord& rec, const registry::NodeStats& stats, const RegistryRPCContext& ctx);
/** getcallrecord's object. */
UniValue CallToJSON(const registry::CallEntry& call, const RegistryRPCContext& ctx);
/** [{"address", "amount"}] of payout outputs. */
UniValue PayoutsToJSON(const std::vector<CTxOut>& outputs, const RegistryRPCContext& ctx);

} // namespace node

#endif // DOTS_NODE_RPC_REGISTRY_UTIL_H
