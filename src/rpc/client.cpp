// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <rpc/client.h>

#include <util/format.h>

#include <set>

namespace rpc {

util::Result<UniValue> ParseNonRFCJSONValue(std::string_view text)
{
    // Wrapping the text in an array lets UniValue parse bare scalars ("5", "true", "null")
    // whatever its version accepts at the top level; exactly one element must result.
    UniValue wrapper;
    if (!wrapper.read(StrFormat("[%.*s]", static_cast<int>(text.size()), text.data())) ||
        !wrapper.isArray() || wrapper.size() != 1) {
        return util::Error{StrFormat("Error parsing JSON: %.*s", static_cast<int>(text.size()), text.data())};
    }
    return wrapper[0];
}

bool RPCParamIsJSON(std::string_view method, int index)
{
    for (const RPCConvertParam& p : RPCConvertTable()) {
        if (p.method == method && p.index == index) return true;
    }
    return false;
}

bool RPCParamIsJSON(std::string_view method, std::string_view name)
{
    for (const RPCConvertParam& p : RPCConvertTable()) {
        if (p.method == method && p.name == name) return true;
    }
    return false;
}

util::Result<UniValue> RPCConvertValues(std::string_view method, const std::vector<std::string>& args)
{
    UniValue params(UniValue::VARR);
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (!RPCParamIsJSON(method, static_cast<int>(i))) {
            params.push_back(arg);
            continue;
        }
        auto value = ParseNonRFCJSONValue(arg);
        if (!value) return util::Error{value.error()};
        params.push_back(*value);
    }
    return params;
}

util::Result<UniValue> RPCConvertNamedValues(std::string_view method, const std::vector<std::string>& args)
{
    UniValue params(UniValue::VOBJ);
    std::set<std::string> seen;
    for (const std::string& arg : args) {
        const size_t pos = arg.find('=');
        if (pos == std::string::npos) {
            return util::Error{StrFormat("No '=' in named argument '%s', this needs to be present for every argument (even if it is empty)", arg.c_str())};
        }
        std::string name = arg.substr(0, pos);
        std::string value = arg.substr(pos + 1);
        if (name.empty()) {
            return util::Error{StrFormat("Empty parameter name in named argument '%s'", arg.c_str())};
        }
        if (!seen.insert(name).second) {
            return util::Error{StrFormat("Parameter %s specified multiple times", name.c_str())};
        }
        if (!RPCParamIsJSON(method, name)) {
            params.pushKV(name, value);
            continue;
        }
        auto parsed = ParseNonRFCJSONValue(value);
        if (!parsed) return util::Error{parsed.error()};
        params.pushKV(name, *parsed);
    }
    return params;
}

} // namespace rpc
