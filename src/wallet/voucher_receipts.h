// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_WALLET_VOUCHER_RECEIPTS_H
#define DOTS_WALLET_VOUCHER_RECEIPTS_H

// The per-call receipts behind a voucher stream (doc/registry.md "Receipts"): a receipt is one
// call's part of the cumulative seconds the originating node O signs for (O, T, epoch); both
// wallets keep the stream's receipts, O signs their Merkle root in the voucher, and O sends T each
// voucher with the receipts changed since a voucher T acknowledged (VoucherMessage, the bytes the
// SIP router carries). The chain never reads receipts: they are what the two operators compare in
// a dispute. Pure and thread-safe; the wallet stores them (wallet_vouchers.cpp).

#include <primitives/uint256.h>
#include <util/result.h>
#include <wallet/registry_statements.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace wallet {

/** One call's part of a voucher stream (doc/registry.md "Receipts"). */
struct CallReceipt {
    uint256 call;        //!< CallReceiptId of the call's SIP Call-ID
    uint64_t seconds{0}; //!< the call's billable seconds counted in the stream's epoch so far
    friend bool operator==(const CallReceipt&, const CallReceipt&) = default;
};

/** SHA-256 of the Call-ID's bytes (as they appear in the SIP header, not normalised). */
uint256 CallReceiptId(std::string_view call_id);

/**
 * The Merkle root of a stream's receipts: leaves SHA-256("DOTS/receipt/1" || call || seconds
 * u64 LE) sorted by call, interior nodes SHA-256("DOTS/receipt-node/1" || left || right), an odd
 * last node promoted unchanged. `receipts` must name each call at most once (the wallet
 * guarantees it); any order (they are sorted inside). uint256{} when empty.
 */
uint256 ReceiptsRoot(std::vector<CallReceipt> receipts);

/** What O sends T for one voucher (the SIP router carries these bytes). An opener (voucher
 * seconds 0) carries no receipts and base 0. */
struct VoucherMessage {
    SignedVoucher voucher;
    uint64_t base{0};                  //!< seconds of the stream's voucher the receipts continue from; 0: the receipts are the stream's whole set
    std::vector<CallReceipt> receipts; //!< the receipts changed since that voucher (their new totals), sorted by call, each call once
    friend bool operator==(const VoucherMessage&, const VoucherMessage&) = default;
};

/** The most receipts one message carries (a stream with more calls in an epoch cannot be sent
 * whole: 4096 calls of one pair in one settlement epoch is far beyond a node's load). */
inline constexpr size_t MAX_MESSAGE_RECEIPTS = 4096;

/** Bytes before the receipts: the voucher (VOUCHER_SIZE), base u64 LE, count u16 LE. */
inline constexpr size_t VOUCHER_MESSAGE_HEADER = VOUCHER_SIZE + 8 + 2;
/** Bytes of one receipt in a message: call 32, seconds u64 LE. */
inline constexpr size_t RECEIPT_SIZE = 32 + 8;

/** The message's bytes: EncodeVoucher's 244 bytes, base u64 LE, count u16 LE, then count x
 * (call 32, seconds u64 LE). `message` must satisfy DecodeVoucherMessage's rules (at most
 * MAX_MESSAGE_RECEIPTS receipts), so that decoding gives it back. */
std::vector<uint8_t> EncodeVoucherMessage(const VoucherMessage& message);

/**
 * EncodeVoucherMessage's inverse. Errors (in words): too short, a voucher that does not decode,
 * more than MAX_MESSAGE_RECEIPTS receipts, receipts not strictly ascending by call, a receipt of
 * 0 seconds, trailing bytes, base >= the voucher's seconds for a voucher with seconds > 0, an
 * opener (seconds 0) with receipts or base != 0. Signatures and sums are the wallet's to check.
 */
util::Result<VoucherMessage> DecodeVoucherMessage(std::span<const uint8_t> bytes);

} // namespace wallet

#endif // DOTS_WALLET_VOUCHER_RECEIPTS_H
