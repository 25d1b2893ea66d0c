// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CHAINSTATE_BLOCKTREEDB_H
#define DOTS_CHAINSTATE_BLOCKTREEDB_H

/**
 * BlockTreeDB: the block index database (<datadir>/blocks/index), over storage::DbWrapper.
 *
 * Records (prefix byte, key -> value):
 *   'b' hash:32        -> DiskBlockIndex (blockindex.h)
 *   'f' varint(file)   -> BlockFileInfo of blk/rev file number `file`
 *   'l' (empty)        -> LastFiles: the blk and rev files being written
 *   'R' (empty)        -> 1 while a -reindex is in progress (absent otherwise)
 *   'F' name           -> flag byte ('1'/'0'), e.g. "txindex"
 *
 * WriteBatchSync() writes file infos, the last-files record and index entries in ONE synced
 * batch, so they always agree with each other (see blockstorage.h for the ordering against the
 * flat files). Thread-safe as the underlying DbWrapper is; the BlockMap passed to
 * LoadBlockIndex is the caller's to guard.
 */

#include <chainstate/blockindex.h>
#include <storage/dbwrapper.h>
#include <storage/status.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace chainstate {

constexpr uint8_t DB_BLOCK_INDEX = 'b';
constexpr uint8_t DB_BLOCK_FILES = 'f';
constexpr uint8_t DB_LAST_FILES = 'l';
constexpr uint8_t DB_REINDEX_FLAG = 'R';
constexpr uint8_t DB_FLAG = 'F';

constexpr uint32_t BLOCK_TREE_SCHEMA_VERSION = 1;

/**
 * What one blk file holds (Bitcoin Core's CBlockFileInfo), and the used size of the rev file with
 * the same number. Block and undo files roll over independently (undo records are smaller), so
 * a block's undo data may live in a rev file with another number: prune by the index, not by
 * file number.
 */
struct BlockFileInfo {
    uint32_t blocks{0};       //!< block records in the blk file
    uint32_t size{0};         //!< used bytes of the blk file (where the next record goes)
    uint32_t undo_size{0};    //!< used bytes of the rev file with this number
    uint32_t height_first{0}; //!< lowest height of a block in the file
    uint32_t height_last{0};  //!< highest height
    uint64_t time_first{0};   //!< earliest block time
    uint64_t time_last{0};    //!< latest block time

    /** Accounts for one more block at `height` with header time `time`. */
    void AddBlock(uint32_t height, uint64_t time);
    std::string ToString() const;

    friend bool operator==(const BlockFileInfo&, const BlockFileInfo&) = default;
    template <typename W> void Serialize(W& w) const;
    static std::optional<BlockFileInfo> Unserialize(ByteReader& r);
};

/** The files being appended to. */
struct LastFiles {
    int32_t block_file{0};
    int32_t undo_file{0};
    friend bool operator==(const LastFiles&, const LastFiles&) = default;
};

class BlockTreeDB
{
public:
    /** `db` is not owned and must outlive this object. */
    explicit BlockTreeDB(storage::DbWrapper& db) : m_db{db} {}

    /**
     * Writes the given file infos, the last-files record and index entries in one batch and
     * syncs it (durable on OK). Pointers must be valid for the call only.
     */
    [[nodiscard]] storage::Status WriteBatchSync(const std::vector<std::pair<int32_t, const BlockFileInfo*>>& files,
                                                 const LastFiles& last,
                                                 const std::vector<const BlockIndex*>& blocks);

    /** NotFound if the file has no record. */
    storage::StatusOr<BlockFileInfo> ReadBlockFileInfo(int32_t file) const;
    /** NotFound on a new database. */
    storage::StatusOr<LastFiles> ReadLastFiles() const;

    /** Sets or clears the reindexing flag (synced). */
    [[nodiscard]] storage::Status WriteReindexing(bool reindexing);
    storage::StatusOr<bool> IsReindexing() const;

    /** Named boolean flags (e.g. "txindex"), synced. */
    [[nodiscard]] storage::Status WriteFlag(const std::string& name, bool value);
    /** NotFound if never written. */
    storage::StatusOr<bool> ReadFlag(const std::string& name) const;

    /**
     * Loads every index entry into `map`, linking each to its parent, then computes heights'
     * derived fields (chain work, chain_tx, skip pointers, time_max) in height order.
     * Checks: the stored header hashes to its key; a parent is known unless the header's
     * prev is zero (genesis); the stored height equals the parent's + 1. Any violation is
     * Corruption (the operator must -reindex). `map` must be empty.
     */
    [[nodiscard]] storage::Status LoadBlockIndex(BlockMap& map) const;

    storage::DbWrapper& Db() { return m_db; }

private:
    storage::DbWrapper& m_db;
};

template <typename W>
void BlockFileInfo::Serialize(W& w) const
{
    WriteVarInt(w, blocks);
    WriteVarInt(w, size);
    WriteVarInt(w, undo_size);
    WriteVarInt(w, height_first);
    WriteVarInt(w, height_last);
    WriteVarInt(w, time_first);
    WriteVarInt(w, time_last);
}

} // namespace chainstate

#endif // DOTS_CHAINSTATE_BLOCKTREEDB_H
