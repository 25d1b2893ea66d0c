// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <primitives/block.h>
#include <primitives/merkle.h>
#include <test/fuzz/fuzz.h>


// Untrusted block bytes: never crash; accepted blocks re-encode exactly; the header decodes on
// its own from the first 80 bytes; merkle computation works on whatever was accepted.
FUZZ_TARGET(block_deserialize)
{
    const auto block = DecodeBlock(buffer);
    if (buffer.size() >= CBlockHeader::SERIALIZED_SIZE) {
        const auto header = DecodeBlockHeader(buffer.first(CBlockHeader::SERIALIZED_SIZE));
        if (!header) Violated("80 bytes did not decode as a header");
        if (block && header->GetHash() != block->GetHash()) Violated("header hash differs from block's");
    }
    if (!block) return;
    const auto bytes = Encode(*block);
    if (bytes.size() != buffer.size() || !std::equal(bytes.begin(), bytes.end(), buffer.begin())) {
        Violated("accepted a non-canonical block encoding");
    }
    bool mutated = false;
    const uint256 root = BlockMerkleRoot(*block, &mutated);
    if (block->vtx.empty() && (!root.IsNull() || mutated)) Violated("empty block merkle root");
    (void)BlockTxidMerkleRoot(*block);
}
