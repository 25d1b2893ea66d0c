// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// interfaces::Chain over the node's ChainstateManager, notifications and mempool.

#include <interfaces/chain.h>

#include <chainstate/registry_store.h>
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
    NodeChain(validation::ChainstateManager& chainman, validation::ValidationSignals& signals, std::string_view hrp,
              std::function<bool()> shutdown_requested)
        : m_chainman{chainman}, m_signals{signals}, m_hrp{hrp}, m_shutdown_requested{std::move(shutdown_requested)}
    {
    }

    const ConsensusParams& Params() const override { return m_chainman.Params(); }
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

    void ReadRegistry(const std::function<void(const registry::RecordStore&, int32_t)>& fn) const override
    {
        m_chainman.ReadRegistry(fn);
    }

    bool IsInitialBlockDownload() const override
    {
        LOCK(m_chainman.GetMutex());
        return m_chainman.IsInitialBlockDownload();
    }

    bool HasMempool() const override { return false; }

    std::variant<CAmount, BroadcastError> BroadcastTransaction(const CTransactionRef&, CAmount, bool) override
    {
        return BroadcastError{BroadcastError::Kind::NO_MEMPOOL,
                              "this node has no mempool yet: mine the transaction with generateblock"};
    }

    bool IsInMempool(const uint256&) const override { return false; }
    std::optional<std::pair<CAmount, int>> EstimateSmartFee(int, bool) const override { return std::nullopt; }
    CAmount MempoolMinFeePerKb() const override { return 1000; }
    int64_t PolicySize(int64_t serialized_size, uint32_t) const override { return serialized_size; }

    void RegisterListener(validation::ValidationInterface& listener) override { m_signals.RegisterListener(listener); }
    void UnregisterListener(validation::ValidationInterface& listener) override { m_signals.UnregisterListener(listener); }
    void SyncWithQueue() override { m_signals.SyncWithQueue(); }
    bool ShutdownRequested() const override { return m_shutdown_requested && m_shutdown_requested(); }

private:
    validation::ChainstateManager& m_chainman;
    validation::ValidationSignals& m_signals;
    const std::string m_hrp;
    const std::function<bool()> m_shutdown_requested;
};

} // namespace

std::unique_ptr<Chain> MakeChain(validation::ChainstateManager& chainman, validation::ValidationSignals& signals,
                                 std::string_view hrp, std::function<bool()> shutdown_requested)
{
    return std::make_unique<NodeChain>(chainman, signals, hrp, std::move(shutdown_requested));
}

} // namespace interfaces
