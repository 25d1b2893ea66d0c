// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_STORAGE_FLATFILE_H
#define DOTS_STORAGE_FLATFILE_H

/**
 * Flat files for block and undo data: a numbered sequence <prefix>00000.dat, <prefix>00001.dat,
 * ... ("blk" for blocks, "rev" for undo data) of records appended one after another:
 *
 *   [network magic: 4 bytes][payload length: 4 bytes, little endian][payload][checksum: 4 bytes]
 *
 * where checksum = the first 4 bytes of SHA-256(length bytes || payload). The magic lets a
 * reindex tell records from garbage and from another network's files; the checksum catches torn
 * writes and bit rot, including in the length. A record's position (FlatFilePos) is the offset of
 * its magic; the block index stores it.
 *
 * Files are pre-allocated in chunks (fallocate without changing the size, so the file size stays
 * the end of the data) and a new file starts when the next record would make the current one
 * larger than max_file_size. See storage/README.md for the write ordering that makes the node
 * crash safe: records must be Sync()ed before anything that refers to them is written.
 */

#include <storage/env.h>
#include <storage/status.h>
#include <util/sync.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace storage {

/** Where a record starts: file number and byte offset of its magic. Null when file < 0. */
struct FlatFilePos {
    int32_t file{-1};
    uint32_t pos{0};

    bool IsNull() const { return file < 0; }
    /** "file=3 pos=1024" or "null", for logs. */
    std::string ToString() const;
    friend bool operator==(const FlatFilePos&, const FlatFilePos&) = default;
};

using NetworkMagic = std::array<uint8_t, 4>;

constexpr size_t FLATFILE_HEADER_SIZE = 8;   //!< magic + length
constexpr size_t FLATFILE_CHECKSUM_SIZE = 4;
constexpr size_t FLATFILE_RECORD_OVERHEAD = FLATFILE_HEADER_SIZE + FLATFILE_CHECKSUM_SIZE;

/** The record checksum: first 4 bytes of SHA-256(length_le || payload). */
std::array<uint8_t, FLATFILE_CHECKSUM_SIZE> FlatFileChecksum(uint32_t length, std::span<const uint8_t> payload);

struct FlatFileOptions {
    std::string prefix{"blk"};          //!< file name prefix: "blk" or "rev"
    NetworkMagic magic{};               //!< the network's message start bytes
    uint32_t max_file_size{128 << 20};  //!< start a new file past this (Bitcoin Core: 128 MiB)
    uint32_t chunk_size{16 << 20};      //!< pre-allocation step (blk 16 MiB, rev 1 MiB)
    /** Reads reject a length above this as corrupt (no giant allocations from a bad header).
     * 0 means max_file_size - FLATFILE_RECORD_OVERHEAD. */
    uint32_t max_record_size{0};
};

/** How a scan of one file ended. */
struct FlatFileScan {
    enum class End {
        kClean,      //!< the last record ends exactly at the end of the file
        kZeroTail,   //!< zero bytes follow the last record (pre-allocated or zero-filled by a crash)
        kTruncated,  //!< a record runs past the end of the file: a torn append
        kCorrupt,    //!< bad magic, implausible length or checksum mismatch at `stop_offset`
    };
    uint64_t records{0};      //!< valid records visited
    uint64_t valid_end{0};    //!< offset just past the last valid record
    uint64_t file_size{0};
    End end{End::kClean};
    /** Where the scan stopped (== valid_end), and why in words, naming the file and offset. */
    uint64_t stop_offset{0};
    std::string detail;
    /** True if the only damage is in the last record of the file (a crash mid-append can do
     * that), i.e. dropping everything from valid_end on loses no record written before it. */
    bool DamageOnlyAtTail() const;
};

/** Called for each valid record; `payload` is valid only during the call. Return false to stop. */
using FlatFileVisitor = std::function<bool(FlatFilePos pos, std::span<const uint8_t> payload)>;

/**
 * Walks the records of one file from offset 0 (for -reindex and for recovery at open), calling
 * `visitor` (may be empty) for each valid one, and stops at the end, at a torn tail or at the
 * first damaged record, saying which in the result. `file` is only used to fill FlatFilePos.
 * Returns a non-OK Status only when the file cannot be read (I/O error, NotFound); damage is
 * reported in the FlatFileScan, not as an error, so the caller decides.
 */
StatusOr<FlatFileScan> ScanFlatFile(Env& env, const std::filesystem::path& path, int32_t file,
                                    const FlatFileOptions& options, const FlatFileVisitor& visitor);

/**
 * One sequence of flat files in one directory, with one writer. Thread-safe: Append/Sync and
 * Read may be called from different threads (Read never blocks on a slow append for long: it
 * only shares a small handle cache).
 */
class FlatFileStore
{
public:
    /**
     * Opens (creating `dir` if needed) the sequence <dir>/<prefix>NNNNN.dat.
     * `resume`: where the next record goes, as recorded by the caller's index (the block index
     * keeps the used size of each file, like Bitcoin Core's CBlockFileInfo). Bytes after it are
     * orphans of a crash and are overwritten. Without it, the highest-numbered file is scanned and
     * writing resumes after its last valid record; a torn or zero tail is dropped, but damage
     * before the last record returns Corruption (naming file and offset) rather than risk
     * overwriting good records: the operator must -reindex.
     * InvalidArgument for inconsistent options. `env` is not owned and must outlive the store.
     */
    static StatusOr<std::unique_ptr<FlatFileStore>> Open(Env& env, std::filesystem::path dir, FlatFileOptions options,
                                                         std::optional<FlatFilePos> resume = std::nullopt);
    ~FlatFileStore();
    FlatFileStore(const FlatFileStore&) = delete;
    FlatFileStore& operator=(const FlatFileStore&) = delete;

    /**
     * Appends one record and returns its position. After OK the record is readable with Read()
     * and survives a process crash, but is durable only after Sync(). On error (e.g. ENOSPC)
     * nothing of the record remains: the partial tail is truncated away, earlier records are
     * untouched, and a later Append may succeed once space is freed. InvalidArgument if the
     * payload cannot fit in one file.
     */
    StatusOr<FlatFilePos> Append(std::span<const uint8_t> payload) LOCKS_EXCLUDED(m_mutex);

    /**
     * Makes every record appended so far durable (fdatasync of the current file; files left
     * behind by a roll-over were synced then; a new file's directory entry is synced too).
     * After a failure the caller must treat every record since the last successful Sync() as
     * lost and must not write anything that refers to them (see storage/README.md); the node
     * should shut down, as Bitcoin Core's AbortNode does. The failure is sticky: every later
     * Append() and Sync() of this store returns it too (a retried fsync may "succeed" without
     * having written the lost pages), until the store is reopened.
     */
    Status Sync() LOCKS_EXCLUDED(m_mutex);

    /**
     * Reads and verifies the record at `pos`. Corruption (naming the file and offset) if the
     * magic, length or checksum is wrong or the record is truncated; NotFound if the file is
     * missing; IOError if it cannot be read.
     */
    StatusOr<std::vector<uint8_t>> Read(FlatFilePos pos) const LOCKS_EXCLUDED(m_read_mutex);

    /** Scans file number `file` with ScanFlatFile and this store's options. */
    StatusOr<FlatFileScan> Scan(int32_t file, const FlatFileVisitor& visitor) const;

    /** Where the next record will go (the caller's index records this as the used size). */
    FlatFilePos WritePos() const LOCKS_EXCLUDED(m_mutex);

    /** <dir>/<prefix>NNNNN.dat */
    std::filesystem::path FileName(int32_t file) const;

    const FlatFileOptions& Options() const { return m_options; }

private:
    FlatFileStore(Env& env, std::filesystem::path dir, FlatFileOptions options);

    Status RollToNextFile() EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    Status OpenWriter() EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    Status Preallocate(uint64_t record_end) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    Status WriteRecord(std::span<const uint8_t> payload) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    Status Corrupt(FlatFilePos pos, const std::string& what) const;
    StatusOr<std::shared_ptr<RandomAccessFile>> ReadHandle(int32_t file) const LOCKS_EXCLUDED(m_read_mutex);

    Env& m_env;
    const std::filesystem::path m_dir;
    const FlatFileOptions m_options;

    mutable Mutex m_mutex;
    FlatFilePos m_write_pos GUARDED_BY(m_mutex){0, 0};
    std::unique_ptr<WritableFile> m_writer GUARDED_BY(m_mutex);
    uint64_t m_allocated_end GUARDED_BY(m_mutex){0};
    Status m_sync_error GUARDED_BY(m_mutex); //!< sticky: set by the first failed fsync

    mutable Mutex m_read_mutex;
    mutable std::map<int32_t, std::shared_ptr<RandomAccessFile>> m_read_files GUARDED_BY(m_read_mutex);
};

} // namespace storage

#endif // DOTS_STORAGE_FLATFILE_H
