// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_RPC_ARG_H
#define DOTS_RPC_ARG_H

// One parameter of an RPC method as its declaration states it (as Bitcoin Core's RPCArg): name,
// JSON type, whether it is required and its default, and the help text. The same object drives
// the type check before the handler runs, the handler's typed access (rpc/method.h), the help
// text (rpc/help.h) and dots-cli's conversion of command-line text into JSON.

#include <rpc/request.h>

#include <optional>
#include <string>
#include <variant>

#include <univalue.h>

namespace rpc {

struct RPCArg {
    /** The JSON type the argument must have; checked before the handler runs. */
    enum class Type {
        STR,         //!< a string
        STR_HEX,     //!< a string of hex digits (checked)
        NUM,         //!< an integer that fits int64_t
        AMOUNT,      //!< DOTS as a number or a string with at most 8 decimals, 0..MAX_MONEY
        BOOL,        //!< true or false
        NUM_OR_BOOL, //!< an integer, or a boolean read as 0/1 (Bitcoin's verbosity arguments)
        OBJ,         //!< a JSON object
        ARR,         //!< a JSON array
    };

    /** Required, or optional without a default (the handler reads it with MaybeArg). */
    enum class Optional { NO, OMITTED };
    /** Optional with a default value: help shows it and the handler's Arg() returns it. */
    using Default = UniValue;
    /** Optional with a default that depends on state ("the tip"): help shows the text, the
     *  handler reads the argument with MaybeArg and works the default out itself. */
    struct DefaultHint {
        std::string text;
    };
    using Fallback = std::variant<Optional, Default, DefaultHint>;

    std::string name;
    Type type;
    Fallback fallback;
    std::string description;

    bool IsOptional() const { return !std::holds_alternative<Optional>(fallback) || std::get<Optional>(fallback) == Optional::OMITTED; }
    /** The declared default value, or nullptr for required args and those without a value. */
    const UniValue* DefaultValue() const { return std::get_if<Default>(&fallback); }
    /** Whether dots-cli sends the command-line text as parsed JSON (every type except the strings). */
    bool IsJSON() const { return type != Type::STR && type != Type::STR_HEX; }

    /**
     * First check of a value the client gave (Bitcoin Core's RPCArg::MatchesType): its JSON type.
     * Null matches an optional argument. Returns nullopt if it matches, else the message that
     * goes into the "Wrong type passed" RPC_TYPE_ERROR, e.g. "JSON value of type string is not of
     * expected type number". AMOUNT accepts any type here (the second check reports it).
     */
    std::optional<std::string> TypeMismatch(const UniValue& value) const;

    /**
     * Second check of a non-null value that passed TypeMismatch: its content. Errors as Bitcoin
     * Core reports them: RPC_TYPE_ERROR "JSON integer out of range" (NUM not an int64 integer),
     * "Amount is not a number or string", "Invalid amount", "Amount out of range" (AMOUNT);
     * RPC_INVALID_PARAMETER "<name> must be hexadecimal string (not '<value>')" (STR_HEX).
     */
    std::optional<RPCError> CheckValue(const UniValue& value) const;

    /** "numeric", "string", "json array", ... as help shows the type. */
    std::string TypeName() const;
};

} // namespace rpc

#endif // DOTS_RPC_ARG_H
