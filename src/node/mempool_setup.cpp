// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <node/mempool_setup.h>

#include <mempool/mempool.h>
#include <mempool/policy.h>
#include <mining/block_assembler.h>
#include <mining/miner.h>
#include <node/context.h>
#include <node/rpc/util.h>
#include <node/shutdown.h>
#include <primitives/address.h>
#include <rpc/amount.h>
#include <util/args.h>
#include <util/chaintype.h>
#include <util/format.h>
#include <util/logging.h>
#include <validation/notifications.h>

#include <thread>

namespace node {

namespace {
constexpr int64_t DEFAULT_GENPROCLIMIT = 1;
constexpr int64_t MAX_GENPROCLIMIT = 64;
constexpr const char* MEMPOOL_FILE = "mempool.dat";
constexpr const char* FEE_ESTIMATES_FILE = "fee_estimates.dat";

/** An option in DOTS per kvB ("0.00001"), as units per kvB. */
util::Result<mempool::FeeRate> ParseFeeRateArg(const ArgsManager& args, const std::string& name, CAmount default_per_kb)
{
    if (!args.IsArgSet(name)) return mempool::FeeRate{default_per_kb};
    const std::string text = args.GetArg(name, "");
    const auto amount = rpc::AmountFromValue(UniValue{text});
    if (const rpc::RPCError* error = std::get_if<rpc::RPCError>(&amount)) {
        return util::Error{StrFormat("Invalid amount for %s=<amount>: '%s' (%s)", name.c_str(), text.c_str(), error->message.c_str())};
    }
    return mempool::FeeRate{std::get<CAmount>(amount)};
}

util::Result<int64_t> IntArgInRange(const ArgsManager& args, const std::string& name, int64_t fallback, int64_t min,
                                    int64_t max)
{
    const int64_t value = args.GetIntArg(name, fallback);
    if (value < min || value > max) {
        return util::Error{StrFormat("%s must be between %lld and %lld", name.c_str(), (long long)min, (long long)max)};
    }
    return value;
}

util::Result<mempool::MempoolOptions> GetMempoolOptions(const NodeContext& node)
{
    const ArgsManager& args = *node.args;
    mempool::MempoolOptions options;
    auto max_mb = IntArgInRange(args, "-maxmempool", mempool::DEFAULT_MAX_MEMPOOL_SIZE_MB, 5, 1 << 20);
    auto expiry = IntArgInRange(args, "-mempoolexpiry", mempool::DEFAULT_MEMPOOL_EXPIRY_HOURS, 1, 24 * 365 * 10);
    auto anc_count = IntArgInRange(args, "-limitancestorcount", mempool::DEFAULT_ANCESTOR_LIMIT, 1, 1000);
    auto anc_size = IntArgInRange(args, "-limitancestorsize", mempool::DEFAULT_ANCESTOR_SIZE_LIMIT_KVB, 1, 10'000);
    auto desc_count = IntArgInRange(args, "-limitdescendantcount", mempool::DEFAULT_DESCENDANT_LIMIT, 1, 1000);
    auto desc_size = IntArgInRange(args, "-limitdescendantsize", mempool::DEFAULT_DESCENDANT_SIZE_LIMIT_KVB, 1, 10'000);
    for (const auto* res : {&max_mb, &expiry, &anc_count, &anc_size, &desc_count, &desc_size}) {
        if (!*res) return util::Error{res->error()};
    }
    options.max_size_bytes = *max_mb * 1'000'000;
    options.expiry_seconds = *expiry * 60 * 60;
    options.limits = {*anc_count, *anc_size * 1000, *desc_count, *desc_size * 1000};
    auto min_relay = ParseFeeRateArg(args, "-minrelaytxfee", mempool::DEFAULT_MIN_RELAY_TX_FEE);
    auto incremental = ParseFeeRateArg(args, "-incrementalrelayfee", mempool::DEFAULT_INCREMENTAL_RELAY_FEE);
    auto dust = ParseFeeRateArg(args, "-dustrelayfee", mempool::DUST_RELAY_TX_FEE);
    for (const auto* res : {&min_relay, &incremental, &dust}) {
        if (!*res) return util::Error{res->error()};
    }
    options.min_relay_fee = *min_relay;
    options.incremental_relay_fee = *incremental;
    options.dust_relay_fee = *dust;
    // As Bitcoin Core: only main refuses non-standard transactions by default.
    options.require_standard = !args.GetBoolArg("-acceptnonstdtxn", node.chain->name != "main");
    options.full_rbf = args.GetBoolArg("-mempoolfullrbf", true);
    options.signals = node.validation_signals.get();
    return options;
}

std::filesystem::path DataFile(const NodeContext& node, const char* name)
{
    return GetDataDirNet(*node.args, *node.chain) / name;
}
} // namespace

void AddMempoolArgs(ArgsManager& args)
{
    const auto amount = [](CAmount units) { return StrFormat("%d.%08d", (int)(units / COIN), (int)(units % COIN)); };
    args.AddArg("-maxmempool=<n>", StrFormat("Keep the transaction memory pool below <n> megabytes (default: %lld)",
                                             (long long)mempool::DEFAULT_MAX_MEMPOOL_SIZE_MB), ALLOW_INT, OptionsCategory::OPTIONS);
    args.AddArg("-mempoolexpiry=<n>", StrFormat("Do not keep transactions in the mempool longer than <n> hours (default: %lld)",
                                                (long long)mempool::DEFAULT_MEMPOOL_EXPIRY_HOURS), ALLOW_INT, OptionsCategory::OPTIONS);
    args.AddArg("-persistmempool", "Whether to save the mempool on shutdown and load on restart (default: 1)", ALLOW_BOOL,
                OptionsCategory::OPTIONS);
    args.AddArg("-mempoolfullrbf", "Accept transaction replace-by-fee without requiring replaceability signaling (default: 1)",
                ALLOW_BOOL, OptionsCategory::OPTIONS);
    args.AddArg("-minrelaytxfee=<amt>", "Fees (in DOTS/kvB) smaller than this are considered zero fee for relaying, mining and transaction creation (default: " +
                amount(mempool::DEFAULT_MIN_RELAY_TX_FEE) + ")", ALLOW_STRING, OptionsCategory::OPTIONS);
    args.AddArg("-incrementalrelayfee=<amt>", "Fee rate (in DOTS/kvB) used to define cost of relay, used for mempool limiting and replacement policy (default: " +
                amount(mempool::DEFAULT_INCREMENTAL_RELAY_FEE) + ")", ALLOW_STRING | DEBUG_ONLY, OptionsCategory::DEBUG_TEST);
    args.AddArg("-dustrelayfee=<amt>", "Fee rate (in DOTS/kvB) used to define dust, the value of an output such that it will cost more than its value in fees at this fee rate to spend it (default: " +
                amount(mempool::DUST_RELAY_TX_FEE) + ")", ALLOW_STRING | DEBUG_ONLY, OptionsCategory::DEBUG_TEST);
    args.AddArg("-acceptnonstdtxn", "Relay and mine \"non-standard\" transactions (default: 0 on main, 1 on test and regtest)",
                ALLOW_BOOL | DEBUG_ONLY, OptionsCategory::DEBUG_TEST);
    for (const auto& [name, help, def] : {std::tuple{"-limitancestorcount=<n>", "Do not accept transactions if number of in-mempool ancestors is <n> or more", mempool::DEFAULT_ANCESTOR_LIMIT},
                                          std::tuple{"-limitancestorsize=<n>", "Do not accept transactions whose size with all in-mempool ancestors exceeds <n> kilobytes", mempool::DEFAULT_ANCESTOR_SIZE_LIMIT_KVB},
                                          std::tuple{"-limitdescendantcount=<n>", "Do not accept transactions if any ancestor would have <n> or more in-mempool descendants", mempool::DEFAULT_DESCENDANT_LIMIT},
                                          std::tuple{"-limitdescendantsize=<n>", "Do not accept transactions if any ancestor would have more than <n> kilobytes of in-mempool descendants", mempool::DEFAULT_DESCENDANT_SIZE_LIMIT_KVB}}) {
        args.AddArg(name, StrFormat("%s (default: %lld)", help, (long long)def), ALLOW_INT | DEBUG_ONLY, OptionsCategory::DEBUG_TEST);
    }
    args.AddArg("-blockmintxfee=<amt>", "Set lowest fee rate (in DOTS/kvB) for transactions to be included in block creation. (default: " +
                amount(mining::DEFAULT_BLOCK_MIN_TX_FEE) + ")", ALLOW_STRING, OptionsCategory::OPTIONS);
    args.AddArg("-gen", "Mine blocks with the CPU (requires -genaddress; default: 0)", ALLOW_BOOL, OptionsCategory::OPTIONS);
    args.AddArg("-genproclimit=<n>", StrFormat("Number of threads for -gen (default: %lld)", (long long)DEFAULT_GENPROCLIMIT),
                ALLOW_INT, OptionsCategory::OPTIONS);
    args.AddArg("-genaddress=<addr>", "Address the -gen miner pays its blocks to", ALLOW_STRING, OptionsCategory::OPTIONS);
}

mining::AssemblerOptions GetAssemblerOptions(const ArgsManager& args)
{
    mining::AssemblerOptions options;
    if (auto rate = ParseFeeRateArg(args, "-blockmintxfee", mining::DEFAULT_BLOCK_MIN_TX_FEE)) options.block_min_fee_rate = *rate;
    return options;
}

util::Result<void> StartMempool(NodeContext& node)
{
    if (!node.chainman) return util::Error{"StartMempool: the chain is not loaded"};
    if (auto rate = ParseFeeRateArg(*node.args, "-blockmintxfee", mining::DEFAULT_BLOCK_MIN_TX_FEE); !rate) {
        return util::Error{rate.error()};
    }
    auto options = GetMempoolOptions(node);
    if (!options) return util::Error{options.error()};
    node.mempool = std::make_unique<mempool::Mempool>(*node.chainman, std::move(*options));
    if (node.validation_signals) node.validation_signals->RegisterListener(*node.mempool);
    if (auto res = node.mempool->Estimator().Read(DataFile(node, FEE_ESTIMATES_FILE)); !res) {
        LogInfo("Fee estimates not loaded: %s", res.error().c_str());
    }
    // mempool.dat loads in the background (as Bitcoin Core): RPC works meanwhile, savemempool
    // refuses until it is done.
    if (node.args->GetBoolArg("-persistmempool", true)) {
        mempool::Mempool* pool = node.mempool.get();
        const std::filesystem::path path = DataFile(node, MEMPOOL_FILE);
        node.mempool_loader = std::thread{[pool, path] {
            SetThreadName("mempoolload");
            if (auto res = pool->Load(path, [] { return ShutdownSignal::Requested(); }); !res) LogInfo("Mempool not loaded: %s", res.error().c_str());
        }};
    } else {
        node.mempool->SetLoaded();
    }
    if (node.args->GetBoolArg("-gen", false)) {
        const int64_t threads = node.args->GetIntArg("-genproclimit", DEFAULT_GENPROCLIMIT);
        if (auto res = SetGenerate(node, static_cast<int>(threads), ""); !res) return res;
    }
    return {};
}

util::Result<void> SetGenerate(NodeContext& node, int threads, const std::string& address_arg)
{
    if (node.miner) {
        node.miner->Stop();
        node.miner.reset();
        LogInfo("Miner stopped");
    }
    if (threads == 0) return {};
    if (threads < 0 || threads > MAX_GENPROCLIMIT) {
        return util::Error{StrFormat("-genproclimit must be between 1 and %lld", (long long)MAX_GENPROCLIMIT)};
    }
    const std::string address = address_arg.empty() ? node.args->GetArg("-genaddress", "") : address_arg;
    const auto decoded = DecodeAddress(address, node::AddressHrp(node.chain->name));
    if (!decoded) return util::Error{"-gen needs a valid -genaddress: " + std::string{AddressErrorString(decoded.error)}};
    if (!node.chainman) return util::Error{"The block chain is not loaded"};
    node.miner = std::make_unique<mining::Miner>(*node.chainman, node.mempool.get(), decoded.lock, threads,
                                                 [] { return ShutdownSignal::Requested(); });
    LogInfo("Miner started with %d threads", threads);
    return {};
}

void StopMempool(NodeContext& node)
{
    if (node.miner) {
        LogInfo("Shutdown: stopping the miner");
        node.miner->Stop();
        node.miner.reset();
    }
    if (node.mempool_loader.joinable()) node.mempool_loader.join(); // Load stops early at shutdown
    if (!node.mempool) return;
    if (node.validation_signals) node.validation_signals->UnregisterListener(*node.mempool);
    if (node.args && node.args->GetBoolArg("-persistmempool", true) && node.mempool->IsLoaded()) {
        if (auto res = node.mempool->Dump(DataFile(node, MEMPOOL_FILE)); !res) LogWarning("Failed to dump mempool: %s", res.error().c_str());
    }
    if (auto res = node.mempool->Estimator().Write(DataFile(node, FEE_ESTIMATES_FILE)); !res) {
        LogWarning("Failed to write fee estimates: %s", res.error().c_str());
    }
    node.mempool.reset();
}

} // namespace node
