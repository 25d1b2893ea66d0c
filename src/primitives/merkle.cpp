// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <primitives/merkle.h>

#include <crypto/sha256.h>
#include <primitives/block.h>

#include <cstring>

uint256 ComputeMerkleRoot(std::vector<uint256> leaves, bool* mutated)
{
    bool mutation = false;
    if (leaves.empty()) {
        if (mutated) *mutated = false;
        return uint256::ZERO;
    }
    std::array<uint8_t, 64> pair;
    while (leaves.size() > 1) {
        // Equal neighbours (including equal pairs formed before duplication) signal ambiguity.
        for (size_t i = 0; i + 1 < leaves.size(); i += 2) {
            if (leaves[i] == leaves[i + 1]) mutation = true;
        }
        if (leaves.size() & 1) leaves.push_back(leaves.back());
        for (size_t i = 0; i < leaves.size() / 2; ++i) {
            std::memcpy(pair.data(), leaves[2 * i].data(), 32);
            std::memcpy(pair.data() + 32, leaves[2 * i + 1].data(), 32);
            leaves[i] = uint256{Sha256d(pair)};
        }
        leaves.resize(leaves.size() / 2);
    }
    if (mutated) *mutated = mutation;
    return leaves[0];
}

uint256 BlockMerkleRoot(const CBlock& block, bool* mutated)
{
    std::vector<uint256> leaves;
    leaves.reserve(block.vtx.size());
    for (const auto& tx : block.vtx) leaves.push_back(tx->GetWtxid());
    return ComputeMerkleRoot(std::move(leaves), mutated);
}

uint256 BlockTxidMerkleRoot(const CBlock& block, bool* mutated)
{
    std::vector<uint256> leaves;
    leaves.reserve(block.vtx.size());
    for (const auto& tx : block.vtx) leaves.push_back(tx->GetTxid());
    return ComputeMerkleRoot(std::move(leaves), mutated);
}
