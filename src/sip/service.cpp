// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/service.h>

#include <interfaces/memory_directory.h>
#include <rpc/amount.h>
#include <sip/registrar/credentials.h>
#include <sip/registrar/digest.h>
#include <sip/registrar/location.h>
#include <sip/registrar/registrar.h>
#include <sip/router/dialogs.h>
#include <sip/router/keepalive.h>
#include <sip/router/probe_answer.h>
#include <sip/router/probe_sender.h>
#include <sip/router/proxy.h>
#include <sip/router/target.h>
#include <sip/router/voucher_carrier.h>
#include <sip/transaction/stack.h>
#include <sip/transport/tls_context.h>
#include <sip/transport/web_files.h>
#include <util/args.h>
#include <util/chaintype.h>
#include <util/format.h>
#include <util/logging.h>
#include <util/netaddress.h>
#include <util/time.h>

#include <event2/event.h>
#include <event2/thread.h>
#include <univalue.h>

#include <algorithm>
#include <cassert>
#include <ifaddrs.h>
#include <net/if.h>

namespace sip {

namespace {

constexpr int64_t SWEEP_INTERVAL_SECONDS = 5;
constexpr int64_t MAX_PING_INTERVAL = 86400;

std::string Lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool IsWildcard(const std::string& ip) { return ip == "0.0.0.0" || ip == "::"; }

/** The host's interface addresses (for "is this Request-URI us" when bound to a wildcard). */
std::vector<std::string> InterfaceAddresses()
{
    std::vector<std::string> out;
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0) return out;
    for (ifaddrs* it = list; it; it = it->ifa_next) {
        if (!it->ifa_addr || !(it->ifa_flags & IFF_UP)) continue;
        const socklen_t len = it->ifa_addr->sa_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
        if (auto addr = SockAddr::FromSockaddr(it->ifa_addr, len)) {
            std::string ip = addr->IpString();
            if (ip.rfind("fe80:", 0) == 0) continue; // link-local needs a scope: not a SIP host
            out.push_back(std::move(ip));
        }
    }
    freeifaddrs(list);
    return out;
}

void AddUnique(std::vector<std::string>& list, std::string value)
{
    if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(std::move(value));
}

} // namespace

void AddSipArgs(ArgsManager& args)
{
    args.AddArg("-siplisten", "Run the SIP registrar and proxy (default: 1)", ALLOW_BOOL, OptionsCategory::SIP);
    args.AddArg("-sipport=<port>", "Listen for SIP (UDP and TCP) on <port> (default: 5060, testnet: 5062, regtest: 5064)",
                ALLOW_INT | NETWORK_ONLY, OptionsCategory::SIP);
    args.AddArg("-sipbind=<addr>[:port]", "Bind the SIP listeners to this numeric IP (UDP and TCP). Use [host]:port for IPv6. "
                "Can be specified multiple times (default: 0.0.0.0 and ::, every interface)",
                ALLOW_STRING | ALLOW_LIST | NETWORK_ONLY, OptionsCategory::SIP);
    args.AddArg("-sipdomain=<domain>", "A SIP domain this node is the registrar and proxy for (sip:handle@<domain>). "
                "The first one is the Digest realm. Can be specified multiple times (default: none; the node's own "
                "addresses are always accepted, and the realm is \"dots\")",
                ALLOW_STRING | ALLOW_LIST, OptionsCategory::SIP);
    args.AddArg("-sippinginterval=<n>", "Send an OPTIONS keepalive to every registered contact every <n> seconds; a contact "
                "that does not answer is removed. 0 disables (default: 60)", ALLOW_INT, OptionsCategory::SIP);
    args.AddArg("-sipminexpires=<n>", "Shortest registration accepted, in seconds (default: 60)", ALLOW_INT, OptionsCategory::SIP);
    args.AddArg("-sipmaxexpires=<n>", "Longest registration granted, in seconds (default: 3600)", ALLOW_INT, OptionsCategory::SIP);
    args.AddArg("-sipdigestalgorithm=<alg>", "Digest algorithm offered to SIP clients, one challenge each in the order given: "
                "SHA-256 or MD5 (RFC 8760). Can be specified multiple times, e.g. -sipdigestalgorithm=SHA-256 -sipdigestalgorithm=MD5 "
                "(default: MD5 only, the one every deployed client answers; see doc/sip.md)", ALLOW_STRING | ALLOW_LIST, OptionsCategory::SIP);
    args.AddArg("-siprateperip=<n>", "SIP messages per second accepted from one IP address; 0 disables the limit (default: 200)",
                ALLOW_INT, OptionsCategory::SIP);
    args.AddArg("-siptrustedsource=<ip>[/<prefix>]", "A SIP trunk, PBX or other node exempt from -siprateperip and allowed paid routes to other nodes without Digest credentials, e.g. 192.0.2.10 or "
                "2001:db8::/48. Can be specified multiple times (default: none)", ALLOW_STRING | ALLOW_LIST, OptionsCategory::SIP);
    args.AddArg("-sipmaxrate=<amt>", "Route calls to a handle another node serves only when that node's rate is at most <amt> "
                "DOTS per minute; its vouchers are signed with this node's key (default: 0, free-peering nodes only; see doc/sip.md)",
                ALLOW_STRING, OptionsCategory::SIP);
    AddSipSecureArgs(args);
}

ListenPorts SipServiceOptions::Ports() const
{
    ListenPorts ports{port};
    ports.tls = secure.tls_port;
    ports.ws = secure.ws_port;
    ports.wss = secure.wss_port;
    return ports;
}

util::Result<SipServiceOptions> GetSipServiceOptions(const ArgsManager& args, const BaseChainParams& chain)
{
    SipServiceOptions o;
    const int64_t port = args.GetIntArg("-sipport", chain.sip_port);
    if (port < 1 || port > 65535) return util::Error{StrFormat("Invalid -sipport %lld: must be 1-65535", (long long)port)};
    o.port = static_cast<uint16_t>(port);
    const std::vector<std::string> binds = args.GetArgs("-sipbind");
    o.default_bind = binds.empty();
    if (binds.empty()) {
        o.bind = {{"0.0.0.0", o.port}, {"::", o.port}};
    }
    for (const std::string& text : binds) {
        const auto host_port = SplitHostPort(text, o.port);
        if (!host_port || !SockAddr::FromIp(host_port->first, host_port->second)) {
            return util::Error{"Invalid -sipbind address '" + text + "': expected a numeric IP with an optional :port"};
        }
        o.bind.push_back(*host_port);
    }
    for (const std::string& d : args.GetArgs("-sipdomain")) {
        std::string_view host;
        HostType type;
        std::string bare = d;
        if (bare.empty() || !ParseHost(bare, host, type) || host.size() != bare.size() - (type == HostType::IPV6 ? 2 : 0)) {
            return util::Error{"Invalid -sipdomain '" + d + "': expected a host name or IP address"};
        }
        AddUnique(o.domains, Lower(std::string{host}));
    }
    const int64_t ping = args.GetIntArg("-sippinginterval", 60);
    if (ping < 0 || ping > MAX_PING_INTERVAL) return util::Error{"-sippinginterval must be between 0 and 86400 seconds"};
    o.ping_interval = ping;
    const int64_t min_expires = args.GetIntArg("-sipminexpires", 60);
    const int64_t max_expires = args.GetIntArg("-sipmaxexpires", 3600);
    if (min_expires < 1 || min_expires > 86400) return util::Error{"-sipminexpires must be between 1 and 86400 seconds"};
    if (max_expires < min_expires || max_expires > 604800) {
        return util::Error{"-sipmaxexpires must be at least -sipminexpires and at most 604800 seconds"};
    }
    o.min_expires = static_cast<uint32_t>(min_expires);
    o.max_expires = static_cast<uint32_t>(max_expires);
    const int64_t rate = args.GetIntArg("-siprateperip", 200);
    if (rate < 0 || rate > 1000000) return util::Error{"-siprateperip must be between 0 and 1000000"};
    o.rate_per_ip = static_cast<uint32_t>(rate);
    for (const std::string& text : args.GetArgs("-siptrustedsource")) {
        const auto net = IpSubnet::Parse(text);
        if (!net) return util::Error{"Invalid -siptrustedsource '" + text + "': expected a numeric IP with an optional /prefix"};
        o.trusted_sources.push_back(*net);
    }
    for (const std::string& name : args.GetArgs("-sipdigestalgorithm")) {
        const auto alg = ParseDigestAlgorithm(name);
        if (name.empty() || !alg || (*alg != DigestAlgorithm::MD5 && *alg != DigestAlgorithm::SHA256)) {
            return util::Error{"Invalid -sipdigestalgorithm '" + name + "': expected SHA-256 or MD5"};
        }
        AddUnique(o.digest_algorithms, std::string{DigestAlgorithmName(*alg)});
    }
    // baresip 1.0 (Debian 12) fails on any SHA-256 challenge, and SIPp 3.6, sipsak and pjsip
    // before 2.10 answer only the first one: MD5 alone is what all of them can register with.
    if (o.digest_algorithms.empty()) o.digest_algorithms.push_back(std::string{DigestAlgorithmName(DigestAlgorithm::MD5)});
    if (const auto text = args.GetArg("-sipmaxrate")) {
        const auto amount = rpc::AmountFromValue(UniValue{*text});
        if (const auto* error = std::get_if<rpc::RPCError>(&amount)) {
            return util::Error{StrFormat("Invalid amount for -sipmaxrate=<amount>: '%s' (%s)", text->c_str(), error->message.c_str())};
        }
        o.max_rate = std::get<CAmount>(amount);
    }
    auto secure = GetSipSecureOptions(args, chain, o.port);
    if (!secure) return util::Error{secure.error()};
    o.secure = std::move(*secure);
    return o;
}

SipService::SipService(SipServiceOptions options) : m_options{std::move(options)}
{
    const std::string realm = m_options.domains.empty() ? "dots" : m_options.domains.front();
    // Every name and address this node answers for: -sipdomain, the bound IPs, and for a
    // wildcard bind the interface addresses.
    m_all_domains = m_options.domains;
    bool wildcard = false;
    for (const auto& [ip, port] : m_options.bind) {
        if (IsWildcard(ip)) {
            wildcard = true;
        } else {
            AddUnique(m_all_domains, SockAddr::FromIp(ip, port)->IpString());
        }
    }
    if (wildcard) {
        for (std::string& ip : InterfaceAddresses()) AddUnique(m_all_domains, std::move(ip));
        AddUnique(m_all_domains, "localhost");
    }
    if (m_all_domains.empty()) m_all_domains.push_back("localhost");
    // The address peers reach us at: the first specific bind address, else a non-loopback
    // interface address, else the first domain.
    for (const auto& [ip, port] : m_options.bind) {
        if (!IsWildcard(ip)) {
            m_advertised_host = SockAddr::FromIp(ip, port)->IpString();
            break;
        }
    }
    if (m_advertised_host.empty()) {
        for (const std::string& ip : m_all_domains) {
            auto addr = SockAddr::FromIp(ip, 0);
            if (addr && !addr->IsV6() && ip.rfind("127.", 0) != 0) {
                m_advertised_host = ip;
                break;
            }
        }
    }
    if (m_advertised_host.empty()) m_advertised_host = m_options.domains.empty() ? "127.0.0.1" : m_options.domains.front();

    m_directory = std::make_unique<interfaces::MemoryDirectory>();
    m_chain_directory = m_directory.get();
    m_credentials = std::make_unique<CredentialStore>(realm);
    // Through m_chain_directory, so SetChainDirectory redirects the reports too.
    m_location = std::make_unique<LocationService>(LocationLimits{}, [this](std::string_view aor, bool online) {
        m_chain_directory->ReportPresence(interfaces::PresenceReport{std::string{aor}, online});
    });
    m_dialogs = std::make_unique<DialogTable>();
    DigestAuthenticator::Options auth_options;
    auth_options.realm = realm;
    for (const std::string& name : m_options.digest_algorithms) auth_options.algorithms.push_back(*ParseDigestAlgorithm(name));
    m_auth = std::make_unique<DigestAuthenticator>(auth_options);
    RegistrarOptions reg;
    reg.domains = m_all_domains;
    reg.min_expires = m_options.min_expires;
    reg.max_expires = m_options.max_expires;
    m_registrar = std::make_unique<Registrar>(reg, *m_credentials, *m_location, *m_auth, m_directory.get());
    ProxyConfig pc;
    pc.domains = m_all_domains;
    pc.ports = m_options.Ports();
    pc.advertised_host = m_advertised_host;
    pc.max_rate = m_options.max_rate;
    pc.trusted_sources = m_options.trusted_sources;
    m_proxy = std::make_unique<Proxy>(pc, *m_registrar, *m_credentials, *m_location, m_directory.get(), *m_dialogs,
                                      [] { return GetTime(); });
    KeepaliveConfig kc;
    kc.advertised_host = m_advertised_host;
    kc.ports = m_options.Ports();
    kc.domain = realm;
    m_keepalive = std::make_unique<Keepalive>(kc, *m_location, [] { return GetTime(); });
}

SipService::~SipService()
{
    Stop();
}

void SipService::SetProbing(interfaces::ProbeTarget* target, interfaces::ProbeScheduler* scheduler)
{
    if (target) m_probe_answers = std::make_unique<ProbeAnswers>(*target);
    m_proxy->SetProbeAnswers(m_probe_answers.get());
    if (!scheduler) return;
    ProbeSenderConfig pc;
    pc.advertised_host = m_advertised_host;
    pc.ports = m_options.Ports();
    pc.domain = m_credentials->Realm();
    m_probe_sender = std::make_unique<ProbeSender>(pc, *scheduler, [] { return GetTime(); });
}

void SipService::SetChainDirectory(interfaces::ChainDirectory& directory)
{
    assert(!m_thread.joinable());
    m_chain_directory = &directory;
    m_registrar->SetDirectory(&directory);
    m_proxy->SetDirectory(&directory);
}

void SipService::SetCalls(interfaces::CallAccounting* accounting, interfaces::VoucherSink* sink)
{
    assert(!m_thread.joinable());
    m_call_accounting = accounting;
    m_proxy->SetCalls(accounting, sink);
}

util::Result<void> SipService::Start()
{
    if (m_thread.joinable()) return {};
    static const int threads_ready = evthread_use_pthreads(); // loopbreak from the main thread
    if (threads_ready != 0) return util::Error{"SIP: libevent has no pthreads support"};
    std::vector<std::string> names{m_advertised_host};
    for (const std::string& d : m_all_domains) AddUnique(names, d);
    auto secure = PrepareSipSecure(m_options.secure, names);
    if (!secure) return util::Error{"Unable to start the SIP router: " + secure.error()};
    m_tls = std::move(secure->tls);
    m_www = std::move(secure->www);
    m_base = event_base_new();
    if (!m_base) return util::Error{"SIP: cannot create an event loop"};

    auto make_config = [&](bool with_v6) {
        StackConfig config;
        const ListenPorts ports = m_options.Ports();
        for (const auto& [ip, port] : m_options.bind) {
            const auto addr = SockAddr::FromIp(ip, port);
            if (!with_v6 && addr->IsV6()) continue;
            config.transport.listen.push_back({Transport::UDP, *addr});
            config.transport.listen.push_back({Transport::TCP, *addr});
            // The other transports listen on the same addresses, each on its own port.
            for (const auto& [protocol, other] : {std::pair{Transport::TLS, ports.tls}, {Transport::WS, ports.ws}, {Transport::WSS, ports.wss}}) {
                if (other == 0) continue;
                SockAddr a = *addr;
                a.SetPort(other);
                config.transport.listen.push_back({protocol, a});
            }
        }
        config.transport.tls = m_tls;
        config.transport.www = m_www;
        config.transport.max_connections = m_options.secure.max_connections;
        config.transport.max_connections_per_ip = m_options.secure.max_connections_per_ip;
        config.transport.rate_limit.rate_per_second = m_options.rate_per_ip;
        config.transport.rate_limit.burst = std::max<uint32_t>(m_options.rate_per_ip * 2, 20);
        config.transport.rate_limit.trusted = m_options.trusted_sources;
        return config;
    };
    m_stack = std::make_unique<Stack>(m_base, *m_proxy, make_config(true));
    auto started = m_stack->Start();
    if (!started && m_options.default_bind) {
        LogWarning("SIP: %s; listening on IPv4 only", started.error().c_str());
        m_stack = std::make_unique<Stack>(m_base, *m_proxy, make_config(false));
        started = m_stack->Start();
    }
    if (!started) {
        m_stack.reset();
        event_base_free(m_base);
        m_base = nullptr;
        return util::Error{"Unable to start the SIP router: " + started.error() + " (is another SIP server using -sipport?)"};
    }
    m_proxy->SetLayer(m_stack->Transactions());
    m_keepalive->SetLayer(m_stack->Transactions());
    if (m_probe_answers) {
        m_probe_answer_event = event_new(m_base, -1, 0, &SipService::OnProbeAnswers, this);
        m_probe_answers->SetWake([ev = m_probe_answer_event] { event_active(ev, EV_TIMEOUT, 0); });
    }
    if (VoucherInbox* inbox = m_proxy->Vouchers()) {
        m_voucher_answer_event = event_new(m_base, -1, 0, &SipService::OnVoucherAnswers, this);
        inbox->SetWake([ev = m_voucher_answer_event] { event_active(ev, EV_TIMEOUT, 0); });
    }
    if (m_call_accounting) {
        VoucherCarrierConfig vc;
        vc.advertised_host = m_advertised_host;
        vc.ports = m_options.Ports();
        vc.domain = m_credentials->Realm();
        m_voucher_carrier = std::make_unique<VoucherCarrier>(vc, *m_call_accounting, *m_chain_directory, [] { return GetTime(); });
        m_voucher_carrier->SetLayer(m_stack->Transactions());
    }
    if (m_probe_sender) {
        m_probe_sender->SetLayer(m_stack->Transactions());
        m_probe_event = event_new(m_base, -1, EV_PERSIST, &SipService::OnProbe, this);
        const timeval probe{1, 0};
        event_add(m_probe_event, &probe);
    }
    for (const ListenAddress& l : m_stack->Transport().BoundAddresses()) {
        m_listeners.push_back(std::string{TransportName(l.protocol)} + ":" + l.address.ToString());
    }

    m_sweep_event = event_new(m_base, -1, EV_PERSIST, &SipService::OnSweep, this);
    const timeval sweep{SWEEP_INTERVAL_SECONDS, 0};
    event_add(m_sweep_event, &sweep);
    if (m_options.ping_interval > 0) {
        m_ping_event = event_new(m_base, -1, EV_PERSIST, &SipService::OnPing, this);
        const timeval ping{static_cast<time_t>(m_options.ping_interval), 0};
        event_add(m_ping_event, &ping);
    }
    LogInfo("SIP router listening on %s (realm %s, advertised as %s)",
            [&] { std::string s; for (const auto& l : m_listeners) s += (s.empty() ? "" : ", ") + l; return s; }().c_str(),
            m_credentials->Realm().c_str(), m_advertised_host.c_str());
    m_started.store(true, std::memory_order_release);
    m_thread = std::thread([this] {
        SetThreadName("dots-sip");
        event_base_dispatch(m_base);
    });
    return {};
}

void SipService::Stop()
{
    if (!m_base) return;
    if (m_thread.joinable()) {
        // A loopbreak issued before the thread enters the loop would be lost (the loop clears
        // the flag when it starts): queue an event that breaks the loop from inside instead.
        event_base_once(m_base, -1, EV_TIMEOUT, [](int, short, void* base) { event_base_loopbreak(static_cast<event_base*>(base)); },
                        m_base, nullptr);
        m_thread.join();
    }
    if (m_sweep_event) event_free(m_sweep_event);
    if (m_ping_event) event_free(m_ping_event);
    if (m_probe_event) event_free(m_probe_event);
    if (m_probe_answers) m_probe_answers->Close(); // before its event goes: no wake-up after this
    if (m_probe_answer_event) event_free(m_probe_answer_event);
    if (VoucherInbox* inbox = m_proxy->Vouchers()) inbox->Close();
    if (m_voucher_answer_event) event_free(m_voucher_answer_event);
    m_sweep_event = m_ping_event = m_probe_event = m_probe_answer_event = m_voucher_answer_event = nullptr;
    m_stack.reset(); // closes the sockets; pending transactions are dropped
    m_voucher_carrier.reset(); // its transactions went with the stack
    event_base_free(m_base);
    m_base = nullptr;
    LogInfo("SIP router stopped");
}

void SipService::OnSweep(int, short, void* arg)
{
    auto* self = static_cast<SipService*>(arg);
    const int64_t now = GetTime();
    const size_t expired = self->m_location->ExpireStale(now);
    const size_t dialogs = self->m_dialogs->Sweep(now); // also reports the seconds of calls to paid nodes
    if (expired || dialogs) LogDebug(BCLog::SIP, "expired %u registration(s), %u dialog(s)", (unsigned)expired, (unsigned)dialogs);
    if (self->m_voucher_carrier) {
        const size_t vouchers = self->m_voucher_carrier->Tick();
        if (vouchers) LogDebug(BCLog::SIP, "sent %u voucher MESSAGE(s)", (unsigned)vouchers);
    }
}

void SipService::OnPing(int, short, void* arg)
{
    auto* self = static_cast<SipService*>(arg);
    const size_t sent = self->m_keepalive->Tick();
    if (sent) LogDebug(BCLog::SIP, "sent %u keepalive OPTIONS", (unsigned)sent);
}

void SipService::OnProbe(int, short, void* arg)
{
    auto* self = static_cast<SipService*>(arg);
    const size_t sent = self->m_probe_sender->Tick();
    if (sent) LogDebug(BCLog::SIP, "sent %u probe OPTIONS", (unsigned)sent);
}

void SipService::OnProbeAnswers(int, short, void* arg)
{
    auto* self = static_cast<SipService*>(arg);
    const size_t sent = self->m_probe_answers->Flush(self->m_stack->Transactions());
    if (sent) LogDebug(BCLog::SIP, "sent %u probe answer(s)", (unsigned)sent);
}

void SipService::OnVoucherAnswers(int, short, void* arg)
{
    auto* self = static_cast<SipService*>(arg);
    const size_t sent = self->m_proxy->Vouchers()->Flush(self->m_stack->Transactions());
    if (sent) LogDebug(BCLog::SIP, "sent %u voucher answer(s)", (unsigned)sent);
}

SipService::Counters SipService::Stats() const
{
    Counters c{};
    if (m_stack) {
        const SipStatsSnapshot s = m_stack->Stats();
        c.messages_in = s.transport.messages_in;
        c.messages_out = s.transport.messages_out;
        c.bytes_in = s.transport.bytes_in;
        c.bytes_out = s.transport.bytes_out;
        c.parse_errors = s.transport.parse_errors;
        c.rate_limited = s.transport.rate_limited;
        c.send_errors = s.transport.send_errors;
        c.tcp_connections = s.transport.connections_current;
        c.udp_receive_calls = s.transport.udp_receive_calls;
        c.udp_send_calls = s.transport.udp_send_calls;
        c.server_transactions = s.transactions.server_current;
        c.client_transactions = s.transactions.client_current;
        c.transport_errors = s.transactions.transport_errors;
        c.retransmissions = s.transactions.retransmissions_sent;
    }
    const ProxyStats p = m_proxy->Stats();
    c.requests_routed = p.requests_routed;
    c.rejected = p.rejected;
    c.keepalives_sent = m_keepalive->Sent();
    c.keepalive_removed = m_keepalive->Removed();
    return c;
}

} // namespace sip
