// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CONSENSUS_REGISTRY_SERIALIZE_H
#define DOTS_CONSENSUS_REGISTRY_SERIALIZE_H

/**
 * Encoding pieces shared by the registry payloads (registry_payload.cpp) and the registry's state
 * records (registry_state.cpp): strings and string lists. Readers return std::nullopt after
 * recording the failure in the ByteReader. Pure; thread-safe.
 */

#include <serialize.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace consensus {

inline std::span<const uint8_t> StrBytes(std::string_view s)
{
    return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

/** str := CompactSize length + bytes. */
template <typename W>
void WriteStr(W& w, std::string_view s)
{
    WriteVarBytes(w, StrBytes(s));
}

template <typename W>
void WriteStrList(W& w, const std::vector<std::string>& list)
{
    WriteCompactSize(w, list.size());
    for (const std::string& s : list) WriteStr(w, s);
}

/** A str of at most `max` bytes. */
std::optional<std::string> ReadStr(ByteReader& r, size_t max, const char* what);
/** At most `max_count` strs of at most `max_size` bytes each. */
std::optional<std::vector<std::string>> ReadStrList(ByteReader& r, size_t max_count, size_t max_size,
                                                    const char* count_what, const char* what);

} // namespace consensus

#endif // DOTS_CONSENSUS_REGISTRY_SERIALIZE_H
