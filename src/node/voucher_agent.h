// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NODE_VOUCHER_AGENT_H
#define DOTS_NODE_VOUCHER_AGENT_H

// The node's side of paying for minutes (doc/registry.md "Deposits, vouchers, settlements,
// debts", doc/wallet.md "Vouchers during calls"), between the wallets (which hold the node keys
// and the vouchers) and the SIP router (which counts call seconds and carries the vouchers,
// interfaces/calls.h):
//  - as originating node (interfaces::CallAccounting): OriginatingNode() is the lowest registered,
//    active node key of the loaded wallets (cached; std::nullopt: none, and the router routes only
//    to free nodes). The seconds the router reports are queued; the worker adds them to the
//    (our node, term, epoch) total, epoch being the settlement epoch of the next block when it
//    takes them (SignVoucher's convention), and each call's seconds to its receipt. The total and
//    the receipts start from the highest voucher the wallet already signed for that pair and epoch
//    and the receipts it keeps, so a restart continues the cumulative count (no state of its own on
//    disk). A pair gets a new cumulative voucher (Wallet::SignVoucher with the changed receipts,
//    which signs their root and stores both) at most once per -voucherinterval seconds, at once
//    when the epoch changed (the old epoch's last seconds), and as soon as EARLY_SIGN_CALLS calls
//    changed (so a message stays small). Signed vouchers wait in an outbox for TakeVouchers(), as
//    messages (wallet::VoucherMessage) carrying the receipts changed since the stream's previous
//    voucher (T merges them when it holds that voucher's receipts);
//  - as terminating node (interfaces::VoucherSink): a received message is decoded, given to the
//    loaded wallet holding its terminating node key (Wallet::AddVoucher with the receipts), and
//    answered: 200 to an opener, kept (or a late, lower one of a kept stream: it adds nothing), 400
//    malformed, 404 not our node, 403 refused (bad signature, orig not registered, epoch window
//    ended, no or another terminating nonce than ours, receipts that do not match the voucher's
//    root or seconds), 500 database error, 503 busy or shutting down. A voucher whose receipts
//    continue from another base than T's receipts is kept without them (it pays all the same) and
//    the 200 names T's receipts base (VoucherAnswer::receipts_base); so does any 200 whose voucher
//    is not the one T's receipts are complete for. T remembers per stream the latest voucher it
//    keeps and its receipts base, so a repeat of it (a retransmission, a replay) is answered
//    without a database read, and a late, lower one with one read;
//  - nonces (doc/registry.md: 32 random bytes chosen by each node for the epoch): the wallet draws
//    O's for a stream's first voucher (SignVoucher). O signs no voucher of seconds before it has
//    T's: a new stream first sends an opener (Wallet::SignOpener: 0 seconds, stored nowhere, sent
//    again each interval while T does not answer), and the seconds wait. T's nonce for a stream is
//    its wallet's (Wallet::TermNonce: derived from a seed the wallet keeps, so every answer and
//    every restart gives the same one); T answers each 200 with it and refuses a voucher of seconds
//    without it or with another. O queues T's answers the router hands back (VoucherAnswered, as
//    AddCallSeconds) and signs the stream's vouchers with the nonce; a restart of O keeps it in the
//    vouchers its wallet stored (the chain reads no nonce);
//  - receipts (doc/registry.md "Receipts"): both wallets keep the stream's receipts. O's message
//    carries the receipts changed since the previous voucher (base: its seconds; 0 for the
//    stream's first); when T's 200 names another base than the voucher's seconds (a message lost
//    or reordered, T's or O's restart), O sends its latest voucher again at once with the receipts
//    changed since that base (once per base; at most MAX_SENT_RECEIPTS, else only those changed
//    since the previous voucher, logged). A latest voucher T did not answer (its message and the
//    carrier's retry lost, T down) is sent again each interval until T acknowledges it, and an old
//    epoch's stream stays until then (or its settlement window ends);
//  - seconds the wallet signed without receipts (signvoucher) get one receipt of their own
//    (UNATTRIBUTED in the .cpp) at the stream's next voucher, so its receipts sum to its total;
//  - a worker thread ("dots-voucher") does all wallet, database and signature work: it serves the
//    received vouchers as they come and, once a second, follows the tip and the wallets' node keys
//    and signs what is due. The SIP thread only queues and reads caches.
//
// Rules of signing:
//  - Rate: a pair's voucher has one rate for all its seconds of the epoch (the chain pays
//    floor(seconds x rate / 60)). The rate signed is the one of the latest reported seconds (what
//    the router accepted: T's rate in force). If it differs from the rate of the voucher already
//    signed for the pair and epoch, the new rate is signed only if SignVoucher accepts it (a
//    cumulative voucher may not be worth less than the one signed before); otherwise the change is
//    logged once and the old rate is kept. On chain, rates only change at epoch boundaries, so a
//    differing rate within an epoch means the router's view lagged a rate change.
//  - A pair whose deposit is missing is still signed: T's settlement then becomes a debt that the
//    pair's next deposit pays (chain rule).
//  - Seconds not yet worth one unit (floor(seconds x rate / 60) = 0) wait for more; seconds at
//    rate 0 (free peering) are not signed (nothing to pay; logged at -debug=registry).
//  - A locked wallet keeps the seconds waiting and is logged once per pair and epoch ("voucher for
//    T not signed: wallet locked"); they are signed at the first round after it is unlocked.
//  - Any other SignVoucher error is logged once per pair, epoch and reason, never thrown; the
//    seconds wait and are tried again every interval until the epoch's settlement window ends,
//    when they are dropped with a warning naming them (nothing could settle them any more).
//  - Seconds reported while no node key can sign (no loaded wallet with a registered, active node
//    key, or no chain yet) wait per (term, rate) until one can.
//  - Seconds are never dropped for a slow worker: the report queue keeps one sum per (term, rate,
//    call), so it holds no more entries than calls in progress. What is not signed yet when the process is killed is lost: at most
//    the last -voucherinterval seconds of each pair's calls (a clean shutdown loses the same: the
//    SIP router stops first and the last report is not signed at Stop()).

#include <consensus/registry_payload.h>
#include <interfaces/calls.h>
#include <primitives/uint256.h>
#include <util/result.h>
#include <util/sync.h>
#include <wallet/registry_statements.h>
#include <wallet/voucher_receipts.h>

#include <array>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

class ArgsManager;
namespace interfaces { class Chain; }
namespace wallet { class Wallet; class WalletContext; }

namespace node {

struct VoucherAgentOptions {
    int64_t interval{60}; //!< -voucherinterval: seconds between two vouchers of one pair
};

/** Registers -voucherinterval. */
void AddVoucherArgs(ArgsManager& args);
/** Reads it (1 to 3600 seconds); the error names the option. */
util::Result<VoucherAgentOptions> GetVoucherAgentOptions(const ArgsManager& args);

class VoucherAgent final : public interfaces::CallAccounting, public interfaces::VoucherSink
{
public:
    /** (orig, term, settlement epoch): a voucher stream, as wallet::VoucherKey. */
    using PairEpoch = std::tuple<consensus::Key, consensus::Key, uint32_t>;

    /** T's answers waiting for the worker, at most (the oldest is dropped: T answers again). */
    static constexpr size_t MAX_QUEUED{1024};
    /** Received vouchers waiting for the worker, at most; more get 503 "Busy" at once. */
    static constexpr size_t MAX_RECEIVED{256};
    /** Signed vouchers waiting for TakeVouchers(), at most; when full the oldest is dropped from
     *  the outbox (the wallet keeps it; the pair's next voucher carries its seconds, being
     *  cumulative, and T's answer names the receipts it lacks). */
    static constexpr size_t MAX_OUTBOX{1024};
    /** Calls changed since a stream's last voucher that make its next one due at once; also the
     *  most calls one voucher takes (more are signed as several vouchers, one per round). */
    static constexpr size_t EARLY_SIGN_CALLS{256};
    /** Receipts one message carries at most: 40 bytes each, hex in a SIP MESSAGE of at most
     *  64 KiB (sip/parser/limits.h) with its headers. */
    static constexpr size_t MAX_SENT_RECEIPTS{700};

    /** `wallets` must outlive the agent; its chain is used once WalletContext::Start set it. */
    VoucherAgent(wallet::WalletContext& wallets, VoucherAgentOptions options);
    ~VoucherAgent() override;
    VoucherAgent(const VoucherAgent&) = delete;
    VoucherAgent& operator=(const VoucherAgent&) = delete;

    /** Starts the worker thread (after the wallets started). */
    void Start() LOCKS_EXCLUDED(m_mutex);
    /** Stops and joins it (idempotent); received vouchers left waiting get 503. Call after the SIP
     *  router stopped and before the wallets unload. */
    void Stop() LOCKS_EXCLUDED(m_mutex);

    // interfaces::CallAccounting (SIP thread; never blocks on the wallet or the chain).
    /** The cached lowest registered, active node key of the loaded wallets; std::nullopt before
     *  the worker's first round or when there is none. */
    std::optional<interfaces::CallNodeId> OriginatingNode() const override LOCKS_EXCLUDED(m_mutex);
    /** Adds the seconds to the queue's sum for (term, rate, call); 0 seconds are ignored. */
    void AddCallSeconds(const interfaces::CallSeconds& seconds) override LOCKS_EXCLUDED(m_mutex);
    /** The signed vouchers not taken yet, oldest first, each once (a newer voucher of the same
     *  pair and epoch replaced an unsent older one). */
    std::vector<interfaces::OutgoingVoucher> TakeVouchers() override LOCKS_EXCLUDED(m_mutex);
    /** Queues T's answer to `message_bytes` (a message this node sent); the worker signs the
     *  stream's vouchers with T's nonce and sends the receipts T lacks. Bytes that are not a
     *  message, or a stream this node no longer signs (its epoch is over), are ignored (logged at
     *  -debug=registry). With MAX_QUEUED answers waiting the oldest is dropped (T answers again). */
    void VoucherAnswered(std::string_view message_bytes, const interfaces::VoucherAnswer& answer) override LOCKS_EXCLUDED(m_mutex);

    // interfaces::VoucherSink (SIP thread).
    /** Queues the voucher for the worker, which calls `done` with the verdict; before Start() it
     *  waits for the worker; after Stop() or with MAX_RECEIVED waiting, `done` gets 503 at once. */
    void Receive(std::string_view bytes, std::string_view peer, interfaces::VoucherVerdictCallback done) override
        LOCKS_EXCLUDED(m_mutex);

    /** One round of the worker at Unix time `now` (tests call it directly, without Start()):
     *  serves the received vouchers, follows the tip and the wallets, adds the reported seconds
     *  and signs the vouchers that are due. */
    void RunOnce(int64_t now) LOCKS_EXCLUDED(m_mutex);

private:
    /** One (orig, term, epoch) stream of ours (worker thread only). */
    struct Stream {
        bool loaded{false};                 //!< signed_* read from the wallet
        uint64_t signed_seconds{0};         //!< of the highest voucher signed (the wallet's)
        std::optional<CAmount> signed_rate; //!< its rate; std::nullopt: none signed yet
        std::map<uint256, uint64_t> pending_calls; //!< reported seconds not signed yet, per call (wallet::CallReceiptId)
        CAmount rate{0};                    //!< the rate of the latest reported seconds
        int64_t last_signed{0};             //!< Unix time of the last voucher signed here (0: none)
        int64_t opener_sent{0};             //!< Unix time of the last opener sent (0: none)
        std::optional<uint256> term_nonce;  //!< T's nonce for the stream (T's answer or a stored voucher)
        /** The stream's receipts as signed: seconds, and the seconds of the voucher that last changed it. */
        struct Receipt {
            uint64_t seconds{0};
            uint64_t changed_at{0};
        };
        std::map<uint256, Receipt> receipts;
        std::optional<uint64_t> resent_base;  //!< the base the latest voucher was sent again from
        std::optional<wallet::SignedVoucher> latest; //!< the latest voucher signed here
        uint64_t latest_previous{0};                 //!< the seconds of the voucher signed before it
        int64_t latest_sent{0};                      //!< Unix time its message was last posted
        bool acked{false};                           //!< T answered it with its receipts complete
        uint64_t unattributed{0};                    //!< seconds the wallet signed without receipts
        bool locked_logged{false};
        bool rate_logged{false};
        std::set<std::string> errors_logged;
    };
    struct Received {
        std::string bytes;
        std::string peer;
        interfaces::VoucherVerdictCallback done;
    };
    struct Outbox {
        PairEpoch key;
        uint64_t base{0}; //!< the message's receipts base
        interfaces::OutgoingVoucher voucher;
    };

    /** Applies T's queued answers to their streams (worker thread). */
    void TakeAnswers() LOCKS_EXCLUDED(m_mutex);
    /** The verdict on one received voucher (worker thread). */
    interfaces::VoucherVerdict Check(const std::string& bytes, const std::string& peer);
    /** Serves the received vouchers (worker thread). */
    void ServeReceived() LOCKS_EXCLUDED(m_mutex);
    /** Reads the tip and the wallets' node keys; recomputes the originating node when either changed. */
    void Refresh(interfaces::Chain& chain) LOCKS_EXCLUDED(m_mutex);
    /** Signs the stream's total if it can, or its opener while T's nonce is unknown (worker
     *  thread); `now` is recorded on success. */
    void Sign(const PairEpoch& key, Stream& stream, int64_t now) LOCKS_EXCLUDED(m_mutex);
    /** The message of the stream's latest voucher with the receipts changed since `base` (the
     *  seconds of one of our vouchers, or 0: all), or, when they are more than MAX_SENT_RECEIPTS,
     *  those changed since the voucher before it (logged). */
    static wallet::VoucherMessage MessageOf(const PairEpoch& key, const Stream& stream, uint64_t base);
    /** Puts a message into the outbox: it replaces an unsent one of its stream with the same base
     *  (whose receipts it holds too), else it goes after it. */
    void Post(const PairEpoch& key, const wallet::VoucherMessage& message) LOCKS_EXCLUDED(m_mutex);
    void ThreadMain() LOCKS_EXCLUDED(m_mutex);

    wallet::WalletContext& m_wallets;
    const VoucherAgentOptions m_options;

    mutable Mutex m_mutex;
    std::optional<consensus::Key> m_origin GUARDED_BY(m_mutex);
    std::map<std::tuple<consensus::Key, CAmount, std::string>, uint64_t> m_queued GUARDED_BY(m_mutex); //!< (term, rate, call id) -> seconds
    std::vector<std::pair<std::string, interfaces::VoucherAnswer>> m_queued_answers GUARDED_BY(m_mutex); //!< VoucherAnswered's
    std::vector<Received> m_received GUARDED_BY(m_mutex);
    std::vector<Outbox> m_outbox GUARDED_BY(m_mutex);
    bool m_stop GUARDED_BY(m_mutex){false};
    std::condition_variable m_cv;
    std::thread m_thread;

    // Worker thread only (or RunOnce's caller).
    /** Reported seconds per (term, rate) and call that no stream took yet (no node key or no epoch yet). */
    std::map<std::pair<consensus::Key, CAmount>, std::map<uint256, uint64_t>> m_waiting;
    std::map<PairEpoch, Stream> m_streams;
    /** As T: the latest voucher we keep per stream and our receipts base for it (until the
     *  stream's settlement window ends), so a repeated message costs no database read. */
    struct Kept {
        wallet::SignedVoucher voucher;
        uint64_t receipts_base{0};
    };
    std::map<PairEpoch, Kept> m_kept;
    /** Our node keys and the wallets holding them, as last read (weak: unloadwallet waits for
     *  the wallet's last reference). */
    std::map<consensus::Key, std::weak_ptr<wallet::Wallet>> m_keys;
    std::optional<consensus::Key> m_worker_origin; //!< m_origin as the worker computed it
    std::optional<uint32_t> m_epoch;               //!< settlement epoch of the next block
    int64_t m_next_height{0};                      //!< height of the next block
    std::optional<uint256> m_tip;                  //!< the tip m_origin was computed at
    bool m_waiting_logged{false};
};

} // namespace node

#endif // DOTS_NODE_VOUCHER_AGENT_H
