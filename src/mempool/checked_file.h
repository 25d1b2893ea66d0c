// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_MEMPOOL_CHECKED_FILE_H
#define DOTS_MEMPOOL_CHECKED_FILE_H

/**
 * The files the mempool keeps across restarts (mempool.dat, fee_estimates.dat):
 *
 *   file := magic:8 payload sha256(magic || payload):32
 *
 * written to a temporary file, fsynced and renamed over the old one (util/fs.h
 * WriteFileAtomic), so after a crash at any moment the file is the old one or the new one,
 * never a mix; the checksum catches damage on disk. Pure functions; thread-safe.
 */

#include <util/result.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

namespace mempool {

using FileMagic = std::array<uint8_t, 8>;

/** Writes `payload` under `magic` to `path` atomically. Errors name the file and the cause. */
util::Result<void> WriteCheckedFile(const std::filesystem::path& path, const FileMagic& magic,
                                    std::span<const uint8_t> payload);

/**
 * Reads a file WriteCheckedFile wrote and returns its payload. Errors: missing file (the
 * message says so), other magic, bad checksum, larger than `max_size`.
 */
util::Result<std::vector<uint8_t>> ReadCheckedFile(const std::filesystem::path& path, const FileMagic& magic,
                                                   size_t max_size);

} // namespace mempool

#endif // DOTS_MEMPOOL_CHECKED_FILE_H
