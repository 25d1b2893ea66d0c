// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The probe draw and pool shares (consensus/registry_probe.h, doc/registry.md "The draw"): fixed
// vectors shared with the independent Python implementation (test/functional/test_framework/
// registry.py, DRAW_VECTORS), the unbiased mapping, sampling without replacement, the epoch pool
// across a halving and the 128-bit share.

#include <consensus/params.h>
#include <consensus/registry_probe.h>
#include <consensus/subsidy.h>
#include <crypto/key.h>
#include <util/strencodings.h>

#include <test/util/registry.h>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <vector>

using namespace consensus;

namespace {

/** The x-only key of secret i + 1 (registry.py vector_key). */
Key VectorKey(uint32_t i)
{
    std::array<uint8_t, 32> secret{};
    const uint32_t n = i + 1;
    secret[28] = static_cast<uint8_t>(n >> 24);
    secret[29] = static_cast<uint8_t>(n >> 16);
    secret[30] = static_cast<uint8_t>(n >> 8);
    secret[31] = static_cast<uint8_t>(n);
    auto key = CKey::FromBytes(secret);
    BOOST_REQUIRE(key);
    Key out;
    const XOnlyPubKey x = key->GetXOnlyPubKey();
    std::copy(x.bytes().begin(), x.bytes().end(), out.begin());
    return out;
}

const std::vector<int64_t> VECTOR_BONDS{5, 1, 1, 3, 100, 2, 7, 1, 1, 40, 9, 2};

uint256 VectorSeed()
{
    std::array<uint8_t, 32> b;
    for (size_t i = 0; i < 32; ++i) b[i] = static_cast<uint8_t>(i);
    return uint256{b};
}

/** The vector set (node i = VectorKey(i) with VECTOR_BONDS[i] DOTS), and key -> vector index. */
struct VectorSet {
    ProbeSet set;
    std::map<Key, size_t> vector_index;

    VectorSet()
    {
        std::vector<NodeWeight> nodes;
        for (size_t i = 0; i < VECTOR_BONDS.size(); ++i) {
            nodes.push_back(NodeWeight{VectorKey(static_cast<uint32_t>(i)), VECTOR_BONDS[i] * COIN});
            vector_index[nodes.back().node] = i;
        }
        std::sort(nodes.begin(), nodes.end(), [](const NodeWeight& a, const NodeWeight& b) { return a.node < b.node; });
        set = ProbeSet{nodes};
    }
    /** The draw of vector node `t`, as vector indices. */
    std::vector<size_t> Draw(size_t t, int count = 9) const
    {
        const size_t target = *set.Find(VectorKey(static_cast<uint32_t>(t)));
        std::vector<size_t> out;
        for (size_t i : DrawProbers(set, VectorSeed(), target, count)) out.push_back(vector_index.at(set.Node(i).node));
        return out;
    }
};

NodeWeight Weight(uint8_t b, CAmount bond)
{
    Key k{};
    k.fill(b);
    return NodeWeight{k, bond};
}

} // namespace

BOOST_AUTO_TEST_SUITE(registry_probe_tests)

BOOST_AUTO_TEST_CASE(probe_set_intervals)
{
    const ProbeSet set{{Weight(1, 5), Weight(2, 3), Weight(9, 2)}};
    BOOST_CHECK_EQUAL(set.size(), 3u);
    BOOST_CHECK_EQUAL(set.TotalBond(), 10u);
    BOOST_CHECK_EQUAL(set.Start(0), 0u);
    BOOST_CHECK_EQUAL(set.Start(1), 5u);
    BOOST_CHECK_EQUAL(set.Start(2), 8u);
    const std::vector<size_t> owner{0, 0, 0, 0, 0, 1, 1, 1, 2, 2};
    for (uint64_t x = 0; x < 10; ++x) BOOST_CHECK_EQUAL(set.Locate(x), owner[x]);
    BOOST_CHECK_EQUAL(*set.Find(Weight(2, 0).node), 1u);
    BOOST_CHECK(!set.Find(Weight(3, 0).node));
    BOOST_CHECK(ProbeSet{}.empty());
}

BOOST_AUTO_TEST_CASE(draw_value_and_unbiased_mapping_vectors)
{
    const uint256 seed = VectorSeed();
    // registry.py: probe_draw_value(VECTOR_SEED, vector_key(0), 0).
    BOOST_CHECK_EQUAL(ProbeDrawValue(seed, VectorKey(0), 0), 16979196001115214071ULL);
    uint32_t index = 0;
    BOOST_CHECK_EQUAL(UnbiasedDraw(seed, VectorKey(0), MAX_MONEY, index), 16979196001115214071ULL % MAX_MONEY);
    BOOST_CHECK_EQUAL(index, 1u);
    // Index 307 of target 4 is 18446671672689447200, above the largest multiple of MAX_MONEY
    // below 2^64: rejected, so the draw consumes index 308 as well.
    BOOST_CHECK_EQUAL(ProbeDrawValue(seed, VectorKey(4), 307), 18446671672689447200ULL);
    index = 307;
    BOOST_CHECK_EQUAL(UnbiasedDraw(seed, VectorKey(4), MAX_MONEY, index), 68940433209699ULL);
    BOOST_CHECK_EQUAL(index, 309u);
    // A power of two divides 2^64: nothing is rejected (the limit wraps to 0).
    index = 307;
    BOOST_CHECK_EQUAL(UnbiasedDraw(seed, VectorKey(4), uint64_t{1} << 40, index), 18446671672689447200ULL % (uint64_t{1} << 40));
    BOOST_CHECK_EQUAL(index, 308u);
    index = 5;
    BOOST_CHECK_EQUAL(UnbiasedDraw(seed, VectorKey(4), 1, index), 0u);
}

BOOST_AUTO_TEST_CASE(draw_fixed_vectors)
{
    // registry.py DRAW_VECTORS: vector node t -> its probers in draw order (vector indices).
    const std::map<size_t, std::vector<size_t>> expected{
        {0, {4, 9, 6, 1, 10, 5, 7, 2, 3}},  {1, {4, 9, 10, 3, 0, 11, 6, 7, 5}}, {2, {6, 4, 9, 5, 7, 0, 10, 11, 3}},
        {3, {4, 11, 9, 10, 6, 0, 7, 8, 5}}, {4, {9, 6, 7, 10, 11, 0, 3, 5, 1}}, {5, {2, 9, 4, 11, 0, 10, 6, 3, 7}},
        {6, {4, 9, 10, 5, 11, 0, 3, 1, 2}}, {7, {4, 9, 10, 0, 6, 3, 8, 1, 11}}, {8, {10, 4, 9, 6, 5, 0, 3, 2, 11}},
        {9, {4, 6, 10, 0, 3, 2, 5, 1, 11}}, {10, {4, 9, 3, 0, 8, 6, 1, 11, 5}}, {11, {4, 9, 0, 6, 10, 3, 1, 7, 8}},
    };
    const VectorSet v;
    for (const auto& [t, probers] : expected) {
        const std::vector<size_t> got = v.Draw(t);
        BOOST_CHECK_MESSAGE(got == probers, "draw of vector node " << t);
    }
}

BOOST_AUTO_TEST_CASE(drawn_prober_keys)
{
    // The fixed vectors of three targets as keys: position i is the key of receipt index i.
    const std::map<size_t, std::vector<uint32_t>> expected{{0, {4, 9, 6, 1, 10, 5, 7, 2, 3}}, {4, {9, 6, 7}}, {11, {4, 9, 0, 6, 10, 3, 1, 7, 8}}};
    const VectorSet v;
    for (const auto& [t, probers] : expected) {
        std::vector<Key> want;
        for (const uint32_t i : probers) want.push_back(VectorKey(i));
        const size_t target = *v.set.Find(VectorKey(static_cast<uint32_t>(t)));
        const std::vector<Key> got = DrawProberKeys(v.set, VectorSeed(), target, static_cast<int>(probers.size()));
        BOOST_CHECK_MESSAGE(got == want, "drawn keys of vector node " << t);
    }
    // Fewer other nodes than the count: every other node's key, in draw order; none for a lone node.
    const ProbeSet small{{Weight(1, 5), Weight(2, 1), Weight(3, 1000)}};
    std::vector<Key> want;
    for (const size_t i : DrawProbers(small, VectorSeed(), 1, 9)) want.push_back(small.Node(i).node);
    BOOST_CHECK_EQUAL(want.size(), 2u);
    BOOST_CHECK(DrawProberKeys(small, VectorSeed(), 1, 9) == want);
    BOOST_CHECK(DrawProberKeys(ProbeSet{{Weight(1, 5)}}, VectorSeed(), 0, 9).empty());
    BOOST_CHECK(DrawProberKeys(small, VectorSeed(), 0, 0).empty());
}

BOOST_AUTO_TEST_CASE(draw_without_replacement_target_excluded)
{
    const VectorSet v;
    for (size_t t = 0; t < VECTOR_BONDS.size(); ++t) {
        const std::vector<size_t> got = v.Draw(t);
        BOOST_CHECK_EQUAL(got.size(), 9u);
        BOOST_CHECK_EQUAL(std::set<size_t>(got.begin(), got.end()).size(), got.size());
        BOOST_CHECK(std::find(got.begin(), got.end(), t) == got.end());
        // A prefix of the draw is the draw with a smaller count.
        const std::vector<size_t> three = v.Draw(t, 3);
        BOOST_CHECK(std::equal(three.begin(), three.end(), got.begin()));
    }
    // With fewer other nodes than the count, every other node is drawn.
    const ProbeSet small{{Weight(1, 5), Weight(2, 1), Weight(3, 1000)}};
    std::vector<size_t> all = DrawProbers(small, VectorSeed(), 1, 9);
    std::sort(all.begin(), all.end());
    BOOST_CHECK(all == (std::vector<size_t>{0, 2}));
    BOOST_CHECK(DrawProbers(ProbeSet{{Weight(1, 5)}}, VectorSeed(), 0, 9).empty());
    BOOST_CHECK(DrawProbers(small, VectorSeed(), 0, 0).empty());
}

BOOST_AUTO_TEST_CASE(draw_is_proportional_to_bond)
{
    // First probers of one target over many seeds: each other node's frequency follows its share of
    // the other nodes' bonds (0, 1 and 3 parts of 4 here). Deterministic seeds, loose bounds.
    const ProbeSet set{{Weight(1, 1'000), Weight(2, 1), Weight(3, 1'000), Weight(4, 3'000)}};
    std::map<size_t, int> first;
    constexpr int N = 4000;
    for (int i = 0; i < N; ++i) {
        const std::vector<size_t> d = DrawProbers(set, test::TestHash(static_cast<uint32_t>(i), 0x3e), 0, 1);
        BOOST_REQUIRE_EQUAL(d.size(), 1u);
        ++first[d[0]];
    }
    BOOST_CHECK_EQUAL(first.count(0), 0u);
    BOOST_CHECK_LT(first[1], 20);                        // expected 1
    BOOST_CHECK(first[2] > 850 && first[2] < 1150);      // expected 1,000
    BOOST_CHECK(first[3] > 2850 && first[3] < 3150);     // expected 3,000
}

BOOST_AUTO_TEST_CASE(challenge_and_answer_messages)
{
    std::array<uint8_t, 32> g;
    for (size_t i = 0; i < 32; ++i) g[i] = static_cast<uint8_t>(i);
    const uint256 genesis{g};
    // registry.py: probe_challenge_message(vector_key(0), vector_key(1), 5, bytes(range(32))).
    BOOST_CHECK_EQUAL(HexStr(ProbeChallengeMessage(VectorKey(0), VectorKey(1), 5, genesis).span()),
                      "7ee59025c17053be5d89965e9610fe04afcb8b1314e8532ea2659ff77a4c3bbd");
    // Every field changes the message.
    const uint256 m = ProbeChallengeMessage(VectorKey(0), VectorKey(1), 5, genesis);
    BOOST_CHECK(m != ProbeChallengeMessage(VectorKey(1), VectorKey(0), 5, genesis));
    BOOST_CHECK(m != ProbeChallengeMessage(VectorKey(0), VectorKey(1), 6, genesis));
    BOOST_CHECK(m != ProbeChallengeMessage(VectorKey(0), VectorKey(1), 5, test::RegtestGenesis()));
    const test::TestKey prober{3}, target{4};
    const Sig sig = prober.Sign(ProbeChallengeMessage(target.pub, prober.pub, 5, genesis));
    const uint256 answer = ProbeAnswerMessage(target.pub, prober.pub, 5, sig, genesis);
    BOOST_CHECK(answer != m);
    BOOST_CHECK(VerifyStatement(target.pub, answer, target.Sign(answer)));
}

BOOST_AUTO_TEST_CASE(python_statement_vectors)
{
    // The messages test_framework/registry.py signs, with genesis = bytes(range(32)), a =
    // vector_key(0), b = vector_key(1): the functional tests' signatures verify only if both agree.
    std::array<uint8_t, 32> g;
    for (size_t i = 0; i < 32; ++i) g[i] = static_cast<uint8_t>(i);
    const uint256 genesis{g};
    const Key a = VectorKey(0), b = VectorKey(1);
    const auto fill = [](uint8_t x) {
        std::array<uint8_t, 32> v;
        v.fill(x);
        return uint256{v};
    };
    const VoucherEntry v{7, 600, 100, uint256{}, fill(1), fill(2), {}};
    BOOST_CHECK_EQUAL(HexStr(VoucherMessage(a, b, v, genesis).span()), "bc0dedccf8975535f83358d805f772638826ef5722681850edd11e2c880d2fdc");
    BOOST_CHECK_EQUAL(HexStr(BindingMessage(BindingBody{"alice", a, b, 3}, genesis).span()),
                      "3cb1d7dc87da821c0773218f77bc2798b8967c93b318748380837f22cc869ca4");
    OutputLock lock;
    lock.type = LockType::KEY_HASH;
    std::copy(b.begin(), b.end(), lock.program.begin());
    BOOST_CHECK_EQUAL(HexStr(WithdrawOutputsHash(1, 0, {CTxOut{COIN, lock}}).span()),
                      "ad5b3e90aab8a589b900185d821007cbf07743b517c9729852d09ebffc246ac0");
    HandleUpdateBody u{"alice", a, 2, UPDATE_HOME | UPDATE_RENEW, b, {}, {}};
    BOOST_CHECK_EQUAL(HexStr(HandleUpdateMessage(u, genesis).span()), "ec82362af18d376a543ea593dd855724e0287b34c0a5e8f3273043bdc458cb2b");
    NodeRegisterBody n{a, 1, NodeOp::REGISTER, COIN, 120, {"sip:a.example.org;transport=udp"}, {}, {"+49"}};
    BOOST_CHECK_EQUAL(HexStr(NodeRegisterMessage(n, genesis).span()), "8e662a02c17a5e1b6ca81ca38276458db0b86277824ab8057aa947950e528ed3");
}

BOOST_AUTO_TEST_CASE(epoch_pool_and_share)
{
    const ConsensusParams& regtest = test::RegtestParams();
    const ConsensusParams& main = GetConsensusParams("main");
    // Regtest epoch 7 is heights 140-159 and spans the halving at 150: 10 x 1 + 10 x 0.5 DOTS.
    BOOST_CHECK_EQUAL(GetEpochPool(7, regtest), 15 * COIN);
    BOOST_CHECK_EQUAL(GetEpochPool(0, regtest), 20 * COIN);
    CAmount sum = 0;
    for (int32_t h = 140; h < 160; ++h) sum += GetAvailabilityPool(h, regtest);
    BOOST_CHECK_EQUAL(sum, GetEpochPool(7, regtest));
    BOOST_CHECK_EQUAL(GetEpochPool(7, main), 1'440 * COIN); // a day of 1 DOTS pools
    // The last epochs before and after height INT32_MAX: nothing past it, and no overflow.
    BOOST_CHECK_EQUAL(GetEpochPool(INT32_MAX / 20 + 1, regtest), 0);
    // floor(pool * bond / total) in 128 bits: registry.py pool_share(1440 DOTS, 100 DOTS, 300 DOTS + 7).
    BOOST_CHECK_EQUAL(PoolShare(1'440 * COIN, 100 * COIN, 300 * COIN + 7), 47'999'999'988);
    BOOST_CHECK_EQUAL(PoolShare(MAX_MONEY, MAX_MONEY - 1, MAX_MONEY), MAX_MONEY - 1);
    BOOST_CHECK_EQUAL(PoolShare(5, 0, 0), 0);
    BOOST_CHECK_EQUAL(PoolShare(0, 1, 1), 0);
}

BOOST_AUTO_TEST_SUITE_END()
