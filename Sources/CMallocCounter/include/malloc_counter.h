#ifndef NETVET_MALLOC_COUNTER_H
#define NETVET_MALLOC_COUNTER_H
#include <stdint.h>
/// Number of malloc/calloc/realloc/posix_memalign calls since the process started
/// (only when this library is linked in: the benchmark binary interposes the allocator).
uint64_t netvet_malloc_count(void);
/// While on (non-zero), every counted allocation writes its call stack to stderr as module+offset frames
/// followed by a "--" line (glibc backtrace_symbols_fd: no allocation). scripts/alloc-sites.py turns that
/// into a table of allocation sites.
void netvet_malloc_trace(int on);
void netvet_malloc_trace(int on);
#endif
