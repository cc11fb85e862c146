// Small wrappers for libc calls Swift's Glibc module does not export.
#ifndef WORKSHOP_BOT_CPLATFORM_H
#define WORKSHOP_BOT_CPLATFORM_H

#include <malloc.h>

/// Limits glibc to `count` malloc arenas (instead of up to 8 per core), which keeps resident memory down.
static inline int wb_limit_malloc_arenas(int count) {
    return mallopt(M_ARENA_MAX, count);
}

#endif
