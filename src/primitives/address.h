// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_PRIMITIVES_ADDRESS_H
#define DOTS_PRIMITIVES_ADDRESS_H

/**
 * DOTS addresses: Bech32m (BIP350) strings encoding an output lock.
 *
 *   address := hrp "1" data checksum
 *   data    := lock_type (one 5-bit value, like a segwit witness version) || 32-byte program
 *              regrouped into 5-bit values (52 characters)
 *
 * Human-readable prefixes, one per network, so an address for one network is never accepted
 * on another:
 *   "dots"  main network      e.g. dots1q...
 *   "tdots" test network
 *   "rdots" regression test network (regtest)
 *
 * Lock types: 0 = KEY_HASH (default: receives to KeyHash(x-only key)), 1 = KEY (pays to the
 * x-only key directly). Always Bech32m — unlike Bitcoin's v0, there is no Bech32 address.
 * Decoding is strict: the expected prefix only, Bech32m only, all-lower or all-upper case,
 * a known lock type, exactly 32 program bytes, zero padding. All functions are pure and
 * thread-safe.
 */

#include <primitives/transaction.h>

#include <optional>
#include <string>
#include <string_view>

inline constexpr std::string_view ADDRESS_HRP_MAIN = "dots";
inline constexpr std::string_view ADDRESS_HRP_TEST = "tdots";
inline constexpr std::string_view ADDRESS_HRP_REGTEST = "rdots";

/** The address for `lock` on the network with prefix `hrp` (one of the constants above). */
std::string EncodeAddress(const OutputLock& lock, std::string_view hrp);

enum class AddressError {
    OK,
    BAD_ENCODING,   //!< not a valid Bech32m string (bad character, case, length or checksum)
    NOT_BECH32M,    //!< a valid Bech32 (BIP173) checksum: not a DOTS address
    WRONG_NETWORK,  //!< a valid string for another prefix
    BAD_LOCK_TYPE,  //!< unknown lock type
    BAD_PROGRAM,    //!< program not exactly 32 bytes, or non-zero padding bits
};

/** Human-readable message for an AddressError (for RPC replies). */
std::string_view AddressErrorString(AddressError err);

struct AddressDecodeResult {
    AddressError error{AddressError::OK};
    OutputLock lock;  //!< valid only when error == OK
    explicit operator bool() const { return error == AddressError::OK; }
};

/** Decodes `address` for the network with prefix `expected_hrp`. */
AddressDecodeResult DecodeAddress(std::string_view address, std::string_view expected_hrp);

#endif // DOTS_PRIMITIVES_ADDRESS_H
