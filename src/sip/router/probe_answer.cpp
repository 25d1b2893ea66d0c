// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/router/probe_answer.h>

#include <sip/parser/chars.h>
#include <sip/router/probe_header.h>
#include <util/logging.h>

#include <string>
#include <utility>

namespace sip {

ProbeAnswers::ProbeAnswers(interfaces::ProbeTarget& target) : m_target{target} {}

ProbeAnswers::~ProbeAnswers() { Close(); }

void ProbeAnswers::SetWake(std::function<void()> wake)
{
    LOCK(m_shared->mutex);
    m_shared->wake = std::move(wake);
}

void ProbeAnswers::Take(ServerTransaction& txn, const interfaces::ProbeChallenge& c, std::string_view peer, std::string_view allow_headers)
{
    {
        LOCK(m_shared->mutex);
        ++m_shared->pending;
    }
    // The callback holds the shared part only: it may run after the SIP router is gone.
    m_target.Answer(c, peer, [shared = m_shared, id = txn.Id(), from = std::string{peer}, allow = std::string{allow_headers}](interfaces::ProbeVerdict v) {
        LOCK(shared->mutex);
        if (shared->closed) return;
        shared->done.push_back({id, from, allow, std::move(v)});
        // The wake-up is asked for once per batch; the lock orders it before Close() drops it.
        if (shared->done.size() == 1 && shared->wake) shared->wake();
    });
}

size_t ProbeAnswers::Flush(TransactionLayer& layer)
{
    std::vector<Verdict> done;
    {
        LOCK(m_shared->mutex);
        done.swap(m_shared->done);
        m_shared->pending -= done.size();
    }
    size_t sent = 0;
    for (Verdict& d : done) {
        if (SendProbeVerdict(layer, d.txn, std::move(d.verdict), d.allow_headers)) {
            ++sent;
        } else {
            LogDebug(BCLog::SIP, "probe from %s: the node's answer came after the transaction ended; not sent", d.peer.c_str());
        }
    }
    return sent;
}

size_t ProbeAnswers::Pending() const
{
    LOCK(m_shared->mutex);
    return m_shared->pending;
}

void ProbeAnswers::Close()
{
    LOCK(m_shared->mutex);
    m_shared->closed = true;
    m_shared->wake = nullptr;
    m_shared->pending -= m_shared->done.size();
    m_shared->done.clear();
}

bool SendProbeVerdict(TransactionLayer& layer, TransactionId txn, interfaces::ProbeVerdict verdict, std::string_view allow_headers)
{
    std::string extra{allow_headers};
    if (verdict.code == 200 && verdict.answer) {
        extra += std::string{PROBE_ANSWER_HEADER} + ": " + FormatProbeAnswerHeader(*verdict.answer) + "\r\n";
    } else if (verdict.code == 200) {
        verdict = {500, "Server Internal Error (no probe answer)", std::nullopt};
    }
    if (verdict.code == 503) extra += "Retry-After: 30\r\n";
    return layer.Reply(txn, verdict.code, verdict.reason, layer.NewTag(), extra);
}

bool AnswerProbe(ServerTransaction& txn, TransactionLayer& layer, ProbeAnswers* answers, std::string_view allow_headers)
{
    const SipMessage& req = txn.Request();
    const HeaderField* header = req.FindHeader(PROBE_HEADER);
    if (!header) return false;
    const std::string peer = std::string{TransportName(txn.Source().protocol)} + ":" + txn.Source().remote.ToString();
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
