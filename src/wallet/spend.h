// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_WALLET_SPEND_H
#define DOTS_WALLET_SPEND_H

// What a wallet send asks for and what it produces (wallet/spend.cpp implements
// Wallet::CreateTransaction and Wallet::CommitTransaction).

#include <primitives/amount.h>
#include <primitives/transaction.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace wallet {

struct Recipient {
    OutputLock lock;
    CAmount amount{0};
    bool subtract_fee{false}; //!< the fee is taken out of this amount (shared equally)
};

/** How the fee rate is chosen: an explicit rate, or estimatesmartfee for a target. */
struct FeeOptions {
    std::optional<CAmount> fee_rate_per_kb; //!< units per 1,000 bytes (fee_rate argument)
    std::optional<int> conf_target;         //!< blocks (default -txconfirmtarget)
    bool conservative{false};               //!< estimate_mode "conservative"
};

/** A transaction to build: its kind and payload, what it pays and takes from the registry. */
struct TxRequest {
    TxKind kind{TxKind::TRANSFER};
    /** The payload at its final size (a placeholder of that size if `finalize` rewrites it). */
    std::vector<uint8_t> payload;
    std::vector<Recipient> recipients;
    CAmount registry_locked{0};   //!< burned fee, bond or deposit the inputs must also cover
    CAmount registry_released{0}; //!< value a node withdrawal brings in
    /** Coins that must be spent (e.g. a registration's reserved output); others are added as needed. */
    std::vector<COutPoint> required_inputs;
    /** Called once inputs and outputs are final and before the inputs are signed: may rewrite
     * the payload (same size) from them, e.g. a withdrawal signing its outputs. An error aborts. */
    std::function<std::optional<std::string>(CMutableTransaction&)> finalize;
    /** Minimum confirmations of the coins (0: also our own unconfirmed change). */
    int min_depth{0};
};

/** A signed transaction ready to commit. */
struct CreatedTx {
    CTransactionRef tx;
    std::vector<CTxOut> spent;   //!< the outputs it spends, per input
    CAmount fee{0};
    CAmount fee_rate_per_kb{0};
    std::string fee_reason;      //!< "Fallback fee", "Estimation", "User-specified"...
    std::optional<uint32_t> change_position;
};

} // namespace wallet

#endif // DOTS_WALLET_SPEND_H
