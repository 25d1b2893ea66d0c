// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/transaction/index.h>

#include <crypto/random.h>
#include <crypto/siphash.h>

#include <cstring>

namespace sip {

void TxnKey::Assign(std::string_view key, uint64_t digest)
{
    m_digest = digest;
    m_size = key.size();
    if (key.size() <= INLINE) {
        m_heap.reset();
        if (!key.empty()) std::memcpy(m_inline.data(), key.data(), key.size());
    } else {
        m_heap = std::make_unique_for_overwrite<char[]>(key.size());
        std::memcpy(m_heap.get(), key.data(), key.size());
    }
}

KeyDigester::KeyDigester() : m_k0{GetRandUint64()}, m_k1{GetRandUint64()} {}

uint64_t KeyDigester::Digest(std::string_view key) const
{
    return CSipHasher{m_k0, m_k1}.Write({reinterpret_cast<const uint8_t*>(key.data()), key.size()}).Finalize();
}

} // namespace sip
