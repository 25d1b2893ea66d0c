// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_INTERFACES_CHAIN_H
#define DOTS_INTERFACES_CHAIN_H

/**
 * What the wallet needs of the node (as Bitcoin Core's interfaces::Chain): the active chain
 * (tip, blocks by height, where a block forked off), the registry records at the tip, the
 * mempool (broadcast, fee estimates) and the validation notifications the wallet listens to.
 * The wallet never takes the chain lock or touches the mempool except through this interface.
 *
 * MakeChain (interfaces/node_chain.cpp) implements it over the node's ChainstateManager,
 * ValidationSignals and mempool. Every method is thread-safe; none may be called from a
 * validation notification callback except Tip/BlockAt/ActiveHeight/FindFork/ReadBlock/
 * ReadRegistry (they take the chain lock briefly), and BroadcastTransaction must not be called
 * while holding a lock that a notification callback takes (the mempool waits for the
 * notification queue).
 */

#include <primitives/amount.h>
#include <primitives/block.h>
#include <primitives/transaction.h>
#include <primitives/uint256.h>
#include <util/result.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace consensus { struct ConsensusParams; }
namespace mempool { class Mempool; }
namespace consensus { class RecordStore; }
namespace validation {
class ChainstateManager;
class ValidationInterface;
class ValidationSignals;
} // namespace validation

namespace interfaces {

/** A block of the active chain. */
struct BlockRef {
    uint256 hash;
    int32_t height{0};
    int64_t time{0};
    int64_t median_time_past{0};
};

/** Why the mempool did not take a transaction, in a form the wallet can report. */
struct BroadcastError {
    enum class Kind {
        NO_MEMPOOL,   //!< this node runs without a mempool
        REJECTED,     //!< invalid or against policy: `reason` is the mempool's reject reason
        MAX_FEE,      //!< above the fee limit the caller passed
    };
    Kind kind{Kind::REJECTED};
    std::string reason;
};

class Chain
{
public:
    virtual ~Chain() = default;

    virtual const consensus::ConsensusParams& Params() const = 0;
    /** The address prefix of the chain ("dots", "tdots", "rdots"). */
    virtual std::string_view AddressHrp() const = 0;

    /** The active tip (std::nullopt before the chain is loaded). */
    virtual std::optional<BlockRef> Tip() const = 0;
    /** The active chain's block at `height`. */
    virtual std::optional<BlockRef> BlockAt(int32_t height) const = 0;
    /** The height of `hash` if it is on the active chain. */
    virtual std::optional<int32_t> ActiveHeight(const uint256& hash) const = 0;
    /** The last active-chain ancestor of the known block `hash` (itself if active); std::nullopt
     * if the block is unknown. */
    virtual std::optional<BlockRef> FindFork(const uint256& hash) const = 0;
    /** The active chain's block at `height`, read from disk; nullptr if absent or unreadable. */
    virtual std::shared_ptr<const CBlock> ReadBlock(int32_t height) const = 0;
    /** Runs `fn` with the registry records at the tip and the tip's height (under the chain
     * lock: keep it short). */
    virtual void ReadRegistry(const std::function<void(const consensus::RecordStore&, int32_t tip_height)>& fn) const = 0;
    /** Whether the node is still catching up (initial block download). */
    virtual bool IsInitialBlockDownload() const = 0;

    /** Whether transactions can be broadcast (a mempool runs). */
    virtual bool HasMempool() const = 0;
    /**
     * Validates `tx` against the chain and mempool policy; with `test_only` nothing changes,
     * otherwise the transaction enters the mempool (and is relayed by P2P). `max_fee_per_kb`
     * (0 = none) rejects transactions paying more. Its fee is returned.
     */
    virtual std::variant<CAmount, BroadcastError> BroadcastTransaction(const CTransactionRef& tx, CAmount max_fee_per_kb,
                                                                       bool test_only) = 0;
    /** Whether `txid` is in the mempool. */
    virtual bool IsInMempool(const uint256& txid) const = 0;
    /**
     * The estimatesmartfee rate (units per 1,000 bytes) for confirmation within `target` blocks,
     * and the target it is really for; std::nullopt without enough data or without a mempool.
     */
    virtual std::optional<std::pair<CAmount, int>> EstimateSmartFee(int target, bool conservative) const = 0;
    /** The mempool's minimum: max(-minrelaytxfee, the rolling floor), per 1,000 bytes. */
    virtual CAmount MempoolMinFeePerKb() const = 0;
    /** The policy size the mempool charges a fee rate on (serialized size, raised for
     * signature-heavy transactions). */
    virtual int64_t PolicySize(int64_t serialized_size, uint32_t sigchecks) const = 0;
    /** The smallest value `out` may carry without being dust (mempool policy). */
    virtual CAmount DustThreshold(const CTxOut& out) const = 0;

    virtual void RegisterListener(validation::ValidationInterface& listener) = 0;
    virtual void UnregisterListener(validation::ValidationInterface& listener) = 0;
    /** Waits until every notification queued so far was delivered (not from a callback, and
     * without a lock a listener takes). */
    virtual void SyncWithQueue() = 0;
    /** Whether the node is shutting down (long loops stop). */
    virtual bool ShutdownRequested() const = 0;
};

/**
 * The node's implementation over `chainman`, `signals` and `mempool` (all must outlive it).
 * `mempool` may be null (broadcasts then fail with NO_MEMPOOL); `shutdown_requested` is polled
 * by long loops.
 */
std::unique_ptr<Chain> MakeChain(validation::ChainstateManager& chainman, validation::ValidationSignals& signals,
                                 mempool::Mempool* mempool, std::string_view hrp, std::function<bool()> shutdown_requested);

} // namespace interfaces

#endif // DOTS_INTERFACES_CHAIN_H
