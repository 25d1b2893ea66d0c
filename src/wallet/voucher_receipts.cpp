// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <wallet/voucher_receipts.h>

#include <crypto/sha256.h>

#include <algorithm>
#include <string>

namespace wallet {

namespace {

// Distinct tags for leaves and interior nodes, so a leaf can never be read as a node (or the
// reverse) and a tree never hashes like a tree of another shape.
constexpr std::string_view LEAF_TAG = "DOTS/receipt/1";
constexpr std::string_view NODE_TAG = "DOTS/receipt-node/1";

void PutLE64(std::vector<uint8_t>& out, uint64_t v)
{
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

uint64_t GetLE64(std::span<const uint8_t> in)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = v << 8 | in[i];
    return v;
}

uint256 Finish(CSHA256& hasher)
{
    uint256 out;
    hasher.Finalize(std::span<uint8_t, 32>{out.data(), 32});
    return out;
}

uint256 LeafHash(const CallReceipt& receipt)
{
    std::vector<uint8_t> seconds;
    PutLE64(seconds, receipt.seconds);
    CSHA256 hasher;
    hasher.Write(LEAF_TAG).Write(receipt.call.span()).Write(seconds);
    return Finish(hasher);
}

uint256 NodeHash(const uint256& left, const uint256& right)
{
    CSHA256 hasher;
    hasher.Write(NODE_TAG).Write(left.span()).Write(right.span());
    return Finish(hasher);
}

} // namespace

uint256 CallReceiptId(std::string_view call_id)
{
    CSHA256 hasher;
    hasher.Write(call_id);
    return Finish(hasher);
}

uint256 ReceiptsRoot(std::vector<CallReceipt> receipts)
{
    if (receipts.empty()) return uint256{};
    std::sort(receipts.begin(), receipts.end(), [](const CallReceipt& a, const CallReceipt& b) {
        return a.call != b.call ? a.call < b.call : a.seconds < b.seconds;
    });
    std::vector<uint256> level;
    level.reserve(receipts.size());
    for (const CallReceipt& r : receipts) level.push_back(LeafHash(r));
    while (level.size() > 1) {
        std::vector<uint256> next;
        next.reserve((level.size() + 1) / 2);
        for (size_t i = 0; i + 1 < level.size(); i += 2) next.push_back(NodeHash(level[i], level[i + 1]));
        // An odd last node moves up unchanged: duplicating it (as Bitcoin's block tree does) would
        // let two different lists share a root (CVE-2012-2459).
        if (level.size() % 2 == 1) next.push_back(level.back());
        level = std::move(next);
    }
    return level.front();
}

std::vector<uint8_t> EncodeVoucherMessage(const VoucherMessage& message)
{
    std::vector<uint8_t> out = EncodeVoucher(message.voucher);
    out.reserve(VOUCHER_MESSAGE_HEADER + message.receipts.size() * RECEIPT_SIZE);
    PutLE64(out, message.base);
    const auto count = static_cast<uint16_t>(message.receipts.size());
    out.push_back(static_cast<uint8_t>(count));
    out.push_back(static_cast<uint8_t>(count >> 8));
    for (const CallReceipt& r : message.receipts) {
        out.insert(out.end(), r.call.begin(), r.call.end());
        PutLE64(out, r.seconds);
    }
    return out;
}

util::Result<VoucherMessage> DecodeVoucherMessage(std::span<const uint8_t> bytes)
{
    if (bytes.size() < VOUCHER_MESSAGE_HEADER) {
        return util::Error{"a voucher message is too short: " + std::to_string(bytes.size()) + " bytes, at least " +
                           std::to_string(VOUCHER_MESSAGE_HEADER) + " needed"};
    }
    auto voucher = DecodeVoucher(bytes.first(VOUCHER_SIZE));
    if (!voucher) return util::Error{"bad voucher: " + voucher.error()};
    VoucherMessage message{*voucher, GetLE64(bytes.subspan(VOUCHER_SIZE, 8)), {}};
    const size_t count = size_t{bytes[VOUCHER_SIZE + 8]} | size_t{bytes[VOUCHER_SIZE + 9]} << 8;
    if (count > MAX_MESSAGE_RECEIPTS) {
        return util::Error{"too many receipts: " + std::to_string(count) + ", at most " + std::to_string(MAX_MESSAGE_RECEIPTS)};
    }
    const size_t size = VOUCHER_MESSAGE_HEADER + count * RECEIPT_SIZE;
    if (bytes.size() < size) {
        return util::Error{"a voucher message of " + std::to_string(count) + " receipts is too short: " + std::to_string(bytes.size()) +
                           " bytes, not " + std::to_string(size)};
    }
    if (bytes.size() > size) return util::Error{"trailing bytes after the receipts: " + std::to_string(bytes.size() - size)};
    message.receipts.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        const auto r = bytes.subspan(VOUCHER_MESSAGE_HEADER + i * RECEIPT_SIZE, RECEIPT_SIZE);
        CallReceipt receipt{uint256{r.first<32>()}, GetLE64(r.subspan(32, 8))};
        if (!message.receipts.empty() && !(message.receipts.back().call < receipt.call)) {
            return util::Error{"receipts not strictly ascending by call (receipt " + std::to_string(i) + ")"};
        }
        if (receipt.seconds == 0) return util::Error{"a receipt of 0 seconds (receipt " + std::to_string(i) + ")"};
        message.receipts.push_back(receipt);
    }
    const uint64_t seconds = message.voucher.entry.seconds;
    if (seconds == 0) {
        // The opener asks for T's nonce only: nothing is counted yet.
        if (!message.receipts.empty() || message.base != 0) return util::Error{"an opener (0 seconds) carries no receipts and base 0"};
    } else if (message.base >= seconds) {
        // Vouchers of a stream only grow: the base T acknowledged counted fewer seconds.
        return util::Error{"base " + std::to_string(message.base) + " is not below the voucher's " + std::to_string(seconds) + " seconds"};
    }
    return message;
}

} // namespace wallet
