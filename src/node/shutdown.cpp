// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <node/shutdown.h>

#include <util/format.h>
#include <util/logging.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace node {

namespace {
std::atomic<bool> g_shutdown_requested{false};
std::atomic<bool> g_reopen_log{false};
int g_pipe[2] = {-1, -1};

void HandleTerminate(int)
{
    ShutdownSignal::Request();
}

void HandleHangup(int)
{
    g_reopen_log = true;
    if (g_pipe[1] >= 0) {
        const char byte = 'h';
        [[maybe_unused]] ssize_t n = ::write(g_pipe[1], &byte, 1); // wakes Wait() to reopen the log
    }
}
} // namespace

util::Result<void> ShutdownSignal::Init()
{
    if (g_pipe[0] >= 0) return {};
    if (::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        return util::Error{StrFormat("Cannot create shutdown pipe: %s", std::strerror(errno))};
    }
    return {};
}

void ShutdownSignal::Request()
{
    g_shutdown_requested = true;
    if (g_pipe[1] >= 0) {
        const char byte = 's';
        [[maybe_unused]] ssize_t n = ::write(g_pipe[1], &byte, 1);
    }
}

bool ShutdownSignal::Requested()
{
    return g_shutdown_requested;
}

void ShutdownSignal::Wait()
{
    while (!g_shutdown_requested) {
        pollfd pfd{g_pipe[0], POLLIN, 0};
        const int rc = ::poll(&pfd, 1, 1000);
        if (rc > 0) {
            char buf[64];
            while (::read(g_pipe[0], buf, sizeof(buf)) > 0) {
            }
        }
        if (TakeReopenLogRequest()) LogInstance().Reopen();
    }
}

bool ShutdownSignal::TakeReopenLogRequest()
{
    return g_reopen_log.exchange(false);
}

void ShutdownSignal::InstallSignalHandlers()
{
    struct sigaction sa{};
    sa.sa_handler = HandleTerminate;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    struct sigaction hup{};
    hup.sa_handler = HandleHangup;
    sigemptyset(&hup.sa_mask);
    sigaction(SIGHUP, &hup, nullptr);
    signal(SIGPIPE, SIG_IGN);
}

} // namespace node
