// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Request routing: REGISTER to the registrar, out-of-dialog requests to the contacts of our
// handles, in-dialog requests along our Record-Route. Responses are in forking.cpp.

#include <sip/parser/chars.h>
#include <sip/router/proxy.h>

#include <interfaces/calls.h>
#include <interfaces/chain_directory.h>
#include <sip/parser/builder.h>
#include <sip/registrar/credentials.h>
#include <sip/registrar/handle.h>
#include <sip/registrar/location.h>
#include <sip/router/probe_answer.h>
#include <sip/router/remote_route.h>
#include <sip/router/target.h>
#include <util/logging.h>

#include <cinttypes>
#include <cstdio>

namespace sip {
using chars::EqualsNoCase;

namespace {

/** FNV-1a over the fields that identify a request at one hop (RFC 3261 16.6 step 8). */
uint64_t LoopHash(const SipMessage& request)
{
    uint64_t h = 14695981039346656037ULL;
    auto mix = [&h](std::string_view s) {
        for (unsigned char c : s) {
            h ^= c;
            h *= 1099511628211ULL;
        }
        h ^= 0xff; // separator, so ("ab","c") and ("a","bc") differ
        h *= 1099511628211ULL;
    };
    mix(request.RequestUriText());
    mix(request.CallId());
    mix(request.From() ? request.From()->Tag() : std::string_view{});
    mix(request.To() ? request.To()->Tag() : std::string_view{});
    if (const CSeq* cseq = request.CSeqHeader()) mix(std::to_string(cseq->number));
    if (const NameAddr* route = request.TopRoute()) mix(route->uri.text);
    return h;
}

/** "-" and 16 lowercase hex digits of a loop hash, the suffix of our branches; on the stack. */
class HashSuffix
{
public:
    explicit HashSuffix(uint64_t hash)
    {
        static constexpr char HEX[] = "0123456789abcdef";
        m_buf[0] = '-';
        for (int i = 0; i < 16; ++i) m_buf[1 + i] = HEX[(hash >> (60 - 4 * i)) & 0xf];
    }
    std::string_view View() const { return {m_buf, sizeof(m_buf)}; }
    /** The 16 hex digits without the "-". */
    std::string_view Digits() const { return View().substr(1); }

private:
    char m_buf[17]{};
};

bool IsRoutedMethod(SipMethod m)
{
    switch (m) {
    case SipMethod::INVITE:
    case SipMethod::BYE:
    case SipMethod::OPTIONS:
    case SipMethod::MESSAGE:
    case SipMethod::SUBSCRIBE:
    case SipMethod::NOTIFY:
    case SipMethod::INFO:
    case SipMethod::UPDATE:
    case SipMethod::REFER:
    case SipMethod::PRACK:
        return true;
    default:
        return false;
    }
}

/** Requests that create a dialog when sent outside one (we Record-Route them). */
bool CreatesDialog(SipMethod m)
{
    return m == SipMethod::INVITE || m == SipMethod::SUBSCRIBE || m == SipMethod::REFER || m == SipMethod::NOTIFY;
}

} // namespace

Proxy::Proxy(ProxyConfig config, Registrar& registrar, CredentialStore& credentials, LocationService& location,
             const interfaces::ChainDirectory* directory, DialogTable& dialogs, Clock now)
    : m_config{std::move(config)}, m_registrar{registrar}, m_credentials{credentials}, m_location{location},
      m_directory{directory}, m_dialogs{dialogs}, m_now{std::move(now)}
{
}

ProxyStats Proxy::Stats() const
{
    return {m_stats.routed.load(std::memory_order_relaxed), m_stats.branches.load(std::memory_order_relaxed),
            m_stats.rejected.load(std::memory_order_relaxed), m_stats.stateless.load(std::memory_order_relaxed)};
}

bool Proxy::IsOurHost(std::string_view host) const
{
    for (const std::string& d : m_config.domains) {
        if (EqualsNoCase(d, host)) return true;
    }
    return false;
}

bool Proxy::IsOurUri(const Uri& uri) const
{
    return uri.IsSip() && IsOurHost(uri.host) && (!uri.port || m_config.ports.Contains(*uri.port));
}

void Proxy::SetCalls(interfaces::CallAccounting* accounting, interfaces::VoucherSink* sink)
{
    m_call_accounting = accounting;
    m_dialogs.SetCallAccounting(accounting);
    m_voucher_inbox = sink ? std::make_unique<VoucherInbox>(*sink) : nullptr;
}

void Proxy::Reject(ServerTransaction& txn, uint16_t code, std::string_view reason, std::string_view extra)
{
    m_stats.rejected.fetch_add(1, std::memory_order_relaxed);
    LogDebug(BCLog::SIP, "%s %s from %s: %u %s", std::string{txn.Request().MethodText()}.c_str(),
             std::string{txn.Request().RequestUriText()}.c_str(), FormatPeer(txn.Source()).c_str(), code,
             std::string{reason}.c_str());
    (void)m_layer->Reply(txn.Id(), code, reason, m_layer->NewTag(), extra);
}

void Proxy::OnRequest(ServerTransaction& txn)
{
    const SipMessage& req = txn.Request();
    switch (req.Method()) {
    case SipMethod::REGISTER:
        HandleRegister(txn);
        return;
    case SipMethod::CANCEL: // matched no INVITE we proxy
        Reject(txn, 481, "Call/Transaction Does Not Exist");
        return;
    default:
        RouteRequest(txn);
    }
}

void Proxy::HandleRegister(ServerTransaction& txn)
{
    const Peer& src = txn.Source();
    RequestContext ctx;
    ctx.source_ip = src.remote.Normalized().IpString();
    ctx.source_port = src.remote.Port();
    ctx.transport = src.protocol;
    ctx.connection_id = src.connection_id;
    ctx.now = m_now();
    RegistrarReply reply = m_registrar.HandleRegister(txn.Request(), ctx);
    LogDebug(BCLog::SIP, "REGISTER %s from %s: %u %s", std::string{txn.Request().RequestUriText()}.c_str(),
             FormatPeer(src).c_str(), reply.code, reply.reason.c_str());
    (void)m_layer->SendResponse(txn.Id(), std::move(reply.message));
}

void Proxy::AnswerOptions(ServerTransaction& txn)
{
    std::string extra = "Allow: " + std::string{PROXY_ALLOW} + "\r\n";
    extra += "Accept: application/sdp, text/plain, message/cpim, application/pidf+xml\r\n";
    extra += "Supported: path\r\n";
    if (AnswerProbe(txn, *m_layer, m_probe_answers, extra)) return;
    (void)m_layer->Reply(txn.Id(), 200, "OK", m_layer->NewTag(), extra);
}

bool Proxy::IsLoop(const SipMessage& request, uint64_t hash) const
{
    const HashSuffix hash_suffix{hash};
    const std::string_view suffix = hash_suffix.View();
    const auto vias = request.Vias();
    if (!vias) return false;
    for (const Via& via : *vias) {
        if (!IsOurHost(via.host) || !m_config.ports.Contains(via.port.value_or(DefaultPort(via.transport)))) continue;
        if (via.branch.size() > suffix.size() && via.branch.substr(via.branch.size() - suffix.size()) == suffix) return true;
    }
    return false;
}

std::string Proxy::OurVia(Transport transport, std::string_view branch) const
{
    return FormatVia(transport, m_config.advertised_host, m_config.ports.For(transport), branch);
}

std::string Proxy::RecordRouteUri(const Destination& side, bool sips) const
{
    const bool v6 = m_config.advertised_host.find(':') != std::string::npos;
    std::string rr = sips ? "<sips:" : "<sip:";
    if (IsReliable(side.protocol) && side.connection_id != 0) rr += m_flow_tokens.Encode(side) + "@";
    rr += v6 ? "[" + m_config.advertised_host + "]" : m_config.advertised_host;
    rr += ":" + std::to_string(m_config.ports.For(side.protocol)) + ";lr";
    switch (side.protocol) {
    case Transport::TCP: rr += ";transport=tcp"; break;
    case Transport::TLS: rr += sips ? "" : ";transport=tls"; break;
    case Transport::WS:
    case Transport::WSS: rr += ";transport=ws"; break; // RFC 7118 5.2: "ws" for both
    default: break;
    }
    rr += ">";
    return rr;
}

std::string Proxy::OurRecordRoute(const Destination& inbound, const Destination& outbound, bool sips) const
{
    if (!IsReliable(inbound.protocol) && inbound.protocol == outbound.protocol) return RecordRouteUri(inbound, sips);
    // RFC 5658: the callee's route set starts with the URI facing it, the caller's (reversed)
    // with the URI facing the caller; each carries its side's flow token.
    return RecordRouteUri(outbound, sips) + ", " + RecordRouteUri(inbound, sips);
}

Proxy::OurRoutes Proxy::TopRoutes(const SipMessage& request) const
{
    OurRoutes out;
    const NameAddr* top = request.TopRoute();
    if (!top || !IsOurUri(top->uri)) return out;
    const auto routes = request.NameAddrs(HeaderType::ROUTE);
    if (!routes) return out;
    for (const NameAddr& route : *routes) {
        if (out.count == 2 || !IsOurUri(route.uri)) break;
        ++out.count;
        out.flow = route.uri.user.empty() ? std::nullopt : m_flow_tokens.Decode(route.uri.user);
    }
    return out;
}

void Proxy::RouteRequest(ServerTransaction& txn)
{
    const SipMessage& req = txn.Request();
    if (req.MaxForwards() == std::optional<uint32_t>{0}) return Reject(txn, 483, "Too Many Hops");
    if (!IsRoutedMethod(req.Method())) {
        return Reject(txn, 501, "Not Implemented", "Allow: " + std::string{PROXY_ALLOW} + "\r\n");
    }
    if (req.CountHeaders(HeaderType::PROXY_REQUIRE) > 0) {
        // We support no extension a caller could require of a proxy (RFC 3261 16.3 step 5);
        // an empty Proxy-Require requires nothing.
        const auto tokens = req.Tokens(HeaderType::PROXY_REQUIRE);
        if (!tokens) return Reject(txn, 400, "Bad Proxy-Require");
        if (!tokens->empty()) {
            std::string unsupported;
            for (std::string_view t : *tokens) unsupported += (unsupported.empty() ? "" : ", ") + std::string{t};
            return Reject(txn, 420, "Bad Extension", "Unsupported: " + unsupported + "\r\n");
        }
    }
    const OurRoutes routes = TopRoutes(req);
    // A Route naming anyone else would make us a relay for it: never.
    if (req.TopRoute() && routes.count == 0) return Reject(txn, 403, "Forbidden (not a relay)");
    const uint64_t hash = LoopHash(req);
    if (IsLoop(req, hash)) return Reject(txn, 482, "Loop Detected");

    if (!req.To()->Tag().empty()) return RouteInDialog(txn, routes);

    const Uri* ruri = req.RequestUri();
    std::optional<std::string> handle;
    if (ruri->scheme == UriScheme::TEL) {
        handle = CanonicalizeHandle(ruri->user);
    } else {
        if (!IsOurUri(*ruri)) return Reject(txn, 403, "Forbidden (domain not served here)");
        // A voucher for this node, never for a phone named "dots".
        if (req.Method() == SipMethod::MESSAGE && IsVoucherMessage(req)) return AnswerVoucher(txn, *m_layer, m_voucher_inbox.get());
        if (ruri->user.empty()) {
            if (req.Method() == SipMethod::OPTIONS) return AnswerOptions(txn);
            return Reject(txn, 404, "Not Found");
        }
        handle = CanonicalizeHandle(ruri->user);
    }
    if (req.Method() == SipMethod::BYE || req.Method() == SipMethod::PRACK) {
        return Reject(txn, 481, "Call/Transaction Does Not Exist");
    }
    if (!handle) return Reject(txn, 404, "Not Found");
    // A call we forward must get its dialog, or its BYE would be refused: when the table
    // cannot hold one more, refuse the call instead (RFC 3261 21.5.4).
    if (CreatesDialog(req.Method()) && !m_dialogs.HasRoom(m_pending_dialogs)) {
        LogWarning("SIP dialog table full: %s from %s refused with 503", std::string{req.MethodText()}.c_str(),
                   FormatPeer(txn.Source()).c_str());
        return Reject(txn, 503, "Service Unavailable", "Retry-After: 10\r\n");
    }
    const int64_t now = m_now();
    const std::vector<ContactBinding> contacts = m_location.Lookup(*handle, now);
    if (contacts.empty()) return RouteUnbound(txn, *handle, routes.count, hash);

    Context ctx = NewContext(txn, *handle);
    for (const ContactBinding& b : contacts) {
        if (ctx.branches.size() >= m_config.max_branches) break;
        const auto hop = BindingDestination(b);
        if (!hop) continue;
        // RFC 5630 3.1.3: a sips: request goes on over TLS (or WSS) only.
        if (ctx.sips && hop->protocol != Transport::TLS && hop->protocol != Transport::WSS) continue;
        StartBranch(ctx, req, *hop, b.contact_uri, routes.count, hash);
    }
    bool any = false;
    for (const Branch& b : ctx.branches) any |= b.final_status == 0;
    if (!any) return Reject(txn, 480, ctx.sips && ctx.branches.empty() ? "Temporarily Unavailable (no TLS contact for sips:)" : "Temporarily Unavailable");
    LogDebug(BCLog::SIP, "%s %s from %s: forked to %u contact(s)", std::string{req.MethodText()}.c_str(),
             handle->c_str(), FormatPeer(txn.Source()).c_str(), static_cast<unsigned>(ctx.branches.size()));
    KeepContext(std::move(ctx));
}

Proxy::Context Proxy::NewContext(const ServerTransaction& txn, const std::string& handle) const
{
    const SipMessage& req = txn.Request();
    Context ctx;
    ctx.server = txn.Id();
    ctx.method = req.Method();
    ctx.creates_dialog = CreatesDialog(req.Method());
    ctx.sips = req.RequestUri()->scheme == UriScheme::SIPS;
    ctx.call_id = std::string{req.CallId()};
    ctx.from_tag = std::string{req.From()->Tag()};
    if (auto from = CanonicalizeHandle(req.From()->uri.user)) ctx.from_handle = *from;
    ctx.to_handle = handle;
    if (ctx.creates_dialog && req.CountHeaders(HeaderType::RECORD_ROUTE) > 0) {
        // Through another proxy (an originating node): the caller's side is reached through it,
        // never at the Contact, even when the two share an IP address.
        ctx.caller.hop = PeerDestination(nullptr, txn.Source());
    } else {
        const auto req_contacts = req.Contacts();
        const Uri* caller_contact = req_contacts && !req_contacts->empty() && !req_contacts->front().star ? &req_contacts->front().address.uri : nullptr;
        ctx.caller.hop = PeerDestination(caller_contact, txn.Source());
    }
    return ctx;
}

void Proxy::KeepContext(Context&& ctx)
{
    m_stats.routed.fetch_add(1, std::memory_order_relaxed);
    const TransactionId server = ctx.server;
    if (ctx.creates_dialog) ++m_pending_dialogs;
    m_contexts.emplace(server, std::move(ctx));
}

void Proxy::RouteUnbound(ServerTransaction& txn, const std::string& handle, size_t remove_routes, uint64_t loop_hash)
{
    const SipMessage& req = txn.Request();
    const std::optional<interfaces::HandleRecord> record = m_directory ? m_directory->LookupHandle(handle) : std::nullopt;
    if (record && (req.Method() == SipMethod::INVITE || req.Method() == SipMethod::MESSAGE)) {
        const bool sips = req.RequestUri()->scheme == UriScheme::SIPS;
        const RemoteDecision d = DecideRemoteRoute(*record, *m_directory, m_call_accounting, m_config.max_rate, sips);
        if (d.kind == RemoteDecision::Kind::REFUSE) {
            if (d.code == 403) {
                LogDebug(BCLog::SIP, "%s for %s: node %s charges %lld per minute, our maximum is %lld (-sipmaxrate)",
                         std::string{req.MethodText()}.c_str(), handle.c_str(), NodeIdHex(d.node).c_str(), (long long)d.rate,
                         (long long)m_config.max_rate);
            }
            return Reject(txn, d.code, d.reason);
        }
        if (d.kind == RemoteDecision::Kind::ROUTE) {
            // Somebody pays T for a paid route: only a caller we know may make us (free routes,
            // rate 0, cost nobody anything and stay open).
            std::string_view consumed_realm;
            if (d.rate > 0 && !AuthorizePaidRoute(txn, &consumed_realm)) return;
            Context ctx = NewContext(txn, handle);
            if (ctx.creates_dialog && d.rate > 0) ctx.remote = RemoteCall{d.node, d.rate};
            if (!StartBranch(ctx, req, d.to.hop, RemoteRequestUri(handle, d.to, sips), remove_routes, loop_hash,
                             consumed_realm)) {
                return Reject(txn, 480, "Temporarily Unavailable (serving node unreachable)");
            }
            LogDebug(BCLog::SIP, "%s %s from %s: routed to node %s at %s (rate %lld)", std::string{req.MethodText()}.c_str(),
                     handle.c_str(), FormatPeer(txn.Source()).c_str(), NodeIdHex(d.node).c_str(),
                     FormatDestination(d.to.hop).c_str(), (long long)d.rate);
            return KeepContext(std::move(ctx));
        }
    }
    if (record || m_credentials.Has(handle)) return Reject(txn, 480, "Temporarily Unavailable");
    return Reject(txn, 404, "Not Found");
}

bool Proxy::AuthorizePaidRoute(ServerTransaction& txn, std::string_view* consumed_realm)
{
    const Peer& src = txn.Source();
    for (const IpSubnet& net : m_config.trusted_sources) {
        if (net.Contains(src.remote)) return true;
    }
    const SipMessage& req = txn.Request();
    // The caller authenticates as the handle it calls from (canonicalised as the registrar
    // does): credentials of one handle never pay for calls made in another's name.
    const std::string caller = CanonicalizeHandle(req.From()->uri.user).value_or(std::string{});
    const std::optional<DigestHa1> ha1 = caller.empty() ? std::nullopt : m_credentials.Lookup(caller);
    DigestAuthenticator& auth = m_registrar.Auth();
    const auto denied = CheckDigest(auth, PROXY_DIGEST, req, caller, ha1 ? &*ha1 : nullptr, m_now(),
                                    src.remote.Normalized().IpString(), FormatPeer(src));
    if (denied) {
        Reject(txn, denied->code, denied->reason, denied->headers);
        return false;
    }
    *consumed_realm = auth.Realm();
    return true;
}

bool Proxy::StartBranch(Context& ctx, const SipMessage& request, const Destination& hop, std::string_view request_uri,
                        size_t remove_routes, uint64_t loop_hash, std::string_view consumed_realm)
{
    std::string branch;
    branch.reserve(64);
    m_layer->AppendNewBranch(branch);
    branch.append(HashSuffix{loop_hash}.View());
    const std::string via = OurVia(hop.protocol, branch);
    const std::string rr = ctx.creates_dialog && request.To()->Tag().empty() ? OurRecordRoute(ctx.caller.hop, hop, ctx.sips) : std::string{};
    ForwardEdits edits;
    edits.via = via;
    edits.record_route = rr;
    edits.remove_top_route = remove_routes >= 1;
    edits.remove_second_route = remove_routes >= 2;
    edits.request_uri = request_uri;
    edits.decrement_max_forwards = true;
    edits.consumed_credentials_realm = consumed_realm;
    auto id = m_layer->SendRequest(BuildForwardedRequest(request, edits), hop, this);
    Branch b;
    b.hop = hop;
    if (!id) {
        LogDebug(BCLog::SIP, "branch to %s failed: %s", FormatDestination(hop).c_str(), id.error().c_str());
        b.final_status = 480;
        ctx.branches.push_back(b);
        if (BetterFinal(480, ctx.best_status)) {
            ctx.best_status = 480;
            ctx.best_response.clear();
        }
        return false;
    }
    b.client = *id;
    ctx.branches.push_back(b);
    m_branch_owner[*id] = ctx.server;
    m_stats.branches.fetch_add(1, std::memory_order_relaxed);
    return true;
}

void Proxy::RouteInDialog(ServerTransaction& txn, const OurRoutes& routes)
{
    const SipMessage& req = txn.Request();
    // Only requests that follow the Record-Route we inserted pass: anything else would make
    // this node a relay for whoever knows a Call-ID.
    if (routes.count == 0) return Reject(txn, 403, "Forbidden (not a relay)");
    const int64_t now = m_now();
    const auto dlg = m_dialogs.Find(req.CallId(), req.From()->Tag(), req.To()->Tag(), now);
    Destination hop;
    if (dlg && (dlg->state != DialogState::ENDED || req.Method() == SipMethod::BYE)) {
        hop = dlg->target;
    } else if (!dlg && routes.flow) {
        // A dialog we no longer hold (swept, or after the table filled): the flow token we
        // wrote into our Record-Route still names the other side's connection (RFC 5626).
        hop = *routes.flow;
    } else {
        return Reject(txn, 481, "Call/Transaction Does Not Exist");
    }
    if (dlg && req.Method() == SipMethod::BYE && m_dialogs.End(req.CallId(), req.From()->Tag(), req.To()->Tag(), now)) {
        LogDebug(BCLog::SIP, "call %s ended by BYE from %s", std::string{req.CallId()}.c_str(), FormatPeer(txn.Source()).c_str());
    }
    Context ctx;
    ctx.server = txn.Id();
    ctx.method = req.Method();
    ctx.creates_dialog = false;
    if (!StartBranch(ctx, req, hop, {}, routes.count, LoopHash(req))) {
        return Reject(txn, 480, "Temporarily Unavailable");
    }
    m_stats.routed.fetch_add(1, std::memory_order_relaxed);
    m_contexts.emplace(ctx.server, std::move(ctx));
}

void Proxy::OnAck(const SipMessage& ack, const Peer& from)
{
    // The ACK for a 2xx is end to end: it follows our Record-Route to the callee.
    const OurRoutes routes = TopRoutes(ack);
    if (routes.count == 0 || ack.MaxForwards() == std::optional<uint32_t>{0}) return;
    const auto dlg = m_dialogs.Find(ack.CallId(), ack.From()->Tag(), ack.To()->Tag(), m_now());
    if (!dlg && !routes.flow) {
        LogDebug(BCLog::SIP, "ACK from %s for an unknown dialog dropped", FormatPeer(from).c_str());
        return;
    }
    const Destination hop = dlg ? dlg->target : *routes.flow;
    // Stateless forwarding: the branch is derived from the incoming one, so retransmitted
    // ACKs carry the same branch (RFC 3261 16.11).
    const uint64_t hash = LoopHash(ack) ^ std::hash<std::string_view>{}(ack.TopVia()->branch);
    char branch_buf[32];
    const HashSuffix suffix{hash};
    const std::string_view digits = suffix.Digits();
    const size_t cookie = BRANCH_MAGIC_COOKIE.size();
    static_assert(BRANCH_MAGIC_COOKIE.size() + 2 + 16 <= sizeof(branch_buf));
    BRANCH_MAGIC_COOKIE.copy(branch_buf, cookie);
    branch_buf[cookie] = 's';
    branch_buf[cookie + 1] = 'l';
    digits.copy(branch_buf + cookie + 2, digits.size());
    const std::string via = OurVia(hop.protocol, std::string_view{branch_buf, cookie + 2 + digits.size()});
    ForwardEdits edits;
    edits.via = via;
    edits.remove_top_route = true;
    edits.remove_second_route = routes.count >= 2;
    if (m_layer->SendStateless(hop, BuildForwardedRequest(ack, edits)) == SendStatus::OK) {
        m_stats.stateless.fetch_add(1, std::memory_order_relaxed);
    }
}

} // namespace sip
