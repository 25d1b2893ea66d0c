// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_TEST_UTIL_FILES_H
#define DOTS_TEST_UTIL_FILES_H

// Scratch directories and raw file access for tests and benchmarks: a temporary directory that
// cleans up after itself, reading a whole file and flipping a byte behind the storage layer's
// back (simulated bit rot), and deterministic byte patterns to write. No Boost.Test dependency,
// so benchmarks use it too.

/**
 * Scratch files for storage tests and benchmarks: TempDir, a directory removed on destruction,
 * whole-file reads and byte flips behind the storage layer's back (simulated bit rot), and byte
 * patterns to write.
 */

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

#include <unistd.h>

namespace test {

/**
 * A fresh, empty directory under the system temp dir, named dots_<tag>_<pid>_<n> so parallel
 * test processes and several instances in one process never share it. Removed with everything
 * in it on destruction.
 */
class TempDir
{
public:
    explicit TempDir(const std::string& tag)
    {
        static std::atomic<unsigned> counter{0};
        m_path = std::filesystem::temp_directory_path() /
                 ("dots_" + tag + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        std::filesystem::remove_all(m_path);
        std::filesystem::create_directories(m_path);
    }
    ~TempDir()
    {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

/** The whole file as bytes; empty if it cannot be read. */
inline std::vector<uint8_t> ReadWholeFile(const std::filesystem::path& path)
{
    std::ifstream in{path, std::ios::binary};
    return {std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

/** XORs the byte at `offset` of the file with `mask` in place (simulated bit rot). */
inline void FlipByte(const std::filesystem::path& path, uint64_t offset, uint8_t mask = 0x01)
{
    std::fstream f{path, std::ios::binary | std::ios::in | std::ios::out};
    f.seekg(static_cast<std::streamoff>(offset));
    char c = 0;
    f.get(c);
    f.seekp(static_cast<std::streamoff>(offset));
    f.put(static_cast<char>(c ^ static_cast<char>(mask)));
}

/** n bytes 0, 7, 14, ... (mod 256) shifted by `seed`, so records of different seeds differ. */
inline std::vector<uint8_t> PatternBytes(size_t n, uint8_t seed = 0)
{
    std::vector<uint8_t> out(n);
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint8_t>(i * 7 + seed);
    return out;
}

} // namespace test

#endif // DOTS_TEST_UTIL_FILES_H
