// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <util/chaintype.h>

#include <config/dots-config.h>
#include <util/args.h>

#include <cassert>

const BaseChainParams& GetBaseChainParams(const std::string& chain)
{
    static const BaseChainParams MAIN{"main", "", 7332, 7333, 5060};
    static const BaseChainParams TEST{"test", "testnet", 17332, 17333, 5062};
    static const BaseChainParams REGTEST{"regtest", "regtest", 17443, 17444, 5064};
    if (chain == "main") return MAIN;
    if (chain == "test") return TEST;
    assert(chain == "regtest"); // names are validated by ArgsManager::GetChainName
    return REGTEST;
}

void AddChainSelectionArgs(ArgsManager& args)
{
    args.AddArg("-chain=<chain>", "Use the chain <chain>: main, test or regtest (default: main)", ALLOW_STRING, OptionsCategory::CHAINPARAMS);
    args.AddArg("-regtest", "Use the regression test chain: blocks can be mined instantly; for tests and local networks.",
                ALLOW_BOOL, OptionsCategory::CHAINPARAMS);
    args.AddArg("-testnet", "Use the test chain. Equivalent to -chain=test.", ALLOW_BOOL, OptionsCategory::CHAINPARAMS);
}

std::filesystem::path GetDataDirNet(const ArgsManager& args, const BaseChainParams& chain)
{
    std::filesystem::path dir = args.GetDataDirBase();
    if (!chain.data_subdir.empty()) dir /= chain.data_subdir;
    return dir;
}

std::filesystem::path GetCookieFile(const ArgsManager& args, const BaseChainParams& chain)
{
    std::filesystem::path path{args.GetArg("-rpccookiefile", ".cookie")};
    if (path.is_relative()) path = GetDataDirNet(args, chain) / path;
    return path;
}

std::string FormatVersion()
{
    return std::to_string(CLIENT_VERSION_MAJOR) + "." + std::to_string(CLIENT_VERSION_MINOR) + "." +
           std::to_string(CLIENT_VERSION_BUILD);
}

int ClientVersionNumber()
{
    return CLIENT_VERSION_MAJOR * 10000 + CLIENT_VERSION_MINOR * 100 + CLIENT_VERSION_BUILD;
}

std::string FormatSubVersion()
{
    return "/DOTS:" + FormatVersion() + "/";
}
