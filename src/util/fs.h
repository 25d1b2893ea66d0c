// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_UTIL_FS_H
#define DOTS_UTIL_FS_H

/**
 * File-system helpers: the datadir lock, atomic file writes and bounded file reads.
 */

#include <util/result.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

/**
 * An exclusive advisory lock (flock) on a file, held until destruction. Used on <datadir>/.lock so
 * that two nodes never share a datadir. Not copyable. The lock dies with the process, so a crash
 * never leaves a stale lock behind.
 */
class DirectoryLock
{
public:
    /** Creates the lock file if needed and takes the lock without blocking. Errors name the path. */
    static util::Result<std::unique_ptr<DirectoryLock>> Acquire(const std::filesystem::path& lock_file);
    ~DirectoryLock();
    DirectoryLock(const DirectoryLock&) = delete;
    DirectoryLock& operator=(const DirectoryLock&) = delete;

private:
    explicit DirectoryLock(int fd) : m_fd{fd} {}
    int m_fd;
};

/**
 * Writes `content` to `path` atomically: a temporary file in the same directory, fsync, rename.
 * With `private_mode` the file is created 0600 (cookies, pid files). Errors carry strerror.
 */
util::Result<void> WriteFileAtomic(const std::filesystem::path& path, std::string_view content, bool private_mode);

/** Reads a whole small file. Errors carry strerror. */
util::Result<std::string> ReadSmallFile(const std::filesystem::path& path, size_t max_size = 1 << 20);

#endif // DOTS_UTIL_FS_H
