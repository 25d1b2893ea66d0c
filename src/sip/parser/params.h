// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_PARSER_PARAMS_H
#define DOTS_SIP_PARSER_PARAMS_H

/**
 * Header parameters (`;name=value` after a header value): a validating lexer, lookups without
 * allocation, and unquoting of quoted values.
 */

#include <cstddef>
#include <optional>
#include <string_view>

namespace sip {

/** One `name[=value]` parameter. Views into the message buffer. */
struct Param {
    std::string_view name;
    /** The value as written: a quoted string keeps its quotes; empty when there is none. */
    std::string_view value;
    bool has_value{false};
};

/**
 * Header parameters, `*( SEMI generic-param )` with LWS allowed around ";" and "=" (RFC 3261
 * 25.1 SEMI/EQUAL), as in Via, From/To, Contact, Route, Event. Holds a view of the validated
 * text; lookups re-scan it (a handful of parameters, no allocation).
 */
class HeaderParams
{
public:
    HeaderParams() = default;

    /**
     * Validates `text`, which must be empty or start (after LWS) with ";". Values may be a
     * token, a host (including an [IPv6] reference) or a quoted string. Returns nullopt on any
     * syntax error (empty name, ";;", missing value after "=", unterminated quote, junk).
     */
    static std::optional<HeaderParams> Parse(std::string_view text);

    /** Wraps text that the caller has already lexed without error (internal fast path). */
    static HeaderParams FromValidated(std::string_view text) { return HeaderParams{text}; }

    /** First parameter called `name` (case-insensitive), or nullopt. */
    std::optional<Param> Find(std::string_view name) const;
    bool Has(std::string_view name) const { return Find(name).has_value(); }
    /** The raw text as in the message (starts with LWS or ";"; may be empty). */
    std::string_view Text() const { return m_text; }

    /**
     * Iterates: `size_t pos = 0; Param p; while (params.Next(pos, p)) ...`. Only valid on a
     * HeaderParams returned by Parse.
     */
    bool Next(size_t& pos, Param& out) const;

private:
    explicit HeaderParams(std::string_view text) : m_text{text} {}
    std::string_view m_text;
};

/**
 * Lexes one parameter at text[pos] (LWS, ";", LWS, name, [LWS "=" LWS value]). Returns 1 and
 * advances pos when a parameter was read, 0 at the end of text (only LWS left), -1 on a syntax
 * error. Internal helper shared with the auth parser.
 */
int LexHeaderParam(std::string_view text, size_t& pos, Param& out);

/** Removes the quotes and quoted-pair escapes of a quoted string; returns anything else as it is. */
std::string UnquoteValue(std::string_view value);

} // namespace sip

#endif // DOTS_SIP_PARSER_PARAMS_H
