// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <benchmark/benchmark.h>

BENCHMARK_MAIN();
