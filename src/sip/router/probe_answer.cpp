// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/router/probe_answer.h>

#include <sip/parser/chars.h>
#include <sip/router/probe_header.h>
#include <sip/router/target.h>
#include <util/logging.h>

#include <string>
#include <utility>

namespace sip {

ProbeAnswers::ProbeAnswers(interfaces::ProbeTarget& target) : m_target{target} {}

void ProbeAnswers::Take(ServerTransaction& txn, const interfaces::ProbeChallenge& c, std::string_view peer, std::string_view allow_headers)
{
    // The callback holds the resume handle only: it may run after the SIP router is gone.
    m_target.Answer(c, peer, [resume = m_replies.Suspend(txn.Id(), peer), allow = std::string{allow_headers}](interfaces::ProbeVerdict v) {
        resume(ProbeReply(std::move(v), allow));
    });
}

SuspendedReply ProbeReply(interfaces::ProbeVerdict verdict, std::string_view allow_headers)
{
    SuspendedReply reply{verdict.code, std::move(verdict.reason), std::string{allow_headers}};
    if (verdict.code == 200 && verdict.answer) {
        reply.extra_headers += std::string{PROBE_ANSWER_HEADER} + ": " + FormatProbeAnswerHeader(*verdict.answer) + "\r\n";
    } else if (verdict.code == 200) {
        reply.code = 500;
        reply.reason = "Server Internal Error (no probe answer)";
    }
    if (reply.code == 503) reply.extra_headers += "Retry-After: 30\r\n";
    return reply;
}

bool SendProbeVerdict(TransactionLayer& layer, TransactionId txn, interfaces::ProbeVerdict verdict, std::string_view allow_headers)
{
    const SuspendedReply reply = ProbeReply(std::move(verdict), allow_headers);
    return layer.Reply(txn, reply.code, reply.reason, layer.NewTag(), reply.extra_headers);
}

bool AnswerProbe(ServerTransaction& txn, TransactionLayer& layer, ProbeAnswers* answers, std::string_view allow_headers)
{
    const SipMessage& req = txn.Request();
    const HeaderField* header = req.FindHeader(PROBE_HEADER);
    if (!header) return false;
    const std::string peer = FormatPeer(txn.Source());
    size_t count = 0;
    for (const HeaderField& h : req.Headers()) {
        if (chars::EqualsNoCase(h.name, PROBE_HEADER)) ++count;
    }
    const auto challenge = count == 1 ? ParseProbeHeader(header->value) : std::nullopt;
    if (!challenge) {
        LogDebug(BCLog::SIP, "probe from %s: malformed DOTS-Probe header: 400", peer.c_str());
        (void)SendProbeVerdict(layer, txn.Id(), {400, "Bad DOTS-Probe Header", std::nullopt}, allow_headers);
    } else if (!answers) {
        LogDebug(BCLog::SIP, "probe from %s: this node keeps no node keys: 404", peer.c_str());
        (void)SendProbeVerdict(layer, txn.Id(), {404, "Not Found (no probe target here)", std::nullopt}, allow_headers);
    } else {
        answers->Take(txn, *challenge, peer, allow_headers);
    }
    return true;
}

} // namespace sip
