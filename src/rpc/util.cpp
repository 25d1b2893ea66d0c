// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <rpc/util.h>

#include <util/format.h>
#include <util/strencodings.h>

#include <set>

namespace {
const char* TypeName(RPCArgType type)
{
    switch (type) {
    case RPCArgType::STR: return "string";
    case RPCArgType::STR_HEX: return "string";
    case RPCArgType::NUM: return "numeric";
    case RPCArgType::AMOUNT: return "numeric or string";
    case RPCArgType::BOOL: return "boolean";
    case RPCArgType::OBJ: return "json object";
    case RPCArgType::ARR: return "json array";
    case RPCArgType::ANY: return "any";
    }
    return "any";
}

const char* JsonTypeName(const UniValue& v)
{
    switch (v.getType()) {
    case UniValue::VNULL: return "null";
    case UniValue::VOBJ: return "object";
    case UniValue::VARR: return "array";
    case UniValue::VSTR: return "string";
    case UniValue::VNUM: return "number";
    case UniValue::VBOOL: return "bool";
    }
    return "unknown";
}

std::optional<std::string> CheckType(const RPCArg& arg, const UniValue& value)
{
    bool ok = false;
    const char* expected = "";
    switch (arg.type) {
    case RPCArgType::STR: ok = value.isStr(); expected = "string"; break;
    case RPCArgType::STR_HEX:
        ok = value.isStr() && TryParseHex(value.get_str()).has_value();
        expected = "hex string";
        break;
    case RPCArgType::NUM:
        ok = value.isNum() && ParseInt64(value.getValStr()).has_value();
        expected = "integer";
        break;
    case RPCArgType::AMOUNT: ok = value.isNum() || value.isStr(); expected = "number or string"; break;
    case RPCArgType::BOOL: ok = value.isBool(); expected = "bool"; break;
    case RPCArgType::OBJ: ok = value.isObject(); expected = "object"; break;
    case RPCArgType::ARR: ok = value.isArray(); expected = "array"; break;
    case RPCArgType::ANY: ok = true; break;
    }
    if (ok) return std::nullopt;
    return StrFormat("JSON value of type %s for argument %s is not of expected type %s", JsonTypeName(value),
                     arg.name.c_str(), expected);
}
} // namespace

std::string RPCUsageLine(const RPCMethod& method)
{
    std::string line = method.name;
    bool in_optional = false;
    for (const auto& arg : method.args) {
        std::string shown = arg.type == RPCArgType::STR || arg.type == RPCArgType::STR_HEX ? "\"" + arg.name + "\"" : arg.name;
        if (arg.optional && !in_optional) {
            line += " (";
            in_optional = true;
        }
        line += " " + shown;
    }
    if (in_optional) line += " )";
    return line;
}

std::string RPCHelpText(const RPCMethod& method, int rpc_port)
{
    std::string out = RPCUsageLine(method) + "\n\n" + method.description + "\n";
    if (!method.args.empty()) {
        out += "\nArguments:\n";
        for (size_t i = 0; i < method.args.size(); ++i) {
            const RPCArg& arg = method.args[i];
            std::string req = arg.optional ? (arg.default_hint.empty() ? "optional" : "optional, default=" + arg.default_hint) : "required";
            out += StrFormat("%zu. %s    (%s, %s) %s\n", i + 1, arg.name.c_str(), TypeName(arg.type), req.c_str(), arg.description.c_str());
        }
    }
    out += "\nResult:\n" + (method.result.empty() ? std::string{"null    (json null)"} : method.result) + "\n";
    out += "\nExamples:\n";
    std::vector<std::string> examples = method.examples;
    if (examples.empty()) examples.push_back("");
    for (const auto& ex : examples) {
        out += "> dots-cli " + method.name + (ex.empty() ? "" : " " + ex) + "\n";
    }
    for (const auto& ex : examples) {
        out += StrFormat("> curl --user myusername --data-binary '{\"jsonrpc\": \"2.0\", \"id\": \"curltest\", "
                         "\"method\": \"%s\", \"params\": [%s]}' -H 'content-type: application/json' http://127.0.0.1:%d/\n",
                         method.name.c_str(), ex.c_str(), rpc_port);
    }
    return out;
}

std::variant<UniValue, RPCError> CheckRPCParams(const RPCMethod& method, const UniValue& params, int rpc_port)
{
    UniValue positional{UniValue::VARR};
    if (params.isObject()) {
        // Named parameters: place each by the argument table; unknown or duplicate names are errors.
        std::set<std::string> seen;
        const auto& keys = params.getKeys();
        const auto& values = params.getValues();
        std::vector<UniValue> slots(method.args.size());
        std::vector<bool> filled(method.args.size(), false);
        for (size_t k = 0; k < keys.size(); ++k) {
            if (!seen.insert(keys[k]).second) {
                return RPCError{RPC_INVALID_PARAMETER, "Parameter " + keys[k] + " specified multiple times"};
            }
            size_t pos = 0;
            while (pos < method.args.size() && method.args[pos].name != keys[k]) ++pos;
            if (pos == method.args.size()) return RPCError{RPC_INVALID_PARAMETER, "Unknown named parameter " + keys[k]};
            slots[pos] = values[k];
            filled[pos] = true;
        }
        size_t last = 0;
        for (size_t i = 0; i < filled.size(); ++i) {
            if (filled[i]) last = i + 1;
        }
        for (size_t i = 0; i < last; ++i) positional.push_back(slots[i]);
    } else {
        positional = params;
    }

    if (positional.size() > method.args.size()) {
        return RPCError{RPC_MISC_ERROR, RPCHelpText(method, rpc_port)};
    }
    for (size_t i = 0; i < method.args.size(); ++i) {
        const bool present = i < positional.size() && !positional[i].isNull();
        if (!present) {
            if (!method.args[i].optional) {
                // Missing a required argument: Bitcoin Core answers with the help text.
                if (i >= positional.size()) return RPCError{RPC_MISC_ERROR, RPCHelpText(method, rpc_port)};
                return RPCError{RPC_INVALID_PARAMETER, "Missing required argument " + method.args[i].name};
            }
            continue;
        }
        if (auto err = CheckType(method.args[i], positional[i])) return RPCError{RPC_TYPE_ERROR, *err};
    }
    UniValue out{UniValue::VARR};
    for (size_t i = 0; i < method.args.size(); ++i) out.push_back(i < positional.size() ? positional[i] : NullUniValue);
    return out;
}

int64_t ParamInt(const UniValue& params, size_t index, int64_t default_value)
{
    if (index >= params.size() || params[index].isNull()) return default_value;
    return params[index].get_int64();
}

std::string ParamStr(const UniValue& params, size_t index, const std::string& default_value)
{
    if (index >= params.size() || params[index].isNull()) return default_value;
    return params[index].get_str();
}

bool ParamBool(const UniValue& params, size_t index, bool default_value)
{
    if (index >= params.size() || params[index].isNull()) return default_value;
    return params[index].get_bool();
}
