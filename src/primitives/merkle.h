// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_PRIMITIVES_MERKLE_H
#define DOTS_PRIMITIVES_MERKLE_H

/**
 * Bitcoin-style merkle trees: each level pairs neighbours and hashes SHA-256d(left || right);
 * an odd last element is paired with itself.
 *
 * That duplication makes the tree ambiguous (CVE-2012-2459): the lists [a, b, c] and
 * [a, b, c, c] have the same root, so a valid block's header can be paired with a transaction
 * list that repeats its last transactions. `mutated` reports exactly that situation: some level
 * had two equal neighbouring hashes. Validation must reject a mutated block WITHOUT marking its
 * header invalid (the header may belong to a valid block with the right list).
 *
 * Leaves are transaction ids computed with tagged SHA-256, never SHA-256d, so a 64-byte
 * transaction cannot pose as an inner node (see transaction.h).
 */

#include <primitives/uint256.h>

#include <vector>

class CBlock;

/**
 * Root of the tree over `leaves` (consumed as scratch space). An empty list gives ZERO.
 * If `mutated` is non-null it is set to whether a duplicate-neighbour pair was hashed.
 */
uint256 ComputeMerkleRoot(std::vector<uint256> leaves, bool* mutated = nullptr);

/** Merkle root over the block's wtxids (what CBlockHeader::merkle_root commits to). */
uint256 BlockMerkleRoot(const CBlock& block, bool* mutated = nullptr);

/** Merkle root over the block's txids (for SPV-style proofs of txid inclusion; informative). */
uint256 BlockTxidMerkleRoot(const CBlock& block, bool* mutated = nullptr);

#endif // DOTS_PRIMITIVES_MERKLE_H
