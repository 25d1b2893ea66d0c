// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_TEST_UTIL_PRINT_H
#define DOTS_TEST_UTIL_PRINT_H

// Printing of project types in Boost.Test messages (BOOST_CHECK_EQUAL on two uint256 shows both
// hashes in hex). Only tests and benchmarks include it; the types themselves stay stream-free.

#include <primitives/uint256.h>

#include <ostream>

inline std::ostream& operator<<(std::ostream& os, const uint256& v) { return os << v.GetHex(); }

#endif // DOTS_TEST_UTIL_PRINT_H
