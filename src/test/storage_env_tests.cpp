// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <storage/env.h>
#include <storage/fault_env.h>
#include <storage/status.h>
#include <test/util/db.h>
#include <test/util/files.h>

#include <boost/test/unit_test.hpp>

#include <algorithm>

using namespace storage;
using namespace test;

namespace {

std::vector<uint8_t> MustReadAll(Env& env, const std::filesystem::path& path)
{
    auto f = env.NewRandomAccessFile(path);
    BOOST_REQUIRE_MESSAGE(f.ok(), f.status().ToString());
    auto size = (*f)->Size();
    BOOST_REQUIRE(size.ok());
    std::vector<uint8_t> out(*size);
    auto n = (*f)->Read(0, out);
    BOOST_REQUIRE(n.ok());
    BOOST_REQUIRE_EQUAL(*n, out.size());
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(storage_env_tests)

BOOST_AUTO_TEST_CASE(status_codes_and_messages)
{
    Status ok;
    BOOST_CHECK(ok.ok());
    BOOST_CHECK_EQUAL(ok.ToString(), "OK");
    const Status corrupt = Status::Corruption("blk00001.dat offset 8: checksum mismatch");
    BOOST_CHECK(!corrupt.ok());
    BOOST_CHECK(corrupt.IsCorruption());
    BOOST_CHECK(!corrupt.IsIOError());
    BOOST_CHECK_EQUAL(corrupt.ToString(), "Corruption: blk00001.dat offset 8: checksum mismatch");
    BOOST_CHECK(Status::NotFound("x").IsNotFound());
    BOOST_CHECK(Status::IOError("x").IsIOError());
    BOOST_CHECK(Status::InvalidArgument("x").IsInvalidArgument());

    StatusOr<int> value{42};
    BOOST_CHECK(value.ok());
    BOOST_CHECK_EQUAL(*value, 42);
    BOOST_CHECK(value.status().ok());
    StatusOr<int> failed{Status::IOError("disk on fire")};
    BOOST_CHECK(!failed.ok());
    BOOST_CHECK_EQUAL(failed.status().message(), "disk on fire");
}

BOOST_AUTO_TEST_CASE(posix_append_read_roundtrip)
{
    TempDir dir{"env"};
    Env& env = DefaultEnv();
    const auto path = dir.path() / "data";
    auto file = RequireOk(env.NewWritableFile(path));
    const auto small = PatternBytes(100, 1);
    const auto big = PatternBytes(200 * 1024, 2); // larger than the write buffer
    BOOST_CHECK(file->Append(small).ok());
    BOOST_CHECK_EQUAL(file->Size(), 100U);
    BOOST_CHECK(file->Append(big).ok());
    BOOST_CHECK(file->Append(small).ok());
    BOOST_CHECK_EQUAL(file->Size(), 200U + 200 * 1024);
    BOOST_CHECK(file->Sync().ok());
    BOOST_CHECK(file->Close().ok());

    std::vector<uint8_t> expected = small;
    expected.insert(expected.end(), big.begin(), big.end());
    expected.insert(expected.end(), small.begin(), small.end());
    BOOST_CHECK(MustReadAll(env, path) == expected);

    auto size = env.GetFileSize(path);
    BOOST_REQUIRE(size.ok());
    BOOST_CHECK_EQUAL(*size, expected.size());

    // A read past the end is short, not an error.
    auto reader = env.NewRandomAccessFile(path);
    BOOST_REQUIRE(reader.ok());
    std::vector<uint8_t> buf(50);
    auto n = (*reader)->Read(expected.size() - 10, buf);
    BOOST_REQUIRE(n.ok());
    BOOST_CHECK_EQUAL(*n, 10U);
    n = (*reader)->Read(expected.size() + 100, buf);
    BOOST_REQUIRE(n.ok());
    BOOST_CHECK_EQUAL(*n, 0U);
}

BOOST_AUTO_TEST_CASE(posix_appendable_resumes_and_truncate)
{
    TempDir dir{"env"};
    Env& env = DefaultEnv();
    const auto path = dir.path() / "data";
    {
        auto file = RequireOk(env.NewWritableFile(path));
        BOOST_CHECK(file->Append(PatternBytes(10)).ok());
    } // destructor flushes and closes
    auto file = env.NewAppendableFile(path);
    BOOST_REQUIRE(file.ok());
    BOOST_CHECK_EQUAL((*file)->Size(), 10U);
    BOOST_CHECK((*file)->Append(PatternBytes(10, 5)).ok());
    BOOST_CHECK((*file)->Flush().ok());
    // Truncate into flushed data, then into buffered data.
    BOOST_CHECK((*file)->Truncate(15).ok());
    BOOST_CHECK_EQUAL((*file)->Size(), 15U);
    BOOST_CHECK((*file)->Append(PatternBytes(4, 9)).ok());
    BOOST_CHECK((*file)->Truncate(17).ok());
    BOOST_CHECK((*file)->Truncate(100).IsInvalidArgument());
    BOOST_CHECK((*file)->Close().ok());
    const auto data = MustReadAll(env, path);
    BOOST_REQUIRE_EQUAL(data.size(), 17U);
    auto expected = PatternBytes(10);
    const auto second = PatternBytes(5, 5);
    expected.insert(expected.end(), second.begin(), second.end());
    expected.push_back(PatternBytes(4, 9)[0]);
    expected.push_back(PatternBytes(4, 9)[1]);
    BOOST_CHECK(data == expected);
    // Allocate is a hint: it must not change the size.
    auto again = env.NewAppendableFile(path);
    BOOST_REQUIRE(again.ok());
    BOOST_CHECK((*again)->Allocate(17, 1 << 20).ok());
    BOOST_CHECK_EQUAL(*env.GetFileSize(path), 17U);
}

BOOST_AUTO_TEST_CASE(posix_directory_operations)
{
    TempDir dir{"env"};
    Env& env = DefaultEnv();
    const auto nested = dir.path() / "a" / "b" / "c";
    BOOST_CHECK(env.CreateDir(nested).ok());
    BOOST_CHECK(env.CreateDir(nested).ok()); // idempotent
    BOOST_CHECK(std::filesystem::is_directory(nested));

    BOOST_CHECK(RequireOk(env.NewWritableFile(nested / "one"))->Close().ok());
    BOOST_CHECK(RequireOk(env.NewWritableFile(nested / "two"))->Close().ok());
    auto children = env.GetChildren(nested);
    BOOST_REQUIRE(children.ok());
    std::sort(children->begin(), children->end());
    BOOST_CHECK(*children == (std::vector<std::string>{"one", "two"}));

    // Rename replaces the destination atomically.
    {
        auto f = RequireOk(env.NewWritableFile(nested / "one"));
        BOOST_CHECK(f->Append(PatternBytes(3)).ok());
        BOOST_CHECK(f->Sync().ok());
    }
    BOOST_CHECK(env.RenameFile(nested / "one", nested / "two").ok());
    BOOST_CHECK(env.SyncDir(nested).ok());
    BOOST_CHECK(!env.FileExists(nested / "one"));
    BOOST_CHECK_EQUAL(*env.GetFileSize(nested / "two"), 3U);

    BOOST_CHECK(env.TruncateFile(nested / "two", 1).ok());
    BOOST_CHECK_EQUAL(*env.GetFileSize(nested / "two"), 1U);
    BOOST_CHECK(env.RemoveFile(nested / "two").ok());
    BOOST_CHECK(env.RemoveFile(nested / "two").IsNotFound());
    BOOST_CHECK(env.GetFileSize(nested / "two").status().IsNotFound());
    BOOST_CHECK(env.NewRandomAccessFile(nested / "two").status().IsNotFound());
    BOOST_CHECK(env.GetChildren(dir.path() / "missing").status().IsNotFound());

    // A file where a directory should be is an error, not silently accepted.
    BOOST_CHECK(RequireOk(env.NewWritableFile(dir.path() / "plain"))->Close().ok());
    BOOST_CHECK(!env.CreateDir(dir.path() / "plain").ok());
}

BOOST_AUTO_TEST_CASE(posix_lock_is_exclusive)
{
    TempDir dir{"env"};
    Env& env = DefaultEnv();
    const auto path = dir.path() / ".lock";
    auto lock = env.LockFile(path);
    BOOST_REQUIRE_MESSAGE(lock.ok(), lock.status().ToString());
    auto second = env.LockFile(path);
    BOOST_CHECK(!second.ok());
    BOOST_CHECK(second.status().IsIOError());
    lock = StatusOr<std::unique_ptr<FileLock>>{Status::IOError("released")}; // destroys the lock
    auto third = env.LockFile(path);
    BOOST_CHECK_MESSAGE(third.ok(), third.status().ToString());
}

BOOST_AUTO_TEST_CASE(fault_full_disk_partial_write)
{
    TempDir dir{"env"};
    FaultInjectionEnv env{DefaultEnv()};
    const auto path = dir.path() / "data";
    auto file = RequireOk(env.NewWritableFile(path));
    BOOST_CHECK(file->Append(PatternBytes(100)).ok());
    env.SetSpaceLimit(10);
    const Status s = file->Append(PatternBytes(50));
    BOOST_CHECK(s.IsIOError());
    BOOST_CHECK_MESSAGE(s.message().find("No space left on device") != std::string::npos, s.ToString());
    BOOST_CHECK_EQUAL(file->Size(), 100U);                 // the failed append does not count
    BOOST_CHECK_EQUAL(*env.GetFileSize(path), 110U);       // but 10 bytes reached the file
    BOOST_CHECK(file->Truncate(file->Size()).ok());        // the caller drops the partial tail
    BOOST_CHECK_EQUAL(*env.GetFileSize(path), 100U);
    BOOST_CHECK(file->Allocate(100, 1 << 20).IsIOError()); // pre-allocation reports it early too
    env.SetSpaceLimit(std::nullopt);
    BOOST_CHECK(file->Append(PatternBytes(50)).ok());
    BOOST_CHECK_EQUAL(*env.GetFileSize(path), 150U);
    BOOST_CHECK_EQUAL(env.BytesWritten(), 160U);
}

BOOST_AUTO_TEST_CASE(fault_crash_drops_unsynced_data)
{
    TempDir dir{"env"};
    FaultInjectionEnv env{DefaultEnv()};
    const auto path = dir.path() / "data";
    auto file = RequireOk(env.NewWritableFile(path));
    const auto synced = PatternBytes(1000, 1);
    BOOST_CHECK(file->Append(synced).ok());
    BOOST_CHECK(file->Sync().ok());
    BOOST_CHECK(file->Append(PatternBytes(500, 2)).ok());
    BOOST_CHECK(file->Flush().ok());
    BOOST_CHECK_EQUAL(*env.GetFileSize(path), 1500U); // in the "page cache"

    BOOST_CHECK(env.SimulateCrash().ok());
    BOOST_CHECK(MustReadAll(env, path) == synced);
    // The process "died": its handles are dead.
    BOOST_CHECK(file->Append(PatternBytes(1)).IsIOError());
    BOOST_CHECK(file->Sync().IsIOError());

    // Reopen after the crash and carry on.
    auto reopened = env.NewAppendableFile(path);
    BOOST_REQUIRE(reopened.ok());
    BOOST_CHECK_EQUAL((*reopened)->Size(), 1000U);
    BOOST_CHECK((*reopened)->Append(PatternBytes(10, 3)).ok());
    BOOST_CHECK((*reopened)->Sync().ok());
    BOOST_CHECK(env.SimulateCrash().ok());
    BOOST_CHECK_EQUAL(*env.GetFileSize(path), 1010U);
}

BOOST_AUTO_TEST_CASE(fault_crash_keeps_torn_tail)
{
    TempDir dir{"env"};
    FaultInjectionEnv env{DefaultEnv()};
    const auto path = dir.path() / "data";
    auto file = RequireOk(env.NewWritableFile(path));
    BOOST_CHECK(file->Append(PatternBytes(100)).ok());
    BOOST_CHECK(file->Sync().ok());
    BOOST_CHECK(file->Append(PatternBytes(100, 1)).ok());
    BOOST_CHECK(env.SimulateCrash(/*keep_unsynced_bytes=*/30).ok());
    BOOST_CHECK_EQUAL(*env.GetFileSize(path), 130U);
}

BOOST_AUTO_TEST_CASE(fault_crash_removes_files_never_made_durable)
{
    TempDir dir{"env"};
    FaultInjectionEnv env{DefaultEnv()};
    const auto lost = dir.path() / "lost";
    const auto kept_by_sync = dir.path() / "kept_by_sync";
    const auto kept_by_dirsync = dir.path() / "kept_by_dirsync";
    BOOST_CHECK(RequireOk(env.NewWritableFile(kept_by_dirsync))->Append(PatternBytes(10)).ok());
    BOOST_CHECK(env.SyncDir(dir.path()).ok()); // makes the names in dir durable, not the data
    BOOST_CHECK(RequireOk(env.NewWritableFile(lost))->Append(PatternBytes(10)).ok()); // created after it
    {
        auto f = RequireOk(env.NewWritableFile(kept_by_sync));
        BOOST_CHECK(f->Append(PatternBytes(10)).ok());
        BOOST_CHECK(f->Sync().ok());
    }
    BOOST_CHECK(env.SimulateCrash().ok());
    BOOST_CHECK(!env.FileExists(lost));
    BOOST_CHECK_EQUAL(*env.GetFileSize(kept_by_sync), 10U);
    BOOST_CHECK_EQUAL(*env.GetFileSize(kept_by_dirsync), 0U); // name durable, data never synced
}

BOOST_AUTO_TEST_CASE(fault_failed_fsync_makes_nothing_durable)
{
    TempDir dir{"env"};
    FaultInjectionEnv env{DefaultEnv()};
    const auto path = dir.path() / "data";
    auto file = RequireOk(env.NewWritableFile(path));
    BOOST_CHECK(file->Append(PatternBytes(64)).ok());
    BOOST_CHECK(file->Sync().ok());
    BOOST_CHECK(file->Append(PatternBytes(64, 1)).ok());
    env.SetSyncFailure(true);
    const Status s = file->Sync();
    BOOST_CHECK(s.IsIOError());
    BOOST_CHECK(env.SyncDir(dir.path()).IsIOError());
    env.SetSyncFailure(false);
    BOOST_CHECK(env.SimulateCrash().ok());
    BOOST_CHECK_EQUAL(*env.GetFileSize(path), 64U);
}

BOOST_AUTO_TEST_SUITE_END()
