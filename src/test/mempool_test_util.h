// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_TEST_MEMPOOL_TEST_UTIL_H
#define DOTS_TEST_MEMPOOL_TEST_UTIL_H

// A regtest chain with validation notifications and a mempool that follows it, for the
// mempool, mining and ZMQ tests and benchmarks; and builders for signed transactions.

#include <mempool/mempool.h>
#include <test/validation_test_util.h>
#include <validation/notifications.h>

#include <functional>
#include <memory>
#include <vector>

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
    const ConsensusParams& Params() const { return chain.params; }

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

/**
 * A signed transaction of `kind` with `payload` spending output `n` of `prev` (locked to
 * `key`'s KEY_HASH) and paying the rest minus `fee` to `to` in `outputs` equal parts.
 */
inline CTransactionRef MakeSpend(const CTransaction& prev, uint32_t n, const CKey& key, const OutputLock& to, CAmount fee,
                                 const uint256& genesis, int outputs = 1, TxKind kind = TxKind::TRANSFER,
                                 std::vector<uint8_t> payload = {}, uint32_t sequence = SEQUENCE_FINAL)
{
    CMutableTransaction tx;
    tx.kind = kind;
    tx.payload = std::move(payload);
    tx.vin.push_back(CTxIn{COutPoint{prev.GetTxid(), n}, sequence, {}});
    const CAmount total = prev.vout[n].value - fee;
    for (int i = 0; i < outputs; ++i) tx.vout.push_back(CTxOut{total / outputs + (i == 0 ? total % outputs : 0), to});
    SignTx(tx, {prev.vout[n]}, key, genesis);
    return MakeTransactionRef(std::move(tx));
}

#endif // DOTS_TEST_MEMPOOL_TEST_UTIL_H
