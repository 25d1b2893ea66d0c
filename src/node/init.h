// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NODE_INIT_H
#define DOTS_NODE_INIT_H

/**
 * dotsd's entry points: SetupServerArgs registers every option, AppMain runs the node from option
 * parsing to shutdown.
 */

class ArgsManager;

namespace node {

/** Registers every dotsd option with its help text. Each layer adds its own block here. */
void SetupServerArgs(ArgsManager& args);

/**
 * Runs dotsd: parses options and config, takes the datadir lock, daemonizes if asked, starts the
 * subsystems, waits for a shutdown request (signal or stop RPC), then shuts down in reverse order.
 * Returns the process exit code: 0 after a clean shutdown, 1 on any init error (printed to
 * stderr as "Error: ..." and logged).
 */
int AppMain(int argc, char* argv[]);

} // namespace node

#endif // DOTS_NODE_INIT_H
