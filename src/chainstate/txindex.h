// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CHAINSTATE_TXINDEX_H
#define DOTS_CHAINSTATE_TXINDEX_H

/**
 * The optional transaction index (-txindex), in its own database (<datadir>/indexes/txindex) so
 * it can be enabled, disabled or rebuilt without touching the block index or the chainstate.
 *
 * Records: 't' txid:32 -> varint(block file) varint(block pos) varint(offset of the tx inside the
 * block's serialization); 'B' -> hash of the last block indexed. Entries of disconnected blocks
 * stay (as in Bitcoin Core): a lookup returns the block hash and the caller checks whether that
 * block is in the active chain.
 *
 * Crash safety: a block's entries and the best-block record go into one batch, and entries only
 * point at blocks whose data the block index already holds, so the index never points at missing
 * data; after a crash it may lag the chain and catches up from its best block.
 * Thread-safe as DbWrapper is.
 */

#include <chainstate/blockindex.h>
#include <primitives/block.h>
#include <primitives/transaction.h>
#include <storage/dbwrapper.h>
#include <storage/flatfile.h>
#include <storage/status.h>

#include <cstdint>

namespace chainstate {

class BlockManager;

constexpr uint8_t DB_TXINDEX = 't';
constexpr uint8_t DB_TXINDEX_BEST = 'B';
constexpr uint32_t TXINDEX_SCHEMA_VERSION = 1;

/** Where a transaction is stored. */
struct TxLocation {
    storage::FlatFilePos block_pos; //!< the block's record
    uint32_t tx_offset{0};          //!< byte offset of the tx inside the block's serialization
    friend bool operator==(const TxLocation&, const TxLocation&) = default;
};

/** A transaction read through the index, with the hash of the block that holds it. */
struct IndexedTx {
    CTransactionRef tx;
    uint256 block_hash;
};

class TxIndex
{
public:
    /** `db` is not owned and must outlive this object. */
    explicit TxIndex(storage::DbWrapper& db) : m_db{db} {}

    /**
     * Indexes the transactions of `block`, whose data is stored at index.data_pos (HAVE_DATA
     * required), and records index.hash as the best block, in one batch (not synced: the index
     * is rebuilt from its best block after a crash).
     */
    [[nodiscard]] storage::Status WriteBlock(const CBlock& block, const BlockIndex& index);

    /** Records `hash` as the last indexed block (e.g. after a disconnect). */
    [[nodiscard]] storage::Status SetBestBlock(const uint256& hash);
    /** The last indexed block; zero if none. */
    storage::StatusOr<uint256> GetBestBlock() const;

    /** Where `txid` is stored; NotFound if it is not indexed. */
    storage::StatusOr<TxLocation> FindTx(const uint256& txid) const;

    /**
     * Reads the transaction `txid` through `blocks` (the block record is checksum-verified and
     * the decoded transaction must have this txid, else Corruption). NotFound if not indexed.
     */
    storage::StatusOr<IndexedTx> ReadTransaction(const BlockManager& blocks, const uint256& txid) const;

private:
    storage::DbWrapper& m_db;
};

} // namespace chainstate

#endif // DOTS_CHAINSTATE_TXINDEX_H
