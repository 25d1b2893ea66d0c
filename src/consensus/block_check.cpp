// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <consensus/block_check.h>

#include <consensus/tx_check.h>
#include <primitives/merkle.h>
#include <serialize.h>
#include <util/format.h>

#include <algorithm>
#include <cassert>
#include <vector>

namespace consensus {

namespace {

/** The smallest serialized transaction (see CBlock::Unserialize): bounds the count cheaply. */
constexpr size_t MIN_TX_SERIALIZED_SIZE = 4 + 2 + 1 + 1 + 1 + 4;

bool Fail(BlockValidationState& state, BlockValidationResult result, std::string_view reason,
          std::string_view debug = {})
{
    return state.Invalid(result, reason, debug);
}

bool CheckMerkleRoot(const CBlock& block, BlockValidationState& state)
{
    bool mutated = false;
    const uint256 root = BlockMerkleRoot(block, &mutated);
    if (root != block.merkle_root) {
        return Fail(state, BlockValidationResult::BLOCK_MUTATED, "bad-txnmrklroot", "hashMerkleRoot mismatch");
    }
    // A list that repeats its tail hashes to the same root as the list without it
    // (CVE-2012-2459). Reject it without condemning the header: the real block may be valid.
    if (mutated) {
        return Fail(state, BlockValidationResult::BLOCK_MUTATED, "bad-txns-duplicate", "duplicate transaction");
    }
    return true;
}

} // namespace

bool CheckBlockHeader(const CBlockHeader& header, const ConsensusParams& params, BlockValidationState& state,
                      bool check_pow)
{
    if (check_pow && !CheckProofOfWork(header.GetHash(), header.bits, params)) {
        return Fail(state, BlockValidationResult::BLOCK_INVALID_HEADER, "high-hash", "proof of work failed");
    }
    return true;
}

bool CheckBlock(const CBlock& block, const ConsensusParams& params, BlockValidationState& state, bool check_pow,
                bool check_merkle_root)
{
    if (!CheckBlockHeader(block, params, state, check_pow)) return false;
    if (check_merkle_root && !CheckMerkleRoot(block, state)) return false;

    // Size: first a cheap bound on the count, then the exact serialized size.
    if (block.vtx.empty() || block.vtx.size() * MIN_TX_SERIALIZED_SIZE > params.max_block_size) {
        return Fail(state, BlockValidationResult::BLOCK_CONSENSUS, "bad-blk-length", "size limits failed");
    }
    if (!block.vtx[0]->IsCoinBase()) {
        return Fail(state, BlockValidationResult::BLOCK_CONSENSUS, "bad-cb-missing", "first tx is not coinbase");
    }
    size_t block_size = CBlockHeader::SERIALIZED_SIZE + CompactSizeLen(block.vtx.size());
    uint64_t sigchecks = 0;
    for (size_t i = 0; i < block.vtx.size(); ++i) {
        const CTransaction& tx = *block.vtx[i];
        if (i > 0 && tx.IsCoinBase()) {
            return Fail(state, BlockValidationResult::BLOCK_CONSENSUS, "bad-cb-multiple", "more than one coinbase");
        }
        const size_t tx_size = tx.GetTotalSize();
        block_size += tx_size;
        if (block_size > params.max_block_size) {
            return Fail(state, BlockValidationResult::BLOCK_CONSENSUS, "bad-blk-length", "size limits failed");
        }
        TxValidationState tx_state;
        if (!CheckTransaction(tx, tx_size, params, tx_state)) {
            return Fail(state, BlockValidationResult::BLOCK_CONSENSUS, tx_state.GetRejectReason(),
                        StrFormat("Transaction check failed (tx hash %s) %s", tx.GetTxid().GetHex().c_str(),
                                  tx_state.GetDebugMessage().c_str()));
        }
        sigchecks += GetSigCheckCount(tx);
        if (sigchecks > params.max_block_sigchecks) {
            return Fail(state, BlockValidationResult::BLOCK_CONSENSUS, "bad-blk-sigchecks", "out-of-bounds SigChecks");
        }
    }
    return true;
}

bool ContextualCheckBlockHeader(const CBlockHeader& header, const PrevBlockInfo& prev, int64_t now,
                                const ConsensusParams& params, BlockValidationState& state)
{
    const uint32_t expected_bits = GetNextWorkRequired(prev, params);
    if (header.bits != expected_bits) {
        return Fail(state, BlockValidationResult::BLOCK_INVALID_HEADER, "bad-diffbits",
                    StrFormat("incorrect proof of work: bits %08x, expected %08x", header.bits, expected_bits));
    }
    if (int64_t{header.time} <= prev.median_time_past) {
        return Fail(state, BlockValidationResult::BLOCK_INVALID_HEADER, "time-too-old",
                    "block's timestamp is too early");
    }
    if (int64_t{header.time} > now + params.max_future_block_time) {
        return Fail(state, BlockValidationResult::BLOCK_TIME_FUTURE, "time-too-new",
                    "block timestamp too far in the future");
    }
    if (header.version < params.min_block_version) {
        return Fail(state, BlockValidationResult::BLOCK_INVALID_HEADER, "bad-version",
                    StrFormat("rejected block version 0x%08x", static_cast<uint32_t>(header.version)));
    }
    return true;
}

bool ContextualCheckBlock(const CBlock& block, const PrevBlockInfo& prev, const ConsensusParams& params,
                          BlockValidationState& state)
{
    (void)params; // every contextual block rule is the same on all chains so far
    const int32_t height = prev.height + 1;
    // BIP113: lock times are compared with the parent's median time past, not the block's own
    // timestamp, which the miner chooses.
    const int64_t lock_time_cutoff = prev.median_time_past;
    for (const CTransactionRef& tx : block.vtx) {
        if (!IsFinalTx(*tx, height, lock_time_cutoff)) {
            return Fail(state, BlockValidationResult::BLOCK_CONSENSUS, "bad-txns-nonfinal",
                        StrFormat("non-final transaction %s", tx->GetTxid().GetHex().c_str()));
        }
    }
    if (block.vtx.empty() || !block.vtx[0]->IsCoinBase() || GetCoinbaseHeight(*block.vtx[0]) != height) {
        return Fail(state, BlockValidationResult::BLOCK_CONSENSUS, "bad-cb-height",
                    "block height mismatch in coinbase");
    }
    return true;
}

int64_t GetMedianTimePast(std::span<const int64_t> times)
{
    assert(!times.empty());
    std::vector<int64_t> sorted{times.begin(), times.end()};
    std::sort(sorted.begin(), sorted.end());
    return sorted[sorted.size() / 2];
}

} // namespace consensus
