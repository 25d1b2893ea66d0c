// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/transaction/messages.h>

#include <sip/parser/chars.h>

#include <string>

namespace sip {
namespace {

constexpr char SEP = '\x01';

void AppendLower(std::string& out, std::string_view text)
{
    for (char c : text) out.push_back(chars::ToLower(c));
}

void AppendLines(std::string& out, const SipMessage& msg, HeaderType type)
{
    for (const HeaderField& h : msg.Headers()) {
        if (h.type != type) continue;
        out.append(h.line);
        out.append("\r\n");
    }
}

void AppendLine(std::string& out, const SipMessage& msg, HeaderType type)
{
    if (const HeaderField* h = msg.FindHeader(type)) {
        out.append(h->line);
        out.append("\r\n");
    }
}

/** Request line, top Via, Route, From, Call-ID (the parts ACK and CANCEL share). */
void AppendCommon(std::string& out, std::string_view method, const SipMessage& request)
{
    out.append(method);
    out.push_back(' ');
    out.append(request.RequestUriText());
    out.append(" SIP/2.0\r\nVia: ");
    if (const Via* via = request.TopVia()) out.append(via->text);
    out.append("\r\n");
    AppendLines(out, request, HeaderType::ROUTE);
    AppendLine(out, request, HeaderType::FROM);
    AppendLine(out, request, HeaderType::CALL_ID);
}

void AppendCSeqAndEnd(std::string& out, const SipMessage& request, std::string_view method)
{
    const CSeq* cseq = request.CSeqHeader();
    out.append("CSeq: ");
    out.append(std::to_string(cseq ? cseq->number : 0));
    out.push_back(' ');
    out.append(method);
    out.append("\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
}

} // namespace

bool ServerKey(const SipMessage& request, std::string& out, std::string_view method)
{
    out.clear();
    const Via* via = request.TopVia();
    const CSeq* cseq = request.CSeqHeader();
    if (!via || !cseq) return false;
    if (method.empty()) method = request.MethodText();
    if (method == "ACK") method = "INVITE";
    if (via->HasRfc3261Branch()) {
        out.push_back('3');
        out.append(method);
        out.push_back(SEP);
        out.append(via->branch);
        out.push_back(SEP);
        AppendLower(out, via->host);
        out.push_back(':');
        out.append(std::to_string(via->port.value_or(0)));
        return true;
    }
    // RFC 2543: no usable branch. The INVITE, its ACK and its CANCEL share all of these (the
    // ACK's To tag is not compared: the transaction layer does not need it to absorb ACKs).
    out.push_back('2');
    out.append(method);
    out.push_back(SEP);
    out.append(request.RequestUriText());
    out.push_back(SEP);
    if (const NameAddr* from = request.From()) out.append(from->Tag());
    out.push_back(SEP);
    out.append(request.CallId());
    out.push_back(SEP);
    out.append(std::to_string(cseq->number));
    out.push_back(SEP);
    out.append(via->text);
    return true;
}

bool ClientKey(const SipMessage& message, std::string& out)
{
    out.clear();
    const Via* via = message.TopVia();
    const CSeq* cseq = message.CSeqHeader();
    if (!via || !cseq || via->branch.empty()) return false;
    out.append(via->branch);
    out.push_back(SEP);
    out.append(cseq->method_text);
    return true;
}

std::string BuildAck(const SipMessage& request, const SipMessage& response)
{
    std::string out;
    out.reserve(512);
    AppendCommon(out, "ACK", request);
    AppendLine(out, response, HeaderType::TO);
    AppendCSeqAndEnd(out, request, "ACK");
    return out;
}

std::string BuildCancel(const SipMessage& request)
{
    std::string out;
    out.reserve(512);
    AppendCommon(out, "CANCEL", request);
    AppendLine(out, request, HeaderType::TO);
    AppendCSeqAndEnd(out, request, "CANCEL");
    return out;
}

std::optional<uint16_t> ResponseStatus(std::string_view bytes)
{
    if (bytes.size() < 12 || bytes.substr(0, 8) != "SIP/2.0 ") return std::nullopt;
    uint16_t code = 0;
    for (size_t i = 8; i < 11; ++i) {
        if (bytes[i] < '0' || bytes[i] > '9') return std::nullopt;
        code = static_cast<uint16_t>(code * 10 + (bytes[i] - '0'));
    }
    if (code < 100 || code > 699 || bytes[11] != ' ') return std::nullopt;
    return code;
}

} // namespace sip
