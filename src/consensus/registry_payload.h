// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CONSENSUS_REGISTRY_PAYLOAD_H
#define DOTS_CONSENSUS_REGISTRY_PAYLOAD_H

/**
 * Payloads of the registry transaction kinds (handle commit/register/update, node register,
 * binding, deposit, settlement, probe receipts, deposit release, node withdrawal): their
 * structures, strict encoding and decoding, the syntax checks that need no chain state, the
 * messages their signatures sign and the value each transaction moves into or out of the
 * registry. The wire formats and the rules are specified in doc/registry.md.
 *
 * All functions are pure and thread-safe.
 */

#include <consensus/params.h>
#include <consensus/registry_names.h>
#include <primitives/amount.h>
#include <primitives/transaction.h>
#include <primitives/uint256.h>
#include <serialize.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace consensus {

/** A BIP340 x-only public key: a handle owner, a node, an identity key. */
using Key = std::array<uint8_t, 32>;
/** A BIP340 signature. */
using Sig = std::array<uint8_t, 64>;

// ---- Payload limits (form) ----
inline constexpr size_t MAX_ENDPOINTS = 8;
inline constexpr size_t MAX_DOMAINS = 16;
inline constexpr size_t MAX_PREFIXES = 64;
/** Vouchers per settlement; also the most epochs one settlement may span. */
inline constexpr size_t MAX_SETTLE_VOUCHERS = 24;
/** Bytes of a prefix on the wire: longer than a valid prefix ("+" and 1-6 digits), so that a
 * number-length prefix decodes and is rejected with the clear bad-registry-prefix. */
inline constexpr size_t MAX_PREFIX_WIRE_SIZE = 16;
/** Receipts per probe_receipts transaction (the mask of a target's receipts has 16 bits). */
inline constexpr size_t MAX_PROBE_RECEIPTS = 16;

/** handle_commit: the commitment, see HandleCommitment(). */
struct HandleCommit {
    uint256 commitment;
    friend bool operator==(const HandleCommit&, const HandleCommit&) = default;
};

/** handle_register: the reveal of a commitment. */
struct HandleRegister {
    std::string handle;
    uint256 salt;
    Key owner{};
    friend bool operator==(const HandleRegister&, const HandleRegister&) = default;
};

/** Flags of a handle update (doc/registry.md). */
enum HandleUpdateFlags : uint8_t {
    UPDATE_HOME = 1,
    UPDATE_IDENTITY = 2,
    UPDATE_OWNER = 4,
    UPDATE_RENEW = 8,
    UPDATE_ALL_FLAGS = 15,
};

/** The signed part of a handle update. A field after `flags` is present iff its flag is set. */
struct HandleUpdateBody {
    std::string handle;
    Key owner{};     //!< the current owner, who signs
    uint32_t seq{0};
    uint8_t flags{0};
    Key home{};      //!< with UPDATE_HOME; all zero clears
    Key identity{};  //!< with UPDATE_IDENTITY; all zero clears
    Key new_owner{}; //!< with UPDATE_OWNER
    friend bool operator==(const HandleUpdateBody&, const HandleUpdateBody&) = default;
};

struct HandleUpdate {
    HandleUpdateBody body;
    Sig owner_sig{};
    friend bool operator==(const HandleUpdate&, const HandleUpdate&) = default;
};

enum class NodeOp : uint8_t {
    REGISTER = 1,
    UPDATE = 2,
    DEREGISTER = 3,
};

/** The signed part of a node registration, update or deregistration. */
struct NodeRegisterBody {
    Key node{};
    uint32_t seq{0};
    NodeOp op{NodeOp::REGISTER};
    CAmount bond{0};
    CAmount rate{0}; //!< units per 60 billable seconds terminated; 0 = free peering
    std::vector<std::string> endpoints;
    std::vector<std::string> domains;
    std::vector<std::string> prefixes;
    friend bool operator==(const NodeRegisterBody&, const NodeRegisterBody&) = default;
};

struct NodeRegister {
    NodeRegisterBody body;
    Sig node_sig{};
    friend bool operator==(const NodeRegister&, const NodeRegister&) = default;
};

/** "handle is reached at node" (the owner's key named so the statement says who agreed). */
struct BindingBody {
    std::string handle;
    Key node{};
    Key owner{};
    uint32_t seq{0};
    friend bool operator==(const BindingBody&, const BindingBody&) = default;
};

struct Binding {
    BindingBody body;
    Sig node_sig{};
    std::optional<Sig> owner_sig; //!< absent: the node must be the handle's home node
    friend bool operator==(const Binding&, const Binding&) = default;
};

/** Funds the deposit of the pair (orig pays for calls term terminates). Unsigned. */
struct Deposit {
    Key orig{};
    Key term{};
    CAmount amount{0};
    friend bool operator==(const Deposit&, const Deposit&) = default;
};

/** One voucher of a settlement, without the pair (shared by the settlement). */
struct VoucherEntry {
    uint32_t epoch{0};       //!< settlement epoch: floor(height / settle_epoch)
    uint64_t seconds{0};     //!< cumulative billable seconds of the pair in the epoch
    CAmount rate{0};         //!< units per 60 seconds, as the originating node agreed
    uint256 receipts_root;   //!< not interpreted by the chain
    uint256 orig_nonce;
    uint256 term_nonce;
    Sig orig_sig{};
    friend bool operator==(const VoucherEntry&, const VoucherEntry&) = default;
};

/** Up to 24 vouchers of one pair, epochs strictly increasing within 24 epochs. */
struct Settlement {
    Key orig{};
    Key term{};
    std::vector<VoucherEntry> vouchers;
    friend bool operator==(const Settlement&, const Settlement&) = default;
};

/** One receipt: the position of the prober in the target's draw and its challenge signature. */
struct ProbeReceipt {
    uint8_t index{0};
    Sig prober_sig{};
    friend bool operator==(const ProbeReceipt&, const ProbeReceipt&) = default;
};

struct ProbeReceipts {
    Key target{};
    uint32_t epoch{0}; //!< probe epoch
    std::vector<ProbeReceipt> receipts; //!< indices strictly increasing
    friend bool operator==(const ProbeReceipts&, const ProbeReceipts&) = default;
};

/** The originating node asks for `amount` of the pair's deposit back (0 cancels a request). */
struct DepositReleaseBody {
    Key orig{};
    Key term{};
    uint32_t seq{0}; //!< the originating node's next node seq
    CAmount amount{0};
    friend bool operator==(const DepositReleaseBody&, const DepositReleaseBody&) = default;
};

struct DepositRelease {
    DepositReleaseBody body;
    Sig orig_sig{};
    friend bool operator==(const DepositRelease&, const DepositRelease&) = default;
};

/** The node takes `amount` from its balance into the transaction whose outputs it signs. */
struct NodeWithdrawBody {
    Key node{};
    uint32_t seq{0};
    CAmount amount{0};
    uint256 outputs_hash; //!< WithdrawOutputsHash() of the transaction
    friend bool operator==(const NodeWithdrawBody&, const NodeWithdrawBody&) = default;
};

struct NodeWithdraw {
    NodeWithdrawBody body;
    Sig node_sig{};
    friend bool operator==(const NodeWithdraw&, const NodeWithdraw&) = default;
};

/** The decoded payload of a registry transaction; the alternative's index follows the kinds. */
using Payload = std::variant<HandleCommit, HandleRegister, HandleUpdate, NodeRegister, Binding, Deposit, Settlement,
                             ProbeReceipts, DepositRelease, NodeWithdraw>;

/** True for the kinds with a registry payload (HANDLE_COMMIT .. NODE_WITHDRAW). */
bool IsRegistryKind(TxKind kind);

/** The transaction kind a payload belongs to. */
TxKind PayloadKind(const Payload& payload);

/**
 * Decodes the payload of a registry transaction of kind `kind` exactly (no trailing bytes).
 * Checks form only: lengths, counts against the MAX_* limits above, flag/op values,
 * has_owner_sig in {0,1}. Errors: DecodeFailure with a static description. `kind` must satisfy
 * IsRegistryKind (asserts).
 */
Decoded<Payload> DecodePayload(TxKind kind, std::span<const uint8_t> bytes);

/** The canonical bytes of `payload` (DecodePayload's inverse). */
std::vector<uint8_t> EncodePayload(const Payload& payload);

/**
 * The syntax rules that need no chain state (doc/registry.md "Syntax rules"). Returns nullptr if
 * valid, else a static reject reason:
 *   bad-registry-handle       handle is not a canonical name (or number, where one is allowed)
 *   bad-handle-e164           a reveal of an E.164 number (not registrable without attestation)
 *   bad-registry-owner        a registered or new owner key that is not on the curve
 *   bad-registry-endpoint     endpoint missing or not a canonical SIP URI with transport
 *   bad-registry-domain       domain is not a canonical DNS name
 *   bad-registry-prefix       prefix is not "+" and 1-6 digits
 *   bad-registry-node-fields  a field not allowed for the node op (bond, rate, lists)
 *   bad-registry-update-flags no flag set, or a transfer that also sets home or identity
 *   bad-registry-pair         a deposit, settlement or release between a node and itself
 *   bad-registry-amount       an amount out of range
 *   bad-registry-voucher      voucher epochs not increasing or wider than 24, or an amount of 0
 *                             or above MAX_MONEY
 *   bad-registry-receipts     receipt indices not strictly increasing, or none
 */
const char* CheckPayloadSyntax(const Payload& payload);

/** floor(seconds * rate / 60) in 128 bits; std::nullopt if rate is negative or the amount is
 * above MAX_MONEY. */
std::optional<CAmount> VoucherAmount(uint64_t seconds, CAmount rate);

// ---- Hashes and signed messages ----

/** TaggedHash("DOTS/HandleCommit", str(handle) || salt || owner). */
uint256 HandleCommitment(std::string_view handle, const uint256& salt, const Key& owner);

/** The 32-byte messages that BIP340 signatures of the statements sign:
 * TaggedHash(tag, genesis_hash || body) with the tags of doc/registry.md. */
uint256 HandleUpdateMessage(const HandleUpdateBody& body, const uint256& genesis_hash);
uint256 NodeRegisterMessage(const NodeRegisterBody& body, const uint256& genesis_hash);
uint256 BindingMessage(const BindingBody& body, const uint256& genesis_hash);
uint256 VoucherMessage(const Key& orig, const Key& term, const VoucherEntry& voucher, const uint256& genesis_hash);
uint256 DepositReleaseMessage(const DepositReleaseBody& body, const uint256& genesis_hash);
uint256 NodeWithdrawMessage(const NodeWithdrawBody& body, const uint256& genesis_hash);

/** TaggedHash("DOTS/WithdrawOutputs", version || locktime || CompactSize(n) || outputs) of `tx`. */
uint256 WithdrawOutputsHash(uint32_t version, uint32_t locktime, const std::vector<CTxOut>& outputs);

/** Verifies a BIP340 signature by `key` over `msg`. False for a key not on the curve. */
bool VerifyStatement(const Key& key, const uint256& msg, const Sig& sig);

/**
 * Value a registry transaction moves into the registry (`locked`: burned handle fees, node bonds,
 * deposits) and out of it (`released`: node withdrawals), both from its payload alone. A
 * transaction is valid only if inputs + released >= outputs + locked; its fee is the difference.
 * Zero for other kinds and for payloads that do not decode (those are rejected anyway).
 */
struct RegistryValueFlow {
    CAmount locked{0};
    CAmount released{0};
    friend bool operator==(const RegistryValueFlow&, const RegistryValueFlow&) = default;
};
RegistryValueFlow GetRegistryValueFlow(const CTransaction& tx, const RegistryParams& params);

} // namespace consensus

#endif // DOTS_CONSENSUS_REGISTRY_PAYLOAD_H
