// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <node/init.h>

int main(int argc, char* argv[])
{
    return node::AppMain(argc, argv);
}
