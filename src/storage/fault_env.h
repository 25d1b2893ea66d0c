// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_STORAGE_FAULT_ENV_H
#define DOTS_STORAGE_FAULT_ENV_H

/**
 * FaultInjectionEnv: an Env for tests that injects full disks, failed fsyncs and power loss, so
 * the storage code can be shown to survive them.
 */

#include <storage/env.h>
#include <util/sync.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>

namespace storage {

/**
 * An Env for tests that forwards to a real Env and injects the failures a node meets in the
 * field, so storage code can be shown to survive them:
 *
 *  - a full disk: after a byte budget is used up, writes fail with ENOSPC ("No space left on
 *    device"); the write that crosses the budget is partial, as with a real file system;
 *    Allocate() fails likewise when the requested range does not fit;
 *  - failed fsyncs: Sync() and SyncDir() return IOError and make nothing durable;
 *  - a crash (power loss): SimulateCrash() truncates every file written through this Env to the
 *    size it had at its last successful Sync() (optionally keeping a torn tail of the unsynced
 *    bytes), deletes files created through this Env whose name was never made durable, and
 *    invalidates every open WritableFile, as if the process had died.
 *
 * Model and its limits: data written through a WritableFile of this Env is handed to the base
 * Env at once (no user-space buffering), and "synced" is tracked per path. A file's name becomes
 * durable at its first successful Sync() or at a SyncDir() of its directory. Renames and removals
 * are treated as durable immediately. Files written by other means (LevelDB's own Env) are not
 * tracked.
 *
 * Thread-safe.
 */
class FaultInjectionEnv final : public Env
{
public:
    /** `base` is not owned and must outlive this Env (usually DefaultEnv()). */
    explicit FaultInjectionEnv(Env& base) : m_base{base} {}

    /** Writes fail with ENOSPC once `bytes` more bytes have been written; nullopt = unlimited. */
    void SetSpaceLimit(std::optional<uint64_t> bytes) LOCKS_EXCLUDED(m_mutex);
    /** While true, Sync() and SyncDir() fail with IOError and leave the data unsynced. */
    void SetSyncFailure(bool fail) LOCKS_EXCLUDED(m_mutex);
    /** Bytes written through this Env's files so far (a test can place a limit mid-record). */
    uint64_t BytesWritten() const LOCKS_EXCLUDED(m_mutex);

    /**
     * Simulates a power loss now (see the class comment). Up to `keep_unsynced_bytes` of each
     * file's unsynced tail survive, to model a torn write. Returns the first error of the base
     * Env while rewinding files. Open WritableFiles of this Env fail every call afterwards.
     */
    Status SimulateCrash(uint64_t keep_unsynced_bytes = 0) LOCKS_EXCLUDED(m_mutex);

    // Env
    StatusOr<std::unique_ptr<WritableFile>> NewWritableFile(const std::filesystem::path& path) override;
    StatusOr<std::unique_ptr<WritableFile>> NewAppendableFile(const std::filesystem::path& path) override;
    StatusOr<std::unique_ptr<RandomAccessFile>> NewRandomAccessFile(const std::filesystem::path& path) override;
    bool FileExists(const std::filesystem::path& path) override;
    StatusOr<uint64_t> GetFileSize(const std::filesystem::path& path) override;
    StatusOr<std::vector<std::string>> GetChildren(const std::filesystem::path& dir) override;
    Status CreateDir(const std::filesystem::path& dir) override;
    Status RemoveFile(const std::filesystem::path& path) override;
    Status RemoveDir(const std::filesystem::path& dir) override;
    Status RenameFile(const std::filesystem::path& src, const std::filesystem::path& dst) override;
    Status TruncateFile(const std::filesystem::path& path, uint64_t size) override;
    Status SyncDir(const std::filesystem::path& dir) override;
    StatusOr<std::unique_ptr<FileLock>> LockFile(const std::filesystem::path& path) override;

private:
    friend class FaultWritableFile;

    struct FileState {
        uint64_t synced_size{0};
        bool name_durable{false};
    };

    StatusOr<std::unique_ptr<WritableFile>> OpenWritable(const std::filesystem::path& path, bool truncate);
    /** How many of `want` bytes may be written now; charges them to the budget. */
    uint64_t ReserveSpace(uint64_t want) LOCKS_EXCLUDED(m_mutex);
    bool SyncFails() const LOCKS_EXCLUDED(m_mutex);
    void MarkSynced(const std::filesystem::path& path, uint64_t size) LOCKS_EXCLUDED(m_mutex);
    uint64_t Generation() const LOCKS_EXCLUDED(m_mutex);

    Env& m_base;
    mutable Mutex m_mutex;
    std::map<std::filesystem::path, FileState> m_files GUARDED_BY(m_mutex);
    std::optional<uint64_t> m_space_left GUARDED_BY(m_mutex);
    bool m_fail_sync GUARDED_BY(m_mutex){false};
    uint64_t m_bytes_written GUARDED_BY(m_mutex){0};
    uint64_t m_generation GUARDED_BY(m_mutex){0}; //!< bumped by each crash
};

} // namespace storage

#endif // DOTS_STORAGE_FAULT_ENV_H
