// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <node/voucher_agent.h>

#include <consensus/params.h>
#include <consensus/registry_epochs.h>
#include <consensus/registry_state.h>
#include <crypto/random.h>
#include <interfaces/chain.h>
#include <util/args.h>
#include <util/format.h>
#include <util/logging.h>
#include <util/strencodings.h>
#include <util/time.h>
#include <wallet/context.h>
#include <wallet/registry_statements.h>
#include <wallet/voucher_receipts.h>
#include <wallet/wallet.h>

#include <algorithm>
#include <chrono>
#include <limits>

namespace node {

namespace {

constexpr int64_t MAX_INTERVAL = 3600;

/** SignVoucher's refusal of a total below what the wallet signed already (wallet_vouchers.cpp). */
constexpr std::string_view ALREADY_SIGNED = "This wallet already signed";

std::string Hex(const consensus::Key& key) { return HexStr(key); }

uint64_t SaturatingAdd(uint64_t a, uint64_t b) { return a > std::numeric_limits<uint64_t>::max() - b ? std::numeric_limits<uint64_t>::max() : a + b; }

/** The seconds a stream's calls reported that are not signed yet. */
template <typename Stream>
uint64_t PendingSeconds(const Stream& stream)
{
    uint64_t sum = 0;
    for (const auto& [call, seconds] : stream.pending_calls) sum = SaturatingAdd(sum, seconds);
    return sum;
}

/** The receipt of seconds a wallet signed without receipts (signvoucher), as if one call's. */
const uint256 UNATTRIBUTED = wallet::CallReceiptId("DOTS/unattributed");

} // namespace

void AddVoucherArgs(ArgsManager& args)
{
    args.AddArg("-voucherinterval=<n>", "Sign a new cumulative voucher for the calls to a paid node at most every <n> seconds "
                "(1-3600, default: 60); the seconds of a kill's last interval are not paid",
                ALLOW_INT, OptionsCategory::SIP);
}

util::Result<VoucherAgentOptions> GetVoucherAgentOptions(const ArgsManager& args)
{
    VoucherAgentOptions o;
    const int64_t interval = args.GetIntArg("-voucherinterval", o.interval);
    if (interval < 1 || interval > MAX_INTERVAL) return util::Error{"-voucherinterval must be between 1 and 3600 seconds"};
    o.interval = interval;
    return o;
}

VoucherAgent::VoucherAgent(wallet::WalletContext& wallets, VoucherAgentOptions options) : m_wallets{wallets}, m_options{options} {}

VoucherAgent::~VoucherAgent() { Stop(); }

void VoucherAgent::Start()
{
    if (m_thread.joinable()) return;
    {
        LOCK(m_mutex);
        m_stop = false;
    }
    m_thread = std::thread([this] {
        SetThreadName("dots-voucher");
        ThreadMain();
    });
}

void VoucherAgent::Stop()
{
    {
        LOCK(m_mutex);
        m_stop = true;
    }
    m_cv.notify_all();
    if (m_thread.joinable()) m_thread.join();
    std::vector<Received> left;
    {
        LOCK(m_mutex);
        left.swap(m_received);
    }
    for (Received& r : left) r.done({503, "Service Unavailable (shutting down)", {}});
}

void VoucherAgent::ThreadMain()
{
    auto next_round = std::chrono::steady_clock::now();
    while (true) {
        ServeReceived();
        if (std::chrono::steady_clock::now() >= next_round) {
            RunOnce(GetTime());
            next_round = std::chrono::steady_clock::now() + std::chrono::seconds{1};
            continue;
        }
        UniqueLock lock{m_mutex};
        m_cv.wait_until(lock.native(), next_round, [&]() EXCLUSIVE_LOCKS_REQUIRED(m_mutex) { return m_stop || !m_received.empty(); });
        if (m_stop) return;
    }
}

std::optional<interfaces::CallNodeId> VoucherAgent::OriginatingNode() const
{
    LOCK(m_mutex);
    return m_origin;
}

void VoucherAgent::AddCallSeconds(const interfaces::CallSeconds& seconds)
{
    if (seconds.seconds == 0) return;
    LOCK(m_mutex);
    // One entry per (term, rate, call) however far behind the worker is: nothing is dropped and
    // the queue holds no more entries than calls in progress.
    uint64_t& sum = m_queued[{seconds.term, seconds.rate, seconds.call_id}];
    sum = SaturatingAdd(sum, seconds.seconds);
}

std::vector<interfaces::OutgoingVoucher> VoucherAgent::TakeVouchers()
{
    std::vector<Outbox> out;
    {
        LOCK(m_mutex);
        out.swap(m_outbox);
    }
    std::vector<interfaces::OutgoingVoucher> vouchers;
    vouchers.reserve(out.size());
    for (Outbox& o : out) vouchers.push_back(std::move(o.voucher));
    return vouchers;
}

void VoucherAgent::VoucherAnswered(std::string_view message_bytes, const interfaces::VoucherAnswer& answer)
{
    LOCK(m_mutex);
    if (m_queued_answers.size() >= MAX_QUEUED) m_queued_answers.erase(m_queued_answers.begin()); // T answers the next message again
    m_queued_answers.emplace_back(std::string{message_bytes}, answer);
}

void VoucherAgent::TakeAnswers()
{
    std::vector<std::pair<std::string, interfaces::VoucherAnswer>> queued;
    {
        LOCK(m_mutex);
        queued.swap(m_queued_answers);
    }
    for (const auto& [bytes, answer] : queued) {
        const auto message = wallet::DecodeVoucherMessage(std::span{reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
        if (!message) {
            LogDebug(BCLog::REGISTRY, "voucher answer ignored: not a voucher message (%s)", message.error().c_str());
            continue;
        }
        const wallet::SignedVoucher& voucher = message->voucher;
        const PairEpoch key{voucher.orig, voucher.term, voucher.entry.epoch};
        const auto it = m_streams.find(key);
        if (it == m_streams.end()) {
            LogDebug(BCLog::REGISTRY, "voucher answer of %s for epoch %u ignored: no stream of ours", Hex(voucher.term).c_str(), voucher.entry.epoch);
            continue;
        }
        Stream& stream = it->second;
        if (answer.term_nonce && stream.term_nonce != uint256{*answer.term_nonce}) {
            LogDebug(BCLog::REGISTRY, "voucher %s -> %s of epoch %u: terminating nonce %s", Hex(voucher.orig).c_str(), Hex(voucher.term).c_str(),
                     voucher.entry.epoch, HexStr(*answer.term_nonce).c_str());
            stream.term_nonce = uint256{*answer.term_nonce};
        }
        // T holds our latest voucher with its receipts: nothing more to send until the next one.
        const std::optional<uint64_t> base = answer.receipts_base;
        if (stream.latest && voucher == *stream.latest && (!base || *base == voucher.entry.seconds)) stream.acked = true;
        // T lacks receipts of our latest voucher: send it again with those changed since T's base
        // (once per base, so two nodes that disagree do not ping-pong). An opener's answer names
        // no base.
        if (base && stream.latest && *base < stream.latest->entry.seconds && stream.resent_base != base) {
            LogDebug(BCLog::REGISTRY, "voucher %s -> %s of epoch %u: sent again with the receipts since T's base %llu", Hex(voucher.orig).c_str(),
                     Hex(voucher.term).c_str(), voucher.entry.epoch, (unsigned long long)*base);
            stream.resent_base = base;
            Post(key, MessageOf(key, stream, *base));
        }
    }
}

void VoucherAgent::Receive(std::string_view bytes, std::string_view peer, interfaces::VoucherVerdictCallback done)
{
    std::optional<interfaces::VoucherVerdict> refused;
    {
        LOCK(m_mutex);
        if (m_stop) {
            refused = interfaces::VoucherVerdict{503, "Service Unavailable (shutting down)", {}};
        } else if (m_received.size() >= MAX_RECEIVED) {
            refused = interfaces::VoucherVerdict{503, "Busy", {}};
        } else {
            m_received.push_back({std::string{bytes}, std::string{peer}, std::move(done)});
        }
    }
    if (refused) {
        LogWarning("voucher from %s refused: %u %s", std::string{peer}.c_str(), (unsigned)refused->code, refused->reason.c_str());
        done(std::move(*refused));
        return;
    }
    m_cv.notify_all();
}

void VoucherAgent::ServeReceived()
{
    std::vector<Received> received;
    {
        LOCK(m_mutex);
        received.swap(m_received);
    }
    for (Received& r : received) r.done(Check(r.bytes, r.peer));
}

interfaces::VoucherVerdict VoucherAgent::Check(const std::string& bytes, const std::string& peer)
{
    const auto refuse = [&](uint16_t code, std::string reason, const std::string& detail) {
        LogWarning("voucher from %s refused: %u %s%s", peer.c_str(), (unsigned)code, reason.c_str(), detail.c_str());
        return interfaces::VoucherVerdict{code, std::move(reason), {}};
    };
    const auto message = wallet::DecodeVoucherMessage(std::span{reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
    if (!message) return refuse(400, "Malformed Voucher", " (" + message.error() + ")");
    const wallet::SignedVoucher& voucher = message->voucher;
    std::shared_ptr<wallet::Wallet> holder;
    for (const auto& w : m_wallets.GetWallets()) {
        for (const wallet::WalletNode& n : w->ListNodes()) {
            if (wallet::ToRegistryKey(n.key) == voucher.term) holder = w;
        }
        if (holder) break;
    }
    const std::string which = " (" + Hex(voucher.orig) + " -> " + Hex(voucher.term) + ", epoch " + std::to_string(voucher.entry.epoch) + ")";
    if (!holder) return refuse(404, "Not Our Node", which);
    const PairEpoch key{voucher.orig, voucher.term, voucher.entry.epoch};
    const bool opener = voucher.entry.seconds == 0;
    // Our nonce for the stream is the wallet's (derived, the same after a restart): it must be in
    // every voucher of seconds.
    const auto our_nonce = holder->TermNonce(key);
    if (const auto* failure = std::get_if<wallet::WalletFailure>(&our_nonce)) {
        return failure->code == wallet::WalletError::DATABASE ? refuse(500, "Server Internal Error", which + ": " + failure->message)
                                                              : refuse(404, "Not Our Node", which + ": " + failure->message);
    }
    const uint256& nonce = std::get<uint256>(our_nonce);
    if (!opener && voucher.entry.term_nonce.IsNull()) return refuse(403, "Voucher Without Our Nonce (send an opener first)", which);
    if (!opener && voucher.entry.term_nonce != nonce) return refuse(403, "Voucher With Another Nonce Than Ours", which);
    interfaces::VoucherAnswer answer;
    answer.term_nonce.emplace();
    std::copy(nonce.begin(), nonce.end(), answer.term_nonce->begin());
    const auto kept = m_kept.find(key);
    if (!opener && kept != m_kept.end() && kept->second.voucher == voucher && kept->second.receipts_base == voucher.entry.seconds) {
        // The voucher we keep, with its receipts complete: a retransmission or a replay costs no
        // database read.
        return {200, "OK", answer};
    }
    auto added = holder->AddVoucher(*message);
    bool alone = false;
    if (const auto* result = std::get_if<wallet::VoucherAdded>(&added); result && *result == wallet::VoucherAdded::BASE_UNKNOWN) {
        // The receipts continue from another base than ours: keep the voucher (it pays all the
        // same) without them; the answer names our base, from which O sends them again.
        LogDebug(BCLog::REGISTRY, "voucher from %s%s: its receipts continue from %llu seconds, not ours: kept without them", peer.c_str(),
                 which.c_str(), (unsigned long long)message->base);
        added = holder->AddVoucher(voucher);
        alone = true;
    }
    if (const auto* failure = std::get_if<wallet::WalletFailure>(&added)) {
        switch (failure->code) {
        case wallet::WalletError::DATABASE: return refuse(500, "Server Internal Error", which + ": " + failure->message);
        case wallet::WalletError::GENERIC: return refuse(404, "Not Our Node", which + ": " + failure->message); // unloaded meanwhile
        default: return refuse(403, failure->message, which);
        }
    }
    const auto result = std::get<wallet::VoucherAdded>(added);
    if (!opener) {
        // Our receipts base: this voucher's seconds when its receipts were taken; else the sum of
        // the receipts we keep (remembered with the voucher we keep).
        const bool taken = !alone && result != wallet::VoucherAdded::NOT_HIGHER;
        uint64_t base = voucher.entry.seconds;
        if (!taken && kept != m_kept.end() && result == wallet::VoucherAdded::NOT_HIGHER) {
            base = kept->second.receipts_base;
        } else if (!taken) {
            base = 0;
            for (const wallet::CallReceipt& r : holder->ListReceipts(key)) base = SaturatingAdd(base, r.seconds);
        }
        if (result != wallet::VoucherAdded::NOT_HIGHER) m_kept[key] = Kept{voucher, base};
        if (base != voucher.entry.seconds) answer.receipts_base = base;
    }
    LogDebug(BCLog::REGISTRY, "voucher from %s%s: %llu seconds at %lld, %zu receipts from %llu, %s%s", peer.c_str(), which.c_str(),
             (unsigned long long)voucher.entry.seconds, (long long)voucher.entry.rate, message->receipts.size(), (unsigned long long)message->base,
             result == wallet::VoucherAdded::OPENER       ? "an opener"
             : result == wallet::VoucherAdded::UNCHANGED  ? "kept already"
             : result == wallet::VoucherAdded::NOT_HIGHER ? "not higher than the kept one (a late one adds nothing)"
                                                          : "kept",
             answer.receipts_base ? StrFormat("; our receipts are complete for %llu seconds", (unsigned long long)*answer.receipts_base).c_str() : "");
    return {200, "OK", answer};
}

void VoucherAgent::RunOnce(int64_t now)
{
    ServeReceived();
    std::map<std::tuple<consensus::Key, CAmount, std::string>, uint64_t> reported;
    {
        LOCK(m_mutex);
        reported.swap(m_queued);
    }
    for (const auto& [report, seconds] : reported) {
        const auto& [term, rate, call_id] = report;
        uint64_t& sum = m_waiting[{term, rate}][wallet::CallReceiptId(call_id)];
        sum = SaturatingAdd(sum, seconds);
    }
    // The reported seconds count in the epoch in force when they were reported: the one of the
    // last round (the tip may have moved since: they are the old epoch's last seconds then).
    const std::optional<uint32_t> reported_epoch = m_epoch;
    interfaces::Chain* chain = m_wallets.Chain();
    if (chain && !chain->IsInitialBlockDownload()) Refresh(*chain);
    if (m_worker_origin && m_epoch) {
        const uint32_t epoch = reported_epoch.value_or(*m_epoch);
        for (const auto& [pair, calls] : m_waiting) {
            const auto& [term, rate] = pair;
            uint64_t seconds = 0;
            for (const auto& [call, s] : calls) seconds = SaturatingAdd(seconds, s);
            if (term == *m_worker_origin) {
                LogWarning("%llu call seconds to our own node %s are not paid", (unsigned long long)seconds, Hex(term).c_str());
                continue;
            }
            if (rate <= 0) {
                LogDebug(BCLog::REGISTRY, "%llu call seconds to %s at rate 0: nothing to pay", (unsigned long long)seconds, Hex(term).c_str());
                continue;
            }
            Stream& stream = m_streams[{*m_worker_origin, term, epoch}];
            for (const auto& [call, s] : calls) {
                uint64_t& sum = stream.pending_calls[call];
                sum = SaturatingAdd(sum, s);
            }
            stream.rate = rate;
        }
        m_waiting.clear();
        m_waiting_logged = false;
    } else if (!m_waiting.empty() && !m_waiting_logged && m_epoch) {
        uint64_t total = 0;
        for (const auto& [pair, calls] : m_waiting) {
            for (const auto& [call, seconds] : calls) total = SaturatingAdd(total, seconds);
        }
        LogWarning("%llu call seconds wait for a voucher: no loaded wallet has a registered, active node key", (unsigned long long)total);
        m_waiting_logged = true;
    }
    TakeAnswers();
    if (!m_epoch || !chain) return;
    const consensus::RegistryParams& params = chain->Params().registry;
    // As T: a stream whose settlement window ended gets no more vouchers (AddVoucher refuses them).
    std::erase_if(m_kept, [&](const auto& e) { return m_next_height >= consensus::SettleDeadline(std::get<2>(e.first), params); });
    for (auto it = m_streams.begin(); it != m_streams.end();) {
        const auto& key = it->first;
        Stream& stream = it->second;
        const uint32_t epoch = std::get<2>(key);
        if (!stream.pending_calls.empty()) {
            if (epoch < *m_epoch || stream.last_signed == 0 || now - stream.last_signed >= m_options.interval ||
                stream.pending_calls.size() >= EARLY_SIGN_CALLS) {
                Sign(key, stream, now);
            }
        }
        // T did not answer the latest voucher (its message and the carrier's one retry were lost, or
        // T was down): send it again each interval until T has it with its receipts.
        if (stream.pending_calls.empty() && stream.latest && !stream.acked && now - stream.latest_sent >= m_options.interval) {
            stream.latest_sent = now;
            Post(key, MessageOf(key, stream, stream.latest_previous));
        }
        // An old epoch's stream stays until T acknowledged its last voucher (so T's answer can
        // still bring it the receipts it lacks) or nothing could settle it any more.
        const bool done = stream.pending_calls.empty() && (stream.acked || !stream.latest);
        if (epoch < *m_epoch && (done || m_next_height >= consensus::SettleDeadline(epoch, params))) {
            if (!stream.pending_calls.empty()) {
                LogWarning("voucher %s -> %s: %llu call seconds of epoch %u are not paid: its settlement window ended before they were signed",
                           Hex(std::get<0>(key)).c_str(), Hex(std::get<1>(key)).c_str(), (unsigned long long)PendingSeconds(stream), epoch);
            }
            it = m_streams.erase(it);
            continue;
        }
        ++it;
    }
}

void VoucherAgent::Refresh(interfaces::Chain& chain)
{
    const auto tip = chain.Tip();
    if (!tip) return;
    std::map<consensus::Key, std::shared_ptr<wallet::Wallet>> keys;
    for (const auto& w : m_wallets.GetWallets()) {
        for (const wallet::WalletNode& n : w->ListNodes()) keys.emplace(wallet::ToRegistryKey(n.key), w);
    }
    const auto epoch = static_cast<uint32_t>(consensus::SettleEpochOf(tip->height + 1, chain.Params().registry));
    const bool same_keys = keys.size() == m_keys.size() &&
                           std::equal(keys.begin(), keys.end(), m_keys.begin(), [](const auto& a, const auto& b) { return a.first == b.first && a.second == b.second.lock(); });
    if (same_keys && m_tip == tip->hash) return; // the origin is read again on each tip or key change
    std::optional<consensus::Key> origin;
    chain.ReadRegistry([&](const consensus::RecordStore& store, int32_t) {
        for (const auto& [k, w] : keys) { // ascending: the first registered, active one is the lowest
            const auto record = consensus::ReadNode(store, k);
            if (record && record->IsActive()) {
                origin = k;
                break;
            }
        }
    });
    if (origin != m_worker_origin) {
        if (origin) {
            LogInfo("vouchers for calls to paid nodes are signed by node %s", Hex(*origin).c_str());
        } else {
            LogInfo("no loaded wallet has a registered, active node key: calls are routed to free nodes only");
        }
    }
    m_keys.clear();
    for (const auto& [k, w] : keys) m_keys.emplace(k, w);
    m_tip = tip->hash;
    m_epoch = epoch;
    m_next_height = tip->height + 1;
    m_worker_origin = origin;
    LOCK(m_mutex);
    m_origin = origin;
}

void VoucherAgent::Sign(const PairEpoch& key, Stream& stream, int64_t now)
{
    const consensus::Key& orig = std::get<0>(key);
    const consensus::Key& term = std::get<1>(key);
    const uint32_t epoch = std::get<2>(key);
    const std::string pair = Hex(orig) + " -> " + Hex(term);
    const auto log_once = [&](const std::string& reason) {
        if (stream.errors_logged.insert(reason).second) {
            LogWarning("voucher %s of epoch %u not signed (%llu call seconds wait): %s", pair.c_str(), epoch,
                       (unsigned long long)PendingSeconds(stream), reason.c_str());
        }
    };
    const auto it = m_keys.find(orig);
    const std::shared_ptr<wallet::Wallet> holder = it == m_keys.end() ? nullptr : it->second.lock();
    if (!holder) return log_once("no loaded wallet holds node " + Hex(orig));
    wallet::Wallet& w = *holder;
    if (w.IsLocked()) {
        if (!stream.locked_logged) {
            LogWarning("voucher for %s not signed: wallet locked (wallet \"%s\", node %s, epoch %u: %llu call seconds wait until it is unlocked)",
                       Hex(term).c_str(), w.Name().c_str(), Hex(orig).c_str(), epoch, (unsigned long long)PendingSeconds(stream));
            stream.locked_logged = true;
        }
        return;
    }
    if (!stream.loaded) {
        // Continue the wallet's count: the highest voucher it signed for the stream (before a
        // restart), with T's nonce, and the receipts it keeps (the next message continues from it).
        for (const wallet::SignedVoucher& v : w.ListVouchers()) {
            if (v.orig == orig && v.term == term && v.entry.epoch == epoch) {
                stream.signed_seconds = v.entry.seconds;
                stream.signed_rate = v.entry.rate;
                if (!v.entry.term_nonce.IsNull() && !stream.term_nonce) stream.term_nonce = v.entry.term_nonce;
                stream.latest = v;
            }
        }
        stream.receipts.clear();
        uint64_t receipted = 0;
        for (const wallet::CallReceipt& r : w.ListReceipts(key)) {
            stream.receipts[r.call] = {r.seconds, stream.signed_seconds};
            receipted = SaturatingAdd(receipted, r.seconds);
        }
        // Seconds the wallet signed without receipts (signvoucher): one receipt of their own, so
        // the stream's receipts still sum to its total and the agent can go on signing.
        stream.unattributed = receipted < stream.signed_seconds ? stream.signed_seconds - receipted : 0;
        if (stream.unattributed > 0) {
            LogWarning("voucher %s of epoch %u: %llu seconds were signed without receipts (signvoucher): one receipt holds them", pair.c_str(),
                       epoch, (unsigned long long)stream.unattributed);
        }
        stream.loaded = true;
    }
    if (!stream.term_nonce) {
        // No voucher of seconds without T's nonce: ask for it with an opener, again each interval
        // while T does not answer; the seconds wait.
        if (stream.opener_sent != 0 && now - stream.opener_sent < m_options.interval) return;
        auto opener = w.SignOpener(XOnlyPubKey{std::span<const uint8_t, 32>{orig}}, term, epoch, stream.rate);
        if (const auto* failure = std::get_if<wallet::WalletFailure>(&opener)) return log_once("opener: " + failure->message);
        stream.opener_sent = now;
        LogDebug(BCLog::REGISTRY, "voucher %s of epoch %u: opener sent for T's nonce (%llu call seconds wait)", pair.c_str(), epoch,
                 (unsigned long long)PendingSeconds(stream));
        Post(key, wallet::VoucherMessage{std::get<wallet::SignedVoucher>(opener), 0, {}});
        return;
    }
    // At most EARLY_SIGN_CALLS calls per voucher, so that a message stays small (a sweep may
    // report thousands of calls at once): the rest wait for the next round.
    std::map<uint256, uint64_t> calls;
    uint64_t seconds = 0;
    for (auto c = stream.pending_calls.begin(); c != stream.pending_calls.end() && calls.size() < EARLY_SIGN_CALLS; ++c) {
        calls.insert(*c);
        seconds = SaturatingAdd(seconds, c->second);
    }
    const uint64_t total = SaturatingAdd(stream.signed_seconds, seconds);
    if (consensus::VoucherAmount(total, stream.rate).value_or(0) == 0 &&
        (!stream.signed_rate || consensus::VoucherAmount(total, *stream.signed_rate).value_or(0) == 0)) {
        return; // not worth one unit yet: wait for more seconds
    }
    wallet::Wallet::VoucherRequest request;
    request.orig = XOnlyPubKey{std::span<const uint8_t, 32>{orig}};
    request.term = term;
    request.epoch = epoch;
    request.seconds = total;
    request.rate = stream.rate;
    request.term_nonce = stream.term_nonce;
    std::map<uint256, uint64_t> changed = calls; // call -> seconds added
    if (stream.unattributed > 0) changed[UNATTRIBUTED] = SaturatingAdd(changed[UNATTRIBUTED], stream.unattributed);
    request.receipts.emplace();
    for (const auto& [call, added] : changed) {
        const auto receipt = stream.receipts.find(call);
        request.receipts->push_back({call, SaturatingAdd(receipt == stream.receipts.end() ? 0 : receipt->second.seconds, added)});
    }
    auto result = w.SignVoucher(request);
    if (std::holds_alternative<wallet::WalletFailure>(result) && stream.signed_rate && *stream.signed_rate != stream.rate) {
        // The new rate would make the cumulative voucher worth less than the signed one: keep the old rate.
        const std::string refused = std::get<wallet::WalletFailure>(result).message;
        request.rate = *stream.signed_rate;
        result = w.SignVoucher(request);
        if (std::holds_alternative<wallet::SignedVoucher>(result)) {
            if (!stream.rate_logged) {
                LogWarning("voucher %s of epoch %u: rate %lld refused (%s); the epoch's vouchers keep rate %lld", pair.c_str(), epoch,
                           (long long)stream.rate, refused.c_str(), (long long)*stream.signed_rate);
                stream.rate_logged = true;
            }
            stream.rate = *stream.signed_rate;
        }
    }
    if (const auto* failure = std::get_if<wallet::WalletFailure>(&result)) {
        if (failure->code == wallet::WalletError::UNLOCK_NEEDED) {
            if (!stream.locked_logged) {
                LogWarning("voucher for %s not signed: wallet locked (wallet \"%s\", node %s, epoch %u)", Hex(term).c_str(), w.Name().c_str(),
                           Hex(orig).c_str(), epoch);
                stream.locked_logged = true;
            }
            return;
        }
        // Signed meanwhile outside the agent (signvoucher): read the wallet's count again next time.
        if (failure->message.starts_with(ALREADY_SIGNED)) stream.loaded = false;
        return log_once(failure->message);
    }
    const wallet::SignedVoucher& voucher = std::get<wallet::SignedVoucher>(result);
    for (const wallet::CallReceipt& r : *request.receipts) {
        stream.receipts[r.call] = {r.seconds, voucher.entry.seconds};
        stream.pending_calls.erase(r.call);
    }
    stream.unattributed = 0;
    stream.latest_previous = stream.signed_seconds;
    stream.signed_seconds = voucher.entry.seconds;
    stream.signed_rate = voucher.entry.rate;
    stream.last_signed = now;
    stream.latest = voucher;
    stream.latest_sent = now;
    stream.acked = false;
    stream.resent_base.reset();
    stream.errors_logged.clear();
    LogDebug(BCLog::REGISTRY, "voucher %s of epoch %u signed: %llu seconds at %lld, %zu calls changed", pair.c_str(), epoch,
             (unsigned long long)voucher.entry.seconds, (long long)voucher.entry.rate, request.receipts->size());
    Post(key, MessageOf(key, stream, stream.latest_previous));
}

wallet::VoucherMessage VoucherAgent::MessageOf(const PairEpoch& key, const Stream& stream, uint64_t base)
{
    const wallet::SignedVoucher& voucher = *stream.latest;
    const auto since = [&](uint64_t from) {
        wallet::VoucherMessage message{voucher, from, {}};
        for (const auto& [call, r] : stream.receipts) {
            if (r.changed_at > from) message.receipts.push_back({call, r.seconds});
        }
        return message;
    };
    wallet::VoucherMessage message = since(base);
    if (message.receipts.size() > MAX_SENT_RECEIPTS && base != stream.latest_previous) {
        LogWarning("voucher %s -> %s of epoch %u: %zu receipts since T's base %llu are more than a message carries (%zu): only those "
                   "changed since the previous voucher are sent",
                   Hex(std::get<0>(key)).c_str(), Hex(std::get<1>(key)).c_str(), std::get<2>(key), message.receipts.size(),
                   (unsigned long long)message.base, MAX_SENT_RECEIPTS);
        message = since(stream.latest_previous);
    }
    return message;
}

void VoucherAgent::Post(const PairEpoch& key, const wallet::VoucherMessage& message)
{
    const std::vector<uint8_t> bytes = wallet::EncodeVoucherMessage(message);
    interfaces::OutgoingVoucher voucher{std::get<1>(key), std::get<2>(key), std::string{bytes.begin(), bytes.end()}};
    LOCK(m_mutex);
    for (Outbox& o : m_outbox) {
        // Cumulative: a newer voucher with the same base replaces the unsent older one (its
        // receipts changed since that base include the older one's).
        if (o.key == key && o.base == message.base) {
            o.voucher = std::move(voucher);
            return;
        }
    }
    if (m_outbox.size() >= MAX_OUTBOX) {
        LogWarning("voucher outbox full (%u): the oldest unsent voucher is dropped (the wallet keeps it; its pair's next voucher "
                   "carries its seconds)", (unsigned)MAX_OUTBOX);
        m_outbox.erase(m_outbox.begin());
    }
    m_outbox.push_back({key, message.base, std::move(voucher)});
}

} // namespace node
