// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_UTIL_CHAINTYPE_H
#define DOTS_UTIL_CHAINTYPE_H

/**
 * What every program knows of a chain before consensus code runs: names, datadir subdirectories,
 * default ports, the datadir and cookie paths, and the version strings.
 */

#include <cstdint>
#include <filesystem>
#include <string>

class ArgsManager;

/**
 * What dotsd and dots-cli both need to know about a chain before any consensus code runs:
 * its name, datadir subdirectory and default ports. Consensus parameters (genesis, proof of
 * work, rewards) live in consensus/ and are chosen by the same name.
 *
 *   chain     subdir     RPC     P2P     SIP
 *   main      (none)     7332    7333    5060
 *   test      testnet    17332   17333   5062
 *   regtest   regtest    17443   17444   5064
 */
struct BaseChainParams {
    std::string name;        //!< "main", "test", "regtest"
    std::string data_subdir; //!< "" for main
    uint16_t rpc_port;
    uint16_t p2p_port;
    uint16_t sip_port;
};

/** Parameters for a chain name as returned by ArgsManager::GetChainName (always valid there). */
const BaseChainParams& GetBaseChainParams(const std::string& chain);

/** Registers -regtest, -testnet, -chain. */
void AddChainSelectionArgs(ArgsManager& args);

/** <datadir>/<chain subdir>: where this chain's files live. */
std::filesystem::path GetDataDirNet(const ArgsManager& args, const BaseChainParams& chain);

/** Default cookie path <datadir>/<chain subdir>/.cookie, or -rpccookiefile (relative to that dir). */
std::filesystem::path GetCookieFile(const ArgsManager& args, const BaseChainParams& chain);

/** Client version string, "0.1.0". */
std::string FormatVersion();
/** Version as an integer (major*10000 + minor*100 + build), as Bitcoin Core reports it. */
int ClientVersionNumber();
/** "/DOTS:0.1.0/" user agent. */
std::string FormatSubVersion();

#endif // DOTS_UTIL_CHAINTYPE_H
