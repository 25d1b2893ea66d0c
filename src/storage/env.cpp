// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <storage/env.h>

#include <util/format.h>
#include <util/sync.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <system_error>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace storage {
namespace {

constexpr size_t WRITE_BUFFER_SIZE = 64 * 1024;

/** Maps an errno to a Status naming what failed. ENOENT becomes NotFound, the rest IOError. */
Status PosixError(const std::string& context, int err)
{
    std::string msg = StrFormat("%s: %s", context.c_str(), std::generic_category().message(err).c_str());
    if (err == ENOENT) return Status::NotFound(std::move(msg));
    return Status::IOError(std::move(msg));
}

/** open(2) with O_CLOEXEC, retried on EINTR. Returns -1 with errno set on failure. */
int OpenRetry(const std::filesystem::path& path, int flags, mode_t mode = 0644)
{
    int fd;
    do {
        fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
    } while (fd < 0 && errno == EINTR);
    return fd;
}

void CloseQuietly(int fd)
{
    if (fd >= 0) ::close(fd); // never retry close() on EINTR on Linux: the fd is already gone
}

Status FsyncDirectory(const std::filesystem::path& dir)
{
    const std::filesystem::path target = dir.empty() ? std::filesystem::path{"."} : dir;
    const int fd = OpenRetry(target, O_RDONLY | O_DIRECTORY);
    if (fd < 0) return PosixError("open directory " + target.string(), errno);
    int rc;
    do {
        rc = ::fsync(fd);
    } while (rc != 0 && errno == EINTR);
    const int err = errno;
    CloseQuietly(fd);
    if (rc != 0) return PosixError("fsync directory " + target.string(), err);
    return Status::OK();
}

class PosixWritableFile final : public WritableFile
{
public:
    PosixWritableFile(std::filesystem::path path, int fd, uint64_t size, bool created)
        : m_path{std::move(path)}, m_fd{fd}, m_size{size}, m_sync_dir_pending{created} {}
    ~PosixWritableFile() override
    {
        if (m_fd >= 0) (void)Close();
    }

    Status Append(std::span<const uint8_t> data) override
    {
        if (m_fd < 0) return Status::IOError(m_path.string() + ": append to closed file");
        const uint64_t size_before = m_size;
        if (data.size() <= WRITE_BUFFER_SIZE - m_buffer.size()) {
            m_buffer.insert(m_buffer.end(), data.begin(), data.end());
            m_size += data.size();
            return Status::OK();
        }
        // Too big for the buffer: flush it, then write the new data directly (or buffer it if
        // it is small now that the buffer is empty).
        if (Status s = FlushBuffer(); !s.ok()) return s;
        if (data.size() <= WRITE_BUFFER_SIZE) {
            m_buffer.assign(data.begin(), data.end());
            m_size += data.size();
            return Status::OK();
        }
        if (Status s = WriteUnbuffered(data); !s.ok()) {
            m_size = size_before;
            return s;
        }
        m_size += data.size();
        return Status::OK();
    }

    Status Flush() override
    {
        if (m_fd < 0) return Status::IOError(m_path.string() + ": flush of closed file");
        return FlushBuffer();
    }

    Status Sync() override
    {
        if (Status s = Flush(); !s.ok()) return s;
        int rc;
        do {
            rc = ::fdatasync(m_fd);
        } while (rc != 0 && errno == EINTR);
        if (rc != 0) return PosixError("fdatasync " + m_path.string(), errno);
        if (m_sync_dir_pending) {
            if (Status s = FsyncDirectory(m_path.parent_path()); !s.ok()) return s;
            m_sync_dir_pending = false;
        }
        return Status::OK();
    }

    Status Close() override
    {
        if (m_fd < 0) return Status::OK();
        Status s = FlushBuffer();
        if (::close(m_fd) != 0 && s.ok()) s = PosixError("close " + m_path.string(), errno);
        m_fd = -1;
        return s;
    }

    Status Truncate(uint64_t size) override
    {
        if (m_fd < 0) return Status::IOError(m_path.string() + ": truncate of closed file");
        if (size > m_size) return Status::InvalidArgument(StrFormat("%s: truncate to %llu beyond size %llu", m_path.c_str(), (unsigned long long)size, (unsigned long long)m_size));
        const uint64_t on_disk = m_size - m_buffer.size();
        if (size >= on_disk) {
            m_buffer.resize(size - on_disk);
            m_size = size;
            return Status::OK();
        }
        m_buffer.clear();
        int rc;
        do {
            rc = ::ftruncate(m_fd, static_cast<off_t>(size));
        } while (rc != 0 && errno == EINTR);
        if (rc != 0) return PosixError("ftruncate " + m_path.string(), errno);
        m_size = size;
        return Status::OK();
    }

    Status Allocate(uint64_t offset, uint64_t len) override
    {
        if (m_fd < 0) return Status::IOError(m_path.string() + ": allocate on closed file");
        if (len == 0) return Status::OK();
#ifdef __linux__
        int rc;
        do {
            rc = ::fallocate(m_fd, FALLOC_FL_KEEP_SIZE, static_cast<off_t>(offset), static_cast<off_t>(len));
        } while (rc != 0 && errno == EINTR);
        if (rc != 0) {
            if (errno == EOPNOTSUPP || errno == ENOSYS) return Status::OK(); // best effort
            return PosixError(StrFormat("fallocate %s [%llu, +%llu)", m_path.c_str(), (unsigned long long)offset, (unsigned long long)len), errno);
        }
#endif
        return Status::OK();
    }

    uint64_t Size() const override { return m_size; }
    const std::filesystem::path& Path() const override { return m_path; }

private:
    Status WriteUnbuffered(std::span<const uint8_t> data)
    {
        while (!data.empty()) {
            const ssize_t n = ::write(m_fd, data.data(), data.size());
            if (n < 0) {
                if (errno == EINTR) continue;
                return PosixError("write " + m_path.string(), errno);
            }
            data = data.subspan(static_cast<size_t>(n));
        }
        return Status::OK();
    }

    Status FlushBuffer()
    {
        if (m_buffer.empty()) return Status::OK();
        Status s = WriteUnbuffered(m_buffer);
        if (!s.ok()) {
            // The OS may have taken a prefix; the buffered bytes no longer count as appended.
            m_size -= m_buffer.size();
        }
        m_buffer.clear();
        return s;
    }

    const std::filesystem::path m_path;
    int m_fd;
    uint64_t m_size;
    bool m_sync_dir_pending;
    std::vector<uint8_t> m_buffer;
};

class PosixRandomAccessFile final : public RandomAccessFile
{
public:
    PosixRandomAccessFile(std::filesystem::path path, int fd) : m_path{std::move(path)}, m_fd{fd} {}
    ~PosixRandomAccessFile() override { CloseQuietly(m_fd); }

    StatusOr<size_t> Read(uint64_t offset, std::span<uint8_t> out) const override
    {
        size_t done = 0;
        while (done < out.size()) {
            const ssize_t n = ::pread(m_fd, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
            if (n < 0) {
                if (errno == EINTR) continue;
                return PosixError(StrFormat("pread %s at %llu", m_path.c_str(), (unsigned long long)(offset + done)), errno);
            }
            if (n == 0) break; // end of file
            done += static_cast<size_t>(n);
        }
        return done;
    }

    StatusOr<uint64_t> Size() const override
    {
        struct stat st;
        if (::fstat(m_fd, &st) != 0) return PosixError("fstat " + m_path.string(), errno);
        return static_cast<uint64_t>(st.st_size);
    }

    const std::filesystem::path& Path() const override { return m_path; }

private:
    const std::filesystem::path m_path;
    const int m_fd;
};

/** fcntl locks are per process, so a second lock from this process would succeed silently;
 * this set makes it fail like it would from another process. */
class LockTable
{
public:
    bool Insert(const std::string& key)
    {
        LOCK(m_mutex);
        return m_locked.insert(key).second;
    }
    void Erase(const std::string& key)
    {
        LOCK(m_mutex);
        m_locked.erase(key);
    }

private:
    Mutex m_mutex;
    std::set<std::string> m_locked GUARDED_BY(m_mutex);
};

LockTable& GlobalLockTable()
{
    static LockTable* table = new LockTable(); // leaked on purpose: outlives static destructors
    return *table;
}

class PosixFileLock final : public FileLock
{
public:
    PosixFileLock(int fd, std::string key) : m_fd{fd}, m_key{std::move(key)} {}
    ~PosixFileLock() override
    {
        CloseQuietly(m_fd); // closing releases the fcntl lock
        GlobalLockTable().Erase(m_key);
    }

private:
    const int m_fd;
    const std::string m_key;
};

class PosixEnv final : public Env
{
public:
    StatusOr<std::unique_ptr<WritableFile>> NewWritableFile(const std::filesystem::path& path) override
    {
        const bool existed = FileExists(path);
        const int fd = OpenRetry(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND);
        if (fd < 0) return PosixError("open " + path.string(), errno);
        return std::unique_ptr<WritableFile>{std::make_unique<PosixWritableFile>(path, fd, 0, !existed)};
    }

    StatusOr<std::unique_ptr<WritableFile>> NewAppendableFile(const std::filesystem::path& path) override
    {
        const bool existed = FileExists(path);
        const int fd = OpenRetry(path, O_WRONLY | O_CREAT | O_APPEND);
        if (fd < 0) return PosixError("open " + path.string(), errno);
        struct stat st;
        if (::fstat(fd, &st) != 0) {
            const int err = errno;
            CloseQuietly(fd);
            return PosixError("fstat " + path.string(), err);
        }
        return std::unique_ptr<WritableFile>{std::make_unique<PosixWritableFile>(path, fd, static_cast<uint64_t>(st.st_size), !existed)};
    }

    StatusOr<std::unique_ptr<RandomAccessFile>> NewRandomAccessFile(const std::filesystem::path& path) override
    {
        const int fd = OpenRetry(path, O_RDONLY);
        if (fd < 0) return PosixError("open " + path.string(), errno);
        return std::unique_ptr<RandomAccessFile>{std::make_unique<PosixRandomAccessFile>(path, fd)};
    }

    bool FileExists(const std::filesystem::path& path) override
    {
        return ::access(path.c_str(), F_OK) == 0;
    }

    StatusOr<uint64_t> GetFileSize(const std::filesystem::path& path) override
    {
        struct stat st;
        if (::stat(path.c_str(), &st) != 0) return PosixError("stat " + path.string(), errno);
        return static_cast<uint64_t>(st.st_size);
    }

    StatusOr<std::vector<std::string>> GetChildren(const std::filesystem::path& dir) override
    {
        DIR* d = ::opendir(dir.c_str());
        if (d == nullptr) return PosixError("opendir " + dir.string(), errno);
        std::vector<std::string> names;
        errno = 0;
        while (const struct dirent* entry = ::readdir(d)) {
            const std::string_view name{entry->d_name};
            if (name != "." && name != "..") names.emplace_back(name);
        }
        const int err = errno;
        ::closedir(d);
        if (err != 0) return PosixError("readdir " + dir.string(), err);
        return names;
    }

    Status CreateDir(const std::filesystem::path& dir) override
    {
        if (dir.empty()) return Status::OK();
        struct stat st;
        if (::stat(dir.c_str(), &st) == 0) {
            if (S_ISDIR(st.st_mode)) return Status::OK();
            return Status::IOError(dir.string() + ": exists and is not a directory");
        }
        const std::filesystem::path parent = dir.parent_path();
        if (!parent.empty() && parent != dir) {
            if (Status s = CreateDir(parent); !s.ok()) return s;
        }
        if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) return PosixError("mkdir " + dir.string(), errno);
        return FsyncDirectory(parent);
    }

    Status RemoveFile(const std::filesystem::path& path) override
    {
        if (::unlink(path.c_str()) != 0) return PosixError("unlink " + path.string(), errno);
        return Status::OK();
    }

    Status RemoveDir(const std::filesystem::path& dir) override
    {
        if (::rmdir(dir.c_str()) != 0) return PosixError("rmdir " + dir.string(), errno);
        return Status::OK();
    }

    Status RenameFile(const std::filesystem::path& src, const std::filesystem::path& dst) override
    {
        if (::rename(src.c_str(), dst.c_str()) != 0) {
            return PosixError("rename " + src.string() + " to " + dst.string(), errno);
        }
        return Status::OK();
    }

    Status TruncateFile(const std::filesystem::path& path, uint64_t size) override
    {
        int rc;
        do {
            rc = ::truncate(path.c_str(), static_cast<off_t>(size));
        } while (rc != 0 && errno == EINTR);
        if (rc != 0) return PosixError("truncate " + path.string(), errno);
        return Status::OK();
    }

    Status SyncDir(const std::filesystem::path& dir) override { return FsyncDirectory(dir); }

    StatusOr<std::unique_ptr<FileLock>> LockFile(const std::filesystem::path& path) override
    {
        std::error_code ec;
        std::string key = std::filesystem::weakly_canonical(path, ec).string();
        if (ec) key = path.string();
        if (!GlobalLockTable().Insert(key)) {
            return Status::IOError("lock " + path.string() + ": already held by this process");
        }
        const int fd = OpenRetry(path, O_RDWR | O_CREAT);
        if (fd < 0) {
            const int err = errno;
            GlobalLockTable().Erase(key);
            return PosixError("open " + path.string(), err);
        }
        struct flock fl;
        std::memset(&fl, 0, sizeof(fl));
        fl.l_type = F_WRLCK;
        fl.l_whence = SEEK_SET;
        int rc;
        do {
            rc = ::fcntl(fd, F_SETLK, &fl);
        } while (rc != 0 && errno == EINTR);
        if (rc != 0) {
            const int err = errno;
            CloseQuietly(fd);
            GlobalLockTable().Erase(key);
            if (err == EAGAIN || err == EACCES) {
                return Status::IOError("lock " + path.string() + ": held by another process");
            }
            return PosixError("lock " + path.string(), err);
        }
        return std::unique_ptr<FileLock>{std::make_unique<PosixFileLock>(fd, std::move(key))};
    }
};

} // namespace

Env& DefaultEnv()
{
    static Env* env = new PosixEnv(); // leaked on purpose: usable from static destructors
    return *env;
}

std::unique_ptr<Env> NewPosixEnv() { return std::make_unique<PosixEnv>(); }

} // namespace storage
