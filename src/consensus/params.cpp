// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <consensus/params.h>

#include <consensus/registry_state.h>
#include <primitives/merkle.h>

#include <cassert>

namespace consensus {

CBlock CreateGenesisBlock(const GenesisSpec& spec)
{
    CMutableTransaction coinbase;
    coinbase.kind = TxKind::COINBASE;
    ByteWriter payload;
    WriteCompactSize(payload, 0); // the height, as every coinbase payload starts (BIP34-style)
    payload.Write(std::span{reinterpret_cast<const uint8_t*>(spec.message.data()), spec.message.size()});
    coinbase.payload = payload.Take();
    CTxOut out;
    out.value = spec.reward;
    out.lock.type = LockType::KEY;
    out.lock.program.fill(0); // not an x-only key on the curve: provably unspendable
    coinbase.vout.push_back(out);

    CBlock genesis;
    genesis.version = spec.version;
    genesis.time = spec.time;
    genesis.bits = spec.bits;
    genesis.nonce = spec.nonce;
    genesis.vtx.push_back(MakeTransactionRef(std::move(coinbase)));
    genesis.merkle_root = BlockMerkleRoot(genesis);
    return genesis;
}

namespace {

// Main and test share the proof-of-work limit: 2^232 - 1, i.e. about 2^24 hashes per block,
// which one CPU core finds in seconds. It is also the genesis target, so the chain starts at
// the easiest difficulty and ASERT raises it as hash rate joins. ASERT's integer arithmetic
// needs at least 17 leading zero bits in the limit (target * 2^17 must fit in 256 bits).
constexpr std::string_view POW_LIMIT_MAIN = "000000ffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
constexpr uint32_t GENESIS_BITS_MAIN = 0x1e00ffff; // the compact form of the limit (rounded down)
// Regtest: half of all hashes meet the limit, so blocks are found in a couple of tries.
constexpr std::string_view POW_LIMIT_REGTEST = "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
constexpr uint32_t GENESIS_BITS_REGTEST = 0x207fffff;

constexpr std::string_view GENESIS_MESSAGE_MAIN =
    "DOTS 2026-11-28: a public directory for SIP telephony, every node a router";
constexpr std::string_view GENESIS_MESSAGE_TEST = "DOTS testnet 2026-11-28";
constexpr std::string_view GENESIS_MESSAGE_REGTEST = "DOTS regtest";

constexpr uint32_t GENESIS_TIME = 1795824000; // 2026-11-28 00:00:00 UTC

uint256 ParsePowLimit(std::string_view hex)
{
    auto v = uint256::FromHex(hex);
    assert(v);
    return *v;
}

/** Values shared by all chains; each chain then changes what differs. */
ConsensusParams CommonParams()
{
    ConsensusParams p;
    p.pow_target_spacing = 60;
    p.asert_half_life = 6 * 60 * 60;
    p.initial_subsidy = 5 * COIN;
    p.subsidy_halving_interval = 2'100'000;
    p.call_reward_share_bps = 2'000; // 20 %
    p.coinbase_maturity = 100;
    p.max_block_size = 1'000'000;
    p.max_block_sigchecks = 10'000;
    p.min_block_version = 1;
    p.median_time_span = 11;
    p.max_future_block_time = 10 * 60;
    return p;
}

// The genesis nonces below were found once by the test "consensus_pow_tests/mine_genesis"
// (disabled by default; run it with --run_test=consensus_pow_tests/mine_genesis after changing
// a genesis field). The unit tests check each genesis hash and its proof of work.
void SetGenesis(ConsensusParams& p, const GenesisSpec& spec)
{
    p.genesis = CreateGenesisBlock(spec);
    p.genesis_hash = p.genesis.GetHash();
    p.asert_anchor = AsertAnchor{0, p.genesis.bits, static_cast<int64_t>(p.genesis.time)};
}

ConsensusParams MainParams()
{
    ConsensusParams p = CommonParams();
    p.chain_name = "main";
    p.message_start = {0xfd, 0xd0, 0x75, 0xe1};
    p.pow_limit = ParsePowLimit(POW_LIMIT_MAIN);
    SetGenesis(p, GenesisSpec{GENESIS_MESSAGE_MAIN, GENESIS_TIME, /*nonce=*/58102008, GENESIS_BITS_MAIN, 1, p.initial_subsidy});
    return p;
}

ConsensusParams TestParams()
{
    ConsensusParams p = CommonParams();
    p.chain_name = "test";
    p.message_start = {0xfb, 0xd0, 0x75, 0xe7};
    p.pow_limit = ParsePowLimit(POW_LIMIT_MAIN);
    SetGenesis(p, GenesisSpec{GENESIS_MESSAGE_TEST, GENESIS_TIME, /*nonce=*/18181506, GENESIS_BITS_MAIN, 1, p.initial_subsidy});
    return p;
}

ConsensusParams RegtestParams()
{
    ConsensusParams p = CommonParams();
    p.chain_name = "regtest";
    p.message_start = {0xfa, 0xd0, 0x75, 0xf3};
    p.pow_limit = ParsePowLimit(POW_LIMIT_REGTEST);
    p.pow_no_retargeting = true;
    p.subsidy_halving_interval = 150; // as Bitcoin's regtest: halvings are testable
    // Registry: short windows so that functional tests walk through every phase in a few
    // blocks, and fees a few regtest coinbases can pay (doc/registry.md).
    RegistryParams& r = p.registry;
    r.commit_maturity = 2;
    r.reveal_window = 20;
    r.handle_lifetime = 50;
    r.presence_min_interval = 5;
    r.min_node_bond = 1 * COIN;
    r.bond_release_delay = 50;
    r.settle_epoch = 5;
    r.settle_window = 20;
    r.probe_epoch = 20;
    r.fee_name3 = 1 * COIN;
    r.fee_name4 = COIN / 10;
    r.fee_name5to7 = COIN / 100;
    r.fee_name8plus = COIN / 1000;
    SetGenesis(p, GenesisSpec{GENESIS_MESSAGE_REGTEST, GENESIS_TIME, /*nonce=*/2, GENESIS_BITS_REGTEST, 1, p.initial_subsidy});
    return p;
}

} // namespace

namespace {
/** The registry rules rely on these relations (doc/registry.md); a chain that broke one would
 * credit shares against a released bond or overflow a receipt mask. Checked once per chain at
 * first use. */
const ConsensusParams& CheckedRegistry(const ConsensusParams& p)
{
    const RegistryParams& r = p.registry;
    assert(r.commit_maturity >= 1 && r.reveal_window >= r.commit_maturity && r.handle_lifetime >= 1);
    assert(r.presence_min_interval >= 0 && r.min_node_bond > 0 && r.min_node_bond <= MAX_MONEY);
    assert(r.settle_epoch >= 1 && r.settle_window >= 1);
    // The seed of epoch 1 is a real block, and a receipt mask holds every prober's draw position
    // (probe_count >= 1 is checked first, so the unsigned comparison sees a positive count).
    assert(r.probe_epoch > r.probe_seed_depth && r.probe_seed_depth >= 1);
    assert(r.probe_count >= 1 && static_cast<unsigned>(r.probe_count) <= ReceiptMask::WIDTH && r.probe_threshold >= 1 &&
           r.probe_threshold <= r.probe_count);
    // A bond stays locked while any epoch that counted it can still credit a share.
    assert(r.bond_release_delay >= 2 * r.probe_epoch + r.probe_seed_depth);
    assert(p.call_reward_share_bps <= 10'000);
    return p;
}
} // namespace

const ConsensusParams& GetConsensusParams(const std::string& chain)
{
    static const ConsensusParams MAIN = CheckedRegistry(MainParams());
    static const ConsensusParams TEST = CheckedRegistry(TestParams());
    static const ConsensusParams REGTEST = CheckedRegistry(RegtestParams());
    if (chain == "main") return MAIN;
    if (chain == "test") return TEST;
    assert(chain == "regtest"); // names are validated by ArgsManager::GetChainName
    return REGTEST;
}

} // namespace consensus
