// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_ROUTER_PROBE_HEADER_H
#define DOTS_SIP_ROUTER_PROBE_HEADER_H

// The text of the two probe headers (doc/registry.md "Probing protocol"):
//
//   DOTS-Probe: epoch=<decimal>;target=<64 hex>;prober=<64 hex>;sig=<128 hex>
//   DOTS-Probe-Answer: sig=<128 hex>
//
// Formatting writes lower-case hex and the parameters in this order. Parsing accepts them in
// any order with optional spaces or tabs around ';' and '=', upper- or lower-case hex, and
// ignores unknown parameters (so a later version may add some); every known one must appear
// exactly once. No signature is checked here (the node does that). Pure, thread-safe; used by
// the prober (sip/router/probe_sender.h), the target (sip/router/probe_answer.h) and the fuzz
// target test/fuzz/sip_probe_header.cpp.

#include <interfaces/probe.h>

#include <optional>
#include <string>
#include <string_view>

namespace sip {

inline constexpr std::string_view PROBE_HEADER = "DOTS-Probe";
inline constexpr std::string_view PROBE_ANSWER_HEADER = "DOTS-Probe-Answer";

/** The value of a DOTS-Probe header for `challenge`. */
std::string FormatProbeHeader(const interfaces::ProbeChallenge& challenge);
/** Parses a DOTS-Probe value; std::nullopt if a known parameter is missing, repeated or malformed. */
std::optional<interfaces::ProbeChallenge> ParseProbeHeader(std::string_view value);

/** The value of a DOTS-Probe-Answer header. */
std::string FormatProbeAnswerHeader(const interfaces::ProbeSig& answer);
/** Parses a DOTS-Probe-Answer value; std::nullopt unless it holds exactly one valid sig. */
std::optional<interfaces::ProbeSig> ParseProbeAnswerHeader(std::string_view value);

} // namespace sip

#endif // DOTS_SIP_ROUTER_PROBE_HEADER_H
