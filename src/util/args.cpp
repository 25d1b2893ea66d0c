// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <util/args.h>

#include <util/format.h>
#include <util/strencodings.h>

#include <cassert>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace {
const char* const KNOWN_SECTIONS[] = {"main", "test", "regtest"};

bool IsKnownSection(std::string_view name)
{
    for (const char* s : KNOWN_SECTIONS) {
        if (name == s) return true;
    }
    return false;
}

/** "-foo" or "--foo" → "foo". */
std::string StripDashes(std::string_view name)
{
    while (!name.empty() && name.front() == '-') name.remove_prefix(1);
    return std::string{name};
}

const char* CategoryTitle(OptionsCategory category)
{
    switch (category) {
    case OptionsCategory::OPTIONS: return "Options";
    case OptionsCategory::CONNECTION: return "Connection options";
    case OptionsCategory::SIP: return "SIP router options";
    case OptionsCategory::RPC: return "RPC server options";
    case OptionsCategory::ZMQ: return "ZeroMQ notification options";
    case OptionsCategory::DEBUG_TEST: return "Debugging/Testing options";
    case OptionsCategory::CHAINPARAMS: return "Chain selection options";
    case OptionsCategory::COMMANDS: return "Commands";
    case OptionsCategory::HIDDEN: return "";
    }
    return "";
}
} // namespace

std::optional<bool> ParseBoolValue(std::string_view value)
{
    if (value.empty() || value == "1") return true;
    if (value == "0") return false;
    return std::nullopt;
}

void ArgsManager::AddArg(const std::string& name_with_value, const std::string& help, unsigned flags, OptionsCategory category)
{
    const size_t eq = name_with_value.find('=');
    const std::string name = StripDashes(name_with_value.substr(0, eq));
    LOCK(m_mutex);
    const bool inserted = m_available.emplace(name, ArgInfo{eq == std::string::npos ? "" : name_with_value.substr(eq), help, flags, category}).second;
    assert(inserted); // registering an option twice is a programming error
}

util::Result<void> ArgsManager::CheckAndStore(std::map<std::string, std::vector<Value>>& target, std::string key,
                                              std::optional<std::string> value, const std::string& where)
{
    bool negated = false;
    if (key.starts_with("no") && !m_available.contains(key)) {
        key = key.substr(2);
        negated = true;
    }
    const auto it = m_available.find(key);
    if (it == m_available.end()) {
        return util::Error{StrFormat("Invalid parameter -%s%s", negated ? "no" : "", key.c_str()) + where};
    }
    const unsigned flags = it->second.flags;
    if (negated) {
        // -nofoo and -nofoo=1 negate; -nofoo=0 is a double negative meaning -foo=1.
        const auto b = ParseBoolValue(value.value_or(""));
        if (!b) return util::Error{StrFormat("Negated option -no%s takes no value other than 0 or 1, got '%s'", key.c_str(), value->c_str()) + where};
        target[key].push_back(*b ? Value{} : Value{"1"});
        return {};
    }
    const std::string text = value.value_or("");
    if (!value || text.empty()) {
        if (!(flags & ALLOW_BOOL)) return util::Error{StrFormat("Option -%s requires a value", key.c_str()) + where};
    } else if (!(flags & ALLOW_STRING)) {
        const bool ok_int = (flags & ALLOW_INT) && ParseInt64(text).has_value();
        const bool ok_bool = (flags & ALLOW_BOOL) && ParseBoolValue(text).has_value();
        if (!ok_int && !ok_bool) {
            const char* expected = (flags & ALLOW_INT) ? "an integer" : "0 or 1";
            return util::Error{StrFormat("Invalid value '%s' for -%s: expected %s", text.c_str(), key.c_str(), expected) + where};
        }
    }
    target[key].push_back(text);
    return {};
}

util::Result<void> ArgsManager::ParseParameters(int argc, const char* const argv[])
{
    LOCK(m_mutex);
    m_settings.command_line.clear();
    m_positional.clear();
    for (int i = 1; i < argc; ++i) {
        std::string_view arg{argv[i]};
        if (arg.empty() || arg[0] != '-' || arg == "-") {
            for (int j = i; j < argc; ++j) m_positional.emplace_back(argv[j]);
            break;
        }
        const size_t eq = arg.find('=');
        std::string key = StripDashes(arg.substr(0, eq));
        std::optional<std::string> value;
        if (eq != std::string_view::npos) value = std::string{arg.substr(eq + 1)};
        if (key.empty()) return util::Error{StrFormat("Invalid parameter %s", argv[i])};
        if (auto res = CheckAndStore(m_settings.command_line, std::move(key), std::move(value), ""); !res) return res;
    }
    return {};
}

util::Result<void> ArgsManager::ReadConfigString(std::string_view content, const std::string& source, UnknownConfigKeys unknown)
{
    LOCK(m_mutex);
    std::string section;
    int line_number = 0;
    for (std::string_view raw_line : SplitView(content, '\n')) {
        ++line_number;
        if (const size_t hash = raw_line.find('#'); hash != std::string_view::npos) raw_line = raw_line.substr(0, hash);
        const std::string_view line = TrimView(raw_line);
        if (line.empty()) continue;
        const std::string where = StrFormat(" (%s, line %d)", source.c_str(), line_number);
        if (line.front() == '[') {
            if (line.back() != ']') return util::Error{"Malformed section header '" + std::string{line} + "'" + where};
            section = std::string{TrimView(line.substr(1, line.size() - 2))};
            if (!IsKnownSection(section)) return util::Error{"Unknown section [" + section + "]: use [main], [test] or [regtest]" + where};
            continue;
        }
        const size_t eq = line.find('=');
        if (eq == std::string_view::npos) {
            return util::Error{"Parse error: '" + std::string{line} + "' is not name=value; to negate an option write noname=1" + where};
        }
        std::string key{TrimView(line.substr(0, eq))};
        std::string value{TrimView(line.substr(eq + 1))};
        std::string key_section = section;
        if (const size_t dot = key.find('.'); dot != std::string::npos) {
            key_section = key.substr(0, dot);
            if (!IsKnownSection(key_section)) return util::Error{"Unknown section '" + key_section + "' in option '" + key + "'" + where};
            key = key.substr(dot + 1);
        }
        if (key.empty() || key.front() == '-') return util::Error{"Malformed option name '" + key + "'" + where};
        if (key == "conf" || key == "includeconf") return util::Error{"-" + key + " cannot be set in a config file" + where};
        if (unknown == UnknownConfigKeys::IGNORE && !m_available.contains(key) &&
            !(key.starts_with("no") && m_available.contains(key.substr(2)))) {
            continue;
        }
        if (auto res = CheckAndStore(m_settings.config[key_section], std::move(key), std::move(value), where); !res) return res;
    }
    return {};
}

util::Result<void> ArgsManager::ReadConfigFiles(UnknownConfigKeys unknown)
{
    const std::optional<std::string> datadir_arg = GetArg("-datadir");
    if (datadir_arg && !datadir_arg->empty() && !std::filesystem::is_directory(*datadir_arg)) {
        return util::Error{StrFormat("Specified data directory \"%s\" does not exist.", datadir_arg->c_str())};
    }
    const std::optional<std::string> conf_arg = GetArg("-conf");
    std::filesystem::path conf_path{conf_arg.value_or("dots.conf")};
    if (conf_path.is_relative()) conf_path = GetDataDirBase() / conf_path;
    std::ifstream file{conf_path};
    if (!file) {
        if (conf_arg) return util::Error{StrFormat("Specified config file \"%s\" could not be opened.", conf_path.c_str())};
        return {}; // no default config file is fine
    }
    std::stringstream buffer;
    buffer << file.rdbuf();
    if (auto res = ReadConfigString(buffer.str(), conf_path.string(), unknown); !res) return res;
    // The config file may not move the datadir somewhere that does not exist either.
    const std::optional<std::string> datadir_after = GetArg("-datadir");
    if (datadir_after && !datadir_after->empty() && !std::filesystem::is_directory(*datadir_after)) {
        return util::Error{StrFormat("Specified data directory \"%s\" does not exist.", datadir_after->c_str())};
    }
    return {};
}

util::Result<std::string> ArgsManager::GetChainName() const
{
    const bool regtest = GetBoolArg("-regtest", false);
    const bool testnet = GetBoolArg("-testnet", false);
    const std::optional<std::string> chain = GetArg("-chain");
    if (int(regtest) + int(testnet) + int(chain.has_value()) > 1) {
        return util::Error{"Invalid combination of -regtest, -testnet and -chain. Can use at most one."};
    }
    if (regtest) return std::string{"regtest"};
    if (testnet) return std::string{"test"};
    if (chain) {
        if (!IsKnownSection(*chain)) return util::Error{StrFormat("Unknown chain '%s': use main, test or regtest", chain->c_str())};
        return *chain;
    }
    return std::string{"main"};
}

void ArgsManager::SelectConfigNetwork(const std::string& chain)
{
    LOCK(m_mutex);
    m_network = chain;
}

std::vector<std::string> ArgsManager::GetPositionalArgs() const
{
    LOCK(m_mutex);
    return m_positional;
}

std::vector<const std::vector<ArgsManager::Value>*> ArgsManager::Sources(const std::string& name) const
{
    std::vector<const std::vector<Value>*> sources;
    if (auto it = m_settings.command_line.find(name); it != m_settings.command_line.end()) sources.push_back(&it->second);
    auto config_values = [&](const std::string& section) EXCLUSIVE_LOCKS_REQUIRED(m_mutex) -> const std::vector<Value>* {
        auto sec = m_settings.config.find(section);
        if (sec == m_settings.config.end()) return nullptr;
        auto it = sec->second.find(name);
        return it == sec->second.end() ? nullptr : &it->second;
    };
    if (!m_network.empty()) {
        if (auto* v = config_values(m_network)) sources.push_back(v);
    }
    const auto info = m_available.find(name);
    const bool network_only = info != m_available.end() && (info->second.flags & NETWORK_ONLY);
    if (!network_only || m_network.empty() || m_network == "main") {
        if (auto* v = config_values("")) sources.push_back(v);
    }
    return sources;
}

std::vector<ArgsManager::Value> ArgsManager::EffectiveValues(const std::string& raw_name) const
{
    std::vector<Value> out;
    for (const auto* values : Sources(StripDashes(raw_name))) {
        size_t start = 0;
        bool has_negation = false;
        for (size_t i = 0; i < values->size(); ++i) {
            if (!(*values)[i]) {
                start = i + 1;
                has_negation = true;
            }
        }
        // A negation clears earlier values in its source and everything of lower priority.
        out.insert(out.end(), values->begin() + start, values->end());
        if (has_negation) return out;
    }
    return out;
}

std::optional<ArgsManager::Value> ArgsManager::LastValue(const std::string& raw_name) const
{
    // The highest-priority source decides; within it the last occurrence wins.
    const auto sources = Sources(StripDashes(raw_name));
    if (sources.empty() || sources.front()->empty()) return std::nullopt;
    return sources.front()->back();
}

bool ArgsManager::IsArgSet(const std::string& name) const
{
    LOCK(m_mutex);
    return LastValue(name).has_value();
}

bool ArgsManager::IsArgNegated(const std::string& name) const
{
    LOCK(m_mutex);
    const auto v = LastValue(name);
    return v && !*v;
}

std::optional<std::string> ArgsManager::GetArg(const std::string& name) const
{
    LOCK(m_mutex);
    const auto v = LastValue(name);
    if (!v || !*v) return std::nullopt;
    return **v;
}

std::string ArgsManager::GetArg(const std::string& name, const std::string& default_value) const
{
    return GetArg(name).value_or(default_value);
}

int64_t ArgsManager::GetIntArg(const std::string& name, int64_t default_value) const
{
    LOCK(m_mutex);
    const auto v = LastValue(name);
    if (!v) return default_value;
    if (!*v) return 0;
    if ((**v).empty()) return 1; // a bare -flag counts as 1
    return ParseInt64(**v).value_or(default_value);
}

bool ArgsManager::GetBoolArg(const std::string& name, bool default_value) const
{
    LOCK(m_mutex);
    const auto v = LastValue(name);
    if (!v) return default_value;
    if (!*v) return false;
    if (const auto b = ParseBoolValue(**v)) return *b;
    return ParseInt64(**v).value_or(0) != 0;
}

std::vector<std::string> ArgsManager::GetArgs(const std::string& name) const
{
    LOCK(m_mutex);
    std::vector<std::string> out;
    for (const auto& v : EffectiveValues(name)) {
        if (v) out.push_back(*v);
    }
    return out;
}

bool ArgsManager::SoftSetArg(const std::string& name, const std::string& value)
{
    LOCK(m_mutex);
    if (LastValue(name)) return false;
    m_settings.command_line[StripDashes(name)] = {Value{value}};
    return true;
}

bool ArgsManager::SoftSetBoolArg(const std::string& name, bool value)
{
    return SoftSetArg(name, value ? "1" : "0");
}

void ArgsManager::ForceSetArg(const std::string& name, const std::string& value)
{
    LOCK(m_mutex);
    m_settings.command_line[StripDashes(name)] = {Value{value}};
}

void ArgsManager::ClearArg(const std::string& name)
{
    LOCK(m_mutex);
    const std::string key = StripDashes(name);
    m_settings.command_line.erase(key);
    for (auto& [section, values] : m_settings.config) values.erase(key);
}

std::filesystem::path ArgsManager::GetDataDirBase() const
{
    if (const auto datadir = GetArg("-datadir"); datadir && !datadir->empty()) {
        return std::filesystem::absolute(*datadir).lexically_normal();
    }
    const char* home = std::getenv("HOME");
    return std::filesystem::path{home && *home ? home : "/"} / ".dots";
}

std::string ArgsManager::GetHelpMessage(bool show_debug) const
{
    LOCK(m_mutex);
    std::string out;
    for (auto category : {OptionsCategory::OPTIONS, OptionsCategory::CONNECTION, OptionsCategory::SIP,
                          OptionsCategory::ZMQ, OptionsCategory::DEBUG_TEST, OptionsCategory::CHAINPARAMS,
                          OptionsCategory::RPC, OptionsCategory::COMMANDS}) {
        std::string section;
        for (const auto& [name, info] : m_available) {
            if (info.category != category) continue;
            if ((info.flags & DEBUG_ONLY) && !show_debug) continue;
            section += "  -" + name + info.help_param + "\n";
            // Indent the help text and wrap at roughly 79 columns on word boundaries.
            std::string line = "       ";
            for (std::string_view word : SplitView(info.help, ' ')) {
                if (line.size() + word.size() + 1 > 79 && line.size() > 7) {
                    section += line + "\n";
                    line = "       ";
                }
                line += ' ';
                line += word;
            }
            section += line + "\n\n";
        }
        if (!section.empty()) out += std::string{CategoryTitle(category)} + ":\n\n" + section;
    }
    return out;
}
