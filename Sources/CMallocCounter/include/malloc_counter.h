#ifndef NETVET_MALLOC_COUNTER_H
#define NETVET_MALLOC_COUNTER_H
#include <stdint.h>
/// Number of malloc/calloc/realloc/posix_memalign calls since the process started
/// (only when this library is linked in: the benchmark binary interposes the allocator).
uint64_t netvet_malloc_count(void);
#endif
