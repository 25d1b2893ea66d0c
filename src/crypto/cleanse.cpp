// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <crypto/cleanse.h>

#include <openssl/crypto.h>

void memory_cleanse(void* ptr, size_t len)
{
    if (len > 0) OPENSSL_cleanse(ptr, len);
}
