// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/router/voucher_carrier.h>

#include <sip/parser/builder.h>
#include <sip/parser/chars.h>
#include <sip/parser/message.h>
#include <sip/router/remote_route.h>
#include <sip/router/target.h>
#include <util/format.h>
#include <util/logging.h>
#include <util/strencodings.h>

#include <algorithm>
#include <charconv>
#include <utility>
#include <vector>

namespace sip {

namespace {

/** The media type of a Content-Type value: before any ";", without surrounding blanks. */
std::string_view MediaType(std::string_view value)
{
    return chars::TrimLws(value.substr(0, value.find(';')));
}

} // namespace

std::string FormatTermNonce(const std::array<uint8_t, 32>& nonce) { return HexStr(nonce); }

std::optional<std::array<uint8_t, 32>> ParseTermNonce(std::string_view value)
{
    if (value.size() != 64) return std::nullopt;
    const auto bytes = TryParseHex(value);
    if (!bytes || bytes->size() != 32) return std::nullopt;
    std::array<uint8_t, 32> nonce;
    std::copy(bytes->begin(), bytes->end(), nonce.begin());
    return nonce;
}

std::string FormatVoucherAnswer(const interfaces::VoucherAnswer& answer)
{
    std::string headers;
    if (answer.term_nonce) headers += std::string{TERM_NONCE_HEADER} + ": " + FormatTermNonce(*answer.term_nonce) + "\r\n";
    if (answer.receipts_base) headers += std::string{RECEIPTS_BASE_HEADER} + ": " + std::to_string(*answer.receipts_base) + "\r\n";
    return headers;
}

interfaces::VoucherAnswer ParseVoucherAnswer(const SipMessage& response, std::string& bad)
{
    interfaces::VoucherAnswer answer;
    bad.clear();
    if (const HeaderField* h = response.FindHeader(TERM_NONCE_HEADER)) {
        answer.term_nonce = ParseTermNonce(h->value);
        if (!answer.term_nonce) bad = TERM_NONCE_HEADER;
    }
    if (const HeaderField* h = response.FindHeader(RECEIPTS_BASE_HEADER)) {
        uint64_t base = 0;
        const auto [end, ec] = std::from_chars(h->value.data(), h->value.data() + h->value.size(), base);
        if (ec == std::errc{} && end == h->value.data() + h->value.size() && !h->value.empty()) {
            answer.receipts_base = base;
        } else {
            bad += (bad.empty() ? "" : ", ") + std::string{RECEIPTS_BASE_HEADER};
        }
    }
    return answer;
}

bool IsVoucherMessage(const SipMessage& request)
{
    if (request.Method() != SipMethod::MESSAGE) return false;
    const Uri* ruri = request.RequestUri();
    return ruri && chars::EqualsNoCase(ruri->user, VOUCHER_USER) &&
           chars::EqualsNoCase(MediaType(request.ContentType()), VOUCHER_CONTENT_TYPE);
}

void VoucherInbox::Take(ServerTransaction& txn, std::string_view bytes, std::string_view peer)
{
    // The callback holds the resume handle only: it may run after the SIP router is gone.
    m_sink.Receive(bytes, peer, [resume = m_replies.Suspend(txn.Id(), peer)](interfaces::VoucherVerdict v) {
        // A verdict that is no final status would leave the sender waiting: answer 500 instead.
        if (v.code < 200 || v.code > 699) v = {500, "Server Internal Error (no voucher verdict)", {}};
        resume(SuspendedReply{v.code, std::move(v.reason), v.code < 300 ? FormatVoucherAnswer(v.answer) : std::string{}});
    });
}

void AnswerVoucher(ServerTransaction& txn, TransactionLayer& layer, VoucherInbox* inbox)
{
    const std::string peer = FormatPeer(txn.Source());
    const std::string_view body = txn.Request().Body();
    const auto bytes = TryParseHex(body);
    const auto refuse = [&](uint16_t code, std::string_view reason) {
        LogDebug(BCLog::SIP, "voucher MESSAGE from %s: %u %s", peer.c_str(), code, std::string{reason}.c_str());
        (void)layer.Reply(txn.Id(), code, reason, layer.NewTag());
    };
    if (!bytes) return refuse(400, "Bad Voucher (body is not hex)");
    if (bytes->size() < VOUCHER_MESSAGE_MIN_BYTES) {
        return refuse(400, StrFormat("Bad Voucher (%u bytes, at least %u expected)", (unsigned)bytes->size(), (unsigned)VOUCHER_MESSAGE_MIN_BYTES));
    }
    if (!inbox) return refuse(404, "Not Found (no voucher sink here)");
    LogDebug(BCLog::SIP, "voucher MESSAGE from %s handed to the node", peer.c_str());
    inbox->Take(txn, std::string_view{reinterpret_cast<const char*>(bytes->data()), bytes->size()}, peer);
}

VoucherCarrier::VoucherCarrier(VoucherCarrierConfig config, interfaces::CallAccounting& accounting,
                               const interfaces::ChainDirectory& directory, Clock now)
    : m_config{std::move(config)}, m_accounting{accounting}, m_directory{directory}, m_now{std::move(now)}
{
}

size_t VoucherCarrier::Tick()
{
    if (!m_layer) return 0;
    size_t sent = 0;
    for (interfaces::OutgoingVoucher& v : m_accounting.TakeVouchers()) {
        sent += Send({v.term, v.epoch, std::move(v.bytes), false, ++m_serial});
    }
    const int64_t now = m_now();
    while (!m_retries.empty() && m_retries.begin()->first <= now) {
        Outgoing v = std::move(m_retries.begin()->second);
        m_retries.erase(m_retries.begin());
        if (m_latest[{v.term, v.epoch}] != v.serial) continue; // a later voucher of the node and epoch went out: it supersedes this one
        sent += Send(std::move(v));
    }
    // Nothing waits: forget which voucher was the latest per node (bounded by the nodes called).
    if (m_pending.empty() && m_retries.empty()) m_latest.clear();
    return sent;
}

bool VoucherCarrier::Send(Outgoing v)
{
    const std::string node = NodeIdHex(v.term);
    const auto record = m_directory.LookupNode(v.term);
    EndpointProblem problem{EndpointProblem::NONE_USABLE};
    const auto to = record ? DirectEndpoint(*record, false, &problem) : std::nullopt;
    if (!to) {
        m_failed.fetch_add(1, std::memory_order_relaxed);
        LogInfo("voucher for node %s not sent: %s", node.c_str(),
                !record ? "the node is not registered"
                        : problem == EndpointProblem::DNS_ONLY ? "the node has DNS-name endpoints only"
                                                               : "the node has no SIP endpoint over UDP, TCP or TLS");
        return false;
    }
    NodeHop hop = *to;
    const std::string request_uri = RemoteRequestUri(VOUCHER_USER, hop, false);
    const std::string call_id = "voucher-" + m_layer->NewTag() + "@" + m_config.domain;
    const std::string from_tag = m_layer->NewTag();
    const uint32_t cseq = static_cast<uint32_t>(++m_cseq % 2000000000 + 1);
    const std::string body = HexStr(std::span{reinterpret_cast<const uint8_t*>(v.bytes.data()), v.bytes.size()});
    const auto build = [&](Transport protocol) {
        const std::string via = FormatVia(protocol, m_config.advertised_host, m_config.ports.For(protocol), m_layer->NewBranch());
        return BuildOwnRequest("MESSAGE",
                               {.request_uri = request_uri, .via = via, .from_domain = m_config.domain, .from_tag = from_tag, .call_id = call_id,
                                .cseq = cseq, .extra_headers = {}},
                               VOUCHER_CONTENT_TYPE, body);
    };
    std::string request = build(hop.hop.protocol);
    // RFC 3261 18.1.1: a request larger than 1300 bytes goes over a congestion-controlled
    // transport (a voucher with receipts easily is: fragmented datagrams are often dropped). A node
    // listens on TCP at its UDP endpoint's address (-sipport is both).
    if (hop.hop.protocol == Transport::UDP && request.size() > MAX_UDP_REQUEST_BYTES) {
        hop.hop.protocol = Transport::TCP;
        request = build(Transport::TCP);
    }
    auto id = m_layer->SendRequest(std::move(request), hop.hop, this);
    if (!id) {
        m_failed.fetch_add(1, std::memory_order_relaxed);
        const bool again = !v.retry;
        LogInfo("voucher for node %s not sent to %s: %s%s", node.c_str(), to->host_port.c_str(), id.error().c_str(),
                again ? StrFormat("; one retry in %lld s", (long long)m_config.retry_delay).c_str() : "");
        if (again) {
            v.retry = true;
            m_latest[{v.term, v.epoch}] = v.serial;
            m_retries.emplace(m_now() + m_config.retry_delay, std::move(v));
        }
        return false;
    }
    m_latest[{v.term, v.epoch}] = v.serial;
    m_pending.emplace(*id, std::move(v));
    m_sent.fetch_add(1, std::memory_order_relaxed);
    return true;
}

void VoucherCarrier::Failed(TransactionId txn, const std::string& reason, bool retry)
{
    const auto it = m_pending.find(txn);
    if (it == m_pending.end()) return;
    Outgoing v = std::move(it->second);
    m_pending.erase(it);
    m_failed.fetch_add(1, std::memory_order_relaxed);
    const bool again = retry && !v.retry;
    LogInfo("voucher for node %s not delivered: %s%s", NodeIdHex(v.term).c_str(), reason.c_str(),
            again ? StrFormat("; one retry in %lld s", (long long)m_config.retry_delay).c_str() : "");
    if (!again) return;
    v.retry = true;
    m_retries.emplace(m_now() + m_config.retry_delay, std::move(v));
}

void VoucherCarrier::OnResponse(ClientTransaction& txn, const SipMessage& response)
{
    const uint16_t code = response.StatusCode();
    if (code < 200) return;
    if (code < 300) {
        const auto it = m_pending.find(txn.Id());
        if (it == m_pending.end()) return;
        LogDebug(BCLog::SIP, "voucher for node %s delivered: %u", NodeIdHex(it->second.term).c_str(), code);
        std::string bad;
        const interfaces::VoucherAnswer answer = ParseVoucherAnswer(response, bad);
        if (!bad.empty()) {
            LogDebug(BCLog::SIP, "voucher answer from node %s at %s: malformed %s ignored", NodeIdHex(it->second.term).c_str(),
                     FormatDestination(txn.Target()).c_str(), bad.c_str());
        }
        m_accounting.VoucherAnswered(it->second.bytes, answer);
        m_pending.erase(it);
        m_delivered.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    // 408 and 5xx may pass; any other answer is T's verdict on the voucher.
    const bool retry = code == 408 || (code >= 500 && code < 600);
    Failed(txn.Id(), StrFormat("%u %s", code, std::string{response.ReasonPhrase()}.c_str()), retry);
}

void VoucherCarrier::OnClientFailure(ClientTransaction& txn, ClientFailure failure)
{
    Failed(txn.Id(), failure == ClientFailure::TIMEOUT ? "timeout" : "transport error", true);
}

} // namespace sip
