// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NODE_RPC_REGISTRY_UTIL_H
#define DOTS_NODE_RPC_REGISTRY_UTIL_H

// What the registry RPCs (node/rpc/registry.cpp, node/rpc/registry_money.cpp) share: the
// context a handler reads the registry with, key and count arguments, and the JSON of handle,
// node, pair and settlement records (doc/registry.md).
//
// Conventions of the results: keys (owner, node, identity) and signatures in hex as they appear
// on the wire; hashes (seeds, roots) in display order like txids and block hashes; amounts and
// rates in DOTS with 8 decimals; heights and epochs that do not apply are null.

#include <consensus/registry_state.h>
#include <primitives/transaction.h>
#include <validation/chainstate_manager.h>
#include <rpc/request.h>

#include <cstdint>
#include <utility>
#include <optional>
#include <string>
#include <vector>

#include <univalue.h>

namespace node { struct NodeContext; }
namespace consensus { struct RegistryParams; }

namespace node {

constexpr int64_t DEFAULT_LIST_COUNT = 100;
constexpr int64_t MAX_LIST_COUNT = 1000;

/** Everything a registry handler needs besides its arguments. */
struct RegistryRPCContext {
    validation::ChainstateManager& chainman;
    const consensus::RegistryParams& params;
    std::string hrp; //!< address prefix of the node's chain
};

/** The context, or nullopt while the chain is not loaded (answer ChainNotLoaded()). */
std::optional<RegistryRPCContext> GetRegistryContext(const NodeContext& node);

/** A database key as hex, for error messages. */
std::string KeyHex(const std::string& key);
/** RPC_DATABASE_ERROR "Corrupt registry record: <what>". */
rpc::RPCError CorruptRecord(const std::string& what);

/** 64 hex digits -> a 32-byte key in wire order; nullopt otherwise. */
std::optional<consensus::Key> ParseKey(const std::string& hex);
/** RPC_INVALID_PARAMETER "<name> must be a 32-byte key in hex (64 hex digits)". */
rpc::RPCError BadKey(const std::string& name);
/** Whether a list count is within 0..MAX_LIST_COUNT; BadCount() is the error otherwise. */
bool IsValidCount(int64_t count);
rpc::RPCError BadCount();

bool IsZero(const consensus::Key& key);
/** The key in hex, or null for the all-zero key (no key). */
UniValue KeyOrNull(const consensus::Key& key);
/** The height, or null for a negative height (not applicable). */
UniValue HeightOrNull(int64_t height);

/** gethandle's object. */
UniValue HandleToJSON(const consensus::HandleRecord& rec, int32_t tip, const RegistryRPCContext& ctx);
/** getnode's object: the record, the rate in force at `tip` and the node's balance. */
UniValue NodeToJSON(const consensus::NodeRecord& rec, CAmount balance, int32_t tip, const RegistryRPCContext& ctx);
/** getdeposit's object. */
UniValue PairToJSON(const consensus::Key& orig, const consensus::Key& term, const consensus::PairRecord& pair);
/** getsettlement's object. */
UniValue SettlementToJSON(const consensus::Key& orig, const consensus::Key& term, uint32_t epoch,
                          const consensus::SettlementRecord& settled, const RegistryRPCContext& ctx);

/**
 * Collects the registry records whose key starts with `prefix`, from `start`, up to `count`,
 * decoding each with T::Decode into `out` (with its key). An error response if the database
 * fails or a record does not decode.
 */
template <typename T>
std::optional<rpc::RPCError> CollectRecords(const RegistryRPCContext& ctx, const std::string& prefix, const std::string& start,
                                       int64_t count, std::vector<std::pair<std::string, T>>& out);

template <typename T>
std::optional<rpc::RPCError> CollectRecords(const RegistryRPCContext& ctx, const std::string& prefix, const std::string& start,
                                       int64_t count, std::vector<std::pair<std::string, T>>& out)
{
    if (count <= 0) return std::nullopt;
    std::optional<std::string> corrupt;
    const storage::Status status = ctx.chainman.ListRegistryRecords(prefix, start, [&](const std::string& key, const std::string& value) {
        std::optional<T> rec = T::Decode(value);
        if (!rec) {
            corrupt = KeyHex(key);
            return false;
        }
        out.emplace_back(key, std::move(*rec));
        return static_cast<int64_t>(out.size()) < count;
    });
    if (!status.ok()) return rpc::RPCError{rpc::RPC_DATABASE_ERROR, status.ToString()};
    if (corrupt) return CorruptRecord(*corrupt);
    return std::nullopt;
}

} // namespace node

#endif // DOTS_NODE_RPC_REGISTRY_UTIL_H
