// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <crypto/bech32.h>
#include <primitives/address.h>
#include <test/fuzz/fuzz.h>

#include <string>

namespace {
std::string Lower(std::string_view s)
{
    std::string out{s};
    for (auto& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}
} // namespace

// Untrusted address text (RPC arguments, config): never crash; whatever decodes re-encodes to
// the lower-cased input, and a string is an address on at most one network.
FUZZ_TARGET(address_decode)
{
    const std::string_view str{reinterpret_cast<const char*>(buffer.data()), buffer.size()};

    const auto raw = bech32::Decode(str);
    if (raw) {
        const auto again = bech32::Encode(raw.encoding, raw.hrp, raw.data);
        if (!again || *again != Lower(str)) Violated("bech32 round trip");
    }

    int networks = 0;
    for (const auto hrp : {ADDRESS_HRP_MAIN, ADDRESS_HRP_TEST, ADDRESS_HRP_REGTEST}) {
        const auto dec = DecodeAddress(str, hrp);
        if (!dec) continue;
        ++networks;
        if (!raw || raw.encoding != bech32::Encoding::BECH32M) Violated("address accepted without bech32m");
        if (EncodeAddress(dec.lock, hrp) != Lower(str)) Violated("address round trip");
    }
    if (networks > 1) Violated("address valid on two networks");
}
