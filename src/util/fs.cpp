// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <util/fs.h>

#include <util/format.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

util::Result<std::unique_ptr<DirectoryLock>> DirectoryLock::Acquire(const std::filesystem::path& lock_file)
{
    const int fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        return util::Error{StrFormat("Cannot open lock file %s: %s", lock_file.c_str(), std::strerror(errno))};
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        ::close(fd);
        if (err == EWOULDBLOCK) {
            return util::Error{StrFormat("Cannot obtain a lock on data directory %s. DOTS is probably already running.",
                                         lock_file.parent_path().c_str())};
        }
        return util::Error{StrFormat("Cannot lock %s: %s", lock_file.c_str(), std::strerror(err))};
    }
    return std::unique_ptr<DirectoryLock>{new DirectoryLock{fd}};
}

DirectoryLock::~DirectoryLock()
{
    ::close(m_fd); // releases the flock
}

util::Result<void> WriteFileAtomic(const std::filesystem::path& path, std::string_view content, bool private_mode)
{
    const std::filesystem::path tmp = path.string() + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, private_mode ? 0600 : 0644);
    if (fd < 0) return util::Error{StrFormat("Cannot create %s: %s", tmp.c_str(), std::strerror(errno))};
    size_t written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int err = errno;
            ::close(fd);
            ::unlink(tmp.c_str());
            return util::Error{StrFormat("Cannot write %s: %s", tmp.c_str(), std::strerror(err))};
        }
        written += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        return util::Error{StrFormat("Cannot sync %s: %s", tmp.c_str(), std::strerror(err))};
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        return util::Error{StrFormat("Cannot rename %s to %s: %s", tmp.c_str(), path.c_str(), std::strerror(err))};
    }
    return {};
}

util::Result<std::string> ReadSmallFile(const std::filesystem::path& path, size_t max_size)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return util::Error{StrFormat("Cannot open %s: %s", path.c_str(), std::strerror(errno))};
    std::string out;
    char buf[4096];
    while (true) {
        const ssize_t n = ::read(fd, buf, sizeof(buf));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            return util::Error{StrFormat("Cannot read %s: %s", path.c_str(), std::strerror(err))};
        }
        if (n == 0) break;
        out.append(buf, static_cast<size_t>(n));
        if (out.size() > max_size) {
            ::close(fd);
            return util::Error{StrFormat("%s is larger than %zu bytes", path.c_str(), max_size)};
        }
    }
    ::close(fd);
    return out;
}
