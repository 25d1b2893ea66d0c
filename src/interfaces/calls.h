// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_INTERFACES_CALLS_H
#define DOTS_INTERFACES_CALLS_H

/**
 * The seam between the SIP router and the node for paying for minutes (doc/registry.md
 * "Vouchers"): the originating node O routes a call to a terminating node T whose rate it
 * accepted, counts the call's billable seconds and signs cumulative vouchers for the pair and
 * settlement epoch, which the SIP router carries to T; T checks them and keeps the highest for
 * its settlement, with the per-call receipts the voucher's root commits to. The SIP thread only
 * hands figures and bytes over: the node (node/voucher_agent.h,
 * which holds the wallets) signs, verifies and writes on its own thread.
 * Neither side includes the other: the SIP router sees only these two interfaces.
 */

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace interfaces {

using CallNodeId = std::array<uint8_t, 32>; //!< a node's x-only key, as interfaces::NodeId

/** Seconds of answered calls this node originated to the remote node `term`, at `rate`. The
 *  node signs their vouchers with its own node key (CallAccounting::OriginatingNode). */
struct CallSeconds {
    CallNodeId term{};   //!< the node that terminated the calls
    int64_t rate{0};     //!< units per 60 s the router accepted for them (T's rate in force)
    uint64_t seconds{0}; //!< billable seconds since the last report of this call
    std::string call_id; //!< the call's SIP Call-ID (its receipt in the voucher stream)
};

/** A signed voucher for the SIP router to deliver to its terminating node. */
struct OutgoingVoucher {
    CallNodeId term{};
    uint32_t epoch{0}; //!< its settlement epoch: a later voucher of the same (term, epoch) supersedes it
    std::string bytes; //!< the message: the voucher and its receipts (wallet::EncodeVoucherMessage)
};

/** What T's 200 to a voucher told O. */
struct VoucherAnswer {
    /** T's 32 random bytes for the voucher's pair and epoch (doc/registry.md: each node's bytes
     *  for the epoch); std::nullopt when T sent none. */
    std::optional<std::array<uint8_t, 32>> term_nonce;
    /** Set when T's receipts of the stream are not those of this voucher (T kept the voucher but
     *  could not take its receipts, or keeps a higher voucher): the seconds of the voucher T's
     *  receipts are complete for, from which O sends the changed receipts next. */
    std::optional<uint64_t> receipts_base;
};

/** The verdict on a voucher T received: 200, or a 4xx/5xx and why. */
struct VoucherVerdict {
    uint16_t code{200};
    std::string reason{"OK"};
    /** On 200: what the SIP router returns to O in the answer (VoucherAnswer); empty otherwise. */
    VoucherAnswer answer;
};

/** Receives the verdict on one incoming voucher: called exactly once, on any thread. */
using VoucherVerdictCallback = std::function<void(VoucherVerdict)>;

/**
 * The originating side. The SIP router reports the billable seconds of calls it routed to
 * remote nodes while they last (every minute of an answered call) and when they end; the node
 * adds them to the pair's total for the current settlement epoch and signs a new cumulative
 * voucher. Signed vouchers wait until the SIP router takes them (on its timer) and sends them.
 * Calls come from the SIP thread; implementations are thread-safe and return at once (no wallet,
 * database or signature work on the caller's thread).
 */
class CallAccounting
{
public:
    virtual ~CallAccounting() = default;
    /**
     * The node key this node signs vouchers with: a registered, active node key of a loaded,
     * unlocked-or-unlockable wallet (the lowest, when there are several), or std::nullopt when
     * there is none, and then nobody pays for calls this node routes: the router then routes only
     * to free (rate 0) nodes. Cached by the node; never blocks.
     */
    virtual std::optional<CallNodeId> OriginatingNode() const = 0;
    /** Adds answered seconds to (our node, term)'s total of the current settlement epoch. */
    virtual void AddCallSeconds(const CallSeconds& seconds) = 0;
    /** The vouchers signed since the last call, oldest first (each at most once). */
    virtual std::vector<OutgoingVoucher> TakeVouchers() = 0;
    /**
     * T answered 200 to the message `message_bytes` (as OutgoingVoucher::bytes) with `answer`: the
     * node signs the stream's later vouchers with T's nonce and sends the receipts changed since
     * T's receipts base. Bytes that are not a message of ours are ignored (logged). Returns at
     * once, never blocks.
     */
    virtual void VoucherAnswered(std::string_view message_bytes, const VoucherAnswer& answer) = 0;
};

/**
 * The terminating side: the SIP thread hands over each voucher a remote node sent (the bytes of
 * the message body; `peer` names the sender for log lines) and answers the request when `done`
 * is called: 200 (with VoucherVerdict::answer) to an opener (a voucher of 0 seconds asking for T's
 * nonce), once the voucher is kept, or when an equal or higher one of its pair and epoch already is
 * (vouchers are cumulative: a late lower one adds nothing); 4xx when it is malformed, not for one
 * of our node keys, badly signed, without T's nonce or with receipts that do not match it (the
 * reason says which). Receive() returns at once and never throws. Thread-safe.
 */
class VoucherSink
{
public:
    virtual ~VoucherSink() = default;
    virtual void Receive(std::string_view bytes, std::string_view peer, VoucherVerdictCallback done) = 0;
};

} // namespace interfaces

#endif // DOTS_INTERFACES_CALLS_H
