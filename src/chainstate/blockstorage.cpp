// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <chainstate/blockstorage.h>

#include <crypto/sha256.h>
#include <util/format.h>
#include <util/logging.h>

#include <algorithm>
#include <cstring>

namespace chainstate {

namespace {
std::array<uint8_t, UNDO_CHECKSUM_SIZE> UndoChecksum(const uint256& block_hash, std::span<const uint8_t> undo)
{
    CSHA256 sha;
    sha.Write(block_hash.span());
    sha.Write(undo);
    std::array<uint8_t, 32> first;
    sha.Finalize(first);
    return Sha256(first);
}

const char* ScanEndName(storage::FlatFileScan::End end)
{
    switch (end) {
    case storage::FlatFileScan::End::kClean: return "clean";
    case storage::FlatFileScan::End::kZeroTail: return "zero tail";
    case storage::FlatFileScan::End::kTruncated: return "truncated";
    case storage::FlatFileScan::End::kCorrupt: return "corrupt";
    }
    return "unknown";
}
} // namespace

BlockManager::BlockManager(const BlockManagerOptions& options, BlockTreeDB& db)
    : m_options{options}, m_env{options.env ? *options.env : storage::DefaultEnv()}, m_db{db}
{
}

BlockManager::~BlockManager() = default;

storage::StatusOr<std::unique_ptr<BlockManager>> BlockManager::Open(const BlockManagerOptions& options,
                                                                    BlockTreeDB& db, bool reindex)
{
    std::unique_ptr<BlockManager> bm{new BlockManager{options, db}};
    std::optional<storage::FlatFilePos> blk_resume, rev_resume;
    if (!reindex) {
        if (storage::Status s = bm->LoadFileInfos(); !s.ok()) return s;
        storage::StatusOr<LastFiles> last = db.ReadLastFiles();
        if (last.ok()) {
            bm->m_last = *last;
            blk_resume = storage::FlatFilePos{last->block_file, bm->GetFileInfo(last->block_file).size};
            rev_resume = storage::FlatFilePos{last->undo_file, bm->GetFileInfo(last->undo_file).undo_size};
        } else if (!last.status().IsNotFound()) {
            return last.status();
        }
    }

    storage::FlatFileOptions blk_options;
    blk_options.prefix = "blk";
    blk_options.magic = options.magic;
    blk_options.max_file_size = options.max_block_file_size;
    blk_options.chunk_size = options.block_chunk_size;
    auto blocks = storage::FlatFileStore::Open(bm->m_env, options.blocks_dir, blk_options, blk_resume);
    if (!blocks.ok()) return blocks.status();
    bm->m_blocks = std::move(*blocks);

    storage::FlatFileOptions rev_options;
    rev_options.prefix = "rev";
    rev_options.magic = options.magic;
    rev_options.max_file_size = options.max_undo_file_size;
    rev_options.chunk_size = options.undo_chunk_size;
    auto undo = storage::FlatFileStore::Open(bm->m_env, options.blocks_dir, rev_options, rev_resume);
    if (!undo.ok()) return undo.status();
    bm->m_undo = std::move(*undo);

    if (reindex || !blk_resume) {
        // Carry on appending where the scan of the last files ended.
        bm->m_last = LastFiles{bm->m_blocks->WritePos().file, bm->m_undo->WritePos().file};
    }
    if (!reindex) {
        if (storage::Status s = db.LoadBlockIndex(bm->m_index); !s.ok()) return s;
        LogInfo("Loaded %zu block index entries; writing blk%05d.dat at %u, rev%05d.dat at %u", bm->m_index.size(),
                bm->m_blocks->WritePos().file, bm->m_blocks->WritePos().pos, bm->m_undo->WritePos().file,
                bm->m_undo->WritePos().pos);
    }
    return bm;
}

storage::Status BlockManager::LoadFileInfos()
{
    m_file_info.clear();
    for (int32_t file = 0;; ++file) {
        storage::StatusOr<BlockFileInfo> info = m_db.ReadBlockFileInfo(file);
        if (!info.ok()) {
            if (info.status().IsNotFound()) break;
            return info.status();
        }
        m_file_info.push_back(*info);
    }
    return storage::Status::OK();
}

BlockFileInfo& BlockManager::FileInfo(int32_t file)
{
    if (static_cast<size_t>(file) >= m_file_info.size()) m_file_info.resize(static_cast<size_t>(file) + 1);
    return m_file_info[static_cast<size_t>(file)];
}

BlockFileInfo BlockManager::GetFileInfo(int32_t file) const
{
    if (file < 0 || static_cast<size_t>(file) >= m_file_info.size()) return BlockFileInfo{};
    return m_file_info[static_cast<size_t>(file)];
}

uint64_t BlockManager::CalculateCurrentUsage() const
{
    uint64_t total = 0;
    for (const BlockFileInfo& info : m_file_info) total += uint64_t{info.size} + info.undo_size;
    return total;
}

BlockIndex* BlockManager::LookupBlockIndex(const uint256& hash)
{
    auto it = m_index.find(hash);
    return it == m_index.end() ? nullptr : &it->second;
}

BlockIndex* BlockManager::AddToBlockIndex(const CBlockHeader& header)
{
    const size_t before = m_index.size();
    BlockIndex* index = AddToBlockMap(m_index, header);
    if (m_index.size() != before) m_dirty_blocks.insert(index);
    return index;
}

void BlockManager::RecordBlockPos(BlockIndex& index, const CBlock& block, storage::FlatFilePos pos)
{
    index.data_pos = pos;
    index.tx_count = static_cast<uint32_t>(block.vtx.size());
    index.status |= BLOCK_HAVE_DATA;
    m_dirty_blocks.insert(&index);
    BlockFileInfo& info = FileInfo(pos.file);
    info.AddBlock(static_cast<uint32_t>(index.height), block.time);
    const uint64_t end = uint64_t{pos.pos} + SerializedSize(block) + storage::FLATFILE_RECORD_OVERHEAD;
    info.size = std::max<uint32_t>(info.size, static_cast<uint32_t>(end));
    m_dirty_files.insert(pos.file);
    if (pos.file > m_last.block_file) m_last.block_file = pos.file;
}

storage::Status BlockManager::WriteBlock(const CBlock& block, BlockIndex& index)
{
    const std::vector<uint8_t> payload = Encode(block);
    storage::StatusOr<storage::FlatFilePos> pos = m_blocks->Append(payload);
    if (!pos.ok()) return pos.status();
    m_last.block_file = pos->file;
    RecordBlockPos(index, block, *pos);
    return storage::Status::OK();
}

storage::StatusOr<std::vector<uint8_t>> BlockManager::ReadRawBlock(storage::FlatFilePos pos) const
{
    if (pos.IsNull()) return storage::Status::InvalidArgument("ReadRawBlock: null position");
    return m_blocks->Read(pos);
}

storage::StatusOr<CBlock> BlockManager::ReadBlockAt(storage::FlatFilePos pos) const
{
    storage::StatusOr<std::vector<uint8_t>> raw = ReadRawBlock(pos);
    if (!raw.ok()) return raw.status();
    Decoded<CBlock> block = DecodeBlock(*raw);
    if (!block) {
        return storage::Status::Corruption(StrFormat("%s offset %u: record does not decode as a block (%s at byte %zu)",
                                                     m_blocks->FileName(pos.file).filename().c_str(), pos.pos,
                                                     block.failure().what, block.failure().offset));
    }
    return std::move(*block);
}

storage::StatusOr<CBlock> BlockManager::ReadBlock(const BlockIndex& index) const
{
    if (!(index.status & BLOCK_HAVE_DATA)) {
        return storage::Status::NotFound(StrFormat("block %s: data not available", index.hash.GetHex().c_str()));
    }
    storage::StatusOr<CBlock> block = ReadBlockAt(index.data_pos);
    if (!block.ok()) return block;
    if (block->GetHash() != index.hash) {
        return storage::Status::Corruption(StrFormat("%s offset %u holds block %s, the index expects %s",
                                                     m_blocks->FileName(index.data_pos.file).filename().c_str(),
                                                     index.data_pos.pos, block->GetHash().GetHex().c_str(),
                                                     index.hash.GetHex().c_str()));
    }
    return block;
}

storage::Status BlockManager::WriteUndo(const BlockUndo& undo, BlockIndex& index)
{
    std::vector<uint8_t> payload = Encode(undo);
    const auto checksum = UndoChecksum(index.hash, payload);
    payload.insert(payload.end(), checksum.begin(), checksum.end());
    storage::StatusOr<storage::FlatFilePos> pos = m_undo->Append(payload);
    if (!pos.ok()) return pos.status();
    index.undo_pos = *pos;
    index.status |= BLOCK_HAVE_UNDO;
    m_dirty_blocks.insert(&index);
    BlockFileInfo& info = FileInfo(pos->file);
    const uint64_t end = uint64_t{pos->pos} + payload.size() + storage::FLATFILE_RECORD_OVERHEAD;
    info.undo_size = std::max<uint32_t>(info.undo_size, static_cast<uint32_t>(end));
    m_dirty_files.insert(pos->file);
    m_last.undo_file = pos->file;
    return storage::Status::OK();
}

storage::StatusOr<BlockUndo> BlockManager::ReadUndo(const BlockIndex& index) const
{
    if (!(index.status & BLOCK_HAVE_UNDO)) {
        return storage::Status::NotFound(StrFormat("block %s: undo data not available", index.hash.GetHex().c_str()));
    }
    storage::StatusOr<std::vector<uint8_t>> raw = m_undo->Read(index.undo_pos);
    if (!raw.ok()) return raw.status();
    const std::string where = StrFormat("%s offset %u", m_undo->FileName(index.undo_pos.file).filename().c_str(),
                                        index.undo_pos.pos);
    if (raw->size() < UNDO_CHECKSUM_SIZE) return storage::Status::Corruption(where + ": undo record too short");
    const std::span<const uint8_t> body{raw->data(), raw->size() - UNDO_CHECKSUM_SIZE};
    const auto checksum = UndoChecksum(index.hash, body);
    if (std::memcmp(checksum.data(), raw->data() + body.size(), UNDO_CHECKSUM_SIZE) != 0) {
        return storage::Status::Corruption(StrFormat("%s: undo checksum mismatch (not the undo data of block %s)",
                                                     where.c_str(), index.hash.GetHex().c_str()));
    }
    Decoded<BlockUndo> undo = DecodeBlockUndo(body);
    if (!undo) {
        return storage::Status::Corruption(StrFormat("%s: undo data does not decode (%s at byte %zu)", where.c_str(),
                                                     undo.failure().what, undo.failure().offset));
    }
    return std::move(*undo);
}

storage::Status BlockManager::FlushBlockFiles()
{
    if (storage::Status s = m_blocks->Sync(); !s.ok()) return s;
    return m_undo->Sync();
}

storage::Status BlockManager::FlushIndex()
{
    // Rule: nothing durable may point at something that is not durable. The index entries and
    // file infos below point into the blk/rev files, so those are synced first.
    if (storage::Status s = FlushBlockFiles(); !s.ok()) return s;
    if (!HasDirty()) return storage::Status::OK();
    std::vector<std::pair<int32_t, const BlockFileInfo*>> files;
    files.reserve(m_dirty_files.size());
    for (int32_t file : m_dirty_files) files.emplace_back(file, &m_file_info[static_cast<size_t>(file)]);
    std::vector<const BlockIndex*> blocks{m_dirty_blocks.begin(), m_dirty_blocks.end()};
    if (storage::Status s = m_db.WriteBatchSync(files, m_last, blocks); !s.ok()) return s;
    m_dirty_files.clear();
    m_dirty_blocks.clear();
    return storage::Status::OK();
}

storage::StatusOr<ReindexScanStats> BlockManager::ScanBlockFiles(const ReindexVisitor& visitor) const
{
    ReindexScanStats stats;
    for (int32_t file = 0; m_env.FileExists(m_blocks->FileName(file)); ++file) {
        const std::string name = m_blocks->FileName(file).filename().string();
        LogInfo("Reindexing block file %s...", name.c_str());
        ++stats.files;
        storage::StatusOr<storage::FlatFileScan> scan =
            m_blocks->Scan(file, [&](storage::FlatFilePos pos, std::span<const uint8_t> payload) {
                Decoded<CBlock> block = DecodeBlock(payload);
                if (!block) {
                    ++stats.bad_records;
                    LogWarning("Reindex: %s offset %u: intact record that is not a block (%s), skipped", name.c_str(),
                               pos.pos, block.failure().what);
                    return true;
                }
                ++stats.blocks;
                if (visitor && !visitor(pos, *block)) {
                    stats.interrupted = true;
                    return false;
                }
                return true;
            });
        if (!scan.ok()) return scan.status();
        if (stats.interrupted) break;
        switch (scan->end) {
        case storage::FlatFileScan::End::kClean:
        case storage::FlatFileScan::End::kZeroTail:
            break;
        case storage::FlatFileScan::End::kTruncated:
        case storage::FlatFileScan::End::kCorrupt:
            ++stats.damaged_files;
            LogWarning("Reindex: %s ends %s at offset %llu after %llu records (%s); continuing with the next file",
                       name.c_str(), ScanEndName(scan->end), static_cast<unsigned long long>(scan->stop_offset),
                       static_cast<unsigned long long>(scan->records), scan->detail.c_str());
            break;
        }
    }
    LogInfo("Reindex scan: %d files, %llu blocks, %llu undecodable records, %llu damaged files", stats.files,
            static_cast<unsigned long long>(stats.blocks), static_cast<unsigned long long>(stats.bad_records),
            static_cast<unsigned long long>(stats.damaged_files));
    return stats;
}

} // namespace chainstate
