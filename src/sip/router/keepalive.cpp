// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/router/keepalive.h>

#include <sip/parser/builder.h>
#include <sip/router/target.h>
#include <util/logging.h>

namespace sip {

namespace {
std::string FlightKey(std::string_view aor, std::string_view contact)
{
    std::string key{aor};
    key.push_back('\n');
    key.append(contact);
    return key;
}
} // namespace

Keepalive::Keepalive(KeepaliveConfig config, LocationService& location, Clock now)
    : m_config{std::move(config)}, m_location{location}, m_now{std::move(now)}
{
}

size_t Keepalive::Tick()
{
    size_t sent = 0;
    for (const ContactBinding& b : m_location.List(std::nullopt, m_now())) {
        if (m_pending.size() >= m_config.max_outstanding) break;
        const std::string key = FlightKey(b.aor, b.contact_uri);
        if (m_in_flight.count(key)) continue;
        const auto hop = BindingDestination(b);
        if (!hop) continue;
        const std::string via = FormatVia(hop->protocol, m_config.advertised_host, m_config.ports.For(hop->protocol), m_layer->NewBranch());
        const std::string call_id = "ka-" + m_layer->NewTag() + "@" + m_config.domain;
        std::string req = BuildOptionsRequest({.request_uri = b.contact_uri,
                                               .via = via,
                                               .from_domain = m_config.domain,
                                               .from_tag = m_layer->NewTag(),
                                               .call_id = call_id,
                                               .cseq = static_cast<uint32_t>(++m_cseq % 2000000000 + 1),
                                               .extra_headers = {}});
        auto id = m_layer->SendRequest(std::move(req), *hop, this);
        if (!id) {
            LogDebug(BCLog::SIP, "keepalive to %s of %s not sent: %s", b.contact_uri.c_str(), b.aor.c_str(), id.error().c_str());
            continue;
        }
        m_pending.emplace(*id, Ping{b.aor, b.contact_uri, b.instance, b.reg_id, b.call_id, b.cseq, b.registered_at});
        m_in_flight.emplace(key, *id);
        m_sent.fetch_add(1, std::memory_order_relaxed);
        ++sent;
    }
    return sent;
}

void Keepalive::OnResponse(ClientTransaction& txn, const SipMessage& response)
{
    if (response.StatusCode() < 200) return;
    auto it = m_pending.find(txn.Id());
    if (it == m_pending.end()) return;
    // Any final answer (even 404 or 405) proves the contact is there.
    m_in_flight.erase(FlightKey(it->second.aor, it->second.contact_uri));
    m_pending.erase(it);
}

void Keepalive::OnClientFailure(ClientTransaction& txn, ClientFailure failure)
{
    auto it = m_pending.find(txn.Id());
    if (it == m_pending.end()) return;
    const Ping ping = std::move(it->second);
    m_pending.erase(it);
    m_in_flight.erase(FlightKey(ping.aor, ping.contact_uri));
    LogInfo("SIP contact %s of %s did not answer a keepalive (%s): removed", ping.contact_uri.c_str(), ping.aor.c_str(),
            failure == ClientFailure::TIMEOUT ? "timeout" : "transport error");
    RemoveDead(ping);
}

void Keepalive::RemoveDead(const Ping& ping)
{
    const int64_t now = m_now();
    bool unchanged = false;
    for (const ContactBinding& b : m_location.Lookup(ping.aor, now)) {
        if (b.contact_uri == ping.contact_uri && b.registered_at == ping.registered_at && b.call_id == ping.call_id) unchanged = true;
    }
    if (!unchanged) return; // refreshed (or gone) since the ping: the client is alive
    RegisterUpdate update;
    update.aor = ping.aor;
    update.call_id = ping.call_id;
    update.cseq = ping.cseq + 1;
    update.now = now;
    ContactUpdate c;
    c.uri = ping.contact_uri;
    c.instance = ping.instance;
    c.reg_id = ping.reg_id;
    c.expires = 0;
    update.contacts.push_back(c);
    std::vector<ContactBinding> left;
    if (m_location.Apply(update, left) == LocationStatus::OK) m_removed.fetch_add(1, std::memory_order_relaxed);
}

} // namespace sip
