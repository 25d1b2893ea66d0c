// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_TEST_UTIL_DB_H
#define DOTS_TEST_UTIL_DB_H

// Storage results and databases in Boost.Test cases: RequireOk unwraps a storage::StatusOr (or
// checks a Status) and stops the test case with the status text if it failed; MemDb opens an
// in-memory LevelDB for code that only needs a DbWrapper. Disk databases go in a test::TempDir
// (test/util/files.h).

#include <storage/dbwrapper.h>
#include <storage/status.h>

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>

namespace test {

/** The value of `result`; fails the test case (BOOST_REQUIRE) with the status text if it is an error. */
template <typename T>
T RequireOk(storage::StatusOr<T> result)
{
    BOOST_REQUIRE_MESSAGE(result.ok(), result.status().ToString());
    return std::move(*result);
}

/** Fails the test case (BOOST_REQUIRE) with the status text unless `status` is OK. */
inline void RequireOk(const storage::Status& status) { BOOST_REQUIRE_MESSAGE(status.ok(), status.ToString()); }

/** Options for an in-memory database called `name` (also its path in messages) with `schema_version`. */
inline storage::DbOptions MemDbOptions(const std::string& name, uint32_t schema_version)
{
    storage::DbOptions options;
    options.path = name;
    options.name = name;
    options.memory_only = true;
    options.schema_version = schema_version;
    return options;
}

/** Options for a database on disk at `path` (e.g. inside a test::TempDir) called `name`, with `schema_version`. */
inline storage::DbOptions DiskDbOptions(const std::filesystem::path& path, const std::string& name, uint32_t schema_version)
{
    storage::DbOptions options = MemDbOptions(name, schema_version);
    options.path = path;
    options.memory_only = false;
    return options;
}

/** An open, empty in-memory database (MemDbOptions); fails the test case if it cannot open. */
inline std::unique_ptr<storage::DbWrapper> MemDb(const std::string& name, uint32_t schema_version)
{
    return RequireOk(storage::DbWrapper::Open(MemDbOptions(name, schema_version)));
}

} // namespace test

#endif // DOTS_TEST_UTIL_DB_H
