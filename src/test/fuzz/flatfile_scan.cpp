// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The flat-file record reader meets whatever a crash, a bad disk or a hostile copy of blk files
// leaves on disk: the scanner (-reindex) and Read() must report, never crash or over-allocate.

#include <storage/env.h>
#include <storage/flatfile.h>
#include <test/fuzz/fuzz.h>
#include <test/util/files.h>

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <filesystem>
#include <string>

namespace {

const storage::NetworkMagic FUZZ_MAGIC{0xd0, 0x75, 0x51, 0x9a};

/** One scratch directory per process, removed at exit. */
const std::filesystem::path& ScratchDir()
{
    static const test::TempDir dir{"fuzz_flatfile"};
    return dir.path();
}

} // namespace

FUZZ_TARGET(flatfile_scan)
{
    storage::Env& env = storage::DefaultEnv();
    const auto path = ScratchDir() / "blk00000.dat";
    {
        auto file = env.NewWritableFile(path);
        if (!file.ok()) return;
        if (!(*file)->Append(buffer).ok() || !(*file)->Close().ok()) return;
    }
    storage::FlatFileOptions options;
    options.magic = FUZZ_MAGIC;
    options.max_file_size = 1 << 20;

    // Every record the scanner accepts must read back identically through FlatFileStore::Read.
    auto store = storage::FlatFileStore::Open(env, ScratchDir(), options, storage::FlatFilePos{0, 0});
    assert(store.ok());
    uint64_t last_end = 0;
    auto scan = storage::ScanFlatFile(env, path, 0, options, [&](storage::FlatFilePos pos, std::span<const uint8_t> payload) {
        assert(pos.pos == last_end);
        last_end = pos.pos + storage::FLATFILE_RECORD_OVERHEAD + payload.size();
        auto again = (*store)->Read(pos);
        assert(again.ok() && std::equal(again->begin(), again->end(), payload.begin(), payload.end()));
        return true;
    });
    if (!scan.ok()) return;
    assert(scan->valid_end == last_end);
    assert(scan->valid_end <= buffer.size());
    assert(scan->stop_offset == scan->valid_end);
    if (scan->end == storage::FlatFileScan::End::kClean) assert(scan->valid_end == buffer.size());

    // Reads at arbitrary offsets either verify or fail cleanly.
    for (size_t off = 0; off < buffer.size() && off < 64; ++off) {
        (void)(*store)->Read(storage::FlatFilePos{0, static_cast<uint32_t>(off)});
    }
}
