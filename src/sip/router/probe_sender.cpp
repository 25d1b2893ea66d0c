// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/router/probe_sender.h>

#include <sip/parser/builder.h>
#include <sip/parser/chars.h>
#include <sip/parser/uri.h>
#include <sip/router/probe_header.h>
#include <util/format.h>
#include <util/logging.h>

namespace sip {

std::optional<Destination> EndpointDestination(std::string_view text)
{
    const auto uri = ParseUri(text);
    if (!uri || uri->scheme != UriScheme::SIP) return std::nullopt;
    if (uri->host_type != HostType::IPV4 && uri->host_type != HostType::IPV6) return std::nullopt;
    Destination to;
    if (const auto transport = uri->Param("transport")) {
        if (chars::EqualsNoCase(*transport, "tcp")) {
            to.protocol = Transport::TCP;
        } else if (!chars::EqualsNoCase(*transport, "udp")) {
            return std::nullopt;
        }
    }
    const auto address = SockAddr::FromIp(uri->host, uri->port.value_or(5060));
    if (!address) return std::nullopt;
    to.address = *address;
    return to;
}

ProbeSender::ProbeSender(ProbeSenderConfig config, interfaces::ProbeScheduler& scheduler, Clock now)
    : m_config{std::move(config)}, m_scheduler{scheduler}, m_now{std::move(now)}
{
}

std::string ProbeSender::BuildRequest(const interfaces::ProbeTask& task, const Destination& to)
{
    const std::string via = FormatVia(to.protocol, m_config.advertised_host, m_config.ports.For(to.protocol), m_layer->NewBranch());
    const std::string call_id = "probe-" + m_layer->NewTag() + "@" + m_config.domain;
    const std::string probe_header = std::string{PROBE_HEADER} + ": " + FormatProbeHeader(task.challenge) + "\r\n";
    return BuildOptionsRequest({.request_uri = task.request_uri,
                                .via = via,
                                .from_domain = m_config.domain,
                                .from_tag = m_layer->NewTag(),
                                .call_id = call_id,
                                .cseq = static_cast<uint32_t>(++m_cseq % 2000000000 + 1),
                                .extra_headers = probe_header});
}

size_t ProbeSender::Tick()
{
    if (!m_layer || m_pending.size() >= m_config.max_in_flight) return 0;
    const int64_t now = m_now();
    size_t sent = 0;
    for (const interfaces::ProbeTask& task : m_scheduler.DueProbes(now, m_config.max_in_flight - m_pending.size())) {
        const auto to = EndpointDestination(task.request_uri);
        if (!to) {
            m_scheduler.ProbeDone(task.id, std::nullopt, "endpoint is not a sip: URI with an IP address over UDP or TCP", now);
            continue;
        }
        auto id = m_layer->SendRequest(BuildRequest(task, *to), *to, this);
        if (!id) {
            m_scheduler.ProbeDone(task.id, std::nullopt, "not sent: " + id.error(), now);
            continue;
        }
        m_pending.emplace(*id, task.id);
        m_sent.fetch_add(1, std::memory_order_relaxed);
        ++sent;
    }
    return sent;
}

void ProbeSender::Finish(TransactionId id, const std::optional<interfaces::ProbeSig>& answer, std::string_view detail)
{
    const auto it = m_pending.find(id);
    if (it == m_pending.end()) return;
    const uint64_t task = it->second;
    m_pending.erase(it);
    if (answer) m_answered.fetch_add(1, std::memory_order_relaxed);
    m_scheduler.ProbeDone(task, answer, detail, m_now());
}

void ProbeSender::OnResponse(ClientTransaction& txn, const SipMessage& response)
{
    const uint16_t code = response.StatusCode();
    if (code < 200) return;
    if (code != 200) {
        return Finish(txn.Id(), std::nullopt, StrFormat("answered %u %s", code, std::string{response.ReasonPhrase()}.c_str()));
    }
    const HeaderField* header = response.FindHeader(PROBE_ANSWER_HEADER);
    const auto answer = header ? ParseProbeAnswerHeader(header->value) : std::nullopt;
    Finish(txn.Id(), answer, answer ? "answered" : "200 without a valid DOTS-Probe-Answer");
}

void ProbeSender::OnClientFailure(ClientTransaction& txn, ClientFailure failure)
{
    Finish(txn.Id(), std::nullopt, failure == ClientFailure::TIMEOUT ? "timeout" : "transport error");
}

} // namespace sip
