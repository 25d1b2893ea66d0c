// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CHAINSTATE_BLOCKSTORAGE_H
#define DOTS_CHAINSTATE_BLOCKSTORAGE_H

/**
 * BlockManager: blocks in <blocks_dir>/blkNNNNN.dat and undo data in revNNNNN.dat (through
 * storage::FlatFileStore, records framed with the network magic and checksummed), the in-memory
 * block tree (BlockMap) loaded from BlockTreeDB, and the per-file statistics.
 *
 * Crash-safe write ordering (chainstate/README.md): WriteBlock/WriteUndo only append (the data
 * survives a process crash, not a power loss) and mark the index entries and file infos dirty in
 * memory. FlushIndex() then syncs the blk store, syncs the rev store, and only then writes the
 * dirty index entries and file infos in one synced BlockTreeDB batch. Validation calls
 * FlushIndex() before flushing the coins cache, so that nothing durable ever refers to block or
 * undo data that is not durable. After a crash, records appended after the last FlushIndex()
 * are orphans: the stores resume at the sizes the index recorded and overwrite them.
 *
 * Thread-safety: the BlockMap, dirty sets and file infos are guarded by the caller's chain lock
 * (validation's cs_main equivalent). ReadBlock/ReadUndo/ReadRawBlock only need the BlockIndex
 * fields they are given to be stable, and may run concurrently with appends.
 */

#include <chainstate/blockindex.h>
#include <chainstate/blocktreedb.h>
#include <chainstate/undo.h>
#include <primitives/block.h>
#include <storage/env.h>
#include <storage/flatfile.h>
#include <storage/status.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>
#include <vector>

namespace chainstate {

struct BlockManagerOptions {
    std::filesystem::path blocks_dir;     //!< <datadir>/blocks
    storage::NetworkMagic magic{};        //!< the network's message start; framed into every record
    uint32_t max_block_file_size{128 << 20};
    uint32_t block_chunk_size{16 << 20};
    uint32_t max_undo_file_size{128 << 20};
    uint32_t undo_chunk_size{1 << 20};
    /** File access; nullptr means storage::DefaultEnv(). Not owned; must outlive the manager. */
    storage::Env* env{nullptr};
};

/** Undo records end with SHA-256d(block hash || undo bytes): the flat-file checksum catches
 * torn writes, this one also catches an index entry that points at another block's undo. */
constexpr size_t UNDO_CHECKSUM_SIZE = 32;

/** What a -reindex scan found. */
struct ReindexScanStats {
    int files{0};                //!< blk files scanned
    uint64_t blocks{0};          //!< records that decoded as blocks (and were passed on)
    uint64_t bad_records{0};     //!< valid records that did not decode as a block (skipped)
    uint64_t damaged_files{0};   //!< files whose scan stopped at a torn tail or damage
    bool interrupted{false};     //!< the visitor asked to stop
};

/** Called for each block found by ScanBlockFiles; return false to stop the scan. */
using ReindexVisitor = std::function<bool(storage::FlatFilePos pos, const CBlock& block)>;

class BlockManager
{
public:
    /**
     * Opens the block and undo stores and, unless `reindex`, loads the block index from `db`
     * (which is not owned and must outlive the manager). With `reindex` the index is not read
     * (the caller wiped it) and the stores find their write position by scanning the last files.
     * Errors: those of the stores (IOError, Corruption of a non-tail record) and of
     * BlockTreeDB::LoadBlockIndex (Corruption).
     */
    static storage::StatusOr<std::unique_ptr<BlockManager>> Open(const BlockManagerOptions& options, BlockTreeDB& db,
                                                                bool reindex = false);
    ~BlockManager();
    BlockManager(const BlockManager&) = delete;
    BlockManager& operator=(const BlockManager&) = delete;

    /** The block tree. Guarded by the caller's chain lock. */
    BlockMap& Index() { return m_index; }
    const BlockMap& Index() const { return m_index; }
    /** The entry for `hash`, or nullptr. */
    BlockIndex* LookupBlockIndex(const uint256& hash);
    /** Adds a header (see AddToBlockMap; status BLOCK_VALID_UNKNOWN, the caller raises it after
     * its checks) and marks a new entry dirty. Returns the (possibly existing) entry. */
    BlockIndex* AddToBlockIndex(const CBlockHeader& header);
    /** Marks an entry for the next FlushIndex (after changing its status). */
    void SetDirty(const BlockIndex* index) { m_dirty_blocks.insert(index); }
    /** Whether FlushIndex has anything to write. */
    bool HasDirty() const { return !m_dirty_blocks.empty() || !m_dirty_files.empty(); }

    /**
     * Appends `block` (which must hash to index.hash) to the blk files, and records the position
     * in `index` (data_pos, tx_count, HAVE_DATA; marked dirty) and in the file's info.
     * Not durable until FlushIndex(). Errors: IOError (disk full: nothing of the record remains).
     */
    [[nodiscard]] storage::Status WriteBlock(const CBlock& block, BlockIndex& index);

    /**
     * Records that the block of `index` is already stored at `pos` (found by a -reindex scan):
     * sets data_pos, tx_count and HAVE_DATA, and accounts it in the file info.
     */
    void RecordBlockPos(BlockIndex& index, const CBlock& block, storage::FlatFilePos pos);

    /**
     * Reads the block of `index` (requires HAVE_DATA) and checks that its header hashes to
     * index.hash. Corruption names the file and offset when the record is damaged, undecodable
     * or holds another block; NotFound if the file is gone (pruned or deleted).
     */
    storage::StatusOr<CBlock> ReadBlock(const BlockIndex& index) const;
    /** Reads and decodes the block at `pos` without an expected hash. */
    storage::StatusOr<CBlock> ReadBlockAt(storage::FlatFilePos pos) const;
    /** The verified serialized block at `pos` (for relaying it without re-encoding). */
    storage::StatusOr<std::vector<uint8_t>> ReadRawBlock(storage::FlatFilePos pos) const;

    /**
     * Appends the undo data of the block of `index` to the rev files (with the checksum over the
     * block hash), records undo_pos and HAVE_UNDO in `index` (marked dirty). Not durable until
     * FlushIndex(). Errors: IOError.
     */
    [[nodiscard]] storage::Status WriteUndo(const BlockUndo& undo, BlockIndex& index);

    /** Reads and verifies the undo data of `index` (requires HAVE_UNDO). Corruption if damaged
     * or if the checksum does not match this block's hash. */
    storage::StatusOr<BlockUndo> ReadUndo(const BlockIndex& index) const;

    /** Syncs the blk store, then the rev store. After a failure, shut down (see flatfile.h). */
    [[nodiscard]] storage::Status FlushBlockFiles();

    /**
     * The ordering helper: FlushBlockFiles(), then the dirty index entries, dirty file infos and
     * last-files record in one synced BlockTreeDB batch. Call before flushing the chainstate.
     * On error nothing is marked clean (a later call retries the whole write).
     */
    [[nodiscard]] storage::Status FlushIndex();

    /**
     * For -reindex: walks blk00000.dat, blk00001.dat, ... in order until a file is missing, and
     * calls `visitor` for each record that decodes as a block. A record that is intact but not a
     * block is logged and skipped; a torn tail or damaged record ends that file's scan with a log
     * line naming the file and offset, and the scan goes on with the next file. Returns a non-OK
     * Status only for I/O errors.
     */
    storage::StatusOr<ReindexScanStats> ScanBlockFiles(const ReindexVisitor& visitor) const;

    /** The info of blk/rev file `file` (a zero info if none is known). */
    BlockFileInfo GetFileInfo(int32_t file) const;
    const LastFiles& GetLastFiles() const { return m_last; }
    /** Bytes used by all blk and rev files, per the file infos. */
    uint64_t CalculateCurrentUsage() const;

    storage::FlatFileStore& BlockStore() { return *m_blocks; }
    storage::FlatFileStore& UndoStore() { return *m_undo; }

private:
    BlockManager(const BlockManagerOptions& options, BlockTreeDB& db);
    storage::Status LoadFileInfos();
    BlockFileInfo& FileInfo(int32_t file);

    const BlockManagerOptions m_options;
    storage::Env& m_env;
    BlockTreeDB& m_db;
    std::unique_ptr<storage::FlatFileStore> m_blocks;
    std::unique_ptr<storage::FlatFileStore> m_undo;

    BlockMap m_index;
    std::vector<BlockFileInfo> m_file_info;
    LastFiles m_last;
    std::set<const BlockIndex*> m_dirty_blocks;
    std::set<int32_t> m_dirty_files;
};

} // namespace chainstate

#endif // DOTS_CHAINSTATE_BLOCKSTORAGE_H
