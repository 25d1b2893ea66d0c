// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_PARSER_NAMEADDR_H
#define DOTS_SIP_PARSER_NAMEADDR_H

/**
 * name-addr and addr-spec values with their parameters: From, To, Contact, Route, Record-Route and
 * the like; Contact's expires and q.
 */

#include <sip/parser/params.h>
#include <sip/parser/uri.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sip {

/**
 * `( name-addr / addr-spec ) *( SEMI generic-param )`: the value of From, To, one Contact,
 * Route, Record-Route, Path, Refer-To, Referred-By, P-Asserted-Identity. Views point into
 * the parsed text.
 */
struct NameAddr {
    /** As written: a quoted string with its quotes, or the tokens; empty when absent. */
    std::string_view display_name;
    Uri uri;
    /** Header parameters after the URI (";tag=..;expires=.."). In addr-spec form (no <>)
     *  everything after the first ";" is a header parameter, as RFC 3261 20 requires. */
    HeaderParams params;
    bool bracketed{false};

    /** Value of the tag parameter, or "" when there is none. */
    std::string_view Tag() const;
    /** Display name without quotes and escapes. Allocates. */
    std::string DisplayName() const { return UnquoteValue(display_name); }
};

/**
 * Parses one name-addr/addr-spec with parameters; `text` must be one value (already split at
 * top-level commas for list headers). Rejects: an unterminated quote, non-token characters in
 * an unquoted display name ("Bell, Alexander"), LWS inside <> ("< sip:a@b >"), an addr-spec
 * containing "?" or "," (it must be enclosed in <>), bad URIs and bad parameters.
 */
std::optional<NameAddr> ParseNameAddr(std::string_view text);

/** One Contact value: either "*" or an address with its expires and q parameters. */
struct Contact {
    bool star{false};
    NameAddr address;                 // unset when star
    std::optional<uint32_t> expires;  // expires=delta-seconds
    std::optional<uint16_t> q_milli;  // q=0.5 -> 500 (0..1000)
};

/** Parses one Contact value ("*" or contact-param). Rejects overlarge expires and bad q. */
std::optional<Contact> ParseContact(std::string_view text);

/** Parses a qvalue ("0", "0.5", "1.000") into thousandths. */
std::optional<uint16_t> ParseQValue(std::string_view text);

} // namespace sip

#endif // DOTS_SIP_PARSER_NAMEADDR_H
