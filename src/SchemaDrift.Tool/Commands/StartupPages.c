/*
 * Linked into the tool's native executable on Linux (see SchemaDrift.Tool.csproj): runs before the runtime starts.
 *
 * The runtime's first step is to unpack ("rehydrate") about 13 MB of type data into a zero-filled section of the
 * executable (.hydrated, part of the writable segment's memory past its file contents). Written in 4 KB pages, that
 * is about 3,400 page faults before the first line of the tool runs. Where the system leaves transparent huge pages
 * to each program (/sys/kernel/mm/transparent_hugepage/enabled set to madvise, the usual default), this asks for
 * 2 MB pages for that memory, as HeapPages does for the managed heap. Under "always" it has them anyway, under
 * "never" the advice is ignored, and if the call fails nothing changes.
 */
#define _GNU_SOURCE
#include <link.h>
#include <stdint.h>
#include <sys/mman.h>

#define HUGE_PAGE ((uintptr_t)2 << 20)

static int advise_zero_filled_memory(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    (void)data;
    for (int i = 0; i < info->dlpi_phnum; i++)
    {
        const ElfW(Phdr) *segment = &info->dlpi_phdr[i];
        if (segment->p_type != PT_LOAD || !(segment->p_flags & PF_W) || segment->p_memsz <= segment->p_filesz)
        {
            continue;
        }

        /* Only whole 2 MB pages inside the zero-filled part: nothing the file maps is touched. */
        uintptr_t start = info->dlpi_addr + segment->p_vaddr + segment->p_filesz;
        uintptr_t end = info->dlpi_addr + segment->p_vaddr + segment->p_memsz;
        uintptr_t first = (start + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
        uintptr_t last = end & ~(HUGE_PAGE - 1);
        if (last > first)
        {
            madvise((void *)first, last - first, MADV_HUGEPAGE);
        }
    }

    /* The executable itself is listed first. */
    return 1;
}

__attribute__((constructor)) static void schemadrift_startup_pages(void)
{
    dl_iterate_phdr(advise_zero_filled_memory, 0);
}
