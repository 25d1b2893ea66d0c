// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_RPC_METHOD_H
#define DOTS_RPC_METHOD_H

// The declaration of one RPC method (as Bitcoin Core's RPCHelpMan) and the typed view of its
// arguments that its handler gets. A method is declared once: name, category, description,
// arguments with their types and defaults, result description, examples and handler. The
// dispatcher (rpc/server.h) checks a call against the declaration before the handler runs, help
// (rpc/help.h) is generated from it, and dots-cli's conversion table is generated from all
// declarations at build time (rpc/client.h). doc/developer-notes.md shows how to add a method.

#include <rpc/arg.h>
#include <rpc/request.h>

#include <concepts>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <univalue.h>

namespace rpc {

/** What a handler returns: a result value or an error with a code. */
class [[nodiscard]] RPCResponse
{
public:
    RPCResponse(UniValue result) : m_value{std::move(result)} {}
    RPCResponse(RPCError error) : m_value{std::move(error)} {}

    bool IsError() const { return std::holds_alternative<RPCError>(m_value); }
    const UniValue& Result() const { return std::get<UniValue>(m_value); }
    const RPCError& Error() const { return std::get<RPCError>(m_value); }

private:
    std::variant<UniValue, RPCError> m_value;
};

/**
 * A handler used the argument API wrongly (a name its method does not declare, Arg on an
 * argument without a default, a C++ type that does not fit the declared type): a bug in the
 * handler, not bad input. The dispatcher answers it with RPC_MISC_ERROR "Internal bug detected: ...".
 */
class RPCInternalBug : public std::logic_error
{
public:
    explicit RPCInternalBug(const std::string& what) : std::logic_error{"Internal bug detected: " + what} {}
};

/** The C++ types a handler reads arguments as. */
template <typename T>
concept RPCArgValue = std::same_as<T, std::string> || std::same_as<T, int64_t> || std::same_as<T, bool> ||
                      std::same_as<T, UniValue>;

struct RPCMethod;

/**
 * The arguments of one call, already checked against the method's declaration (count, JSON
 * types, integers, amounts, hex), read by name. Conversions by declared type:
 *  - std::string: STR, STR_HEX;
 *  - int64_t: NUM; AMOUNT (in units, as CAmount); NUM_OR_BOOL (true = 1, false = 0);
 *  - bool: BOOL; NUM_OR_BOOL (non-zero = true);
 *  - UniValue: any type, the JSON value itself (OBJ, ARR).
 * Misuse throws RPCInternalBug (see there). Valid for the duration of the handler call.
 */
class RPCArgs
{
public:
    RPCArgs(const RPCMethod& method, UniValue positional, const JSONRPCRequest& request)
        : m_method{method}, m_params{std::move(positional)}, m_request{request} {}

    /** A required argument, or an optional one with a Default (returned when the client omitted it). */
    template <RPCArgValue T>
    T Arg(std::string_view name) const
    {
        const auto [arg, value] = Lookup(name, /*maybe=*/false);
        return Convert<T>(*arg, *value);
    }

    /** An optional argument without a Default (Optional::OMITTED or DefaultHint): nullopt if omitted or null. */
    template <RPCArgValue T>
    std::optional<T> MaybeArg(std::string_view name) const
    {
        const auto [arg, value] = Lookup(name, /*maybe=*/true);
        if (value->isNull()) return std::nullopt;
        return Convert<T>(*arg, *value);
    }

    /** The call itself: URI, authenticated user and peer (for logs). */
    const JSONRPCRequest& Request() const { return m_request; }
    /** The wallet the client addressed with the URI /wallet/<name>; nullopt for "/". */
    std::optional<std::string> WalletName() const { return WalletNameFromURI(m_request.uri); }

private:
    std::pair<const RPCArg*, const UniValue*> Lookup(std::string_view name, bool maybe) const;
    template <RPCArgValue T>
    T Convert(const RPCArg& arg, const UniValue& value) const;

    const RPCMethod& m_method;
    UniValue m_params; //!< positional, one entry per declared argument (null when omitted)
    const JSONRPCRequest& m_request;
};

template <> std::string RPCArgs::Convert<std::string>(const RPCArg& arg, const UniValue& value) const;
template <> int64_t RPCArgs::Convert<int64_t>(const RPCArg& arg, const UniValue& value) const;
template <> bool RPCArgs::Convert<bool>(const RPCArg& arg, const UniValue& value) const;
template <> UniValue RPCArgs::Convert<UniValue>(const RPCArg& arg, const UniValue& value) const;

using RPCHandler = std::function<RPCResponse(const RPCArgs& args)>;

/** One RPC method, declared once. */
struct RPCMethod {
    std::string name;        //!< lowercase, [a-z0-9_], e.g. "getblockhash"
    std::string category;    //!< "blockchain", "control", "sip", ...: help groups by it
    std::string description; //!< help text below the usage line
    std::vector<RPCArg> args;  //!< in positional order; required ones first
    std::string result;      //!< help text for the result; empty for null
    /**
     * Each example is the JSON text of one params array without its brackets, e.g.
     * R"("alice", 10)" or "" for a call without arguments. Help shows each as a dots-cli command
     * line and a curl call; each must have a valid count and JSON types (RPCDeclarationError).
     */
    std::vector<std::string> examples;
    RPCHandler handler;
};

/**
 * Checks one call's params (a positional array or an object of named params) against the
 * declaration and returns them positional, one entry per declared argument (null where omitted).
 * Errors, as Bitcoin Core reports them:
 *  - RPC_INVALID_PARAMETER "Unknown named parameter <name>", "Parameter <name> specified multiple times";
 *  - RPC_MISC_ERROR with the method's help text for too many or too few arguments;
 *  - RPC_TYPE_ERROR "Wrong type passed:\n{...}" listing every argument of the wrong JSON type;
 *  - the first content error of RPCArg::CheckValue (integers, amounts, hex).
 * `rpc_port` fills the curl example of the help text.
 */
std::variant<UniValue, RPCError> CheckRPCParams(const RPCMethod& method, const UniValue& params, int rpc_port);

/**
 * What is wrong with a declaration, or nullopt: a name that is not [a-z0-9_]+, an empty
 * category, duplicate or badly named arguments, a required argument after an optional one, a
 * Default that fails its argument checks, an example that is not valid JSON or has the wrong
 * number or JSON types of arguments (placeholders such as "<txid>" are fine). RPCTable::Register asserts on it; unit tests check every declared method.
 */
std::optional<std::string> RPCDeclarationError(const RPCMethod& method);

} // namespace rpc

#endif // DOTS_RPC_METHOD_H
