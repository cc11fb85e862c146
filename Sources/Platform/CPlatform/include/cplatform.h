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

/// Hands the read-only pages of the executable and its libraries back: called once start-up is over, so the code
/// only start-up ran (argument parsing, the configuration's YAML and its checks, store migrations, the libraries'
/// initialisers: OpenSSL's, GnuTLS's, Kerberos's, loaded for libcurl and libpq) and the tables it read stop
/// counting in the bot's memory; what handles messages comes back page by page on first use, from the page cache
/// or the file. Only the loaded objects' segments the process never writes (`dl_iterate_phdr`: loadable, not
/// writable, wholly from the file, in an object without text relocations), in whole pages: `MADV_DONTNEED` on a
/// private file mapping of unwritten pages re-reads the file, so nothing is lost, whatever other threads do,
/// while relocated data (PT_GNU_RELRO, in writable segments) and every writable mapping are left alone. The
/// executable's pages are also reclaimed (`MADV_PAGEOUT`) and read back without read-ahead (`MADV_RANDOM`), so
/// running a function brings back its page, not the megabytes around it. See docs/BENCHMARKS.md ("Peak memory:
/// the libraries' start-up pages handed back too").
/// Returns the bytes advised, or -1 (nothing done) when the kernel cannot.
long wb_page_out_code(void);

#endif
