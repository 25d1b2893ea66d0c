// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/transport/inbound.h>

#include <sip/parser/builder.h>
#include <sip/parser/chars.h>

#include <array>

namespace sip {
bool CanAnswer(const SipMessage& request)
{
    if (!request.IsRequest() || request.MethodText() == "ACK") return false;
    return request.TopVia() != nullptr && request.CSeqHeader() != nullptr && !request.CallId().empty();
}

bool StampReceived(SipMessage& request, const SockAddr& source)
{
    const Via* via = request.TopVia();
    if (!via || !source.IsSet()) return false;
    const SockAddr src = source.Normalized();
    bool need_received = true;
    if (via->host_type == HostType::IPV4 || via->host_type == HostType::IPV6) {
        if (auto sent_by = SockAddr::FromIp(via->host, 0)) need_received = !sent_by->Normalized().SameIp(src);
    }
    if (via->has_rport) need_received = true; // RFC 3581 4: always with rport
    const bool fill_rport = via->has_rport && !via->rport;
    if (!need_received && !fill_rport) return false;
    const std::string ip = need_received ? src.IpString() : std::string{};
    if (ip == via->received && !fill_rport) return false; // already right
    request.StampTopVia(ip, fill_rport ? std::optional<uint16_t>{src.Port()} : std::nullopt);
    return true;
}

std::string BuildRateLimitReply(const SipMessage& request, uint32_t retry_after_seconds)
{
    const std::string extra = "Retry-After: " + std::to_string(retry_after_seconds) + "\r\n";
    return BuildResponse(request, 503, "Service Unavailable", {}, extra);
}

InboundResult ProcessInbound(ParseResult&& parsed, const SockAddr& source)
{
    InboundResult out;
    out.error = parsed.error;
    if (parsed.error == ParseError::KEEPALIVE || !parsed.message) return out;
    SipMessage& msg = *parsed.message;
    if (out.error == ParseError::OK) out.error = msg.Validate();
    if (out.error != ParseError::OK) {
        const int status = ParseErrorStatus(out.error);
        if (status != 0 && msg.IsRequest() && CanAnswer(msg)) {
            (void)StampReceived(msg, source);
            out.reply = BuildResponse(msg, static_cast<uint16_t>(status), ParseErrorReason(out.error));
        }
        return out;
    }
    if (msg.IsRequest()) (void)StampReceived(msg, source);
    out.message = std::move(parsed.message);
    return out;
}

} // namespace sip
