// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <node/chain_setup.h>

#include <consensus/params.h>
#include <node/context.h>
#include <node/registry_indexer.h>
#include <node/rpc/util.h>
#include <node/shutdown.h>
#include <rpc/server.h>
#include <util/args.h>
#include <util/chaintype.h>
#include <util/format.h>
#include <util/logging.h>
#include <validation/chainstate_manager.h>
#include <validation/notifications.h>

#include <algorithm>
#include <thread>

namespace node {

namespace {
constexpr int MAX_SCRIPTCHECK_THREADS = 15;
} // namespace

void AddChainArgs(ArgsManager& args)
{
    args.AddArg("-dbcache=<n>", StrFormat("Maximum database cache size <n> MiB (minimum %lld, default: %lld). The coins cache is flushed to disk when it grows past its share.",
                                          (long long)validation::MIN_DB_CACHE_MB, (long long)validation::DEFAULT_DB_CACHE_MB),
                ALLOW_INT, OptionsCategory::OPTIONS);
    args.AddArg("-reindex", "If enabled, wipe chain state and block index, and rebuild them from blk*.dat files on disk.",
                ALLOW_BOOL, OptionsCategory::OPTIONS);
    args.AddArg("-reindex-chainstate", "If enabled, wipe chain state, and rebuild it from blk*.dat files on disk, keeping the block index.",
                ALLOW_BOOL, OptionsCategory::OPTIONS);
    args.AddArg("-txindex", "Maintain a full transaction index, used by the getrawtransaction rpc call (default: 0)",
                ALLOW_BOOL, OptionsCategory::OPTIONS);
    args.AddArg("-registryindex", "Maintain the registry index of per-node history and of the deposits each node terminates, used by listnodehistory and listtermdeposits (default: 0)",
                ALLOW_BOOL, OptionsCategory::OPTIONS);
    args.AddArg("-par=<n>", StrFormat("Set the number of signature verification threads (0 = auto, up to %d, <0 = leave that many cores free, default: 0)",
                                      MAX_SCRIPTCHECK_THREADS + 1),
                ALLOW_INT, OptionsCategory::OPTIONS);
    args.AddArg("-checklevel=<n>", StrFormat("How thorough the block verification of -checkblocks is: 0-4 (default: %d)", validation::DEFAULT_CHECKLEVEL),
                ALLOW_INT, OptionsCategory::DEBUG_TEST);
    args.AddArg("-checkblocks=<n>", StrFormat("How many blocks to check at startup (default: %d, 0 = all)", validation::DEFAULT_CHECKBLOCKS),
                ALLOW_INT, OptionsCategory::DEBUG_TEST);
    args.AddArg("-dbbatchsize=<n>", "Maximum database write batch size in bytes (default: 16777216)",
                ALLOW_INT | DEBUG_ONLY, OptionsCategory::DEBUG_TEST);
    args.AddArg("-flushinterval=<n>", StrFormat("Seconds between periodic flushes of the coins cache (default: %lld)", (long long)validation::DEFAULT_FLUSH_INTERVAL),
                ALLOW_INT | DEBUG_ONLY, OptionsCategory::DEBUG_TEST);
    args.AddArg("-testkillregistryflush=<n>", "Tests only: kill the process (SIGKILL) right after the n-th partial write batch of "
                "registry records of a chainstate flush (with a small -dbbatchsize)",
                ALLOW_INT | DEBUG_ONLY, OptionsCategory::DEBUG_TEST);
}

util::Result<void> StartChain(NodeContext& node)
{
    const ArgsManager& args = *node.args;
    rpc::RPCTable* table = node.rpc_table.get();
    validation::ChainstateOptions options;
    options.params = &consensus::GetConsensusParams(node.chain->name);
    options.datadir = GetDataDirNet(args, *node.chain);
    const int64_t dbcache = args.GetIntArg("-dbcache", validation::DEFAULT_DB_CACHE_MB);
    if (dbcache < validation::MIN_DB_CACHE_MB || dbcache > (int64_t{1} << 20)) {
        return util::Error{StrFormat("-dbcache must be between %lld and %lld MiB", (long long)validation::MIN_DB_CACHE_MB,
                                     (long long)(int64_t{1} << 20))};
    }
    options.cache_bytes = static_cast<size_t>(dbcache) << 20;
    options.reindex = args.GetBoolArg("-reindex", false);
    options.reindex_chainstate = args.GetBoolArg("-reindex-chainstate", false);
    options.txindex = args.GetBoolArg("-txindex", false);
    const int64_t batch = args.GetIntArg("-dbbatchsize", 16 << 20);
    if (batch < 1024) return util::Error{"-dbbatchsize must be at least 1024"};
    options.db_batch_size = static_cast<size_t>(batch);
    options.flush_interval = std::max<int64_t>(1, args.GetIntArg("-flushinterval", validation::DEFAULT_FLUSH_INTERVAL));
    if (const int64_t kill = args.GetIntArg("-testkillregistryflush", 0); kill > 0) options.kill_at_registry_batch = static_cast<size_t>(kill);
    int par = static_cast<int>(args.GetIntArg("-par", 0));
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    if (par <= 0) par += cores;
    options.script_threads = std::clamp(par, 1, MAX_SCRIPTCHECK_THREADS + 1) - 1;
    options.interrupt = [] { return ShutdownSignal::Requested(); };
    options.signals = node.validation_signals.get();
    options.on_progress = [table](const std::string& message) {
        LogInfo("init message: %s", message.c_str());
        if (table) table->SetWarmupStatus(message);
    };

    auto chainman = validation::ChainstateManager::Open(std::move(options));
    if (!chainman) return util::Error{chainman.error()};
    node.chainman = std::move(*chainman);

    const int check_level = static_cast<int>(args.GetIntArg("-checklevel", validation::DEFAULT_CHECKLEVEL));
    const int check_blocks = static_cast<int>(args.GetIntArg("-checkblocks", validation::DEFAULT_CHECKBLOCKS));
    if (table) table->SetWarmupStatus("Verifying blocks…");
    LogInfo("init message: Verifying blocks…");
    if (auto res = node.chainman->VerifyDB(check_level, check_blocks); !res) return util::Error{res.error()};

    if (args.GetBoolArg("-registryindex", false)) {
        if (!node.validation_signals) return util::Error{"-registryindex needs validation notifications"};
        auto indexer = node::RegistryIndexer::Open(GetDataDirNet(args, *node.chain) / "indexes" / "registry",
                                                   std::clamp<size_t>((static_cast<size_t>(dbcache) << 20) / 16, 1 << 20, 64 << 20),
                                                   *node.chainman, *node.validation_signals);
        if (!indexer) return util::Error{indexer.error()};
        node.registry_index = std::move(*indexer);
    }

    return {};
}

void StopChain(NodeContext& node)
{
    // Deliver the notifications still queued while the block index they point into exists.
    if (node.validation_signals) node.validation_signals->Stop();
    node.registry_index.reset();
    if (node.chainman) {
        LogInfo("Shutdown: flushing the chainstate");
        node.chainman.reset();
    }
}

} // namespace node
