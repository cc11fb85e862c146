// Most functions live in the header as static inline; this file holds the larger ones.
#include "cplatform.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

long wb_page_out_code(void) {
    FILE *smaps = fopen("/proc/self/smaps", "re");
    if (!smaps) return -1;
    long advised = 0;
    int failed = 0;
    char line[PATH_MAX + 256];
    // The mapping being read: advised once its `Anonymous:` line shows it holds no page of its own.
    unsigned long start = 0, end = 0;
    int candidate = 0;
    while (fgets(line, sizeof line, smaps)) {
        unsigned long low, high;
        char permissions[8];
        int path = 0;
        if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %n", &low, &high, permissions, &path) >= 3) {
            // A new mapping: a read-only private mapping of a file (the executable's, a library's), never one
            // that can be written.
            char *name = line + path;
            candidate = path != 0 && name[0] == '/' && permissions[1] == '-' && permissions[3] == 'p';
            start = low;
            end = high;
            continue;
        }
        unsigned long anonymous;
        if (!candidate || sscanf(line, "Anonymous: %lu kB", &anonymous) != 1) continue;
        candidate = 0;
        // A page written once (relocations made read-only afterwards) is the process's own copy: dropping it
        // would lose what was written, so such a mapping is left alone.
        if (anonymous != 0) continue;
        // Reclaimed where the kernel can (it keeps pages it cannot split from a large folio, or that another
        // process maps), then unmapped from this process in any case; read back a page at a time when used
        // again (MADV_RANDOM: no read-ahead, so a fault maps the page it needs, not the megabytes around it).
        (void)madvise((void *)start, end - start, MADV_PAGEOUT);
        if (madvise((void *)start, end - start, MADV_DONTNEED) == 0) {
            advised += (long)(end - start);
            (void)madvise((void *)start, end - start, MADV_RANDOM);
        } else {
            failed = 1;
        }
    }
    fclose(smaps);
    return failed && advised == 0 ? -1 : advised;
}
