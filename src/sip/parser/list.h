// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_PARSER_LIST_H
#define DOTS_SIP_PARSER_LIST_H

/**
 * Comma-separated header values: the allocation-free ListSplitter, token lists (Supported,
 * Require, Allow) and the Event header.
 */

#include <sip/parser/params.h>

#include <optional>
#include <string_view>
#include <vector>

namespace sip {

/**
 * Splits a header value at top-level commas: commas inside quoted strings (with \" escapes)
 * and inside <...> do not split. Items come back trimmed of LWS. An empty item (",,", a
 * leading or trailing comma), an unterminated quote or an unclosed "<" make Next() return
 * false with Failed() true. Views point into the value. No allocation.
 *
 *   ListSplitter split{value};
 *   std::string_view item;
 *   while (split.Next(item)) Use(item);
 *   if (split.Failed()) Reject();
 */
class ListSplitter
{
public:
    explicit ListSplitter(std::string_view value) : m_value{value} {}
    [[nodiscard]] bool Next(std::string_view& item);
    bool Failed() const { return m_failed; }

private:
    std::string_view m_value;
    size_t m_pos{0};
    bool m_done{false};
    bool m_failed{false};
};

/** Parses a comma-separated list of tokens (Require, Supported, Allow, Allow-Events, ...).
 *  An empty (or all-LWS) value is an empty list, as RFC 3261 25 allows for Supported and
 *  Allow. Returns nullopt on an empty item (",,", a leading or trailing comma) or a non-token
 *  item. */
std::optional<std::vector<std::string_view>> ParseTokenList(std::string_view value);

/** Event (RFC 6665): event-type *( SEMI event-param ), with the id parameter broken out. */
struct Event {
    std::string_view package; // e.g. "presence", "dialog.winfo"
    std::string_view id;      // "" when absent
    HeaderParams params;
};

std::optional<Event> ParseEvent(std::string_view value);

} // namespace sip

#endif // DOTS_SIP_PARSER_LIST_H
