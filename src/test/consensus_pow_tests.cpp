// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <consensus/arith_uint256.h>
#include <consensus/block_check.h>
#include <consensus/params.h>
#include <consensus/pow.h>
#include <consensus/tx_check.h>
#include <crypto/random.h>
#include <primitives/merkle.h>

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

namespace {

consensus::arith_uint256 Hex(std::string_view hex)
{
    consensus::arith_uint256 v;
    BOOST_REQUIRE(v.SetHex(hex));
    return v;
}

/** The target of `bits`, which must be a valid encoding. */
consensus::arith_uint256 Target(uint32_t bits)
{
    bool negative = false, overflow = false;
    consensus::arith_uint256 t;
    t.SetCompact(bits, &negative, &overflow);
    BOOST_REQUIRE(!negative && !overflow);
    return t;
}

/** Main-net params with an anchor below the limit, so that ASERT can move both ways. */
consensus::ConsensusParams MidDifficultyParams()
{
    consensus::ConsensusParams p = consensus::GetConsensusParams("main");
    p.asert_anchor = consensus::AsertAnchor{0, 0x1c0ffff0, 1'800'000'000};
    return p;
}

consensus::PrevBlockInfo Prev(const consensus::ConsensusParams& p, int32_t height, int64_t lag_seconds)
{
    consensus::PrevBlockInfo prev;
    prev.height = height;
    prev.time = p.asert_anchor.time + int64_t{height} * p.pow_target_spacing + lag_seconds;
    prev.bits = p.asert_anchor.bits;
    return prev;
}

} // namespace

BOOST_AUTO_TEST_SUITE(consensus_pow_tests)

BOOST_AUTO_TEST_CASE(arith_basics)
{
    const consensus::arith_uint256 one{1};
    BOOST_CHECK_EQUAL((one << 255).GetHex(), "8000000000000000000000000000000000000000000000000000000000000000");
    BOOST_CHECK(((one << 255) >> 255) == one);
    BOOST_CHECK((one << 256).IsZero());
    BOOST_CHECK(((one << 200) >> 300).IsZero());
    BOOST_CHECK_EQUAL((one << 70).Bits(), 71u);
    BOOST_CHECK_EQUAL(consensus::arith_uint256{}.Bits(), 0u);
    // Carries and borrows across limbs.
    const consensus::arith_uint256 low_max{~uint64_t{0}};
    BOOST_CHECK((low_max + 1) == (one << 64));
    BOOST_CHECK(((one << 64) - 1) == low_max);
    BOOST_CHECK((consensus::arith_uint256{} - 1) == consensus::arith_uint256::Max());
    BOOST_CHECK((consensus::arith_uint256::Max() + 1).IsZero());
    // Multiplication and division.
    const consensus::arith_uint256 a = Hex("123456789abcdef0fedcba9876543210");
    const consensus::arith_uint256 b = Hex("fedcba98765432100123456789abcdef");
    const consensus::arith_uint256 ab = a * b;
    BOOST_CHECK_EQUAL(ab.GetHex(), "121fa00ad77d7423213d0003e234949aaa6c876160ec6a522236d88fe5618cf0");
    BOOST_CHECK(ab / a == b);
    BOOST_CHECK(ab / b == a);
    BOOST_CHECK((ab + 5) / a == b);
    BOOST_CHECK(a * 1000 / 1000 == a);
    BOOST_CHECK(consensus::arith_uint256{7} / consensus::arith_uint256{8} == consensus::arith_uint256{});
    BOOST_CHECK(consensus::arith_uint256::Max() / consensus::arith_uint256::Max() == one);
    // Ordering is numeric, not lexicographic over stored bytes.
    BOOST_CHECK(one < (one << 64));
    BOOST_CHECK((one << 192) > (low_max << 64));
    // Hex round trip and the little-endian relation to uint256.
    const auto hash = uint256::FromHex("00000000000000000000000000000000000000000000000000000000000001ff");
    BOOST_REQUIRE(hash);
    BOOST_CHECK(consensus::UintToArith256(*hash) == consensus::arith_uint256{0x1ff});
    BOOST_CHECK(ArithToUint256(consensus::arith_uint256{0x1ff}) == *hash);
    BOOST_CHECK(ArithToUint256(a) == *uint256::FromHex(a.GetHex()));
    consensus::arith_uint256 bad{5};
    BOOST_CHECK(!bad.SetHex("xyz"));
    BOOST_CHECK(!bad.SetHex(""));
    BOOST_CHECK(!bad.SetHex(std::string(65, '0')));
    BOOST_CHECK(bad == consensus::arith_uint256{5});
}

BOOST_AUTO_TEST_CASE(arith_random_against_128_bit)
{
    // Shifts, carries and division against the compiler's 128-bit arithmetic.
    FastRandomContext rng{1};
    for (int i = 0; i < 2000; ++i) {
        const uint64_t a = rng.Rand64(), b = rng.Rand64() >> rng.RandRange(63);
        const unsigned __int128 wide = (static_cast<unsigned __int128>(a) << 64) | b;
        const consensus::arith_uint256 w = (consensus::arith_uint256{a} << 64) + b;
        const uint64_t d = (rng.Rand64() >> rng.RandRange(63)) | 1;
        const unsigned __int128 expect = wide / d;
        BOOST_REQUIRE((w / d) == (consensus::arith_uint256{static_cast<uint64_t>(expect >> 64)} << 64) + static_cast<uint64_t>(expect));
        BOOST_REQUIRE((w - w).IsZero());
        BOOST_REQUIRE(((w << 100) >> 100) == w);
    }
}

BOOST_AUTO_TEST_CASE(arith_multiplication_vector)
{
    // (2^128 - 1)^2 = 2^256 - 2^129 + 1.
    const consensus::arith_uint256 m = (consensus::arith_uint256{1} << 128) - 1;
    BOOST_CHECK_EQUAL((m * m).GetHex(), "fffffffffffffffffffffffffffffffe00000000000000000000000000000001");
    // Multiplication wraps modulo 2^256.
    BOOST_CHECK(((consensus::arith_uint256{1} << 255) * 2).IsZero());
    BOOST_CHECK(((consensus::arith_uint256{3} << 254) * uint64_t{4}).IsZero());
}

// The vectors of Bitcoin Core's arith_uint256_tests (bignum_SetCompact), edge cases included:
// zero mantissas with any exponent, the sign bit, the mantissa-top-bit renormalisation and
// overflow detection.
BOOST_AUTO_TEST_CASE(compact_encoding_vectors)
{
    struct Vector {
        uint32_t compact;
        const char* hex;
        bool negative;
        bool overflow;
        uint32_t recompact;
    };
    const Vector vectors[] = {
        {0x00000000, "0", false, false, 0},
        {0x00123456, "0", false, false, 0},
        {0x01003456, "0", false, false, 0},
        {0x02000056, "0", false, false, 0},
        {0x03000000, "0", false, false, 0},
        {0x04000000, "0", false, false, 0},
        {0x00923456, "0", false, false, 0},
        {0x01803456, "0", false, false, 0},
        {0x02800056, "0", false, false, 0},
        {0x03800000, "0", false, false, 0},
        {0x04800000, "0", false, false, 0},
        {0x01123456, "12", false, false, 0x01120000},
        {0x01fedcba, "7e", true, false, 0x01fe0000},
        {0x02123456, "1234", false, false, 0x02123400},
        {0x03123456, "123456", false, false, 0x03123456},
        {0x04123456, "12345600", false, false, 0x04123456},
        {0x04923456, "12345600", true, false, 0x04923456},
        {0x05009234, "92340000", false, false, 0x05009234},
        {0x20123456, "1234560000000000000000000000000000000000000000000000000000000000", false, false, 0x20123456},
    };
    for (const Vector& v : vectors) {
        bool negative = false, overflow = false;
        consensus::arith_uint256 n;
        n.SetCompact(v.compact, &negative, &overflow);
        BOOST_CHECK_MESSAGE(n == Hex(v.hex), "compact " << std::hex << v.compact);
        BOOST_CHECK_EQUAL(negative, v.negative);
        BOOST_CHECK_EQUAL(overflow, v.overflow);
        BOOST_CHECK_EQUAL(n.GetCompact(negative), v.recompact);
    }
    // 0x80 needs a zero byte before it: the top mantissa bit is the sign.
    BOOST_CHECK_EQUAL(consensus::arith_uint256{0x80}.GetCompact(), 0x02008000u);
    // Overflow: the exponent pushes significant bytes beyond 256 bits.
    bool negative = false, overflow = false;
    consensus::arith_uint256 n;
    n.SetCompact(0xff123456, &negative, &overflow);
    BOOST_CHECK(!negative && overflow);
    n.SetCompact(0x22000001, &negative, &overflow); // 1 << 8*31 = 2^248: fits
    BOOST_CHECK(!overflow);
    BOOST_CHECK(n == (consensus::arith_uint256{1} << 248));
    n.SetCompact(0x23000001, &negative, &overflow); // 1 << 8*32 = 2^256: overflows
    BOOST_CHECK(overflow);
    n.SetCompact(0x2200ffff, &negative, &overflow); // 0xffff << 8*31: overflows
    BOOST_CHECK(overflow);
    n.SetCompact(0x210000ff, &negative, &overflow); // 0xff << 8*30: fits
    BOOST_CHECK(!overflow);
    n.SetCompact(0x21010000, &negative, &overflow); // 0x010000 << 8*30: overflows
    BOOST_CHECK(overflow);
    n.SetCompact(0x20ffff00 & 0x207fffff, &negative, &overflow);
    BOOST_CHECK(!overflow);
    // The known difficulty-1 values round-trip.
    BOOST_CHECK_EQUAL(Target(0x1d00ffff).GetHex(), "00000000ffff0000000000000000000000000000000000000000000000000000");
    BOOST_CHECK_EQUAL(Target(0x1d00ffff).GetCompact(), 0x1d00ffffu);
    BOOST_CHECK_EQUAL(Target(0x207fffff).GetCompact(), 0x207fffffu);
    // Rounding down: the compact form of 2^232 - 1 is 0x1e00ffff.
    BOOST_CHECK_EQUAL(((consensus::arith_uint256{1} << 232) - 1).GetCompact(), 0x1e00ffffu);
}

BOOST_AUTO_TEST_CASE(derive_target_ranges)
{
    const consensus::ConsensusParams& main = consensus::GetConsensusParams("main");
    BOOST_CHECK(consensus::DeriveTarget(0x1e00ffff, main.pow_limit));
    BOOST_CHECK(consensus::DeriveTarget(0x1d00ffff, main.pow_limit));
    BOOST_CHECK(consensus::DeriveTarget(0x03000001, main.pow_limit)); // target 1
    BOOST_CHECK(!consensus::DeriveTarget(0x1e010000, main.pow_limit)); // 2^232: one above the limit
    BOOST_CHECK(!consensus::DeriveTarget(0x1f00ffff, main.pow_limit)); // above the limit
    BOOST_CHECK(!consensus::DeriveTarget(0x00000000, main.pow_limit)); // zero
    BOOST_CHECK(!consensus::DeriveTarget(0x1d80ffff, main.pow_limit)); // negative
    BOOST_CHECK(!consensus::DeriveTarget(0xff00ffff, main.pow_limit)); // overflow
    const consensus::ConsensusParams& regtest = consensus::GetConsensusParams("regtest");
    BOOST_CHECK(consensus::DeriveTarget(0x207fffff, regtest.pow_limit));
    BOOST_CHECK(!consensus::DeriveTarget(0x20800000, regtest.pow_limit)); // negative zero mantissa... is zero
    BOOST_CHECK(!consensus::DeriveTarget(0x21010000, regtest.pow_limit)); // overflow
}

BOOST_AUTO_TEST_CASE(check_proof_of_work)
{
    const consensus::ConsensusParams& main = consensus::GetConsensusParams("main");
    const uint32_t bits = 0x1e00ffff;
    const consensus::arith_uint256 target = Target(bits);
    BOOST_CHECK(CheckProofOfWork(ArithToUint256(target), bits, main));       // hash == target
    BOOST_CHECK(CheckProofOfWork(ArithToUint256(target - 1), bits, main));
    BOOST_CHECK(CheckProofOfWork(uint256::ZERO, bits, main));
    BOOST_CHECK(!CheckProofOfWork(ArithToUint256(target + 1), bits, main)); // one too high
    BOOST_CHECK(!CheckProofOfWork(ArithToUint256(consensus::arith_uint256::Max()), bits, main));
    // Range checks apply even to a hash of zero.
    BOOST_CHECK(!CheckProofOfWork(uint256::ZERO, 0x1f00ffff, main)); // above pow_limit
    BOOST_CHECK(!CheckProofOfWork(uint256::ZERO, 0x1d80ffff, main)); // negative
    BOOST_CHECK(!CheckProofOfWork(uint256::ZERO, 0xff00ffff, main)); // overflow
    BOOST_CHECK(!CheckProofOfWork(uint256::ZERO, 0x00000000, main)); // zero target
    BOOST_CHECK(!CheckProofOfWork(uint256::ZERO, 0x01003456, main)); // zero after decoding
    // The regtest limit is valid on regtest only.
    BOOST_CHECK(CheckProofOfWork(uint256::ZERO, 0x207fffff, consensus::GetConsensusParams("regtest")));
    BOOST_CHECK(!CheckProofOfWork(uint256::ZERO, 0x207fffff, main));
}

BOOST_AUTO_TEST_CASE(block_proof)
{
    // Bitcoin's difficulty-1 block: 0x100010001 hashes (its genesis chainwork).
    BOOST_CHECK(consensus::GetBlockProof(0x1d00ffff) == consensus::arith_uint256{0x100010001ULL});
    // Regtest: target 0x7fff..ff, so 2^256 / 2^255 = 2.
    BOOST_CHECK(consensus::GetBlockProof(0x207fffff) == consensus::arith_uint256{2});
    // Target 1: 2^255.
    BOOST_CHECK(consensus::GetBlockProof(0x03000001) == (consensus::arith_uint256{1} << 255));
    // The DOTS main genesis target 0xffff << 216: floor(2^256 / (0xffff * 2^216 + 1)) = 0x1000100.
    BOOST_CHECK(consensus::GetBlockProof(0x1e00ffff) == consensus::arith_uint256{0x1000100ULL});
    // Invalid encodings add no work.
    BOOST_CHECK(consensus::GetBlockProof(0).IsZero());
    BOOST_CHECK(consensus::GetBlockProof(0x1d80ffff).IsZero());
    BOOST_CHECK(consensus::GetBlockProof(0xff123456).IsZero());
    // Harder targets are more work.
    BOOST_CHECK(consensus::GetBlockProof(0x1c00ffff) > consensus::GetBlockProof(0x1d00ffff));
    BOOST_CHECK(consensus::GetBlockProof(0x1c00ffff) == consensus::arith_uint256{0x10001000100ULL});
}

BOOST_AUTO_TEST_CASE(genesis_blocks)
{
    struct Expected {
        const char* chain;
        const char* hash;
        uint32_t nonce;
    };
    const Expected expected[] = {
        {"main", "000000038a226b8809744310a8871c4da88b1299e44b6771a3e27c3b6aadad56", 58102008},
        {"test", "000000b36cfcf45da8d4eff43cf5c8277f092c839537fe40813f8160788899f6", 18181506},
        {"regtest", "336b83453270672d17598108dba1008c397440149bfbf853990e19a9db2be671", 2},
    };
    std::set<uint256> hashes;
    std::set<std::array<uint8_t, 4>> magics;
    for (const Expected& e : expected) {
        const consensus::ConsensusParams& p = consensus::GetConsensusParams(e.chain);
        BOOST_CHECK_EQUAL(p.chain_name, e.chain);
        BOOST_CHECK_EQUAL(p.genesis.nonce, e.nonce);
        BOOST_CHECK_EQUAL(p.genesis.GetHash().GetHex(), e.hash);
        BOOST_CHECK(p.genesis_hash == p.genesis.GetHash());
        // A real proof-of-work block at its own (initial) target, which is the anchor.
        BOOST_CHECK(CheckProofOfWork(p.genesis_hash, p.genesis.bits, p));
        BOOST_CHECK(consensus::UintToArith256(p.genesis_hash) <= Target(p.genesis.bits));
        BOOST_CHECK_EQUAL(p.asert_anchor.bits, p.genesis.bits);
        BOOST_CHECK_EQUAL(p.asert_anchor.time, int64_t{p.genesis.time});
        BOOST_CHECK_EQUAL(p.asert_anchor.height, 0);
        BOOST_CHECK(p.genesis.prev_block.IsNull());
        // The merkle root commits to the one coinbase, which commits to height 0.
        BOOST_REQUIRE_EQUAL(p.genesis.vtx.size(), 1u);
        bool mutated = true;
        BOOST_CHECK(BlockMerkleRoot(p.genesis, &mutated) == p.genesis.merkle_root);
        BOOST_CHECK(!mutated);
        BOOST_CHECK(consensus::GetCoinbaseHeight(*p.genesis.vtx[0]) == 0);
        BOOST_CHECK_EQUAL(p.genesis.vtx[0]->vout.at(0).value, p.initial_subsidy);
        // It passes every context-free rule.
        consensus::BlockValidationState state;
        BOOST_CHECK_MESSAGE(CheckBlock(p.genesis, p, state), state.ToString());
        // Each chain has its own genesis and magic.
        hashes.insert(p.genesis_hash);
        magics.insert(p.message_start);
        // Magic bytes start with a byte that never starts a UTF-8 sequence.
        BOOST_CHECK_GE(p.message_start[0], 0xf5);
        // ASERT's fixed-point arithmetic needs room above the limit.
        BOOST_CHECK_LE(consensus::UintToArith256(p.pow_limit).Bits(), p.pow_no_retargeting ? 256u : 239u);
    }
    BOOST_CHECK_EQUAL(hashes.size(), 3u);
    BOOST_CHECK_EQUAL(magics.size(), 3u);
    // The genesis bits are the compact form of the limit, i.e. the easiest difficulty.
    const consensus::ConsensusParams& main = consensus::GetConsensusParams("main");
    BOOST_CHECK_EQUAL(consensus::UintToArith256(main.pow_limit).GetCompact(), main.genesis.bits);
    BOOST_CHECK_EQUAL(Target(main.genesis.bits).Bits(), 232u);
}

// Naming a suite in --run_test (as make check's run_suite.sh does) enables its disabled cases too,
// so the precondition keeps this minute-long search out of make check.
boost::test_tools::assertion_result MineGenesisRequested(boost::unit_test::test_unit_id)
{
    const char* requested = std::getenv("DOTS_MINE_GENESIS");
    boost::test_tools::assertion_result result{requested != nullptr && std::string_view{requested} == "1"};
    result.message() << "set DOTS_MINE_GENESIS=1 to run it";
    return result;
}

// Finds the genesis nonces hard-coded in consensus/params.cpp. Run once after changing a genesis
// field:  DOTS_MINE_GENESIS=1 test_dots --run_test=consensus_pow_tests/mine_genesis
BOOST_AUTO_TEST_CASE(mine_genesis,
                     *boost::unit_test::disabled() * boost::unit_test::precondition(MineGenesisRequested))
{
    for (const char* chain : {"main", "test", "regtest"}) {
        const consensus::ConsensusParams& p = consensus::GetConsensusParams(chain);
        CBlock genesis = p.genesis;
        bool found = false;
        for (uint64_t nonce = 0; nonce <= 0xffffffffULL && !found; ++nonce) {
            genesis.nonce = static_cast<uint32_t>(nonce);
            found = CheckProofOfWork(genesis.GetHash(), genesis.bits, p);
        }
        BOOST_REQUIRE(found);
        std::printf("%s: nonce %u hash %s\n", chain, genesis.nonce, genesis.GetHash().GetHex().c_str());
    }
}

// Reference vectors of the aserti3-2d specification (Bitcoin Cash, 2020-11-15 upgrade; the
// generated "run" files mirrored with the spec), parameters: spacing 600 s, half-life 2 days,
// limit 2^224 - 1 (0x1d00ffff), anchor height 1 whose parent's time is 0. Each line is the
// parent's height and time and the bits required of the block after it. A sample of each run:
// run03 steady at the smallest target, run05 halvings down to target 1 (clamp), run08 random
// solve times with a slowing hash rate up to the limit (clamp).
BOOST_AUTO_TEST_CASE(asert_reference_vectors)
{
    struct Vector {
        uint32_t anchor_bits;
        int64_t height;
        int64_t time;
        uint32_t bits;
    };
    const Vector vectors[] = {
        // run03
        {0x01010000, 2, 1200, 0x01010000},
        {0x01010000, 11, 6600, 0x01010000},
        // run05
        {0x1d00ffff, 2, 0, 0x1d00fec5},
        {0x1d00ffff, 290, 0, 0x1c7f62c0},
        {0x1d00ffff, 2306, 0, 0x1c00fec5},
        {0x1d00ffff, 29954, 0, 0x1000fec5},
        {0x1d00ffff, 59906, 0, 0x0300fec5},
        {0x1d00ffff, 60194, 0, 0x027f6200},
        {0x1d00ffff, 62498, 0, 0x017f0000},
        {0x1d00ffff, 64226, 0, 0x01010000},
        {0x1d00ffff, 64514, 0, 0x01010000},
        // run08
        {0x1802aee8, 2, 1200, 0x1802aee8},
        {0x1802aee8, 3, 1310, 0x1802ad91},
        {0x1802aee8, 9, 7099, 0x1802b39c},
        {0x1802aee8, 10, 7099, 0x1802b1f2},
        {0x1802aee8, 54, 111773, 0x1803b056},
        {0x1802aee8, 101, 333916, 0x180807f0},
        {0x1802aee8, 187, 1078358, 0x19008158},
        {0x1802aee8, 281, 2529858, 0x1a00881c},
        {0x1802aee8, 352, 3950808, 0x1b0085ea},
        {0x1802aee8, 426, 5430357, 0x1c00a57c},
        {0x1802aee8, 484, 6930238, 0x1d00e688},
        {0x1802aee8, 485, 6993399, 0x1d00ffff},
        {0x1802aee8, 501, 7462933, 0x1d00ffff},
    };
    const consensus::arith_uint256 limit = (consensus::arith_uint256{1} << 224) - 1;
    for (const Vector& v : vectors) {
        const consensus::arith_uint256 next = CalculateAsertTarget(Target(v.anchor_bits), 600, v.time - 0, v.height - 1, limit,
                                                        2 * 24 * 60 * 60);
        BOOST_CHECK_MESSAGE(next.GetCompact() == v.bits, "height " << v.height << ": got " << std::hex
                                                                    << next.GetCompact() << " want " << v.bits);
    }
}

BOOST_AUTO_TEST_CASE(asert_steady_schedule_keeps_target)
{
    const consensus::ConsensusParams p = MidDifficultyParams();
    for (int32_t height : {0, 1, 2, 10, 1000, 100'000, 5'000'000}) {
        BOOST_CHECK_EQUAL(GetNextWorkRequired(Prev(p, height, 0), p), p.asert_anchor.bits);
    }
    // On main, the first block after genesis keeps the genesis target if on time.
    const consensus::ConsensusParams& main = consensus::GetConsensusParams("main");
    consensus::PrevBlockInfo prev{0, main.genesis.time, main.genesis.bits, main.genesis.time};
    BOOST_CHECK_EQUAL(GetNextWorkRequired(prev, main), main.genesis.bits);
}

BOOST_AUTO_TEST_CASE(asert_fast_blocks_raise_difficulty_slow_lower_it)
{
    const consensus::ConsensusParams p = MidDifficultyParams();
    const consensus::arith_uint256 anchor = Target(p.asert_anchor.bits);
    // Ahead of schedule: smaller target (harder), monotonically.
    consensus::arith_uint256 last = anchor;
    for (int64_t ahead : {60, 600, 3600, 21600, 86400}) {
        const consensus::arith_uint256 t = Target(GetNextWorkRequired(Prev(p, 1000, -ahead), p));
        BOOST_CHECK(t < last);
        last = t;
    }
    // Behind schedule: larger target (easier), monotonically.
    last = anchor;
    for (int64_t behind : {60, 600, 3600, 21600, 86400}) {
        const consensus::arith_uint256 t = Target(GetNextWorkRequired(Prev(p, 1000, behind), p));
        BOOST_CHECK(t > last);
        last = t;
    }
}

BOOST_AUTO_TEST_CASE(asert_half_life_doubles_and_halves)
{
    const consensus::ConsensusParams p = MidDifficultyParams();
    const consensus::arith_uint256 anchor = Target(p.asert_anchor.bits);
    for (int k = 1; k <= 4; ++k) {
        const int64_t lag = k * p.asert_half_life;
        // Exactly k half-lives: the fraction is zero, so the result is exact up to compact rounding.
        BOOST_CHECK_EQUAL(GetNextWorkRequired(Prev(p, 500, lag), p), (anchor << k).GetCompact());
        BOOST_CHECK_EQUAL(GetNextWorkRequired(Prev(p, 500, -lag), p), (anchor >> k).GetCompact());
    }
    // The raw function, away from compact rounding.
    const consensus::arith_uint256 limit = consensus::UintToArith256(p.pow_limit);
    const consensus::arith_uint256 ref = consensus::arith_uint256{1} << 200;
    BOOST_CHECK(CalculateAsertTarget(ref, 60, 60 + 3600, 0, limit, 3600) == (ref << 1));
    BOOST_CHECK(CalculateAsertTarget(ref, 60, 60 - 3600, 0, limit, 3600) == (ref >> 1));
    BOOST_CHECK(CalculateAsertTarget(ref, 60, 60 * 11, 10, limit, 3600) == ref);
}

BOOST_AUTO_TEST_CASE(asert_matches_exponential)
{
    // Against double-precision 2^(lag / half_life): the cubic approximation is within 0.013 %;
    // allow 0.02 % for truncation.
    const consensus::arith_uint256 limit = consensus::UintToArith256(consensus::GetConsensusParams("main").pow_limit);
    const consensus::arith_uint256 ref = consensus::arith_uint256{1} << 180;
    for (int64_t lag = -3 * 21600; lag <= 3 * 21600; lag += 997) {
        const consensus::arith_uint256 t = CalculateAsertTarget(ref, 60, 60 * 101 + lag, 100, limit, 21600);
        const double got = static_cast<double>((t >> 120).GetLow64()) / static_cast<double>((ref >> 120).GetLow64());
        const double want = std::exp2(static_cast<double>(lag) / 21600.0);
        BOOST_CHECK_MESSAGE(std::fabs(got / want - 1.0) < 2e-4, "lag " << lag << " got " << got << " want " << want);
    }
}

BOOST_AUTO_TEST_CASE(asert_clamps)
{
    const consensus::ConsensusParams& main = consensus::GetConsensusParams("main");
    const consensus::arith_uint256 limit = consensus::UintToArith256(main.pow_limit);
    // Main starts at the limit: a slow chain stays there, never above.
    BOOST_CHECK_EQUAL(GetNextWorkRequired(Prev(main, 10, 86400 * 365), main), limit.GetCompact());
    BOOST_CHECK_EQUAL(GetNextWorkRequired(Prev(main, 10, 60), main), limit.GetCompact());
    // Huge lags that would overflow 256 bits are clamped to the limit too.
    BOOST_CHECK(CalculateAsertTarget(limit, 60, int64_t{1} << 40, 0, limit, 3600) == limit);
    // Absurdly fast chains bottom out at target 1, never 0.
    BOOST_CHECK(CalculateAsertTarget(consensus::arith_uint256{1} << 20, 60, 0, 1'000'000, limit, 3600) == consensus::arith_uint256{1});
    const consensus::arith_uint256 hardest = Target(GetNextWorkRequired(Prev(main, 2'000'000'000, -2'000'000'000LL * 60), main));
    BOOST_CHECK(hardest >= consensus::arith_uint256{1});
    BOOST_CHECK(hardest < limit);
}

BOOST_AUTO_TEST_CASE(asert_future_time_gain_is_bounded)
{
    // A miner who dates its block max_future_block_time ahead makes only the NEXT block
    // easier, by at most 2^(600 / 21600) ~ 1.94 %; the next honest timestamp undoes it.
    const consensus::ConsensusParams p = MidDifficultyParams();
    const consensus::arith_uint256 honest = Target(GetNextWorkRequired(Prev(p, 1000, 0), p));
    const consensus::arith_uint256 lying = Target(GetNextWorkRequired(Prev(p, 1000, p.max_future_block_time), p));
    BOOST_CHECK(lying > honest);
    BOOST_CHECK(lying * 10000 < honest * 10200);
    // The block after an honest successor is back on schedule.
    BOOST_CHECK(Target(GetNextWorkRequired(Prev(p, 1001, 0), p)) == honest);
}

BOOST_AUTO_TEST_CASE(regtest_never_retargets)
{
    const consensus::ConsensusParams& regtest = consensus::GetConsensusParams("regtest");
    BOOST_CHECK(regtest.pow_no_retargeting);
    for (int64_t lag : {-100000, 0, 100000}) {
        BOOST_CHECK_EQUAL(GetNextWorkRequired(Prev(regtest, 500, lag), regtest), 0x207fffffu);
    }
}

BOOST_AUTO_TEST_CASE(median_time_past)
{
    const int64_t one[] = {5};
    BOOST_CHECK_EQUAL(consensus::GetMedianTimePast(one), 5);
    const int64_t odd[] = {9, 1, 7, 3, 5};
    BOOST_CHECK_EQUAL(consensus::GetMedianTimePast(odd), 5);
    const int64_t even[] = {4, 1, 3, 2}; // Bitcoin takes the upper median: sorted[n / 2]
    BOOST_CHECK_EQUAL(consensus::GetMedianTimePast(even), 3);
    const int64_t eleven[] = {100, 160, 220, 280, 340, 400, 460, 520, 580, 640, 10000};
    BOOST_CHECK_EQUAL(consensus::GetMedianTimePast(eleven), 400);
}

BOOST_AUTO_TEST_SUITE_END()
