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
    char executable[PATH_MAX];
    ssize_t length = readlink("/proc/self/exe", executable, sizeof executable - 1);
    if (length <= 0) return -1;
    executable[length] = 0;
    FILE *maps = fopen("/proc/self/maps", "re");
    if (!maps) return -1;
    long advised = 0;
    int failed = 0;
    char line[PATH_MAX + 256];
    while (fgets(line, sizeof line, maps)) {
        unsigned long start, end;
        char permissions[8];
        int path = 0;
        if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %n", &start, &end, permissions, &path) < 3 || path == 0) continue;
        char *name = line + path;
        name[strcspn(name, "\n")] = 0;
        if (strcmp(permissions, "r-xp") != 0 || strcmp(name, executable) != 0) continue;
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
    fclose(maps);
    return failed && advised == 0 ? -1 : advised;
}
