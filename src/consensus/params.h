// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CONSENSUS_PARAMS_H
#define DOTS_CONSENSUS_PARAMS_H

/**
 * Consensus parameters of the three DOTS chains ("main", "test", "regtest"; the names of
 * util/chaintype.h). Everything every node must agree on lives here: network magic, genesis
 * block, proof-of-work limit and difficulty adjustment, subsidy schedule, block limits and
 * time rules. The reasons for each value are in doc/design.md (and summarised beside each
 * field below).
 *
 * Instances are immutable after construction and safe to read from any thread.
 */

#include <primitives/amount.h>
#include <primitives/block.h>
#include <primitives/uint256.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace consensus {

/**
 * The block that anchors the ASERT difficulty schedule: every later block's target is the
 * anchor's target scaled by how far its parent is ahead of or behind the ideal schedule
 * anchor_time + (height - anchor_height) * spacing. DOTS anchors at genesis.
 */
struct AsertAnchor {
    int32_t height{0};
    uint32_t bits{0};
    int64_t time{0};
};

/**
 * Registry rules (handles, nodes, bindings, deposits and settlements, availability rewards). The
 * reasons for each value are in doc/registry.md. Heights and epochs are block counts, amounts units.
 */
struct RegistryParams {
    int32_t commit_maturity{6};           //!< blocks a handle commitment waits before its reveal
    int32_t reveal_window{10'080};        //!< blocks after the commitment a reveal stays valid
    int32_t handle_lifetime{525'600};     //!< blocks a registration or renewal lasts
    int32_t presence_min_interval{60};    //!< blocks between two bindings of a handle (exceptions apply)
    CAmount min_node_bond{100 * COIN};
    int32_t bond_release_delay{10'080};   //!< blocks from deregistration to the bond's credit
    int32_t settle_epoch{60};             //!< blocks per settlement epoch (vouchers are per epoch)
    int32_t settle_window{1'440};         //!< blocks after an epoch's end its vouchers stay settleable
    int32_t probe_epoch{1'440};           //!< blocks per probe (reward) epoch
    int32_t probe_seed_depth{10};         //!< the seed block is this far below the epoch's start
    int32_t probe_count{9};               //!< probers drawn per target (K)
    int32_t probe_threshold{3};           //!< receipts a target needs for its share (t)
    // Registration (and renewal) fees, burned.
    CAmount fee_name3{100 * COIN};
    CAmount fee_name4{10 * COIN};
    CAmount fee_name5to7{1 * COIN};
    CAmount fee_name8plus{COIN / 10};
};

struct ConsensusParams {
    std::string chain_name; //!< "main", "test" or "regtest"

    /** First four bytes of every P2P message; distinct per chain, invalid as UTF-8 lead bytes. */
    std::array<uint8_t, 4> message_start{};

    CBlock genesis;
    uint256 genesis_hash; //!< genesis.GetHash(), cached

    // ---- Proof of work ----
    /** Largest (easiest) allowed target, in the hash's little-endian number form. */
    uint256 pow_limit;
    /** Ideal seconds between blocks. */
    int64_t pow_target_spacing{60};
    /** ASERT half-life in seconds: a schedule lag of this much halves the difficulty. */
    int64_t asert_half_life{6 * 60 * 60};
    AsertAnchor asert_anchor;
    /** Regtest only: every block uses the pow_limit target (bits of the anchor). */
    bool pow_no_retargeting{false};

    // ---- Subsidy ----
    CAmount initial_subsidy{0};
    int32_t subsidy_halving_interval{0};
    /** Basis points (1/10,000) of each block's subsidy that form its availability pool. */
    uint32_t call_reward_share_bps{0};
    /** Blocks before a coinbase output may be spent. */
    int32_t coinbase_maturity{100};

    // ---- Registry ----
    RegistryParams registry;

    // ---- Block limits ----
    /** Serialized bytes of a whole block, header and witnesses included. */
    uint32_t max_block_size{0};
    /** Signature verifications one block may require (see GetSigCheckCount). */
    uint32_t max_block_sigchecks{0};
    /** Smallest block header version accepted. */
    int32_t min_block_version{1};

    // ---- Time rules ----
    /** Number of previous blocks whose median timestamp a new block must exceed. */
    int median_time_span{11};
    /** Seconds a block's timestamp may be ahead of the validating node's clock. */
    int64_t max_future_block_time{0};
};

/** Coinbase payload and output of a genesis block. */
struct GenesisSpec {
    std::string_view message; //!< bytes appended to the height (0) in the coinbase payload
    uint32_t time{0};
    uint32_t nonce{0};
    uint32_t bits{0};
    int32_t version{1};
    CAmount reward{0};
};

/**
 * Builds a genesis block: one coinbase whose payload is CompactSize(0) followed by
 * spec.message, paying spec.reward to an unspendable lock (LockType::KEY with an all-zero
 * program: x = 0 is not on secp256k1). Validation never adds the genesis coinbase to the
 * UTXO set, as in Bitcoin. Pure; thread-safe.
 */
CBlock CreateGenesisBlock(const GenesisSpec& spec);

/**
 * The parameters of chain `chain` ("main", "test" or "regtest"). The reference stays valid
 * for the life of the process. Any other name is a programmer error (asserts): chain names
 * are validated when arguments are parsed. Thread-safe.
 */
const ConsensusParams& GetConsensusParams(const std::string& chain);

} // namespace consensus

#endif // DOTS_CONSENSUS_PARAMS_H
