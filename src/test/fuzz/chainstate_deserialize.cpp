// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <chainstate/blockindex.h>
#include <chainstate/blocktreedb.h>
#include <chainstate/coins.h>
#include <chainstate/registry_store.h>
#include <chainstate/undo.h>
#include <consensus/registry_state.h>
#include <test/fuzz/fuzz.h>

#include <algorithm>

namespace {
/** A registry record decoded from `data` must re-encode to exactly `data`. */
template <typename T>
void CheckRecord(std::span<const uint8_t> data, const char* what)
{
    const std::string_view bytes{reinterpret_cast<const char*>(data.data()), data.size()};
    std::optional<T> record = T::Decode(bytes);
    if (record && record->Encode() != bytes) Violated(what);
}

template <typename T>
void CheckCanonical(const Decoded<T>& decoded, std::span<const uint8_t> input, const char* what)
{
    if (!decoded) return;
    const std::vector<uint8_t> bytes = Encode(*decoded);
    if (bytes.size() != input.size() || !std::equal(bytes.begin(), bytes.end(), input.begin())) Violated(what);
}
} // namespace

// Chainstate disk records (coins, undo data, registry records and diffs, block index entries,
// file infos) read back from a
// damaged disk: never crash, never allocate by a claimed count, and whatever is accepted is
// the one canonical encoding of its value. The first byte selects the record type.
FUZZ_TARGET(chainstate_deserialize)
{
    if (buffer.empty()) return;
    const auto data = buffer.subspan(1);
    switch (buffer[0] % 16) {
    case 0: {
        auto coin = DecodeFull<chainstate::Coin>(data);
        if (coin && coin->IsSpent()) Violated("decoded a spent coin");
        CheckCanonical(coin, data, "coin encoding not canonical");
        break;
    }
    case 1: {
        auto undo = chainstate::DecodeBlockUndo(data);
        CheckCanonical(undo, data, "undo encoding not canonical");
        if (undo) {
            for (size_t i = 1; i < undo->Sections().size(); ++i) {
                if (undo->Sections()[i - 1].type >= undo->Sections()[i].type) Violated("undo sections unsorted");
            }
        }
        break;
    }
    case 2:
        CheckCanonical(DecodeFull<chainstate::DiskBlockIndex>(data), data, "block index encoding not canonical");
        break;
    case 3:
        CheckCanonical(DecodeFull<chainstate::BlockFileInfo>(data), data, "file info encoding not canonical");
        break;
    case 4: {
        auto diff = chainstate::RecordDiff::Decode(data);
        if (diff) {
            const std::vector<uint8_t> bytes = diff->Encode();
            if (!std::equal(bytes.begin(), bytes.end(), data.begin(), data.end())) Violated("record diff not canonical");
        }
        break;
    }
    case 5: CheckRecord<consensus::HandleRecord>(data, "handle record not canonical"); break;
    case 6: CheckRecord<consensus::NodeRecord>(data, "node record not canonical"); break;
    case 7: CheckRecord<consensus::NodeList>(data, "node list not canonical"); break;
    case 8: CheckRecord<consensus::NodeSetHeader>(data, "node set header not canonical"); break;
    case 9: CheckRecord<consensus::PairRecord>(data, "pair record not canonical"); break;
    case 10: CheckRecord<consensus::SettlementRecord>(data, "settlement record not canonical"); break;
    case 11: CheckRecord<consensus::CommitRecord>(data, "commit record not canonical"); break;
    case 12: CheckRecord<consensus::ReceiptMask>(data, "receipt mask not canonical"); break;
    case 13: CheckRecord<consensus::NodeBalance>(data, "node balance not canonical"); break;
    case 14: CheckRecord<consensus::AgendaCount>(data, "agenda count not canonical"); break;
    case 15: CheckRecord<consensus::AgendaChunk>(data, "agenda chunk not canonical"); break;
    }
}
