// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <storage/fault_env.h>

#include <util/format.h>

#include <algorithm>

namespace storage {
namespace {

std::filesystem::path Key(const std::filesystem::path& path) { return path.lexically_normal(); }

Status Crashed(const std::filesystem::path& path)
{
    return Status::IOError(path.string() + ": file handle invalidated by a simulated crash");
}

} // namespace

/** A WritableFile that writes straight through to the base Env and reports to its FaultInjectionEnv. */
class FaultWritableFile final : public WritableFile
{
public:
    FaultWritableFile(FaultInjectionEnv& env, std::unique_ptr<WritableFile> base, uint64_t generation)
        : m_env{env}, m_base{std::move(base)}, m_generation{generation}, m_size{m_base->Size()} {}

    Status Append(std::span<const uint8_t> data) override
    {
        if (Dead()) return Crashed(Path());
        const uint64_t allowed = m_env.ReserveSpace(data.size());
        if (allowed > 0) {
            Status s = m_base->Append(data.first(allowed));
            if (s.ok()) s = m_base->Flush();
            if (!s.ok()) return s;
        }
        if (allowed < data.size()) {
            return Status::IOError(StrFormat("write %s: No space left on device (injected)", Path().c_str()));
        }
        m_size += data.size();
        return Status::OK();
    }

    Status Flush() override { return Dead() ? Crashed(Path()) : Status::OK(); }

    Status Sync() override
    {
        if (Dead()) return Crashed(Path());
        if (m_env.SyncFails()) return Status::IOError(StrFormat("fdatasync %s: Input/output error (injected)", Path().c_str()));
        m_env.MarkSynced(Path(), m_base->Size());
        return Status::OK();
    }

    Status Close() override
    {
        if (Dead()) return Crashed(Path());
        return m_base->Close();
    }

    Status Truncate(uint64_t size) override
    {
        if (Dead()) return Crashed(Path());
        if (size > m_size) return Status::InvalidArgument(StrFormat("%s: truncate beyond size", Path().c_str()));
        if (Status s = m_base->Truncate(size); !s.ok()) return s;
        m_size = size;
        LOCK(m_env.m_mutex);
        auto& state = m_env.m_files[Key(Path())];
        state.synced_size = std::min(state.synced_size, size);
        return Status::OK();
    }

    Status Allocate(uint64_t offset, uint64_t len) override
    {
        if (Dead()) return Crashed(Path());
        const uint64_t end = offset + len;
        if (end > m_size) {
            LOCK(m_env.m_mutex);
            if (m_env.m_space_left && end - m_size > *m_env.m_space_left) {
                return Status::IOError(StrFormat("fallocate %s: No space left on device (injected)", Path().c_str()));
            }
        }
        return m_base->Allocate(offset, len);
    }

    uint64_t Size() const override { return m_size; }
    const std::filesystem::path& Path() const override { return m_base->Path(); }

private:
    bool Dead() const { return m_env.Generation() != m_generation; }

    FaultInjectionEnv& m_env;
    std::unique_ptr<WritableFile> m_base;
    const uint64_t m_generation;
    uint64_t m_size;
};

void FaultInjectionEnv::SetSpaceLimit(std::optional<uint64_t> bytes)
{
    LOCK(m_mutex);
    m_space_left = bytes;
}

void FaultInjectionEnv::SetSyncFailure(bool fail)
{
    LOCK(m_mutex);
    m_fail_sync = fail;
}

uint64_t FaultInjectionEnv::BytesWritten() const
{
    LOCK(m_mutex);
    return m_bytes_written;
}

uint64_t FaultInjectionEnv::ReserveSpace(uint64_t want)
{
    LOCK(m_mutex);
    uint64_t allowed = want;
    if (m_space_left) {
        allowed = std::min(want, *m_space_left);
        *m_space_left -= allowed;
    }
    m_bytes_written += allowed;
    return allowed;
}

bool FaultInjectionEnv::SyncFails() const
{
    LOCK(m_mutex);
    return m_fail_sync;
}

void FaultInjectionEnv::MarkSynced(const std::filesystem::path& path, uint64_t size)
{
    LOCK(m_mutex);
    auto& state = m_files[Key(path)];
    state.synced_size = size;
    state.name_durable = true;
}

uint64_t FaultInjectionEnv::Generation() const
{
    LOCK(m_mutex);
    return m_generation;
}

Status FaultInjectionEnv::SimulateCrash(uint64_t keep_unsynced_bytes)
{
    LOCK(m_mutex);
    ++m_generation;
    Status first_error;
    for (auto it = m_files.begin(); it != m_files.end();) {
        const std::filesystem::path& path = it->first;
        FileState& state = it->second;
        if (!state.name_durable) {
            Status s = m_base.RemoveFile(path);
            if (!s.ok() && !s.IsNotFound() && first_error.ok()) first_error = s;
            it = m_files.erase(it);
            continue;
        }
        StatusOr<uint64_t> size = m_base.GetFileSize(path);
        if (size.ok()) {
            const uint64_t keep = std::min(*size, state.synced_size + keep_unsynced_bytes);
            if (keep < *size) {
                Status s = m_base.TruncateFile(path, keep);
                if (!s.ok() && first_error.ok()) first_error = s;
            }
            state.synced_size = std::min(keep, state.synced_size);
        } else if (!size.status().IsNotFound() && first_error.ok()) {
            first_error = size.status();
        }
        ++it;
    }
    return first_error;
}

StatusOr<std::unique_ptr<WritableFile>> FaultInjectionEnv::OpenWritable(const std::filesystem::path& path, bool truncate)
{
    const bool existed = m_base.FileExists(path);
    auto base = truncate ? m_base.NewWritableFile(path) : m_base.NewAppendableFile(path);
    if (!base.ok()) return base.status();
    LOCK(m_mutex);
    auto [it, inserted] = m_files.try_emplace(Key(path));
    if (inserted) {
        // A file this Env has not seen: whatever exists already counts as durable.
        it->second.name_durable = existed;
        it->second.synced_size = existed ? (*base)->Size() : 0;
    }
    if (truncate) it->second.synced_size = 0;
    return std::unique_ptr<WritableFile>{std::make_unique<FaultWritableFile>(*this, std::move(*base), m_generation)};
}

StatusOr<std::unique_ptr<WritableFile>> FaultInjectionEnv::NewWritableFile(const std::filesystem::path& path)
{
    return OpenWritable(path, /*truncate=*/true);
}

StatusOr<std::unique_ptr<WritableFile>> FaultInjectionEnv::NewAppendableFile(const std::filesystem::path& path)
{
    return OpenWritable(path, /*truncate=*/false);
}

StatusOr<std::unique_ptr<RandomAccessFile>> FaultInjectionEnv::NewRandomAccessFile(const std::filesystem::path& path)
{
    return m_base.NewRandomAccessFile(path);
}

bool FaultInjectionEnv::FileExists(const std::filesystem::path& path) { return m_base.FileExists(path); }

StatusOr<uint64_t> FaultInjectionEnv::GetFileSize(const std::filesystem::path& path) { return m_base.GetFileSize(path); }

StatusOr<std::vector<std::string>> FaultInjectionEnv::GetChildren(const std::filesystem::path& dir)
{
    return m_base.GetChildren(dir);
}

Status FaultInjectionEnv::CreateDir(const std::filesystem::path& dir) { return m_base.CreateDir(dir); }

Status FaultInjectionEnv::RemoveFile(const std::filesystem::path& path)
{
    Status s = m_base.RemoveFile(path);
    if (s.ok()) {
        LOCK(m_mutex);
        m_files.erase(Key(path));
    }
    return s;
}

Status FaultInjectionEnv::RemoveDir(const std::filesystem::path& dir) { return m_base.RemoveDir(dir); }

Status FaultInjectionEnv::RenameFile(const std::filesystem::path& src, const std::filesystem::path& dst)
{
    Status s = m_base.RenameFile(src, dst);
    if (s.ok()) {
        LOCK(m_mutex);
        m_files.erase(Key(dst));
        if (auto node = m_files.extract(Key(src))) {
            node.key() = Key(dst);
            m_files.insert(std::move(node));
        }
    }
    return s;
}

Status FaultInjectionEnv::TruncateFile(const std::filesystem::path& path, uint64_t size)
{
    Status s = m_base.TruncateFile(path, size);
    if (s.ok()) {
        LOCK(m_mutex);
        if (auto it = m_files.find(Key(path)); it != m_files.end()) {
            it->second.synced_size = std::min(it->second.synced_size, size);
        }
    }
    return s;
}

Status FaultInjectionEnv::SyncDir(const std::filesystem::path& dir)
{
    if (SyncFails()) return Status::IOError(StrFormat("fsync directory %s: Input/output error (injected)", dir.c_str()));
    LOCK(m_mutex);
    std::filesystem::path key = Key(dir);
    if (!key.empty() && !key.has_filename()) key = key.parent_path(); // "dir/" names "dir"
    for (auto& [path, state] : m_files) {
        if (path.parent_path() == key) state.name_durable = true;
    }
    return Status::OK();
}

StatusOr<std::unique_ptr<FileLock>> FaultInjectionEnv::LockFile(const std::filesystem::path& path)
{
    return m_base.LockFile(path);
}

} // namespace storage
