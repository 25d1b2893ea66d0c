// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Fee estimation RPC: estimatesmartfee (category util), Bitcoin Core's shape.

#include <node/rpc/register.h>

#include <mempool/fee_estimator.h>
#include <mempool/mempool.h>
#include <node/context.h>
#include <node/rpc/util.h>
#include <rpc/server.h>

namespace node {

namespace {
rpc::RPCMethod estimatesmartfee(NodeContext& node)
{
    return {
        .name = "estimatesmartfee",
        .category = "util",
        .description = "Estimates the approximate fee per kilobyte needed for a transaction to begin\n"
                       "confirmation within conf_target blocks if possible and return the number of blocks\n"
                       "for which the estimate is valid. The estimate comes from the transactions this node\n"
                       "saw confirm; it is never below the mempool's minimum fee.",
        .args = {{"conf_target", rpc::RPCArg::Type::NUM, rpc::RPCArg::Optional::NO, "Confirmation target in blocks (1 - 1008)"},
                 {"estimate_mode", rpc::RPCArg::Type::STR, rpc::RPCArg::Default{UniValue{"economical"}},
                  "The fee estimate mode: \"unset\", \"economical\" (85% of transactions at that rate confirmed in time)\n"
                  "or \"conservative\" (95%)."}},
        .result = "{ \"feerate\" : n (DOTS/kvB, if an estimate exists), \"errors\" : [ \"str\", ... ] (if not), \"blocks\" : n }",
        .examples = {"6", R"(6, "conservative")"},
        .handler = [&node](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            if (!node.mempool) return rpc::RPCError{rpc::RPC_IN_WARMUP, "The mempool is not loaded"};
            const int64_t target = args.Arg<int64_t>("conf_target");
            if (target < 1 || target > mempool::FeeEstimator::MAX_TARGET) {
                return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Invalid conf_target, must be between 1 and 1008"};
            }
            const std::string mode = args.Arg<std::string>("estimate_mode");
            if (mode != "unset" && mode != "economical" && mode != "conservative" && mode != "UNSET" &&
                mode != "ECONOMICAL" && mode != "CONSERVATIVE") {
                return rpc::RPCError{rpc::RPC_INVALID_PARAMETER,
                                "Invalid estimate_mode parameter, must be one of: \"unset\", \"economical\", \"conservative\""};
            }
            const bool conservative = mode == "conservative" || mode == "CONSERVATIVE";
            UniValue result{UniValue::VOBJ};
            const auto estimate = node.mempool->Estimator().EstimateSmartFee(static_cast<int>(target), conservative);
            if (!estimate) {
                UniValue errors{UniValue::VARR};
                errors.push_back("Insufficient data or no feerate found");
                result.pushKV("errors", errors);
                result.pushKV("blocks", 0);
                return result;
            }
            const mempool::FeeRate floor = node.mempool->GetMinRelayFeeRate();
            result.pushKV("feerate", rpc::ValueFromAmount(std::max(estimate->feerate, floor).GetFeePerK()));
            result.pushKV("blocks", estimate->blocks);
            return result;
        },
    };
}
} // namespace

void RegisterFeeRPCCommands(rpc::RPCTable& table, NodeContext& node)
{
    table.Register(estimatesmartfee(node));
}

} // namespace node
