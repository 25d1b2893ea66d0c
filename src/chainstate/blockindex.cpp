// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <chainstate/blockindex.h>

#include <consensus/pow.h>
#include <util/format.h>

#include <algorithm>
#include <cassert>

namespace chainstate {

BlockIndex::BlockIndex(const CBlockHeader& header)
    : hash{header.GetHash()}, version{header.version}, merkle_root{header.merkle_root}, time{header.time},
      bits{header.bits}, nonce{header.nonce}
{
}

CBlockHeader BlockIndex::GetBlockHeader() const
{
    CBlockHeader h;
    h.version = version;
    if (prev) h.prev_block = prev->hash;
    h.merkle_root = merkle_root;
    h.time = time;
    h.bits = bits;
    h.nonce = nonce;
    return h;
}

int64_t BlockIndex::GetMedianTimePast() const
{
    constexpr int MEDIAN_TIME_SPAN = 11;
    int64_t times[MEDIAN_TIME_SPAN];
    int n = 0;
    for (const BlockIndex* i = this; i && n < MEDIAN_TIME_SPAN; i = i->prev) times[n++] = i->GetBlockTime();
    std::sort(times, times + n);
    return times[n / 2];
}

bool BlockIndex::IsValid(BlockStatus level) const
{
    assert(!(level & ~BLOCK_VALID_MASK));
    if (status & BLOCK_FAILED_MASK) return false;
    return (status & BLOCK_VALID_MASK) >= level;
}

bool BlockIndex::RaiseValidity(BlockStatus level)
{
    assert(!(level & ~BLOCK_VALID_MASK));
    if (status & BLOCK_FAILED_MASK) return false;
    if ((status & BLOCK_VALID_MASK) < level) {
        status = (status & ~BLOCK_VALID_MASK) | level;
        return true;
    }
    return false;
}

namespace {
/** Clears the lowest set bit. */
int InvertLowestOne(int n) { return n & (n - 1); }

/** The height the skip pointer of a block at `height` points to. Any deterministic function
 * lower than height works; this one (Bitcoin Core's) gives O(log n) walks. */
int GetSkipHeight(int height)
{
    if (height < 2) return 0;
    // Odd heights jump a little less far than even ones, so that walks do not stall on a
    // single long jump chain.
    return (height & 1) ? InvertLowestOne(InvertLowestOne(height - 1)) + 1 : InvertLowestOne(height);
}
} // namespace

void BlockIndex::BuildSkip()
{
    if (prev) skip = prev->GetAncestor(GetSkipHeight(height));
}

const BlockIndex* BlockIndex::GetAncestor(int target) const
{
    if (target > height || target < 0) return nullptr;
    const BlockIndex* walk = this;
    int walk_height = height;
    while (walk_height > target) {
        const int skip_height = GetSkipHeight(walk_height);
        const int skip_height_prev = GetSkipHeight(walk_height - 1);
        if (walk->skip != nullptr &&
            (skip_height == target ||
             (skip_height > target && !(skip_height_prev < skip_height - 2 && skip_height_prev >= target)))) {
            // Take the skip unless following prev and then its skip gets closer.
            walk = walk->skip;
            walk_height = skip_height;
        } else {
            assert(walk->prev);
            walk = walk->prev;
            --walk_height;
        }
    }
    return walk;
}

BlockIndex* BlockIndex::GetAncestor(int target)
{
    return const_cast<BlockIndex*>(static_cast<const BlockIndex*>(this)->GetAncestor(target));
}

std::string BlockIndex::ToString() const
{
    return StrFormat("BlockIndex(hash=%s, height=%d, status=0x%x, data=%s, undo=%s, txs=%u)", hash.GetHex().c_str(),
                     height, status, data_pos.ToString().c_str(), undo_pos.ToString().c_str(), tx_count);
}

DiskBlockIndex::DiskBlockIndex(const BlockIndex& index)
    : height{index.height}, status{index.status}, tx_count{index.tx_count}, data_pos{index.data_pos},
      undo_pos{index.undo_pos}, header{index.GetBlockHeader()}
{
}

std::optional<DiskBlockIndex> DiskBlockIndex::Unserialize(ByteReader& r)
{
    DiskBlockIndex d;
    auto height = ReadVarInt(r, "height");
    auto status = ReadVarInt(r, "status");
    auto tx_count = ReadVarInt(r, "tx count");
    if (!tx_count) return std::nullopt;
    if (*height > INT32_MAX || *status > UINT32_MAX || *tx_count > UINT32_MAX) {
        return r.Fail(DecodeError::INVALID_VALUE, "block index field out of range");
    }
    d.height = static_cast<int>(*height);
    d.status = static_cast<uint32_t>(*status);
    d.tx_count = static_cast<uint32_t>(*tx_count);
    auto read_pos = [&r](const char* what) -> std::optional<storage::FlatFilePos> {
        auto file = ReadVarInt(r, what);
        auto pos = ReadVarInt(r, what);
        if (!pos) return std::nullopt;
        if (*file > INT32_MAX || *pos > UINT32_MAX) return r.Fail(DecodeError::INVALID_VALUE, what);
        return storage::FlatFilePos{static_cast<int32_t>(*file), static_cast<uint32_t>(*pos)};
    };
    if (d.status & BLOCK_HAVE_DATA) {
        auto pos = read_pos("data position");
        if (!pos) return std::nullopt;
        d.data_pos = *pos;
    }
    if (d.status & BLOCK_HAVE_UNDO) {
        auto pos = read_pos("undo position");
        if (!pos) return std::nullopt;
        d.undo_pos = *pos;
    }
    auto header = CBlockHeader::Unserialize(r);
    if (!header) return std::nullopt;
    d.header = *header;
    return d;
}

BlockIndex* AddToBlockMap(BlockMap& map, const CBlockHeader& header)
{
    BlockIndex fresh{header};
    auto [it, inserted] = map.try_emplace(fresh.hash, fresh);
    if (!inserted) return &it->second;
    BlockIndex& index = it->second;
    auto parent = map.find(header.prev_block);
    if (!header.prev_block.IsNull() && parent != map.end()) {
        index.prev = &parent->second;
        index.height = index.prev->height + 1;
        index.BuildSkip();
    }
    index.time_max = index.prev ? std::max(index.prev->time_max, index.time) : index.time;
    index.chain_work = (index.prev ? index.prev->chain_work : consensus::arith_uint256{}) + consensus::GetBlockProof(index.bits);
    return &index;
}

const BlockIndex* LastCommonAncestor(const BlockIndex* a, const BlockIndex* b)
{
    if (!a || !b) return nullptr;
    if (a->height > b->height) {
        a = a->GetAncestor(b->height);
    } else if (b->height > a->height) {
        b = b->GetAncestor(a->height);
    }
    while (a != b && a && b) {
        a = a->prev;
        b = b->prev;
    }
    return a == b ? a : nullptr;
}

std::vector<uint256> LocatorEntries(const BlockIndex* index)
{
    std::vector<uint256> have;
    have.reserve(32);
    int step = 1;
    while (index) {
        have.push_back(index->hash);
        if (index->height == 0) break;
        // Exponentially larger steps back, plus genesis.
        const int next = std::max(index->height - step, 0);
        index = index->GetAncestor(next);
        if (have.size() > 10) step *= 2;
    }
    return have;
}

void Chain::SetTip(BlockIndex* tip)
{
    if (tip == nullptr) {
        m_chain.clear();
        return;
    }
    m_chain.resize(static_cast<size_t>(tip->height) + 1);
    while (tip && m_chain[tip->height] != tip) {
        m_chain[tip->height] = tip;
        tip = tip->prev;
    }
}

const BlockIndex* Chain::FindFork(const BlockIndex* index) const
{
    if (index == nullptr) return nullptr;
    if (index->height > Height()) index = index->GetAncestor(Height());
    while (index && !Contains(index)) index = index->prev;
    return index;
}

BlockIndex* Chain::FindEarliestAtLeast(int64_t time, int height) const
{
    auto it = std::lower_bound(m_chain.begin(), m_chain.end(), std::pair{time, height},
                               [](const BlockIndex* block, const std::pair<int64_t, int>& want) {
                                   return block->GetBlockTimeMax() < want.first || block->height < want.second;
                               });
    return it == m_chain.end() ? nullptr : *it;
}

} // namespace chainstate
