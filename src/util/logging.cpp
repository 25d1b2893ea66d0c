// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <util/logging.h>

#include <array>
#include <chrono>
#include <ctime>
#include <pthread.h>

namespace BCLog {
namespace {
struct CategoryEntry {
    LogFlags flag;
    std::string_view name;
};
constexpr std::array<CategoryEntry, 14> CATEGORIES{{
    {NET, "net"}, {RPC, "rpc"}, {HTTP, "http"}, {SIP, "sip"}, {MEMPOOL, "mempool"},
    {VALIDATION, "validation"}, {ZMQ, "zmq"}, {DB, "db"}, {BENCH, "bench"}, {REINDEX, "reindex"},
    {WALLET, "wallet"}, {MINING, "mining"}, {REGISTRY, "registry"}, {CONFIG, "config"},
}};

thread_local std::string g_thread_name;

std::string FormatTimestamp(bool micros)
{
    const auto now = std::chrono::system_clock::now();
    const auto secs = std::chrono::time_point_cast<std::chrono::seconds>(now);
    const std::time_t t = std::chrono::system_clock::to_time_t(secs);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[40];
    std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
    std::string out{buf};
    if (micros) {
        const auto us = std::chrono::duration_cast<std::chrono::microseconds>(now - secs).count();
        out += StrFormat(".%06lld", static_cast<long long>(us));
    }
    out += 'Z';
    return out;
}
} // namespace

LogFlags CategoryFromName(std::string_view name)
{
    if (name == "1" || name == "all") return ALL;
    for (const auto& c : CATEGORIES) {
        if (c.name == name) return c.flag;
    }
    return NONE;
}

std::string_view CategoryName(LogFlags flag)
{
    for (const auto& c : CATEGORIES) {
        if (c.flag == flag) return c.name;
    }
    return "";
}

bool Logger::OpenDebugLog(const std::filesystem::path& path)
{
    LOCK(m_mutex);
    FILE* file = std::fopen(path.c_str(), "a");
    if (!file) return false;
    std::setvbuf(file, nullptr, _IOLBF, 0);
    m_file = file;
    m_file_path = path;
    for (const auto& line : m_buffer) std::fwrite(line.data(), 1, line.size(), m_file);
    m_buffer.clear();
    m_buffering = false;
    return true;
}

void Logger::Reopen()
{
    LOCK(m_mutex);
    if (!m_file) return;
    FILE* file = std::fopen(m_file_path.c_str(), "a");
    if (!file) return; // keep writing to the old file rather than losing lines
    std::setvbuf(file, nullptr, _IOLBF, 0);
    std::fclose(m_file);
    m_file = file;
}

void Logger::Close()
{
    LOCK(m_mutex);
    if (m_file) std::fclose(m_file);
    m_file = nullptr;
    m_buffering = false;
    m_buffer.clear();
}

bool Logger::EnableCategory(std::string_view name)
{
    const LogFlags flag = CategoryFromName(name);
    if (flag == NONE) return false;
    m_categories.fetch_or(flag);
    return true;
}

bool Logger::DisableCategory(std::string_view name)
{
    const LogFlags flag = CategoryFromName(name);
    if (flag == NONE) return false;
    m_categories.fetch_and(~uint64_t{flag});
    return true;
}

std::vector<std::pair<std::string, bool>> Logger::CategoryStates() const
{
    std::vector<std::pair<std::string, bool>> out;
    for (const auto& c : CATEGORIES) out.emplace_back(std::string{c.name}, WillLog(c.flag));
    return out;
}

void Logger::LogLine(std::string_view level, LogFlags category, const std::string& msg)
{
    std::string line = FormatTimestamp(m_log_time_micros);
    line += ' ';
    if (m_log_thread_names && !g_thread_name.empty()) {
        line += '[';
        line += g_thread_name;
        line += "] ";
    }
    if (category != NONE) {
        line += '[';
        line += CategoryName(category);
        line += "] ";
    }
    if (!level.empty()) {
        line += level;
        line += ": ";
    }
    line += msg;
    if (line.empty() || line.back() != '\n') line += '\n';

    LOCK(m_mutex);
    if (m_print_to_console) {
        std::fwrite(line.data(), 1, line.size(), stdout);
        std::fflush(stdout);
    }
    if (m_file) {
        std::fwrite(line.data(), 1, line.size(), m_file);
    } else if (m_buffering && m_buffer.size() < 10000) {
        m_buffer.push_back(std::move(line));
    }
}

} // namespace BCLog

BCLog::Logger& LogInstance()
{
    // Leaked on purpose: logging must keep working during static destruction.
    static BCLog::Logger* logger = new BCLog::Logger();
    return *logger;
}

void SetThreadName(const char* name)
{
    BCLog::g_thread_name = name;
    pthread_setname_np(pthread_self(), std::string{name}.substr(0, 15).c_str());
}
