// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <chainstate/undo.h>

#include <algorithm>

namespace chainstate {

namespace {
/** Smallest encoding of a coin: 1 (height) + 1 (amount) + 33 (lock). */
constexpr size_t MIN_COIN_SIZE = 35;
} // namespace

std::optional<TxUndo> TxUndo::Unserialize(ByteReader& r)
{
    auto count = r.ReadCount(MAX_COMPACT_SIZE, MIN_COIN_SIZE, "undo coin count");
    if (!count) return std::nullopt;
    TxUndo undo;
    undo.prevout.reserve(*count);
    for (uint64_t i = 0; i < *count; ++i) {
        auto coin = Coin::Unserialize(r);
        if (!coin) return std::nullopt;
        undo.prevout.push_back(std::move(*coin));
    }
    return undo;
}

const std::vector<uint8_t>* BlockUndo::GetSection(uint16_t type) const
{
    auto it = std::lower_bound(m_sections.begin(), m_sections.end(), type,
                               [](const UndoSection& s, uint16_t t) { return s.type < t; });
    return (it != m_sections.end() && it->type == type) ? &it->data : nullptr;
}

void BlockUndo::SetSection(uint16_t type, std::vector<uint8_t> data)
{
    auto it = std::lower_bound(m_sections.begin(), m_sections.end(), type,
                               [](const UndoSection& s, uint16_t t) { return s.type < t; });
    if (it != m_sections.end() && it->type == type) {
        it->data = std::move(data);
    } else {
        m_sections.insert(it, UndoSection{type, std::move(data)});
    }
}

std::optional<BlockUndo> BlockUndo::Unserialize(ByteReader& r)
{
    auto version = r.ReadU8("undo version");
    if (!version) return std::nullopt;
    if (*version != VERSION) return r.Fail(DecodeError::INVALID_VALUE, "unknown undo version");
    // Each TxUndo takes at least its one-byte count.
    auto ntx = r.ReadCount(MAX_COMPACT_SIZE, 1, "undo tx count");
    if (!ntx) return std::nullopt;
    BlockUndo undo;
    undo.vtxundo.reserve(*ntx);
    for (uint64_t i = 0; i < *ntx; ++i) {
        auto tx = TxUndo::Unserialize(r);
        if (!tx) return std::nullopt;
        undo.vtxundo.push_back(std::move(*tx));
    }
    auto nsections = r.ReadCount(0xffff, 3, "undo section count");
    if (!nsections) return std::nullopt;
    for (uint64_t i = 0; i < *nsections; ++i) {
        auto type = r.ReadU16("undo section type");
        auto data = r.ReadVarBytes(MAX_SECTION_SIZE, "undo section");
        if (!data) return std::nullopt;
        // Sections are written sorted and unique; anything else is not our encoding.
        if (!undo.m_sections.empty() && undo.m_sections.back().type >= *type) {
            return r.Fail(DecodeError::INVALID_VALUE, "undo sections out of order or duplicated");
        }
        undo.m_sections.push_back(UndoSection{*type, std::move(*data)});
    }
    return undo;
}

Decoded<BlockUndo> DecodeBlockUndo(std::span<const uint8_t> bytes)
{
    return DecodeFull<BlockUndo>(bytes, SIZE_MAX);
}

} // namespace chainstate
