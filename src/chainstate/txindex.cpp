// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <chainstate/txindex.h>

#include <chainstate/blockstorage.h>
#include <chainstate/compressor.h>
#include <util/format.h>

namespace chainstate {

namespace {
const std::span<const uint8_t> NO_KEY{};
} // namespace

storage::Status TxIndex::WriteBlock(const CBlock& block, const BlockIndex& index)
{
    if (!(index.status & BLOCK_HAVE_DATA)) {
        return storage::Status::InvalidArgument("txindex: block data must be stored before it is indexed");
    }
    storage::DbBatch batch{m_db};
    uint64_t offset = CBlockHeader::SERIALIZED_SIZE + CompactSizeLen(block.vtx.size());
    for (const CTransactionRef& tx : block.vtx) {
        ByteWriter value{12};
        WriteVarInt(value, static_cast<uint64_t>(index.data_pos.file));
        WriteVarInt(value, index.data_pos.pos);
        WriteVarInt(value, offset);
        batch.Write(DB_TXINDEX, tx->GetTxid().span(), value.buffer());
        offset += tx->GetTotalSize();
    }
    batch.Write(DB_TXINDEX_BEST, NO_KEY, index.hash.span());
    return m_db.WriteBatch(batch, /*sync=*/false);
}

storage::Status TxIndex::SetBestBlock(const uint256& hash)
{
    return m_db.Write(DB_TXINDEX_BEST, NO_KEY, hash.span(), /*sync=*/false);
}

storage::StatusOr<uint256> TxIndex::GetBestBlock() const
{
    auto value = m_db.Read(DB_TXINDEX_BEST, NO_KEY);
    if (!value.ok()) {
        if (value.status().IsNotFound()) return uint256{};
        return value.status();
    }
    if (value->size() != uint256::SIZE) return storage::Status::Corruption("txindex: bad best block record");
    return uint256{std::span<const uint8_t, 32>{value->data(), 32}};
}

storage::StatusOr<TxLocation> TxIndex::FindTx(const uint256& txid) const
{
    auto value = m_db.Read(DB_TXINDEX, txid.span());
    if (!value.ok()) return value.status();
    ByteReader r{*value};
    auto file = ReadVarInt(r, "file");
    auto pos = ReadVarInt(r, "pos");
    auto offset = ReadVarInt(r, "offset");
    if (!offset || !r.empty() || *file > INT32_MAX || *pos > UINT32_MAX || *offset > UINT32_MAX) {
        return storage::Status::Corruption(StrFormat("txindex: bad entry for %s", txid.GetHex().c_str()));
    }
    return TxLocation{{static_cast<int32_t>(*file), static_cast<uint32_t>(*pos)}, static_cast<uint32_t>(*offset)};
}

storage::StatusOr<IndexedTx> TxIndex::ReadTransaction(const BlockManager& blocks, const uint256& txid) const
{
    storage::StatusOr<TxLocation> loc = FindTx(txid);
    if (!loc.ok()) return loc.status();
    storage::StatusOr<std::vector<uint8_t>> raw = blocks.ReadRawBlock(loc->block_pos);
    if (!raw.ok()) return raw.status();
    const std::span<const uint8_t> bytes{*raw};
    if (bytes.size() < CBlockHeader::SERIALIZED_SIZE || loc->tx_offset >= bytes.size()) {
        return storage::Status::Corruption(StrFormat("txindex: entry for %s points outside block record %s",
                                                     txid.GetHex().c_str(), loc->block_pos.ToString().c_str()));
    }
    Decoded<CBlockHeader> header = DecodeBlockHeader(bytes.first(CBlockHeader::SERIALIZED_SIZE));
    ByteReader r{bytes.subspan(loc->tx_offset)};
    std::optional<CTransaction> tx = CTransaction::Unserialize(r);
    if (!header || !tx || tx->GetTxid() != txid) {
        return storage::Status::Corruption(StrFormat("txindex: entry for %s does not point at that transaction (%s)",
                                                     txid.GetHex().c_str(), loc->block_pos.ToString().c_str()));
    }
    return IndexedTx{std::make_shared<const CTransaction>(std::move(*tx)), header->GetHash()};
}

} // namespace chainstate
