// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <mempool/fee_estimator.h>
#include <mempool/mempool.h>
#include <test/fuzz/fuzz.h>
#include <test/util/chain.h>

#include <memory>

namespace {
/** One regtest chain for every input (a pool needs a chain to validate against). */
test::TestChain& Chain()
{
    static test::TestChain chain;
    return chain;
}

std::unique_ptr<mempool::Mempool> FreshPool()
{
    mempool::MempoolOptions options;
    options.clock = [] { return Chain().now; };
    return std::make_unique<mempool::Mempool>(*Chain().chainman, options);
}
} // namespace

// The payloads of mempool.dat and fee_estimates.dat as a damaged or foreign file would give
// them after magic and checksum (the first byte selects the file): loading never crashes, never
// allocates by a claimed count, always ends with the pool marked loaded, and what a mempool.dat
// load accepted is in the pool. fee_estimates.dat is all or nothing: a refused payload leaves
// the estimator without data.
FUZZ_TARGET(mempool_files)
{
    if (buffer.empty()) return;
    const auto payload = buffer.subspan(1);
    if (buffer[0] % 2 == 0) {
        auto pool = FreshPool();
        const auto stats = pool->LoadPayload(payload, "fuzz");
        if (!pool->IsLoaded()) Violated("mempool.dat load did not mark the pool loaded");
        if (stats && pool->Pool().Size() > stats->accepted) Violated("pool holds more than the load accepted");
        if (!stats && stats.error().empty()) Violated("mempool.dat error without a message");
    } else {
        mempool::FeeEstimator estimator;
        const auto res = estimator.ReadPayload(payload, "fuzz");
        if (!res) {
            if (res.error().empty()) Violated("fee_estimates.dat error without a message");
            if (estimator.EstimateSmartFee(1, false) || estimator.MaxUsableTarget() != 0) {
                Violated("a refused fee_estimates.dat changed the estimator");
            }
        }
    }
}
