// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <storage/leveldb_env.h>

#include <leveldb/env.h>
#include <leveldb/status.h>

namespace storage {
namespace {

leveldb::Status ToLevelDb(const Status& s)
{
    switch (s.code()) {
    case Status::Code::kOk: return leveldb::Status::OK();
    case Status::Code::kNotFound: return leveldb::Status::NotFound(s.message());
    case Status::Code::kCorruption: return leveldb::Status::Corruption(s.message());
    case Status::Code::kInvalidArgument: return leveldb::Status::InvalidArgument(s.message());
    case Status::Code::kIOError: break;
    }
    return leveldb::Status::IOError(s.message());
}

std::span<const uint8_t> AsBytes(const leveldb::Slice& slice)
{
    return {reinterpret_cast<const uint8_t*>(slice.data()), slice.size()};
}

class SequentialFileAdapter final : public leveldb::SequentialFile
{
public:
    explicit SequentialFileAdapter(std::unique_ptr<RandomAccessFile> file) : m_file{std::move(file)} {}

    leveldb::Status Read(size_t n, leveldb::Slice* result, char* scratch) override
    {
        auto got = m_file->Read(m_offset, {reinterpret_cast<uint8_t*>(scratch), n});
        if (!got.ok()) return ToLevelDb(got.status());
        *result = leveldb::Slice{scratch, *got};
        m_offset += *got;
        return leveldb::Status::OK();
    }

    leveldb::Status Skip(uint64_t n) override
    {
        m_offset += n;
        return leveldb::Status::OK();
    }

private:
    std::unique_ptr<RandomAccessFile> m_file;
    uint64_t m_offset{0};
};

class RandomAccessFileAdapter final : public leveldb::RandomAccessFile
{
public:
    explicit RandomAccessFileAdapter(std::unique_ptr<storage::RandomAccessFile> file) : m_file{std::move(file)} {}

    leveldb::Status Read(uint64_t offset, size_t n, leveldb::Slice* result, char* scratch) const override
    {
        auto got = m_file->Read(offset, {reinterpret_cast<uint8_t*>(scratch), n});
        if (!got.ok()) {
            *result = leveldb::Slice{};
            return ToLevelDb(got.status());
        }
        *result = leveldb::Slice{scratch, *got};
        return leveldb::Status::OK();
    }

private:
    std::unique_ptr<storage::RandomAccessFile> m_file;
};

class WritableFileAdapter final : public leveldb::WritableFile
{
public:
    explicit WritableFileAdapter(std::unique_ptr<storage::WritableFile> file) : m_file{std::move(file)} {}

    leveldb::Status Append(const leveldb::Slice& data) override { return ToLevelDb(m_file->Append(AsBytes(data))); }
    leveldb::Status Close() override { return ToLevelDb(m_file->Close()); }
    leveldb::Status Flush() override { return ToLevelDb(m_file->Flush()); }
    leveldb::Status Sync() override { return ToLevelDb(m_file->Sync()); }

private:
    std::unique_ptr<storage::WritableFile> m_file;
};

class FileLockAdapter final : public leveldb::FileLock
{
public:
    explicit FileLockAdapter(std::unique_ptr<storage::FileLock> lock) : m_lock{std::move(lock)} {}

private:
    std::unique_ptr<storage::FileLock> m_lock;
};

class LevelDbEnvAdapter final : public leveldb::EnvWrapper
{
public:
    explicit LevelDbEnvAdapter(storage::Env& env) : leveldb::EnvWrapper{leveldb::Env::Default()}, m_env{env} {}

    leveldb::Status NewSequentialFile(const std::string& fname, leveldb::SequentialFile** result) override
    {
        *result = nullptr;
        auto file = m_env.NewRandomAccessFile(fname);
        if (!file.ok()) return ToLevelDb(file.status());
        *result = new SequentialFileAdapter(std::move(*file));
        return leveldb::Status::OK();
    }

    leveldb::Status NewRandomAccessFile(const std::string& fname, leveldb::RandomAccessFile** result) override
    {
        *result = nullptr;
        auto file = m_env.NewRandomAccessFile(fname);
        if (!file.ok()) return ToLevelDb(file.status());
        *result = new RandomAccessFileAdapter(std::move(*file));
        return leveldb::Status::OK();
    }

    leveldb::Status NewWritableFile(const std::string& fname, leveldb::WritableFile** result) override
    {
        *result = nullptr;
        auto file = m_env.NewWritableFile(fname);
        if (!file.ok()) return ToLevelDb(file.status());
        *result = new WritableFileAdapter(std::move(*file));
        return leveldb::Status::OK();
    }

    leveldb::Status NewAppendableFile(const std::string& fname, leveldb::WritableFile** result) override
    {
        *result = nullptr;
        auto file = m_env.NewAppendableFile(fname);
        if (!file.ok()) return ToLevelDb(file.status());
        *result = new WritableFileAdapter(std::move(*file));
        return leveldb::Status::OK();
    }

    bool FileExists(const std::string& fname) override { return m_env.FileExists(fname); }

    leveldb::Status GetChildren(const std::string& dir, std::vector<std::string>* result) override
    {
        result->clear();
        auto names = m_env.GetChildren(dir);
        if (!names.ok()) return ToLevelDb(names.status());
        *result = std::move(*names);
        return leveldb::Status::OK();
    }

    leveldb::Status RemoveFile(const std::string& fname) override { return ToLevelDb(m_env.RemoveFile(fname)); }
    leveldb::Status CreateDir(const std::string& dirname) override { return ToLevelDb(m_env.CreateDir(dirname)); }
    leveldb::Status RemoveDir(const std::string& dirname) override { return ToLevelDb(m_env.RemoveDir(dirname)); }

    leveldb::Status GetFileSize(const std::string& fname, uint64_t* size) override
    {
        auto got = m_env.GetFileSize(fname);
        *size = got.ok() ? *got : 0;
        return ToLevelDb(got.status());
    }

    leveldb::Status RenameFile(const std::string& src, const std::string& target) override
    {
        return ToLevelDb(m_env.RenameFile(src, target));
    }

    leveldb::Status LockFile(const std::string& fname, leveldb::FileLock** lock) override
    {
        *lock = nullptr;
        auto got = m_env.LockFile(fname);
        if (!got.ok()) return ToLevelDb(got.status());
        *lock = new FileLockAdapter(std::move(*got));
        return leveldb::Status::OK();
    }

    leveldb::Status UnlockFile(leveldb::FileLock* lock) override
    {
        delete lock;
        return leveldb::Status::OK();
    }

private:
    storage::Env& m_env;
};

} // namespace

std::unique_ptr<leveldb::Env> NewLevelDbEnv(Env& env) { return std::make_unique<LevelDbEnvAdapter>(env); }

} // namespace storage
