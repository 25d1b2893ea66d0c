// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <rpc/arg.h>

#include <rpc/amount.h>
#include <util/format.h>
#include <util/strencodings.h>

namespace rpc {

namespace {
/** The JSON type a value of `type` must have; nullopt where several are allowed. */
std::optional<UniValue::VType> ExpectedType(RPCArg::Type type)
{
    switch (type) {
    case RPCArg::Type::STR:
    case RPCArg::Type::STR_HEX: return UniValue::VSTR;
    case RPCArg::Type::NUM: return UniValue::VNUM;
    case RPCArg::Type::AMOUNT: return std::nullopt; // number or string: CheckValue reports it
    case RPCArg::Type::NUM_OR_BOOL: return std::nullopt;
    case RPCArg::Type::BOOL: return UniValue::VBOOL;
    case RPCArg::Type::OBJ: return UniValue::VOBJ;
    case RPCArg::Type::ARR: return UniValue::VARR;
    }
    return std::nullopt;
}

std::string TypeMessage(const UniValue& value, UniValue::VType expected)
{
    return StrFormat("JSON value of type %s is not of expected type %s", uvTypeName(value.getType()), uvTypeName(expected));
}
} // namespace

std::optional<std::string> RPCArg::TypeMismatch(const UniValue& value) const
{
    if (value.isNull() && IsOptional()) return std::nullopt;
    if (type == Type::NUM_OR_BOOL) {
        if (value.isNum() || value.isBool()) return std::nullopt;
        return TypeMessage(value, UniValue::VNUM);
    }
    const std::optional<UniValue::VType> expected = ExpectedType(type);
    if (!expected || value.getType() == *expected) return std::nullopt;
    return TypeMessage(value, *expected);
}

std::optional<RPCError> RPCArg::CheckValue(const UniValue& value) const
{
    switch (type) {
    case Type::NUM:
    case Type::NUM_OR_BOOL:
        if (value.isNum() && !ParseInt64(value.getValStr())) return RPCError{RPC_TYPE_ERROR, "JSON integer out of range"};
        return std::nullopt;
    case Type::AMOUNT: {
        auto amount = AmountFromValue(value);
        if (auto* error = std::get_if<RPCError>(&amount)) return *error;
        return std::nullopt;
    }
    case Type::STR_HEX:
        if (!TryParseHex(value.get_str())) {
            return RPCError{RPC_INVALID_PARAMETER, StrFormat("%s must be hexadecimal string (not '%s')", name.c_str(), value.get_str().c_str())};
        }
        return std::nullopt;
    case Type::STR:
    case Type::BOOL:
    case Type::OBJ:
    case Type::ARR:
        return std::nullopt;
    }
    return std::nullopt;
}

std::string RPCArg::TypeName() const
{
    switch (type) {
    case Type::STR:
    case Type::STR_HEX: return "string";
    case Type::NUM: return "numeric";
    case Type::AMOUNT: return "numeric or string";
    case Type::BOOL: return "boolean";
    case Type::NUM_OR_BOOL: return "numeric or boolean";
    case Type::OBJ: return "json object";
    case Type::ARR: return "json array";
    }
    return "any";
}

} // namespace rpc
