// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// interfaces::Chain over the node's ChainstateManager, notifications and mempool.

#include <interfaces/chain.h>

#include <chainstate/registry_store.h>
#include <mempool/mempool.h>
#include <mempool/policy.h>
#include <validation/chainstate_manager.h>
#include <validation/notifications.h>

namespace interfaces {

namespace {

BlockRef ToRef(const chainstate::BlockIndex& index)
{
    return BlockRef{index.hash, index.height, static_cast<int64_t>(index.time), index.GetMedianTimePast()};
}

class NodeChain final : public Chain
{
public:
    NodeChain(validation::ChainstateManager& chainman, validation::ValidationSignals& signals, mempool::Mempool* mempool,
              std::string_view hrp, std::function<bool()> shutdown_requested)
        : m_chainman{chainman}, m_signals{signals}, m_mempool{mempool}, m_hrp{hrp}, m_shutdown_requested{std::move(shutdown_requested)}
    {
    }

    const consensus::ConsensusParams& Params() const override { return m_chainman.Params(); }
    std::string_view AddressHrp() const override { return m_hrp; }

    std::optional<BlockRef> Tip() const override
    {
        LOCK(m_chainman.GetMutex());
        const chainstate::BlockIndex* tip = m_chainman.ActiveTip();
        if (tip == nullptr) return std::nullopt;
        return ToRef(*tip);
    }

    std::optional<BlockRef> BlockAt(int32_t height) const override
    {
        LOCK(m_chainman.GetMutex());
        const chainstate::BlockIndex* index = m_chainman.ActiveChain()[height];
        if (index == nullptr) return std::nullopt;
        return ToRef(*index);
    }

    std::optional<int32_t> ActiveHeight(const uint256& hash) const override
    {
        LOCK(m_chainman.GetMutex());
        const chainstate::BlockIndex* index = m_chainman.LookupBlockIndex(hash);
        if (index == nullptr || !m_chainman.ActiveChain().Contains(index)) return std::nullopt;
        return index->height;
    }

    std::optional<BlockRef> FindFork(const uint256& hash) const override
    {
        LOCK(m_chainman.GetMutex());
        const chainstate::BlockIndex* index = m_chainman.LookupBlockIndex(hash);
        if (index == nullptr) return std::nullopt;
        const chainstate::BlockIndex* fork = m_chainman.ActiveChain().FindFork(index);
        if (fork == nullptr) return std::nullopt;
        return ToRef(*fork);
    }

    std::shared_ptr<const CBlock> ReadBlock(int32_t height) const override
    {
        LOCK(m_chainman.GetMutex());
        const chainstate::BlockIndex* index = m_chainman.ActiveChain()[height];
        if (index == nullptr) return nullptr;
        auto block = m_chainman.ReadBlock(*index);
        if (!block.ok()) return nullptr;
        return std::make_shared<const CBlock>(std::move(*block));
    }

    void ReadRegistry(const std::function<void(const consensus::RecordStore&, int32_t)>& fn) const override
    {
        m_chainman.ReadRegistry(fn);
    }

    bool IsInitialBlockDownload() const override
    {
        LOCK(m_chainman.GetMutex());
        return m_chainman.IsInitialBlockDownload();
    }

    bool HasMempool() const override { return m_mempool != nullptr; }

    std::variant<CAmount, BroadcastError> BroadcastTransaction(const CTransactionRef& tx, CAmount max_fee_per_kb,
                                                               bool test_only) override
    {
        if (m_mempool == nullptr) return BroadcastError{BroadcastError::Kind::NO_MEMPOOL, "this node runs without a mempool"};
        mempool::AcceptOptions options;
        options.test_accept = test_only;
        if (max_fee_per_kb > 0) options.max_fee_rate = mempool::FeeRate{max_fee_per_kb};
        const mempool::AcceptResult result = m_mempool->AcceptTransaction(tx, options);
        if (result.IsValid()) return result.base_fee;
        if (result.kept_aside) return BroadcastError{BroadcastError::Kind::REJECTED, "kept aside: " + result.state.ToString()};
        const std::string& reason = result.state.GetRejectReason();
        if (reason == "max-fee-exceeded") return BroadcastError{BroadcastError::Kind::MAX_FEE, result.state.ToString()};
        // Already in the pool counts as broadcast (a rebroadcast, or the same send twice).
        if (reason == "txn-already-in-mempool" || (reason == "txn-already-known" && m_mempool->Get(tx->GetTxid()))) return CAmount{0};
        return BroadcastError{BroadcastError::Kind::REJECTED, result.state.ToString()};
    }

    bool IsInMempool(const uint256& txid) const override { return m_mempool != nullptr && m_mempool->Get(txid) != nullptr; }

    std::optional<std::pair<CAmount, int>> EstimateSmartFee(int target, bool conservative) const override
    {
        if (m_mempool == nullptr) return std::nullopt;
        const auto estimate = m_mempool->Estimator().EstimateSmartFee(target, conservative);
        if (!estimate) return std::nullopt;
        return std::pair{std::max(estimate->feerate, m_mempool->GetMinRelayFeeRate()).GetFeePerK(), estimate->blocks};
    }

    CAmount MempoolMinFeePerKb() const override
    {
        if (m_mempool == nullptr) return mempool::DEFAULT_MIN_RELAY_TX_FEE;
        return m_mempool->GetMinRelayFeeRate().GetFeePerK();
    }

    int64_t PolicySize(int64_t serialized_size, uint32_t sigchecks) const override
    {
        return mempool::GetPolicySize(serialized_size, sigchecks);
    }

    CAmount DustThreshold(const CTxOut& out) const override
    {
        return mempool::GetDustThreshold(out, mempool::FeeRate{mempool::DUST_RELAY_TX_FEE});
    }

    void RegisterListener(validation::ValidationInterface& listener) override { m_signals.RegisterListener(listener); }
    void UnregisterListener(validation::ValidationInterface& listener) override { m_signals.UnregisterListener(listener); }
    void SyncWithQueue() override { m_signals.SyncWithQueue(); }
    bool ShutdownRequested() const override { return m_shutdown_requested && m_shutdown_requested(); }

private:
    validation::ChainstateManager& m_chainman;
    validation::ValidationSignals& m_signals;
    mempool::Mempool* const m_mempool;
    const std::string m_hrp;
    const std::function<bool()> m_shutdown_requested;
};

} // namespace

std::unique_ptr<Chain> MakeChain(validation::ChainstateManager& chainman, validation::ValidationSignals& signals,
                                 mempool::Mempool* mempool, std::string_view hrp, std::function<bool()> shutdown_requested)
{
    return std::make_unique<NodeChain>(chainman, signals, mempool, hrp, std::move(shutdown_requested));
}

} // namespace interfaces
