// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_UTIL_SYNC_H
#define DOTS_UTIL_SYNC_H

// The project's mutex, its RAII lock, and the clang thread-safety annotations that let the
// compiler check locking (clang's Thread Safety Analysis).
//
// Under clang, configure adds -Wthread-safety -Werror=thread-safety, so reading a GUARDED_BY member
// without its mutex, calling an EXCLUSIVE_LOCKS_REQUIRED function without the lock, or locking a
// mutex twice is a build error; under gcc the macros expand to nothing. Rules:
//  - every member shared between threads is GUARDED_BY its mutex (or is atomic / const);
//  - a function that expects the caller to hold a lock says EXCLUSIVE_LOCKS_REQUIRED(m) and may
//    start with AssertLockHeld(m); one that takes the lock itself says LOCKS_EXCLUDED(m);
//  - an accessor returning the mutex says LOCK_RETURNED(m), so LOCK(x.GetMutex()) counts as m;
//  - a lambda run under a lock carries EXCLUSIVE_LOCKS_REQUIRED(m) itself (the analysis does not
//    look through lambdas);
//  - NO_THREAD_SAFETY_ANALYSIS only with a comment saying why the code is safe anyway.

#include <mutex>

#if defined(__clang__)
#define DOTS_TSA(x) __attribute__((x))
#else
#define DOTS_TSA(x)
#endif

#define LOCKABLE DOTS_TSA(capability("mutex"))
#define SCOPED_LOCKABLE DOTS_TSA(scoped_lockable)
#define GUARDED_BY(x) DOTS_TSA(guarded_by(x))
#define PT_GUARDED_BY(x) DOTS_TSA(pt_guarded_by(x))
#define ACQUIRED_BEFORE(...) DOTS_TSA(acquired_before(__VA_ARGS__))
#define EXCLUSIVE_LOCK_FUNCTION(...) DOTS_TSA(acquire_capability(__VA_ARGS__))
#define UNLOCK_FUNCTION(...) DOTS_TSA(release_capability(__VA_ARGS__))
#define EXCLUSIVE_LOCKS_REQUIRED(...) DOTS_TSA(requires_capability(__VA_ARGS__))
#define LOCKS_EXCLUDED(...) DOTS_TSA(locks_excluded(__VA_ARGS__))
#define ASSERT_EXCLUSIVE_LOCK(...) DOTS_TSA(assert_capability(__VA_ARGS__))
#define LOCK_RETURNED(x) DOTS_TSA(lock_returned(x))
#define NO_THREAD_SAFETY_ANALYSIS DOTS_TSA(no_thread_safety_analysis)

/** A std::mutex that the thread-safety analysis understands. Non-recursive. */
class LOCKABLE Mutex
{
public:
    void lock() EXCLUSIVE_LOCK_FUNCTION() { m_mutex.lock(); }
    void unlock() UNLOCK_FUNCTION() { m_mutex.unlock(); }
    bool try_lock() DOTS_TSA(try_acquire_capability(true)) { return m_mutex.try_lock(); }
    /** For std::condition_variable, which needs the underlying std::mutex. Lock through
     *  LOCK / UniqueLock only: a lock taken on native() directly is invisible to the analysis. */
    std::mutex& native() { return m_mutex; }

private:
    std::mutex m_mutex;
};

/** RAII lock for Mutex; use through LOCK(m). */
class SCOPED_LOCKABLE UniqueLock
{
public:
    explicit UniqueLock(Mutex& m) EXCLUSIVE_LOCK_FUNCTION(m) : m_lock{m.native()} {}
    ~UniqueLock() UNLOCK_FUNCTION() {}
    /** For condition_variable::wait, which releases and retakes the lock; the predicate runs
     *  with it held, so annotate the predicate lambda EXCLUSIVE_LOCKS_REQUIRED(m). */
    std::unique_lock<std::mutex>& native() { return m_lock; }

private:
    std::unique_lock<std::mutex> m_lock;
};

/** Documents (and, under clang, tells the analysis) that the caller holds m. */
inline void AssertLockHeld(Mutex& m) ASSERT_EXCLUSIVE_LOCK(m) {}

#define DOTS_CONCAT_INNER(a, b) a##b
#define DOTS_CONCAT(a, b) DOTS_CONCAT_INNER(a, b)
#define LOCK(m) UniqueLock DOTS_CONCAT(lock_, __LINE__)(m)

#endif // DOTS_UTIL_SYNC_H
