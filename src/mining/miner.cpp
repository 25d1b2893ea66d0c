// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <mining/miner.h>

#include <consensus/block_check.h>
#include <consensus/pow.h>
#include <consensus/subsidy.h>
#include <crypto/random.h>
#include <primitives/merkle.h>
#include <util/format.h>
#include <util/logging.h>
#include <util/time.h>

#include <algorithm>

using chainstate::BlockIndex;

namespace mining {

std::vector<uint8_t> CoinbasePayload(int32_t height, uint64_t extra_nonce)
{
    ByteWriter w;
    WriteCompactSize(w, static_cast<uint64_t>(height));
    WriteU64(w, extra_nonce);
    return w.Take();
}

namespace {
/** A coinbase paying the registry `payouts` due at `height` first, then `value` to the miner. */
CTransactionRef MakeCoinbase(int32_t height, uint64_t extra_nonce, const std::vector<CTxOut>& payouts,
                             const OutputLock& payout, CAmount value)
{
    CMutableTransaction cb;
    cb.kind = TxKind::COINBASE;
    cb.payload = CoinbasePayload(height, extra_nonce);
    cb.vout = payouts;
    cb.vout.push_back(CTxOut{value, payout});
    return MakeTransactionRef(std::move(cb));
}
} // namespace

void SetExtraNonce(CBlock& block, int32_t height, uint64_t extra_nonce)
{
    CMutableTransaction cb;
    const CTransaction& old = *block.vtx[0];
    cb.version = old.version;
    cb.kind = old.kind;
    cb.vout = old.vout;
    cb.locktime = old.locktime;
    cb.payload = CoinbasePayload(height, extra_nonce);
    block.vtx[0] = MakeTransactionRef(std::move(cb));
    block.merkle_root = BlockMerkleRoot(block);
}

util::Result<BlockTemplate> CreateNewBlock(validation::ChainstateManager& chainman, const OutputLock& payout,
                                           const std::vector<CTransactionRef>& txs)
{
    BlockTemplate tmpl;
    {
        LOCK(chainman.GetMutex());
        const BlockIndex* tip = chainman.ActiveTip();
        if (tip == nullptr) return util::Error{"no chain tip"};
        const ConsensusParams& params = chainman.Params();
        const PrevBlockInfo prev = validation::ChainstateManager::GetPrevInfo(*tip);
        tmpl.height = tip->height + 1;
        tmpl.min_time = prev.median_time_past + 1;
        CBlock& block = tmpl.block;
        block.version = std::max<int32_t>(1, params.min_block_version);
        block.prev_block = tip->hash;
        block.time = static_cast<uint32_t>(std::max<int64_t>(tmpl.min_time, chainman.Now()));
        block.bits = GetNextWorkRequired(prev, params);
        block.nonce = 0;
        tmpl.coinbase_value = GetBlockSubsidy(tmpl.height, params);
    }
    tmpl.block.vtx.push_back(MakeCoinbase(tmpl.height, 0, {}, payout, tmpl.coinbase_value));
    for (const CTransactionRef& tx : txs) tmpl.block.vtx.push_back(tx);
    // First pass: learn the fees, the registry payouts due and the call rewards the block's
    // records claim (the coinbase is not checked yet).
    BlockValidationState state;
    validation::CoinbaseRequirements req;
    if (!chainman.TestBlockValidity(tmpl.block, state, /*check_pow=*/false, /*check_merkle=*/false, &req,
                                    /*check_coinbase=*/false)) {
        return util::Error{"TestBlockValidity failed: " + state.ToString()};
    }
    tmpl.fees = req.fees;
    tmpl.coinbase_value += req.fees - req.claimed;
    tmpl.payouts = req.payouts;
    tmpl.block.vtx[0] = MakeCoinbase(tmpl.height, 0, tmpl.payouts, payout, tmpl.coinbase_value);
    tmpl.block.merkle_root = BlockMerkleRoot(tmpl.block);
    BlockValidationState final_state;
    if (!chainman.TestBlockValidity(tmpl.block, final_state, /*check_pow=*/false, /*check_merkle=*/true)) {
        return util::Error{"TestBlockValidity failed: " + final_state.ToString()};
    }
    return tmpl;
}

bool SolveBlock(CBlock& block, const ConsensusParams& params, uint64_t& max_tries, const std::function<bool()>& interrupt)
{
    while (max_tries > 0) {
        if (CheckProofOfWork(block.GetHash(), block.bits, params)) return true;
        --max_tries;
        if (block.nonce == 0xffffffff) return false;
        ++block.nonce;
        if ((block.nonce & 0xfff) == 0 && interrupt && interrupt()) return false;
    }
    return false;
}

util::Result<std::vector<uint256>> GenerateBlocks(validation::ChainstateManager& chainman, const OutputLock& payout,
                                                  int nblocks, uint64_t max_tries, const std::function<bool()>& interrupt)
{
    std::vector<uint256> hashes;
    // A random start keeps two calls at the same tip and second from mining the same block.
    uint64_t extra_nonce = GetRandUint64() >> 1;
    while (static_cast<int>(hashes.size()) < nblocks && max_tries > 0) {
        if (interrupt && interrupt()) break;
        auto tmpl = CreateNewBlock(chainman, payout);
        if (!tmpl) return util::Error{tmpl.error()};
        CBlock& block = tmpl->block;
        bool solved = false;
        while (max_tries > 0 && !(interrupt && interrupt())) {
            SetExtraNonce(block, tmpl->height, ++extra_nonce);
            block.nonce = 0;
            if (SolveBlock(block, chainman.Params(), max_tries, interrupt)) {
                solved = true;
                break;
            }
        }
        if (!solved) break;
        BlockValidationState state;
        BlockValidationState connect_state;
        bool new_block = false;
        if (!chainman.ProcessNewBlock(block, state, &new_block, &connect_state)) {
            return util::Error{"ProcessNewBlock, block not accepted: " + state.ToString()};
        }
        if (!connect_state.IsValid()) return util::Error{"mined block failed to connect: " + connect_state.ToString()};
        hashes.push_back(block.GetHash());
    }
    return hashes;
}

Miner::Miner(validation::ChainstateManager& chainman, OutputLock payout, int threads)
    : m_chainman{chainman}, m_payout{payout}
{
    for (int i = 0; i < threads; ++i) {
        m_threads.emplace_back([this, i] {
            SetThreadName("miner");
            Run(i);
        });
    }
}

Miner::~Miner() { Stop(); }

void Miner::Stop()
{
    m_stop = true;
    for (auto& t : m_threads) {
        if (t.joinable()) t.join();
    }
    m_threads.clear();
}

void Miner::Run(int thread_id)
{
    LogInfo("Miner thread %d started", thread_id);
    const auto stop = [this] { return m_stop.load(); };
    uint64_t extra_nonce = (static_cast<uint64_t>(thread_id) << 48) | (GetRandUint64() & 0xffffffffffffULL);
    while (!m_stop) {
        auto tmpl = CreateNewBlock(m_chainman, m_payout);
        if (!tmpl) {
            LogWarning("Miner: cannot create a block template: %s", tmpl.error().c_str());
            for (int i = 0; i < 10 && !m_stop; ++i) std::this_thread::sleep_for(std::chrono::milliseconds{100});
            continue;
        }
        CBlock& block = tmpl->block;
        SetExtraNonce(block, tmpl->height, ++extra_nonce);
        // Hash in batches so a new tip or a stop request is noticed quickly.
        bool solved = false;
        while (!m_stop && !solved) {
            uint64_t tries = 1 << 16;
            solved = SolveBlock(block, m_chainman.Params(), tries, stop);
            if (solved || block.nonce == 0xffffffff) break;
            LOCK(m_chainman.GetMutex());
            if (m_chainman.ActiveTip() == nullptr || m_chainman.ActiveTip()->hash != block.prev_block) break;
        }
        if (!solved) continue;
        BlockValidationState state;
        if (m_chainman.ProcessNewBlock(block, state)) {
            ++m_found;
            LogInfo("Miner: found block %s at height %d", block.GetHash().GetHex().c_str(), tmpl->height);
        } else {
            LogWarning("Miner: block rejected: %s", state.ToString().c_str());
            if (state.IsError()) break;
        }
    }
    LogInfo("Miner thread %d stopped", thread_id);
}

} // namespace mining
