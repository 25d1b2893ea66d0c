// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// What per-call receipts add to a voucher (doc/registry.md "Receipts"): the Merkle root the
// originating node signs over a stream's receipts (4,096 calls: a busy pair's settlement epoch)
// beside one SHA-256 of the same bytes (the least any commitment to them costs), and decoding the
// largest message the voucher agent sends (700 receipts) beside copying its bytes. T's wallet does
// both for every voucher message it receives.

#include <crypto/sha256.h>
#include <wallet/voucher_receipts.h>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <string>
#include <vector>

namespace {

std::vector<wallet::CallReceipt> Receipts(size_t n)
{
    std::vector<wallet::CallReceipt> out;
    for (size_t i = 0; i < n; ++i) out.push_back({wallet::CallReceiptId("call-" + std::to_string(i) + "@bench"), 60 + i % 600});
    return out;
}

void VoucherReceiptsRoot4096(benchmark::State& state)
{
    const auto receipts = Receipts(4096);
    for (auto _ : state) benchmark::DoNotOptimize(wallet::ReceiptsRoot(receipts));
}
BENCHMARK(VoucherReceiptsRoot4096);

/** The peer: one SHA-256 over the 4,096 receipts' 40 bytes each. */
void VoucherReceiptsSha256Peer4096(benchmark::State& state)
{
    std::vector<uint8_t> bytes(4096 * wallet::RECEIPT_SIZE, 0x5a);
    for (auto _ : state) benchmark::DoNotOptimize(Sha256(bytes));
}
BENCHMARK(VoucherReceiptsSha256Peer4096);

void VoucherMessageDecode700(benchmark::State& state)
{
    wallet::VoucherMessage message;
    message.voucher.entry.seconds = 1'000'000;
    message.base = 1;
    message.receipts = Receipts(700);
    std::sort(message.receipts.begin(), message.receipts.end(), [](const auto& a, const auto& b) { return a.call < b.call; });
    const std::vector<uint8_t> bytes = wallet::EncodeVoucherMessage(message);
    for (auto _ : state) {
        auto decoded = wallet::DecodeVoucherMessage(bytes);
        if (!decoded) state.SkipWithError(decoded.error().c_str());
        benchmark::DoNotOptimize(decoded);
    }
}
BENCHMARK(VoucherMessageDecode700);

/** The peer: copying the message's bytes. */
void VoucherMessageCopyPeer700(benchmark::State& state)
{
    const std::vector<uint8_t> bytes(wallet::VOUCHER_MESSAGE_HEADER + 700 * wallet::RECEIPT_SIZE, 0x5a);
    for (auto _ : state) {
        std::vector<uint8_t> copy{bytes};
        benchmark::DoNotOptimize(copy);
    }
}
BENCHMARK(VoucherMessageCopyPeer700);

} // namespace
