// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_ROUTER_VOUCHER_CARRIER_H
#define DOTS_SIP_ROUTER_VOUCHER_CARRIER_H

// Vouchers between nodes over SIP (doc/sip.md "Vouchers between nodes"): the originating node's
// VoucherCarrier takes the vouchers its node signed for calls to a paid remote node T
// (interfaces::CallAccounting::TakeVouchers) and sends each to T as an out-of-dialog MESSAGE
// (Request-URI sip:dots@<T's endpoint>, Content-Type application/dots-voucher, the message's
// bytes hex-encoded: the voucher and its receipts, wallet::EncodeVoucherMessage); at T the proxy
// hands such a MESSAGE to the node (interfaces::VoucherSink) through a VoucherInbox and answers it
// with the node's verdict, the transaction suspended meanwhile (suspended.h). T's 200 carries its
// 32 random bytes for the pair and epoch in a DOTS-Term-Nonce header and, when its receipts of the
// stream are not those of the voucher, the seconds they are complete for in DOTS-Receipts-Base;
// O's carrier hands both back to its node (interfaces::CallAccounting::VoucherAnswered). The SIP
// thread only carries bytes: signing and checking are the node's.

#include <interfaces/calls.h>
#include <interfaces/chain_directory.h>
#include <sip/router/suspended.h>
#include <sip/transaction/transaction.h>
#include <sip/transaction/transaction_layer.h>

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sip {

class SipMessage;

/** The Content-Type of a voucher MESSAGE. */
inline constexpr std::string_view VOUCHER_CONTENT_TYPE = "application/dots-voucher";
/** The user part of the Request-URI a voucher MESSAGE is sent to (sip:dots@<node>). */
inline constexpr std::string_view VOUCHER_USER = "dots";
/** Bytes of the shortest voucher message (an opener: the voucher, its base and a receipt count;
 *  a unit test checks it against wallet::EncodeVoucherMessage), so a shorter body is refused on
 *  the SIP thread; the longest is bounded by the SIP message size. */
inline constexpr size_t VOUCHER_MESSAGE_MIN_BYTES = 254;

/** Voucher MESSAGEs larger than this go over TCP to a node's UDP endpoint (RFC 3261 18.1.1). */
inline constexpr size_t MAX_UDP_REQUEST_BYTES = 1300;

/** The header of T's 200 to a voucher MESSAGE carrying T's nonce for the pair and epoch. */
inline constexpr std::string_view TERM_NONCE_HEADER = "DOTS-Term-Nonce";
/** The header of T's 200 carrying VoucherAnswer::receipts_base (decimal seconds). */
inline constexpr std::string_view RECEIPTS_BASE_HEADER = "DOTS-Receipts-Base";

/** The value of a DOTS-Term-Nonce header: 64 lowercase hex digits. Pure. */
std::string FormatTermNonce(const std::array<uint8_t, 32>& nonce);
/** The nonce of a DOTS-Term-Nonce value: exactly 64 hex digits (either case; surrounding blanks
 *  are not allowed: the parser strips them); std::nullopt for anything else. Pure. */
std::optional<std::array<uint8_t, 32>> ParseTermNonce(std::string_view value);
/** The extra header lines of T's 200 for `answer` ("" when it has nothing). Pure. */
std::string FormatVoucherAnswer(const interfaces::VoucherAnswer& answer);
/** The answer in T's 200 `response`: each header that is absent or malformed leaves its field
 *  empty (a malformed one is named in `bad`). Pure. */
interfaces::VoucherAnswer ParseVoucherAnswer(const SipMessage& response, std::string& bad);

/** True if `request` is a voucher MESSAGE: method MESSAGE, Request-URI user "dots" and media
 *  type application/dots-voucher (parameters ignored). The caller checked the Request-URI
 *  addresses this node. Pure. */
bool IsVoucherMessage(const SipMessage& request);

/**
 * The vouchers handed to the node and not answered yet. Take() and Flush() run on the SIP
 * thread; SetWake() and Close() when the SIP loop is not running (as ProbeAnswers).
 */
class VoucherInbox
{
public:
    /** `sink` must outlive every verdict it delivers (the node's agent stops after the SIP router). */
    explicit VoucherInbox(interfaces::VoucherSink& sink) : m_sink{sink} {}
    VoucherInbox(const VoucherInbox&) = delete;
    VoucherInbox& operator=(const VoucherInbox&) = delete;

    /** What asks the SIP loop to call Flush(); called from any thread. */
    void SetWake(std::function<void()> wake) { m_replies.SetWake(std::move(wake)); }
    /** Hands voucher `bytes` of server transaction `txn` from `peer` to the node. SIP thread. */
    void Take(ServerTransaction& txn, std::string_view bytes, std::string_view peer);
    /** Sends every verdict that came back on `layer`; returns how many were sent. SIP thread. */
    size_t Flush(TransactionLayer& layer) { return m_replies.Flush(layer); }
    /** Vouchers handed over whose verdict has not been flushed. Thread-safe. */
    size_t Pending() const { return m_replies.Pending(); }
    /** The SIP loop stopped: verdicts that come later are dropped. Idempotent. */
    void Close() { m_replies.Close(); }

private:
    interfaces::VoucherSink& m_sink;
    SuspendedReplies m_replies{"voucher"};
};

/**
 * Answers voucher MESSAGE `txn` (IsVoucherMessage): a body that is not hex, or shorter than
 * VOUCHER_MESSAGE_MIN_BYTES once decoded, gets 400 at once; a node without a voucher sink (`inbox`
 * null: no wallet with a node key) 404 at once; anything else goes to the node through `inbox` and
 * is answered with its verdict (a 200 carries its VoucherAnswer: FormatVoucherAnswer). Each refusal
 * is logged (debug) with the peer. SIP thread only.
 */
void AnswerVoucher(ServerTransaction& txn, TransactionLayer& layer, VoucherInbox* inbox);

struct VoucherCarrierConfig {
    std::string advertised_host; //!< host of our Via
    ListenPorts ports{5060};     //!< our ports (the Via names the one of the MESSAGE's transport)
    std::string domain;          //!< From: <sip:dots@domain>
    int64_t retry_delay{60};     //!< seconds before the one retry of a voucher that was not delivered
};

/**
 * Sends the vouchers the node signed. A TransactionUser of its own (only for the client
 * transactions it starts). A MESSAGE over MAX_UDP_REQUEST_BYTES for a UDP endpoint goes over TCP
 * to the same address. A voucher that was not delivered (timeout, transport error, 408 or
 * 5xx) is sent once more after retry_delay unless a newer voucher for the same node and epoch
 * went out meanwhile (vouchers are cumulative: the newer one supersedes it); a 4xx other than 408
 * is T's verdict and is not retried. Failures are logged at info with T and the reason. A 2xx
 * goes to CallAccounting::VoucherAnswered with the message's bytes and what its headers said
 * (ParseVoucherAnswer; a malformed header is logged (debug) with T's address and ignored).
 * SIP thread only, except the counters.
 */
class VoucherCarrier final : public ClientTransactionUser
{
public:
    using Clock = std::function<int64_t()>;
    /** `accounting` and `directory` must outlive the carrier. `now` returns Unix seconds. */
    VoucherCarrier(VoucherCarrierConfig config, interfaces::CallAccounting& accounting,
                   const interfaces::ChainDirectory& directory, Clock now);

    void SetLayer(TransactionLayer& layer) { m_layer = &layer; }
    /** Sends the vouchers signed since the last tick and the retries that are due; returns how many MESSAGEs went out. */
    size_t Tick();

    uint64_t Sent() const { return m_sent.load(std::memory_order_relaxed); }
    uint64_t Delivered() const { return m_delivered.load(std::memory_order_relaxed); }
    uint64_t Failed() const { return m_failed.load(std::memory_order_relaxed); }
    size_t InFlight() const { return m_pending.size(); }

    void OnResponse(ClientTransaction& txn, const SipMessage& response) override;
    void OnClientFailure(ClientTransaction& txn, ClientFailure failure) override;

private:
    struct Outgoing {
        interfaces::CallNodeId term{};
        uint32_t epoch{0};
        std::string bytes;
        bool retry{false}; //!< this is the voucher's one retry
        uint64_t serial{0}; //!< order of hand-over: a retry is dropped once a later voucher for its node went out
    };
    /** Sends `v`; false (logged) if T has no usable endpoint or the layer refused it. */
    bool Send(Outgoing v);
    /** Delivery of `txn`'s voucher failed with `reason`; `retry` says whether one more try may help. */
    void Failed(TransactionId txn, const std::string& reason, bool retry);

    VoucherCarrierConfig m_config;
    interfaces::CallAccounting& m_accounting;
    const interfaces::ChainDirectory& m_directory;
    Clock m_now;
    TransactionLayer* m_layer{nullptr};
    std::unordered_map<TransactionId, Outgoing> m_pending; //!< MESSAGEs in flight
    std::multimap<int64_t, Outgoing> m_retries;            //!< due time -> voucher to send once more
    /** Serial of the latest voucher sent to each node for each epoch. */
    std::map<std::pair<interfaces::CallNodeId, uint32_t>, uint64_t> m_latest;
    uint64_t m_serial{0};
    uint64_t m_cseq{0};
    std::atomic<uint64_t> m_sent{0}, m_delivered{0}, m_failed{0};
};

} // namespace sip

#endif // DOTS_SIP_ROUTER_VOUCHER_CARRIER_H
