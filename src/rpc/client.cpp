// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <rpc/client.h>

#include <util/format.h>

#include <set>

namespace {

/** One non-string parameter: the method, its position and its name. */
struct RPCConvertParam {
    std::string_view method;
    int index;
    std::string_view name;
};

/**
 * Parameters sent as JSON rather than as strings. Add one line per non-string parameter when
 * adding an RPC method; methods and parameters not listed here are sent as strings. The
 * Bitcoin-compatible methods keep Bitcoin Core's parameter positions and names so that its
 * client libraries work unchanged.
 */
constexpr RPCConvertParam CONVERT_PARAMS[] = {
    // control
    {"logging", 0, "include"},
    {"logging", 1, "exclude"},
    // blockchain
    {"getblockhash", 0, "height"},
    {"getblock", 1, "verbosity"},
    {"getblockheader", 1, "verbose"},
    {"gettxout", 1, "n"},
    {"gettxout", 2, "include_mempool"},
    {"getrawmempool", 0, "verbose"},
    {"verifychain", 0, "checklevel"},
    {"verifychain", 1, "nblocks"},
    // raw transactions
    {"getrawtransaction", 1, "verbose"},
    {"sendrawtransaction", 1, "maxfeerate"},
    // registry
    {"listhandles", 1, "count"},
    {"listnodes", 0, "count"},
    {"listcallrecords", 0, "from_height"},
    {"listcallrecords", 1, "to_height"},
    {"listcallrecords", 3, "count"},
    {"getrewardinfo", 0, "height"},
    // network
    {"disconnectnode", 1, "nodeid"},
    // mining
    {"generatetoaddress", 0, "nblocks"},
    {"generatetoaddress", 2, "maxtries"},
    {"getblocktemplate", 0, "template_request"},
    {"generateblock", 1, "transactions"},
    {"generateblock", 2, "submit"},
    // wallet
    {"getbalance", 1, "minconf"},
    {"listunspent", 0, "minconf"},
    {"listunspent", 1, "maxconf"},
    {"listunspent", 2, "addresses"},
    {"sendtoaddress", 1, "amount"},
    {"sendtoaddress", 4, "subtractfeefromamount"},
    {"listtransactions", 1, "count"},
    {"listtransactions", 2, "skip"},
    {"walletpassphrase", 1, "timeout"},
    {"createwallet", 1, "disable_private_keys"},
    {"createwallet", 2, "blank"},
};

} // namespace

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
    for (const auto& p : CONVERT_PARAMS) {
        if (p.method == method && p.index == index) return true;
    }
    return false;
}

bool RPCParamIsJSON(std::string_view method, std::string_view name)
{
    for (const auto& p : CONVERT_PARAMS) {
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
