// Most functions live in the header as static inline; this file holds the larger ones.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "cplatform.h"

#include <elf.h>
#include <link.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

/// What `wb_page_out_code` has done so far.
struct page_out_progress {
    long advised;
    int failed;
    uintptr_t page;
    uintptr_t vdso;
    /// The executable's program headers (`AT_PHDR`): how it is told from the libraries.
    uintptr_t program_headers;
};

/// Whether the loaded object's dynamic section asks for text relocations: the loader then writes into its
/// read-only segments, which therefore hold pages of the process's own.
static int has_text_relocations(const struct dl_phdr_info *info) {
    for (ElfW(Half) index = 0; index < info->dlpi_phnum; index++) {
        const ElfW(Phdr) *header = &info->dlpi_phdr[index];
        if (header->p_type != PT_DYNAMIC) continue;
        const ElfW(Dyn) *entry = (const ElfW(Dyn) *)(info->dlpi_addr + header->p_vaddr);
        for (; entry->d_tag != DT_NULL; entry++) {
            if (entry->d_tag == DT_TEXTREL) return 1;
            if (entry->d_tag == DT_FLAGS && (entry->d_un.d_val & DF_TEXTREL)) return 1;
        }
    }
    return 0;
}

/// Advises the read-only segments of one loaded object. Safe whatever other threads do: the loader maps an
/// object's segments before it joins the list `dl_iterate_phdr` walks, only writes into read-only segments for
/// text relocations (such objects are skipped), and unmaps an object only after taking it off the list, under
/// the lock `dl_iterate_phdr` holds. A debugger's breakpoints or a uprobe in the code (private copies of its
/// pages) are dropped with the pages, so the page-out is for a bot no one is debugging.
static int page_out_object(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    struct page_out_progress *progress = data;
    // The kernel's vDSO is no file's mapping.
    if (progress->vdso != 0 && (uintptr_t)info->dlpi_phdr >= progress->vdso &&
        (uintptr_t)info->dlpi_phdr < progress->vdso + progress->page) {
        return 0;
    }
    if (has_text_relocations(info)) return 0;
    int executable = (uintptr_t)info->dlpi_phdr == progress->program_headers;
    for (ElfW(Half) index = 0; index < info->dlpi_phnum; index++) {
        const ElfW(Phdr) *header = &info->dlpi_phdr[index];
        // Only segments the process never writes: not writable, and wholly read from the file (no zero-filled
        // tail); relocated data made read-only afterwards (PT_GNU_RELRO) lies in a writable segment.
        if (header->p_type != PT_LOAD || (header->p_flags & PF_W) || header->p_filesz < header->p_memsz) continue;
        uintptr_t start = info->dlpi_addr + header->p_vaddr;
        uintptr_t end = start + header->p_filesz;
        // Whole pages only: a page shared with a neighbouring segment is left alone.
        start = (start + progress->page - 1) & ~(progress->page - 1);
        end &= ~(progress->page - 1);
        if (end <= start) continue;
        // The executable's pages are also reclaimed where the kernel can (it keeps pages it cannot split from a
        // large folio, or that another process maps), and read back without read-ahead (MADV_RANDOM), so a fault
        // maps the page it needs, not the megabytes around it. A library's stay in the page cache, shared.
        if (executable) (void)madvise((void *)start, end - start, MADV_PAGEOUT);
        if (madvise((void *)start, end - start, MADV_DONTNEED) == 0) {
            progress->advised += (long)(end - start);
            if (executable) (void)madvise((void *)start, end - start, MADV_RANDOM);
        } else {
            progress->failed = 1;
        }
    }
    return 0;
}

long wb_page_out_code(void) {
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0) return -1;
    struct page_out_progress progress = {
        0, 0, (uintptr_t)page, (uintptr_t)getauxval(AT_SYSINFO_EHDR), (uintptr_t)getauxval(AT_PHDR)};
    dl_iterate_phdr(page_out_object, &progress);
    return progress.failed && progress.advised == 0 ? -1 : progress.advised;
}
