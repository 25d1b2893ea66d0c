// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/parser/chars.h>
#include <sip/registrar/registrar.h>

#include <crypto/random.h>
#include <interfaces/chain_directory.h>
#include <sip/parser/builder.h>
#include <sip/registrar/handle.h>
#include <util/format.h>
#include <util/logging.h>
#include <util/strencodings.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <ctime>
#include <optional>

namespace sip {
using chars::EqualsNoCase;
namespace {

/** "ip:port" of the client, for logs ("[v6]:port" for IPv6). */
std::string Peer(const RequestContext& ctx)
{
    if (ctx.source_ip.find(':') != std::string::npos) return "[" + ctx.source_ip + "]:" + std::to_string(ctx.source_port);
    return ctx.source_ip + ":" + std::to_string(ctx.source_port);
}

/** Seconds left until `expires_at`, never negative. */
int64_t Remaining(int64_t expires_at, int64_t now) { return expires_at > now ? expires_at - now : 0; }

RegistrarReply MakeReply(const SipMessage& request, uint16_t code, std::string reason, std::string headers = {})
{
    RegistrarReply reply;
    reply.code = code;
    reply.reason = std::move(reason);
    reply.headers = std::move(headers);
    const uint64_t random = GetRandUint64();
    std::array<uint8_t, 8> tag_bytes;
    for (int i = 0; i < 8; ++i) tag_bytes[i] = static_cast<uint8_t>(random >> (56 - 8 * i));
    const std::string to_tag = HexStr(tag_bytes); // 16 hex digits, as "%016llx" (without printf's cost)
    reply.message = BuildResponse(request, code, reply.reason, to_tag, reply.headers);
    return reply;
}

std::string ContactLines(const std::vector<ContactBinding>& bindings, int64_t now)
{
    std::string out;
    for (const ContactBinding& b : bindings) {
        out += "Contact: <" + b.contact_uri + ">;expires=" + std::to_string(Remaining(b.expires_at, now));
        if (b.q_milli) out += ";q=" + FormatQValue(*b.q_milli);
        if (!b.instance.empty()) {
            out += ";+sip.instance=" + b.instance;
            if (b.reg_id != 0) out += ";reg-id=" + std::to_string(b.reg_id);
        }
        out += "\r\n";
    }
    return out;
}

} // namespace

std::string FormatHttpDate(int64_t unix_time)
{
    static constexpr const char* DAYS[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* MONTHS[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    // A reply per REGISTER carries the date, which changes once a second: format it only then.
    thread_local std::optional<int64_t> cached_time;
    thread_local std::string cached_text;
    if (cached_time == unix_time) return cached_text;
    const std::time_t t = static_cast<std::time_t>(unix_time);
    std::tm tm{};
    if (gmtime_r(&t, &tm) == nullptr) return "Thu, 01 Jan 1970 00:00:00 GMT";
    cached_text = StrFormat("%s, %02d %s %04d %02d:%02d:%02d GMT", DAYS[tm.tm_wday % 7], tm.tm_mday,
                            MONTHS[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    cached_time = unix_time;
    return cached_text;
}

std::string FormatQValue(uint16_t q_milli)
{
    if (q_milli >= 1000) return "1";
    std::string s = StrFormat("0.%03u", static_cast<unsigned>(q_milli));
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
}

Registrar::Registrar(RegistrarOptions options, CredentialStore& credentials, LocationService& location,
                     DigestAuthenticator& auth, const interfaces::ChainDirectory* directory)
    : m_options{std::move(options)}, m_credentials{credentials}, m_location{location}, m_auth{auth},
      m_directory{directory}
{
    assert(!m_options.domains.empty());
    assert(m_auth.Realm() == m_credentials.Realm());
    assert(m_options.min_expires <= m_options.max_expires);
}

bool Registrar::IsOurDomain(std::string_view host) const
{
    for (const std::string& d : m_options.domains) {
        if (EqualsNoCase(d, host)) return true;
    }
    return false;
}

RegistrarReply Registrar::HandleRegister(const SipMessage& request, const RequestContext& ctx)
{
    if (!request.IsRequest() || request.Method() != SipMethod::REGISTER) {
        return MakeReply(request, 405, "Method Not Allowed", "Allow: REGISTER\r\n");
    }
    const NameAddr* to = request.To();
    const CSeq* cseq = request.CSeqHeader();
    if (to == nullptr || request.From() == nullptr) return MakeReply(request, 400, "Bad From or To");
    if (request.CallId().empty() || !IsValidCallId(request.CallId())) return MakeReply(request, 400, "Bad Call-ID");
    if (cseq == nullptr || cseq->method != SipMethod::REGISTER) return MakeReply(request, 400, "Bad CSeq");

    // Step 1: the Request-URI names a domain we are the registrar for.
    const Uri* ruri = request.RequestUri();
    if (ruri == nullptr || !ruri->IsSip()) return MakeReply(request, 416, "Unsupported URI Scheme");
    if (!IsOurDomain(ruri->host)) return MakeReply(request, 404, "Domain Not Served Here");

    // Step 2: we support no extension a client could require of a registrar.
    if (request.CountHeaders(HeaderType::REQUIRE) > 0) {
        const auto tags = request.Tokens(HeaderType::REQUIRE);
        if (!tags) return MakeReply(request, 400, "Bad Require");
        if (!tags->empty()) {
            std::string unsupported;
            for (std::string_view tag : *tags) {
                if (!unsupported.empty()) unsupported += ", ";
                unsupported += tag;
            }
            return MakeReply(request, 420, "Bad Extension", "Unsupported: " + unsupported + "\r\n");
        }
    }

    // Step 5 (before auth, which needs the user): the AOR is sip:<handle>@<our domain>.
    if (!to->uri.IsSip()) return MakeReply(request, 404, "Not Found");
    if (!IsOurDomain(to->uri.host)) return MakeReply(request, 404, "Not Found");
    const std::optional<std::string> handle = CanonicalizeHandle(to->uri.user);
    if (!handle) return MakeReply(request, 404, "Not Found");

    const std::optional<DigestHa1> ha1 = m_credentials.Lookup(*handle);
    if (!ha1) {
        if (const auto record = m_directory != nullptr ? m_directory->LookupHandle(*handle) : std::nullopt) {
            // Homed at one of our node keys yet no credential: the wallet holding it is locked
            // since it loaded (or the credential was never set). Say so rather than "not homed".
            const bool ours = record->home_node && m_directory->IsLocalNode(*record->home_node);
            LogDebug(BCLog::SIP, "REGISTER %s from %s: handle has no credentials on this node%s\n", handle->c_str(), Peer(ctx).c_str(),
                     ours ? " (homed here: its wallet is locked or has no credential for it)" : "");
            return MakeReply(request, 403, ours ? "Credential Not Loaded Here" : "Handle Not Homed Here");
        }
        return MakeReply(request, 404, "Not Found");
    }

    // Credentials left here after the owner moved the handle's home to another node (on
    // chain) are stale: only the home node registers Digest clients.
    if (m_directory != nullptr) {
        if (const auto record = m_directory->LookupHandle(*handle); record && record->home_node) {
            if (!m_directory->IsLocalNode(*record->home_node)) return MakeReply(request, 403, "Handle Homed Elsewhere");
        }
    }

    // Steps 3-4: Digest authentication; the authenticated user is the AOR's handle.
    if (auto denied = CheckDigest(m_auth, REGISTRAR_DIGEST, request, *handle, &*ha1, ctx.now, ctx.source_ip, Peer(ctx))) {
        return MakeReply(request, denied->code, std::move(denied->reason), std::move(denied->headers));
    }

    return UpdateBindings(request, ctx, *handle);
}

std::optional<DigestDenial> CheckDigest(DigestAuthenticator& auth, const DigestRole& role, const SipMessage& request,
                                        std::string_view handle, const DigestHa1* ha1, int64_t now,
                                        std::string_view source_ip, std::string_view peer)
{
    auto deny = [](uint16_t code, std::string reason) { return DigestDenial{code, std::move(reason), {}}; };
    auto challenge = [&](bool stale) {
        return DigestDenial{role.challenge_code, std::string{role.challenge_reason},
                            auth.ChallengeHeaders(now, source_ip, stale, role.challenge_header)};
    };
    const std::string method{request.MethodText()};
    const std::string who{handle};
    const std::string from{peer};
    if (request.CountHeaders(role.credentials_header) == 0) return challenge(false);
    const auto headers = request.AuthHeaders(role.credentials_header);
    if (!headers) return deny(400, role.credentials_header == HeaderType::AUTHORIZATION ? "Bad Authorization" : "Bad Proxy-Authorization");

    std::optional<DigestCredentials> credentials;
    bool other_realm = false;
    for (const AuthHeader& h : *headers) {
        if (!h.IsDigest()) continue;
        const auto c = ParseDigestCredentials(h);
        if (!c) return deny(400, role.credentials_header == HeaderType::AUTHORIZATION ? "Bad Authorization" : "Bad Proxy-Authorization");
        if (c->realm == auth.Realm()) {
            credentials = c;
            break;
        }
        other_realm = true;
    }
    if (!credentials) {
        if (other_realm) return deny(403, "Wrong Realm");
        return challenge(false);
    }
    if (credentials->username != handle) {
        LogDebug(BCLog::SIP, "%s %s from %s: Digest username \"%s\" does not match\n", method.c_str(), who.c_str(),
                 from.c_str(), std::string{credentials->username}.c_str());
        return deny(403, "Username Does Not Match");
    }
    if (ha1 == nullptr) {
        LogDebug(BCLog::SIP, "%s %s from %s: the handle has no credentials on this node\n", method.c_str(), who.c_str(),
                 from.c_str());
        return deny(403, "Forbidden (no credentials here)");
    }
    const DigestResult result = auth.Verify(*credentials, request.MethodText(), *ha1, now, source_ip);
    if (result != DigestResult::OK) {
        LogDebug(BCLog::SIP, "%s %s from %s: %s\n", method.c_str(), who.c_str(), from.c_str(),
                 std::string{DigestResultName(result)}.c_str());
    }
    switch (result) {
    case DigestResult::OK: return std::nullopt;
    case DigestResult::WRONG_REALM: return deny(403, "Wrong Realm");
    case DigestResult::UNSUPPORTED: return deny(400, "Unsupported Digest Algorithm or qop");
    case DigestResult::WRONG_PASSWORD: return deny(403, "Forbidden");
    case DigestResult::WRONG_RESPONSE_UNKNOWN_NONCE: return challenge(false);
    case DigestResult::STALE_NONCE:
    case DigestResult::REPLAY: return challenge(true);
    }
    return deny(500, "Server Internal Error");
}

RegistrarReply Registrar::UpdateBindings(const SipMessage& request, const RequestContext& ctx, const std::string& handle)
{
    const auto contacts = request.Contacts();
    if (!contacts) return MakeReply(request, 400, "Bad Contact");
    const bool has_expires = request.FindHeader(HeaderType::EXPIRES) != nullptr;
    const std::optional<uint32_t> expires_header = request.Expires();
    if (has_expires && !expires_header) return MakeReply(request, 400, "Bad Expires");

    RegisterUpdate update;
    update.aor = handle;
    update.call_id = request.CallId();
    update.cseq = request.CSeqHeader()->number;
    update.now = ctx.now;
    update.source = RegistrationSource{ctx.source_ip, ctx.source_port, ctx.transport, ctx.connection_id};
    if (const HeaderField* ua = request.FindHeader(HeaderType::USER_AGENT)) update.user_agent = ua->value;

    const uint32_t default_expires = expires_header.value_or(m_options.default_expires);
    for (const Contact& c : *contacts) {
        if (c.star) {
            // RFC 3261 10.3 step 6: "*" only alone and only with Expires: 0.
            if (contacts->size() != 1 || expires_header != 0u) return MakeReply(request, 400, "Invalid Contact *");
            update.remove_all = true;
            break;
        }
        if (!c.address.uri.IsSip()) return MakeReply(request, 416, "Unsupported URI Scheme");
        ContactUpdate u;
        u.uri = c.address.uri.text;
        u.q_milli = c.q_milli;
        uint32_t expires = c.expires.value_or(default_expires);
        if (expires != 0 && expires < m_options.min_expires) {
            return MakeReply(request, 423, "Interval Too Brief",
                             "Min-Expires: " + std::to_string(m_options.min_expires) + "\r\n");
        }
        u.expires = std::min(expires, m_options.max_expires);
        if (const auto instance = c.address.params.Find("+sip.instance"); instance && instance->has_value) {
            u.instance = instance->value;
            // RFC 5626 5.2: reg-id without +sip.instance is ignored.
            if (const auto reg_id = c.address.params.Find("reg-id"); reg_id && reg_id->has_value) {
                const auto n = ParseUInt64(reg_id->value);
                if (!n || *n == 0 || *n > 2147483647U) return MakeReply(request, 400, "Bad reg-id");
                u.reg_id = static_cast<uint32_t>(*n);
            }
        }
        update.contacts.push_back(u);
    }

    RegistrarReply reply;
    if (!update.remove_all && update.contacts.empty()) {
        // A query: no change, the current bindings (step 8).
        reply.bindings = m_location.Lookup(handle, ctx.now);
    } else {
        switch (m_location.Apply(update, reply.bindings)) {
        case LocationStatus::OK: break;
        case LocationStatus::OUT_OF_ORDER:
            LogDebug(BCLog::SIP, "REGISTER %s from %s: CSeq %u out of order\n", handle.c_str(), Peer(ctx).c_str(),
                     update.cseq);
            return MakeReply(request, 500, "Server Internal Error");
        case LocationStatus::TOO_MANY_CONTACTS: return MakeReply(request, 403, "Too Many Contacts");
        case LocationStatus::TABLE_FULL:
            LogWarning("SIP location table full (%u bindings): REGISTER %s from %s refused\n",
                       static_cast<unsigned>(m_location.BindingCount()), handle.c_str(), ctx.source_ip.c_str());
            return MakeReply(request, 503, "Service Unavailable", "Retry-After: 300\r\n");
        }
        LogDebug(BCLog::SIP, "REGISTER %s from %s: %u binding(s)\n", handle.c_str(), Peer(ctx).c_str(),
                 static_cast<unsigned>(reply.bindings.size()));
    }
    std::vector<ContactBinding> bindings = std::move(reply.bindings);
    std::string headers = ContactLines(bindings, ctx.now) + "Date: " + FormatHttpDate(ctx.now) + "\r\n";
    // RFC 5626 6: a client that keeps a flow (reg-id) and supports outbound learns that we
    // honour it: requests for this binding go back over the flow it registered on.
    const auto supported = request.Tokens(HeaderType::SUPPORTED);
    const bool outbound = supported && std::any_of(supported->begin(), supported->end(), [](std::string_view t) { return EqualsNoCase(t, "outbound"); });
    if (outbound && std::any_of(update.contacts.begin(), update.contacts.end(), [](const ContactUpdate& c) { return c.reg_id != 0; })) {
        headers += "Require: outbound\r\n";
    }
    reply = MakeReply(request, 200, "OK", headers);
    reply.bindings = std::move(bindings);
    return reply;
}

} // namespace sip
