// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/router/probe_header.h>

#include <util/strencodings.h>

#include <algorithm>
#include <charconv>
#include <span>
#include <utility>

namespace sip {

namespace {

std::string_view Trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

/** Exactly N bytes of hex (either case) into `out`. */
template <size_t N>
bool ParseFixedHex(std::string_view text, std::array<uint8_t, N>& out)
{
    if (text.size() != 2 * N) return false;
    const auto bytes = TryParseHex(text);
    if (!bytes || bytes->size() != N) return false;
    std::copy(bytes->begin(), bytes->end(), out.begin());
    return true;
}

bool ParseEpoch(std::string_view text, uint32_t& out)
{
    if (text.empty() || text.size() > 10) return false;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
    }
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size();
}

/** Calls `fn(name, value)` for each ';'-separated name=value; false on a part without '='. */
template <typename Fn>
bool ForEachParam(std::string_view value, Fn&& fn)
{
    for (std::string_view part : SplitView(value, ';')) {
        const size_t eq = part.find('=');
        if (eq == std::string_view::npos) return false;
        if (!fn(Trim(part.substr(0, eq)), Trim(part.substr(eq + 1)))) return false;
    }
    return true;
}

} // namespace

std::string FormatProbeHeader(const interfaces::ProbeChallenge& c)
{
    return "epoch=" + std::to_string(c.epoch) + ";target=" + HexStr(c.target) + ";prober=" + HexStr(c.prober) + ";sig=" + HexStr(c.sig);
}

std::optional<interfaces::ProbeChallenge> ParseProbeHeader(std::string_view value)
{
    interfaces::ProbeChallenge c;
    bool epoch = false, target = false, prober = false, sig = false;
    const bool ok = ForEachParam(value, [&](std::string_view name, std::string_view v) {
        auto once = [](bool& seen) { return !std::exchange(seen, true); };
        if (name == "epoch") return once(epoch) && ParseEpoch(v, c.epoch);
        if (name == "target") return once(target) && ParseFixedHex(v, c.target);
        if (name == "prober") return once(prober) && ParseFixedHex(v, c.prober);
        if (name == "sig") return once(sig) && ParseFixedHex(v, c.sig);
        return !name.empty(); // unknown parameters are ignored
    });
    if (!ok || !epoch || !target || !prober || !sig) return std::nullopt;
    return c;
}

std::string FormatProbeAnswerHeader(const interfaces::ProbeSig& answer)
{
    return "sig=" + HexStr(answer);
}

std::optional<interfaces::ProbeSig> ParseProbeAnswerHeader(std::string_view value)
{
    interfaces::ProbeSig sig;
    bool seen = false;
    const bool ok = ForEachParam(value, [&](std::string_view name, std::string_view v) {
        if (name == "sig") return !std::exchange(seen, true) && ParseFixedHex(v, sig);
        return !name.empty();
    });
    if (!ok || !seen) return std::nullopt;
    return sig;
}

} // namespace sip
