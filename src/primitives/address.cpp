// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <primitives/address.h>

#include <crypto/bech32.h>

#include <cassert>

std::string EncodeAddress(const OutputLock& lock, std::string_view hrp)
{
    std::vector<uint8_t> data{static_cast<uint8_t>(lock.type)};
    assert(data[0] < 32); // lock types are 5-bit values; a larger one is a programmer error
    const auto program = bech32::ConvertBits<8, 5, true>(lock.program);
    data.insert(data.end(), program->begin(), program->end());
    auto str = bech32::Encode(bech32::Encoding::BECH32M, hrp, data);
    assert(str.has_value()); // only fails for an invalid hrp: a programmer error
    return std::move(*str);
}

std::string_view AddressErrorString(AddressError err)
{
    switch (err) {
    case AddressError::OK: return "ok";
    case AddressError::BAD_ENCODING: return "invalid address encoding";
    case AddressError::NOT_BECH32M: return "address uses Bech32, DOTS addresses use Bech32m";
    case AddressError::WRONG_NETWORK: return "address is for a different network";
    case AddressError::BAD_LOCK_TYPE: return "unknown address type";
    case AddressError::BAD_PROGRAM: return "invalid address program";
    }
    return "unknown address error";
}

AddressDecodeResult DecodeAddress(std::string_view address, std::string_view expected_hrp)
{
    auto fail = [](AddressError e) { return AddressDecodeResult{e, {}}; };
    const auto dec = bech32::Decode(address);
    if (!dec) return fail(AddressError::BAD_ENCODING);
    if (dec.hrp != expected_hrp) return fail(AddressError::WRONG_NETWORK);
    if (dec.encoding != bech32::Encoding::BECH32M) return fail(AddressError::NOT_BECH32M);
    if (dec.data.empty()) return fail(AddressError::BAD_PROGRAM);
    const auto type = static_cast<LockType>(dec.data[0]);
    if (!IsKnownLockType(type)) return fail(AddressError::BAD_LOCK_TYPE);
    const auto program = bech32::ConvertBits<5, 8, false>(std::span{dec.data}.subspan(1));
    if (!program || program->size() != 32) return fail(AddressError::BAD_PROGRAM);
    AddressDecodeResult res;
    res.lock.type = type;
    std::copy(program->begin(), program->end(), res.lock.program.begin());
    return res;
}
