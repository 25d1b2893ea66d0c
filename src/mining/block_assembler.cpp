// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <mining/block_assembler.h>

#include <consensus/block_check.h>
#include <consensus/pow.h>
#include <consensus/subsidy.h>
#include <consensus/tx_check.h>
#include <mempool/mempool.h>
#include <mining/block_builder.h>
#include <primitives/merkle.h>
#include <util/format.h>
#include <util/logging.h>

#include <algorithm>
#include <map>
#include <set>

using chainstate::BlockIndex;
using mempool::EntrySet;
using mempool::MempoolEntry;

namespace mining {

std::vector<uint8_t> CoinbasePayload(int32_t height, uint64_t extra_nonce)
{
    ByteWriter w;
    WriteCompactSize(w, static_cast<uint64_t>(height));
    WriteU64(w, extra_nonce);
    return w.Take();
}

namespace {
/** A coinbase at `height` paying `value` to the miner's `payout` lock. */
CTransactionRef MakeCoinbase(int32_t height, uint64_t extra_nonce, const OutputLock& payout, CAmount value)
{
    CMutableTransaction cb;
    cb.kind = TxKind::COINBASE;
    cb.payload = CoinbasePayload(height, extra_nonce);
    cb.vout.push_back(CTxOut{value, payout});
    return MakeTransactionRef(std::move(cb));
}

/** The header fields and height of a block on `tip`. */
void InitTemplate(BlockTemplate& tmpl, const BlockIndex& tip, validation::ChainstateManager& chainman)
{
    const consensus::ConsensusParams& params = chainman.Params();
    const consensus::PrevBlockInfo prev = validation::ChainstateManager::GetPrevInfo(tip);
    tmpl.height = tip.height + 1;
    tmpl.min_time = prev.median_time_past + 1;
    CBlock& block = tmpl.block;
    block.version = std::max<int32_t>(1, params.min_block_version);
    block.prev_block = tip.hash;
    block.time = static_cast<uint32_t>(std::max<int64_t>(tmpl.min_time, chainman.Now()));
    block.bits = GetNextWorkRequired(prev, params);
    block.nonce = 0;
}

/** An entry's package totals without the ancestors the block already holds. */
struct PackageTotals {
    int64_t size{0};      //!< policy size (fee rate)
    CAmount fees{0};      //!< modified fees
};

/** min(own fee rate, package fee rate) of a > that of b: the better package first. */
bool BetterScore(const MempoolEntry& a, const PackageTotals& pa, const MempoolEntry& b, const PackageTotals& pb)
{
    const auto score = [](const MempoolEntry& e, const PackageTotals& p) -> std::pair<CAmount, int64_t> {
        if (mempool::CompareFeeRates(p.fees, p.size, e.GetModifiedFee(), e.GetTxSize()) < 0) return {p.fees, p.size};
        return {e.GetModifiedFee(), e.GetTxSize()};
    };
    const auto [fa, sa] = score(a, pa);
    const auto [fb, sb] = score(b, pb);
    if (const int c = mempool::CompareFeeRates(fa, sa, fb, sb); c != 0) return c > 0;
    return a.GetTxid() < b.GetTxid();
}

/**
 * Package selection over the pool (Core's addPackageTxs). Fills `tmpl` (transactions, fees,
 * sigchecks, the pool's sequence) through `builder`, under the pool's lock.
 */
class PackageSelector
{
public:
    PackageSelector(const mempool::TxMempool& pool, BlockBuilder& builder, const AssemblerOptions& options,
                    uint32_t max_size, uint32_t max_sigchecks)
        : m_pool{pool}, m_builder{builder}, m_options{options}, m_max_size{max_size}, m_max_sigchecks{max_sigchecks}
    {
    }

    /** Takes the pool's lock for the whole selection, so the sequence matches the pool it read. */
    void Run(BlockTemplate& tmpl) LOCKS_EXCLUDED(m_pool.GetMutex());

private:
    PackageTotals TotalsOf(const MempoolEntry& e) const
    {
        const auto it = m_modified.find(&e);
        if (it != m_modified.end()) return it->second;
        return PackageTotals{e.GetSizeWithAncestors(), e.GetModFeesWithAncestors()};
    }
    const MempoolEntry* BestModified() const { return m_modified_order.empty() ? nullptr : m_modified_order.begin()->entry; }
    void SetModified(const MempoolEntry& e, const PackageTotals& totals);
    void EraseModified(const MempoolEntry& e);
    bool TryPackage(const MempoolEntry& entry, BlockTemplate& tmpl) EXCLUSIVE_LOCKS_REQUIRED(m_pool.GetMutex());
    void UpdateDescendants(const MempoolEntry& added) EXCLUSIVE_LOCKS_REQUIRED(m_pool.GetMutex());

    const mempool::TxMempool& m_pool;
    BlockBuilder& m_builder;
    const AssemblerOptions& m_options;
    const uint32_t m_max_size;
    const uint32_t m_max_sigchecks;
    uint64_t m_size{0};
    uint64_t m_sigchecks{0};
    EntrySet m_in_block;
    EntrySet m_failed;
    /** Entries some of whose ancestors are in the block, with their reduced package totals,
     * and the same ordered best first. */
    struct Modified {
        const MempoolEntry* entry;
        PackageTotals totals;
        bool operator<(const Modified& other) const { return BetterScore(*entry, totals, *other.entry, other.totals); }
    };
    std::map<const MempoolEntry*, PackageTotals> m_modified;
    std::set<Modified> m_modified_order;
};

void PackageSelector::SetModified(const MempoolEntry& e, const PackageTotals& totals)
{
    EraseModified(e);
    m_modified[&e] = totals;
    m_modified_order.insert(Modified{&e, totals});
}

void PackageSelector::EraseModified(const MempoolEntry& e)
{
    const auto it = m_modified.find(&e);
    if (it == m_modified.end()) return;
    m_modified_order.erase(Modified{&e, it->second});
    m_modified.erase(it);
}

void PackageSelector::Run(BlockTemplate& tmpl)
{
    LOCK(m_pool.GetMutex());
    tmpl.mempool_sequence = m_pool.GetSequenceLocked();
    std::vector<const MempoolEntry*> by_score;
    m_pool.ForEachByAncestorScoreLocked([&](const MempoolEntry& e) {
        by_score.push_back(&e);
        return true;
    });
    size_t next = 0;
    int consecutive_failures = 0;
    while (!m_builder.Broken()) {
        while (next < by_score.size() &&
               (m_in_block.count(by_score[next]) || m_failed.count(by_score[next]) || m_modified.count(by_score[next]))) {
            ++next;
        }
        const MempoolEntry* modified = BestModified();
        const MempoolEntry* entry = next < by_score.size() ? by_score[next] : nullptr;
        if (entry == nullptr && modified == nullptr) break;
        bool from_modified = false;
        if (entry == nullptr || (modified && BetterScore(*modified, TotalsOf(*modified), *entry, TotalsOf(*entry)))) {
            entry = modified;
            from_modified = true;
        }
        const PackageTotals totals = TotalsOf(*entry);
        // Everything after this pays less: stop below the minimum.
        if (totals.fees < m_options.block_min_fee_rate.GetFee(totals.size)) break;
        const bool added = TryPackage(*entry, tmpl);
        if (from_modified) EraseModified(*entry);
        if (added) {
            consecutive_failures = 0;
            continue;
        }
        m_failed.insert(entry);
        if (!from_modified) ++next;
        // A nearly full block: stop after many misses rather than scanning the whole pool.
        if (++consecutive_failures > 1000 && m_size + 4000 > m_max_size) break;
    }
}

bool PackageSelector::TryPackage(const MempoolEntry& entry, BlockTemplate& tmpl)
{
    std::vector<const MempoolEntry*> package;
    for (const MempoolEntry* a : m_pool.GetAncestorsLocked(entry)) {
        if (m_failed.count(a)) return false;
        if (!m_in_block.count(a)) package.push_back(a);
    }
    package.push_back(&entry);
    uint64_t size = 0;
    uint64_t sigchecks = 0;
    for (const MempoolEntry* e : package) {
        size += e->GetTotalSize();
        sigchecks += e->GetSigChecks();
    }
    if (m_size + size > m_max_size || m_sigchecks + sigchecks > m_max_sigchecks) return false;
    // Parents before children: fewer ancestors first.
    std::sort(package.begin(), package.end(), [](const MempoolEntry* a, const MempoolEntry* b) {
        if (a->GetCountWithAncestors() != b->GetCountWithAncestors()) return a->GetCountWithAncestors() < b->GetCountWithAncestors();
        return a->GetTxid() < b->GetTxid();
    });
    std::vector<CTransactionRef> txs;
    for (const MempoolEntry* e : package) txs.push_back(e->GetSharedTx());
    consensus::TxValidationState state;
    CTransactionRef failed;
    const std::optional<CAmount> fees = m_builder.TryAddPackage(txs, state, failed);
    if (!fees) {
        if (const MempoolEntry* bad = failed ? m_pool.FindLocked(failed->GetTxid()) : nullptr) m_failed.insert(bad);
        LogDebug(BCLog::MINING, "Template: skipping %s (%s)", failed ? failed->GetTxid().GetHex().c_str() : "?",
                 state.ToString().c_str());
        return false;
    }
    for (const MempoolEntry* e : package) {
        tmpl.block.vtx.push_back(e->GetSharedTx());
        tmpl.tx_fees.push_back(e->GetFee());
        tmpl.tx_sigchecks.push_back(e->GetSigChecks());
        m_in_block.insert(e);
        EraseModified(*e);
    }
    tmpl.fees += *fees;
    m_size += size;
    m_sigchecks += sigchecks;
    for (const MempoolEntry* e : package) UpdateDescendants(*e);
    return true;
}

void PackageSelector::UpdateDescendants(const MempoolEntry& added)
{
    for (const MempoolEntry* d : m_pool.CalculateDescendantsLocked(added)) {
        if (d == &added || m_in_block.count(d)) continue;
        PackageTotals totals = TotalsOf(*d);
        totals.size -= added.GetTxSize();
        totals.fees -= added.GetModifiedFee();
        SetModified(*d, totals);
    }
}

/** Puts the coinbase in front and checks the whole block. The coinbase pays subsidy -
 * availability pool + fees whatever registry transactions the block holds (doc/registry.md), so
 * leaving registry transactions out never pays the miner more. */
util::Result<void> FinishTemplate(validation::ChainstateManager& chainman, BlockTemplate& tmpl, const OutputLock& payout)
{
    const consensus::ConsensusParams& params = chainman.Params();
    tmpl.coinbase_value = GetBlockSubsidy(tmpl.height, params) - GetAvailabilityPool(tmpl.height, params) + tmpl.fees;
    tmpl.block.vtx.insert(tmpl.block.vtx.begin(), MakeCoinbase(tmpl.height, 0, payout, tmpl.coinbase_value));
    tmpl.block.merkle_root = BlockMerkleRoot(tmpl.block);
    consensus::BlockValidationState state;
    if (!chainman.TestBlockValidity(tmpl.block, state, /*check_pow=*/false, /*check_merkle=*/true)) {
        return util::Error{"TestBlockValidity failed: " + state.ToString()};
    }
    return {};
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

namespace {
/** One attempt of CreateNewBlock with the mempool (the tip may move before the final check). */
util::Result<BlockTemplate> TryCreateNewBlock(validation::ChainstateManager& chainman, const OutputLock& payout,
                                              const mempool::Mempool* pool, const AssemblerOptions& options)
{
    BlockTemplate tmpl;
    {
        LOCK(chainman.GetMutex());
        const BlockIndex* tip = chainman.ActiveTip();
        if (tip == nullptr) return util::Error{"no chain tip"};
        InitTemplate(tmpl, *tip, chainman);
        const consensus::ConsensusParams& params = chainman.Params();
        BlockBuilder builder{*tip, chainman.CoinsTip(), params};
        if (pool) {
            const mempool::TxMempool& txpool = pool->Pool();
            const uint32_t limit = options.max_block_size ? std::min(options.max_block_size, params.max_block_size)
                                                          : params.max_block_size;
            const uint32_t reserved = COINBASE_RESERVED_SIZE;
            PackageSelector selector{txpool, builder, options, limit > reserved ? limit - reserved : 0,
                                     params.max_block_sigchecks};
            selector.Run(tmpl);
        }
        if (builder.Broken()) {
            LogWarning("CreateNewBlock: a package failed after its dry run; building a block without mempool transactions");
            tmpl = BlockTemplate{};
            InitTemplate(tmpl, *tip, chainman);
            BlockBuilder empty{*tip, chainman.CoinsTip(), params};
            empty.Finish();
        } else {
            builder.Finish();
        }
    }
    if (auto res = FinishTemplate(chainman, tmpl, payout); !res) return util::Error{res.error()};
    return tmpl;
}

} // namespace

util::Result<BlockTemplate> CreateNewBlock(validation::ChainstateManager& chainman, const OutputLock& payout,
                                           const mempool::Mempool* pool, const AssemblerOptions& options)
{
    // The final check runs after the chain lock was released: a block that arrived meanwhile
    // makes the template stale (not on the best block), so build again on the new tip.
    for (int attempt = 0;; ++attempt) {
        auto tmpl = TryCreateNewBlock(chainman, payout, pool, options);
        if (tmpl || attempt == 4 || tmpl.error().find("inconclusive-not-best-prevblk") == std::string::npos) return tmpl;
    }
}

util::Result<BlockTemplate> CreateNewBlock(validation::ChainstateManager& chainman, const OutputLock& payout,
                                           const std::vector<CTransactionRef>& txs)
{
    BlockTemplate tmpl;
    {
        LOCK(chainman.GetMutex());
        const BlockIndex* tip = chainman.ActiveTip();
        if (tip == nullptr) return util::Error{"no chain tip"};
        InitTemplate(tmpl, *tip, chainman);
    }
    tmpl.block.vtx.push_back(MakeCoinbase(tmpl.height, 0, payout, 0));
    for (const CTransactionRef& tx : txs) tmpl.block.vtx.push_back(tx);
    // First pass: learn the fees (the coinbase is not checked yet).
    consensus::BlockValidationState state;
    validation::CoinbaseRequirements req;
    if (!chainman.TestBlockValidity(tmpl.block, state, /*check_pow=*/false, /*check_merkle=*/false, &req,
                                    /*check_coinbase=*/false)) {
        return util::Error{"TestBlockValidity failed: " + state.ToString()};
    }
    tmpl.block.vtx.erase(tmpl.block.vtx.begin());
    tmpl.fees = req.fees;
    for (const CTransactionRef& tx : txs) tmpl.tx_sigchecks.push_back(consensus::GetSigCheckCount(*tx));
    tmpl.tx_fees.assign(txs.size(), 0); // per-transaction fees are not known on this path
    if (auto res = FinishTemplate(chainman, tmpl, payout); !res) return util::Error{res.error()};
    return tmpl;
}

} // namespace mining
