// SPDX-License-Identifier: GPL-2.0-only
/*
 * Physical memory bookkeeping in the loader: RAM comes from the
 * devicetree, every range in use (the loader itself, the DTB, firmware
 * reservations, what the loader places) is recorded in boot_params so the
 * kernel knows exactly which memory is free.
 */
#include <kaal/string.h>
#include "loader.h"

void mm_reserve(struct boot_params *bp, paddr_t base, uint64_t size,
		const char *what)
{
	struct boot_region *r;

	if (!size)
		return;
	if (bp->nr_reserved == BOOT_MAX_RESERVED)
		loader_fail("more than %d reserved memory ranges",
			    BOOT_MAX_RESERVED);
	r = &bp->reserved[bp->nr_reserved++];
	r->base = ALIGN_DOWN(base, 0x1000ull);
	r->size = ALIGN_UP(base + size, 0x1000ull) - r->base;
	strlcpy(r->what, what, sizeof(r->what));
}

/* First reserved range that overlaps [base, base+size), or NULL. */
static const struct boot_region *mm_overlap(const struct boot_params *bp,
					    paddr_t base, uint64_t size)
{
	for (uint32_t i = 0; i < bp->nr_reserved; i++) {
		const struct boot_region *r = &bp->reserved[i];

		if (base < r->base + r->size && r->base < base + size)
			return r;
	}
	return NULL;
}

/* Lowest free, aligned range of @size bytes in RAM; the range is then
 * recorded as reserved under @what. */
paddr_t mm_alloc(struct boot_params *bp, uint64_t size, uint64_t align,
		 const char *what)
{
	size = ALIGN_UP(size, 0x1000ull);
	for (uint32_t i = 0; i < bp->nr_ram; i++) {
		paddr_t end = bp->ram[i].base + bp->ram[i].size;
		paddr_t base = ALIGN_UP(bp->ram[i].base, align);
		const struct boot_region *r;

		while (base + size <= end && base + size > base) {
			r = mm_overlap(bp, base, size);
			if (!r) {
				mm_reserve(bp, base, size, what);
				return base;
			}
			base = ALIGN_UP(r->base + r->size, align);
		}
	}
	loader_fail("no room in RAM for the %s (%lu KiB)", what, size >> 10);
}
