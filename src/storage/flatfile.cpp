// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <storage/flatfile.h>

#include <crypto/sha256.h>
#include <util/format.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace storage {
namespace {

/** Read handles kept open by a store; enough for a reindex plus random block reads. */
constexpr size_t MAX_CACHED_READ_FILES = 8;

void WriteLE32(uint8_t* out, uint32_t v)
{
    out[0] = static_cast<uint8_t>(v);
    out[1] = static_cast<uint8_t>(v >> 8);
    out[2] = static_cast<uint8_t>(v >> 16);
    out[3] = static_cast<uint8_t>(v >> 24);
}

uint32_t ReadLE32(const uint8_t* in)
{
    return uint32_t{in[0]} | (uint32_t{in[1]} << 8) | (uint32_t{in[2]} << 16) | (uint32_t{in[3]} << 24);
}

uint32_t MaxRecordSize(const FlatFileOptions& options)
{
    if (options.max_record_size != 0) return options.max_record_size;
    return options.max_file_size > FLATFILE_RECORD_OVERHEAD ? options.max_file_size - FLATFILE_RECORD_OVERHEAD : 0;
}

/** Parses "<prefix>NNNNN.dat" into NNNNN; nullopt for other names. */
std::optional<int32_t> ParseFileNumber(std::string_view name, std::string_view prefix)
{
    if (name.size() != prefix.size() + 5 + 4 || name.substr(0, prefix.size()) != prefix) return std::nullopt;
    if (name.substr(name.size() - 4) != ".dat") return std::nullopt;
    const std::string_view digits = name.substr(prefix.size(), 5);
    int32_t n = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec != std::errc{} || ptr != digits.data() + digits.size()) return std::nullopt;
    return n;
}

bool AllZero(std::span<const uint8_t> bytes)
{
    return std::all_of(bytes.begin(), bytes.end(), [](uint8_t b) { return b == 0; });
}

} // namespace

std::string FlatFilePos::ToString() const
{
    if (IsNull()) return "null";
    return StrFormat("file=%d pos=%u", file, pos);
}

std::array<uint8_t, FLATFILE_CHECKSUM_SIZE> FlatFileChecksum(uint32_t length, std::span<const uint8_t> payload)
{
    uint8_t len_le[4];
    WriteLE32(len_le, length);
    std::array<uint8_t, CSHA256::OUTPUT_SIZE> digest;
    CSHA256{}.Write(len_le).Write(payload).Finalize(digest);
    std::array<uint8_t, FLATFILE_CHECKSUM_SIZE> out;
    std::copy_n(digest.begin(), out.size(), out.begin());
    return out;
}

bool FlatFileScan::DamageOnlyAtTail() const
{
    switch (end) {
    case End::kClean:
    case End::kZeroTail:
    case End::kTruncated:
        return true;
    case End::kCorrupt:
        return false;
    }
    return false;
}

StatusOr<FlatFileScan> ScanFlatFile(Env& env, const std::filesystem::path& path, int32_t file,
                                    const FlatFileOptions& options, const FlatFileVisitor& visitor)
{
    auto reader = env.NewRandomAccessFile(path);
    if (!reader.ok()) return reader.status();
    auto size = (*reader)->Size();
    if (!size.ok()) return size.status();

    FlatFileScan scan;
    scan.file_size = *size;
    const uint32_t max_record = MaxRecordSize(options);
    const std::string name = path.filename().string();
    std::vector<uint8_t> buf;
    uint64_t offset = 0;
    auto stop = [&](FlatFileScan::End end, std::string why) {
        scan.end = end;
        scan.stop_offset = offset;
        scan.detail = StrFormat("%s offset %llu: %s", name.c_str(), (unsigned long long)offset, why.c_str());
    };

    while (true) {
        scan.valid_end = offset;
        if (offset == scan.file_size) {
            scan.end = FlatFileScan::End::kClean;
            scan.stop_offset = offset;
            return scan;
        }
        uint8_t header[FLATFILE_HEADER_SIZE];
        auto got = (*reader)->Read(offset, header);
        if (!got.ok()) return got.status();
        const std::span<const uint8_t> head{header, *got};
        if (AllZero(head)) {
            // Zeros where a record should start: pre-allocated space, or blocks a crash left
            // zero-filled. Say whether the rest of the file is zero too.
            stop(FlatFileScan::End::kZeroTail, "zero bytes where a record should start");
            if (*got < FLATFILE_HEADER_SIZE) return scan;
            buf.resize(64 * 1024);
            for (uint64_t at = offset; at < scan.file_size;) {
                auto n = (*reader)->Read(at, buf);
                if (!n.ok()) return n.status();
                if (*n == 0) break;
                if (!AllZero(std::span{buf}.first(*n))) {
                    stop(FlatFileScan::End::kCorrupt, "zero bytes where a record should start, followed by data");
                    return scan;
                }
                at += *n;
            }
            return scan;
        }
        if (*got < FLATFILE_HEADER_SIZE) {
            stop(FlatFileScan::End::kTruncated, StrFormat("truncated record header (%zu of %zu bytes)", *got, FLATFILE_HEADER_SIZE));
            return scan;
        }
        if (std::memcmp(header, options.magic.data(), options.magic.size()) != 0) {
            stop(FlatFileScan::End::kCorrupt, "bad magic (not a record of this network)");
            return scan;
        }
        const uint32_t length = ReadLE32(header + 4);
        if (length > max_record) {
            stop(FlatFileScan::End::kCorrupt, StrFormat("implausible record length %u", length));
            return scan;
        }
        const uint64_t record_end = offset + FLATFILE_RECORD_OVERHEAD + length;
        if (record_end > scan.file_size) {
            stop(FlatFileScan::End::kTruncated, StrFormat("record of %u bytes runs past the end of the file (%llu bytes)", length, (unsigned long long)scan.file_size));
            return scan;
        }
        buf.resize(size_t{length} + FLATFILE_CHECKSUM_SIZE);
        auto n = (*reader)->Read(offset + FLATFILE_HEADER_SIZE, buf);
        if (!n.ok()) return n.status();
        if (*n != buf.size()) {
            stop(FlatFileScan::End::kTruncated, "file shrank during the scan");
            return scan;
        }
        const std::span<const uint8_t> payload{buf.data(), length};
        const auto checksum = FlatFileChecksum(length, payload);
        if (std::memcmp(checksum.data(), buf.data() + length, checksum.size()) != 0) {
            // A checksum failure in the very last record is what a crash mid-append leaves when
            // the file size reached the disk before the data did: treat it as a torn tail.
            const bool last = record_end == scan.file_size;
            stop(last ? FlatFileScan::End::kTruncated : FlatFileScan::End::kCorrupt,
                 last ? "checksum mismatch in the last record (torn append)" : "checksum mismatch");
            return scan;
        }
        ++scan.records;
        if (visitor && !visitor(FlatFilePos{file, static_cast<uint32_t>(offset)}, payload)) {
            offset = record_end;
            scan.valid_end = offset;
            scan.end = FlatFileScan::End::kClean;
            scan.stop_offset = offset;
            scan.detail = StrFormat("%s offset %llu: stopped by the caller", name.c_str(), (unsigned long long)offset);
            return scan;
        }
        offset = record_end;
    }
}

FlatFileStore::FlatFileStore(Env& env, std::filesystem::path dir, FlatFileOptions options)
    : m_env{env}, m_dir{std::move(dir)}, m_options{std::move(options)} {}

FlatFileStore::~FlatFileStore()
{
    LOCK(m_mutex);
    if (m_writer) (void)m_writer->Close(); // records were flushed by Append; nothing to lose here
}

StatusOr<std::unique_ptr<FlatFileStore>> FlatFileStore::Open(Env& env, std::filesystem::path dir, FlatFileOptions options,
                                                             std::optional<FlatFilePos> resume)
{
    if (options.prefix.empty()) return Status::InvalidArgument("flat file prefix is empty");
    if (options.max_file_size <= FLATFILE_RECORD_OVERHEAD) return Status::InvalidArgument("flat file max_file_size too small");
    if (options.chunk_size == 0) return Status::InvalidArgument("flat file chunk_size is zero");
    if (Status s = env.CreateDir(dir); !s.ok()) return s;

    std::unique_ptr<FlatFileStore> store{new FlatFileStore(env, std::move(dir), std::move(options))};
    LOCK(store->m_mutex);
    if (resume) {
        if (resume->IsNull() || resume->pos > store->m_options.max_file_size) {
            return Status::InvalidArgument("flat file resume position out of range: " + resume->ToString());
        }
        store->m_write_pos = *resume;
        return store;
    }

    auto names = env.GetChildren(store->m_dir);
    if (!names.ok()) return names.status();
    int32_t last = -1;
    for (const std::string& name : *names) {
        if (auto n = ParseFileNumber(name, store->m_options.prefix)) last = std::max(last, *n);
    }
    if (last < 0) return store; // empty sequence: start at file 0, offset 0

    auto scan = store->Scan(last, {});
    if (!scan.ok()) return scan.status();
    if (!scan->DamageOnlyAtTail()) {
        return Status::Corruption(StrFormat("%s (in %s): refusing to append after damaged data; restart with -reindex",
                                            scan->detail.c_str(), store->m_dir.c_str()));
    }
    store->m_write_pos = FlatFilePos{last, static_cast<uint32_t>(scan->valid_end)};
    return store;
}

std::filesystem::path FlatFileStore::FileName(int32_t file) const
{
    return m_dir / StrFormat("%s%05d.dat", m_options.prefix.c_str(), file);
}

FlatFilePos FlatFileStore::WritePos() const
{
    LOCK(m_mutex);
    return m_write_pos;
}

Status FlatFileStore::OpenWriter()
{
    if (m_writer) return Status::OK();
    auto writer = m_write_pos.pos == 0 ? m_env.NewWritableFile(FileName(m_write_pos.file))
                                       : m_env.NewAppendableFile(FileName(m_write_pos.file));
    if (!writer.ok()) return writer.status();
    if ((*writer)->Size() < m_write_pos.pos) {
        return Status::Corruption(StrFormat("%s is %llu bytes, shorter than the recorded end %u",
                                            FileName(m_write_pos.file).c_str(), (unsigned long long)(*writer)->Size(), m_write_pos.pos));
    }
    // Drop any orphaned tail left by a crash (bytes past the last record the index knows).
    if ((*writer)->Size() > m_write_pos.pos) {
        if (Status s = (*writer)->Truncate(m_write_pos.pos); !s.ok()) return s;
    }
    m_writer = std::move(*writer);
    m_allocated_end = m_write_pos.pos;
    return Status::OK();
}

Status FlatFileStore::RollToNextFile()
{
    if (m_writer) {
        // The finished file must be durable before records go to the next one, so that a single
        // Sync() of the current file covers every record appended so far.
        if (Status s = m_writer->Sync(); !s.ok()) {
            m_sync_error = s;
            return s;
        }
        if (Status s = m_writer->Close(); !s.ok()) return s;
        m_writer.reset();
    }
    m_write_pos = FlatFilePos{m_write_pos.file + 1, 0};
    m_allocated_end = 0;
    return Status::OK();
}

Status FlatFileStore::Preallocate(uint64_t record_end)
{
    if (record_end <= m_allocated_end) return Status::OK();
    const uint64_t chunk = m_options.chunk_size;
    uint64_t new_end = (record_end + chunk - 1) / chunk * chunk;
    new_end = std::max<uint64_t>(record_end, std::min<uint64_t>(new_end, m_options.max_file_size));
    if (Status s = m_writer->Allocate(m_allocated_end, new_end - m_allocated_end); !s.ok()) return s;
    m_allocated_end = new_end;
    return Status::OK();
}

Status FlatFileStore::WriteRecord(std::span<const uint8_t> payload)
{
    const uint32_t length = static_cast<uint32_t>(payload.size());
    uint8_t header[FLATFILE_HEADER_SIZE];
    std::memcpy(header, m_options.magic.data(), m_options.magic.size());
    WriteLE32(header + 4, length);
    const auto checksum = FlatFileChecksum(length, payload);
    if (Status s = m_writer->Append(header); !s.ok()) return s;
    if (Status s = m_writer->Append(payload); !s.ok()) return s;
    if (Status s = m_writer->Append(checksum); !s.ok()) return s;
    return m_writer->Flush();
}

StatusOr<FlatFilePos> FlatFileStore::Append(std::span<const uint8_t> payload)
{
    if (payload.size() > MaxRecordSize(m_options)) {
        return Status::InvalidArgument(StrFormat("record of %zu bytes exceeds the flat file limit of %u", payload.size(), MaxRecordSize(m_options)));
    }
    const uint64_t record_size = FLATFILE_RECORD_OVERHEAD + payload.size();
    LOCK(m_mutex);
    if (!m_sync_error.ok()) return m_sync_error;
    if (m_write_pos.pos > 0 && m_write_pos.pos + record_size > m_options.max_file_size) {
        if (Status s = RollToNextFile(); !s.ok()) return s;
    }
    if (Status s = OpenWriter(); !s.ok()) return s;
    const FlatFilePos pos = m_write_pos;
    if (Status s = Preallocate(pos.pos + record_size); !s.ok()) return s;

    if (Status s = WriteRecord(payload); !s.ok()) {
        // Remove whatever part of the record reached the file so the next append starts clean.
        // If even that fails, drop the handle: OpenWriter() truncates to m_write_pos on reopen.
        if (m_writer->Truncate(pos.pos).ok() && m_writer->Flush().ok()) {
            if (m_writer->Size() != pos.pos) m_writer.reset();
        } else {
            m_writer.reset();
        }
        return Status::IOError(StrFormat("append to %s at offset %u failed: %s",
                                         FileName(pos.file).filename().c_str(), pos.pos, s.ToString().c_str()));
    }
    m_write_pos.pos += static_cast<uint32_t>(record_size);
    return pos;
}

Status FlatFileStore::Sync()
{
    LOCK(m_mutex);
    if (!m_sync_error.ok()) return m_sync_error;
    if (!m_writer) return Status::OK(); // nothing appended since the last roll-over or open
    Status s = m_writer->Sync();
    if (!s.ok()) m_sync_error = s;
    return s;
}

Status FlatFileStore::Corrupt(FlatFilePos pos, const std::string& what) const
{
    return Status::Corruption(StrFormat("%s offset %u: %s", FileName(pos.file).c_str(), pos.pos, what.c_str()));
}

StatusOr<std::shared_ptr<RandomAccessFile>> FlatFileStore::ReadHandle(int32_t file) const
{
    LOCK(m_read_mutex);
    if (auto it = m_read_files.find(file); it != m_read_files.end()) return it->second;
    auto opened = m_env.NewRandomAccessFile(FileName(file));
    if (!opened.ok()) return opened.status();
    if (m_read_files.size() >= MAX_CACHED_READ_FILES) m_read_files.erase(m_read_files.begin());
    std::shared_ptr<RandomAccessFile> handle{std::move(*opened)};
    m_read_files.emplace(file, handle);
    return handle;
}

StatusOr<std::vector<uint8_t>> FlatFileStore::Read(FlatFilePos pos) const
{
    if (pos.IsNull()) return Status::InvalidArgument("read at a null flat file position");
    auto file = ReadHandle(pos.file);
    if (!file.ok()) return file.status();
    uint8_t header[FLATFILE_HEADER_SIZE];
    auto got = (*file)->Read(pos.pos, header);
    if (!got.ok()) return got.status();
    if (*got < FLATFILE_HEADER_SIZE) return Corrupt(pos, "truncated record header");
    if (std::memcmp(header, m_options.magic.data(), m_options.magic.size()) != 0) return Corrupt(pos, "bad magic");
    const uint32_t length = ReadLE32(header + 4);
    if (length > MaxRecordSize(m_options)) return Corrupt(pos, StrFormat("implausible record length %u", length));

    std::vector<uint8_t> buf(size_t{length} + FLATFILE_CHECKSUM_SIZE);
    got = (*file)->Read(uint64_t{pos.pos} + FLATFILE_HEADER_SIZE, buf);
    if (!got.ok()) return got.status();
    if (*got < buf.size()) return Corrupt(pos, StrFormat("truncated record (%zu of %zu bytes after the header)", *got, buf.size()));
    const auto checksum = FlatFileChecksum(length, std::span{buf}.first(length));
    if (std::memcmp(checksum.data(), buf.data() + length, checksum.size()) != 0) return Corrupt(pos, "checksum mismatch");
    buf.resize(length);
    return buf;
}

StatusOr<FlatFileScan> FlatFileStore::Scan(int32_t file, const FlatFileVisitor& visitor) const
{
    return ScanFlatFile(m_env, FileName(file), file, m_options, visitor);
}

} // namespace storage
