// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <storage/env.h>
#include <storage/fault_env.h>
#include <storage/flatfile.h>
#include <test/util/db.h>
#include <test/util/files.h>

#include <boost/test/unit_test.hpp>

using namespace storage;
using namespace test;

namespace {

const NetworkMagic TEST_MAGIC{0xd0, 0x75, 0x51, 0x9a};

FlatFileOptions TestOptions(uint32_t max_file_size = 1 << 20)
{
    FlatFileOptions options;
    options.prefix = "blk";
    options.magic = TEST_MAGIC;
    options.max_file_size = max_file_size;
    options.chunk_size = 64 * 1024;
    return options;
}

void CheckRecord(const FlatFileStore& store, FlatFilePos pos, const std::vector<uint8_t>& expected)
{
    auto got = store.Read(pos);
    BOOST_REQUIRE_MESSAGE(got.ok(), pos.ToString() + ": " + got.status().ToString());
    BOOST_CHECK(*got == expected);
}

bool Contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

} // namespace

BOOST_AUTO_TEST_SUITE(flatfile_tests)

BOOST_AUTO_TEST_CASE(append_read_roundtrip)
{
    TempDir dir{"flat"};
    auto store = RequireOk(FlatFileStore::Open(DefaultEnv(), dir.path(), TestOptions()));
    BOOST_CHECK(store->WritePos() == (FlatFilePos{0, 0}));
    const std::vector<std::vector<uint8_t>> payloads{{}, PatternBytes(1), PatternBytes(1000, 3), PatternBytes(300 * 1024, 4)};
    std::vector<FlatFilePos> positions;
    uint32_t expected_offset = 0;
    for (const auto& p : payloads) {
        const FlatFilePos pos = RequireOk(store->Append(p));
        BOOST_CHECK_EQUAL(pos.file, 0);
        BOOST_CHECK_EQUAL(pos.pos, expected_offset);
        expected_offset += FLATFILE_RECORD_OVERHEAD + p.size();
        positions.push_back(pos);
    }
    BOOST_CHECK(store->Sync().ok());
    for (size_t i = 0; i < payloads.size(); ++i) CheckRecord(*store, positions[i], payloads[i]);
    // Pre-allocation does not change the file size: the size is the end of the data.
    BOOST_CHECK_EQUAL(*DefaultEnv().GetFileSize(store->FileName(0)), expected_offset);
    BOOST_CHECK_EQUAL(store->FileName(0).filename().string(), "blk00000.dat");
    BOOST_CHECK_EQUAL(FlatFilePos{}.ToString(), "null");
    BOOST_CHECK(store->Read(FlatFilePos{}).status().IsInvalidArgument());
    BOOST_CHECK(store->Read(FlatFilePos{7, 0}).status().IsNotFound());
}

BOOST_AUTO_TEST_CASE(record_layout_is_magic_length_payload_checksum)
{
    TempDir dir{"flat"};
    auto store = RequireOk(FlatFileStore::Open(DefaultEnv(), dir.path(), TestOptions()));
    const std::vector<uint8_t> payload{'d', 'o', 't', 's'};
    RequireOk(store->Append(payload));
    const auto bytes = ReadWholeFile(store->FileName(0));
    BOOST_REQUIRE_EQUAL(bytes.size(), 16U);
    BOOST_CHECK(std::equal(TEST_MAGIC.begin(), TEST_MAGIC.end(), bytes.begin()));
    BOOST_CHECK(bytes[4] == 4 && bytes[5] == 0 && bytes[6] == 0 && bytes[7] == 0);
    BOOST_CHECK(std::equal(payload.begin(), payload.end(), bytes.begin() + 8));
    // SHA-256(04 00 00 00 'd' 'o' 't' 's') computed independently (Python hashlib): starts a9 bc 35 eb.
    const auto checksum = FlatFileChecksum(4, payload);
    BOOST_CHECK(std::equal(checksum.begin(), checksum.end(), bytes.begin() + 12));
    const std::array<uint8_t, 4> expected_checksum{0xa9, 0xbc, 0x35, 0xeb};
    BOOST_CHECK(checksum == expected_checksum);
}

BOOST_AUTO_TEST_CASE(new_file_after_max_size)
{
    TempDir dir{"flat"};
    auto store = RequireOk(FlatFileStore::Open(DefaultEnv(), dir.path(), TestOptions(/*max_file_size=*/1000)));
    std::vector<FlatFilePos> positions;
    for (int i = 0; i < 10; ++i) positions.push_back(RequireOk(store->Append(PatternBytes(300, i))));
    // 312-byte records: three fit in 1000 bytes, the fourth starts a new file.
    for (int i = 0; i < 10; ++i) {
        BOOST_CHECK_EQUAL(positions[i].file, i / 3);
        BOOST_CHECK_EQUAL(positions[i].pos, uint32_t(i % 3) * 312);
    }
    for (int i = 0; i < 10; ++i) CheckRecord(*store, positions[i], PatternBytes(300, i));
    BOOST_CHECK(store->WritePos() == (FlatFilePos{3, 312}));
    BOOST_CHECK(std::filesystem::exists(store->FileName(3)));
    // A record that cannot fit in any file is refused up front.
    BOOST_CHECK(store->Append(PatternBytes(1000)).status().IsInvalidArgument());
    BOOST_CHECK(store->WritePos() == (FlatFilePos{3, 312}));
}

BOOST_AUTO_TEST_CASE(reopen_resumes_after_last_record)
{
    TempDir dir{"flat"};
    std::vector<FlatFilePos> positions;
    {
        auto store = RequireOk(FlatFileStore::Open(DefaultEnv(), dir.path(), TestOptions(1000)));
        for (int i = 0; i < 5; ++i) positions.push_back(RequireOk(store->Append(PatternBytes(300, i))));
        BOOST_CHECK(store->Sync().ok());
    }
    auto store = RequireOk(FlatFileStore::Open(DefaultEnv(), dir.path(), TestOptions(1000)));
    BOOST_CHECK(store->WritePos() == (FlatFilePos{1, 624}));
    const FlatFilePos next = RequireOk(store->Append(PatternBytes(10, 9)));
    BOOST_CHECK(next == (FlatFilePos{1, 624}));
    for (int i = 0; i < 5; ++i) CheckRecord(*store, positions[i], PatternBytes(300, i));
    CheckRecord(*store, next, PatternBytes(10, 9));
}

BOOST_AUTO_TEST_CASE(reopen_at_index_position_overwrites_orphans)
{
    TempDir dir{"flat"};
    FlatFilePos indexed_end;
    {
        auto store = RequireOk(FlatFileStore::Open(DefaultEnv(), dir.path(), TestOptions()));
        RequireOk(store->Append(PatternBytes(100)));
        indexed_end = store->WritePos();
        RequireOk(store->Append(PatternBytes(100, 1))); // written, never indexed: an orphan
        BOOST_CHECK(store->Sync().ok());
    }
    auto store = RequireOk(FlatFileStore::Open(DefaultEnv(), dir.path(), TestOptions(), indexed_end));
    BOOST_CHECK(store->WritePos() == indexed_end);
    const FlatFilePos pos = RequireOk(store->Append(PatternBytes(5, 2)));
    BOOST_CHECK(pos == indexed_end);
    CheckRecord(*store, pos, PatternBytes(5, 2));
    BOOST_CHECK_EQUAL(*DefaultEnv().GetFileSize(store->FileName(0)), 2 * FLATFILE_RECORD_OVERHEAD + 105);
}

BOOST_AUTO_TEST_CASE(corrupted_byte_detected_by_checksum)
{
    TempDir dir{"flat"};
    std::vector<FlatFilePos> positions;
    {
        auto store = RequireOk(FlatFileStore::Open(DefaultEnv(), dir.path(), TestOptions()));
        for (int i = 0; i < 3; ++i) positions.push_back(RequireOk(store->Append(PatternBytes(200, i))));
    }
    const auto path = dir.path() / "blk00000.dat";
    FlipByte(path, positions[1].pos + FLATFILE_HEADER_SIZE + 57, 0x10);

    auto store = FlatFileStore::Open(DefaultEnv(), dir.path(), TestOptions(), FlatFilePos{0, 3 * 212});
    BOOST_REQUIRE(store.ok());
    CheckRecord(**store, positions[0], PatternBytes(200, 0));
    CheckRecord(**store, positions[2], PatternBytes(200, 2));
    const Status s = (*store)->Read(positions[1]).status();
    BOOST_CHECK(s.IsCorruption());
    BOOST_CHECK_MESSAGE(Contains(s.message(), "blk00000.dat") && Contains(s.message(), "offset 212") &&
                            Contains(s.message(), "checksum"), s.ToString());

    // The scan for -reindex stops at the damage and says where.
    auto scan = (*store)->Scan(0, {});
    BOOST_REQUIRE(scan.ok());
    BOOST_CHECK(scan->end == FlatFileScan::End::kCorrupt);
    BOOST_CHECK_EQUAL(scan->records, 1U);
    BOOST_CHECK_EQUAL(scan->stop_offset, 212U);
    BOOST_CHECK(!scan->DamageOnlyAtTail());
    BOOST_CHECK_MESSAGE(Contains(scan->detail, "blk00000.dat offset 212"), scan->detail);

    // Recovery by scanning refuses to append behind damaged data instead of overwriting records.
    auto scanned = FlatFileStore::Open(DefaultEnv(), dir.path(), TestOptions());
    BOOST_CHECK(scanned.status().IsCorruption());
    BOOST_CHECK_MESSAGE(Contains(scanned.status().message(), "-reindex"), scanned.status().ToString());
}

BOOST_AUTO_TEST_CASE(corrupted_length_and_magic_detected)
{
    TempDir dir{"flat"};
    FlatFilePos a, b;
    {
        auto store = RequireOk(FlatFileStore::Open(DefaultEnv(), dir.path(), TestOptions()));
        a = RequireOk(store->Append(PatternBytes(50)));
        b = RequireOk(store->Append(PatternBytes(50, 1)));
    }
    const auto path = dir.path() / "blk00000.dat";
    FlipByte(path, a.pos + 4, 0x02); // length 50 -> 48: still plausible, caught by the checksum
    FlipByte(path, b.pos + 0, 0xff); // another network's magic
    auto store = RequireOk(FlatFileStore::Open(DefaultEnv(), dir.path(), TestOptions(), FlatFilePos{0, 124}));
    const Status sa = store->Read(a).status();
    BOOST_CHECK_MESSAGE(sa.IsCorruption() && Contains(sa.message(), "checksum"), sa.ToString());
    const Status sb = store->Read(b).status();
    BOOST_CHECK_MESSAGE(sb.IsCorruption() && Contains(sb.message(), "magic") && Contains(sb.message(), "offset 62"), sb.ToString());
    FlipByte(path, a.pos + 7, 0x80); // length with the top bit set: implausible, no 2 GiB allocation
    const Status sa2 = store->Read(a).status();
    BOOST_CHECK_MESSAGE(sa2.IsCorruption() && Contains(sa2.message(), "length"), sa2.ToString());
}

BOOST_AUTO_TEST_CASE(truncated_record_detected_and_recovered)
{
    TempDir dir{"flat"};
    std::vector<FlatFilePos> positions;
    {
        auto store = RequireOk(FlatFileStore::Open(DefaultEnv(), dir.path(), TestOptions()));
        for (int i = 0; i < 3; ++i) positions.push_back(RequireOk(store->Append(PatternBytes(100, i))));
    }
    const auto path = dir.path() / "blk00000.dat";
    BOOST_REQUIRE(DefaultEnv().TruncateFile(path, positions[2].pos + 50).ok());

    auto scan = ScanFlatFile(DefaultEnv(), path, 0, TestOptions(), {});
    BOOST_REQUIRE(scan.ok());
    BOOST_CHECK(scan->end == FlatFileScan::End::kTruncated);
    BOOST_CHECK_EQUAL(scan->records, 2U);
    BOOST_CHECK_EQUAL(scan->valid_end, positions[2].pos);
    BOOST_CHECK(scan->DamageOnlyAtTail());

    auto store = RequireOk(FlatFileStore::Open(DefaultEnv(), dir.path(), TestOptions()));
    const Status s = store->Read(positions[2]).status();
    BOOST_CHECK_MESSAGE(s.IsCorruption() && Contains(s.message(), "truncated") && Contains(s.message(), "blk00000.dat"), s.ToString());
    // Writing resumes at the torn record's position and replaces it.
    BOOST_CHECK(store->WritePos() == positions[2]);
    const FlatFilePos pos = RequireOk(store->Append(PatternBytes(20, 7)));
    BOOST_CHECK(pos == positions[2]);
    CheckRecord(*store, positions[0], PatternBytes(100, 0));
    CheckRecord(*store, positions[1], PatternBytes(100, 1));
    CheckRecord(*store, pos, PatternBytes(20, 7));

    // A truncated header is caught as well.
    BOOST_REQUIRE(DefaultEnv().TruncateFile(path, positions[1].pos + 3).ok());
    const Status h = store->Read(positions[1]).status();
    BOOST_CHECK_MESSAGE(h.IsCorruption() && Contains(h.message(), "header"), h.ToString());
}

BOOST_AUTO_TEST_CASE(scanner_visits_records_and_stops_at_zero_tail)
{
    TempDir dir{"flat"};
    std::vector<FlatFilePos> positions;
    {
        auto store = RequireOk(FlatFileStore::Open(DefaultEnv(), dir.path(), TestOptions(1000)));
        for (int i = 0; i < 7; ++i) positions.push_back(RequireOk(store->Append(PatternBytes(100 + i, i))));
    }
    // Zero-filled tail, as a crash can leave on some file systems.
    {
        auto f = DefaultEnv().NewAppendableFile(dir.path() / "blk00000.dat");
        BOOST_REQUIRE(f.ok());
        BOOST_CHECK((*f)->Append(std::vector<uint8_t>(100, 0)).ok());
    }
    std::vector<FlatFilePos> seen;
    auto scan = ScanFlatFile(DefaultEnv(), dir.path() / "blk00000.dat", 0, TestOptions(1000),
                             [&](FlatFilePos pos, std::span<const uint8_t> payload) {
                                 const size_t i = seen.size();
                                 BOOST_CHECK(std::vector<uint8_t>(payload.begin(), payload.end()) == PatternBytes(100 + i, i));
                                 seen.push_back(pos);
                                 return true;
                             });
    BOOST_REQUIRE(scan.ok());
    BOOST_CHECK(scan->end == FlatFileScan::End::kZeroTail);
    BOOST_CHECK(scan->DamageOnlyAtTail());
    BOOST_REQUIRE_EQUAL(seen.size(), 7U);
    for (size_t i = 0; i < seen.size(); ++i) BOOST_CHECK(seen[i] == positions[i]);

    // The visitor can stop early.
    size_t count = 0;
    scan = ScanFlatFile(DefaultEnv(), dir.path() / "blk00000.dat", 0, TestOptions(1000),
                        [&](FlatFilePos, std::span<const uint8_t>) { return ++count < 3; });
    BOOST_REQUIRE(scan.ok());
    BOOST_CHECK_EQUAL(count, 3U);
    BOOST_CHECK_EQUAL(scan->valid_end, positions[3].pos);

    // Data after zeros is not a harmless tail.
    {
        auto f = DefaultEnv().NewAppendableFile(dir.path() / "blk00000.dat");
        BOOST_REQUIRE(f.ok());
        BOOST_CHECK((*f)->Append(PatternBytes(10, 1)).ok());
    }
    scan = ScanFlatFile(DefaultEnv(), dir.path() / "blk00000.dat", 0, TestOptions(1000), {});
    BOOST_REQUIRE(scan.ok());
    BOOST_CHECK(scan->end == FlatFileScan::End::kCorrupt);
}

BOOST_AUTO_TEST_CASE(full_disk_mid_append_keeps_earlier_records)
{
    TempDir dir{"flat"};
    FaultInjectionEnv env{DefaultEnv()};
    // The records stay inside the first pre-allocated chunk, so only the write itself can fail
    // (as on a file system without fallocate, or when the space was taken anyway).
    auto store = RequireOk(FlatFileStore::Open(env, dir.path(), TestOptions()));
    std::vector<FlatFilePos> positions;
    for (int i = 0; i < 3; ++i) positions.push_back(RequireOk(store->Append(PatternBytes(1000, i))));
    const FlatFilePos failed_at = store->WritePos();

    env.SetSpaceLimit(500); // the next record's header and half its payload fit
    auto failed = store->Append(PatternBytes(1000, 3));
    BOOST_REQUIRE(!failed.ok());
    BOOST_CHECK(failed.status().IsIOError());
    BOOST_CHECK_MESSAGE(Contains(failed.status().message(), "No space left on device") &&
                            Contains(failed.status().message(), "blk00000.dat"), failed.status().ToString());
    // Earlier records are intact, the partial record is gone, the write position did not move.
    for (int i = 0; i < 3; ++i) CheckRecord(*store, positions[i], PatternBytes(1000, i));
    BOOST_CHECK(store->WritePos() == failed_at);
    BOOST_CHECK_EQUAL(*env.GetFileSize(store->FileName(0)), failed_at.pos);

    // Space is freed: the next append lands where the failed one would have.
    env.SetSpaceLimit(std::nullopt);
    const FlatFilePos pos = RequireOk(store->Append(PatternBytes(1000, 3)));
    BOOST_CHECK(pos == failed_at);
    CheckRecord(*store, pos, PatternBytes(1000, 3));
    auto scan = store->Scan(0, {});
    BOOST_REQUIRE(scan.ok());
    BOOST_CHECK(scan->end == FlatFileScan::End::kClean);
    BOOST_CHECK_EQUAL(scan->records, 4U);
}

BOOST_AUTO_TEST_CASE(full_disk_caught_by_preallocation)
{
    TempDir dir{"flat"};
    FaultInjectionEnv env{DefaultEnv()};
    auto store = RequireOk(FlatFileStore::Open(env, dir.path(), TestOptions()));
    const FlatFilePos first = RequireOk(store->Append(PatternBytes(100)));
    env.SetSpaceLimit(1000);
    // The record would cross the pre-allocated chunk, and the chunk does not fit: nothing is written.
    const uint64_t before = env.BytesWritten();
    BOOST_CHECK(store->Append(PatternBytes(70 * 1024)).status().IsIOError());
    BOOST_CHECK_EQUAL(env.BytesWritten(), before);
    CheckRecord(*store, first, PatternBytes(100));
}

BOOST_AUTO_TEST_CASE(crash_drops_unsynced_records_and_reopen_recovers)
{
    TempDir dir{"flat"};
    FaultInjectionEnv env{DefaultEnv()};
    std::vector<FlatFilePos> positions;
    FlatFilePos lost;
    {
        auto store = RequireOk(FlatFileStore::Open(env, dir.path(), TestOptions()));
        for (int i = 0; i < 2; ++i) positions.push_back(RequireOk(store->Append(PatternBytes(500, i))));
        BOOST_CHECK(store->Sync().ok());
        lost = RequireOk(store->Append(PatternBytes(500, 9)));
        CheckRecord(*store, lost, PatternBytes(500, 9)); // readable before the crash
        BOOST_CHECK(env.SimulateCrash().ok());
    }
    auto store = RequireOk(FlatFileStore::Open(env, dir.path(), TestOptions()));
    for (int i = 0; i < 2; ++i) CheckRecord(*store, positions[i], PatternBytes(500, i));
    BOOST_CHECK(store->Read(lost).status().IsCorruption());
    BOOST_CHECK(store->WritePos() == lost);
    const FlatFilePos again = RequireOk(store->Append(PatternBytes(10, 5)));
    BOOST_CHECK(again == lost);
    BOOST_CHECK(store->Sync().ok());
    BOOST_CHECK(env.SimulateCrash().ok());
    auto reopened = RequireOk(FlatFileStore::Open(env, dir.path(), TestOptions()));
    CheckRecord(*reopened, again, PatternBytes(10, 5));
}

BOOST_AUTO_TEST_CASE(crash_with_torn_append_recovers)
{
    TempDir dir{"flat"};
    FaultInjectionEnv env{DefaultEnv()};
    FlatFilePos kept, torn;
    {
        auto store = RequireOk(FlatFileStore::Open(env, dir.path(), TestOptions()));
        kept = RequireOk(store->Append(PatternBytes(300)));
        BOOST_CHECK(store->Sync().ok());
        torn = RequireOk(store->Append(PatternBytes(300, 1)));
        BOOST_CHECK(env.SimulateCrash(/*keep_unsynced_bytes=*/150).ok());
    }
    auto scan = ScanFlatFile(env, dir.path() / "blk00000.dat", 0, TestOptions(), {});
    BOOST_REQUIRE(scan.ok());
    BOOST_CHECK(scan->end == FlatFileScan::End::kTruncated);
    BOOST_CHECK_EQUAL(scan->stop_offset, torn.pos);
    auto store = RequireOk(FlatFileStore::Open(env, dir.path(), TestOptions()));
    CheckRecord(*store, kept, PatternBytes(300));
    BOOST_CHECK(store->WritePos() == torn);
}

BOOST_AUTO_TEST_CASE(crash_after_roll_over_loses_only_the_unsynced_new_file)
{
    TempDir dir{"flat"};
    FaultInjectionEnv env{DefaultEnv()};
    std::vector<FlatFilePos> positions;
    {
        auto store = RequireOk(FlatFileStore::Open(env, dir.path(), TestOptions(1000)));
        for (int i = 0; i < 4; ++i) positions.push_back(RequireOk(store->Append(PatternBytes(300, i))));
        BOOST_CHECK_EQUAL(positions[3].file, 1); // the roll-over synced file 0
        BOOST_CHECK(env.SimulateCrash().ok());
    }
    BOOST_CHECK(!env.FileExists(dir.path() / "blk00001.dat")); // never synced: its name is gone too
    auto store = RequireOk(FlatFileStore::Open(env, dir.path(), TestOptions(1000)));
    for (int i = 0; i < 3; ++i) CheckRecord(*store, positions[i], PatternBytes(300, i));
    BOOST_CHECK(store->WritePos() == (FlatFilePos{0, 936}));
}

BOOST_AUTO_TEST_CASE(failed_sync_is_reported)
{
    TempDir dir{"flat"};
    FaultInjectionEnv env{DefaultEnv()};
    auto store = RequireOk(FlatFileStore::Open(env, dir.path(), TestOptions()));
    RequireOk(store->Append(PatternBytes(10)));
    env.SetSyncFailure(true);
    BOOST_CHECK(store->Sync().IsIOError());
    env.SetSyncFailure(false);
    // Sticky: a retry must not pretend the lost data is durable, and nothing may be added after it.
    BOOST_CHECK(store->Sync().IsIOError());
    BOOST_CHECK(store->Append(PatternBytes(10)).status().IsIOError());
    BOOST_CHECK(env.SimulateCrash().ok());
    // Nothing was durable: the file itself was never synced.
    BOOST_CHECK(!env.FileExists(dir.path() / "blk00000.dat"));
}

BOOST_AUTO_TEST_CASE(other_prefix_and_bad_options)
{
    TempDir dir{"flat"};
    auto options = TestOptions();
    options.prefix = "rev";
    auto store = RequireOk(FlatFileStore::Open(DefaultEnv(), dir.path(), options));
    RequireOk(store->Append(PatternBytes(10)));
    BOOST_CHECK(std::filesystem::exists(dir.path() / "rev00000.dat"));
    // A blk store in the same directory ignores rev files.
    auto blk = RequireOk(FlatFileStore::Open(DefaultEnv(), dir.path(), TestOptions()));
    BOOST_CHECK(blk->WritePos() == (FlatFilePos{0, 0}));

    options.max_file_size = 4;
    BOOST_CHECK(FlatFileStore::Open(DefaultEnv(), dir.path(), options).status().IsInvalidArgument());
    options = TestOptions();
    options.prefix.clear();
    BOOST_CHECK(FlatFileStore::Open(DefaultEnv(), dir.path(), options).status().IsInvalidArgument());
}

BOOST_AUTO_TEST_SUITE_END()
