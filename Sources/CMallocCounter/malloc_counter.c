// Counts heap allocations in the benchmark binary by interposing glibc's allocator entry points.
// Linked only into netvet-bench: it lets the benchmark show "no heap allocation per packet on the
// steady path" without valgrind. The real work is done by glibc's __libc_* functions.
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <execinfo.h>
#include <unistd.h>
#include "malloc_counter.h"

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static uint64_t counter;
static int tracing;
static __thread int inside_trace;

void netvet_malloc_trace(int on) {
    // glibc's backtrace() loads libgcc_s (allocating) on first use: do that now, outside the trace.
    void *warm[2];
    backtrace(warm, 2);
    __atomic_store_n(&tracing, on, __ATOMIC_RELAXED);
}

// Writes the caller's stack (module+offset per frame, no symbol lookup, no allocation) and "--" to stderr.
static void trace(void) {
    if (!__atomic_load_n(&tracing, __ATOMIC_RELAXED) || inside_trace) return;
    inside_trace = 1;
    void *frames[16];
    int depth = backtrace(frames, 16);
    backtrace_symbols_fd(frames, depth, 2);
    (void)!write(2, "--\n", 3);
    inside_trace = 0;
}

uint64_t netvet_malloc_count(void) { return __atomic_load_n(&counter, __ATOMIC_RELAXED); }

void *malloc(size_t size) {
    __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);
    trace();
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size) {
    __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);
    trace();
    return __libc_calloc(count, size);
}

void *realloc(void *pointer, size_t size) {
    __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);
    trace();
    return __libc_realloc(pointer, size);
}

int posix_memalign(void **out, size_t alignment, size_t size) {
    __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);
    trace();
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL) return ENOMEM;
    *out = pointer;
    return 0;
}

void *aligned_alloc(size_t alignment, size_t size) {
    __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);
    trace();
    return __libc_memalign(alignment, size);
}
