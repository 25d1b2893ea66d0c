// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_UTIL_ARGS_H
#define DOTS_UTIL_ARGS_H

/**
 * ArgsManager: dotsd's and dots-cli's options from the command line and dots.conf, checked against
 * their declarations, with the chain sections and the -help text.
 */

#include <util/result.h>
#include <util/sync.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/** What values an option accepts, and where it applies. */
enum ArgFlags : unsigned {
    ALLOW_BOOL = 1 << 0,   //!< "-flag", "-flag=1", "-flag=0", "-noflag"
    ALLOW_INT = 1 << 1,    //!< a decimal integer
    ALLOW_STRING = 1 << 2, //!< any text
    ALLOW_LIST = 1 << 3,   //!< may be given several times; GetArgs returns all values
    NETWORK_ONLY = 1 << 4, //!< a top-level config value applies only to main; other chains need a [section]
    DEBUG_ONLY = 1 << 5,   //!< hidden from -help unless -help-debug
    SENSITIVE = 1 << 6,    //!< value never logged
};

/** What to do with a config-file key that no AddArg registered. */
enum class UnknownConfigKeys {
    REJECT, //!< an error naming the key and line (dotsd: a typo must not pass silently)
    IGNORE, //!< skip it (dots-cli: dots.conf is shared with dotsd, whose options it does not know)
};

enum class OptionsCategory {
    OPTIONS,
    CONNECTION,
    SIP,
    RPC,
    ZMQ,
    DEBUG_TEST,
    CHAINPARAMS,
    COMMANDS,
    HIDDEN,
};

/**
 * Command-line and config-file options, with Bitcoin Core's precedence: the command line wins over
 * the config file's chain section ([main], [test], [regtest]), which wins over its top level.
 * Options must be registered with AddArg before parsing; unknown options and values that do not
 * fit the option's flags are errors, never silently ignored.
 *
 * Thread-safe: all methods lock m_mutex.
 */
class ArgsManager
{
public:
    /** Registers "-name" (help shows "-name=<value>" as given). Caller misuse (duplicate) asserts. */
    void AddArg(const std::string& name_with_value, const std::string& help, unsigned flags, OptionsCategory category);

    /** Parses argv. Returns an error naming the first bad option. Positional arguments (not
     *  starting with '-') end option parsing and are returned by GetPositionalArgs. */
    util::Result<void> ParseParameters(int argc, const char* const argv[]);

    /** Parses config-file text; `source` names it in error messages. Call SelectChain afterwards. */
    util::Result<void> ReadConfigString(std::string_view content, const std::string& source,
                                        UnknownConfigKeys unknown = UnknownConfigKeys::REJECT);

    /**
     * Finds the datadir and config file from the parsed command line and reads the config file.
     * A missing default config file is fine; a missing -conf file or datadir is an error.
     */
    util::Result<void> ReadConfigFiles(UnknownConfigKeys unknown = UnknownConfigKeys::REJECT);

    /** The chain chosen by -regtest, -testnet or -chain: "main", "test" or "regtest". */
    util::Result<std::string> GetChainName() const;
    /** Fixes the chain whose config section applies. Call once after the chain is known. */
    void SelectConfigNetwork(const std::string& chain);

    std::vector<std::string> GetPositionalArgs() const;

    bool IsArgSet(const std::string& name) const;
    /** True if the last value given was a negation (-nofoo). */
    bool IsArgNegated(const std::string& name) const;
    std::string GetArg(const std::string& name, const std::string& default_value) const;
    std::optional<std::string> GetArg(const std::string& name) const;
    int64_t GetIntArg(const std::string& name, int64_t default_value) const;
    bool GetBoolArg(const std::string& name, bool default_value) const;
    /** All values of a list option, command line first, then config section, then top level. */
    std::vector<std::string> GetArgs(const std::string& name) const;

    /** Sets a value unless one is already set; returns true if it set it. */
    bool SoftSetArg(const std::string& name, const std::string& value);
    bool SoftSetBoolArg(const std::string& name, bool value);
    /** Overrides any value (command line level). */
    void ForceSetArg(const std::string& name, const std::string& value);
    /** Removes all values of an option (tests). */
    void ClearArg(const std::string& name);

    /** The data directory without the chain subdirectory (-datadir or ~/.dots). */
    std::filesystem::path GetDataDirBase() const;

    /** -help text: usage line given by the caller, then options by category. */
    std::string GetHelpMessage(bool show_debug) const;

private:
    struct ArgInfo {
        std::string help_param; //!< "=<n>" part shown in help
        std::string help;
        unsigned flags{0};
        OptionsCategory category{OptionsCategory::OPTIONS};
    };
    /** One value as given: the text, or nullopt for a negation (-nofoo). */
    using Value = std::optional<std::string>;
    struct Settings {
        std::map<std::string, std::vector<Value>> command_line;
        std::map<std::string, std::map<std::string, std::vector<Value>>> config; //!< section ("" = top) → name → values
    };

    util::Result<void> CheckAndStore(std::map<std::string, std::vector<Value>>& target, std::string key,
                                     std::optional<std::string> value, const std::string& where) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** The value lists that apply to `name`, highest priority first. */
    std::vector<const std::vector<Value>*> Sources(const std::string& name) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    std::vector<Value> EffectiveValues(const std::string& name) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    std::optional<Value> LastValue(const std::string& name) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);

    mutable Mutex m_mutex;
    std::map<std::string, ArgInfo> m_available GUARDED_BY(m_mutex);
    Settings m_settings GUARDED_BY(m_mutex);
    std::vector<std::string> m_positional GUARDED_BY(m_mutex);
    std::string m_network GUARDED_BY(m_mutex);
};

/** Interprets "", "1" as true and "0" as false; anything else is std::nullopt. */
std::optional<bool> ParseBoolValue(std::string_view value);

#endif // DOTS_UTIL_ARGS_H
