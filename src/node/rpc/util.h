// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NODE_RPC_UTIL_H
#define DOTS_NODE_RPC_UTIL_H

// What the chain RPCs (node/rpc/: blockchain, rawtransaction, mining, registry) share: JSON
// shapes following Bitcoin Core (amounts as decimal DOTS with 8 decimals, rpc/amount.h;
// transactions and blocks with Bitcoin's field names plus DOTS's own: kind, lock type, payload),
// hash arguments and the error for a chain that is not loaded.

#include <chainstate/blockindex.h>
#include <primitives/amount.h>
#include <primitives/block.h>
#include <primitives/transaction.h>
#include <rpc/amount.h>
#include <rpc/request.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <univalue.h>

namespace node { struct NodeContext; }
namespace validation { class ChainstateManager; }

namespace node {

/** The Bech32m prefix of the node's chain ("dots", "tdots", "rdots"). */
std::string_view AddressHrp(const std::string& chain_name);
/** "key_hash" or "key". */
std::string_view LockTypeName(LockType type);
/** Bitcoin-style difficulty of compact `bits` relative to the chain's pow limit. */
double GetDifficulty(uint32_t bits, const uint256& pow_limit);

/**
 * Decoded transaction fields (decoderawtransaction / getrawtransaction verbose). Registry kinds
 * (handle_commit .. node_withdraw) also get "registry": RegistryPayloadToJSON().
 */
UniValue TxToJSON(const CTransaction& tx, std::string_view hrp);
/**
 * Every field of a registry transaction's payload by name (doc/registry.md): keys and
 * signatures in hex, hashes (commitment, salt, receipts_root, nonces, outputs_hash) in display
 * order like txids, amounts and rates in DOTS. {"error": "..."} if the payload does not decode.
 * `tx.kind` must be a registry kind. Defined in node/rpc/registry_json.cpp.
 */
UniValue RegistryPayloadToJSON(const CTransaction& tx, std::string_view hrp);
/** getblockheader verbose shape; `tip` is the active tip (for confirmations), next on chain. */
UniValue BlockHeaderToJSON(const chainstate::BlockIndex& index, const chainstate::BlockIndex* tip,
                           const chainstate::BlockIndex* next, const uint256& pow_limit);
/** getblock verbosity 1 (txids) or 2 (decoded transactions). */
UniValue BlockToJSON(const CBlock& block, const chainstate::BlockIndex& index, const chainstate::BlockIndex* tip,
                     const chainstate::BlockIndex* next, const uint256& pow_limit, int verbosity, std::string_view hrp);

/** The chainstate manager, or nullptr if the chain is not loaded (RPC answers ChainNotLoaded then). */
validation::ChainstateManager* GetChainman(const NodeContext& node);
/** RPC_IN_WARMUP "The block chain is not loaded". */
rpc::RPCError ChainNotLoaded();

/** RPC_INVALID_PARAMETER "<name> must be of length 64 (not a valid hexadecimal hash)". */
rpc::RPCError InvalidHash(const std::string& name);

/** The address of `lock` on the network with prefix `hrp`, or its hex for an unknown lock type. */
UniValue LockAddressJSON(const OutputLock& lock, std::string_view hrp);
/** A JSON array of strings. */
UniValue StringsJSON(const std::vector<std::string>& items);

} // namespace node

#endif // DOTS_NODE_RPC_UTIL_H
