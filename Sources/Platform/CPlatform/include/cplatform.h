// Small wrappers for libc calls Swift's Glibc module does not export.
#ifndef WORKSHOP_BOT_CPLATFORM_H
#define WORKSHOP_BOT_CPLATFORM_H

#include <malloc.h>

/// Keeps glibc's malloc lean for a long-running server: at most `arenas` arenas (instead of up to 8 per core),
/// and freed memory handed back to the system instead of kept for reuse (fixed mmap and trim thresholds,
/// which glibc otherwise raises as the program allocates).
static inline int wb_tune_malloc(int arenas) {
    int ok = mallopt(M_ARENA_MAX, arenas);
    ok &= mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    ok &= mallopt(M_TRIM_THRESHOLD, 256 * 1024);
    return ok;
}

#endif
