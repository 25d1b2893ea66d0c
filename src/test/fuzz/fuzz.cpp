// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Driver for all fuzz targets. The target is chosen by the FUZZ environment variable.
// With libFuzzer (--enable-fuzz) this provides LLVMFuzzerTestOneInput; otherwise main()
// replays files or directories given on the command line, which `make check` uses to run
// every target over its seed corpus.

#include <test/fuzz/fuzz.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

namespace {
std::map<std::string, FuzzTargetFn, std::less<>>& Registry()
{
    static std::map<std::string, FuzzTargetFn, std::less<>> registry;
    return registry;
}

FuzzTargetFn g_target{nullptr};

FuzzTargetFn SelectTarget()
{
    const char* name = std::getenv("FUZZ");
    if (!name || !*name) {
        std::fprintf(stderr, "Set FUZZ=<target>. Targets:\n");
        for (const auto& [target, fn] : Registry()) std::fprintf(stderr, "  %s\n", target.c_str());
        std::exit(1);
    }
    auto it = Registry().find(name);
    if (it == Registry().end()) {
        std::fprintf(stderr, "Unknown fuzz target '%s'\n", name);
        std::exit(1);
    }
    return it->second;
}
} // namespace

[[noreturn]] void Violated(const char* what)
{
    std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
    std::abort();
}

volatile uint8_t g_fuzz_sink;

void Touch(std::string_view s)
{
    uint8_t acc = 0;
    for (char c : s) acc ^= static_cast<uint8_t>(c);
    g_fuzz_sink = acc;
}

void RegisterFuzzTarget(std::string_view name, FuzzTargetFn fn)
{
    Registry().emplace(std::string{name}, fn);
}

#ifdef DOTS_FUZZ_LIBFUZZER
extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    g_target = SelectTarget();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    g_target(std::span<const uint8_t>{data, size});
    return 0;
}
#else
namespace {
bool ReplayFile(const std::filesystem::path& path)
{
    std::ifstream in{path, std::ios::binary};
    if (!in) {
        std::fprintf(stderr, "cannot read %s\n", path.c_str());
        return false;
    }
    std::vector<uint8_t> data{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
    g_target(std::span<const uint8_t>{data.data(), data.size()});
    return true;
}
} // namespace

int main(int argc, char** argv)
{
    if (argc > 1 && std::string{argv[1]} == "--list") {
        for (const auto& [target, fn] : Registry()) std::printf("%s\n", target.c_str());
        return 0;
    }
    g_target = SelectTarget();
    size_t count = 0;
    for (int i = 1; i < argc; ++i) {
        const std::filesystem::path arg{argv[i]};
        if (std::filesystem::is_directory(arg)) {
            for (const auto& entry : std::filesystem::recursive_directory_iterator{arg}) {
                if (!entry.is_regular_file()) continue;
                if (!ReplayFile(entry.path())) return 1;
                ++count;
            }
        } else {
            if (!ReplayFile(arg)) return 1;
            ++count;
        }
    }
    std::printf("%s: replayed %zu inputs\n", std::getenv("FUZZ"), count);
    return 0;
}
#endif
