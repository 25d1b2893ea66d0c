// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_STORAGE_LEVELDB_ENV_H
#define DOTS_STORAGE_LEVELDB_ENV_H

/**
 * The bridge that makes LevelDB do its file access through a storage::Env, so databases meet the
 * same injected faults as the rest of the storage layer.
 */

#include <storage/env.h>

#include <memory>

namespace leveldb {
class Env;
} // namespace leveldb

namespace storage {

/**
 * A leveldb::Env whose file access goes through `env`, so LevelDB meets the same injected faults
 * (full disk, failed fsync, crash) as the rest of the storage layer. Threads, the clock and
 * sleeps come from LevelDB's default Env. Reads use pread (no mmap). `env` is not owned and must
 * outlive the returned Env, which must outlive every DB opened with it. Thread-safe.
 */
std::unique_ptr<leveldb::Env> NewLevelDbEnv(Env& env);

} // namespace storage

#endif // DOTS_STORAGE_LEVELDB_ENV_H
