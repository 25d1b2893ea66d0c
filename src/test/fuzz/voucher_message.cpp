// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <test/fuzz/fuzz.h>
#include <wallet/voucher_receipts.h>

#include <algorithm>

// Untrusted voucher messages (what a remote node's SIP MESSAGE carries to the terminating node's
// wallet, doc/registry.md "Receipts"). Decoding must never crash, anything accepted must be its
// one canonical encoding and satisfy the decoder's rules, and the root of the receipts it
// carries must be computable and independent of their order.
FUZZ_TARGET(voucher_message)
{
    const auto message = wallet::DecodeVoucherMessage(buffer);
    if (!message) {
        if (message.error().empty()) Violated("failure without words");
        return;
    }
    const auto encoded = wallet::EncodeVoucherMessage(*message);
    if (encoded.size() != buffer.size() || !std::equal(encoded.begin(), encoded.end(), buffer.begin())) {
        Violated("accepted a non-canonical encoding");
    }
    const auto& receipts = message->receipts;
    if (receipts.size() > wallet::MAX_MESSAGE_RECEIPTS) Violated("too many receipts accepted");
    for (size_t i = 0; i < receipts.size(); ++i) {
        if (receipts[i].seconds == 0) Violated("a receipt of 0 seconds accepted");
        if (i > 0 && !(receipts[i - 1].call < receipts[i].call)) Violated("receipts out of order accepted");
    }
    const uint64_t seconds = message->voucher.entry.seconds;
    if (seconds == 0 ? (message->base != 0 || !receipts.empty()) : message->base >= seconds) Violated("bad base accepted");
    std::vector<wallet::CallReceipt> reversed(receipts.rbegin(), receipts.rend());
    if (wallet::ReceiptsRoot(reversed) != wallet::ReceiptsRoot(receipts)) Violated("the root depends on the receipts' order");
    if (receipts.empty() != (wallet::ReceiptsRoot(receipts) == uint256{})) Violated("zero root for receipts, or receipts for a zero root");
}
