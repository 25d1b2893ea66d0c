// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <rpc/method.h>

#include <rpc/amount.h>
#include <rpc/help.h>

#include <set>

namespace rpc {

namespace {
bool IsIdentifier(const std::string& name)
{
    if (name.empty()) return false;
    for (char c : name) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    }
    return true;
}

/** Named params to positional ones (Bitcoin Core's transformNamedArguments): holes between given
 *  arguments become null, trailing omitted ones are left out. */
std::variant<UniValue, RPCError> NamedToPositional(const RPCMethod& method, const UniValue& named)
{
    const std::vector<std::string>& keys = named.getKeys();
    const std::vector<UniValue>& values = named.getValues();
    std::set<std::string> seen;
    for (const std::string& key : keys) {
        if (!seen.insert(key).second) return RPCError{RPC_INVALID_PARAMETER, "Parameter " + key + " specified multiple times"};
    }
    for (const std::string& key : keys) {
        bool known = false;
        for (const RPCArg& arg : method.args) known = known || arg.name == key;
        if (!known) return RPCError{RPC_INVALID_PARAMETER, "Unknown named parameter " + key};
    }
    UniValue positional{UniValue::VARR};
    size_t hole = 0;
    for (const RPCArg& arg : method.args) {
        size_t k = 0;
        while (k < keys.size() && keys[k] != arg.name) ++k;
        if (k == keys.size()) {
            ++hole;
            continue;
        }
        for (; hole > 0; --hole) positional.push_back(NullUniValue);
        positional.push_back(values[k]);
    }
    return positional;
}

/** How many leading arguments a call must give: up to the last required one. */
size_t RequiredCount(const RPCMethod& method)
{
    for (size_t n = method.args.size(); n > 0; --n) {
        if (!method.args[n - 1].IsOptional()) return n;
    }
    return 0;
}

RPCInternalBug WrongConversion(const RPCMethod& method, const RPCArg& arg, const char* cpp_type)
{
    return RPCInternalBug{"method " + method.name + " reads argument " + arg.name + " of type " + arg.TypeName() + " as " + cpp_type};
}
} // namespace

std::pair<const RPCArg*, const UniValue*> RPCArgs::Lookup(std::string_view name, bool maybe) const
{
    for (size_t i = 0; i < m_method.args.size(); ++i) {
        const RPCArg& arg = m_method.args[i];
        if (arg.name != name) continue;
        const bool has_value_default = arg.DefaultValue() != nullptr;
        const bool required = !arg.IsOptional();
        if (maybe && (required || has_value_default)) {
            throw RPCInternalBug{"method " + m_method.name + " reads argument " + arg.name + " with MaybeArg, but it is required or has a default: use Arg"};
        }
        if (!maybe && !required && !has_value_default) {
            throw RPCInternalBug{"method " + m_method.name + " reads argument " + arg.name + " with Arg, but it has no default: use MaybeArg"};
        }
        const UniValue& value = m_params[i];
        if (value.isNull() && has_value_default) return {&arg, arg.DefaultValue()};
        return {&arg, &value};
    }
    throw RPCInternalBug{"method " + m_method.name + " has no argument " + std::string{name}};
}

template <>
std::string RPCArgs::Convert<std::string>(const RPCArg& arg, const UniValue& value) const
{
    if (arg.type != RPCArg::Type::STR && arg.type != RPCArg::Type::STR_HEX) throw WrongConversion(m_method, arg, "std::string");
    return value.get_str();
}

template <>
int64_t RPCArgs::Convert<int64_t>(const RPCArg& arg, const UniValue& value) const
{
    switch (arg.type) {
    case RPCArg::Type::NUM: return value.get_int64();
    case RPCArg::Type::NUM_OR_BOOL: return value.isBool() ? (value.get_bool() ? 1 : 0) : value.get_int64();
    case RPCArg::Type::AMOUNT: {
        const auto amount = AmountFromValue(value);
        if (const auto* error = std::get_if<RPCError>(&amount)) throw RPCInternalBug{"unchecked amount: " + error->message};
        return std::get<CAmount>(amount);
    }
    default: throw WrongConversion(m_method, arg, "int64_t");
    }
}

template <>
bool RPCArgs::Convert<bool>(const RPCArg& arg, const UniValue& value) const
{
    switch (arg.type) {
    case RPCArg::Type::BOOL: return value.get_bool();
    case RPCArg::Type::NUM_OR_BOOL: return value.isBool() ? value.get_bool() : value.get_int64() != 0;
    default: throw WrongConversion(m_method, arg, "bool");
    }
}

template <>
UniValue RPCArgs::Convert<UniValue>(const RPCArg&, const UniValue& value) const
{
    return value;
}

namespace {
/** CheckRPCParams without the content checks: named mapping, count and JSON types. */
std::variant<UniValue, RPCError> CheckRPCParamTypes(const RPCMethod& method, const UniValue& params, int rpc_port)
{
    UniValue positional = params;
    if (params.isObject()) {
        auto mapped = NamedToPositional(method, params);
        if (auto* error = std::get_if<RPCError>(&mapped)) return *error;
        positional = std::move(std::get<UniValue>(mapped));
    }
    if (positional.size() > method.args.size() || positional.size() < RequiredCount(method)) {
        return RPCError{RPC_MISC_ERROR, RPCHelpText(method, rpc_port)};
    }
    while (positional.size() < method.args.size()) positional.push_back(NullUniValue);

    UniValue mismatches{UniValue::VOBJ};
    for (size_t i = 0; i < method.args.size(); ++i) {
        if (auto message = method.args[i].TypeMismatch(positional[i])) {
            mismatches.pushKV("Position " + std::to_string(i + 1) + " (" + method.args[i].name + ")", *message);
        }
    }
    if (!mismatches.empty()) return RPCError{RPC_TYPE_ERROR, "Wrong type passed:\n" + mismatches.write(4)};
    return positional;
}
} // namespace

std::variant<UniValue, RPCError> CheckRPCParams(const RPCMethod& method, const UniValue& params, int rpc_port)
{
    auto checked = CheckRPCParamTypes(method, params, rpc_port);
    if (const UniValue* positional = std::get_if<UniValue>(&checked)) {
        for (size_t i = 0; i < method.args.size(); ++i) {
            if ((*positional)[i].isNull()) continue;
            if (auto error = method.args[i].CheckValue((*positional)[i])) return *error;
        }
    }
    return checked;
}

std::optional<std::string> RPCDeclarationError(const RPCMethod& method)
{
    if (!IsIdentifier(method.name)) return "method name \"" + method.name + "\" is not [a-z0-9_]+";
    if (method.category.empty()) return method.name + ": no category";
    if (!method.handler) return method.name + ": no handler";
    std::set<std::string> names;
    bool seen_optional = false;
    for (const RPCArg& arg : method.args) {
        const std::string where = method.name + " argument " + arg.name;
        if (!IsIdentifier(arg.name)) return where + ": name is not [a-z0-9_]+";
        if (!names.insert(arg.name).second) return where + ": declared twice";
        if (seen_optional && !arg.IsOptional()) return where + ": required after an optional argument";
        seen_optional = seen_optional || arg.IsOptional();
        if (const UniValue* value = arg.DefaultValue()) {
            if (value->isNull()) return where + ": null default (use Optional::OMITTED)";
            if (auto message = arg.TypeMismatch(*value)) return where + ": default: " + *message;
            if (auto error = arg.CheckValue(*value)) return where + ": default: " + error->message;
        }
    }
    for (const std::string& example : method.examples) {
        UniValue params;
        if (!params.read("[" + example + "]")) return method.name + " example (" + example + "): not JSON";
        // Placeholders such as "<txid>" are fine in examples: only count and JSON types are checked.
        const auto checked = CheckRPCParamTypes(method, params, 0);
        if (const auto* error = std::get_if<RPCError>(&checked)) {
            std::string message = error->code == RPC_MISC_ERROR ? "wrong number of arguments" : error->message;
            for (char& c : message) c = c == '\n' ? ' ' : c;
            return method.name + " example (" + example + "): " + message;
        }
    }
    return std::nullopt;
}

} // namespace rpc
