// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Micro-benchmarks for the hashing and signature primitives, each paired with the raw floor it
// is built on so the overhead of our wrappers is visible in one run:
//   sha256d of an 80-byte header  vs  one SHA-256 compression (a header hash costs 3: two for
//                                     the padded 80-byte message, one for the 32-byte rehash)
//   XOnlyPubKey::Verify            vs  bare secp256k1_schnorrsig_verify with a pre-parsed key
//   our Sha256 (low-level OpenSSL) vs  OpenSSL EVP_Digest on the same small input

#include <crypto/key.h>
#include <crypto/random.h>
#include <crypto/sha256.h>
#include <crypto/tagged_hash.h>
#include <primitives/block.h>
#include <primitives/merkle.h>
#include <primitives/sighash.h>

#include <benchmark/benchmark.h>
#include <openssl/evp.h>
#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_schnorrsig.h>

#include <array>
#include <vector>

namespace {

std::array<uint8_t, 80> RandomHeader()
{
    std::array<uint8_t, 80> h;
    GetStrongRandBytes(h);
    return h;
}

void Sha256dHeader(benchmark::State& state)
{
    auto header = RandomHeader();
    for (auto _ : state) {
        auto out = Sha256d(header);
        header[76] ^= out[0]; // chain the result so nothing is hoisted
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["compressions/s"] = benchmark::Counter(3.0 * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(Sha256dHeader);

void BlockHeaderGetHash(benchmark::State& state)
{
    CBlockHeader header;
    header.version = 1;
    header.bits = 0x207fffff;
    for (auto _ : state) {
        benchmark::DoNotOptimize(header.GetHash());
        ++header.nonce;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BlockHeaderGetHash);

void Sha256CompressionFloor(benchmark::State& state)
{
    std::array<uint8_t, 64> block;
    GetStrongRandBytes(block);
    auto st = Sha256InitialState();
    for (auto _ : state) {
        Sha256Transform(st, block);
        benchmark::DoNotOptimize(st);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(Sha256CompressionFloor);

/** Bulk hashing throughput expressed per 64-byte block: the compression cost with no per-call
 *  overhead at all (the second floor; SHA256_Transform above adds a context setup per block). */
void Sha256CompressionFloor_Bulk(benchmark::State& state)
{
    std::vector<uint8_t> data(64 * 1024);
    GetStrongRandBytes(data);
    for (auto _ : state) {
        benchmark::DoNotOptimize(Sha256(data));
    }
    state.SetItemsProcessed(state.iterations() * (data.size() / 64 + 1));
}
BENCHMARK(Sha256CompressionFloor_Bulk);

void Sha256Small_LowLevel(benchmark::State& state)
{
    std::vector<uint8_t> data(state.range(0), 0x5a);
    for (auto _ : state) {
        auto out = Sha256(data);
        data[0] ^= out[0];
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(Sha256Small_LowLevel)->Arg(32)->Arg(80)->Arg(1024);

void Sha256Small_EVP(benchmark::State& state)
{
    std::vector<uint8_t> data(state.range(0), 0x5a);
    EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr); // pre-fetched: EVP's best case
    std::array<uint8_t, 32> out;
    for (auto _ : state) {
        unsigned int len = 0;
        if (!EVP_Digest(data.data(), data.size(), out.data(), &len, md, nullptr)) state.SkipWithError("EVP_Digest");
        data[0] ^= out[0];
        benchmark::DoNotOptimize(out);
    }
    EVP_MD_free(md);
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(Sha256Small_EVP)->Arg(32)->Arg(80)->Arg(1024);

void TaggedHash32_Cached(benchmark::State& state)
{
    static const CSHA256 hasher{TaggedHasher("DOTS/bench")};
    std::array<uint8_t, 32> msg{}, out;
    for (auto _ : state) {
        CSHA256{hasher}.Write(msg).Finalize(out);
        msg[0] ^= out[0];
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(TaggedHash32_Cached);

struct SigFixture {
    CKey key{CKey::Generate()};
    XOnlyPubKey pub{key.GetXOnlyPubKey()};
    std::array<uint8_t, 32> msg;
    CKey::Signature sig;
    SigFixture()
    {
        GetStrongRandBytes(msg);
        sig = *key.Sign(msg);
    }
};

void SchnorrVerify_XOnlyPubKey(benchmark::State& state)
{
    SigFixture f;
    for (auto _ : state) {
        if (!f.pub.Verify(f.msg, f.sig)) state.SkipWithError("verify failed");
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(SchnorrVerify_XOnlyPubKey);

void SchnorrVerify_BareLibsecp256k1(benchmark::State& state)
{
    SigFixture f;
    secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    secp256k1_xonly_pubkey pk;
    if (!secp256k1_xonly_pubkey_parse(ctx, &pk, f.pub.data())) state.SkipWithError("parse");
    for (auto _ : state) {
        if (!secp256k1_schnorrsig_verify(ctx, f.sig.data(), f.msg.data(), f.msg.size(), &pk)) {
            state.SkipWithError("verify failed");
        }
    }
    secp256k1_context_destroy(ctx);
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(SchnorrVerify_BareLibsecp256k1);

void SchnorrSign(benchmark::State& state)
{
    SigFixture f;
    for (auto _ : state) {
        auto sig = f.key.Sign(f.msg); // includes the verify-after-sign self check
        benchmark::DoNotOptimize(sig);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(SchnorrSign);

void MerkleRoot(benchmark::State& state)
{
    std::vector<uint256> leaves(state.range(0));
    for (auto& l : leaves) GetStrongRandBytes(std::span{l.data(), l.size()});
    for (auto _ : state) {
        bool mutated;
        benchmark::DoNotOptimize(ComputeMerkleRoot(leaves, &mutated));
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(MerkleRoot)->Arg(2000);

void SigHashTwoInputs(benchmark::State& state)
{
    CMutableTransaction tx;
    tx.vin.resize(2);
    tx.vout.resize(2);
    std::vector<CTxOut> spent(2);
    const uint256 genesis;
    for (auto _ : state) {
        const auto pre = PrecomputeTxData(tx, spent);
        benchmark::DoNotOptimize(SignatureHash(tx, 0, *pre, genesis));
        benchmark::DoNotOptimize(SignatureHash(tx, 1, *pre, genesis));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(SigHashTwoInputs);

} // namespace
