// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_TEST_FUZZ_FUZZ_H
#define DOTS_TEST_FUZZ_FUZZ_H

/**
 * The fuzz target registry: FUZZ_TARGET defines a target that both libFuzzer and the corpus replay
 * of `make check` run.
 */

#include <cstdint>
#include <span>
#include <string_view>

using FuzzTargetFn = void (*)(std::span<const uint8_t> buffer);

/** Reports a broken invariant of the code under test ("fuzz invariant violated: <what>") and aborts,
 *  which libFuzzer and the corpus replay both count as a failure. */
[[noreturn]] void Violated(const char* what);

/** Where targets store what they read (volatile), so the compiler cannot drop the reads. */
extern volatile uint8_t g_fuzz_sink;

/** Reads every byte of `s` into g_fuzz_sink: a view into freed or out-of-range memory trips ASan. */
void Touch(std::string_view s);

/** Adds a target to the registry; called by FUZZ_TARGET at static-init time. */
void RegisterFuzzTarget(std::string_view name, FuzzTargetFn fn);

/**
 * Defines a fuzz target. The body sees `std::span<const uint8_t> buffer` and must not keep
 * pointers into it. It must never crash, hang or leak on any input: that is what is tested.
 *
 *   FUZZ_TARGET(sip_message) { ParseSipMessage(buffer); }
 */
#define FUZZ_TARGET(name)                                                          \
    static void name##_fuzz_target(std::span<const uint8_t> buffer);               \
    namespace {                                                                    \
    struct name##_registrar {                                                      \
        name##_registrar() { RegisterFuzzTarget(#name, name##_fuzz_target); }      \
    } const name##_registrar_instance;                                             \
    }                                                                              \
    static void name##_fuzz_target(std::span<const uint8_t> buffer)

#endif // DOTS_TEST_FUZZ_FUZZ_H
