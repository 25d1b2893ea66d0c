// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_RPC_AMOUNT_H
#define DOTS_RPC_AMOUNT_H

// Amounts in JSON as Bitcoin Core writes and reads them: results carry a number with exactly 8
// decimals in DOTS; arguments accept a number or a string ("0.1", 1e-8).

#include <primitives/amount.h>
#include <rpc/request.h>

#include <variant>

#include <univalue.h>

namespace rpc {

/** `amount` units as a JSON number of DOTS with exactly 8 decimals (Bitcoin's ValueFromAmount). */
UniValue ValueFromAmount(CAmount amount);

/**
 * Reads DOTS from a JSON number or string with at most 8 decimals (exponents allowed, as JSON
 * numbers may have them) and returns units. Errors (RPC_TYPE_ERROR, Bitcoin Core's messages):
 * "Amount is not a number or string", "Invalid amount" (not a decimal number, more than 8
 * decimals, too large to represent), "Amount out of range" (negative or above MAX_MONEY).
 */
std::variant<CAmount, RPCError> AmountFromValue(const UniValue& value);

} // namespace rpc

#endif // DOTS_RPC_AMOUNT_H
