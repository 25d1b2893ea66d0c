// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <crypto/sha256.h>
#include <primitives/block.h>
#include <primitives/merkle.h>
#include <util/strencodings.h>

#include <boost/test/unit_test.hpp>

#include <vector>

namespace {

uint256 H(std::string_view display_hex)
{
    auto v = uint256::FromHex(display_hex);
    BOOST_REQUIRE(v);
    return *v;
}

uint256 Leaf(uint32_t i)
{
    std::array<uint8_t, 4> b{static_cast<uint8_t>(i), static_cast<uint8_t>(i >> 8), 0, 0};
    return uint256{Sha256(b)};
}

/** Straightforward level-by-level reference implementation written independently. */
uint256 ReferenceRoot(const std::vector<uint256>& leaves)
{
    if (leaves.empty()) return uint256::ZERO;
    if (leaves.size() == 1) return leaves[0];
    std::vector<uint256> next;
    for (size_t i = 0; i < leaves.size(); i += 2) {
        const uint256& l = leaves[i];
        const uint256& r = i + 1 < leaves.size() ? leaves[i + 1] : leaves[i];
        std::vector<uint8_t> cat(l.begin(), l.end());
        cat.insert(cat.end(), r.begin(), r.end());
        next.push_back(uint256{Sha256d(cat)});
    }
    return ReferenceRoot(next);
}

CTransactionRef MakeTx(uint8_t tag, std::vector<uint8_t> witness_item = {})
{
    CMutableTransaction mtx;
    mtx.kind = TxKind::TRANSFER;
    CTxIn in;
    in.prevout = COutPoint{uint256::ONE, tag};
    if (!witness_item.empty()) in.witness = {witness_item};
    mtx.vin.push_back(in);
    mtx.vout.push_back(CTxOut{tag * COIN, {}});
    return MakeTransactionRef(std::move(mtx));
}

} // namespace

BOOST_AUTO_TEST_SUITE(merkle_tests)

// Bitcoin block 100000: four txids and the header's merkle root (outside vector for the tree).
BOOST_AUTO_TEST_CASE(bitcoin_block_100000)
{
    const std::vector<uint256> txids{
        H("8c14f0db3df150123e6f3dbbf30f8b955a8249b62ac1d1ff16284aefa3d06d87"),
        H("fff2525b8931402dd09222c50775608f75787bd2b87e56995a7bdd30f79702c4"),
        H("6359f0868171b1d194cbee1af2f16ea598ae8fad666d9b012c8ed2b79a236ec4"),
        H("e9a66845e05d5abc0ad04ec80f774a7e585c6e8db975962d069a522137b80c1d"),
    };
    bool mutated = true;
    BOOST_CHECK_EQUAL(ComputeMerkleRoot(txids, &mutated).GetHex(),
                      "f3e94742aca4b5ef85488dc37c06c3282295ffec960994b2c0d5ac2a25a95766");
    BOOST_CHECK(!mutated);
}

BOOST_AUTO_TEST_CASE(matches_reference_for_all_small_sizes)
{
    bool mutated = true;
    BOOST_CHECK(ComputeMerkleRoot({}, &mutated) == uint256::ZERO);
    BOOST_CHECK(!mutated);
    for (uint32_t n = 1; n <= 40; ++n) {
        std::vector<uint256> leaves;
        for (uint32_t i = 0; i < n; ++i) leaves.push_back(Leaf(i));
        mutated = true;
        BOOST_CHECK(ComputeMerkleRoot(leaves, &mutated) == ReferenceRoot(leaves));
        BOOST_CHECK_MESSAGE(!mutated, "distinct leaves reported mutated, n=" << n);
        if (n == 1) BOOST_CHECK(ComputeMerkleRoot(leaves) == leaves[0]);
    }
}

// CVE-2012-2459: duplicating trailing leaves keeps the root but must be reported.
BOOST_AUTO_TEST_CASE(cve_2012_2459_mutation_detected)
{
    for (uint32_t n = 1; n <= 32; ++n) {
        std::vector<uint256> leaves;
        for (uint32_t i = 0; i < n; ++i) leaves.push_back(Leaf(i));
        bool mutated = true;
        const uint256 root = ComputeMerkleRoot(leaves, &mutated);
        BOOST_CHECK(!mutated);
        // Try duplicating the last 1, 2, 4, ... leaves: whenever the root is unchanged, it
        // must be flagged.
        for (uint32_t dup = 1; dup <= n; dup *= 2) {
            std::vector<uint256> longer = leaves;
            longer.insert(longer.end(), leaves.end() - dup, leaves.end());
            bool m = false;
            const uint256 r = ComputeMerkleRoot(longer, &m);
            if (r == root) BOOST_CHECK_MESSAGE(m, "undetected mutation n=" << n << " dup=" << dup);
        }
    }
    // The classic examples: [a b c] ~ [a b c c] and [a..f] ~ [a..f e f].
    std::vector<uint256> abc{Leaf(1), Leaf(2), Leaf(3)};
    std::vector<uint256> abcc{Leaf(1), Leaf(2), Leaf(3), Leaf(3)};
    bool m1 = true, m2 = false;
    BOOST_CHECK(ComputeMerkleRoot(abc, &m1) == ComputeMerkleRoot(abcc, &m2));
    BOOST_CHECK(!m1);
    BOOST_CHECK(m2);
    std::vector<uint256> six, eight;
    for (uint32_t i = 0; i < 6; ++i) six.push_back(Leaf(i));
    eight = six;
    eight.push_back(Leaf(4));
    eight.push_back(Leaf(5));
    bool m3 = true, m4 = false;
    BOOST_CHECK(ComputeMerkleRoot(six, &m3) == ComputeMerkleRoot(eight, &m4));
    BOOST_CHECK(!m3);
    BOOST_CHECK(m4);
    // Two equal adjacent leaves anywhere are flagged too (a duplicate transaction).
    bool m5 = false;
    ComputeMerkleRoot({Leaf(1), Leaf(1), Leaf(2), Leaf(3)}, &m5);
    BOOST_CHECK(m5);
}

BOOST_AUTO_TEST_CASE(block_merkle_root_commits_to_witnesses)
{
    CBlock block;
    block.vtx = {MakeTx(1), MakeTx(2, {1, 2, 3}), MakeTx(3)};
    const uint256 root = BlockMerkleRoot(block);
    const uint256 txid_root = BlockTxidMerkleRoot(block);
    BOOST_CHECK(root != txid_root);

    CBlock altered = block;
    altered.vtx[1] = MakeTx(2, {1, 2, 4}); // same txid, different witness
    BOOST_CHECK(altered.vtx[1]->GetTxid() == block.vtx[1]->GetTxid());
    BOOST_CHECK(BlockTxidMerkleRoot(altered) == txid_root);
    BOOST_CHECK(BlockMerkleRoot(altered) != root);

    CBlock dup = block;
    dup.vtx.push_back(dup.vtx.back());
    bool mutated = false;
    BOOST_CHECK(BlockMerkleRoot(dup, &mutated) == root);
    BOOST_CHECK(mutated);
}

// Bitcoin's genesis header: checks the 80-byte layout and the SHA-256d block hash.
BOOST_AUTO_TEST_CASE(header_layout_and_hash)
{
    const auto bytes = TryParseHex("0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c");
    BOOST_REQUIRE(bytes && bytes->size() == 80);
    const auto header = DecodeBlockHeader(*bytes);
    BOOST_REQUIRE(header);
    BOOST_CHECK_EQUAL(header->version, 1);
    BOOST_CHECK(header->prev_block.IsNull());
    BOOST_CHECK_EQUAL(header->merkle_root.GetHex(), "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b");
    BOOST_CHECK_EQUAL(header->time, 1231006505U);
    BOOST_CHECK_EQUAL(header->bits, 0x1d00ffffU);
    BOOST_CHECK_EQUAL(header->nonce, 2083236893U);
    BOOST_CHECK_EQUAL(header->GetHash().GetHex(), "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
    BOOST_CHECK(Encode(*header) == *bytes);
    BOOST_CHECK(!DecodeBlockHeader(std::span{*bytes}.first(79)));
    auto longer = *bytes;
    longer.push_back(0);
    BOOST_CHECK(DecodeBlockHeader(longer).failure().code == DecodeError::INPUT_TOO_LARGE);
}

BOOST_AUTO_TEST_CASE(block_round_trip_and_rejections)
{
    CBlock block;
    block.version = 1;
    block.time = 1700000000;
    block.bits = 0x207fffff;
    block.nonce = 42;
    block.vtx = {MakeTx(1), MakeTx(2, {9, 9}), MakeTx(3)};
    block.merkle_root = BlockMerkleRoot(block);
    const auto bytes = Encode(block);
    BOOST_CHECK_EQUAL(bytes.size(), SerializedSize(block));
    const auto dec = DecodeBlock(bytes);
    BOOST_REQUIRE(dec);
    BOOST_CHECK(dec->GetHeader() == block.GetHeader());
    BOOST_CHECK(dec->GetHash() == block.GetHash());
    BOOST_REQUIRE_EQUAL(dec->vtx.size(), 3U);
    for (size_t i = 0; i < 3; ++i) BOOST_CHECK(dec->vtx[i]->GetWtxid() == block.vtx[i]->GetWtxid());
    BOOST_CHECK(BlockMerkleRoot(*dec) == dec->merkle_root);

    for (size_t len = 0; len < bytes.size(); len += 7) {
        BOOST_CHECK(DecodeBlock(std::span{bytes}.first(len)).failure().code == DecodeError::TRUNCATED);
    }
    auto trailing = bytes;
    trailing.push_back(0);
    BOOST_CHECK(DecodeBlock(trailing).failure().code == DecodeError::TRAILING_DATA);

    // A transaction count far beyond what the bytes could hold is rejected up front.
    std::vector<uint8_t> lying(bytes.begin(), bytes.begin() + 80);
    lying.insert(lying.end(), {0xfe, 0x00, 0x00, 0x10, 0x00});
    lying.resize(1000, 0);
    BOOST_CHECK(!DecodeBlock(lying));
}

BOOST_AUTO_TEST_SUITE_END()
