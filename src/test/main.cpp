// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#define BOOST_TEST_MODULE DOTS unit tests
#include <boost/test/unit_test.hpp>
