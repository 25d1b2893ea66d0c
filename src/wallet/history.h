// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_WALLET_HISTORY_H
#define DOTS_WALLET_HISTORY_H

// The entries a wallet transaction contributes to listtransactions and gettransaction's
// "details" (Bitcoin Core's ListTransactions): "send" per output paid away, "receive",
// "generate", "immature" or "orphan" per output received, and one entry with the registry
// category (handle_register, node_register, ...) for a registry transaction the wallet made
// or that names its keys. Change outputs are not listed.

#include <primitives/amount.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wallet {

struct TxEntry {
    std::string category;
    std::optional<std::string> address;
    std::optional<std::string> label;
    CAmount amount{0};
    std::optional<uint32_t> vout;
    std::optional<CAmount> fee;   //!< negative, on send and registry entries of our transactions
    std::optional<std::string> handle;
    std::optional<std::string> node; //!< hex key
};

} // namespace wallet

#endif // DOTS_WALLET_HISTORY_H
