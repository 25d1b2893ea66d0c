// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <rpc/amount.h>

#include <util/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

namespace rpc {

namespace {
constexpr int AMOUNT_DECIMALS = 8;
/** More significant digits than this cannot be an amount (MAX_MONEY has 16). */
constexpr size_t MAX_AMOUNT_DIGITS = 18;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

/**
 * Parses JSON number syntax (-?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?) as a fixed-point value with
 * AMOUNT_DECIMALS decimals. nullopt if the text is not such a number, has more decimals or more
 * than MAX_AMOUNT_DIGITS significant digits.
 */
std::optional<int64_t> ParseFixedPoint(std::string_view text)
{
    size_t pos = 0;
    const bool negative = pos < text.size() && text[pos] == '-';
    if (negative) ++pos;
    std::string digits;
    if (pos < text.size() && text[pos] == '0') {
        digits += text[pos++];
    } else {
        if (pos >= text.size() || !IsDigit(text[pos])) return std::nullopt;
        while (pos < text.size() && IsDigit(text[pos])) digits += text[pos++];
    }
    int64_t point = static_cast<int64_t>(digits.size()); // position of the decimal point in `digits`
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        if (pos >= text.size() || !IsDigit(text[pos])) return std::nullopt;
        while (pos < text.size() && IsDigit(text[pos])) digits += text[pos++];
    }
    if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
        ++pos;
        const bool exp_negative = pos < text.size() && text[pos] == '-';
        if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) ++pos;
        if (pos >= text.size() || !IsDigit(text[pos])) return std::nullopt;
        int64_t exponent = 0;
        while (pos < text.size() && IsDigit(text[pos])) {
            exponent = exponent * 10 + (text[pos++] - '0');
            if (exponent > 1000) return std::nullopt;
        }
        point += exp_negative ? -exponent : exponent;
    }
    if (pos != text.size()) return std::nullopt;

    // Units are the digits up to AMOUNT_DECIMALS places after the point; anything after must be 0.
    const int64_t units_end = point + AMOUNT_DECIMALS;
    for (int64_t i = std::max<int64_t>(units_end, 0); i < static_cast<int64_t>(digits.size()); ++i) {
        if (digits[i] != '0') return std::nullopt;
    }
    int64_t units = 0;
    size_t significant = 0;
    for (int64_t i = 0; i < units_end; ++i) {
        const int digit = i < static_cast<int64_t>(digits.size()) && i >= 0 ? digits[i] - '0' : 0;
        if (significant > 0 || digit != 0) ++significant;
        if (significant > MAX_AMOUNT_DIGITS) return std::nullopt;
        units = units * 10 + digit;
    }
    return negative ? -units : units;
}
} // namespace

UniValue ValueFromAmount(CAmount amount)
{
    const bool negative = amount < 0;
    const uint64_t abs = negative ? -static_cast<uint64_t>(amount) : static_cast<uint64_t>(amount);
    const uint64_t whole = abs / COIN;
    const uint64_t frac = abs % COIN;
    UniValue v;
    v.setNumStr(StrFormat("%s%llu.%08llu", negative ? "-" : "", (unsigned long long)whole, (unsigned long long)frac));
    return v;
}

std::variant<CAmount, RPCError> AmountFromValue(const UniValue& value)
{
    if (!value.isNum() && !value.isStr()) return RPCError{RPC_TYPE_ERROR, "Amount is not a number or string"};
    const std::optional<int64_t> amount = ParseFixedPoint(value.getValStr());
    if (!amount) return RPCError{RPC_TYPE_ERROR, "Invalid amount"};
    if (!MoneyRange(*amount)) return RPCError{RPC_TYPE_ERROR, "Amount out of range"};
    return *amount;
}

} // namespace rpc
