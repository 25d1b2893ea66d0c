// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CONSENSUS_REGISTRY_PAYLOAD_H
#define DOTS_CONSENSUS_REGISTRY_PAYLOAD_H

/**
 * Payloads of the registry transaction kinds (handle commit/register/update, node register,
 * presence proof, call record, dispute): their structures, strict encoding and decoding, the
 * syntax checks that need no chain state, and the messages their signatures sign. The wire
 * formats and the rules are specified in doc/registry.md.
 *
 * All functions are pure and thread-safe.
 */

#include <consensus/params.h>
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

namespace registry {

/** A BIP340 x-only public key: a handle owner, a node, an identity key. */
using Key = std::array<uint8_t, 32>;
/** A BIP340 signature. */
using Sig = std::array<uint8_t, 64>;

// ---- Payload limits (form) ----
inline constexpr size_t MAX_ENDPOINTS = 8;
inline constexpr size_t MAX_DOMAINS = 16;
inline constexpr size_t MAX_PREFIXES = 64;
inline constexpr size_t MAX_ENDPOINT_SIZE = 255;
inline constexpr size_t MAX_DOMAIN_SIZE = 253;
inline constexpr size_t MAX_HANDLE_SIZE = 32;
inline constexpr size_t MAX_PREFIX_SIZE = 16; //!< "+" and 15 digits

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

/** The signed part of a handle update. A field is present iff its flag is set. */
struct HandleUpdateBody {
    std::string handle;
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
    OutputLock reward;
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

/** "handle is online at node as of the block anchor_hash at anchor_height". */
struct PresenceBody {
    std::string handle;
    Key node{};
    uint32_t anchor_height{0};
    uint256 anchor_hash;
    friend bool operator==(const PresenceBody&, const PresenceBody&) = default;
};

struct PresenceProof {
    PresenceBody body;
    Sig node_sig{};
    std::optional<Sig> owner_sig;
    friend bool operator==(const PresenceProof&, const PresenceProof&) = default;
};

/** What both nodes of a call sign. Never names a caller, callee, number or address. */
struct CallRecordBody {
    uint256 call_id;
    Key orig{};
    Key term{};
    uint32_t duration{0};
    uint32_t anchor_height{0};
    uint256 anchor_hash;
    friend bool operator==(const CallRecordBody&, const CallRecordBody&) = default;
};

struct CallRecord {
    CallRecordBody body;
    Sig orig_sig{};
    Sig term_sig{};
    friend bool operator==(const CallRecord&, const CallRecord&) = default;
};

/** Dispute type 1: one of the two nodes of a record voids it before it pays. */
struct CallVoid {
    uint256 call_id;
    Key node{};
    Sig sig{};
    friend bool operator==(const CallVoid&, const CallVoid&) = default;
};

/** Dispute type 2: two different call bodies with one call id, both signed by `node`. */
struct Equivocation {
    Key node{};
    CallRecordBody a;
    Sig sig_a{};
    CallRecordBody b;
    Sig sig_b{};
    friend bool operator==(const Equivocation&, const Equivocation&) = default;
};

using Dispute = std::variant<CallVoid, Equivocation>;

/** The decoded payload of a registry transaction; the alternative matches the kind. */
using Payload = std::variant<HandleCommit, HandleRegister, HandleUpdate, NodeRegister, PresenceProof, CallRecord, Dispute>;

/** True for the kinds with a registry payload (HANDLE_COMMIT .. DISPUTE). */
bool IsRegistryKind(TxKind kind);

/** The transaction kind a payload belongs to. */
TxKind PayloadKind(const Payload& payload);

/**
 * Decodes the payload of a registry transaction of kind `kind` exactly (no trailing bytes).
 * Checks form only: lengths, counts against the MAX_* limits above, the flag and op and dispute
 * type values, has_owner_sig in {0,1}, a known reward lock type. Errors: DecodeFailure with a
 * static description. `kind` must satisfy IsRegistryKind (asserts).
 */
Decoded<Payload> DecodePayload(TxKind kind, std::span<const uint8_t> bytes);

/** The canonical bytes of `payload` (DecodePayload's inverse). */
std::vector<uint8_t> EncodePayload(const Payload& payload);

/**
 * The syntax rules that need no chain state, applied to a decoded payload (doc/registry.md):
 * handle names and numbers, endpoints, domains, prefixes, bond sign, the per-op field rules of a
 * node body (deregister: lists empty and bond 0; update: bond 0; register/update: 1..8
 * endpoints), an update with at least one flag, a void or equivocation naming a node, the two
 * nodes of a call record differing, the two bodies of an equivocation differing with the same
 * call id and the node in both. Returns nullptr if valid, else a static reject reason:
 *   bad-registry-handle       handle is not a canonical name or E.164 number
 *   bad-registry-owner        a registered or new owner key that is not on the curve
 *   bad-registry-endpoint     endpoint missing or not a canonical SIP URI with transport
 *   bad-registry-domain       domain is not a canonical DNS name
 *   bad-registry-prefix       prefix is not "+" and 1-15 digits
 *   bad-registry-node-fields  a field not allowed for the node op (bond, lists)
 *   bad-registry-update-flags no flag set
 *   bad-registry-call-nodes   a call record between a node and itself
 *   bad-registry-dispute      an equivocation that is not one (same body, other call id, node
 *                             not in both bodies)
 */
const char* CheckPayloadSyntax(const Payload& payload);

// ---- Names, numbers and endpoints ----

enum class HandleClass { INVALID, NAME, E164 };

/** The class of `handle`, INVALID unless it is in canonical form (doc/registry.md). */
HandleClass ClassifyHandle(std::string_view handle);

/** The burned registration/renewal fee of `handle`; std::nullopt if the handle is invalid. */
std::optional<CAmount> HandleFee(std::string_view handle, const RegistryParams& params);

/** sip:/sips: URI, lower case, host[:port], ";transport=" udp|tcp|tls|ws|wss, <= 255 bytes. */
bool IsValidEndpoint(std::string_view endpoint);
/** Lower-case DNS name with at least one dot, <= 253 bytes, labels 1-63 of [a-z0-9-]. */
bool IsValidDomain(std::string_view domain);
/** "+" then 1-15 digits. */
bool IsValidPrefix(std::string_view prefix);

// ---- Hashes and signed messages ----

/** TaggedHash("DOTS/HandleCommit", str(handle) || salt || owner). */
uint256 HandleCommitment(std::string_view handle, const uint256& salt, const Key& owner);

/** The 32-byte messages that BIP340 signatures of the statements sign:
 * TaggedHash(tag, genesis_hash || body) with the tags of doc/registry.md. */
uint256 HandleUpdateMessage(const HandleUpdateBody& body, const uint256& genesis_hash);
uint256 NodeRegisterMessage(const NodeRegisterBody& body, const uint256& genesis_hash);
uint256 PresenceMessage(const PresenceBody& body, const uint256& genesis_hash);
uint256 CallRecordMessage(const CallRecordBody& body, const uint256& genesis_hash);
uint256 CallVoidMessage(const uint256& call_id, const Key& node, const uint256& genesis_hash);

/** Verifies a BIP340 signature by `key` over `msg`. False for a key not on the curve. */
bool VerifyStatement(const Key& key, const uint256& msg, const Sig& sig);

/**
 * Value a registry transaction takes out of circulation on top of its fee: the burned fee of a
 * register or a renewing update, the bond of a node registration. 0 for other kinds, and for
 * payloads that do not decode (those are rejected anyway). The inputs must cover outputs + fee +
 * this amount.
 */
CAmount GetRegistryLockedValue(const CTransaction& tx, const RegistryParams& params);

} // namespace registry

#endif // DOTS_CONSENSUS_REGISTRY_PAYLOAD_H
