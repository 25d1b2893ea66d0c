// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_UTIL_LOGGING_H
#define DOTS_UTIL_LOGGING_H

/**
 * Logging: the debug categories (-debug=<category>), the process-wide logger writing to debug.log
 * and the console, and the LogInfo/LogWarning/LogError/LogDebug macros.
 */

#include <util/format.h>
#include <util/sync.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace BCLog {

/** Debug categories, enabled with -debug=<name>. Bit flags so a check is one atomic load. */
enum LogFlags : uint64_t {
    NONE = 0,
    NET = (1 << 0),
    RPC = (1 << 1),
    HTTP = (1 << 2),
    SIP = (1 << 3),
    MEMPOOL = (1 << 4),
    VALIDATION = (1 << 5),
    ZMQ = (1 << 6),
    DB = (1 << 7),
    BENCH = (1 << 8),
    REINDEX = (1 << 9),
    WALLET = (1 << 10),
    MINING = (1 << 11),
    REGISTRY = (1 << 12),
    CONFIG = (1 << 13),
    ALL = ~uint64_t{0},
};

/**
 * The process-wide log sink: debug.log and/or the console. Thread-safe; every method may be
 * called from any thread. Lines are timestamped and written whole (one lock per line).
 */
class Logger
{
public:
    /** Opens (appends to) the log file. Returns false with errno set if it cannot be opened. */
    [[nodiscard]] bool OpenDebugLog(const std::filesystem::path& path) LOCKS_EXCLUDED(m_mutex);
    /** Reopens the log file, e.g. after logrotate moved it (SIGHUP). */
    void Reopen() LOCKS_EXCLUDED(m_mutex);
    void Close() LOCKS_EXCLUDED(m_mutex);

    void SetPrintToConsole(bool enable) { m_print_to_console = enable; }
    void SetLogTimeMicros(bool enable) { m_log_time_micros = enable; }
    void SetLogThreadNames(bool enable) { m_log_thread_names = enable; }

    /** Enables a category by name ("sip", "all", "1"). Returns false for an unknown name. */
    [[nodiscard]] bool EnableCategory(std::string_view name);
    /** Disables a category by name. Returns false for an unknown name. */
    [[nodiscard]] bool DisableCategory(std::string_view name);
    bool WillLog(LogFlags category) const { return (m_categories.load(std::memory_order_relaxed) & category) != 0; }
    uint64_t GetCategoryMask() const { return m_categories.load(); }

    /** All category names with their enabled state, in a stable order (for the logging RPC). */
    std::vector<std::pair<std::string, bool>> CategoryStates() const;

    /**
     * Writes one line: timestamp, optional thread name, "[category]" or "level:" prefix, message.
     * Adds the trailing newline if missing. Lines logged before OpenDebugLog are kept in memory
     * and written to the file when it opens.
     */
    void LogLine(std::string_view level, LogFlags category, const std::string& msg) LOCKS_EXCLUDED(m_mutex);

private:
    mutable Mutex m_mutex;
    FILE* m_file GUARDED_BY(m_mutex){nullptr};
    std::filesystem::path m_file_path GUARDED_BY(m_mutex);
    std::vector<std::string> m_buffer GUARDED_BY(m_mutex); // lines before the file opened
    bool m_buffering GUARDED_BY(m_mutex){true};
    std::atomic<bool> m_print_to_console{false};
    std::atomic<bool> m_log_time_micros{false};
    std::atomic<bool> m_log_thread_names{false};
    std::atomic<uint64_t> m_categories{0};
};

/** Looks up a category flag by name; NONE if unknown. "1" and "all" mean ALL. */
LogFlags CategoryFromName(std::string_view name);
/** The name of a single category flag ("sip"), or "" for NONE or a combination. */
std::string_view CategoryName(LogFlags flag);

} // namespace BCLog

/** The process's logger. A global because logging is needed from every layer, before init. */
BCLog::Logger& LogInstance();

/** Names the calling thread for log lines and debuggers (at most 15 characters show in top). */
void SetThreadName(const char* name);

#define LogInfo(...) LogInstance().LogLine("", BCLog::NONE, StrFormat(__VA_ARGS__))
#define LogWarning(...) LogInstance().LogLine("warning", BCLog::NONE, StrFormat(__VA_ARGS__))
#define LogError(...) LogInstance().LogLine("error", BCLog::NONE, StrFormat(__VA_ARGS__))

/** Logs only when -debug=<category> is on; the arguments are not evaluated otherwise. */
#define LogDebug(category, ...)                                                      \
    do {                                                                             \
        if (LogInstance().WillLog(category)) {                                       \
            LogInstance().LogLine("", category, StrFormat(__VA_ARGS__));             \
        }                                                                            \
    } while (0)

#endif // DOTS_UTIL_LOGGING_H
