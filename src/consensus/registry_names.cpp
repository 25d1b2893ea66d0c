// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <consensus/registry_names.h>

#include <algorithm>
#include <cstdint>

namespace consensus {

namespace {


bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLowerAlnum(char c) { return IsDigit(c) || (c >= 'a' && c <= 'z'); }
bool IsNamePunct(char c) { return c == '.' || c == '-' || c == '_'; }

bool AllDigits(std::string_view s)
{
    return std::all_of(s.begin(), s.end(), IsDigit);
}

/** Lower-case DNS name: dot-separated labels of 1-63 [a-z0-9-], not starting or ending with '-'. */
bool IsDnsName(std::string_view name)
{
    if (name.empty()) return false;
    size_t start = 0;
    while (true) {
        const size_t dot = name.find('.', start);
        const std::string_view label = name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (label.empty() || label.size() > 63) return false;
        if (label.front() == '-' || label.back() == '-') return false;
        for (char c : label) {
            if (!IsLowerAlnum(c) && c != '-') return false;
        }
        // The last label (top-level domain) is never all digits (RFC 3696 2): "999.1.1.1" is
        // neither a name nor an address.
        if (dot == std::string_view::npos) return !AllDigits(label);
        start = dot + 1;
    }
}

/** A decimal number without leading zeros (a lone "0" allowed) and at most `max` in value. */
std::optional<uint32_t> ParseCanonicalDecimal(std::string_view s, uint32_t max)
{
    if (s.empty() || s.size() > 5 || !AllDigits(s)) return std::nullopt;
    if (s.size() > 1 && s.front() == '0') return std::nullopt;
    uint32_t v = 0;
    for (char c : s) v = v * 10 + static_cast<uint32_t>(c - '0');
    if (v > max) return std::nullopt;
    return v;
}

// The address checks below are consensus code's own strict copy, apart from util's IP parser
// (util/netaddress.h) on purpose: whether a node's endpoint is valid decides whether a block is
// valid, so these rules must never change with an edit made for options, RPC or SIP. They are
// also stricter than util's: no leading zeros, lower-case hex only, no zone, one text per address.

/** Dotted-quad IPv4 with each part 0-255 and no leading zeros. */
bool IsIPv4(std::string_view s)
{
    int parts = 0;
    size_t start = 0;
    while (true) {
        const size_t dot = s.find('.', start);
        const std::string_view part = s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (!ParseCanonicalDecimal(part, 255)) return false;
        ++parts;
        if (dot == std::string_view::npos) break;
        if (parts == 4) return false;
        start = dot + 1;
    }
    return parts == 4;
}

/**
 * The inside of "[...]" (RFC 4291 2.2 text form, lower case): groups of 1-4 hex digits separated
 * by ':', at most one "::" standing for one or more zero groups, optionally ending in a dotted
 * IPv4 address worth two groups; eight groups in all (fewer only with "::").
 */
bool IsIPv6Literal(std::string_view s)
{
    if (s.size() < 2 || s.size() > 45) return false;
    const size_t gap = s.find("::");
    if (gap != std::string_view::npos && s.find("::", gap + 1) != std::string_view::npos) return false;
    int groups = 0;
    // Counts the groups of one side of the "::" (or of the whole address); false if malformed.
    const auto count = [&](std::string_view side, bool may_end_in_ipv4) {
        if (side.empty()) return true;
        size_t start = 0;
        while (true) {
            const size_t colon = side.find(':', start);
            const std::string_view group = side.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start);
            if (colon == std::string_view::npos && may_end_in_ipv4 && group.find('.') != std::string_view::npos) {
                if (!IsIPv4(group)) return false;
                groups += 2;
                return true;
            }
            if (group.empty() || group.size() > 4) return false;
            for (char c : group) {
                if (!IsDigit(c) && !(c >= 'a' && c <= 'f')) return false;
            }
            ++groups;
            if (colon == std::string_view::npos) return true;
            start = colon + 1;
        }
    };
    if (gap == std::string_view::npos) return count(s, true) && groups == 8;
    return count(s.substr(0, gap), false) && count(s.substr(gap + 2), true) && groups <= 7;
}

bool IsValidTransport(std::string_view t)
{
    return t == "udp" || t == "tcp" || t == "tls" || t == "ws" || t == "wss";
}

} // namespace

HandleClass ClassifyHandle(std::string_view handle)
{
    if (handle.empty()) return HandleClass::INVALID;
    if (handle.front() == '+') {
        const std::string_view digits = handle.substr(1);
        if (digits.size() < 7 || digits.size() > 15 || !AllDigits(digits) || digits.front() == '0') {
            return HandleClass::INVALID;
        }
        return HandleClass::E164;
    }
    if (handle.size() < 3 || handle.size() > MAX_HANDLE_SIZE) return HandleClass::INVALID;
    if (!IsLowerAlnum(handle.front()) || !IsLowerAlnum(handle.back())) return HandleClass::INVALID;
    bool prev_punct = false;
    bool has_letter = false;
    for (char c : handle) {
        const bool punct = IsNamePunct(c);
        if (!punct && !IsLowerAlnum(c)) return HandleClass::INVALID;
        if (punct && prev_punct) return HandleClass::INVALID;
        prev_punct = punct;
        has_letter = has_letter || (c >= 'a' && c <= 'z');
    }
    // All-digit (and digit-and-punctuation) names could be mistaken for national numbers.
    return has_letter ? HandleClass::NAME : HandleClass::INVALID;
}

std::optional<CAmount> HandleFee(std::string_view handle, const RegistryParams& params)
{
    switch (ClassifyHandle(handle)) {
    case HandleClass::INVALID:
    case HandleClass::E164: return std::nullopt;
    case HandleClass::NAME:
        if (handle.size() == 3) return params.fee_name3;
        if (handle.size() == 4) return params.fee_name4;
        if (handle.size() <= 7) return params.fee_name5to7;
        return params.fee_name8plus;
    }
    return std::nullopt;
}

bool IsValidEndpoint(std::string_view endpoint)
{
    if (endpoint.size() > MAX_ENDPOINT_SIZE) return false;
    std::string_view rest;
    if (endpoint.starts_with("sips:")) {
        rest = endpoint.substr(5);
    } else if (endpoint.starts_with("sip:")) {
        rest = endpoint.substr(4);
    } else {
        return false;
    }
    constexpr std::string_view TRANSPORT = ";transport=";
    const size_t t = rest.find(TRANSPORT);
    if (t == std::string_view::npos) return false;
    if (!IsValidTransport(rest.substr(t + TRANSPORT.size()))) return false;
    const std::string_view hostport = rest.substr(0, t);

    std::string_view port;
    if (!hostport.empty() && hostport.front() == '[') {
        const size_t close = hostport.find(']');
        if (close == std::string_view::npos || !IsIPv6Literal(hostport.substr(1, close - 1))) return false;
        const std::string_view after = hostport.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') return false;
            port = after.substr(1);
            if (port.empty()) return false;
        }
    } else {
        const size_t colon = hostport.find(':');
        const std::string_view host = hostport.substr(0, colon);
        if (!IsIPv4(host) && !IsDnsName(host)) return false;
        if (colon != std::string_view::npos) {
            port = hostport.substr(colon + 1);
            if (port.empty()) return false;
        }
    }
    if (!port.empty()) {
        const auto p = ParseCanonicalDecimal(port, 65535);
        if (!p || *p == 0) return false;
    }
    return true;
}

bool IsValidDomain(std::string_view domain)
{
    return domain.size() <= MAX_DOMAIN_SIZE && domain.find('.') != std::string_view::npos && IsDnsName(domain);
}

bool IsValidPrefix(std::string_view prefix)
{
    return prefix.size() >= 2 && prefix.size() <= MAX_PREFIX_SIZE && prefix.front() == '+' && AllDigits(prefix.substr(1));
}

bool IsValidNumberTarget(std::string_view number)
{
    return number.size() >= 2 && number.size() <= 16 && number.front() == '+' && AllDigits(number.substr(1));
}

} // namespace consensus
