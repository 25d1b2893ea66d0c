// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <chainstate/blocktreedb.h>

#include <consensus/pow.h>
#include <util/format.h>

#include <algorithm>

namespace chainstate {

namespace {
const std::span<const uint8_t> NO_KEY{};

std::vector<uint8_t> FileKey(int32_t file)
{
    ByteWriter w;
    WriteVarInt(w, static_cast<uint64_t>(file));
    return w.Take();
}

std::span<const uint8_t> StringKey(const std::string& s)
{
    return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}
} // namespace

void BlockFileInfo::AddBlock(uint32_t height, uint64_t time)
{
    if (blocks == 0 || height < height_first) height_first = height;
    if (blocks == 0 || time < time_first) time_first = time;
    ++blocks;
    height_last = std::max(height_last, height);
    time_last = std::max(time_last, time);
}

std::string BlockFileInfo::ToString() const
{
    return StrFormat("BlockFileInfo(blocks=%u, size=%u, undo_size=%u, heights=%u...%u, time=%llu...%llu)", blocks,
                     size, undo_size, height_first, height_last, static_cast<unsigned long long>(time_first),
                     static_cast<unsigned long long>(time_last));
}

std::optional<BlockFileInfo> BlockFileInfo::Unserialize(ByteReader& r)
{
    uint64_t v[7];
    for (uint64_t& x : v) {
        auto n = ReadVarInt(r, "block file info");
        if (!n) return std::nullopt;
        x = *n;
    }
    for (int i = 0; i < 5; ++i) {
        if (v[i] > UINT32_MAX) return r.Fail(DecodeError::INVALID_VALUE, "block file info field out of range");
    }
    BlockFileInfo info;
    info.blocks = static_cast<uint32_t>(v[0]);
    info.size = static_cast<uint32_t>(v[1]);
    info.undo_size = static_cast<uint32_t>(v[2]);
    info.height_first = static_cast<uint32_t>(v[3]);
    info.height_last = static_cast<uint32_t>(v[4]);
    info.time_first = v[5];
    info.time_last = v[6];
    return info;
}

storage::Status BlockTreeDB::WriteBatchSync(const std::vector<std::pair<int32_t, const BlockFileInfo*>>& files,
                                            const LastFiles& last, const std::vector<const BlockIndex*>& blocks)
{
    storage::DbBatch batch{m_db};
    for (const auto& [file, info] : files) batch.Write(DB_BLOCK_FILES, FileKey(file), Encode(*info));
    ByteWriter lw;
    WriteVarInt(lw, static_cast<uint64_t>(last.block_file));
    WriteVarInt(lw, static_cast<uint64_t>(last.undo_file));
    batch.Write(DB_LAST_FILES, NO_KEY, lw.buffer());
    for (const BlockIndex* index : blocks) {
        batch.Write(DB_BLOCK_INDEX, index->hash.span(), Encode(DiskBlockIndex{*index}));
    }
    return m_db.WriteBatch(batch, /*sync=*/true);
}

storage::StatusOr<BlockFileInfo> BlockTreeDB::ReadBlockFileInfo(int32_t file) const
{
    auto value = m_db.Read(DB_BLOCK_FILES, FileKey(file));
    if (!value.ok()) return value.status();
    Decoded<BlockFileInfo> info = DecodeFull<BlockFileInfo>(*value);
    if (!info) return storage::Status::Corruption(StrFormat("block index: bad info record for file %d", file));
    return *info;
}

storage::StatusOr<LastFiles> BlockTreeDB::ReadLastFiles() const
{
    auto value = m_db.Read(DB_LAST_FILES, NO_KEY);
    if (!value.ok()) return value.status();
    ByteReader r{*value};
    auto blk = ReadVarInt(r, "last block file");
    auto rev = ReadVarInt(r, "last undo file");
    if (!rev || !r.empty() || *blk > INT32_MAX || *rev > INT32_MAX) {
        return storage::Status::Corruption("block index: bad last-files record");
    }
    return LastFiles{static_cast<int32_t>(*blk), static_cast<int32_t>(*rev)};
}

storage::Status BlockTreeDB::WriteReindexing(bool reindexing)
{
    const uint8_t one = '1';
    storage::DbBatch batch{m_db};
    if (reindexing) {
        batch.Write(DB_REINDEX_FLAG, NO_KEY, std::span<const uint8_t>{&one, 1});
    } else {
        batch.Erase(DB_REINDEX_FLAG, NO_KEY);
    }
    return m_db.WriteBatch(batch, /*sync=*/true);
}

storage::StatusOr<bool> BlockTreeDB::IsReindexing() const
{
    return m_db.Exists(DB_REINDEX_FLAG, NO_KEY);
}

storage::Status BlockTreeDB::WriteFlag(const std::string& name, bool value)
{
    const uint8_t byte = value ? '1' : '0';
    return m_db.Write(DB_FLAG, StringKey(name), std::span<const uint8_t>{&byte, 1}, /*sync=*/true);
}

storage::StatusOr<bool> BlockTreeDB::ReadFlag(const std::string& name) const
{
    auto value = m_db.Read(DB_FLAG, StringKey(name));
    if (!value.ok()) return value.status();
    if (value->size() != 1 || ((*value)[0] != '0' && (*value)[0] != '1')) {
        return storage::Status::Corruption(StrFormat("block index: bad flag record '%s'", name.c_str()));
    }
    return (*value)[0] == '1';
}

storage::Status BlockTreeDB::LoadBlockIndex(BlockMap& map) const
{
    if (!map.empty()) return storage::Status::InvalidArgument("LoadBlockIndex needs an empty block map");
    std::vector<std::pair<BlockIndex*, uint256>> with_parent;
    auto it = m_db.NewIterator(DB_BLOCK_INDEX);
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
        const auto key = it->Key();
        if (key.size() != uint256::SIZE) return storage::Status::Corruption("block index: bad key size");
        const uint256 hash{std::span<const uint8_t, 32>{key.data(), 32}};
        const std::vector<uint8_t> value = it->Value();
        Decoded<DiskBlockIndex> disk = DecodeFull<DiskBlockIndex>(value);
        if (!disk) {
            return storage::Status::Corruption(StrFormat("block index: undecodable entry for %s (%s)",
                                                         hash.GetHex().c_str(), disk.failure().what));
        }
        if (disk->header.GetHash() != hash) {
            return storage::Status::Corruption(StrFormat("block index: entry %s holds a header with another hash",
                                                         hash.GetHex().c_str()));
        }
        BlockIndex index{disk->header};
        index.height = disk->height;
        index.status = disk->status;
        index.tx_count = disk->tx_count;
        index.data_pos = disk->data_pos;
        index.undo_pos = disk->undo_pos;
        auto [entry, inserted] = map.try_emplace(hash, index);
        if (!inserted) return storage::Status::Corruption("block index: duplicate entry");
        if (!disk->header.prev_block.IsNull()) with_parent.emplace_back(&entry->second, disk->header.prev_block);
    }
    if (storage::Status s = it->status(); !s.ok()) return s;

    for (auto& [index, prev_hash] : with_parent) {
        auto parent = map.find(prev_hash);
        if (parent == map.end()) {
            return storage::Status::Corruption(StrFormat("block index: parent %s of %s is missing",
                                                         prev_hash.GetHex().c_str(), index->hash.GetHex().c_str()));
        }
        index->prev = &parent->second;
    }

    std::vector<BlockIndex*> by_height;
    by_height.reserve(map.size());
    for (auto& [hash, index] : map) by_height.push_back(&index);
    std::sort(by_height.begin(), by_height.end(),
              [](const BlockIndex* a, const BlockIndex* b) { return a->height < b->height; });
    for (BlockIndex* index : by_height) {
        const int want_height = index->prev ? index->prev->height + 1 : 0;
        if (index->height != want_height) {
            return storage::Status::Corruption(StrFormat("block index: %s stored at height %d, expected %d",
                                                         index->hash.GetHex().c_str(), index->height, want_height));
        }
        index->chain_work = (index->prev ? index->prev->chain_work : consensus::arith_uint256{}) + consensus::GetBlockProof(index->bits);
        index->time_max = index->prev ? std::max(index->prev->time_max, index->time) : index->time;
        if (index->tx_count > 0 && (!index->prev || index->prev->chain_tx > 0)) {
            index->chain_tx = (index->prev ? index->prev->chain_tx : 0) + index->tx_count;
        }
        index->BuildSkip();
    }
    return storage::Status::OK();
}

} // namespace chainstate
