// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NODE_SHUTDOWN_H
#define DOTS_NODE_SHUTDOWN_H

/**
 * The node's shutdown request: one async-signal-safe flag (a self-pipe) shared by the signal
 * handlers, the stop RPC and fatal errors, and the main thread's wait on it.
 */

#include <util/result.h>

#include <atomic>

namespace node {

/**
 * The node's "please stop" flag. Request() is async-signal-safe (a write to a self-pipe), so the
 * SIGTERM/SIGINT handlers, the stop RPC and fatal errors all use the same path; Wait() blocks the
 * main thread until a request arrives.
 */
class ShutdownSignal
{
public:
    /** Creates the self-pipe. Errors carry strerror. */
    static util::Result<void> Init();
    /** Async-signal-safe. */
    static void Request();
    static bool Requested();
    /** Blocks until Request() was called (returns at once if it already was). */
    static void Wait();
    /** Installs SIGTERM/SIGINT → Request, SIGHUP → reopen debug.log, SIGPIPE ignored. */
    static void InstallSignalHandlers();
    /** True once after SIGHUP; the main loop then reopens debug.log. */
    static bool TakeReopenLogRequest();
};

} // namespace node

#endif // DOTS_NODE_SHUTDOWN_H
