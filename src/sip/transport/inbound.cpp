// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/transport/inbound.h>

#include <sip/parser/builder.h>
#include <sip/parser/chars.h>

#include <array>

namespace sip {
namespace {

struct Edit {
    size_t begin{0};
    size_t end{0};
    std::string text;
};

} // namespace

bool CanAnswer(const SipMessage& request)
{
    if (!request.IsRequest() || request.MethodText() == "ACK") return false;
    return request.TopVia() != nullptr && request.CSeqHeader() != nullptr && !request.CallId().empty();
}

std::optional<std::string> StampReceived(const SipMessage& request, const SockAddr& source)
{
    const Via* via = request.TopVia();
    if (!via || !source.IsSet()) return std::nullopt;
    const SockAddr src = source.Normalized();
    bool need_received = true;
    if (via->host_type == HostType::IPV4 || via->host_type == HostType::IPV6) {
        if (auto sent_by = SockAddr::FromIp(via->host, 0)) need_received = !sent_by->Normalized().SameIp(src);
    }
    if (via->has_rport) need_received = true; // RFC 3581 4: always with rport
    if (!need_received && !via->has_rport) return std::nullopt;

    const std::string_view raw = request.Raw();
    const size_t via_end = static_cast<size_t>(via->text.data() + via->text.size() - raw.data());
    const std::string ip = src.IpString();
    std::array<Edit, 2> edits;
    size_t n_edits = 0;
    bool have_received = false;
    size_t pos = 0;
    Param p;
    while (via->params.Next(pos, p)) {
        const size_t begin = static_cast<size_t>(p.name.data() - raw.data());
        const std::string_view last = p.has_value ? p.value : p.name;
        const size_t end = static_cast<size_t>(last.data() + last.size() - raw.data());
        if (chars::EqualsNoCase(p.name, "received") && !have_received && n_edits < edits.size()) {
            have_received = true;
            if (!need_received || p.value == ip) continue;
            edits[n_edits++] = {begin, end, "received=" + ip};
        } else if (chars::EqualsNoCase(p.name, "rport") && via->has_rport && !p.has_value && n_edits < edits.size()) {
            edits[n_edits++] = {begin, end, "rport=" + std::to_string(src.Port())};
        }
    }
    if (need_received && !have_received) {
        if (n_edits == edits.size()) return std::nullopt; // cannot happen: at most one rport edit
        edits[n_edits++] = {via_end, via_end, ";received=" + ip};
    }
    if (n_edits == 0) return std::nullopt;
    // Edits come in text order: parameters are scanned left to right, the append is last.

    std::string out;
    out.reserve(raw.size() + 64);
    size_t copied = 0;
    for (size_t i = 0; i < n_edits; ++i) {
        out.append(raw.substr(copied, edits[i].begin - copied));
        out.append(edits[i].text);
        copied = edits[i].end;
    }
    out.append(raw.substr(copied));
    return out;
}

std::string BuildRateLimitReply(const SipMessage& request, uint32_t retry_after_seconds)
{
    const std::string extra = "Retry-After: " + std::to_string(retry_after_seconds) + "\r\n";
    return BuildResponse(request, 503, "Service Unavailable", {}, extra);
}

InboundResult ProcessInbound(ParseResult&& parsed, const SockAddr& source, bool datagram)
{
    InboundResult out;
    out.error = parsed.error;
    if (parsed.error == ParseError::KEEPALIVE || !parsed.message) return out;
    SipMessage& msg = *parsed.message;
    if (out.error == ParseError::OK) out.error = msg.Validate();
    if (out.error != ParseError::OK) {
        const int status = ParseErrorStatus(out.error);
        if (status != 0 && msg.IsRequest() && CanAnswer(msg)) {
            out.reply = BuildResponse(msg, static_cast<uint16_t>(status), ParseErrorReason(out.error));
        }
        return out;
    }
    if (msg.IsRequest()) {
        if (auto stamped = StampReceived(msg, source)) {
            ParseResult again = datagram ? ParseDatagram(*stamped) : ParseStreamMessage(*stamped);
            // The edit only touched via-params the parser just accepted; keep the original if
            // the stamped copy is refused for any reason, rather than losing the request.
            if (again.ok() && again.message && again.message->TopVia()) {
                out.message = std::move(again.message);
                return out;
            }
        }
    }
    out.message = std::move(parsed.message);
    return out;
}

} // namespace sip
