// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <crypto/random.h>

#include <crypto/cleanse.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <sys/random.h>

namespace {

[[noreturn]] void RandFailure(const char* what, int err)
{
    std::fprintf(stderr, "Fatal: the operating system's random number generator failed (%s: %s); "
                         "cannot continue without secure randomness.\n",
                 what, std::strerror(err));
    std::abort();
}

uint64_t SplitMix64(uint64_t& x)
{
    uint64_t z = (x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

inline uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

inline uint64_t Xoshiro256pp(uint64_t (&s)[4])
{
    const uint64_t result = Rotl(s[0] + s[3], 23) + s[0];
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = Rotl(s[3], 45);
    return result;
}

/** Lemire's nearly-divisionless bounded draw, made exact with a rejection step. */
template <typename F>
uint64_t BoundedDraw(uint64_t range, F&& next)
{
    if (range == 0) return 0;
    unsigned __int128 m = static_cast<unsigned __int128>(next()) * range;
    uint64_t low = static_cast<uint64_t>(m);
    if (low < range) {
        const uint64_t threshold = (0 - range) % range;
        while (low < threshold) {
            m = static_cast<unsigned __int128>(next()) * range;
            low = static_cast<uint64_t>(m);
        }
    }
    return static_cast<uint64_t>(m >> 64);
}

void SeedStrong(uint64_t (&s)[4])
{
    do {
        GetStrongRandBytes(std::span{reinterpret_cast<uint8_t*>(s), sizeof(s)});
    } while ((s[0] | s[1] | s[2] | s[3]) == 0); // the all-zero state is a fixed point
}

struct ThreadRng {
    uint64_t s[4];
    ThreadRng() { SeedStrong(s); }
};

} // namespace

void GetStrongRandBytes(std::span<uint8_t> out)
{
    size_t done = 0;
    while (done < out.size()) {
        // getrandom() returns at most 33554431 bytes per call and may return fewer on signal.
        const ssize_t n = getrandom(out.data() + done, out.size() - done, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            RandFailure("getrandom", errno);
        }
        done += static_cast<size_t>(n);
    }
}

uint64_t GetRandUint64()
{
    thread_local ThreadRng rng;
    return Xoshiro256pp(rng.s);
}

uint64_t GetRandRange(uint64_t range)
{
    return BoundedDraw(range, [] { return GetRandUint64(); });
}

FastRandomContext::FastRandomContext()
{
    SeedStrong(m_s);
}

FastRandomContext::FastRandomContext(uint64_t seed)
{
    for (auto& w : m_s) w = SplitMix64(seed);
}

uint64_t FastRandomContext::Rand64()
{
    return Xoshiro256pp(m_s);
}

uint64_t FastRandomContext::RandRange(uint64_t range)
{
    return BoundedDraw(range, [this] { return Rand64(); });
}

void FastRandomContext::FillBytes(std::span<uint8_t> out)
{
    size_t i = 0;
    while (i < out.size()) {
        uint64_t v = Rand64();
        const size_t n = std::min<size_t>(8, out.size() - i);
        std::memcpy(out.data() + i, &v, n);
        i += n;
    }
}
