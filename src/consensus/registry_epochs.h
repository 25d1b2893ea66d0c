// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CONSENSUS_REGISTRY_EPOCHS_H
#define DOTS_CONSENSUS_REGISTRY_EPOCHS_H

/**
 * Epoch arithmetic of the registry (doc/registry.md "Heights and epochs"): settlement epochs
 * (vouchers) and probe epochs (availability rewards), their windows and seeds. Heights are
 * non-negative block heights; results are in int64 so that window ends past INT32_MAX do not
 * overflow. Pure; thread-safe.
 */

#include <consensus/params.h>

#include <cstdint>

namespace consensus {

/** The settlement epoch of height `height` (>= 0). */
inline int64_t SettleEpochOf(int64_t height, const RegistryParams& p) { return height / p.settle_epoch; }
/** The first height of settlement epoch `epoch`. */
inline int64_t SettleEpochStart(int64_t epoch, const RegistryParams& p) { return epoch * p.settle_epoch; }
/** The first height at which vouchers of settlement epoch `epoch` are no longer settleable (and
 * its settlement keys are erased). */
inline int64_t SettleDeadline(int64_t epoch, const RegistryParams& p) { return (epoch + 1) * p.settle_epoch + p.settle_window; }
/** When a deposit release requested at `height` is released. */
inline int64_t ReleaseHeight(int64_t height, const RegistryParams& p) { return height + p.settle_epoch + p.settle_window; }

/** The probe epoch of height `height` (>= 0). */
inline int64_t ProbeEpochOf(int64_t height, const RegistryParams& p) { return height / p.probe_epoch; }
/** The first height of probe epoch `epoch`. */
inline int64_t ProbeEpochStart(int64_t epoch, const RegistryParams& p) { return epoch * p.probe_epoch; }
/** The seed height of probe epoch `epoch` (>= 1; epoch 0 has no seed). */
inline int64_t SeedHeight(int64_t epoch, const RegistryParams& p) { return epoch * p.probe_epoch - p.probe_seed_depth; }
/** The first height at which receipts of probe epoch `epoch` are no longer accepted (and its
 * frozen set and receipt counters are erased). */
inline int64_t ReceiptDeadline(int64_t epoch, const RegistryParams& p) { return (epoch + 2) * p.probe_epoch; }

} // namespace consensus

#endif // DOTS_CONSENSUS_REGISTRY_EPOCHS_H
