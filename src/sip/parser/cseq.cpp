// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/parser/cseq.h>

#include <sip/parser/chars.h>
#include <sip/parser/limits.h>

namespace sip {

std::optional<CSeq> ParseCSeq(std::string_view value)
{
    value = chars::TrimLws(value);
    const size_t digits = chars::SpanOf(value, 0, chars::DIGIT);
    const auto number = chars::ParseDecimal(value.substr(0, digits), MAX_CSEQ);
    if (!number) return std::nullopt;
    if (digits >= value.size() || !chars::IsLws(value[digits])) return std::nullopt;
    const std::string_view method = chars::TrimLws(value.substr(digits));
    if (!chars::IsTokenString(method)) return std::nullopt;
    CSeq out;
    out.number = static_cast<uint32_t>(*number);
    out.method_text = method;
    out.method = MethodFromToken(method);
    return out;
}

std::optional<uint32_t> ParseMaxForwards(std::string_view value)
{
    const auto v = chars::ParseDecimal(chars::TrimLws(value), MAX_MAX_FORWARDS);
    if (!v) return std::nullopt;
    return static_cast<uint32_t>(*v);
}

std::optional<uint32_t> ParseDeltaSeconds(std::string_view value)
{
    const auto v = chars::ParseDecimal(chars::TrimLws(value), MAX_DELTA_SECONDS);
    if (!v) return std::nullopt;
    return static_cast<uint32_t>(*v);
}

std::optional<uint32_t> ParseContentLength(std::string_view value)
{
    const auto v = chars::ParseDecimal(chars::TrimLws(value), MAX_MESSAGE_SIZE);
    if (!v) return std::nullopt;
    return static_cast<uint32_t>(*v);
}

bool IsValidCallId(std::string_view value)
{
    const size_t at = value.find('@');
    if (at == std::string_view::npos) return chars::AllOf(value, chars::WORD);
    return chars::AllOf(value.substr(0, at), chars::WORD) && chars::AllOf(value.substr(at + 1), chars::WORD);
}

} // namespace sip
