// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// peers.dat: AddrMan's persistent form.
//
//   magic:4 format:u8 key:32 count:u32 { entry }* checksum:32 (SHA-256d of everything before)
//   entry := network:u8 addr:varbytes port:u16 source_network:u8 source:varbytes services:u64
//            time:i64 last_try:i64 last_success:i64 attempts:i32 in_tried:u8
//
// Entries are put back into buckets on load (tried ones into their tried slot if it is free,
// everything else into the new table by its source), so the bucket layout never has to be
// trusted from disk.

#include <net/addrman.h>

#include <crypto/sha256.h>
#include <serialize.h>
#include <util/fs.h>

#include <cstring>

namespace net {

namespace {
constexpr uint8_t PEERS_FORMAT = 1;
constexpr uint32_t MAX_ENTRIES = (ADDRMAN_NEW_BUCKET_COUNT + ADDRMAN_TRIED_BUCKET_COUNT) * ADDRMAN_BUCKET_SIZE;

template <typename W>
void WriteAddr(W& w, const NetAddr& addr)
{
    WriteU8(w, addr.Bip155NetworkId());
    WriteVarBytes(w, addr.Bytes());
}

std::optional<NetAddr> ReadAddr(ByteReader& r)
{
    const auto network = r.ReadU8("network");
    const auto bytes = r.ReadVarBytes(32, "address");
    if (!network || !bytes) return std::nullopt;
    auto addr = NetAddr::FromBip155(*network, *bytes);
    if (!addr) return r.Fail(DecodeError::INVALID_VALUE, "address");
    return addr;
}
} // namespace

std::vector<uint8_t> AddrMan::Serialize(const std::array<uint8_t, 4>& magic) const
{
    LOCK(m_mutex);
    ByteWriter w;
    w.Write(magic);
    WriteU8(w, PEERS_FORMAT);
    w.Write(m_key);
    WriteU32(w, static_cast<uint32_t>(m_info.size()));
    for (const Id id : m_random) {
        const AddrInfo& info = m_info.at(id);
        WriteAddr(w, info.addr);
        WriteU16(w, info.addr.GetPort());
        WriteAddr(w, info.source);
        WriteU64(w, info.services);
        WriteI64(w, info.time);
        WriteI64(w, info.last_try);
        WriteI64(w, info.last_success);
        WriteI32(w, info.attempts);
        WriteU8(w, info.in_tried ? 1 : 0);
    }
    std::vector<uint8_t> out = w.Take();
    const auto checksum = Sha256d(out);
    out.insert(out.end(), checksum.begin(), checksum.end());
    return out;
}

util::Result<void> AddrMan::Deserialize(std::span<const uint8_t> bytes, const std::array<uint8_t, 4>& magic)
{
    LOCK(m_mutex);
    Clear();
    if (bytes.size() < 32 + 4 + 1 + 32 + 4) return util::Error{"file too short"};
    const auto body = bytes.first(bytes.size() - 32);
    if (!std::equal(body.begin(), body.begin() + 4, magic.begin())) return util::Error{"written for another chain (magic mismatch)"};
    const auto checksum = Sha256d(body);
    if (std::memcmp(checksum.data(), bytes.data() + body.size(), 32) != 0) return util::Error{"checksum mismatch (corrupt file)"};

    ByteReader r{body.subspan(4)};
    const auto format = r.ReadU8("format");
    const auto key = r.ReadArray<32>("key");
    const auto count = r.ReadU32("count");
    if (!format || !key || !count) return util::Error{"truncated header"};
    if (*format != PEERS_FORMAT) return util::Error{"unsupported format " + std::to_string(*format)};
    if (*count > MAX_ENTRIES) return util::Error{"too many entries"};
    m_key = *key;
    std::vector<AddrInfo> tried;
    std::vector<AddrInfo> fresh;
    for (uint32_t i = 0; i < *count; ++i) {
        AddrInfo info;
        const auto addr = ReadAddr(r);
        const auto port = r.ReadU16("port");
        const auto source = ReadAddr(r);
        const auto services = r.ReadU64("services");
        const auto time = r.ReadI64("time");
        const auto last_try = r.ReadI64("last try");
        const auto last_success = r.ReadI64("last success");
        const auto attempts = r.ReadI32("attempts");
        const auto in_tried = r.ReadU8("in tried");
        if (!addr || !port || !source || !services || !time || !last_try || !last_success || !attempts || !in_tried) {
            Clear();
            return util::Error{std::string{"bad entry: "} + r.failure().what};
        }
        info.addr = Service{*addr, *port};
        info.source = *source;
        info.services = *services;
        info.time = *time;
        info.last_try = *last_try;
        info.last_success = *last_success;
        info.attempts = *attempts;
        (*in_tried ? tried : fresh).push_back(info);
    }
    if (!r.empty()) {
        Clear();
        return util::Error{"trailing data"};
    }
    for (const AddrInfo& loaded : tried) {
        const Id id = Restore(loaded);
        if (id == EMPTY) continue;
        AddrInfo& info = m_info.at(id);
        const int bucket = TriedBucket(info);
        const int pos = BucketPosition(info, false, bucket);
        if (m_tried[bucket][pos] == EMPTY) {
            // Count it in the tried table instead of the new one Create() assumed.
            --m_new_count;
            --m_network_counts[static_cast<size_t>(info.addr.GetNetwork())][0];
            ++m_tried_count;
            ++m_network_counts[static_cast<size_t>(info.addr.GetNetwork())][1];
            info.in_tried = true;
            m_tried[bucket][pos] = id;
        } else {
            fresh.push_back(info);
            Delete(id);
        }
    }
    for (const AddrInfo& loaded : fresh) {
        const Id id = Restore(loaded);
        if (id == EMPTY) continue;
        AddrInfo& info = m_info.at(id);
        const int bucket = NewBucket(info);
        const int pos = BucketPosition(info, true, bucket);
        if (m_new[bucket][pos] == EMPTY) {
            m_new[bucket][pos] = id;
            info.ref_count = 1;
        } else {
            info.ref_count = 1; // Delete() expects a counted entry
            Delete(id);
        }
    }
    return {};
}

AddrMan::Id AddrMan::Restore(const AddrInfo& loaded)
{
    if (!Acceptable(loaded.addr) || m_by_addr.count(loaded.addr)) return EMPTY;
    const Id id = Create(loaded.addr, loaded.source);
    AddrInfo& info = m_info.at(id);
    const size_t random_pos = info.random_pos;
    info = loaded;
    info.random_pos = random_pos;
    info.in_tried = false;
    info.ref_count = 0;
    return id;
}

util::Result<void> AddrMan::Write(const std::filesystem::path& path, const std::array<uint8_t, 4>& magic) const
{
    const std::vector<uint8_t> bytes = Serialize(magic);
    return WriteFileAtomic(path, std::string_view{reinterpret_cast<const char*>(bytes.data()), bytes.size()}, false);
}

util::Result<void> AddrMan::Read(const std::filesystem::path& path, const std::array<uint8_t, 4>& magic)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return {};
    auto content = ReadSmallFile(path, 64 << 20);
    if (!content) return util::Error{content.error()};
    const std::span<const uint8_t> bytes{reinterpret_cast<const uint8_t*>(content->data()), content->size()};
    if (auto res = Deserialize(bytes, magic); !res) return util::Error{path.filename().string() + ": " + res.error()};
    return {};
}

} // namespace net
