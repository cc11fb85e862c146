// Counts heap allocations of the benchmark process, for "allocations per command" in docs/BENCHMARKS.md.
#ifndef WORKSHOP_BOT_ALLOC_COUNTER_H
#define WORKSHOP_BOT_ALLOC_COUNTER_H

#include <stdint.h>

/// Calls of malloc, calloc and realloc so far, in every thread of the process. Aligned allocations
/// (posix_memalign, aligned_alloc, memalign) are not counted; Swift uses them only for over-aligned types.
uint64_t wb_allocation_count(void);

#endif
