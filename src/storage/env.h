// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_STORAGE_ENV_H
#define DOTS_STORAGE_ENV_H

/**
 * All operating-system file access of the storage layer goes through an Env, so that tests can
 * swap in a FaultInjectionEnv (storage/fault_env.h) and watch the code survive full disks,
 * failed fsyncs and crashes. (LevelDB itself does its file access through its own leveldb::Env;
 * see storage/dbwrapper.h.)
 *
 * Durability vocabulary used below:
 *  - "survives a process crash": the bytes are in the OS page cache; a killed dotsd loses
 *    nothing, a power loss or kernel panic may.
 *  - "durable": the bytes are on stable storage; they survive power loss.
 * Only Sync() and SyncDir() make anything durable. After a failed Sync() the caller must treat
 * everything written since the last successful Sync() as lost: Linux may drop the dirty pages of
 * a failed fsync and report success on a retry ("fsyncgate"), so retrying is not a remedy.
 *
 * Paths are absolute or relative std::filesystem paths; the Env never changes the working
 * directory.
 */

#include <storage/status.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace storage {

/**
 * A file open for appending. Owned by the caller (std::unique_ptr); one thread at a time (no
 * internal locking). The destructor closes the file without syncing and drops errors; call
 * Close() to see them.
 */
class WritableFile
{
public:
    virtual ~WritableFile() = default;

    /**
     * Appends data at the end of the file. May buffer in user space (PosixEnv buffers up to
     * 64 KiB; larger appends go straight to the OS). On error (e.g. ENOSPC) a prefix of the data
     * may have been written: Size() still reports the size before the call, and the caller should
     * Truncate(Size()) to drop the partial tail before appending anything else.
     */
    virtual Status Append(std::span<const uint8_t> data) = 0;

    /** Hands buffered bytes to the OS. After OK the data survives a process crash, not power loss. */
    virtual Status Flush() = 0;

    /**
     * Flush(), then fdatasync(). After OK everything appended so far is durable. The first
     * successful Sync() of a file that this handle created also fsyncs the parent directory, so
     * the new file's name is durable too.
     */
    virtual Status Sync() = 0;

    /** Flushes and closes. Not a Sync(). Further calls other than the destructor are errors. */
    virtual Status Close() = 0;

    /**
     * Discards everything after the first `size` bytes (buffered bytes included); `size` must be
     * <= Size(). Not durable until the next Sync().
     */
    virtual Status Truncate(uint64_t size) = 0;

    /**
     * Reserves disk space for bytes [offset, offset + len) without changing the file size
     * (fallocate FALLOC_FL_KEEP_SIZE), so later appends in that range cannot fail with ENOSPC
     * and the file stays contiguous. Best effort: OK when the file system does not support it.
     * Returns IOError (e.g. ENOSPC) when the space is not available, which lets the caller stop
     * before writing a half record.
     */
    virtual Status Allocate(uint64_t offset, uint64_t len) = 0;

    /** Logical size: bytes on disk plus bytes buffered. The offset the next Append() writes at. */
    virtual uint64_t Size() const = 0;

    virtual const std::filesystem::path& Path() const = 0;
};

/** A file open for positional reads. Thread-safe: Read() may be called concurrently. */
class RandomAccessFile
{
public:
    virtual ~RandomAccessFile() = default;

    /**
     * Reads up to out.size() bytes starting at `offset` into `out`. Returns the number of bytes
     * read, which is less than out.size() only at end of file (0 at or past the end).
     */
    virtual StatusOr<size_t> Read(uint64_t offset, std::span<uint8_t> out) const = 0;

    /** The current size of the file on disk. */
    virtual StatusOr<uint64_t> Size() const = 0;

    virtual const std::filesystem::path& Path() const = 0;
};

/** An advisory lock on a file; released when destroyed. */
class FileLock
{
public:
    virtual ~FileLock() = default;
};

/** See the file comment. Implementations are thread-safe. */
class Env
{
public:
    virtual ~Env() = default;

    /**
     * Creates `path`, or truncates it to zero bytes if it exists, and opens it for appending.
     * The new name is durable after the file's first Sync() (see WritableFile::Sync).
     */
    virtual StatusOr<std::unique_ptr<WritableFile>> NewWritableFile(const std::filesystem::path& path) = 0;

    /** Opens `path` for appending at its current end, creating it (empty) if missing. */
    virtual StatusOr<std::unique_ptr<WritableFile>> NewAppendableFile(const std::filesystem::path& path) = 0;

    /** Opens an existing file for reading. NotFound if it does not exist. */
    virtual StatusOr<std::unique_ptr<RandomAccessFile>> NewRandomAccessFile(const std::filesystem::path& path) = 0;

    virtual bool FileExists(const std::filesystem::path& path) = 0;

    /** NotFound if it does not exist. */
    virtual StatusOr<uint64_t> GetFileSize(const std::filesystem::path& path) = 0;

    /** The names (not paths) of the entries of directory `dir`, without "." and "..", unsorted. */
    virtual StatusOr<std::vector<std::string>> GetChildren(const std::filesystem::path& dir) = 0;

    /**
     * Creates `dir` and any missing parents; OK if it already exists as a directory. Durable on
     * return: the parent of every directory created is fsynced.
     */
    virtual Status CreateDir(const std::filesystem::path& dir) = 0;

    /** Removes a file. NotFound if it does not exist. Durable only after SyncDir(parent). */
    virtual Status RemoveFile(const std::filesystem::path& path) = 0;

    /** Removes an empty directory. NotFound if it does not exist, IOError if not empty. */
    virtual Status RemoveDir(const std::filesystem::path& dir) = 0;

    /**
     * Atomically renames `src` to `dst`, replacing `dst` if it exists: a crash leaves either the
     * old or the new name, never neither. Durable only after SyncDir() of the parent(s).
     * The classic durable replace is: write tmp, Sync() tmp, RenameFile(tmp, dst), SyncDir(dir).
     */
    virtual Status RenameFile(const std::filesystem::path& src, const std::filesystem::path& dst) = 0;

    /** Truncates (or zero-extends) a closed file to `size` bytes. Durable only after a Sync(). */
    virtual Status TruncateFile(const std::filesystem::path& path, uint64_t size) = 0;

    /** fsyncs directory `dir` so that creations, removals and renames in it are durable. */
    virtual Status SyncDir(const std::filesystem::path& dir) = 0;

    /**
     * Takes an exclusive advisory lock on `path` (created if missing), e.g. the datadir's .lock.
     * IOError if another process, or this process through another FileLock, holds it.
     * The lock is released when the returned object is destroyed or the process exits.
     */
    virtual StatusOr<std::unique_ptr<FileLock>> LockFile(const std::filesystem::path& path) = 0;
};

/**
 * The process-wide POSIX Env. Never destroyed; thread-safe. Every descriptor it opens is
 * O_CLOEXEC, every syscall is retried on EINTR, and errors name the path and strerror(errno).
 */
Env& DefaultEnv();

/** A new, independent POSIX Env (same behaviour as DefaultEnv()); for wrapping in tests. */
std::unique_ptr<Env> NewPosixEnv();

} // namespace storage

#endif // DOTS_STORAGE_ENV_H
