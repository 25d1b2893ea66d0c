// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_TEST_UTIL_MEMPOOL_H
#define DOTS_TEST_UTIL_MEMPOOL_H

// The mempool fixture: a regtest chain (chain.h's TestChain) with validation notifications and a
// mempool that follows it, for the mempool, mining and ZMQ tests and benchmarks; and MutableCopy
// to tamper with or re-sign a transaction. Signed spends come from chain.h's Spend().

#include <mempool/mempool.h>
#include <test/util/chain.h>
#include <validation/notifications.h>

#include <functional>
#include <memory>
#include <vector>

namespace test {

struct MempoolTestChain {
    validation::ValidationSignals signals;
    TestChain chain;
    std::unique_ptr<mempool::Mempool> mempool;
    /** The blocks MineBlocks mined, in order (their coinbases pay chain.key). */
    std::vector<CBlock> blocks;

    explicit MempoolTestChain(const std::function<void(mempool::MempoolOptions&)>& tweak = {})
    {
        chain.Open([this](validation::ChainstateOptions& o) { o.signals = &signals; });
        mempool::MempoolOptions options;
        options.signals = &signals;
        options.clock = [this] { return chain.now; };
        if (tweak) tweak(options);
        mempool = std::make_unique<mempool::Mempool>(*chain.chainman, options);
        signals.RegisterListener(*mempool);
    }
    ~MempoolTestChain()
    {
        signals.UnregisterListener(*mempool);
        signals.Stop(); // before the chainstate whose block index the events point into
    }
    MempoolTestChain(const MempoolTestChain&) = delete;
    MempoolTestChain& operator=(const MempoolTestChain&) = delete;

    mempool::TxMempool& Pool() { return mempool->Pool(); }
    const consensus::ConsensusParams& Params() const { return chain.params; }

    /** Mines `n` empty blocks and waits until the mempool applied them. */
    void MineBlocks(int n)
    {
        for (int i = 0; i < n; ++i) blocks.push_back(chain.Mine());
        signals.SyncWithQueue();
    }
    /** Mines one block with `txs` and waits until the mempool applied it. */
    CBlock MineWith(const std::vector<CTransactionRef>& txs)
    {
        CBlock block = chain.Mine(txs);
        blocks.push_back(block);
        signals.SyncWithQueue();
        return block;
    }
    /** Output 0 of the coinbase of blocks[i] (mature once 100 blocks follow it). */
    const CTransaction& Coinbase(size_t i) const { return *blocks.at(i).vtx[0]; }

    mempool::AcceptResult Accept(const CTransactionRef& tx, const mempool::AcceptOptions& options = {})
    {
        return mempool->AcceptTransaction(tx, options);
    }
};

/** A mutable copy of `tx` (to tamper with or re-sign). */
inline CMutableTransaction MutableCopy(const CTransaction& tx)
{
    CMutableTransaction m;
    m.version = tx.version;
    m.kind = tx.kind;
    m.vin = tx.vin;
    m.vout = tx.vout;
    m.payload = tx.payload;
    m.locktime = tx.locktime;
    return m;
}

} // namespace test

#endif // DOTS_TEST_UTIL_MEMPOOL_H
