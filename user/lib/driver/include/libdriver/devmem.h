/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Device memory for user-space drivers: the 4 KiB page at a given
 * physical address, retyped from the device untyped region that covers it
 * and mapped (Device-nGnRE, read+write, never executable) in the root
 * task's VSpace.
 *
 * Retype always carves at an untyped region's watermark, each object
 * aligned to its own size (kernel/untyped.c). To reach the page at offset
 * off, devmem first retypes the gap [watermark, off) into the fewest
 * naturally aligned device untyped regions (one per set bit of the gap,
 * largest first), then the page. Those regions are remembered, so a later
 * request for an address inside a gap is served from them: any device
 * page can be had, in any order, once each.
 */
#ifndef LIBDRIVER_DEVMEM_H
#define LIBDRIVER_DEVMEM_H

#include <libkaal/alloc.h>

#define DEVMEM_MAX_REGIONS 64 /* device untyped regions in use */
#define DEVMEM_MAX_PAGES   16 /* pages mapped */

struct devmem_region {
	kaal_cptr_t cap;
	uint64_t paddr;
	uint64_t used; /* the watermark, as the kernel has it */
	unsigned int size_bits;
};

struct devmem_page {
	uint64_t paddr;
	kaal_word_t vaddr;
};

struct devmem {
	struct kaal_alloc *alloc;
	unsigned int nr_regions, nr_pages;
	struct devmem_region region[DEVMEM_MAX_REGIONS];
	struct devmem_page page[DEVMEM_MAX_PAGES];
};

struct devmem_map_ret {
	enum kaal_error error;
	volatile void *vaddr; /* where the physical address is mapped */
};

/* Slots, objects and addresses come from @a; devmem must be the only
 * user of the device untyped regions that bootinfo lists. */
void devmem_init(struct devmem *d, struct kaal_alloc *a);

/*
 * A new capability to the device page at @paddr (page-aligned), not
 * mapped. KAAL_E_RANGE: no device untyped covers it, or its page was
 * already handed out.
 */
struct kaal_cap_ret devmem_page(struct devmem *d, uint64_t paddr);

/*
 * Map the device pages covering [paddr, paddr + size) and return the
 * virtual address of @paddr. A range within one page that is already
 * mapped (the registers of two devices sharing a page) is served from
 * that mapping.
 */
struct devmem_map_ret devmem_map(struct devmem *d, uint64_t paddr,
				 uint64_t size);

#endif /* LIBDRIVER_DEVMEM_H */
