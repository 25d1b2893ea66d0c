// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Balance and coin RPCs: getbalance, getbalances, listunspent, lockunspent, listlockunspent.

#include <wallet/rpc/util.h>

#include <rpc/amount.h>
#include <rpc/server.h>
#include <util/strencodings.h>

#include <set>

namespace wallet {

namespace {

UniValue LastBlockJSON(const Wallet& wallet)
{
    const BestBlock last = wallet.LastBlock();
    UniValue block{UniValue::VOBJ};
    block.pushKV("hash", last.hash.GetHex());
    block.pushKV("height", last.height);
    return block;
}

rpc::RPCMethod getbalance(WalletContext* context)
{
    return {
        .name = "getbalance",
        .category = "wallet",
        .description = "Returns the total available balance.\nThe available balance is what the wallet considers currently spendable, and is\n"
                       "thus affected by options which limit spendability such as -spendzeroconfchange.",
        .args = {{"dummy", rpc::RPCArg::Type::STR, rpc::RPCArg::Optional::OMITTED, "Remains for backward compatibility. Must be excluded or set to \"*\"."},
                 {"minconf", rpc::RPCArg::Type::NUM, rpc::RPCArg::Default{0}, "Only include transactions confirmed at least this many times."},
                 {"include_watchonly", rpc::RPCArg::Type::BOOL, rpc::RPCArg::Default{false}, "No effect (DOTS wallets have no watch-only keys)"},
                 {"avoid_reuse", rpc::RPCArg::Type::BOOL, rpc::RPCArg::Default{false}, "No effect"}},
        .result = "n    (numeric) The total amount in DOTS received for this wallet.",
        .examples = {"", R"("*", 6)"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            const auto dummy = args.MaybeArg<std::string>("dummy");
            if (dummy && *dummy != "*") return rpc::RPCError{rpc::RPC_METHOD_DEPRECATED, "dummy first argument must be excluded or set to \"*\"."};
            const int64_t minconf = args.Arg<int64_t>("minconf");
            if (minconf < 0) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Invalid minconf (must be >= 0)"};
            wallet->BlockUntilSyncedToCurrentChain();
            return rpc::ValueFromAmount(wallet->GetBalances(static_cast<int>(std::min<int64_t>(minconf, 1'000'000'000))).trusted);
        },
    };
}

rpc::RPCMethod getbalances(WalletContext* context)
{
    return {
        .name = "getbalances",
        .category = "wallet",
        .description = "Returns an object with all balances in DOTS.",
        .args = {},
        .result = "{\n"
                  "  \"mine\" : {                    (json object) balances from outputs that the wallet can sign\n"
                  "    \"trusted\" : n,              (numeric) trusted balance (outputs created by the wallet or confirmed outputs)\n"
                  "    \"untrusted_pending\" : n,    (numeric) untrusted pending balance (outputs created by others that are in the mempool)\n"
                  "    \"immature\" : n              (numeric) balance from immature coinbase outputs\n"
                  "  },\n"
                  "  \"lastprocessedblock\" : { \"hash\" : \"hex\", \"height\" : n }\n"
                  "}",
        .examples = {""},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            wallet->BlockUntilSyncedToCurrentChain();
            const Balances balances = wallet->GetBalances();
            UniValue mine{UniValue::VOBJ};
            mine.pushKV("trusted", rpc::ValueFromAmount(balances.trusted));
            mine.pushKV("untrusted_pending", rpc::ValueFromAmount(balances.untrusted_pending));
            mine.pushKV("immature", rpc::ValueFromAmount(balances.immature));
            UniValue out{UniValue::VOBJ};
            out.pushKV("mine", mine);
            out.pushKV("lastprocessedblock", LastBlockJSON(*wallet));
            return out;
        },
    };
}

rpc::RPCMethod listunspent(WalletContext* context)
{
    return {
        .name = "listunspent",
        .category = "wallet",
        .description = "Returns array of unspent transaction outputs\nwith between minconf and maxconf (inclusive) confirmations.\n"
                       "Optionally filter to only include txouts paid to specified addresses.",
        .args = {{"minconf", rpc::RPCArg::Type::NUM, rpc::RPCArg::Default{1}, "The minimum confirmations to filter"},
                 {"maxconf", rpc::RPCArg::Type::NUM, rpc::RPCArg::Default{9999999}, "The maximum confirmations to filter"},
                 {"addresses", rpc::RPCArg::Type::ARR, rpc::RPCArg::Default{UniValue{UniValue::VARR}}, "The DOTS addresses to filter"},
                 {"include_unsafe", rpc::RPCArg::Type::BOOL, rpc::RPCArg::Default{true}, "Include outputs that are not safe to spend (unconfirmed from outside keys)"},
                 {"query_options", rpc::RPCArg::Type::OBJ, rpc::RPCArg::Default{UniValue{UniValue::VOBJ}}, "minimumAmount, maximumAmount, maximumCount, minimumSumAmount"}},
        .result = "[ {\n"
                  "    \"txid\" : \"hex\", \"vout\" : n, \"address\" : \"str\", \"label\" : \"str\",\n"
                  "    \"scriptPubKey\" : \"hex\",   (string) the output lock in hex\n"
                  "    \"amount\" : n, \"confirmations\" : n, \"spendable\" : true, \"solvable\" : true, \"safe\" : true|false,\n"
                  "    \"coinbase\" : true|false\n"
                  "}, ... ]",
        .examples = {"", R"(6, 9999999, ["<address>"])"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            const int64_t minconf = args.Arg<int64_t>("minconf");
            const int64_t maxconf = args.Arg<int64_t>("maxconf");
            if (minconf < 0 || maxconf < 0) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Invalid minconf/maxconf (must be >= 0)"};
            std::set<std::string> filter;
            const UniValue addresses = args.Arg<UniValue>("addresses");
            for (size_t i = 0; i < addresses.size(); ++i) {
                if (!addresses[i].isStr()) return rpc::RPCError{rpc::RPC_INVALID_ADDRESS_OR_KEY, "Invalid DOTS address: not a string"};
                const auto decoded = DecodeAddress(addresses[i].get_str(), wallet->Hrp());
                if (!decoded) return rpc::RPCError{rpc::RPC_INVALID_ADDRESS_OR_KEY, "Invalid DOTS address: " + addresses[i].get_str()};
                const std::string canonical = EncodeAddress(decoded.lock, wallet->Hrp());
                if (!filter.insert(canonical).second) {
                    return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Invalid parameter, duplicated address: " + addresses[i].get_str()};
                }
            }
            const UniValue options = args.Arg<UniValue>("query_options");
            CAmount min_amount = 0;
            CAmount max_amount = MAX_MONEY;
            CAmount min_sum = MAX_MONEY;
            uint64_t max_count = 0;
            for (const auto& [key, target] : {std::pair{"minimumAmount", &min_amount}, {"maximumAmount", &max_amount}, {"minimumSumAmount", &min_sum}}) {
                if (!options.exists(key)) continue;
                const auto amount = rpc::AmountFromValue(options[key]);
                if (const auto* error = std::get_if<rpc::RPCError>(&amount)) return *error;
                *target = std::get<CAmount>(amount);
            }
            if (options.exists("maximumCount")) {
                if (!options["maximumCount"].isNum() || options["maximumCount"].get_int64() < 0) {
                    return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Invalid parameter, maximumCount must be a non-negative number"};
                }
                max_count = options["maximumCount"].get_int64();
            }
            wallet->BlockUntilSyncedToCurrentChain();
            auto coins = wallet->AvailableCoins(static_cast<int>(std::min<int64_t>(minconf, INT32_MAX)),
                                                static_cast<int>(std::min<int64_t>(maxconf, INT32_MAX)), args.Arg<bool>("include_unsafe"));
            std::sort(coins.begin(), coins.end(), [](const WalletCoin& a, const WalletCoin& b) {
                return a.depth != b.depth ? a.depth > b.depth : a.outpoint < b.outpoint;
            });
            UniValue out{UniValue::VARR};
            CAmount sum = 0;
            for (const WalletCoin& coin : coins) {
                const std::string address = EncodeAddress(coin.txout.lock, wallet->Hrp());
                if (!filter.empty() && !filter.count(address)) continue;
                if (coin.txout.value < min_amount || coin.txout.value > max_amount) continue;
                UniValue entry{UniValue::VOBJ};
                entry.pushKV("txid", coin.outpoint.txid.GetHex());
                entry.pushKV("vout", int64_t{coin.outpoint.n});
                entry.pushKV("address", address);
                if (const auto label = wallet->GetLabel(address)) entry.pushKV("label", *label);
                std::vector<uint8_t> lock{static_cast<uint8_t>(coin.txout.lock.type)};
                lock.insert(lock.end(), coin.txout.lock.program.begin(), coin.txout.lock.program.end());
                entry.pushKV("scriptPubKey", HexStr(lock));
                entry.pushKV("amount", rpc::ValueFromAmount(coin.txout.value));
                entry.pushKV("confirmations", coin.depth);
                entry.pushKV("spendable", true);
                entry.pushKV("solvable", true);
                entry.pushKV("safe", coin.trusted);
                entry.pushKV("coinbase", coin.coinbase);
                out.push_back(entry);
                sum += coin.txout.value;
                if ((max_count > 0 && out.size() >= max_count) || sum >= min_sum) break;
            }
            return out;
        },
    };
}

rpc::RPCMethod lockunspent(WalletContext* context)
{
    return {
        .name = "lockunspent",
        .category = "wallet",
        .description = "Updates list of temporarily unspendable outputs.\nTemporarily lock (unlock=false) or unlock (unlock=true) specified transaction outputs.\n"
                       "If no transaction outputs are specified when unlocking then all current locked transaction outputs are unlocked.\n"
                       "Locks are stored in memory only: they are cleared when the node restarts or the wallet is unloaded.",
        .args = {{"unlock", rpc::RPCArg::Type::BOOL, rpc::RPCArg::Optional::NO, "Whether to unlock (true) or lock (false) the specified transactions"},
                 {"transactions", rpc::RPCArg::Type::ARR, rpc::RPCArg::Default{UniValue{UniValue::VARR}}, "The transaction outputs and within each, the txid (string) vout (numeric)."}},
        .result = "true|false    (boolean) Whether the command was successful or not",
        .examples = {R"(false, [{"txid":"<txid>","vout":1}])"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            const bool unlock = args.Arg<bool>("unlock");
            const UniValue list = args.Arg<UniValue>("transactions");
            if (list.empty() && unlock) {
                for (const COutPoint& op : wallet->ListLockedCoins()) wallet->LockCoin(op, false);
                return UniValue{true};
            }
            std::vector<COutPoint> outpoints;
            for (size_t i = 0; i < list.size(); ++i) {
                const UniValue& o = list[i];
                if (!o.isObject() || !o["txid"].isStr() || !o["vout"].isNum()) {
                    return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Invalid parameter, expected an object with txid (string) and vout (number)"};
                }
                const auto txid = uint256::FromHex(o["txid"].get_str());
                if (!txid) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "txid must be of length 64 (not a valid hexadecimal hash)"};
                const int64_t n = o["vout"].get_int64();
                if (n < 0) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Invalid parameter, vout cannot be negative"};
                const auto wtx = wallet->GetWalletTx(*txid);
                if (!wtx) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Invalid parameter, unknown transaction"};
                if (static_cast<size_t>(n) >= wtx->tx->vout.size()) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Invalid parameter, vout index out of bounds"};
                const COutPoint op{*txid, static_cast<uint32_t>(n)};
                if (wallet->IsSpent(op)) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Invalid parameter, expected unspent output"};
                const auto locked = wallet->ListLockedCoins();
                const bool is_locked = std::find(locked.begin(), locked.end(), op) != locked.end();
                if (unlock && !is_locked) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Invalid parameter, expected locked output"};
                if (!unlock && is_locked) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Invalid parameter, output already locked"};
                outpoints.push_back(op);
            }
            for (const COutPoint& op : outpoints) wallet->LockCoin(op, !unlock);
            return UniValue{true};
        },
    };
}

rpc::RPCMethod listlockunspent(WalletContext* context)
{
    return {
        .name = "listlockunspent",
        .category = "wallet",
        .description = "Returns list of temporarily unspendable outputs.\nSee the lockunspent call to lock and unlock transactions for spending.",
        .args = {},
        .result = "[ { \"txid\" : \"hex\", \"vout\" : n }, ... ]",
        .examples = {""},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            UniValue out{UniValue::VARR};
            for (const COutPoint& op : wallet->ListLockedCoins()) {
                UniValue entry{UniValue::VOBJ};
                entry.pushKV("txid", op.txid.GetHex());
                entry.pushKV("vout", int64_t{op.n});
                out.push_back(entry);
            }
            return out;
        },
    };
}

} // namespace

void RegisterWalletCoinsRPCCommands(rpc::RPCTable& table, WalletContext* context)
{
    for (const auto method : {getbalance, getbalances, listunspent, lockunspent, listlockunspent}) {
        table.Register(method(context), context != nullptr);
    }
}

} // namespace wallet
