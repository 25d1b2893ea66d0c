// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <storage/dbwrapper.h>

#include <crypto/random.h>
#include <storage/env.h>
#include <storage/leveldb_env.h>
#include <util/format.h>
#include <util/logging.h>

#include <leveldb/cache.h>
#include <leveldb/db.h>
#include <leveldb/env.h>
#include <leveldb/filter_policy.h>
#include <leveldb/helpers/memenv.h>
#include <leveldb/iterator.h>
#include <leveldb/write_batch.h>

#include <algorithm>
#include <cassert>
#include <cstring>

namespace storage {
namespace {

/** The wrapper's own records, under DB_RESERVED_PREFIX. Stored in the clear. */
const std::string VERSION_KEY{"\x00version", 8};
const std::string OBFUSCATION_KEY_KEY{"\x00obfuscate_key", 14}; // same key as Bitcoin Core

/** LevelDB table files of 32 MiB instead of 2 MiB: fewer files, fewer descriptors (as Bitcoin Core). */
constexpr size_t LEVELDB_MAX_FILE_SIZE = 32 << 20;
/** Bloom filter bits per key: skips most table reads for absent keys (coins lookups miss often). */
constexpr int BLOOM_BITS_PER_KEY = 10;

leveldb::Slice AsSlice(std::span<const uint8_t> bytes)
{
    return leveldb::Slice{reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

std::string MakeKey(uint8_t prefix, std::span<const uint8_t> key)
{
    std::string out;
    out.reserve(1 + key.size());
    out.push_back(static_cast<char>(prefix));
    out.append(reinterpret_cast<const char*>(key.data()), key.size());
    return out;
}

/** Maps a LevelDB status to ours, naming the database and the operation. */
Status ToStatus(const leveldb::Status& s, const DbOptions& options, const char* operation)
{
    if (s.ok()) return Status::OK();
    std::string msg = StrFormat("%s database %s: %s: %s", options.name.c_str(), options.path.c_str(), operation, s.ToString().c_str());
    if (s.IsCorruption()) {
        return Status::Corruption(msg + " (the database is damaged; it must be rebuilt, e.g. with -reindex)");
    }
    if (s.IsNotFound()) return Status::NotFound(std::move(msg));
    if (s.IsInvalidArgument() || s.IsNotSupportedError()) return Status::InvalidArgument(std::move(msg));
    return Status::IOError(std::move(msg));
}

/** Sends LevelDB's own log lines to debug.log under -debug=db instead of a LOG file per database. */
class LevelDbLogger final : public leveldb::Logger
{
public:
    void Logv(const char* format, va_list ap) override
    {
        if (!LogInstance().WillLog(BCLog::DB)) return;
        LogInstance().LogLine("", BCLog::DB, "leveldb: " + StrFormatV(format, ap));
    }
};

} // namespace

struct DbWrapper::Impl {
    std::unique_ptr<leveldb::Env> mem_env;
    std::unique_ptr<leveldb::Env> file_env; //!< adapter over DbOptions::env
    std::unique_ptr<leveldb::Cache> block_cache;
    std::unique_ptr<const leveldb::FilterPolicy> filter_policy;
    LevelDbLogger logger;
    leveldb::Options options;
    leveldb::ReadOptions read_options;
    leveldb::ReadOptions iter_options;
    std::unique_ptr<leveldb::DB> db; // declared last: closed before what it uses is freed
};

// ---- DbBatch ----------------------------------------------------------------------------

DbBatch::DbBatch(const DbWrapper& db) : m_db{db}, m_batch{std::make_unique<leveldb::WriteBatch>()} {}
DbBatch::~DbBatch() = default;

void DbBatch::Write(uint8_t prefix, std::span<const uint8_t> key, std::span<const uint8_t> value)
{
    assert(prefix != DB_RESERVED_PREFIX);
    // One scratch buffer: [prefix][key][value], the value obfuscated in place.
    m_scratch.resize(1 + key.size() + value.size());
    m_scratch[0] = prefix;
    std::copy(key.begin(), key.end(), m_scratch.begin() + 1);
    std::copy(value.begin(), value.end(), m_scratch.begin() + 1 + key.size());
    const std::span<uint8_t> stored{m_scratch.data() + 1 + key.size(), value.size()};
    m_db.Obfuscate(stored);
    m_batch->Put(AsSlice(std::span{m_scratch}.first(1 + key.size())), AsSlice(stored));
    ++m_count;
}

void DbBatch::Erase(uint8_t prefix, std::span<const uint8_t> key)
{
    assert(prefix != DB_RESERVED_PREFIX);
    m_batch->Delete(MakeKey(prefix, key));
    ++m_count;
}

void DbBatch::Clear()
{
    m_batch->Clear();
    m_count = 0;
}

size_t DbBatch::ApproximateSize() const { return m_batch->ApproximateSize(); }

// ---- DbIterator -------------------------------------------------------------------------

DbIterator::DbIterator(const DbWrapper& db, uint8_t prefix, std::unique_ptr<leveldb::Iterator> it)
    : m_db{db}, m_prefix{prefix}, m_it{std::move(it)} {}
DbIterator::~DbIterator() = default;

void DbIterator::SeekToFirst() { Seek({}); }

void DbIterator::Seek(std::span<const uint8_t> key) { m_it->Seek(MakeKey(m_prefix, key)); }

bool DbIterator::Valid() const
{
    if (!m_it->Valid()) return false;
    const leveldb::Slice key = m_it->key();
    return !key.empty() && static_cast<uint8_t>(key[0]) == m_prefix;
}

void DbIterator::Next()
{
    assert(Valid());
    m_it->Next();
}

std::span<const uint8_t> DbIterator::Key() const
{
    assert(Valid());
    const leveldb::Slice key = m_it->key();
    return {reinterpret_cast<const uint8_t*>(key.data()) + 1, key.size() - 1};
}

std::vector<uint8_t> DbIterator::Value() const
{
    assert(Valid());
    const leveldb::Slice value = m_it->value();
    std::vector<uint8_t> out(value.data(), value.data() + value.size());
    m_db.Obfuscate(out);
    return out;
}

Status DbIterator::status() const { return ToStatus(m_it->status(), m_db.m_options, "iterate"); }

// ---- DbWrapper --------------------------------------------------------------------------

DbWrapper::DbWrapper(DbOptions options) : m_options{std::move(options)}, m_impl{std::make_unique<Impl>()} {}

DbWrapper::~DbWrapper() = default;

StatusOr<std::unique_ptr<DbWrapper>> DbWrapper::Open(const DbOptions& options)
{
    if (options.schema_version == 0) return Status::InvalidArgument("database schema_version must be nonzero");
    if (options.path.empty()) return Status::InvalidArgument("database path is empty");
    std::unique_ptr<DbWrapper> db{new DbWrapper(options)};
    if (Status s = db->Init(); !s.ok()) return s;
    return db;
}

Status DbWrapper::Init()
{
    Impl& impl = *m_impl;
    leveldb::Options& opt = impl.options;
    impl.block_cache.reset(leveldb::NewLRUCache(std::max<size_t>(m_options.cache_bytes / 2, 1 << 20)));
    impl.filter_policy.reset(leveldb::NewBloomFilterPolicy(BLOOM_BITS_PER_KEY));
    opt.block_cache = impl.block_cache.get();
    opt.filter_policy = impl.filter_policy.get();
    opt.write_buffer_size = std::max<size_t>(m_options.cache_bytes / 4, 1 << 20);
    opt.max_file_size = LEVELDB_MAX_FILE_SIZE;
    opt.max_open_files = std::max(m_options.max_open_files, 16);
    opt.compression = leveldb::kNoCompression; // values are hashes and keys: snappy gains little
    opt.paranoid_checks = true;
    opt.create_if_missing = true;
    opt.info_log = &impl.logger;
    impl.read_options.verify_checksums = true;
    impl.iter_options.verify_checksums = true;
    impl.iter_options.fill_cache = false; // a full scan would evict the hot set

    const std::string path = m_options.path.string();
    if (m_options.memory_only) {
        impl.mem_env.reset(leveldb::NewMemEnv(leveldb::Env::Default()));
        opt.env = impl.mem_env.get();
    } else {
        if (m_options.env != nullptr) {
            impl.file_env = NewLevelDbEnv(*m_options.env);
            opt.env = impl.file_env.get();
        }
        if (m_options.wipe) {
            LogInfo("Wiping LevelDB in %s", path.c_str());
            if (Status s = ToStatus(leveldb::DestroyDB(path, opt), m_options, "wipe"); !s.ok()) return s;
        }
        Env& env = m_options.env != nullptr ? *m_options.env : DefaultEnv();
        if (Status s = env.CreateDir(m_options.path); !s.ok()) return s;
    }

    leveldb::DB* raw = nullptr;
    if (Status s = ToStatus(leveldb::DB::Open(opt, path, &raw), m_options, "open"); !s.ok()) return s;
    impl.db.reset(raw);

    // An existing database: read the obfuscation key and check the schema version.
    std::string value;
    leveldb::Status ls = impl.db->Get(impl.read_options, OBFUSCATION_KEY_KEY, &value);
    if (ls.ok()) {
        if (value.size() != DB_OBFUSCATION_KEY_SIZE) {
            return Status::Corruption(StrFormat("%s database %s: obfuscation key has %zu bytes, expected %zu",
                                                m_options.name.c_str(), path.c_str(), value.size(), DB_OBFUSCATION_KEY_SIZE));
        }
        std::memcpy(m_obfuscation_key.data(), value.data(), DB_OBFUSCATION_KEY_SIZE);
        m_obfuscated = std::any_of(m_obfuscation_key.begin(), m_obfuscation_key.end(), [](uint8_t b) { return b != 0; });
    } else if (!ls.IsNotFound()) {
        return ToStatus(ls, m_options, "read obfuscation key");
    }

    ls = impl.db->Get(impl.read_options, VERSION_KEY, &value);
    if (ls.ok()) {
        if (value.size() != 4) {
            return Status::Corruption(StrFormat("%s database %s: schema version record has %zu bytes, expected 4",
                                                m_options.name.c_str(), path.c_str(), value.size()));
        }
        const auto* v = reinterpret_cast<const uint8_t*>(value.data());
        m_schema_version = uint32_t{v[0]} | (uint32_t{v[1]} << 8) | (uint32_t{v[2]} << 16) | (uint32_t{v[3]} << 24);
        if (m_schema_version != m_options.schema_version) {
            return Status::InvalidArgument(StrFormat("%s database %s has schema version %u, but this version of dotsd uses %u; "
                                                     "it must be rebuilt (e.g. with -reindex) or opened with a matching dotsd",
                                                     m_options.name.c_str(), path.c_str(), m_schema_version, m_options.schema_version));
        }
        return Status::OK();
    }
    if (!ls.IsNotFound()) return ToStatus(ls, m_options, "read schema version");

    // No version record: only a brand-new, empty database may be initialised.
    {
        std::unique_ptr<leveldb::Iterator> it{impl.db->NewIterator(impl.iter_options)};
        it->SeekToFirst();
        if (Status s = ToStatus(it->status(), m_options, "scan"); !s.ok()) return s;
        if (it->Valid()) {
            return Status::InvalidArgument(StrFormat("%s database %s holds data but no DOTS schema version record; "
                                                     "it was not written by dotsd or by an incompatible version",
                                                     m_options.name.c_str(), path.c_str()));
        }
    }
    leveldb::WriteBatch init;
    if (m_options.obfuscate) {
        do {
            GetStrongRandBytes(m_obfuscation_key);
        } while (std::all_of(m_obfuscation_key.begin(), m_obfuscation_key.end(), [](uint8_t b) { return b == 0; }));
        m_obfuscated = true;
        init.Put(OBFUSCATION_KEY_KEY, AsSlice(m_obfuscation_key));
    }
    const uint32_t version = m_options.schema_version;
    const uint8_t version_le[4] = {uint8_t(version), uint8_t(version >> 8), uint8_t(version >> 16), uint8_t(version >> 24)};
    init.Put(VERSION_KEY, AsSlice(version_le));
    leveldb::WriteOptions sync;
    sync.sync = true;
    if (Status s = ToStatus(impl.db->Write(sync, &init), m_options, "initialise"); !s.ok()) return s;
    m_schema_version = version;
    LogDebug(BCLog::DB, "Created %s database in %s (schema version %u, obfuscated: %s)", m_options.name.c_str(),
             path.c_str(), version, m_obfuscated ? "yes" : "no");
    return Status::OK();
}

void DbWrapper::Obfuscate(std::span<uint8_t> value) const
{
    if (!m_obfuscated) return;
    for (size_t i = 0; i < value.size(); ++i) value[i] ^= m_obfuscation_key[i % DB_OBFUSCATION_KEY_SIZE];
}

StatusOr<std::vector<uint8_t>> DbWrapper::Read(uint8_t prefix, std::span<const uint8_t> key) const
{
    std::string value;
    const leveldb::Status s = m_impl->db->Get(m_impl->read_options, MakeKey(prefix, key), &value);
    if (!s.ok()) return ToStatus(s, m_options, "read");
    std::vector<uint8_t> out(value.begin(), value.end());
    Obfuscate(out);
    return out;
}

StatusOr<bool> DbWrapper::Exists(uint8_t prefix, std::span<const uint8_t> key) const
{
    std::string value;
    const leveldb::Status s = m_impl->db->Get(m_impl->read_options, MakeKey(prefix, key), &value);
    if (s.ok()) return true;
    if (s.IsNotFound()) return false;
    return ToStatus(s, m_options, "read");
}

Status DbWrapper::WriteBatch(const DbBatch& batch, bool sync)
{
    assert(&batch.m_db == this);
    leveldb::WriteOptions options;
    options.sync = sync;
    return ToStatus(m_impl->db->Write(options, batch.m_batch.get()), m_options, "write");
}

Status DbWrapper::Write(uint8_t prefix, std::span<const uint8_t> key, std::span<const uint8_t> value, bool sync)
{
    DbBatch batch{*this};
    batch.Write(prefix, key, value);
    return WriteBatch(batch, sync);
}

Status DbWrapper::Erase(uint8_t prefix, std::span<const uint8_t> key, bool sync)
{
    DbBatch batch{*this};
    batch.Erase(prefix, key);
    return WriteBatch(batch, sync);
}

std::unique_ptr<DbIterator> DbWrapper::NewIterator(uint8_t prefix) const
{
    assert(prefix != DB_RESERVED_PREFIX);
    std::unique_ptr<leveldb::Iterator> it{m_impl->db->NewIterator(m_impl->iter_options)};
    return std::unique_ptr<DbIterator>{new DbIterator(*this, prefix, std::move(it))};
}

uint64_t DbWrapper::EstimateSize(uint8_t prefix, std::span<const uint8_t> begin, std::span<const uint8_t> end) const
{
    const std::string start_key = MakeKey(prefix, begin);
    const std::string limit_key = MakeKey(prefix, end);
    const leveldb::Range range{start_key, limit_key};
    uint64_t size = 0;
    m_impl->db->GetApproximateSizes(&range, 1, &size);
    return size;
}

uint64_t DbWrapper::EstimatePrefixSize(uint8_t prefix) const
{
    const std::string start_key(1, static_cast<char>(prefix));
    // The first key after every key of `prefix`: the next prefix byte, or past all keys for 0xff.
    const std::string limit_key = prefix < 0xff ? std::string(1, static_cast<char>(prefix + 1)) : std::string(64, '\xff');
    const leveldb::Range range{start_key, limit_key};
    uint64_t size = 0;
    m_impl->db->GetApproximateSizes(&range, 1, &size);
    return size;
}

StatusOr<bool> DbWrapper::IsEmpty() const
{
    std::unique_ptr<leveldb::Iterator> it{m_impl->db->NewIterator(m_impl->iter_options)};
    it->Seek(std::string(1, '\x01'));
    if (Status s = ToStatus(it->status(), m_options, "scan"); !s.ok()) return s;
    return !it->Valid();
}

void DbWrapper::CompactPrefix(uint8_t prefix)
{
    const std::string start_key(1, static_cast<char>(prefix));
    const std::string limit_key = prefix < 0xff ? std::string(1, static_cast<char>(prefix + 1)) : std::string(64, '\xff');
    const leveldb::Slice start{start_key}, limit{limit_key};
    m_impl->db->CompactRange(&start, &limit);
}

} // namespace storage
