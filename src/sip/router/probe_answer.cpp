// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/router/probe_answer.h>

#include <sip/parser/chars.h>
#include <sip/router/probe_header.h>
#include <util/logging.h>

#include <string>

namespace sip {

bool AnswerProbe(ServerTransaction& txn, TransactionLayer& layer, interfaces::ProbeTarget* target, std::string_view allow_headers)
{
    const SipMessage& req = txn.Request();
    const HeaderField* header = req.FindHeader(PROBE_HEADER);
    if (!header) return false;
    const std::string peer = std::string{TransportName(txn.Source().protocol)} + ":" + txn.Source().remote.ToString();
    size_t count = 0;
    for (const HeaderField& h : req.Headers()) {
        if (chars::EqualsNoCase(h.name, PROBE_HEADER)) ++count;
    }
    interfaces::ProbeVerdict verdict;
    const auto challenge = count == 1 ? ParseProbeHeader(header->value) : std::nullopt;
    if (!challenge) {
        verdict = {400, "Bad DOTS-Probe Header", std::nullopt};
        LogDebug(BCLog::SIP, "probe from %s: malformed DOTS-Probe header: 400", peer.c_str());
    } else if (!target) {
        verdict = {404, "Not Found (no probe target here)", std::nullopt};
        LogDebug(BCLog::SIP, "probe from %s: this node keeps no node keys: 404", peer.c_str());
    } else {
        verdict = target->Answer(*challenge, peer);
    }
    std::string extra{allow_headers};
    if (verdict.code == 200 && verdict.answer) {
        extra += std::string{PROBE_ANSWER_HEADER} + ": " + FormatProbeAnswerHeader(*verdict.answer) + "\r\n";
    } else if (verdict.code == 200) {
        verdict = {500, "Server Internal Error (no probe answer)", std::nullopt};
    }
    if (verdict.code == 503) extra += "Retry-After: 30\r\n";
    (void)layer.Reply(txn.Id(), verdict.code, verdict.reason, layer.NewTag(), extra);
    return true;
}

} // namespace sip
