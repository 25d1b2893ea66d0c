// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <mempool/checked_file.h>

#include <crypto/sha256.h>
#include <util/fs.h>

#include <algorithm>
#include <cstring>

namespace mempool {

util::Result<void> WriteCheckedFile(const std::filesystem::path& path, const FileMagic& magic,
                                    std::span<const uint8_t> payload)
{
    std::string content;
    content.reserve(magic.size() + payload.size() + CSHA256::OUTPUT_SIZE);
    content.append(reinterpret_cast<const char*>(magic.data()), magic.size());
    content.append(reinterpret_cast<const char*>(payload.data()), payload.size());
    const auto digest = Sha256(std::span{reinterpret_cast<const uint8_t*>(content.data()), content.size()});
    content.append(reinterpret_cast<const char*>(digest.data()), digest.size());
    return WriteFileAtomic(path, content, /*private_mode=*/false);
}

util::Result<std::vector<uint8_t>> ReadCheckedFile(const std::filesystem::path& path, const FileMagic& magic,
                                                   size_t max_size)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return util::Error{path.string() + " does not exist"};
    auto content = ReadSmallFile(path, max_size);
    if (!content) return util::Error{content.error()};
    const std::string& bytes = *content;
    if (bytes.size() < magic.size() + CSHA256::OUTPUT_SIZE ||
        std::memcmp(bytes.data(), magic.data(), magic.size()) != 0) {
        return util::Error{path.string() + " is not a file of this kind or version"};
    }
    const size_t body = bytes.size() - CSHA256::OUTPUT_SIZE;
    const auto digest = Sha256(std::span{reinterpret_cast<const uint8_t*>(bytes.data()), body});
    if (std::memcmp(digest.data(), bytes.data() + body, digest.size()) != 0) {
        return util::Error{path.string() + " is damaged (checksum mismatch)"};
    }
    const auto* start = reinterpret_cast<const uint8_t*>(bytes.data()) + magic.size();
    return std::vector<uint8_t>(start, reinterpret_cast<const uint8_t*>(bytes.data()) + body);
}

} // namespace mempool
