// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.
//
// sip-malloc-count: an LD_PRELOAD library that counts a process's malloc/calloc/realloc and
// free calls and appends "unix_ms mallocs frees" to $MCOUNT_OUT every 250 ms, to count heap
// allocations per call through dotsd (doc/benchmarks.md, "SIP routing"). Build and use:
//
//   gcc -O2 -shared -fPIC -o /tmp/mcount.so contrib/bench/sip-malloc-count.c -lpthread
//   printf '#!/bin/sh\nMCOUNT_OUT=/tmp/mcount.$$ LD_PRELOAD=/tmp/mcount.so exec %s "$@"\n' "$PWD/build/dev/src/dotsd" > /tmp/dotsd-counted
//   chmod +x /tmp/dotsd-counted
//   contrib/bench/sip-load --calls-only --proxy dotsd --dotsd /tmp/dotsd-counted
//
// then take the mallocs from the last idle sample before the call step to the end, subtract
// the idle rate (about 8/s) times the duration, and divide by the calls. glibc only (it calls
// the __libc_* entry points); the counts are exact, the writer thread adds its own few.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
extern void* __libc_malloc(size_t);
extern void* __libc_calloc(size_t, size_t);
extern void* __libc_realloc(void*, size_t);
extern void __libc_free(void*);
static _Atomic unsigned long n_malloc, n_free;
void* malloc(size_t n) { atomic_fetch_add_explicit(&n_malloc, 1, memory_order_relaxed); return __libc_malloc(n); }
void* calloc(size_t a, size_t b) { atomic_fetch_add_explicit(&n_malloc, 1, memory_order_relaxed); return __libc_calloc(a, b); }
void* realloc(void* p, size_t n) { atomic_fetch_add_explicit(&n_malloc, 1, memory_order_relaxed); return __libc_realloc(p, n); }
void free(void* p) { if (p) atomic_fetch_add_explicit(&n_free, 1, memory_order_relaxed); __libc_free(p); }
static void* writer(void* arg) {
    (void)arg;
    const char* path = getenv("MCOUNT_OUT");
    if (!path) return NULL;
    for (;;) {
        struct timespec ts; clock_gettime(CLOCK_REALTIME, &ts);
        FILE* f = fopen(path, "a");
        if (f) { fprintf(f, "%lld %lu %lu\n", (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, atomic_load(&n_malloc), atomic_load(&n_free)); fclose(f); }
        usleep(250000);
    }
    return NULL;
}
__attribute__((constructor)) static void start(void) { pthread_t t; if (getenv("MCOUNT_OUT")) pthread_create(&t, NULL, writer, NULL); }
