// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The probe headers' parsers (sip/router/probe_header.h): whatever they accept formats back to
// text that parses to the same value, and the endpoint parser never accepts a name.

#include <sip/router/probe_header.h>
#include <sip/router/probe_sender.h>
#include <test/fuzz/fuzz.h>

#include <cassert>
#include <string_view>

FUZZ_TARGET(sip_probe_header)
{
    const std::string_view data{reinterpret_cast<const char*>(buffer.data()), buffer.size()};
    if (const auto c = sip::ParseProbeHeader(data)) {
        const auto again = sip::ParseProbeHeader(sip::FormatProbeHeader(*c));
        assert(again && *again == *c);
        g_fuzz_sink = static_cast<uint8_t>(c->epoch ^ c->sig[0]);
    }
    if (const auto sig = sip::ParseProbeAnswerHeader(data)) {
        assert(sip::ParseProbeAnswerHeader(sip::FormatProbeAnswerHeader(*sig)) == sig);
    }
    if (const auto to = sip::EndpointDestination(data)) {
        assert(to->protocol == sip::Transport::UDP || to->protocol == sip::Transport::TCP || to->protocol == sip::Transport::TLS);
        g_fuzz_sink = static_cast<uint8_t>(to->address.Port());
    }
}
