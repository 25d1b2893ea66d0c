// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CHAINSTATE_UNDO_H
#define DOTS_CHAINSTATE_UNDO_H

/**
 * Undo data: what is needed to disconnect a block exactly.
 *
 *   block_undo := version:u8 (=1)
 *                 n_tx { tx_undo }*                  -- one per non-coinbase tx, in block order
 *                 n_sections { type:u16 data:varbytes }*
 *   tx_undo    := n_coins { coin }*                  -- the coins its inputs spent, in input order
 *
 * The coins part never changes shape. Other state (registry: handles, nodes, presence, call
 * records) appends its own undo as typed sections; a section type this version does not know is
 * kept as opaque bytes and written back unchanged, so a section added later does not change the
 * coins part or the meaning of older records. Each section type may appear at most once.
 * Thread-compatible value types.
 */

#include <chainstate/coins.h>
#include <serialize.h>

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace chainstate {

/** The spent coins of one transaction, in input order. */
struct TxUndo {
    std::vector<Coin> prevout;

    friend bool operator==(const TxUndo&, const TxUndo&) = default;
    template <typename W> void Serialize(W& w) const;
    static std::optional<TxUndo> Unserialize(ByteReader& r);
};

/** Undo section types (coins are not a section: they are the fixed first part). */
enum class UndoSectionType : uint16_t {
    REGISTRY = 1, //!< reserved for the registry state (handles, nodes, presence, call records)
};

struct UndoSection {
    uint16_t type{0};
    std::vector<uint8_t> data;

    friend bool operator==(const UndoSection&, const UndoSection&) = default;
};

/** Undo data of one block. */
class BlockUndo
{
public:
    static constexpr uint8_t VERSION = 1;
    /**
     * Decoding bound for one section. The registry section of a block is bounded by what its
     * transactions and the payouts due at its height change: a few times the block size (each
     * change stores the value before and after), well below this.
     */
    static constexpr size_t MAX_SECTION_SIZE = 32'000'000;

    std::vector<TxUndo> vtxundo; //!< one entry per non-coinbase transaction

    /** The data of section `type`, or nullptr if absent. Valid until the section list changes. */
    const std::vector<uint8_t>* GetSection(uint16_t type) const;
    /** Sets (adds or replaces) section `type`. */
    void SetSection(uint16_t type, std::vector<uint8_t> data);
    const std::vector<UndoSection>& Sections() const { return m_sections; }

    friend bool operator==(const BlockUndo&, const BlockUndo&) = default;
    template <typename W> void Serialize(W& w) const;
    /** Rejects an unknown version, duplicate sections and oversized counts. */
    static std::optional<BlockUndo> Unserialize(ByteReader& r);

private:
    std::vector<UndoSection> m_sections; //!< sorted by type, unique
};

/** Decodes exactly one BlockUndo from `bytes` (no trailing data). */
Decoded<BlockUndo> DecodeBlockUndo(std::span<const uint8_t> bytes);

// ---- template definitions ----

template <typename W>
void TxUndo::Serialize(W& w) const
{
    WriteCompactSize(w, prevout.size());
    for (const Coin& coin : prevout) coin.Serialize(w);
}

template <typename W>
void BlockUndo::Serialize(W& w) const
{
    WriteU8(w, VERSION);
    WriteCompactSize(w, vtxundo.size());
    for (const TxUndo& tx : vtxundo) tx.Serialize(w);
    WriteCompactSize(w, m_sections.size());
    for (const UndoSection& section : m_sections) {
        WriteU16(w, section.type);
        WriteVarBytes(w, section.data);
    }
}

} // namespace chainstate

#endif // DOTS_CHAINSTATE_UNDO_H
