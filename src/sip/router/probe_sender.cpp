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

std::optional<ProbeRoute> ParseProbeRoute(std::string_view text)
{
    const auto uri = ParseUri(text);
    if (!uri || !uri->IsSip()) return std::nullopt;
    const bool sips = uri->scheme == UriScheme::SIPS;
    ProbeRoute route;
    route.protocol = sips ? Transport::TLS : Transport::UDP;
    if (const auto transport = uri->Param("transport")) {
        if (chars::EqualsNoCase(*transport, "tls")) {
            route.protocol = Transport::TLS;
        } else if (chars::EqualsNoCase(*transport, "tcp")) {
            route.protocol = sips ? Transport::TLS : Transport::TCP; // sips: is TLS over TCP (RFC 3261 26.2.2)
        } else if (sips || !chars::EqualsNoCase(*transport, "udp")) {
            return std::nullopt; // sips: over UDP, ws, wss, sctp, unknown
        }
    }
    switch (uri->host_type) {
    case HostType::IPV4:
    case HostType::IPV6: break;
    case HostType::HOSTNAME: route.name = true; break;
    default: return std::nullopt;
    }
    route.host = std::string{uri->host};
    route.port = uri->port.value_or(DefaultPort(route.protocol));
    return route;
}

std::optional<Destination> EndpointDestination(std::string_view text, std::string_view address)
{
    const auto route = ParseProbeRoute(text);
    if (!route) return std::nullopt;
    const auto to = SockAddr::FromIp(route->name ? address : std::string_view{route->host}, route->port);
    if (!to) return std::nullopt;
    return Destination{route->protocol, *to, 0};
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
        const auto to = EndpointDestination(task.request_uri, task.address);
        if (!to) {
            m_scheduler.ProbeDone(task.id, std::nullopt, "endpoint is not a sip:/sips: URI over UDP, TCP or TLS with an IP address", now);
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
