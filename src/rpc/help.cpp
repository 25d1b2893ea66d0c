// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <rpc/help.h>

#include <rpc/method.h>
#include <util/format.h>

namespace rpc {

namespace {
std::string ArgUsage(const RPCArg& arg)
{
    return arg.IsJSON() ? arg.name : "\"" + arg.name + "\"";
}

std::string ArgRequirement(const RPCArg& arg)
{
    if (!arg.IsOptional()) return "required";
    if (const UniValue* value = arg.DefaultValue()) return "optional, default=" + value->write();
    if (const auto* hint = std::get_if<RPCArg::DefaultHint>(&arg.fallback)) return "optional, default=" + hint->text;
    return "optional";
}

/** A JSON value as one shell word: bare if it has no characters the shell would split or expand. */
std::string ShellWord(const std::string& text)
{
    if (text.find_first_of(" \"'[]{}$`\\*?&|;<>()!#~") == std::string::npos) return text;
    std::string quoted = "'";
    for (char c : text) quoted += c == '\'' ? std::string{"'\\''"} : std::string(1, c);
    return quoted + "'";
}
} // namespace

std::string RPCUsageLine(const RPCMethod& method)
{
    std::string line = method.name;
    bool in_optional = false;
    for (const RPCArg& arg : method.args) {
        if (arg.IsOptional() && !in_optional) {
            line += " (";
            in_optional = true;
        }
        line += " " + ArgUsage(arg);
    }
    if (in_optional) line += " )";
    return line;
}

std::string RPCExampleCliArgs(const RPCMethod& method, const std::string& example)
{
    UniValue params;
    if (!params.read("[" + example + "]")) return example;
    std::string out;
    for (size_t i = 0; i < params.size(); ++i) {
        const bool string_arg = i < method.args.size() && !method.args[i].IsJSON();
        if (!out.empty()) out += " ";
        out += string_arg && params[i].isStr() ? "\"" + params[i].get_str() + "\"" : ShellWord(params[i].write());
    }
    return out;
}

std::string RPCHelpText(const RPCMethod& method, int rpc_port)
{
    std::string out = RPCUsageLine(method) + "\n\n" + method.description + "\n";
    if (!method.args.empty()) {
        out += "\nArguments:\n";
        for (size_t i = 0; i < method.args.size(); ++i) {
            const RPCArg& arg = method.args[i];
            out += StrFormat("%zu. %s    (%s, %s) %s\n", i + 1, arg.name.c_str(), arg.TypeName().c_str(),
                             ArgRequirement(arg).c_str(), arg.description.c_str());
        }
    }
    out += "\nResult:\n" + (method.result.empty() ? std::string{"null    (json null)"} : method.result) + "\n";
    out += "\nExamples:\n";
    std::vector<std::string> examples = method.examples;
    if (examples.empty()) examples.push_back("");
    for (const std::string& example : examples) {
        const std::string args = RPCExampleCliArgs(method, example);
        out += "> dots-cli " + method.name + (args.empty() ? "" : " " + args) + "\n";
    }
    for (const std::string& example : examples) {
        out += StrFormat("> curl --user myusername --data-binary '{\"jsonrpc\": \"2.0\", \"id\": \"curltest\", "
                         "\"method\": \"%s\", \"params\": [%s]}' -H 'content-type: application/json' http://127.0.0.1:%d/\n",
                         method.name.c_str(), example.c_str(), rpc_port);
    }
    return out;
}

} // namespace rpc
