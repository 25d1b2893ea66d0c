// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CHAINSTATE_BLOCKINDEX_H
#define DOTS_CHAINSTATE_BLOCKINDEX_H

/**
 * The in-memory block tree: one BlockIndex per known header, linked to its parent, with skip
 * pointers for O(log n) ancestor lookups, and Chain, the active chain as a vector of pointers.
 *
 * Ownership: BlockIndex objects live in a BlockMap (node-based, so pointers stay valid while the
 * map lives and the entry is not erased; entries are never erased in normal operation). A Chain
 * only points into a BlockMap. Neither is thread-safe: validation guards both with its chain
 * lock (Bitcoin Core's cs_main); readers outside that lock must take it too.
 */

#include <chainstate/compressor.h>
#include <consensus/arith_uint256.h>
#include <primitives/block.h>
#include <primitives/uint256.h>
#include <serialize.h>
#include <storage/flatfile.h>

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace chainstate {

/** Validity levels (low 3 bits of BlockIndex::status) and flags, as in Bitcoin Core. */
enum BlockStatus : uint32_t {
    BLOCK_VALID_UNKNOWN = 0,
    /** Parsed, header hash and proof of work valid, timestamp not too far in the future. */
    BLOCK_VALID_HEADER = 1,
    /** All parents known and at least VALID_TREE; contextual header checks passed. */
    BLOCK_VALID_TREE = 2,
    /** Data received; context-free transaction checks and merkle root passed. chain_tx set if
     * all parents are at least VALID_TRANSACTIONS. */
    BLOCK_VALID_TRANSACTIONS = 3,
    /** Outputs do not overspend, no double spends, coinbase ok, registry rules ok. */
    BLOCK_VALID_CHAIN = 4,
    /** Signatures checked too. Implies VALID_CHAIN. */
    BLOCK_VALID_SCRIPTS = 5,
    BLOCK_VALID_MASK = 7,

    BLOCK_HAVE_DATA = 8,   //!< full block available in a blk file at data_pos
    BLOCK_HAVE_UNDO = 16,  //!< undo data available in a rev file at undo_pos
    BLOCK_HAVE_MASK = BLOCK_HAVE_DATA | BLOCK_HAVE_UNDO,

    BLOCK_FAILED_VALID = 32, //!< this block failed validation
    BLOCK_FAILED_CHILD = 64, //!< descends from a failed block
    BLOCK_FAILED_MASK = BLOCK_FAILED_VALID | BLOCK_FAILED_CHILD,
};

class BlockIndex
{
public:
    uint256 hash;                      //!< the header's hash (also the BlockMap key)
    BlockIndex* prev{nullptr};         //!< parent, nullptr for genesis
    BlockIndex* skip{nullptr};         //!< some ancestor further back (see BuildSkip)
    int height{0};
    storage::FlatFilePos data_pos;     //!< block record in a blk file (valid with HAVE_DATA)
    storage::FlatFilePos undo_pos;     //!< undo record in a rev file (valid with HAVE_UNDO)
    consensus::arith_uint256 chain_work;          //!< total work of the chain up to and including this block (consensus/pow.h GetBlockProof)
    uint32_t tx_count{0};              //!< transactions in this block; 0 until data is seen
    uint64_t chain_tx{0};              //!< transactions up to here, 0 unless all parents have data
    uint32_t status{BLOCK_VALID_UNKNOWN};
    /** Order in which block data arrived (tie-break between equal-work tips); not stored. */
    int32_t sequence_id{0};
    uint32_t time_max{0};              //!< max header time of this block and its ancestors

    // Header fields (prev_block is prev->hash, or zero for genesis).
    int32_t version{0};
    uint256 merkle_root;
    uint32_t time{0};
    uint32_t bits{0};
    uint32_t nonce{0};

    BlockIndex() = default;
    /** Copies the header fields; links, height and work are set by the owner of the BlockMap. */
    explicit BlockIndex(const CBlockHeader& header);

    CBlockHeader GetBlockHeader() const;
    const uint256& GetBlockHash() const { return hash; }
    int64_t GetBlockTime() const { return time; }
    int64_t GetBlockTimeMax() const { return time_max; }

    /** Median of the times of this block and its 10 predecessors (BIP113). */
    int64_t GetMedianTimePast() const;

    /** True if no FAILED flag is set and the validity level is at least `level`. */
    bool IsValid(BlockStatus level = BLOCK_VALID_TRANSACTIONS) const;
    /** Raises the validity level to `level` (never lowers it). Returns true if it changed.
     * A failed block is left alone (returns false). */
    bool RaiseValidity(BlockStatus level);

    /** Sets `skip` from `prev`; call once prev and height are set. */
    void BuildSkip();
    /** The ancestor at `height` (this block for its own height); nullptr if out of range.
     * O(log n) through the skip pointers. */
    BlockIndex* GetAncestor(int height);
    const BlockIndex* GetAncestor(int height) const;

    /** For logs: "BlockIndex(hash=..., height=..., ...)". */
    std::string ToString() const;
};

/**
 * The block index record as stored in the block tree database (not the in-memory links, which
 * are rebuilt from prev hashes at load, nor the chain work, which is recomputed from bits):
 *
 *   varint(height) varint(status) varint(tx_count)
 *   [varint(data_file) varint(data_pos)]   if HAVE_DATA
 *   [varint(undo_file) varint(undo_pos)]   if HAVE_UNDO
 *   header (80 bytes)
 */
struct DiskBlockIndex {
    int height{0};
    uint32_t status{0};
    uint32_t tx_count{0};
    storage::FlatFilePos data_pos;
    storage::FlatFilePos undo_pos;
    CBlockHeader header;

    DiskBlockIndex() = default;
    explicit DiskBlockIndex(const BlockIndex& index);

    template <typename W> void Serialize(W& w) const;
    static std::optional<DiskBlockIndex> Unserialize(ByteReader& r);
};

using BlockMap = std::unordered_map<uint256, BlockIndex, Uint256Hasher>;

/**
 * Adds `header` to `map` (or returns the existing entry): links it to its parent if the parent
 * is known, and sets height, chain work, skip pointer and time_max from it. The status is left
 * at BLOCK_VALID_UNKNOWN for a new entry; the caller raises it after its checks. A header whose
 * parent is unknown (and that is not `genesis`-like, i.e. has a non-zero prev) gets height 0
 * and no parent: the caller must not insert such headers (validation checks the parent first).
 */
BlockIndex* AddToBlockMap(BlockMap& map, const CBlockHeader& header);

/** The last common ancestor of a and b (nullptr if they share none). */
const BlockIndex* LastCommonAncestor(const BlockIndex* a, const BlockIndex* b);

/**
 * A block locator: hashes of the tip, then going back exponentially, ending at genesis (as in
 * Bitcoin's getheaders). Empty for nullptr.
 */
std::vector<uint256> LocatorEntries(const BlockIndex* index);

/** The active chain: a vector of block index pointers from genesis to the tip. */
class Chain
{
public:
    /** Genesis block, or nullptr if empty. */
    BlockIndex* Genesis() const { return m_chain.empty() ? nullptr : m_chain.front(); }
    /** The tip, or nullptr if empty. */
    BlockIndex* Tip() const { return m_chain.empty() ? nullptr : m_chain.back(); }
    /** The block at `height`, or nullptr if out of range. */
    BlockIndex* operator[](int height) const
    {
        if (height < 0 || height >= static_cast<int>(m_chain.size())) return nullptr;
        return m_chain[height];
    }
    /** Whether `index` is on this chain (nullptr: false). O(1). */
    bool Contains(const BlockIndex* index) const
    {
        return index != nullptr && (*this)[index->height] == index;
    }
    /** The successor of `index` on this chain, or nullptr if it is the tip or not on the chain. */
    BlockIndex* Next(const BlockIndex* index) const
    {
        return Contains(index) ? (*this)[index->height + 1] : nullptr;
    }
    /** Height of the tip; -1 when empty. */
    int Height() const { return static_cast<int>(m_chain.size()) - 1; }

    /** Makes `tip` (and its ancestors) the chain; nullptr empties it. O(changed entries). */
    void SetTip(BlockIndex* tip);
    /** Locator for the tip (empty chain: empty). */
    std::vector<uint256> GetLocator() const { return LocatorEntries(Tip()); }
    /** The last block of this chain that is an ancestor of (or equal to) `index`; nullptr if
     * none (or index is nullptr). */
    const BlockIndex* FindFork(const BlockIndex* index) const;
    /** The first block with time_max >= `time` and height >= `height`; nullptr if none. */
    BlockIndex* FindEarliestAtLeast(int64_t time, int height) const;

    friend bool operator==(const Chain& a, const Chain& b)
    {
        return a.Height() == b.Height() && a.Tip() == b.Tip();
    }

private:
    std::vector<BlockIndex*> m_chain;
};

// ---- template definitions ----

template <typename W>
void DiskBlockIndex::Serialize(W& w) const
{
    WriteVarInt(w, static_cast<uint64_t>(height));
    WriteVarInt(w, status);
    WriteVarInt(w, tx_count);
    if (status & BLOCK_HAVE_DATA) {
        WriteVarInt(w, static_cast<uint64_t>(data_pos.file));
        WriteVarInt(w, data_pos.pos);
    }
    if (status & BLOCK_HAVE_UNDO) {
        WriteVarInt(w, static_cast<uint64_t>(undo_pos.file));
        WriteVarInt(w, undo_pos.pos);
    }
    header.Serialize(w);
}

} // namespace chainstate

#endif // DOTS_CHAINSTATE_BLOCKINDEX_H
