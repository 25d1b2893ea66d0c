// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_WALLET_REGISTRY_VALUE_H
#define DOTS_WALLET_REGISTRY_VALUE_H

// What a registry transaction means to the wallet, from its payload alone: the value it moves
// into the registry (burned handle fees, bonds, deposits) or out of it (node withdrawals), and
// the keys and handle it names. One place that follows the registry's payload formats
// (consensus/registry_payload.h), so the rest of the wallet does not.

#include <consensus/params.h>
#include <crypto/key.h>
#include <primitives/amount.h>
#include <primitives/transaction.h>

#include <optional>
#include <string>
#include <vector>

namespace wallet {

struct RegistryValue {
    CAmount locked{0};   //!< leaves circulation or is held by the registry
    CAmount released{0}; //!< comes out of a node balance into this transaction
};

/** The registry value flow of `tx` (zero for transfers and undecodable payloads). */
RegistryValue GetRegistryValue(const CTransaction& tx, const consensus::RegistryParams& params);

/** What a registry payload names. */
struct RegistryNames {
    std::optional<std::string> handle;
    std::vector<XOnlyPubKey> keys; //!< owners, new owners, nodes, identity keys
};

/** The handle and keys `tx`'s payload names (empty for other kinds or bad payloads). */
RegistryNames GetRegistryNames(const CTransaction& tx);

/** The sequence counters of doc/registry.md a signed statement advances. */
enum class SeqCounter {
    HANDLE_UPDATE, //!< a handle's update_seq (updates, renewals, transfers)
    BINDING,       //!< a handle's binding_seq
    NODE,          //!< a node's seq (node statements, release requests, withdrawals)
};

/** Which counter a statement advances, whose (the handle or the node), and to what. */
struct StatementSeq {
    SeqCounter counter{SeqCounter::NODE};
    std::string handle;  //!< HANDLE_UPDATE, BINDING
    XOnlyPubKey node;    //!< NODE
    uint32_t seq{0};
    bool SameCounter(const StatementSeq& other) const
    {
        return counter == other.counter && handle == other.handle && node == other.node;
    }
};

/** The counter `tx`'s statement advances; std::nullopt for statements without one (commitments,
 * reveals, deposits, settlements, probe receipts), other kinds and bad payloads. */
std::optional<StatementSeq> GetStatementSeq(const CTransaction& tx);

/**
 * The listtransactions category of a registry transaction: handle_commit, handle_register,
 * handle_renew, handle_transfer, handle_update, handle_bind, node_register, node_update,
 * node_deregister, deposit, settlement, probe_receipts, deposit_release, node_withdraw; "" for
 * other kinds.
 */
std::string RegistryCategory(const CTransaction& tx);

} // namespace wallet

#endif // DOTS_WALLET_REGISTRY_VALUE_H
