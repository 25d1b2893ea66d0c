// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <crypto/siphash.h>

#include <bit>
#include <cstring>

namespace {

inline void SipRound(uint64_t& v0, uint64_t& v1, uint64_t& v2, uint64_t& v3)
{
    v0 += v1; v1 = std::rotl(v1, 13); v1 ^= v0; v0 = std::rotl(v0, 32);
    v2 += v3; v3 = std::rotl(v3, 16); v3 ^= v2;
    v0 += v3; v3 = std::rotl(v3, 21); v3 ^= v0;
    v2 += v1; v1 = std::rotl(v1, 17); v1 ^= v2; v2 = std::rotl(v2, 32);
}

inline uint64_t ReadLE64(const uint8_t* p)
{
    uint64_t v;
    std::memcpy(&v, p, 8);
    if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
    return v;
}

inline void Compress(uint64_t (&v)[4], uint64_t m)
{
    v[3] ^= m;
    SipRound(v[0], v[1], v[2], v[3]);
    SipRound(v[0], v[1], v[2], v[3]);
    v[0] ^= m;
}

inline uint64_t Finish(uint64_t (&v)[4], uint64_t last)
{
    Compress(v, last);
    v[2] ^= 0xff;
    for (int i = 0; i < 4; ++i) SipRound(v[0], v[1], v[2], v[3]);
    return v[0] ^ v[1] ^ v[2] ^ v[3];
}

} // namespace

CSipHasher::CSipHasher(uint64_t k0, uint64_t k1)
{
    m_v[0] = 0x736f6d6570736575ULL ^ k0;
    m_v[1] = 0x646f72616e646f6dULL ^ k1;
    m_v[2] = 0x6c7967656e657261ULL ^ k0;
    m_v[3] = 0x7465646279746573ULL ^ k1;
}

CSipHasher& CSipHasher::Write(std::span<const uint8_t> data)
{
    for (const uint8_t b : data) {
        m_tmp |= static_cast<uint64_t>(b) << (8 * (m_count % 8));
        ++m_count;
        if (m_count % 8 == 0) {
            Compress(m_v, m_tmp);
            m_tmp = 0;
        }
    }
    return *this;
}

uint64_t CSipHasher::Finalize() const
{
    uint64_t v[4] = {m_v[0], m_v[1], m_v[2], m_v[3]};
    return Finish(v, m_tmp | (m_count << 56));
}

uint64_t SipHash32Bytes(uint64_t k0, uint64_t k1, std::span<const uint8_t, 32> data)
{
    uint64_t v[4] = {0x736f6d6570736575ULL ^ k0, 0x646f72616e646f6dULL ^ k1,
                     0x6c7967656e657261ULL ^ k0, 0x7465646279746573ULL ^ k1};
    for (int i = 0; i < 4; ++i) Compress(v, ReadLE64(data.data() + 8 * i));
    return Finish(v, uint64_t{32} << 56);
}
