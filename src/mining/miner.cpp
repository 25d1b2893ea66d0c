// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <mining/miner.h>

#include <consensus/pow.h>
#include <crypto/random.h>
#include <mempool/mempool.h>
#include <mining/header_hasher.h>
#include <util/format.h>
#include <util/logging.h>
#include <util/time.h>

#include <chrono>

using chainstate::BlockIndex;

namespace mining {

namespace {
/** Nonces a miner thread tries between looks at the tip and the stop flag (~50 ms). */
constexpr uint64_t HASH_BATCH = 1 << 16;
/** Seconds after which a miner thread takes a new template if the mempool changed. */
constexpr int64_t TEMPLATE_REFRESH_SECONDS = 5;
constexpr int64_t RATE_WINDOW_US = 2'000'000;

/** The expanded target of `bits` as stored bytes, or nullopt for invalid bits. */
std::optional<uint256> TargetOf(uint32_t bits, const consensus::ConsensusParams& params)
{
    const auto target = consensus::DeriveTarget(bits, params.pow_limit);
    if (!target) return std::nullopt;
    return ArithToUint256(*target);
}

int64_t NowMicros()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now().time_since_epoch()).count();
}
} // namespace

bool SolveBlock(CBlock& block, const consensus::ConsensusParams& params, uint64_t& max_tries, const std::function<bool()>& interrupt)
{
    const auto target = TargetOf(block.bits, params);
    if (!target) return false;
    HeaderHasher hasher{block};
    while (max_tries > 0) {
        uint64_t hashes = 0;
        const uint64_t batch = std::min<uint64_t>(max_tries, 4096);
        const auto found = hasher.Search(block.nonce, batch, *target, hashes);
        max_tries -= hashes;
        if (found) {
            block.nonce = *found;
            return true;
        }
        if (uint64_t{block.nonce} + hashes > 0xffffffffULL) {
            block.nonce = 0xffffffff;
            return false;
        }
        block.nonce += static_cast<uint32_t>(hashes);
        if (interrupt && interrupt()) return false;
    }
    return false;
}

util::Result<std::vector<uint256>> GenerateBlocks(validation::ChainstateManager& chainman, const OutputLock& payout,
                                                  int nblocks, uint64_t max_tries, const std::function<bool()>& interrupt,
                                                  mempool::Mempool* mempool)
{
    std::vector<uint256> hashes;
    // A random start keeps two calls at the same tip and second from mining the same block.
    uint64_t extra_nonce = GetRandUint64() >> 1;
    while (static_cast<int>(hashes.size()) < nblocks && max_tries > 0) {
        if (interrupt && interrupt()) break;
        if (mempool) mempool->SyncWithChain(); // the previous block's transactions are gone
        auto tmpl = CreateNewBlock(chainman, payout, mempool);
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
        consensus::BlockValidationState state;
        consensus::BlockValidationState connect_state;
        bool new_block = false;
        if (!chainman.ProcessNewBlock(block, state, &new_block, &connect_state)) {
            return util::Error{"ProcessNewBlock, block not accepted: " + state.ToString()};
        }
        if (!connect_state.IsValid()) return util::Error{"mined block failed to connect: " + connect_state.ToString()};
        hashes.push_back(block.GetHash());
    }
    if (mempool) mempool->SyncWithChain();
    return hashes;
}

Miner::Miner(validation::ChainstateManager& chainman, mempool::Mempool* mempool, OutputLock payout, int threads,
             std::function<bool()> interrupt)
    : m_chainman{chainman}, m_mempool{mempool}, m_payout{payout}, m_thread_count{threads}, m_interrupt{std::move(interrupt)}
{
    {
        LOCK(m_rate_mutex);
        m_window_start_us = NowMicros();
    }
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

double Miner::HashRate() const
{
    LOCK(m_rate_mutex);
    const int64_t now = NowMicros();
    const uint64_t hashes = m_hashes.load();
    const int64_t elapsed = now - m_window_start_us;
    if (elapsed >= RATE_WINDOW_US) {
        m_last_rate = static_cast<double>(hashes - m_window_start_hashes) * 1e6 / static_cast<double>(elapsed);
        m_window_start_us = now;
        m_window_start_hashes = hashes;
    } else if (m_last_rate == 0 && elapsed > 0) {
        return static_cast<double>(hashes - m_window_start_hashes) * 1e6 / static_cast<double>(elapsed);
    }
    return m_last_rate;
}

void Miner::Run(int thread_id)
{
    LogInfo("Miner thread %d started", thread_id);
    uint64_t extra_nonce = (static_cast<uint64_t>(thread_id) << 48) | (GetRandUint64() & 0xffffffffffffULL);
    const auto stopping = [this] { return m_stop.load() || (m_interrupt && m_interrupt()); };
    while (!stopping()) {
        auto tmpl = CreateNewBlock(m_chainman, m_payout, m_mempool);
        if (!tmpl) {
            LogWarning("Miner: cannot create a block template: %s", tmpl.error().c_str());
            for (int i = 0; i < 10 && !m_stop; ++i) std::this_thread::sleep_for(std::chrono::milliseconds{100});
            continue;
        }
        CBlock& block = tmpl->block;
        SetExtraNonce(block, tmpl->height, ++extra_nonce);
        const auto target = TargetOf(block.bits, m_chainman.Params());
        if (!target) break;
        HeaderHasher hasher{block};
        const int64_t started = GetMonotonicSeconds();
        std::optional<uint32_t> found;
        uint64_t next = 0;
        // Hash in batches so a new tip, a changed mempool or a stop request is noticed quickly.
        while (!stopping() && !found && next <= 0xffffffffULL) {
            uint64_t hashes = 0;
            found = hasher.Search(static_cast<uint32_t>(next), HASH_BATCH, *target, hashes);
            m_hashes += hashes;
            next += hashes;
            if (found) break;
            {
                LOCK(m_chainman.GetMutex());
                if (m_chainman.ActiveTip() == nullptr || m_chainman.ActiveTip()->hash != block.prev_block) break;
            }
            if (m_mempool && GetMonotonicSeconds() - started >= TEMPLATE_REFRESH_SECONDS &&
                m_mempool->Pool().GetSequence() != tmpl->mempool_sequence) {
                break;
            }
        }
        if (!found) continue;
        block.nonce = *found;
        consensus::BlockValidationState state;
        consensus::BlockValidationState connect_state;
        if (!m_chainman.ProcessNewBlock(block, state, nullptr, &connect_state)) {
            LogWarning("Miner: block rejected: %s", state.ToString().c_str());
            if (state.IsError()) break;
            continue;
        }
        if (!connect_state.IsValid()) {
            // A template that passed TestBlockValidity failing to connect is a bug: do not spin.
            LogError("Miner: mined block %s failed to connect: %s", block.GetHash().GetHex().c_str(),
                     connect_state.ToString().c_str());
            std::this_thread::sleep_for(std::chrono::seconds{1});
            continue;
        }
        ++m_found;
        LogInfo("Miner: found block %s at height %d", block.GetHash().GetHex().c_str(), tmpl->height);
        if (m_mempool) m_mempool->SyncWithChain();
    }
    LogInfo("Miner thread %d stopped", thread_id);
}

} // namespace mining
