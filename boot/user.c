// SPDX-License-Identifier: GPL-2.0-only
/*
 * The root task image: checked, copied into free RAM with its .bss
 * zeroed, and described to the kernel segment by segment (the kernel maps
 * it with each segment's permissions).
 */
#include <kaal/elf.h>
#include <asm/memory.h>
#include "loader.h"

static void add_segments(struct boot_params *bp, const void *elf)
{
	for (unsigned int i = 0; i < elf_phnum(elf); i++) {
		const struct elf64_phdr *p = elf_phdr(elf, i);
		struct boot_segment *s;

		if (p->p_type != PT_LOAD || !p->p_memsz)
			continue;
		if (bp->nr_user_segments == BOOT_MAX_SEGMENTS)
			loader_fail(
				"root task ELF: more than %d PT_LOAD segments",
				BOOT_MAX_SEGMENTS);
		s = &bp->user_segments[bp->nr_user_segments++];
		s->start = ALIGN_DOWN(p->p_vaddr, PAGE_SIZE);
		s->end = ALIGN_UP(p->p_vaddr + p->p_memsz, PAGE_SIZE);
		s->flags = p->p_flags;
	}
}

void user_load(struct boot_params *bp, const void *elf, size_t size)
{
	struct elf_info info;
	const char *err = elf_check(elf, size, &info);
	paddr_t pa;

	if (err)
		loader_fail("root task ELF: %s", err);
	if (info.vaddr_lo < PAGE_SIZE || info.vaddr_hi > (1ull << 39))
		loader_fail("root task ELF: linked at 0x%lx-0x%lx, outside "
			    "0x1000-0x8000000000",
			    info.vaddr_lo, info.vaddr_hi);
	pa = mm_alloc(bp, info.vaddr_hi - info.vaddr_lo, PAGE_SIZE,
		      "root task");
	elf_load(elf, &info, (void *)(uintptr_t)pa);
	mmu_sync_icache(pa, info.vaddr_hi - info.vaddr_lo);
	bp->user_pa = pa;
	bp->user_vstart = info.vaddr_lo;
	bp->user_vend = info.vaddr_hi;
	bp->user_entry = info.entry;
	add_segments(bp, elf);
}
