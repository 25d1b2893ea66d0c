// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/parser/builder.h>

#include <sip/parser/auth.h>
#include <sip/parser/chars.h>
#include <sip/parser/list.h>

#include <algorithm>
#include <charconv>

namespace sip {
namespace {

void AppendNumber(std::string& out, uint32_t n)
{
    char buf[16];
    const auto r = std::to_chars(buf, buf + sizeof(buf), n);
    out.append(buf, r.ptr);
}

void AppendLine(std::string& out, std::string_view line)
{
    out.append(line);
    out.append("\r\n");
}

/** The value of a list header without its first `n` items ("" when it had no more); `removed`
 *  says how many items were there to remove. */
std::string_view WithoutFirstValues(std::string_view value, size_t n, size_t& removed)
{
    ListSplitter split{value};
    std::string_view first;
    removed = 0;
    while (removed < n && split.Next(first)) ++removed;
    if (removed == 0) return {};
    const size_t after = static_cast<size_t>(first.data() + first.size() - value.data());
    const size_t comma = value.find(',', after);
    if (comma == std::string_view::npos) return {};
    return chars::TrimLws(value.substr(comma + 1));
}

void AppendBody(std::string& out, const SipMessage& m)
{
    if (!m.FindHeader(HeaderType::CONTENT_LENGTH)) {
        out.append("Content-Length: ");
        AppendNumber(out, static_cast<uint32_t>(m.Body().size()));
        out.append("\r\n");
    }
    out.append("\r\n");
    out.append(m.Body());
}

/** Copies header line `f` without its first `n` values (the top Routes or Via this hop
 *  removes); writes nothing when no value is left. Returns how many values it removed. */
size_t AppendWithoutFirstValues(std::string& out, const HeaderField& f, size_t n = 1)
{
    size_t removed = 0;
    const std::string_view rest = WithoutFirstValues(f.value, n, removed);
    if (rest.empty()) return removed;
    out.append(f.name);
    out.append(": ");
    AppendLine(out, rest);
    return removed;
}
/** Writes Via header line `f`, the first line of the message's Vias, with its first value
 *  stamped (see TopViaValue). */
void AppendStampedViaLine(std::string& out, const HeaderField& f, const SipMessage& m)
{
    const Via* via = m.TopVia();
    if (!m.HasViaStamp() || !via || via->text.data() < f.line.data() ||
        via->text.data() + via->text.size() > f.line.data() + f.line.size()) {
        AppendLine(out, f.line);
        return;
    }
    const size_t begin = static_cast<size_t>(via->text.data() - f.line.data());
    out.append(f.line.substr(0, begin));
    AppendTopViaValue(out, m);
    AppendLine(out, f.line.substr(begin + via->text.size()));
}
} // namespace

void AppendTopViaValue(std::string& out, const SipMessage& message)
{
    const Via* via = message.TopVia();
    if (!via) return;
    const std::string_view text = via->text;
    if (!message.HasViaStamp()) {
        out.append(text);
        return;
    }
    const std::string_view received = message.StampedReceived();
    const std::optional<uint16_t> rport = message.StampedRport();
    size_t copied = 0;
    bool have_received = false;
    size_t pos = 0;
    Param p;
    while (via->params.Next(pos, p)) {
        const size_t begin = static_cast<size_t>(p.name.data() - text.data());
        const std::string_view last = p.has_value ? p.value : p.name;
        const size_t end = static_cast<size_t>(last.data() + last.size() - text.data());
        if (chars::EqualsNoCase(p.name, "received") && !have_received) {
            have_received = true;
            if (received.empty()) continue;
            out.append(text.substr(copied, begin - copied));
            out.append("received=");
            out.append(received);
            copied = end;
        } else if (chars::EqualsNoCase(p.name, "rport") && !p.has_value && rport) {
            out.append(text.substr(copied, begin - copied));
            out.append("rport=");
            AppendNumber(out, *rport);
            copied = end;
        }
    }
    out.append(text.substr(copied));
    if (!have_received && !received.empty()) {
        out.append(";received=");
        out.append(received);
    }
}

std::string TopViaValue(const SipMessage& message)
{
    std::string out;
    if (const Via* via = message.TopVia()) out.reserve(via->text.size() + 40);
    AppendTopViaValue(out, message);
    return out;
}

std::string BuildOptionsRequest(const OptionsRequest& r) { return BuildOwnRequest("OPTIONS", r); }

std::string BuildOwnRequest(std::string_view method, const OptionsRequest& r, std::string_view content_type, std::string_view body)
{
    std::string req;
    req.reserve(256 + 2 * r.request_uri.size() + r.via.size() + r.from_domain.size() + r.call_id.size() + r.extra_headers.size() +
                content_type.size() + body.size());
    req.append(method).append(" ").append(r.request_uri).append(" SIP/2.0\r\n");
    req.append("Via: ").append(r.via).append("\r\n");
    req.append("Max-Forwards: 70\r\n");
    req.append("From: <sip:dots@").append(r.from_domain).append(">;tag=").append(r.from_tag).append("\r\n");
    req.append("To: <").append(r.request_uri).append(">\r\n");
    req.append("Call-ID: ").append(r.call_id).append("\r\n");
    req.append("CSeq: ");
    AppendNumber(req, r.cseq);
    req.append(" ").append(method).append("\r\n");
    req.append(r.extra_headers);
    if (!content_type.empty()) req.append("Content-Type: ").append(content_type).append("\r\n");
    req.append("Content-Length: ");
    AppendNumber(req, static_cast<uint32_t>(body.size()));
    req.append("\r\n\r\n").append(body);
    return req;
}

std::string FormatVia(Transport transport, std::string_view host, std::optional<uint16_t> port,
                      std::string_view branch, bool rport)
{
    std::string out;
    out.reserve(32 + host.size() + branch.size());
    out.append("SIP/2.0/");
    out.append(TransportName(transport));
    out.push_back(' ');
    const bool ipv6 = host.find(':') != std::string_view::npos;
    if (ipv6) out.push_back('[');
    out.append(host);
    if (ipv6) out.push_back(']');
    if (port) {
        out.push_back(':');
        AppendNumber(out, *port);
    }
    out.append(";branch=");
    out.append(branch);
    if (rport) out.append(";rport");
    return out;
}

std::string BuildResponse(const SipMessage& request, uint16_t code, std::string_view reason,
                          std::string_view to_tag, std::string_view extra_headers, std::string_view body)
{
    std::string out;
    out.reserve(256 + extra_headers.size() + body.size() + request.HeaderSectionEnd() / 2);
    out.append("SIP/2.0 ");
    AppendNumber(out, code);
    out.push_back(' ');
    out.append(reason);
    out.append("\r\n");
    bool top_via = true;
    for (const HeaderField& f : request.Headers()) {
        if (f.type != HeaderType::VIA) continue;
        if (top_via) {
            AppendStampedViaLine(out, f, request);
            top_via = false;
        } else {
            AppendLine(out, f.line);
        }
    }
    for (HeaderType t : {HeaderType::FROM, HeaderType::TO, HeaderType::CALL_ID, HeaderType::CSEQ}) {
        const HeaderField* f = request.FindHeader(t);
        if (!f) continue;
        out.append(f->line);
        if (t == HeaderType::TO && code > 100 && !to_tag.empty()) {
            const NameAddr* to = request.To();
            if (to && to->Tag().empty()) {
                out.append(";tag=");
                out.append(to_tag);
            }
        }
        out.append("\r\n");
    }
    out.append(extra_headers);
    out.append("Content-Length: ");
    AppendNumber(out, static_cast<uint32_t>(body.size()));
    out.append("\r\n\r\n");
    out.append(body);
    return out;
}

std::string BuildForwardedRequest(const SipMessage& request, const ForwardEdits& edits)
{
    const std::string_view raw = request.Raw();
    std::string out;
    out.reserve(raw.size() + edits.via.size() + edits.record_route.size() + 64);
    if (edits.request_uri.empty()) {
        out.append(request.StartLine());
    } else {
        out.append(request.MethodText());
        out.push_back(' ');
        out.append(edits.request_uri);
        out.push_back(' ');
        out.append(request.Version());
    }
    out.append("\r\nVia: ");
    out.append(edits.via);
    out.append("\r\n");
    if (!edits.record_route.empty()) {
        out.append("Record-Route: ");
        out.append(edits.record_route);
        out.append("\r\n");
    }
    size_t routes_to_remove = (edits.remove_top_route ? 1 : 0) + (edits.remove_second_route ? 1 : 0);
    bool mf_done = !edits.decrement_max_forwards;
    bool via_done = false;
    for (const HeaderField& f : request.Headers()) {
        if (!via_done && f.type == HeaderType::VIA) {
            via_done = true;
            AppendStampedViaLine(out, f, request);
            continue;
        }
        if (routes_to_remove > 0 && f.type == HeaderType::ROUTE) {
            routes_to_remove -= std::min(routes_to_remove, AppendWithoutFirstValues(out, f, routes_to_remove));
            continue;
        }
        if (!mf_done && f.type == HeaderType::MAX_FORWARDS) {
            mf_done = true;
            const uint32_t mf = request.MaxForwards().value_or(1);
            out.append("Max-Forwards: ");
            AppendNumber(out, mf > 0 ? mf - 1 : 0);
            out.append("\r\n");
            continue;
        }
        if (!edits.consumed_credentials_realm.empty() && f.type == HeaderType::PROXY_AUTHORIZATION) {
            const auto header = ParseAuthHeader(f.value);
            const auto credentials = header ? ParseDigestCredentials(*header) : std::nullopt;
            if (credentials && credentials->realm == edits.consumed_credentials_realm) continue;
        }
        AppendLine(out, f.line);
    }
    if (!mf_done) out.append("Max-Forwards: 70\r\n");
    AppendBody(out, request);
    return out;
}

std::optional<std::string> BuildUpstreamResponse(const SipMessage& response)
{
    if (!response.FindHeader(HeaderType::VIA)) return std::nullopt;
    std::string out;
    out.reserve(response.Raw().size());
    out.append(response.StartLine());
    out.append("\r\n");
    bool via_done = false;
    for (const HeaderField& f : response.Headers()) {
        if (!via_done && f.type == HeaderType::VIA) {
            via_done = true;
            AppendWithoutFirstValues(out, f);
            continue;
        }
        AppendLine(out, f.line);
    }
    AppendBody(out, response);
    return out;
}

} // namespace sip
